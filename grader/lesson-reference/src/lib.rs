//! The lesson's reference training run: Linear(1,10) → activation → Linear(10,1), initialised
//! PyTorch-style from a seed (`course_kit::init`), trained with full-batch Adam on the MSE.
//! It answers an exercise (tanh-swap's `train`), so it is teacher-only: the student version of
//! the course (`grader handout`) holds an empty crate in its place, and only hidden checks use
//! it. The lesson's data itself is the specification, not an answer:
//! [`lesson_data::data`].
//!
//! Used by the hidden checks of `tanh-swap` (the loss curve, epoch by epoch) and `swish` (the
//! student's layer inside the network), and by the sweeps that set their thresholds
//! (`solutions/*/examples/`), so that a threshold is measured on the very code that grades.

use candle_core::{Module, Tensor};
use candle_nn::{AdamW, Optimizer, VarMap};
use lesson_data::{ADAM, EPOCHS};

/// The lesson's experiment: [`train`] on the lesson's data ([`lesson_data::data`])
/// for [`EPOCHS`]; the trained network's MSE.
pub fn final_loss(activation: &dyn Module, seed: u64) -> candle_core::Result<f32> {
    let (x, y) = lesson_data::data(lesson_data::POINTS)?;
    let losses = train(activation, &x, &y, seed, EPOCHS)?;
    Ok(losses.last().copied().unwrap_or(f32::NAN))
}

/// Trains the lesson's network with `activation` between its layers on `x`, `y` (f32, shape
/// `(n, 1)`), from the weights that `seed` draws, for `epochs` full-batch steps of [`ADAM`];
/// returns the MSE after each step (the last is the trained network's).
pub fn train(
    activation: &dyn Module,
    x: &Tensor,
    y: &Tensor,
    seed: u64,
    epochs: usize,
) -> candle_core::Result<Vec<f32>> {
    Ok(fit(activation, x, y, seed, epochs)?.0)
}

/// [`train`], and the trained network's predictions at `x` (shape `(n, 1)`).
pub fn fit(
    activation: &dyn Module,
    x: &Tensor,
    y: &Tensor,
    seed: u64,
    epochs: usize,
) -> candle_core::Result<(Vec<f32>, Tensor)> {
    let device = x.device();
    let varmap = VarMap::new();
    let mut rng = course_kit::init::seeded_rng(seed);
    let fc1 = course_kit::init::linear(1, 10, &varmap, "fc1", &mut rng, device)?;
    let fc2 = course_kit::init::linear(10, 1, &varmap, "fc2", &mut rng, device)?;
    let predict = || fc2.forward(&activation.forward(&fc1.forward(x)?)?);
    let loss_of = || -> candle_core::Result<Tensor> { predict()?.sub(y)?.sqr()?.mean_all() };
    let mut optimizer = AdamW::new(varmap.all_vars(), ADAM)?;
    let mut loss = loss_of()?;
    let mut losses = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        optimizer.backward_step(&loss)?;
        loss = loss_of()?;
        losses.push(loss.to_scalar::<f32>()?);
    }
    Ok((losses, predict()?))
}
