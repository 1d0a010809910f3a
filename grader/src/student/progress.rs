//! The student's progress through the course: recorded each time the grader grades
//! `exercises/`, shown by `--list`, the text report and watch mode.

use crate::engine::catalogue::Catalogue;
use crate::engine::fnv1a;
use crate::engine::report::{Report, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Progress {
    pub exercises: BTreeMap<String, Entry>,
    /// The course folder this record is of, to compare each exercise's sources with the ones
    /// that were graded.
    #[serde(skip)]
    course_root: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub status: Status,
    pub score: u32,
    pub max_score: u32,
    /// A hash of the exercise's sources when they were graded ([`sources_hash`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<u64>,
}

/// A hash of `exercises/<name>/src` (each file's path and content, in order), read within the
/// grader's budget for sources ([`read_sources`](crate::engine::workspace::read_sources)); `None` when
/// the exercise has no `src/`.
pub fn sources_hash(course_root: &Path, name: &str) -> Option<u64> {
    let src = course_root.join("exercises").join(name).join("src");
    if !src.is_dir() {
        return None;
    }
    let mut bytes = Vec::new();
    for (path, content) in crate::engine::workspace::read_sources(&src) {
        bytes.extend(path.to_string_lossy().as_bytes());
        bytes.push(0);
        bytes.extend(content.unwrap_or_default());
        bytes.push(0);
    }
    Some(fnv1a(&bytes))
}

/// One record per course folder, so that grading a copy (`--course`) leaves this one's alone.
fn path(target_dir: &Path, course_root: &Path) -> PathBuf {
    target_dir.join("grader").join(format!(
        "progress-{:016x}.json",
        fnv1a(course_root.to_string_lossy().as_bytes())
    ))
}

impl Progress {
    /// What was recorded so far; nothing if the file is missing or unreadable.
    pub fn load(target_dir: &Path, course_root: &Path) -> Progress {
        let mut progress: Progress = std::fs::read(path(target_dir, course_root))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        progress.course_root = Some(course_root.to_path_buf());
        progress
    }

    /// Whether `name`'s sources changed since they were last graded.
    fn changed_since_graded(&self, name: &str) -> bool {
        let graded = self.exercises.get(name).and_then(|entry| entry.sources);
        match (graded, &self.course_root) {
            (Some(graded), Some(root)) => sources_hash(root, name) != Some(graded),
            _ => false,
        }
    }

    /// Adds a report of the student's `exercises/` to the record, and saves it.
    pub fn record(
        target_dir: &Path,
        course_root: &Path,
        report: &Report,
    ) -> anyhow::Result<Progress> {
        let mut progress = Progress::load(target_dir, course_root);
        for exercise in &report.exercises {
            progress.exercises.insert(
                exercise.name.clone(),
                Entry {
                    status: exercise.status,
                    score: exercise.score,
                    max_score: exercise.max_score,
                    sources: sources_hash(course_root, &exercise.name),
                },
            );
        }
        let file = path(target_dir, course_root);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&file, serde_json::to_vec_pretty(&progress)?)?;
        Ok(progress)
    }

    /// The first exercise, in course order, that is not done.
    pub fn next<'a>(&self, catalogue: &'a Catalogue) -> Option<&'a str> {
        catalogue
            .exercises
            .iter()
            .find(|exercise| !self.is_done(&exercise.name))
            .map(|exercise| exercise.name.as_str())
    }

    pub fn is_done(&self, name: &str) -> bool {
        self.exercises
            .get(name)
            .is_some_and(|entry| entry.status == Status::Pass)
    }

    /// One line per exercise in course order (done, score so far, or not graded yet), then
    /// the next step.
    pub fn render(&self, catalogue: &Catalogue) -> String {
        let mut out = String::new();
        for (number, exercise) in catalogue.exercises.iter().enumerate() {
            let state = match self.exercises.get(&exercise.name) {
                Some(entry) if entry.status == Status::Pass => "done".to_string(),
                Some(entry) if entry.status == Status::NotImplemented && entry.score == 0 => {
                    "not started".to_string()
                }
                Some(entry) => format!(
                    "{}/{}, {}",
                    entry.score,
                    entry.max_score,
                    entry.status.as_str().replace('_', " ")
                ),
                None => "not graded yet".to_string(),
            };
            let state = if self.changed_since_graded(&exercise.name) {
                format!("{state}, changed since graded")
            } else {
                state
            };
            let mark = if self.is_done(&exercise.name) {
                "[x]"
            } else {
                "[ ]"
            };
            let _ = writeln!(
                out,
                "{mark} {}. {:<16} {:>3} points  {:<24} {}",
                number + 1,
                exercise.name,
                exercise.max_score(),
                state,
                exercise.title
            );
        }
        let done = catalogue
            .exercises
            .iter()
            .filter(|e| self.is_done(&e.name))
            .count();
        let _ = write!(
            out,
            "Done: {done} of {} exercises. ",
            catalogue.exercises.len()
        );
        match self.next(catalogue) {
            Some(next) => {
                let _ = writeln!(
                    out,
                    "Next: {next} (exercises/{next}/README.md, then `cargo run -p grader -- --exercise {next}`)."
                );
            }
            None => {
                let withheld: u32 = catalogue.exercises.iter().map(|e| e.withheld_checks).sum();
                let points: u32 = catalogue.exercises.iter().map(|e| e.withheld_points).sum();
                let _ = if withheld > 0 {
                    writeln!(
                        out,
                        "Every exercise passes its visible checks; your teacher's grading adds {withheld} hidden check(s) worth {points} point(s) that this version cannot run."
                    )
                } else {
                    writeln!(out, "Every exercise passes.")
                };
            }
        }
        out
    }
}
