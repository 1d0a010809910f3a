//! The lesson's demonstrations that run the reference solutions, and every committed figure.
//!
//! - [`fit_sine`]: demonstration 2, `cargo run --example fit_sine`: the lesson's network fitted
//!   to sin(x) with no activation, ReLU, tanh and swish.
//! - [`collapse`]: the figure of exercise 4, a stack of linear layers and its collapse.
//! - [`figures`]: every figure committed to the course, redrawn by
//!   `cargo run -p lesson-demos --bin figures`.
//!
//! Demonstration 1 (the common activations) needs no solution and lives in `lessons/`, which
//! the student version keeps; this crate sits under `solutions/`, which it leaves out.

pub mod collapse;
pub mod figures;
pub mod fit_sine;
