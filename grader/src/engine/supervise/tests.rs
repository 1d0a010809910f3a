//! Attacks on the supervisor, by fake check programs: shell scripts that speak (or abuse) the
//! protocol the way a check process whose student code reached the results channel could.

use super::*;
use crate::engine::catalogue::{CheckSpec, Visibility};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

fn exercise() -> Exercise {
    let check = |id: &str| CheckSpec {
        id: id.to_string(),
        title: format!("check {id}"),
        points: 1,
        visibility: Visibility::Visible,
        params: BTreeMap::new(),
    };
    Exercise {
        name: "fake".to_string(),
        title: "A fake exercise".to_string(),
        hints: Vec::new(),
        contract_hint: None,
        checks: vec![check("a"), check("b"), check("c")],
        withheld_checks: 0,
        withheld_points: 0,
    }
}

fn scratch(tag: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "grader-supervise-{tag}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// The shell functions a fake check program speaks the protocol with.
///
/// The fake knows the job's token (it reads the job): it plays a check process whose student
/// code got hold of both the channel and the token, the worst case.
const PREAMBLE: &str = r#"#!/bin/sh
JOB=$(cat)
TOKEN=$(printf '%s' "$JOB" | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
emit() { printf '%s\n' "$1"; }
message() { emit "{\"token\":\"$TOKEN\",\"event\":$1}"; }
hello() { message '{"kind":"hello","sandbox":"fake"}'; }
started() { message "{\"kind\":\"started\",\"id\":\"$1\"}"; }
finished() { message "{\"kind\":\"finished\",\"id\":\"$1\",\"outcome\":\"$2\",\"message\":\"\"}"; }
end() { message '{"kind":"end"}'; }
"#;

/// Writes a fake check program whose protocol part is `body`, in a fresh folder.
fn fake_check(tag: &str, body: &str) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch(tag);
    let program = dir.join("check-fake");
    std::fs::write(&program, format!("{PREAMBLE}{body}\n")).expect("the fake is written");
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755))
        .expect("the fake is executable");
    let run_dir = dir.join("run");
    std::fs::create_dir_all(&run_dir).expect("a run folder");
    (program, run_dir)
}

const LIMITS: Limits = Limits {
    timeout: Duration::from_secs(5),
    memory_mib: 4096,
    file_size_mib: FILE_SIZE_LIMIT_MIB,
    build: crate::engine::build_limits::BuildLimits {
        timeout: Duration::from_secs(5),
        memory_mib: 2048,
        file_size_mib: FILE_SIZE_LIMIT_MIB,
    },
};

/// Runs the fake on a thread and gives up after `deadline`: grading that hangs is an attack
/// that worked.
fn grade_within(
    program: PathBuf,
    run_dir: PathBuf,
    deadline: Duration,
) -> Option<BTreeMap<String, CheckOutcome>> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let checked = run_checks(&program, &exercise(), 1, LIMITS, &run_dir);
        let _ = send.send(checked.map(|checked| checked.outcomes));
    });
    receive
        .recv_timeout(deadline)
        .ok()
        .map(|outcomes| outcomes.expect("the fake runs"))
}

fn grade(tag: &str, body: &str) -> BTreeMap<String, CheckOutcome> {
    let (program, run_dir) = fake_check(tag, body);
    let dir = program.parent().map(Path::to_path_buf);
    let outcomes = grade_within(program, run_dir, Duration::from_secs(60)).expect("grading ends");
    if let Some(dir) = dir {
        let _ = std::fs::remove_dir_all(dir);
    }
    outcomes
}

fn statuses(outcomes: &BTreeMap<String, CheckOutcome>) -> Vec<(&str, Status)> {
    outcomes
        .iter()
        .map(|(id, outcome)| (id.as_str(), outcome.status))
        .collect()
}

/// A process is gone, or a zombie nobody will run again.
fn is_dead(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

/// Processes whose process group is `pgid`, still running.
fn group_members(pgid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| {
                    let (_, rest) = stat.rsplit_once(')')?;
                    let fields: Vec<&str> = rest.split_whitespace().collect();
                    Some(fields.first()? != &"Z" && fields.get(2)? == &pgid.to_string())
                })
                .unwrap_or(false)
        })
        .collect()
}

fn read_pid(path: &Path) -> u32 {
    std::fs::read_to_string(path)
        .expect("the fake wrote a pid")
        .trim()
        .parse()
        .expect("a pid")
}

const HONEST: &str = "hello\nfor id in a b c; do started $id; finished $id pass; done\nend";

#[test]
fn an_honest_fake_passes() {
    let outcomes = grade("honest", HONEST);
    assert_eq!(
        statuses(&outcomes),
        [
            ("a", Status::Pass),
            ("b", Status::Pass),
            ("c", Status::Pass)
        ]
    );
}

#[test]
fn a_forged_pass_then_an_abort_scores_nothing() {
    let outcomes = grade(
        "forge-abort",
        "hello\nstarted a\nfinished a pass\nkill -ABRT $$",
    );
    assert_ne!(outcomes["a"].status, Status::Pass, "{:?}", outcomes["a"]);
}

/// Each is what forged lines look like next to the real ones; the real outcome is `fail`.
const VIOLATIONS: &[(&str, &str)] = &[
    (
        "a result for a check that is not in progress",
        "hello\nstarted a\nfinished b pass\nfinished a fail\nstarted b\nfinished b fail\nstarted c\nfinished c fail\nend",
    ),
    (
        "a second result for a check",
        "hello\nstarted a\nfinished a fail\nfinished a pass\nstarted b\nfinished b fail\nstarted c\nfinished c fail\nend",
    ),
    (
        "a result for an unknown check",
        "hello\nstarted a\nfinished zzz pass\nfinished a fail\nstarted b\nfinished b fail\nstarted c\nfinished c fail\nend",
    ),
    (
        "a malformed line",
        "hello\nstarted a\nemit 'not an event'\nfinished a pass\nstarted b\nfinished b pass\nstarted c\nfinished c pass\nend",
    ),
    (
        "a result after the end",
        "hello\nfor id in a b c; do started $id; finished $id fail; done\nend\nfinished c pass",
    ),
];

