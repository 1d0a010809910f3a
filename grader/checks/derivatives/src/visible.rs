//! Checks whose inputs a student may see: the lesson's basic facts, and the figure.

use crate::reference;
use candle_core::{DType, Device, Tensor};
use check_harness::compare::{all_close, shape_and_dtype, titled_curve_matches, values, Tolerance};
use check_harness::inputs::evenly_spaced;
use check_harness::svg::draw_and_read;
use check_harness::{fail, student, CheckResult, Context};

const BASIC_INPUTS: [f64; 7] = [-3.0, -1.0, -0.25, 0.0, 0.25, 1.0, 3.0];

fn basics(
    ctx: &Context,
    name: &str,
    student: fn(&Tensor) -> candle_core::Result<Tensor>,
    expected: fn(f64) -> f64,
) -> CheckResult {
    let z = Tensor::new(&BASIC_INPUTS, &Device::Cpu)?;
    let got = values(&student(&z).map_err(|err| check_harness::returned_an_error(name, err))?)?;
    let want: Vec<f64> = BASIC_INPUTS.iter().map(|&z| expected(z)).collect();
    let tolerance = Tolerance::abs(ctx.param("tolerance"));
    all_close(name, &got, &want, tolerance, Some(&BASIC_INPUTS))
}

pub(crate) fn relu_basics(ctx: &Context) -> CheckResult {
    basics(
        ctx,
        "relu_derivative",
        derivatives::relu_derivative,
        reference::relu_derivative,
    )
    .map_err(|err| {
        fail!("{err} (the course's convention at the kink z = 0 is ReLU'(0) = 0, as in PyTorch)")
    })
}

pub(crate) fn sigmoid_basics(ctx: &Context) -> CheckResult {
    basics(
        ctx,
        "sigmoid_derivative",
        derivatives::sigmoid_derivative,
        reference::sigmoid_derivative,
    )
}

pub(crate) fn tanh_basics(ctx: &Context) -> CheckResult {
    basics(
        ctx,
        "tanh_derivative",
        derivatives::tanh_derivative,
        reference::tanh_derivative,
    )
}

/// Autograd of z³ must be 3z²: a function the student did not write a derivative for.
pub(crate) fn autograd_basics(ctx: &Context) -> CheckResult {
    let z = Tensor::new(&BASIC_INPUTS, &Device::Cpu)?;
    let cube = |t: &Tensor| t.sqr()?.mul(t);
    let got = values(&student!(derivatives::autograd_derivative(cube, &z))?)?;
    let want: Vec<f64> = BASIC_INPUTS.iter().map(|z| 3.0 * z * z).collect();
    all_close(
        "autograd_derivative(z³) (expected 3z²)",
        &got,
        &want,
        Tolerance::abs(ctx.param("tolerance")),
        Some(&BASIC_INPUTS),
    )
}

/// The three derivatives, each with the closed form it must match.
pub(crate) const DERIVATIVES: [(&str, Derivative, Closed); 3] = [
    (
        "relu_derivative",
        derivatives::relu_derivative,
        reference::relu_derivative,
    ),
    (
        "sigmoid_derivative",
        derivatives::sigmoid_derivative,
        reference::sigmoid_derivative,
    ),
    (
        "tanh_derivative",
        derivatives::tanh_derivative,
        reference::tanh_derivative,
    ),
];

type Derivative = fn(&Tensor) -> candle_core::Result<Tensor>;
type Closed = fn(f64) -> f64;

/// Tensors of rank 0 to 3 the message shows, in each float dtype: every derivative keeps the
/// shape and the dtype of `z` (a ReLU' left in the mask's dtype, u8, fails here).
pub(crate) fn batch_shape_basics(ctx: &Context) -> CheckResult {
    for dtype in [DType::F32, DType::F64] {
        for z in any_rank(dtype)? {
            let inputs = values(&z)?;
            for (name, student, expected) in DERIVATIVES {
                let what = format!(
                    "{name} of the {dtype:?} tensor {inputs:?} of shape {:?}",
                    z.dims()
                );
                let got = student(&z).map_err(|err| check_harness::returned_an_error(name, err))?;
                shape_and_dtype(&what, &got, z.dims(), dtype)?;
                let want: Vec<f64> = inputs.iter().map(|&z| expected(z)).collect();
                let tolerance = ctx.tolerance().in_dtype(dtype);
                all_close(&what, &values(&got)?, &want, tolerance, Some(&inputs))?;
            }
        }
    }
    Ok(())
}

