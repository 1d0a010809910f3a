//! Checks on inputs the student never sees: other data sizes, random batches, and training runs
//! on seeds derived from the grading seed, judged by their final loss against thresholds from
//! the reference solution's sweep and, on one seed, against the lesson's reference training
//! loop (`lesson-reference`). Their messages say which property failed without naming the seeds or the inputs.

use crate::reference;
use crate::reference::{EPOCHS, POINTS};
use candle_core::{DType, Device, Module, Tensor};
use candle_nn::VarMap;
use check_harness::compare::{all_close, shape_and_dtype, values, Tolerance};
use check_harness::memo::Memo;
use check_harness::{fail, student, CheckResult, Context, Failure};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Arc;
use tanh_swap::{Activation, Net};

/// `toy_data(n)` for generated n from 3 to 1000 (proptest), and always 2 (the fewest that span
/// the interval) and 5000 (the lesson allows any n, and the data are cheap to make).
pub(crate) fn data_more_sizes(ctx: &Context) -> CheckResult {
    let tolerance = Tolerance::abs(ctx.param("tolerance"));
    check_harness::generate::for_all_sizes(ctx, 3..=1000, &[2, 5000], 4, &|n| {
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
        )
    })
}

/// Random networks and batches, every activation: shape and values of the forward pass, over
/// generated batches of 2 to 200 rows with values in ±8 and network seeds (proptest), and always
/// one row and 5000 rows (a batch of any size goes through at once) for each activation.
pub(crate) fn forward_random_batches(ctx: &Context) -> CheckResult {
    use check_harness::generate::proptest::prelude::*;
    let tolerance = ctx.tolerance();
    let batches = (
        0..Activation::ALL.len(),
        any::<u64>(),
        prop::collection::vec(-8.0..8.0f64, 2..=200),
    );
    let mut edges = Vec::new();
    for activation in 0..Activation::ALL.len() {
        edges.push((activation, 7, vec![3.5]));
        edges.push((
            activation,
            7,
            (0..5000)
                .map(|i| -8.0 + 16.0 * f64::from(i) / 4999.0)
                .collect(),
        ));
    }
    check_harness::generate::for_all(ctx, batches, &edges, 12, |(activation, seed, xs)| {
        let activation = Activation::ALL[*activation];
        let batch = xs.len();
        let x = Tensor::from_vec(xs.clone(), (batch, 1), &Device::Cpu)?.to_dtype(DType::F32)?;
        let net = student!("Net::new" => Net::new(activation, *seed, &VarMap::new()))?;
        let out = student!("Net::forward" => net.forward(&x))?;
        let what = format!("Net::forward with Activation::{activation:?} on a random batch");
        shape_and_dtype(&what, &out, &[batch, 1], DType::F32).map_err(|_| {
            fail!("{what} does not give one F32 output per row: expected shape (batch, 1)")
        })?;
        let weights = reference::Weights::of(&net)?;
        let f = reference::activation(activation);
        let want: Vec<f64> = values(&x)?.iter().map(|&x| weights.forward(f, x)).collect();
        all_close(&what, &values(&out)?, &want, tolerance, None)
    })
}

/// The seeds of the checks that compare the student's training with the reference's, run for
/// run: drawn from the grading seed alone (not the check's id), so that those checks see the
/// same runs and each run is trained once per process.
fn training_seeds(ctx: &Context) -> Vec<u64> {
    let count = ctx.param("seeds") as usize;
    let mut rng = StdRng::seed_from_u64(ctx.seed() ^ TRAINING_SEEDS);
    (0..count).map(|_| rng.gen()).collect()
}

const TRAINING_SEEDS: u64 = 0x7a6e_685f_7377_6170;

/// The seeds of the checks that judge where training ends (thresholds, who wins): fixed, not
/// drawn from the grading seed. A wrong setup (a learning rate ten times too small) ends above
/// or below a threshold by chance of the initialisation; drawn from the grading seed, the same
/// wrong submission would earn other points on other seeds (tests/tests/seeds.rs). They live in
/// the hidden checks, so no student can tune a submission to them.
fn outcome_seeds(ctx: &Context) -> Vec<u64> {
    let count = ctx.param("seeds") as usize;
    let mut rng = StdRng::seed_from_u64(TRAINING_SEEDS);
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
    let predictions = values(&student!("Net::forward" => trained.model.forward(&x))?)?;
    Ok(Run {
        losses: trained.losses,
        predictions,
    })
}

