//! Checks whose inputs a student may see: small layers worked by hand, bad input, the
//! parameter count, the measure on functions whose answer is known, and the demonstration.

use crate::layers::{points_to_candle, read_layer, stack_to_candle, to_candle};
use crate::reference::{self, Between, Layer};
use crate::scaled::{close_to_scale, rel};
use candle_core::{DType, Tensor};
use candle_nn::Linear;
use check_harness::compare::{all_close, is_close, values, Tolerance};
use check_harness::{fail, student, CheckResult, Context};

/// `W1` (2 inputs, 3 outputs) and `b1`.
pub(crate) fn first() -> Layer {
    Layer {
        weight: vec![vec![1.0, 2.0], vec![0.0, 1.0], vec![-1.0, 3.0]],
        bias: Some(vec![1.0, 0.0, -2.0]),
    }
}

/// `W2` (3 inputs, 2 outputs) and `b2`.
pub(crate) fn second() -> Layer {
    Layer {
        weight: vec![vec![2.0, 0.0, 1.0], vec![1.0, -1.0, 0.0]],
        bias: Some(vec![0.5, -1.0]),
    }
}

/// `W3` (2 inputs, 1 output) and `b3`.
fn third() -> Layer {
    Layer {
        weight: vec![vec![1.0, -1.0]],
        bias: Some(vec![2.0]),
    }
}

fn without_bias(layer: Layer) -> Layer {
    Layer {
        bias: None,
        ..layer
    }
}

fn show(layer: &Layer) -> String {
    match &layer.bias {
        Some(bias) => format!("W = {:?}, b = {bias:?}", layer.weight),
        None => format!("W = {:?}, no bias", layer.weight),
    }
}

/// The student's layer against the expected `weight` and `bias`, exactly representable numbers.
fn expect_layer(
    what: &str,
    got: &Linear,
    weight: &[Vec<f64>],
    bias: Option<&[f64]>,
    dtype: DType,
    tolerance: f64,
) -> CheckResult {
    let got = read_layer(what, got, weight[0].len(), weight.len(), dtype)?;
    let flat = |m: &[Vec<f64>]| -> Vec<f64> { m.iter().flatten().copied().collect() };
    all_close(
        &format!(
            "{what}: the weight (expected {weight:?}, got {:?})",
            got.weight
        ),
        &flat(&got.weight),
        &flat(weight),
        Tolerance::abs(tolerance),
        None,
    )?;
    match (got.bias.as_deref(), bias) {
        (None, None) => Ok(()),
        (Some(got), None) => Err(fail!(
            "{what}: expected no bias (no layer has one), got the bias {got:?}"
        )),
        (None, Some(want)) => Err(fail!("{what}: expected the bias {want:?}, got no bias")),
        (Some(got), Some(want)) => all_close(
            &format!("{what}: the bias (expected {want:?}, got {got:?})"),
            got,
            want,
            Tolerance::abs(tolerance),
            None,
        ),
    }
}

pub(crate) fn collapse_two_layers(ctx: &Context) -> CheckResult {
    for dtype in [DType::F32, DType::F64] {
        let (w1, _) = to_candle(&first(), dtype)?;
        let (w2, _) = to_candle(&second(), dtype)?;
        let what = format!(
            "collapse(first, second) with first {} and second {} ({dtype:?})",
            show(&first()),
            show(&second())
        );
        let got = student!(linear_collapse::collapse(&w1, &w2))?;
        // A = W2 W1 = [[2·1 + 1·(−1), 2·2 + 1·3], [1·1 − 0, 1·2 − 1·1]], c = W2 b1 + b2 = [2 − 2 + 0.5, 1 − 0 − 1]
        expect_layer(&what, &got, &[vec![1.0, 7.0], vec![1.0, 1.0]], Some(&[0.5, 0.0]), dtype, ctx.param("tolerance"))
            .map_err(|err| {
                if err.0.contains("weight") {
                    fail!("{err} (remember candle's layout: a weight is outputs x inputs, and the first layer acts first)")
                } else {
                    err
                }
            })?;
    }
    Ok(())
}

