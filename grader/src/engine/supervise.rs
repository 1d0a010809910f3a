//! Running one exercise's check binary as a supervised child process.
//!
//! The child gets its job on stdin (which checks, the seed, the parameters, its limits, a random
//! token), an empty environment but for `RAYON_NUM_THREADS=1` and `RUST_BACKTRACE=0`, its work
//! folder as its working folder, and a process group of its own. Its stdout is the results
//! channel; the harness moves it out of student code's reach before any student code runs (see
//! `grader-protocol`), and its stderr, where student prints end up, is drained and only its last
//! lines kept (they explain a crash).
//!
//! The grader trusts only the protocol (`transcript.rs`): a line out of turn, a second or a
//! forged result, or anything after the child's end makes every check of that child `error`,
//! and a result counts only once the child went on to the next event. Each check has a time
//! limit: when a check has run that long without an event, the grader kills the whole group.
//! When the child dies in the middle of a check, that check is marked with what ended it and a
//! new child runs the checks that remain. After every child, the whole group is killed, and on
//! Linux also whatever left it by starting a session of its own (the grader adopts such orphans
//! as a "child subreaper" while it runs checks); the pipes are read until a short deadline after
//! the child's end, so a process that still holds them cannot hang grading.

mod transcript;

use crate::engine::catalogue::{CheckSpec, Exercise};
use crate::engine::crash;
use crate::engine::report::Status;
use anyhow::Context as _;
use grader_protocol::{Job, Outcome, MAX_LINE};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use transcript::{Line, Transcript};

/// The largest file a check process may write, in MiB: the figures are a few hundred KiB.
pub const FILE_SIZE_LIMIT_MIB: u64 = 256;

/// The most threads a check process may have at once: an honest one has fewer than ten (its
/// main thread, a training run or two, candle's one worker). Past it, the grader kills it.
pub const THREAD_LIMIT: u64 = 64;

/// How long the grader still reads a child's pipes after the child ended.
const DRAIN_DEADLINE: Duration = Duration::from_secs(1);

/// Set to `off` in the grader's environment, the check processes do not enter Landlock (they
/// report `sandbox: unavailable`): what a kernel without Landlock does, for the teacher to
/// try. Student code runs in the child, long after the grader read its own environment.
pub const SANDBOX_ENV: &str = "GRADER_SANDBOX";

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long one check may run.
    pub timeout: Duration,
    /// The address-space limit of the child, in MiB (Linux; the Job Object's on Windows).
    pub memory_mib: u64,
    /// The largest file the child may write, in MiB (Unix).
    pub file_size_mib: u64,
    /// The limits of compiling the student's crates (and their check crates).
    pub build: crate::engine::build_limits::BuildLimits,
}

/// How one check ended, and why.
#[derive(Debug, Clone)]
pub struct CheckOutcome {
    pub status: Status,
    pub message: String,
}

/// The outcome of every check of an exercise, and the sandbox its check processes reported.
#[derive(Debug)]
pub struct Checked {
    pub outcomes: BTreeMap<String, CheckOutcome>,
    /// As the check processes reported it before any student code ran (`landlock ABI 7`,
    /// `unavailable (...)`); `None` when no process got that far.
    pub sandbox: Option<String>,
    /// How long each check that reported a result took, in milliseconds.
    pub durations: BTreeMap<String, u64>,
    /// The checks that read the grading seed; the others drew the same inputs on any seed.
    pub seeded: BTreeSet<String>,
}

