//! The cargo commands the course tells a student to run, read from its own Markdown.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// A command the Markdown names, as written, and the build it starts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Documented {
    /// The command as the page gives it (`<name>` replaced by an exercise).
    pub written: String,
    /// Its build step only: `cargo run ARGS -- ...` as `cargo build ARGS`, `cargo test ARGS` as
    /// `cargo test ARGS --no-run`.
    pub build: Vec<String>,
    /// The page says it belongs to the teacher's copy.
    pub teachers_copy: bool,
}

/// The Markdown a student is given: the front page and each exercise's lesson.
fn pages(root: &Path) -> Vec<String> {
    let mut pages = vec![root.join("README.md")];
    for exercise in crate::exercises() {
        pages.push(root.join("exercises").join(exercise).join("README.md"));
    }
    pages
        .iter()
        .filter_map(|page| std::fs::read_to_string(page).ok())
        .collect()
}

/// Every `cargo run`, `cargo test` and `cargo build` that the pages of the course at `root`
/// name, each exercise in place of `<name>`. Left out: commands in another profile
/// (`--release`, `cargo bench`), which build their own candle by design.
pub fn documented_commands(root: &Path) -> BTreeSet<Documented> {
    let mut commands = BTreeSet::new();
    for page in pages(root) {
        for (at, _) in page.match_indices("cargo ") {
            let rest = &page[at..];
            let end = rest
                .find(['`', '\n', '#', '(', ',', ';'])
                .unwrap_or(rest.len());
            let written = rest[..end].trim();
            let words: Vec<&str> = written.split_whitespace().collect();
            if !matches!(words.get(1), Some(&("run" | "test" | "build"))) {
                continue;
            }
            if words.contains(&"--release") {
                continue;
            }
            // the sentence around it: "(teacher's copy ...)" marks what the student version lacks
            let sentence_start = page[..at].rfind(". ").map_or(0, |i| i + 2);
            let sentence_end = at + rest.find(". ").unwrap_or(rest.len());
            let teachers_copy = page[sentence_start..sentence_end].contains("teacher's copy");
            let names: Vec<String> = if written.contains("<name>") {
                crate::exercises()
            } else {
                vec![String::new()]
            };
            for name in names {
                let written = written.replace("<name>", &name);
                let mut args: Vec<String> = written
                    .split_whitespace()
                    .skip(1)
                    .take_while(|word| *word != "--")
                    .map(String::from)
                    .collect();
                match args[0].as_str() {
                    "run" => args[0] = "build".into(),
                    "test" => args.push("--no-run".into()),
                    _ => {}
                }
                commands.insert(Documented {
                    written,
                    build: args,
                    teachers_copy,
                });
            }
        }
    }
    commands
}

/// Runs `command`'s build in the course at `root` with `target` as its target folder; returns
/// whether it succeeded, the registry crates it compiled (`Compiling candle-core v0.9.2`: a
/// registry crate's line names no folder) and cargo's output.
pub fn build_documented(
    root: &Path,
    target: &Path,
    command: &Documented,
) -> (bool, Vec<String>, String) {
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .args(&command.build)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let registry = stderr
        .lines()
        .filter(|line| line.trim_start().starts_with("Compiling") && !line.contains(" ("))
        .map(|line| line.trim().to_string())
        .collect();
    (output.status.success(), registry, stderr)
}
