//! Where things are in a figure: captions, the panel each curve is drawn in, axis labels, and
//! whether a curve has the shape of the function it should show, all read from positions in
//! the SVG (pixels, y pointing down), so that a figure is checked for its layout and not only
//! for its ingredients.

use crate::checks::Failure;
use crate::svg::{Figure, Placed};

/// A curve's extent in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Bounds {
    pub fn of(points: &[(f64, f64)]) -> Bounds {
        let mut bounds = Bounds {
            left: f64::INFINITY,
            right: f64::NEG_INFINITY,
            top: f64::INFINITY,
            bottom: f64::NEG_INFINITY,
        };
        for &(x, y) in points {
            bounds.left = bounds.left.min(x);
            bounds.right = bounds.right.max(x);
            bounds.top = bounds.top.min(y);
            bounds.bottom = bounds.bottom.max(y);
        }
        bounds
    }
}

impl Figure {
    /// The caption `title`: the topmost text that is exactly `title` and not rotated (a rotated
    /// one labels a y axis).
    pub fn caption(&self, title: &str) -> Option<&Placed> {
        self.placed
            .iter()
            .filter(|text| !text.rotated && text.text == title)
            .min_by(|a, b| a.y.total_cmp(&b.y))
    }

    /// The curves of at least `min_points` points, by index into [`Figure::curves`].
    pub fn long_curves(&self, min_points: usize) -> Vec<usize> {
        (0..self.curves.len())
            .filter(|&i| self.curves[i].len() >= min_points)
            .collect()
    }

    /// Which of `captions` each long curve is drawn under: the lowest caption above the curve
    /// whose x lies within the curve's horizontal extent. `None` for a curve under none.
    pub fn panel_of(&self, curve: usize, captions: &[&Placed]) -> Option<usize> {
        let bounds = Bounds::of(&self.curves[curve]);
        (0..captions.len())
            .filter(|&i| {
                let c = captions[i];
                c.x >= bounds.left - 1.0 && c.x <= bounds.right + 1.0 && c.y <= bounds.top + 1.0
            })
            .max_by(|&a, &b| captions[a].y.total_cmp(&captions[b].y))
    }

    /// Whether the curve `curve` is a horizontal line (a reference line, such as y = 0): all
    /// but a few of its points (a tick mark it continues) at one height.
    pub fn is_flat(&self, curve: usize) -> bool {
        let points = &self.curves[curve];
        let mut heights: Vec<f64> = points.iter().map(|p| p.1).collect();
        heights.sort_by(f64::total_cmp);
        let middle = heights[heights.len() / 2];
        let off = heights
            .iter()
            .filter(|&&y| (y - middle).abs() > 1.0)
            .count();
        off <= 4
    }

    /// The curves drawn in the colour of the legend entry `text`, if it has one.
    pub fn legend_colour(&self, text: &str) -> Option<&Option<String>> {
        self.legend
            .iter()
            .find(|entry| entry.text == text)
            .map(|entry| &entry.colour)
    }

    /// Whether a text exactly `label`, not rotated, sits below the curve `curve` and within its
    /// horizontal extent: the x axis label of the chart the curve is drawn in.
    pub fn x_label_under(&self, curve: usize, label: &str) -> bool {
        let bounds = Bounds::of(&self.curves[curve]);
        self.placed.iter().any(|text| {
            !text.rotated
                && text.text == label
                && text.x >= bounds.left
                && text.x <= bounds.right
                && text.y >= bounds.bottom
        })
    }
}

/// How far the curves' pixels may stray from the functions' shape, as a fraction of their
/// height: plotters rounds to whole pixels, about 0.5% of a chart of 200 pixels.
pub const SHAPE_TOLERANCE: f64 = 0.03;

