//! Exercise 1 (derivatives): plausible wrong answers are caught, on a submission that is the
//! reference solution with one change.

use course_tests::Graded;

fn grade_mutant(find: &str, replace: &str) -> Graded {
    course_tests::grade_mutant("derivatives", find, replace)
}

#[test]
fn sigmoid_derivative_missing_its_factor_fails() {
    let graded = grade_mutant("s.mul(&s.affine(-1.0, 1.0)?)", "Ok(s)");
    assert_eq!(graded.status("derivatives", "sigmoid_basics"), "fail");
    assert_eq!(graded.status("derivatives", "sigmoid_random"), "fail");
    assert_eq!(graded.status("derivatives", "relu_basics"), "pass");
}

#[test]
fn relu_derivative_of_one_at_the_kink_fails_with_the_convention_named() {
    let graded = grade_mutant(
        "z.gt(0.0)?.to_dtype(z.dtype())",
        "z.ge(0.0)?.to_dtype(z.dtype())",
    );
    assert_eq!(graded.status("derivatives", "relu_basics"), "fail");
    let message = graded.exercise("derivatives")["checks"][0]["message"].to_string();
    assert!(message.contains("ReLU'(0) = 0"), "{message}");
}

#[test]
fn tanh_derivative_computed_as_one_minus_tanh_fails() {
    let graded = grade_mutant(
        "z.tanh()?.sqr()?.affine(-1.0, 1.0)",
        "z.tanh()?.affine(-1.0, 1.0)",
    );
    assert_eq!(graded.status("derivatives", "tanh_basics"), "fail");
    assert_eq!(graded.status("derivatives", "tanh_random"), "fail");
}

#[test]
fn a_figure_with_too_few_panels_fails() {
    let graded = grade_mutant("root.split_evenly((2, 3))", "root.split_evenly((1, 3))");
    assert_eq!(graded.status("derivatives", "figure_svg"), "fail");
    assert_eq!(graded.status("derivatives", "figure_curves"), "pass");
}

/// Figures that hold every ingredient (six titled curves, a `z` label) but not the specified
/// layout: `figure_svg` passes them, `figure_layout` does not.
#[test]
fn a_figure_laid_out_otherwise_than_specified_fails_its_layout() {
    let graded = course_tests::assert_mutants_fail(
        "derivatives",
        "figure_layout",
        &[
            (
                "root.split_evenly((2, 3))",
                "root.split_evenly((1, 6))",
                "one row of six",
            ),
            (
                "root.split_evenly((2, 3))",
                "root.split_evenly((3, 2))",
                "three rows of two",
            ),
            (
                ".iter().zip(curves)",
                ".iter().zip(curves.iter().rev())",
                "the curves in reverse order",
            ),
            (
                ".x_desc(\"z\")",
                ".x_desc(if curve.title.ends_with('\\'') { \"\" } else { \"z\" })",
                "no z under the bottom row",
            ),
            (
                ".build_cartesian_2d(-5.0..5.0, low..high)?",
                ".build_cartesian_2d(5.0..5.0, low..high)?",
                "an empty x range (a survivor of cargo-mutants)",
            ),
        ],
    );
    // one row of six holds every ingredient: only the layout is wrong
    assert_eq!(graded[0].status("derivatives", "figure_svg"), "pass");
}

#[test]
fn figure_curves_that_ignore_n_fail() {
    let graded = grade_mutant("let z = z_grid(n)?;", "let z = z_grid(201)?;");
    assert_eq!(
        graded.status("derivatives", "figure_curves_any_count"),
        "fail"
    );
    // the lesson's own count passes: only an argument the lesson never uses shows it
    assert_eq!(graded.status("derivatives", "figure_curves"), "pass");
}

