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

pub fn matrix_times_vector(w: &Matrix, x: &[f64]) -> Vec<f64> {
    w.iter()
        .map(|row| row.iter().zip(x).map(|(w, x)| w * x).sum())
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    // the lesson's two layers
    use crate::visible::{first, second};

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
