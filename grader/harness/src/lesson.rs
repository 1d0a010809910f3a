//! The lesson's data, as the exercises that train on it specify it: `x`, `n` evenly spaced
//! points from −2π to 2π, and `y = sin x`, computed in f64 and stored as f32 tensors of shape
//! `(n, 1)` (tanh-swap's `toy_data`). Checks build it themselves, so that no check depends on a
//! student's `toy_data`.

use candle_core::{DType, Device, Tensor};
use std::f64::consts::PI;

/// The lesson's number of points.
pub const POINTS: usize = 100;

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
