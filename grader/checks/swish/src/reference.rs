//! Independent reference values, in plain `f64`.

/// A reference function of one number.
pub type Reference = fn(f64) -> f64;

pub fn relu(z: f64) -> f64 {
    z.max(0.0)
}

/// 0 at the kink, the convention the course states.
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

pub fn swish(z: f64) -> f64 {
    z * sigmoid(z)
}

pub fn swish_derivative(z: f64) -> f64 {
    let s = sigmoid(z);
    s + z * s * (1.0 - s)
}

pub fn swish_beta(z: f64, beta: f64) -> f64 {
    z * sigmoid(beta * z)
}
