//! The maintainers' commands: `grader dev check` accepts this course and names the fix of each
//! problem planted in a copy; `grader dev new` scaffolds an exercise that `dev check` accepts
//! and the grader grades with full marks.

use course_tests::{grader_bin, run_grader, teacher_course_copy, Graded};
use std::fs;
use std::path::Path;
use std::process::Command;

/// Runs the grader on the course at `course` with `args` (no `--format` added).
fn grader_in(course: &Path, args: &[&str]) -> Graded {
    let output = Command::new(grader_bin())
        .arg("--course")
        .arg(course)
        .args(args)
        .env_remove("GRADER_SANDBOX")
        .output()
        .expect("the grader runs");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    Graded {
        code: output.status.code().unwrap_or(-1),
        json: serde_json::from_str(&stdout).unwrap_or_default(),
        stdout,
        stderr: String::from_utf8_lossy(&output.stderr).to_string(),
    }
}

/// [`grader_in`], grading, with a JSON report.
fn graded_in(course: &Path, args: &[&str]) -> Graded {
    let mut all = args.to_vec();
    all.extend(["--quiet", "--format", "json"]);
    grader_in(course, &all)
}

fn edit(course: &Path, file: &str, find: &str, replace: &str) {
    let path = course.join(file);
    let text = fs::read_to_string(&path).expect("readable");
    assert!(text.contains(find), "{file} has {find:?}");
    fs::write(&path, text.replacen(find, replace, 1)).expect("written");
}

/// `dev check` on `course`, which must find problems (exit 1).
fn dev_check_fails(course: &Path) -> Graded {
    let checked = grader_in(course, &["dev", "check"]);
    assert_eq!(checked.code, 1, "{}\n{}", checked.stdout, checked.stderr);
    checked
}

#[test]
fn dev_check_accepts_this_course() {
    let checked = run_grader(&["dev", "check"]);
    assert_eq!(checked.code, 0, "{}\n{}", checked.stdout, checked.stderr);
    assert!(checked.stdout.contains("checks out"), "{}", checked.stdout);
}

#[test]
fn dev_check_names_every_planted_problem_and_its_fix() {
    let course = teacher_course_copy("dev-check-problems");
    // a catalogue entry without its function
    edit(
        &course,
        "grader/catalogue.toml",
        "id = \"relu_basics\"",
        "id = \"relu_basic\"",
    );
    // a README whose doctests no longer run
    edit(&course, "lessons/src/lib.rs", "    pub mod swish;\n", "");
    // a stub that is not its solution's
    let stub = course.join("exercises/tanh-swap/src/lib.rs");
    let text = fs::read_to_string(&stub).expect("the stub");
    fs::write(&stub, format!("{text}\npub fn extra() {{}}\n")).expect("written");
    // a hidden check's id, and a solution's line, in files of the student version
    let solution =
        fs::read_to_string(course.join("solutions/derivatives/src/lib.rs")).expect("the solution");
    let answers = course_catalogue::stubs::answer_lines(&solution);
    let answer = answers.first().expect("an answer line");
    let readme = course.join("exercises/linear-collapse/README.md");
    let text = fs::read_to_string(&readme).expect("the README");
    fs::write(&readme, format!("{text}\nSee relu_random.\n\n{answer}\n")).expect("written");
    // a figure the README shows, gone
    fs::remove_file(course.join("exercises/derivatives/figures/derivatives.svg"))
        .expect("a committed figure");
    // a check crate without an exercise
    fs::create_dir_all(course.join("grader/checks/ghost/src")).expect("a folder");
    // a parameter a check reads, misspelt in its entry
    edit(
        &course,
        "grader/catalogue.toml",
        "rel_f64 = 1e-10, clearly = 1e-3",
        "rel_f64 = 1e-10, clear = 1e-3",
    );

    let checked = dev_check_fails(&course);
    assert_says_each(
        &checked.stdout,
        &[
            "grader/catalogue.toml, exercise `derivatives`, check `relu_basic`: grader/checks/derivatives/src/visible.rs has no `pub(crate) fn relu_basic(",
            "lessons/src/readmes/swish.rs: not declared, so the Rust blocks of exercises/swish/README.md never run: add `pub mod swish;`",
            "exercises/tanh-swap/src/lib.rs is not solutions/tanh-swap/src/lib.rs with `todo!()` bodies: regenerate the stubs with `cargo run -p grader -- dev stubs tanh-swap`",
            "exercises/linear-collapse/README.md: names `relu_random`, a hidden check of `derivatives`",
            &format!("exercises/linear-collapse/README.md: holds a line of solutions/derivatives/src/lib.rs, and is in the student version: `{answer}`"),
            "exercises/derivatives/README.md: shows figures/derivatives.svg, which is not in exercises/derivatives/",
            "grader/checks/ghost: no exercise of grader/catalogue.toml has this name",
            "grader/catalogue.toml, exercise `linear-collapse`, check `nonlinearity_relu_and_tanh`: its code reads the parameter `clearly`",
        ],
    );
    let _ = fs::remove_dir_all(course.parent().unwrap_or(&course));
}

