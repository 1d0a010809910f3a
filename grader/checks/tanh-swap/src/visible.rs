//! Checks whose inputs a student may see: the lesson's data, the activations and the forward pass
//! on a few values, the loss on a small example, one short training run, and the figure.

use crate::reference;
use candle_core::{DType, Device, Module, Tensor};
use candle_nn::VarMap;
use check_harness::compare::{all_close, shape_and_dtype, values, Tolerance};
use check_harness::memo::Memo;
use check_harness::svg::read_figure;
use check_harness::{fail, student, CheckResult, Context, Failure};
use std::sync::Arc;
use tanh_swap::{Activation, Curve, Net};

pub(crate) fn data_values(ctx: &Context) -> CheckResult {
    let tolerance = Tolerance::abs(ctx.param("tolerance"));
    let n = reference::POINTS;
    if tanh_swap::POINTS != n || tanh_swap::EPOCHS != reference::EPOCHS {
        return Err(fail!(
            "POINTS is {} and EPOCHS {}: the lesson trains on {n} points for {} epochs; put the constants back as the stub gives them",
            tanh_swap::POINTS,
            tanh_swap::EPOCHS,
            reference::EPOCHS
        ));
    }
    let (x, y) = student!(tanh_swap::toy_data(n))?;
    shape_and_dtype("x of toy_data(100)", &x, &[n, 1], DType::F32)?;
    shape_and_dtype("y of toy_data(100)", &y, &[n, 1], DType::F32)?;
    let grid = reference::grid(n);
    let index: Vec<f64> = (0..n).map(|i| i as f64).collect();
    all_close(
        "x of toy_data(100), from -2π to 2π in equal steps (shown by row index)",
        &values(&x)?,
        &grid,
        tolerance,
        Some(&index),
    )?;
    let sines: Vec<f64> = grid.iter().map(|x| x.sin()).collect();
    all_close(
        "y = sin x of toy_data(100)",
        &values(&y)?,
        &sines,
        tolerance,
        Some(&grid),
    )
}

const BASIC_INPUTS: [f64; 7] = [-3.0, -1.0, -0.25, 0.0, 0.25, 1.0, 3.0];

pub(crate) fn activation_values(ctx: &Context) -> CheckResult {
    let tolerance = Tolerance::abs(ctx.param("tolerance"));
    // a column, as the hidden layer's values are, then every other rank: the shape must come
    // back unchanged
    let column = Tensor::new(&BASIC_INPUTS, &Device::Cpu)?.reshape((7, 1))?;
    let tensors = [
        column,
        Tensor::new(-0.5f64, &Device::Cpu)?,
        Tensor::new(&BASIC_INPUTS, &Device::Cpu)?,
        Tensor::new(&BASIC_INPUTS[..4], &Device::Cpu)?.reshape((2, 1, 2))?,
    ];
    for z in tensors {
        let z = z.to_dtype(DType::F32)?;
        let inputs = values(&z)?;
        for activation in Activation::ALL {
            let what = format!(
                "Activation::{activation:?}.forward of the f32 tensor {inputs:?} of shape {:?}",
                z.dims()
            );
            let out = student!("Activation::forward" => activation.forward(&z))?;
            shape_and_dtype(&what, &out, z.dims(), DType::F32)?;
            let f = reference::activation(activation);
            let want: Vec<f64> = inputs.iter().map(|&z| f(z)).collect();
            all_close(&what, &values(&out)?, &want, tolerance, Some(&inputs))?;
        }
    }
    Ok(())
}

const FORWARD_INPUTS: [f64; 7] = [-6.0, -2.0, -0.5, 0.0, 0.5, 2.0, 6.0];

