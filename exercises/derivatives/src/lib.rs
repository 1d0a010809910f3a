//! Exercise 1: the derivatives of ReLU, sigmoid and tanh, and a figure of each beside its
//! derivative. The lesson is in this crate's README.md.

use candle_core::{Result, Tensor, Var};
use plotters::prelude::*;
use std::path::Path;

/// The derivative of ReLU at every element of `z`: 1 where `z > 0`, 0 where `z <= 0`.
///
/// ReLU has a kink at `z = 0` and no derivative there. This course uses 0 at the kink, as
/// PyTorch does; candle's autograd uses 1. The result has the shape and dtype of `z`.
pub fn relu_derivative(z: &Tensor) -> Result<Tensor> {
    // TODO: compare `z` with 0 (`Tensor::gt`) and convert the 0/1 mask to `z`'s dtype.
    todo!()
}

/// The derivative of the sigmoid at every element of `z`: `σ(z) · (1 − σ(z))`.
///
/// Build it on `candle_nn::ops::sigmoid`, which stays finite for any `z`. The result has the
/// shape and dtype of `z`.
pub fn sigmoid_derivative(z: &Tensor) -> Result<Tensor> {
    // TODO: compute `s = σ(z)`, then `s · (1 − s)` (`Tensor::affine` computes `1 − s`).
    todo!()
}

/// The derivative of tanh at every element of `z`: `1 − tanh(z)²`.
///
/// The result has the shape and dtype of `z`.
pub fn tanh_derivative(z: &Tensor) -> Result<Tensor> {
    // TODO: compute `1 − tanh(z)²` with `Tensor::tanh`, `Tensor::sqr` and `Tensor::affine`.
    todo!()
}

/// The derivative of an element-wise `activation` at every element of `z`, by candle's autograd.
///
/// An element-wise function's output `i` depends only on input `i`, so the gradient of the sum
/// of its outputs with respect to `z` holds `f'(z_i)` at position `i`.
///
/// When the output does not depend on `z` (a constant, or a function that leaves candle's graph,
/// e.g. by copying values out with `to_vec1`), `backward` records no gradient for `z`: this
/// returns an error saying so, rather than guessing zeros.
pub fn autograd_derivative<F>(activation: F, z: &Tensor) -> Result<Tensor>
where
    F: Fn(&Tensor) -> Result<Tensor>,
{
    // TODO: wrap `z` in a `Var`, apply `activation`, sum all outputs, call `backward`, and
    // return the gradient stored for the `Var`.
    todo!()
}

pub use course_kit::plot::{points, value_range, z_grid, Curve};

/// The six curves of the figure, each sampled at `n` points of [-5, 5] (see [`z_grid`]):
/// `ReLU`, `sigmoid`, `tanh`, then `ReLU'`, `sigmoid'`, `tanh'`, titled exactly so.
pub fn figure_curves(n: usize) -> Result<Vec<Curve>> {
    // TODO: apply each activation (`Tensor::relu`, `candle_nn::ops::sigmoid`, `Tensor::tanh`)
    // and each of your derivatives to `z_grid(n)`, and make a titled `Curve` of each.
    todo!()
}

/// Draws `curves` into an SVG file at `path`: a grid of 2 rows and 3 columns, the first three
/// curves on the top row and the next three below, each panel captioned with its curve's title,
/// its x axis labelled `z`.
pub fn draw_figure(curves: &[Curve], path: &Path) -> anyhow::Result<()> {
    // TODO: split an `SVGBackend` drawing area into 2x3 panels; in each, build a chart captioned
    // with the curve's title, draw its mesh with axis labels, and draw the curve as a `LineSeries`.
    todo!()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;
    use candle_core::Device;

    fn values(tensor: &Tensor) -> Vec<f64> {
        course_kit::values(tensor).expect("a tensor of numbers")
    }

    fn z() -> Tensor {
        Tensor::new(&[-2.0f64, 0.0, 3.0], &Device::Cpu).expect("a tensor")
    }

    #[test]
    fn relu_derivative_is_a_step_with_zero_at_the_kink() -> Result<()> {
        assert_eq!(values(&relu_derivative(&z())?), vec![0.0, 0.0, 1.0]);
        Ok(())
    }

    #[test]
    fn sigmoid_derivative_peaks_at_a_quarter() -> Result<()> {
        let got = values(&sigmoid_derivative(&z())?);
        // σ'(0) = σ(0)(1 − σ(0)) = 1/2 · 1/2
        assert_abs_diff_eq!(got[1], 0.25, epsilon = 1e-12);
        // σ'(−2) = e^2 / (1 + e^2)^2
        let e2 = 2.0f64.exp();
        assert_abs_diff_eq!(got[0], e2 / (1.0 + e2).powi(2), epsilon = 1e-12);
        Ok(())
    }

    #[test]
    fn tanh_derivative_is_one_at_zero() -> Result<()> {
        let got = values(&tanh_derivative(&z())?);
        // tanh'(0) = 1 − 0²
        assert_abs_diff_eq!(got[1], 1.0, epsilon = 1e-12);
        // tanh'(3) = 1 − tanh(3)²
        assert_abs_diff_eq!(got[2], 1.0 - 3.0f64.tanh().powi(2), epsilon = 1e-12);
        Ok(())
    }

    #[test]
    fn autograd_agrees_with_the_tanh_formula() -> Result<()> {
        let by_hand = values(&tanh_derivative(&z())?);
        let by_autograd = values(&autograd_derivative(|t| t.tanh(), &z())?);
        for (a, b) in by_hand.iter().zip(&by_autograd) {
            assert_abs_diff_eq!(a, b, epsilon = 1e-12);
        }
        Ok(())
    }

    #[test]
    fn six_curves_over_the_grid() -> Result<()> {
        let curves = figure_curves(11)?;
        assert_eq!(curves.len(), 6);
        assert!(curves.iter().all(|c| c.points.len() == 11));
        assert_eq!(curves[0].points[0], (-5.0, 0.0));
        Ok(())
    }
}
