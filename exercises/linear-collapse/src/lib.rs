//! Exercise 4: the linear-collapse proof. A stack of linear layers computes the same function
//! as one linear layer, `W2(W1 x + b1) + b2 = A x + c` with `A = W2 W1` and `c = W2 b1 + b2`;
//! an activation between the layers breaks that. The lesson is in this crate's README.md.
//!
//! Every function works in f32 and in f64: the layers and points you pass decide the dtype, and
//! the results keep it.

use candle_core::{DType, Device, Module, Result, Tensor};
use candle_nn::{Linear, VarMap};
use rand::Rng;
use std::fmt;

/// The number of inputs and outputs of a layer, `(inputs, outputs)`, read from its weight,
/// which candle stores as `outputs x inputs`.
///
/// Errors if the weight is not a matrix or the bias is not a vector of `outputs` numbers.
pub fn layer_sizes(layer: &Linear) -> Result<(usize, usize)> {
    let (outputs, inputs) = match layer.weight().dims() {
        &[outputs, inputs] => (outputs, inputs),
        dims => candle_core::bail!(
            "a Linear layer's weight must be a matrix (outputs x inputs), got shape {dims:?}"
        ),
    };
    if let Some(bias) = layer.bias() {
        if bias.dims() != [outputs] {
            candle_core::bail!(
                "a Linear layer with {outputs} outputs needs a bias of shape [{outputs}], got {:?}",
                bias.dims()
            );
        }
    }
    Ok((inputs, outputs))
}

/// The single layer that computes what `first` and then `second` compute: its weight is
/// `A = W2 W1` and its bias `c = W2 b1 + b2`.
///
/// A layer without a bias adds nothing: with `b1` missing, `c = b2`; with `b2` missing,
/// `c = W2 b1`; with both missing, the result has no bias either. The result has the dtype of
/// the layers. If `second` does not take as many inputs as `first` gives outputs, this returns
/// an error whose message names both numbers.
pub fn collapse(first: &Linear, second: &Linear) -> Result<Linear> {
    let (_, first_outputs) = layer_sizes(first)?;
    let (second_inputs, _) = layer_sizes(second)?;
    // TODO: `bail!` unless `second_inputs == first_outputs`; then compute `A = W2 W1` with
    // `matmul`, and the bias `c` for each of the four cases of `(first.bias(), second.bias())`
    // (`matrix_times_vector` below computes `W2 b1`).
    todo!()
}

/// `W v` for a matrix `W` and a vector `v`: the vector becomes a one-column matrix and back.
fn matrix_times_vector(w: &Tensor, v: &Tensor) -> Result<Tensor> {
    w.matmul(&v.unsqueeze(1)?)?.squeeze(1)
}

/// The single layer that computes what the whole stack computes, applying `layers[0]` first:
/// its weight is `W_n ... W_2 W_1`.
///
/// A stack of one layer collapses to a copy of that layer. An empty stack, or two neighbours
/// whose sizes do not chain, is an error; the message says which neighbours.
pub fn collapse_stack(layers: &[Linear]) -> Result<Linear> {
    // TODO: `bail!` on an empty stack; otherwise start from the first layer and `collapse` the
    // running result with each next layer in turn, naming the failing neighbours in any error
    // (in `map_err`, a candle error's `context(...)` puts a line above its message).
    todo!()
}

/// The number of trainable numbers in `layers`: every weight, and every bias that is there.
pub fn parameter_count(layers: &[Linear]) -> usize {
    // TODO: add up `elem_count()` of every weight and of every bias that is there.
    todo!()
}

/// The mixing weights `a` that [`nonlinearity`] tries between two points. The set is symmetric
/// (`a` is in it exactly when `1 − a` is), so swapping the two points of a pair gives the same
/// mixed points, and the measure does not depend on the order of the points.
pub const MIX_WEIGHTS: [f64; 3] = [0.25, 0.5, 0.75];

