//! Running one exercise's check binary as a supervised child process.
//!
//! The child gets a job file (which checks, the seed, the parameters, where to write results),
//! `RAYON_NUM_THREADS=1`, a memory limit and a process group of its own. Each check has a time
//! limit: when a check has run that long without reporting, the grader kills the whole group.
//! The limit is per check rather than per exercise so that one function that never returns
//! costs only the checks that call it. Results come from the results file,
//! never from the child's stdout or stderr, which are drained and only their last lines kept
//! (they explain a crash). When the child dies in the middle of a check, that check is marked
//! with what ended it and a new child runs the checks that remain.

use crate::catalogue::{CheckSpec, Exercise};
use crate::crash;
use crate::report::Status;
use anyhow::Context as _;
use grader_protocol::{Event, Job, Outcome, JOB_ENV};
use std::collections::{BTreeMap, VecDeque};
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long one check may run.
    pub timeout: Duration,
    /// The address-space limit of the child, in MiB (Linux only).
    pub memory_mib: u64,
}

/// How one check ended, and why.
#[derive(Debug, Clone)]
pub struct CheckOutcome {
    pub status: Status,
    pub message: String,
}

/// Runs `exercise`'s checks with the binary at `executable`; `run_dir` is scratch space.
pub fn run_checks(
    executable: &Path,
    exercise: &Exercise,
    seed: u64,
    limits: Limits,
    run_dir: &Path,
) -> anyhow::Result<BTreeMap<String, CheckOutcome>> {
    let mut outcomes = BTreeMap::new();
    let mut pending: VecDeque<&CheckSpec> = exercise.checks.iter().collect();
    let mut attempt = 0;
    while !pending.is_empty() {
        attempt += 1;
        let results = run_dir.join(format!("results-{attempt}.jsonl"));
        let job = Job {
            exercise: exercise.name.clone(),
            seed,
            checks: pending.iter().map(|check| check.id.clone()).collect(),
            params: pending
                .iter()
                .map(|check| (check.id.clone(), check.params.clone()))
                .collect(),
            results: results.clone(),
            work_dir: run_dir.join("work"),
        };
        let job_path = run_dir.join(format!("job-{attempt}.json"));
        std::fs::write(&job_path, serde_json::to_vec(&job)?)?;
        let ended = run_child(executable, &job_path, &results, limits)?;
        let events = read_events(&results);
        let mut in_progress = None;
        for event in events {
            match event {
                Event::Started { id } => in_progress = Some(id),
                Event::Finished {
                    id,
                    outcome,
                    message,
                } => {
                    in_progress = None;
                    let status = match outcome {
                        Outcome::Pass => Status::Pass,
                        Outcome::Fail => Status::Fail,
                        Outcome::NotImplemented => Status::NotImplemented,
                        Outcome::Error => Status::Error,
                    };
                    pending.retain(|check| check.id != id);
                    outcomes.insert(id, CheckOutcome { status, message });
                }
            }
        }
        let cause = describe_end(&ended, limits);
        match in_progress {
            Some(id) => {
                pending.retain(|check| check.id != id);
                outcomes.insert(id, cause.clone());
            }
            None if !pending.is_empty() => {
                // The child ended between checks, or before it started any: the first
                // pending check takes the blame, so that every attempt makes progress.
                if let Some(check) = pending.pop_front() {
                    outcomes.insert(check.id.clone(), cause.clone());
                }
            }
            None => {}
        }
    }
    Ok(outcomes)
}

/// How the child process ended.
struct Ended {
    status: Option<ExitStatus>,
    timed_out: bool,
    stderr_tail: String,
}

