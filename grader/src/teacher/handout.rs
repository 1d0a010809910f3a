//! `grader handout OUT_DIR`: the student version of the course.
//!
//! Everything a student needs, and nothing a teacher keeps: no `solutions/`, no workspace tests
//! (`tests/`, which grade the solutions), no hidden checks (no `grader/checks/*/src/hidden.rs`,
//! nor the answers only they compute, under `hidden/`)
//! and no hidden checks' data (the catalogue keeps only the visible checks, plus how many
//! hidden ones the teacher's grading adds), not the course's own CI
//! (`.github/`, `.gitlab-ci.yml`): the student version gets its own, which gives feedback on the
//! visible checks (`teaching/student/`). The same list of files is what `gradebook` compares a
//! returned submission against.

use crate::engine::catalogue::{Catalogue, Visibility};
use anyhow::{bail, Context as _};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// What the teacher-only `grader/lesson-reference` crate holds in the student version: the
/// reference training answers an exercise, and only hidden checks use it.
pub const LESSON_REFERENCE_STUB: &str = "//! The lesson's reference training run is kept by your teacher: only the hidden checks use it.\n";

/// The teacher-only crate's source, replaced by [`LESSON_REFERENCE_STUB`].
const LESSON_REFERENCE_SRC: &str = "grader/lesson-reference/src/lib.rs";

/// Folders at the top of the course that the student version leaves out.
const TEACHER_ONLY: &[&str] = &["solutions", "tests", "target", ".git"];

/// The course's own CI (the maintainers' checks, the teacher's class grading), the class list
/// it grades and the Gradescope seed, if a teacher keeps them in the course, the teachers' and
/// maintainers' guides, the maintainers' notes on what the checks see and miss (with the
/// mutation testing's setup) and the specification data that names the hidden checks: never
/// in the student version.
const TEACHER_CI: &[&str] = &[
    ".github",
    ".gitlab-ci.yml",
    "teaching/roster.txt",
    "teaching/gradescope/seed",
    "docs/maintainers",
    "docs/maintainers.md",
    "docs/teachers.md",
    "grader/spec",
    ".cargo/mutants.toml",
];

/// The student version's own CI, feedback on the visible checks (`teaching/student/`): where
/// the handout writes each file, and what from.
pub const STUDENT_CI: &[(&str, &str)] = &[
    (
        ".github/workflows/feedback.yml",
        "teaching/student/feedback.yml",
    ),
    (".gitlab-ci.yml", "teaching/student/gitlab-ci.yml"),
];

/// The front page's section that points to the teachers' and maintainers' guides, which the
/// student version does not ship: left out of its README.
const TEACHERS_SECTION: &str = "## Teaching and maintaining the course";

/// `text` without the section under the heading `heading` (to the next heading of its level).
fn without_section(text: &str, heading: &str) -> String {
    let Some(start) = text.find(&format!("\n{heading}\n")) else {
        return text.to_string();
    };
    let rest = &text[start + 1..];
    let end = rest[heading.len()..]
        .find("\n## ")
        .map_or(text.len(), |at| start + 1 + heading.len() + at);
    format!("{}{}", &text[..start + 1], &text[end..]).replace("\n\n\n", "\n\n")
}

/// How much the student version's stubs and hints say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Guidance {
    /// As the course is written: every place to edit has a `// TODO:` line naming what to
    /// write, and the hints go on to the code itself.
    #[default]
    Steps,
    /// The contract only: the stubs keep their doc comments and `todo!()` but lose the `// TODO:`
    /// lines, and the hints stop after the first two (the idea, then the lesson's API) and the
    /// catalogue's `contract_hint` (lines to complete), so that an exercise cannot be finished
    /// by transcription.
    Contracts,
}

/// How many hints each exercise keeps with [`Guidance::Contracts`]: the idea and the API.
const CONTRACT_HINTS: usize = 2;

/// The student version's files: path relative to the course -> content.
pub fn handout_files(
    course_root: &Path,
    catalogue: &Catalogue,
) -> anyhow::Result<BTreeMap<PathBuf, Vec<u8>>> {
    handout_files_with(course_root, catalogue, Guidance::Steps)
}