/// The student's forward pass against `w2 · f(w1 x + b1) + b2` computed from the same network's
/// weights, for every activation.
pub(crate) fn forward_formula(ctx: &Context) -> CheckResult {
    let tolerance = ctx.tolerance();
    let x = Tensor::new(&FORWARD_INPUTS, &Device::Cpu)?
        .to_dtype(DType::F32)?
        .reshape((7, 1))?;
    for activation in Activation::ALL {
        let net = student!("Net::new" => Net::new(activation, 0, &VarMap::new()))?;
        let out = student!("Net::forward" => net.forward(&x))?;
        let what =
            format!("Net::forward with Activation::{activation:?} (seed 0) on a (7, 1) batch");
        shape_and_dtype(&what, &out, &[7, 1], DType::F32)?;
        let weights = reference::Weights::of(&net)?;
        let f = reference::activation(activation);
        let want: Vec<f64> = FORWARD_INPUTS
            .iter()
            .map(|&x| weights.forward(f, x))
            .collect();
        all_close(&what, &values(&out)?, &want, tolerance, Some(&FORWARD_INPUTS)).map_err(|err| {
            fail!("{err} (expected fc2(activation(fc1(x))): the activation goes between the two layers)")
        })?;
    }
    Ok(())
}

/// Why a training run ends in the wrong place, when the cause is one of the pieces the run is
/// built from: an activation that is not its formula, a forward pass without the activation
/// between the layers, or an `mse` that is not the mean of the squared errors. `None` when
/// those are right (the training loop itself is then at fault). Read on fixed inputs, so that
/// a message names the function to look at.
pub(crate) fn fault_in_the_pieces() -> Option<String> {
    let inputs = BASIC_INPUTS;
    let z = Tensor::new(&inputs, &Device::Cpu)
        .ok()?
        .to_dtype(DType::F32)
        .ok()?;
    let close = |got: &[f64], want: &[f64]| {
        got.len() == want.len() && got.iter().zip(want).all(|(g, w)| (g - w).abs() <= 1e-4)
    };
    for activation in [Activation::Relu, Activation::Tanh, Activation::Sigmoid] {
        let got = quietly(|| activation.forward(&z).ok().and_then(|t| values(&t).ok()))
            .ok()
            .flatten();
        let want: Vec<f64> = inputs
            .iter()
            .map(|&z| reference::activation(activation)(z))
            .collect();
        match got {
            Some(got) if close(&got, &want) => {}
            Some(got) if close(&got, &inputs) => {
                return Some(format!(
                    "the network has no non-linearity: `Activation::{activation:?}.forward` returns its input"
                ))
            }
            _ => {
                return Some(format!(
                    "`Activation::{activation:?}.forward` does not compute its formula (see the check of the activations)"
                ))
            }
        }
    }
    let x = Tensor::new(&FORWARD_INPUTS, &Device::Cpu)
        .ok()?
        .to_dtype(DType::F32)
        .ok()?
        .reshape((7, 1))
        .ok()?;
    let net = Net::new(Activation::Tanh, 0, &VarMap::new()).ok()?;
    let weights = reference::Weights::of(&net).ok()?;
    let got = quietly(|| net.forward(&x).ok().and_then(|t| values(&t).ok()))
        .ok()
        .flatten()?;
    let formula = |f: fn(f64) -> f64| -> Vec<f64> {
        FORWARD_INPUTS
            .iter()
            .map(|&x| weights.forward(f, x))
            .collect()
    };
    if !close(&got, &formula(f64::tanh)) {
        return Some(if close(&got, &formula(|z| z)) {
            "the network has no non-linearity: `Net::forward` does not apply the activation between fc1 and fc2".to_string()
        } else {
            "`Net::forward` is not fc2(activation(fc1(x))) (see the check of the forward pass)"
                .to_string()
        });
    }
    let p = Tensor::new(&[[1.0f32], [2.0], [3.0], [-1.0]], &Device::Cpu).ok()?;
    let t = Tensor::new(&[[1.0f32], [1.0], [1.0], [1.0]], &Device::Cpu).ok()?;
    let loss = quietly(|| tanh_swap::mse(&p, &t).ok().and_then(|l| values(&l).ok()))
        .ok()
        .flatten();
    if !loss.is_some_and(|loss| close(&loss, &[2.25])) {
        return Some(
            "`mse` is not the mean of the squared errors (see the check of the loss)".to_string(),
        );
    }
    None
}

/// `f`'s answer, `None` when it panics (a `todo!()` left in a piece).
fn quietly<T>(f: impl FnOnce() -> Option<T>) -> Result<Option<T>, ()> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(drop)
}

