//! `cargo run -p grader -- dev ...`: the maintainers' commands, in the spirit of `rustlings dev`.
//!
//! - `dev check` validates the whole course and names the fix of every problem it finds: each
//!   exercise of the catalogue has its lesson (with the module that runs its Rust blocks), stub,
//!   solution and check crate, a function for each of its checks, at least one visible and one
//!   hidden check, and the figures its README shows; stubs are their solutions with `todo!()`
//!   bodies; the solutions pass the submission policy; no folder lacks its catalogue entry; and
//!   the student version names no hidden check and holds no line of a solution; and every
//!   exercise's specification data (`grader/spec/<name>.toml`, see [`spec`]) has a check for
//!   each property over the inputs the lesson states, and a property for each check; every
//!   parameter a check's code reads is in its entry (`course_catalogue::params`); and no text
//!   that `dev new` left to be written is still there.
//! - `dev spec` lists every property with its visible and hidden checks.
//! - `dev sync` writes what the catalogue implies (see [`sync`]); `dev check` names every such
//!   file that differs from it.
//! - `dev new NAME` scaffolds an exercise that the grader grades, and that `dev check` accepts
//!   once the texts it marks `TODO(dev new)` are written.
//! - `dev stubs NAME...` rewrites an exercise's stubs from its solution.

use crate::engine::catalogue::{Catalogue, Exercise, Visibility};
use anyhow::{bail, Context as _};
use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

mod scaffold;
pub mod spec;
pub mod sync;

pub use scaffold::new_exercise;

/// One thing wrong with the course: where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file or folder, relative to the course, or the catalogue entry.
    pub place: String,
    /// What is wrong, then what to do.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

fn problem(place: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem {
        place: place.into(),
        message: message.into(),
    }
}

/// `dev seeds`: a line per seed with every exercise's score, then every check whose status is
/// not the same on every seed, with the seeds of each status. Whether none is.
pub fn seed_table(seeds: &[u64], reports: &[crate::engine::report::Report]) -> (String, bool) {
    use std::collections::BTreeMap;
    use std::fmt::Write as _;
    let mut text = String::new();
    // (exercise, check) -> status -> seeds
    let mut statuses: BTreeMap<(String, String), BTreeMap<String, Vec<u64>>> = BTreeMap::new();
    for (seed, report) in seeds.iter().zip(reports) {
        let _ = write!(text, "seed {seed}:");
        for exercise in &report.exercises {
            let _ = write!(
                text,
                " {} {}/{}",
                exercise.name, exercise.score, exercise.max_score
            );
            for check in &exercise.checks {
                statuses
                    .entry((exercise.name.clone(), check.id.clone()))
                    .or_default()
                    .entry(check.status.as_str().to_string())
                    .or_default()
                    .push(*seed);
            }
        }
        text.push('\n');
    }
    let varying: Vec<_> = statuses.iter().filter(|(_, by)| by.len() > 1).collect();
    for ((exercise, check), by) in &varying {
        let _ = write!(text, "seed-dependent: {exercise} {check}:");
        for (status, seeds) in by.iter() {
            let _ = write!(text, " {status} on seeds {seeds:?};");
        }
        text.push('\n');
    }
    if varying.is_empty() {
        let _ = writeln!(
            text,
            "Every check has the same result on all {} seeds.",
            seeds.len()
        );
    }
    (text, varying.is_empty())
}

/// Every problem of the teacher's copy of the course at `root`.
pub fn check(root: &Path, catalogue: &Catalogue) -> anyhow::Result<Vec<Problem>> {
    if !root.join("solutions").is_dir() {
        bail!(
            "`dev check` checks the teacher's copy of the course, with its solutions/; {} has none (a student version?)",
            root.display()
        );
    }
    let mut problems = Vec::new();
    for exercise in &catalogue.exercises {
        problems.extend(exercise_problems(root, exercise));
    }
    problems.extend(unlisted_folders(root, catalogue));
    for path in sync::stale(root, catalogue)? {
        problems.push(problem(path, sync::FIX));
    }
    problems.extend(leaks(root, catalogue)?);
    Ok(problems)
}

