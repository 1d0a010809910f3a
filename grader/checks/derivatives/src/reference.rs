//! Independent reference values, in plain `f64`: the course's closed forms.

pub use check_harness::reference::{
    relu, relu_derivative, sigmoid, sigmoid_derivative, tanh_derivative,
};
