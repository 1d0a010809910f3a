use super::{ExerciseReport, Report, Reporter, Status};
use crate::engine::catalogue::Visibility;
use grader_protocol::FALLBACK_FIGURE_SUFFIX;
use std::cell::Cell;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One self-contained HTML page: the score, every check with its message, and each exercise's
/// figures embedded (as data URIs, so the page needs no network and no other file), the
/// student's beside the reference figure when the course has one
/// (`exercises/<name>/figures/<same file name>`).
pub struct Html {
    /// Where report figure paths are relative to, and where the reference figures are.
    pub course_root: PathBuf,
}

/// Also the class report's: one escaping of untrusted text for every page.
/// `text` as HTML text: markup escaped, and control characters (which HTML forbids, and a
/// student's code or file names may hold) shown as visible escapes.
pub(crate) fn escape(text: &str) -> String {
    // quoted-attribute escaping (`&`, `<`, `>`, `"`, `'`): one function for text and attributes
    html_escape::encode_quoted_attribute(&crate::engine::sanitize::visible(text)).into_owned()
}

/// The most bytes of figures one page inlines: a course's figures are a few hundred KiB, so
/// the budget holds every honest one, and a submission's huge "figures" cannot make the page
/// (or the grader's memory) huge. What does not fit is named on the page instead.
pub const FIGURE_BUDGET_BYTES: u64 = 16 << 20;

/// An SVG file as an `<img>` source, taken from `budget`; `Err` with the file's size when it
/// does not fit, `Ok(None)` when it cannot be read.
fn svg_data_uri(path: &Path, budget: &Cell<u64>) -> Result<Option<String>, u64> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(None);
    };
    if !meta.is_file() {
        return Ok(None);
    }
    if meta.len() > budget.get() {
        return Err(meta.len());
    }
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(None);
    };
    budget.set(budget.get().saturating_sub(bytes.len() as u64));
    Ok(Some(format!(
        "data:image/svg+xml;base64,{}",
        base64(&bytes)
    )))
}

/// The note that stands for a figure the page's budget could not hold.
fn left_out(name: &str, size: u64) -> String {
    format!(
        "<p>{} ({} KiB) is left out: this page inlines at most {} MiB of figures. Open the file itself.</p>",
        escape(name),
        size / 1024,
        FIGURE_BUDGET_BYTES >> 20
    )
}

