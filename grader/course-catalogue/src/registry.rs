//! The check registry of a check crate, generated at compile time from the catalogue.
//!
//! Each check crate's `build.rs` is `fn main() { course_catalogue::registry::generate() }`: it
//! writes `$OUT_DIR/checks.rs`, a `checks()` function that lists the exercise's checks in the
//! catalogue's order, each run by the function of the same name in `src/visible.rs` or
//! `src/hidden.rs` by its visibility, and sets `cfg(hidden_checks)` when the catalogue has hidden
//! checks, so that `mod hidden` exists only then (the student version lists none, and has no
//! `hidden.rs`). A catalogue entry without its function, or in the wrong file, is a compile
//! error that names the entry; so is a parameter a check's code reads that its entry does not
//! give ([`crate::params`]).

use crate::{Catalogue, Exercise, Visibility};
use std::fmt::Write as _;
use std::path::PathBuf;

/// The build script of a check crate: see the module's documentation. Panics (failing the
/// build with the message) when the catalogue cannot be read or lacks the exercise.
pub fn generate() {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("cargo sets {name}"));
    let crate_dir = PathBuf::from(var("CARGO_MANIFEST_DIR"));
    let package = var("CARGO_PKG_NAME");
    let out_dir = PathBuf::from(var("OUT_DIR"));
    // grader/checks/<exercise> -> grader/catalogue.toml
    let catalogue_path = crate_dir.join("../../catalogue.toml");
    println!("cargo::rerun-if-changed={}", catalogue_path.display());
    // the checks' functions and the parameters they read are found in all of `src`
    println!("cargo::rerun-if-changed=src");
    println!("cargo::rustc-check-cfg=cfg(hidden_checks)");
    let text = std::fs::read_to_string(&catalogue_path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", catalogue_path.display()));
    let catalogue = Catalogue::parse(&text)
        .unwrap_or_else(|err| panic!("grader/catalogue.toml is malformed: {err:#}"));
    let Some(name) = package.strip_prefix("check-") else {
        panic!("a check crate's package is named `check-<exercise>`, not `{package}`");
    };
    let Some(exercise) = catalogue.exercise(name) else {
        panic!(
            "grader/catalogue.toml has no exercise `{name}`: add its [[exercise]] entry, or remove grader/checks/{name}"
        );
    };
    if exercise.checks_of(Visibility::Hidden).next().is_some() {
        println!("cargo::rustc-cfg=hidden_checks");
    }
    // the crate's own sources and the harness's, for the parameters each check reads
    let harness = crate_dir.join("../../harness/src");
    println!("cargo::rerun-if-changed={}", harness.display());
    let reads = crate::params::Reads::of(&crate::params::sources_under(&[
        crate_dir.join("src"),
        harness,
    ]));
    let code = registry(exercise, &reads, &|module| {
        std::fs::read_to_string(crate_dir.join("src").join(format!("{module}.rs"))).ok()
    });
    let path = out_dir.join("checks.rs");
    std::fs::write(&path, code)
        .unwrap_or_else(|err| panic!("cannot write {}: {err}", path.display()));
}

