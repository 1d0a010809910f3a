//! `grader reset NAME`: puts an exercise's stub back, keeping the student's own files beside it.
//!
//! The stub comes from the reference solution where the course has one (the teacher's copy:
//! `course_catalogue::stubs::stub_from_solution`, the rule `dev check` holds the stubs to), and
//! otherwise from the copy of the stubs that the student version carries ([`STUBS`], written by
//! `grader handout`). A file that differs from its stub is first copied to
//! `<file>.before-reset` (`.before-reset-2`, ... when that exists), so nothing is lost.

use crate::engine::catalogue::Catalogue;
use anyhow::Context as _;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Where the student version keeps the stubs as handed out: `grader/stubs/<name>/src/...`.
pub const STUBS: &str = "grader/stubs";

/// Resets `name`'s sources in `course_root` and says what it did.
pub fn reset(catalogue: &Catalogue, course_root: &Path, name: &str) -> anyhow::Result<String> {
    let exercise = catalogue.select(&[name.to_string()])?[0];
    let stubs = stubs(course_root, &exercise.name)?;
    let src = course_root
        .join("exercises")
        .join(&exercise.name)
        .join("src");
    let mut out = String::new();
    for (relative, stub) in &stubs {
        let file = src.join(relative);
        let current = fs::read(&file).ok();
        if current.as_deref() == Some(stub.as_bytes()) {
            continue;
        }
        if let Some(current) = current {
            let backup = free_backup_name(&file);
            fs::write(&backup, current)
                .with_context(|| format!("cannot keep your file as {}", backup.display()))?;
            out.push_str(&format!(
                "exercises/{}/src/{}: your version is kept as {}\n",
                exercise.name,
                relative.display(),
                backup.file_name().unwrap_or_default().to_string_lossy()
            ));
        }
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&file, stub).with_context(|| format!("cannot write {}", file.display()))?;
    }
    if out.is_empty() {
        out = format!("{} is already as it was handed out.\n", exercise.name);
    } else {
        out.push_str(&format!(
            "{} is back to its stub: `cargo run -p grader -- --exercise {}` grades it.\n",
            exercise.name, exercise.name
        ));
    }
    Ok(out)
}

/// The exercise's stub files (relative to its `src/`) and their text.
fn stubs(course_root: &Path, name: &str) -> anyhow::Result<BTreeMap<PathBuf, String>> {
    let solution = course_root.join("solutions").join(name).join("src");
    let kept = course_root.join(STUBS).join(name).join("src");
    let (from, derive) = if solution.is_dir() {
        (solution, true)
    } else if kept.is_dir() {
        (kept, false)
    } else {
        anyhow::bail!(
            "this copy of the course has neither solutions/{name} nor {STUBS}/{name} to take the stub from: \
             restore exercises/{name}/src from your repository instead (`git checkout -- exercises/{name}/src`)"
        );
    };
    let mut files = BTreeMap::new();
    for (path, content) in crate::engine::workspace::read_sources(&from) {
        let text = content
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .with_context(|| format!("cannot read {} as text", from.join(&path).display()))?;
        let stub = if derive {
            course_catalogue::stubs::stub_from_solution(&text)
        } else {
            text
        };
        files.insert(path, stub);
    }
    Ok(files)
}

/// `<file>.before-reset`, or the first of `-2`, `-3`, ... that does not exist yet.
fn free_backup_name(file: &Path) -> PathBuf {
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    (1..)
        .map(|number| {
            let suffix = if number == 1 {
                String::new()
            } else {
                format!("-{number}")
            };
            file.with_file_name(format!("{name}.before-reset{suffix}"))
        })
        .find(|candidate| !candidate.exists())
        .unwrap_or_else(|| file.with_extension("before-reset"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A student's edits are kept beside the stub that replaces them, and a later reset keeps
    /// the earlier backups: from the student version's copy of the stubs, and, where the course
    /// has them (not in a student version), from the reference solutions.
    #[test]
    fn reset_puts_the_stub_back_and_keeps_the_students_file() -> anyhow::Result<()> {
        let course = crate::engine::course::compiled_in();
        let catalogue = Catalogue::load(&course)?;
        let name = catalogue.exercises[0].name.clone();
        let copy = std::env::temp_dir().join(format!("grader-reset-{}", std::process::id()));
        let src = copy.join("exercises").join(&name).join("src");
        fs::create_dir_all(&src)?;
        let stub = fs::read_to_string(course.join("exercises").join(&name).join("src/lib.rs"))?;
        crate::engine::paths::copy_tree(
            &course.join("exercises").join(&name).join("src"),
            &copy.join(STUBS).join(&name).join("src"),
        )?;
        fs::write(src.join("lib.rs"), "// my work, half done\n")?;

        let said = reset(&catalogue, &copy, &name)?;
        assert!(said.contains("kept as lib.rs.before-reset"), "{said}");
        assert_eq!(fs::read_to_string(src.join("lib.rs"))?, stub);
        assert_eq!(
            fs::read_to_string(src.join("lib.rs.before-reset"))?,
            "// my work, half done\n"
        );
        // nothing to do the second time
        assert!(reset(&catalogue, &copy, &name)?.contains("already as it was handed out"));
        fs::write(src.join("lib.rs"), "// second try\n")?;
        assert!(reset(&catalogue, &copy, &name)?.contains("kept as lib.rs.before-reset-2"));

        // neither stubs nor solutions: a clear error
        fs::remove_dir_all(copy.join(STUBS))?;
        let err = reset(&catalogue, &copy, &name).expect_err("no stub to take");
        assert!(err.to_string().contains("git checkout"), "{err}");

        // the teacher's copy: the stub derived from the solution is the handed-out one
        let solution = course.join("solutions").join(&name).join("src");
        if solution.is_dir() {
            crate::engine::paths::copy_tree(
                &solution,
                &copy.join("solutions").join(&name).join("src"),
            )?;
            fs::write(src.join("lib.rs"), "// third try\n")?;
            assert!(reset(&catalogue, &copy, &name)?.contains("kept as lib.rs.before-reset-3"));
            assert_eq!(fs::read_to_string(src.join("lib.rs"))?, stub);
        }
        fs::remove_dir_all(&copy)?;
        Ok(())
    }
}
