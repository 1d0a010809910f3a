//! Reads the SVG figures students draw with plotters: its curves and its text.

use crate::checks::Failure;
use std::path::Path;

/// What a figure shows, as far as a check can read it.
#[derive(Debug, Clone, Default)]
pub struct Figure {
    /// The plotted curves, in pixels (y pointing down): each is the strokes of one colour that
    /// follow on from each other left to right (a dashed or dotted line, a curve drawn in
    /// pieces), of at least [`MIN_CURVE_POINTS`] points. Legend keys are not curves; an axis
    /// and its ticks may join into a short one, which no check counts (each asks for curves of
    /// at least as many points as half the data's).
    pub curves: Vec<Vec<(f64, f64)>>,
    /// The colour of each of [`Figure::curves`], when it has one (lower case).
    pub strokes: Vec<Option<String>>,
    /// The text of every `<text>` element (titles, axis labels, legend entries, tick labels).
    pub texts: Vec<String>,
    /// The same texts, where they are: see [`crate::layout`].
    pub placed: Vec<Placed>,
    /// The legend's entries: each text that has a key (a short line, a marker or a small
    /// rectangle) drawn just left of it, and the key's colour.
    pub legend: Vec<LegendEntry>,
}

/// One entry of a legend.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub text: String,
    pub colour: Option<String>,
    /// Where the entry's text is anchored, in pixels.
    pub x: f64,
    pub y: f64,
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

/// A line with fewer points is a legend sample or an axis, not a plotted curve, unless it is
/// one of several pieces of one colour that follow on from each other.
pub const MIN_CURVE_POINTS: usize = 10;

/// The widest gap, in pixels, between one piece of a curve and the next (a dash's spacing, a
/// dotted line's): narrower than the gap between two charts side by side, so also how far the
/// ends of two curves of one chart may lie from each other.
pub const CHAIN_GAP: f64 = 15.0;

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

/// A stroke of the figure before it is read: a polyline or a marker, and its colour.
struct Piece {
    points: Vec<(f64, f64)>,
    colour: Option<String>,
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
    let mut pieces: Vec<Piece> = Vec::new();
    // small filled rectangles: legend keys, never curves
    let mut boxes: Vec<Piece> = Vec::new();
    let mut sizes: Vec<f64> = Vec::new();
    let mut middles: Vec<f64> = Vec::new();
    for node in document.descendants() {
        let number = |name: &str| {
            node.attribute(name)
                .and_then(|value| value.trim().trim_end_matches("px").parse::<f64>().ok())
                .unwrap_or(f64::NAN)
        };
        let colour = |name: &str| {
            node.attribute(name)
                .map(|value| value.trim().to_lowercase())
                .filter(|value| value != "none")
        };
        match node.tag_name().name() {
            "polyline" => {
                let mut points = parse_points(node.attribute("points").unwrap_or(""));
                if points.first().map(|p| p.0) > points.last().map(|p| p.0) {
                    points.reverse();
                }
                if !points.is_empty() {
                    pieces.push(Piece {
                        points,
                        colour: colour("stroke"),
                    });
                }
            }
            "circle" => {
                let (x, y) = (number("cx"), number("cy"));
                if x.is_finite() && y.is_finite() {
                    pieces.push(Piece {
                        points: vec![(x, y)],
                        colour: colour("fill").or_else(|| colour("stroke")),
                    });
                }
            }
            "rect" => {
                let (x, y, w, h) = (number("x"), number("y"), number("width"), number("height"));
                if w > 0.0 && h > 0.0 && w <= 40.0 && h <= 40.0 {
                    boxes.push(Piece {
                        points: vec![(x, y), (x + w, y + h)],
                        colour: colour("fill").or_else(|| colour("stroke")),
                    });
                }
            }
            "text" => {
                let text: String = node
                    .descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect();
                if !text.trim().is_empty() {
                    figure.texts.push(text.trim().to_string());
                    figure.placed.push(Placed {
                        text: text.trim().to_string(),
                        x: number("x"),
                        y: number("y"),
                        rotated: node
                            .attribute("transform")
                            .is_some_and(|transform| transform.contains("rotate")),
                    });
                    let size = number("font-size");
                    let size = if size > 0.0 { size } else { 12.0 };
                    // where the glyphs' middle is: the baseline (y, moved by dy), less about
                    // half an x-height
                    let dy = node.attribute("dy").map_or(0.0, |dy| {
                        let dy = dy.trim();
                        match dy.strip_suffix("em") {
                            Some(ems) => ems.parse::<f64>().map_or(0.0, |ems| ems * size),
                            None => dy.trim_end_matches("px").parse().unwrap_or(0.0),
                        }
                    });
                    middles.push(number("y") + dy - 0.35 * size);
                    sizes.push(size);
                }
            }
            _ => {}
        }
    }
    let keys = read_legend(&mut figure, &pieces, &boxes, &sizes, &middles);
    let pieces: Vec<Piece> = pieces
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !keys.contains(i))
        .map(|(_, piece)| piece)
        .collect();
    for curve in chain(pieces) {
        figure.curves.push(curve.points);
        figure.strokes.push(curve.colour);
    }
    Ok(figure)
}