/// The text of `checks.rs` for `exercise`, the check program's `checks()` and `main`; `reads` are the parameters its code reads (one the
/// catalogue entry lacks is a `compile_error!` naming the entry); `source` gives the text of a
/// module of the crate (`visible`, `hidden`), or `None` when the file does not exist.
pub fn registry(
    exercise: &Exercise,
    reads: &crate::params::Reads,
    source: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut code = format!(
        "// Generated from grader/catalogue.toml (exercise `{}`) by course_catalogue::registry: do not edit.\n\
         /// The exercise's checks, in the catalogue's order.\n\
         pub fn checks() -> Vec<check_harness::Check> {{\n    vec![\n",
        exercise.name
    );
    for check in &exercise.checks {
        let module = check.visibility.module();
        let visibility = match check.visibility {
            Visibility::Visible => "Visible",
            Visibility::Hidden => "Hidden",
        };
        let defined = source(module).is_some_and(|text| defines(&text, &check.id));
        if defined {
            let _ = writeln!(
                code,
                "        check_harness::Check {{ id: {id:?}, visibility: check_harness::Visibility::{visibility}, run: {module}::{id} }},",
                id = check.id
            );
        } else {
            let message = format!(
                "grader/catalogue.toml, exercise `{exercise}`, check `{id}` ({module}): grader/checks/{exercise}/src/{module}.rs has no `pub(crate) fn {id}(ctx: &Context) -> CheckResult`. Write it there, or correct the entry's id or visibility.",
                exercise = exercise.name,
                id = check.id
            );
            let _ = writeln!(code, "        compile_error!({message:?}),");
        }
    }
    for (check, param) in crate::params::missing(exercise, reads) {
        let message = crate::params::message(&exercise.name, &check, &param);
        let _ = writeln!(code, "        compile_error!({message:?}),");
    }
    code.push_str("    ]\n}\n");
    // The check program's entry point: every check crate's is this one line.
    code.push_str(
        "\n/// Runs the checks the grader asks for (`check_harness::main`).\n\
         fn main() -> std::process::ExitCode {\n    check_harness::main(&checks())\n}\n",
    );
    code
}

/// Whether `text` defines a function `name` (`fn name(` or `fn name<`), as far as a textual
/// look can tell; the compiler checks the rest.
pub fn defines(text: &str, name: &str) -> bool {
    ["(", "<"]
        .iter()
        .any(|open| text.contains(&format!("fn {name}{open}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CheckSpec;

    fn exercise() -> Exercise {
        let check = |id: &str, visibility| CheckSpec {
            id: id.to_string(),
            title: String::new(),
            points: 1,
            visibility,
            params: Default::default(),
        };
        Exercise {
            name: "ex".to_string(),
            title: String::new(),
            hints: Vec::new(),
            contract_hint: None,
            checks: vec![
                check("seen", Visibility::Visible),
                check("unseen", Visibility::Hidden),
            ],
            withheld_checks: 0,
            withheld_points: 0,
        }
    }

    #[test]
    fn each_check_is_run_by_its_function_in_its_visibilitys_module() {
        let code = registry(&exercise(), &crate::params::Reads::default(), &|module| {
            Some(match module {
                "visible" => "pub fn seen(ctx: &Context) -> CheckResult { Ok(()) }".to_string(),
                _ => "pub(crate) fn unseen(ctx: &Context) -> CheckResult { Ok(()) }".to_string(),
            })
        });
        assert!(
            code.contains(
                "id: \"seen\", visibility: check_harness::Visibility::Visible, run: visible::seen"
            ),
            "{code}"
        );
        assert!(code.contains("id: \"unseen\", visibility: check_harness::Visibility::Hidden, run: hidden::unseen"), "{code}");
        assert!(!code.contains("compile_error"), "{code}");
    }

    #[test]
    fn a_missing_function_is_a_compile_error_naming_the_entry() {
        // `unseen` is written in the visible module: the catalogue says hidden
        let code = registry(&exercise(), &crate::params::Reads::default(), &|module| {
            (module == "visible")
                .then(|| "fn seen(ctx: &Context) -> CheckResult {}\nfn unseen(ctx: &Context) -> CheckResult {}".to_string())
        });
        assert!(code.contains("run: visible::seen"), "{code}");
        assert!(
            code.contains("compile_error!(\"grader/catalogue.toml, exercise `ex`, check `unseen` (hidden): grader/checks/ex/src/hidden.rs has no"),
            "{code}"
        );
    }

    #[test]
    fn a_longer_name_is_not_the_function() {
        assert!(defines("fn seen(", "seen"));
        assert!(defines("fn seen<T>(", "seen"));
        assert!(!defines("fn seen_twice(", "seen"));
        assert!(!defines("fn unseen(", "seen"));
    }
}