/// [`handout_files`] with the given guidance.
pub fn handout_files_with(
    course_root: &Path,
    catalogue: &Catalogue,
    guidance: Guidance,
) -> anyhow::Result<BTreeMap<PathBuf, Vec<u8>>> {
    let mut files = BTreeMap::new();
    collect(course_root, &mut files)?;
    files.retain(|path, _| !TEACHER_CI.iter().any(|teacher| path.starts_with(teacher)));
    // (a course without teaching/, such as the tests' partial copies, gets none)
    for (to, from) in STUDENT_CI {
        if let Some(content) = files.get(Path::new(from)).cloned() {
            files.insert(PathBuf::from(to), content);
        }
    }
    for (path, content) in files.iter_mut() {
        let text = || String::from_utf8_lossy(content).to_string();
        if path == Path::new("Cargo.toml") {
            *content = student_manifest(&text())?.into_bytes();
        } else if path == Path::new(Catalogue::PATH) {
            *content = student_catalogue(&text(), catalogue, guidance)?.into_bytes();
        } else if guidance == Guidance::Contracts && is_exercise_source(path) {
            *content = without_todo_lines(&text()).into_bytes();
        } else if path == Path::new("README.md") {
            *content = format!(
                "> This is the student version of the course: the reference solutions and the hidden checks \
                 are kept by your teacher. `cargo run -p grader` grades the visible checks and says how many \
                 hidden ones your teacher's grading adds.\n\n{}",
                without_section(&text(), TEACHERS_SECTION)
            )
            .into_bytes();
        }
    }
    // The stubs as handed out, for `grader reset` (the student version has no solutions to
    // derive them from).
    let stubs: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .filter_map(|(path, content)| {
            let inside = path.strip_prefix("exercises").ok()?;
            let name = inside.iter().next()?;
            inside.strip_prefix(Path::new(name).join("src")).ok()?;
            let kept = Path::new(crate::student::reset::STUBS).join(inside);
            Some((kept, content.clone()))
        })
        .collect();
    files.extend(stubs);
    // The student's catalogue lists no hidden check, so the check crates' generated registries
    // refer to none and compile without `hidden.rs` (`course_catalogue::registry`).
    files.retain(|path, _| !is_hidden_checks(path));
    if files.contains_key(Path::new(LESSON_REFERENCE_SRC)) {
        files.retain(|path, _| !path.starts_with("grader/lesson-reference/src"));
        files.insert(
            PathBuf::from(LESSON_REFERENCE_SRC),
            LESSON_REFERENCE_STUB.as_bytes().to_vec(),
        );
    }
    Ok(files)
}

/// `grader/checks/<name>/src/hidden.rs` and what its module holds under `src/hidden/` (the
/// answers only the hidden checks compute, such as linear-collapse's `collapse`).
fn is_hidden_checks(path: &Path) -> bool {
    let parts: Vec<_> = path.iter().map(|p| p.to_string_lossy()).collect();
    parts.len() >= 5
        && parts[0] == "grader"
        && parts[1] == "checks"
        && parts[3] == "src"
        && (parts[4] == "hidden.rs" || (parts[4] == "hidden" && parts.len() > 5))
}

/// Every file of the course at `root` that the student version may hold, by path relative to
/// `root`, with its content.
fn collect(root: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) -> anyhow::Result<()> {
    let left_out = |entry: &walkdir::DirEntry| {
        let name = entry.file_name().to_string_lossy();
        (entry.depth() == 1 && TEACHER_ONLY.contains(&name.as_ref()))
            || name == "target"
            || name.ends_with(".snap.new")
            || name.ends_with(".pending-snap")
            || name.ends_with(".partial")
            || name == ".course-handout"
            // a handout written inside the course is not part of the next one
            || (entry.file_type().is_dir() && entry.path().join(".course-handout").exists())
    };
    for entry in walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .filter_entry(|entry| !left_out(entry))
    {
        let entry = entry.with_context(|| format!("cannot read {}", root.display()))?;
        if entry.file_type().is_file() {
            let path = crate::engine::paths::below(root, entry.path());
            let content = fs::read(entry.path())
                .with_context(|| format!("cannot read {}", entry.path().display()))?;
            files.insert(path, content);
        }
    }
    Ok(())
}

