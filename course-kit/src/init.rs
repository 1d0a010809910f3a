//! Seeded, PyTorch-style initialisation of `Linear` layers.
//!
//! PyTorch's `nn.Linear(fan_in, fan_out)` draws its weight and bias uniformly from
//! `(-1/sqrt(fan_in), 1/sqrt(fan_in))`. We draw the same distribution from a seeded
//! [`StdRng`], so a seed always gives the same network, on every machine.

use candle_core::{DType, Device, Result, Tensor, Var};
use candle_nn::{Linear, VarMap};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// A generator for initial weights: the same `seed` always gives the same draws.
pub fn seeded_rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// A `Linear(fan_in, fan_out)` layer whose weight (`fan_out x fan_in`, candle's layout) and bias
/// are drawn uniformly from `±1/sqrt(fan_in)` by `rng`.
///
/// Both are trainable: they are registered in `varmap` as `{prefix}.weight` and `{prefix}.bias`,
/// so `varmap.all_vars()` hands them to an optimiser.
pub fn linear(
    fan_in: usize,
    fan_out: usize,
    varmap: &VarMap,
    prefix: &str,
    rng: &mut StdRng,
    device: &Device,
) -> Result<Linear> {
    if fan_in == 0 || fan_out == 0 {
        candle_core::bail!(
            "a Linear layer needs at least one input and one output, got {fan_in} -> {fan_out}"
        );
    }
    let bound = 1.0 / (fan_in as f64).sqrt();
    let weight = uniform(rng, bound, &[fan_out, fan_in], device)?;
    let bias = uniform(rng, bound, &[fan_out], device)?;
    let data = varmap.data();
    let mut vars = data
        .lock()
        .map_err(|_| candle_core::Error::Msg("the VarMap's lock is poisoned".to_string()))?;
    vars.insert(format!("{prefix}.weight"), weight.clone());
    vars.insert(format!("{prefix}.bias"), bias.clone());
    Ok(Linear::new(
        weight.as_tensor().clone(),
        Some(bias.as_tensor().clone()),
    ))
}

fn uniform(rng: &mut StdRng, bound: f64, dims: &[usize], device: &Device) -> Result<Var> {
    let count: usize = dims.iter().product();
    let values: Vec<f32> = (0..count)
        .map(|_| rng.gen_range(-bound..bound) as f32)
        .collect();
    let tensor = Tensor::from_vec(values, dims, device)?.to_dtype(DType::F32)?;
    Var::from_tensor(&tensor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Module;

    #[test]
    fn same_seed_same_layer_and_pytorch_bounds() -> Result<()> {
        let device = Device::Cpu;
        let draw = |seed| -> Result<Vec<f32>> {
            let varmap = VarMap::new();
            let layer = linear(4, 3, &varmap, "fc1", &mut seeded_rng(seed), &device)?;
            assert_eq!(varmap.all_vars().len(), 2);
            assert_eq!(layer.weight().dims(), &[3, 4]);
            layer.weight().flatten_all()?.to_vec1::<f32>()
        };
        let first = draw(7)?;
        assert_eq!(first, draw(7)?);
        assert_ne!(first, draw(8)?);
        // bound = 1/sqrt(4) = 0.5
        assert!(first.iter().all(|w| w.abs() <= 0.5));
        let varmap = VarMap::new();
        let layer = linear(2, 1, &varmap, "fc", &mut seeded_rng(1), &device)?;
        let out = layer.forward(&Tensor::zeros((5, 2), DType::F32, &device)?)?;
        assert_eq!(out.dims(), &[5, 1]);
        assert!(linear(0, 1, &varmap, "bad", &mut seeded_rng(1), &device).is_err());
        Ok(())
    }
}
