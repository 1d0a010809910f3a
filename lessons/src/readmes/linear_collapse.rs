#![doc = include_str!("../../../exercises/linear-collapse/README.md")]
// Exercise 4's lesson, `exercises/linear-collapse/README.md`: its Rust blocks are this module's doctests.
// The attribute stays on line 1, so that a failing doctest's line number is the README's.
