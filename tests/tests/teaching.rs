//! The teacher's side: the student version (handout), grading a class (gradebook), and the
//! script every CI template runs.

use course_catalogue::{Catalogue, Visibility};
use course_tests::{
    copy_tree, exercises, git, grader_bin, put_sources, run_grader, run_ok, scratch_dir,
    seed_target, submission_from_solutions, workspace_root,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every file under `dir` (relative path, content), build output left out.
fn files_under(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).expect("readable").flatten() {
            let path = entry.path();
            if path.file_name().is_some_and(|name| name == "target") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside").to_path_buf();
                files.push((
                    relative,
                    String::from_utf8_lossy(&fs::read(&path).expect("readable")).to_string(),
                ));
            }
        }
    }
    files
}

fn write_handout(tag: &str) -> PathBuf {
    write_handout_with(tag, &[])
}

/// [`write_handout`] with more arguments to `handout` (`--guidance contracts`).
fn write_handout_with(tag: &str, extra: &[&str]) -> PathBuf {
    let dir = scratch_dir(tag).join("handout");
    run_ok(
        Command::new(grader_bin())
            .args(["handout", dir.to_str().expect("a UTF-8 path")])
            .args(extra),
    );
    dir
}

/// The catalogue's hidden check ids.
fn hidden_ids() -> Vec<String> {
    course_tests::catalogue()
        .exercises
        .iter()
        .flat_map(|exercise| exercise.checks_of(Visibility::Hidden))
        .map(|check| check.id.clone())
        .collect()
}

/// The lines of the solutions that the stubs replace by `todo!()`: the answers.
fn solution_body_lines() -> BTreeSet<String> {
    let mut lines = BTreeSet::new();
    for exercise in exercises() {
        let src = workspace_root()
            .join("solutions")
            .join(&exercise)
            .join("src");
        for (_, text) in files_under(&src) {
            lines.extend(course_catalogue::stubs::answer_lines(&text));
        }
    }
    lines
}

#[test]
fn the_handout_has_no_solution_and_no_hidden_check() {
    let handout = write_handout("handout-content");
    assert!(!handout.join("solutions").exists());
    assert!(
        !handout.join("tests").exists(),
        "the workspace's own tests grade the solutions"
    );
    assert!(
        !handout.join("docs/maintainers").exists() && !handout.join(".cargo/mutants.toml").exists(),
        "what the checks miss is the maintainers' business"
    );
    assert!(handout.join("exercises/derivatives/src/lib.rs").exists());
    assert!(handout.join("exercises/derivatives/README.md").exists());
    // the stubs as handed out, for `grader reset` (no solutions to derive them from)
    for exercise in course_tests::exercises() {
        let stub = format!("exercises/{exercise}/src/lib.rs");
        assert_eq!(
            fs::read(
                handout
                    .join("grader/stubs")
                    .join(&stub["exercises/".len()..])
            )
            .ok(),
            fs::read(handout.join(&stub)).ok(),
            "{exercise}"
        );
    }
    assert!(handout.join("README.md").exists());
    let files = files_under(&handout);
    let hidden = hidden_ids();
    assert!(!hidden.is_empty());
    let answers = solution_body_lines();
    assert!(answers.len() > 20, "the solutions have answers to look for");
    for (path, text) in &files {
        for id in &hidden {
            assert!(
                !text.contains(id.as_str()),
                "{} names the hidden check {id}",
                path.display()
            );
        }
        for answer in &answers {
            assert!(
                !text.contains(answer.as_str()),
                "{} holds a solution line: {answer}",
                path.display()
            );
        }
    }
    for exercise in exercises() {
        let hidden_rs = handout.join(format!("grader/checks/{exercise}/src/hidden.rs"));
        assert!(!hidden_rs.exists(), "{}", hidden_rs.display());
        let hidden_dir = handout.join(format!("grader/checks/{exercise}/src/hidden"));
        assert!(!hidden_dir.exists(), "{}", hidden_dir.display());
    }
    // the check crates hold no answer the visible checks do not print: linear-collapse's
    // visible checks use written-down values, not the collapse and the measure themselves
    for (path, text) in &files {
        if path.starts_with("grader/checks") {
            for answer in ["fn collapse(", "fn nonlinearity(", "fn collapsed_matches("] {
                assert!(!text.contains(answer), "{} holds {answer}", path.display());
            }
        }
    }
    // the reference training answers tanh-swap's `train`: teacher-only
    let reference = fs::read_to_string(handout.join("grader/lesson-reference/src/lib.rs"))
        .expect("the teacher-only crate's stand-in");
    assert!(!reference.contains("fn "), "{reference}");
    // the teacher's catalogue is the student's plus the withheld counts
    let catalogue = Catalogue::load(&handout).expect("the student's catalogue loads");
    for exercise in &catalogue.exercises {
        assert!(exercise.withheld_checks > 0, "{}", exercise.name);
        for check in &exercise.checks {
            assert_eq!(check.visibility, Visibility::Visible);
        }
    }
}

