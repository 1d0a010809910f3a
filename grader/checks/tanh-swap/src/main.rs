//! The checks of exercise 2, the tanh swap: the toy data, the activations, the network's forward
//! pass, the loss, the training loop (on seeds the student does not choose) and the figure.
//!
//! Points, titles, thresholds and tolerances are in `grader/catalogue.toml`; the thresholds come
//! from the sweep in `solutions/tanh-swap/examples/tanh_swap_sweep.rs` (exercises/tanh-swap/README.md).
//! [`reference`] holds closed forms only; the reference training loop is in [`hidden`], which
//! the student handout replaces by an empty list.

mod hidden;
// The student handout replaces hidden.rs by an empty list, which leaves the helpers that only
// hidden checks use without a caller; that is not worth a warning in the handout's build.
#[allow(dead_code)]
mod reference;
mod visible;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut checks = visible::checks();
    checks.extend(hidden::checks());
    check_harness::main(&checks)
}