/// Trains every run the outcome checks need (no activation, ReLU and tanh on each outcome
/// seed) two at a time, into `run`'s memo: each run is single-threaded (the network is tiny) and
/// a student's machine has at least two cores. A run that fails or panics is left out, for the
/// check that needs it to run again and report, with its own message.
fn train_outcome_runs(ctx: &Context) {
    let seeds = outcome_seeds(ctx);
    let keys: Vec<(Activation, u64)> = [Activation::None, Activation::Relu, Activation::Tanh]
        .into_iter()
        .flat_map(|activation| seeds.iter().map(move |&seed| (activation, seed)))
        .collect();
    let (first, second) = keys.split_at(keys.len() / 2);
    let train_all = |keys: &[(Activation, u64)]| {
        for &(activation, seed) in keys {
            let _ = std::panic::catch_unwind(|| run(activation, seed, EPOCHS));
        }
    };
    std::thread::scope(|scope| {
        scope.spawn(|| train_all(first));
        train_all(second);
    });
}

/// The final losses of `activation` over the training seeds, in order.
fn final_losses(ctx: &Context, activation: Activation) -> Result<Vec<f64>, Failure> {
    train_outcome_runs(ctx);
    outcome_seeds(ctx)
        .into_iter()
        .map(|seed| Ok(run(activation, seed, EPOCHS)?.final_loss()))
        .collect()
}

/// With no activation the trained network is affine in x: its predictions on the evenly spaced
/// data have vanishing second differences.
pub(crate) fn none_trained_is_affine(ctx: &Context) -> CheckResult {
    train_outcome_runs(ctx);
    let seed = outcome_seeds(ctx)[0];
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
    none_final_at_floor_as_seen(ctx)
        .map_err(|failure| fail!("{}", crate::visible::with_cause(failure.0)))
}

fn none_final_at_floor_as_seen(ctx: &Context) -> CheckResult {
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
    tanh_final_below_as_seen(ctx)
        .map_err(|failure| fail!("{}", crate::visible::with_cause(failure.0)))
}

fn tanh_final_below_as_seen(ctx: &Context) -> CheckResult {
    below_threshold(ctx, Activation::Tanh)
}

pub(crate) fn relu_final_below(ctx: &Context) -> CheckResult {
    relu_final_below_as_seen(ctx)
        .map_err(|failure| fail!("{}", crate::visible::with_cause(failure.0)))
}

fn relu_final_below_as_seen(ctx: &Context) -> CheckResult {
    below_threshold(ctx, Activation::Relu)
}

pub(crate) fn tanh_wins_most_seeds(ctx: &Context) -> CheckResult {
    tanh_wins_most_seeds_as_seen(ctx)
        .map_err(|failure| fail!("{}", crate::visible::with_cause(failure.0)))
}

fn tanh_wins_most_seeds_as_seen(ctx: &Context) -> CheckResult {
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
    let seed = check_harness::generate::seed(ctx);
    let epochs = ctx.param("epochs") as usize;
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
    curve_follows_reference_as_seen(ctx)
        .map_err(|failure| fail!("{}", crate::visible::with_cause(failure.0)))
}

fn curve_follows_reference_as_seen(ctx: &Context) -> CheckResult {
    let epochs = ctx.param("epochs") as usize;
    let tolerance = ctx.tolerance();
    let (x, y) = reference::data(POINTS)?;
    for seed in training_seeds(ctx) {
        let student = run(Activation::Tanh, seed, epochs)?;
        let tanh = candle_nn::func(|xs| xs.tanh());
        let expected = lesson_reference::train(&tanh, &x, &y, seed, epochs)
            .map_err(|err| fail!("grader bug: the reference training run failed: {err}"))?;
        if let Some(epoch) = crate::visible::departs(&student.losses, &expected, tolerance) {
            return Err(fail!(
                "with tanh, the loss curve leaves the reference run's at epoch {epoch} (expected {:.6}, got {:.6}): \
                 check the optimiser's settings (the lesson's Adam is `{}`), \
                 the loss, and that the curve holds the loss after each update",
                expected[epoch],
                student.losses[epoch],
                reference::adam_in_rust()
            ));
        }
    }
    Ok(())
}

