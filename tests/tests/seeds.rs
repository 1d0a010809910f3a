//! No wrong submission passes on some grading seeds and fails on others. Two submissions, each
//! with one plausible mistake in every exercise (the grader grades each exercise on its own, so
//! the mistakes do not meet), are graded on seeds 0 to 49: every exercise must lose points, and
//! the same points, on every seed. The mistakes are chosen where a seed could matter: an error
//! only far out (ReLU' wrong from z = 500 on, which random inputs may or may not reach), a
//! sign that only negative β show, a mean taken over the wrong axis, a training setting.

use course_tests::{mutate, run_grader, submission_from_solutions};

const SEEDS: std::ops::Range<u64> = 0..50;

/// `(exercise, find, replace)` in `exercises/<exercise>/src/lib.rs` of the reference solution.
type Mistake = (&'static str, &'static str, &'static str);

const FIRST: [Mistake; 4] = [
    (
        "derivatives",
        "z.gt(0.0)?.to_dtype(z.dtype())",
        "z.gt(0.0)?.to_dtype(z.dtype())?.mul(&z.lt(500.0)?.to_dtype(z.dtype())?)",
    ),
    ("swish", "z.affine(beta, 0.0)", "z.affine(beta.abs(), 0.0)"),
    (
        "tanh-swap",
        "predictions.sub(targets)?.sqr()?.mean_all()",
        "predictions.sub(targets)?.sqr()?.mean(0)?.squeeze(0)",
    ),
    (
        "linear-collapse",
        "Some(matrix_times_vector(w2, b1)?.add(b2)?)",
        "Some(b1.add(b2)?)",
    ),
];

const SECOND: [Mistake; 4] = [
    (
        "derivatives",
        "z.gt(0.0)?.to_dtype(z.dtype())",
        "z.ge(0.0)?.to_dtype(z.dtype())",
    ),
    (
        "swish",
        "z.mul(&candle_nn::ops::sigmoid(z)?)",
        "z.mul(&(z.neg()?.exp()? + 1.0)?.recip()?)",
    ),
    ("tanh-swap", "lr: LEARNING_RATE,", "lr: 0.001,"),
    (
        "linear-collapse",
        "Ok(Linear::new(weight, bias))",
        "Ok(Linear::new(weight, None))",
    ),
];

/// Grades the reference solutions with `mistakes` on every seed of [`SEEDS`] with
/// `grader dev seeds` (one build, one run per seed), and asserts that every exercise loses
/// points, the same on every seed.
fn every_seed_scores_the_same(tag: &str, mistakes: &[Mistake]) {
    let submission = submission_from_solutions(tag);
    for (exercise, find, replace) in mistakes {
        mutate(&submission, exercise, "lib.rs", find, replace);
    }
    let dir = submission.to_string_lossy().to_string();
    let (from, to) = (SEEDS.start.to_string(), (SEEDS.end - 1).to_string());
    let graded = run_grader(&[
        "dev",
        "seeds",
        "--submission",
        &dir,
        "--from",
        &from,
        "--to",
        &to,
        "--quiet",
    ]);
    assert_eq!(
        graded.code, 0,
        "{tag}: some check's result depends on the seed:\n{}{}",
        graded.stdout, graded.stderr
    );
    let lines: Vec<&str> = graded
        .stdout
        .lines()
        .filter(|line| line.starts_with("seed "))
        .collect();
    assert_eq!(lines.len(), SEEDS.count(), "{}", graded.stdout);
    // `seed 0: derivatives 22/29 tanh-swap 28/42 ...`: every exercise below full marks
    let first = lines[0].split_once(": ").map_or("", |(_, scores)| scores);
    let scores: Vec<&str> = first.split_whitespace().collect();
    assert_eq!(scores.len(), 2 * mistakes.len(), "{first}");
    for pair in scores.chunks(2) {
        let (score, max) = pair[1].split_once('/').expect("score/max");
        assert!(
            score < max,
            "{tag}: the mistake in {} earned full marks",
            pair[0]
        );
    }
    for line in &lines {
        assert_eq!(
            line.split_once(": ").map(|(_, scores)| scores),
            Some(first),
            "{tag}: {line}"
        );
    }
}

#[test]
fn mistakes_lose_the_same_points_on_every_seed() {
    every_seed_scores_the_same("seeds-first", &FIRST);
}

#[test]
fn other_mistakes_lose_the_same_points_on_every_seed() {
    every_seed_scores_the_same("seeds-second", &SECOND);
}
