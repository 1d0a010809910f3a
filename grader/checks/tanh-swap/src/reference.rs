//! Independent reference values from the lesson's closed forms, in plain `f64`.

use check_harness::compare::values;
use check_harness::Failure;
use tanh_swap::Activation;

pub use check_harness::lesson::{adam_in_rust, data, grid, ADAM, EPOCHS, POINTS};
pub use check_harness::reference::{relu, sigmoid};

/// The activation's formula.
pub fn activation(activation: Activation) -> fn(f64) -> f64 {
    match activation {
        Activation::None => |z| z,
        Activation::Relu => relu,
        Activation::Tanh => f64::tanh,
        Activation::Sigmoid => sigmoid,
    }
}

/// The weights and biases of the lesson's network, read from its two layers.
pub struct Weights {
    /// `fc1`: one weight and one bias per hidden unit.
    w1: Vec<f64>,
    b1: Vec<f64>,
    /// `fc2`: one weight per hidden unit, and the output's bias.
    w2: Vec<f64>,
    b2: f64,
}

impl Weights {
    pub fn of(net: &tanh_swap::Net) -> Result<Weights, Failure> {
        let (fc1, fc2) = net.layers();
        let bias = |layer: &candle_nn::Linear| -> Result<Vec<f64>, Failure> {
            match layer.bias() {
                Some(bias) => values(bias),
                None => Err(Failure("a layer of the network has no bias".to_string())),
            }
        };
        let weights = Weights {
            w1: values(fc1.weight())?,
            b1: bias(fc1)?,
            w2: values(fc2.weight())?,
            b2: bias(fc2)?.first().copied().unwrap_or(f64::NAN),
        };
        let hidden = weights.w1.len();
        if weights.b1.len() != hidden || weights.w2.len() != hidden {
            return Err(Failure(format!(
                "the network's layers do not fit together: {hidden} hidden weights, {} hidden biases, {} output weights",
                weights.b1.len(),
                weights.w2.len()
            )));
        }
        Ok(weights)
    }

    /// The network's output at `x`: `w2 · f(w1 x + b1) + b2`.
    pub fn forward(&self, f: fn(f64) -> f64, x: f64) -> f64 {
        let hidden = self.w1.iter().zip(&self.b1).map(|(w, b)| f(w * x + b));
        hidden.zip(&self.w2).map(|(h, w)| h * w).sum::<f64>() + self.b2
    }
}

/// The mean of the squared differences.
pub fn mse(predictions: &[f64], targets: &[f64]) -> f64 {
    let sum: f64 = predictions
        .iter()
        .zip(targets)
        .map(|(p, t)| (p - t).powi(2))
        .sum();
    sum / targets.len() as f64
}

/// The lowest MSE any affine model `a x + b` reaches on `(xs, ys)`: least squares.
pub fn affine_floor(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let (mean_x, mean_y) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let covariance: f64 = xs
        .iter()
        .zip(ys)
        .map(|(x, y)| (x - mean_x) * (y - mean_y))
        .sum();
    let variance: f64 = xs.iter().map(|x| (x - mean_x).powi(2)).sum();
    let slope = covariance / variance;
    let intercept = mean_y - slope * mean_x;
    let fitted: Vec<f64> = xs.iter().map(|x| slope * x + intercept).collect();
    mse(&fitted, ys)
}

/// The largest `|v[i+1] − 2 v[i] + v[i−1]|`: zero for values of an affine function on an evenly
/// spaced grid (NaN if any value is not finite).
pub fn largest_second_difference(values: &[f64]) -> f64 {
    if values.iter().any(|v| !v.is_finite()) {
        return f64::NAN;
    }
    values
        .windows(3)
        .map(|w| (w[2] - 2.0 * w[1] + w[0]).abs())
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    #[test]
    fn the_affine_floor_of_the_lessons_data() {
        let xs = grid(100);
        assert_eq!(xs.len(), 100);
        assert!((xs[0] + 2.0 * PI).abs() < 1e-12 && (xs[99] - 2.0 * PI).abs() < 1e-12);
        let ys: Vec<f64> = xs.iter().map(|x| x.sin()).collect();
        // least squares on 100 points of sin x over [-2π, 2π]: MSE 0.422192
        assert!((affine_floor(&xs, &ys) - 0.422192).abs() < 1e-6);
        // an affine function has no second differences, a sine has
        let line: Vec<f64> = xs.iter().map(|x| 3.0 * x - 1.0).collect();
        assert!(largest_second_difference(&line) < 1e-12);
        assert!(largest_second_difference(&ys) > 1e-2);
        assert!(largest_second_difference(&[0.0, f64::NAN, 1.0]).is_nan());
    }

    #[test]
    fn activations_and_mse() {
        assert_eq!(activation(Activation::None)(-2.0), -2.0);
        assert_eq!(activation(Activation::Relu)(-2.0), 0.0);
        // σ(0) = 1/2, and σ(−1000) underflows to 0 rather than NaN
        assert_eq!(activation(Activation::Sigmoid)(0.0), 0.5);
        assert_eq!(activation(Activation::Sigmoid)(-1000.0), 0.0);
        // (1² + 2²) / 2
        assert_eq!(mse(&[1.0, 2.0], &[0.0, 0.0]), 2.5);
    }
}