#[test]
fn autograd_that_guesses_zeros_or_flattens_fails() {
    for (find, replace) in [
        (
            "None => candle_core::bail!(\"the activation's output does not depend on its input\"),",
            "None => z.as_tensor().zeros_like(),",
        ),
        (
            "Some(gradient) => Ok(gradient.clone()),",
            "Some(gradient) => gradient.flatten_all()?.to_dtype(candle_core::DType::F64),",
        ),
        // a derivative of 0 everywhere taken for a missing gradient
        (
            "Some(gradient) => Ok(gradient.clone()),",
            "Some(gradient) if gradient.abs()?.sum_all()?.to_dtype(candle_core::DType::F64)?.to_scalar::<f64>()? > 0.0 => Ok(gradient.clone()),\n        Some(_) => candle_core::bail!(\"no gradient\"),",
        ),
    ] {
        grade_mutant(find, replace).assert_statuses(
            "derivatives",
            &[
                "autograd_shape_and_no_dependence",
                "autograd_no_dependence_basics",
            ],
            &["autograd_agreement"],
        );
    }
}

/// The mistakes the lesson warns about by name fail a visible check, not only hidden ones: a
/// student sees them with `cargo run -p grader` before submitting.
#[test]
fn the_mistakes_the_lesson_warns_about_fail_a_visible_check() {
    for (find, replace, visible, hidden) in [
        // sigma' from exponentials: inf/inf is NaN at z = -1000
        (
            "let s = candle_nn::ops::sigmoid(z)?;\n    s.mul(&s.affine(-1.0, 1.0)?)",
            "let e = z.neg()?.exp()?;\n    e.div(&e.affine(1.0, 1.0)?.sqr()?)",
            "extremes_basics",
            "sigmoid_random",
        ),
        // ReLU' left in the mask's dtype (u8)
        (
            "z.gt(0.0)?.to_dtype(z.dtype())",
            "z.gt(0.0)",
            "batch_shape_basics",
            "batched_shape_and_dtype",
        ),
        // autograd guesses zeros for a function that does not depend on z
        (
            "None => candle_core::bail!(\"the activation's output does not depend on its input\"),",
            "None => z.as_tensor().zeros_like(),",
            "autograd_no_dependence_basics",
            "autograd_shape_and_no_dependence",
        ),
    ] {
        grade_mutant(find, replace).assert_statuses("derivatives", &[visible, hidden], &[]);
    }
}

/// σ' as `σ − σ²` cancels in f32 where σ is near 1 and misses the stated accuracy there: the
/// checks try that band on every seed, so it loses the same points on all of them (it used to
/// fail on seeds 11 and 23 only of 0 to 29).
#[test]
fn an_accuracy_lost_in_a_narrow_band_fails_on_every_seed() {
    let submission = course_tests::submission_from_solutions("derivatives-cancels");
    course_tests::mutate(
        &submission,
        "derivatives",
        "lib.rs",
        "    s.mul(&s.affine(-1.0, 1.0)?)\n",
        "    s.sub(&s.sqr()?)\n",
    );
    let (table, raw, steady) = course_tests::grade_on_seeds(&submission, (0, 29), &["derivatives"]);
    assert!(steady, "{raw}");
    for (seed, scores) in &table {
        assert_eq!(
            scores,
            &[("derivatives".to_string(), 27, 29)],
            "seed {seed}:\n{raw}"
        );
    }
}

/// "Computes in `z`'s dtype": σ' computed in f32 and cast back to f64 keeps the dtype but not
/// f64's accuracy, and fails in the open and in secret.
#[test]
fn an_f64_result_computed_in_f32_fails() {
    let graded = grade_mutant(
        "    let s = candle_nn::ops::sigmoid(z)?;\n    s.mul(&s.affine(-1.0, 1.0)?)\n",
        "    let s = candle_nn::ops::sigmoid(&z.to_dtype(candle_core::DType::F32)?)?;\n    s.mul(&s.affine(-1.0, 1.0)?)?.to_dtype(z.dtype())\n",
    );
    for check in ["batch_shape_basics", "sigmoid_random"] {
        assert_eq!(graded.status("derivatives", check), "fail", "{check}");
    }
}
