//! Building the check binaries with cargo, and reading its JSON messages: which binaries were
//! built, and the first compile error of each exercise that did not build.

use anyhow::Context as _;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one `cargo build` of several check packages produced.
#[derive(Debug, Default)]
pub struct Built {
    /// Check package name -> the executable cargo reported for it.
    pub executables: BTreeMap<String, PathBuf>,
    /// Package name -> its first compile error (file:line and the compiler's message).
    pub first_errors: BTreeMap<String, CompileError>,
    /// The last lines cargo wrote to stderr: the reason when cargo itself failed.
    pub cargo_stderr: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct CompileError {
    /// The file as cargo names it, relative to the grading workspace.
    pub file: String,
    pub line: usize,
    pub rendered: String,
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    package_id: Option<String>,
    target: Option<Target>,
    executable: Option<PathBuf>,
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    rendered: Option<String>,
    #[serde(default)]
    spans: Vec<Span>,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    line_start: usize,
    is_primary: bool,
}

/// Builds `packages` in the workspace at `root`, sharing `target_dir`, each of its own crates
/// compiled within `limits`. With `--keep-going`, an exercise that does not compile does not
/// stop the others from being built.
pub fn build(
    root: &Path,
    target_dir: &Path,
    packages: &[String],
    limits: crate::engine::build_limits::BuildLimits,
    show_progress: bool,
) -> anyhow::Result<Built> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir)
        .args(["build", "--keep-going", "--message-format=json"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if !show_progress {
        command.arg("--quiet");
    }
    for package in packages {
        command.args(["-p", package]);
    }
    limits.apply(&mut command)?;
    let mut child = command.spawn().context("cannot start cargo")?;
    let stderr = child.stderr.take().context("cargo's stderr")?;
    let stderr_thread = std::thread::spawn(move || {
        let mut tail = Vec::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if show_progress {
                eprintln!("{line}");
            }
            tail.push(line);
            if tail.len() > 40 {
                tail.remove(0);
            }
        }
        tail
    });
    let mut built = Built::default();
    let stdout = child.stdout.take().context("cargo's stdout")?;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        let Ok(message) = serde_json::from_str::<Message>(&line) else {
            continue;
        };
        match message.reason.as_str() {
            "compiler-artifact" => {
                if let (Some(target), Some(executable)) = (message.target, message.executable) {
                    built.executables.insert(target.name, executable);
                }
            }
            "compiler-message" => {
                let (Some(package_id), Some(diagnostic)) = (message.package_id, message.message)
                else {
                    continue;
                };
                if diagnostic.level != "error" {
                    continue;
                }
                let package = package_name(&package_id);
                let span = diagnostic.spans.iter().find(|span| span.is_primary);
                built
                    .first_errors
                    .entry(package)
                    .or_insert_with(|| CompileError {
                        file: span.map(|s| s.file_name.clone()).unwrap_or_default(),
                        line: span.map(|s| s.line_start).unwrap_or(0),
                        rendered: diagnostic.rendered.unwrap_or_default(),
                    });
            }
            _ => {}
        }
    }
    child.wait()?;
    built.cargo_stderr = stderr_thread.join().unwrap_or_default();
    Ok(built)
}

/// The package name in a cargo package id: `path+file:///x/exercises/derivatives#0.1.0` (the
/// folder's name) or `path+file:///x/y#name@0.1.0`.
fn package_name(package_id: &str) -> String {
    let fragment = package_id.rsplit('#').next().unwrap_or(package_id);
    match fragment.split_once('@') {
        Some((name, _)) => name.to_string(),
        None => package_id
            .split('#')
            .next()
            .and_then(|url| url.rsplit('/').next())
            .unwrap_or(package_id)
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_from_ids() {
        assert_eq!(
            package_name("path+file:///w/exercises/derivatives#0.1.0"),
            "derivatives"
        );
        assert_eq!(
            package_name("path+file:///w/grader/checks/derivatives#check-derivatives@0.1.0"),
            "check-derivatives"
        );
    }
}
