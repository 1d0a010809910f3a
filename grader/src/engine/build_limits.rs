//! Limits on compiling student code: time, memory and the size of what the compiler writes.
//!
//! Compiling is running code too: a constant evaluated in a loop keeps rustc busy for ever, and
//! a huge static takes gigabytes of memory and disk. Cargo has no limits of its own, so the
//! grader puts itself between cargo and rustc for the grading workspace's own crates (the
//! exercises and their check crates; registry crates such as candle are not wrapped):
//! `cargo build` runs with `RUSTC_WORKSPACE_WRAPPER` set to the grader's own executable and
//! [`ENV`] set to the limits, and [`as_wrapper`] (the first thing `main` does) then runs rustc
//! as a child with
//!
//! - a time limit: past it, rustc and what it started (the linker) are killed;
//! - on Linux, `RLIMIT_DATA` (the heap and private memory: unlike `RLIMIT_AS` it does not count
//!   the address space rustc reserves but never uses) and `RLIMIT_FSIZE` (the largest file it
//!   or the linker may write), both inherited by the linker; macOS and Windows have the time
//!   limit only.
//!
//! A crate past a limit fails to compile with one error, in rustc's own JSON form, that names
//! the limit, so that cargo reports it as that crate's compile error and `compile.rs` reads it
//! like any other: the exercise is `compile_error`, the other exercises and students are graded
//! as usual. What ended rustc is read from its exit status (the wrapper's own evidence), never
//! from what it printed.

use std::process::{Command, ExitCode, ExitStatus};
use std::time::Duration;

/// Set on `cargo build` for graded builds: `SECS,MEMORY_MIB,FILE_SIZE_MIB`.
pub const ENV: &str = "GRADER_BUILD_LIMITS";

/// The limits of one rustc run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildLimits {
    pub timeout: Duration,
    pub memory_mib: u64,
    pub file_size_mib: u64,
}

impl BuildLimits {
    fn encode(self) -> String {
        format!(
            "{},{},{}",
            self.timeout.as_secs(),
            self.memory_mib,
            self.file_size_mib
        )
    }

    fn decode(text: &str) -> Option<BuildLimits> {
        let mut parts = text.split(',').map(|part| part.parse::<u64>().ok());
        Some(BuildLimits {
            timeout: Duration::from_secs(parts.next()??),
            memory_mib: parts.next()??,
            file_size_mib: parts.next()??,
        })
    }

    /// Makes `cargo` (a `cargo build` of the grading workspace) compile the workspace's own
    /// crates through this executable, within these limits.
    pub fn apply(self, cargo: &mut Command) -> anyhow::Result<()> {
        cargo
            .env("RUSTC_WORKSPACE_WRAPPER", std::env::current_exe()?)
            .env(ENV, self.encode());
        Ok(())
    }
}

/// When this process was started by cargo as the rustc wrapper (`grader RUSTC ARGS...` with
/// [`ENV`] set), runs rustc within the limits and returns its exit code; otherwise `None`.
pub fn as_wrapper() -> Option<ExitCode> {
    let limits = BuildLimits::decode(&std::env::var(ENV).ok()?)?;
    let mut args = std::env::args_os().skip(1);
    let rustc = args.next()?;
    let args: Vec<_> = args.collect();
    let value_of = |flag: &str| {
        args.iter()
            .position(|arg| arg == flag)
            .and_then(|at| args.get(at + 1))
    };
    let crate_name = value_of("--crate-name")
        .map(|name| name.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut command = Command::new(rustc);
    command.args(&args).env_remove(ENV);
    #[cfg(unix)]
    if let Err(err) = limit_self(limits) {
        report(
            &crate_name,
            &format!("the grader could not set the build's limits: {err}"),
        );
        return Some(ExitCode::from(1));
    }
    let started = std::time::SystemTime::now();
    let why = match run_limited(command, limits) {
        Ok(Ended::Exited(status)) => match stopped_by(status, limits) {
            None => {
                return Some(ExitCode::from(
                    status.code().unwrap_or(1).clamp(0, 255) as u8
                ))
            }
            Some(why) => why,
        },
        Ok(Ended::TimedOut) => format!(
            "compiling it took longer than the build's time limit of {} s and was stopped: \
             is a constant evaluated in a loop that never ends? (`--build-timeout SECS` \
             changes the limit)",
            limits.timeout.as_secs()
        ),
        Err(err) => format!("the grader could not run rustc: {err}"),
    };
    if let Some(out_dir) = value_of("--out-dir") {
        remove_scratch(std::path::Path::new(out_dir), started);
    }
    report(&crate_name, &why);
    Some(ExitCode::from(1))
}

/// Removes the scratch folders (`rmeta*`, `rustc*`) that a rustc stopped by a limit left in
/// `out_dir` since `started`: a cut-off 256 MiB file each time would otherwise stay on disk,
/// once per hostile student.
fn remove_scratch(out_dir: &std::path::Path, started: std::time::SystemTime) {
    for entry in std::fs::read_dir(out_dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let scratch = ["rmeta", "rustc"]
            .iter()
            .any(|prefix| name.to_string_lossy().starts_with(prefix));
        let new = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .is_ok_and(|time| time >= started);
        if scratch && new && entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Prints `why` as rustc prints an error with `--error-format=json` (what cargo asks of it),
/// so that cargo passes it on as the crate's compiler message.
fn report(crate_name: &str, why: &str) {
    let rendered = format!("error: `{crate_name}` was not compiled: {why}\n");
    let message = serde_json::json!({
        "$message_type": "diagnostic",
        "message": format!("`{crate_name}` was not compiled: {why}"),
        "code": null,
        "level": "error",
        "spans": [],
        "children": [],
        "rendered": rendered,
    });
    eprintln!("{message}");
}

/// What ended rustc, when one of the limits did: read from its exit status.
fn stopped_by(status: ExitStatus, limits: BuildLimits) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        match status.signal()? {
            // SIGXFSZ: a write past RLIMIT_FSIZE
            25 => Some(format!(
                "the compiler or the linker wrote a file larger than the build's limit of {} MiB \
                 and was stopped: is there a huge static or constant?",
                limits.file_size_mib
            )),
            // An allocation past RLIMIT_DATA aborts rustc; a kill or a crash may be the memory
            // too. Which one it was, the status does not say: both are named.
            6 | 9 | 11 if cfg!(target_os = "linux") => Some(format!(
                "the compiler stopped (signal {}) with the build's memory limit of {} MiB: it \
                 most likely needed more memory than that (a huge static, constant or array?), \
                 or it crashed",
                status.signal().unwrap_or(0),
                limits.memory_mib
            )),
            _ => None,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (status, limits);
        None
    }
}

enum Ended {
    Exited(ExitStatus),
    TimedOut,
}

fn run_limited(mut command: Command, limits: BuildLimits) -> std::io::Result<Ended> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // its own process group, so that the linker it starts is killed with it
        command.process_group(0);
    }
    let mut child = command.spawn()?;
    // rustc's own exit is seen at once (a poll every few ms would add to every edit's build)
    let (done, wait) = std::sync::mpsc::channel();
    let id = child.id();
    let waiter = std::thread::spawn(move || {
        let status = child.wait();
        let _ = done.send(());
        status
    });
    match wait.recv_timeout(limits.timeout) {
        Ok(()) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            let status = waiter
                .join()
                .map_err(|_| std::io::Error::other("the waiting thread failed"))??;
            Ok(Ended::Exited(status))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            kill_tree(id);
            let _ = waiter.join();
            Ok(Ended::TimedOut)
        }
    }
}

