//! Exercise 2: the tanh swap. The lesson's network, `Linear(1, 10)` → activation →
//! `Linear(10, 1)`, trained on `y = sin x` with no activation, ReLU, tanh or sigmoid between its
//! layers, and a figure of the fits. The lesson is in this crate's README.md.

use candle_core::{DType, Device, Module, Result, Tensor};
use candle_nn::{AdamW, Linear, Optimizer, ParamsAdamW, VarMap};
use course_kit::init::{linear, seeded_rng};
use plotters::prelude::*;
use std::f64::consts::PI;
use std::fmt;
use std::path::Path;

/// How many points the lesson's toy data has.
pub const POINTS: usize = 100;

/// How many units the hidden layer has.
pub const HIDDEN: usize = 10;

/// How many epochs the lesson trains for.
pub const EPOCHS: usize = 1000;

/// Adam's learning rate in the lesson.
pub const LEARNING_RATE: f64 = 0.01;

/// The figure's title.
pub const FIGURE_TITLE: &str = "Fitting sin(x): no activation, ReLU and tanh";

/// The toy data: `x` holds `n` evenly spaced points from -2π to 2π, both ends included, as an
/// f32 tensor of shape `(n, 1)` (one row per example, one feature); `y = sin x`, same shape.
pub fn toy_data(n: usize) -> Result<(Tensor, Tensor)> {
    if n < 2 {
        candle_core::bail!("the toy data needs at least 2 points to span [-2π, 2π], got {n}");
    }
    // TODO: make `x` with `Tensor::arange` and `affine` (step 4π/(n − 1), starting at −2π),
    // reshape it to `(n, 1)`, take `y = sin x`, and return both as f32 tensors. Convert the
    // `u32` range to f64 before `affine`: on a `u32` tensor `affine` casts its factors to `u32`
    // too, and every x becomes 0.
    todo!()
}

/// What sits between the network's two layers.
///
/// Adding an activation takes a variant here, an arm in `forward` and a name in `Display`; the
/// compiler points at both `match`es, and [`Activation::ALL`] lists it for the sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Activation {
    /// No activation: the hidden layer's values pass on unchanged, `f(z) = z`.
    None,
    /// `max(0, z)`.
    Relu,
    /// `tanh z`, between -1 and 1.
    Tanh,
    /// `1 / (1 + e^(-z))`, between 0 and 1.
    Sigmoid,
}

impl Activation {
    /// Every activation, in the lesson's order.
    pub const ALL: [Activation; 4] = [
        Activation::None,
        Activation::Relu,
        Activation::Tanh,
        Activation::Sigmoid,
    ];
}

/// The name the figure's legend and the sweep's table use.
impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "no activation",
            Self::Relu => "ReLU",
            Self::Tanh => "tanh",
            Self::Sigmoid => "sigmoid",
        })
    }
}

impl Module for Activation {
    /// Applies the activation to every element of `xs`; the result has the shape of `xs`.
    fn forward(&self, xs: &Tensor) -> Result<Tensor> {
        // TODO: one `match self` with an arm per variant: `None` gives `xs` back (`xs.clone()` is
        // cheap), the others use `Tensor::relu`, `Tensor::tanh` and `candle_nn::ops::sigmoid`.
        todo!()
    }
}

/// The lesson's network: `Linear(1, 10)` → activation → `Linear(10, 1)`.
#[derive(Debug, Clone)]
pub struct Net {
    fc1: Linear,
    activation: Activation,
    fc2: Linear,
}

impl Net {
    /// A network whose weights and biases are drawn from `seed` as PyTorch draws them (uniform
    /// in ±1/sqrt(fan_in)) and registered in `varmap`, so that `varmap.all_vars()` hands them to
    /// an optimiser. Given ready-made: the same seed always gives the same network.
    pub fn new(activation: Activation, seed: u64, varmap: &VarMap) -> Result<Net> {
        let mut rng = seeded_rng(seed);
        let fc1 = linear(1, HIDDEN, varmap, "fc1", &mut rng, &Device::Cpu)?;
        let fc2 = linear(HIDDEN, 1, varmap, "fc2", &mut rng, &Device::Cpu)?;
        Ok(Net {
            fc1,
            activation,
            fc2,
        })
    }

    /// The activation between the layers.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// The two layers, `(fc1, fc2)`; their `weight()` and `bias()` are the trainable values.
    pub fn layers(&self) -> (&Linear, &Linear) {
        (&self.fc1, &self.fc2)
    }
}

impl Module for Net {
    /// `xs` has shape `(batch, 1)`, and so has the result.
    fn forward(&self, xs: &Tensor) -> Result<Tensor> {
        // TODO: apply `fc1`, then the activation, then `fc2`: one `let xs = ...?;` per step, and
        // return the last one as is.
        todo!()
    }
}

