//! Inputs the checks of element-wise functions share.

use candle_core::{DType, Device, Tensor};
use rand::rngs::StdRng;
use rand::Rng;

/// `n` evenly spaced values from `from` to `to`, both included (`n` ≥ 2).
pub fn evenly_spaced(from: f64, to: f64, n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| from + (to - from) * i as f64 / (n - 1) as f64)
        .collect()
}

/// One tensor of shape `dims` with seeded values uniform in ±`spread`, as F32 and as F64 (the
/// same draws): `for (dtype, z) in both_dtypes(&mut rng, &dims, 8.0)? { ... }`.
pub fn both_dtypes(
    rng: &mut StdRng,
    dims: &[usize],
    spread: f64,
) -> candle_core::Result<[(DType, Tensor); 2]> {
    let count: usize = dims.iter().product();
    let data: Vec<f64> = (0..count).map(|_| rng.gen_range(-spread..spread)).collect();
    let tensor = Tensor::from_vec(data, dims, &Device::Cpu)?;
    Ok([
        (DType::F32, tensor.to_dtype(DType::F32)?),
        (DType::F64, tensor),
    ])
}

/// How a message names [`wide`]'s inputs, never listing them.
pub const WIDE: &str = "|z| up to 1000";

#[cfg(feature = "generate")]
/// Seeded inputs for an element-wise function, generated ([`crate::generate::wide_value`]):
/// most within ±60, some up to ±1000, some near 0, plus, whatever the seed, the places where a
/// careless formula breaks: ±0, tiny values, and past the points where `exp` overflows (88.7 in
/// f32, 709.8 in f64).
pub fn wide(ctx: &crate::Context) -> Vec<f64> {
    let mut runner = crate::generate::runner(ctx, 1);
    let mut zs = crate::generate::draw(&mut runner, &crate::generate::wide_value(), 500);
    zs.extend([
        0.0, -0.0, 1e-7, -1e-7, -89.0, 89.0, -100.0, 100.0, -710.0, 710.0, -1000.0, 1000.0,
    ]);
    // Where f32 cancels: σ(z) within 1e-3 of 1 (|z| from 7 to 11), so that σ − σ² or 1 − σ²
    // loses its last digits there on every seed, not on the seeds whose draws land in it.
    zs.extend((0..=400).flat_map(|i| {
        let z = 7.0 + f64::from(i) / 100.0;
        [z, -z]
    }));
    zs
}