#[test]
fn protocol_violations_never_pass() {
    let mut passed = Vec::new();
    for (what, body) in VIOLATIONS {
        let outcomes = grade("violation", body);
        for (id, outcome) in &outcomes {
            if outcome.status != Status::Error
                || !outcome
                    .message
                    .starts_with("protocol violation: the check process ")
            {
                passed.push(format!("{what}: {id} {outcome:?}"));
            }
        }
    }
    assert_eq!(passed, Vec::<String>::new());
}

#[test]
fn a_crash_after_the_end_is_a_violation() {
    let outcomes = grade("end-crash", &format!("{HONEST}\nkill -ABRT $$"));
    for (id, outcome) in &outcomes {
        assert_eq!(outcome.status, Status::Error, "{id}: {outcome:?}");
        assert!(
            outcome.message.contains("reported its end, then aborted"),
            "{}",
            outcome.message
        );
    }
}

#[test]
fn lines_without_the_token_are_a_violation() {
    let outcomes = grade(
        "no-token",
        "hello\nstarted a\nemit '{\"token\":\"0123\",\"event\":{\"kind\":\"finished\",\"id\":\"a\",\"outcome\":\"pass\",\"message\":\"\"}}'\nfinished a pass\nstarted b",
    );
    assert_eq!(outcomes["a"].status, Status::Error);
    assert!(
        outcomes["a"].message.contains("a line with another token"),
        "{}",
        outcomes["a"].message
    );
}

/// A flood of lines ends the run at the first bad one: the child is killed at once.
#[test]
fn a_flood_of_forged_lines_ends_at_the_first() {
    let started = Instant::now();
    let outcomes = grade("flood", "hello\nwhile :; do emit 'forged'; done");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(outcomes
        .values()
        .all(|outcome| outcome.status == Status::Error));
}

/// A fake check that starts `background` (a shell command), writes the pid `$!` or `$$` names
/// (as `pid`) to a file, then reports honestly. Grading must end well within the time limit;
/// returns its outcomes and that pid, with the fake's folder removed.
fn grade_with_background(
    tag: &str,
    background: &str,
    pid: &str,
) -> (Option<BTreeMap<String, CheckOutcome>>, u32) {
    let (program, run_dir) = fake_check(tag, "");
    let pid_file = run_dir.join("background.pid");
    std::fs::write(
        &program,
        format!(
            "{PREAMBLE}{background}\necho {pid} > {}\n{HONEST}\n",
            pid_file.display()
        ),
    )
    .expect("the fake is written");
    let started = Instant::now();
    let outcomes = grade_within(program, run_dir, Duration::from_secs(30));
    assert!(
        started.elapsed() < LIMITS.timeout,
        "{:?}",
        started.elapsed()
    );
    let pid = read_pid(&pid_file);
    let _ = std::fs::remove_dir_all(pid_file.parent().and_then(Path::parent).expect("a folder"));
    (outcomes, pid)
}

#[test]
fn a_detached_background_process_does_not_survive() {
    let (outcomes, pid) = grade_with_background(
        "detached",
        "setsid sleep 600 </dev/null >/dev/null 2>&1 &",
        "$!",
    );
    assert_eq!(outcomes.expect("grading ends")["a"].status, Status::Pass);
    assert!(is_dead(pid), "the detached process {pid} survived grading");
}

#[test]
fn a_detached_process_holding_the_pipes_neither_hangs_grading_nor_survives() {
    let (outcomes, pid) = grade_with_background("detached-pipes", "setsid sleep 600 &", "$!");
    let alive = !is_dead(pid);
    if alive {
        let _ = rustix::process::kill_process(
            rustix::process::Pid::from_raw(pid as i32).expect("a pid"),
            rustix::process::Signal::KILL,
        );
    }
    let outcomes = outcomes.expect("grading ends though a detached process holds its pipes");
    assert_eq!(outcomes["a"].status, Status::Pass);
    assert!(!alive, "the detached process {pid} survived grading");
}

#[test]
fn a_background_process_in_the_group_holding_the_pipes_is_killed() {
    let (outcomes, group) = grade_with_background("group-pipes", "sleep 600 &", "$$");
    assert_eq!(outcomes.expect("grading ends")["c"].status, Status::Pass);
    assert_eq!(
        group_members(group),
        Vec::<u32>::new(),
        "group {group} survived"
    );
}

/// The attack of a crash dressed up as another: the process prints the runtime's words for
/// running out of memory and for a stack overflow, then aborts. The diagnosis comes from the
/// exit status, so it says "aborted", and the printed words are shown only as the process's own.
#[test]
fn a_forged_crash_text_does_not_decide_the_diagnosis() {
    let outcomes = grade(
        "forged-crash",
        "hello\nstarted a\n\
         echo 'memory allocation of 5 bytes failed' >&2\n\
         echo \"thread 'main' has overflowed its stack\" >&2\n\
         kill -ABRT $$",
    );
    let a = &outcomes["a"];
    assert_eq!(a.status, Status::Error);
    assert!(
        a.message
            .starts_with("the check process aborted: a panic while panicking"),
        "{}",
        a.message
    );
    assert!(!a.message.contains("ran out of memory"), "{}", a.message);
    assert!(
        a.message
            .contains("last lines the code it ran printed on stderr:\n  memory allocation"),
        "{}",
        a.message
    );
}
