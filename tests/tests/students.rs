//! The student's side: hints one at a time, progress in course order, the HTML report, and
//! watch mode on a copy of the course.

use course_tests::{
    copy_tree, course_copy, exercises, grader_bin, run_grader, scratch_dir, workspace_root,
};
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn solve(course: &Path, exercise: &str) {
    let src = course.join("exercises").join(exercise).join("src");
    fs::remove_dir_all(&src).expect("removed");
    copy_tree(
        &workspace_root()
            .join("solutions")
            .join(exercise)
            .join("src"),
        &src,
    );
}

#[test]
fn hints_come_one_more_at_a_time() {
    let course = course_copy("hints");
    let course = course.to_string_lossy().to_string();
    let hint = |extra: &[&str]| {
        let mut args = vec!["hint", "derivatives", "--course", course.as_str()];
        args.extend(extra);
        let graded = run_grader(&args);
        assert_eq!(graded.code, 0, "{}", graded.stderr);
        graded.stdout
    };
    let first = hint(&["--reset"]);
    assert!(first.contains("Hint 1 of"), "{first}");
    assert!(!first.contains("Hint 2 of"), "{first}");
    let second = hint(&[]);
    assert!(
        second.contains("Hint 1 of") && second.contains("Hint 2 of"),
        "{second}"
    );
    assert!(!second.contains("Hint 3 of"), "{second}");
    let all = hint(&["--all"]);
    let total = all.lines().filter(|line| line.starts_with("Hint ")).count();
    assert!(total >= 3, "{all}");
    assert!(all.contains(&format!("Hint {total} of {total}")), "{all}");
    assert!(hint(&["--reset"]).contains("Hint 1 of"));
}

#[test]
fn progress_shows_what_is_done_in_course_order_and_the_next_step() {
    let course = course_copy("progress");
    solve(&course, "derivatives");
    let path = course.to_string_lossy().to_string();
    let before = run_grader(&["--list", "--course", &path]);
    assert!(
        before.stdout.contains("[ ] 1. derivatives"),
        "{}",
        before.stdout
    );
    assert!(
        before.stdout.contains("not graded yet"),
        "{}",
        before.stdout
    );
    let graded = run_grader(&["--course", &path, "--quiet", "--format", "text"]);
    assert_eq!(graded.code, 1, "the other exercises are stubs");
    assert!(
        graded.stdout.contains("[x] 1. derivatives"),
        "{}",
        graded.stdout
    );
    let after = run_grader(&["--list", "--course", &path]);
    assert!(
        after.stdout.contains("[x] 1. derivatives"),
        "{}",
        after.stdout
    );
    let second = &exercises()[1];
    assert!(after.stdout.contains("[ ] 2. "), "{}", after.stdout);
    assert!(
        after.stdout.contains(&format!("Next: {second}")),
        "{}",
        after.stdout
    );
    assert!(after.stdout.contains("Done: 1 of"), "{}", after.stdout);
    assert!(
        !after.stdout.contains("changed since graded"),
        "{}",
        after.stdout
    );
    // an edit after grading shows in the list, on that exercise's line
    let lib = course.join("exercises/derivatives/src/lib.rs");
    let mut text = fs::read_to_string(&lib).expect("the solution");
    text.push_str("\n// one more thought\n");
    fs::write(&lib, text).expect("edited");
    let edited = run_grader(&["--list", "--course", &path]);
    let line = edited
        .stdout
        .lines()
        .find(|line| line.contains("1. derivatives"))
        .unwrap_or_default()
        .to_string();
    assert!(line.contains("changed since graded"), "{}", edited.stdout);
    assert_eq!(edited.stdout.matches("changed since graded").count(), 1);
    // the real course's record is untouched
    let own = run_grader(&["--list"]);
    assert_eq!(own.code, 0);
}

#[test]
fn the_html_report_is_one_self_contained_page_with_the_figures() {
    let out = scratch_dir("html").join("report.html");
    let path = out.to_string_lossy().to_string();
    let graded = run_grader(&[
        "--solutions",
        "--quiet",
        "--format",
        "html",
        "--output",
        &path,
    ]);
    assert_eq!(graded.code, 0, "{}", graded.stderr);
    let html = fs::read_to_string(&out).expect("the page");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Score: "), "the score");
    for exercise in exercises() {
        assert!(
            html.contains(&format!("<section id=\"{exercise}\">")),
            "{exercise}"
        );
        for (id, _) in graded_statuses(&exercise) {
            assert!(
                html.contains(&format!("id=\"{exercise}-{id}\"")),
                "{exercise}/{id}"
            );
        }
    }
    assert!(
        html.contains("<img alt=\"your derivatives.svg\" src=\"data:image/svg+xml;base64,"),
        "the figure is embedded"
    );
    assert!(!html.contains("src=\"http"), "nothing to fetch");
    assert!(!html.contains("<script"), "no scripts");
}