/// `message`, led by the piece at fault when [`fault_in_the_pieces`] finds one.
pub(crate) fn with_cause(message: String) -> String {
    match fault_in_the_pieces() {
        Some(cause) => format!("{cause}. {message}"),
        None => message,
    }
}

pub(crate) fn mse_value(ctx: &Context) -> CheckResult {
    let predictions = Tensor::new(&[[1.0f32], [2.0], [3.0], [-1.0]], &Device::Cpu)?;
    let targets = Tensor::new(&[[1.0f32], [1.0], [1.0], [1.0]], &Device::Cpu)?;
    let loss = student!(tanh_swap::mse(&predictions, &targets))?;
    if !loss.dims().is_empty() {
        return Err(fail!(
            "mse should give a scalar tensor (shape []), got shape {:?}",
            loss.dims()
        ));
    }
    let got = values(&loss)?[0];
    // (0² + 1² + 2² + 2²) / 4 = 9/4
    let want = 9.0 / 4.0;
    if !check_harness::compare::is_close(got, want, Tolerance::abs(ctx.param("tolerance"))) {
        let hint = if (got - 9.0).abs() < 1e-6 {
            ": that is the sum; the loss is the mean"
        } else {
            ""
        };
        return Err(fail!(
            "mse of predictions [1, 2, 3, -1] against targets [1, 1, 1, 1]: expected 9/4 = 2.25, got {got}{hint}"
        ));
    }
    Ok(())
}

/// One short training run with tanh from seed 0: one loss per epoch, finite, going down, and
/// ending at the loss of the model `train` returns.
pub(crate) fn loss_curve(ctx: &Context) -> CheckResult {
    let epochs = ctx.param("epochs") as usize;
    let (x, y) = reference::data(reference::POINTS)?;
    let trained = student!(tanh_swap::train(&x, &y, Activation::Tanh, 0, epochs))?;
    let losses = &trained.losses;
    if losses.len() != epochs {
        return Err(fail!(
            "train(.., Activation::Tanh, seed 0, {epochs} epochs) gave a loss curve of {} values, expected one per epoch ({epochs})",
            losses.len()
        ));
    }
    if let Some(epoch) = losses.iter().position(|loss| !loss.is_finite()) {
        return Err(fail!(
            "the loss curve is NaN or infinite from epoch {epoch} on"
        ));
    }
    let (first, last) = (f64::from(losses[0]), f64::from(losses[epochs - 1]));
    if last >= first {
        return Err(fail!(
            "the loss did not go down in {epochs} epochs (from {first} to {last}): are the gradients applied to the weights (`optimizer.backward_step(&loss)`)?"
        ));
    }
    let predictions = values(&student!("Net::forward" => trained.model.forward(&x))?)?;
    let recomputed = reference::mse(&predictions, &values(&y)?);
    let tolerance = ctx.tolerance();
    if !check_harness::compare::is_close(last, recomputed, tolerance) {
        return Err(fail!(
            "the loss curve ends at {last}, but the model train returned has MSE {recomputed} on the same data: \
             the last value must be the loss after the last update (of the model you return), and the loss the mean of the squared errors"
        ));
    }
    let lesson = ctx.param("final_loss");
    let within = ctx.param("final_rel");
    if !check_harness::compare::is_close(last, lesson, Tolerance::new(0.0, within)) {
        let ends = format!(
            "with tanh, seed 0 and {epochs} epochs the loss ends at {last:.7}, the lesson's training run at {lesson:.7} (±{:.2}%)",
            100.0 * within
        );
        return Err(fail!(
            "{}",
            match fault_in_the_pieces() {
                Some(cause) => format!("{cause}: {ends}"),
                None => format!(
                    "{ends}: check the optimiser's settings. The lesson's Adam is `{}`; `ParamsAdamW::default()` decays the weights by 0.01, \
                     which alone ends this run 0.5% higher",
                    reference::adam_in_rust()
                ),
            }
        ));
    }
    Ok(())
}

