//! Checks on inputs the student never sees: seeded random values over a wide range, batches,
//! both float dtypes, and agreement with autograd. Their messages say which property failed
//! without listing the inputs.

use crate::reference;
use candle_core::{DType, Device, Tensor};
use check_harness::compare::{all_close, elementwise_on_wide_inputs, shape_and_dtype, values};
use check_harness::{fail, student, CheckResult, Context};

type Student = fn(&Tensor) -> candle_core::Result<Tensor>;

/// A name, the student's function, and the reference it must match.
type Case = (&'static str, Student, fn(f64) -> f64);

pub(crate) fn relu_random(ctx: &Context) -> CheckResult {
    elementwise_on_wide_inputs(
        ctx,
        "relu_derivative",
        derivatives::relu_derivative,
        reference::relu_derivative,
    )
}

pub(crate) fn sigmoid_random(ctx: &Context) -> CheckResult {
    elementwise_on_wide_inputs(
        ctx,
        "sigmoid_derivative",
        derivatives::sigmoid_derivative,
        reference::sigmoid_derivative,
    )
}

pub(crate) fn tanh_random(ctx: &Context) -> CheckResult {
    elementwise_on_wide_inputs(
        ctx,
        "tanh_derivative",
        derivatives::tanh_derivative,
        reference::tanh_derivative,
    )
}

/// Tensors of rank 0 to 3 with sides up to 16, generated (proptest) with values in ±6, both
/// dtypes: each derivative keeps the shape and the dtype and matches the closed form.
pub(crate) fn batched_shape_and_dtype(ctx: &Context) -> CheckResult {
    let edges = [(vec![], vec![0.0]), (vec![1, 3], vec![-6.0, 0.0, 6.0])];
    let tolerance = ctx.tolerance();
    check_harness::generate::for_all_tensors(ctx, (3, 16, 6.0), &edges, 24, &|dims, data| {
        for dtype in [DType::F32, DType::F64] {
            let z = Tensor::from_vec(data.to_vec(), dims, &Device::Cpu)?.to_dtype(dtype)?;
            let inputs = values(&z)?;
            let what = |name: &str| format!("{name} of a {dtype:?} tensor of rank {}", dims.len());
            for (name, student, expected) in crate::visible::DERIVATIVES {
                let out = student(&z).map_err(|err| check_harness::returned_an_error(name, err))?;
                shape_and_dtype(&what(name), &out, dims, dtype)?;
                let want: Vec<f64> = inputs.iter().map(|&z| expected(z)).collect();
                all_close(&what(name), &values(&out)?, &want, tolerance, None)?;
            }
        }
        Ok(())
    })
}

/// The student's autograd helper, on candle's own activations, against the reference formulas.
pub(crate) fn autograd_agreement(ctx: &Context) -> CheckResult {
    let zs: Vec<f64> = check_harness::inputs::wide(ctx)
        .into_iter()
        .filter(|z| z.abs() <= 100.0 && *z != 0.0)
        .collect();
    let z = Tensor::new(zs.as_slice(), &Device::Cpu)?;
    let tolerance = ctx.tolerance();
    let cases: [Case; 3] = [
        ("ReLU", |t| t.relu(), reference::relu_derivative),
        (
            "sigmoid",
            candle_nn::ops::sigmoid,
            reference::sigmoid_derivative,
        ),
        ("tanh", |t| t.tanh(), reference::tanh_derivative),
    ];
    for (name, activation, expected) in cases {
        let got = values(&student!(derivatives::autograd_derivative(activation, &z))?)?;
        let want: Vec<f64> = zs.iter().map(|&z| expected(z)).collect();
        all_close(
            &format!("autograd_derivative of {name} on seeded random inputs (z = 0 excluded)"),
            &got,
            &want,
            tolerance,
            None,
        )
        .map_err(|err| fail!("{err}"))?;
    }
    Ok(())
}

/// `figure_curves(n)` for counts the lesson never uses (generated from 3 to 1000, and always 2,
/// 7 and 5000: the lesson allows any n, and a long curve is cheap): `n` points of [-5, 5] in
/// every curve, titled and valued as the figure's.
pub(crate) fn figure_curves_any_count(ctx: &Context) -> CheckResult {
    check_harness::generate::for_all_sizes(ctx, 3..=1000, &[2, 7, 5000], 2, &|n| {
        crate::visible::curves_sampled_at(ctx, n)
            .map_err(|failure| fail!("figure_curves(n) for another n: {failure}"))
    })
}

/// `autograd_derivative` keeps `z`'s shape and dtype (an f32 matrix here), and returns an error,
/// never a guess, when the output does not depend on `z`: a constant, and a function that
/// leaves candle's graph.
pub(crate) fn autograd_shape_and_no_dependence(ctx: &Context) -> CheckResult {
    // f32 tensors of rank 0 to 3 (proptest), and always a 3 × 4 matrix
    let matrix = (
        vec![3, 4],
        (0..12).map(|i| 0.5 * f64::from(i) - 3.0).collect(),
    );
    check_harness::generate::for_all_tensors(ctx, (3, 6, 3.0), &[matrix], 4, &|dims, data| {
        let z = Tensor::from_vec(data.to_vec(), dims, &Device::Cpu)?.to_dtype(DType::F32)?;
        let what = format!(
            "autograd_derivative of tanh on an f32 tensor of rank {}",
            dims.len()
        );
        crate::visible::tanh_gradient_matches(ctx, &what, &z, false)
    })?;
    // slope 0 everywhere (ReLU left of 0): zeros, not an error; 1 to 39 negatives (proptest)
    let farthest = vec![-1000.0, -1e-3];
    check_harness::generate::for_all_lists(
        ctx,
        (-1000.0..-1e-3, 1..=39),
        &[farthest],
        4,
        &|negatives| {
            for dtype in [DType::F32, DType::F64] {
                let z = Tensor::new(negatives, &Device::Cpu)?.to_dtype(dtype)?;
                let got = student!(derivatives::autograd_derivative(|t: &Tensor| t.relu(), &z))?;
                if values(&got)?.iter().any(|&g| g != 0.0) || got.dims() != z.dims() {
                    return Err(fail!(
                    "autograd_derivative of ReLU on negative inputs is not zeros of z's shape: a derivative of 0 everywhere is an answer, not a missing gradient"
                ));
                }
            }
            Ok(())
        },
    )?;
    let z = Tensor::new(&[[1.0f32, -2.0], [0.5, 3.0]], &Device::Cpu)?;
    let constant = derivatives::autograd_derivative(|t: &Tensor| t.ones_like(), &z);
    let detached = derivatives::autograd_derivative(|t: &Tensor| Ok(t.detach()), &z);
    for (what, result) in [
        ("a constant", constant),
        ("a function that leaves candle's graph (`detach`)", detached),
    ] {
        if result.is_ok() {
            return Err(fail!(
                "autograd_derivative of {what} returned a value: its output does not depend on z, so there is no gradient to return; return an error that says so"
            ));
        }
    }
    Ok(())
}
