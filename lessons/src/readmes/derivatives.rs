#![doc = include_str!("../../../exercises/derivatives/README.md")]
// Exercise 1's lesson, `exercises/derivatives/README.md`: its Rust blocks are this module's doctests.
// The attribute stays on line 1, so that a failing doctest's line number is the README's.