/// `figure_curves(0, 1000)`, computed once for both figure checks (three training runs).
fn student_curves() -> Result<Arc<Vec<Curve>>, Failure> {
    static CURVES: Memo<(), Vec<Curve>> = Memo::new();
    CURVES.get_or_try((), || {
        student!(tanh_swap::figure_curves(0, reference::EPOCHS))
    })
}

const TITLES: [&str; 4] = ["sin(x)", "no activation", "ReLU", "tanh"];

pub(crate) fn figure_curves(ctx: &Context) -> CheckResult {
    let tolerance = Tolerance::abs(ctx.param("tolerance"));
    let curves = student_curves()?;
    let titles: Vec<&str> = curves.iter().map(|c| c.title.as_str()).collect();
    if titles != TITLES {
        return Err(fail!(
            "figure_curves(0, 1000) gave the curves {titles:?}, expected {TITLES:?}"
        ));
    }
    let grid = reference::grid(reference::POINTS);
    for curve in curves.iter() {
        let xs: Vec<f64> = curve.points.iter().map(|p| p.0).collect();
        all_close(
            &format!("the x values of the curve {:?}", curve.title),
            &xs,
            &grid,
            tolerance,
            None,
        )?;
        if let Some(bad) = curve.points.iter().find(|p| !p.1.is_finite()) {
            return Err(fail!(
                "the curve {:?} has a value that is not finite at x = {}",
                curve.title,
                bad.0
            ));
        }
    }
    let sines: Vec<f64> = grid.iter().map(|x| x.sin()).collect();
    let truth: Vec<f64> = curves[0].points.iter().map(|p| p.1).collect();
    all_close(
        "the curve \"sin(x)\"",
        &truth,
        &sines,
        tolerance,
        Some(&grid),
    )?;
    let straight: Vec<f64> = curves[1].points.iter().map(|p| p.1).collect();
    let bend = reference::largest_second_difference(&straight);
    if !(bend.is_finite() && bend <= ctx.param("affine")) {
        return Err(fail!(
            "the curve \"no activation\" is not a straight line (a second difference of {bend:e}): is it the trained model's prediction?"
        ));
    }
    Ok(())
}

/// The student's own figure, kept for them to open: parsed, with its four curves, its title and
/// a legend entry per curve.
pub(crate) fn figure_svg(ctx: &Context) -> CheckResult {
    let curves = student_curves()?;
    let path = ctx.work_dir().join("tanh-swap.svg");
    if let Err(err) = tanh_swap::draw_figure(&curves, &path) {
        return Err(fail!("draw_figure returned an error: {err:#}"));
    }
    let figure = read_figure(&path)?;
    figure.expect_curves(4, reference::POINTS / 2, "sin(x) and three fits")?;
    if !figure.has_text(tanh_swap::FIGURE_TITLE) {
        return Err(fail!(
            "the SVG has no caption {:?}",
            tanh_swap::FIGURE_TITLE
        ));
    }
    for title in TITLES {
        if !figure.has_text(title) {
            return Err(fail!("the SVG's legend has no entry {title:?}: give each series a `.label(...)` and `.legend(...)`, then draw `configure_series_labels()`"));
        }
    }
    Ok(())
}