/// The files every exercise has, with what each is for.
fn required_files(name: &str) -> Vec<(String, &'static str)> {
    [
        (
            "exercises/{}/README.md",
            "the lesson and the exercise's statement",
        ),
        ("exercises/{}/Cargo.toml", "the student's crate"),
        ("exercises/{}/src/lib.rs", "the stub the student fills in"),
        ("solutions/{}/Cargo.toml", "the reference solution's crate"),
        ("solutions/{}/src/lib.rs", "the reference solution"),
        ("grader/checks/{}/Cargo.toml", "the exercise's check crate"),
        (
            "grader/checks/{}/build.rs",
            "the build script that generates the check registry from the catalogue",
        ),
        ("grader/checks/{}/src/main.rs", "the check binary"),
    ]
    .into_iter()
    .map(|(path, what)| (path.replace("{}", name), what))
    .collect()
}

fn exercise_problems(root: &Path, exercise: &Exercise) -> Vec<Problem> {
    let name = &exercise.name;
    let entry = format!("grader/catalogue.toml, exercise `{name}`");
    let mut problems = Vec::new();
    for (path, what) in required_files(name) {
        if !root.join(&path).is_file() {
            problems.push(problem(
                &path,
                format!("missing ({what}); `cargo run -p grader -- dev new NAME` shows its shape"),
            ));
        }
    }
    problems.extend(lesson_module(root, name));
    problems.extend(spec::problems(root, exercise));
    for (visibility, why) in [
        (
            Visibility::Visible,
            "the student version grades only visible checks, so its students would get no feedback",
        ),
        (
            Visibility::Hidden,
            "every exercise needs one: visible checks alone test only what the student can see",
        ),
    ] {
        if exercise.checks_of(visibility).next().is_none() {
            problems.push(problem(
                &entry,
                format!(
                    "no {} check: {why}; add a `[[exercise.check]]` with visibility = \"{}\"",
                    visibility.module(),
                    visibility.module()
                ),
            ));
        }
    }
    for check in &exercise.checks {
        let module = check.visibility.module();
        let file = format!("grader/checks/{name}/src/{module}.rs");
        let text = fs::read_to_string(root.join(&file)).unwrap_or_default();
        if !course_catalogue::registry::defines(&text, &check.id) {
            problems.push(problem(
                format!("{entry}, check `{}`", check.id),
                format!(
                    "{file} has no `pub(crate) fn {}(ctx: &Context) -> CheckResult`: write it there, or correct the entry's id or visibility",
                    check.id
                ),
            ));
        }
        if check.visibility == Visibility::Hidden && !check.id.contains('_') {
            problems.push(problem(
                format!("{entry}, check `{}`", check.id),
                "a hidden check's id is never shown to students, so it must not be an ordinary word they could meet in the student version: join two or more words with `_`",
            ));
        }
    }
    if root.join("solutions").join(name).join("src").is_dir() {
        for mismatch in course_catalogue::stubs::mismatches(root, name) {
            problems.push(problem(format!("exercises/{name}/src"), mismatch));
        }
        match crate::engine::policy::scan_src(&root.join("solutions").join(name).join("src")) {
            Ok(violations) => problems.extend(violations.iter().map(|violation| {
                problem(
                    format!("solutions/{name}/src"),
                    format!(
                        "breaks the submission policy, so a student who wrote the same could not submit it: {violation}"
                    ),
                )
            })),
            Err(err) => problems.push(problem(format!("solutions/{name}/src"), format!("{err:#}"))),
        }
    }
    problems.extend(missing_figures(root, name));
    problems.extend(placeholders(root, exercise));
    // a parameter a check reads but its entry lacks: the check would panic while grading
    let reads = course_catalogue::params::Reads::of(&course_catalogue::params::sources_under(&[
        root.join("grader/checks").join(name).join("src"),
        root.join("grader/harness/src"),
    ]));
    for (check, param) in course_catalogue::params::missing(exercise, &reads) {
        let message = course_catalogue::params::message(name, &check, &param);
        let (place, what) = message.split_once(": ").unwrap_or((&entry, &message));
        problems.push(problem(place, what));
    }
    problems
}

