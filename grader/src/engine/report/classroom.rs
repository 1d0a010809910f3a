use super::{Report, Reporter, Status};
use serde::Serialize;

/// The result of one GitHub Classroom autograding runner, as the
/// `autograding-grading-reporter` action reads it (base64-encoded, in `<RUNNER>_RESULTS`): the
/// points are the grader's, check by check, so partial credit reaches Classroom.
pub struct Classroom;

#[derive(Serialize)]
struct Runner {
    version: u32,
    status: &'static str,
    max_score: u32,
    tests: Vec<Test>,
}

#[derive(Serialize)]
struct Test {
    name: String,
    status: &'static str,
    score: u32,
    message: String,
    test_code: String,
    filename: String,
    line_no: u32,
    execution_time: String,
}

fn status(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Fail | Status::NotImplemented => "fail",
        Status::Error | Status::Timeout | Status::CompileError | Status::Rejected => "error",
    }
}

impl Reporter for Classroom {
    fn render(&self, report: &Report) -> anyhow::Result<String> {
        let tests = report
            .exercises
            .iter()
            .flat_map(|exercise| exercise.checks.iter().map(move |check| (exercise, check)))
            .map(|(exercise, check)| {
                let status = status(check.status);
                let rerun = format!(
                    "To see it yourself: cargo run -p grader -- --exercise {}",
                    exercise.name
                );
                // The reporter's console prints a failed test's name and `test_code` but not
                // its message, and an errored test's message but not its name; each gets both.
                let (message, test_code) = match status {
                    "pass" => (String::new(), String::new()),
                    "error" => (
                        format!("{}: {}: {}", exercise.name, check.title, check.message),
                        rerun,
                    ),
                    _ => (
                        check.message.clone(),
                        format!("{}: {}\n{rerun}", check.status.as_str(), check.message),
                    ),
                };
                Test {
                    // The console's table scales passed tests by the maximum, not points:
                    // each name carries its check's own points.
                    name: format!(
                        "{}: {} ({}/{} points)",
                        exercise.name, check.title, check.points, check.max_points
                    ),
                    status,
                    score: check.points,
                    message,
                    test_code,
                    filename: format!("exercises/{}/src/lib.rs", exercise.name),
                    line_no: 0,
                    execution_time: format!("{}ms", check.duration_ms.unwrap_or(0)),
                }
            })
            .collect();
        let runner = Runner {
            version: 1,
            status: if report.all_passed() { "pass" } else { "fail" },
            max_score: report.max_score,
            tests,
        };
        let mut text = serde_json::to_string(&runner)?;
        text.push('\n');
        Ok(text)
    }
}
