//! Every CI template, run twice in a row: each template's shell steps (GitHub's `run:`, GitLab's
//! `script:` items, Gradescope's two scripts), read from the template itself, run with bash in a
//! temp folder, as the platform would run them. The platform's own parts are played by the test:
//! a checkout is `git init` + `git fetch` + `git checkout` from a local bare repository (the
//! teacher's course, or a student's copy), a cache is a folder moved into `target/` before a job
//! and out after it, an artifact store is a folder. The second run reuses the first run's
//! folders, uncleaned, with the cache the first run left: a template must not depend on a fresh
//! machine.
//!
//! The templates' own rules are checked here too: each shell step is one line calling a script
//! in `teaching/`, with no `${{ }}` expression in it; every action is pinned to a full commit with
//! its version in a comment; the student's workflows name no secret and only read; the token of
//! the teacher's workflow is named in the fetch job only, and never reaches a file.

use course_tests::{
    copy_tree, exercises, git, grader_bin, put_sources, run_ok, scratch_dir, seed_target,
    workspace_root,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The shell steps of a template, in order: (job, line).
fn shell_steps(template: &str) -> Vec<(String, String)> {
    let text = fs::read_to_string(workspace_root().join(template)).expect("the template exists");
    let gitlab = !text.lines().any(|line| line == "jobs:");
    let mut steps = Vec::new();
    let mut job = String::new();
    let mut in_jobs = false;
    let mut in_script = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if gitlab {
            if indent == 0 {
                job = trimmed.trim_end_matches(':').to_string();
                in_script = false;
            } else if trimmed == "script:" {
                in_script = true;
            } else if let (true, Some(item)) = (in_script, trimmed.strip_prefix("- ")) {
                steps.push((job.clone(), item.to_string()));
            } else {
                in_script = false;
            }
        } else if indent == 0 {
            in_jobs = trimmed == "jobs:";
        } else {
            if in_jobs && indent == 2 {
                job = trimmed.trim_end_matches(':').to_string();
            }
            if let Some(run) = trimmed.strip_prefix("run:") {
                steps.push((job.clone(), run.trim().to_string()));
            }
        }
    }
    assert!(!steps.is_empty(), "{template} has shell steps");
    for (job, line) in &steps {
        assert!(
            line.starts_with("teaching/")
                && !line.starts_with("teaching/..")
                && !line.contains(';'),
            "{template}, job {job}: a shell step is one call of a script in teaching/: {line}"
        );
        assert!(
            !line.contains("${{") && !line.contains('|') && !line.contains('>'),
            "{template}, job {job}: no expression, pipe or redirection in a shell step: {line}"
        );
    }
    steps
}

/// Every `uses:` is `owner/repo[/path]@<40 hex> # v...`.
fn assert_actions_pinned(template: &str) {
    let text = fs::read_to_string(workspace_root().join(template)).expect("the template exists");
    let mut actions = 0;
    for line in text.lines() {
        let Some(rest) = line.trim().trim_start_matches("- ").strip_prefix("uses:") else {
            continue;
        };
        actions += 1;
        let (action, comment) = rest.trim().split_once(" # ").unwrap_or((rest.trim(), ""));
        let (_, commit) = action.split_once('@').unwrap_or((action, ""));
        assert!(
            commit.len() == 40 && commit.chars().all(|c| c.is_ascii_hexdigit()),
            "{template}: {action} is not pinned to a full commit"
        );
        assert!(
            comment.starts_with('v'),
            "{template}: {action} has no version comment"
        );
    }
    assert!(actions > 0, "{template} uses actions");
}

/// A bare repository holding `tree`'s files (build output left out) in one commit.
fn bare_repository(tree: &Path, bare: &Path) -> String {
    git(tree, &["init", "-q"]);
    git(tree, &["add", "-A"]);
    git(tree, &["commit", "-q", "-m", "the course"]);
    run_ok(Command::new("git").args([
        "clone",
        "-q",
        "--bare",
        tree.to_str().expect("UTF-8"),
        bare.to_str().expect("UTF-8"),
    ]));
    format!("file://{}", bare.display())
}

