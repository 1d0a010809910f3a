//! The activations' closed forms in plain `f64`, independent of candle: the values every
//! exercise's checks compare the student's tensors with.

pub fn relu(z: f64) -> f64 {
    z.max(0.0)
}

/// 0 at the kink, the convention the course states (as in PyTorch; candle's autograd says 1).
pub fn relu_derivative(z: f64) -> f64 {
    if z > 0.0 {
        1.0
    } else {
        0.0
    }
}

/// A sigmoid that never overflows: for negative z it uses e^z / (1 + e^z).
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// σ'(z) = σ(z)(1 − σ(z))
pub fn sigmoid_derivative(z: f64) -> f64 {
    let s = sigmoid(z);
    s * (1.0 - s)
}

/// tanh'(z) = 1 − tanh²(z)
pub fn tanh_derivative(z: f64) -> f64 {
    1.0 - z.tanh().powi(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn closed_forms() {
        // σ(0) = 1/2, σ'(0) = 1/4, tanh'(0) = 1
        assert_abs_diff_eq!(sigmoid(0.0), 0.5, epsilon = 1e-15);
        assert_abs_diff_eq!(sigmoid_derivative(0.0), 0.25, epsilon = 1e-15);
        assert_abs_diff_eq!(tanh_derivative(0.0), 1.0, epsilon = 1e-15);
        // finite far out on both sides
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(sigmoid_derivative(-1000.0), 0.0);
        assert_eq!(relu_derivative(0.0), 0.0);
        assert_eq!(relu(-3.0), 0.0);
    }
}
