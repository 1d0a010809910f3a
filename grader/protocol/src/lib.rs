//! The messages between the grader (`grader/`) and the check binary of one exercise
//! (`grader/checks/<exercise>`).
//!
//! The grader writes a [`Job`] as JSON to a file and passes its path in the environment
//! variable [`JOB_ENV`]. The check binary appends one JSON [`Event`] per line to the file named
//! in [`Job::results`], and flushes each line as it is written, so that whatever ends the
//! process (an abort, a stack overflow, `std::process::exit` in student code) the events
//! written before it survive. Results never travel on stdout or stderr, which belong to the
//! student's code: nothing it prints can be mistaken for a result.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The environment variable that holds the path of the job file.
pub const JOB_ENV: &str = "GRADER_JOB";

/// What one run of a check binary is asked to do.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// The exercise, as the grader names it (`derivatives`).
    pub exercise: String,
    /// Draws every random input of the checks, so a teacher can pick one students never saw.
    pub seed: u64,
    /// The ids of the checks to run, in order.
    pub checks: Vec<String>,
    /// Per-check parameters from the catalogue (`grader/catalogue.toml`): tolerances, thresholds.
    pub params: BTreeMap<String, BTreeMap<String, f64>>,
    /// Where to append the events, one JSON line each.
    pub results: PathBuf,
    /// A directory the checks may write into (figures, scratch files).
    pub work_dir: PathBuf,
}

/// How one check ended, as far as the check binary can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
    NotImplemented,
    Error,
}

/// One line of the results file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// Written before a check starts: if no `Finished` follows, what ended the process ended it.
    Started { id: String },
    /// Written when a check has ended, whatever its outcome.
    Finished {
        id: String,
        outcome: Outcome,
        message: String,
    },
}

/// The end of a kept figure's file name (before `.svg`) when the student's own function could
/// not give its numbers and the figure was drawn, by the student's drawing code, from the
/// reference's numbers instead; the HTML report says so under it.
pub const FALLBACK_FIGURE_SUFFIX: &str = "-from-reference-numbers";
