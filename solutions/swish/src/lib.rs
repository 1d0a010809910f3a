//! Exercise 3: swish, `z · σ(z)`, a custom activation: the function, its derivative, a layer
//! that drops into any candle-nn model, the β-parameterised family, and a figure of swish beside
//! ReLU. The lesson is in this crate's README.md.

use candle_core::{Module, Result, Tensor};
use plotters::prelude::*;
use std::path::Path;

/// Swish at every element of `z`: `z · σ(z)`, where `σ(z) = 1 / (1 + e^(−z))`.
///
/// It must stay finite, with a finite autograd gradient, for any finite `z` (the checks go up
/// to |z| = 1000): build it on `candle_nn::ops::sigmoid`, not on a hand-written `1/(1+exp(−z))`,
/// whose gradient is NaN from z = −100 on in f32. The result has the shape and dtype of `z`.
pub fn swish(z: &Tensor) -> Result<Tensor> {
    // TODO: multiply `z` element-wise (`Tensor::mul`) by `candle_nn::ops::sigmoid(z)`.
    z.mul(&candle_nn::ops::sigmoid(z)?)
}

/// The derivative of swish at every element of `z`, in closed form:
/// `σ(z) + z · σ(z) · (1 − σ(z))` (the product rule on `z · σ(z)`).
///
/// The result has the shape and dtype of `z`, and is finite for any finite `z`.
pub fn swish_derivative(z: &Tensor) -> Result<Tensor> {
    // TODO: compute `s = σ(z)` once, then `s + z · s · (1 − s)` (`Tensor::affine(-1.0, 1.0)`
    // computes `1 − s`).
    let s = candle_nn::ops::sigmoid(z)?;
    let product = z.mul(&s)?.mul(&s.affine(-1.0, 1.0)?)?;
    s.add(&product)
}

/// Swish as a layer: a `Module` with no weights, so it fits anywhere candle-nn takes one
/// (`xs.apply(&Swish)`, `candle_nn::seq().add(Swish)`, a `Box<dyn Module>`).
///
/// The output has the shape and dtype of the input, whatever its rank: a batch of 100 rows of
/// 10 hidden values stays `(100, 10)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swish;

impl Module for Swish {
    fn forward(&self, xs: &Tensor) -> Result<Tensor> {
        // TODO: apply your `swish` to `xs`, as it is.
        swish(xs)
    }
}

/// The β-parameterised swish at every element of `z`: `z · σ(β z)`.
///
/// β = 1 is plain swish, which PyTorch and candle call SiLU; β = 0 is the straight line `z / 2`;
/// as β grows, `σ(β z)` becomes a step at 0 and the curve approaches ReLU. `beta` must be
/// finite. The result has the shape and dtype of `z`.
pub fn swish_beta(z: &Tensor, beta: f64) -> Result<Tensor> {
    if !beta.is_finite() {
        candle_core::bail!("swish_beta needs a finite beta, got {beta}");
    }
    // TODO: scale `z` by `beta` (`Tensor::affine(beta, 0.0)`), take its sigmoid, and multiply
    // `z` by the result.
    z.mul(&candle_nn::ops::sigmoid(&z.affine(beta, 0.0)?)?)
}

pub use course_kit::plot::{points, value_range, z_grid, Curve};

/// One chart of the figure: its caption and the curves drawn on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub title: String,
    pub curves: Vec<Curve>,
}

