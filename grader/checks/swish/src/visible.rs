//! Checks whose inputs a student may see: the lesson's basic facts, the layer, the β family and
//! the figure.

use crate::reference::{self, Reference};
use candle_core::{DType, Device, Module, Tensor, Var};
use check_harness::compare::{all_close, shape_and_dtype, titled_curve_matches, values, Tolerance};
use check_harness::svg::draw_and_read;
use check_harness::{fail, student, CheckResult, Context};

const BASIC_INPUTS: [f64; 7] = [-3.0, -1.0, -0.25, 0.0, 0.25, 1.0, 3.0];

const FAR_OUT: [f64; 6] = [-1000.0, -100.0, -20.0, 20.0, 100.0, 1000.0];

/// The lesson's warning, made visible: a sigmoid written as `1 / (1 + exp(-z))` gives a NaN
/// gradient far out on the left (exp overflows to infinity, and infinity / infinity is NaN).
pub(crate) fn gradient_far_out(ctx: &Context) -> CheckResult {
    let z = Var::from_tensor(&Tensor::new(&FAR_OUT, &Device::Cpu)?)?;
    let gradients = student!(swish::swish(z.as_tensor()))?
        .sum_all()?
        .backward()?;
    let Some(gradient) = gradients.get(z.as_tensor()) else {
        return Err(fail!(
            "candle's autograd found no gradient: your swish's output does not depend on its input"
        ));
    };
    let got = values(gradient)?;
    if let Some((z, g)) = FAR_OUT.iter().zip(&got).find(|(_, g)| !g.is_finite()) {
        return Err(fail!(
            "candle's autograd of your swish at z = {z} is {g}: training would stop there. A sigmoid \
             written as 1 / (1 + exp(-z)) overflows for large negative z; build swish on \
             `candle_nn::ops::sigmoid` or `Tensor::silu`, which stay finite"
        ));
    }
    let want: Vec<f64> = FAR_OUT
        .iter()
        .map(|&z| reference::swish_derivative(z))
        .collect();
    all_close(
        "candle's autograd of your swish",
        &got,
        &want,
        Tolerance::abs(ctx.param("tolerance")),
        Some(&FAR_OUT),
    )
}

fn basics(
    ctx: &Context,
    name: &str,
    student: fn(&Tensor) -> candle_core::Result<Tensor>,
    expected: Reference,
) -> CheckResult {
    let z = Tensor::new(&BASIC_INPUTS, &Device::Cpu)?;
    let got = values(&student(&z).map_err(|err| check_harness::returned_an_error(name, err))?)?;
    let want: Vec<f64> = BASIC_INPUTS.iter().map(|&z| expected(z)).collect();
    all_close(
        name,
        &got,
        &want,
        Tolerance::abs(ctx.param("tolerance")),
        Some(&BASIC_INPUTS),
    )
}

pub(crate) fn swish_basics(ctx: &Context) -> CheckResult {
    basics(
        ctx,
        "swish (expected z·σ(z))",
        swish::swish,
        reference::swish,
    )
}

pub(crate) fn derivative_basics(ctx: &Context) -> CheckResult {
    basics(
        ctx,
        "swish_derivative (expected σ(z) + z·σ(z)·(1 − σ(z)))",
        swish::swish_derivative,
        reference::swish_derivative,
    )
}

/// The layer on a 2 × 3 batch, called the way a model calls it: through `dyn Module`.
pub(crate) fn layer_basics(ctx: &Context) -> CheckResult {
    let rows: [[f64; 3]; 2] = [[-3.0, -0.25, 0.0], [0.25, 1.0, 3.0]];
    let xs = Tensor::new(&rows, &Device::Cpu)?.to_dtype(DType::F32)?;
    let layer: Box<dyn Module> = Box::new(swish::Swish);
    let out = student!("Swish::forward" => layer.forward(&xs))?;
    shape_and_dtype(
        "Swish.forward of a 2 × 3 f32 batch",
        &out,
        &[2, 3],
        DType::F32,
    )?;
    let inputs = values(&xs)?;
    let want: Vec<f64> = inputs.iter().map(|&z| reference::swish(z)).collect();
    all_close(
        "Swish.forward of a 2 × 3 f32 batch (row by row)",
        &values(&out)?,
        &want,
        Tolerance::abs(ctx.param("tolerance")),
        Some(&inputs),
    )?;
    // element-wise: a single number is a tensor too
    let scalar = Tensor::new(-1.5f32, &Device::Cpu)?;
    let out = student!("Swish::forward" => layer.forward(&scalar))?;
    shape_and_dtype(
        "Swish.forward of the f32 scalar -1.5",
        &out,
        &[],
        DType::F32,
    )?;
    all_close(
        "Swish.forward of the f32 scalar -1.5",
        &values(&out)?,
        &[reference::swish(-1.5)],
        Tolerance::abs(ctx.param("tolerance")),
        Some(&[-1.5]),
    )
}

