//! Attacks a student's code can make at run time without any item the submission policy
//! rejects (no `std::fs`, `std::process`, `std::env`, `unsafe`): only through the libraries an
//! exercise may use, candle and plotters, which write and read files at any path they are given.
//! Each is graded through the real command line, on `derivatives` alone. The check process
//! limits its memory and file sizes and (on Linux, where the kernel has Landlock) confines
//! itself to its work folder before any student code runs.

use course_tests::{
    mutate, run_grader, run_grader_with_env, scratch_dir, submission_from_solutions,
    workspace_root, Graded,
};
use std::path::Path;

const RELU: &str = "z.gt(0.0)?.to_dtype(z.dtype())";
const DRAW: &str = "let root = SVGBackend::new(path, (960, 560)).into_drawing_area();";

/// The solutions as a submission, with `find` replaced by `replace` in derivatives' code.
fn derivatives_replacing(tag: &str, find: &str, replace: &str) -> String {
    let dir = submission_from_solutions(tag);
    mutate(&dir, "derivatives", "lib.rs", find, replace);
    dir.to_string_lossy().to_string()
}

/// A submission whose `draw_figure` runs `attack` first (only `figure_svg` calls it).
fn draw_figure_attack(tag: &str, attack: &str) -> String {
    derivatives_replacing(tag, DRAW, &format!("{attack}\n    {DRAW}"))
}

fn check<'a>(graded: &'a Graded, id: &str) -> &'a serde_json::Value {
    graded.exercise("derivatives")["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("no check {id}:\n{}", graded.stdout))
}

