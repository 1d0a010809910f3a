//! Checks on inputs the student never sees: other data sizes, random batches, and training runs
//! on seeds derived from the grading seed, judged by their final loss against thresholds from
//! the reference solution's sweep and, on one seed, against a reference training loop written
//! here. Their messages say which property failed without naming the seeds or the inputs.

use crate::reference;
use candle_core::{DType, Device, Module, Tensor};
use candle_nn::VarMap;
use check_harness::compare::{all_close, is_close, shape_and_dtype, values, Tolerance};
use check_harness::memo::Memo;
use check_harness::{fail, student, CheckResult, Context, Failure};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Arc;
use tanh_swap::{Activation, Net, EPOCHS, POINTS};

pub(crate) fn data_more_sizes(ctx: &Context) -> CheckResult {
    let tolerance = Tolerance::abs(ctx.param("tolerance"));
    let mut rng = ctx.rng();
    for n in [2, rng.gen_range(3..50), rng.gen_range(101..1000)] {
        let (x, y) = student!(tanh_swap::toy_data(n))?;
        let shape = |name: &str, t: &Tensor| {
            shape_and_dtype(
                &format!("{name} of toy_data(n) for another n"),
                t,
                &[n, 1],
                DType::F32,
            )
            .map_err(|_| {
                fail!(
                    "{name} of toy_data(n) for another n does not have shape (n, 1) and dtype F32"
                )
            })
        };
        shape("x", &x)?;
        shape("y", &y)?;
        let grid = reference::grid(n);
        all_close(
            "x of toy_data(n) for another n",
            &values(&x)?,
            &grid,
            tolerance,
            None,
        )?;
        let sines: Vec<f64> = grid.iter().map(|x| x.sin()).collect();
        all_close(
            "y of toy_data(n) for another n",
            &values(&y)?,
            &sines,
            tolerance,
            None,
        )?;
    }
    Ok(())
}

/// Random networks and batches, every activation: shape and values of the forward pass.
pub(crate) fn forward_random_batches(ctx: &Context) -> CheckResult {
    let tolerance = ctx.tolerance();
    let mut rng = ctx.rng();
    for activation in Activation::ALL {
        for batch in [1, rng.gen_range(2..200)] {
            let xs: Vec<f64> = (0..batch).map(|_| rng.gen_range(-8.0..8.0)).collect();
            let x = Tensor::from_vec(xs, (batch, 1), &Device::Cpu)?.to_dtype(DType::F32)?;
            let net = Net::new(activation, rng.gen(), &VarMap::new())?;
            let out = net.forward(&x)?;
            let what = format!("Net::forward with Activation::{activation:?} on a random batch");
            shape_and_dtype(&what, &out, &[batch, 1], DType::F32).map_err(|_| {
                fail!("{what} does not give one F32 output per row: expected shape (batch, 1)")
            })?;
            let weights = reference::Weights::of(&net)?;
            let f = reference::activation(activation);
            let want: Vec<f64> = values(&x)?.iter().map(|&x| weights.forward(f, x)).collect();
            all_close(&what, &values(&out)?, &want, tolerance, None)?;
        }
    }
    Ok(())
}

/// The seeds of the training checks: drawn from the grading seed alone (not the check's id), so
/// that every training check sees the same runs and each run is trained once per process.
fn training_seeds(ctx: &Context) -> Vec<u64> {
    let count = ctx.param("seeds") as usize;
    let mut rng = StdRng::seed_from_u64(ctx.seed() ^ 0x7a6e_685f_7377_6170);
    (0..count).map(|_| rng.gen()).collect()
}

/// What the checks keep of one training run of the student's `train` on the reference data.
struct Run {
    losses: Vec<f32>,
    /// The trained model's predictions at the data's x values.
    predictions: Vec<f64>,
}

impl Run {
    fn final_loss(&self) -> f64 {
        self.losses
            .last()
            .map(|&loss| f64::from(loss))
            .unwrap_or(f64::NAN)
    }
}

type RunKey = (Activation, u64, usize);

/// The student's `train(activation, seed, epochs)` on the reference data, computed once per
/// process. A run that fails is not kept: every check that needs it reports the failure.
fn run(activation: Activation, seed: u64, epochs: usize) -> Result<Arc<Run>, Failure> {
    static RUNS: Memo<RunKey, Run> = Memo::new();
    RUNS.get_or_try((activation, seed, epochs), || {
        train_on_reference_data(activation, seed, epochs)
    })
}

fn train_on_reference_data(
    activation: Activation,
    seed: u64,
    epochs: usize,
) -> Result<Run, Failure> {
    let (x, y) = reference::data(POINTS)?;
    let trained = student!(tanh_swap::train(&x, &y, activation, seed, epochs))?;
    if trained.losses.len() != epochs {
        return Err(fail!(
            "train with Activation::{activation:?} gave {} losses for {epochs} epochs",
            trained.losses.len()
        ));
    }
    let predictions = values(&trained.model.forward(&x)?)?;
    Ok(Run {
        losses: trained.losses,
        predictions,
    })
}

/// The final losses of `activation` over the training seeds, in order.
fn final_losses(ctx: &Context, activation: Activation) -> Result<Vec<f64>, Failure> {
    training_seeds(ctx)
        .into_iter()
        .map(|seed| Ok(run(activation, seed, EPOCHS)?.final_loss()))
        .collect()
}

