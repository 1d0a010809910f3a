//! The checks of exercise 1: the derivatives of ReLU, sigmoid and tanh, and their figure.
//!
//! Points, titles and tolerances are in `grader/catalogue.toml`; the expected values come from
//! [`reference`], written in plain `f64` arithmetic, independent of candle.

mod hidden;
mod reference;
mod visible;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut checks = visible::checks();
    checks.extend(hidden::checks());
    check_harness::main(&checks)
}