pub(crate) fn beta_basics(ctx: &Context) -> CheckResult {
    let z = Tensor::new(&BASIC_INPUTS, &Device::Cpu)?;
    let tolerance = Tolerance::abs(ctx.param("tolerance"));
    for beta in [1.0, 0.0, 2.0, 50.0] {
        let got = values(&student!(swish::swish_beta(&z, beta))?)?;
        let want: Vec<f64> = BASIC_INPUTS
            .iter()
            .map(|&z| reference::swish_beta(z, beta))
            .collect();
        all_close(
            &format!("swish_beta with beta = {beta} (expected z·σ(βz))"),
            &got,
            &want,
            tolerance,
            Some(&BASIC_INPUTS),
        )?;
    }
    Ok(())
}

type Student = fn(&Tensor) -> candle_core::Result<Tensor>;

/// swish, swish' and swish_beta with a negative β on tensors of rank 0 to 3
/// the message shows, in each float dtype: element-wise means any shape, and each keeps the
/// shape and dtype of `z`.
pub(crate) fn any_rank_basics(ctx: &Context) -> CheckResult {
    const BETA: f64 = -2.0;
    let device = Device::Cpu;
    let tensors = [
        Tensor::new(0.5f64, &device)?,
        Tensor::new(&[-2.5f64, 0.0, 1.5], &device)?,
        Tensor::new(&[[-1.0f64, 0.0, 2.0], [0.5, -3.0, 1.0]], &device)?,
        Tensor::new(
            &[[[-1.5f64, 0.25], [2.0, -0.5]], [[3.0, -4.0], [0.0, 1.0]]],
            &device,
        )?,
    ];
    let cases: [(&str, Student, Reference); 2] = [
        ("swish", swish::swish, reference::swish),
        (
            "swish_derivative",
            swish::swish_derivative,
            reference::swish_derivative,
        ),
    ];
    for dtype in [DType::F32, DType::F64] {
        for z in &tensors {
            let z = z.to_dtype(dtype)?;
            let inputs = values(&z)?;
            let dims = z.dims().to_vec();
            let mut outputs = Vec::new();
            for (name, student, expected) in cases {
                let out = student(&z).map_err(|err| check_harness::returned_an_error(name, err))?;
                let want: Vec<f64> = inputs.iter().map(|&z| expected(z)).collect();
                outputs.push((name.to_string(), out, want));
            }
            let out = student!(swish::swish_beta(&z, BETA))?;
            let want: Vec<f64> = inputs
                .iter()
                .map(|&z| reference::swish_beta(z, BETA))
                .collect();
            outputs.push((format!("swish_beta(z, {BETA})"), out, want));
            for (name, out, want) in outputs {
                let what = format!("{name} of the {dtype:?} tensor {inputs:?} of shape {dims:?}");
                shape_and_dtype(&what, &out, &dims, dtype)?;
                let tolerance = ctx.tolerance().in_dtype(dtype);
                all_close(&what, &values(&out)?, &want, tolerance, Some(&inputs))?;
            }
        }
    }
    Ok(())
}

/// swish, swish' and the layer at |z| up to 1000, in each float dtype: finite, and right.
pub(crate) fn finite_far_out_basics(ctx: &Context) -> CheckResult {
    for dtype in [DType::F32, DType::F64] {
        let z = Tensor::new(&FAR_OUT, &Device::Cpu)?.to_dtype(dtype)?;
        let outputs = [
            (
                "swish",
                student!(swish::swish(&z))?,
                reference::swish as Reference,
            ),
            (
                "swish_derivative",
                student!(swish::swish_derivative(&z))?,
                reference::swish_derivative,
            ),
            (
                "Swish.forward",
                student!("Swish::forward" => swish::Swish.forward(&z))?,
                reference::swish,
            ),
        ];
        for (name, out, expected) in outputs {
            let want: Vec<f64> = FAR_OUT.iter().map(|&z| expected(z)).collect();
            all_close(
                &format!("{name} in {dtype:?} far out (finite for |z| up to 1000)"),
                &values(&out)?,
                &want,
                ctx.tolerance(),
                Some(&FAR_OUT),
            )?;
        }
    }
    Ok(())
}