/// How far `model` is from an affine map, measured on `points`, a `(count, inputs)` tensor
/// with at least two rows.
///
/// An affine map `f(x) = A x + c` satisfies `f(a x1 + (1 − a) x2) = a f(x1) + (1 − a) f(x2)`
/// for any two points and any `a`. This returns the largest violation,
///
/// `max |f(a x_i + (1 − a) x_j)_k − (a f(x_i)_k + (1 − a) f(x_j)_k)|`
///
/// over every pair of rows `i < j` of `points`, every `a` in [`MIX_WEIGHTS`], and every output
/// `k`, computed in the dtype of `points` and returned as `f64`. It is zero to rounding for
/// an affine model and is in the units of the model's outputs, so judge it against their size.
/// Reordering the rows of `points` does not change it.
pub fn nonlinearity<M: Module>(model: &M, points: &Tensor) -> Result<f64> {
    let count = match points.dims() {
        &[count, _] if count >= 2 => count,
        dims => candle_core::bail!(
            "nonlinearity needs a (count, inputs) tensor of at least 2 points, got shape {dims:?}"
        ),
    };
    // TODO: list the pairs `i < j`; gather their rows of `points` and of `model.forward(points)`
    // (`index_select`, whose row numbers must be an integer tensor, e.g. from a `Vec<u32>`); for
    // each `a`, compare the model at the mixed points with the mixed outputs (`affine`, `sub`,
    // `abs`, `max_all`) and keep the largest gap.
    todo!()
}

/// What sits between two layers of a [`Stack`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Between {
    Nothing,
    Relu,
    Tanh,
}

impl Module for Between {
    fn forward(&self, xs: &Tensor) -> Result<Tensor> {
        match self {
            Between::Nothing => Ok(xs.clone()),
            Between::Relu => xs.relu(),
            Between::Tanh => xs.tanh(),
        }
    }
}

/// Linear layers applied in order, with `between` after every layer but the last.
#[derive(Debug, Clone)]
pub struct Stack {
    pub layers: Vec<Linear>,
    pub between: Between,
}

impl Module for Stack {
    fn forward(&self, xs: &Tensor) -> Result<Tensor> {
        let mut xs = xs.clone();
        for (index, layer) in self.layers.iter().enumerate() {
            xs = layer.forward(&xs)?;
            if index + 1 < self.layers.len() {
                xs = self.between.forward(&xs)?;
            }
        }
        Ok(xs)
    }
}

/// Seeded layers with PyTorch's initialisation, in `dtype`: layer `i` maps `sizes[i]` inputs to
/// `sizes[i + 1]` outputs, so `[4, 16, 2]` gives two layers. The same seed gives the same layers.
pub fn random_stack(sizes: &[usize], seed: u64, dtype: DType) -> Result<Vec<Linear>> {
    if sizes.len() < 2 {
        candle_core::bail!("a stack needs at least two sizes (inputs and outputs), got {sizes:?}");
    }
    let mut rng = course_kit::init::seeded_rng(seed);
    let varmap = VarMap::new();
    let mut layers = Vec::with_capacity(sizes.len() - 1);
    for (index, pair) in sizes.windows(2).enumerate() {
        let layer = course_kit::init::linear(
            pair[0],
            pair[1],
            &varmap,
            &format!("fc{index}"),
            &mut rng,
            &Device::Cpu,
        )?;
        let bias = layer.bias().map(|bias| bias.to_dtype(dtype)).transpose()?;
        layers.push(Linear::new(layer.weight().to_dtype(dtype)?, bias));
    }
    Ok(layers)
}

/// `count` seeded points with `inputs` coordinates each, uniform in [-2, 2), as a
/// `(count, inputs)` tensor of `dtype`.
pub fn random_points(count: usize, inputs: usize, seed: u64, dtype: DType) -> Result<Tensor> {
    let mut rng = course_kit::init::seeded_rng(seed);
    let values: Vec<f64> = (0..count * inputs)
        .map(|_| rng.gen_range(-2.0..2.0))
        .collect();
    Tensor::from_vec(values, (count, inputs), &Device::Cpu)?.to_dtype(dtype)
}

/// The largest `|a − b|` over all elements of two tensors of the same shape, as `f64`.
pub fn largest_difference(a: &Tensor, b: &Tensor) -> Result<f64> {
    a.sub(b)?
        .abs()?
        .max_all()?
        .to_dtype(DType::F64)?
        .to_scalar::<f64>()
}

/// How many points [`demonstrate`] runs the stacks on.
pub const DEMO_POINTS: usize = 32;

