//! Tolerance comparisons that never let NaN or infinity pass.

use crate::checks::{CheckResult, Failure};
use candle_core::{DType, Device, Tensor};

/// How far a value may be from the expected one: `|actual - expected| <= abs + rel * |expected|`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    pub abs: f64,
    pub rel: f64,
}

impl Tolerance {
    pub fn abs(abs: f64) -> Self {
        Tolerance { abs, rel: 0.0 }
    }

    pub fn new(abs: f64, rel: f64) -> Self {
        Tolerance { abs, rel }
    }

    /// This tolerance for values computed in `dtype`: f64 results are held to f64's own
    /// accuracy (`±(1e-12 + 1e-10·|expected|)` at the loosest), so that computing in f32 and
    /// casting back, which rounds at about 6e-8 of the value, does not pass as "in `z`'s dtype".
    pub fn in_dtype(self, dtype: DType) -> Self {
        match dtype {
            DType::F64 => Tolerance {
                abs: self.abs.min(F64_ABS),
                rel: self.rel.min(F64_REL),
            },
            _ => self,
        }
    }
}

/// The loosest tolerance an f64 result gets ([`Tolerance::in_dtype`]): above the rounding of
/// f64 formulas that cancel (1 − tanh² far out: about 1e-16), far below f32's.
const F64_ABS: f64 = 1e-12;
const F64_REL: f64 = 1e-10;

impl std::fmt::Display for Tolerance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Tolerance { abs, rel } = *self;
        if rel == 0.0 {
            write!(f, "±{abs:e}")
        } else if abs == 0.0 {
            write!(f, "±{rel:e} relative")
        } else {
            write!(f, "±({abs:e} + {rel:e}·|expected|)")
        }
    }
}

/// Whether `actual` is within `tolerance` of `expected`. Not finite is never close.
pub fn is_close(actual: f64, expected: f64, tolerance: Tolerance) -> bool {
    actual.is_finite()
        && expected.is_finite()
        && (actual - expected).abs() <= tolerance.abs + tolerance.rel * expected.abs()
}

/// Compares two lists element by element.
///
/// `inputs`, when given, are shown in the message next to the first mismatch (visible checks);
/// without them the message names only how many values were wrong and the worst one, so a
/// hidden check does not give its inputs away.
pub fn all_close(
    what: &str,
    actual: &[f64],
    expected: &[f64],
    tolerance: Tolerance,
    inputs: Option<&[f64]>,
) -> CheckResult {
    all_within(
        what,
        actual,
        expected,
        &|_| tolerance,
        &tolerance.to_string(),
        inputs,
    )
}

/// [`all_close`] with a tolerance of its own for each value `i`, `tolerance(i)`; the message
/// names it as `described` ("1e-6 times the size of the terms summed").
pub fn all_within(
    what: &str,
    actual: &[f64],
    expected: &[f64],
    tolerance: &dyn Fn(usize) -> Tolerance,
    described: &str,
    inputs: Option<&[f64]>,
) -> CheckResult {
    if actual.len() != expected.len() {
        return Err(Failure(format!(
            "{what}: expected {} values, got {}",
            expected.len(),
            actual.len()
        )));
    }
    let bad: Vec<usize> = (0..actual.len())
        .filter(|&i| !is_close(actual[i], expected[i], tolerance(i)))
        .collect();
    let Some(&first) = bad.first() else {
        return Ok(());
    };
    let not_finite = bad.iter().filter(|&&i| !actual[i].is_finite()).count();
    let mut message = format!(
        "{what}: {} of {} values are off (tolerance {described})",
        bad.len(),
        actual.len()
    );
    if not_finite > 0 {
        message.push_str(&format!(", {not_finite} of them NaN or infinite"));
    }
    match inputs {
        Some(inputs) => message.push_str(&format!(
            "; first at input {}: expected {}, got {}",
            inputs[first], expected[first], actual[first]
        )),
        None => {
            let worst = bad
                .iter()
                .copied()
                .max_by(|&a, &b| {
                    let gap = |i: usize| (actual[i] - expected[i]).abs();
                    gap(a).total_cmp(&gap(b))
                })
                .unwrap_or(first);
            message.push_str(&format!(
                "; for example expected {}, got {}",
                expected[worst], actual[worst]
            ));
        }
    }
    Err(Failure(message))
}

/// All values of a tensor of any shape and float dtype, as `f64`, row-major.
pub fn values(tensor: &Tensor) -> Result<Vec<f64>, Failure> {
    let flat = tensor.flatten_all()?.to_dtype(DType::F64)?;
    Ok(flat.to_vec1::<f64>()?)
}

/// Fails unless `tensor` has exactly `dims` and `dtype`.
pub fn shape_and_dtype(what: &str, tensor: &Tensor, dims: &[usize], dtype: DType) -> CheckResult {
    if tensor.dims() != dims {
        return Err(Failure(format!(
            "{what}: expected shape {dims:?}, got {:?}",
            tensor.dims()
        )));
    }
    if tensor.dtype() != dtype {
        return Err(Failure(format!(
            "{what}: expected dtype {dtype:?}, got {:?}",
            tensor.dtype()
        )));
    }
    Ok(())
}