/// Whether `curves` (in pixels, drawn on one chart: one y scale) have the shapes of `fs` over
/// `[from, to]`, curve `i` that of `fs[i]`: both are scaled to the unit square by their joint
/// extent (x to the curve's own, y to all of them together, pointing up), and each pixel must be
/// within [`SHAPE_TOLERANCE`] of the function's value at some z within 1% of the range of its
/// own z (so that a step may be drawn a pixel to either side).
pub fn shapes_match(
    curves: &[&[(f64, f64)]],
    fs: &[&dyn Fn(f64) -> f64],
    (from, to): (f64, f64),
) -> bool {
    if curves.len() != fs.len() || curves.is_empty() {
        return false;
    }
    let samples = 400;
    let grid: Vec<f64> = (0..=samples)
        .map(|i| from + (to - from) * i as f64 / samples as f64)
        .collect();
    let values: Vec<Vec<f64>> = fs
        .iter()
        .map(|f| grid.iter().map(|&z| f(z)).collect())
        .collect();
    let (low, high) = values
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let all: Vec<(f64, f64)> = curves.iter().flat_map(|c| c.iter().copied()).collect();
    let pixels = Bounds::of(&all);
    if !above(high, low) || !above(pixels.bottom, pixels.top) {
        return false;
    }
    curves.iter().zip(&values).all(|(curve, values)| {
        let own = Bounds::of(curve);
        if !above(own.right, own.left) {
            return false;
        }
        curve.iter().all(|&(x, y)| {
            let u = (x - own.left) / (own.right - own.left);
            let v = (pixels.bottom - y) / (pixels.bottom - pixels.top);
            let at = u * samples as f64;
            let near = (samples as f64 * 0.01).ceil() as usize;
            let first = (at.floor() as usize).saturating_sub(near);
            let last = ((at.ceil() as usize) + near).min(samples);
            let near: Vec<f64> = (first..=last)
                .map(|i| (values[i] - low) / (high - low))
                .collect();
            let (least, most) = near
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, m), &u| {
                    (l.min(u), m.max(u))
                });
            // on the function, or on the riser of a jump within the window (a line drawn
            // across the jump, which a dashed line marks with points of its own)
            near.iter().any(|u| (u - v).abs() <= SHAPE_TOLERANCE)
                || (most - least > 10.0 * SHAPE_TOLERANCE
                    && v >= least - SHAPE_TOLERANCE
                    && v <= most + SHAPE_TOLERANCE)
        })
    })
}

/// `a > b`, false when either is NaN.
fn above(a: f64, b: f64) -> bool {
    a.partial_cmp(&b) == Some(std::cmp::Ordering::Greater)
}

/// One panel of a figure as the specification lays it out: its caption, and the functions of
/// its curves over the figure's z range (in any order within the panel).
pub struct Panel<'a> {
    pub caption: &'a str,
    pub curves: Vec<&'a dyn Fn(f64) -> f64>,
}

/// Fails unless `figure` shows `panels` in a grid of `columns` columns, filled row by row in
/// the given order: each panel's caption (exactly, not rotated) level with the others of its
/// row and aligned with the others of its column; under each caption, the curves of that panel
/// alone (of at least `min_points` points), with the shapes of its functions over `range`; and
/// a text `x_label` under each panel's chart. Returns where each panel's curves are.
pub fn expect_panels(
    figure: &Figure,
    panels: &[Panel],
    columns: usize,
    range: (f64, f64),
    x_label: &str,
    min_points: usize,
) -> Result<Vec<Bounds>, Failure> {
    let rows = panels.len().div_ceil(columns);
    let layout = format!("{rows} row(s) of {columns} panel(s), in the order of the data given");
    let mut captions = Vec::new();
    for panel in panels {
        match figure.caption(panel.caption) {
            Some(caption) => captions.push(caption),
            None => {
                return Err(Failure(format!(
                    "no caption {:?} in the SVG (a text of exactly that, not rotated): caption each panel with its title",
                    panel.caption
                )))
            }
        }
    }
    const LEVEL: f64 = 3.0;
    for (k, caption) in captions.iter().enumerate() {
        let (row, column) = (k / columns, k % columns);
        let first_of_row = captions[row * columns];
        let above = (row > 0).then(|| captions[(row - 1) * columns + column]);
        let left = (column > 0).then(|| captions[k - 1]);
        let misplaced = (caption.y - first_of_row.y).abs() > LEVEL
            || above.is_some_and(|a| (caption.x - a.x).abs() > LEVEL || caption.y <= a.y + LEVEL)
            || left.is_some_and(|l| caption.x <= l.x + LEVEL);
        if misplaced {
            return Err(Failure(format!(
                "the panel {:?} is not where the specification puts it: expected {layout}, this one in row {} and column {}",
                panels[k].caption,
                row + 1,
                column + 1
            )));
        }
    }
    let mut under: Vec<Vec<usize>> = vec![Vec::new(); panels.len()];
    for curve in figure.long_curves(min_points) {
        if let Some(k) = figure.panel_of(curve, &captions) {
            under[k].push(curve);
        }
    }
    // a reference line (y = 0, say) is free: flat curves beyond the expected count are not
    // curves of the panel's data
    for (k, curves) in under.iter_mut().enumerate() {
        while curves.len() > panels[k].curves.len() {
            match curves.iter().position(|&i| figure.is_flat(i)) {
                Some(at) => {
                    curves.remove(at);
                }
                None => break,
            }
        }
    }
    for (k, panel) in panels.iter().enumerate() {
        if under[k].len() != panel.curves.len() {
            return Err(Failure(format!(
                "under the caption {:?} the SVG shows {} curves of at least {min_points} points, expected {} (expected {layout})",
                panel.caption,
                under[k].len(),
                panel.curves.len()
            )));
        }
        let drawn: Vec<&[(f64, f64)]> = under[k]
            .iter()
            .map(|&i| figure.curves[i].as_slice())
            .collect();
        if !any_order_matches(&drawn, &panel.curves, range) {
            return Err(Failure(format!(
                "the curves under the caption {:?} do not have the shape of that panel's data: draw each curve in the panel its title names, over the whole range",
                panel.caption
            )));
        }
        if !figure.x_label_under(under[k][0], x_label) {
            return Err(Failure(format!(
                "the chart captioned {:?} has no x axis label {x_label:?} under it",
                panel.caption
            )));
        }
    }
    Ok(under
        .iter()
        .map(|curves| {
            let points: Vec<(f64, f64)> = curves
                .iter()
                .flat_map(|&i| figure.curves[i].iter().copied())
                .collect();
            Bounds::of(&points)
        })
        .collect())
}

