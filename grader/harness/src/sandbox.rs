//! What the check process does to itself before any student code runs: resource limits, its
//! working folder, and (Linux) a Landlock sandbox.
//!
//! The limits are set with `setrlimit` on this very process, so they hold from the first line
//! of student code on (a limit the grader set from outside after the start could come too late):
//! `RLIMIT_AS` (memory, Linux: macOS does not enforce it, Windows has the grader's Job Object),
//! `RLIMIT_FSIZE` (the largest file: a bigger write ends the process with `SIGXFSZ`) and
//! `RLIMIT_CORE` = 0 (a crash writes no core file). Each is set as both the soft and the hard
//! limit, which an unprivileged process cannot raise again.
//!
//! Landlock (Linux 5.13 and later) then takes away everything this process does not need: it
//! may read and write only below its work folder (no executing, no links, no devices, sockets
//! or pipes made there) and read `/sys/devices/system/cpu` (cache sizes, for candle's gemm), may not bind or connect TCP sockets (Landlock ABI 4), and may not
//! signal or reach abstract Unix sockets of processes outside its sandbox (ABI 6). Nothing of
//! the course, `/proc` (and so its own file descriptors and memory), `/tmp` or the home folder
//! can be opened. Files already open (the results channel, stdin, stdout, stderr) stay usable.
//! It is best effort: the rules the running kernel does not know are left out, and the report
//! says which ABI the kernel has; a kernel without Landlock grades all the same and every report
//! says `sandbox: unavailable`.

use grader_protocol::Job;

/// The sandbox's description when Landlock is not applied.
pub const UNAVAILABLE: &str = "unavailable";

/// Applies the job's limits and confines the process; returns the sandbox's description for
/// the reports. An error means a limit could not be set: the process must not run student code.
pub fn confine(job: &Job) -> Result<String, String> {
    limit_resources(job)?;
    std::env::set_current_dir(&job.work_dir)
        .map_err(|err| format!("cannot enter the work folder {:?}: {err}", job.work_dir))?;
    Ok(landlock(job))
}

#[cfg(unix)]
fn limit_resources(job: &Job) -> Result<(), String> {
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    let set = |resource: Resource, name: &str, bytes: u64| {
        // never above a hard limit the grader itself runs under (raising it would fail)
        let bytes = getrlimit(resource)
            .maximum
            .map_or(bytes, |hard| hard.min(bytes));
        let limit = Rlimit {
            current: Some(bytes),
            maximum: Some(bytes),
        };
        setrlimit(resource, limit).map_err(|err| format!("cannot set {name}: {err}"))
    };
    #[cfg(target_os = "linux")]
    set(
        Resource::As,
        "RLIMIT_AS",
        job.memory_mib.saturating_mul(1 << 20),
    )?;
    set(
        Resource::Fsize,
        "RLIMIT_FSIZE",
        job.file_size_mib.saturating_mul(1 << 20),
    )?;
    set(Resource::Core, "RLIMIT_CORE", 0)?;
    Ok(())
}

/// Windows: the grader's Job Object limits the memory; there is no file-size limit.
#[cfg(not(unix))]
fn limit_resources(_job: &Job) -> Result<(), String> {
    Ok(())
}

#[cfg(target_os = "linux")]
fn landlock(job: &Job) -> String {
    if !job.landlock {
        return format!("{UNAVAILABLE} (turned off by the grader: GRADER_SANDBOX=off)");
    }
    match restrict(job) {
        Ok(status) => describe(status),
        Err(err) => format!("{UNAVAILABLE} (Landlock failed: {err})"),
    }
}

#[cfg(not(target_os = "linux"))]
fn landlock(_job: &Job) -> String {
    format!("{UNAVAILABLE} (Landlock is Linux only)")
}

/// The newest Landlock ABI this crate knows: every access right it can name is handled (denied
/// unless a rule grants it), and the kernel's own ABI decides which of them it enforces.
#[cfg(target_os = "linux")]
const NEWEST: landlock::ABI = landlock::ABI::V10;

