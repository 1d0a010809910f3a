//! No wrong submission passes on some grading seeds and fails on others. Two submissions, each
//! with one plausible mistake per exercise (the grader grades each exercise on its own, so the
//! mistakes do not meet), are graded on seeds 0 to 49 with `grader dev seeds`: every exercise
//! must lose points, and the same points, on every seed. The mistakes are chosen where a seed
//! could matter: an error only far out (ReLU' wrong from z = 500 on, which random inputs may or
//! may not reach), a sign that only negative β show, a training setting, a bias formula. The
//! second submission leaves tanh-swap out (its grading is the slowest, and the first one's
//! tanh-swap mistake is the one that found a seed-dependent score); each submission's seeds run
//! in two processes at once, one per core.

use course_tests::{grade_on_seeds, mutate, submission_from_solutions};

const SEEDS: (u64, u64) = (0, 49);

/// `(exercise, find, replace)` in `exercises/<exercise>/src/lib.rs` of the reference solution.
type Mistake = (&'static str, &'static str, &'static str);

const FIRST: [Mistake; 4] = [
    (
        "derivatives",
        "z.gt(0.0)?.to_dtype(z.dtype())",
        "z.gt(0.0)?.to_dtype(z.dtype())?.mul(&z.lt(500.0)?.to_dtype(z.dtype())?)",
    ),
    ("swish", "z.affine(beta, 0.0)", "z.affine(beta.abs(), 0.0)"),
    ("tanh-swap", "lr: LEARNING_RATE,", "lr: 0.001,"),
    (
        "linear-collapse",
        "Some(matrix_times_vector(w2, b1)?.add(b2)?)",
        "Some(b1.add(b2)?)",
    ),
];

const SECOND: [Mistake; 3] = [
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
    let exercises: Vec<&str> = mistakes.iter().map(|(exercise, _, _)| *exercise).collect();
    let (table, raw, steady) = grade_on_seeds(&submission, SEEDS, &exercises);
    assert!(
        steady,
        "{tag}: some check's result depends on the seed:\n{raw}"
    );
    let first = &table[0].1;
    assert_eq!(first.len(), mistakes.len(), "{raw}");
    for (exercise, score, max) in first {
        assert!(
            score < max,
            "{tag}: the mistake in {exercise} earned full marks"
        );
    }
    for (seed, scores) in &table {
        assert_eq!(scores, first, "{tag}: seed {seed}\n{raw}");
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
