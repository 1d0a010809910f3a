//! Maintainers' benchmark of the two times students and teachers feel most:
//!
//! - the warm full grade: `grader --solutions` with nothing changed since the last run (all
//!   four exercises built, every check run, three short training runs included);
//! - edit→verdict of `derivatives`: a one-line change to a submission's `derivatives` source,
//!   then `grader --submission DIR --exercise derivatives` to its report (rebuild and checks).
//!
//! ```sh
//! cargo build -p grader && cargo run -p course-tests --bin grading-bench -- [--runs N] [--grader PATH]
//! ```
//!
//! `--grader` times another build of the grader (say, one built from an older commit in a
//! worktree of its own) against the same machine. Prints the median, minimum and maximum of
//! each, in seconds. A benchmark, not a test: run it by hand on a quiet machine.

use course_tests::{copy_tree, grader_bin, scratch_dir, workspace_root};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

fn main() -> ExitCode {
    let mut runs = 7;
    let mut grader: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--runs", Some(n)) => runs = n.parse().unwrap_or(runs),
            ("--grader", Some(path)) => grader = Some(PathBuf::from(path)),
            _ => {
                eprintln!("usage: grading-bench [--runs N] [--grader PATH]");
                return ExitCode::from(2);
            }
        }
    }
    let grader = grader.unwrap_or_else(|| grader_bin().to_path_buf());
    // The grader's course is the one it was built from; the submission is a copy of this
    // course's solution of `derivatives`.
    let submission = scratch_dir("bench");
    let src = submission.join("exercises/derivatives/src");
    copy_tree(&workspace_root().join("solutions/derivatives/src"), &src);
    let lib = src.join("lib.rs");
    let original = std::fs::read_to_string(&lib).unwrap_or_default();

    let full = |_: usize| grade(&grader, &["--solutions"]);
    let edit = |run: usize| {
        let edited = format!("{original}\n// edit {run}\n");
        std::fs::write(&lib, edited).map_err(|err| err.to_string())?;
        let dir = submission.display().to_string();
        grade(
            &grader,
            &["--submission", &dir, "--exercise", "derivatives"],
        )
    };
    for (name, measure) in [
        (
            "warm full grade (--solutions)",
            &full as &dyn Fn(usize) -> Result<f64, String>,
        ),
        ("edit→verdict (derivatives)", &edit),
    ] {
        // One untimed run first: the build it may need is not what is measured.
        if let Err(err) = measure(0) {
            eprintln!("{name}: {err}");
            return ExitCode::FAILURE;
        }
        let mut times = Vec::new();
        for run in 1..=runs {
            match measure(run) {
                Ok(seconds) => times.push(seconds),
                Err(err) => {
                    eprintln!("{name}: {err}");
                    return ExitCode::FAILURE;
                }
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{name}: median {:.3} s, min {:.3} s, max {:.3} s ({runs} runs)",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
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