/// What the check process may read besides its work folder (see `restrict`).
#[cfg(target_os = "linux")]
const READ_ONLY: &[&str] = &["/sys/devices/system/cpu"];

#[cfg(target_os = "linux")]
fn restrict(job: &Job) -> Result<landlock::RestrictionStatus, String> {
    use landlock::{
        Access, AccessFs, AccessNet, PathBeneath, PathFd, Ruleset, RulesetAttr, RulesetCreatedAttr,
        Scope,
    };
    // Below the work folder: files and folders, read and written, made and removed. Not:
    // executing, symbolic links, hard links or renames across folders (`Refer`), devices,
    // pipes, sockets, device ioctls.
    let work = AccessFs::ReadFile
        | AccessFs::ReadDir
        | AccessFs::WriteFile
        | AccessFs::Truncate
        | AccessFs::RemoveFile
        | AccessFs::RemoveDir
        | AccessFs::MakeReg
        | AccessFs::MakeDir;
    let work_dir = PathFd::new(&job.work_dir).map_err(|err| err.to_string())?;
    // Read-only, where it exists: the CPU's cache sizes, which candle's matrix multiplication
    // (the `gemm` crate) reads once to choose its block sizes. Without them it would try to run
    // `lscpu`, then fall back to other sizes, and sum in another order than `cargo test` does.
    let read_only: Vec<PathFd> = READ_ONLY
        .iter()
        .filter_map(|path| PathFd::new(path).ok())
        .collect();
    let confine = || -> Result<landlock::RestrictionStatus, landlock::RulesetError> {
        let mut ruleset = Ruleset::default()
            .handle_access(AccessFs::from_all(NEWEST))?
            .handle_access(AccessNet::from_all(NEWEST))?
            .scope(Scope::from_all(NEWEST))?
            .create()?
            .add_rule(PathBeneath::new(work_dir, work))?;
        for path in read_only {
            ruleset = ruleset.add_rule(PathBeneath::new(
                path,
                AccessFs::ReadFile | AccessFs::ReadDir,
            ))?;
        }
        ruleset.restrict_self()
    };
    confine().map_err(|err| err.to_string())
}

#[cfg(target_os = "linux")]
fn describe(status: landlock::RestrictionStatus) -> String {
    use landlock::{LandlockStatus, RulesetStatus};
    match (status.ruleset, status.landlock) {
        (RulesetStatus::NotEnforced, LandlockStatus::NotEnabled) => {
            format!("{UNAVAILABLE} (the kernel has Landlock, but it is not enabled)")
        }
        (RulesetStatus::NotEnforced, LandlockStatus::NotImplemented) => {
            format!("{UNAVAILABLE} (the kernel has no Landlock)")
        }
        (RulesetStatus::NotEnforced, _) => format!("{UNAVAILABLE} (Landlock was not enforced)"),
        (
            _,
            LandlockStatus::Available {
                effective_abi,
                kernel_abi,
            },
        ) => describe_abi(kernel_abi.unwrap_or(effective_abi as i32)),
        (_, _) => format!("{UNAVAILABLE} (Landlock reported no ABI)"),
    }
}

/// `landlock ABI N`, and what that ABI cannot do of what the sandbox asks.
#[cfg(target_os = "linux")]
fn describe_abi(abi: i32) -> String {
    let missing = match abi {
        ..=3 => " (files only: no TCP rules, no signal or abstract-socket scoping)",
        4 | 5 => " (files and TCP: no signal or abstract-socket scoping)",
        _ => "",
    };
    format!("landlock ABI {abi}{missing}")
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn every_abi_says_what_it_lacks() {
        assert_eq!(describe_abi(7), "landlock ABI 7");
        assert_eq!(describe_abi(6), "landlock ABI 6");
        assert!(describe_abi(4).contains("no signal"));
        assert!(describe_abi(1).contains("files only"));
    }
}