/// The figure's layout as the exercise specifies it, read from positions in the SVG: its
/// caption, the four curves on one chart (one x range, one y scale) with the shapes of the data
/// given, each in its own colour, axes labelled `x` and `y`. Drawn from known curves (the truth
/// and three fits of distinct shapes), given in reverse order.
pub(crate) fn figure_layout(ctx: &Context) -> CheckResult {
    use check_harness::layout::expect_one_chart;
    let fits: [&dyn Fn(f64) -> f64; 4] = [
        &f64::sin,
        &|x| 0.1 * x - 0.05,
        &|x| (0.3 * x).max(0.0) - 0.5,
        &|x| 0.9 * x.tanh(),
    ];
    let grid = reference::grid(reference::POINTS);
    let curves: Vec<Curve> = (0..TITLES.len())
        .rev()
        .map(|i| Curve {
            title: TITLES[i].to_string(),
            points: grid.iter().map(|&x| (x, fits[i](x))).collect(),
        })
        .collect();
    let figure = check_harness::svg::draw_reference(
        ctx.work_dir(),
        "tanh-swap-layout",
        &curves,
        |curves, path| tanh_swap::draw_figure(curves, path),
    )?;
    let range = (grid[0], grid[grid.len() - 1]);
    expect_one_chart(
        &figure,
        tanh_swap::FIGURE_TITLE,
        &TITLES,
        &fits,
        range,
        ("x", "y"),
        reference::POINTS / 2,
    )
    .map_err(|failure| fail!("with the curves given in reverse order: {failure}"))?;
    // the given `range`, which sets the axes, as its doc states it: the values' span widened by
    // a margin (of any finite size), a flat curve included; (-1, 1) with no finite value
    let widened = |values: &[f64], low: f64, high: f64| {
        let (from, to) = tanh_swap::range(values.iter().copied());
        from.is_finite() && to.is_finite() && from < low && to > high
    };
    let none = tanh_swap::range([f64::NAN, f64::INFINITY].into_iter());
    if !widened(&[0.5, f64::NAN, 2.0], 0.5, 2.0)
        || !widened(&[0.0, 1.0], 0.0, 1.0)
        || !widened(&[5.0, 5.0], 5.0, 5.0)
        || none != (-1.0, 1.0)
    {
        return Err(fail!(
            "range (given with the exercise) no longer does what its doc says: the axes must hold every finite value with a margin, a flat curve too, and be (-1, 1) when there is none"
        ));
    }
    Ok(())
}

/// `mse` on tensors of every rank (a single number, a row, a matrix, a 3-D tensor, in f64) and
/// its refusal of two shapes that differ: the lesson's property on small inputs of its own.
pub(crate) fn mse_every_rank_basics(ctx: &Context) -> CheckResult {
    let cases: [(&[usize], [f64; 4]); 4] = [
        (&[], [3.0, 0.0, 0.0, 0.0]),
        (&[4], [1.0, 2.0, 3.0, -1.0]),
        (&[2, 2], [1.0, 2.0, 3.0, -1.0]),
        (&[2, 1, 2], [1.0, 2.0, 3.0, -1.0]),
    ];
    for (dims, data) in cases {
        let count = dims.iter().product::<usize>();
        let predictions = &data[..count];
        let targets = vec![1.0; count];
        let want = predictions.iter().map(|p| (p - 1.0).powi(2)).sum::<f64>() / count as f64;
        let p = Tensor::from_vec(predictions.to_vec(), dims, &Device::Cpu)?;
        let t = Tensor::from_vec(targets, dims, &Device::Cpu)?;
        let what =
            format!("mse of the f64 tensor {predictions:?} of shape {dims:?} against ones of the same shape");
        let got = student!(tanh_swap::mse(&p, &t))?;
        shape_and_dtype(&what, &got, &[], DType::F64)?;
        all_close(&what, &values(&got)?, &[want], ctx.tolerance(), None)
            .map_err(|err| fail!("{err}: the mean over every element is {want}"))?;
    }
    let a = Tensor::zeros((4, 1), DType::F32, &Device::Cpu)?;
    let b = Tensor::zeros((1, 4), DType::F32, &Device::Cpu)?;
    if tanh_swap::mse(&a, &b).is_ok() {
        return Err(fail!(
            "mse of a (4, 1) and a (1, 4) tensor of zeros gave a value: two shapes that differ must give an error, not a broadcast"
        ));
    }
    Ok(())
}