fn graded_statuses(exercise: &str) -> Vec<(String, String)> {
    run_grader(&["--solutions", "--exercise", exercise]).statuses(exercise)
}

/// Reads the child's stdout on a thread, so that waiting for a line can time out.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let stdout = child.stdout.take().expect("piped");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// Waits for a line containing `text`, returning everything read until then.
fn wait_for(lines: &mpsc::Receiver<String>, text: &str, limit: Duration) -> String {
    let deadline = Instant::now() + limit;
    let mut seen = String::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) => {
                seen.push_str(&line);
                seen.push('\n');
                if line.contains(text) {
                    return seen;
                }
            }
            Err(_) => break,
        }
    }
    panic!("no line with {text:?} within {limit:?}; saw:\n{seen}");
}

#[test]
fn watch_grades_each_saved_exercise_and_survives_a_compile_error() {
    let course = course_copy("watch");
    let path = course.to_string_lossy().to_string();
    let mut child = Command::new(grader_bin())
        .args(["watch", "--course", &path, "--exercise", "derivatives"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the grader starts");
    let lines = lines_of(&mut child);
    let first = wait_for(&lines, "Watching exercises", Duration::from_secs(300));
    assert!(first.contains("not started yet"), "{first}");

    let lib = course.join("exercises/derivatives/src/lib.rs");
    let stub = fs::read_to_string(&lib).expect("the stub");
    fs::write(
        &lib,
        stub.replacen("todo!()", "let broken: u32 = \"mid-edit\";\n    todo!()", 1),
    )
    .expect("saved");
    let broken = wait_for(&lines, "graded in", Duration::from_secs(120));
    assert!(broken.contains("does not compile"), "{broken}");

    let saved = Instant::now();
    fs::write(
        &lib,
        fs::read(workspace_root().join("solutions/derivatives/src/lib.rs")).expect("the solution"),
    )
    .expect("saved");
    let solved = wait_for(&lines, "graded in", Duration::from_secs(120));
    let took = saved.elapsed();
    assert!(
        solved.contains("24/24") || solved.contains("Every check passes"),
        "{solved}"
    );
    assert!(solved.contains("[x] 1. derivatives"), "{solved}");
    eprintln!(
        "watch: from saving lib.rs to the new result: {:.2} s",
        took.as_secs_f64()
    );
    let _ = child.kill();
    let _ = child.wait();
}

/// Manual watch mode over the whole course: the screen shows the exercise being worked on in
/// full and the others in a line each; `h` gives that exercise's next hint, Enter grades again
/// (and moves on to the next exercise once one is done), `q` quits.
#[test]
fn watch_manual_grades_on_enter_gives_hints_and_quits_on_q() {
    let course = course_copy("watch-manual");
    let path = course.to_string_lossy().to_string();
    let mut child = Command::new(grader_bin())
        .args(["watch", "--manual", "--course", &path])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the grader starts");
    let lines = lines_of(&mut child);
    let exercises = course_tests::exercises();
    let (first, second) = (&exercises[0], &exercises[1]);
    let heading = |name: &str| format!("{name} - ");
    let screen = wait_for(&lines, "Press Enter", Duration::from_secs(300));
    assert!(screen.contains(&heading(first)), "{screen}");
    for other in &exercises[1..] {
        assert!(
            !screen.contains(&heading(other)),
            "{other} in full:\n{screen}"
        );
        assert!(
            screen.contains(other.as_str()),
            "{other} has no line:\n{screen}"
        );
    }
    assert!(screen.contains(&format!("a hint on {first}")), "{screen}");
    let mut stdin = child.stdin.take().expect("piped");
    stdin.write_all(b"h\n").expect("h");
    let hint = wait_for(&lines, "Hint 1 of", Duration::from_secs(30));
    assert!(!hint.contains("Hint 2 of"), "{hint}");

    solve(&course, first);
    stdin.write_all(b"\n").expect("Enter");
    let again = wait_for(&lines, "Press Enter", Duration::from_secs(300));
    assert!(again.contains(&format!("[x] 1. {first}")), "{again}");
    // the first is done: the screen moves on to the second
    assert!(again.contains(&heading(second)), "{again}");
    stdin.write_all(b"q\n").expect("q");
    let status = child.wait().expect("it quits");
    assert!(status.success());
}
