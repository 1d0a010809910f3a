//! Exercise 3 (swish): plausible wrong answers are caught, on a submission that is the reference
//! solution with one change.

use course_tests::Graded;

const EXERCISE: &str = "swish";

fn grade_mutant(find: &str, replace: &str) -> Graded {
    course_tests::grade_mutant(EXERCISE, find, replace)
}

fn assert_statuses(graded: &Graded, failing: &[&str], passing: &[&str]) {
    graded.assert_statuses(EXERCISE, failing, passing);
}

/// Checks of the layer that a layer computing anything but swish fails.
const LAYER_CHECKS: [&str; 4] = [
    "layer_basics",
    "layer_module",
    "layer_trains",
    "layer_gradients_basics",
];

/// The one line of the solution's `swish`.
const SWISH_BODY: &str = "z.mul(&candle_nn::ops::sigmoid(z)?)";

#[test]
fn swish_built_from_tanh_fails() {
    let graded = grade_mutant(SWISH_BODY, "z.mul(&z.tanh()?)");
    assert_statuses(
        &graded,
        &[
            "swish_basics",
            "swish_random",
            "shapes_and_dtypes",
            "layer_basics",
            "layer_module",
        ],
        &[
            "derivative_basics",
            "derivative_random",
            "beta_basics",
            "figure_svg",
        ],
    );
}

#[test]
fn a_derivative_without_the_product_term_fails() {
    // σ(z) alone: the derivative of z · σ(z) with σ treated as a constant
    let graded = grade_mutant("s.add(&product)", "Ok(s)");
    assert_statuses(
        &graded,
        &[
            "derivative_basics",
            "derivative_random",
            "derivative_autograd",
            "figure_panels",
        ],
        &[
            "swish_basics",
            "swish_random",
            "finite_values_and_gradients",
            "layer_trains",
        ],
    );
}

#[test]
fn a_hand_written_sigmoid_fails_on_stability() {
    // 1 / (1 + e^−z): right values, but e^100 overflows f32 and the gradient turns NaN
    let graded = grade_mutant(SWISH_BODY, "z.mul(&(z.neg()?.exp()? + 1.0)?.recip()?)");
    assert_statuses(
        &graded,
        // failing: the hidden checks, and the visible one that tells the student first
        &[
            "finite_values_and_gradients",
            "derivative_autograd",
            "gradient_far_out",
        ],
        &[
            "swish_basics",
            "swish_random",
            "derivative_random",
            "layer_trains",
        ],
    );
    let stability = graded.exercise(EXERCISE)["checks"]
        .as_array()
        .and_then(|checks| {
            checks
                .iter()
                .find(|c| c["id"] == "finite_values_and_gradients")
        })
        .map(|c| c["message"].to_string())
        .unwrap_or_default();
    assert!(stability.contains("NaN or infinite"), "{stability}");
}

#[test]
fn a_layer_that_flattens_its_input_fails() {
    let graded = grade_mutant("swish(xs)", "swish(&xs.flatten_all()?)");
    assert_statuses(
        &graded,
        &LAYER_CHECKS,
        &["swish_basics", "swish_random", "derivative_autograd"],
    );
}

#[test]
fn a_layer_that_passes_its_input_through_cannot_learn_the_sine() {
    // no activation: the network is affine in x and ends at the affine floor, MSE 0.4222
    let graded = grade_mutant("swish(xs)", "Ok(xs.clone())");
    assert_statuses(
        &graded,
        &LAYER_CHECKS,
        &["swish_basics", "finite_values_and_gradients"],
    );
}