/// A tensor of each rank from 0 to 3, with 0 among the values, in `dtype`.
fn any_rank(dtype: DType) -> Result<Vec<Tensor>, check_harness::Failure> {
    let device = Device::Cpu;
    Ok(vec![
        Tensor::new(0.5f64, &device)?.to_dtype(dtype)?,
        Tensor::new(&[-1.0f64, 0.0, 2.0], &device)?.to_dtype(dtype)?,
        Tensor::new(&[[-1.0f64, 0.0, 2.0], [0.5, -3.0, 1.0]], &device)?.to_dtype(dtype)?,
        Tensor::new(
            &[[[-1.5f64, 0.25], [2.0, -0.5]], [[3.0, -4.0], [0.0, 1.0]]],
            &device,
        )?
        .to_dtype(dtype)?,
    ])
}

/// The lesson's bound, |z| up to 1000, in each float dtype: every derivative is finite there
/// and matches its closed form (a hand-written sigmoid is NaN at -1000).
pub(crate) fn extremes_basics(ctx: &Context) -> CheckResult {
    const EXTREMES: [f64; 6] = [-1000.0, -100.0, -30.0, 30.0, 100.0, 1000.0];
    for dtype in [DType::F32, DType::F64] {
        let z = Tensor::new(&EXTREMES, &Device::Cpu)?.to_dtype(dtype)?;
        for (name, student, expected) in DERIVATIVES {
            let got = student(&z).map_err(|err| check_harness::returned_an_error(name, err))?;
            let want: Vec<f64> = EXTREMES.iter().map(|&z| expected(z)).collect();
            all_close(
                &format!("{name} in {dtype:?} at the lesson's largest |z| (finite up to 1000)"),
                &values(&got)?,
                &want,
                ctx.tolerance(),
                Some(&EXTREMES),
            )?;
        }
    }
    Ok(())
}

/// `autograd_derivative` of tanh on `z` is tanh′ element by element, in `z`'s shape and dtype;
/// the message shows `z`'s values only when `show_inputs`.
pub(crate) fn tanh_gradient_matches(
    ctx: &Context,
    what: &str,
    z: &Tensor,
    show_inputs: bool,
) -> CheckResult {
    let inputs = values(z)?;
    let got = student!(derivatives::autograd_derivative(|t: &Tensor| t.tanh(), z))?;
    shape_and_dtype(what, &got, z.dims(), z.dtype())?;
    let want: Vec<f64> = inputs
        .iter()
        .map(|&z| reference::tanh_derivative(z))
        .collect();
    all_close(
        what,
        &values(&got)?,
        &want,
        Tolerance::abs(ctx.param("tolerance")),
        show_inputs.then_some(inputs.as_slice()),
    )
}

/// `autograd_derivative` of tanh on tensors of rank 0 to 3 the message shows, in each float
/// dtype: the gradient keeps `z`'s shape and dtype; and a function whose output does not
/// depend on `z` (a constant, or one that leaves candle's graph) is an error, never a guess.
pub(crate) fn autograd_no_dependence_basics(ctx: &Context) -> CheckResult {
    for dtype in [DType::F32, DType::F64] {
        for z in any_rank(dtype)? {
            let what = format!(
                "autograd_derivative of tanh on the {dtype:?} tensor {:?} of shape {:?}",
                values(&z)?,
                z.dims()
            );
            tanh_gradient_matches(ctx, &what, &z, true)?;
        }
    }
    // a derivative that is 0 everywhere is an answer, not a missing gradient
    let negatives = Tensor::new(&[-3.0f32, -1.0, -0.5], &Device::Cpu)?;
    let got = student!(derivatives::autograd_derivative(
        |t: &Tensor| t.relu(),
        &negatives
    ))?;
    if values(&got)? != [0.0, 0.0, 0.0] {
        return Err(fail!(
            "autograd_derivative(|t| t.relu(), the f32 tensor [-3, -1, -0.5]) should be [0, 0, 0]: the output depends on z, with slope 0 there"
        ));
    }
    let z = Tensor::new(&[[1.0f64, -2.0], [0.5, 3.0]], &Device::Cpu)?.to_dtype(DType::F32)?;
    let constant = derivatives::autograd_derivative(|t: &Tensor| t.ones_like(), &z);
    let detached = derivatives::autograd_derivative(|t: &Tensor| Ok(t.detach()), &z);
    for (function, result) in [
        ("|t| t.ones_like() (a constant)", constant),
        ("|t| Ok(t.detach()) (it leaves candle's graph)", detached),
    ] {
        if result.is_ok() {
            return Err(fail!(
                "autograd_derivative({function}, the f32 matrix [[1, -2], [0.5, 3]]) returned a value: the output does not depend on z, so there is no gradient; return an error that says so"
            ));
        }
    }
    Ok(())
}

/// `figure_curves(7)`: the argument `n` is honoured, not only the figure's own 201.
pub(crate) fn figure_curves_count_basics(ctx: &Context) -> CheckResult {
    curves_sampled_at(ctx, 7).map_err(|failure| fail!("figure_curves(7): {failure}"))
}

