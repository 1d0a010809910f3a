//! Demonstration 1 of the lesson: the common activations on one chart.
//!
//! `cargo run --example plot_activations` draws it; the copy shown on the course's front page is
//! `lessons/figures/activations.svg`.

use crate::chart::{self, Chart, Scale};
use candle_core::{Result, Tensor};
use course_kit::plot::{points, z_grid, Curve};
use plotters::prelude::SeriesLabelPosition;
use std::path::Path;

/// The figure's file name.
pub const FIGURE: &str = "activations.svg";

/// How many points of [-5, 5] each curve is sampled at.
pub const SAMPLES: usize = 201;

/// An element-wise activation, as candle computes it.
pub type Activation = fn(&Tensor) -> Result<Tensor>;

/// The chart's activations, by the name its legend gives them: candle's own functions, so that
/// the picture does not depend on any exercise being solved.
pub const ACTIVATIONS: [(&str, Activation); 4] = [
    ("ReLU", Tensor::relu),
    ("sigmoid", candle_nn::ops::sigmoid),
    ("tanh", Tensor::tanh),
    ("swish (SiLU)", Tensor::silu),
];

/// Every activation of [`ACTIVATIONS`] sampled at `samples` evenly spaced points of [-5, 5].
pub fn curves(samples: usize) -> Result<Vec<Curve>> {
    let z = z_grid(samples)?;
    ACTIVATIONS
        .iter()
        .map(|(name, activation)| {
            let values = activation(&z)?;
            Ok(Curve {
                title: name.to_string(),
                points: points(&z, &values)?,
            })
        })
        .collect()
}

/// Draws the chart of the activations into an SVG file at `path`.
pub fn draw(path: &Path) -> anyhow::Result<()> {
    let curves = curves(SAMPLES)?;
    let chart = Chart {
        caption: "f(z) for z from -5 to 5",
        x_label: "z (the pre-activation Wx + b)",
        y_label: "f(z)",
        scale: Scale::Linear,
        legend: SeriesLabelPosition::UpperLeft,
        y_range: None,
        curves: &curves,
    };
    chart::draw(path, (760, 500), "The common activations", &[chart])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_activation_at_zero_and_far_out() -> Result<()> {
        let curves = curves(11)?;
        let at = |name: &str, index: usize| {
            let curve = curves.iter().find(|c| c.title == name).expect("a curve");
            curve.points[index].1
        };
        // z_grid(11) is -5, -4, ..., 5: index 5 is z = 0, index 10 is z = 5
        assert_eq!(at("ReLU", 5), 0.0);
        assert_eq!(at("ReLU", 10), 5.0);
        // σ(0) = 1/2, tanh(0) = 0, swish(0) = 0 · σ(0) = 0
        assert!((at("sigmoid", 5) - 0.5).abs() < 1e-12);
        assert!(at("tanh", 5).abs() < 1e-12);
        assert!(at("swish (SiLU)", 5).abs() < 1e-12);
        // swish(5) = 5 σ(5) = 5 / (1 + e^-5)
        assert!((at("swish (SiLU)", 10) - 5.0 / (1.0 + (-5.0f64).exp())).abs() < 1e-9);
        Ok(())
    }

    #[test]
    fn the_chart_names_every_activation() -> anyhow::Result<()> {
        let path = std::env::temp_dir().join(format!("lessons-{}-{FIGURE}", std::process::id()));
        draw(&path)?;
        let svg = std::fs::read_to_string(&path)?;
        std::fs::remove_file(&path)?;
        for (name, _) in ACTIVATIONS {
            assert!(svg.contains(name), "the legend names {name}");
        }
        assert!(svg.contains("The common activations"));
        Ok(())
    }
}
