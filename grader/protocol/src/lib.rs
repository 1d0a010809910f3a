//! The messages between the grader (`grader/`) and the check binary of one exercise
//! (`grader/checks/<exercise>`).
//!
//! The grader starts the check binary with three pipes. It writes one [`Job`] as JSON to the
//! child's stdin and closes it: no file, no environment variable, nothing student code could
//! find later. The child's stdout is the results channel. Before any student code runs, the
//! check binary moves that pipe to a new file descriptor that is closed on `exec` and points its
//! stdout at stderr, so whatever student code prints goes to stderr (which the grader only keeps
//! the tail of, to explain a crash) and never into the channel. It then writes one [`Message`]
//! per line: first [`Event::Hello`] (how it confined itself, before any student code ran), then
//! `Started` and `Finished` for each check of the job in order, and [`Event::End`]. Every line
//! carries the job's [`Job::token`], a random value that only the grader and the harness's
//! memory hold, so a line written by anyone else is told apart.
//!
//! On Windows the check binary cannot move its stdout without unsafe code: the results travel
//! on stdout beside what student code prints, and the grader reads only the lines that carry
//! the token (see docs/maintainers.md, "How the grader is built").

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The longest line of the results channel the grader reads; a longer one is a protocol
/// violation (on Windows, where student prints share the channel, it is skipped).
pub const MAX_LINE: usize = 64 * 1024;

/// The longest message the check binary sends for one check; longer ones (a student's panic
/// message can be any size) are cut, so that a line always fits in [`MAX_LINE`].
pub const MAX_MESSAGE: usize = 8 * 1024;

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
    /// A random value, new for every run, that every line of the results channel must carry.
    pub token: String,
    /// The folder the checks may write into (figures, scratch files), and the process's
    /// working folder. With Landlock, the only folder it may read or write at all.
    pub work_dir: PathBuf,
    /// The address-space limit (`RLIMIT_AS`) the check binary sets on itself, in MiB (Linux).
    pub memory_mib: u64,
    /// The largest file the check binary may write (`RLIMIT_FSIZE`), in MiB (Unix).
    pub file_size_mib: u64,
    /// Whether to confine the process with Landlock where the kernel has it. Only the grader
    /// sets this (the teacher's `GRADER_SANDBOX=off`, for testing what a kernel without Landlock
    /// does); student code runs after it was read.
    pub landlock: bool,
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

/// One line of the results channel: an event and the job's token.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub token: String,
    pub event: Event,
}

/// What the check binary reports, in this order: `Hello`, then `Started` and `Finished` for
/// each check of the job, then `End`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// Written before any student code runs: how the process confined itself, for the reports
    /// (`landlock ABI 7`, `unavailable (...)`).
    Hello { sandbox: String },
    /// Written before a check starts: if no `Finished` follows, what ended the process ended it.
    Started { id: String },
    /// Written when a check has ended, whatever its outcome.
    Finished {
        id: String,
        outcome: Outcome,
        message: String,
        /// Whether the check read the grading seed (through its context). One that did not
        /// drew the same inputs on every seed: `grader dev seeds` runs it once.
        #[serde(default)]
        seeded: bool,
    },
    /// Written after the last check: the process ran its whole job and exits now.
    End,
}

/// The end of a kept figure's file name (before `.svg`) when the student's own function could
/// not give its numbers and the figure was drawn, by the student's drawing code, from the
/// reference's numbers instead; the HTML report says so under it.
pub const FALLBACK_FIGURE_SUFFIX: &str = "-from-reference-numbers";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_one_json_object_with_the_token() -> Result<(), serde_json::Error> {
        let message = Message {
            token: "t0k3n".to_string(),
            event: Event::Finished {
                id: "relu_basics".to_string(),
                outcome: Outcome::Pass,
                message: String::new(),
                seeded: true,
            },
        };
        let line = serde_json::to_string(&message)?;
        assert_eq!(
            line,
            r#"{"token":"t0k3n","event":{"kind":"finished","id":"relu_basics","outcome":"pass","message":"","seeded":true}}"#
        );
        // without `seeded` (a check binary built before it): not seeded
        let unsaid =
            r#"{"token":"t","event":{"kind":"finished","id":"a","outcome":"pass","message":""}}"#;
        assert!(matches!(
            serde_json::from_str::<Message>(unsaid)?.event,
            Event::Finished { seeded: false, .. }
        ));
        let back: Message = serde_json::from_str(&line)?;
        assert_eq!(back.event, message.event);
        // the format of the first protocol, without a token, is no message
        let old = r#"{"event":"finished","id":"relu_basics","outcome":"pass","message":""}"#;
        assert!(serde_json::from_str::<Message>(old).is_err());
        Ok(())
    }
}