/// `train(x, y, activation, 0, 10)` on the lesson's data, the loss after each of the 10
/// updates, for every activation: the reference training run (`lesson_reference::train`, full
/// batch, Adam as in the lesson) from seed 0. `hidden.rs` tests that these are its values.
pub(crate) const LESSON_CURVES: [(Activation, [f32; 10]); 4] = [
    (
        Activation::None,
        [
            1.6247022, 1.1051892, 0.74039364, 0.5240708, 0.439698, 0.45734936, 0.53448826,
            0.62478757, 0.6924761, 0.72054344,
        ],
    ),
    (
        Activation::Relu,
        [
            0.9870587, 0.7785278, 0.62322944, 0.51982176, 0.4644006, 0.4492618, 0.4628292,
            0.49092335, 0.5198461, 0.5397325,
        ],
    ),
    (
        Activation::Tanh,
        [
            0.47950122, 0.4435552, 0.41749617, 0.3998891, 0.38818365, 0.3793917, 0.3709932,
            0.36156598, 0.35078818, 0.33907267,
        ],
    ),
    (
        Activation::Sigmoid,
        [
            0.49368382, 0.47844684, 0.46599594, 0.45597574, 0.4479422, 0.44148886, 0.43630293,
            0.43217367, 0.42896357, 0.42654628,
        ],
    ),
];

/// The first epoch where `got` leaves `want`, if any (a curve of another length leaves it at
/// the shorter one's end).
pub(crate) fn departs(got: &[f32], want: &[f32], tolerance: Tolerance) -> Option<usize> {
    (0..got.len().max(want.len())).find(|&epoch| match (got.get(epoch), want.get(epoch)) {
        (Some(&got), Some(&want)) => {
            !check_harness::compare::is_close(f64::from(got), f64::from(want), tolerance)
        }
        _ => true,
    })
}

/// Ten epochs of the lesson's training with each activation, sigmoid included, from seed 0:
/// the curves of the reference run, epoch by epoch (a fresh network drawn from the seed, one
/// full-batch Adam update per epoch); the same call twice gives the same curve to the last
/// bit, and seed 1 another.
pub(crate) fn train_curves_basics(ctx: &Context) -> CheckResult {
    let (x, y) = reference::data(reference::POINTS)?;
    let tolerance = ctx.tolerance();
    for (activation, want) in LESSON_CURVES {
        let call = format!("train(x, y, Activation::{activation:?}, 0, 10) on the lesson's data");
        let got = student!(tanh_swap::train(&x, &y, activation, 0, 10))?.losses;
        if let Some(epoch) = departs(&got, &want, tolerance) {
            return Err(fail!(
                "{}",
                with_cause(format!(
                    "{call}: the loss curve leaves the lesson's at epoch {epoch}: expected {want:?}, got {got:?}. \
                     One update per epoch from all {} points, Adam as `{}`, \
                     starting from Net::new(activation, seed, ..), and the loss after each update",
                    reference::POINTS,
                    reference::adam_in_rust()
                ))
            ));
        }
        if activation == Activation::Tanh {
            let again = student!(tanh_swap::train(&x, &y, activation, 0, 10))?.losses;
            if again != got {
                return Err(fail!(
                    "{call}, called twice, gave two loss curves ({got:?}, then {again:?}): each call starts from a fresh network drawn from the seed"
                ));
            }
            let other = student!(tanh_swap::train(&x, &y, activation, 1, 10))?.losses;
            if other == got {
                return Err(fail!(
                    "train with seeds 0 and 1 gave the same loss curve {got:?}: is the seed given to Net::new?"
                ));
            }
        }
    }
    Ok(())
}

/// `train(x, y, Activation::Tanh, 0, 10)` on 10 points of the lesson's curve: the reference
/// run's curve on those points.
pub(crate) const TEN_POINTS_CURVE: [f32; 10] = [
    0.43612996, 0.40645695, 0.38666198, 0.37472472, 0.36717513, 0.36049846, 0.3526425, 0.34321508,
    0.33286354, 0.3226008,
];

/// `train` on data it is given: 10 points of sin x over the lesson's interval (not the lesson's
/// 100), tanh, seed 0, 10 epochs.
pub(crate) fn train_given_data_basics(ctx: &Context) -> CheckResult {
    let (x, y) = reference::data(10)?;
    let got = student!(tanh_swap::train(&x, &y, Activation::Tanh, 0, 10))?.losses;
    if let Some(epoch) = departs(&got, &TEN_POINTS_CURVE, ctx.tolerance()) {
        return Err(fail!(
            "train(x, y, Activation::Tanh, 0, 10) with x and y = sin x of toy_data(10) (10 points, not the lesson's 100): \
             the loss curve leaves the expected one at epoch {epoch}: expected {TEN_POINTS_CURVE:?}, got {got:?}. \
             Is it trained on the x and y it is given?"
        ));
    }
    Ok(())
}

