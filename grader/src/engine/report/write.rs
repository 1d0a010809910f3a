//! Writing reports to files: a report reaches its file whole or not at all.

use super::{Report, Reporter};
use anyhow::Context as _;
use std::path::Path;

/// Fails, naming the folder, when `path`'s folder does not exist: before grading, not after.
pub fn ensure_parent_exists(path: &Path) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        anyhow::ensure!(
            parent.is_dir(),
            "cannot write {}: the folder {} does not exist",
            path.display(),
            parent.display()
        );
    }
    Ok(())
}

/// Written beside and renamed, so that a reader never sees half a report.
pub fn write_report(reporter: &dyn Reporter, report: &Report, path: &Path) -> anyhow::Result<()> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, reporter.render(report)?)
        .with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
        "Wrote {} (score {}/{}).",
        path.display(),
        report.score,
        report.max_score
    );
    Ok(())
}
