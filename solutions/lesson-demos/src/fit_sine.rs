//! Demonstration 2 of the lesson: the network `Linear(1, 10)` → f → `Linear(10, 1)` fitted to
//! `y = sin x` with no activation, ReLU, tanh and swish between its layers.
//!
//! The experiment is exercise 2's (tanh-swap): its data, its seeded initialisation and its
//! training loop, from the reference solution. Its network takes one of the course's
//! [`Activation`]s; swish (exercise 3) is not one of them, so [`train_with_module`] runs the same
//! loop around any `Module`, and a test proves it gives exactly the losses of the reference
//! `train` for the course's own activations.

use candle_core::{Device, Module, Result, Tensor};
use candle_nn::{AdamW, Optimizer, ParamsAdamW, VarMap};
use course_kit::init::{linear, seeded_rng};
use course_kit::plot::Curve;
use lessons::chart::{self, Chart, Scale};
use plotters::prelude::SeriesLabelPosition;
use std::path::Path;
use swish_solution::Swish;
use tanh_swap_solution::{curve, mse, toy_data, train, Activation, HIDDEN, LEARNING_RATE, POINTS};

/// The figure's file name.
pub const FIGURE: &str = "fit-sine.svg";

/// The initialisation seed of the committed figure (the same as exercise 2's figure).
pub const SEED: u64 = 0;

/// The loss panel shows every `LOSS_STRIDE`-th epoch, which keeps the SVG small.
const LOSS_STRIDE: usize = 5;

/// One trained network: what sat between its layers, its predictions on the data, and its loss
/// after every epoch.
#[derive(Debug, Clone)]
pub struct Fit {
    pub name: String,
    pub predictions: Vec<(f64, f64)>,
    pub losses: Vec<f32>,
}

impl Fit {
    /// The loss after the last epoch.
    pub fn final_loss(&self) -> f32 {
        self.losses.last().copied().unwrap_or(f32::NAN)
    }
}

/// The same training as [`tanh_swap_solution::train`] (the same seeded layers, Adam with the
/// same settings, the loss recorded after each update), with any `activation` between the two
/// layers. Returns the trained network's predictions on `x` and the loss curve.
pub fn train_with_module(
    activation: &dyn Module,
    x: &Tensor,
    y: &Tensor,
    seed: u64,
    epochs: usize,
) -> Result<(Tensor, Vec<f32>)> {
    let varmap = VarMap::new();
    let mut rng = seeded_rng(seed);
    let fc1 = linear(1, HIDDEN, &varmap, "fc1", &mut rng, &Device::Cpu)?;
    let fc2 = linear(HIDDEN, 1, &varmap, "fc2", &mut rng, &Device::Cpu)?;
    let forward = |xs: &Tensor| -> Result<Tensor> {
        let xs = fc1.forward(xs)?;
        let xs = activation.forward(&xs)?;
        fc2.forward(&xs)
    };
    // Adam as PyTorch has it: candle's defaults (betas 0.9 and 0.999, eps 1e-8) but no decay.
    let adam = ParamsAdamW {
        lr: LEARNING_RATE,
        weight_decay: 0.0,
        ..ParamsAdamW::default()
    };
    let mut optimizer = AdamW::new(varmap.all_vars(), adam)?;
    let mut loss = mse(&forward(x)?, y)?;
    let mut losses = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        optimizer.backward_step(&loss)?;
        loss = mse(&forward(x)?, y)?;
        losses.push(loss.to_scalar::<f32>()?);
    }
    Ok((forward(x)?, losses))
}

/// The truth, `sin(x)` on the toy data, and the four fits in the lesson's order: no activation,
/// ReLU, tanh (exercise 2's `train`) and swish (exercise 3's `Swish` layer), all from `seed`.
pub fn fits(seed: u64, epochs: usize) -> anyhow::Result<(Curve, Vec<Fit>)> {
    let (x, y) = toy_data(POINTS)?;
    let truth = curve("sin(x)", &x, &y)?;
    let mut fits = Vec::new();
    for activation in [Activation::None, Activation::Relu, Activation::Tanh] {
        let trained = train(&x, &y, activation, seed, epochs)?;
        let name = activation.to_string();
        fits.push(Fit {
            predictions: curve(&name, &x, &trained.model.forward(&x)?)?.points,
            name,
            losses: trained.losses,
        });
    }
    let (predictions, losses) = train_with_module(&Swish, &x, &y, seed, epochs)?;
    fits.push(Fit {
        name: "swish".to_string(),
        predictions: curve("swish", &x, &predictions)?.points,
        losses,
    });
    Ok((truth, fits))
}

/// Draws the fits (left) and their loss curves on a log scale (right) into an SVG at `path`.
pub fn draw(truth: &Curve, fits: &[Fit], seed: u64, path: &Path) -> anyhow::Result<()> {
    let epochs = fits.iter().map(|f| f.losses.len()).max().unwrap_or(0);
    let mut lines = vec![truth.clone()];
    lines.extend(fits.iter().map(|fit| Curve {
        title: format!("{} (MSE {:.4})", fit.name, fit.final_loss()),
        points: fit.predictions.clone(),
    }));
    let losses: Vec<Curve> = fits
        .iter()
        .map(|fit| Curve {
            title: fit.name.clone(),
            points: fit
                .losses
                .iter()
                .enumerate()
                .filter(|(epoch, _)| epoch % LOSS_STRIDE == 0 || epoch + 1 == fit.losses.len())
                .map(|(epoch, loss)| ((epoch + 1) as f64, f64::from(*loss)))
                .collect(),
        })
        .collect();
    let fitted = Chart {
        caption: &format!("the fits after {epochs} epochs"),
        x_label: "x",
        y_label: "y",
        scale: Scale::Linear,
        legend: SeriesLabelPosition::LowerLeft,
        // room below the curves for the legend
        y_range: Some((-2.4, 1.3)),
        curves: &lines,
    };
    let learning = Chart {
        caption: "how the loss fell",
        x_label: "epoch",
        y_label: "MSE (log scale)",
        scale: Scale::Log,
        legend: SeriesLabelPosition::LowerLeft,
        y_range: None,
        curves: &losses,
    };
    chart::draw(
        path,
        (1100, 460),
        &format!("Fitting sin(x) with Linear(1,10) → f → Linear(10,1), seed {seed}"),
        &[fitted, learning],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_module_loop_is_the_reference_loop() -> anyhow::Result<()> {
        let (x, y) = toy_data(POINTS)?;
        for activation in [Activation::None, Activation::Relu, Activation::Tanh] {
            for seed in [0, 7] {
                let reference = train(&x, &y, activation, seed, 60)?;
                let (predictions, losses) = train_with_module(&activation, &x, &y, seed, 60)?;
                assert_eq!(losses, reference.losses, "{activation}, seed {seed}");
                let expected = reference.model.forward(&x)?;
                assert_eq!(
                    curve("module loop", &x, &predictions)?.points,
                    curve("reference", &x, &expected)?.points,
                    "{activation}, seed {seed}"
                );
            }
        }
        Ok(())
    }

    #[test]
    fn four_fits_in_the_lessons_order() -> anyhow::Result<()> {
        let (truth, fits) = fits(SEED, 30)?;
        assert_eq!(truth.points.len(), POINTS);
        let names: Vec<&str> = fits.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["no activation", "ReLU", "tanh", "swish"]);
        assert!(fits
            .iter()
            .all(|f| f.losses.len() == 30 && f.final_loss().is_finite()));
        Ok(())
    }
}
