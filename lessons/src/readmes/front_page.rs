#![doc = include_str!("../../../README.md")]
// The course's front page, `README.md`: its Rust blocks are this module's doctests.
// The attribute stays on line 1, so that a failing doctest's line number is the README's.