/// The two panels of the figure, every curve sampled at `n` points of [-5, 5] (see [`z_grid`]):
/// the panel `"swish and ReLU"` with the curves `swish` and `ReLU`, then the panel
/// `"their derivatives"` with `swish'` and `ReLU'` (ReLU' is 0 at the kink, as in PyTorch),
/// titled exactly so.
pub fn figure_panels(n: usize) -> Result<Vec<Panel>> {
    // TODO: apply `swish`, `Tensor::relu`, `swish_derivative` and ReLU's derivative (`z.gt(0.0)`
    // as a 0/1 mask in `z`'s dtype) to `z_grid(n)`, and group the titled curves in two panels.
    let z = z_grid(n)?;
    let curve = |title: &str, values: Tensor| -> Result<Curve> {
        Ok(Curve {
            title: title.to_string(),
            points: points(&z, &values)?,
        })
    };
    Ok(vec![
        Panel {
            title: "swish and ReLU".to_string(),
            curves: vec![curve("swish", swish(&z)?)?, curve("ReLU", z.relu()?)?],
        },
        Panel {
            title: "their derivatives".to_string(),
            curves: vec![
                curve("swish'", swish_derivative(&z)?)?,
                curve("ReLU'", z.gt(0.0)?.to_dtype(z.dtype())?)?,
            ],
        },
    ])
}

