//! `dev sync`: what the catalogue implies, written from it. For every exercise the catalogue
//! lists, in its order:
//!
//! - its check crate's build script (`grader/checks/<name>/build.rs`, the same for all);
//! - in its three package manifests (exercise, solution, check crate): each package's name,
//!   its `description` from the exercise's number and title, and the check crate's
//!   dependencies on the exercise's crate, the harness and (to build) the catalogue; the rest of
//!   each manifest, the dependencies an exercise needs, is the maintainer's;
//! - the module that runs its lesson's Rust blocks (`lessons/src/readmes/<snake>.rs`), and its
//!   declaration in `pub mod readmes` of `lessons/src/lib.rs` (other modules there, such as
//!   `front_page`, are kept);
//! - its check crate's profile entry in the root `Cargo.toml` (line tables only: see the
//!   comment there);
//! - its solution's `--package` in `.cargo/mutants.toml`, where the course keeps that file.
//!
//! `dev check` compares each with what is there and names every file that differs, with
//! `dev sync` as the fix: so an edit by hand to a generated file, or a list that missed a new
//! exercise, is found.

use crate::engine::catalogue::Catalogue;
use anyhow::Context as _;
use std::fs;
use std::path::{Path, PathBuf};

/// What `dev check` says of a generated file that is not what `dev sync` writes.
pub const FIX: &str = "differs from what grader/catalogue.toml implies (edited by hand, or not yet written): run `cargo run -p grader -- dev sync`";

const BUILD_RS: &str = "// Written by `cargo run -p grader -- dev sync`: edit grader/catalogue.toml, not this file.\n// The check registry (`checks()` in main.rs) is generated from the catalogue.\nfn main() {\n    course_catalogue::registry::generate();\n}\n";

/// The profile every check crate gets (root `Cargo.toml`).
const CHECK_PROFILE: (&str, &str) = ("debug", "line-tables-only");

/// Each generated file, relative to the course, with the content the catalogue gives it (the
/// whole file, for those of which a part is generated).
pub fn generated(root: &Path, catalogue: &Catalogue) -> anyhow::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for (index, exercise) in catalogue.exercises.iter().enumerate() {
        let name = &exercise.name;
        let snake = name.replace('-', "_");
        files.push((
            format!("grader/checks/{name}/build.rs"),
            BUILD_RS.to_string(),
        ));
        files.push((
            format!("lessons/src/readmes/{snake}.rs"),
            format!(
                "#![doc = include_str!(\"../../../exercises/{name}/README.md\")]\n// Exercise {}'s lesson, `exercises/{name}/README.md`: its Rust blocks are this module's doctests.\n// The attribute stays on line 1, so that a failing doctest's line number is the README's.\n",
                index + 1
            ),
        ));
    }
    for (index, exercise) in catalogue.exercises.iter().enumerate() {
        let (number, name, title) = (index + 1, &exercise.name, &exercise.title);
        for (manifest, package) in [
            (
                format!("exercises/{name}/Cargo.toml"),
                Package {
                    name: name.clone(),
                    description: format!("Exercise {number}: {title}."),
                    under_test: None,
                },
            ),
            (
                format!("solutions/{name}/Cargo.toml"),
                Package {
                    name: format!("{name}-solution"),
                    description: format!("Reference solution of exercise {number}: {title}."),
                    under_test: None,
                },
            ),
            (
                format!("grader/checks/{name}/Cargo.toml"),
                Package {
                    name: format!("check-{name}"),
                    description: format!("The grader's checks of exercise {number} ({name}), run as a child process of the grader."),
                    under_test: Some(name),
                },
            ),
        ] {
            // a missing manifest is `dev check`'s to name
            if root.join(&manifest).is_file() {
                let text = read(root, &manifest)?;
                let written = with_package(&text, &package)
                    .with_context(|| format!("{manifest} is not a package manifest"))?;
                files.push((manifest, written));
            }
        }
    }
    let snakes: Vec<String> = catalogue
        .exercises
        .iter()
        .map(|exercise| exercise.name.replace('-', "_"))
        .collect();
    let lib = read(root, "lessons/src/lib.rs")?;
    let lib = with_readme_modules(&lib, &snakes)
        .context("lessons/src/lib.rs has no `pub mod readmes { ... }` block")?;
    files.push(("lessons/src/lib.rs".to_string(), lib));
    let manifest = read(root, "Cargo.toml")?;
    files.push((
        "Cargo.toml".to_string(),
        with_check_profiles(&manifest, catalogue)?,
    ));
    if root.join(".cargo/mutants.toml").is_file() {
        let mutants = read(root, ".cargo/mutants.toml")?;
        files.push((
            ".cargo/mutants.toml".to_string(),
            with_mutated_solutions(&mutants, catalogue)?,
        ));
    }
    Ok(files)
}

