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
    let (x, y) = student!(tanh_swap::toy_data(tanh_swap::POINTS))?;
    shape_and_dtype("x of toy_data(100)", &x, &[100, 1], DType::F32)?;
    shape_and_dtype("y of toy_data(100)", &y, &[100, 1], DType::F32)?;
    let grid = reference::grid(100);
    let index: Vec<f64> = (0..100).map(|i| i as f64).collect();
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
    let (x, y) = reference::data(tanh_swap::POINTS)?;
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
        return Err(fail!(
            "with tanh, seed 0 and {epochs} epochs the loss ends at {last:.7}, the lesson's training run at {lesson:.7} \
             (±{:.2}%): check the optimiser's settings. The lesson's Adam is `ParamsAdamW {{ lr: 0.01, beta1: 0.9, \
             beta2: 0.999, eps: 1e-8, weight_decay: 0.0 }}`; `ParamsAdamW::default()` decays the weights by 0.01, \
             which alone ends this run 0.5% higher",
            100.0 * within
        ));
    }
    Ok(())
}

/// `figure_curves(0, 1000)`, computed once for both figure checks (three training runs).
fn student_curves() -> Result<Arc<Vec<Curve>>, Failure> {
    static CURVES: Memo<(), Vec<Curve>> = Memo::new();
    CURVES.get_or_try((), || {
        student!(tanh_swap::figure_curves(0, tanh_swap::EPOCHS))
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
    let grid = reference::grid(tanh_swap::POINTS);
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
    figure.expect_curves(4, tanh_swap::POINTS / 2, "sin(x) and three fits")?;
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
    let grid = reference::grid(tanh_swap::POINTS);
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
        &fits,
        range,
        ("x", "y"),
        tanh_swap::POINTS / 2,
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
