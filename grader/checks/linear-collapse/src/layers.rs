//! Layers and points for the checks: random reference layers, the same numbers as candle
//! layers of either dtype, the student's layers read back, and a network to measure.

use crate::reference::{Between, Layer};
use candle_core::{DType, Device, Module, Tensor};
use candle_nn::Linear;
use check_harness::compare::values;
use check_harness::{fail, Failure};
use rand::rngs::StdRng;
use rand::Rng;

/// A layer of `inputs -> outputs` with PyTorch's initial distribution, uniform in
/// `±1/sqrt(inputs)`, and a bias when `bias` is true.
pub fn random_layer(rng: &mut StdRng, inputs: usize, outputs: usize, bias: bool) -> Layer {
    let bound = 1.0 / (inputs as f64).sqrt();
    let weight = (0..outputs)
        .map(|_| (0..inputs).map(|_| rng.gen_range(-bound..bound)).collect())
        .collect();
    let bias = bias.then(|| (0..outputs).map(|_| rng.gen_range(-bound..bound)).collect());
    Layer { weight, bias }
}

/// Layers that chain through `sizes` (`[4, 16, 2]` gives two layers); layer `i` has a bias
/// when `biases[i]` is true.
pub fn random_stack(rng: &mut StdRng, sizes: &[usize], biases: &[bool]) -> Vec<Layer> {
    sizes
        .windows(2)
        .zip(biases)
        .map(|(pair, &bias)| random_layer(rng, pair[0], pair[1], bias))
        .collect()
}

/// `count` points of `inputs` coordinates, uniform in `±spread`.
pub fn random_points(rng: &mut StdRng, count: usize, inputs: usize, spread: f64) -> Vec<Vec<f64>> {
    (0..count)
        .map(|_| {
            (0..inputs)
                .map(|_| rng.gen_range(-spread..spread))
                .collect()
        })
        .collect()
}

/// A layer size: 1 about one time in six, tens about one time in three, else 2 to 9.
pub fn random_size(rng: &mut StdRng) -> usize {
    match rng.gen_range(0..6) {
        0 => 1,
        1 | 2 => rng.gen_range(10..=40),
        _ => rng.gen_range(2..=9),
    }
}

/// The reference layer as a candle layer of `dtype`, and the reference layer holding exactly
/// the numbers the candle layer holds (f32 rounds them), for computing what to expect.
pub fn to_candle(layer: &Layer, dtype: DType) -> Result<(Linear, Layer), Failure> {
    let flat: Vec<f64> = layer.weight.iter().flatten().copied().collect();
    let weight =
        Tensor::from_vec(flat, (layer.outputs(), layer.inputs()), &Device::Cpu)?.to_dtype(dtype)?;
    let bias = match &layer.bias {
        Some(bias) => Some(Tensor::new(bias.as_slice(), &Device::Cpu)?.to_dtype(dtype)?),
        None => None,
    };
    let linear = Linear::new(weight, bias);
    let rounded = read_layer("a layer", &linear, layer.inputs(), layer.outputs(), dtype)?;
    Ok((linear, rounded))
}

/// Every layer of a stack through [`to_candle`].
pub fn stack_to_candle(
    layers: &[Layer],
    dtype: DType,
) -> Result<(Vec<Linear>, Vec<Layer>), Failure> {
    let mut candle = Vec::with_capacity(layers.len());
    let mut rounded = Vec::with_capacity(layers.len());
    for layer in layers {
        let (linear, layer) = to_candle(layer, dtype)?;
        candle.push(linear);
        rounded.push(layer);
    }
    Ok((candle, rounded))
}

/// The numbers of a candle layer, after checking that its weight is `outputs x inputs`
/// (candle's layout) and its bias, if any, has `outputs` numbers, all in `dtype`.
pub fn read_layer(
    what: &str,
    linear: &Linear,
    inputs: usize,
    outputs: usize,
    dtype: DType,
) -> Result<Layer, Failure> {
    let weight = linear.weight();
    if weight.dims() != [outputs, inputs] {
        return Err(fail!(
            "{what}: its weight should be {outputs} x {inputs} (outputs x inputs, candle's layout), got shape {:?}",
            weight.dims()
        ));
    }
    if weight.dtype() != dtype {
        return Err(fail!(
            "{what}: its weight should be {dtype:?}, got {:?}",
            weight.dtype()
        ));
    }
    let flat = values(weight)?;
    let weight = flat.chunks(inputs).map(<[f64]>::to_vec).collect();
    let bias = match linear.bias() {
        None => None,
        Some(bias) => {
            if bias.dims() != [outputs] {
                return Err(fail!(
                    "{what}: its bias should have shape [{outputs}], got {:?}",
                    bias.dims()
                ));
            }
            if bias.dtype() != dtype {
                return Err(fail!(
                    "{what}: its bias should be {dtype:?}, got {:?}",
                    bias.dtype()
                ));
            }
            Some(values(bias)?)
        }
    };
    Ok(Layer { weight, bias })
}

/// Points as a `(count, inputs)` tensor of `dtype`, and the points it holds (f32 rounds them).
pub fn points_to_candle(
    points: &[Vec<f64>],
    dtype: DType,
) -> Result<(Tensor, Vec<Vec<f64>>), Failure> {
    let inputs = points.first().map_or(0, Vec::len);
    let flat: Vec<f64> = points.iter().flatten().copied().collect();
    let tensor = Tensor::from_vec(flat, (points.len(), inputs), &Device::Cpu)?.to_dtype(dtype)?;
    let rounded = values(&tensor)?
        .chunks(inputs)
        .map(<[f64]>::to_vec)
        .collect();
    Ok((tensor, rounded))
}

/// The outputs of a candle model on `points`, one row per point, after checking their shape.
pub fn outputs_of<M: Module>(
    what: &str,
    model: &M,
    points: &Tensor,
    outputs: usize,
) -> Result<Vec<Vec<f64>>, Failure> {
    let ys = model.forward(points)?;
    if ys.dims() != [points.dim(0)?, outputs] {
        return Err(fail!(
            "{what}: expected outputs of shape [{}, {outputs}], got {:?}",
            points.dim(0)?,
            ys.dims()
        ));
    }
    Ok(values(&ys)?.chunks(outputs).map(<[f64]>::to_vec).collect())
}

/// The checks' own candle network, independent of the student's `Stack`: the layers in order,
/// with `between` after every layer but the last.
pub struct Network {
    pub layers: Vec<Linear>,
    pub between: Between,
}

impl Module for Network {
    fn forward(&self, xs: &Tensor) -> candle_core::Result<Tensor> {
        let mut xs = xs.clone();
        for (index, layer) in self.layers.iter().enumerate() {
            xs = layer.forward(&xs)?;
            if index + 1 < self.layers.len() {
                xs = match self.between {
                    Between::Nothing => xs,
                    Between::Relu => xs.relu()?,
                    Between::Tanh => xs.tanh()?,
                };
            }
        }
        Ok(xs)
    }
}