/// Runs `exercise`'s checks with the binary at `executable`; `run_dir` is scratch space.
pub fn run_checks(
    executable: &Path,
    exercise: &Exercise,
    seed: u64,
    limits: Limits,
    run_dir: &Path,
) -> anyhow::Result<Checked> {
    let work_dir = run_dir.join("work");
    std::fs::create_dir_all(&work_dir)
        .with_context(|| format!("cannot create {}", work_dir.display()))?;
    let work_dir = crate::engine::paths::canonical(&work_dir)?;
    let _adopting = Adopting::start();
    let landlock = std::env::var_os(SANDBOX_ENV).is_none_or(|value| value != "off");
    let mut outcomes = BTreeMap::new();
    let mut sandboxes: Vec<String> = Vec::new();
    let mut durations = BTreeMap::new();
    let mut seeded = BTreeSet::new();
    let mut pending: VecDeque<&CheckSpec> = exercise.checks.iter().collect();
    while !pending.is_empty() {
        let job = Job {
            exercise: exercise.name.clone(),
            seed,
            checks: pending.iter().map(|check| check.id.clone()).collect(),
            params: pending
                .iter()
                .map(|check| (check.id.clone(), check.params.clone()))
                .collect(),
            token: new_token()?,
            work_dir: work_dir.clone(),
            memory_mib: limits.memory_mib,
            file_size_mib: limits.file_size_mib,
            landlock,
        };
        let ran = run_child(executable, &job, limits)?;
        let transcript = &ran.transcript;
        if let Some(sandbox) = &transcript.sandbox {
            if !sandboxes.contains(sandbox) {
                sandboxes.push(sandbox.clone());
            }
        }
        if let Some(violation) = violation(&ran) {
            // Nothing this child reported can be trusted: every check it was given is `error`.
            let message = format!(
                "protocol violation: the check process {violation}, so none of its results count (only the harness reports results, in order)"
            );
            for id in &job.checks {
                outcomes.insert(
                    id.clone(),
                    CheckOutcome {
                        status: Status::Error,
                        message: message.clone(),
                    },
                );
            }
            break;
        }
        seeded.extend(transcript.seeded.iter().cloned());
        for (id, took) in &transcript.durations {
            durations.insert(id.clone(), took.as_millis() as u64);
        }
        for (id, outcome, message) in &transcript.finished {
            let status = match outcome {
                Outcome::Pass => Status::Pass,
                Outcome::Fail => Status::Fail,
                Outcome::NotImplemented => Status::NotImplemented,
                Outcome::Error => Status::Error,
            };
            pending.retain(|check| check.id != *id);
            outcomes.insert(
                id.clone(),
                CheckOutcome {
                    status,
                    message: message.clone(),
                },
            );
        }
        if transcript.ended() {
            break;
        }
        let cause = describe_end(&ran.ended, limits);
        match transcript.in_progress() {
            Some(id) => {
                pending.retain(|check| check.id != id);
                outcomes.insert(id.to_string(), cause);
            }
            None => {
                // The child ended between checks, or before it started any: the first
                // pending check takes the blame, so that every attempt makes progress.
                if let Some(check) = pending.pop_front() {
                    outcomes.insert(check.id.clone(), cause);
                }
            }
        }
    }
    Ok(Checked {
        outcomes,
        sandbox: (!sandboxes.is_empty()).then(|| sandboxes.join("; ")),
        durations,
        seeded,
    })
}

/// Why nothing the child reported counts, if so: a violation of the protocol, or an end that
/// was not followed by a clean exit.
fn violation(ran: &Ran) -> Option<String> {
    if let Some(violation) = &ran.transcript.violation {
        return Some(violation.clone());
    }
    if !ran.transcript.ended() {
        return None;
    }
    if ran.ended.timed_out {
        return Some("did not exit after reporting its end".to_string());
    }
    match ran.ended.status {
        Some(status) if status.success() => None,
        Some(status) => Some(format!(
            "reported its end, then {}",
            crash::describe_exit(status, ran.limits.file_size_mib)
        )),
        None => {
            Some("reported its end, then ended in a way the grader could not observe".to_string())
        }
    }
}