/// The reference's module for each activation, for `lesson_reference`.
fn reference_activation(activation: Activation) -> Box<dyn Module> {
    match activation {
        Activation::None => Box::new(candle_nn::func(|xs| Ok(xs.clone()))),
        Activation::Relu => Box::new(candle_nn::func(|xs| xs.relu())),
        Activation::Tanh => Box::new(candle_nn::func(|xs| xs.tanh())),
        Activation::Sigmoid => Box::new(candle_nn::func(candle_nn::ops::sigmoid)),
    }
}

/// `figure_curves(seed, epochs)` for a seed and a number of epochs the lesson never uses (a
/// short run, so that two correct programs cannot drift apart): the truth, then the fits of the
/// networks trained from that seed for that many epochs, against the reference training's.
pub(crate) fn figure_curves_other_run(ctx: &Context) -> CheckResult {
    use check_harness::generate::proptest::prelude::*;
    // a seed and a short run (proptest), and always one epoch, the least there is
    check_harness::generate::for_all(
        ctx,
        (any::<u64>(), 5usize..=15),
        &[(7, 1)],
        1,
        |&(seed, epochs)| figure_curves_match_reference(ctx, seed, epochs),
    )
}

fn figure_curves_match_reference(ctx: &Context, seed: u64, epochs: usize) -> CheckResult {
    let curves = student!(tanh_swap::figure_curves(seed, epochs))?;
    let what = format!("figure_curves with another seed and {epochs} epochs");
    if curves.len() != 4 {
        return Err(fail!("{what} gave {} curves, expected 4", curves.len()));
    }
    let (x, y) = reference::data(POINTS)?;
    let xs = values(&x)?;
    let mut expected = vec![values(&y)?];
    for activation in [Activation::None, Activation::Relu, Activation::Tanh] {
        let module = reference_activation(activation);
        let (_, predictions) = lesson_reference::fit(module.as_ref(), &x, &y, seed, epochs)
            .map_err(|err| fail!("grader bug: the reference training run failed: {err}"))?;
        expected.push(values(&predictions)?);
    }
    for (curve, want) in curves.iter().zip(&expected) {
        let got_x: Vec<f64> = curve.points.iter().map(|p| p.0).collect();
        let got_y: Vec<f64> = curve.points.iter().map(|p| p.1).collect();
        all_close(
            &format!("{what}: the x of {:?}", curve.title),
            &got_x,
            &xs,
            ctx.tolerance(),
            None,
        )?;
        all_close(
            &format!("{what}: the curve {:?}", curve.title),
            &got_y,
            want,
            ctx.tolerance(),
            None,
        )?;
    }
    Ok(())
}