/// A library error deep inside candle (here a shape mismatch) names the student's function
/// that returned it, not only candle's words.
#[test]
fn a_library_error_names_the_function_that_returned_it() {
    let graded = grade_mutant(
        SWISH_BODY,
        "z.broadcast_add(&candle_core::Tensor::zeros(5, z.dtype(), z.device())?)",
    );
    let checks = graded.exercise(EXERCISE)["checks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let basics = checks
        .iter()
        .find(|check| check["id"] == "swish_basics")
        .expect("the check");
    assert_eq!(basics["status"], "fail", "{basics}");
    let message = basics["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("your `swish` returned an error: "),
        "{message}"
    );
    assert!(message.contains("shape"), "{message}");
    // and a method of the student's type, here the layer's (which calls `swish`)
    let layer = checks
        .iter()
        .find(|check| check["id"] == "layer_basics")
        .expect("the check");
    let message = layer["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("your `Swish::forward` returned an error: "),
        "{message}"
    );
}

/// Figures that hold every ingredient but not the specified layout: `figure_layout` fails them.
#[test]
fn a_figure_laid_out_otherwise_than_specified_fails_its_layout() {
    course_tests::assert_mutants_fail(
        EXERCISE,
        "figure_layout",
        &[
        (
            ".split_evenly((1, panels.len().max(1)))",
            ".split_evenly((panels.len().max(1), 1))",
            "the panels one above the other",
        ),
        (
            ".iter()\n        .zip(panels)",
            ".iter()\n        .zip(panels.iter().rev())",
            "the panels in reverse order",
        ),
        (
            ".label(curve.title.as_str())",
            ".label(if panel.title.starts_with(\"their\") { \"\" } else { curve.title.as_str() })",
            "no legend in the second panel",
        ),
        (
            "root.titled(\"Swish, z·σ(z), beside ReLU\"",
            "root.titled(\"Swish, z·σ(z), and ReLU\"",
            "another title",
        ),
        (
            ".build_cartesian_2d(-5.0..5.0, low..high)?",
            ".build_cartesian_2d(5.0..5.0, low..high)?",
            "an empty x range (a survivor of cargo-mutants)",
        ),
    ],
    );
}

#[test]
fn figure_panels_that_ignore_n_fail() {
    let graded = grade_mutant("let z = z_grid(n)?;", "let z = z_grid(201)?;");
    assert_eq!(graded.status(EXERCISE, "figure_panels_any_count"), "fail");
    assert_eq!(graded.status(EXERCISE, "figure_panels"), "pass");
}

/// β < 0 is allowed by the doc (only a finite β is required), and the lesson never uses one:
/// a swish_beta that takes |β| passes every check on positive β, and fails this one.
#[test]
fn swish_beta_that_drops_the_sign_of_beta_fails() {
    let graded = grade_mutant("z.affine(beta, 0.0)", "z.affine(beta.abs(), 0.0)");
    assert_eq!(graded.status(EXERCISE, "any_shape_and_any_beta"), "fail");
    assert_eq!(graded.status(EXERCISE, "beta_random"), "pass");
}

/// Each property the exercise states fails a visible check on the lesson's inputs when broken,
/// as well as the hidden check over other inputs: the student sees the mistake before
/// submitting.
#[test]
fn the_stated_properties_fail_a_visible_check_when_broken() {
    for (find, replace, visible, hidden) in [
        // swish' from exponentials: inf/inf is NaN at z = -1000
        (
            "let s = candle_nn::ops::sigmoid(z)?;\n    let product = z.mul(&s)?.mul(&s.affine(-1.0, 1.0)?)?;\n    s.add(&product)",
            "let e = z.neg()?.exp()?;\n    let s = e.affine(1.0, 1.0)?.recip()?;\n    s.add(&z.mul(&e)?.div(&e.affine(1.0, 1.0)?.sqr()?)?)",
            "finite_far_out_basics",
            "finite_values_and_gradients",
        ),
        // β's sign dropped: the lesson never uses a negative β
        (
            "z.affine(beta, 0.0)",
            "z.affine(beta.abs(), 0.0)",
            "any_rank_basics",
            "any_shape_and_any_beta",
        ),
        // a β that is not finite let through
        (
            "if !beta.is_finite() {",
            "if beta.is_nan() && !beta.is_nan() {",
            "beta_finite_basics",
            "any_shape_and_any_beta",
        ),
        // figure_panels ignores n
        (
            "let z = z_grid(n)?;",
            "let z = z_grid(201)?;",
            "figure_panels_count_basics",
            "figure_panels_any_count",
        ),
    ] {
        let graded = grade_mutant(find, replace);
        assert_eq!(graded.status(EXERCISE, visible), "fail", "{replace}");
        assert_eq!(graded.status(EXERCISE, hidden), "fail", "{replace}");
    }
}

/// The figure is read by meaning: a title drawn over the panels rather than above them fails
/// the layout, and a legend placed elsewhere in each chart is free.
#[test]
fn the_figure_title_goes_above_the_panels_and_the_legend_anywhere() {
    let over = course_tests::submission_from_solutions("swish-title-over");
    course_tests::mutate(
        &over,
        EXERCISE,
        "lib.rs",
        "    let root = root.titled(\"Swish, z·σ(z), beside ReLU\", (\"sans-serif\", 24))?;\n",
        "",
    );
    course_tests::mutate(
        &over,
        EXERCISE,
        "lib.rs",
        "    root.present()?;",
        "    root.draw(&Text::new(\"Swish, z·σ(z), beside ReLU\", (380, 230), (\"sans-serif\", 24)))?;\n    root.present()?;",
    );
    let dir = over.to_string_lossy().to_string();
    let graded = course_tests::run_grader(&["--submission", &dir, "--exercise", EXERCISE]);
    assert_statuses(&graded, &["figure_layout"], &["swish_basics"]);
    course_tests::grade_valid_variant(
        EXERCISE,
        ".position(SeriesLabelPosition::UpperLeft)",
        ".position(SeriesLabelPosition::LowerRight)",
    );
}