/// `swish_beta` with β = 2 computes z·σ(2z), and with a β that is not finite (NaN, +∞, −∞) it
/// is an error, as its doc states (the error alone is in the stub already: it earns nothing
/// without the values).
pub(crate) fn beta_finite_basics(ctx: &Context) -> CheckResult {
    let z = Tensor::new(&BASIC_INPUTS, &Device::Cpu)?;
    let got = values(&student!(swish::swish_beta(&z, 2.0))?)?;
    let want: Vec<f64> = BASIC_INPUTS
        .iter()
        .map(|&z| reference::swish_beta(z, 2.0))
        .collect();
    all_close(
        "swish_beta with beta = 2 (expected z·σ(2z))",
        &got,
        &want,
        Tolerance::abs(ctx.param("tolerance")),
        Some(&BASIC_INPUTS),
    )?;
    for beta in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        if swish::swish_beta(&z, beta).is_ok() {
            return Err(fail!(
                "swish_beta(z, {beta}) returned a tensor; β must be finite, so this is an error"
            ));
        }
    }
    Ok(())
}

/// `figure_panels(9)`: the argument `n` is honoured, not only the figure's own 201.
pub(crate) fn figure_panels_count_basics(ctx: &Context) -> CheckResult {
    panels_sampled_at(ctx, 9).map_err(|failure| fail!("figure_panels(9): {failure}"))
}

const FIGURE_SAMPLES: usize = 201;
const PANELS: [(&str, [&str; 2]); 2] = [
    ("swish and ReLU", ["swish", "ReLU"]),
    ("their derivatives", ["swish'", "ReLU'"]),
];
const REFERENCES: [[Reference; 2]; 2] = [
    [reference::swish, reference::relu],
    [reference::swish_derivative, reference::relu_derivative],
];

fn grid() -> Vec<f64> {
    check_harness::inputs::evenly_spaced(-5.0, 5.0, FIGURE_SAMPLES)
}

pub(crate) fn figure_panels(ctx: &Context) -> CheckResult {
    panels_sampled_at(ctx, FIGURE_SAMPLES)
}

/// `figure_panels(n)` against the reference's panels of `n` points of [-5, 5].
pub(crate) fn panels_sampled_at(ctx: &Context, n: usize) -> CheckResult {
    let panels = student!(swish::figure_panels(n))?;
    if panels.len() != PANELS.len() {
        return Err(fail!(
            "figure_panels returned {} panels, expected 2",
            panels.len()
        ));
    }
    let tolerance = Tolerance::abs(ctx.param("tolerance"));
    let grid = check_harness::inputs::evenly_spaced(-5.0, 5.0, n);
    for ((panel, (panel_title, titles)), references) in panels.iter().zip(PANELS).zip(REFERENCES) {
        if panel.title != panel_title {
            return Err(fail!(
                "expected a panel titled {panel_title:?}, got {:?}",
                panel.title
            ));
        }
        if panel.curves.len() != titles.len() {
            return Err(fail!(
                "panel {panel_title:?} has {} curves, expected {}",
                panel.curves.len(),
                titles.len()
            ));
        }
        for ((curve, title), f) in panel.curves.iter().zip(titles).zip(references) {
            let place = format!(" in panel {panel_title:?}");
            titled_curve_matches(
                &curve.title,
                &curve.points,
                (title, &place),
                &grid,
                f,
                tolerance,
            )?;
        }
    }
    Ok(())
}