pub(crate) fn collapse_missing_biases(ctx: &Context) -> CheckResult {
    let a = [vec![1.0, 7.0], vec![1.0, 1.0]];
    let cases: [(Layer, Layer, Option<&[f64]>, &str); 3] = [
        (
            without_bias(first()),
            without_bias(second()),
            None,
            "neither layer has a bias: no bias",
        ),
        (
            without_bias(first()),
            second(),
            Some(&[0.5, -1.0]),
            "only the second has a bias: c = b2",
        ),
        (
            first(),
            without_bias(second()),
            Some(&[0.0, 1.0]),
            "only the first has a bias: c = W2 b1",
        ),
    ];
    for dtype in [DType::F32, DType::F64] {
        for (one, two, bias, rule) in &cases {
            let (w1, _) = to_candle(one, dtype)?;
            let (w2, _) = to_candle(two, dtype)?;
            let what = format!(
                "collapse(first, second) with first {} and second {} ({dtype:?}; {rule})",
                show(one),
                show(two)
            );
            let got = student!(linear_collapse::collapse(&w1, &w2))?;
            expect_layer(&what, &got, &a, *bias, dtype, ctx.param("tolerance"))?;
        }
    }
    Ok(())
}

pub(crate) fn collapse_stack_small(ctx: &Context) -> CheckResult {
    let tolerance = ctx.param("tolerance");
    for dtype in [DType::F32, DType::F64] {
        let (layers, _) = stack_to_candle(&[first(), second(), third()], dtype)?;
        let what = format!(
            "collapse_stack of three layers ({dtype:?}): {}; then {}; then {}",
            show(&first()),
            show(&second()),
            show(&third())
        );
        // A = W3 W2 W1 = [1, −1]·[[1, 7], [1, 1]], c = W3 (W2 b1 + b2) + b3 = 0.5 − 0 + 2
        let got = student!(linear_collapse::collapse_stack(&layers))?;
        expect_layer(
            &what,
            &got,
            &[vec![0.0, 6.0]],
            Some(&[2.5]),
            dtype,
            tolerance,
        )?;
        let what = format!(
            "collapse_stack of one layer ({dtype:?}): {}",
            show(&first())
        );
        let got = student!(linear_collapse::collapse_stack(&layers[..1]))?;
        expect_layer(
            &what,
            &got,
            &first().weight,
            first().bias.as_deref(),
            dtype,
            tolerance,
        )?;
    }
    Ok(())
}

pub(crate) fn bad_input_errors(_ctx: &Context) -> CheckResult {
    for dtype in [DType::F32, DType::F64] {
        bad_input_errors_in(dtype).map_err(|failure| fail!("{dtype:?} layers: {failure}"))?;
    }
    Ok(())
}

fn bad_input_errors_in(dtype: DType) -> CheckResult {
    let (w1, _) = to_candle(&first(), dtype)?;
    let (w3, _) = to_candle(&third(), dtype)?;
    let (w2, _) = to_candle(&second(), dtype)?;
    // `first` gives 3 outputs; `third` takes 2 inputs
    match linear_collapse::collapse(&w1, &w3) {
        Ok(_) => {
            return Err(fail!(
                "collapse(first, second) with first {} (3 outputs) and second {} (2 inputs) returned a layer; \
                 expected an error, since the sizes do not chain",
                show(&first()),
                show(&third())
            ))
        }
        Err(err) => {
            let message = err.to_string();
            if !(message.contains('3') && message.contains('2')) {
                return Err(fail!(
                    "collapse of a layer with 3 outputs and a layer with 2 inputs returned an error, \
                     but its message does not name both sizes: {message:?}"
                ));
            }
        }
    }
    if linear_collapse::collapse_stack(&[]).is_ok() {
        return Err(fail!(
            "collapse_stack(&[]) returned a layer; expected an error for an empty stack"
        ));
    }
    if linear_collapse::collapse_stack(&[w1.clone(), w2.clone(), w2]).is_ok() {
        return Err(fail!(
            "collapse_stack of three layers, 2 -> 3, 3 -> 2, then 3 -> 2, returned a layer; \
             expected an error, since the last two do not chain"
        ));
    }
    if linear_collapse::collapse_stack(&[w1, w3]).is_ok() {
        return Err(fail!(
            "collapse_stack of two layers, 2 -> 3 then 2 -> 1, returned a layer; expected an error"
        ));
    }
    Ok(())
}

