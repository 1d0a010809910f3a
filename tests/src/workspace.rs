use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The exercises in course order, as the grader's catalogue lists them.
pub fn exercises() -> Vec<String> {
    catalogue().names()
}

/// The course's catalogue, `grader/catalogue.toml`.
pub fn catalogue() -> course_catalogue::Catalogue {
    course_catalogue::Catalogue::load(workspace_root()).expect("grader/catalogue.toml loads")
}

/// The root of the course workspace (the folder with the top-level `Cargo.toml`).
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits inside the workspace")
}

/// A `cargo` command, the same cargo that runs the tests, in the workspace's folder.
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(workspace_root());
    command
}

/// Runs git in `dir` with a committer of its own (a fresh machine has none), and returns its
/// standard output; panics unless it succeeds.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let output = run_ok(
        Command::new("git")
            .current_dir(dir)
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
            .args(args),
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs `command` and returns its output; panics, showing both its outputs, unless it succeeds.
pub fn run_ok(command: &mut Command) -> std::process::Output {
    let output = command.output().expect("the command runs");
    assert!(
        output.status.success(),
        "{command:?}:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The grader binary, built once per test process with `cargo build -p grader`.
pub fn grader_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let output = cargo()
            .args(["build", "-q", "-p", "grader", "--message-format=json"])
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo build -p grader failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|message| message["target"]["name"] == "grader")
            .find_map(|message| message["executable"].as_str().map(PathBuf::from))
            .expect("cargo reports the grader's executable")
    })
}

/// What one run of the grader printed and returned.
pub struct Graded {
    /// The exit code (0 all pass, 1 some check does not, 2 the grader could not run).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// The JSON report, when the run was asked for `--format json` and produced one.
    pub json: Value,
}

impl Graded {
    /// The report of one exercise.
    pub fn exercise(&self, name: &str) -> &Value {
        self.json["exercises"]
            .as_array()
            .and_then(|all| all.iter().find(|e| e["name"] == name))
            .unwrap_or_else(|| panic!("no exercise {name} in the report:\n{}", self.stdout))
    }

    /// The report of one check.
    fn check(&self, exercise: &str, check: &str) -> &Value {
        self.exercise(exercise)["checks"]
            .as_array()
            .and_then(|all| all.iter().find(|c| c["id"] == check))
            .unwrap_or_else(|| {
                panic!(
                    "no check {exercise}/{check} in the report:\n{}",
                    self.stdout
                )
            })
    }

    /// The status of one check, as the report says (`pass`, `fail`, ...).
    pub fn status(&self, exercise: &str, check: &str) -> String {
        self.check(exercise, check)["status"]
            .as_str()
            .unwrap_or_else(|| panic!("{exercise}/{check} has no status:\n{}", self.stdout))
            .to_string()
    }