/// What the catalogue implies is written by `dev sync`, and `dev check` names each such file
/// that differs, with that command: a build script edited by hand, a check crate's profile
/// entry gone, a lesson's doctest module undeclared, a check crate built against another
/// exercise. `dev sync` puts them back.
#[test]
fn dev_check_names_generated_files_that_differ_and_dev_sync_writes_them() {
    let course = teacher_course_copy("dev-sync");
    edit(
        &course,
        "grader/checks/swish/build.rs",
        "fn main() {",
        "fn main() {\n    println!(\"cargo::rustc-cfg=extra\");",
    );
    edit(
        &course,
        "Cargo.toml",
        "[profile.dev.package.check-tanh-swap]\ndebug = \"line-tables-only\"\n",
        "",
    );
    edit(
        &course,
        "lessons/src/lib.rs",
        "    pub mod derivatives;\n",
        "",
    );
    // the check crate pointed at another exercise's crate
    edit(
        &course,
        "grader/checks/derivatives/Cargo.toml",
        "derivatives = { path = \"../../../exercises/derivatives\" }",
        "derivatives = { path = \"../../../exercises/swish\" }",
    );
    let checked = dev_check_fails(&course);
    let fix = "differs from what grader/catalogue.toml implies (edited by hand, or not yet written): run `cargo run -p grader -- dev sync`";
    for place in [
        "grader/checks/swish/build.rs",
        "Cargo.toml",
        "lessons/src/lib.rs",
        "grader/checks/derivatives/Cargo.toml",
    ] {
        assert!(
            checked.stdout.contains(&format!("{place}: {fix}")),
            "{place}:\n{}",
            checked.stdout
        );
    }
    let synced = grader_in(&course, &["dev", "sync"]);
    assert_eq!(synced.code, 0, "{}\n{}", synced.stdout, synced.stderr);
    assert_eq!(
        synced.stdout.matches("wrote ").count(),
        4,
        "{}",
        synced.stdout
    );
    let checked = grader_in(&course, &["dev", "check"]);
    assert_eq!(checked.code, 0, "{}\n{}", checked.stdout, checked.stderr);
    let manifest = fs::read_to_string(course.join("Cargo.toml")).expect("the manifest");
    assert!(
        manifest.contains("[profile.dev.package.check-tanh-swap]\ndebug = \"line-tables-only\"")
    );
    let checks = fs::read_to_string(course.join("grader/checks/derivatives/Cargo.toml"))
        .expect("the check crate's manifest");
    assert!(
        checks.contains("derivatives = { path = \"../../../exercises/derivatives\" }"),
        "{checks}"
    );
    let again = grader_in(&course, &["dev", "sync"]);
    assert!(
        again.stdout.contains("Nothing to write"),
        "{}",
        again.stdout
    );
    let _ = fs::remove_dir_all(course.parent().unwrap_or(&course));
}

