//! Exercise 4 (linear-collapse): plausible wrong answers are caught, on a submission that is the
//! reference solution with one change; and the exercise's example is the solution's.

use course_tests::Graded;

const EXERCISE: &str = "linear-collapse";

fn grade_mutant(find: &str, replace: &str) -> Graded {
    course_tests::grade_mutant(EXERCISE, find, replace)
}

fn assert_statuses(graded: &Graded, failing: &[&str], passing: &[&str]) {
    graded.assert_statuses(EXERCISE, failing, passing);
}

/// Checks of the collapse that a wrong folded layer fails, whatever is wrong in it.
const COLLAPSE_CHECKS: [&str; 4] = [
    "collapse_two_layers",
    "collapse_random_products",
    "collapse_outputs_near_1000",
    "stack_depths_1_to_8",
];

/// Checks of the measure, which never call the student's collapse.
const MEASURE_CHECKS: [&str; 4] = [
    "nonlinearity_basics",
    "nonlinearity_affine_stacks",
    "nonlinearity_relu_and_tanh",
    "nonlinearity_point_order",
];

#[test]
fn w1_times_w2_instead_of_w2_times_w1_fails() {
    let graded = grade_mutant("w2.matmul(first.weight())", "first.weight().matmul(w2)");
    assert_statuses(
        &graded,
        &[
            "collapse_two_layers",
            "collapse_stack_small",
            "collapse_random_products",
            "collapse_outputs_near_1000",
            "stack_depths_1_to_8",
            "demonstration",
        ],
        &MEASURE_CHECKS,
    );
}

#[test]
fn a_bias_that_ignores_w2_fails() {
    // c = b1 + b2 instead of W2 b1 + b2
    let graded = grade_mutant(
        "Some(matrix_times_vector(w2, b1)?.add(b2)?)",
        "Some(b1.add(b2)?)",
    );
    assert_statuses(&graded, &COLLAPSE_CHECKS, &MEASURE_CHECKS);
}

#[test]
fn a_dropped_bias_fails() {
    let graded = grade_mutant(
        "Ok(Linear::new(weight, bias))",
        "Ok(Linear::new(weight, None))",
    );
    assert_statuses(
        &graded,
        &[&COLLAPSE_CHECKS[..], &["collapse_missing_biases"]].concat(),
        &MEASURE_CHECKS,
    );
    let message = graded.exercise(EXERCISE)["checks"][0]["message"].to_string();
    assert!(message.contains("got no bias"), "{message}");
}

#[test]
fn a_transposed_weight_fails() {
    let graded = grade_mutant(
        "Ok(Linear::new(weight, bias))",
        "Ok(Linear::new(weight.t()?, bias))",
    );
    assert_statuses(&graded, &COLLAPSE_CHECKS, &MEASURE_CHECKS);
}

#[test]
fn a_measure_that_only_tries_the_midpoint_fails() {
    let graded = grade_mutant("for a in MIX_WEIGHTS {", "for a in [0.5] {");
    assert_statuses(
        &graded,
        &["nonlinearity_basics", "nonlinearity_relu_and_tanh"],
        &[
            "collapse_two_layers",
            "collapse_random_products",
            "nonlinearity_affine_stacks",
        ],
    );
}

/// Each passes every check that existed before the hidden checks of stated behaviour: an error
/// that does not say which neighbours, a demonstration that assumes its rounding noise is 0, a
/// given helper broken.
#[test]
fn stated_behaviour_that_the_lesson_never_exercises_is_checked() {
    for (find, replace, check, unaware) in [
        (
            "            .map_err(|err| err.context(format!(\"collapsing layers {index} and {}\", index + 1)))?;",
            "            ?;",
            "stated_errors_and_sizes",
            "bad_input_deep_stack",
        ),
        (
            "plain_vs_collapsed: largest_difference(&plain_outputs, &collapsed_outputs)?,",
            "plain_vs_collapsed: 0.0,",
            "demonstration_measures_noise",
            "demonstration",
        ),
        (
            "    Ok((inputs, outputs))",
            "    Ok((1, 1))",
            "stated_errors_and_sizes",
            "collapse_two_layers",
        ),
    ] {
        assert_statuses(&grade_mutant(find, replace), &[check], &[unaware]);
    }
}

/// A survivor of the first cargo-mutants run: `Display` (given) printing another number than
/// the one it names.
#[test]
fn a_printout_that_shows_the_wrong_number_fails() {
    let graded = grade_mutant(
        "nothing between:   {:.3e}\",\n            self.plain_vs_collapsed",
        "nothing between:   {:.3e}\",\n            self.relu_vs_collapsed",
    );
    assert_eq!(
        graded.status("linear-collapse", "demonstration_measures_noise"),
        "fail"
    );
    assert_eq!(graded.status("linear-collapse", "demonstration"), "pass");
}

/// The two mistakes the lesson warns about by name (an error that does not say which
/// neighbours, a demonstration that assumes its rounding noise is 0) fail a visible check too,
/// on the lesson's own inputs, as well as the hidden check over other inputs.
#[test]
fn the_mistakes_the_lesson_warns_about_fail_a_visible_check() {
    for (find, replace, visible, hidden) in [
        (
            "            .map_err(|err| err.context(format!(\"collapsing layers {index} and {}\", index + 1)))?;",
            "            ?;",
            "stack_error_names_neighbours",
            "stated_errors_and_sizes",
        ),
        (
            "plain_vs_collapsed: largest_difference(&plain_outputs, &collapsed_outputs)?,",
            "plain_vs_collapsed: 0.0,",
            "demonstration_noise_basics",
            "demonstration_measures_noise",
        ),
    ] {
        let graded = grade_mutant(find, replace);
        assert_eq!(graded.status("linear-collapse", visible), "fail", "{replace}");
        assert_eq!(graded.status("linear-collapse", hidden), "fail", "{replace}");
    }
}