/// Fails unless `figure` draws one series for each of `titles` on one chart, read by meaning:
/// each title is a legend entry whose key's colour is that of one curve (of at least
/// `min_points` points), and that curve has the shape of the title's function in `fs` over
/// `range` (all on one y scale); every series in a colour of its own, on the same horizontal
/// extent under the caption `caption`, with an x axis label `x_label` below the curves and a y
/// axis label `y_label` left of them. Curves that are not legend series (a reference line) are
/// free, and so are line styles (dashed, dotted, in pieces) and where the legend sits.
pub fn expect_one_chart(
    figure: &Figure,
    caption: &str,
    titles: &[&str],
    fs: &[&dyn Fn(f64) -> f64],
    range: (f64, f64),
    (x_label, y_label): (&str, &str),
    min_points: usize,
) -> Result<(), Failure> {
    let Some(title) = figure.caption(caption) else {
        return Err(Failure(format!(
            "no caption {caption:?} in the SVG (a text of exactly that, not rotated)"
        )));
    };
    let series = series_by_legend(figure, titles, None, min_points)?;
    let bounds: Vec<Bounds> = series
        .iter()
        .map(|&i| Bounds::of(&figure.curves[i]))
        .collect();
    // a dashed or dotted line may stop a gap short of the chart's edge
    let end = crate::svg::CHAIN_GAP;
    let one_chart = bounds.iter().all(|b| {
        (b.left - bounds[0].left).abs() <= end
            && (b.right - bounds[0].right).abs() <= end
            && b.top >= title.y
    });
    if !one_chart {
        return Err(Failure(format!(
            "the {} curves are not drawn on one chart under the caption {caption:?}: draw them all in one, over the same x range",
            fs.len()
        )));
    }
    let drawn: Vec<&[(f64, f64)]> = series
        .iter()
        .map(|&i| figure.curves[i].as_slice())
        .collect();
    if !shapes_match(&drawn, fs, range) {
        let shapes_elsewhere = any_order_matches(&drawn, fs, range);
        return Err(Failure(if shapes_elsewhere {
            "the legend names the curves wrongly: each entry's key has the colour of another series' curve".to_string()
        } else {
            "the curves do not have the shapes of the data given, on one y scale: draw every curve's points, over axes that hold them all".to_string()
        }));
    }
    let all: Vec<(f64, f64)> = drawn.iter().flat_map(|c| c.iter().copied()).collect();
    let area = Bounds::of(&all);
    let x_axis = figure.placed.iter().any(|text| {
        !text.rotated && text.text == x_label && text.y >= area.bottom && text.x >= area.left
    });
    let y_axis = figure
        .placed
        .iter()
        .any(|text| text.text == y_label && text.x <= area.left);
    if !(x_axis && y_axis) {
        return Err(Failure(format!(
            "the chart's axes are not labelled {x_label:?} (below it) and {y_label:?} (left of it)"
        )));
    }
    Ok(())
}