/// The mean squared error of `predictions` against `targets` (the same shape): the average of
/// `(prediction − target)²` over every element, as a scalar tensor.
pub fn mse(predictions: &Tensor, targets: &Tensor) -> Result<Tensor> {
    if predictions.dims() != targets.dims() {
        candle_core::bail!(
            "mse needs predictions and targets of the same shape, got {:?} and {:?}",
            predictions.dims(),
            targets.dims()
        );
    }
    // TODO: subtract, square and average over all elements (`sub`, `sqr`, `mean_all`).
    todo!()
}

/// What a training run gives back.
#[derive(Debug, Clone)]
pub struct Trained {
    /// The network after the last update.
    pub model: Net,
    /// The loss curve: `losses[e]` is the MSE over the whole data after epoch `e`'s update, so
    /// there is one value per epoch and the last one is the loss of `model`.
    pub losses: Vec<f32>,
}

impl Trained {
    /// The loss of the trained model: the curve's last value (`None` for an empty curve).
    pub fn final_loss(&self) -> Option<f32> {
        self.losses.last().copied()
    }
}

/// Trains a fresh [`Net`] with `activation`, initialised from `seed`, on the data `(x, y)` (both
/// of shape `(n, 1)`): `epochs` epochs of full-batch Adam on the [`mse`] loss.
///
/// Adam as in the lesson (PyTorch's `torch.optim.Adam(lr=0.01)`): learning rate 0.01, betas 0.9
/// and 0.999, eps 1e-8 and no weight decay. candle's `ParamsAdamW::default()` has
/// `weight_decay: 0.01`, which makes it AdamW, a different optimiser.
pub fn train(
    x: &Tensor,
    y: &Tensor,
    activation: Activation,
    seed: u64,
    epochs: usize,
) -> Result<Trained> {
    if epochs == 0 {
        candle_core::bail!("training needs at least one epoch, got 0");
    }
    if x.rank() != 2 || x.dim(1)? != 1 || x.dims() != y.dims() {
        candle_core::bail!(
            "train needs x and y of the same shape (n, 1), got {:?} and {:?}",
            x.dims(),
            y.dims()
        );
    }
    let varmap = VarMap::new();
    let model = Net::new(activation, seed, &varmap)?;
    // TODO: make a `candle_nn::AdamW` over `varmap.all_vars()` with Adam's settings (write out
    // every field of `ParamsAdamW`: `lr`, `beta1`, `beta2`, `eps`, `weight_decay`); compute the
    // loss once before the loop; then each epoch call `backward_step` on the loss, compute the
    // loss of the updated model, and push its value.
    todo!()
}

/// One line of the figure: its title (the legend's entry) and its points `(x, y)`. The course's
/// figure helper, shared with the other exercises.
pub use course_kit::plot::Curve;

/// The curve titled `title` through the points `(x, y)`: the values of `xs` and `ys`, tensors of
/// one shape such as `(n, 1)`, paired in order.
pub fn curve(title: &str, xs: &Tensor, ys: &Tensor) -> Result<Curve> {
    Ok(Curve {
        title: title.to_string(),
        points: course_kit::plot::points(&xs.flatten_all()?, &ys.flatten_all()?)?,
    })
}

/// The figure's four curves over the toy data of [`POINTS`] points, in this order: the truth,
/// titled `sin(x)`; then the predictions of the models trained by [`train`] for `epochs` epochs
/// from `seed` with [`Activation::None`], [`Activation::Relu`] and [`Activation::Tanh`], each
/// titled with its activation's `Display` name.
pub fn figure_curves(seed: u64, epochs: usize) -> Result<Vec<Curve>> {
    // TODO: make the toy data and the `sin(x)` curve (the given `curve` pairs tensors up); then,
    // for each of the three activations, train, predict `x` with the trained model, add its curve.
    todo!()
}

/// Draws `curves` on one chart into an SVG file at `path`: captioned [`FIGURE_TITLE`], its axes
/// labelled `x` and `y`, each curve in its own colour, and a legend giving every curve's title.
pub fn draw_figure(curves: &[Curve], path: &Path) -> anyhow::Result<()> {
    // TODO: on an `SVGBackend` drawing area, build a chart captioned `FIGURE_TITLE` over the
    // ranges of `curves`, draw its mesh with axis labels, draw each curve as a `LineSeries` with
    // `.label(...)` and `.legend(...)`, then `configure_series_labels()` and `present()`.
    todo!()
}

