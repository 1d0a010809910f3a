//! Maintainers' benchmark of the two times students and teachers feel most:
//!
//! - the warm full grade: `grader --solutions` with nothing changed since the last run (all
//!   four exercises built, every check run, three short training runs included);
//! - edit→verdict of `derivatives`: a one-line change to a submission's `derivatives` source,
//!   then `grader --submission DIR --exercise derivatives` to its report (rebuild and checks).
//!
//! ```sh
//! cargo build -p grader && cargo run -p course-tests --bin grading-bench -- [--runs N] [--grader PATH] [--against PATH]
//! ```
//!
//! `--grader` times another build of the grader than this workspace's. `--against` times a
//! second one (say, one built from an older commit in a worktree of its own) in the same
//! session, run for run in turn with the first, so that both meet the same machine noise; then
//! the ratio of the medians is the figure to quote. Prints the median, minimum and maximum of
//! each, in seconds. A benchmark, not a test: run it by hand on a quiet machine.

use course_tests::{copy_tree, grader_bin, scratch_dir, workspace_root};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

fn main() -> ExitCode {
    let mut runs = 7;
    let mut grader: Option<PathBuf> = None;
    let mut against: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--runs", Some(n)) => runs = n.parse().unwrap_or(runs),
            ("--grader", Some(path)) => grader = Some(PathBuf::from(path)),
            ("--against", Some(path)) => against = Some(PathBuf::from(path)),
            _ => {
                eprintln!("usage: grading-bench [--runs N] [--grader PATH] [--against PATH]");
                return ExitCode::from(2);
            }
        }
    }
    let graders: Vec<PathBuf> =
        std::iter::once(grader.unwrap_or_else(|| grader_bin().to_path_buf()))
            .chain(against)
            .collect();
    // Each grader's course is the one it was built from; the submission is a copy of this
    // course's solution of `derivatives`.
    let submission = scratch_dir("bench");
    let src = submission.join("exercises/derivatives/src");
    copy_tree(&workspace_root().join("solutions/derivatives/src"), &src);
    let lib = src.join("lib.rs");
    let original = std::fs::read_to_string(&lib).unwrap_or_default();
    let mut edits = 0;

    let full = |grader: &Path, _: &mut usize| grade(grader, &["--solutions"]);
    let edit = |grader: &Path, edits: &mut usize| {
        *edits += 1;
        let edited = format!("{original}\n// edit {edits}\n");
        std::fs::write(&lib, edited).map_err(|err| err.to_string())?;
        let dir = submission.display().to_string();
        grade(grader, &["--submission", &dir, "--exercise", "derivatives"])
    };
    type Measure<'a> = &'a dyn Fn(&Path, &mut usize) -> Result<f64, String>;
    for (name, measure) in [
        ("warm full grade (--solutions)", &full as Measure),
        ("edit→verdict (derivatives)", &edit),
    ] {
        let mut times = vec![Vec::new(); graders.len()];
        // One untimed run of each first: the build it may need is not what is measured.
        for run in 0..=runs {
            for (grader, times) in graders.iter().zip(&mut times) {
                match measure(grader, &mut edits) {
                    Ok(seconds) if run > 0 => times.push(seconds),
                    Ok(_) => {}
                    Err(err) => {
                        eprintln!("{name}: {err}");
                        return ExitCode::FAILURE;
                    }
                }
            }
        }
        let mut medians = Vec::new();
        for (grader, times) in graders.iter().zip(&mut times) {
            times.sort_by(f64::total_cmp);
            let median = times[times.len() / 2];
            medians.push(median);
            println!(
                "{name}, {}: median {median:.3} s, min {:.3} s, max {:.3} s ({runs} runs)",
                grader.display(),
                times[0],
                times[times.len() - 1]
            );
        }
        if let [first, second] = medians[..] {
            println!(
                "{name}: the first takes {:.3} times as long as the second",
                first / second
            );
        }
    }
    let _ = std::fs::remove_dir_all(&submission);
    ExitCode::SUCCESS
}

/// Seconds one grading took; an error unless every check passed.
fn grade(grader: &Path, args: &[&str]) -> Result<f64, String> {
    let started = Instant::now();
    let output = Command::new(grader)
        .args(args)
        .args(["--quiet", "--format", "json"])
        .output()
        .map_err(|err| format!("cannot run {}: {err}", grader.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!(
            "{} {} did not pass every check:\n{}",
            grader.display(),
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(seconds)
}