fn read(root: &Path, path: &str) -> anyhow::Result<String> {
    fs::read_to_string(root.join(path))
        .with_context(|| format!("cannot read {}", root.join(path).display()))
}

/// Writes every generated file that differs; returns those written.
pub fn sync(root: &Path, catalogue: &Catalogue) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (path, content) in generated(root, catalogue)? {
        let path = root.join(path);
        if fs::read_to_string(&path).ok().as_deref() == Some(content.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, content).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// The generated files that are not what `dev sync` writes.
pub fn stale(root: &Path, catalogue: &Catalogue) -> anyhow::Result<Vec<String>> {
    Ok(generated(root, catalogue)?
        .into_iter()
        .filter(|(path, content)| {
            fs::read_to_string(root.join(path)).ok().as_deref() != Some(content.as_str())
        })
        .map(|(path, _)| path)
        .collect())
}

/// `lib` with `pub mod readmes { ... }` declaring every module it declares now that is not an
/// exercise's, and each exercise's (`snakes`), in name order.
fn with_readme_modules(lib: &str, snakes: &[String]) -> Option<String> {
    let start = lib.find("pub mod readmes {")?;
    let end = start + lib[start..].find("\n}")?;
    let mut modules: Vec<String> = lib[start..end]
        .lines()
        .skip(1)
        .map(|line| line.trim().to_string())
        .filter(|line| !line.is_empty())
        .collect();
    modules.extend(snakes.iter().map(|snake| format!("pub mod {snake};")));
    modules.sort();
    modules.dedup();
    let block: String = modules.iter().map(|m| format!("\n    {m}")).collect();
    Some(format!(
        "{}pub mod readmes {{{block}{}",
        &lib[..start],
        &lib[end..]
    ))
}

/// What a package manifest holds that the catalogue implies: the package's name and
/// description and, for a check crate, the exercise's crate it checks (`under_test`), the
/// harness, and the build dependency that generates its registry.
struct Package<'a> {
    name: String,
    description: String,
    under_test: Option<&'a str>,
}

/// `manifest` with what `package` implies; the rest (other dependencies, lints, comments) as
/// it is, and the text unchanged where it already holds it.
fn with_package(manifest: &str, package: &Package) -> anyhow::Result<String> {
    use toml_edit::{value, InlineTable, Item, Table};
    let mut document: toml_edit::DocumentMut = manifest.parse()?;
    let table = document["package"]
        .as_table_mut()
        .context("no [package] table")?;
    for (key, want) in [
        ("name", &package.name),
        ("description", &package.description),
    ] {
        if table.get(key).and_then(Item::as_str) != Some(want.as_str()) {
            table[key] = value(want.as_str());
        }
    }
    let Some(exercise) = package.under_test else {
        return Ok(document.to_string());
    };
    // `name.workspace = true`, written as cargo's documentation writes it
    let from_workspace = |section: &mut Table, name: &str| {
        let set = section
            .get(name)
            .and_then(|item| item.get("workspace"))
            .and_then(Item::as_bool)
            == Some(true);
        if !set {
            let mut dotted = Table::new();
            dotted.set_dotted(true);
            dotted["workspace"] = value(true);
            section[name] = Item::Table(dotted);
        }
    };
    let dependencies = document
        .entry("dependencies")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_mut()
        .context("[dependencies] is not a table")?;
    from_workspace(dependencies, "check-harness");
    let path = format!("../../../exercises/{exercise}");
    if dependencies
        .get(exercise)
        .and_then(|item| item.get("path"))
        .and_then(Item::as_str)
        != Some(path.as_str())
    {
        let mut inline = InlineTable::new();
        inline.insert("path", path.into());
        dependencies[exercise] = value(inline);
    }
    let build = document
        .entry("build-dependencies")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_mut()
        .context("[build-dependencies] is not a table")?;
    from_workspace(build, "course-catalogue");
    Ok(document.to_string())
}

/// The root manifest with `[profile.dev.package.check-<name>]` for every exercise, and none
/// for a check crate the catalogue no longer lists.
fn with_check_profiles(manifest: &str, catalogue: &Catalogue) -> anyhow::Result<String> {
    let mut document: toml_edit::DocumentMut = manifest.parse().context("the root Cargo.toml")?;
    let packages = document["profile"]["dev"]["package"]
        .as_table_mut()
        .context("the root Cargo.toml has no [profile.dev.package.*] tables")?;
    let listed: Vec<String> = catalogue
        .exercises
        .iter()
        .map(|exercise| exercise.check_package())
        .collect();
    let stale: Vec<String> = packages
        .iter()
        .map(|(key, _)| key.to_string())
        .filter(|key| key.starts_with("check-") && key != "check-harness" && !listed.contains(key))
        .collect();
    for key in stale {
        packages.remove(&key);
    }
    for package in listed {
        let table = packages
            .entry(&package)
            .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()));
        let (key, value) = CHECK_PROFILE;
        if table.get(key).and_then(toml_edit::Item::as_str) != Some(value) {
            table[key] = toml_edit::value(value);
        }
    }
    Ok(document.to_string())
}

