//! Checks on inputs the student never sees: seeded random values up to |z| = 1000, tensors of
//! several shapes in both float dtypes, agreement with autograd, finite values and gradients,
//! the layer inside candle-nn models, and a training run of the lesson's network around the
//! student's layer.
//! Their messages say which property failed without listing the inputs.
//!
//! The training run is the lesson's experiment, the teacher-only `lesson-reference` crate, so
//! that this exercise's grade never depends on another exercise being solved.
//! `solutions/swish/examples/sweep.rs` runs the same code over many seeds; the threshold
//! in `grader/catalogue.toml` comes from that sweep (solutions/swish/TEACHER-NOTES.md, "How the
//! training check's threshold was chosen").

use crate::reference::{self, Reference};
use candle_core::{DType, Device, Module, Tensor, Var};
use check_harness::compare::{all_close, elementwise_on_wide_inputs, shape_and_dtype, values};
use check_harness::lesson::{ADAM, EPOCHS};
use check_harness::{fail, student, CheckResult, Context};
use rand::Rng;

type Student = fn(&Tensor) -> candle_core::Result<Tensor>;

pub(crate) fn swish_random(ctx: &Context) -> CheckResult {
    elementwise_on_wide_inputs(ctx, "swish", swish::swish, reference::swish)
}

pub(crate) fn derivative_random(ctx: &Context) -> CheckResult {
    elementwise_on_wide_inputs(
        ctx,
        "swish_derivative",
        swish::swish_derivative,
        reference::swish_derivative,
    )
}

/// Tensors of rank 0 to 3 with sides up to 16, generated (proptest) with values in ±8, in both
/// dtypes: the output keeps the shape and the dtype, and its values are right.
pub(crate) fn shapes_and_dtypes(ctx: &Context) -> CheckResult {
    let cases: [(&str, Student, Reference); 2] = [
        ("swish", swish::swish, reference::swish),
        (
            "swish_derivative",
            swish::swish_derivative,
            reference::swish_derivative,
        ),
    ];
    let edges = [(vec![], vec![0.0]), (vec![1, 3], vec![-8.0, 0.0, 8.0])];
    check_harness::generate::for_all_tensors(ctx, (3, 16, 8.0), &edges, 24, &|dims, data| {
        let z = Tensor::from_vec(data.to_vec(), dims, &Device::Cpu)?;
        for dtype in [DType::F32, DType::F64] {
            let z = z.to_dtype(dtype)?;
            let inputs = values(&z)?;
            for (name, student, expected) in cases {
                let what = format!("{name} of a rank-{} {dtype:?} tensor", dims.len());
                let out = student(&z).map_err(|err| check_harness::returned_an_error(name, err))?;
                shape_and_dtype(&what, &out, dims, dtype)?;
                let want: Vec<f64> = inputs.iter().map(|&z| expected(z)).collect();
                all_close(&what, &values(&out)?, &want, ctx.tolerance(), None)?;
            }
        }
        Ok(())
    })
}

/// The gradient candle's autograd finds for `f` at every element of `z`.
fn autograd(f: Student, z: &Tensor) -> Result<Tensor, check_harness::Failure> {
    let var = Var::from_tensor(z)?;
    let gradients = f(var.as_tensor())?.sum_all()?.backward()?;
    match gradients.get(var.as_tensor()) {
        Some(gradient) => Ok(gradient.clone()),
        None => Err(fail!(
            "autograd found no gradient: your swish's output does not depend on its input"
        )),
    }
}

/// The closed form agrees with candle's autograd applied to the student's own swish.
pub(crate) fn derivative_autograd(ctx: &Context) -> CheckResult {
    let zs = check_harness::inputs::wide(ctx);
    for dtype in [DType::F64, DType::F32] {
        let z = Tensor::new(zs.as_slice(), &Device::Cpu)?.to_dtype(dtype)?;
        let by_autograd = values(&autograd(swish::swish, &z)?)?;
        let not_finite = by_autograd.iter().filter(|v| !v.is_finite()).count();
        if not_finite > 0 {
            return Err(fail!(
                "candle's autograd of your swish is NaN or infinite for {not_finite} of {} seeded {dtype:?} \
                 inputs, so there is nothing to compare swish_derivative with (the check \"No NaN or \
                 infinity in swish, ...\" says more)",
                zs.len()
            ));
        }
        let closed_form = values(&student!(swish::swish_derivative(&z))?)?;
        all_close(
            &format!(
                "swish_derivative (got) against candle's autograd of your swish (expected), on seeded \
                 random {dtype:?} inputs: one of your two functions is wrong"
            ),
            &closed_form,
            &by_autograd,
            ctx.tolerance(),
            None,
        )?;
    }
    Ok(())
}