/// A layer of `inputs` and `outputs` whose weights are all `value`, without a bias.
fn constant_layer(inputs: usize, outputs: usize, value: f64) -> Layer {
    Layer {
        weight: vec![vec![value; inputs]; outputs],
        bias: None,
    }
}

/// `collapse_stack` of four layers, 2 -> 3, 3 -> 2, 2 -> 5, then 7 -> 1: the third and the
/// fourth do not chain, and the error names both neighbours and both sizes (5 and 7), as the
/// doc states.
pub(crate) fn stack_error_names_neighbours(_ctx: &Context) -> CheckResult {
    let stack = [
        first(),
        second(),
        constant_layer(2, 5, 0.5),
        constant_layer(7, 1, 0.25),
    ];
    for dtype in [DType::F32, DType::F64] {
        let (candle, _) = stack_to_candle(&stack, dtype)?;
        let message = match linear_collapse::collapse_stack(&candle) {
            Ok(_) => {
                return Err(fail!(
                    "collapse_stack of four {dtype:?} layers, 2 -> 3, 3 -> 2, 2 -> 5, 7 -> 1, returned a layer; expected an error"
                ))
            }
            Err(err) => format!("{err:#}"),
        };
        names_neighbours_and_sizes(&message)?;
    }
    Ok(())
}

fn names_neighbours_and_sizes(message: &str) -> CheckResult {
    let numbers: Vec<usize> = message
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|word| word.parse().ok())
        .collect();
    let names = |n: usize| numbers.contains(&n);
    // the last two layers, counted from 1 or from 0
    let neighbours = (names(3) && names(4)) || (names(2) && names(3));
    if !(neighbours && names(5) && names(7)) {
        return Err(fail!(
            "collapse_stack of four layers, 2 -> 3, 3 -> 2, 2 -> 5, 7 -> 1: the error must name the two neighbours that do not chain (layers 3 and 4, or 2 and 3 counted from 0) and both sizes (5 and 7); it said: {message:?}"
        ));
    }
    Ok(())
}

/// The lesson's own run, `demonstrate(&[4, 32, 32, 32, 32, 32, 32, 32, 2], 0, DType::F32)`:
/// the plain stack and its collapse differ by f32 rounding, which the README shows as a few
/// times 1e-8; measured, so above 0, and tiny.
pub(crate) fn demonstration_noise_basics(ctx: &Context) -> CheckResult {
    const SIZES: [usize; 9] = [4, 32, 32, 32, 32, 32, 32, 32, 2];
    let what = format!("demonstrate(&{SIZES:?}, 0, DType::F32)");
    let demo = student!(linear_collapse::demonstrate(&SIZES, 0, DType::F32))?;
    let bound = rel(ctx, DType::F32) * demo.output_size.max(1.0);
    for (field, value) in [
        ("plain_vs_collapsed", demo.plain_vs_collapsed),
        ("plain_nonlinearity", demo.plain_nonlinearity),
    ] {
        if !(value > 0.0 && value <= bound) {
            return Err(fail!(
                "{what} gave {field} = {value:e}: it is f32 rounding between two computations of the same function, which the README shows near 5e-8 (above 0, at most {bound:e}); compute it, do not assume it"
            ));
        }
    }
    Ok(())
}