/// The root manifest without the teacher's members, and with unused code allowed: without
/// the hidden checks, helpers they shared with the visible ones would be unused.
fn student_manifest(text: &str) -> anyhow::Result<String> {
    let mut manifest: toml_edit::DocumentMut = text.parse().context("the course's Cargo.toml")?;
    let workspace = manifest["workspace"]
        .as_table_mut()
        .context("the course's Cargo.toml has no [workspace]")?;
    for key in ["members", "default-members"] {
        if let Some(list) = workspace.get_mut(key).and_then(|item| item.as_array_mut()) {
            list.retain(|member| {
                let member = member.as_str().unwrap_or("");
                !TEACHER_ONLY
                    .iter()
                    .any(|dir| member == *dir || member.starts_with(&format!("{dir}/")))
            });
        }
    }
    manifest["workspace"]["lints"]["rust"]["dead_code"] = toml_edit::value("allow");
    // generated inputs serve the hidden checks only: no proptest in a student's build
    if let Some(harness) =
        manifest["workspace"]["dependencies"]["check-harness"].as_inline_table_mut()
    {
        harness.remove("features");
        harness.fmt();
    }
    Ok(manifest.to_string())
}

/// The catalogue with only the visible checks, and per exercise the count and points of the
/// hidden ones.
/// `exercises/<name>/src/**/*.rs`
fn is_exercise_source(path: &Path) -> bool {
    let parts: Vec<_> = path.iter().collect();
    parts.len() >= 4
        && parts[0] == "exercises"
        && parts[2] == "src"
        && path.extension().is_some_and(|ext| ext == "rs")
}

/// A stub without its step-by-step text: each `// TODO:` line and the plain comment lines that
/// continue it at its indentation (the block `course_catalogue::stubs` knows), nothing else.
fn without_todo_lines(stub: &str) -> String {
    let newline = if stub.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::new();
    let mut todo_indent: Option<usize> = None;
    for line in stub.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let continues =
            todo_indent == Some(indent) && trimmed.starts_with("//") && !trimmed.starts_with("///");
        if trimmed.starts_with("// TODO:") || continues {
            todo_indent = Some(indent);
            continue;
        }
        todo_indent = None;
        out.push_str(line);
        out.push_str(newline);
    }
    out
}

fn student_catalogue(
    text: &str,
    catalogue: &Catalogue,
    guidance: Guidance,
) -> anyhow::Result<String> {
    let mut document: toml_edit::DocumentMut = text.parse().context("the catalogue")?;
    let exercises = document["exercise"]
        .as_array_of_tables_mut()
        .context("the catalogue has no [[exercise]]")?;
    for (table, exercise) in exercises.iter_mut().zip(&catalogue.exercises) {
        let hidden: Vec<_> = exercise
            .checks
            .iter()
            .filter(|check| check.visibility == Visibility::Hidden)
            .collect();
        let checks = table["check"]
            .as_array_of_tables_mut()
            .context("an exercise without checks")?;
        checks.retain(|check| check.get("visibility").and_then(|v| v.as_str()) != Some("hidden"));
        let contract_hint = table.remove("contract_hint");
        if guidance == Guidance::Contracts {
            if let Some(hints) = table.get_mut("hints").and_then(|h| h.as_array_mut()) {
                while hints.len() > CONTRACT_HINTS {
                    hints.remove(hints.len() - 1);
                }
                // the third rung: lines to complete, never a whole function
                if let Some(hint) = contract_hint.as_ref().and_then(|h| h.as_str()) {
                    hints.push(hint);
                }
            }
        }
        table["withheld_checks"] = toml_edit::value(hidden.len() as i64);
        table["withheld_points"] =
            toml_edit::value(hidden.iter().map(|c| i64::from(c.points)).sum::<i64>());
    }
    Ok(document.to_string())
}

