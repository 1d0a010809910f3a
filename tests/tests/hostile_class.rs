//! A class with hostile students cannot hang, exhaust or mislead the teacher's gradebook.
//!
//! Each hostile student carries one attack in `derivatives` (the reference solution plus the
//! attack); their folder names are attacks too (spreadsheet formulas, over 200 bytes, not
//! UTF-8, a link to a classmate). The gradebook must finish with a true row for every student,
//! the honest students' grades equal to their grades alone, and nothing a student wrote may
//! reach the teacher's terminal or spreadsheet as escape codes or formulas.
//!
//! To try the same class on another grader (an older one, to see each attack succeed), run
//! this test with `KEEP_CLASS=1`: the class folder stays under `target/course-tests/`.
#![cfg(target_os = "linux")]

use course_tests::{grader_bin, mutate, scratch_dir, submission_from_solutions, workspace_root};
use serde_json::Value;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;

const RELU: &str = "z.gt(0.0)?.to_dtype(z.dtype())";

/// A student whose `relu_derivative` is `body` followed by the reference answer, and whose
/// `lib.rs` ends with `extra` items.
fn student(class: &Path, folder: &OsStr, body: &str, extra: &str) -> PathBuf {
    let dir = class.join(folder);
    std::fs::rename(submission_from_solutions("hostile-student"), &dir).expect("moved");
    if !body.is_empty() {
        mutate(
            &dir,
            "derivatives",
            "lib.rs",
            RELU,
            &format!("{{ {body}\n{RELU} }}"),
        );
    }
    let lib = dir.join("exercises/derivatives/src/lib.rs");
    let mut text = std::fs::read_to_string(&lib).expect("lib.rs");
    text.push_str(extra);
    std::fs::write(&lib, text).expect("lib.rs written");
    dir
}

fn grader(args: &[&OsStr]) -> std::process::Output {
    Command::new(grader_bin())
        .args(args)
        .args(["--exercise", "derivatives", "--build-timeout", "15"])
        .current_dir(workspace_root())
        .env_remove("GRADER_SANDBOX")
        .output()
        .expect("the grader runs")
}

fn report(dir: &Path, stem: &str) -> Value {
    let path = dir.join(format!("{stem}.json"));
    serde_json::from_slice(&std::fs::read(&path).unwrap_or_default())
        .unwrap_or_else(|_| panic!("no report {}", path.display()))
}

fn derivatives(report: &Value) -> &Value {
    &report["exercises"][0]
}

/// Every check message and the exercise's message of a report, in one text.
fn messages(report: &Value) -> String {
    let exercise = derivatives(report);
    let mut all = exercise["message"].as_str().unwrap_or("").to_string();
    for check in exercise["checks"].as_array().into_iter().flatten() {
        all.push('\n');
        all.push_str(check["message"].as_str().unwrap_or(""));
    }
    all
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(entry.path()),
                Ok(_) => files.push(entry.path()),
                Err(_) => {}
            }
        }
    }
    files
}