pub(crate) fn parameter_count(_ctx: &Context) -> CheckResult {
    let (layers, _) = stack_to_candle(&[first(), second(), without_bias(third())], DType::F32)?;
    let cases: [(&[Linear], usize, &str); 3] = [
        (
            &layers[..2],
            17,
            "2 -> 3 -> 2 with biases: (2·3 + 3) + (3·2 + 2)",
        ),
        (&layers[2..], 2, "one layer 2 -> 1 without a bias: 2·1"),
        (&[], 0, "no layers"),
    ];
    for (stack, want, what) in cases {
        let got = linear_collapse::parameter_count(stack);
        if got != want {
            return Err(fail!(
                "parameter_count of {what}: expected {want}, got {got}"
            ));
        }
    }
    Ok(())
}

/// A function of a tensor, as a model to measure.
type Function<'a> = &'a dyn Fn(&Tensor) -> candle_core::Result<Tensor>;

pub(crate) fn nonlinearity_basics(ctx: &Context) -> CheckResult {
    let tolerance = ctx.param("tolerance");
    let relu = |xs: &Tensor| xs.relu();
    let shifted_relu = |xs: &Tensor| xs.affine(1.0, -0.75)?.relu();
    for dtype in [DType::F32, DType::F64] {
        let line = |xs: &[f64]| -> Result<Tensor, check_harness::Failure> {
            Ok(points_to_candle(&xs.iter().map(|&x| vec![x]).collect::<Vec<_>>(), dtype)?.0)
        };
        let cases: [(Function, &[f64], f64, &str); 3] = [
            // a = 1/2: relu(0) = 0 against (relu(−1) + relu(1)) / 2 = 1/2
            (&relu, &[-1.0, 1.0], 0.5, "relu(x) at the points -1 and 1 (a = 1/2: relu(0) = 0, the line gives 1/2)"),
            (&relu, &[1.0, -1.0], 0.5, "relu(x) at the points 1 and -1 (the same pair in the other order)"),
            // a = 1/4 of x = 0 and 3/4 of x = 1: f(0.75) = 0 against 3/4 · f(1) = 3/16
            (
                &shifted_relu,
                &[0.0, 1.0],
                0.1875,
                "relu(x - 0.75) at the points 0 and 1 (a = 1/4: f(3/4) = 0, the line gives 3/4 · 1/4 = 3/16; at a = 1/2 the gap is only 1/8)",
            ),
        ];
        for (f, xs, want, what) in cases {
            let got = student!(linear_collapse::nonlinearity(&f, &line(xs)?))?;
            if !is_close(got, want, Tolerance::abs(tolerance)) {
                return Err(fail!(
                    "nonlinearity of {what}, {dtype:?}: expected {want}, got {got}"
                ));
            }
        }
        // an affine layer: zero up to rounding, whatever the points
        let (layer, rounded) = to_candle(&first(), dtype)?;
        let points: Vec<Vec<f64>> = vec![
            vec![-1.0, 0.5],
            vec![2.0, 1.0],
            vec![0.0, -3.0],
            vec![0.25, 0.25],
        ];
        let (tensor, points) = points_to_candle(&points, dtype)?;
        let got = student!(linear_collapse::nonlinearity(&layer, &tensor))?;
        let scale = reference::largest_magnitude(&[rounded], &points);
        if !is_close(got, 0.0, Tolerance::abs(rel(ctx, dtype) * scale)) {
            return Err(fail!(
                "nonlinearity of the layer {} at the points {points:?}, {dtype:?}: an affine map measures 0 \
                 up to rounding (within {:e}), got {got}",
                show(&first()),
                rel(ctx, dtype) * scale
            ));
        }
    }
    Ok(())
}

/// The sizes and seed of the demonstration this check runs.
pub(crate) const DEMO_SIZES: [usize; 5] = [3, 8, 8, 8, 2];
pub(crate) const DEMO_SEED: u64 = 7;

