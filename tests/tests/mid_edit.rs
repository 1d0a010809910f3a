//! A file in the middle of an edit gets the compiler's own message, not a policy refusal: the
//! policy stands between a student and rustc only where it must (see `grader/src/engine/policy.rs`,
//! rule `lexes-as-rust`).

use course_tests::{course_copy, put_sources, run_grader, scratch_dir, workspace_root};

/// The stub of `derivatives` with its last closing brace deleted: an unbalanced bracket.
#[test]
fn an_unbalanced_bracket_is_a_compile_error_with_rustcs_message_in_every_format() {
    let dir = scratch_dir("mid-edit");
    put_sources(&dir, "exercises");
    let lib = dir.join("exercises/derivatives/src/lib.rs");
    let text = std::fs::read_to_string(&lib).expect("the stub");
    let cut = text.rfind('}').expect("a closing brace");
    std::fs::write(&lib, format!("{}{}", &text[..cut], &text[cut + 1..])).expect("edited");
    let dir = dir.to_string_lossy().to_string();
    let shown = format!("{dir}/exercises/derivatives/src/lib.rs:");

    let json = run_grader(&["--submission", &dir, "--exercise", "derivatives"]);
    let exercise = json.exercise("derivatives");
    assert_eq!(exercise["status"], "compile_error", "{}", json.stdout);
    let message = exercise["message"].as_str().unwrap_or("");
    assert!(message.contains("unclosed delimiter"), "{message}");
    assert!(message.contains(&shown), "{message}");
    assert!(!message.contains("lexes-as-rust"), "{message}");

    for format in ["text", "junit", "markdown"] {
        let graded = run_grader(&[
            "--submission",
            &dir,
            "--exercise",
            "derivatives",
            "--quiet",
            "--format",
            format,
        ]);
        assert_eq!(graded.code, 1, "{format}: {}", graded.stderr);
        assert!(
            graded.stdout.contains("unclosed delimiter") && graded.stdout.contains(&shown),
            "{format}:\n{}",
            graded.stdout
        );
        assert!(!graded.stdout.contains("lexes-as-rust"), "{format}");
    }
}

/// Sources that rustc builds but the policy cannot read (brackets nested deeper than it reads)
/// are refused all the same: a build that succeeds is never run unchecked.
#[test]
fn sources_the_policy_cannot_read_are_refused_when_they_build() {
    let dir = scratch_dir("unreadable");
    put_sources(&dir, "solutions");
    let lib = dir.join("exercises/derivatives/src/lib.rs");
    let mut text = std::fs::read_to_string(&lib).expect("the solution");
    text.push_str(&format!(
        "\npub const DEEP: i32 = {}1{};\n",
        "(".repeat(130),
        ")".repeat(130)
    ));
    std::fs::write(&lib, text).expect("written");
    let dir = dir.to_string_lossy().to_string();
    let graded = run_grader(&["--submission", &dir, "--exercise", "derivatives"]);
    let exercise = graded.exercise("derivatives");
    assert_eq!(exercise["status"], "rejected", "{}", graded.stdout);
    let message = exercise["message"].as_str().unwrap_or("");
    assert!(message.contains("lexes-as-rust"), "{message}");
    assert_eq!(exercise["score"], 0);
}

/// A panic names the file the student edits: `exercises/derivatives/src/lib.rs:N` in their own
/// course (the grading workspace's copy is `exercises/exercises/...`, which was shown before).
#[test]
fn a_panic_names_the_students_own_file() {
    let course = course_copy("panic-path");
    let lib = course.join("exercises/derivatives/src/lib.rs");
    let solution =
        std::fs::read_to_string(workspace_root().join("solutions/derivatives/src/lib.rs"))
            .expect("the solution");
    let relu = "z.gt(0.0)?.to_dtype(z.dtype())";
    assert_eq!(solution.matches(relu).count(), 1);
    std::fs::write(&lib, solution.replace(relu, "panic!(\"halfway\")")).expect("written");
    let graded = run_grader(&[
        "--course",
        course.to_str().expect("UTF-8"),
        "--exercise",
        "derivatives",
    ]);
    let checks = graded.exercise("derivatives")["checks"].to_string();
    assert!(
        checks.contains("your code panicked: halfway at exercises/derivatives/src/lib.rs:"),
        "{checks}"
    );
    assert!(!checks.contains("exercises/exercises"), "{checks}");
}
