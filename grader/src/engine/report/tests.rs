//! Every format pinned by a snapshot of one mixed result (durations redacted).

use super::*;
use crate::engine::catalogue::Visibility;

fn check(
    id: &str,
    status: Status,
    points: u32,
    max_points: u32,
    visibility: Visibility,
    message: &str,
) -> CheckReport {
    CheckReport {
        duration_ms: (status != Status::CompileError).then_some(1234),
        id: id.to_string(),
        title: format!("the {id} property"),
        status,
        points,
        max_points,
        visibility,
        message: message.to_string(),
    }
}

/// What the grader says of an exercise that did not build; each of its checks says it too.
const NOT_BUILT: &str =
    "does not compile: exercises/linear-collapse/src/lib.rs:3\nerror[E0308]: mismatched types";

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
        &format!("not run: {NOT_BUILT}"),
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
            message: Some(NOT_BUILT.into()),
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

/// A report whose titles and messages carry everything a renderer could misread.
fn awkward() -> Report {
    let mut report = mixed();
    let checks = &mut report.exercises[0].checks;
    checks[1].title = "Box<dyn Module> keeps *every* _shape_ [x](y) `z` | #1".into();
    checks[1].message =
        "expected <Tensor[2, 3]> & got <...> | 1 * 2 = 2_0\u{1b}[31m\u{0} [link](http://x)".into();
    checks[3].title = "A & B <br> <script>alert(1)</script>".into();
    report.exercises[1].message = Some(
        "does not compile: exercises/linear-collapse/src/lib.rs:3\nerror[E0308]: mismatched types\n```\n<not html>"
            .into(),
    );
    report
}

/// The constraints of Jenkins' xunit `junit-10.xsd` (read from its source; not vendored) on
/// what we write: which elements may hold which, the attributes each may have, the required
/// ones, and the format of `time`.
#[test]
fn junit_follows_the_jenkins_junit_10_schema() -> anyhow::Result<()> {
    fn attributes_within(node: roxmltree::Node, allowed: &[&str], required: &[&str]) {
        for attribute in node.attributes() {
            assert!(
                allowed.contains(&attribute.name()),
                "<{}> may not have `{}`",
                node.tag_name().name(),
                attribute.name()
            );
        }
        for name in required {
            assert!(
                node.has_attribute(*name),
                "<{}> needs `{name}`",
                node.tag_name().name()
            );
        }
        if let Some(time) = node.attribute("time") {
            assert!(
                !time.is_empty()
                    && time
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '.' || c == ','),
                "time {time:?} is not digits"
            );
        }
    }
    fn children_within(node: roxmltree::Node, allowed: &[&str]) {
        for child in node.children().filter(|child| child.is_element()) {
            assert!(
                allowed.contains(&child.tag_name().name()),
                "<{}> may not hold <{}>",
                node.tag_name().name(),
                child.tag_name().name()
            );
        }
    }
    for report in [mixed(), awkward()] {
        let xml = Junit.render(&report)?;
        let document = roxmltree::Document::parse(&xml)?;
        let root = document.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        attributes_within(root, &["name", "time", "tests", "failures", "errors"], &[]);
        children_within(root, &["testsuite"]);
        let mut cases = 0;
        for suite in root.children().filter(|n| n.is_element()) {
            attributes_within(
                suite,
                &[
                    "name",
                    "tests",
                    "failures",
                    "errors",
                    "group",
                    "time",
                    "skipped",
                    "timestamp",
                    "hostname",
                    "id",
                    "package",
                    "file",
                    "log",
                    "url",
                ],
                &["name", "tests", "failures", "errors"],
            );
            children_within(
                suite,
                &[
                    "testsuite",
                    "properties",
                    "testcase",
                    "system-out",
                    "system-err",
                ],
            );
            for child in suite.children().filter(|n| n.is_element()) {
                match child.tag_name().name() {
                    "properties" => {
                        children_within(child, &["property"]);
                        for property in child.children().filter(|n| n.is_element()) {
                            attributes_within(property, &["name", "value"], &["name", "value"]);
                        }
                    }
                    "testcase" => {
                        cases += 1;
                        attributes_within(
                            child,
                            &["name", "time", "classname", "group"],
                            &["name"],
                        );
                        // the check's own duration wherever it reported a result
                        let never_ran =
                            child.attribute("classname") == Some("linear-collapse.hidden_sample");
                        assert!(child.has_attribute("time") || never_ran);
                        children_within(
                            child,
                            &[
                                "skipped",
                                "error",
                                "failure",
                                "rerunFailure",
                                "rerunError",
                                "flakyFailure",
                                "flakyError",
                                "system-out",
                                "system-err",
                            ],
                        );
                        for outcome in child.children().filter(|n| n.is_element()) {
                            attributes_within(outcome, &["type", "message"], &[]);
                            // the message is the element's text too (GitLab shows the text)
                            assert!(!outcome.text().unwrap_or_default().is_empty());
                        }
                    }
                    _ => {}
                }
            }
        }
        let checks: usize = report.exercises.iter().map(|e| e.checks.len()).sum();
        assert_eq!(cases, checks);
        assert_eq!(root.attribute("tests"), Some(checks.to_string().as_str()));
    }
    Ok(())
}

