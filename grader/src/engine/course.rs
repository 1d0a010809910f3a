//! Which course the grader grades: the one it runs in, never another copy's.
//!
//! A grader binary knows the folder it was compiled in, but that is not always the course it
//! runs in: a copied course (`cp -a`, a second clone, the student version) whose copied target
//! folder looks up to date to cargo runs a binary compiled for the original, and would grade
//! with the original's catalogue and checks. So the course is found at run time:
//!
//! 1. `--course DIR`, when given;
//! 2. else, under `cargo run -p grader`, the course cargo ran it in: cargo tells the program its
//!    package's folder at run time (`CARGO_MANIFEST_DIR`), whatever folder it was compiled in;
//! 3. else the course whose target folder holds the running grader (`<course>/target/<profile>/
//!    grader`, run directly);
//! 4. else (a target folder outside any course, e.g. a global `CARGO_TARGET_DIR`) the folder it
//!    was compiled in, unless the current folder is inside another course: then it refuses,
//!    naming both, rather than guess.
//!
//! A course is a folder with `grader/catalogue.toml`. Rules 2 and 3 come before the current
//! folder on purpose: a teacher who runs their grader from inside a student's copy (which has a
//! catalogue of its own) still grades with their own course. Rule 2 takes `CARGO_MANIFEST_DIR`
//! only when it names a `grader` package folder, since a program started by `cargo test` of
//! another package passes that package's folder on to what it runs.

use crate::engine::catalogue::Catalogue;
use anyhow::bail;
use std::path::{Path, PathBuf};

/// The course folder this grader was compiled in.
pub fn compiled_in() -> PathBuf {
    let grader = Path::new(env!("CARGO_MANIFEST_DIR"));
    grader.parent().unwrap_or(grader).to_path_buf()
}

/// The target directory the grader was built in, shared with the check binaries' builds so
/// that candle is compiled once.
pub fn target_dir(course_root: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        let dir = PathBuf::from(dir);
        return if dir.is_absolute() {
            dir
        } else {
            course_root.join(dir)
        };
    }
    let from_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.to_path_buf()))
        .filter(|dir| dir.join("CACHEDIR.TAG").exists());
    from_exe.unwrap_or_else(|| course_root.join("target"))
}

/// The course to grade when `--course` is not given, by the rules above.
pub fn locate() -> anyhow::Result<PathBuf> {
    let run_by_cargo = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .and_then(|dir| course_of_grader_package(&dir));
    let holding_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| course_holding_exe(&exe));
    let here = std::env::current_dir()
        .ok()
        .and_then(|dir| enclosing_course(&dir));
    choose(run_by_cargo.or(holding_exe), here, &compiled_in())
}

/// The course of a `grader` package folder (`<course>/grader`).
fn course_of_grader_package(dir: &Path) -> Option<PathBuf> {
    let course = dir.parent()?;
    (dir.file_name()? == "grader" && is_course(course))
        .then(|| crate::engine::paths::canonical(course).ok())
        .flatten()
}

/// The course of `<course>/target/<profile>/grader`.
fn course_holding_exe(exe: &Path) -> Option<PathBuf> {
    let target = exe.parent()?.parent()?;
    let course = target.parent()?;
    (target.file_name()? == "target" && is_course(course))
        .then(|| crate::engine::paths::canonical(course).ok())
        .flatten()
}

fn choose(
    holding_exe: Option<PathBuf>,
    here: Option<PathBuf>,
    compiled: &Path,
) -> anyhow::Result<PathBuf> {
    if let Some(course) = holding_exe {
        return Ok(course);
    }
    let compiled_is_course = is_course(compiled);
    match here {
        Some(here) if !compiled_is_course || !same_folder(&here, compiled) => bail!(
            "this grader was built for the course in {} but runs in the course in {}: run \
             `cargo run -p grader` in the course you mean, or name it with `--course DIR`",
            compiled.display(),
            here.display()
        ),
        _ if compiled_is_course => Ok(compiled.to_path_buf()),
        _ => bail!(
            "cannot find the course: this grader was built in {}, which is no longer a course \
             folder; run it with `cargo run -p grader` inside the course, or give `--course DIR`",
            compiled.display()
        ),
    }
}

/// The nearest folder at or above `path` that is a course.
fn enclosing_course(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .find(|dir| is_course(dir))
        .and_then(|dir| crate::engine::paths::canonical(dir).ok())
}

fn is_course(dir: &Path) -> bool {
    dir.join(Catalogue::PATH).is_file()
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (
        crate::engine::paths::canonical(a),
        crate::engine::paths::canonical(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course_at(dir: &Path) -> anyhow::Result<PathBuf> {
        std::fs::create_dir_all(dir.join("grader"))?;
        std::fs::write(dir.join(Catalogue::PATH), "")?;
        Ok(crate::engine::paths::canonical(dir)?)
    }

    #[test]
    fn a_copied_course_grades_itself_or_refuses() -> anyhow::Result<()> {
        let base = std::env::temp_dir().join(format!("grader-course-{}", std::process::id()));
        let original = course_at(&base.join("original"))?;
        let copy = course_at(&base.join("copy"))?;
        let nowhere = base.join("elsewhere");
        std::fs::create_dir_all(&nowhere)?;

        // `cargo run -p grader` in the copy: the binary sits in the copy's target folder
        let exe_in_copy = copy.join("target/debug/grader");
        std::fs::create_dir_all(exe_in_copy.parent().unwrap_or(&copy))?;
        let found = choose(enclosing_course(&exe_in_copy), None, &original)?;
        assert_eq!(found, copy);
        // ... even when run from inside the original, or from inside a student's copy
        let found = choose(
            enclosing_course(&exe_in_copy),
            Some(original.clone()),
            &original,
        )?;
        assert_eq!(found, copy);

        // a binary outside any course, run inside the copy: refused, naming both
        let refused = choose(None, enclosing_course(&copy.join("grader")), &original)
            .expect_err("another course");
        let message = refused.to_string();
        assert!(
            message.contains(&original.display().to_string()),
            "{message}"
        );
        assert!(message.contains(&copy.display().to_string()), "{message}");

        // ... run inside the course it was built for, or outside any course: that course
        assert_eq!(choose(None, Some(original.clone()), &original)?, original);
        assert_eq!(
            choose(None, enclosing_course(&nowhere), &original)?,
            original
        );

        // ... built in a folder that is no longer a course: refused
        std::fs::remove_file(original.join(Catalogue::PATH))?;
        assert!(choose(None, None, &original).is_err());
        std::fs::remove_dir_all(&base)?;
        Ok(())
    }
}