/// The figure is drawn from reference curves, so this check grades the drawing alone.
pub(crate) fn figure_svg(ctx: &Context) -> CheckResult {
    let grid = grid();
    let panels: Vec<swish::Panel> = PANELS
        .iter()
        .zip(REFERENCES)
        .map(|((panel_title, titles), references)| swish::Panel {
            title: panel_title.to_string(),
            curves: titles
                .iter()
                .zip(references)
                .map(|(title, f)| swish::Curve {
                    title: title.to_string(),
                    points: grid.iter().map(|&z| (z, f(z))).collect(),
                })
                .collect(),
        })
        .collect();
    let figure = draw_and_read(
        ctx.work_dir(),
        "swish",
        || {
            swish::figure_panels(FIGURE_SAMPLES)
                .ok()
                .filter(|own| own.len() == 2)
        },
        &panels,
        |panels, path| swish::draw_figure(panels, path),
    )?;
    figure.expect_curves(4, FIGURE_SAMPLES / 2, "two per panel")?;
    if !figure.mentions("swish") || !figure.texts.iter().any(|text| text.contains("σ")) {
        return Err(fail!("the figure has no title naming swish and z·σ(z)"));
    }
    for (panel_title, titles) in PANELS {
        if !figure.texts.iter().any(|text| text.contains(panel_title)) {
            return Err(fail!(
                "no text in the SVG names the panel {panel_title:?}: caption each panel"
            ));
        }
        for title in titles {
            if !figure.has_text(title) {
                return Err(fail!("no legend entry names the curve {title:?}: label each series and draw the legend"));
            }
        }
    }
    if !figure.has_text("z") {
        return Err(fail!("the x axes have no label \"z\""));
    }
    Ok(())
}

/// The figure's title, as the exercise gives it.
const FIGURE_TITLE: &str = "Swish, z·σ(z), beside ReLU";

/// The figure's layout as the exercise specifies it, read from positions in the SVG: the
/// figure's title; the panels side by side in the order given, each caption over its own two
/// curves (drawn with their shapes), an x axis labelled `z` under each chart, and in each panel
/// a legend entry for each of its curves. Drawn from the panels (and the curves within them)
/// in the other order than the lesson's, so that a figure drawn in a fixed order fails (a correct
/// drawing does not depend on the order, so the lesson's own needs no second drawing).
pub(crate) fn figure_layout(ctx: &Context) -> CheckResult {
    use check_harness::layout::{expect_panels, Panel};
    let grid = grid();
    let order = [1, 0];
    let panels: Vec<swish::Panel> = order
        .iter()
        .map(|&k| {
            let (panel_title, titles) = PANELS[k];
            let curves: Vec<swish::Curve> = titles
                .iter()
                .zip(REFERENCES[k])
                .rev()
                .map(|(title, f)| swish::Curve {
                    title: title.to_string(),
                    points: grid.iter().map(|&z| (z, f(z))).collect(),
                })
                .collect();
            swish::Panel {
                title: panel_title.to_string(),
                curves,
            }
        })
        .collect();
    let figure = check_harness::svg::draw_reference(
        ctx.work_dir(),
        "swish-layout",
        &panels,
        |panels, path| swish::draw_figure(panels, path),
    )?;
    let given = |failure: check_harness::Failure| {
        fail!("with the panels given in the other order: {failure}")
    };
    if !figure.has_text(FIGURE_TITLE) {
        return Err(fail!("the figure has no title {FIGURE_TITLE:?}"));
    }
    let expected: Vec<Panel> = order
        .iter()
        .map(|&k| Panel {
            caption: PANELS[k].0,
            curves: REFERENCES[k]
                .iter()
                .map(|f| f as &dyn Fn(f64) -> f64)
                .collect(),
        })
        .collect();
    let bounds = expect_panels(&figure, &expected, 2, (-5.0, 5.0), "z", FIGURE_SAMPLES / 2)
        .map_err(given)?;
    // the legend by meaning: in each chart, each entry's key has the colour of the curve with
    // the shape its title names
    for (&k, bounds) in order.iter().zip(&bounds) {
        let series = check_harness::layout::series_by_legend(
            &figure,
            &PANELS[k].1,
            Some(*bounds),
            FIGURE_SAMPLES / 2,
        )
        .map_err(|failure| given(fail!("in the panel {:?}: {failure}", PANELS[k].0)))?;
        let drawn: Vec<&[(f64, f64)]> = series
            .iter()
            .map(|&i| figure.curves[i].as_slice())
            .collect();
        let fs: Vec<&dyn Fn(f64) -> f64> = REFERENCES[k]
            .iter()
            .map(|f| f as &dyn Fn(f64) -> f64)
            .collect();
        if !check_harness::layout::shapes_match(&drawn, &fs, (-5.0, 5.0)) {
            return Err(given(fail!(
                "in the panel {:?} the legend names the curves wrongly: each entry's key must have the colour of the curve its title names",
                PANELS[k].0
            )));
        }
    }
    // the figure's title above every panel, not over them
    let title_y = figure
        .caption(FIGURE_TITLE)
        .map_or(f64::NAN, |title| title.y);
    let highest_panel = order
        .iter()
        .filter_map(|&k| figure.caption(PANELS[k].0))
        .map(|caption| caption.y)
        .fold(f64::INFINITY, f64::min);
    if title_y.partial_cmp(&highest_panel) != Some(std::cmp::Ordering::Less) {
        return Err(given(fail!(
            "the title {FIGURE_TITLE:?} is not above the panels: draw it in a strip of its own at the top (`titled`, or `split_vertically` before splitting the panels)"
        )));
    }
    Ok(())
}

