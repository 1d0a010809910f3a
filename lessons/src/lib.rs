//! The lesson as code.
//!
//! - Every Rust block of every README of the course (the front page and the four lessons) is a
//!   doctest of this crate: the modules of [`readmes`] include the READMEs as their
//!   documentation, so `cargo test` compiles and runs each block, and fails when one stops
//!   compiling or its assertion fails. `tests/readmes.rs` checks that no README is left out and
//!   that every code block says what it is.
//! - Demonstration 1, the common activations on one chart ([`activations`]), and the chart
//!   drawing that every lesson figure shares ([`chart`]).
//!
//! This crate is part of the student version of the course, so it depends on nothing the
//! student version lacks (no solutions, no workspace tests).

// A README block that warns (an unused variable, an unused import) fails like a broken one.
#![doc(test(attr(deny(warnings))))]

pub mod activations;
pub mod chart;

use std::path::{Path, PathBuf};

/// The course's folder (the workspace root).
pub fn course_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
}

/// Where the committed figures of the front page live: `lessons/figures/`.
pub fn front_page_figures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("figures")
}

/// Where a demonstration writes its figure `file`: the path given as the program's first
/// argument, or else `lesson-figures/<file>` in the target folder (`$CARGO_TARGET_DIR`, or
/// `target/` in the course's folder), so that running a demonstration never changes a committed
/// file.
pub fn demo_output(file: &str) -> PathBuf {
    if let Some(path) = std::env::args_os().nth(1) {
        return PathBuf::from(path);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| course_root().join("target"));
    target.join("lesson-figures").join(file)
}

/// The READMEs of the course as documentation, one module each: `cargo test` runs their Rust
/// blocks as doctests, named after the module and numbered with the README's own lines
/// (`lessons/src/readmes/front_page.rs - readmes::front_page (line N)` is the block that starts
/// on line N of `README.md`).
pub mod readmes {
    pub mod derivatives;
    pub mod front_page;
    pub mod linear_collapse;
    pub mod swish;
    pub mod tanh_swap;
}