/// Draws `panels` side by side into an SVG file at `path`, under the figure's title
/// `"Swish, z·σ(z), beside ReLU"`: each panel a chart captioned with its title, its x axis
/// labelled `z`, one line per curve and a legend naming each curve by its title.
pub fn draw_figure(panels: &[Panel], path: &Path) -> anyhow::Result<()> {
    // TODO: title an `SVGBackend` drawing area, split it into one column per panel; in each, build
    // a captioned chart, draw its mesh with the x label `z`, draw each curve as a `LineSeries`
    // with a `.label(...)` and a `.legend(...)`, then `configure_series_labels().draw()`.
    let root = SVGBackend::new(path, (960, 460)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled("Swish, z·σ(z), beside ReLU", ("sans-serif", 24))?;
    let colors = [BLUE, RED, GREEN, MAGENTA];
    for (area, panel) in root
        .split_evenly((1, panels.len().max(1)))
        .iter()
        .zip(panels)
    {
        let all: Vec<(f64, f64)> = panel.curves.iter().flat_map(|c| c.points.clone()).collect();
        let (low, high) = value_range(&all);
        let mut chart = ChartBuilder::on(area)
            .caption(&panel.title, ("sans-serif", 20))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(40)
            .build_cartesian_2d(-5.0..5.0, low..high)?;
        chart.configure_mesh().x_desc("z").draw()?;
        for (curve, color) in panel.curves.iter().zip(colors.iter().cycle()) {
            let color = *color;
            chart
                .draw_series(LineSeries::new(
                    curve.points.iter().copied(),
                    color.stroke_width(2),
                ))?
                .label(curve.title.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::{assert_abs_diff_eq, assert_relative_eq};
    use candle_core::Var;
    use candle_core::{DType, Device};

    fn values(tensor: &Tensor) -> Vec<f64> {
        course_kit::values(tensor).expect("a tensor of numbers")
    }

    fn z() -> Tensor {
        Tensor::new(&[-2.0f64, 0.0, 3.0], &Device::Cpu).expect("a tensor")
    }

    #[test]
    fn swish_is_z_times_sigmoid() -> Result<()> {
        let got = values(&swish(&z())?);
        // swish(0) = 0 · σ(0) = 0
        assert_abs_diff_eq!(got[1], 0.0, epsilon = 1e-12);
        // swish(3) = 3 / (1 + e^−3)
        assert_abs_diff_eq!(got[2], 3.0 / (1.0 + (-3.0f64).exp()), epsilon = 1e-12);
        // swish(−2) = −2 / (1 + e^2): negative, the dip below zero
        assert_abs_diff_eq!(got[0], -2.0 / (1.0 + 2.0f64.exp()), epsilon = 1e-12);
        Ok(())
    }

    #[test]
    fn swish_is_candles_silu() -> Result<()> {
        let z = Tensor::new(&[[-4.0f32, -1.5, 0.5], [1.0, 2.5, 6.0]], &Device::Cpu)?;
        for (a, b) in values(&swish(&z)?).iter().zip(values(&z.silu()?)) {
            assert_abs_diff_eq!(*a, b, epsilon = 1e-6);
        }
        Ok(())
    }

    #[test]
    fn swish_keeps_shape_and_dtype() -> Result<()> {
        let z = Tensor::zeros((2, 3, 4), DType::F32, &Device::Cpu)?;
        let out = swish(&z)?;
        assert_eq!(out.dims(), &[2, 3, 4]);
        assert_eq!(out.dtype(), DType::F32);
        Ok(())
    }

    #[test]
    fn derivative_is_a_half_at_zero_and_matches_autograd() -> Result<()> {
        let got = values(&swish_derivative(&z())?);
        // swish'(0) = σ(0) + 0 = 1/2
        assert_abs_diff_eq!(got[1], 0.5, epsilon = 1e-12);
        let var = Var::from_tensor(&z())?;
        let grads = swish(var.as_tensor())?.sum_all()?.backward()?;
        let autograd = values(grads.get(var.as_tensor()).expect("a gradient for z"));
        for (a, b) in got.iter().zip(&autograd) {
            assert_abs_diff_eq!(a, b, epsilon = 1e-12);
        }
        Ok(())
    }

    #[test]
    fn stays_finite_far_out_in_value_and_gradient() -> Result<()> {
        let inputs = [-1000.0f32, -100.0, 100.0, 1000.0];
        let z = Tensor::new(&inputs, &Device::Cpu)?;
        let var = Var::from_tensor(&z)?;
        let out = swish(var.as_tensor())?;
        let grads = out.sum_all()?.backward()?;
        let gradient = values(grads.get(var.as_tensor()).expect("a gradient for z"));
        let value = values(&out);
        let derivative = values(&swish_derivative(&z)?);
        for (quantity, got) in [
            ("swish(z)", &value),
            ("the autograd gradient of swish", &gradient),
            ("swish_derivative(z)", &derivative),
        ] {
            for (z, v) in inputs.iter().zip(got) {
                assert!(
                    v.is_finite(),
                    "{quantity} is {v} at z = {z}: build on candle_nn::ops::sigmoid, which stays \
                     finite, not on a hand-written 1/(1 + exp(-z))"
                );
            }
        }
        // swish(1000) = 1000 · σ(1000) = 1000, and swish'(1000) = 1
        assert_relative_eq!(value[3], 1000.0, max_relative = 1e-6);
        assert_abs_diff_eq!(derivative[3], 1.0, epsilon = 1e-6);
        Ok(())
    }

    #[test]
    fn the_layer_is_swish_on_a_batch() -> Result<()> {
        let xs = Tensor::new(&[[-1.0f32, 0.0, 2.0], [0.5, -3.0, 4.0]], &Device::Cpu)?;
        let layer: Box<dyn Module> = Box::new(Swish);
        let out = layer.forward(&xs)?;
        assert_eq!(out.dims(), &[2, 3]);
        assert_eq!(values(&out), values(&swish(&xs)?));
        Ok(())
    }

    #[test]
    fn beta_one_is_swish_and_large_beta_approaches_relu() -> Result<()> {
        assert_eq!(values(&swish_beta(&z(), 1.0)?), values(&swish(&z())?));
        let sharp = values(&swish_beta(&z(), 100.0)?);
        for (a, b) in sharp.iter().zip(values(&z().relu()?)) {
            assert_abs_diff_eq!(*a, b, epsilon = 1e-9);
        }
        // β = 0: z · σ(0) = z / 2
        assert_eq!(values(&swish_beta(&z(), 0.0)?), vec![-1.0, 0.0, 1.5]);
        assert!(swish_beta(&z(), f64::NAN).is_err());
        Ok(())
    }

    #[test]
    fn two_panels_of_two_curves() -> Result<()> {
        let panels = figure_panels(11)?;
        assert_eq!(panels.len(), 2);
        assert!(panels.iter().all(|p| p.curves.len() == 2));
        assert!(panels
            .iter()
            .flat_map(|p| &p.curves)
            .all(|c| c.points.len() == 11));
        // ReLU(−5) = 0, and ReLU'(0) = 0 at the kink
        assert_eq!(panels[0].curves[1].points[0], (-5.0, 0.0));
        assert_eq!(panels[1].curves[1].points[5], (0.0, 0.0));
        Ok(())
    }
}
