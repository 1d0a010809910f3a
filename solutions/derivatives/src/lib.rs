//! Exercise 1: the derivatives of ReLU, sigmoid and tanh, and a figure of each beside its
//! derivative. The lesson is in this crate's README.md.

use candle_core::{DType, Device, Result, Tensor, Var};
use plotters::prelude::*;
use std::path::Path;

/// The derivative of ReLU at every element of `z`: 1 where `z > 0`, 0 where `z <= 0`.
///
/// ReLU has a kink at `z = 0` and no derivative there. This course uses 0 at the kink, as
/// PyTorch does; candle's autograd uses 1. The result has the shape and dtype of `z`.
pub fn relu_derivative(z: &Tensor) -> Result<Tensor> {
    // TODO: compare `z` with 0 (`Tensor::gt`) and convert the 0/1 mask to `z`'s dtype.
    z.gt(0.0)?.to_dtype(z.dtype())
}

/// The derivative of the sigmoid at every element of `z`: `σ(z) · (1 − σ(z))`.
///
/// Build it on `candle_nn::ops::sigmoid`, which stays finite for any `z`. The result has the
/// shape and dtype of `z`.
pub fn sigmoid_derivative(z: &Tensor) -> Result<Tensor> {
    // TODO: compute `s = σ(z)`, then `s · (1 − s)` (`Tensor::affine` computes `1 − s`).
    let s = candle_nn::ops::sigmoid(z)?;
    s.mul(&s.affine(-1.0, 1.0)?)
}

/// The derivative of tanh at every element of `z`: `1 − tanh(z)²`.
///
/// The result has the shape and dtype of `z`.
pub fn tanh_derivative(z: &Tensor) -> Result<Tensor> {
    // TODO: compute `1 − tanh(z)²` with `Tensor::tanh`, `Tensor::sqr` and `Tensor::affine`.
    z.tanh()?.sqr()?.affine(-1.0, 1.0)
}

/// The derivative of an element-wise `activation` at every element of `z`, by candle's autograd.
///
/// An element-wise function's output `i` depends only on input `i`, so the gradient of the sum
/// of its outputs with respect to `z` holds `f'(z_i)` at position `i`.
pub fn autograd_derivative<F>(activation: F, z: &Tensor) -> Result<Tensor>
where
    F: Fn(&Tensor) -> Result<Tensor>,
{
    // TODO: wrap `z` in a `Var`, apply `activation`, sum all outputs, call `backward`, and
    // return the gradient stored for the `Var`.
    let z = Var::from_tensor(z)?;
    let outputs = activation(z.as_tensor())?;
    let gradients = outputs.sum_all()?.backward()?;
    match gradients.get(z.as_tensor()) {
        Some(gradient) => Ok(gradient.clone()),
        None => candle_core::bail!("the activation's output does not depend on its input"),
    }
}

/// One curve of the figure: its title and its points `(z, value)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub title: String,
    pub points: Vec<(f64, f64)>,
}

/// `n` evenly spaced values from -5 to 5, both included, as an f64 tensor of shape `(n,)`.
pub fn z_grid(n: usize) -> Result<Tensor> {
    if n < 2 {
        candle_core::bail!("a grid over [-5, 5] needs at least 2 points, got {n}");
    }
    let step = 10.0 / (n - 1) as f64;
    Tensor::arange(0u32, n as u32, &Device::Cpu)?
        .to_dtype(DType::F64)?
        .affine(step, -5.0)
}

/// Pairs each `z` with its `value`, for plotting.
pub fn points(z: &Tensor, values: &Tensor) -> Result<Vec<(f64, f64)>> {
    let z = z.to_dtype(DType::F64)?.to_vec1::<f64>()?;
    let values = values.to_dtype(DType::F64)?.to_vec1::<f64>()?;
    Ok(z.into_iter().zip(values).collect())
}

/// The six curves of the figure, each sampled at `n` points of [-5, 5] (see [`z_grid`]):
/// `ReLU`, `sigmoid`, `tanh`, then `ReLU'`, `sigmoid'`, `tanh'`, titled exactly so.
pub fn figure_curves(n: usize) -> Result<Vec<Curve>> {
    // TODO: apply each activation (`Tensor::relu`, `candle_nn::ops::sigmoid`, `Tensor::tanh`)
    // and each of your derivatives to `z_grid(n)`, and make a titled `Curve` of each.
    let z = z_grid(n)?;
    let curve = |title: &str, values: Tensor| -> Result<Curve> {
        Ok(Curve {
            title: title.to_string(),
            points: points(&z, &values)?,
        })
    };
    Ok(vec![
        curve("ReLU", z.relu()?)?,
        curve("sigmoid", candle_nn::ops::sigmoid(&z)?)?,
        curve("tanh", z.tanh()?)?,
        curve("ReLU'", relu_derivative(&z)?)?,
        curve("sigmoid'", sigmoid_derivative(&z)?)?,
        curve("tanh'", tanh_derivative(&z)?)?,
    ])
}

/// Draws `curves` into an SVG file at `path`: a grid of 2 rows and 3 columns, the first three
/// curves on the top row and the next three below, each panel captioned with its curve's title,
/// its x axis labelled `z`.
pub fn draw_figure(curves: &[Curve], path: &Path) -> anyhow::Result<()> {
    // TODO: split an `SVGBackend` drawing area into 2x3 panels; in each, build a chart captioned
    // with the curve's title, draw its mesh with axis labels, and draw the curve as a `LineSeries`.
    let root = SVGBackend::new(path, (960, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    for (panel, curve) in root.split_evenly((2, 3)).iter().zip(curves) {
        let (low, high) = value_range(&curve.points);
        let mut chart = ChartBuilder::on(panel)
            .caption(&curve.title, ("sans-serif", 20))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(40)
            .build_cartesian_2d(-5.0..5.0, low..high)?;
        chart
            .configure_mesh()
            .x_desc("z")
            .y_desc(curve.title.as_str())
            .draw()?;
        chart.draw_series(LineSeries::new(curve.points.iter().copied(), &BLUE))?;
    }
    root.present()?;
    Ok(())
}

/// The range of the values of `points`, widened by a margin so that flat curves stay visible.
pub fn value_range(points: &[(f64, f64)]) -> (f64, f64) {
    let low = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let high = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    if !low.is_finite() || !high.is_finite() {
        return (-1.0, 1.0);
    }
    let margin = ((high - low) * 0.1).max(0.1);
    (low - margin, high + margin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    fn values(tensor: &Tensor) -> Vec<f64> {
        tensor
            .to_dtype(DType::F64)
            .and_then(|t| t.to_vec1::<f64>())
            .expect("a 1-D tensor")
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
