#![doc = include_str!("../../../exercises/tanh-swap/README.md")]
// Exercise 2's lesson, `exercises/tanh-swap/README.md`: its Rust blocks are this module's doctests.
// The attribute stays on line 1, so that a failing doctest's line number is the README's.