/// Where a pipeline's jobs run. Either way every job of a pipeline runs in the same folder, as
/// GitHub's and GitLab's runners give each job of a repository the same path (and the build
/// cache, moved in, is then valid at that path).
#[derive(Clone, Copy)]
enum Runner {
    /// A fresh machine per job: the folder starts empty (the first run).
    Hosted,
    /// A machine of the teacher's that keeps its folder: each job's checkout starts from what
    /// the one before left there (the second run).
    SelfHosted,
}

/// The folder of a job of the pipeline in `work`, emptied first on a hosted runner, with the
/// course checked out in it.
fn job_checkout(url: &str, work: &Path, runner: Runner) -> PathBuf {
    let dir = work.join("job");
    if let Runner::Hosted = runner {
        let _ = fs::remove_dir_all(&dir);
    }
    checkout(url, &dir);
    dir
}

/// What a CI checkout does: the repository's latest commit in `dir`. A folder that holds a
/// repository is cleaned first, untracked and ignored files included (`actions/checkout`'s
/// `clean: true` and GitLab's `GIT_CLEAN_FLAGS`, both `git clean -ffdx` by default); any other
/// folder is started afresh.
fn checkout(url: &str, dir: &Path) {
    if dir.join(".git").is_dir() {
        git(dir, &["clean", "-ffdxq"]);
    } else {
        let _ = fs::remove_dir_all(dir);
    }
    fs::create_dir_all(dir).expect("a folder");
    git(dir, &["init", "-q"]);
    git(dir, &["fetch", "-q", "--depth", "1", url, "HEAD"]);
    git(dir, &["checkout", "-q", "-f", "FETCH_HEAD"]);
}

/// The course's files, build output and Git's folder left out.
fn copy_course(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).expect("a folder");
        for entry in fs::read_dir(from).expect("readable").flatten() {
            let name = entry.file_name();
            if name == "target" || name == ".git" {
                continue;
            }
            if entry.path().is_dir() {
                copy(&entry.path(), &to.join(&name));
            } else {
                fs::copy(entry.path(), to.join(&name)).expect("copied");
            }
        }
    }
    copy(workspace_root(), to);
}

/// A build cache kept between test runs (`target/ci-cache/<name>`), moved into a job's
/// `target/` and back: the first run of this test builds candle there once.
struct Cache(PathBuf);

impl Cache {
    fn new(name: &str) -> Cache {
        Cache(workspace_root().join("target").join("ci-cache").join(name))
    }
    fn restore(&self, dir: &Path) {
        // The platform's first run starts cold; here it starts from our compiled candle, which
        // the CI run has just built (a cold build per cache would cost minutes of every run).
        seed_target(&self.0);
        if self.0.exists() {
            let _ = fs::remove_dir_all(dir.join("target"));
            fs::rename(&self.0, dir.join("target")).expect("restored");
        }
    }
    fn save(&self, dir: &Path) {
        if dir.join("target").exists() {
            let _ = fs::remove_dir_all(&self.0);
            fs::create_dir_all(self.0.parent().expect("a parent")).expect("a folder");
            fs::rename(dir.join("target"), &self.0).expect("saved");
        }
    }
}

/// Runs one shell step as the platform would: bash, in the job's folder, with a CI runner's
/// environment (no variable of this test process but the tools') plus `env`.
fn shell(dir: &Path, line: &str, env: &BTreeMap<&str, String>) -> std::process::Output {
    let mut command = Command::new("bash");
    command
        .args(["-e", "-c", line])
        .current_dir(dir)
        .env_clear()
        .env("CI", "true");
    for name in [
        "PATH",
        "HOME",
        "CARGO_HOME",
        "RUSTUP_HOME",
        "RUSTUP_TOOLCHAIN",
        "TMPDIR",
    ] {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
    command.envs(env);
    command.output().expect("bash runs")
}

fn assert_ran(output: &std::process::Output, what: &str, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "{what}:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The student version, returned by a student: the handout with `sources` (`solutions` or
/// `exercises`) as every exercise's `src/`, as a Git repository in `dir`.
fn student_repository(handout: &Path, dir: &Path, sources: &str) {
    copy_tree(handout, dir);
    put_sources(dir, sources);
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "my work"]);
}

