//! The lesson's data and settings, as the exercises that train on it specify them: `x`,
//! [`POINTS`] evenly spaced points from −2π to 2π, and `y = sin x`, computed in f64 and stored
//! as f32 tensors of shape `(n, 1)` (tanh-swap's `toy_data`); [`EPOCHS`] full-batch steps of
//! [`ADAM`].
//!
//! The checks, the reference training run (`lesson-reference`) and the threshold sweeps read
//! them here, so that no check depends on a student's `toy_data` and no number is written twice.
//! The student's crate states `POINTS` and `EPOCHS` again as part of the exercise it hands out
//! (the checks hold its values to these); it cannot depend on this crate, whose [`data`] is an
//! exercise's answer. This crate depends on candle alone, not on the checks' sandbox.

use candle_core::{DType, Device, Tensor};
use candle_nn::ParamsAdamW;
use std::f64::consts::PI;

/// The lesson's number of points.
pub const POINTS: usize = 100;

/// The lesson's number of epochs, full-batch.
pub const EPOCHS: usize = 1000;

/// The lesson's optimiser: Adam with PyTorch's defaults at lr 0.01. Every field is written
/// out: candle's `ParamsAdamW::default()` decays the weights by 0.01, which makes it AdamW.
pub const ADAM: ParamsAdamW = ParamsAdamW {
    lr: 0.01,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weight_decay: 0.0,
};

/// [`ADAM`] as Rust code, for messages that tell a student what to write.
pub fn adam_in_rust() -> String {
    let ParamsAdamW {
        lr,
        beta1,
        beta2,
        eps,
        weight_decay,
    } = ADAM;
    format!(
        "ParamsAdamW {{ lr: {lr}, beta1: {beta1}, beta2: {beta2}, eps: {eps:e}, weight_decay: {weight_decay:.1} }}"
    )
}

/// `n` evenly spaced points from −2π to 2π, both ends included.
pub fn grid(n: usize) -> Vec<f64> {
    // i·step − 2π, as `toy_data` computes it (`arange` then `affine`), to the last bit
    let step = 4.0 * PI / (n - 1) as f64;
    (0..n).map(|i| i as f64 * step - 2.0 * PI).collect()
}

/// `(x, y)` of `n` points, f32 tensors of shape `(n, 1)`: `x` is [`grid`], `y` its sines,
/// rounded to f32 after the sine.
pub fn data(n: usize) -> candle_core::Result<(Tensor, Tensor)> {
    let xs = grid(n);
    let ys: Vec<f64> = xs.iter().map(|x| x.sin()).collect();
    let x = Tensor::from_vec(xs, (n, 1), &Device::Cpu)?.to_dtype(DType::F32)?;
    let y = Tensor::from_vec(ys, (n, 1), &Device::Cpu)?.to_dtype(DType::F32)?;
    Ok((x, y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adam_reads_as_the_lesson_writes_it() {
        assert_eq!(
            adam_in_rust(),
            "ParamsAdamW { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.0 }"
        );
    }

    #[test]
    fn the_grid_spans_both_ends() {
        let grid = grid(POINTS);
        assert_eq!(grid.len(), POINTS);
        assert_eq!(grid[0], -2.0 * PI);
        assert!((grid[POINTS - 1] - 2.0 * PI).abs() < 1e-12);
    }
}
