//! Every format pinned by a snapshot of one mixed result (durations redacted).

use super::*;
use crate::catalogue::Visibility;

fn check(
    id: &str,
    status: Status,
    points: u32,
    max_points: u32,
    visibility: Visibility,
    message: &str,
) -> CheckReport {
    CheckReport {
        id: id.to_string(),
        title: format!("the {id} property"),
        status,
        points,
        max_points,
        visibility,
        message: message.to_string(),
    }
}

fn mixed() -> Report {
    let first = vec![
        check("relu_basics", Status::Pass, 2, 2, Visibility::Visible, ""),
        check(
            "sigmoid_basics",
            Status::Fail,
            0,
            2,
            Visibility::Visible,
            "sigmoid_derivative: 7 of 7 values are off (tolerance ±1e-6); first at input -3: expected 0.045, got 0.047",
        ),
        check("hidden_example", Status::NotImplemented, 0, 3, Visibility::Hidden, "not implemented yet"),
        check("figure_svg", Status::Error, 0, 2, Visibility::Visible, "the check process crashed (signal 6)"),
        check("slow", Status::Timeout, 0, 1, Visibility::Hidden, "did not finish within 3 s"),
    ];
    let second = vec![check(
        "hidden_sample",
        Status::CompileError,
        0,
        4,
        Visibility::Hidden,
        "not run: the exercise did not build (see above)",
    )];
    let exercises = vec![
        ExerciseReport {
            name: "derivatives".into(),
            title: "Derivatives".into(),
            status: Status::of_exercise(&first),
            score: 2,
            max_score: 10,
            message: None,
            figures: vec!["target/grader/figures/exercises/derivatives/derivatives.svg".into()],
            duration_ms: 1234,
            withheld_checks: 0,
            withheld_points: 0,
            checks: first,
        },
        ExerciseReport {
            name: "linear-collapse".into(),
            title: "Linear collapse".into(),
            status: Status::CompileError,
            score: 0,
            max_score: 4,
            message: Some("does not compile: exercises/linear-collapse/src/lib.rs:3\nerror[E0308]: mismatched types".into()),
            figures: vec![],
            duration_ms: 1234,
            withheld_checks: 3,
            withheld_points: 9,
            checks: second,
        },
    ];
    Report::new(
        "exercises/".into(),
        2024,
        "landlock ABI 7".into(),
        exercises,
    )
}

fn redact(text: String) -> String {
    text.replace("1234", "[duration]")
        .replace("1.234", "[duration]")
}

#[test]
fn exercise_status_is_the_most_serious_of_its_checks() {
    let report = mixed();
    assert_eq!(report.exercises[0].status, Status::Timeout);
    assert_eq!(report.score, 2);
    assert_eq!(report.max_score, 14);
    assert!(!report.all_passed());
}

#[test]
fn text_snapshot() -> anyhow::Result<()> {
    insta::assert_snapshot!(redact(Text { color: false }.render(&mixed())?));
    Ok(())
}

#[test]
fn text_has_colour_only_when_asked() -> anyhow::Result<()> {
    assert!(!Text { color: false }.render(&mixed())?.contains('\u{1b}'));
    assert!(Text { color: true }.render(&mixed())?.contains('\u{1b}'));
    Ok(())
}

#[test]
fn json_snapshot() -> anyhow::Result<()> {
    insta::assert_snapshot!(redact(Json.render(&mixed())?));
    Ok(())
}

#[test]
fn junit_snapshot() -> anyhow::Result<()> {
    insta::assert_snapshot!(redact(Junit.render(&mixed())?));
    Ok(())
}

#[test]
fn markdown_snapshot() -> anyhow::Result<()> {
    insta::assert_snapshot!(redact(Markdown.render(&mixed())?));
    Ok(())
}

#[test]
fn gradescope_snapshot() -> anyhow::Result<()> {
    insta::assert_snapshot!(redact(Gradescope.render(&mixed())?));
    Ok(())
}

#[test]
fn classroom_snapshot() -> anyhow::Result<()> {
    insta::assert_snapshot!(redact(Classroom.render(&mixed())?));
    Ok(())
}
