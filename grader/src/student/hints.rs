//! `grader hint NAME`: one more hint each time it is asked, from the catalogue.

use crate::engine::catalogue::Catalogue;
use crate::engine::fnv1a;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How many hints were shown, per exercise, recorded per course folder.
fn path(target_dir: &Path, course_root: &Path) -> PathBuf {
    target_dir.join("grader").join(format!(
        "hints-{:016x}.json",
        fnv1a(course_root.to_string_lossy().as_bytes())
    ))
}

fn load(file: &Path) -> BTreeMap<String, usize> {
    std::fs::read(file)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// The hints to show now: the ones shown before and one more (all with `all`), and saves how
/// many were shown. `reset` starts over.
pub fn reveal(
    catalogue: &Catalogue,
    target_dir: &Path,
    course_root: &Path,
    name: &str,
    all: bool,
    reset: bool,
) -> anyhow::Result<String> {
    let exercise = catalogue.select(&[name.to_string()])?[0];
    let file = path(target_dir, course_root);
    let mut shown = load(&file);
    if reset {
        shown.remove(&exercise.name);
    }
    let total = exercise.hints.len();
    if total == 0 {
        return Ok(format!("{} has no hints.\n", exercise.name));
    }
    let before = shown.get(&exercise.name).copied().unwrap_or(0);
    let now = if all { total } else { (before + 1).min(total) };
    shown.insert(exercise.name.clone(), now);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&file, serde_json::to_vec_pretty(&shown)?)?;
    let mut out = String::new();
    for (number, hint) in exercise.hints.iter().take(now).enumerate() {
        out.push_str(&format!("Hint {} of {total}: {hint}\n", number + 1));
    }
    if now < total {
        out.push_str(&format!(
            "Ask again for the next hint: `cargo run -p grader -- hint {}`.\n",
            exercise.name
        ));
    } else if before >= total {
        out.push_str("That is every hint for this exercise; `--reset` starts over.\n");
    }
    Ok(out)
}
