//! Independent reference values, in plain `f64`: a matrix is a list of rows, a layer is its
//! weight (outputs x inputs, as candle stores it) and an optional bias. No candle here.

pub type Matrix = Vec<Vec<f64>>;

/// A linear layer, `x -> W x + b`.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub weight: Matrix,
    pub bias: Option<Vec<f64>>,
}

impl Layer {
    pub fn inputs(&self) -> usize {
        self.weight.first().map_or(0, Vec::len)
    }

    pub fn outputs(&self) -> usize {
        self.weight.len()
    }

    /// `W x + b`, or `W x` without a bias.
    pub fn apply(&self, x: &[f64]) -> Vec<f64> {
        let mut y = matrix_times_vector(&self.weight, x);
        if let Some(bias) = &self.bias {
            for (y, b) in y.iter_mut().zip(bias) {
                *y += b;
            }
        }
        y
    }

    /// The layer with every weight and bias replaced by its absolute value.
    pub fn magnitudes(&self) -> Layer {
        Layer {
            weight: self
                .weight
                .iter()
                .map(|row| row.iter().map(|w| w.abs()).collect())
                .collect(),
            bias: self
                .bias
                .as_ref()
                .map(|b| b.iter().map(|v| v.abs()).collect()),
        }
    }
}

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

pub fn matrix_times_vector(w: &Matrix, x: &[f64]) -> Vec<f64> {
    w.iter()
        .map(|row| row.iter().zip(x).map(|(w, x)| w * x).sum())
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

/// What sits between two layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Between {
    Nothing,
    Relu,
    Tanh,
}

impl Between {
    pub fn apply(self, z: f64) -> f64 {
        match self {
            Between::Nothing => z,
            Between::Relu => z.max(0.0),
            Between::Tanh => z.tanh(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Between::Nothing => "no activation",
            Between::Relu => "ReLU",
            Between::Tanh => "tanh",
        }
    }
}

/// The stack's output at `x`, with `between` after every layer but the last.
pub fn forward(layers: &[Layer], between: Between, x: &[f64]) -> Vec<f64> {
    let mut xs = x.to_vec();
    for (index, layer) in layers.iter().enumerate() {
        xs = layer.apply(&xs);
        if index + 1 < layers.len() {
            xs.iter_mut().for_each(|z| *z = between.apply(*z));
        }
    }
    xs
}

/// A bound on the size of every term that rounding touches on the way to each output at `x`:
/// the stack of `|W|`, `|b|` (no activation) applied to `|x|`. ReLU and tanh never enlarge a
/// value, so it bounds the stacks with them too. Tolerances are relative to it.
pub fn magnitude(layers: &[Layer], x: &[f64]) -> Vec<f64> {
    let magnitudes: Vec<Layer> = layers.iter().map(Layer::magnitudes).collect();
    let x: Vec<f64> = x.iter().map(|v| v.abs()).collect();
    forward(&magnitudes, Between::Nothing, &x)
}

/// The largest [`magnitude`] over the outputs at every point.
pub fn largest_magnitude(layers: &[Layer], points: &[Vec<f64>]) -> f64 {
    points
        .iter()
        .flat_map(|x| magnitude(layers, x))
        .fold(0.0, f64::max)
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

    #[test]
    fn magnitude_bounds_the_outputs() {
        let layers = [first(), second()];
        let x = [0.5, -2.0];
        let bound = magnitude(&layers, &x);
        for between in [Between::Nothing, Between::Relu, Between::Tanh] {
            for (y, m) in forward(&layers, between, &x).iter().zip(&bound) {
                assert!(y.abs() <= *m);
            }
        }
    }
}
