//! The class report as one self-contained HTML page: charts inlined as data URIs, no script,
//! no other file but the students' own reports it links to. Everything a student wrote or
//! named (names, messages, code) is escaped.

use super::similarity::{ExerciseSimilarity, Pair, MATCHED_PAIRS};
use super::stats::{ClassStats, Named};
use crate::engine::report::{base64, escape};
use plotters::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Everything the page shows.
pub struct Page<'a> {
    pub title: &'a str,
    pub stats: &'a ClassStats,
    pub similarity: &'a [ExerciseSimilarity],
    /// (exercise, student) -> the student's files, (path, text), for the matched regions.
    pub code: &'a BTreeMap<(String, String), Vec<(String, String)>>,
    /// student -> the link to their report, relative to the page (already URL-encoded).
    pub links: &'a BTreeMap<String, String>,
    /// student -> (similarity, with whom, in which exercise): their highest.
    pub highest: &'a BTreeMap<String, (f64, String, String)>,
}

/// Pairs listed per exercise on the page (the JSON lists more).
pub const LISTED_PAIRS: usize = 15;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{margin-bottom:.2em}section{border:1px solid #ddd;border-radius:8px;padding:.5em 1em 1em;margin:1em 0}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3em .5em;border-bottom:1px solid #eee;vertical-align:top}
td{overflow-wrap:anywhere;word-break:break-word}.num{white-space:nowrap}
.charts{display:flex;gap:1em;flex-wrap:wrap}figure{margin:0;flex:1 1 300px;min-width:0}
figure img{width:100%;height:auto;border:1px solid #eee;background:#fff}figcaption{font-size:.9em;color:#555}
ul.failures{margin:0;padding-left:1.1em}ul.failures li{overflow-wrap:anywhere}
.low{color:#cf222e}.flag{color:#cf222e;font-weight:bold}
.pair{display:flex;gap:1em;flex-wrap:wrap}.pair>div{flex:1 1 300px;min-width:0}
pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85em;background:#f6f8fa;padding:.4em;margin:.2em 0}
mark{background:#fff3b0}.gap{color:#888}details{margin:.5em 0}summary{cursor:pointer}
@media (max-width:600px){body{margin:1em auto;padding:0 .5em}h2{font-size:1.15em}section{padding:.4em .6em .8em}
table,tbody,tr,td{display:block;width:auto}tr.head{display:none}tr{border-bottom:1px solid #ddd;padding:.4em 0}
td{border:0;padding:.1em .3em}td[data-label]::before{content:attr(data-label) \": \";color:#555}}";

impl Page<'_> {
    pub fn render(&self) -> anyhow::Result<String> {
        let mut out = String::new();
        writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style></head><body>",
            escape(self.title)
        )?;
        let stats = self.stats;
        let mean = stats.totals.iter().map(|&t| f64::from(t)).sum::<f64>()
            / stats.totals.len().max(1) as f64;
        writeln!(
            out,
            "<h1>{}</h1>\n<p>{} students, {} graded; mean total {:.1} of {}.</p>",
            escape(self.title),
            stats.students,
            stats.graded,
            mean,
            stats.max_score
        )?;
        self.scores(&mut out)?;
        self.checks(&mut out)?;
        self.problems(&mut out)?;
        self.similarity(&mut out)?;
        self.students(&mut out)?;
        writeln!(out, "</body></html>")?;
        Ok(out)
    }

    fn scores(&self, out: &mut String) -> anyhow::Result<()> {
        let stats = self.stats;
        writeln!(
            out,
            "<section id=\"scores\"><h2>Scores</h2><div class=\"charts\">"
        )?;
        let mut charts = vec![("Total".to_string(), stats.max_score, &stats.totals)];
        for exercise in &stats.exercises {
            charts.push((exercise.name.clone(), exercise.max_score, &exercise.scores));
        }
        for (name, max, scores) in charts {
            let svg = histogram(&name, max, scores)?;
            writeln!(
                out,
                "<figure><img alt=\"How many students scored what in {0}\" width=\"480\" height=\"300\" src=\"data:image/svg+xml;base64,{1}\"><figcaption>{0}: scores out of {2}, mean {3:.1}</figcaption></figure>",
                escape(&name),
                base64(svg.as_bytes()),
                max,
                scores.iter().map(|&s| f64::from(s)).sum::<f64>() / scores.len().max(1) as f64
            )?;
        }
        writeln!(out, "</div></section>")?;
        Ok(())
    }

    fn checks(&self, out: &mut String) -> std::fmt::Result {
        writeln!(
            out,
            "<section id=\"checks\"><h2>Checks, hardest first</h2>\n<p><b>Passed</b>: the share of graded students who passed (difficulty). <b>Discrimination</b>: the pass rate of the top third of the class by total score minus that of the bottom third. <b>r</b>: the correlation of passing with the total score (what PrairieLearn calls discrimination). Near 0 or negative, the check does not separate strong work from weak.</p>\n<table><tr class=\"head\"><th>check</th><th>passed</th><th>discrimination</th><th>r</th><th>most common messages of those who did not pass</th></tr>"
        )?;
        for check in &self.stats.checks {
            let low = if check.difficulty < 0.5 {
                " class=\"num low\""
            } else {
                " class=\"num\""
            };
            write!(
                out,
                "<tr><td data-label=\"check\">{}: {} ({} pt)</td><td data-label=\"passed\"{low}>{}/{} ({:.0}%)</td><td data-label=\"discrimination\" class=\"num\">{}</td><td data-label=\"r\" class=\"num\">{}</td><td data-label=\"failures\">",
                escape(&check.exercise),
                escape(&check.title),
                check.max_points,
                check.passed,
                check.students,
                100.0 * check.difficulty,
                signed(check.discrimination),
                signed(check.correlation)
            )?;
            if !check.failures.is_empty() {
                write!(out, "<ul class=\"failures\">")?;
                for failure in &check.failures {
                    write!(
                        out,
                        "<li>{}&times; {}</li>",
                        failure.count,
                        escape(&shorten(&failure.message, 300))
                    )?;
                }
                write!(out, "</ul>")?;
            }
            writeln!(out, "</td></tr>")?;
        }
        writeln!(out, "</table></section>")
    }

    fn problems(&self, out: &mut String) -> std::fmt::Result {
        let stats = self.stats;
        writeln!(
            out,
            "<section id=\"problems\"><h2>Not submitted, not built, rejected</h2>"
        )?;
        for (title, list) in [
            (
                "Not graded (no submission, or the grader could not grade it)",
                &stats.not_graded,
            ),
            (
                "Did not compile (or the exercise was missing)",
                &stats.did_not_compile,
            ),
            ("Rejected by the submission policy", &stats.rejected),
        ] {
            writeln!(out, "<h3>{title}: {}</h3>", list.len())?;
            if list.is_empty() {
                continue;
            }
            writeln!(out, "<ul>")?;
            for Named {
                student,
                exercise,
                why,
            } in list
            {
                write!(out, "<li>{}", self.student_link(student))?;
                if let Some(exercise) = exercise {
                    write!(out, ", {}", escape(exercise))?;
                }
                writeln!(out, ": {}</li>", escape(&shorten(why, 200)))?;
            }
            writeln!(out, "</ul>")?;
        }
        writeln!(out, "</section>")
    }

    fn similarity(&self, out: &mut String) -> std::fmt::Result {
        writeln!(
            out,
            "<section id=\"similarity\"><h2>Similar code</h2>\n<p>For each exercise, each student's own code (the stub's code and code that more than the common threshold of students share left out), compared as normalised tokens (names, literals, comments and layout ignored). <b>Similarity</b> is the share of the pair's fingerprints they have in common. A high similarity says two programs are alike token for token: it is a reason to look, not proof of copying (a short exercise, a hint followed closely or a shared tutorial give alike code too). A low one proves nothing either: code can be copied and rewritten.</p>"
        )?;
        for exercise in self.similarity {
            let flagged = exercise.pairs.iter().filter(|p| p.flagged).count();
            writeln!(
                out,
                "<h3>{}: {} flagged of {} pairs sharing code</h3>\n<p>{} students wrote code of their own; fingerprints held by more than {} students ignored ({} of them).</p>",
                escape(&exercise.exercise),
                flagged,
                exercise.pairs.len() + exercise.pairs_not_listed,
                exercise.students_with_code,
                exercise.common_threshold,
                exercise.common_ignored
            )?;
            for unlexable in &exercise.unlexable {
                writeln!(
                    out,
                    "<p>Not compared (does not lex as Rust): {}</p>",
                    escape(unlexable)
                )?;
            }
            if exercise.pairs.is_empty() {
                continue;
            }
            writeln!(out, "<table><tr class=\"head\"><th>students</th><th>similarity</th><th>shared fingerprints</th></tr>")?;
            for pair in exercise.pairs.iter().take(LISTED_PAIRS) {
                let class = if pair.flagged { "num flag" } else { "num" };
                writeln!(
                    out,
                    "<tr><td data-label=\"students\">{} and {}</td><td data-label=\"similarity\" class=\"{class}\">{:.0}%{}</td><td data-label=\"shared\" class=\"num\">{} (of {} and {})</td></tr>",
                    self.student_link(&pair.a),
                    self.student_link(&pair.b),
                    100.0 * pair.similarity,
                    if pair.flagged { " flagged" } else { "" },
                    pair.shared,
                    pair.a_fingerprints,
                    pair.b_fingerprints
                )?;
            }
            writeln!(out, "</table>")?;
            for pair in exercise.pairs.iter().take(MATCHED_PAIRS) {
                self.matched(out, pair)?;
            }
        }
        writeln!(out, "</section>")
    }

    /// The two students' matched lines side by side (one above the other on a phone), with a
    /// line of context and the rest elided.
    fn matched(&self, out: &mut String, pair: &Pair) -> std::fmt::Result {
        writeln!(
            out,
            "<details><summary>{} and {} in {}: {:.0}%, the matched lines</summary><div class=\"pair\">",
            escape(&pair.a),
            escape(&pair.b),
            escape(&pair.exercise),
            100.0 * pair.similarity
        )?;
        for (student, lines) in [(&pair.a, &pair.a_lines), (&pair.b, &pair.b_lines)] {
            writeln!(out, "<div><h4>{}</h4>", escape(student))?;
            let files = self
                .code
                .get(&(pair.exercise.clone(), student.clone()))
                .map(Vec::as_slice)
                .unwrap_or_default();
            for (path, text) in files {
                let marked: BTreeSet<u32> = lines
                    .iter()
                    .filter(|(file, _)| file == path)
                    .map(|(_, line)| *line)
                    .collect();
                if marked.is_empty() {
                    continue;
                }
                write!(out, "<p>src/{}</p><pre>", escape(path))?;
                let mut last_shown = 0;
                for (index, line) in text.lines().enumerate() {
                    let number = index as u32 + 1;
                    let near = (number.saturating_sub(1)..=number + 1).any(|n| marked.contains(&n));
                    if !near {
                        continue;
                    }
                    if last_shown != 0 && number > last_shown + 1 {
                        writeln!(out, "<span class=\"gap\">⋮</span>")?;
                    }
                    last_shown = number;
                    let shown = format!("{number:4} {}", escape(line));
                    if marked.contains(&number) {
                        writeln!(out, "<mark>{shown}</mark>")?;
                    } else {
                        writeln!(out, "{shown}")?;
                    }
                }
                writeln!(out, "</pre>")?;
            }
            writeln!(out, "</div>")?;
        }
        writeln!(out, "</div></details>")
    }

    fn students(&self, out: &mut String) -> std::fmt::Result {
        writeln!(
            out,
            "<section id=\"students\"><h2>Each student's report</h2><ul>"
        )?;
        for student in self.links.keys() {
            write!(out, "<li>{}", self.student_link(student))?;
            if let Some((similarity, with, exercise)) = self.highest.get(student) {
                write!(
                    out,
                    ": most alike {} in {} ({:.0}%)",
                    escape(with),
                    escape(exercise),
                    100.0 * similarity
                )?;
            }
            writeln!(out, "</li>")?;
        }
        writeln!(out, "</ul></section>")
    }

    fn student_link(&self, student: &str) -> String {
        match self.links.get(student) {
            Some(link) => format!("<a href=\"{}\">{}</a>", escape(link), escape(student)),
            None => escape(student),
        }
    }
}

fn signed(value: Option<f64>) -> String {
    value
        .map(|v| format!("{v:+.2}"))
        .unwrap_or_else(|| "n/a".to_string())
}

fn shorten(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// A bar chart of how many students got each score band, as an SVG document.
fn histogram(name: &str, max: u32, scores: &[u32]) -> anyhow::Result<String> {
    // about ten bands, each a whole number of points
    let width = max.div_ceil(10).max(1);
    let bands = max / width + 1;
    let mut counts = vec![0u32; bands as usize];
    for &score in scores {
        counts[(score.min(max) / width) as usize] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(0).max(1);
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (480, 300)).into_drawing_area();
        area.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&area)
            .caption(name, ("sans-serif", 20))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(40)
            .build_cartesian_2d(0f64..f64::from(bands * width), 0u32..top + 1)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc("score")
            .y_desc("students")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .draw()?;
        chart.draw_series(counts.iter().enumerate().map(|(band, &count)| {
            let left = f64::from(band as u32 * width);
            Rectangle::new(
                [(left + 0.05, 0), (left + f64::from(width) - 0.05, count)],
                RGBColor(31, 119, 180).filled(),
            )
        }))?;
        area.present()?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::teacher::class_report::stats::{CheckStats, ExerciseScores, FailureGroup};

    /// Whatever a student controls (their name, the messages their code produced, their code)
    /// reaches the page as text, never as markup.
    #[test]
    fn student_data_is_text_on_the_page() -> anyhow::Result<()> {
        let evil = "<script>alert(1)</script>";
        let name = format!("\"><img src=x onerror=alert(1)>{evil}");
        let named = |exercise: Option<&str>| Named {
            student: name.clone(),
            exercise: exercise.map(String::from),
            why: evil.to_string(),
        };
        let stats = ClassStats {
            students: 2,
            graded: 2,
            max_score: 4,
            totals: vec![4, 0],
            exercises: vec![ExerciseScores {
                name: "ex".into(),
                title: "An exercise".into(),
                max_score: 4,
                scores: vec![4, 0],
                mean: 2.0,
            }],
            checks: vec![CheckStats {
                exercise: "ex".into(),
                id: "a".into(),
                title: "check a".into(),
                max_points: 4,
                students: 2,
                passed: 1,
                difficulty: 0.5,
                discrimination: None,
                correlation: None,
                failures: vec![FailureGroup {
                    message: evil.into(),
                    count: 1,
                }],
            }],
            not_graded: vec![named(None)],
            did_not_compile: vec![named(Some("ex"))],
            rejected: vec![named(Some("ex"))],
        };
        let pair = Pair {
            exercise: "ex".into(),
            a: name.clone(),
            b: "bob".into(),
            similarity: 0.9,
            shared: 10,
            a_fingerprints: 11,
            b_fingerprints: 11,
            flagged: true,
            a_lines: BTreeSet::from([("lib.rs".to_string(), 1)]),
            b_lines: BTreeSet::from([("lib.rs".to_string(), 1)]),
        };
        let similarity = vec![ExerciseSimilarity {
            exercise: "ex".into(),
            students_with_code: 2,
            common_threshold: 3,
            common_ignored: 0,
            unlexable: vec![format!("{name}: lib.rs {evil}")],
            pairs: vec![pair],
            pairs_not_listed: 0,
            highest: Vec::new(),
        }];
        let code_line = format!("let x = 1; // </pre>{evil}");
        let code = BTreeMap::from([
            (
                ("ex".to_string(), name.clone()),
                vec![("lib.rs".to_string(), code_line.clone())],
            ),
            (
                ("ex".to_string(), "bob".to_string()),
                vec![("lib.rs".to_string(), code_line)],
            ),
        ]);
        let links = BTreeMap::from([(name.clone(), "grades-reports/x.html".to_string())]);
        let highest = BTreeMap::from([(name.clone(), (0.9, "bob".to_string(), "ex".to_string()))]);
        let page = Page {
            title: "Class report",
            stats: &stats,
            similarity: &similarity,
            code: &code,
            links: &links,
            highest: &highest,
        }
        .render()?;
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("<img src=x"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        // the matched line is shown, marked
        assert!(
            page.contains("<mark>   1 let x = 1; // &lt;/pre&gt;"),
            "{page}"
        );
        Ok(())
    }
}
