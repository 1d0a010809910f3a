use super::{Report, Reporter, Status};
use std::fmt::Write as _;

/// A Markdown summary, for a CI job's summary page (`$GITHUB_STEP_SUMMARY`, a merge request
/// note). Titles are escaped, so that `Box<dyn Module>` or `*` stay text in any CommonMark
/// renderer. Text the submission controls (check messages, the submission's path) is shown as
/// code, where links, autolinked URLs and @-mentions stay inert; an exercise that was not built
/// shows its reason (the compiler's first error, what is missing, what was refused) once, in a
/// code block.
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
                escape(&exercise.name),
                exercise.status.as_str(),
                exercise.score,
                exercise.max_score
            )?;
        }
        for exercise in &report.exercises {
            if let Some(message) = &exercise.message {
                writeln!(
                    out,
                    "\n### {} ({})\n",
                    escape(&exercise.name),
                    exercise.status.as_str()
                )?;
                writeln!(out, "{}", code_block(message))?;
            }
        }
        let not_passed: Vec<_> = report
            .exercises
            .iter()
            .filter(|exercise| exercise.message.is_none())
            .flat_map(|exercise| exercise.checks.iter().map(move |check| (exercise, check)))
            .filter(|(_, check)| check.status != Status::Pass)
            .collect();
        if !not_passed.is_empty() {
            writeln!(out, "\n### Checks that did not pass\n")?;
            for (exercise, check) in not_passed {
                let message = check.message.lines().next().unwrap_or("");
                writeln!(
                    out,
                    "- {} · {} ({}){}",
                    escape(&exercise.name),
                    escape(&check.title),
                    check.status.as_str(),
                    if message.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", code_span(message))
                    }
                )?;
            }
        }
        match report.seed {
            Some(seed) => writeln!(
                out,
                "\nSeed {seed}, graded {}, sandbox: {}.",
                code_span(&report.subject),
                escape(&report.sandbox)
            )?,
            None => writeln!(
                out,
                "\nGraded {}, sandbox: {}.",
                code_span(&report.subject),
                escape(&report.sandbox)
            )?,
        }
        Ok(out)
    }
}

/// `text` as literal Markdown text, in the middle of a line: the characters that CommonMark and
/// GFM read as markup there (emphasis, code, links, images, HTML, entities, table cells,
/// strikethrough) are backslash-escaped, and line breaks become spaces, so that a message stays
/// on its list item or table row. (Line-start markup such as `#` or `-` never applies: every
/// escaped text follows other text on its line.)
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` as an inline code span on one line: its fence is longer than any run of backticks in
/// it, and it is padded with spaces so that a backtick at either end stays inside.
pub fn code_span(text: &str) -> String {
    let one_line = text.replace(['\n', '\r'], " ");
    let longest = one_line
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    format!("{fence} {one_line} {fence}")
}

/// `text` in a fenced code block whose fence is longer than any run of backticks inside it.
fn code_block(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{}\n{fence}", text.trim_end())
}