/// 128 random bits in hex, from the operating system's generator.
fn new_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|err| anyhow::anyhow!("the operating system gave no random numbers: {err}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// How the child process ended.
struct Ended {
    status: Option<ExitStatus>,
    timed_out: bool,
    /// Killed by the grader for having more than [`THREAD_LIMIT`] threads (how many it had).
    threads_over_limit: Option<u64>,
    /// The most memory (address space) the grader saw it hold, in MiB (Linux).
    peak_mib: Option<u64>,
    stderr_tail: String,
}

/// One child's run: how it ended and what it said.
struct Ran {
    ended: Ended,
    transcript: Transcript,
    limits: Limits,
}

fn run_child(executable: &Path, job: &Job, limits: Limits) -> anyhow::Result<Ran> {
    let mut command = Command::new(executable);
    command
        .env_clear()
        .env("RAYON_NUM_THREADS", "1")
        .env("RUST_BACKTRACE", "0")
        .current_dir(&job.work_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Windows programs need to know where Windows is (its DLLs, its random numbers).
    #[cfg(windows)]
    if let Some(root) = std::env::var_os("SystemRoot") {
        command.env("SystemRoot", root);
    }
    let mut tree = ProcessTree::start(command, limits)
        .with_context(|| format!("cannot start {}", executable.display()))?;
    if let Some(mut stdin) = tree.child.stdin.take() {
        // A child that died at once leaves a broken pipe: its end is what gets reported.
        let _ = stdin.write_all(&serde_json::to_vec(job)?);
    }
    let events = read_channel(tree.child.stdout.take(), job.token.clone());
    let stderr = Tail::drain(tree.child.stderr.take());
    let mut transcript = Transcript::new(job.checks.clone());
    // Every event the child writes (a check started, a check finished) restarts the clock.
    let mut last_progress = Instant::now();
    let mut channel_open = true;
    let mut usage = Usage::default();
    let (status, timed_out) = loop {
        if channel_open {
            match events.recv_timeout(Duration::from_millis(10)) {
                Ok(line) => {
                    transcript.record(line);
                    if transcript.violation.is_some() {
                        tree.kill();
                        break (tree.child.wait().ok(), false);
                    }
                    last_progress = Instant::now();
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => channel_open = false,
            }
        } else {
            std::thread::sleep(Duration::from_millis(10));
        }
        if let Some(status) = tree.child.try_wait()? {
            break (Some(status), false);
        }
        if last_progress.elapsed() >= limits.timeout {
            tree.kill();
            break (tree.child.wait().ok(), true);
        }
        usage.sample(tree.child.id());
        if usage.threads > THREAD_LIMIT {
            tree.kill();
            break (tree.child.wait().ok(), false);
        }
    };
    // Whatever the child started dies with it, so that nothing holds its pipes open; what
    // still does (on Linux, nothing) is not waited for past the deadline.
    let deadline = Instant::now() + DRAIN_DEADLINE;
    tree.kill_all(deadline);
    while channel_open {
        match events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => transcript.record(line),
            Err(_) => channel_open = false,
        }
    }
    let stderr_tail = stderr.finish(deadline);
    Ok(Ran {
        ended: Ended {
            status,
            timed_out,
            threads_over_limit: (usage.threads > THREAD_LIMIT).then_some(usage.threads),
            peak_mib: usage.peak_kib.map(|kib| kib / 1024),
            stderr_tail,
        },
        transcript,
        limits,
    })
}

/// Reads the results channel on a thread, one line at a time, each at most [`MAX_LINE`]
/// bytes. On Unix every line is the protocol's; on Windows, where student prints share stdout,
/// a line without the token is skipped.
fn read_channel(pipe: Option<impl Read + Send + 'static>, token: String) -> Receiver<Line> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let Some(mut pipe) = pipe else {
            return;
        };
        let strict = cfg!(unix);
        let mut buffer = vec![0u8; 8192];
        let mut line = Vec::new();
        let mut too_long = false;
        while let Ok(read) = pipe.read(&mut buffer) {
            if read == 0 {
                break;
            }
            for &byte in &buffer[..read] {
                if byte != b'\n' {
                    if line.len() < MAX_LINE {
                        line.push(byte);
                    } else {
                        too_long = true;
                    }
                    continue;
                }
                let parsed = if too_long {
                    Line::Malformed(format!("a line longer than {} KiB", MAX_LINE / 1024))
                } else {
                    Line::parse(&line, &token)
                };
                line.clear();
                too_long = false;
                if !strict && matches!(parsed, Line::Malformed(_)) {
                    continue;
                }
                if send.send(parsed).is_err() {
                    return;
                }
            }
        }
        // A last line without its newline is not an event (a write cut short by a kill).
    });
    receive
}