#[test]
fn junit_names_checks_by_title_keeps_ids_and_points_and_the_whole_message() -> anyhow::Result<()> {
    let report = awkward();
    let xml = Junit.render(&report)?;
    let document = roxmltree::Document::parse(&xml)?;
    let case = document
        .descendants()
        .find(|n| n.attribute("classname") == Some("derivatives.sigmoid_basics"))
        .expect("the check's case");
    assert_eq!(
        case.attribute("name"),
        Some(report.exercises[0].checks[1].title.as_str())
    );
    let failure = case.first_element_child().expect("its failure");
    let text = failure.text().unwrap_or_default();
    assert!(
        text.starts_with("expected <Tensor[2, 3]> & got <...> | 1 * 2 = 2_0"),
        "{text}"
    );
    assert!(
        !text.contains('\u{0}') && !text.contains('\u{1b}'),
        "{text:?}"
    );
    let points = document
        .descendants()
        .find(|n| n.attribute("name") == Some("points.sigmoid_basics"))
        .expect("the check's points");
    assert_eq!(points.attribute("value"), Some("0/2"));
    // an exercise that did not build says why in every check, and in its suite
    let not_built = document
        .descendants()
        .find(|n| n.attribute("classname") == Some("linear-collapse.hidden_sample"))
        .expect("the case");
    let error = not_built.first_element_child().expect("its error");
    assert!(error.text().unwrap_or_default().contains("not run"));
    Ok(())
}

/// Every title and message survives a CommonMark (GFM tables) renderer as text: none is read as
/// markup, and no HTML reaches the page.
#[test]
fn markdown_titles_and_messages_survive_a_commonmark_renderer() -> anyhow::Result<()> {
    use pulldown_cmark::{Event, Options, Parser, TagEnd};
    let report = awkward();
    let markdown = Markdown.render(&report)?;
    let mut rendered = String::new();
    for event in Parser::new_ext(&markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(text) | Event::Code(text) => rendered.push_str(&text),
            Event::Html(html) | Event::InlineHtml(html) => panic!("HTML in the summary: {html}"),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => rendered.push('\n'),
            Event::SoftBreak | Event::HardBreak => rendered.push(' '),
            _ => {}
        }
    }
    for exercise in &report.exercises {
        for check in exercise.checks.iter().filter(|c| c.status != Status::Pass) {
            if exercise.message.is_none() {
                assert!(
                    rendered.contains(&check.title),
                    "{:?} lost in:\n{rendered}",
                    check.title
                );
                let first = check.message.lines().next().unwrap_or("");
                assert!(rendered.contains(first), "{first:?} lost in:\n{rendered}");
            }
        }
        if let Some(message) = &exercise.message {
            assert!(
                rendered.contains(message.trim_end()),
                "{message:?} lost in:\n{rendered}"
            );
        }
    }
    Ok(())
}

/// GitHub Classroom's `autograding-grading-reporter` (v1, its `src/` and released `dist/`, read
/// from its repository): the total it records is the sum of every test's `score` over the
/// runners whose `max_score` is not 0, out of the sum of those `max_score`s. Its console prints
/// a failed test's name and `test_code` only, and an errored test's `message` and `test_code`
/// only: each must still show the check's title and message.
#[test]
fn classroom_records_the_graders_points_and_shows_every_message() -> anyhow::Result<()> {
    let full = {
        let mut report = mixed();
        for exercise in &mut report.exercises {
            for check in &mut exercise.checks {
                check.status = Status::Pass;
                check.points = check.max_points;
                check.message.clear();
            }
            exercise.score = exercise.max_score;
        }
        Report::new(
            "exercises/".into(),
            2024,
            "landlock ABI 7".into(),
            report.exercises,
        )
    };
    let broken = {
        let mut report = mixed();
        for exercise in &mut report.exercises {
            for check in &mut exercise.checks {
                check.status = Status::CompileError;
                check.points = 0;
                check.message = "not run: does not compile: src/lib.rs:3".into();
            }
            exercise.score = 0;
        }
        Report::new(
            "exercises/".into(),
            2024,
            "landlock ABI 7".into(),
            report.exercises,
        )
    };
    for report in [full, mixed(), awkward(), broken] {
        let runner: serde_json::Value = serde_json::from_str(&Classroom.render(&report)?)?;
        let tests = runner["tests"].as_array().expect("tests");
        let max = runner["max_score"].as_u64().unwrap_or(0);
        let total: u64 = if max == 0 {
            0
        } else {
            tests
                .iter()
                .map(|test| test["score"].as_u64().unwrap_or(0))
                .sum()
        };
        assert_eq!(total, u64::from(report.score));
        assert_eq!(max, u64::from(report.max_score));
        let checks = report.exercises.iter().flat_map(|e| e.checks.iter());
        for (test, check) in tests.iter().zip(checks) {
            let name = test["name"].as_str().unwrap_or_default();
            let printed = match test["status"].as_str() {
                Some("pass") => continue,
                Some("error") => format!("{} {}", test["message"], test["test_code"]),
                _ => format!("{name} {}", test["test_code"]),
            };
            let printed = printed.replace("\\n", "\n");
            assert!(
                printed.contains(&check.title),
                "{:?} not printed: {printed}",
                check.title
            );
            let first = check.message.lines().next().unwrap_or("");
            let first_json = serde_json::to_string(first)?;
            let first_json = first_json.trim_matches('"');
            assert!(
                printed.contains(first_json),
                "{first:?} not printed: {printed}"
            );
        }
    }
    Ok(())
}

