//! Attacks on the grade that go through the student's sources, graded through the real CLI:
//! compiling in files from outside `src/` (paths, macros, symbolic links at every level),
//! reading the hidden checks at compile time, and reaching the machine. Each is the reference
//! solution of `derivatives` with one change, which would otherwise score full marks; each must
//! be `rejected` with 0 points and a message naming the place and the rule.

use course_tests::{mutate, run_grader, submission_from_solutions, workspace_root, Graded};
use std::path::Path;

const RELU: &str = "z.gt(0.0)?.to_dtype(z.dtype())";

fn grade(dir: &Path) -> Graded {
    let dir = dir.to_string_lossy().to_string();
    run_grader(&["--submission", &dir, "--exercise", "derivatives"])
}

/// The exercise is rejected, scores 0, and its message contains every one of `expected`.
fn assert_rejected(graded: &Graded, expected: &[&str]) {
    assert_eq!(graded.code, 1, "{}\n{}", graded.stdout, graded.stderr);
    let report = graded.exercise("derivatives");
    assert_eq!(report["status"], "rejected", "{report}");
    assert_eq!(report["score"], 0, "{report}");
    let message = report["message"].as_str().unwrap_or_default();
    for part in expected {
        assert!(message.contains(part), "{part:?} not in: {message}");
    }
    for check in report["checks"].as_array().into_iter().flatten() {
        assert_eq!(check["status"], "rejected", "{check}");
    }
}

/// The solution's `relu_derivative` body replaced by `body`, with `before` put above it all.
fn rejected_with(before: &str, body: &str, expected: &[&str]) {
    let dir = submission_from_solutions("policy");
    let lib = dir.join("exercises/derivatives/src/lib.rs");
    let text = std::fs::read_to_string(&lib).expect("the solution's lib.rs");
    std::fs::write(&lib, format!("{before}{text}")).expect("writable");
    mutate(&dir, "derivatives", "lib.rs", RELU, body);
    assert_rejected(&grade(&dir), expected);
}

#[test]
fn compiling_in_the_reference_solution_by_path_is_rejected() {
    let absolute = workspace_root().join("solutions/derivatives/src/lib.rs");
    let absolute = format!(
        "#[path = {:?}]\nmod reference;\n",
        absolute.display().to_string()
    );
    rejected_with(&absolute, RELU, &["lib.rs:1", "no-path-attribute"]);
    let relative =
        "#[path = \"../../../../../../solutions/derivatives/src/lib.rs\"]\nmod reference;\n";
    rejected_with(relative, RELU, &["lib.rs:1", "no-path-attribute"]);
    // inside cfg_attr, on line 3
    let hidden = "\n\n#[cfg_attr(all(), path = \"/etc/hostname\")]\nmod reference;\n";
    rejected_with(hidden, RELU, &["lib.rs:3", "no-path-attribute"]);
}

#[test]
fn reading_the_hidden_checks_at_compile_time_is_rejected() {
    let hidden = workspace_root().join("grader/checks/derivatives/src/hidden.rs");
    let body = format!(
        "panic!(\"{{}}\", include_str!({:?}))",
        hidden.display().to_string()
    );
    rejected_with("", &body, &["no-include"]);
    // ... also through a macro of the student's own, and through env!
    let smuggled = "macro_rules! text { ($p:expr) => { include_str!($p) } }\n";
    rejected_with(
        smuggled,
        "panic!(\"{}\", text!(\"hidden.rs\"))",
        &["lib.rs:1", "no-macro-rules"],
    );
    rejected_with(
        "",
        "panic!(\"{}\", env!(\"CARGO_MANIFEST_DIR\"))",
        &["no-env-macro"],
    );
}