/// `train` on data the lesson never uses (other x, other y, another size), from a seeded
/// initialisation, for a short run: its loss curve follows the reference training's on the same
/// data, and `final_loss` is the curve's last value. It refuses x and y that are not both of
/// shape (n, 1), and 0 epochs, with an error.
pub(crate) fn train_other_data(ctx: &Context) -> CheckResult {
    use check_harness::generate::proptest::prelude::*;
    // n points of another curve, 0.5 cos 1.3x + 0.1x on [-3, 3]
    let data = |n: usize| -> Result<(Tensor, Tensor), Failure> {
        let xs: Vec<f64> = (0..n)
            .map(|i| -3.0 + 6.0 * i as f64 / (n.max(2) - 1) as f64)
            .collect();
        let ys: Vec<f64> = xs.iter().map(|x| 0.5 * (1.3 * x).cos() + 0.1 * x).collect();
        Ok((
            Tensor::from_vec(xs, (n, 1), &Device::Cpu)?.to_dtype(DType::F32)?,
            Tensor::from_vec(ys, (n, 1), &Device::Cpu)?.to_dtype(DType::F32)?,
        ))
    };
    // generated (proptest): 20 to 59 points, 20 to 39 epochs, a seed; and always the ends of
    // the stated domain, one point for one epoch and 5000 points
    let runs = (20usize..60, 20usize..40, any::<u64>());
    let ends = [(1, 1, 7), (5000, 2, 7)];
    check_harness::generate::for_all(ctx, runs, &ends, 1, |&(n, epochs, seed)| {
        let (x, y) = data(n)?;
        let trained = student!(tanh_swap::train(&x, &y, Activation::Tanh, seed, epochs))?;
        let tanh = reference_activation(Activation::Tanh);
        let expected = lesson_reference::train(tanh.as_ref(), &x, &y, seed, epochs)
            .map_err(|err| fail!("grader bug: the reference training run failed: {err}"))?;
        let got: Vec<f64> = trained.losses.iter().map(|&l| f64::from(l)).collect();
        let want: Vec<f64> = expected.iter().map(|&l| f64::from(l)).collect();
        let size = if n == 1 { "1 point" } else { "other points" };
        all_close(
            &format!("train on other data ({size} of another curve) for a number of epochs the lesson never uses: the loss curve"),
            &got,
            &want,
            ctx.tolerance(),
            None,
        )?;
        if trained.final_loss() != trained.losses.last().copied() {
            return Err(fail!(
                "Trained::final_loss is not the loss curve's last value"
            ));
        }
        Ok(())
    })?;
    let n = 30;
    let (x, y) = data(n)?;
    let seed = 7;
    let column = x.clone();
    let flat = x.flatten_all()?;
    let wide = Tensor::cat(&[&x, &x], 1)?;
    let shorter = y.narrow(0, 0, n - 1)?;
    let deep = x.unsqueeze(2)?;
    for (what, x, y, epochs) in [
        ("x of shape (n,) ", &flat, &flat, 1),
        ("x and y of shape (n, 1, 1)", &deep, &deep, 1),
        ("x and y of shape (n, 2)", &wide, &wide, 1),
        ("y shorter than x", &column, &shorter, 1),
        ("0 epochs", &column, &y, 0),
    ] {
        if tanh_swap::train(x, y, Activation::Tanh, seed, epochs).is_ok() {
            return Err(fail!(
                "train with {what} trained anyway: it needs x and y both of shape (n, 1) and at least one epoch, and says so with an error"
            ));
        }
    }
    Ok(())
}

/// `mse` averages over every element whatever the shape (the lesson only uses (n, 1)), returns a
/// scalar, and refuses tensors of different shapes with an error.
pub(crate) fn mse_any_shape(ctx: &Context) -> CheckResult {
    use check_harness::generate::proptest::prelude::*;
    // every rank from a single number to 3-D, sides 1 to 8, two tensors of one shape (proptest)
    let pairs = check_harness::generate::tensors(3, 8, 3.0).prop_flat_map(|(dims, p)| {
        let count = p.len();
        (
            Just(dims),
            Just(p),
            prop::collection::vec(-3.0..3.0f64, count),
        )
    });
    let edges = [
        (vec![], vec![2.0], vec![-1.0]),
        (
            vec![2, 3, 4],
            (0..24).map(f64::from).collect(),
            vec![0.5; 24],
        ),
    ];
    check_harness::generate::for_all(ctx, pairs, &edges, 24, |(dims, p, t)| {
        let count = p.len();
        let want = p.iter().zip(t).map(|(p, t)| (p - t).powi(2)).sum::<f64>() / count as f64;
        let tensor = |v: &[f64]| Tensor::from_vec(v.to_vec(), dims.as_slice(), &Device::Cpu);
        let got = student!(tanh_swap::mse(&tensor(p)?, &tensor(t)?))?;
        let what = format!("mse of two f64 tensors of rank {}", dims.len());
        shape_and_dtype(&what, &got, &[], DType::F64)?;
        all_close(&what, &values(&got)?, &[want], ctx.tolerance(), None)
    })?;
    let a = Tensor::zeros((4, 1), DType::F32, &Device::Cpu)?;
    let b = Tensor::zeros((1, 4), DType::F32, &Device::Cpu)?;
    if tanh_swap::mse(&a, &b).is_ok() {
        return Err(fail!(
            "mse of a (4, 1) and a (1, 4) tensor gave a value: tensors of different shapes must give an error, not a broadcast"
        ));
    }
    Ok(())
}

