//! `cargo run -p grader`: grades the exercises of lesson 2.4 and reports a score.
//!
//! The grader never links student code. For each exercise it builds a small check binary
//! (`grader/checks/<exercise>`) against the student's crate in a grading workspace of its own
//! (`engine/workspace.rs`), runs it as a child process with a timeout and a memory limit
//! (`engine/supervise.rs`), and reads the results from a channel student code does not print to.
//!
//! - [`engine`]: grading itself, which every command goes through;
//! - [`student`], [`teacher`], [`maintainer`]: each audience's commands;
//! - [`cli`]: parses the command line and hands each command to its module.

mod cli;
mod engine;
mod maintainer;
mod student;
mod teacher;

use std::process::ExitCode;

fn main() -> ExitCode {
    // cargo runs the grader as rustc's wrapper in graded builds (see build_limits.rs)
    if let Some(code) = engine::build_limits::as_wrapper() {
        return code;
    }
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
