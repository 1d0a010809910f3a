use super::{Report, Reporter, Status};
use crate::engine::catalogue::Visibility;
use serde::Serialize;

/// Gradescope's autograder `results.json`: one test per check; hidden checks stay hidden from
/// students until the teacher publishes the grades (`after_published`).
pub struct Gradescope;

#[derive(Serialize)]
struct Results {
    score: u32,
    max_score: u32,
    output: String,
    stdout_visibility: &'static str,
    tests: Vec<Test>,
}

#[derive(Serialize)]
struct Test {
    name: String,
    number: String,
    score: u32,
    max_score: u32,
    status: &'static str,
    output: String,
    visibility: &'static str,
}

impl Reporter for Gradescope {
    fn render(&self, report: &Report) -> anyhow::Result<String> {
        let mut tests = Vec::new();
        for (e, exercise) in report.exercises.iter().enumerate() {
            for (c, check) in exercise.checks.iter().enumerate() {
                tests.push(Test {
                    name: format!("{}: {}", exercise.name, check.title),
                    number: format!("{}.{}", e + 1, c + 1),
                    score: check.points,
                    max_score: check.max_points,
                    status: if check.status == Status::Pass {
                        "passed"
                    } else {
                        "failed"
                    },
                    output: if check.status == Status::Pass {
                        String::new()
                    } else {
                        format!("{}: {}", check.status.as_str(), check.message)
                    },
                    visibility: match check.visibility {
                        Visibility::Visible => "visible",
                        Visibility::Hidden => "after_published",
                    },
                });
            }
        }
        let results = Results {
            score: report.score,
            max_score: report.max_score,
            output: format!(
                "Lesson 2.4, The Role of Activations: {}/{}",
                report.score, report.max_score
            ),
            stdout_visibility: "hidden",
            tests,
        };
        let mut text = serde_json::to_string_pretty(&results)?;
        text.push('\n');
        Ok(text)
    }
}
