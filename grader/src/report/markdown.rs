use super::{Report, Reporter, Status};
use std::fmt::Write as _;

/// A Markdown summary, for a CI job's summary page (`$GITHUB_STEP_SUMMARY`, a merge request note).
pub struct Markdown;

impl Reporter for Markdown {
    fn render(&self, report: &Report) -> anyhow::Result<String> {
        let mut out = String::new();
        writeln!(
            out,
            "## Lesson 2.4 grade: {}/{}\n",
            report.score, report.max_score
        )?;
        writeln!(out, "| exercise | status | points |")?;
        writeln!(out, "|---|---|---|")?;
        for exercise in &report.exercises {
            writeln!(
                out,
                "| {} | {} | {}/{} |",
                exercise.name,
                exercise.status.as_str(),
                exercise.score,
                exercise.max_score
            )?;
        }
        let not_passed: Vec<_> = report
            .exercises
            .iter()
            .flat_map(|exercise| exercise.checks.iter().map(move |check| (exercise, check)))
            .filter(|(_, check)| check.status != Status::Pass)
            .collect();
        if !not_passed.is_empty() {
            writeln!(out, "\n### Checks that did not pass\n")?;
            for (exercise, check) in not_passed {
                let message = check
                    .message
                    .lines()
                    .next()
                    .unwrap_or("")
                    .replace('|', "\\|");
                writeln!(
                    out,
                    "- `{}/{}` ({}): {}{}",
                    exercise.name,
                    check.id,
                    check.status.as_str(),
                    check.title,
                    if message.is_empty() {
                        String::new()
                    } else {
                        format!(". {message}")
                    }
                )?;
            }
        }
        writeln!(
            out,
            "\nSeed {}, graded `{}`, sandbox: {}.",
            report.seed, report.subject, report.sandbox
        )?;
        Ok(out)
    }
}