/// The last 4 KiB of a pipe, read on a thread: student code may print without end, and a full
/// pipe would block it.
struct Tail {
    kept: Arc<Mutex<Vec<u8>>>,
    reader: JoinHandle<()>,
}

impl Tail {
    fn drain(pipe: Option<impl Read + Send + 'static>) -> Tail {
        let kept = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&kept);
        let reader = std::thread::spawn(move || {
            let Some(mut pipe) = pipe else {
                return;
            };
            let mut buffer = [0u8; 8192];
            while let Ok(read) = pipe.read(&mut buffer) {
                if read == 0 {
                    break;
                }
                let Ok(mut kept) = shared.lock() else {
                    return;
                };
                kept.extend_from_slice(&buffer[..read]);
                if kept.len() > 4096 {
                    let excess = kept.len() - 4096;
                    kept.drain(..excess);
                }
            }
        });
        Tail { kept, reader }
    }

    /// What was read by the pipe's end, or by `deadline` if something still holds it open.
    fn finish(self, deadline: Instant) -> String {
        while !self.reader.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        let kept = self
            .kept
            .lock()
            .map(|kept| kept.clone())
            .unwrap_or_default();
        String::from_utf8_lossy(&kept).to_string()
    }
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
    // What ended it comes from the grader's own evidence (its exit status, the limits, what
    // the grader measured), never from what the process printed: student code can print
    // anything, "memory allocation of 8 bytes failed" included.
    let what = if let Some(threads) = ended.threads_over_limit {
        format!(
            "started {threads} threads, more than the limit of {THREAD_LIMIT}, and was stopped: does your code start threads in a loop?"
        )
    } else {
        let mut what = match ended.status {
            Some(status) => crash::describe_exit(status, limits.file_size_mib),
            None => "ended in a way the grader could not observe".to_string(),
        };
        // near the limit when it ended: that names the cause an abort leaves open
        if let Some(peak) = ended
            .peak_mib
            .filter(|peak| *peak * 10 >= limits.memory_mib * 9)
        {
            what.push_str(&format!(
                "; it held {peak} MiB of memory, at its limit of {} MiB: it most likely ran out of memory",
                limits.memory_mib
            ));
        }
        what
    };
    let mut message = format!("the check process {what}");
    let stderr = &ended.stderr_tail;
    let last_lines: Vec<&str> = stderr.lines().rev().take(3).collect();
    if !last_lines.is_empty() {
        message.push_str("; the last lines the code it ran printed on stderr:");
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

/// What the grader measured of a running check process, from `/proc/<pid>/status` (Linux; on
/// other systems nothing is measured).
#[derive(Debug, Default)]
struct Usage {
    threads: u64,
    peak_kib: Option<u64>,
}

impl Usage {
    #[cfg(target_os = "linux")]
    fn sample(&mut self, pid: u32) {
        let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
            return;
        };
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
        };
        self.threads = self.threads.max(field("Threads:").unwrap_or(0));
        if let Some(peak) = field("VmPeak:") {
            self.peak_kib = Some(self.peak_kib.unwrap_or(0).max(peak));
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn sample(&mut self, _pid: u32) {}
}

/// The child process and everything it starts: its own process group on Unix, a Job Object on
/// Windows. Both are killed as one, and both carry the memory limit where the platform has one.
struct ProcessTree {
    child: Child,
    #[cfg(windows)]
    job: Option<crate::engine::windows_job::Job>,
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
            job: crate::engine::windows_job::Job::contain(
                &child,
                limits.memory_mib.saturating_mul(1 << 20),
            ),
            child,
        })
    }

    /// Kills the child's process group (its Job Object on Windows), and the child.
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

    /// After the child's end: kills its group and, on Linux, every process that descends from
    /// it and left the group by starting a session of its own; waits for them until `deadline`.
    fn kill_all(&mut self, deadline: Instant) {
        self.kill();
        let _ = self.child.wait();
        #[cfg(target_os = "linux")]
        escaped::kill(self.child.id() as i32, deadline);
        #[cfg(not(target_os = "linux"))]
        let _ = deadline;
    }
}

