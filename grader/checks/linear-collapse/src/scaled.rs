//! Comparisons whose tolerance grows with the size of the terms that rounding touched.
//!
//! A sum of products like `(W2 W1)_ij = Σ_k W2_ik W1_kj` loses about one rounding unit of the
//! *terms*, `Σ_k |W2_ik| |W1_kj|`, not of the result, which cancellation can make tiny. So each
//! value `i` may be off by `rel · scale_i`, where `scale_i` is that sum of absolute terms
//! (`reference::magnitude`). At outputs near 1000 in f32 that allows about 0.1; an error in the
//! algebra is off by about the size of the values themselves.

use crate::reference::{self, Layer};
use candle_core::DType;
use candle_nn::Linear;
use check_harness::compare::{all_within, Tolerance};
use check_harness::{fail, CheckResult, Context};

/// The check's relative tolerance for `dtype`: its `rel_f32` or `rel_f64` parameter.
pub fn rel(ctx: &Context, dtype: DType) -> f64 {
    match dtype {
        DType::F64 => ctx.param("rel_f64"),
        _ => ctx.param("rel_f32"),
    }
}

/// Fails unless `|got_i − want_i| <= rel · scale_i` for every `i`. NaN and infinity never
/// pass. The message names how many values were off and the worst one, never the inputs.
pub fn close_to_scale(
    what: &str,
    got: &[f64],
    want: &[f64],
    scale: &[f64],
    rel: f64,
) -> CheckResult {
    if want.len() != scale.len() {
        return Err(fail!(
            "grader bug: {what}: {} values but {} scales",
            want.len(),
            scale.len()
        ));
    }
    all_within(
        what,
        got,
        want,
        &|i| Tolerance::abs(rel * scale[i]),
        &format!("{rel:e} times the size of the terms summed"),
        None,
    )
}

/// Fails unless `got` is the collapse of `stack` (reference layers holding exactly the numbers
/// of the candle layers the student was given): weight `A` and bias `c` within `rel` of the
/// products, in `dtype`. A missing bias counts as zeros: a stack without any bias may collapse
/// to a layer with no bias or with a bias of exact zeros.
pub fn collapsed_matches(
    what: &str,
    got: &Linear,
    stack: &[Layer],
    dtype: DType,
    rel: f64,
) -> CheckResult {
    let inputs = stack.first().map_or(0, Layer::inputs);
    let outputs = stack.last().map_or(0, Layer::outputs);
    let got = crate::layers::read_layer(
        &format!("{what}: the collapsed layer"),
        got,
        inputs,
        outputs,
        dtype,
    )?;
    let want = reference::collapse(stack);
    let magnitudes: Vec<Layer> = stack.iter().map(Layer::magnitudes).collect();
    let scale = reference::collapse(&magnitudes);
    let flat = |m: &reference::Matrix| -> Vec<f64> { m.iter().flatten().copied().collect() };
    close_to_scale(
        &format!("{what}: the collapsed weight"),
        &flat(&got.weight),
        &flat(&want.weight),
        &flat(&scale.weight),
        rel,
    )?;
    let zeros = vec![0.0; outputs];
    match (&got.bias, &want.bias) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(fail!(
            "{what}: the collapsed layer has no bias, but the stack adds a constant to its outputs"
        )),
        (Some(bias), None) => close_to_scale(
            &format!("{what}: no layer has a bias, so the collapsed bias must be zero"),
            bias,
            &zeros,
            &zeros,
            rel,
        ),
        (Some(bias), Some(expected)) => close_to_scale(
            &format!("{what}: the collapsed bias"),
            bias,
            expected,
            scale.bias.as_deref().unwrap_or(&zeros),
            rel,
        ),
    }
}
