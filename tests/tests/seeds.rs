//! No wrong submission passes on some grading seeds and fails on others. Two submissions, each
//! with one plausible mistake per exercise (the grader grades each exercise on its own, so the
//! mistakes do not meet), are graded on seeds 0 to 49 with `grader dev seeds`: every exercise
//! must lose points, and the same points, on every seed. The mistakes are chosen where a seed
//! could matter: an error only far out (ReLU' wrong from z = 500 on, which random inputs may or
//! may not reach), a sign that only negative β show, a training setting, a bias formula. The
//! second submission leaves tanh-swap out (its grading is the slowest, and the first one's
//! tanh-swap mistake is the one that found a seed-dependent score); each submission's seeds run
//! in two processes at once, one per core.

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
    let dir = submission.to_string_lossy().to_string();
    let middle = (SEEDS.start + SEEDS.end) / 2;
    let halves = [(SEEDS.start, middle - 1), (middle, SEEDS.end - 1)];
    let outputs: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = halves
            .iter()
            .map(|(from, to)| {
                let dir = &dir;
                scope.spawn(move || {
                    let (from, to) = (from.to_string(), to.to_string());
                    let mut args = vec![
                        "dev",
                        "seeds",
                        "--submission",
                        dir,
                        "--from",
                        &from,
                        "--to",
                        &to,
                        "--quiet",
                    ];
                    for (exercise, _, _) in mistakes {
                        args.extend(["--exercise", exercise]);
                    }
                    let graded = run_grader(&args);
                    assert_eq!(
                        graded.code, 0,
                        "{tag}: some check's result depends on the seed:\n{}{}",
                        graded.stdout, graded.stderr
                    );
                    graded.stdout
                })
            })
            .collect();
        runs.into_iter()
            .map(|run| run.join().expect("a grading thread"))
            .collect()
    });
    let lines: Vec<&str> = outputs
        .iter()
        .flat_map(|output| output.lines())
        .filter(|line| line.starts_with("seed "))
        .collect();
    assert_eq!(lines.len(), SEEDS.count(), "{outputs:?}");
    // `seed 0: derivatives 22/29 tanh-swap 28/42 ...`: every exercise below full marks
    let first = lines[0].split_once(": ").map_or("", |(_, scores)| scores);
    let scores: Vec<&str> = first.split_whitespace().collect();
    assert_eq!(scores.len(), 2 * mistakes.len(), "{first}");
    for pair in scores.chunks(2) {
        let (score, max) = pair[1].split_once('/').expect("score/max");
        let number = |text: &str| text.parse::<u32>().expect("a number");
        assert!(
            number(score) < number(max),
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