/// Every value and gradient finite, far out on both sides, in both dtypes.
pub(crate) fn finite_values_and_gradients(ctx: &Context) -> CheckResult {
    let zs = check_harness::inputs::wide(ctx);
    for dtype in [DType::F32, DType::F64] {
        let z = Tensor::new(zs.as_slice(), &Device::Cpu)?.to_dtype(dtype)?;
        let outputs = [
            ("the value of swish", student!(swish::swish(&z))?),
            (
                "the autograd gradient of swish",
                autograd(swish::swish, &z)?,
            ),
            ("swish_derivative", student!(swish::swish_derivative(&z))?),
            (
                "the output of the Swish layer",
                student!("Swish::forward" => swish::Swish.forward(&z))?,
            ),
        ];
        for (what, tensor) in outputs {
            let not_finite = values(&tensor)?.iter().filter(|v| !v.is_finite()).count();
            if not_finite > 0 {
                return Err(fail!(
                    "{what} is NaN or infinite for {not_finite} of {} seeded {dtype:?} inputs with |z| up to 1000",
                    zs.len()
                ));
            }
        }
    }
    Ok(())
}

/// The layer works wherever candle-nn takes a `Module`: `Tensor::apply`, a boxed `dyn Module`,
/// and a `candle_nn::seq()`, on generated batches of rank 0 to 3 (proptest; a batch of rank 2
/// and one of rank 3 always) in both dtypes.
pub(crate) fn layer_module(ctx: &Context) -> CheckResult {
    let edges = [
        (vec![7, 3], (0..21).map(|i| f64::from(i) - 10.0).collect()),
        (
            vec![2, 3, 2],
            (0..12).map(|i| 0.7 * f64::from(i) - 4.0).collect(),
        ),
    ];
    check_harness::generate::for_all_tensors(ctx, (3, 12, 8.0), &edges, 4, &|dims, data| {
        let z = Tensor::from_vec(data.to_vec(), dims, &Device::Cpu)?;
        for dtype in [DType::F64, DType::F32] {
            let xs = z.to_dtype(dtype)?;
            let inputs = values(&xs)?;
            let want: Vec<f64> = inputs.iter().map(|&z| reference::swish(z)).collect();
            let boxed: Box<dyn Module> = Box::new(swish::Swish);
            let sequence = candle_nn::seq().add(swish::Swish);
            let outputs = [
                (
                    "xs.apply(&Swish)",
                    student!("Swish::forward" => xs.apply(&swish::Swish))?,
                ),
                (
                    "a Box<dyn Module> holding Swish",
                    student!("Swish::forward" => boxed.forward(&xs))?,
                ),
                (
                    "candle_nn::seq().add(Swish)",
                    student!("Swish::forward" => sequence.forward(&xs))?,
                ),
            ];
            for (how, out) in outputs {
                let what = format!("{how} on a rank-{} {dtype:?} batch", dims.len());
                shape_and_dtype(&what, &out, dims, dtype)?;
                all_close(&what, &values(&out)?, &want, ctx.tolerance(), None)?;
            }
        }
        Ok(())
    })
}

/// The lesson's network with the student's layer trains on the lesson's data, from seeded
/// initialisations the student does not choose.
pub(crate) fn layer_trains(ctx: &Context) -> CheckResult {
    let threshold = ctx.param("max_final_loss");
    let runs = ctx.param("runs") as usize;
    // Fixed initialisations, not drawn from the grading seed: a layer that is slightly wrong
    // would otherwise pass on some grading seeds and fail on others (tests/tests/seeds.rs).
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(0x7377_6973_685f_7472);
    let mut losses = Vec::with_capacity(runs);
    for _ in 0..runs {
        let loss = f64::from(lesson_reference::final_loss(&swish::Swish, rng.gen())?);
        losses.push(loss);
    }
    let above = losses
        .iter()
        .filter(|&&loss| loss.is_nan() || loss > threshold)
        .count();
    if above > 0 {
        let worst = match losses.iter().any(|loss| loss.is_nan()) {
            true => f64::NAN,
            false => losses.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        };
        return Err(fail!(
            "Linear(1,10) → Swish → Linear(10,1), trained {EPOCHS} epochs with Adam (lr {}) on \
             y = sin(x), ended above the MSE threshold {threshold} in {above} of {runs} seeded runs (worst: {worst:.4}; \
             without an activation it ends at 0.4222)",
            ADAM.lr
        ));
    }
    Ok(())
}