/// The scaffold, filled in as a maintainer would start: the files a maintainer writes by hand
/// for a new exercise are its catalogue entry, README.md, solution, visible.rs and hidden.rs
/// (the stubs are generated: `dev stubs`).
#[test]
fn dev_new_scaffolds_an_exercise_that_checks_and_grades_with_full_marks() {
    let course = teacher_course_copy("dev-new");
    let made = grader_in(&course, &["dev", "new", "fifth-one"]);
    assert_eq!(made.code, 0, "{}\n{}", made.stdout, made.stderr);
    // the lists that name every exercise name it too (`dev sync`)
    let manifest = fs::read_to_string(course.join("Cargo.toml")).expect("the manifest");
    assert!(
        manifest.contains("[profile.dev.package.check-fifth-one]"),
        "{manifest}"
    );
    let lib = fs::read_to_string(course.join("lessons/src/lib.rs")).expect("lessons' lib.rs");
    assert!(lib.contains("pub mod fifth_one;"), "{lib}");
    let again = grader_in(&course, &["dev", "new", "fifth-one"]);
    assert_eq!(again.code, 2, "an existing exercise is refused");
    assert!(again.stderr.contains("already has an exercise `fifth-one`"));
    let bad = grader_in(&course, &["dev", "new", "Fifth One"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("cannot name an exercise"),
        "{}",
        bad.stderr
    );

    // the texts the scaffold leaves to write are refused, each file and the catalogue entry
    let unwritten = grader_in(&course, &["dev", "check"]);
    assert_eq!(
        unwritten.code, 1,
        "{}\n{}",
        unwritten.stdout, unwritten.stderr
    );
    for place in [
        "grader/catalogue.toml, exercise `fifth-one`",
        "exercises/fifth-one/README.md",
        "exercises/fifth-one/Cargo.toml",
        "solutions/fifth-one/src/lib.rs",
        "grader/spec/fifth-one.toml",
    ] {
        assert!(
            unwritten
                .stdout
                .lines()
                .any(|line| line.contains(place) && line.contains("TODO(dev new)")),
            "{place}:\n{}",
            unwritten.stdout
        );
    }
    // written (here: the marker taken out of each), the exercise is accepted
    let mut written = 0;
    let files = walkdir::WalkDir::new(&course)
        .into_iter()
        .filter_entry(|entry| entry.file_name() != "target")
        .flatten()
        .filter(|entry| entry.file_type().is_file());
    for entry in files {
        let text = fs::read_to_string(entry.path()).unwrap_or_default();
        if text.contains("TODO(dev new)") {
            fs::write(entry.path(), text.replace("TODO(dev new): ", "")).expect("written");
            written += 1;
        }
    }
    assert!(written >= 5, "{written} files held placeholders");
    let checked = grader_in(&course, &["dev", "check"]);
    assert_eq!(checked.code, 0, "{}\n{}", checked.stdout, checked.stderr);
    assert!(checked.stdout.contains("5 exercises"), "{}", checked.stdout);

    let graded = graded_in(&course, &["--solutions", "--exercise", "fifth-one"]);
    assert_eq!(graded.code, 0, "{}\n{}", graded.stdout, graded.stderr);
    let report = graded.exercise("fifth-one");
    assert_eq!(report["score"], report["max_score"], "{report}");
    assert_eq!(report["checks"].as_array().map(Vec::len), Some(2));

    // the stub is graded too, and earns nothing
    let stubs = graded_in(&course, &["--exercise", "fifth-one"]);
    assert_eq!(stubs.code, 1, "{}\n{}", stubs.stdout, stubs.stderr);
    assert_eq!(stubs.exercise("fifth-one")["score"], 0);

    // a wrong solution fails both checks: they are not vacuous
    edit(
        &course,
        "solutions/fifth-one/src/lib.rs",
        "x.affine(2.0, 0.0)",
        "x.affine(2.0, 0.001)",
    );
    let wrong = graded_in(&course, &["--solutions", "--exercise", "fifth-one"]);
    assert_eq!(wrong.code, 1);
    assert_eq!(
        wrong.statuses("fifth-one"),
        [
            ("doubled_basics".to_string(), "fail".to_string()),
            ("fifth_one_doubled_random".to_string(), "fail".to_string())
        ]
    );
    // a catalogue entry whose function is not there: a compile error that names the entry,
    // reported as the course's mistake, not the student's
    edit(
        &course,
        "grader/catalogue.toml",
        "id = \"doubled_basics\"",
        "id = \"doubled_basic\"",
    );
    // what the report says of the exercise, graded from its solution
    let graded_message = || {
        let graded = graded_in(&course, &["--solutions", "--exercise", "fifth-one"]);
        graded.exercise("fifth-one")["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let message = graded_message();
    assert!(
        message.contains("the course's checks do not build")
            && message.contains(
                "grader/catalogue.toml, exercise `fifth-one`, check `doubled_basic` (visible)"
            ),
        "{message}"
    );
    // a parameter a check reads, missing from its entry: the checks do not build, and the
    // report says so as the course's mistake, naming the entry; never a panic of the student's
    edit(
        &course,
        "grader/catalogue.toml",
        "id = \"doubled_basic\"",
        "id = \"doubled_basics\"",
    );
    edit(
        &course,
        "grader/catalogue.toml",
        "params = { tolerance = 1e-12 }",
        "params = { tolerence = 1e-12 }",
    );
    let message = graded_message();
    assert!(
        message.contains("the course's checks do not build")
            && message.contains("check `doubled_basics`: its code reads the parameter `tolerance`"),
        "{message}"
    );
    let checked = grader_in(&course, &["dev", "check"]);
    assert!(
        checked.stdout.contains(
            "grader/catalogue.toml, exercise `fifth-one`, check `doubled_basics`: its code reads the parameter `tolerance`"
        ),
        "{}",
        checked.stdout
    );
    let _ = fs::remove_dir_all(course.parent().unwrap_or(&course));
}

/// `dev check` holds the course to its specification data (`grader/spec/<exercise>.toml`): a
/// property no check observes, a check that observes no property, a property stated for
/// inputs its checks never try, a gap named `open` that a check now covers, and a `where` that
/// points past its file are each a problem with its fix.
#[test]
fn dev_check_holds_the_course_to_its_specification_data() {
    let course = teacher_course_copy("dev-check-spec");
    let spec = "grader/spec/derivatives.toml";
    // E14: figure_svg's only property loses its check
    edit(&course, spec, "checks = [\"figure_svg\"]\n", "");
    // E4 stated for larger inputs than its checks try
    edit(
        &course,
        spec,
        "domain = { dtypes = [\"f32\", \"f64\"], magnitude = 1000.0 }",
        "domain = { dtypes = [\"f32\", \"f64\"], magnitude = 1.0e6 }",
    );
    // E3 names as open a dtype its checks do try
    edit(
        &course,
        spec,
        "domain = { dtypes = [\"f32\", \"f64\"], magnitude = 1000.0, cases = [\"z = 0\"] }",
        "domain = { dtypes = [\"f32\", \"f64\"], magnitude = 1000.0, cases = [\"z = 0\"] }\nopen = [\"dtype f32\"]",
    );
    // E1 points at lines past the end of the README
    edit(
        &course,
        spec,
        "\"README.md:53-57\"",
        "\"README.md:53-5700\"",
    );

    let checked = dev_check_fails(&course);
    assert_says_each(
        &checked.stdout,
        &[
            "grader/spec/derivatives.toml, property E14: no check observes this property: name the checks that do in `checks`, write one, or say why none can (`unobservable = \"...\"`)",
            "grader/catalogue.toml, exercise `derivatives`, check `figure_svg`: observes no property of grader/spec/derivatives.toml",
            "grader/spec/derivatives.toml, property E4: the lesson states it for inputs its checks (sigmoid_random, extremes_basics) never try: |values| up to 1e6 (the checks reach 1e3); widen their inputs",
            "grader/spec/derivatives.toml, property E3: `open` names `dtype f32`, which its checks now generate",
            "grader/spec/derivatives.toml, property E1: `README.md:53-5700` is not in exercises/derivatives/",
        ],
    );
    let _ = fs::remove_dir_all(course.parent().unwrap_or(&course));
}

/// Every property of the specification data, with its visible and hidden checks, as `dev spec`
/// lists them: every exercise's properties are there, and each observable property of the
/// exercises whose READMEs say so has a visible check.
#[test]
fn dev_spec_lists_every_property_with_its_visible_and_hidden_checks() {
    let listed = run_grader(&["dev", "spec"]);
    assert_eq!(listed.code, 0, "{}\n{}", listed.stdout, listed.stderr);
    let lines: Vec<&str> = listed.stdout.lines().collect();
    for exercise in course_tests::exercises() {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("{exercise} E1: visible "))),
            "{exercise} is listed:\n{}",
            listed.stdout
        );
    }
    // Every exercise's README promises a visible check for every property (swish's names its
    // one partial exception, the 1000-epoch training outcome).
    for exercise in course_tests::exercises() {
        let hidden_only: Vec<&&str> = lines
            .iter()
            .filter(|l| l.starts_with(&format!("{exercise} ")) && l.contains("(hidden only)"))
            .collect();
        assert!(hidden_only.is_empty(), "{hidden_only:?}");
        let readme = fs::read_to_string(
            course_tests::workspace_root().join(format!("exercises/{exercise}/README.md")),
        )
        .expect("the README");
        assert!(readme.contains("Each property below has a visible check"));
    }
}

/// Asserts that `said` holds each of `expected`, naming the first one it lacks.
fn assert_says_each(said: &str, expected: &[&str]) {
    for line in expected {
        assert!(said.contains(line), "expected {line:?} in:\n{said}");
    }
}