/// The range of `values`, widened by a margin so that a flat curve stays visible; (-1, 1) when
/// there is no finite value.
pub fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (low, high) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), v| {
            (low.min(v), high.max(v))
        });
    if low > high {
        return (-1.0, 1.0);
    }
    let margin = ((high - low) * 0.05).max(0.1);
    (low - margin, high + margin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    fn values(tensor: &Tensor) -> Vec<f64> {
        course_kit::values(tensor).expect("a tensor of numbers")
    }

    #[test]
    fn toy_data_spans_minus_two_pi_to_two_pi() -> Result<()> {
        let (x, y) = toy_data(POINTS)?;
        assert_eq!(x.dims(), &[100, 1]);
        assert_eq!(y.dims(), &[100, 1]);
        assert_eq!(x.dtype(), DType::F32);
        let (x, y) = (values(&x), values(&y));
        assert_abs_diff_eq!(x[0], -2.0 * PI, epsilon = 1e-6);
        assert_abs_diff_eq!(x[99], 2.0 * PI, epsilon = 1e-6);
        // evenly spaced: every step is 4π/99
        for pair in x.windows(2) {
            assert_abs_diff_eq!(pair[1] - pair[0], 4.0 * PI / 99.0, epsilon = 1e-5);
        }
        for (x, y) in x.iter().zip(&y) {
            assert_abs_diff_eq!(*y, x.sin(), epsilon = 1e-6);
        }
        assert!(toy_data(1).is_err());
        Ok(())
    }

    #[test]
    fn activations_on_a_few_values() -> Result<()> {
        let z = Tensor::new(&[-2.0f32, 0.0, 3.0], &Device::Cpu)?;
        assert_eq!(values(&Activation::None.forward(&z)?), vec![-2.0, 0.0, 3.0]);
        assert_eq!(values(&Activation::Relu.forward(&z)?), vec![0.0, 0.0, 3.0]);
        let tanh = values(&Activation::Tanh.forward(&z)?);
        // tanh(0) = 0, tanh(3) = (e^6 − 1)/(e^6 + 1)
        assert_abs_diff_eq!(tanh[1], 0.0, epsilon = 1e-7);
        assert_abs_diff_eq!(tanh[2], 3.0f64.tanh(), epsilon = 1e-6);
        let sigmoid = values(&Activation::Sigmoid.forward(&z)?);
        // σ(0) = 1/2, σ(−2) = 1/(1 + e^2)
        assert_abs_diff_eq!(sigmoid[1], 0.5, epsilon = 1e-7);
        assert_abs_diff_eq!(sigmoid[0], 1.0 / (1.0 + 2.0f64.exp()), epsilon = 1e-6);
        Ok(())
    }

    #[test]
    fn the_network_maps_a_batch_of_inputs_to_a_batch_of_outputs() -> Result<()> {
        let model = Net::new(Activation::Tanh, 0, &VarMap::new())?;
        let xs = Tensor::zeros((7, 1), DType::F32, &Device::Cpu)?;
        assert_eq!(model.forward(&xs)?.dims(), &[7, 1]);
        Ok(())
    }

    #[test]
    fn mse_averages_the_squared_errors() -> Result<()> {
        let predictions = Tensor::new(&[[1.0f32], [2.0], [3.0]], &Device::Cpu)?;
        let targets = Tensor::new(&[[1.0f32], [1.0], [1.0]], &Device::Cpu)?;
        // (0² + 1² + 2²) / 3
        assert_abs_diff_eq!(
            mse(&predictions, &targets)?.to_scalar::<f32>()?,
            5.0 / 3.0,
            epsilon = 1e-6
        );
        Ok(())
    }

    #[test]
    fn without_an_activation_the_loss_stops_at_the_best_straight_line() -> Result<()> {
        let (x, y) = toy_data(POINTS)?;
        let trained = train(&x, &y, Activation::None, 0, EPOCHS)?;
        assert_eq!(trained.losses.len(), EPOCHS);
        let last = trained.final_loss().map(f64::from).unwrap_or(f64::NAN);
        // The best straight line through the data has MSE 0.42219 (README.md, "Mathematical
        // foundations").
        assert!((0.4221..0.4232).contains(&last), "final loss {last}");
        Ok(())
    }

    #[test]
    fn with_tanh_the_loss_goes_far_lower() -> Result<()> {
        let (x, y) = toy_data(POINTS)?;
        let trained = train(&x, &y, Activation::Tanh, 0, EPOCHS)?;
        let last = trained.final_loss().map(f64::from).unwrap_or(f64::NAN);
        assert!(last < 0.05, "final loss {last}");
        Ok(())
    }

    #[test]
    fn the_figure_has_the_truth_and_three_fits() -> anyhow::Result<()> {
        let curves = figure_curves(0, 50)?;
        let titles: Vec<&str> = curves.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["sin(x)", "no activation", "ReLU", "tanh"]);
        assert!(curves.iter().all(|c| c.points.len() == POINTS));
        let path = std::env::temp_dir().join(format!("tanh-swap-test-{}.svg", std::process::id()));
        draw_figure(&curves, &path)?;
        let svg = std::fs::read_to_string(&path)?;
        std::fs::remove_file(&path)?;
        assert!(svg.contains(FIGURE_TITLE));
        Ok(())
    }
}