/// The targets of the eps checks: the untrained network's own predictions at `x` (the lesson's
/// network with no activation, drawn from `seed` as `Net::new` draws it), nudged by
/// `1e-6 sin 3x`, so that the first gradients are about 1e-6, where Adam's eps (1e-8) shows.
/// No activation, so that what is seen is the optimiser, not an activation's rounding.
pub(crate) fn eps_targets(x: &Tensor, seed: u64) -> candle_core::Result<Tensor> {
    let varmap = VarMap::new();
    let mut rng = course_kit::init::seeded_rng(seed);
    let device = x.device();
    let fc1 = course_kit::init::linear(1, 10, &varmap, "fc1", &mut rng, device)?;
    let fc2 = course_kit::init::linear(10, 1, &varmap, "fc2", &mut rng, device)?;
    let start = fc2.forward(&fc1.forward(x)?)?;
    let nudge = (x.affine(3.0, 0.0)?.sin()? * 1e-6)?;
    start.add(&nudge)
}

/// `train(x, eps_targets(x, 0), Activation::None, 0, 5)` on the lesson's x: the reference run.
pub(crate) const EPS_CURVE: [f32; 5] = [
    0.071688056,
    0.0037859585,
    0.018947804,
    0.042420693,
    0.028865771,
];

/// Adam's eps on the lesson's x, where the gradients are about 1e-6 ([`eps_targets`]), seed 0,
/// 5 epochs.
pub(crate) fn adam_eps_basics(ctx: &Context) -> CheckResult {
    let (x, _) = reference::data(reference::POINTS)?;
    let y = eps_targets(&x, 0)?;
    let got = student!(tanh_swap::train(&x, &y, Activation::None, 0, 5))?.losses;
    if let Some(epoch) = departs(&got, &EPS_CURVE, ctx.tolerance()) {
        return Err(fail!(
            "train(x, y, Activation::None, 0, 5) on the lesson's x, with y the untrained network's own predictions \
             plus 1e-6 sin 3x (gradients about 1e-6): the loss curve leaves the expected one at epoch {epoch}: \
             expected {EPS_CURVE:?}, got {got:?}. At gradients this small Adam's eps decides the step: it is {:e}",
            reference::ADAM.eps
        ));
    }
    Ok(())
}

/// The final losses of the lesson's run, seed 0 and 1000 epochs, with no activation, ReLU and
/// tanh: the reference training run's.
pub(crate) const LESSON_FINAL_LOSSES: [(Activation, f64); 3] = [
    (Activation::None, 0.42219207),
    (Activation::Relu, 0.08529173),
    (Activation::Tanh, 0.01910426),
];

/// The MSE of a fit drawn by `figure_curves` against the data's `ys`; `None` unless it has one
/// point per data point.
fn fit_loss(curve: &Curve, ys: &[f64]) -> Option<f64> {
    let fit: Vec<f64> = curve.points.iter().map(|p| p.1).collect();
    (fit.len() == ys.len()).then(|| reference::mse(&fit, ys))
}

/// `value < bound`, false for a NaN.
fn below(value: f64, bound: f64) -> bool {
    value < bound
}

/// The lesson's own experiment, read from `figure_curves(0, 1000)` (the fits of the networks
/// `train` gives): with no activation the fit ends at the best affine fit's loss and no lower,
/// tanh ends under 0.05, ReLU under 0.35 and above tanh, and each fit's loss is the lesson's
/// run's.
pub(crate) fn lesson_run_outcomes(ctx: &Context) -> CheckResult {
    lesson_run_outcomes_as_seen(ctx).map_err(|failure| fail!("{}", with_cause(failure.0)))
}