/// Writes the student version into `out_dir`, which must be empty or new unless `force`.
pub fn write_handout(
    course_root: &Path,
    catalogue: &Catalogue,
    out_dir: &Path,
    force: bool,
    guidance: Guidance,
) -> anyhow::Result<usize> {
    if out_dir.exists() {
        let mut entries =
            fs::read_dir(out_dir).with_context(|| format!("cannot read {}", out_dir.display()))?;
        if entries.next().is_some() && !force {
            bail!(
                "{} is not empty: choose a new folder, or add --force to write into it (files with the same names are replaced)",
                out_dir.display()
            );
        }
    }
    let files = handout_files_with(course_root, catalogue, guidance)?;
    for (path, content) in &files {
        let target = out_dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&target, content)
            .with_context(|| format!("cannot write {}", target.display()))?;
        // keep scripts executable (.ci/run, teaching/*.sh)
        if let Ok(metadata) = fs::metadata(course_root.join(path)) {
            fs::set_permissions(&target, metadata.permissions())?;
        }
    }
    // Marks the folder, so that a handout written inside the course is never copied into the next.
    fs::write(
        out_dir.join(".course-handout"),
        "written by `cargo run -p grader -- handout`\n",
    )?;
    prune_lock_file(out_dir);
    Ok(files.len())
}

/// The course's `Cargo.lock` also pins crates that only the teacher's copy uses (the solutions'
/// and the tests' dependencies). Cargo would drop them on the student's first build and leave
/// `Cargo.lock` changed in their `git status`; cargo drops them now instead, offline, so that
/// nothing is resolved anew and every version stays the course's. Where cargo cannot run
/// offline, the lock stays the course's and the first build prunes it.
fn prune_lock_file(out_dir: &Path) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let _ = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--offline",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(out_dir.join("Cargo.toml"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
}

#[cfg(test)]
mod guidance_tests {
    use super::*;

    /// With `--guidance contracts` a stub keeps its contract (doc comments, signature,
    /// `todo!()`, other comments) and loses the step-by-step text.
    #[test]
    fn a_contract_stub_keeps_the_contract_and_drops_the_steps() {
        let stub = "/// sigma'(z) = sigma(z)(1 - sigma(z)).\n///\n/// Same shape as `z`.\n\
            pub fn sigmoid_derivative(z: &Tensor) -> Result<Tensor> {\n    \
            // TODO: compute sigma once (`candle_nn::ops::sigmoid`) and reuse it:\n    \
            // s * (1 - s), with `affine(-1.0, 1.0)`.\n    todo!()\n}\n\n\
            // a note that is no step\nfn other() {}\n";
        let contract = without_todo_lines(stub);
        assert_eq!(
            contract,
            "/// sigma'(z) = sigma(z)(1 - sigma(z)).\n///\n/// Same shape as `z`.\n\
             pub fn sigmoid_derivative(z: &Tensor) -> Result<Tensor> {\n    todo!()\n}\n\n\
             // a note that is no step\nfn other() {}\n"
        );
    }
}

#[cfg(test)]
mod manifest_tests {
    /// The student version's check harness is built without generated inputs (proptest), which
    /// only the hidden checks use: the course's manifest asks for them, the student's not. (A
    /// manifest of its own: in the student version, the course's is already the student's.)
    #[test]
    fn the_student_manifest_builds_the_harness_without_proptest() -> anyhow::Result<()> {
        let course = "[workspace]\nmembers = [\"grader\"]\n\n[workspace.dependencies]\n\
            check-harness = { path = \"grader/harness\", features = [\"generate\"] }\n";
        let harness = |text: &str| -> anyhow::Result<String> {
            let manifest: toml_edit::DocumentMut = text.parse()?;
            Ok(manifest["workspace"]["dependencies"]["check-harness"].to_string())
        };
        assert!(
            harness(course)?.contains("generate"),
            "{}",
            harness(course)?
        );
        let student = super::student_manifest(course)?;
        assert!(
            !harness(&student)?.contains("generate"),
            "{}",
            harness(&student)?
        );
        assert!(harness(&student)?.contains("grader/harness"));
        Ok(())
    }
}
