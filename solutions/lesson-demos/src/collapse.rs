//! The figure of exercise 4 (linear-collapse): one stack of linear layers with nothing, ReLU or
//! tanh between them, on a single input. With nothing between, the stack is a straight line and
//! its one-layer collapse gives the same outputs to rounding; with an activation it bends, and
//! the collapse says nothing about it.

use candle_core::{DType, Device, Module, Tensor};
use course_kit::plot::Curve;
use lessons::chart::{self, Chart, Scale};
use linear_collapse_solution::{collapse_stack, random_stack, Between, Stack};
use plotters::prelude::SeriesLabelPosition;
use std::path::Path;

/// The figure's file name.
pub const FIGURE: &str = "collapse.svg";

/// One input, three hidden layers of 16, one output: four layers.
pub const SIZES: [usize; 5] = [1, 16, 16, 16, 1];

/// The seed of the layers.
pub const SEED: u64 = 3;

/// How many inputs of [-3, 3] the curves are drawn at.
const SAMPLES: usize = 121;

/// `(outputs, gaps)`: for each of nothing, ReLU and tanh between the layers, the stack's output
/// at every input, and `|stack(x) − collapsed(x)|` where the collapse is of the same layers.
pub fn curves() -> anyhow::Result<(Vec<Curve>, Vec<Curve>)> {
    let layers = random_stack(&SIZES, SEED, DType::F32)?;
    let collapsed = collapse_stack(&layers)?;
    let step = 6.0 / (SAMPLES - 1) as f64;
    let inputs: Vec<f64> = (0..SAMPLES).map(|i| -3.0 + step * i as f64).collect();
    let xs = Tensor::from_vec(inputs.clone(), (SAMPLES, 1), &Device::Cpu)?.to_dtype(DType::F32)?;
    let one_layer = collapsed.forward(&xs)?;
    let mut outputs = Vec::new();
    let mut gaps = Vec::new();
    for (name, between) in [
        ("nothing between", Between::Nothing),
        ("ReLU between", Between::Relu),
        ("tanh between", Between::Tanh),
    ] {
        let stack = Stack {
            layers: layers.clone(),
            between,
        };
        let ys = stack.forward(&xs)?;
        let gap = ys.sub(&one_layer)?.abs()?;
        let column = |t: &Tensor| -> candle_core::Result<Vec<f64>> {
            t.flatten_all()?.to_dtype(DType::F64)?.to_vec1::<f64>()
        };
        let pairs = |values: Vec<f64>| inputs.iter().copied().zip(values).collect();
        outputs.push(Curve {
            title: name.to_string(),
            points: pairs(column(&ys)?),
        });
        gaps.push(Curve {
            title: name.to_string(),
            points: pairs(column(&gap)?),
        });
    }
    Ok((outputs, gaps))
}

/// Draws the outputs (left) and the gaps to the collapsed layer on a log scale (right).
pub fn draw(path: &Path) -> anyhow::Result<()> {
    let (outputs, gaps) = curves()?;
    let left = Chart {
        caption: "the stack's output (its collapse: the grey line too)",
        x_label: "x",
        y_label: "output",
        scale: Scale::Linear,
        legend: SeriesLabelPosition::UpperLeft,
        y_range: None,
        curves: &outputs,
    };
    let right = Chart {
        caption: "|stack(x) - collapsed layer(x)|, f32",
        x_label: "x",
        y_label: "gap (log scale)",
        scale: Scale::Log,
        legend: SeriesLabelPosition::LowerLeft,
        // room below the rounding-sized gaps for the legend
        y_range: Some((1e-12, 1.0)),
        curves: &gaps,
    };
    let sizes: Vec<String> = SIZES.iter().map(usize::to_string).collect();
    chart::draw(
        path,
        (1100, 440),
        &format!(
            "Linear layers {} (seed {SEED}) and their collapse into one layer",
            sizes.join(" → ")
        ),
        &[left, right],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_plain_stack_matches_its_collapse() -> anyhow::Result<()> {
        let (_, gaps) = curves()?;
        let largest = |curve: &Curve| curve.points.iter().map(|p| p.1).fold(0.0, f64::max);
        assert!(largest(&gaps[0]) < 1e-5, "nothing between: rounding only");
        assert!(largest(&gaps[1]) > 1e-3, "ReLU between: a real gap");
        assert!(largest(&gaps[2]) > 1e-3, "tanh between: a real gap");
        Ok(())
    }
}
