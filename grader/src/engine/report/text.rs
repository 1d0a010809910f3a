use super::{ExerciseReport, Report, Reporter, Status};
use crate::engine::catalogue::Visibility;
use anstyle::{AnsiColor, Style};
use std::fmt::Write as _;

/// The report for a person at a terminal: one line per check, messages under the ones that did
/// not pass, each exercise's score, the total, and what to do next.
pub struct Text {
    /// ANSI colour codes in the output. On standard output they go through `anstream`, which
    /// drops them where they do not belong (not a terminal, `NO_COLOR`).
    pub color: bool,
}

impl Text {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    fn status_label(&self, status: Status) -> String {
        let (label, color) = match status {
            Status::Pass => ("PASS   ", AnsiColor::Green),
            Status::Fail => ("FAIL   ", AnsiColor::Red),
            Status::NotImplemented => ("TODO   ", AnsiColor::Yellow),
            Status::Error => ("ERROR  ", AnsiColor::Red),
            Status::Timeout => ("TIMEOUT", AnsiColor::Red),
            Status::CompileError => ("BUILD  ", AnsiColor::Red),
            Status::Rejected => ("REFUSED", AnsiColor::Red),
        };
        self.paint(Style::new().fg_color(Some(color.into())).bold(), label)
    }

    fn exercise(&self, out: &mut String, exercise: &ExerciseReport) -> std::fmt::Result {
        let heading = format!("{} - {}", exercise.name, exercise.title);
        writeln!(
            out,
            "{}  {}/{}",
            self.paint(Style::new().bold(), &heading),
            exercise.score,
            exercise.max_score
        )?;
        if let Some(message) = &exercise.message {
            for line in message.lines() {
                writeln!(out, "    {line}")?;
            }
        }
        let all_todo = exercise
            .checks
            .iter()
            .all(|check| check.status == Status::NotImplemented);
        if all_todo {
            writeln!(
                out,
                "  {} not started yet: every function still has its `todo!()`. Open exercises/{}/README.md to begin.",
                self.status_label(Status::NotImplemented),
                exercise.name
            )?;
            return Ok(());
        }
        if matches!(exercise.status, Status::CompileError | Status::Rejected) {
            return Ok(());
        }
        for check in &exercise.checks {
            let hidden = match check.visibility {
                Visibility::Hidden => " (hidden)",
                Visibility::Visible => "",
            };
            writeln!(
                out,
                "  {} {}{hidden}  {}/{}",
                self.status_label(check.status),
                check.title,
                check.points,
                check.max_points
            )?;
            if check.status != Status::Pass && !check.message.is_empty() {
                for line in check.message.lines() {
                    writeln!(out, "          {line}")?;
                }
            }
        }
        for figure in &exercise.figures {
            writeln!(out, "  figure: {figure}")?;
        }
        Ok(())
    }

    fn withheld(&self, out: &mut String, exercise: &ExerciseReport) -> std::fmt::Result {
        if exercise.withheld_checks > 0 {
            writeln!(
                out,
                "  + {} hidden check(s) worth {} point(s), graded by your teacher",
                exercise.withheld_checks, exercise.withheld_points
            )?;
        }
        Ok(())
    }
}

impl Reporter for Text {
    fn render(&self, report: &Report) -> anyhow::Result<String> {
        let mut out = String::new();
        match report.seed {
            Some(seed) => writeln!(out, "Grading {} (seed {seed})", report.subject)?,
            None => writeln!(out, "Grading {} (with your teacher's seed)", report.subject)?,
        }
        writeln!(out, "sandbox: {}", report.sandbox)?;
        for exercise in &report.exercises {
            writeln!(out)?;
            self.exercise(&mut out, exercise)?;
            self.withheld(&mut out, exercise)?;
        }
        writeln!(out)?;
        let percent = if report.max_score == 0 {
            0.0
        } else {
            100.0 * f64::from(report.score) / f64::from(report.max_score)
        };
        let total = format!(
            "Score: {}/{} ({percent:.0}%)",
            report.score, report.max_score
        );
        writeln!(out, "{}", self.paint(Style::new().bold(), &total))?;
        let withheld: u32 = report.exercises.iter().map(|e| e.withheld_checks).sum();
        let withheld_points: u32 = report.exercises.iter().map(|e| e.withheld_points).sum();
        if withheld > 0 {
            writeln!(
                out,
                "This is the student version: your teacher's grading adds {withheld} hidden check(s) worth {withheld_points} point(s)."
            )?;
        }
        match report.exercises.iter().find(|e| e.status != Status::Pass) {
            Some(next) => writeln!(
                out,
                "Next: {} ({}). Stuck? `cargo run -p grader -- hint {}`",
                next.name,
                next.status.as_str().replace('_', " "),
                next.name
            )?,
            None if withheld > 0 => writeln!(
                out,
                "Every visible check passes; your teacher's grading adds {withheld} hidden check(s) worth {withheld_points} point(s) that this version cannot run."
            )?,
            None => writeln!(out, "Every check passes.")?,
        }
        Ok(out)
    }
}