/// Each file of the exercise, and its catalogue entry, that still holds a text `dev new` left
/// for the maintainer to write.
fn placeholders(root: &Path, exercise: &Exercise) -> Vec<Problem> {
    let name = &exercise.name;
    let fix = format!(
        "holds `{}`, a text `dev new` left to be written: replace it with what it asks for",
        scaffold::PLACEHOLDER
    );
    let mut problems = Vec::new();
    let mut texts: Vec<&str> = vec![&exercise.title];
    texts.extend(exercise.hints.iter().map(String::as_str));
    texts.extend(exercise.contract_hint.as_deref());
    texts.extend(exercise.checks.iter().map(|check| check.title.as_str()));
    if texts
        .iter()
        .any(|text| text.contains(scaffold::PLACEHOLDER))
    {
        problems.push(problem(
            format!("grader/catalogue.toml, exercise `{name}`"),
            fix.clone(),
        ));
    }
    let snake = name.replace('-', "_");
    let places = [
        format!("exercises/{name}"),
        format!("solutions/{name}"),
        format!("grader/checks/{name}"),
        format!("grader/spec/{name}.toml"),
        format!("lessons/src/readmes/{snake}.rs"),
    ];
    for place in places {
        let files = walkdir::WalkDir::new(root.join(&place))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file());
        for file in files {
            let text = fs::read_to_string(file.path()).unwrap_or_default();
            if text.contains(scaffold::PLACEHOLDER) {
                let shown = file.path().strip_prefix(root).unwrap_or(file.path());
                problems.push(problem(shown.display().to_string(), fix.clone()));
            }
        }
    }
    problems
}

/// The exercise's README is the documentation of a module of `lessons/src/readmes/`, declared
/// in `lessons/src/lib.rs`, so that `cargo test` runs its Rust blocks.
fn lesson_module(root: &Path, name: &str) -> Option<Problem> {
    let readme = format!("exercises/{name}/README.md");
    let snake = name.replace('-', "_");
    let fix = format!(
        "add lessons/src/readmes/{snake}.rs whose first line is `#![doc = include_str!(\"../../../{readme}\")]`, and `pub mod {snake};` in `pub mod readmes` of lessons/src/lib.rs"
    );
    let modules = fs::read_dir(root.join("lessons/src/readmes")).ok()?;
    let lib = fs::read_to_string(root.join("lessons/src/lib.rs")).unwrap_or_default();
    for entry in modules.flatten() {
        let text = fs::read_to_string(entry.path()).unwrap_or_default();
        if text.contains(&format!("include_str!(\"../../../{readme}\")")) {
            let stem = entry.path().file_stem()?.to_string_lossy().to_string();
            if lib.contains(&format!("pub mod {stem};")) {
                return None;
            }
            return Some(problem(
                format!("lessons/src/readmes/{stem}.rs"),
                format!("not declared, so the Rust blocks of {readme} never run: add `pub mod {stem};` in `pub mod readmes` of lessons/src/lib.rs"),
            ));
        }
    }
    Some(problem(
        readme.clone(),
        format!("in no module of lessons/src/readmes/, so its Rust blocks never run: {fix}"),
    ))
}