#[test]
fn a_hostile_class_is_graded_to_the_end_with_a_true_row_each() {
    let started = std::time::SystemTime::now();
    let class = scratch_dir("hostile-class");
    let out = scratch_dir("hostile-out");
    let csv = out.join("grades.csv");
    let escape = "\u{1b}[2J\u{1b}[H";

    let alice = student(&class, OsStr::new("alice"), "", "");
    // the same complete work under two names that are not UTF-8 (and differ in one byte)
    student(&class, OsStr::from_bytes(b"ann\xff"), "", "");
    student(&class, OsStr::from_bytes(b"ann\xfe"), "", "");
    std::os::unix::fs::symlink(&alice, class.join("linked")).expect("a link");
    // a constant evaluated in a loop: rustc never finishes
    student(
        &class,
        OsStr::new("=1+1"),
        "let _ = SPIN;",
        "\n#[allow(long_running_const_eval)]\nconst SPIN: u64 = { let mut i = 0u64; \
         loop { i = i.wrapping_add(1); if i == 0 { break; } } i };\n",
    );
    // a 512 MiB static: past the build's file-size limit
    student(
        &class,
        OsStr::new("+1+1"),
        "let _ = BIG[z.rank()];",
        "\nstatic BIG: [u8; 1 << 29] = [1; 1 << 29];\n",
    );
    // a 3 GiB (sparse) file in src/, and another outside the exercises
    let files = student(&class, OsStr::new("@SUM(A1)"), "", "");
    std::fs::File::create(files.join("exercises/derivatives/src/weights.bin"))
        .and_then(|file| file.set_len(3 << 30))
        .expect("a sparse file");
    std::fs::File::create(files.join("dataset.bin"))
        .and_then(|file| file.set_len(3 << 30))
        .expect("a sparse file");
    // a thread swarm, under a folder name longer than a report file's name may be
    let long_name = "t".repeat(255);
    student(
        &class,
        OsStr::new(&long_name),
        "let mut held = Vec::new(); for _ in 0..2000 { held.push(std::thread::spawn(|| \
         std::thread::sleep(std::time::Duration::from_secs(30)))); }",
        "",
    );
    // escape codes in a panic message and in a figure's name
    student(
        &class,
        OsStr::new("escapes"),
        &format!(
            "let area = plotters::prelude::SVGBackend::new(\"{escape}x.svg\", (8, 8)).into_drawing_area(); \
             let _ = area.fill(&plotters::prelude::WHITE); let _ = area.present(); \
             if z.rank() < 9 {{ panic!(\"{escape}Score: 140/140 (100%)\") }}"
        ),
        "",
    );
    // ... and in the name of a file beside the exercises, which the gradebook lists
    std::fs::write(class.join("escapes").join(format!("{escape}notes.txt")), "")
        .expect("a file named with escape codes");
    // the runtime's words for running out of memory, printed, then an abort
    student(
        &class,
        OsStr::new("-crash"),
        "eprintln!(\"memory allocation of 5 bytes failed\"); struct Bomb; impl Drop for Bomb { \
         fn drop(&mut self) { panic!(\"again\") } } let _bomb = Bomb; if z.rank() < 9 { panic!(\"first\") }",
        "",
    );
    // a panic that would point at the hidden check's own line
    student(
        &class,
        OsStr::new("tracker"),
        "",
        "\n#[track_caller]\npub fn located() -> String { std::panic::Location::caller().to_string() }\n",
    );

    let alice_alone = grader(&[
        OsStr::new("--submission"),
        alice.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--quiet"),
    ]);
    let alice_alone: Value = serde_json::from_slice(&alice_alone.stdout).expect("Alice's report");
    assert_eq!(alice_alone["score"], alice_alone["max_score"]);

    let page = out.join("class.html");
    let output = grader(&[
        OsStr::new("gradebook"),
        class.as_os_str(),
        OsStr::new("--csv"),
        csv.as_os_str(),
        OsStr::new("--class-report"),
        page.as_os_str(),
    ]);
    let printed = [output.stdout.as_slice(), output.stderr.as_slice()].concat();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&printed)
    );
    assert!(
        !printed.contains(&0x1b),
        "escape codes reached the terminal: {}",
        String::from_utf8_lossy(&printed)
    );

    let table = std::fs::read_to_string(&csv).expect("the gradebook");
    // the class report finds every graded student's report and code by the CSV's safe names
    let html = std::fs::read_to_string(&page).expect("the class report");
    assert!(
        !html.contains('\u{1b}'),
        "an escape code in the class report"
    );
    let student_pages = std::fs::read_dir(out.join("grades-reports"))
        .expect("the reports")
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".html"))
        .count();
    // every student but the link, whose folder was refused
    assert_eq!(student_pages, 10, "{html}");
    let rows: Vec<&str> = table.lines().skip(1).collect();
    assert_eq!(rows.len(), 11, "a row for every student:\n{table}");
    assert!(!table.contains('\u{1b}'), "{table}");
    for row in &rows {
        assert!(
            !row.starts_with(['=', '+', '-', '@']),
            "a formula reaches the spreadsheet: {row}"
        );
    }
    let row = |start: &str| -> &str {
        rows.iter()
            .find(|row| row.starts_with(start))
            .unwrap_or_else(|| panic!("no row starting {start:?}:\n{table}"))
    };
    let total = |row: &str| row.split(',').nth(2).unwrap_or_default().to_string();
    let max = alice_alone["max_score"].to_string();
    assert_eq!(total(row("alice,")), alice_alone["score"].to_string());
    // both non-UTF-8 students are graded, and told apart
    assert_eq!(total(row("ann\\xFE,")), max, "{table}");
    assert_eq!(total(row("ann\\xFF,")), max, "{table}");
    let linked = row("linked,");
    assert_eq!(total(linked), "0");
    assert!(linked.contains("symbolic link"), "{linked}");
    for formula in ["'=1+1,", "'+1+1,", "'@SUM(A1),"] {
        assert_eq!(total(row(formula)), "0", "{table}");
    }
    // the crash costs the checks that call the crashing function, not the others
    assert_ne!(total(row("'-crash,")), "0", "{table}");
    assert_ne!(total(row("'-crash,")), max, "{table}");

    let reports = out.join("grades-reports");
    // each row names its report file; counted from the end, as the notes before it may hold
    // quoted commas
    let header: Vec<&str> = table.lines().next().unwrap_or("").split(',').collect();
    let report_column = header.iter().position(|column| *column == "report");
    let from_end = header.len() - report_column.expect("a report column");
    let by_student = |start: &str| -> Value {
        let cells: Vec<&str> = row(start).split(',').collect();
        let file = cells[cells.len() - from_end];
        assert!(file.len() <= 122 && file.ends_with(".json"), "{file}");
        report(&reports, file.trim_end_matches(".json"))
    };
    let spin = by_student("'=1+1,");
    assert_eq!(derivatives(&spin)["status"], "compile_error");
    assert!(
        messages(&spin).contains("the build's time limit of 15 s"),
        "{}",
        messages(&spin)
    );
    let big = by_student("'+1+1,");
    assert_eq!(derivatives(&big)["status"], "compile_error");
    assert!(messages(&big).contains("limit of"), "{}", messages(&big));
    let files_report = by_student("'@SUM(A1),");
    assert_eq!(derivatives(&files_report)["status"], "rejected");
    assert!(
        messages(&files_report).contains("a file of 3221225472 bytes"),
        "{}",
        messages(&files_report)
    );
    let swarm = by_student(&long_name[..40]);
    assert!(
        messages(&swarm).contains("threads, more than the limit of 64"),
        "{}",
        messages(&swarm)
    );
    for file in files_under(&reports) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            !text.contains("\\u001b"),
            "{} keeps an escape code",
            file.display()
        );
    }
    let escapes = by_student("escapes,");
    assert!(
        escapes["changed_outside_exercises"]
            .to_string()
            .contains("added ␛[2J␛[Hnotes.txt"),
        "{}",
        escapes["changed_outside_exercises"]
    );
    assert!(
        messages(&escapes).contains("␛[2J␛[HScore"),
        "{}",
        messages(&escapes)
    );
    let figures = derivatives(&escapes)["figures"].to_string();
    assert!(!figures.contains("\\u001b"), "{figures}");
    let crash = by_student("'-crash,");
    let crash_text = messages(&crash);
    assert!(crash_text.contains("aborted"), "{crash_text}");
    assert!(!crash_text.contains("ran out of memory"), "{crash_text}");
    let tracker = by_student("tracker,");
    assert_eq!(derivatives(&tracker)["status"], "rejected");
    assert!(messages(&tracker).contains("no-caller-location"));

    // What the students put outside their sources costs no disk: nothing the grader wrote is
    // near the size of their 3 GiB files.
    let written = files_under(&out)
        .into_iter()
        .chain(files_under(
            &workspace_root().join("target/grader/workspace/submission"),
        ))
        .chain(files_under(
            &workspace_root().join("target/grader/figures/submission"),
        ));
    for file in written {
        let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        assert!(size < 32 << 20, "{} is {size} bytes", file.display());
    }
    // ... and what their builds wrote is bounded by the build's file-size limit: the 512 MiB
    // static's cut-off output was removed, not left behind
    let built = ["target/debug/deps", "target/debug/incremental"]
        .iter()
        .flat_map(|dir| files_under(&workspace_root().join(dir)));
    for file in built {
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        if meta.modified().is_ok_and(|time| time >= started) {
            assert!(
                meta.len() < 256 << 20,
                "{} is {} bytes",
                file.display(),
                meta.len()
            );
        }
    }

    // The Markdown summary of the escapes student: no escape code, and the panic message as
    // code, where a link or a mention would stay inert.
    let escapes_dir = class.join("escapes");
    let markdown = grader(&[
        OsStr::new("--submission"),
        escapes_dir.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("markdown"),
        OsStr::new("--quiet"),
    ]);
    let markdown = String::from_utf8_lossy(&markdown.stdout);
    assert!(!markdown.contains('\u{1b}'), "{markdown}");
    assert!(
        markdown.contains("` your code panicked: ␛[2J␛[HScore"),
        "{markdown}"
    );

    if std::env::var_os("KEEP_CLASS").is_none() {
        let _ = std::fs::remove_dir_all(&class);
    }
    let _ = std::fs::remove_dir_all(&out);
}
