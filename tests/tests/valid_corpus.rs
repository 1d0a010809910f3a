//! The corpus of valid alternative solutions: no correct work loses points.
//!
//! `tests/fixtures/valid/<exercise>/*.rs` holds complete `lib.rs` files for each exercise, written
//! from the lesson (the exercise's README.md, its "What the checks hold your code to", and the
//! stub's doc comments) without reading the reference solution or the checks: other formulas and
//! candle operations, other loop structures, other error wording, and figures drawn with the
//! freedoms the lesson leaves (sizes, fonts, colours, line styles, legend places, an extra
//! reference line, a step drawn in pieces). Each file starts with a comment saying what it does
//! differently. Every one of them is correct by the lesson's text, so the grader must give each
//! full marks; a check that marks one down holds students to something the lesson never asked
//! for, and the fix belongs in that check (or, if the variant is wrong after all, in the corpus).
//!
//! The fixtures are plain files, not a Cargo target: nothing in the workspace compiles them except
//! this test, through the grader. To keep builds few, submission `k` holds variant `k` (in file
//! name order) of every exercise, and the reference solution for an exercise with fewer variants;
//! each submission is graded on seeds 0 to 49 with `grader dev seeds`, in two processes at once
//! (one per core), as `seeds.rs` does. A failure lists, per submission, the seed table, the
//! variant file each exercise had, and the messages of the checks that lost points (from one
//! more grading, as JSON, on the first seed where the exercise lost them).

use course_tests::{
    exercises, grade_on_seeds, run_grader, submission_from_solutions, workspace_root,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The grading seeds every variant must get full marks on, both included.
const SEEDS: (u64, u64) = (0, 49);

/// The fewest variants each exercise's corpus holds.
const MIN_VARIANTS: usize = 6;

/// The valid variants of each exercise, in course order, each sorted by file name.
fn corpus() -> Vec<(String, Vec<PathBuf>)> {
    let root = workspace_root()
        .join("tests")
        .join("fixtures")
        .join("valid");
    exercises()
        .into_iter()
        .map(|exercise| {
            let dir = root.join(&exercise);
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
                .collect();
            files.sort();
            (exercise, files)
        })
        .collect()
}

/// The checks of `exercise` that did not pass when `submission` was graded on `seed`, with their
/// messages (and the exercise's own message, for a build that failed).
fn failing_checks(submission: &Path, exercise: &str, seed: u64) -> String {
    let dir = submission.to_string_lossy().to_string();
    let seed = seed.to_string();
    let graded = run_grader(&[
        "--submission",
        &dir,
        "--exercise",
        exercise,
        "--seed",
        &seed,
    ]);
    if graded.json.is_null() {
        return format!(
            "    (no JSON report, exit code {}):\n{}{}",
            graded.code, graded.stdout, graded.stderr
        );
    }
    let report = graded.exercise(exercise);
    let mut text = String::new();
    if let Some(message) = report["message"].as_str().filter(|m| !m.is_empty()) {
        let _ = writeln!(text, "    {}: {message}", report["status"]);
    }
    for check in report["checks"].as_array().into_iter().flatten() {
        if check["status"] != "pass" {
            let _ = writeln!(
                text,
                "    {} ({}, {}/{} points): {}",
                check["id"].as_str().unwrap_or("?"),
                check["status"].as_str().unwrap_or("?"),
                check["points"],
                check["max_points"],
                check["message"].as_str().unwrap_or("")
            );
        }
    }
    text
}

#[test]
fn every_valid_variant_gets_full_marks_on_every_seed() {
    let corpus = corpus();
    for (exercise, variants) in &corpus {
        assert!(
            variants.len() >= MIN_VARIANTS,
            "tests/fixtures/valid/{exercise} holds {} variants, expected at least {MIN_VARIANTS}",
            variants.len()
        );
    }
    let submissions = corpus.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
    let mut problems = String::new();
    for k in 0..submissions {
        let submission = submission_from_solutions(&format!("valid-corpus-{k}"));
        // exercise -> the file its lib.rs came from
        let mut placed: BTreeMap<&str, String> = BTreeMap::new();
        for (exercise, variants) in &corpus {
            let source = match variants.get(k) {
                Some(file) => {
                    let lib = submission
                        .join("exercises")
                        .join(exercise)
                        .join("src")
                        .join("lib.rs");
                    std::fs::copy(file, &lib).expect("the variant is copied in");
                    file.strip_prefix(workspace_root())
                        .unwrap_or(file)
                        .display()
                        .to_string()
                }
                None => format!("solutions/{exercise}/src/lib.rs (no variant {k})"),
            };
            placed.insert(exercise, source);
        }
        let (table, raw, _) = grade_on_seeds(&submission, SEEDS, &[]);
        // exercise -> (first seed short of full marks, how many seeds were)
        let mut short: BTreeMap<String, (u64, usize)> = BTreeMap::new();
        for (seed, scores) in &table {
            for (exercise, score, max) in scores {
                if score < max {
                    short.entry(exercise.clone()).or_insert((*seed, 0)).1 += 1;
                }
            }
        }
        if short.is_empty() {
            continue;
        }
        let _ = writeln!(problems, "submission {k} ({}):", submission.display());
        for (exercise, source) in &placed {
            let _ = writeln!(problems, "  {exercise}: {source}");
        }
        for (exercise, (seed, seeds)) in &short {
            let _ = writeln!(
                problems,
                "  {exercise} ({}) lost points on {seeds} of {} seeds; on seed {seed}:",
                placed.get(exercise.as_str()).map_or("?", String::as_str),
                table.len()
            );
            problems.push_str(&failing_checks(&submission, exercise, *seed));
        }
        let _ = writeln!(problems, "  the seed table:\n{raw}");
    }
    assert!(
        problems.is_empty(),
        "valid variants lost points (a check holds them to something the lesson does not ask, \
         or the variant is wrong after all):\n\n{problems}"
    );
}
