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