/// While checks run, the grader is a "child subreaper" (Linux): a process whose parent dies is
/// handed to the grader rather than to init, so a process that student code detached (a new
/// session, out of the group's reach) is still found, killed and reaped. Counted, so that
/// graders running checks on several threads (the tests) agree on when to stop.
struct Adopting;

#[cfg(target_os = "linux")]
static ADOPTING: Mutex<usize> = Mutex::new(0);

impl Adopting {
    fn start() -> Adopting {
        #[cfg(target_os = "linux")]
        if let Ok(mut count) = ADOPTING.lock() {
            if *count == 0 {
                let _ = rustix::process::set_child_subreaper(Some(rustix::process::getpid()));
            }
            *count += 1;
        }
        Adopting
    }
}

impl Drop for Adopting {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if let Ok(mut count) = ADOPTING.lock() {
            *count = count.saturating_sub(1);
            if *count == 0 {
                // cargo's own daemons (a compiler cache) are none of the grader's business
                let _ = rustix::process::set_child_subreaper(None);
            }
        }
    }
}

/// The processes a check process left behind (Linux), found in `/proc`.
#[cfg(target_os = "linux")]
mod escaped {
    use rustix::process::{kill_process, waitpid, Pid, Signal, WaitOptions};
    use std::time::{Duration, Instant};

    struct Process {
        pid: i32,
        parent: i32,
        group: i32,
        session: i32,
        zombie: bool,
    }

    /// `/proc/<pid>/stat`: `pid (name) state ppid pgrp session ...`; the name may hold spaces
    /// and ')'.
    fn process(pid: &str) -> Option<Process> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let (pid, rest) = stat.rsplit_once(')')?;
        let pid = pid.split_whitespace().next()?.parse().ok()?;
        let mut fields = rest.split_whitespace();
        let zombie = fields.next()? == "Z";
        let parent = fields.next()?.parse().ok()?;
        let group = fields.next()?.parse().ok()?;
        let session = fields.next()?.parse().ok()?;
        Some(Process {
            pid,
            parent,
            group,
            session,
            zombie,
        })
    }

    fn processes() -> Vec<Process> {
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name();
                let name = name.to_str()?;
                name.parse::<i32>().ok()?;
                process(name)
            })
            .collect()
    }

    /// Kills, until none is left or `deadline`, every process of the group `group` and every
    /// process handed to the grader that left its session, and reaps those that are its own.
    pub fn kill(group: i32, deadline: Instant) {
        let me = std::process::id() as i32;
        // Read from /proc, not getsid(2): where the session leader is outside this PID
        // namespace (containers, CI runners) the session is 0, which rustix's `Pid` rejects.
        let session = process("self").map_or(0, |me| me.session);
        loop {
            let mut alive = false;
            for process in processes() {
                let adopted = process.parent == me && process.session != session;
                if process.group != group && !adopted {
                    continue;
                }
                let Some(pid) = Pid::from_raw(process.pid) else {
                    continue;
                };
                if process.zombie {
                    if process.parent == me {
                        let _ = waitpid(Some(pid), WaitOptions::NOHANG);
                    }
                } else {
                    alive = true;
                    let _ = kill_process(pid, Signal::KILL);
                }
            }
            if !alive || Instant::now() >= deadline {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Caps the child's address space from outside, right after the start. The check binary sets
/// the same limit on itself before any student code runs (`grader/harness/src/sandbox.rs`),
/// which is what makes it hold from the first line; this one backs it up.
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