/// The curves the legend names `titles`, in that order: each title a legend entry (within
/// `within`, when given) whose key has the colour of exactly one curve of at least `min_points`
/// points (within `within` too), each a curve of its own.
pub fn series_by_legend(
    figure: &Figure,
    titles: &[&str],
    within: Option<Bounds>,
    min_points: usize,
) -> Result<Vec<usize>, Failure> {
    let inside = |x: f64| within.is_none_or(|b| x >= b.left - 1.0 && x <= b.right + 1.0);
    let long: Vec<usize> = figure
        .long_curves(min_points)
        .into_iter()
        .filter(|&i| {
            let b = Bounds::of(&figure.curves[i]);
            inside(b.left) && inside(b.right)
        })
        .collect();
    let mut series: Vec<usize> = Vec::new();
    for name in titles {
        let entry = figure
            .legend
            .iter()
            .find(|entry| entry.text == *name && inside(entry.x));
        let Some(entry) = entry else {
            return Err(Failure(format!(
                "the legend has no entry {name:?} with a key beside it{}: give each series a `.label(...)` and a `.legend(...)` key, then draw `configure_series_labels()`",
                if within.is_some() { " in this chart" } else { "" }
            )));
        };
        let mut drawn: Vec<usize> = long
            .iter()
            .copied()
            .filter(|&i| entry.colour.is_some() && figure.strokes[i] == entry.colour)
            .collect();
        // a reference line in a series' colour is not that series
        if drawn.len() > 1 {
            drawn.retain(|&i| !figure.is_flat(i));
        }
        match drawn.as_slice() {
            [one] if !series.contains(one) => series.push(*one),
            [] => {
                return Err(Failure(format!(
                    "the legend's key for {name:?} is drawn in {}, but no curve of at least {min_points} points has that colour: draw each key in its series' colour",
                    entry.colour.as_deref().unwrap_or("no colour")
                )))
            }
            _ => {
                return Err(Failure(format!(
                    "the legend's key for {name:?} has the colour of more than one curve, or of another entry's: draw each series in a colour of its own"
                )))
            }
        }
    }
    Ok(series)
}

/// Whether the curves match the functions in some order (a panel, or a chart, may draw its
/// curves in any order).
pub fn any_order_matches(
    curves: &[&[(f64, f64)]],
    fs: &[&dyn Fn(f64) -> f64],
    range: (f64, f64),
) -> bool {
    fn permutations(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![Vec::new()];
        }
        let mut all = Vec::new();
        for rest in permutations(n - 1) {
            for at in 0..=rest.len() {
                let mut p = rest.clone();
                p.insert(at, n - 1);
                all.push(p);
            }
        }
        all
    }
    curves.len() == fs.len()
        && permutations(fs.len()).iter().any(|order| {
            let ordered: Vec<&dyn Fn(f64) -> f64> = order.iter().map(|&i| fs[i]).collect();
            shapes_match(curves, &ordered, range)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(
        f: &dyn Fn(f64) -> f64,
        (left, right): (f64, f64),
        (top, bottom): (f64, f64),
        low: f64,
        high: f64,
    ) -> Vec<(f64, f64)> {
        (0..=100)
            .map(|i| {
                let z = -5.0 + 10.0 * i as f64 / 100.0;
                let x = left + (right - left) * i as f64 / 100.0;
                let y = bottom - (bottom - top) * (f(z) - low) / (high - low);
                (x.round(), y.round())
            })
            .collect()
    }

    #[test]
    fn a_curve_matches_its_own_shape_and_not_another() {
        let relu = |z: f64| z.max(0.0);
        let step = |z: f64| if z > 0.0 { 1.0 } else { 0.0 };
        let sigmoid = |z: f64| 1.0 / (1.0 + (-z).exp());
        let tanh = |z: f64| z.tanh();
        let c = drawn(&sigmoid, (50.0, 300.0), (30.0, 230.0), 0.0, 1.0);
        assert!(shapes_match(&[&c], &[&sigmoid], (-5.0, 5.0)));
        assert!(!shapes_match(&[&c], &[&tanh], (-5.0, 5.0)));
        assert!(!shapes_match(&[&c], &[&relu], (-5.0, 5.0)));
        let s = drawn(&step, (50.0, 300.0), (30.0, 230.0), 0.0, 1.0);
        assert!(shapes_match(&[&s], &[&step], (-5.0, 5.0)));
        assert!(!shapes_match(&[&s], &[&sigmoid], (-5.0, 5.0)));
        // two curves on one chart share its y scale
        let r = drawn(&relu, (50.0, 300.0), (30.0, 230.0), -1.0, 5.0);
        let t = drawn(&tanh, (50.0, 300.0), (30.0, 230.0), -1.0, 5.0);
        assert!(shapes_match(&[&r, &t], &[&relu, &tanh], (-5.0, 5.0)));
        assert!(!shapes_match(&[&t, &r], &[&relu, &tanh], (-5.0, 5.0)));
    }
}