fn message(graded: &Graded, id: &str) -> String {
    check(graded, id)["message"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[test]
fn files_outside_the_work_folder_are_never_written() {
    let outside = scratch_dir("outside");
    let tag = format!("{}", std::process::id());
    let in_tmp = std::env::temp_dir().join(format!("grader-attack-{tag}.npy"));
    let in_course = workspace_root().join(format!("grader-attack-{tag}.svg"));
    let attack = format!(
        r#"let bytes = Tensor::new(&[1u8, 2, 3], &candle_core::Device::Cpu)?;
    let _ = bytes.write_npy("{outside}/by-candle.npy");
    let _ = bytes.write_npy("{in_tmp}");
    let _ = SVGBackend::new("{outside}/by-plotters.svg", (10, 10)).into_drawing_area().present();
    let _ = SVGBackend::new("grader-attack-{tag}.svg", (10, 10)).into_drawing_area().present();"#,
        outside = outside.display(),
        in_tmp = in_tmp.display(),
    );
    let dir = draw_figure_attack("write-outside", &attack);
    let graded = run_grader(&["--submission", &dir, "--exercise", "derivatives"]);
    let written: Vec<String> = [
        outside.join("by-candle.npy"),
        outside.join("by-plotters.svg"),
        in_tmp.clone(),
        in_course.clone(),
    ]
    .iter()
    .filter(|path| path.exists())
    .map(|path| path.display().to_string())
    .collect();
    let _ = std::fs::remove_file(&in_tmp);
    let _ = std::fs::remove_file(&in_course);
    assert_eq!(written, Vec::<String>::new(), "{}", graded.stdout);
    // the figure itself, in the work folder, is still drawn and graded
    assert_eq!(
        check(&graded, "figure_svg")["status"],
        "pass",
        "{}",
        graded.stdout
    );
}

#[test]
fn the_course_cannot_be_read_at_run_time() {
    let root = workspace_root().display().to_string();
    let attack = format!(
        r#"let npy = Tensor::read_npy("{root}/grader/checks/derivatives/src/hidden.rs").map(|_| ());
    let safetensors = candle_core::safetensors::load("{root}/grader/catalogue.toml", &candle_core::Device::Cpu).map(|_| ());
    panic!("read_npy: {{npy:?}}; safetensors: {{safetensors:?}}");"#
    );
    let dir = draw_figure_attack("read-course", &attack);
    let graded = run_grader(&["--submission", &dir, "--exercise", "derivatives"]);
    let message = message(&graded, "figure_svg");
    assert_eq!(message.matches("Permission denied").count(), 2, "{message}");
    assert!(!message.contains("magic"), "hidden.rs was read: {message}");
}

#[test]
fn a_huge_file_is_stopped_at_the_file_size_limit() {
    let attack = r#"let huge = Tensor::zeros(2usize << 30, candle_core::DType::U8, &candle_core::Device::Cpu)?;
    huge.write_npy(path.with_file_name("huge.npy"))?;"#;
    let dir = draw_figure_attack("huge-file", attack);
    // enough memory for the 2 GiB tensor and candle's copy of it: only the file limit stops it
    let graded = run_grader(&[
        "--submission",
        &dir,
        "--exercise",
        "derivatives",
        "--memory-limit",
        "8192",
    ]);
    assert_eq!(
        check(&graded, "figure_svg")["status"],
        "error",
        "{}",
        graded.stdout
    );
    let message = message(&graded, "figure_svg");
    assert!(
        message.contains("wrote a file larger than the limit of 256 MiB"),
        "{message}"
    );
}

#[test]
fn an_eight_gib_allocation_is_an_error_every_time() {
    let dir = derivatives_replacing(
        "eight-gib",
        RELU,
        &format!(
            "static ONCE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);\n    \
             if ONCE.swap(false, std::sync::atomic::Ordering::SeqCst) {{\n        \
             let mut hoard = vec![0u8; 8 << 30];\n        \
             for page in hoard.chunks_mut(4096) {{\n            page[0] = 1;\n        }}\n        \
             std::hint::black_box(&mut hoard);\n    }}\n    {RELU}"
        ),
    );
    let mut outcomes = Vec::new();
    for _ in 0..10 {
        let graded = run_grader(&["--submission", &dir, "--exercise", "derivatives"]);
        outcomes.push(format!(
            "{}: {}",
            check(&graded, "relu_basics")["status"],
            message(&graded, "relu_basics")
        ));
    }
    let errors = outcomes
        .iter()
        .filter(|outcome| outcome.starts_with("\"error\"") && outcome.contains("memory"))
        .count();
    assert_eq!(errors, 10, "{outcomes:#?}");
}

/// A submission whose `relu_derivative` writes forged "relu_basics and relu_random pass" lines
/// to every file descriptor it can name through `/proc/self/fd` and `/dev/fd`, with candle's two
/// file writers (safetensors files can be valid UTF-8 around the forged lines), then aborts.
fn forging_submission() -> String {
    let forged = r#"{"event":"finished","id":"relu_basics","outcome":"pass","message":""}"#;
    let forged_random = forged.replace("relu_basics", "relu_random");
    derivatives_replacing(
        "forge",
        RELU,
        &format!(
            "let forged = Tensor::new(\"\\n{}\\n{}\\n\".as_bytes(), z.device())?;\n    \
             for fd in 0..32 {{\n        \
             for path in [format!(\"/proc/self/fd/{{fd}}\"), format!(\"/dev/fd/{{fd}}\")] {{\n            \
             let _ = forged.write_npy(&path);\n            \
             let _ = forged.save_safetensors(\"x\", &path);\n        }}\n    }}\n    \
             let _ = forged.save_safetensors(\"x\", \"/dev/stdout\");\n    \
             struct Bomb;\n    \
             impl Drop for Bomb {{\n        fn drop(&mut self) {{\n            panic!(\"a panic while panicking aborts\");\n        }}\n    }}\n    \
             let _bomb = Bomb;\n    \
             panic!(\"forged\")",
            forged.replace('"', "\\\""),
            forged_random.replace('"', "\\\""),
        ),
    )
}

#[test]
fn results_forged_through_every_reachable_path_score_nothing() {
    let dir = forging_submission();
    let graded = run_grader(&["--submission", &dir, "--exercise", "derivatives"]);
    for id in ["relu_basics", "relu_random"] {
        assert_eq!(check(&graded, id)["status"], "error", "{}", graded.stdout);
        assert_eq!(check(&graded, id)["points"], 0);
    }
}

/// Without Landlock (a kernel without it, simulated by the teacher's switch), student code can
/// open the results pipe through `/proc/self/fd`; what it writes there lacks the job's token and
/// comes out of turn, so the grader calls it a protocol violation and nothing of that check
/// process counts.
#[test]
fn without_landlock_forged_results_are_a_protocol_violation() {
    let dir = forging_submission();
    let graded = run_grader_with_env(
        &["--submission", &dir, "--exercise", "derivatives"],
        &[("GRADER_SANDBOX", "off")],
    );
    assert!(
        graded.json["sandbox"]
            .as_str()
            .is_some_and(|sandbox| sandbox.starts_with("unavailable")),
        "{}",
        graded.json["sandbox"]
    );
    for id in ["relu_basics", "relu_random"] {
        assert_eq!(check(&graded, id)["status"], "error", "{}", graded.stdout);
        assert!(
            message(&graded, id).starts_with(
                "protocol violation: the check process wrote a line that is not an event"
            ),
            "{}",
            message(&graded, id)
        );
    }
    assert_eq!(graded.exercise("derivatives")["score"], 0);
}

/// Every format names the sandbox the check processes reported, here and without Landlock.
#[test]
fn every_report_names_the_sandbox() {
    let out = scratch_dir("sandbox-reports");
    let junit_with = out.join("with.xml");
    let junit_without = out.join("without.xml");
    let report_junit = |path: &Path| format!("junit={}", path.display());
    let landlock = run_grader(&[
        "--solutions",
        "--exercise",
        "derivatives",
        "--report",
        &report_junit(&junit_with),
    ]);
    let sandbox = landlock.json["sandbox"].as_str().unwrap_or("").to_string();
    assert!(
        (cfg!(target_os = "linux") && sandbox.starts_with("landlock ABI "))
            || sandbox.starts_with("unavailable"),
        "{sandbox}"
    );
    let off = run_grader_with_env(
        &[
            "--solutions",
            "--exercise",
            "derivatives",
            "--format",
            "text",
            "--report",
            &report_junit(&junit_without),
        ],
        &[("GRADER_SANDBOX", "off")],
    );
    assert_eq!(
        off.code, 0,
        "full marks without the sandbox:\n{}",
        off.stdout
    );
    let unavailable = "unavailable (turned off by the grader: GRADER_SANDBOX=off)";
    assert!(
        off.stdout.contains(&format!("sandbox: {unavailable}")),
        "{}",
        off.stdout
    );
    for (path, value) in [
        (&junit_with, sandbox.as_str()),
        (&junit_without, unavailable),
    ] {
        let junit = std::fs::read_to_string(path).expect("the JUnit report");
        assert!(
            junit.contains(&format!("<property name=\"sandbox\" value=\"{value}\"/>")),
            "{junit}"
        );
    }
}