fn run_child(
    executable: &Path,
    job_path: &Path,
    results: &Path,
    limits: Limits,
) -> anyhow::Result<Ended> {
    let mut command = Command::new(executable);
    command
        .env(JOB_ENV, job_path)
        .env("RAYON_NUM_THREADS", "1")
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut tree = ProcessTree::start(command, limits)
        .with_context(|| format!("cannot start {}", executable.display()))?;
    let stdout = drain(tree.child.stdout.take());
    let stderr = drain(tree.child.stderr.take());
    // Every event the child writes (a check started, a check finished) restarts the clock.
    let mut last_progress = Instant::now();
    let mut results_len = 0;
    let (status, timed_out) = loop {
        if let Some(status) = tree.child.try_wait()? {
            break (Some(status), false);
        }
        let len = std::fs::metadata(results).map(|m| m.len()).unwrap_or(0);
        if len != results_len {
            results_len = len;
            last_progress = Instant::now();
        }
        if last_progress.elapsed() >= limits.timeout {
            tree.kill();
            break (tree.child.wait().ok(), true);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    // Whatever the child started dies with it, so that nothing holds its pipes open.
    tree.kill();
    let _ = stdout.join();
    let stderr_tail = stderr.join().unwrap_or_default();
    Ok(Ended {
        status,
        timed_out,
        stderr_tail,
    })
}

/// Reads a pipe to its end on a thread, keeping only the last 4 KiB: student code may print
/// without end, and a full pipe would block it.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let Some(mut pipe) = pipe else {
            return String::new();
        };
        let mut buffer = [0u8; 8192];
        let mut kept = Vec::new();
        while let Ok(read) = pipe.read(&mut buffer) {
            if read == 0 {
                break;
            }
            kept.extend_from_slice(&buffer[..read]);
            if kept.len() > 4096 {
                kept.drain(..kept.len() - 4096);
            }
        }
        String::from_utf8_lossy(&kept).to_string()
    })
}

fn read_events(results: &Path) -> Vec<Event> {
    std::fs::read_to_string(results)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

fn describe_end(ended: &Ended, limits: Limits) -> CheckOutcome {
    if ended.timed_out {
        return CheckOutcome {
            status: Status::Timeout,
            message: format!(
                "did not finish within the time limit of {} s: is there a loop that never ends? (`--timeout SECS` changes the limit)",
                limits.timeout.as_secs()
            ),
        };
    }
    let stderr = &ended.stderr_tail;
    let what = if stderr.contains("has overflowed its stack") {
        "overflowed its stack (a recursion that never stops?)".to_string()
    } else if stderr.contains("memory allocation of") || stderr.contains("capacity overflow") {
        format!("ran out of memory (the limit is {} MiB)", limits.memory_mib)
    } else {
        match ended.status {
            Some(status) => crash::describe_exit(status),
            None => "ended in a way the grader could not observe".to_string(),
        }
    };
    let mut message = format!("the check process {what}");
    let last_lines: Vec<&str> = stderr.lines().rev().take(3).collect();
    if !last_lines.is_empty() {
        message.push_str("; its last lines on stderr:");
        for line in last_lines.into_iter().rev() {
            message.push_str("\n  ");
            message.push_str(line);
        }
    }
    CheckOutcome {
        status: Status::Error,
        message,
    }
}

/// The child process and everything it starts: its own process group on Unix, a Job Object on
/// Windows. Both are killed as one, and both carry the memory limit where the platform has one.
struct ProcessTree {
    child: Child,
    #[cfg(windows)]
    job: Option<crate::windows_job::Job>,
}

impl ProcessTree {
    fn start(mut command: Command, limits: Limits) -> std::io::Result<ProcessTree> {
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        let child = command.spawn()?;
        limit_memory(&child, limits.memory_mib);
        Ok(ProcessTree {
            #[cfg(windows)]
            job: crate::windows_job::Job::contain(
                &child,
                limits.memory_mib.saturating_mul(1 << 20),
            ),
            child,
        })
    }

    fn kill(&mut self) {
        #[cfg(unix)]
        if let Some(pid) = rustix::process::Pid::from_raw(self.child.id() as i32) {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
        #[cfg(windows)]
        if let Some(job) = &self.job {
            job.kill();
        }
        let _ = self.child.kill();
    }
}

/// Caps the child's address space. Set right after the start rather than in `pre_exec` (which
/// needs unsafe code); the child has barely begun by then.
#[cfg(target_os = "linux")]
fn limit_memory(child: &Child, memory_mib: u64) {
    use rustix::process::{prlimit, Pid, Resource, Rlimit};
    let bytes = memory_mib.saturating_mul(1024 * 1024);
    if let Some(pid) = Pid::from_raw(child.id() as i32) {
        let limit = Rlimit {
            current: Some(bytes),
            maximum: Some(bytes),
        };
        let _ = prlimit(Some(pid), Resource::As, limit);
    }
}

/// macOS does not enforce `RLIMIT_AS`, and Windows has the Job Object: nothing to do here.
#[cfg(not(target_os = "linux"))]
fn limit_memory(_child: &Child, _memory_mib: u64) {}

#[cfg(all(test, target_os = "linux"))]
mod tests;
