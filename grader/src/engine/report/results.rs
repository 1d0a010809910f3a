use crate::engine::catalogue::Visibility;
use serde::{Deserialize, Serialize};

/// Bumped whenever a field of the JSON report changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 2;

/// How a check, or a whole exercise, ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    NotImplemented,
    Error,
    Timeout,
    CompileError,
    /// The submission breaks the submission policy (`grader/src/engine/policy.rs`) or holds a symbolic
    /// link: it was not built and scores 0.
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotImplemented => "not_implemented",
            Status::Error => "error",
            Status::Timeout => "timeout",
            Status::CompileError => "compile_error",
            Status::Rejected => "rejected",
        }
    }

    /// An exercise's status from its checks': `pass` when all pass; otherwise the most serious
    /// of rejected, compile_error, timeout, error, fail, not_implemented that occurs.
    pub fn of_exercise(checks: &[CheckReport]) -> Status {
        let order = [
            Status::Rejected,
            Status::CompileError,
            Status::Timeout,
            Status::Error,
            Status::Fail,
            Status::NotImplemented,
        ];
        order
            .into_iter()
            .find(|status| checks.iter().any(|check| check.status == *status))
            .unwrap_or(Status::Pass)
    }
}

/// Deserialize: the class report reads a gradebook's reports back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    /// What was graded: `exercises`, `solutions`, or the submission's path.
    pub subject: String,
    /// The seed, or `None` when it is withheld: a seed the teacher chose (anything but the
    /// public default) is a secret in every report a student may see.
    pub seed: Option<u64>,
    /// How the check processes were confined, as they reported it before any student code ran:
    /// `landlock ABI 7`, or `unavailable (why)` where the kernel (or the platform) has no
    /// Landlock. [`NO_CHECK_RAN`] when no check process ran.
    pub sandbox: String,
    pub score: u32,
    pub max_score: u32,
    pub exercises: Vec<ExerciseReport>,
    /// In a gradebook's reports: every file the submission changed, added or deleted outside
    /// its exercises' sources (the CSV shows a summary).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed_outside_exercises: Option<Vec<String>>,
}

/// The sandbox of a report whose exercises all failed to build: no student code ran.
pub const NO_CHECK_RAN: &str = "no check process ran";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExerciseReport {
    pub name: String,
    pub title: String,
    pub status: Status,
    pub score: u32,
    pub max_score: u32,
    /// What went wrong for the exercise as a whole (the first compile error), if anything.
    pub message: Option<String>,
    /// Figures the checks drew with the student's code, relative to the course's folder.
    pub figures: Vec<String>,
    pub duration_ms: u64,
    /// Hidden checks that only the teacher's copy has (0 except in a student version), and
    /// their points; they are not part of `max_score`.
    pub withheld_checks: u32,
    pub withheld_points: u32,
    pub checks: Vec<CheckReport>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckReport {
    /// How long the check ran, from its start to its result; absent when it never reported one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    pub id: String,
    pub title: String,
    pub status: Status,
    pub points: u32,
    pub max_points: u32,
    pub visibility: Visibility,
    pub message: String,
}

impl Report {
    /// The report of a grading. Every string in it is made [`visible`](crate::engine::sanitize::visible)
    /// here, once, so that no format prints a student's control characters as they are.
    pub fn new(
        subject: String,
        seed: u64,
        sandbox: String,
        mut exercises: Vec<ExerciseReport>,
    ) -> Report {
        let shown = |text: &mut String| {
            if let std::borrow::Cow::Owned(safe) = crate::engine::sanitize::visible(text) {
                *text = safe;
            }
        };
        for exercise in &mut exercises {
            exercise.message.iter_mut().for_each(shown);
            exercise.figures.iter_mut().for_each(shown);
            for check in &mut exercise.checks {
                shown(&mut check.message);
            }
        }
        let (mut subject, mut sandbox) = (subject, sandbox);
        shown(&mut subject);
        shown(&mut sandbox);
        Report {
            schema_version: SCHEMA_VERSION,
            subject,
            seed: Some(seed),
            sandbox,
            score: exercises.iter().map(|e| e.score).sum(),
            max_score: exercises.iter().map(|e| e.max_score).sum(),
            exercises,
            changed_outside_exercises: None,
        }
    }

    /// The same report without its seed, for whoever must not learn it.
    pub fn withholding_seed(mut self) -> Report {
        self.seed = None;
        self
    }

    pub fn all_passed(&self) -> bool {
        self.exercises.iter().all(|exercise| {
            exercise
                .checks
                .iter()
                .all(|check| check.status == Status::Pass)
        })
    }
}

/// One output format: turns a report into the text of a file.
pub trait Reporter {
    fn render(&self, report: &Report) -> anyhow::Result<String>;
}