const FIGURE_SAMPLES: usize = 201;
pub(crate) const TITLES: [&str; 6] = ["ReLU", "sigmoid", "tanh", "ReLU'", "sigmoid'", "tanh'"];

/// The curve each of [`TITLES`] names.
pub(crate) const CURVES: [fn(f64) -> f64; 6] = [
    reference::relu,
    reference::sigmoid,
    f64::tanh,
    reference::relu_derivative,
    reference::sigmoid_derivative,
    reference::tanh_derivative,
];

/// The figure's z values: [`FIGURE_SAMPLES`] evenly spaced from -5 to 5.
fn figure_grid() -> Vec<f64> {
    evenly_spaced(-5.0, 5.0, FIGURE_SAMPLES)
}

pub(crate) fn figure_curves(ctx: &Context) -> CheckResult {
    curves_sampled_at(ctx, FIGURE_SAMPLES)
}

/// `figure_curves(n)` against the reference's six curves of `n` points of [-5, 5].
pub(crate) fn curves_sampled_at(ctx: &Context, n: usize) -> CheckResult {
    let curves = student!(derivatives::figure_curves(n))?;
    if curves.len() != 6 {
        return Err(fail!(
            "figure_curves returned {} curves, expected 6",
            curves.len()
        ));
    }
    let tolerance = Tolerance::abs(ctx.param("tolerance"));
    let grid = evenly_spaced(-5.0, 5.0, n);
    for ((curve, title), f) in curves.iter().zip(TITLES).zip(CURVES) {
        titled_curve_matches(
            &curve.title,
            &curve.points,
            (title, ""),
            &grid,
            f,
            tolerance,
        )?;
    }
    Ok(())
}

/// The figure is drawn from reference curves, so this check grades the drawing alone; the
/// figure kept for the student is drawn from the student's own curves where they exist.
pub(crate) fn figure_svg(ctx: &Context) -> CheckResult {
    let grid = figure_grid();
    let curves: Vec<derivatives::Curve> = TITLES
        .iter()
        .zip(CURVES)
        .map(|(title, f)| derivatives::Curve {
            title: title.to_string(),
            points: grid.iter().map(|&z| (z, f(z))).collect(),
        })
        .collect();
    let figure = draw_and_read(
        ctx.work_dir(),
        "derivatives",
        || {
            derivatives::figure_curves(FIGURE_SAMPLES)
                .ok()
                .filter(|own| own.len() == 6)
        },
        &curves,
        |curves, path| derivatives::draw_figure(curves, path),
    )?;
    figure.expect_curves(6, FIGURE_SAMPLES / 2, "one per panel")?;
    for title in TITLES {
        if !figure.texts.iter().any(|text| text.contains(title)) {
            return Err(fail!(
                "no text in the SVG names {title:?}: caption each panel with its curve's title"
            ));
        }
    }
    if !figure.has_text("z") {
        return Err(fail!("the x axes have no label \"z\""));
    }
    Ok(())
}

/// The figure's layout as the exercise specifies it, read from positions in the SVG: a grid of 2
/// rows and 3 columns, the first three curves given on the top row and the next three below,
/// each caption over the chart of its own curve (drawn with that curve's shape), an x axis
/// labelled `z` under every chart. Drawn from the six curves in a seeded order other than the
/// lesson's, so that a figure drawn in a fixed order, or with fixed captions, fails (a correct
/// drawing does not depend on the order, so the lesson's own order needs no second drawing).
pub(crate) fn figure_layout(ctx: &Context) -> CheckResult {
    use check_harness::layout::{expect_panels, Panel};
    use rand::seq::SliceRandom;
    let lesson: Vec<usize> = (0..TITLES.len()).collect();
    let mut order = lesson.clone();
    let mut rng = ctx.rng();
    while order == lesson {
        order.shuffle(&mut rng);
    }
    let grid = figure_grid();
    let curves: Vec<derivatives::Curve> = order
        .iter()
        .map(|&i| derivatives::Curve {
            title: TITLES[i].to_string(),
            points: grid.iter().map(|&z| (z, CURVES[i](z))).collect(),
        })
        .collect();
    let figure = check_harness::svg::draw_reference(
        ctx.work_dir(),
        "derivatives-layout",
        &curves,
        |curves, path| derivatives::draw_figure(curves, path),
    )?;
    let panels: Vec<Panel> = order
        .iter()
        .map(|&i| Panel {
            caption: TITLES[i],
            curves: vec![&CURVES[i]],
        })
        .collect();
    expect_panels(&figure, &panels, 3, (-5.0, 5.0), "z", FIGURE_SAMPLES / 2)
        .map(drop)
        .map_err(|failure| {
            let given: Vec<&str> = order.iter().map(|&i| TITLES[i]).collect();
            fail!("with the six curves given in the order {given:?}: {failure}")
        })
}