fn handout(dir: &Path) {
    run_ok(Command::new(grader_bin()).args(["handout", dir.to_str().expect("UTF-8")]));
}

/// Every file under `dir`, searched for `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                // the build cache is compiled code of the course only
                if path.file_name().is_some_and(|name| name != "target") {
                    stack.push(path);
                }
            } else if kind.is_file()
                && fs::read(&path)
                    .map(|bytes| String::from_utf8_lossy(&bytes).contains(needle))
                    .unwrap_or(false)
            {
                found.push(path);
            }
        }
    }
    found
}

/// The roster token the fetch steps get; made at run time, so that no source file holds it.
fn token() -> String {
    format!("roster-token-{}-{}", std::process::id(), 0x5eed)
}
const SEED: &str = "91807";

/// The teacher's side: a course repository with a roster, and the students' repositories.
struct Class {
    course_url: String,
    students: PathBuf,
}

fn class(tag: &str) -> Class {
    let base = scratch_dir(tag);
    let students = base.join("students");
    let handout_dir = base.join("handout");
    handout(&handout_dir);
    student_repository(&handout_dir, &students.join("alice"), "solutions");
    student_repository(&handout_dir, &students.join("bob"), "exercises");
    let carol = students.join("carol-repo");
    student_repository(&handout_dir, &carol, "solutions");
    let lib = carol.join("exercises/derivatives/src/lib.rs");
    let text = fs::read_to_string(&lib).expect("readable");
    fs::write(
        &lib,
        text.replacen("pub fn relu_derivative", "pub fn renamed", 1),
    )
    .expect("written");
    git(&carol, &["commit", "-q", "-a", "-m", "a typo"]);
    let course = base.join("course");
    copy_course(&course);
    let url = |name: &str| format!("file://{}", students.join(name).display());
    fs::write(
        course.join("teaching/roster.txt"),
        format!(
            "# the class\n{}\n{}\n{} carol\n{}\n",
            url("alice"),
            url("bob"),
            url("carol-repo"),
            url("nobody")
        ),
    )
    .expect("written");
    let course_url = bare_repository(&course, &base.join("course.git"));
    Class {
        course_url,
        students,
    }
}

/// A class's grades: student -> (total, notes).
type Grades = BTreeMap<String, (String, String)>;

/// grades.csv as [`Grades`].
fn grades(csv: &Path) -> Grades {
    let mut rows = csv_rows(&fs::read_to_string(csv).expect("grades.csv"));
    let header = rows.remove(0);
    let total = header.iter().position(|h| h == "total").expect("total");
    let notes = header.iter().position(|h| h == "notes").expect("notes");
    let changed = header
        .iter()
        .position(|h| h == "changed_outside_exercises")
        .expect("changed_outside_exercises");
    for row in &rows {
        // alice returned the student version as it was: the grading job's own files (the
        // submissions, the shards, inside the course checkout) are no change of hers
        if row[0] == "alice" {
            assert_eq!(row[changed], "", "{}", csv.display());
        }
    }
    rows.into_iter()
        .map(|row| (row[0].clone(), (row[total].clone(), row[notes].clone())))
        .collect()
}

/// A small CSV reader: enough for the gradebook's quoting.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// What one run of a class-grading template produced.
fn assert_class_graded(grades_dir: &Path, max: &str) -> Grades {
    let table = grades(&grades_dir.join("grades.csv"));
    assert_eq!(
        table.keys().map(String::as_str).collect::<Vec<_>>(),
        ["alice", "bob", "carol", "nobody"]
    );
    assert_eq!(table["alice"].0, max, "alice: {:?}", table["alice"]);
    assert_eq!(table["bob"].0, "0");
    assert!(table["carol"].1.contains("derivatives: compile_error"));
    assert!(table["nobody"].1.contains("no submission"), "{table:?}");
    for student in ["alice", "bob", "carol"] {
        let report = grades_dir
            .join("grades-reports")
            .join(format!("{student}.json"));
        let report: Value =
            serde_json::from_slice(&fs::read(&report).expect("a report")).expect("JSON");
        // the teacher's own reports keep the seed: the run's input
        assert_eq!(report["seed"].to_string(), SEED, "{student}");
    }
    let log = fs::read_to_string(grades_dir.join("fetch-log.tsv")).expect("a fetch log");
    assert_eq!(log.lines().count(), 5, "{log}");
    assert!(
        log.contains("nobody\t") && log.contains("not fetched"),
        "{log}"
    );
    table
}

