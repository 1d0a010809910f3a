//! What the course provides ready-made, so that the exercises stay about activations.
//!
//! - [`init`]: PyTorch-style, seeded initialisation of candle-nn `Linear` layers. candle's own
//!   `candle_nn::linear` draws Kaiming-normal weights (about 2.45x wider than PyTorch's) from an
//!   unseedable CPU generator; with it the lesson's training results do not reproduce.
//! - [`plot`]: the data side of the figures (grids, curves as points, axis ranges).

pub mod init;
pub mod plot;