/// The β family on random β and wide inputs, both dtypes, always finite.
pub(crate) fn beta_random(ctx: &Context) -> CheckResult {
    let zs = check_harness::inputs::wide(ctx);
    // β generated from 0.1 to 10 (proptest), and always 1, 0 and 100
    check_harness::generate::for_all_numbers(ctx, 0.1..=10.0, &[1.0, 0.0, 100.0], 4, &|beta| {
        for dtype in [DType::F64, DType::F32] {
            let z = Tensor::new(zs.as_slice(), &Device::Cpu)?.to_dtype(dtype)?;
            let inputs = values(&z)?;
            let got = values(&student!(swish::swish_beta(&z, beta))?)?;
            // β is applied in the tensor's dtype, so the reference rounds it the same way
            let beta_used = if dtype == DType::F32 {
                f64::from(beta as f32)
            } else {
                beta
            };
            let want: Vec<f64> = inputs
                .iter()
                .map(|&z| reference::swish_beta(z, beta_used))
                .collect();
            all_close(
                &format!("swish_beta on seeded random {dtype:?} inputs with |z| up to 1000 and a seeded β"),
                &got,
                &want,
                ctx.tolerance(),
                None,
            )?;
        }
        Ok(())
    })
}

/// `figure_panels(n)` for counts the lesson never uses: generated from 3 to 1000 (proptest), and
/// always 2, 9 and 5000 (the lesson allows any n, and a long curve is cheap).
pub(crate) fn figure_panels_any_count(ctx: &Context) -> CheckResult {
    check_harness::generate::for_all_sizes(ctx, 3..=1000, &[2, 9, 5000], 2, &|n| {
        crate::visible::panels_sampled_at(ctx, n)
            .map_err(|failure| fail!("figure_panels(n) for another n: {failure}"))
    })
}

/// Element-wise means any shape, rank 0 included, and the doc allows any finite β, negative
/// ones included: swish, swish' and swish_beta (with seeded negative and positive β) keep the
/// shape and dtype of a scalar and of a rank-3 tensor, with the reference's values; a β that is
/// not finite is an error.
pub(crate) fn any_shape_and_any_beta(ctx: &Context) -> CheckResult {
    // the seed of the β and the values
    let rng = &mut <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(
        check_harness::generate::seed(ctx),
    );
    // ±1e30: the doc allows every finite β, and σ(βz) is then a step
    let betas = [
        -rng.gen_range(0.1..3.0),
        -rng.gen_range(3.0..20.0),
        rng.gen_range(0.1..5.0),
        1e30,
        -1e30,
    ];
    let shapes: [Vec<usize>; 2] = [vec![], vec![2, 3, 4]];
    for dims in shapes {
        for (dtype, z) in check_harness::inputs::both_dtypes(rng, &dims, 8.0)? {
            let inputs = values(&z)?;
            let rank = format!("a rank-{} {dtype:?} tensor", dims.len());
            let mut cases: Vec<(String, Tensor, Vec<f64>)> = vec![
                (
                    format!("swish on {rank}"),
                    student!(swish::swish(&z))?,
                    inputs.iter().map(|&z| reference::swish(z)).collect(),
                ),
                (
                    format!("swish_derivative on {rank}"),
                    student!(swish::swish_derivative(&z))?,
                    inputs
                        .iter()
                        .map(|&z| reference::swish_derivative(z))
                        .collect(),
                ),
            ];
            for beta in betas {
                let used = if dtype == DType::F32 {
                    f64::from(beta as f32)
                } else {
                    beta
                };
                cases.push((
                    format!(
                        "swish_beta on {rank} with a seeded β of sign {}",
                        if beta < 0.0 { "-" } else { "+" }
                    ),
                    student!(swish::swish_beta(&z, beta))?,
                    inputs
                        .iter()
                        .map(|&z| reference::swish_beta(z, used))
                        .collect(),
                ));
            }
            for (what, got, want) in cases {
                shape_and_dtype(&what, &got, &dims, dtype)?;
                all_close(&what, &values(&got)?, &want, ctx.tolerance(), None)?;
            }
        }
    }
    let z = Tensor::new(&[1.0f64, -2.0], &Device::Cpu)?;
    for beta in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        if swish::swish_beta(&z, beta).is_ok() {
            return Err(fail!(
                "swish_beta with β = {beta} gave values: β must be finite, and any other is an error"
            ));
        }
    }
    Ok(())
}
