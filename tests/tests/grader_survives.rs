//! The grader survives whatever a student's crate does, grades every other exercise, and never
//! counts any of it as a pass. Each fixture is the reference solution of `derivatives` with one
//! change; the submission's other exercises are the reference solutions, and one of them is
//! graded alongside to show it is unaffected.

use course_tests::{
    exercises, mutate, put_sources, run_grader, scratch_dir, submission_from_solutions, Graded,
};

const RELU: &str = "z.gt(0.0)?.to_dtype(z.dtype())";

/// Another exercise graded in the same run, when the course has one besides `derivatives`.
fn bystander() -> Option<String> {
    exercises().into_iter().find(|name| name != "derivatives")
}

/// Grades a submission whose `relu_derivative` body is `body`, with `extra` grader arguments.
fn grade_relu_body(body: &str, extra: &[&str]) -> Graded {
    let dir = submission_from_solutions("survives");
    mutate(&dir, "derivatives", "lib.rs", RELU, body);
    let dir = dir.to_string_lossy().to_string();
    let mut args = vec!["--submission", dir.as_str(), "--exercise", "derivatives"];
    let other = bystander();
    if let Some(other) = &other {
        args.extend(["--exercise", other.as_str()]);
    }
    args.extend(extra);
    let graded = run_grader(&args);
    assert_eq!(
        graded.code, 1,
        "never a pass:\n{}\n{}",
        graded.stdout, graded.stderr
    );
    if let Some(other) = &other {
        let report = graded.exercise(other);
        assert_eq!(
            report["score"], report["max_score"],
            "{other} is unaffected: {report}"
        );
    }
    // checks that never call relu_derivative still pass: the rest of the exercise is graded
    assert_eq!(graded.status("derivatives", "sigmoid_basics"), "pass");
    assert_eq!(graded.status("derivatives", "tanh_random"), "pass");
    graded
}

