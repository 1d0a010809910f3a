//! Comparisons whose tolerance grows with the size of the terms that rounding touched.
//!
//! A sum of products like `(W2 W1)_ij = Σ_k W2_ik W1_kj` loses about one rounding unit of the
//! *terms*, `Σ_k |W2_ik| |W1_kj|`, not of the result, which cancellation can make tiny. So each
//! value `i` may be off by `rel · scale_i`, where `scale_i` is that sum of absolute terms
//! (`reference::magnitude`). At outputs near 1000 in f32 that allows about 0.1; an error in the
//! algebra is off by about the size of the values themselves.

use candle_core::DType;
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
