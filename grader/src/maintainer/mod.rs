//! What a course's maintainers run (`grader dev ...`): validate the course, list the lessons'
//! properties with their checks, write what the catalogue implies, scaffold an exercise, write
//! stubs, and grade on many seeds.

pub mod dev;

use crate::engine::catalogue::Catalogue;
use crate::engine::grade::{self, Options};
use anyhow::Context as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `dev check`: every problem of the course, each with its fix; exits 1 if there is one.
pub fn check(course_root: &Path, catalogue: &Catalogue) -> anyhow::Result<ExitCode> {
    let problems = dev::check(course_root, catalogue)?;
    for problem in &problems {
        println!("{problem}");
    }
    if problems.is_empty() {
        println!(
            "The course checks out: {} exercises, each with its lesson, stub, solution and checks.",
            catalogue.exercises.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "{} problem{}.",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        );
        Ok(ExitCode::from(1))
    }
}

/// `dev new NAME`: scaffolds an exercise.
pub fn new(course_root: &Path, catalogue: &Catalogue, name: &str) -> anyhow::Result<ExitCode> {
    let written = dev::new_exercise(course_root, catalogue, name)?;
    print_written(course_root, &written);
    println!(
        "Exercise `{name}` is in place: `cargo run -p grader -- --solutions --exercise {name}` grades it. \
         Now write its lesson (exercises/{name}/README.md), solution, checks and catalogue texts \
         (docs/maintainers.md, \"Adding an exercise\"): `cargo run -p grader -- dev check` lists \
         each text left to write, marked `TODO(dev new)`."
    );
    Ok(ExitCode::SUCCESS)
}

/// `dev spec`: each stated property with the checks that observe it.
pub fn spec(course_root: &Path, catalogue: &Catalogue) -> anyhow::Result<ExitCode> {
    for property in dev::spec::observed(course_root, &catalogue.exercises)? {
        let list = |ids: &[String]| {
            if ids.is_empty() {
                "-".to_string()
            } else {
                ids.join(", ")
            }
        };
        let hidden_only = !property.unobservable && property.visible.is_empty();
        let open = if property.open.is_empty() {
            String::new()
        } else {
            format!("; inputs no check tries yet: {}", property.open.join(", "))
        };
        println!(
            "{} {}: visible {}; hidden {}{}{open}",
            property.exercise,
            property.id,
            list(&property.visible),
            list(&property.hidden),
            if property.unobservable {
                " (unobservable)"
            } else if hidden_only {
                " (hidden only)"
            } else {
                ""
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `dev sync`: writes the files the catalogue implies that differ from it.
pub fn sync(course_root: &Path, catalogue: &Catalogue) -> anyhow::Result<ExitCode> {
    let written = dev::sync::sync(course_root, catalogue)?;
    print_written(course_root, &written);
    if written.is_empty() {
        println!("Nothing to write: every generated file is what grader/catalogue.toml implies.");
    }
    Ok(ExitCode::SUCCESS)
}

/// `dev stubs NAME...`: rewrites the exercises' stubs from their solutions.
pub fn stubs(
    course_root: &Path,
    catalogue: &Catalogue,
    names: &[String],
) -> anyhow::Result<ExitCode> {
    catalogue.select(names)?;
    for name in names {
        let written = course_catalogue::stubs::write_stubs(course_root, name)
            .with_context(|| format!("cannot write the stubs of `{name}`"))?;
        print_written(course_root, &written);
    }
    Ok(ExitCode::SUCCESS)
}

/// `dev seeds`: grades on every seed of `seeds` and names each check whose result depends on
/// the seed; exits 1 if any does.
pub fn seeds(catalogue: &Catalogue, options: &Options, seeds: &[u64]) -> anyhow::Result<ExitCode> {
    let reports = grade::grade_on_seeds(catalogue, options, seeds)?;
    let (text, steady) = dev::seed_table(seeds, &reports);
    print!("{text}");
    Ok(if steady {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_written(course_root: &Path, written: &[PathBuf]) {
    for path in written {
        let shown = path.strip_prefix(course_root).unwrap_or(path);
        println!("wrote {}", shown.display());
    }
}