/// The course's maximum score.
fn max_score() -> String {
    course_tests::catalogue()
        .exercises
        .iter()
        .map(|exercise| exercise.max_score())
        .sum::<u32>()
        .to_string()
}

/// `template`'s shell steps, after asserting that its jobs are `jobs`, each with a shell step,
/// so that the test plays every job it has.
fn steps_of_jobs(template: &str, jobs: &[&str]) -> Vec<(String, String)> {
    let steps = shell_steps(template);
    for job in jobs {
        assert!(
            steps.iter().any(|(name, _)| name == job),
            "{template} has a job {job} with shell steps"
        );
    }
    for (name, _) in &steps {
        assert!(
            jobs.contains(&name.as_str()),
            "{template}'s job {name} is played here"
        );
    }
    steps
}

/// The shell lines of one job of a template's `shell_steps`.
fn job_lines(steps: &[(String, String)], job: &str) -> Vec<String> {
    steps
        .iter()
        .filter(|(name, _)| name == job)
        .map(|(_, line)| line.clone())
        .collect()
}

/// teaching/github/grade-class.yml: build, fetch (two shards), grade (two shards), merge.
fn github_grade_class(class: &Class, work: &Path, cache: &Cache, runner: Runner) -> Grades {
    let template = "teaching/github/grade-class.yml";
    let steps = steps_of_jobs(template, &["build", "fetch", "grade", "merge"]);
    let lines = |job: &str| job_lines(&steps, job);
    let text = fs::read_to_string(workspace_root().join(template)).expect("readable");
    // the token is named in the fetch job's text only
    let fetch_job = &text[text.find("\n  fetch:").expect("a fetch job")
        ..text.find("\n  grade:").expect("a grade job")];
    assert_eq!(
        text.matches("secrets.").count(),
        1,
        "{template} names one secret"
    );
    assert!(fetch_job.contains("secrets.ROSTER_TOKEN"));

    let store = work.join("artifacts");
    let _ = fs::remove_dir_all(&store);
    fs::create_dir_all(&store).expect("a folder");
    let outputs = work.join("github-output");
    let base_env = |extra: &[(&'static str, String)]| -> BTreeMap<&'static str, String> {
        let mut env: BTreeMap<&str, String> = [
            ("ROSTER", "teaching/roster.txt".to_string()),
            ("GITHUB_OUTPUT", outputs.display().to_string()),
        ]
        .into_iter()
        .collect();
        env.extend(extra.iter().cloned());
        env
    };
    let run_job = |job: &str, dir: &Path, env: &BTreeMap<&str, String>| {
        for line in lines(job) {
            let output = shell(dir, &line, env);
            assert_ran(&output, &format!("{template}, job {job}: {line}"), 0);
        }
    };

    // build: cache restored, built, cache saved
    let dir = job_checkout(&class.course_url, work, runner);
    cache.restore(&dir);
    run_job(
        "build",
        &dir,
        &base_env(&[("GRADER_SEED", SEED.to_string())]),
    );
    cache.save(&dir);

    for shard in ["1", "2"] {
        let dir = job_checkout(&class.course_url, work, runner);
        run_job(
            "fetch",
            &dir,
            &base_env(&[
                ("ROSTER_TOKEN", token()),
                ("SHARD", format!("{shard}/2")),
                ("OUT", format!("submissions-{shard}")),
            ]),
        );
        fs::copy(
            dir.join(format!("submissions-{shard}.tar")),
            store.join(format!("submissions-{shard}.tar")),
        )
        .expect("uploaded");
    }
    for shard in ["1", "2"] {
        let dir = job_checkout(&class.course_url, work, runner);
        cache.restore(&dir);
        let tar = format!("submissions-{shard}.tar");
        fs::copy(store.join(&tar), dir.join(&tar)).expect("downloaded");
        run_job(
            "grade",
            &dir,
            &base_env(&[
                ("GRADER_SEED", SEED.to_string()),
                ("SHARD_INDEX", shard.to_string()),
                ("SHARD", format!("{shard}/2")),
            ]),
        );
        assert!(
            !dir.join(".git").exists(),
            "the course's .git is gone before grading"
        );
        assert!(!dir.join(&tar).exists());
        assert_eq!(
            files_containing(&dir, &token()),
            Vec::<PathBuf>::new(),
            "no file of the grading job holds the token"
        );
        copy_tree(&dir.join("shards"), &store.join("shards"));
        cache.save(&dir);
    }
    let dir = job_checkout(&class.course_url, work, runner);
    cache.restore(&dir);
    copy_tree(&store.join("shards"), &dir.join("shards"));
    run_job("merge", &dir, &base_env(&[]));
    cache.save(&dir);
    assert_eq!(
        files_containing(&store, &token()),
        Vec::<PathBuf>::new(),
        "no artifact holds the token"
    );
    assert_class_graded(&dir.join("grades"), &max_score())
}

/// teaching/gitlab/grade-class.gitlab-ci.yml: build, fetch (parallel 2), grade (parallel 2), merge.
fn gitlab_grade_class(class: &Class, work: &Path, cache: &Cache, runner: Runner) -> Grades {
    let template = "teaching/gitlab/grade-class.gitlab-ci.yml";
    let steps = steps_of_jobs(template, &["build", "fetch", "grade", "merge"]);
    let lines = |job: &str| job_lines(&steps, job);
    let run_job = |job: &str, dir: &Path, extra: &[(&'static str, String)]| {
        let mut env: BTreeMap<&str, String> = [
            ("ROSTER", "teaching/roster.txt".to_string()),
            ("GRADER_SEED", SEED.to_string()),
        ]
        .into_iter()
        .collect();
        env.extend(extra.iter().cloned());
        for line in lines(job) {
            assert_ran(
                &shell(dir, &line, &env),
                &format!("{template}, job {job}: {line}"),
                0,
            );
        }
    };
    let store = work.join("artifacts");
    let _ = fs::remove_dir_all(&store);
    fs::create_dir_all(&store).expect("a folder");

    // GitLab clones first, then restores the cache over the clone
    let dir = job_checkout(&class.course_url, work, runner);
    cache.restore(&dir);
    run_job("build", &dir, &[]);
    cache.save(&dir);
    for node in ["1", "2"] {
        let dir = job_checkout(&class.course_url, work, runner);
        run_job(
            "fetch",
            &dir,
            &[
                ("CI_NODE_INDEX", node.to_string()),
                ("CI_NODE_TOTAL", "2".to_string()),
                ("ROSTER_TOKEN", token()),
                ("ROSTER_TOKEN_USER", "oauth2".to_string()),
            ],
        );
        let tar = format!("submissions-{node}.tar");
        fs::copy(dir.join(&tar), store.join(&tar)).expect("uploaded");
    }
    for node in ["1", "2"] {
        let dir = job_checkout(&class.course_url, work, runner);
        cache.restore(&dir);
        // `needs: [fetch]`: every fetch job's artifacts
        for tar in ["submissions-1.tar", "submissions-2.tar"] {
            fs::copy(store.join(tar), dir.join(tar)).expect("downloaded");
        }
        run_job(
            "grade",
            &dir,
            &[
                ("CI_NODE_INDEX", node.to_string()),
                ("CI_NODE_TOTAL", "2".to_string()),
                ("CI_JOB_TOKEN", "a-job-token".to_string()),
            ],
        );
        assert!(!dir.join(".git").exists());
        assert_eq!(files_containing(&dir, &token()), Vec::<PathBuf>::new());
        copy_tree(&dir.join("shards"), &store.join("shards"));
        cache.save(&dir);
    }
    let dir = job_checkout(&class.course_url, work, runner);
    cache.restore(&dir);
    copy_tree(&store.join("shards"), &dir.join("shards"));
    run_job("merge", &dir, &[]);
    cache.save(&dir);
    assert_class_graded(&dir.join("grades"), &max_score())
}

/// teaching/gradescope: setup.sh, then run_autograder, in an `/autograder` of its own.
fn gradescope(class: &Class, root: &Path, cache: &Cache) -> Value {
    let source = root.join("source");
    fs::create_dir_all(&source).expect("a folder");
    for file in ["setup.sh", "run_autograder"] {
        fs::copy(
            workspace_root().join("teaching/gradescope").join(file),
            source.join(file),
        )
        .expect("copied");
    }
    checkout(&class.course_url, &source.join("course"));
    let submission = root.join("submission");
    let _ = fs::remove_dir_all(&submission);
    copy_tree(&class.students.join("alice"), &submission);
    let _ = fs::remove_dir_all(submission.join(".git"));
    fs::create_dir_all(root.join("results")).expect("a folder");
    let env: BTreeMap<&str, String> = [("AUTOGRADER_ROOT", root.display().to_string())]
        .into_iter()
        .collect();
    let _ = fs::remove_file(source.join("seed"));
    let refused = shell(root, "source/setup.sh", &env);
    assert_ran(&refused, "setup.sh without a seed", 2);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("seed"));
    fs::write(source.join("seed"), format!("{SEED}\n")).expect("written");
    cache.restore(&source.join("course"));
    assert_ran(&shell(root, "source/setup.sh", &env), "setup.sh", 0);
    assert_ran(
        &shell(root, "source/run_autograder", &env),
        "run_autograder",
        0,
    );
    cache.save(&source.join("course"));
    let report: Value = serde_json::from_slice(
        &fs::read(root.join("results/grade-report/report.json")).expect("report.json"),
    )
    .expect("JSON");
    // the seed came from the file: a seed other than the default is withheld from the reports
    // the student may see (with the default 2024 it would be shown)
    assert!(report["seed"].is_null(), "{}", report["seed"]);
    serde_json::from_slice(&fs::read(root.join("results/results.json")).expect("results.json"))
        .expect("JSON")
}

// The teacher's three platforms are three tests, each with its class and build cache, so that
// the test harness runs two of them at once: each job is mostly one rustc or one check
// process, which leaves a core idle (one test for all three took 5 min here, 2026-12-07).

/// A class-grading pipeline run on hosted runners, then again on a self-hosted one, with one
/// build cache: the same grades both times.
fn pipeline_twice(platform: &str, pipeline: fn(&Class, &Path, &Cache, Runner) -> Grades) {
    let class = class(&format!("ci-{platform}"));
    let work = scratch_dir(&format!("ci-{platform}-work"));
    let cache = Cache::new(&format!("teacher-{platform}"));
    let first = pipeline(&class, &work, &cache, Runner::Hosted);
    let second = pipeline(&class, &work, &cache, Runner::SelfHosted);
    assert_eq!(first, second, "the same grades on the second run");
}

#[test]
fn the_teachers_github_workflow_runs_twice_in_a_row() {
    assert_actions_pinned("teaching/github/grade-class.yml");
    pipeline_twice("github", github_grade_class);
}

#[test]
fn the_teachers_gitlab_pipeline_runs_twice_in_a_row() {
    pipeline_twice("gitlab", gitlab_grade_class);
}

#[test]
fn the_teachers_gradescope_autograder_runs_twice_in_a_row() {
    let class = class("ci-gradescope");
    let work = scratch_dir("ci-gradescope-work");
    let cache = Cache::new("teacher-gradescope");
    let first = gradescope(&class, &work.join("autograder"), &cache);
    let second = gradescope(&class, &work.join("autograder"), &cache);
    assert_eq!(first["score"], second["score"]);
    assert_eq!(first["score"].to_string(), max_score());
}

/// The student's side: the feedback workflows the student version ships, and Classroom's.
#[test]
fn the_students_templates_run_twice_in_a_row() {
    let base = scratch_dir("ci-student");
    let handout_dir = base.join("handout");
    handout(&handout_dir);
    // the student version ships its feedback workflows, from teaching/student/
    for (shipped, from) in [
        (
            ".github/workflows/feedback.yml",
            "teaching/student/feedback.yml",
        ),
        (".gitlab-ci.yml", "teaching/student/gitlab-ci.yml"),
    ] {
        assert_eq!(
            fs::read(handout_dir.join(shipped)).expect("shipped"),
            fs::read(workspace_root().join(from)).expect("the template")
        );
    }
    for template in [
        "teaching/student/feedback.yml",
        "teaching/github/classroom.yml",
        "teaching/student/gitlab-ci.yml",
    ] {
        let text = fs::read_to_string(workspace_root().join(template)).expect("readable");
        assert!(!text.contains("secrets."), "{template} names no secret");
        assert!(
            !text.contains("TEACHER") && !text.contains("GRADER_SEED"),
            "{template}"
        );
        if template.ends_with(".yml") && text.contains("\njobs:") {
            assert_actions_pinned(template);
            assert!(text.contains("persist-credentials: false"), "{template}");
            let permissions = &text[text.find("\npermissions:").expect("permissions")..];
            let permissions: Vec<&str> = permissions
                .lines()
                .skip(2)
                .take_while(|line| line.starts_with("  "))
                .map(str::trim)
                .collect();
            assert!(
                permissions.iter().all(|p| p.ends_with(": read")),
                "{template} only reads: {permissions:?}"
            );
        }
    }
    // a student who solved the first exercise only
    let repo = base.join("student");
    copy_tree(&handout_dir, &repo);
    let first = exercises()[0].clone();
    let src = repo.join("exercises").join(&first).join("src");
    fs::remove_dir_all(&src).expect("removed");
    copy_tree(
        &workspace_root().join("solutions").join(&first).join("src"),
        &src,
    );
    let url = bare_repository(&repo, &base.join("student.git"));
    let cache = Cache::new("student");
    for template in [
        "teaching/student/feedback.yml",
        "teaching/github/classroom.yml",
        "teaching/student/gitlab-ci.yml",
    ] {
        for round in 1..=2 {
            let dir = base.join("work").join(template.replace('/', "-"));
            checkout(&url, &dir);
            cache.restore(&dir);
            let outputs = dir.join("github-output");
            let summary = dir.join("github-summary");
            let _ = fs::remove_file(&outputs);
            let env: BTreeMap<&str, String> = [
                ("GITHUB_OUTPUT", outputs.display().to_string()),
                ("GITHUB_STEP_SUMMARY", summary.display().to_string()),
            ]
            .into_iter()
            .collect();
            for (job, line) in shell_steps(template) {
                // some checks fail: exit code 1, as `cargo test` on unfinished work
                assert_ran(
                    &shell(&dir, &line, &env),
                    &format!("{template} (run {round}), job {job}: {line}"),
                    1,
                );
            }
            cache.save(&dir);
            let report: Value = serde_json::from_slice(
                &fs::read(dir.join("feedback/report.json")).expect("report.json"),
            )
            .expect("JSON");
            assert!(
                report["score"].as_u64().unwrap_or(0) > 0,
                "{template}: the solved exercise scores"
            );
            for exercise in report["exercises"].as_array().expect("exercises") {
                for check in exercise["checks"].as_array().expect("checks") {
                    assert_eq!(
                        check["visibility"], "visible",
                        "{template}: visible checks only"
                    );
                }
            }
            for file in ["report.txt", "summary.md", "report.xml", "classroom.json"] {
                assert!(
                    dir.join("feedback").join(file).is_file(),
                    "{template}: {file}"
                );
            }
            let outputs = fs::read_to_string(&outputs).expect("step outputs");
            assert!(outputs.starts_with("classroom="), "{outputs}");
            assert!(fs::read_to_string(&summary).expect("a job summary").len() > 10);
        }
    }
}
