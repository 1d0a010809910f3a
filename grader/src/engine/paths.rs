//! Paths as a student reads them, on every platform.
//!
//! On Windows `canonicalize` returns "verbatim" paths (`\\?\C:\Users\...`), which no student
//! recognises (`dunce` gives the plain spelling where one exists), and rustc names files with
//! `\` where the grader joins them with `/`. The functions on names are plain text operations,
//! so their tests run on every platform.

use std::path::{Path, PathBuf};

/// `path` made absolute with links resolved, without Windows' verbatim prefix.
pub fn canonical(path: &Path) -> std::io::Result<PathBuf> {
    dunce::canonicalize(path)
}

/// `file` without the leading `prefix`, whichever separator either is written with; the rest
/// comes back with `/` (`exercises/x/` and `exercises\x\src\lib.rs` give `src/lib.rs`).
pub fn strip_prefix_any_separator(file: &str, prefix: &str) -> Option<String> {
    let file = file.replace('\\', "/");
    let prefix = prefix.replace('\\', "/");
    file.strip_prefix(&prefix).map(str::to_string)
}

/// `text` with `prefix` (a `/`-joined relative path) replaced by `with` wherever it appears,
/// spelled with `/` or with `\`.
pub fn replace_prefix(text: &str, prefix: &str, with: &str) -> String {
    let backslashed = prefix.replace('/', "\\");
    text.replace(prefix, with).replace(&backslashed, with)
}

/// `dir` joined with a `/`-separated relative path, each part with the platform's separator.
pub fn join_relative(dir: &Path, relative: &str) -> PathBuf {
    relative
        .split('/')
        .filter(|part| !part.is_empty())
        .fold(dir.to_path_buf(), |path, part| path.join(part))
}

/// Where `path`, found by walking `root`, lies inside it (`path` itself if it is not under
/// `root`, which a walk of `root` never yields).
pub fn below(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Copies the folder `from` to `to`, with everything in it (links are copied as the files
/// they point to, as `fs::copy` does).
pub fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    use anyhow::Context as _;
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        let target = to.join(below(from, entry.path()));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)
                .with_context(|| format!("cannot create {}", target.display()))?;
        } else {
            std::fs::copy(entry.path(), &target).with_context(|| {
                format!(
                    "cannot copy {} to {}",
                    entry.path().display(),
                    target.display()
                )
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compile_errors_are_found_under_either_separator() {
        let prefix = "submission/exercises/derivatives/";
        for file in [
            r"submission\exercises\derivatives\src\lib.rs",
            "submission/exercises/derivatives/src/lib.rs",
        ] {
            assert_eq!(
                strip_prefix_any_separator(file, prefix).as_deref(),
                Some("src/lib.rs")
            );
        }
        assert_eq!(
            strip_prefix_any_separator(r"submission\grader\checks\x\src\main.rs", prefix),
            None
        );
        let rendered = "error[E0308]: mismatched types\n --> submission\\exercises\\derivatives\\src\\lib.rs:7:5\n";
        assert_eq!(
            replace_prefix(rendered, prefix, r"C:\Users\ada\course\exercises\derivatives\"),
            "error[E0308]: mismatched types\n --> C:\\Users\\ada\\course\\exercises\\derivatives\\src\\lib.rs:7:5\n"
        );
    }

    #[test]
    fn relative_paths_take_the_platform_separator() {
        let joined = join_relative(Path::new("course"), "src/lib.rs");
        assert_eq!(joined, Path::new("course").join("src").join("lib.rs"));
    }
}
