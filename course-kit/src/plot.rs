//! Ready-made helpers for the figures: a grid of inputs, curves as points, and axis ranges.
//! Drawing the figure with plotters is the student's part; preparing its data is not.

use candle_core::{DType, Device, Result, Tensor};

/// One curve of a figure: its title (caption or legend entry) and its points `(z, value)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub title: String,
    pub points: Vec<(f64, f64)>,
}

/// `n` evenly spaced values from -5 to 5, both included, as an f64 tensor of shape `(n,)`.
pub fn z_grid(n: usize) -> Result<Tensor> {
    if n < 2 {
        candle_core::bail!("a grid over [-5, 5] needs at least 2 points, got {n}");
    }
    let step = 10.0 / (n - 1) as f64;
    Tensor::arange(0u32, n as u32, &Device::Cpu)?
        .to_dtype(DType::F64)?
        .affine(step, -5.0)
}

/// Pairs each `z` with its `value`, for plotting; both are 1-D tensors of the same length.
pub fn points(z: &Tensor, values: &Tensor) -> Result<Vec<(f64, f64)>> {
    let z = z.to_dtype(DType::F64)?.to_vec1::<f64>()?;
    let values = values.to_dtype(DType::F64)?.to_vec1::<f64>()?;
    if z.len() != values.len() {
        candle_core::bail!("{} inputs but {} values", z.len(), values.len());
    }
    Ok(z.into_iter().zip(values).collect())
}

/// The range of the values of `points`, widened by a margin so that flat curves stay visible.
pub fn value_range(points: &[(f64, f64)]) -> (f64, f64) {
    let low = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let high = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    if !low.is_finite() || !high.is_finite() {
        return (-1.0, 1.0);
    }
    let margin = ((high - low) * 0.1).max(0.1);
    (low - margin, high + margin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_points_and_ranges() -> Result<()> {
        let z = z_grid(11)?;
        let pairs = points(&z, &z.relu()?)?;
        assert_eq!(pairs.len(), 11);
        assert_eq!(pairs[0], (-5.0, 0.0));
        assert_eq!(pairs[10], (5.0, 5.0));
        assert!(z_grid(1).is_err());
        assert_eq!(value_range(&pairs), (-0.5, 5.5));
        assert_eq!(value_range(&[(0.0, 1.0)]), (0.9, 1.1));
        assert_eq!(value_range(&[]), (-1.0, 1.0));
        Ok(())
    }
}
