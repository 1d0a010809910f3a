//! What the course provides ready-made, so that the exercises stay about activations.
//!
//! - [`init`]: PyTorch-style, seeded initialisation of candle-nn `Linear` layers. candle's own
//!   `candle_nn::linear` draws Kaiming-normal weights (about 2.45x wider than PyTorch's) from an
//!   unseedable CPU generator; with it the lesson's training results do not reproduce.
//! - [`plot`]: the data side of the figures (grids, curves as points, axis ranges).
//! - [`values`]: a tensor's numbers, for tests that compare them.

pub mod init;
pub mod plot;

/// Every element of `tensor`, in order, as `f64`: what a test compares with the numbers the
/// lesson gives.
pub fn values(tensor: &candle_core::Tensor) -> candle_core::Result<Vec<f64>> {
    tensor
        .flatten_all()?
        .to_dtype(candle_core::DType::F64)?
        .to_vec1::<f64>()
}