#[test]
fn the_handout_refuses_a_non_empty_folder_unless_forced() {
    let dir = scratch_dir("handout-refuses");
    fs::write(dir.join("notes.txt"), "a student's notes").expect("written");
    let path = dir.to_string_lossy().to_string();
    let refused = run_grader(&["handout", &path]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("not empty"), "{}", refused.stderr);
    assert!(!dir.join("README.md").exists(), "nothing written");
    let forced = run_grader(&["handout", &path, "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(
        fs::read_to_string(dir.join("notes.txt")).expect("kept"),
        "a student's notes"
    );
    assert!(dir.join("README.md").exists());
}

/// The handout works on its own: its grader grades the visible checks and says what the
/// teacher adds, and its test command passes. It is built in a target directory of its own:
/// sharing this workspace's would let its same-named crates overwrite ours (cargo tells local
/// crates apart by their path inside the workspace, and both workspaces have the same paths).
#[test]
fn the_handout_builds_grades_and_tests_on_its_own() {
    let handout = write_handout("handout-works");
    let target = workspace_root().join("target").join("handout-build");
    seed_target(&target);
    let lock_as_handed_out = fs::read(handout.join("Cargo.lock")).expect("a lock file");
    // The student version is the students' starting repository (README, "Hand out the student
    // version"); what follows must leave its `git status` clean.
    git(&handout, &["init", "-q"]);
    git(&handout, &["add", "-A"]);
    git(&handout, &["commit", "-q", "-m", "the student version"]);
    let run = |args: &[&str]| {
        Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .current_dir(&handout)
            .env("CARGO_TARGET_DIR", &target)
            .args(args)
            .output()
            .expect("cargo runs")
    };
    let graded = run(&[
        "run", "-q", "-p", "grader", "--", "--quiet", "--format", "json",
    ]);
    assert_eq!(
        graded.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&graded.stderr)
    );
    let report: Value = serde_json::from_slice(&graded.stdout).expect("a JSON report");
    assert_eq!(report["score"], 0);
    for exercise in report["exercises"].as_array().expect("exercises") {
        assert!(exercise["withheld_checks"].as_u64().unwrap_or(0) > 0);
        for check in exercise["checks"].as_array().expect("checks") {
            assert_eq!(check["status"], "not_implemented");
            assert_eq!(check["visibility"], "visible");
        }
    }
    let text = run(&["run", "-q", "-p", "grader", "--", "--quiet"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("your teacher's grading adds"), "{text}");
    // no solutions here: one line that says so, not a report of nothing
    let solutions = run(&["run", "-q", "-p", "grader", "--", "--solutions"]);
    assert_eq!(solutions.status.code(), Some(2));
    let said = String::from_utf8_lossy(&solutions.stderr);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("it is the student version"), "{said}");
    assert!(solutions.stdout.is_empty());
    // The README's HTML report goes under target/, which a student's own build has made (this
    // one builds in a target folder elsewhere).
    fs::create_dir_all(handout.join("target")).expect("a target folder");
    let html = run(&[
        "run",
        "-q",
        "-p",
        "grader",
        "--",
        "--quiet",
        "--format",
        "html",
        "--output",
        "target/report.html",
    ]);
    assert!(
        handout.join("target/report.html").is_file(),
        "{}",
        String::from_utf8_lossy(&html.stderr)
    );
    // After the grader's build, no command the student version's pages tell a student to run
    // compiles a crate of candle again (tests/tests/build_graph.rs says why one would, and what
    // prevents it); one it cannot build must be marked as the teacher's copy's.
    every_documented_command_reuses_the_graders_build(&handout, &target);
    // not quiet: `-q` would hide cargo's own warnings (e.g. a profile override for a package
    // the student version does not have)
    let tested = run(&["test"]);
    assert!(
        tested.status.success(),
        "`cargo test` in the handout:\n{}\n{}",
        String::from_utf8_lossy(&tested.stdout),
        String::from_utf8_lossy(&tested.stderr)
    );
    let stderr = String::from_utf8_lossy(&tested.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
    // building, grading and testing leave the student's `git status` clean: the lock file is
    // the one handed out, and the report is under the ignored target/
    assert!(
        fs::read(handout.join("Cargo.lock")).expect("a lock file") == lock_as_handed_out,
        "cargo changed the student version's Cargo.lock"
    );
    let status = git(&handout, &["status", "--porcelain", "--ignored=no"]);
    assert!(
        status.is_empty(),
        "`git status` in the student version:\n{status}"
    );
}

/// Builds every command the pages of the course at `root` name (`documented_commands`), after
/// the grader's build in `target`: none compiles a crate of candle's graph, nor a registry
/// crate an earlier command compiled (a dev-dependency such as `approx` is compiled once, by
/// the first command that needs it); one that does not build is one the page marks as the
/// teacher's copy's.
pub(crate) fn every_documented_command_reuses_the_graders_build(root: &Path, target: &Path) {
    let commands = course_tests::documented_commands(root);
    assert!(
        commands
            .iter()
            .any(|c| c.build.starts_with(&["test".to_string()])),
        "{commands:?}"
    );
    let tree = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(root)
        .args([
            "tree",
            "-e",
            "normal,build",
            "-p",
            "candle-nn",
            "--prefix",
            "none",
        ])
        .args(["-f", "{p}"])
        .output()
        .expect("cargo tree runs");
    let candle: BTreeSet<String> = String::from_utf8_lossy(&tree.stdout)
        .lines()
        .map(|line| line.trim_end_matches(" (*)").trim().to_string())
        .collect();
    assert!(
        candle.iter().any(|p| p.starts_with("candle-core ")),
        "{candle:?}"
    );
    let mut built = BTreeSet::new();
    let mut compiled: BTreeSet<String> = BTreeSet::new();
    for command in &commands {
        if !built.insert(command.build.clone()) {
            continue;
        }
        let (ok, registry, output) = course_tests::build_documented(root, target, command);
        if !ok {
            assert!(
                command.teachers_copy,
                "`{}` is documented but `cargo {}` fails in {}:\n{output}",
                command.written,
                command.build.join(" "),
                root.display()
            );
            continue;
        }
        for line in registry {
            let crate_ = line.trim_start_matches("Compiling ").to_string();
            assert!(
                !candle.contains(&crate_) && compiled.insert(crate_.clone()),
                "`{}` (cargo {}) compiled {crate_} again",
                command.written,
                command.build.join(" ")
            );
        }
    }
}

/// A student's returned copy: the handout with the student's exercise sources.
fn returned_copy(handout: &Path, class: &Path, student: &str, sources: &str) -> PathBuf {
    let dir = class.join(student);
    copy_tree(handout, &dir);
    put_sources(&dir, sources);
    dir
}

/// Alice returns the solutions, Bob the stubs, Carol the solutions with `relu_derivative`
/// renamed (so that `derivatives` does not build); returns Carol's folder.
fn three_students(handout: &Path, class: &Path) -> PathBuf {
    returned_copy(handout, class, "alice", "solutions");
    returned_copy(handout, class, "bob", "exercises");
    let carol = returned_copy(handout, class, "carol", "solutions");
    let lib = carol.join("exercises/derivatives/src/lib.rs");
    let text = fs::read_to_string(&lib).expect("readable");
    fs::write(
        &lib,
        text.replacen(
            "pub fn relu_derivative",
            "pub fn relu_derivative_renamed",
            1,
        ),
    )
    .expect("written");
    carol
}

#[test]
fn the_gradebook_has_a_row_for_every_student() {
    let handout = write_handout("gradebook-handout");
    let class = scratch_dir("gradebook-class");
    let carol = three_students(&handout, &class);
    fs::write(
        carol.join("grader/catalogue.toml"),
        "# carol gave herself every point\n",
    )
    .expect("written");
    let last = exercises().last().cloned().expect("an exercise");
    fs::remove_dir_all(carol.join("exercises").join(&last)).expect("removed");
    let dave = returned_copy(&handout, &class, "dave", "solutions");
    fs::remove_dir_all(dave.join("exercises").join(&last).join("src")).expect("removed");

    let out = scratch_dir("gradebook-out");
    let csv = out.join("grades.csv");
    run_ok(Command::new(grader_bin()).args([
        "gradebook",
        class.to_str().expect("UTF-8"),
        "--csv",
        csv.to_str().expect("UTF-8"),
        "--quiet",
    ]));
    let table = fs::read_to_string(&csv).expect("the gradebook");
    let rows: Vec<Vec<String>> = table
        .lines()
        .map(|line| line.split(',').map(str::to_string).collect())
        .collect();
    let header = &rows[0];
    assert_eq!(header[0], "student");
    assert_eq!(&header[1..=exercises().len()], exercises().as_slice());
    let total = header
        .iter()
        .position(|h| h == "total")
        .expect("a total column");
    let max = header
        .iter()
        .position(|h| h == "max")
        .expect("a max column");
    let by_student = |name: &str| {
        rows.iter()
            .find(|row| row[0] == name)
            .cloned()
            .expect("a row")
    };
    let alice = by_student("alice");
    assert_eq!(
        alice[total], alice[max],
        "the reference scores full marks: {table}"
    );
    assert_eq!(by_student("bob")[total], "0", "{table}");
    // the last column: the sandbox the check processes reported for that student
    assert_eq!(
        header.last().map(String::as_str),
        Some("sandbox"),
        "{table}"
    );
    let sandbox = alice.last().cloned().unwrap_or_default();
    assert!(
        sandbox.starts_with("landlock ABI ") || sandbox.starts_with("unavailable"),
        "{table}"
    );
    let carol_row = table
        .lines()
        .find(|line| line.starts_with("carol"))
        .expect("carol's row");
    assert!(
        carol_row.contains("derivatives: compile_error"),
        "{carol_row}"
    );
    assert!(
        carol_row.contains(&format!("{last}: compile_error")),
        "{carol_row}"
    );
    assert!(
        carol_row.contains("modified grader/catalogue.toml"),
        "{carol_row}"
    );
    let dave_total: u32 = by_student("dave")[total].parse().expect("a number");
    let alice_total: u32 = alice[total].parse().expect("a number");
    assert!(
        dave_total > 0 && dave_total < alice_total,
        "dave's other exercises still count: {table}"
    );
    for student in ["alice", "bob", "carol", "dave"] {
        let report = out.join("grades-reports").join(format!("{student}.json"));
        let report: Value =
            serde_json::from_slice(&fs::read(&report).expect("a report")).expect("JSON");
        assert_eq!(report["schema_version"], 2);
    }
    // the CSV summarises; the JSON report keeps every change
    let carol: Value = serde_json::from_slice(
        &fs::read(out.join("grades-reports/carol.json")).expect("carol's report"),
    )
    .expect("JSON");
    let changes = carol["changed_outside_exercises"]
        .as_array()
        .expect("the list");
    assert!(changes
        .iter()
        .any(|c| c == "modified grader/catalogue.toml"));
    assert!(
        changes
            .iter()
            .filter(|c| c.as_str().is_some_and(|c| c.starts_with("deleted ")))
            .count()
            > 1
    );
    assert!(
        !alice[alice.len() - 1].contains("modified"),
        "alice changed nothing: {table}"
    );
}

#[test]
fn the_ci_script_writes_every_report_and_never_the_secret_seed() {
    let submission = submission_from_solutions("ci-script");
    let out = scratch_dir("ci-script-out");
    let output = Command::new(workspace_root().join("teaching/grade-submission.sh"))
        .args([workspace_root(), submission.as_path(), out.as_path()])
        .env("GRADER_SEED", "918273645")
        .output()
        .expect("the script runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value =
        serde_json::from_slice(&fs::read(out.join("report.json")).expect("json")).expect("valid");
    // the reports CI publishes reach the student: the teacher's seed is in none of them
    assert_eq!(report["seed"], Value::Null);
    for file in fs::read_dir(&out).expect("the reports").flatten() {
        let text = fs::read_to_string(file.path()).expect("a text report");
        assert!(
            !text.contains("918273645"),
            "{} shows the secret seed",
            file.path().display()
        );
    }
    assert_eq!(report["score"], report["max_score"]);
    assert!(fs::read_to_string(out.join("report.xml"))
        .expect("junit")
        .contains("<testsuites"));
    assert!(fs::read_to_string(out.join("summary.md"))
        .expect("markdown")
        .contains("grade:"));
    let classroom: Value =
        serde_json::from_slice(&fs::read(out.join("classroom.json")).expect("classroom"))
            .expect("valid");
    assert_eq!(classroom["version"], 1);
    assert_eq!(classroom["max_score"], report["max_score"]);
    let gradescope: Value =
        serde_json::from_slice(&fs::read(out.join("results.json")).expect("gradescope"))
            .expect("valid");
    assert_eq!(gradescope["score"], report["score"]);
    let usage = Command::new(workspace_root().join("teaching/grade-submission.sh"))
        .output()
        .expect("runs");
    assert_eq!(usage.status.code(), Some(2));
    // the other templates run teaching/class/ and teaching/student/ (tests/tests/ci_templates.rs)
    let text = fs::read_to_string(workspace_root().join("teaching/gradescope/run_autograder"))
        .expect("the template exists");
    assert!(
        text.contains("teaching/grade-submission.sh"),
        "Gradescope runs the tested script"
    );
}

/// `value` without the `duration_ms` fields: the one thing two gradings of the same work differ in.
fn without_durations(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("duration_ms");
            map.values_mut().for_each(without_durations);
        }
        Value::Array(items) => items.iter_mut().for_each(without_durations),
        _ => {}
    }
}