/// An element-wise student function against its reference on the same `inputs`, as an f64
/// tensor and as an f32 one. The reference sees exactly the (possibly f32-rounded) inputs the
/// student's code sees. Messages read "`name` on seeded random F32 inputs with `range`", never
/// naming the inputs.
pub fn elementwise_in_f64_and_f32(
    name: &str,
    range: &str,
    inputs: &[f64],
    student: impl Fn(&Tensor) -> candle_core::Result<Tensor>,
    expected: impl Fn(f64) -> f64,
    tolerance: Tolerance,
) -> CheckResult {
    for dtype in [DType::F64, DType::F32] {
        let z = Tensor::new(inputs, &Device::Cpu)?.to_dtype(dtype)?;
        let seen = values(&z)?;
        let got = values(&student(&z).map_err(|err| crate::returned_an_error(name, err))?)?;
        let want: Vec<f64> = seen.iter().map(|&z| expected(z)).collect();
        let what = format!("{name} on seeded random {dtype:?} inputs with {range}");
        all_close(&what, &got, &want, tolerance.in_dtype(dtype), None)?;
    }
    Ok(())
}

#[cfg(feature = "generate")]
/// [`elementwise_in_f64_and_f32`] on the seeded [`wide`](crate::inputs::wide) inputs, with the
/// check's `abs` and `rel` tolerance.
pub fn elementwise_on_wide_inputs(
    ctx: &crate::Context,
    name: &str,
    student: impl Fn(&Tensor) -> candle_core::Result<Tensor>,
    expected: impl Fn(f64) -> f64,
) -> CheckResult {
    elementwise_in_f64_and_f32(
        name,
        crate::inputs::WIDE,
        &crate::inputs::wide(ctx),
        student,
        expected,
        ctx.tolerance(),
    )
}

/// A figure's curve, as the student's data function made it, against its reference: titled
/// `title` (`place` says where it belongs, " in panel \"…\"", or nothing), one point per value
/// of `grid`, and the values `f(z)` (see [`curve_matches`]).
pub fn titled_curve_matches(
    got_title: &str,
    points: &[(f64, f64)],
    (title, place): (&str, &str),
    grid: &[f64],
    f: impl Fn(f64) -> f64,
    tolerance: Tolerance,
) -> CheckResult {
    if got_title != title {
        return Err(Failure(format!(
            "expected a curve titled {title:?}{place}, got {got_title:?}"
        )));
    }
    if points.len() != grid.len() {
        return Err(Failure(format!(
            "curve {title:?} has {} points, expected {}",
            points.len(),
            grid.len()
        )));
    }
    curve_matches(title, points, grid, f, tolerance)
}

/// A figure's curve against its reference: the z values are `grid`, the values `f` of them.
pub fn curve_matches(
    title: &str,
    points: &[(f64, f64)],
    grid: &[f64],
    f: impl Fn(f64) -> f64,
    tolerance: Tolerance,
) -> CheckResult {
    let zs: Vec<f64> = points.iter().map(|p| p.0).collect();
    all_close(
        &format!("the z values of {title:?}"),
        &zs,
        grid,
        tolerance,
        None,
    )?;
    let got: Vec<f64> = points.iter().map(|p| p.1).collect();
    // at the curve's own z, as the student's code computed it (f32-rounded from the grid: a
    // step's value at the middle of an odd grid depends on which side of 0 the rounding fell)
    let want: Vec<f64> = zs.iter().map(|&z| f(z)).collect();
    all_close(
        &format!("curve {title:?}"),
        &got,
        &want,
        tolerance,
        Some(grid),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_and_infinity_are_never_close() {
        let loose = Tolerance::new(1e30, 1e30);
        assert!(!is_close(f64::NAN, 0.0, loose));
        assert!(!is_close(f64::INFINITY, f64::INFINITY, loose));
        assert!(!is_close(0.0, f64::NAN, loose));
        assert!(is_close(1.0, 1.0 + 1e-9, Tolerance::abs(1e-6)));
    }

    #[test]
    fn hidden_messages_do_not_name_inputs() {
        let err = all_close("f", &[1.0, 5.0], &[1.0, 2.0], Tolerance::abs(1e-6), None)
            .expect_err("5 is not 2");
        assert!(err.0.contains("1 of 2"), "{}", err.0);
        assert!(!err.0.contains("input"), "{}", err.0);
        let err = all_close(
            "f",
            &[1.0, f64::NAN],
            &[1.0, 2.0],
            Tolerance::abs(1e-6),
            Some(&[0.5, 7.0]),
        )
        .expect_err("NaN is not 2");
        assert!(err.0.contains("input 7"), "{}", err.0);
        assert!(err.0.contains("NaN"), "{}", err.0);
    }
}
