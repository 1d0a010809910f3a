//! The checks of exercise 4: the linear-collapse proof, and the measure of non-linearity.
//!
//! Points, titles and tolerances are in `grader/catalogue.toml`; the expected values come from
//! [`reference`], written in plain `f64` arithmetic, independent of candle. Tolerances grow with
//! the size of the terms that rounding touched ([`scaled`]).

mod hidden;
mod layers;
mod reference;
mod scaled;
mod visible;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut checks = visible::checks();
    checks.extend(hidden::checks());
    check_harness::main(&checks)
}
