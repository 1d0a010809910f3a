//! `dev new NAME`: a new exercise, with every file in place and one visible and one hidden check,
//! so that the grader grades it. The maintainer then writes the lesson (README.md), the
//! solution, the checks and the catalogue entry's texts where the scaffold left a
//! [`PLACEHOLDER`]; `dev check` accepts the exercise once none is left.

use crate::engine::catalogue::Catalogue;

/// What marks each text the scaffold leaves for the maintainer to write: `dev check` refuses
/// an exercise while any of its files or its catalogue entry still holds it. (A stub's
/// `// TODO:` lines are the student's, and stay.)
pub const PLACEHOLDER: &str = "TODO(dev new)";
use anyhow::{bail, Context as _};
use std::fs;
use std::path::{Path, PathBuf};

/// Writes exercise `name` into the course at `root`; returns the files written or changed.
pub fn new_exercise(
    root: &Path,
    catalogue: &Catalogue,
    name: &str,
) -> anyhow::Result<Vec<PathBuf>> {
    let valid = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.ends_with('-');
    if !valid {
        bail!("`{name}` cannot name an exercise: use lowercase letters, digits and `-`, starting with a letter (it is also its crate's name)");
    }
    if catalogue.exercise(name).is_some() {
        bail!("grader/catalogue.toml already has an exercise `{name}`");
    }
    let snake = name.replace('-', "_");
    let number = catalogue.exercises.len() + 1;
    let files: Vec<(String, String)> = vec![
        (
            format!("exercises/{name}/Cargo.toml"),
            exercise_manifest(name),
        ),
        (format!("exercises/{name}/README.md"), readme(name, number)),
        (
            format!("solutions/{name}/Cargo.toml"),
            solution_manifest(name),
        ),
        (format!("solutions/{name}/src/lib.rs"), solution(number)),
        (
            format!("grader/checks/{name}/Cargo.toml"),
            check_manifest(name),
        ),
        (
            format!("grader/checks/{name}/src/main.rs"),
            check_main(number),
        ),
        (
            format!("grader/checks/{name}/src/visible.rs"),
            visible_checks(&snake),
        ),
        (
            format!("grader/checks/{name}/src/hidden.rs"),
            hidden_checks(&snake),
        ),
        (super::spec::path(name), spec(name, &snake)),
    ];
    for (path, _) in &files {
        if root.join(path).exists() {
            bail!("{path} exists already: `dev new` writes only new files (remove it, or choose another name)");
        }
    }
    let catalogue_path = root.join(Catalogue::PATH);
    let mut catalogue_text = fs::read_to_string(&catalogue_path)
        .with_context(|| format!("cannot read {}", catalogue_path.display()))?;
    if !catalogue_text.ends_with('\n') {
        catalogue_text.push('\n');
    }
    catalogue_text.push_str(&catalogue_entry(name, &snake));
    // Checked before anything is written, so that a failure leaves the course as it was.
    let new_catalogue =
        Catalogue::parse(&catalogue_text).context("the new catalogue entry does not parse")?;

    let mut written = Vec::new();
    for (path, content) in &files {
        let path = root.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, content).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    written.extend(course_catalogue::stubs::write_stubs(root, name)?);
    fs::write(&catalogue_path, catalogue_text)?;
    written.push(catalogue_path);
    // the build script, the lesson's doctest module and every list that names the exercises
    written.extend(super::sync::sync(root, &new_catalogue)?);
    Ok(written)
}

fn catalogue_entry(name: &str, snake: &str) -> String {
    format!(
        r#"
[[exercise]]
name = "{name}"
title = "TODO(dev new): the exercise's title"
hints = [
    "The idea. TODO(dev new): what to compute, in words, without code.",
    "The API. TODO(dev new): the candle functions that do it.",
    "TODO(dev new): the code, last: `x.affine(2.0, 0.0)` doubles every element.",
]

[[exercise.check]]
id = "doubled_basics"
title = "double on a few inputs"
points = 1
visibility = "visible"
params = {{ tolerance = 1e-12 }}

[[exercise.check]]
id = "{snake}_doubled_random"
title = "double on random inputs, in f64 and f32"
points = 1
visibility = "hidden"
params = {{ tolerance = 1e-6 }}
"#
    )
}

/// A package manifest: `name`, an empty description that `dev sync` writes from the catalogue,
/// the workspace's package fields, then `rest` (dependencies and lints).
fn manifest(name: &str, rest: &str) -> String {
    format!(
        "[package]
name = \"{name}\"
description = \"\"
edition.workspace = true
rust-version.workspace = true
version.workspace = true
license.workspace = true
publish.workspace = true

{rest}"
    )
}

fn exercise_manifest(name: &str) -> String {
    manifest(
        name,
        r#"[dependencies]
candle-core.workspace = true

# The workspace's lints, plus: a `todo!()` stub leaves its arguments and some imports unused
# until the student fills it in, which is not worth a warning in an exercise.
[lints.rust]
unsafe_code = "forbid" # no attribute in a submission can lift it (the submission policy rejects `unsafe` too)
unused_variables = "allow"
unused_imports = "allow"
dead_code = "allow"

[lints.clippy]
unwrap_used = "warn"
"#,
    )
}

fn solution_manifest(name: &str) -> String {
    manifest(
        &format!("{name}-solution"),
        "[dependencies]
candle-core.workspace = true

[lints]
workspace = true
",
    )
}

