//! Line charts for the lesson's demonstrations, drawn with plotters into SVG files.
//!
//! Every figure of the course that is not drawn by an exercise's own `draw_figure` is drawn here,
//! so that the same activation always has the same colour, from the chart of the activations to
//! the fits of sin(x).

use course_kit::plot::{value_range, Curve};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// How a chart's vertical axis shows the values of its curves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// The values as they are.
    Linear,
    /// Powers of ten equally spaced (for losses, which shrink by factors). Values that are not
    /// positive are left out.
    Log,
}

impl Scale {
    /// Where a value sits on the axis, or `None` when the scale cannot show it.
    fn position(self, value: f64) -> Option<f64> {
        match self {
            Scale::Linear => value.is_finite().then_some(value),
            Scale::Log => (value > 0.0 && value.is_finite()).then(|| value.log10()),
        }
    }

    /// The tick label at an axis position.
    fn label(self, position: f64) -> String {
        match self {
            Scale::Linear => tick(position),
            Scale::Log => {
                let value = 10f64.powf(position);
                if value >= 1.0 {
                    format!("{value:.0}")
                } else {
                    format!("{value:.0e}")
                }
            }
        }
    }
}

/// A tick label: whole numbers without decimals, others with one.
fn tick(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// One chart: its caption, axis labels, vertical scale, and the curves, each named in the legend
/// by its title.
#[derive(Debug, Clone)]
pub struct Chart<'a> {
    pub caption: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub scale: Scale,
    pub legend: SeriesLabelPosition,
    /// The vertical axis's range in the curves' units, or `None` to fit the curves. Set it to
    /// leave room for the legend.
    pub y_range: Option<(f64, f64)>,
    pub curves: &'a [Curve],
}

/// The colour of a curve, by its title: the same activation has the same colour in every
/// figure of the lesson. Other titles take the colours of plotters' palette in turn.
pub fn colour(title: &str, index: usize) -> RGBColor {
    let name = title.to_lowercase();
    if name.starts_with("sin") {
        BLACK
    } else if name.starts_with("no activation") || name.starts_with("nothing") {
        RGBColor(150, 150, 150)
    } else if name.starts_with("relu") {
        RGBColor(214, 39, 40)
    } else if name.starts_with("sigmoid") {
        RGBColor(255, 127, 14)
    } else if name.starts_with("tanh") {
        RGBColor(31, 119, 180)
    } else if name.starts_with("swish") {
        RGBColor(44, 160, 44)
    } else {
        let RGBAColor(r, g, b, _) = Palette99::pick(index).to_rgba();
        RGBColor(r, g, b)
    }
}

/// Draws `charts` side by side into an SVG file of `size` pixels at `path`, under `title`.
pub fn draw(path: &Path, size: (u32, u32), title: &str, charts: &[Chart]) -> anyhow::Result<()> {
    let canvas = SVGBackend::new(path, size).into_drawing_area();
    canvas.fill(&WHITE)?;
    let canvas = canvas.titled(title, ("sans-serif", 22))?;
    let columns = canvas.split_evenly((1, charts.len().max(1)));
    for (area, chart) in columns.iter().zip(charts) {
        draw_chart(area, chart)?;
    }
    canvas.present()?;
    Ok(())
}

fn draw_chart(area: &DrawingArea<SVGBackend, Shift>, chart: &Chart) -> anyhow::Result<()> {
    let scale = chart.scale;
    let lines: Vec<Vec<(f64, f64)>> = chart
        .curves
        .iter()
        .map(|curve| {
            curve
                .points
                .iter()
                .filter_map(|&(x, y)| Some((x, scale.position(y)?)))
                .collect()
        })
        .collect();
    let everything: Vec<(f64, f64)> = lines.concat();
    let (left, right) = everything.iter().fold(
        (f64::INFINITY, f64::NEG_INFINITY),
        |(low, high), &(x, _)| (low.min(x), high.max(x)),
    );
    let (left, right) = if left < right {
        (left, right)
    } else {
        (-1.0, 1.0)
    };
    let (bottom, top) = match chart.y_range {
        Some((low, high)) => (
            scale.position(low).unwrap_or(low),
            scale.position(high).unwrap_or(high),
        ),
        None => value_range(&everything),
    };
    let mut plot = ChartBuilder::on(area)
        .caption(chart.caption, ("sans-serif", 18))
        .margin(12)
        .margin_right(24)
        .x_label_area_size(36)
        .y_label_area_size(54)
        .build_cartesian_2d(left..right, bottom..top)?;
    let y_tick = |position: &f64| scale.label(*position);
    let x_tick = |value: &f64| tick(*value);
    plot.configure_mesh()
        .x_desc(chart.x_label)
        .y_desc(chart.y_label)
        .x_label_formatter(&x_tick)
        .y_label_formatter(&y_tick)
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    for (index, (curve, line)) in chart.curves.iter().zip(lines).enumerate() {
        let ink = colour(&curve.title, index);
        plot.draw_series(LineSeries::new(line, ink.stroke_width(2)))?
            .label(curve.title.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 1), (x + 16, y + 1)], ink.filled()));
    }
    plot.configure_series_labels()
        .position(chart.legend.clone())
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.4))
        .draw()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_scale_leaves_out_what_it_cannot_show() {
        assert_eq!(Scale::Log.position(100.0), Some(2.0));
        assert_eq!(Scale::Log.position(0.0), None);
        assert_eq!(Scale::Log.position(f64::NAN), None);
        assert_eq!(Scale::Linear.position(-3.0), Some(-3.0));
        assert_eq!(Scale::Log.label(-2.0), "1e-2");
        assert_eq!(Scale::Log.label(1.0), "10");
        assert_eq!(Scale::Linear.label(-0.5), "-0.5");
        assert_eq!(Scale::Linear.label(1000.0), "1000");
    }

    #[test]
    fn an_activation_keeps_its_colour() {
        assert_eq!(colour("tanh", 0), colour("tanh", 3));
        assert_ne!(colour("ReLU", 0), colour("tanh", 0));
    }
}