/// The images an exercise's README shows (`![...](figures/...)`) that are not committed.
fn missing_figures(root: &Path, name: &str) -> Vec<Problem> {
    let folder = root.join("exercises").join(name);
    let readme = fs::read_to_string(folder.join("README.md")).unwrap_or_default();
    image_links(&readme)
        .into_iter()
        .filter(|link| !link.contains("://") && !folder.join(link).is_file())
        .map(|link| {
            problem(
                format!("exercises/{name}/README.md"),
                format!(
                    "shows {link}, which is not in exercises/{name}/: draw the figures with `cargo run -p lesson-demos --bin figures` and commit them"
                ),
            )
        })
        .collect()
}

/// The targets of the Markdown image links in `text`.
fn image_links(text: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("![") {
        rest = &rest[start + 2..];
        let Some(middle) = rest.find("](") else {
            break;
        };
        let after = &rest[middle + 2..];
        let Some(end) = after.find(')') else {
            break;
        };
        links.push(after[..end].trim().to_string());
        rest = &after[end..];
    }
    links
}

/// Folders that stand for an exercise the catalogue does not list.
fn unlisted_folders(root: &Path, catalogue: &Catalogue) -> Vec<Problem> {
    let listed: BTreeSet<String> = catalogue.names().into_iter().collect();
    let mut problems = Vec::new();
    for folder in ["exercises", "grader/checks"] {
        for entry in fs::read_dir(root.join(folder))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().to_string();
            if entry.path().is_dir() && !listed.contains(&name) {
                problems.push(problem(
                    format!("{folder}/{name}"),
                    "no exercise of grader/catalogue.toml has this name: add its `[[exercise]]` entry, or remove the folder",
                ));
            }
        }
    }
    problems
}

/// What the student version (`grader handout`) would give away: a hidden check's id, or a
/// line of a solution that its stub leaves out (40 characters or more, not a comment: shorter
/// lines such as `Ok(())` are in any Rust file).
fn leaks(root: &Path, catalogue: &Catalogue) -> anyhow::Result<Vec<Problem>> {
    let files = crate::teacher::handout::handout_files(root, catalogue)?;
    let hidden: Vec<(&str, &str)> = catalogue
        .exercises
        .iter()
        .flat_map(|exercise| {
            exercise
                .checks_of(Visibility::Hidden)
                .map(|check| (exercise.name.as_str(), check.id.as_str()))
        })
        .collect();
    let answers = solution_lines(root, catalogue)?;
    let mut problems = Vec::new();
    for (path, content) in &files {
        let Ok(text) = std::str::from_utf8(content) else {
            continue;
        };
        let place = path.to_string_lossy().replace('\\', "/");
        for (exercise, id) in &hidden {
            if text.contains(id) {
                problems.push(problem(
                    &place,
                    format!("names `{id}`, a hidden check of `{exercise}`, and is in the student version: rename the check or reword the file"),
                ));
            }
        }
        for (solution, line) in &answers {
            if text.contains(line.as_str()) {
                problems.push(problem(
                    &place,
                    format!("holds a line of {solution}, and is in the student version: `{line}`"),
                ));
            }
        }
    }
    Ok(problems)
}

/// `(solution file, line)` for every answer line of the solutions.
fn solution_lines(root: &Path, catalogue: &Catalogue) -> anyhow::Result<Vec<(String, String)>> {
    let mut answers = Vec::new();
    for exercise in &catalogue.exercises {
        let src = root.join("solutions").join(&exercise.name).join("src");
        for path in rust_files(&src)? {
            let text = fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let shown = format!(
                "solutions/{}/src/{}",
                exercise.name,
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            for line in course_catalogue::stubs::answer_lines(&text) {
                answers.push((shown.clone(), line));
            }
        }
    }
    Ok(answers)
}

/// The `.rs` files under `dir`, sorted; none when it does not exist.
fn rust_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let path = entry.into_path();
        if path.is_file() && path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_links_are_read() {
        let text = "See ![the grid](figures/a.svg) and [a link](b.md), then ![x]( figures/b.svg ).";
        assert_eq!(image_links(text), ["figures/a.svg", "figures/b.svg"]);
    }
}