/// `.cargo/mutants.toml` with one `--package=<name>-solution` per exercise, in catalogue order,
/// where the first of them stood; its other arguments kept.
fn with_mutated_solutions(text: &str, catalogue: &Catalogue) -> anyhow::Result<String> {
    let mut document: toml_edit::DocumentMut = text.parse().context(".cargo/mutants.toml")?;
    let args = document["additional_cargo_args"]
        .as_array_mut()
        .context(".cargo/mutants.toml has no additional_cargo_args list")?;
    let is_solution = |value: &toml_edit::Value| {
        value
            .as_str()
            .is_some_and(|arg| arg.starts_with("--package=") && arg.ends_with("-solution"))
    };
    let first = args.iter().position(is_solution).unwrap_or(0);
    let decor = args
        .get(first)
        .map(|value| value.decor().clone())
        .unwrap_or_default();
    args.retain(|value| !is_solution(value));
    for (offset, exercise) in catalogue.exercises.iter().enumerate() {
        let mut value = toml_edit::Value::from(format!("--package={}-solution", exercise.name));
        *value.decor_mut() = decor.clone();
        args.insert_formatted(first + offset, value);
    }
    Ok(document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue(names: &[&str]) -> Catalogue {
        let text: String = names
            .iter()
            .map(|name| {
                format!(
                    "[[exercise]]\nname = \"{name}\"\ntitle = \"t\"\n[[exercise.check]]\nid = \"a_b\"\ntitle = \"t\"\npoints = 1\nvisibility = \"hidden\"\n"
                )
            })
            .collect();
        Catalogue::parse(&text).expect("a catalogue")
    }

    #[test]
    fn the_lists_follow_the_catalogue() {
        let manifest = "[profile.dev.package.\"*\"]\nopt-level = 3\n[profile.dev.package.check-harness]\nopt-level = 2\n[profile.dev.package.check-old]\ndebug = \"line-tables-only\"\n";
        let written = with_check_profiles(manifest, &catalogue(&["one", "two-x"])).expect("toml");
        assert!(!written.contains("check-old"), "{written}");
        assert!(written.contains("[profile.dev.package.check-harness]"));
        assert!(written.contains("[profile.dev.package.check-two-x]\ndebug = \"line-tables-only\""));
        // written twice, the same
        assert_eq!(
            with_check_profiles(&written, &catalogue(&["one", "two-x"])).expect("toml"),
            written
        );

        let mutants = "additional_cargo_args = [\n    \"--package=old-solution\",\n    \"--package=course-tests\",\n    \"--lib\",\n]\n";
        let written = with_mutated_solutions(mutants, &catalogue(&["one", "two-x"])).expect("toml");
        assert_eq!(
            written,
            "additional_cargo_args = [\n    \"--package=one-solution\",\n    \"--package=two-x-solution\",\n    \"--package=course-tests\",\n    \"--lib\",\n]\n"
        );

        // a check crate's manifest: what the catalogue implies is put in, the rest kept
        let check = Package {
            name: "check-two-x".into(),
            description: "d".into(),
            under_test: Some("two-x"),
        };
        let bare = "[package]\nname = \"old\"\n\n[dependencies]\nrand.workspace = true # kept\n";
        let written = with_package(bare, &check).expect("toml");
        assert_eq!(
            written,
            "[package]\nname = \"check-two-x\"\ndescription = \"d\"\n\n[dependencies]\nrand.workspace = true # kept\ncheck-harness.workspace = true\ntwo-x = { path = \"../../../exercises/two-x\" }\n\n[build-dependencies]\ncourse-catalogue.workspace = true\n"
        );
        assert_eq!(with_package(&written, &check).expect("toml"), written);

        let lib = "//! x\npub mod readmes {\n    pub mod front_page;\n    pub mod zeta;\n}\n";
        assert_eq!(
            with_readme_modules(lib, &["one".to_string(), "two_x".to_string()]).as_deref(),
            Some("//! x\npub mod readmes {\n    pub mod front_page;\n    pub mod one;\n    pub mod two_x;\n    pub mod zeta;\n}\n")
        );
    }
}
