use crate::channel::Channel;
use crate::checks::{Check, Context, Visibility};
use crate::sandbox;
use grader_protocol::{Event, Job, Outcome};
use std::io::{IsTerminal, Read};
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::sync::Mutex;

/// The last panic's message and place, recorded by our panic hook for the check that caused it.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// The `main` of a check binary: runs the checks the grader's job names and reports each.
///
/// `--list` prints every check's id and visibility, one per line, for the workspace's tests.
pub fn main(checks: &[Check]) -> ExitCode {
    if std::env::args().any(|arg| arg == "--list") {
        for check in checks {
            let visibility = match check.visibility {
                Visibility::Visible => "visible",
                Visibility::Hidden => "hidden",
            };
            println!("{} {visibility}", check.id);
        }
        return ExitCode::SUCCESS;
    }
    if std::io::stdin().is_terminal() {
        eprintln!(
            "This program runs the hidden checks of one exercise and is started by the grader."
        );
        eprintln!("Run `cargo run -p grader` from the course's folder instead.");
        return ExitCode::from(2);
    }
    // Everything up to the first check runs before any student code does, in this order: the
    // results channel is taken from stdout, the job read from stdin, the limits set and the
    // sandbox entered, and the sandbox reported.
    let mut channel = match Channel::take() {
        Ok(channel) => channel,
        Err(err) => {
            eprintln!("cannot take the results channel: {err}");
            return ExitCode::from(2);
        }
    };
    let job = match read_job() {
        Ok(job) => job,
        Err(err) => {
            eprintln!("cannot read the grader's job on stdin: {err}");
            return ExitCode::from(2);
        }
    };
    channel.set_token(&job.token);
    let sandbox = match sandbox::confine(&job) {
        Ok(sandbox) => sandbox,
        Err(err) => {
            eprintln!("cannot confine the check process: {err}");
            return ExitCode::from(2);
        }
    };
    if channel.send(Event::Hello { sandbox }).is_err() {
        return ExitCode::from(3);
    }
    panic::set_hook(Box::new(|info| {
        let message = match info.payload().downcast_ref::<&str>() {
            Some(text) => text.to_string(),
            None => match info.payload().downcast_ref::<String>() {
                Some(text) => text.clone(),
                None => "a panic with a non-text payload".to_string(),
            },
        };
        let place = info
            .location()
            .map(|loc| format!(" at {}:{}", loc.file(), loc.line()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!("{message}{place}"));
        }
    }));

    for id in &job.checks {
        if channel.send(Event::Started { id: id.clone() }).is_err() {
            return ExitCode::from(3);
        }
        let ((outcome, message), seeded) = match checks.iter().find(|check| check.id == id) {
            Some(check) => run_one(check, &job),
            None => (
                (
                    Outcome::Error,
                    format!("grader bug: the check binary has no check `{id}`"),
                ),
                false,
            ),
        };
        let event = Event::Finished {
            id: id.clone(),
            outcome,
            message,
            seeded,
        };
        if channel.send(event).is_err() {
            return ExitCode::from(3);
        }
    }
    if channel.send(Event::End).is_err() {
        return ExitCode::from(3);
    }
    ExitCode::SUCCESS
}

/// The job, as the grader wrote it to stdin before closing it.
fn read_job() -> Result<Job, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(1 << 20)
        .read_to_end(&mut bytes)
        .map_err(|err| err.to_string())?;
    serde_json::from_slice(&bytes).map_err(|err| err.to_string())
}

/// The check's outcome, and whether it read the grading seed.
fn run_one(check: &Check, job: &Job) -> ((Outcome, String), bool) {
    let work_dir = job.work_dir.join(check.id);
    if let Err(err) = std::fs::create_dir_all(&work_dir) {
        return (
            (Outcome::Error, format!("cannot create {work_dir:?}: {err}")),
            false,
        );
    }
    let context = Context {
        check_id: check.id.to_string(),
        seed: job.seed,
        params: job.params.get(check.id).cloned().unwrap_or_default(),
        work_dir,
        seed_read: Default::default(),
    };
    let outcome = outcome_of(check, &context);
    (outcome, context.seed_was_read())
}

fn outcome_of(check: &Check, context: &Context) -> (Outcome, String) {
    if let Ok(mut last) = LAST_PANIC.lock() {
        *last = None;
    }
    match panic::catch_unwind(AssertUnwindSafe(|| (check.run)(context))) {
        Ok(Ok(())) => (Outcome::Pass, String::new()),
        Ok(Err(failure)) => (Outcome::Fail, failure.0),
        Err(_) => {
            let message = LAST_PANIC
                .lock()
                .ok()
                .and_then(|mut last| last.take())
                .unwrap_or_else(|| "a panic".to_string());
            classify_panic(&message)
        }
    }
}

/// A panic's outcome, from its message and place (`... at FILE:LINE`). A `todo!()` in an
/// exercise's own code (compiled from a path relative to the grading workspace,
/// `<slot>/exercises/...`) is work not done yet. One elsewhere is not the student's stub:
/// candle marks the operations it lacks with `todo!()` (`sin` on a u32 tensor panics with "no
/// unary function for u32"), so it is an error that names the library's message.
fn classify_panic(message: &str) -> (Outcome, String) {
    let file = message.rsplit(" at ").next().unwrap_or("");
    let in_exercise = std::path::Path::new(file).is_relative() && file.contains("exercises");
    match (message.starts_with("not yet implemented"), in_exercise) {
        (true, true) => (
            Outcome::NotImplemented,
            "not implemented yet: a function this check calls still has its `todo!()`".to_string(),
        ),
        (true, false) => (
            Outcome::Error,
            format!(
                "a library your code calls has no implementation for what it was given: {message}; \
                 check the dtype and shape of the tensors your code passes it (a u32 tensor to a \
                 float operation?)"
            ),
        ),
        _ => (Outcome::Error, format!("your code panicked: {message}")),
    }
}

#[cfg(test)]
mod classify_tests {
    use super::*;

    #[test]
    fn only_a_todo_in_the_exercise_is_work_not_done() {
        let stub = "not yet implemented at submission/exercises/derivatives/src/lib.rs:14";
        assert!(matches!(classify_panic(stub).0, Outcome::NotImplemented));
        let candle = "not yet implemented: no unary function for u32 at \
            /home/ada/.cargo/registry/src/index.crates.io-1/candle-core-0.9.2/src/op.rs:404";
        let (outcome, said) = classify_panic(candle);
        assert!(matches!(outcome, Outcome::Error));
        assert!(said.contains("no unary function for u32"), "{said}");
        assert!(said.contains("dtype"), "{said}");
        let panic = "index out of bounds at exercises/exercises/swish/src/lib.rs:9";
        assert!(classify_panic(panic)
            .1
            .starts_with("your code panicked: index out of bounds"));
    }
}
