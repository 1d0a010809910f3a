//! The answers to the exercise, in plain `f64`, for the hidden checks only: the collapse of a
//! stack and the measure of non-linearity, straight from their definitions. The student
//! version has no `hidden/` folder; the visible checks use the values these give on the
//! lesson's inputs, written down (`crate::visible`), and a test here keeps the two equal.

use crate::reference::{forward, Between, Layer, Matrix};
use crate::scaled::close_to_scale;
use candle_core::DType;
use candle_nn::Linear;
use check_harness::{fail, CheckResult};

/// `A B`, for `A` of `n x k` and `B` of `k x m`.
pub fn matmul(a: &Matrix, b: &Matrix) -> Matrix {
    let columns = b.first().map_or(0, Vec::len);
    a.iter()
        .map(|row| {
            (0..columns)
                .map(|j| row.iter().zip(b).map(|(a_ik, b_row)| a_ik * b_row[j]).sum())
                .collect()
        })
        .collect()
}

/// The single layer of a stack (applied `layers[0]` first): `A = W_n ... W_1`, and the bias
/// by `c_1 = b_1`, `c_i = W_i c_{i-1} + b_i` (a missing bias is zero). `None` as the bias
/// when no layer has one. Assumes a non-empty stack whose sizes chain.
pub fn collapse(layers: &[Layer]) -> Layer {
    let mut weight = layers[0].weight.clone();
    let mut bias = vec![0.0; layers[0].outputs()];
    if let Some(b) = &layers[0].bias {
        bias.clone_from(b);
    }
    for layer in &layers[1..] {
        weight = matmul(&layer.weight, &weight);
        bias = layer.apply(&bias);
    }
    let any_bias = layers.iter().any(|layer| layer.bias.is_some());
    Layer {
        weight,
        bias: any_bias.then_some(bias),
    }
}

/// The mixing weights of the measure, as the exercise defines them.
pub const MIX_WEIGHTS: [f64; 3] = [0.25, 0.5, 0.75];

/// The exercise's non-linearity measure, straight from its definition:
/// `max |f(a x_i + (1 − a) x_j)_k − (a f(x_i)_k + (1 − a) f(x_j)_k)|` over pairs `i < j`,
/// `a` in [`MIX_WEIGHTS`] and outputs `k`.
pub fn nonlinearity(layers: &[Layer], between: Between, points: &[Vec<f64>]) -> f64 {
    let f = |x: &[f64]| forward(layers, between, x);
    let outputs: Vec<Vec<f64>> = points.iter().map(|x| f(x)).collect();
    let mut largest: f64 = 0.0;
    for i in 0..points.len() {
        for j in i + 1..points.len() {
            for a in MIX_WEIGHTS {
                let mixed: Vec<f64> = points[i]
                    .iter()
                    .zip(&points[j])
                    .map(|(p, q)| a * p + (1.0 - a) * q)
                    .collect();
                for (k, value) in f(&mixed).iter().enumerate() {
                    let line = a * outputs[i][k] + (1.0 - a) * outputs[j][k];
                    largest = largest.max((value - line).abs());
                }
            }
        }
    }
    largest
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
    let want = collapse(stack);
    let magnitudes: Vec<Layer> = stack.iter().map(Layer::magnitudes).collect();
    let scale = collapse(&magnitudes);
    let flat = |m: &Matrix| -> Vec<f64> { m.iter().flatten().copied().collect() };
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

#[cfg(test)]
mod tests {
    use super::*;
    // the lesson's two layers
    use crate::visible::{first, second};

    #[test]
    fn collapse_is_the_products() {
        let one = collapse(&[first(), second()]);
        // A = W2 W1, c = W2 b1 + b2, worked by hand
        assert_eq!(one.weight, vec![vec![1.0, 7.0], vec![1.0, 1.0]]);
        assert_eq!(one.bias, Some(vec![0.5, 0.0]));
        let x = [0.5, -2.0];
        assert_eq!(
            one.apply(&x),
            forward(&[first(), second()], Between::Nothing, &x)
        );
        let bare = |l: Layer| Layer { bias: None, ..l };
        assert_eq!(collapse(&[bare(first()), bare(second())]).bias, None);
        assert_eq!(
            collapse(&[first(), bare(second())]).bias,
            Some(vec![0.0, 1.0])
        );
    }

    #[test]
    fn the_measure_is_zero_for_affine_maps_and_not_for_relu() {
        let points = vec![vec![-1.0, 0.5], vec![2.0, 1.0], vec![0.0, -3.0]];
        assert!(nonlinearity(&[first(), second()], Between::Nothing, &points) < 1e-12);
        assert!(nonlinearity(&[first(), second()], Between::Relu, &points) > 0.1);
        // relu alone at -1 and 1, a = 1/2: relu(0) = 0 against (0 + 1) / 2
        let identity = Layer {
            weight: vec![vec![1.0]],
            bias: None,
        };
        let relu = [identity.clone(), identity];
        assert_eq!(
            nonlinearity(&relu, Between::Relu, &[vec![-1.0], vec![1.0]]),
            0.5
        );
    }

    /// The visible demonstration check's written-down measure is this computation's.
    #[test]
    fn the_visible_demonstration_measure_is_the_answer() {
        use crate::visible::{demo_inputs, demo_relu_nonlinearity};
        for dtype in [DType::F32, DType::F64] {
            let (layers, points) = demo_inputs(dtype).expect("the demonstration's inputs");
            let want = nonlinearity(&layers, Between::Relu, &points);
            assert_eq!(demo_relu_nonlinearity(dtype), want, "{dtype:?}: {want:?}");
        }
    }
}