/// `bytes` in standard base64, as data URIs take it.
pub(crate) fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{margin-bottom:0}.score{font-size:1.4em;margin:.3em 0 1.2em}
section{border:1px solid #ddd;border-radius:8px;padding:.5em 1em 1em;margin:1em 0}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3em .5em;border-bottom:1px solid #eee;vertical-align:top}
.status{font-weight:bold;white-space:nowrap}.pass{color:#1a7f37}.fail,.error,.timeout,.compile_error,.rejected{color:#cf222e}.not_implemented{color:#9a6700}
pre{white-space:pre-wrap;margin:.2em 0;font-size:.9em}.figures{display:flex;gap:1em;flex-wrap:wrap}
figure{margin:0;flex:1 1 480px;min-width:0}figure img{width:100%;border:1px solid #eee;background:#fff}figcaption{font-size:.9em;color:#555}
td pre,td{overflow-wrap:anywhere;word-break:break-word}
@media (max-width:600px){body{margin:1em auto;padding:0 .5em}h2{font-size:1.15em}
table,tbody,tr,td{display:block;width:auto}tr:first-child{display:none}tr{border-bottom:1px solid #ddd;padding:.4em 0}
td{border:0;padding:.1em .3em}figure{flex-basis:100%}}";

impl Html {
    fn exercise(
        &self,
        out: &mut String,
        exercise: &ExerciseReport,
        budget: &Cell<u64>,
    ) -> std::fmt::Result {
        writeln!(
            out,
            "<section id=\"{0}\"><h2>{0}: {1} <span class=\"{2}\">{3}/{4}</span></h2>",
            escape(&exercise.name),
            escape(&exercise.title),
            exercise.status.as_str(),
            exercise.score,
            exercise.max_score
        )?;
        if let Some(message) = &exercise.message {
            writeln!(
                out,
                "<pre class=\"{}\">{}</pre>",
                exercise.status.as_str(),
                escape(message)
            )?;
        }
        writeln!(
            out,
            "<table><tr><th>status</th><th>check</th><th>points</th><th>message</th></tr>"
        )?;
        for check in &exercise.checks {
            let hidden = if check.visibility == Visibility::Hidden {
                " (hidden)"
            } else {
                ""
            };
            writeln!(
                out,
                "<tr id=\"{}-{}\"><td class=\"status {}\">{}</td><td>{}{hidden}</td><td>{}/{}</td><td><pre>{}</pre></td></tr>",
                escape(&exercise.name),
                escape(&check.id),
                check.status.as_str(),
                check.status.as_str().replace('_', " "),
                escape(&check.title),
                check.points,
                check.max_points,
                escape(&check.message)
            )?;
        }
        writeln!(out, "</table>")?;
        if exercise.withheld_checks > 0 {
            writeln!(
                out,
                "<p>Your teacher's grading adds {} hidden check(s) worth {} point(s).</p>",
                exercise.withheld_checks, exercise.withheld_points
            )?;
        }
        for figure in &exercise.figures {
            let student = self.course_root.join(figure);
            let name = student
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            // A figure drawn from the reference's numbers (the student's own function gave
            // none) pairs with the reference figure of the plain name, and says so.
            let fallback = format!("{FALLBACK_FIGURE_SUFFIX}.svg");
            let (reference_name, yours) = match name.strip_suffix(&fallback) {
                Some(stem) => (
                    format!("{stem}.svg"),
                    "Yours, drawn by your drawing code from the reference's numbers, because your own function did not return them",
                ),
                None => (name.clone(), "Yours, from your own numbers"),
            };
            let reference = self
                .course_root
                .join("exercises")
                .join(&exercise.name)
                .join("figures")
                .join(&reference_name);
            writeln!(out, "<div class=\"figures\">")?;
            match svg_data_uri(&student, budget) {
                Ok(Some(uri)) => writeln!(
                    out,
                    "<figure><img alt=\"your {0}\" src=\"{uri}\"><figcaption>{1}: {0}</figcaption></figure>",
                    escape(&name),
                    yours
                )?,
                Ok(None) => {}
                Err(size) => writeln!(out, "{}", left_out(&name, size))?,
            }
            match svg_data_uri(&reference, budget) {
                Ok(Some(uri)) => writeln!(
                    out,
                    "<figure><img alt=\"reference {0}\" src=\"{uri}\"><figcaption>Reference: {0}</figcaption></figure>",
                    escape(&reference_name)
                )?,
                Ok(None) => {}
                Err(size) => writeln!(out, "{}", left_out(&reference_name, size))?,
            }
            writeln!(out, "</div>")?;
        }
        writeln!(out, "</section>")
    }
}

impl Reporter for Html {
    fn render(&self, report: &Report) -> anyhow::Result<String> {
        let mut out = String::new();
        writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        )?;
        writeln!(
            out,
            "<title>Lesson 2.4 report: {}/{}</title>",
            report.score, report.max_score
        )?;
        writeln!(out, "<style>{STYLE}</style></head><body>")?;
        writeln!(out, "<h1>The Role of Activations: your report</h1>")?;
        let overall = if report.all_passed() {
            Status::Pass
        } else {
            Status::Fail
        };
        writeln!(
            out,
            "<p class=\"score {}\">Score: {}/{}</p><p>Graded {} with {}; sandbox: {}.</p>",
            overall.as_str(),
            report.score,
            report.max_score,
            escape(&report.subject),
            match report.seed {
                Some(seed) => format!("seed {seed}"),
                None => "your teacher's seed".to_string(),
            },
            escape(&report.sandbox)
        )?;
        let budget = Cell::new(FIGURE_BUDGET_BYTES);
        for exercise in &report.exercises {
            self.exercise(&mut out, exercise, &budget)?;
        }
        writeln!(out, "</body></html>")?;
        Ok(out)
    }
}