fn check_manifest(name: &str) -> String {
    manifest(
        &format!("check-{name}"),
        &format!(
            r#"[dependencies]
candle-core.workspace = true
check-harness.workspace = true
rand.workspace = true
# The crate under test. The grader builds this binary in its own workspace, where this path
# holds the student's sources, the reference solution or a submission (grader/src/engine/workspace.rs).
{name} = {{ path = "../../../exercises/{name}" }}

[build-dependencies]
course-catalogue.workspace = true

[lints]
workspace = true
"#
        ),
    )
}

fn solution(number: usize) -> String {
    format!(
        r#"//! Exercise {number}. TODO(dev new): what the student builds, and the lesson's README section that explains it.

use candle_core::{{Result, Tensor}};

/// Every element of `x` doubled, in `x`'s shape and dtype. TODO(dev new): the exercise's first function.
pub fn double(x: &Tensor) -> Result<Tensor> {{
    // TODO: multiply every element by 2 (`affine(a, b)` computes a·x + b).
    x.affine(2.0, 0.0)
}}
"#
    )
}

fn check_main(number: usize) -> String {
    format!(
        r#"//! The checks of exercise {number}: what each checks is its title in `grader/catalogue.toml`,
//! with its points and tolerances; the catalogue also says which of `visible.rs` and
//! `hidden.rs` holds each check.

// Only where the catalogue lists hidden checks: the student version has neither them nor the file.
#[cfg(hidden_checks)]
mod hidden;
mod visible;

// `checks()`, the catalogue's checks of this exercise, and `main`: generated by build.rs.
include!(concat!(env!("OUT_DIR"), "/checks.rs"));
"#
    )
}

fn visible_checks(snake: &str) -> String {
    format!(
        r#"//! Checks whose inputs a student may see.

use candle_core::{{Device, Tensor}};
use check_harness::compare::{{all_close, values, Tolerance}};
use check_harness::{{student, CheckResult, Context}};

const INPUTS: [f64; 5] = [-3.0, -0.5, 0.0, 0.25, 7.0];

/// `double` on a few inputs the failure message shows.
pub(crate) fn doubled_basics(ctx: &Context) -> CheckResult {{
    let x = Tensor::new(&INPUTS, &Device::Cpu)?;
    let got = values(&student!({snake}::double(&x))?)?;
    let want: Vec<f64> = INPUTS.iter().map(|x| 2.0 * x).collect();
    let tolerance = Tolerance::abs(ctx.param("tolerance"));
    all_close("double", &got, &want, tolerance, Some(&INPUTS))
}}
"#
    )
}

fn hidden_checks(snake: &str) -> String {
    format!(
        r#"//! Checks whose failures name only the property: seeded random inputs, in f64 and f32.

use check_harness::compare::{{elementwise_in_f64_and_f32, Tolerance}};
use check_harness::{{CheckResult, Context}};
use rand::Rng;

/// `double` on inputs drawn from the grading seed, far outside the visible check's.
pub(crate) fn {snake}_doubled_random(ctx: &Context) -> CheckResult {{
    let mut rng = ctx.rng();
    let inputs: Vec<f64> = (0..64).map(|_| rng.gen_range(-1e3..1e3)).collect();
    let tolerance = Tolerance::new(0.0, ctx.param("tolerance"));
    elementwise_in_f64_and_f32(
        "double",
        "|z| < 1000",
        &inputs,
        {snake}::double,
        |z| 2.0 * z,
        tolerance,
    )
}}
"#
    )
}

fn spec(name: &str, snake: &str) -> String {
    format!(
        r#"# What the lesson states about exercise `{name}`, and which checks observe it: one
# [[property]] per statement, and what each check's code really tries (`dev check` reads both).

[[property]]
id = "E1"
where = ["README.md:1", "src/lib.rs:1"]
states = "TODO(dev new): the statement, e.g. `double` returns 2x for every element, in f32 and f64"
checks = ["doubled_basics", "{snake}_doubled_random"]
domain = {{ dtypes = ["f32", "f64"], magnitude = 1000.0 }}

[checks.doubled_basics]
generates = {{ dtypes = ["f64"], magnitude = 7.0, sizes = [5, 5] }}

[checks.{snake}_doubled_random]
generates = {{ dtypes = ["f32", "f64"], magnitude = 1000.0, sizes = [64, 64] }}
"#
    )
}

fn readme(name: &str, number: usize) -> String {
    format!(
        r#"# Exercise {number}: TODO(dev new): the title

## Introduction

TODO(dev new): what this exercise builds, and why it matters for the lesson.

## ELI5

TODO(dev new): the idea, for anyone.

## Mathematical foundations

TODO(dev new): each formula, then what every symbol means. Doubling is

$$
y = 2x
$$

where $x$ is an input element and $y$ the output element at the same place.

## In depth

TODO(dev new): what is really going on, and the pitfalls.

## Demonstration

TODO(dev new): a demonstration; every Rust block here is a test (`cargo test -p lessons`).

```rust
use candle_core::{{Device, Tensor}};

let x = Tensor::new(&[1.0f64, -2.0], &Device::Cpu)?;
let doubled = x.affine(2.0, 0.0)?;
assert_eq!(doubled.to_vec1::<f64>()?, [2.0, -4.0]);
# Ok::<(), candle_core::Error>(())
```

## The exercise

In `exercises/{name}/src/lib.rs`, write `double(x)`: every element of `x` doubled, in `x`'s
shape and dtype. TODO(dev new): the exercise, stated in full.

## How to check your work

```text
cargo run -p grader -- --exercise {name}
```

## Summary

TODO(dev new): what this exercise showed.

## Key takeaways

- TODO(dev new): the points to remember.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_entry_parses() {
        let entry = catalogue_entry("fifth-one", "fifth_one");
        let catalogue = Catalogue::parse(&entry).expect("parses");
        assert_eq!(catalogue.exercises[0].checks.len(), 2);
    }
}