/// Sets the memory and file-size limits on this process, for rustc and the linker to inherit.
#[cfg(unix)]
fn limit_self(limits: BuildLimits) -> std::io::Result<()> {
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    let set = |resource: Resource, bytes: u64| {
        let bytes = getrlimit(resource)
            .maximum
            .map_or(bytes, |hard| hard.min(bytes));
        setrlimit(
            resource,
            Rlimit {
                current: Some(bytes),
                maximum: Some(bytes),
            },
        )
    };
    #[cfg(target_os = "linux")]
    set(Resource::Data, limits.memory_mib.saturating_mul(1 << 20))?;
    set(
        Resource::Fsize,
        limits.file_size_mib.saturating_mul(1 << 20),
    )?;
    Ok(())
}

#[cfg(unix)]
fn kill_tree(id: u32) {
    if let Some(group) = rustix::process::Pid::from_raw(id as i32) {
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    }
}

/// Windows: `taskkill /T` ends rustc and the linker it started.
#[cfg(not(unix))]
fn kill_tree(id: u32) {
    let _ = Command::new("taskkill")
        .args(["/F", "/T", "/PID", &id.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_travel_to_the_wrapper_unchanged() {
        let limits = BuildLimits {
            timeout: Duration::from_secs(300),
            memory_mib: 2048,
            file_size_mib: 256,
        };
        assert_eq!(BuildLimits::decode(&limits.encode()), Some(limits));
        assert_eq!(BuildLimits::decode("300,2048"), None);
        assert_eq!(BuildLimits::decode("x,1,2"), None);
    }

    /// The wrapper's error is one cargo takes as rustc's own: a JSON diagnostic of level error
    /// whose rendered text names the limit.
    #[cfg(unix)]
    #[test]
    fn a_real_process_past_the_time_limit_is_stopped() -> std::io::Result<()> {
        use std::time::Instant;
        let limits = BuildLimits {
            timeout: Duration::from_millis(300),
            memory_mib: 1 << 20,
            file_size_mib: 1 << 20,
        };
        let started = Instant::now();
        let mut sleeper = Command::new("sh");
        // a child of the shell holds on: the whole group must go
        sleeper.args(["-c", "sleep 30 & sleep 30"]);
        assert!(matches!(run_limited(sleeper, limits)?, Ended::TimedOut));
        assert!(started.elapsed() < Duration::from_secs(20));
        let mut quick = Command::new("sh");
        quick.args(["-c", "exit 3"]);
        let Ended::Exited(status) = run_limited(quick, limits)? else {
            panic!("a quick process timed out");
        };
        assert_eq!(status.code(), Some(3));
        assert_eq!(stopped_by(status, limits), None);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_write_past_the_file_size_limit_is_named() -> std::io::Result<()> {
        let aborted = Command::new("sh").args(["-c", "kill -XFSZ $$"]).status()?;
        let limits = BuildLimits {
            timeout: Duration::from_secs(1),
            memory_mib: 2048,
            file_size_mib: 256,
        };
        let why = stopped_by(aborted, limits).unwrap_or_default();
        assert!(
            why.contains("larger than the build's limit of 256 MiB"),
            "{why}"
        );
        Ok(())
    }
}