fn lesson_run_outcomes_as_seen(ctx: &Context) -> CheckResult {
    let curves = student_curves()?;
    let (x, y) = reference::data(reference::POINTS)?;
    let (xs, ys) = (values(&x)?, values(&y)?);
    let floor = reference::affine_floor(&xs, &ys);
    let mut losses = Vec::new();
    // the fits' titles follow the truth's in TITLES
    for ((activation, lesson), title) in LESSON_FINAL_LOSSES.into_iter().zip(&TITLES[1..]) {
        let curve = curves
            .iter()
            .find(|curve| curve.title == *title)
            .ok_or_else(|| fail!("figure_curves(0, 1000) has no curve titled {title:?}"))?;
        let Some(loss) = fit_loss(curve, &ys) else {
            return Err(fail!(
                "the curve {title:?} of figure_curves(0, 1000) has {} points, expected one per data point ({})",
                curve.points.len(),
                ys.len()
            ));
        };
        let what = format!(
            "the lesson's run (seed 0, 1000 epochs) with Activation::{activation:?}, read from figure_curves(0, 1000)"
        );
        match activation {
            Activation::None
                if !(loss >= floor - ctx.param("below") && loss <= floor + ctx.param("above")) =>
            {
                return Err(fail!(
                    "{what} ends at the loss {loss:.5}; without an activation the network is affine and ends at the best affine fit's loss {floor:.5}, never below it"
                ));
            }
            Activation::Relu if !below(loss, ctx.param("relu_below")) => {
                return Err(fail!(
                    "{what} ends at the loss {loss:.4}, expected under {}",
                    ctx.param("relu_below")
                ));
            }
            Activation::Tanh if !below(loss, ctx.param("tanh_below")) => {
                return Err(fail!(
                    "{what} ends at the loss {loss:.4}, expected under {}",
                    ctx.param("tanh_below")
                ));
            }
            _ => {}
        }
        if !check_harness::compare::is_close(loss, lesson, Tolerance::new(0.0, ctx.param("rel"))) {
            return Err(fail!(
                "{what} ends at the loss {loss:.6}, the lesson's run at {lesson:.6} (±{}%): is each fit the prediction of the network train returns for that activation, seed and epochs?",
                100.0 * ctx.param("rel")
            ));
        }
        losses.push(loss);
    }
    if losses[2] >= losses[1] {
        return Err(fail!(
            "in the lesson's run (seed 0, 1000 epochs) tanh ended at {:.4}, not below ReLU's {:.4}",
            losses[2],
            losses[1]
        ));
    }
    Ok(())
}

/// The final losses of `train` from seed 1 for 20 epochs on the lesson's data (no activation,
/// ReLU, tanh): the reference training run's.
pub(crate) const SEED_1_FINAL_LOSSES: [f64; 3] = [0.44766104, 0.31451786, 0.37201095];

/// `figure_curves(seed, epochs)` honours both arguments: `figure_curves(0, 10)` shows the fits
/// whose losses end the curves of [`LESSON_CURVES`], `figure_curves(1, 20)` those of seed 1
/// after 20 epochs.
pub(crate) fn figure_curves_arguments_basics(ctx: &Context) -> CheckResult {
    let (_, y) = reference::data(reference::POINTS)?;
    let ys = values(&y)?;
    let at_ten: Vec<f64> = LESSON_CURVES
        .iter()
        .take(3)
        .map(|(_, curve)| f64::from(curve[9]))
        .collect();
    for (seed, epochs, want) in [(0, 10, at_ten.as_slice()), (1, 20, &SEED_1_FINAL_LOSSES)] {
        let curves = student!(tanh_swap::figure_curves(seed, epochs))?;
        if curves.len() != 4 {
            return Err(fail!(
                "figure_curves({seed}, {epochs}) gave {} curves, expected 4",
                curves.len()
            ));
        }
        let got: Vec<f64> = curves[1..]
            .iter()
            .map(|curve| fit_loss(curve, &ys).unwrap_or(f64::NAN))
            .collect();
        all_close(
            &format!(
                "the losses of the three fits (no activation, ReLU, tanh) of figure_curves({seed}, {epochs}) against sin x"
            ),
            &got,
            want,
            Tolerance::new(0.0, ctx.param("rel")),
            None,
        )
        .map_err(|err| {
            fail!("{err}: each fit is the network train gives for that seed and that many epochs")
        })?;
    }
    Ok(())
}