fn message(graded: &Graded, check: &str) -> String {
    graded.exercise("derivatives")["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|c| c["id"] == check))
        .map(|c| c["message"].as_str().unwrap_or("").to_string())
        .unwrap_or_default()
}

#[test]
fn a_panic_is_an_error_with_its_message() {
    let graded = grade_relu_body("panic!(\"the student's own panic\")", &[]);
    assert_eq!(graded.status("derivatives", "relu_basics"), "error");
    assert!(message(&graded, "relu_basics").contains("the student's own panic"));
}

#[test]
fn an_abort_is_an_error_and_the_next_checks_still_run() {
    // A panic while panicking aborts the process (`std::process::abort` itself is refused by
    // the submission policy, tests/tests/submission_policy.rs).
    let graded = grade_relu_body(
        "{ struct Bomb; impl Drop for Bomb { fn drop(&mut self) { panic!(\"again\") } } let _bomb = Bomb; panic!(\"first\") }",
        &[],
    );
    assert_eq!(graded.status("derivatives", "relu_basics"), "error");
    assert!(
        message(&graded, "relu_basics").contains("aborted: a panic while panicking"),
        "{}",
        message(&graded, "relu_basics")
    );
    assert_eq!(graded.status("derivatives", "relu_random"), "error");
}

#[test]
fn a_stack_overflow_is_an_error_that_says_so() {
    let graded = grade_relu_body(
        "fn down(n: u64) -> u64 { if n == u64::MAX { 0 } else { down(n + 1) + 1 } }\n    \
         let depth = down(std::hint::black_box(0));\n    z.affine(depth as f64, 0.0)",
        &[],
    );
    assert_eq!(graded.status("derivatives", "relu_basics"), "error");
    assert!(message(&graded, "relu_basics").contains("overflowed its stack"));
}

#[test]
fn an_infinite_loop_times_out() {
    let graded = grade_relu_body(
        "loop {\n        std::hint::spin_loop();\n    }",
        &["--timeout", "2"],
    );
    assert_eq!(graded.status("derivatives", "relu_basics"), "timeout");
    assert!(
        message(&graded, "relu_basics").contains("2 s"),
        "{}",
        message(&graded, "relu_basics")
    );
    // the limit is per check: every check that calls the looping function times out, the
    // others (asserted in `grade_relu_body`) still pass
    assert_eq!(graded.status("derivatives", "relu_random"), "timeout");
}

#[test]
fn unbounded_memory_is_an_error() {
    let graded = grade_relu_body(
        "let mut hoard: Vec<Vec<u8>> = Vec::new();\n    loop {\n        hoard.push(vec![1u8; 1 << 24]);\n    }",
        &["--memory-limit", "512"],
    );
    assert_eq!(graded.status("derivatives", "relu_basics"), "error");
    assert!(
        message(&graded, "relu_basics").contains("memory"),
        "{}",
        message(&graded, "relu_basics")
    );
}

#[test]
fn printed_fake_results_are_ignored() {
    let fake = r#"{"event":"finished","id":"relu_basics","outcome":"pass","message":""}"#;
    let body = format!(
        "println!(\"{{}}\", r#\"{fake}\"#);\n    \
         eprintln!(\"{{}}\", r#\"{fake}\"#);\n    \
         println!(\"PASS relu_basics 2/2 Score: 24/24 (100%)\");\n    todo!()"
    );
    let graded = grade_relu_body(&body, &[]);
    assert_eq!(
        graded.status("derivatives", "relu_basics"),
        "not_implemented"
    );
    assert_eq!(
        graded.status("derivatives", "relu_random"),
        "not_implemented"
    );
}

#[test]
fn nan_never_passes() {
    let graded = grade_relu_body("z.affine(f64::NAN, 0.0)", &[]);
    assert_eq!(graded.status("derivatives", "relu_basics"), "fail");
    assert!(message(&graded, "relu_basics").contains("NaN"));
    assert_eq!(graded.status("derivatives", "relu_random"), "fail");
}

/// The formats CI shows a student (JUnit, Markdown, Gradescope, Classroom), written beside the
/// JSON report by the same grading of `args` with `--report`: (format, file contents).
fn grade_with_ci_reports(args: &[&str]) -> (Graded, Vec<(&'static str, String)>) {
    let out = scratch_dir("ci-reports");
    let formats = ["junit", "markdown", "gradescope", "classroom"];
    let flags: Vec<String> = formats
        .iter()
        .map(|format| format!("{format}={}", out.join(format).display()))
        .collect();
    let mut args = args.to_vec();
    for flag in &flags {
        args.extend(["--report", flag.as_str()]);
    }
    let graded = run_grader(&args);
    let reports = formats
        .iter()
        .map(|format| {
            let text = std::fs::read_to_string(out.join(format))
                .unwrap_or_else(|err| panic!("the {format} report: {err}\n{}", graded.stderr));
            (*format, text)
        })
        .collect();
    (graded, reports)
}

#[test]
fn a_compile_error_names_the_file_and_line() {
    let dir = submission_from_solutions("compile-error");
    mutate(
        &dir,
        "derivatives",
        "lib.rs",
        RELU,
        "let broken: u32 = \"text\";\n    todo!()",
    );
    let path = dir.to_string_lossy().to_string();
    let mut args = vec!["--submission", path.as_str(), "--exercise", "derivatives"];
    let other = bystander();
    if let Some(other) = &other {
        args.extend(["--exercise", other.as_str()]);
    }
    let (graded, ci_reports) = grade_with_ci_reports(&args);
    assert_eq!(graded.code, 1);
    let report = graded.exercise("derivatives");
    assert_eq!(report["status"], "compile_error");
    assert_eq!(report["score"], 0);
    let message = report["message"].as_str().unwrap_or("");
    assert!(
        message.contains("exercises/derivatives/src/lib.rs:14"),
        "{message}"
    );
    assert!(message.contains("mismatched types"), "{message}");
    // a student in CI reads one of these, never the text report
    for (format, text) in &ci_reports {
        assert!(
            text.contains("exercises/derivatives/src/lib.rs:14")
                && text.contains("mismatched types"),
            "the {format} report has no file, line and rustc message:\n{text}"
        );
    }
    for (_, status) in graded.statuses("derivatives") {
        assert_eq!(status, "compile_error");
    }
    if let Some(other) = &other {
        let report = graded.exercise(other);
        assert_eq!(
            report["score"], report["max_score"],
            "{other} is unaffected"
        );
    }
}

#[test]
fn a_changed_signature_is_reported_as_such() {
    let dir = submission_from_solutions("signature");
    mutate(
        &dir,
        "derivatives",
        "lib.rs",
        "pub fn tanh_derivative(z: &Tensor) -> Result<Tensor> {",
        "pub fn tanh_derivative(z: Tensor) -> Result<Tensor> {\n    let z = &z;",
    );
    let path = dir.to_string_lossy().to_string();
    let graded = run_grader(&["--submission", &path, "--exercise", "derivatives"]);
    let report = graded.exercise("derivatives");
    assert_eq!(report["status"], "compile_error");
    assert!(
        report["message"]
            .as_str()
            .unwrap_or("")
            .contains("signature"),
        "{report}"
    );
}

#[test]
fn a_submission_one_folder_too_deep_is_missing_in_every_format() {
    let dir = scratch_dir("too-deep");
    // a zip of the course's folder rather than of its contents
    put_sources(&dir.join("course"), "solutions");
    let path = dir.to_string_lossy().to_string();
    let (graded, ci_reports) = grade_with_ci_reports(&["--submission", &path]);
    assert_eq!(graded.code, 1);
    for exercise in exercises() {
        let message = graded.exercise(&exercise)["message"]
            .as_str()
            .unwrap_or("")
            .to_string();
        assert!(
            message.contains("missing") && message.contains("one folder too deep"),
            "{exercise}: {message}"
        );
    }
    for (format, text) in &ci_reports {
        assert!(
            text.contains("missing") && text.contains("one folder too deep"),
            "the {format} report does not say the exercises are missing, nor why:\n{text}"
        );
    }
}

#[test]
fn a_missing_exercise_is_reported_and_the_others_graded() {
    let dir = submission_from_solutions("missing");
    std::fs::remove_dir_all(dir.join("exercises/derivatives")).expect("removed");
    let path = dir.to_string_lossy().to_string();
    let graded = run_grader(&["--submission", &path]);
    assert_eq!(graded.code, 1);
    let report = graded.exercise("derivatives");
    assert_eq!(report["status"], "compile_error");
    assert!(
        report["message"].as_str().unwrap_or("").contains("missing"),
        "{report}"
    );
    for other in exercises().iter().filter(|name| *name != "derivatives") {
        let report = graded.exercise(other);
        assert_eq!(
            report["score"], report["max_score"],
            "{other} is unaffected"
        );
    }
}

/// In a container or CI runner whose session leader lives outside the process's PID namespace,
/// the kernel reports the session id as 0. The grader once asked rustix for it, which panics on
/// 0 in a debug build: every check "could not run". This grades the reference solutions in such
/// a namespace: this very process's, when its own session is already 0 (as on the course's CI
/// runner), else a new one made by `unshare` (unprivileged user namespaces). A machine with
/// neither says so and stops.
#[cfg(target_os = "linux")]
#[test]
fn grading_works_where_the_session_leader_is_outside_the_pid_namespace() {
    use std::process::Command;
    let session_of = |stat: &str| {
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(3).map(str::to_string))
    };
    let own = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    let mut command = if session_of(&own).as_deref() == Some("0") {
        Command::new(course_tests::grader_bin())
    } else {
        let probe = Command::new("unshare")
            .args(["-rpf", "--mount-proc", "cat", "/proc/self/stat"])
            .output();
        let made = match &probe {
            Ok(out) if out.status.success() => {
                session_of(&String::from_utf8_lossy(&out.stdout)).as_deref() == Some("0")
            }
            _ => false,
        };
        if !made {
            eprintln!(
                "not run: no PID namespace with session 0 here, nor a way to make one: {probe:?}"
            );
            return;
        }
        let mut command = Command::new("unshare");
        command
            .args(["-rpf", "--mount-proc"])
            .arg(course_tests::grader_bin());
        command
    };
    let dir = submission_from_solutions("pid-namespace");
    let output = command
        .current_dir(course_tests::workspace_root())
        .args(["--quiet", "--format", "json", "--exercise", "derivatives"])
        .arg("--submission")
        .arg(&dir)
        .env_remove("GRADER_SANDBOX")
        .output()
        .expect("the grader runs");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let graded = Graded {
        code: output.status.code().unwrap_or(-1),
        json: serde_json::from_str(&stdout).unwrap_or_default(),
        stdout,
        stderr: String::from_utf8_lossy(&output.stderr).to_string(),
    };
    assert_eq!(graded.code, 0, "{}\n{}", graded.stdout, graded.stderr);
    let report = graded.exercise("derivatives");
    assert_eq!(report["score"], report["max_score"], "{report}");
}

/// candle's own `todo!()` (an operation it lacks, such as `sin` on a u32 tensor) is not the
/// student's unfinished stub: it is an error that names candle's message and the likely cause.
#[test]
fn a_todo_inside_candle_is_an_error_naming_it() {
    let graded = grade_relu_body(
        "z.to_dtype(candle_core::DType::U32)?.sin()?.to_dtype(z.dtype())",
        &[],
    );
    assert_eq!(graded.status("derivatives", "relu_basics"), "error");
    let said = message(&graded, "relu_basics");
    assert!(said.contains("no unary function for u32"), "{said}");
    assert!(!said.contains("still has its `todo!()`"), "{said}");
}
