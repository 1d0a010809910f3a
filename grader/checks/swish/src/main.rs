//! The checks of exercise 3: swish, its derivative, the `Swish` layer, the β family, the figure.
//!
//! Points, titles, tolerances and the training threshold are in `grader/catalogue.toml`; the
//! expected values come from [`reference`], written in plain `f64` arithmetic, independent of
//! candle. The training check's reference network and loop are in `hidden.rs`, which
//! `solutions/swish/examples/sweep.rs` also runs to set the threshold.

mod hidden;
mod reference;
mod visible;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut checks = visible::checks();
    checks.extend(hidden::checks());
    check_harness::main(&checks)
}
