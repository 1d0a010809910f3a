//! Reads the SVG figures students draw with plotters: its curves and its text.

use crate::checks::Failure;
use std::path::Path;

/// What a figure shows, as far as a check can read it.
#[derive(Debug, Clone, Default)]
pub struct Figure {
    /// Every `<polyline>` with at least `MIN_CURVE_POINTS` points, in pixels (y pointing down).
    pub curves: Vec<Vec<(f64, f64)>>,
    /// The colour (`stroke`) of each of [`Figure::curves`], when it has one.
    pub strokes: Vec<Option<String>>,
    /// The text of every `<text>` element (titles, axis labels, legend entries, tick labels).
    pub texts: Vec<String>,
    /// The same texts, where they are: see [`crate::layout`].
    pub placed: Vec<Placed>,
}

/// A text of the figure and where it is anchored, in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub text: String,
    pub x: f64,
    pub y: f64,
    /// Turned (`transform="rotate(...)"`): a y axis label.
    pub rotated: bool,
}

/// A line with fewer points is a legend sample or an axis, not a plotted curve.
pub const MIN_CURVE_POINTS: usize = 10;

impl Figure {
    /// Fails unless at least `count` curves have `min_points` points or more; `layout` says
    /// what they are ("one per panel").
    pub fn expect_curves(
        &self,
        count: usize,
        min_points: usize,
        layout: &str,
    ) -> Result<(), Failure> {
        let plotted = self.curves.iter().filter(|c| c.len() >= min_points).count();
        if plotted < count {
            return Err(Failure(format!(
                "the SVG shows {plotted} curves of at least {min_points} points, expected {count} ({layout})"
            )));
        }
        Ok(())
    }

    /// Whether some text of the figure is `text`, but for surrounding spaces.
    pub fn has_text(&self, text: &str) -> bool {
        self.texts.iter().any(|t| t.trim() == text)
    }

    /// Whether some text of the figure contains `word`, ignoring case.
    pub fn mentions(&self, word: &str) -> bool {
        let word = word.to_lowercase();
        self.texts
            .iter()
            .any(|text| text.to_lowercase().contains(&word))
    }
}

/// Reads and parses the SVG file at `path`.
pub fn read_figure(path: &Path) -> Result<Figure, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| Failure(format!("no figure at {}: {err}", path.display())))?;
    parse_figure(&text)
        .map_err(|err| Failure(format!("{} is not valid SVG: {err}", path.display())))
}

/// Parses SVG text into a [`Figure`].
pub fn parse_figure(text: &str) -> Result<Figure, String> {
    let document = roxmltree::Document::parse(text).map_err(|err| err.to_string())?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        return Err(format!(
            "the root element is <{}>, not <svg>",
            root.tag_name().name()
        ));
    }
    let mut figure = Figure::default();
    for node in document.descendants() {
        match node.tag_name().name() {
            "polyline" => {
                let points = parse_points(node.attribute("points").unwrap_or(""));
                if points.len() >= MIN_CURVE_POINTS {
                    figure.curves.push(points);
                    figure
                        .strokes
                        .push(node.attribute("stroke").map(str::to_string));
                }
            }
            "text" => {
                let text: String = node
                    .descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect();
                if !text.trim().is_empty() {
                    let number = |name: &str| {
                        node.attribute(name)
                            .and_then(|value| value.trim().parse::<f64>().ok())
                            .unwrap_or(f64::NAN)
                    };
                    figure.texts.push(text.trim().to_string());
                    figure.placed.push(Placed {
                        text: text.trim().to_string(),
                        x: number("x"),
                        y: number("y"),
                        rotated: node
                            .attribute("transform")
                            .is_some_and(|transform| transform.contains("rotate")),
                    });
                }
            }
            _ => {}
        }
    }
    Ok(figure)
}

fn parse_points(points: &str) -> Vec<(f64, f64)> {
    points
        .split_whitespace()
        .filter_map(|pair| {
            let (x, y) = pair.split_once(',')?;
            Some((x.trim().parse().ok()?, y.trim().parse().ok()?))
        })
        .collect()
}

/// The figure check's drawings, both with the student's `draw`: the one the student will look
/// at (kept as `<stem>.svg`, shown in the HTML report), from the student's own numbers when
/// `own` gives them (a panic or an error counts as not), otherwise from `reference`, as
/// `<stem>-from-reference-numbers.svg` so that the report says so; and the one that is graded,
/// of `reference` (numbers known to be right) into `<stem>.reference-drawing` (not `.svg`: not
/// kept), read back. Only the graded drawing can fail the check: the checks grade the numbers
/// and the drawing on their own.
pub fn draw_and_read<T, E: std::fmt::Display>(
    work_dir: &Path,
    stem: &str,
    own: impl FnOnce() -> Option<T>,
    reference: &T,
    draw: impl Fn(&T, &Path) -> Result<(), E>,
) -> Result<Figure, Failure> {
    let own = std::panic::catch_unwind(std::panic::AssertUnwindSafe(own))
        .ok()
        .flatten();
    let _ = match &own {
        Some(numbers) => draw(numbers, &work_dir.join(format!("{stem}.svg"))),
        None => draw(
            reference,
            &work_dir.join(format!(
                "{stem}{}.svg",
                grader_protocol::FALLBACK_FIGURE_SUFFIX
            )),
        ),
    };
    draw_reference(work_dir, stem, reference, draw)
}

/// The student's `draw` of `reference` (numbers known to be right), into
/// `<stem>.reference-drawing` (not `.svg`: not kept), read back: the drawing a figure check
/// grades.
pub fn draw_reference<T, E: std::fmt::Display>(
    work_dir: &Path,
    stem: &str,
    reference: &T,
    draw: impl Fn(&T, &Path) -> Result<(), E>,
) -> Result<Figure, Failure> {
    let path = work_dir.join(format!("{stem}.reference-drawing"));
    draw(reference, &path)
        .map_err(|err| Failure(format!("draw_figure returned an error: {err:#}")))?;
    read_figure(&path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_curves_and_texts() {
        let points: Vec<String> = (0..20).map(|i| format!("{i},{}", i * 2)).collect();
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg"><text>ReLU</text>
            <polyline points="{}"/><polyline points="0,0 1,1"/></svg>"#,
            points.join(" ")
        );
        let figure = parse_figure(&svg).expect("valid svg");
        assert_eq!(figure.curves.len(), 1);
        assert_eq!(figure.curves[0][3], (3.0, 6.0));
        assert!(figure.mentions("relu"));
        assert!(!figure.mentions("tanh"));
        assert!(parse_figure("<html></html>").is_err());
        assert!(parse_figure("not xml").is_err());
    }
}
