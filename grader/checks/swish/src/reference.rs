//! Independent reference values, in plain `f64`.

/// A reference function of one number.
pub type Reference = fn(f64) -> f64;

pub use check_harness::reference::{relu, relu_derivative, sigmoid};

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