/// The reports in a gradebook's reports folder: file name -> JSON without durations.
fn reports_in(dir: &Path) -> Vec<(String, Value)> {
    let mut reports: Vec<(String, Value)> = fs::read_dir(dir)
        .expect("a reports folder")
        .flatten()
        .map(|entry| {
            let mut json: Value =
                serde_json::from_slice(&fs::read(entry.path()).expect("readable")).expect("JSON");
            without_durations(&mut json);
            (entry.file_name().to_string_lossy().to_string(), json)
        })
        .collect();
    reports.sort_by(|a, b| a.0.cmp(&b.0));
    reports
}

/// A class graded in three shards (`gradebook --shard I/3`) and merged (`gradebook-merge`) is the
/// class graded at once: the same CSV, byte for byte, and the same reports (but for the time each
/// check took). A student on the roster without a submission has a row in both; a merge with a
/// shard missing is refused and writes nothing.
#[test]
fn sharded_gradebooks_merge_into_the_unsharded_one() {
    let handout = write_handout("shard-handout");
    let class = scratch_dir("shard-class");
    three_students(&handout, &class);
    let dave = returned_copy(&handout, &class, "dave", "solutions");
    fs::write(dave.join("grader/catalogue.toml"), "# all mine\n").expect("written");
    let out = scratch_dir("shard-out");
    let roster = out.join("roster.txt");
    fs::write(
        &roster,
        "# the class\nhttps://example.org/course/alice.git\nhttps://example.org/course/bob\n\
         https://example.org/course/carol-repo carol\nhttps://example.org/course/dave\n\
         https://example.org/course/erin\n",
    )
    .expect("written");
    // graded as on a kernel without Landlock (GRADER_SANDBOX=off), so that the CSV's sandbox
    // column is seen to say so; the other gradebook tests run with the sandbox
    let gradebook = |csv: &Path, shard: Option<&str>| {
        let mut command = Command::new(grader_bin());
        command.env("GRADER_SANDBOX", "off").args([
            "gradebook",
            class.to_str().expect("UTF-8"),
            "--roster",
            roster.to_str().expect("UTF-8"),
            "--csv",
            csv.to_str().expect("UTF-8"),
            "--exercise",
            "derivatives",
            "--seed",
            "4242",
            "--quiet",
        ]);
        if let Some(shard) = shard {
            command.args(["--shard", shard]);
        }
        let output = command.output().expect("the grader runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    fs::create_dir_all(out.join("whole")).expect("a folder");
    let whole = out.join("whole/grades.csv");
    gradebook(&whole, None);
    let mut shards = Vec::new();
    for index in 1..=3 {
        let dir = out.join(format!("shard-{index}"));
        fs::create_dir_all(&dir).expect("a folder");
        let csv = dir.join("grades.csv");
        gradebook(&csv, Some(&format!("{index}/3")));
        shards.push(csv);
    }
    // the rule: sorted names alice bob carol dave erin; shard 2/3 takes the 2nd and the 5th
    let second = fs::read_to_string(&shards[1]).expect("shard 2");
    let names: Vec<&str> = second
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap_or(""))
        .collect();
    assert_eq!(names, ["bob", "erin"], "{second}");

    fs::create_dir_all(out.join("merged")).expect("a folder");
    let merged = out.join("merged/grades.csv");
    let merge = |inputs: &[&PathBuf]| {
        Command::new(grader_bin())
            .arg("gradebook-merge")
            .arg("--csv")
            .arg(&merged)
            .args(inputs)
            .output()
            .expect("the grader runs")
    };
    let refused = merge(&[&shards[0], &shards[2]]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("shard 2/3 is missing"), "{stderr}");
    assert!(!merged.exists(), "nothing written");

    let done = merge(&[&shards[2], &shards[0], &shards[1]]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let whole_csv = fs::read_to_string(&whole).expect("the whole class");
    assert_eq!(
        fs::read_to_string(&merged).expect("merged"),
        whole_csv,
        "the merged gradebook is the unsharded one"
    );
    assert_eq!(whole_csv.lines().count(), 6, "{whole_csv}");
    let row = |name: &str| {
        whole_csv
            .lines()
            .find(|line| line.starts_with(&format!("{name},")))
            .unwrap_or_else(|| panic!("{name} has a row: {whole_csv}"))
    };
    let erin = row("erin");
    assert!(erin.contains("no submission"), "{erin}");
    let alice = row("alice");
    assert!(
        alice.ends_with(",unavailable (turned off by the grader: GRADER_SANDBOX=off)"),
        "the sandbox column: {alice}"
    );
    assert!(
        whole_csv.contains("derivatives: compile_error"),
        "{whole_csv}"
    );
    let whole_reports = reports_in(&out.join("whole/grades-reports"));
    assert_eq!(
        whole_reports
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>(),
        ["alice.json", "bob.json", "carol.json", "dave.json"]
    );
    assert_eq!(
        reports_in(&out.join("merged/grades-reports")),
        whole_reports
    );
}

/// The paths a Markdown text names: link targets and code spans that look like a path (a `/`
/// or a file extension, no spaces, placeholders, globs or options), build outputs and
/// absolute paths left out.
fn named_paths(text: &str) -> Vec<String> {
    let mut named = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let target = rest.split(')').next().unwrap_or("");
        named.push(target.split('#').next().unwrap_or("").to_string());
    }
    for (index, span) in text.split('`').enumerate() {
        if index % 2 == 1 {
            named.push(span.to_string());
        }
    }
    let extension = [
        ".rs", ".md", ".toml", ".yml", ".sh", ".svg", ".json", ".txt",
    ];
    named
        .into_iter()
        .filter(|path| {
            !path.is_empty()
                && (path.contains('/') || extension.iter().any(|ext| path.ends_with(ext)))
                && !path.contains(|c: char| c.is_whitespace() || "<>*{}$=:|\\\"'()[],".contains(c))
                && !path.starts_with(['/', '-', '~'])
                && !path.starts_with("http")
                && !path.starts_with("target/")
                && !path.contains("...")
        })
        .collect()
}

/// A student is never sent to a file the student version does not have: every path a shipped
/// Markdown file names exists in it, beside that file, from the course's root or inside an
/// exercise (`src/lib.rs`). A path named within a few lines of "teacher's copy" is one the text
/// itself says the student version lacks.
#[test]
fn the_handout_mentions_no_file_it_lacks() {
    let handout = write_handout("handout-paths");
    let exercise = handout
        .join("exercises")
        .join(&course_tests::exercises()[0]);
    let mut missing = Vec::new();
    let mut checked = 0;
    for (path, text) in files_under(&handout) {
        if path.extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        let folder = handout
            .join(&path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        for (number, line) in lines.iter().enumerate() {
            let context = lines[number.saturating_sub(6)..=number].join(" ");
            if context.contains("teacher's copy") {
                continue;
            }
            for named in named_paths(line) {
                checked += 1;
                let trimmed = named.trim_end_matches('/');
                let found = [&folder, &handout, &exercise]
                    .iter()
                    .any(|base| base.join(trimmed).exists());
                if !found {
                    missing.push(format!("{}:{}: {named}", path.display(), number + 1));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "named but not shipped:\n{}",
        missing.join("\n")
    );
    assert!(checked > 20, "only {checked} paths named");
}

/// `handout --guidance contracts`: the stubs state the contract (doc comments, `todo!()`) and
/// name no step, the hints are the idea, the API and lines to complete, and `reset` gets the
/// same stubs.
#[test]
fn a_contracts_handout_names_no_step() {
    let dir = write_handout_with("handout-contracts", &["--guidance", "contracts"]);
    let mut stubs = 0;
    for (path, text) in files_under(&dir.join("exercises")) {
        // `<name>/src/...rs`, the stubs
        if path.extension().is_none_or(|ext| ext != "rs") || !path.iter().any(|part| part == "src")
        {
            continue;
        }
        stubs += 1;
        assert!(!text.contains("// TODO:"), "{}: {text}", path.display());
        let kept = dir.join("grader/stubs").join(&path);
        assert_eq!(
            fs::read_to_string(&kept).ok().as_deref(),
            Some(text.as_str())
        );
    }
    assert!(stubs >= course_tests::exercises().len());
    let catalogue = course_catalogue::Catalogue::load(&dir).expect("the student's catalogue");
    let teachers = course_tests::catalogue();
    for exercise in &catalogue.exercises {
        // the idea, the API, then lines to complete (never a whole function)
        let theirs = teachers
            .exercises
            .iter()
            .find(|e| e.name == exercise.name)
            .expect("the exercise in the teacher's catalogue");
        let partial = theirs.contract_hint.clone().expect("a contract hint");
        assert_eq!(
            exercise.hints,
            [
                theirs.hints[0].clone(),
                theirs.hints[1].clone(),
                partial.clone()
            ],
            "{}",
            exercise.name
        );
        assert!(!partial.contains("fn "), "{partial}");
        assert_eq!(exercise.contract_hint, None);
    }
    let stub_sources: String = files_under(&dir.join("exercises"))
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    assert!(stub_sources.contains("todo!()") && stub_sources.contains("///"));
}