    /// The message of one check, as the report says.
    pub fn message(&self, exercise: &str, check: &str) -> String {
        self.check(exercise, check)["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Asserts that each of `failing` has the status `fail` and each of `passing` `pass`.
    pub fn assert_statuses(&self, exercise: &str, failing: &[&str], passing: &[&str]) {
        for check in failing {
            assert_eq!(
                self.status(exercise, check),
                "fail",
                "{check} should catch it:\n{}",
                self.stdout
            );
        }
        for check in passing {
            assert_eq!(
                self.status(exercise, check),
                "pass",
                "{check} does not depend on it:\n{}",
                self.stdout
            );
        }
    }

    /// The statuses of every check of an exercise, in order.
    pub fn statuses(&self, exercise: &str) -> Vec<(String, String)> {
        self.exercise(exercise)["checks"]
            .as_array()
            .map(|all| {
                all.iter()
                    .map(|c| {
                        (
                            c["id"].as_str().unwrap_or("").to_string(),
                            c["status"].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Runs the grader with `args` (plus `--quiet --format json` unless `--format` is given).
pub fn run_grader(args: &[&str]) -> Graded {
    run_grader_with_env(args, &[])
}

/// [`run_grader`] with variables added to the grader's environment (`GRADER_SANDBOX=off`).
pub fn run_grader_with_env(args: &[&str], env: &[(&str, &str)]) -> Graded {
    let mut command = Command::new(grader_bin());
    command
        .current_dir(workspace_root())
        .args(args)
        .env_remove("GRADER_SANDBOX")
        .envs(env.iter().copied());
    let subcommand = matches!(
        args.first(),
        Some(&"hint")
            | Some(&"handout")
            | Some(&"gradebook")
            | Some(&"gradebook-merge")
            | Some(&"dev")
    );
    if !subcommand && !args.contains(&"--format") && !args.contains(&"--list") {
        command.args(["--quiet", "--format", "json"]);
    }
    let output = command.output().expect("the grader runs");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    Graded {
        code: output.status.code().unwrap_or(-1),
        json: serde_json::from_str(&stdout).unwrap_or(Value::Null),
        stdout,
        stderr: String::from_utf8_lossy(&output.stderr).to_string(),
    }
}

/// A fresh folder under the target directory for one test's files.
pub fn scratch_dir(tag: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    static SWEPT: OnceLock<()> = OnceLock::new();
    let scratch = workspace_root().join("target").join("course-tests");
    SWEPT.get_or_init(|| remove_dead_processes_scratch(&scratch));
    let dir = scratch.join(format!(
        "{tag}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// Removes the scratch folders (`<tag>-<pid>-<n>`) of test processes that have ended, so that
/// repeated `cargo test` runs do not fill the disk (each leaves gigabytes of grading copies);
/// those of a process still running, such as another `cargo test`, stay. Linux only, where
/// `/proc` tells which processes run; elsewhere nothing is removed.
fn remove_dead_processes_scratch(scratch: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    for entry in std::fs::read_dir(scratch).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .rsplit('-')
            .nth(1)
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid {
            if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// A submission whose every exercise is the reference solution: `<dir>/exercises/<name>/src`.
pub fn submission_from_solutions(tag: &str) -> PathBuf {
    let dir = scratch_dir(tag);
    put_sources(&dir, "solutions");
    dir
}

/// Makes every `exercises/<name>/src` under `dir` a copy of this course's `<sources>/<name>/src`
/// (`solutions` or `exercises`), replacing what was there.
pub fn put_sources(dir: &Path, sources: &str) {
    for exercise in exercises() {
        let src = dir.join("exercises").join(&exercise).join("src");
        if src.exists() {
            std::fs::remove_dir_all(&src).expect("the old sources removed");
        }
        copy_tree(
            &workspace_root().join(sources).join(&exercise).join("src"),
            &src,
        );
    }
}

/// Replaces the one occurrence of `find` in a submission's `exercises/<exercise>/src/<file>`.
pub fn mutate(submission: &Path, exercise: &str, file: &str, find: &str, replace: &str) {
    let path = submission
        .join("exercises")
        .join(exercise)
        .join("src")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("the file to mutate exists");
    assert_eq!(
        text.matches(find).count(),
        1,
        "the mutation's text must occur exactly once in {}: {find:?}",
        path.display()
    );
    std::fs::write(&path, text.replace(find, replace)).expect("the mutated file is written");
}

/// Copies a folder tree (files and subfolders).
pub fn copy_tree(from: &Path, to: &Path) {
    copy_tree_with(from, to, &|from, to| {
        std::fs::copy(from, to).expect("a copy");
    });
}

/// `copy_tree` with `copy` for each file.
fn copy_tree_with(from: &Path, to: &Path, copy: &dyn Fn(&Path, &Path)) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from)
        .expect("a readable folder")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            copy_tree_with(&path, &to.join(entry.file_name()), copy);
        } else {
            copy(&path, &to.join(entry.file_name()));
        }
    }
}

/// Grades a submission that is the reference solution with one change in
/// `exercises/<exercise>/src/lib.rs`, alone, and asserts that the grader does not call it a
/// pass (exit code 1).
pub fn grade_mutant(exercise: &str, find: &str, replace: &str) -> Graded {
    let dir = submission_from_solutions(&format!("{exercise}-mutant"));
    mutate(&dir, exercise, "lib.rs", find, replace);
    let dir = dir.to_string_lossy().to_string();
    let graded = run_grader(&["--submission", &dir, "--exercise", exercise]);
    assert_eq!(
        graded.code, 1,
        "a wrong answer is not a pass:\n{}{}",
        graded.stdout, graded.stderr
    );
    graded
}

/// Grades each mutant `(find, replace, why)` of `exercise`'s solution ([`grade_mutant`]) and
/// asserts that `check` fails it; returns the reports, in order.
pub fn assert_mutants_fail(
    exercise: &str,
    check: &str,
    mutants: &[(&str, &str, &str)],
) -> Vec<Graded> {
    mutants
        .iter()
        .map(|(find, replace, why)| {
            let graded = grade_mutant(exercise, find, replace);
            assert_eq!(
                graded.status(exercise, check),
                "fail",
                "{why}: {}",
                graded.exercise(exercise)
            );
            graded
        })
        .collect()
}

/// Grades a submission that is the reference solution with one change the specification leaves
/// free, alone, and asserts full marks (exit code 0).
pub fn grade_valid_variant(exercise: &str, find: &str, replace: &str) -> Graded {
    let dir = submission_from_solutions(&format!("{exercise}-variant"));
    mutate(&dir, exercise, "lib.rs", find, replace);
    let dir = dir.to_string_lossy().to_string();
    let graded = run_grader(&["--submission", &dir, "--exercise", exercise]);
    assert_eq!(
        graded.code, 0,
        "a valid variant ({replace:?}) loses points:\n{}{}",
        graded.stdout, graded.stderr
    );
    graded
}

/// A copy of the course with what the grader reads (catalogue, checks, support crates,
/// exercises), to grade and edit without touching this one (`--course COPY`).
pub fn course_copy(tag: &str) -> PathBuf {
    let root = workspace_root();
    let copy = scratch_dir(tag).join("course");
    for dir in ["course-kit", "exercises", "grader"] {
        copy_tree(&root.join(dir), &copy.join(dir));
    }
    for file in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(root.join(file), copy.join(file)).expect("copied");
    }
    copy
}

/// A teacher's whole copy of the course, what `grader dev` reads: [`course_copy`] plus the
/// lessons, the solutions and the front page (not the workspace's tests, nor build output).
pub fn teacher_course_copy(tag: &str) -> PathBuf {
    let root = workspace_root();
    let copy = course_copy(tag);
    for dir in ["lessons", "solutions"] {
        copy_tree(&root.join(dir), &copy.join(dir));
    }
    std::fs::copy(root.join("README.md"), copy.join("README.md")).expect("copied");
    copy
}

/// Gives a fresh target folder for another checkout of the course (a student version, a CI
/// job's clone) this workspace's compiled dependencies, so that its first build does not
/// compile candle again: `target/debug`'s libraries and build scripts' programs (hard links),
/// what build scripts wrote and cargo's fingerprints (copies), not its executables or
/// incremental caches, with their file times. Does nothing if `target` exists.
///
/// Safe from the freshness trap (REFERENCE-NUMBERS.md): the other checkout's own crates have the
/// same paths as ours, but its files are newer than our build's records (whose times the copy
/// keeps), so cargo rebuilds them.
pub fn seed_target(target: &Path) {
    fn copy_keeping_time(from: &Path, to: &Path) {
        std::fs::copy(from, to).expect("copied");
        let time = std::fs::metadata(from)
            .and_then(|m| m.modified())
            .expect("a file time");
        std::fs::File::options()
            .write(true)
            .open(to)
            .and_then(|file| file.set_modified(time))
            .expect("the file time kept");
    }
    if target.exists() {
        return;
    }
    let ours = workspace_root().join("target").join("debug");
    let theirs = target.join("debug");
    // A hard link: no copy of several GB per seeded folder, and the same file time. Only for
    // what rustc and the linker write, which they replace (a new file renamed into place)
    // rather than write into; what cargo and build scripts rewrite in place (fingerprints,
    // `out/`, `output`, dep-info) is copied.
    let link = |from: &Path, to: &Path| {
        if std::fs::hard_link(from, to).is_err() {
            copy_keeping_time(from, to);
        }
    };
    let builds = ours.join("build");
    let link_or_copy = |from: &Path, to: &Path| {
        // build/<package>-<hash>/build-script-build (and its hashed twin)
        let program = from.parent().and_then(Path::parent) == Some(builds.as_path())
            && from.extension().is_none_or(|ext| ext != "d")
            && from
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("build"));
        if program {
            link(from, to);
        } else {
            copy_keeping_time(from, to);
        }
    };
    if builds.is_dir() {
        copy_tree_with(&builds, &theirs.join("build"), &link_or_copy);
    }
    if ours.join(".fingerprint").is_dir() {
        copy_tree_with(
            &ours.join(".fingerprint"),
            &theirs.join(".fingerprint"),
            &copy_keeping_time,
        );
    }
    std::fs::create_dir_all(theirs.join("deps")).expect("a deps folder");
    for entry in std::fs::read_dir(ours.join("deps"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let path = entry.path();
        let Some(ext) = path.extension() else {
            continue;
        };
        let to = theirs.join("deps").join(entry.file_name());
        if ["rlib", "rmeta", "so"].iter().any(|e| ext == *e) {
            link(&path, &to);
        } else if ext == "d" {
            copy_keeping_time(&path, &to);
        }
    }
}

/// One exercise's score on one seed: `(exercise, score, max)`.
pub type Score = (String, u32, u32);

/// Grades `submission` (only `exercises`, if any are named) on every seed from `seeds.0` to
/// `seeds.1` with `grader dev seeds`, the seeds split between two processes, one per core;
/// returns each seed's scores in seed order, the raw output, and whether every check had the
/// same result on every seed.
pub fn grade_on_seeds(
    submission: &Path,
    seeds: (u64, u64),
    exercises: &[&str],
) -> (Vec<(u64, Vec<Score>)>, String, bool) {
    let dir = submission.to_string_lossy().to_string();
    let middle = (seeds.0 + seeds.1).div_ceil(2);
    let halves = [(seeds.0, middle - 1), (middle, seeds.1)];
    let outputs: Vec<(String, bool)> = std::thread::scope(|scope| {
        let runs: Vec<_> = halves
            .iter()
            .map(|&(from, to)| {
                let dir = &dir;
                scope.spawn(move || {
                    let (from, to) = (from.to_string(), to.to_string());
                    let mut args = vec![
                        "dev",
                        "seeds",
                        "--submission",
                        dir,
                        "--from",
                        &from,
                        "--to",
                        &to,
                        "--quiet",
                    ];
                    for exercise in exercises {
                        args.extend(["--exercise", exercise]);
                    }
                    let graded = run_grader(&args);
                    // 0: every check steady over the seeds; 1: some check is not; 2: the
                    // grader could not run
                    assert!(
                        graded.code == 0 || graded.code == 1,
                        "grader dev seeds on {dir} (seeds {from} to {to}) could not run:\n{}{}",
                        graded.stdout,
                        graded.stderr
                    );
                    (graded.stdout, graded.code == 0)
                })
            })
            .collect();
        runs.into_iter()
            .map(|run| run.join().expect("a grading thread"))
            .collect()
    });
    let steady = outputs.iter().all(|(_, steady)| *steady);
    let raw: String = outputs.into_iter().map(|(output, _)| output).collect();
    let mut table = Vec::new();
    for line in raw.lines() {
        let Some((seed, scores)) = line
            .strip_prefix("seed ")
            .and_then(|rest| rest.split_once(": "))
        else {
            continue;
        };
        let seed: u64 = seed.parse().unwrap_or_else(|_| panic!("a seed: {line}"));
        let words: Vec<&str> = scores.split_whitespace().collect();
        let scores = words
            .chunks(2)
            .map(|pair| {
                let (score, max) = pair[1]
                    .split_once('/')
                    .unwrap_or_else(|| panic!("score/max in {line}"));
                let number = |text: &str| {
                    text.parse::<u32>()
                        .unwrap_or_else(|_| panic!("a number in {line}"))
                };
                (pair[0].to_string(), number(score), number(max))
            })
            .collect();
        table.push((seed, scores));
    }
    table.sort_by_key(|(seed, _)| *seed);
    let expected: Vec<u64> = (seeds.0..=seeds.1).collect();
    let got: Vec<u64> = table.iter().map(|(seed, _)| *seed).collect();
    assert_eq!(got, expected, "one line per seed:\n{raw}");
    (table, raw, steady)
}
