//! What a teacher runs: the student version to hand out, a class's gradebook (whole or in
//! shards, then merged) and the class report.

pub mod class_report;
pub mod gradebook;
pub mod handout;
pub mod merge;
pub mod roster;

use crate::engine::catalogue::Catalogue;
use crate::engine::grade::Options;
use crate::engine::report::ensure_parent_exists;
use anyhow::bail;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `handout`: writes the student version into `out_dir`.
pub fn handout(
    course_root: &Path,
    catalogue: &Catalogue,
    out_dir: &Path,
    force: bool,
    guidance: handout::Guidance,
) -> anyhow::Result<ExitCode> {
    let count = handout::write_handout(course_root, catalogue, out_dir, force, guidance)?;
    println!(
        "Wrote the student version ({count} files) to {}. In it, `cargo run -p grader` grades the visible checks.",
        out_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `gradebook`: grades the class in `submissions_dir` (or a shard of it) into `csv`, and writes
/// the class report too when `class_report` names a page.
pub fn gradebook(
    catalogue: &Catalogue,
    options: &Options,
    submissions_dir: &Path,
    csv: &Path,
    class: &gradebook::Class,
    class_report: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    ensure_parent_exists(csv)?;
    if let Some(page) = class_report {
        ensure_parent_exists(page)?;
        if class.shard.is_some() {
            bail!("--class-report needs the whole class and a shard grades only its share: leave it out, merge the shards with `gradebook-merge`, then run `class-report` on the merged CSV");
        }
    }
    let rows = gradebook::gradebook(catalogue, options, submissions_dir, csv, class)?;
    match class.shard {
        Some(shard) => println!(
            "Wrote {} with {} students (shard {shard}).",
            csv.display(),
            rows.len()
        ),
        None => println!("Wrote {} with {} students.", csv.display(), rows.len()),
    }
    if let Some(page) = class_report {
        write_class_report(&options.course_root, catalogue, submissions_dir, csv, page)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `class-report`: the class report of a graded class, from its gradebook `csv`.
pub fn write_class_report(
    course_root: &Path,
    catalogue: &Catalogue,
    submissions_dir: &Path,
    csv: &Path,
    page: &Path,
) -> anyhow::Result<ExitCode> {
    ensure_parent_exists(page)?;
    let written = class_report::class_report(course_root, catalogue, csv, submissions_dir, page)?;
    println!(
        "Wrote the class report {} and its numbers {} ({} students, {} pairs flagged as similar; similarity computed in {:.1} s).",
        written.page.display(),
        written.numbers.display(),
        written.students,
        written.flagged,
        written.similarity_seconds
    );
    Ok(ExitCode::SUCCESS)
}

/// `gradebook-merge`: one gradebook from the shards' gradebooks.
pub fn merge(shards: &[PathBuf], csv: &Path) -> anyhow::Result<ExitCode> {
    ensure_parent_exists(csv)?;
    let students = merge::merge(shards, csv)?;
    println!(
        "Wrote {} with {students} students from {} shards.",
        csv.display(),
        shards.len()
    );
    Ok(ExitCode::SUCCESS)
}
