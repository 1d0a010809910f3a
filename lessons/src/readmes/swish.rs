#![doc = include_str!("../../../exercises/swish/README.md")]
// Exercise 3's lesson, `exercises/swish/README.md`: its Rust blocks are this module's doctests.
// The attribute stays on line 1, so that a failing doctest's line number is the README's.