/// Finds the legend: each text (not rotated) with a key just left of it, a short flat line, a
/// marker or a small rectangle whose right end is at most 30 pixels before the text and whose
/// middle is level with the text's (within its font size; the nearest, when entries are close).
/// Returns the pieces used as keys.
fn read_legend(
    figure: &mut Figure,
    pieces: &[Piece],
    boxes: &[Piece],
    sizes: &[f64],
    middles: &[f64],
) -> Vec<usize> {
    let mut used = Vec::new();
    for ((text, &size), &text_middle) in figure.placed.iter().zip(sizes).zip(middles) {
        if text.rotated {
            continue;
        }
        let level = |bounds: &crate::layout::Bounds| {
            let middle = (bounds.top + bounds.bottom) / 2.0;
            bounds.right <= text.x - 0.5
                && bounds.right >= text.x - 30.0
                && (middle - text_middle).abs() <= size
        };
        let short = |piece: &Piece| {
            let bounds = crate::layout::Bounds::of(&piece.points);
            piece.points.len() < MIN_CURVE_POINTS
                && bounds.right - bounds.left <= 40.0
                && bounds.bottom - bounds.top <= 4.0
                && level(&bounds)
        };
        let line = nearest(pieces, &short, text_middle);
        let boxed = nearest(
            boxes,
            &|piece| level(&crate::layout::Bounds::of(&piece.points)),
            text_middle,
        );
        let key = match (line, boxed) {
            (Some((i, piece)), _) => {
                used.push(i);
                Some(piece)
            }
            (None, Some((_, piece))) => Some(piece),
            (None, None) => None,
        };
        if let Some(key) = key {
            figure.legend.push(LegendEntry {
                text: text.text.clone(),
                colour: key.colour.clone(),
                x: text.x,
                y: text.y,
            });
        }
    }
    used
}

/// Of the `pieces` that `fits`, the one whose middle is nearest `middle` (the rightmost of
/// equals), and its index.
fn nearest<'a>(
    pieces: &'a [Piece],
    fits: &dyn Fn(&Piece) -> bool,
    middle: f64,
) -> Option<(usize, &'a Piece)> {
    let off = |piece: &Piece| {
        let bounds = crate::layout::Bounds::of(&piece.points);
        ((bounds.top + bounds.bottom) / 2.0 - middle).abs() - bounds.right * 1e-6
    };
    pieces
        .iter()
        .enumerate()
        .filter(|(_, piece)| fits(piece))
        .min_by(|(_, a), (_, b)| off(a).total_cmp(&off(b)))
}

/// Joins the pieces of one colour that follow on from each other (each starting at most
/// [`CHAIN_GAP`] pixels right of where the last ended) into curves, and keeps those of at least
/// [`MIN_CURVE_POINTS`] points. A vertical piece (an axis, a tick, a step's riser) joins
/// nothing.
fn chain(mut pieces: Vec<Piece>) -> Vec<Piece> {
    pieces.retain(|piece| {
        let bounds = crate::layout::Bounds::of(&piece.points);
        piece.points.len() == 1 || bounds.right - bounds.left >= 0.5
    });
    pieces.sort_by(|a, b| a.points[0].0.total_cmp(&b.points[0].0));
    let width = |points: &[(f64, f64)]| {
        let bounds = crate::layout::Bounds::of(points);
        bounds.right - bounds.left
    };
    let mut chains: Vec<Piece> = Vec::new();
    for piece in pieces {
        let (first_x, first_y) = piece.points[0];
        // a stroke of a curve's width does not continue a tick mark (the axis's, in the
        // curve's colour): only pieces as short as dashes follow on from short pieces
        let long = piece.points.len() >= MIN_CURVE_POINTS || width(&piece.points) > SHORT;
        let follows = chains
            .iter()
            .enumerate()
            .filter(|(_, chain)| {
                let last = chain.points[chain.points.len() - 1].0;
                chain.colour == piece.colour
                    && last <= first_x + 1.0
                    && last >= first_x - CHAIN_GAP
                    && !(long && width(&chain.points) <= SHORT)
            })
            .min_by(|(_, a), (_, b)| {
                let gap = |chain: &Piece| (chain.points[chain.points.len() - 1].1 - first_y).abs();
                gap(a).total_cmp(&gap(b))
            })
            .map(|(i, _)| i);
        match follows {
            Some(i) => chains[i].points.extend(piece.points),
            None => chains.push(piece),
        }
    }
    chains.retain(|chain| chain.points.len() >= MIN_CURVE_POINTS);
    // a line with markers on its points is one curve drawn twice: the second goes
    let bounds: Vec<crate::layout::Bounds> = chains
        .iter()
        .map(|chain| crate::layout::Bounds::of(&chain.points))
        .collect();
    let same = |a: &crate::layout::Bounds, b: &crate::layout::Bounds| {
        (a.left - b.left).abs() <= 3.0
            && (a.right - b.right).abs() <= 3.0
            && (a.top - b.top).abs() <= 3.0
            && (a.bottom - b.bottom).abs() <= 3.0
    };
    let kept: Vec<bool> = (0..chains.len())
        .map(|i| {
            !(0..i).any(|j| chains[j].colour == chains[i].colour && same(&bounds[i], &bounds[j]))
        })
        .collect();
    chains
        .into_iter()
        .zip(kept)
        .filter_map(|(chain, kept)| kept.then_some(chain))
        .collect()
}

/// The widest a dash or a tick mark is, in pixels.
const SHORT: f64 = 20.0;

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
