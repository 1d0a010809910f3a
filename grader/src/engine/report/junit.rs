use super::{CheckReport, ExerciseReport, Report, Reporter, Status};
use quick_xml::events::BytesText;
use quick_xml::Writer;
use std::io;

/// JUnit XML, one test suite per exercise and one test case per check, for CI dashboards.
///
/// It follows the JUnit schema that the strictest common consumer enforces (Jenkins' xunit
/// plugin, `junit-10.xsd`): a test case has only `name` (the check's title), `classname`
/// (`<exercise>.<check id>`, the stable key) and `time`; the points live in the suite's
/// `properties` (`points.<check id>` = `earned/max`, and the suite's `score`/`max_score`); a
/// failure's message is both its `message` attribute and its text. Every suite also has the
/// property `sandbox`: how its check processes were confined (`landlock ABI 7`, `unavailable`). `fail` and
/// `not_implemented` are failures; `error`, `timeout`, `compile_error` and `rejected` are errors.
/// Written with quick-xml rather than quick-junit, which always writes a `disabled` attribute
/// that the schema rejects.
pub struct Junit;

impl Reporter for Junit {
    fn render(&self, report: &Report) -> anyhow::Result<String> {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 4);
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let (failures, errors) = counts(report.exercises.iter().flat_map(|e| e.checks.iter()));
        let tests: usize = report.exercises.iter().map(|e| e.checks.len()).sum();
        let total_ms: u64 = report.exercises.iter().map(|e| e.duration_ms).sum();
        writer
            .create_element("testsuites")
            .with_attributes([
                ("name", "lesson-2.4-activations"),
                ("tests", tests.to_string().as_str()),
                ("failures", failures.to_string().as_str()),
                ("errors", errors.to_string().as_str()),
                ("time", seconds(total_ms).as_str()),
            ])
            .write_inner_content(|writer| {
                for exercise in &report.exercises {
                    suite(writer, exercise, &report.sandbox)?;
                }
                Ok(())
            })?;
        out.push_str(&String::from_utf8(writer.into_inner())?);
        out.push('\n');
        Ok(out)
    }
}

fn suite(writer: &mut Writer<Vec<u8>>, exercise: &ExerciseReport, sandbox: &str) -> io::Result<()> {
    let (failures, errors) = counts(exercise.checks.iter());
    writer
        .create_element("testsuite")
        .with_attributes([
            ("name", exercise.name.as_str()),
            ("tests", exercise.checks.len().to_string().as_str()),
            ("failures", failures.to_string().as_str()),
            ("errors", errors.to_string().as_str()),
            ("time", seconds(exercise.duration_ms).as_str()),
        ])
        .write_inner_content(|writer| {
            writer
                .create_element("properties")
                .write_inner_content(|writer| {
                    let mut properties = vec![
                        ("status".to_string(), exercise.status.as_str().to_string()),
                        ("score".to_string(), exercise.score.to_string()),
                        ("max_score".to_string(), exercise.max_score.to_string()),
                        ("sandbox".to_string(), sandbox.to_string()),
                    ];
                    if let Some(message) = &exercise.message {
                        properties.push(("message".to_string(), message.clone()));
                    }
                    for check in &exercise.checks {
                        properties.push((
                            format!("points.{}", check.id),
                            format!("{}/{}", check.points, check.max_points),
                        ));
                    }
                    for (name, value) in properties {
                        writer
                            .create_element("property")
                            .with_attributes([
                                ("name", xml_text(&name).as_str()),
                                ("value", xml_text(&value).as_str()),
                            ])
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            for check in &exercise.checks {
                case(writer, exercise, check)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn case(
    writer: &mut Writer<Vec<u8>>,
    exercise: &ExerciseReport,
    check: &CheckReport,
) -> io::Result<()> {
    let mut element = writer.create_element("testcase").with_attributes([
        ("name", xml_text(&check.title).as_str()),
        (
            "classname",
            format!("{}.{}", exercise.name, check.id).as_str(),
        ),
    ]);
    if let Some(milliseconds) = check.duration_ms {
        element = element.with_attribute(("time", seconds(milliseconds).as_str()));
    }
    let kind = match check.status {
        Status::Pass => None,
        Status::Fail | Status::NotImplemented => Some("failure"),
        Status::Error | Status::Timeout | Status::CompileError | Status::Rejected => Some("error"),
    };
    let Some(kind) = kind else {
        element.write_empty()?;
        return Ok(());
    };
    let message = xml_text(&check.message);
    let first_line = message.lines().next().unwrap_or_default().to_string();
    element.write_inner_content(|writer| {
        writer
            .create_element(kind)
            .with_attributes([
                ("type", check.status.as_str()),
                ("message", first_line.as_str()),
            ])
            .write_text_content(BytesText::new(&message))?;
        Ok(())
    })?;
    Ok(())
}

/// (failures, errors) among `checks`.
fn counts<'a>(checks: impl Iterator<Item = &'a CheckReport>) -> (usize, usize) {
    checks.fold((0, 0), |(failures, errors), check| match check.status {
        Status::Pass => (failures, errors),
        Status::Fail | Status::NotImplemented => (failures + 1, errors),
        _ => (failures, errors + 1),
    })
}

/// Seconds with three decimals: the schema's time is digits and a dot, no unit.
fn seconds(milliseconds: u64) -> String {
    format!("{}.{:03}", milliseconds / 1000, milliseconds % 1000)
}

/// Text that XML 1.0 can hold: control characters other than tab and line breaks (which a
/// student's panic message may carry) become U+FFFD rather than making the file unreadable.
fn xml_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}