/// Adam's eps (1e-8) only matters where gradients are that small, which the lesson's training
/// never reaches early on: here the targets are the untrained network's own predictions,
/// nudged by 1e-6 ([`crate::visible::eps_targets`]), so the first gradients are about 1e-6 and
/// eps changes each of the first steps by a few percent (1e-7 by about 10%). The network has no
/// activation, so that an activation's rounding (a tanh written from exponentials) cannot show
/// here. The loss curve of a few epochs must follow the reference training's within 2%;
/// rounding differences between correct programs stay far below that, because Adam's step
/// depends on a gradient's sign and size ratio, not its last bits.
pub(crate) fn adam_eps_at_small_gradients(ctx: &Context) -> CheckResult {
    let seed = check_harness::generate::seed(ctx);
    let (x, _) = reference::data(POINTS)?;
    let y = crate::visible::eps_targets(&x, seed)?;
    let epochs = ctx.param("epochs") as usize;
    let trained = student!(tanh_swap::train(&x, &y, Activation::None, seed, epochs))?;
    let none = reference_activation(Activation::None);
    let expected = lesson_reference::train(none.as_ref(), &x, &y, seed, epochs)
        .map_err(|err| fail!("grader bug: the reference training run failed: {err}"))?;
    let got: Vec<f64> = trained.losses.iter().map(|&l| f64::from(l)).collect();
    let want: Vec<f64> = expected.iter().map(|&l| f64::from(l)).collect();
    all_close(
        &format!("train's loss curve over {epochs} epochs where the gradients are about 1e-6 (check Adam's eps: 1e-8)"),
        &got,
        &want,
        ctx.tolerance(),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visible::{
        eps_targets, EPS_CURVE, LESSON_CURVES, LESSON_FINAL_LOSSES, SEED_1_FINAL_LOSSES,
        TEN_POINTS_CURVE,
    };

    fn reference_curve(
        activation: Activation,
        x: &Tensor,
        y: &Tensor,
        seed: u64,
        epochs: usize,
    ) -> Vec<f32> {
        let module = reference_activation(activation);
        lesson_reference::train(module.as_ref(), x, y, seed, epochs).expect("the reference run")
    }

    fn assert_close(what: &str, got: &[f32], want: &[f32]) {
        let close = got.len() == want.len()
            && got
                .iter()
                .zip(want)
                .all(|(g, w)| (g - w).abs() <= 1e-6 * w.abs().max(1e-12));
        assert!(
            close,
            "{what}: the reference run gives {got:?}, the visible check holds {want:?}"
        );
    }

    /// The visible checks' constants are the reference training run's, so that a student is
    /// held to the same runs in the open as in secret.
    #[test]
    fn the_visible_checks_constants_are_the_reference_runs() {
        let (x, y) = reference::data(POINTS).expect("the lesson's data");
        for (activation, want) in LESSON_CURVES {
            assert_close(
                &format!("{activation:?}"),
                &reference_curve(activation, &x, &y, 0, 10),
                &want,
            );
        }
        let (x10, y10) = reference::data(10).expect("10 points");
        assert_close(
            "10 points",
            &reference_curve(Activation::Tanh, &x10, &y10, 0, 10),
            &TEN_POINTS_CURVE,
        );
        let targets = eps_targets(&x, 0).expect("the eps targets");
        assert_close(
            "eps",
            &reference_curve(Activation::None, &x, &targets, 0, 5),
            &EPS_CURVE,
        );
        for (activation, want) in LESSON_FINAL_LOSSES {
            let last = reference_curve(activation, &x, &y, 0, EPOCHS)[EPOCHS - 1];
            assert_close(
                &format!("{activation:?}, 1000 epochs"),
                &[last],
                &[want as f32],
            );
        }
        let seed_1: Vec<f32> = [Activation::None, Activation::Relu, Activation::Tanh]
            .into_iter()
            .map(|activation| reference_curve(activation, &x, &y, 1, 20)[19])
            .collect();
        let want: Vec<f32> = SEED_1_FINAL_LOSSES.iter().map(|&l| l as f32).collect();
        assert_close("seed 1, 20 epochs", &seed_1, &want);
    }
}
