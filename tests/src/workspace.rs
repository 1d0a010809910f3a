use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The exercises in course order, as the grader names them.
pub const EXERCISES: &[&str] = &["derivatives"];

/// The root of the course workspace (the folder with the top-level `Cargo.toml`).
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits inside the workspace")
}

/// A `cargo` command, the same cargo that runs the tests.
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(workspace_root());
    command
}

/// The grader binary, built once per test process with `cargo build -p grader`.
pub fn grader_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let output = cargo()
            .args(["build", "-q", "-p", "grader", "--message-format=json"])
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo build -p grader failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|message| message["target"]["name"] == "grader")
            .find_map(|message| message["executable"].as_str().map(PathBuf::from))
            .expect("cargo reports the grader's executable")
    })
}