/// What [`demonstrate`] measured. Differences and non-linearities are in the units of the
/// outputs; `output_size` is the largest `|output|` of the plain stack, to judge them by.
#[derive(Debug, Clone, PartialEq)]
pub struct Demonstration {
    pub sizes: Vec<usize>,
    pub dtype: DType,
    /// The largest `|stack(x)|` over the points, for the stack without activations.
    pub output_size: f64,
    /// The largest difference between the stack without activations and its collapsed layer.
    pub plain_vs_collapsed: f64,
    /// The largest difference between the same layers with ReLU between them and that collapsed layer.
    pub relu_vs_collapsed: f64,
    /// [`nonlinearity`] of the stack without activations.
    pub plain_nonlinearity: f64,
    /// [`nonlinearity`] of the same layers with ReLU between them.
    pub relu_nonlinearity: f64,
    /// [`parameter_count`] of the stack.
    pub stack_parameters: usize,
    /// [`parameter_count`] of the collapsed layer.
    pub collapsed_parameters: usize,
}

/// Runs the experiment of the lesson: seeded layers of `sizes` in `dtype` ([`random_stack`]),
/// on [`DEMO_POINTS`] points drawn with `seed + 1` ([`random_points`]). The stack without
/// activations and its collapsed layer agree to rounding; with ReLU between the same layers they
/// do not, and [`nonlinearity`] says by how much.
pub fn demonstrate(sizes: &[usize], seed: u64, dtype: DType) -> Result<Demonstration> {
    let layers = random_stack(sizes, seed, dtype)?;
    let points = random_points(DEMO_POINTS, sizes[0], seed.wrapping_add(1), dtype)?;
    // TODO: collapse `layers`; run a `Stack` of them with `Between::Nothing`, one with
    // `Between::Relu`, and the collapsed layer on `points`; fill in every field from those.
    todo!()
}

