//! What every exercise's check binary shares.
//!
//! A check binary (`grader/checks/<exercise>`) lists its checks and hands them to [`main`],
//! which runs the ones the grader asks for, each under `catch_unwind`, and writes one event per
//! check to the results channel (see `grader-protocol`). Before any student code runs, it takes
//! that channel away from stdout, limits its own memory and file sizes and confines itself with
//! Landlock (`sandbox.rs`). Comparisons in [`compare`] never let NaN or infinity pass;
//! [`reference`] holds the activations' closed forms; [`lesson`] the lesson's data; [`svg`] reads
//! the figures students draw.

mod channel;
mod checks;
pub mod compare;
#[cfg(feature = "generate")]
pub mod generate;
pub mod inputs;
pub mod layout;
/// The lesson's data and settings, which every check reads: `lesson_data`.
pub use lesson_data as lesson;
pub mod memo;
pub mod reference;
mod run;
mod sandbox;
pub mod svg;

pub use checks::{returned_an_error, Check, CheckResult, Context, Failure, Visibility};
pub use run::main;