/// With no activation the trained network is affine in x: its predictions on the evenly spaced
/// data have vanishing second differences.
pub(crate) fn none_trained_is_affine(ctx: &Context) -> CheckResult {
    let seed = training_seeds(ctx)[0];
    let run = run(Activation::None, seed, EPOCHS)?;
    let bend = reference::largest_second_difference(&run.predictions);
    if !(bend.is_finite() && bend <= ctx.param("tolerance")) {
        return Err(fail!(
            "with Activation::None the trained model's predictions are not a straight line in x (a second difference of {bend:e}): \
             without an activation, fc2(fc1(x)) is affine"
        ));
    }
    Ok(())
}

/// Without an activation, training ends at the best affine fit's loss (computed here by least
/// squares, 0.42219), within `above`, and never more than `below` under it.
pub(crate) fn none_final_at_floor(ctx: &Context) -> CheckResult {
    let (x, y) = reference::data(POINTS)?;
    let floor = reference::affine_floor(&values(&x)?, &values(&y)?);
    let (above, below) = (ctx.param("above"), ctx.param("below"));
    let losses = final_losses(ctx, Activation::None)?;
    let bad: Vec<f64> = losses
        .iter()
        .copied()
        .filter(|&loss| !(loss >= floor - below && loss <= floor + above))
        .collect();
    if let Some(&example) = bad.first() {
        let why = if example < floor - below {
            "below the best any affine model can do: is an activation applied for Activation::None?"
        } else {
            "above it: check the loss (the mean of the squared errors), the optimiser's settings and that every epoch updates the weights"
        };
        return Err(fail!(
            "with no activation, {} of {} training runs of {EPOCHS} epochs did not end at the best affine fit's loss {floor:.5} \
             (allowed {:.5} to {:.5}); for example {example:.5}, {why}",
            bad.len(),
            losses.len(),
            floor - below,
            floor + above
        ));
    }
    Ok(())
}

fn below_threshold(ctx: &Context, activation: Activation) -> CheckResult {
    let threshold = ctx.param("threshold");
    let losses = final_losses(ctx, activation)?;
    let bad: Vec<f64> = losses
        .iter()
        .copied()
        .filter(|&loss| !(loss.is_finite() && loss < threshold))
        .collect();
    if let Some(worst) = bad.iter().copied().max_by(f64::total_cmp) {
        return Err(fail!(
            "with {activation}, {} of {} training runs of {EPOCHS} epochs ended at a loss above {threshold} (the worst at {worst:.4}); \
             the reference solution stays under it on every seed of its sweep",
            bad.len(),
            losses.len()
        ));
    }
    Ok(())
}

pub(crate) fn tanh_final_below(ctx: &Context) -> CheckResult {
    below_threshold(ctx, Activation::Tanh)
}

pub(crate) fn relu_final_below(ctx: &Context) -> CheckResult {
    below_threshold(ctx, Activation::Relu)
}

pub(crate) fn tanh_wins_most_seeds(ctx: &Context) -> CheckResult {
    let tanh = final_losses(ctx, Activation::Tanh)?;
    let relu = final_losses(ctx, Activation::Relu)?;
    let wins = tanh.iter().zip(&relu).filter(|(t, r)| t < r).count();
    let needed = ctx.param("min_wins") as usize;
    if wins < needed {
        return Err(fail!(
            "tanh ended below ReLU on {wins} of {} seeds, expected at least {needed}: on sin x, tanh's curve fits better than ReLU's corners",
            tanh.len()
        ));
    }
    Ok(())
}

/// The same seed gives the same loss curve to the last bit; another seed gives another curve.
pub(crate) fn same_seed_same_curve(ctx: &Context) -> CheckResult {
    let epochs = ctx.param("epochs") as usize;
    let mut rng = ctx.rng();
    let seed: u64 = rng.gen();
    let first = train_on_reference_data(Activation::Tanh, seed, epochs)?;
    let second = train_on_reference_data(Activation::Tanh, seed, epochs)?;
    if first.losses != second.losses {
        return Err(fail!(
            "two training runs from the same seed gave different loss curves"
        ));
    }
    let other = train_on_reference_data(Activation::Tanh, seed.wrapping_add(1), epochs)?;
    if other.losses == first.losses {
        return Err(fail!(
            "training runs from two different seeds gave the same loss curve: is the seed used?"
        ));
    }
    Ok(())
}

/// The student's loss curves with tanh against the reference training loop's from the same
/// seeds (same initial weights, same data, Adam as in the lesson), over the first epochs only:
/// two correct programs whose float operations differ in the last bits drift apart after a few
/// hundred epochs, while a wrong optimiser setting shows within a few dozen
/// (solutions/tanh-swap/TEACHER-NOTES.md, "How the checks were chosen").
pub(crate) fn curve_follows_reference(ctx: &Context) -> CheckResult {
    let epochs = ctx.param("epochs") as usize;
    let tolerance = ctx.tolerance();
    let (x, y) = reference::data(POINTS)?;
    for seed in training_seeds(ctx) {
        let student = run(Activation::Tanh, seed, epochs)?;
        let tanh = candle_nn::func(|xs| xs.tanh());
        let expected = lesson_reference::train(&tanh, &x, &y, seed, epochs)
            .map_err(|err| fail!("grader bug: the reference training run failed: {err}"))?;
        let departs = student
            .losses
            .iter()
            .zip(&expected)
            .position(|(&got, &want)| !is_close(f64::from(got), f64::from(want), tolerance));
        if let Some(epoch) = departs {
            return Err(fail!(
                "with tanh, the loss curve leaves the reference run's at epoch {epoch} (expected {:.6}, got {:.6}): \
                 check the optimiser's settings (Adam: lr 0.01, betas 0.9 and 0.999, eps 1e-8, no weight decay), \
                 the loss, and that the curve holds the loss after each update",
                expected[epoch],
                student.losses[epoch]
            ));
        }
    }
    Ok(())
}