impl fmt::Display for Demonstration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sizes: Vec<String> = self.sizes.iter().map(usize::to_string).collect();
        writeln!(
            f,
            "{} linear layers {} ({:?}), on {DEMO_POINTS} points; outputs up to {:.3e}",
            self.sizes.len().saturating_sub(1),
            sizes.join(" -> "),
            self.dtype,
            self.output_size
        )?;
        writeln!(
            f,
            "  largest |stack - collapsed|, nothing between:   {:.3e}",
            self.plain_vs_collapsed
        )?;
        writeln!(
            f,
            "  largest |stack - collapsed|, ReLU between:      {:.3e}",
            self.relu_vs_collapsed
        )?;
        writeln!(
            f,
            "  non-linearity of the stack, nothing between:    {:.3e}",
            self.plain_nonlinearity
        )?;
        writeln!(
            f,
            "  non-linearity of the stack, ReLU between:       {:.3e}",
            self.relu_nonlinearity
        )?;
        write!(
            f,
            "  parameters: {} in the stack, {} in the collapsed layer ({} to spare)",
            self.stack_parameters,
            self.collapsed_parameters,
            self.stack_parameters
                .saturating_sub(self.collapsed_parameters)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    fn layer(weight: &[&[f64]], bias: Option<&[f64]>) -> Linear {
        let rows: Vec<f64> = weight.iter().flat_map(|row| row.iter().copied()).collect();
        let weight = Tensor::from_vec(rows, (weight.len(), weight[0].len()), &Device::Cpu)
            .expect("a weight");
        let bias = bias.map(|b| Tensor::new(b, &Device::Cpu).expect("a bias"));
        Linear::new(weight, bias)
    }

    fn matrix(tensor: &Tensor) -> Vec<Vec<f64>> {
        tensor
            .to_dtype(DType::F64)
            .and_then(|t| t.to_vec2::<f64>())
            .expect("a matrix")
    }

    fn vector(tensor: Option<&Tensor>) -> Vec<f64> {
        let tensor = tensor.expect("a bias");
        tensor
            .to_dtype(DType::F64)
            .and_then(|t| t.to_vec1::<f64>())
            .expect("a vector")
    }

    // W1 = [[1, 2], [0, 1], [-1, 3]] (2 inputs -> 3 outputs), b1 = [1, 0, -2]
    // W2 = [[2, 0, 1], [1, -1, 0]] (3 inputs -> 2 outputs), b2 = [0.5, -1]
    fn first() -> Linear {
        layer(
            &[&[1.0, 2.0], &[0.0, 1.0], &[-1.0, 3.0]],
            Some(&[1.0, 0.0, -2.0]),
        )
    }

    fn second() -> Linear {
        layer(&[&[2.0, 0.0, 1.0], &[1.0, -1.0, 0.0]], Some(&[0.5, -1.0]))
    }

    #[test]
    fn two_layers_collapse_to_the_products() -> Result<()> {
        let one = collapse(&first(), &second())?;
        // A = W2 W1 = [[2·1 + 0·0 + 1·(-1), 2·2 + 0·1 + 1·3], [1·1 − 1·0, 1·2 − 1·1]]
        assert_eq!(matrix(one.weight()), vec![vec![1.0, 7.0], vec![1.0, 1.0]]);
        // c = W2 b1 + b2 = [2·1 + 1·(−2) + 0.5, 1·1 − 0 − 1]
        assert_eq!(vector(one.bias()), vec![0.5, 0.0]);
        Ok(())
    }

    #[test]
    fn a_missing_bias_adds_nothing() -> Result<()> {
        let bare = |l: Linear| Linear::new(l.weight().clone(), None);
        assert!(collapse(&bare(first()), &bare(second()))?.bias().is_none());
        // c = b2
        assert_eq!(
            vector(collapse(&bare(first()), &second())?.bias()),
            vec![0.5, -1.0]
        );
        // c = W2 b1
        assert_eq!(
            vector(collapse(&first(), &bare(second()))?.bias()),
            vec![0.0, 1.0]
        );
        Ok(())
    }

    #[test]
    fn the_collapsed_stack_gives_the_same_outputs() -> Result<()> {
        for dtype in [DType::F32, DType::F64] {
            let layers = random_stack(&[3, 10, 1, 7, 2], 5, dtype)?;
            let one = collapse_stack(&layers)?;
            assert_eq!(one.weight().dims(), &[2, 3]);
            assert_eq!(one.weight().dtype(), dtype);
            let points = random_points(20, 3, 6, dtype)?;
            let stack = Stack {
                layers,
                between: Between::Nothing,
            };
            let gap = largest_difference(&stack.forward(&points)?, &one.forward(&points)?)?;
            assert_abs_diff_eq!(gap, 0.0, epsilon = 1e-5);
        }
        Ok(())
    }

    #[test]
    fn sizes_that_do_not_chain_are_an_error() -> Result<()> {
        let err = collapse(&second(), &second()).expect_err("2 outputs cannot feed 3 inputs");
        let message = err.to_string();
        assert!(message.contains('2') && message.contains('3'), "{message}");
        assert!(collapse_stack(&[]).is_err());
        assert!(collapse_stack(&[first(), second(), second()]).is_err());
        Ok(())
    }

    #[test]
    fn parameters_are_weights_and_biases() -> Result<()> {
        // (2·3 + 3) + (3·2 + 2)
        assert_eq!(parameter_count(&[first(), second()]), 17);
        Ok(())
    }

    #[test]
    fn relu_is_not_affine_and_a_layer_is() -> Result<()> {
        let points = Tensor::new(&[[-1.0f64], [1.0]], &Device::Cpu)?;
        // a = 1/2: relu(0) = 0 against (relu(−1) + relu(1)) / 2 = 1/2
        assert_abs_diff_eq!(
            nonlinearity(&|xs: &Tensor| xs.relu(), &points)?,
            0.5,
            epsilon = 1e-12
        );
        let points = random_points(10, 2, 1, DType::F64)?;
        assert_abs_diff_eq!(nonlinearity(&first(), &points)?, 0.0, epsilon = 1e-12);
        Ok(())
    }

    #[test]
    fn demonstration_collapses_without_relu_only() -> Result<()> {
        let demo = demonstrate(&[3, 8, 8, 2], 0, DType::F32)?;
        assert!(
            demo.plain_vs_collapsed < 1e-5 * demo.output_size.max(1.0),
            "{demo}"
        );
        assert!(demo.relu_vs_collapsed > 1e-2, "{demo}");
        assert!(demo.relu_nonlinearity > 1e-2, "{demo}");
        // (3·8 + 8) + (8·8 + 8) + (8·2 + 2) and 3·2 + 2
        assert_eq!((demo.stack_parameters, demo.collapsed_parameters), (122, 8));
        Ok(())
    }
}