/// The HTML page reads on a phone (a viewport, no fixed widths) and says where a student's
/// figure had to be drawn from the reference's numbers, beside the reference figure it stands
/// for.
#[test]
fn html_fits_a_phone_and_says_when_a_figure_is_not_from_the_students_numbers() -> anyhow::Result<()>
{
    let course = std::env::temp_dir().join(format!("grader-html-{}", std::process::id()));
    let kept = course.join("target/grader/figures/submission/derivatives");
    let reference = course.join("exercises/derivatives/figures");
    std::fs::create_dir_all(&kept)?;
    std::fs::create_dir_all(&reference)?;
    let fallback = format!("derivatives{}.svg", grader_protocol::FALLBACK_FIGURE_SUFFIX);
    std::fs::write(
        kept.join(&fallback),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )?;
    std::fs::write(
        reference.join("derivatives.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )?;
    let mut report = mixed();
    report.exercises[0].figures = vec![format!(
        "target/grader/figures/submission/derivatives/{fallback}"
    )];
    let html = Html {
        course_root: course.clone(),
    }
    .render(&report)?;
    assert!(
        html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    );
    assert!(html.contains("@media (max-width:600px)"));
    assert!(html
        .contains("from the reference's numbers, because your own function did not return them"));
    assert!(html.contains("Reference: derivatives.svg"));
    assert_eq!(html.matches("data:image/svg+xml;base64,").count(), 2);
    std::fs::remove_dir_all(&course)?;
    Ok(())
}

/// The attack of a message that would be live on a CI summary page: a link, a bare URL (GitHub
/// autolinks them) and an @-mention. Each message is rendered as code, where none of them act.
#[test]
fn markdown_shows_student_messages_as_inert_code() -> anyhow::Result<()> {
    use pulldown_cmark::{Event, Options, Parser};
    let mut report = mixed();
    let live = "see [my grade](http://evil.example) https://evil.example @octocat `ticks` ``two``";
    report.exercises[0].checks[1].message = live.to_string();
    let markdown = Markdown.render(&report)?;
    let code: Vec<String> = Parser::new_ext(&markdown, Options::ENABLE_TABLES)
        .filter_map(|event| match event {
            Event::Code(text) => Some(text.to_string()),
            _ => None,
        })
        .collect();
    assert!(code.iter().any(|text| text == live), "{markdown}");
    Ok(())
}

/// The attack of "figures" of hundreds of MB: the page inlines what fits its budget and names
/// what it left out, instead of growing without bound.
#[test]
fn html_inlines_figures_within_its_budget() -> anyhow::Result<()> {
    let course = std::env::temp_dir().join(format!("grader-html-budget-{}", std::process::id()));
    let kept = course.join("target/grader/figures/submission/derivatives");
    std::fs::create_dir_all(&kept)?;
    let svg = |bytes: usize| {
        let mut text = "<svg xmlns=\"http://www.w3.org/2000/svg\">".to_string();
        text.push_str(&" ".repeat(bytes));
        text.push_str("</svg>");
        text
    };
    std::fs::write(kept.join("small.svg"), svg(100))?;
    std::fs::write(
        kept.join("huge.svg"),
        svg(super::html::FIGURE_BUDGET_BYTES as usize),
    )?;
    let mut report = mixed();
    report.exercises[0].figures = ["small.svg", "huge.svg"]
        .map(|name| format!("target/grader/figures/submission/derivatives/{name}"))
        .to_vec();
    let html = Html {
        course_root: course.clone(),
    }
    .render(&report)?;
    assert_eq!(html.matches("data:image/svg+xml;base64,").count(), 1);
    assert!(html.contains("huge.svg (16384 KiB) is left out"), "{html}");
    assert!(html.len() < 1 << 20, "{} bytes", html.len());
    std::fs::remove_dir_all(&course)?;
    Ok(())
}