/// The demonstration's layers and points, as the exercise's own `random_stack` and
/// `random_points` give them (the same seeds `demonstrate` uses), read back in `f64`.
pub(crate) fn demo_inputs(
    dtype: DType,
) -> Result<(Vec<Layer>, Vec<Vec<f64>>), check_harness::Failure> {
    let layers = student!(linear_collapse::random_stack(&DEMO_SIZES, DEMO_SEED, dtype))?;
    let layers: Vec<Layer> = layers
        .iter()
        .zip(DEMO_SIZES.windows(2))
        .map(|(layer, pair)| read_layer("random_stack", layer, pair[0], pair[1], dtype))
        .collect::<Result<_, _>>()?;
    let points = student!(linear_collapse::random_points(
        linear_collapse::DEMO_POINTS,
        DEMO_SIZES[0],
        DEMO_SEED + 1,
        dtype,
    ))?;
    let points = values(&points)?
        .chunks(DEMO_SIZES[0])
        .map(<[f64]>::to_vec)
        .collect();
    Ok((layers, points))
}

/// The measure of the demonstration's ReLU stack, worked out in `f64` from the layers and points
/// that the handed-out `random_stack` and `random_points` give (f32 points are rounded, so the
/// two differ). Written down rather than computed: computing it here would hand out the
/// measure's answer. A test of the hidden checks keeps these equal to that computation.
pub(crate) fn demo_relu_nonlinearity(dtype: DType) -> f64 {
    match dtype {
        DType::F64 => 0.054657463797163464,
        _ => 0.05465746450385067,
    }
}

/// The student's `demonstrate` against the same experiment worked out here, from the layers
/// and points the exercise's own `random_stack` and `random_points` give.
pub(crate) fn demonstration(ctx: &Context) -> CheckResult {
    for dtype in [DType::F32, DType::F64] {
        let what = format!("demonstrate(&{DEMO_SIZES:?}, {DEMO_SEED}, DType::{dtype:?})");
        let demo = student!(linear_collapse::demonstrate(&DEMO_SIZES, DEMO_SEED, dtype))?;
        let (layers, points) = demo_inputs(dtype)?;

        if demo.sizes != DEMO_SIZES || demo.dtype != dtype {
            return Err(fail!(
                "{what}: the result should record its sizes and dtype, got {:?} and {:?}",
                demo.sizes,
                demo.dtype
            ));
        }
        let stack_parameters: usize = DEMO_SIZES.windows(2).map(|p| p[0] * p[1] + p[1]).sum();
        // one layer 3 -> 2: 3·2 weights and 2 biases
        if (demo.stack_parameters, demo.collapsed_parameters) != (stack_parameters, 8) {
            return Err(fail!(
                "{what}: expected {stack_parameters} parameters in the stack and 8 in the collapsed layer, got {} and {}",
                demo.stack_parameters,
                demo.collapsed_parameters
            ));
        }
        let plain: Vec<Vec<f64>> = points
            .iter()
            .map(|x| reference::forward(&layers, Between::Nothing, x))
            .collect();
        let relu: Vec<Vec<f64>> = points
            .iter()
            .map(|x| reference::forward(&layers, Between::Relu, x))
            .collect();
        let largest = |rows: &[Vec<f64>], others: &[Vec<f64>]| -> f64 {
            rows.iter()
                .flatten()
                .zip(others.iter().flatten())
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max)
        };
        let zeros: Vec<Vec<f64>> = plain.iter().map(|row| vec![0.0; row.len()]).collect();
        let scale = reference::largest_magnitude(&layers, &points);
        let rel = rel(ctx, dtype);
        let fields = [
            ("output_size", demo.output_size, largest(&plain, &zeros)),
            ("plain_vs_collapsed", demo.plain_vs_collapsed, 0.0),
            (
                "relu_vs_collapsed",
                demo.relu_vs_collapsed,
                // the collapsed layer computes the plain stack's function
                largest(&relu, &plain),
            ),
            ("plain_nonlinearity", demo.plain_nonlinearity, 0.0),
            (
                "relu_nonlinearity",
                demo.relu_nonlinearity,
                demo_relu_nonlinearity(dtype),
            ),
        ];
        for (field, got, want) in fields {
            close_to_scale(
                &format!("{what}: the field {field} (expected about {want:.3e}, got {got:.3e})"),
                &[got],
                &[want],
                &[scale],
                rel,
            )?;
        }
    }
    Ok(())
}