#[test]
fn reaching_the_machine_is_rejected_with_file_line_and_rule() {
    for (body, rule) in [
        ("{ std::process::exit(0) }", "no-system-module"),
        // a background process, detached or holding the check's stdout (the supervisor's own
        // defences against such processes are tested with fake check programs, in
        // grader/src/engine/supervise/tests.rs)
        (
            "{ let _ = std::process::Command::new(\"setsid\").args([\"sleep\", \"600\"]).spawn(); todo!() }",
            "no-system-module",
        ),
        (
            "{ use std::process::{Command, Stdio}; let _ = Command::new(\"sleep\").arg(\"600\").stdout(Stdio::inherit()).spawn(); todo!() }",
            "no-system-module",
        ),
        (
            "{ let _ = ::std::fs::read(\"/etc/hostname\"); todo!() }",
            "no-system-module",
        ),
        (
            "{ use std::{env, io}; let _ = env::vars(); todo!() }",
            "no-system-module",
        ),
        ("{ use std as s; s::process::abort() }", "no-std-alias"),
        ("unsafe { std::hint::unreachable_unchecked() }", "no-unsafe"),
    ] {
        rejected_with("", body, &[rule, "lib.rs:"]);
    }
    rejected_with(
        "extern crate std as s;\n",
        RELU,
        &["lib.rs:1", "no-extern-crate"],
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_at_every_level_are_rejected_and_named() {
    use std::os::unix::fs::symlink;
    let solution_src = workspace_root().join("solutions/derivatives/src");
    // a file inside src/
    let dir = submission_from_solutions("links");
    let src = dir.join("exercises/derivatives/src");
    std::fs::write(
        src.join("lib.rs"),
        "mod reference;\npub use reference::*;\n",
    )
    .expect("w");
    symlink(solution_src.join("lib.rs"), src.join("reference.rs")).expect("a link");
    assert_rejected(&grade(&dir), &["src/reference.rs is a symbolic link"]);
    // src/lib.rs itself
    let dir = submission_from_solutions("links");
    let lib = dir.join("exercises/derivatives/src/lib.rs");
    std::fs::remove_file(&lib).expect("removable");
    symlink(solution_src.join("lib.rs"), &lib).expect("a link");
    assert_rejected(&grade(&dir), &["src/lib.rs is a symbolic link"]);
    // src/
    let dir = submission_from_solutions("links");
    let src = dir.join("exercises/derivatives/src");
    std::fs::remove_dir_all(&src).expect("removable");
    symlink(&solution_src, &src).expect("a link");
    assert_rejected(&grade(&dir), &["derivatives/src is a symbolic link"]);
    // the exercise's folder, and the exercises/ folder
    let dir = submission_from_solutions("links");
    let exercise = dir.join("exercises/derivatives");
    std::fs::remove_dir_all(&exercise).expect("removable");
    symlink(workspace_root().join("solutions/derivatives"), &exercise).expect("a link");
    assert_rejected(&grade(&dir), &["exercises/derivatives/ is a symbolic link"]);
    let dir = submission_from_solutions("links");
    std::fs::rename(dir.join("exercises"), dir.join("real")).expect("movable");
    symlink(dir.join("real"), dir.join("exercises")).expect("a link");
    assert_rejected(&grade(&dir), &["exercises is a symbolic link"]);
}

#[test]
fn test_only_code_may_use_the_machine() {
    // the solutions' own unit tests use std::fs under #[cfg(test)]; a submission may too
    let dir = submission_from_solutions("cfg-test");
    let lib = dir.join("exercises/derivatives/src/lib.rs");
    let text = std::fs::read_to_string(&lib).expect("the solution's lib.rs");
    let test_only = "\n#[cfg(test)]\nmod scratch {\n    #[test]\n    fn reads() {\n        let _ = std::fs::read(\"/etc/hostname\");\n    }\n}\n";
    std::fs::write(&lib, format!("{text}{test_only}")).expect("writable");
    let graded = grade(&dir);
    assert_eq!(graded.code, 0, "{}\n{}", graded.stdout, graded.stderr);
    // ... but not under any other cfg
    let widened = test_only.replace("cfg(test)", "cfg(any(test, unix, windows))");
    std::fs::write(&lib, format!("{text}{widened}")).expect("writable");
    assert_rejected(&grade(&dir), &["no-system-module"]);
}