/// `value <= bound`, false for a NaN.
fn at_most(value: f64, bound: f64) -> bool {
    value <= bound
}

/// What the lesson says, the function and its name, z, the value quoted, and to within what.
type Quoted = (
    &'static str,
    fn(&Tensor) -> candle_core::Result<Tensor>,
    &'static str,
    f64,
    f64,
    f64,
);

/// The lesson's quoted values, on its own inputs: the minimum of swish, the extremes of its
/// slope, the mirror identity, swish'(−2), and the largest gap to ReLU, each to the digits the
/// lesson gives.
pub(crate) fn quoted_values_basics(ctx: &Context) -> CheckResult {
    let at = |f: fn(&Tensor) -> candle_core::Result<Tensor>, name: &str, zs: &[f64]| {
        let z = Tensor::new(zs, &Device::Cpu)?;
        values(&f(&z).map_err(|err| check_harness::returned_an_error(name, err))?)
    };
    let digits = ctx.param("tolerance");
    let quoted: [Quoted; 4] = [
        (
            "its minimum: swish(-1.2785) ≈ -0.2785",
            swish::swish,
            "swish",
            -1.2785,
            -0.2785,
            digits,
        ),
        (
            "its lowest slope: swish'(-2.40) ≈ -0.0998",
            swish::swish_derivative,
            "swish_derivative",
            -2.40,
            -0.0998,
            digits,
        ),
        (
            "its highest slope: swish'(2.40) ≈ 1.0998",
            swish::swish_derivative,
            "swish_derivative",
            2.40,
            1.0998,
            digits,
        ),
        (
            "swish'(-2) ≈ -0.091",
            swish::swish_derivative,
            "swish_derivative",
            -2.0,
            -0.091,
            10.0 * digits,
        ),
    ];
    for (said, f, name, z, want, within) in quoted {
        let got = at(f, name, &[z])?[0];
        if !at_most((got - want).abs(), within) {
            return Err(fail!(
                "the lesson says {said} (±{within}); {name}({z}) gave {got}"
            ));
        }
    }
    // the minimum is one: both neighbours 0.01 away lie above it
    let near = at(swish::swish, "swish", &[-1.2885, -1.2785, -1.2685])?;
    if !(near[0] > near[1] && near[2] > near[1]) {
        return Err(fail!(
            "swish at z = -1.2885, -1.2785, -1.2685 gave {near:?}: the lesson's minimum is at -1.2785, so the middle value must be the lowest"
        ));
    }
    // swish'(z) + swish'(−z) = 1, and |swish(z) − ReLU(z)| ≤ 0.2785, on the lesson's inputs
    let zs: Vec<f64> = BASIC_INPUTS.iter().chain(&FAR_OUT).copied().collect();
    let mirrored: Vec<f64> = zs.iter().map(|z| -z).collect();
    let (left, right) = (
        at(swish::swish_derivative, "swish_derivative", &zs)?,
        at(swish::swish_derivative, "swish_derivative", &mirrored)?,
    );
    for ((z, a), b) in zs.iter().zip(&left).zip(&right) {
        if !at_most((a + b - 1.0).abs(), digits) {
            return Err(fail!(
                "swish'(z) + swish'(-z) = 1 for every z, the lesson says; at z = {z}: {a} + {b} = {}",
                a + b
            ));
        }
    }
    let swished = at(swish::swish, "swish", &zs)?;
    for (z, s) in zs.iter().zip(&swished) {
        let gap = (s - reference::relu(*z)).abs();
        if !at_most(gap, 0.2785 + digits) {
            return Err(fail!(
                "swish never differs from ReLU by more than 0.2785, the lesson says; at z = {z} swish gave {s}, {gap} away"
            ));
        }
    }
    Ok(())
}

/// The lesson's network `Linear(1, 10)` → your `Swish` → `Linear(10, 1)`, drawn from seed 0 as
/// the lesson draws it, on the lesson's data: its MSE and the gradient of the MSE with respect
/// to every weight and bias (candle's autograd through your layer) against backpropagation
/// written out in f64 with swish's stated derivative. What training does, step after step.
pub(crate) fn layer_gradients_basics(ctx: &Context) -> CheckResult {
    let (x, y) = check_harness::lesson::data(check_harness::lesson::POINTS)?;
    let varmap = candle_nn::VarMap::new();
    let mut rng = course_kit::init::seeded_rng(0);
    let fc1 = course_kit::init::linear(1, 10, &varmap, "fc1", &mut rng, &Device::Cpu)?;
    let fc2 = course_kit::init::linear(10, 1, &varmap, "fc2", &mut rng, &Device::Cpu)?;
    let hidden = student!("Swish::forward" => swish::Swish.forward(&fc1.forward(&x)?))?;
    shape_and_dtype(
        "Swish.forward of the hidden layer's (100, 10) f32 values",
        &hidden,
        &[100, 10],
        DType::F32,
    )?;
    let loss = fc2.forward(&hidden)?.sub(&y)?.sqr()?.mean_all()?;
    let gradients = loss.backward()?;
    let read = |t: &Tensor| values(t);
    let (w1, b1) = (read(fc1.weight())?, read(fc1.bias().expect("a bias"))?);
    let (w2, b2) = (read(fc2.weight())?, read(fc2.bias().expect("a bias"))?[0]);
    let (xs, ys) = (read(&x)?, read(&y)?);
    // backpropagation by hand: h = w1 x + b1, a = swish(h), out = w2 · a + b2
    let n = xs.len() as f64;
    let (mut want_loss, mut g_w1, mut g_b1, mut g_w2, mut g_b2) =
        (0.0, vec![0.0; 10], vec![0.0; 10], vec![0.0; 10], 0.0);
    for (&x, &y) in xs.iter().zip(&ys) {
        let h: Vec<f64> = (0..10).map(|j| w1[j] * x + b1[j]).collect();
        let out: f64 = (0..10).map(|j| w2[j] * reference::swish(h[j])).sum::<f64>() + b2;
        want_loss += (out - y).powi(2) / n;
        let d_out = 2.0 * (out - y) / n;
        g_b2 += d_out;
        for j in 0..10 {
            g_w2[j] += d_out * reference::swish(h[j]);
            let d_h = d_out * w2[j] * reference::swish_derivative(h[j]);
            g_w1[j] += d_h * x;
            g_b1[j] += d_h;
        }
    }
    let tolerance = ctx.tolerance();
    let what = "the lesson's network with your Swish, seed 0, on the lesson's data";
    all_close(
        &format!("{what}: the MSE"),
        &values(&loss)?,
        &[want_loss],
        tolerance,
        None,
    )?;
    for (name, var, want) in [
        ("fc1's weights", fc1.weight(), &g_w1),
        ("fc1's biases", fc1.bias().expect("a bias"), &g_b1),
        ("fc2's weights", fc2.weight(), &g_w2),
        ("fc2's bias", fc2.bias().expect("a bias"), &vec![g_b2]),
    ] {
        let Some(gradient) = gradients.get(var) else {
            return Err(fail!(
                "{what}: candle's autograd found no gradient for {name}: does your layer's output depend on its input through candle's operations (not through values read out and written back)?"
            ));
        };
        all_close(
            &format!("{what}: the gradient of the MSE with respect to {name} (a training step's direction)"),
            &values(gradient)?,
            want,
            tolerance,
            None,
        )
        .map_err(|err| fail!("{err}: the gradient flows through swish'(z) = σ(z) + z·σ(z)·(1 − σ(z))"))?;
    }
    Ok(())
}
