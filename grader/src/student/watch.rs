//! `grader watch`: grades an exercise again each time one of its source files is saved.
//!
//! Only the exercises whose `src/` changed are rebuilt and re-checked; a file that does not
//! compile mid-edit is reported like any other result and watching goes on. The screen is
//! about the exercise being worked on (the one just saved; at first, the first one not done):
//! its whole report, and the course's progress in a line per exercise. Typed lines act: `h`
//! shows that exercise's next hint, `q` quits. Where change notification does not work (some
//! network or container file systems), `--manual` grades everything again each time Enter is
//! pressed.

use crate::engine::catalogue::Catalogue;
use crate::engine::grade::{self, Options};
use crate::engine::report::{Reporter, Text};
use crate::student::progress::Progress;
use anyhow::Context as _;
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::io::{BufRead, Write as _};
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What watching waits for: a change of files, or a line typed.
enum Input {
    Files(notify::Result<notify::Event>),
    Line(String),
}

pub fn watch(catalogue: &Catalogue, options: &Options, manual: bool) -> anyhow::Result<ExitCode> {
    let all: Vec<String> = catalogue
        .select(&options.exercises)?
        .iter()
        .map(|e| e.name.clone())
        .collect();
    let (sender, inputs) = mpsc::channel();
    let typed = sender.clone();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines().map_while(Result::ok) {
            if typed.send(Input::Line(line)).is_err() {
                return;
            }
        }
    });
    let mut focus = grade_and_show(catalogue, options, &all, None, manual);
    let exercises_dir = options.course_root.join("exercises");
    // kept alive while watching: dropping it stops the notifications
    let _watcher = if manual {
        None
    } else {
        let files = sender.clone();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = files.send(Input::Files(event));
        })
        .context(
            "cannot watch for file changes here: try `cargo run -p grader -- watch --manual`",
        )?;
        watcher
            .watch(&exercises_dir, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}: try `--manual`", exercises_dir.display()))?;
        println!("Watching exercises/*/src for changes; Ctrl-C to stop.");
        Some(watcher)
    };
    drop(sender);
    while let Ok(input) = inputs.recv() {
        let first = match input {
            Input::Line(line) => {
                match line.trim() {
                    "q" => break,
                    "h" => match crate::student::hints::reveal(
                        catalogue,
                        &options.target_dir,
                        &options.course_root,
                        &focus,
                        false,
                        false,
                    ) {
                        Ok(hints) => print!("\n{hints}"),
                        Err(err) => println!("no hint: {err:#}"),
                    },
                    "" if manual => focus = grade_and_show(catalogue, options, &all, None, manual),
                    _ => println!("{}", keys(&focus, manual)),
                }
                continue;
            }
            Input::Files(event) => event,
        };
        let mut changed = BTreeSet::new();
        collect(&exercises_dir, first, &all, &mut changed);
        // An editor's save is several events: wait until they stop coming.
        while let Ok(Input::Files(event)) = inputs.recv_timeout(Duration::from_millis(80)) {
            collect(&exercises_dir, event, &all, &mut changed);
        }
        if let Some(first) = changed.iter().next().cloned() {
            let changed: Vec<String> = changed.into_iter().collect();
            focus = grade_and_show(catalogue, options, &changed, Some(&first), manual);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The keys, as the screen's last line says them.
fn keys(focus: &str, manual: bool) -> String {
    let grade = if manual {
        "Press Enter to grade again"
    } else {
        "Save a file in exercises/<name>/src to grade it again"
    };
    format!("{grade}; h then Enter for a hint on {focus}; q then Enter to quit.")
}

/// Adds to `changed` the exercises whose `src/` an event touched.
fn collect(
    exercises_dir: &Path,
    event: notify::Result<notify::Event>,
    known: &[String],
    changed: &mut BTreeSet<String>,
) {
    let Ok(event) = event else { return };
    if event.kind.is_access() {
        return;
    }
    for path in event.paths {
        let Ok(inside) = path.strip_prefix(exercises_dir) else {
            continue;
        };
        let mut parts = inside.iter();
        let (Some(name), Some(folder)) = (parts.next(), parts.next()) else {
            continue;
        };
        let name = name.to_string_lossy().to_string();
        if folder == "src" && known.contains(&name) {
            changed.insert(name);
        }
    }
}

/// Grades `names`, records the progress, and shows the report of the exercise being worked on
/// (`focus`, or else the first one not done), the course's progress and the keys; returns the
/// exercise it showed. Errors are shown, not returned: watching goes on.
fn grade_and_show(
    catalogue: &Catalogue,
    options: &Options,
    names: &[String],
    focus: Option<&str>,
    manual: bool,
) -> String {
    let started = Instant::now();
    eprintln!("Grading {}...", names.join(", "));
    let run = Options {
        exercises: names.to_vec(),
        progress: false,
        ..options.clone()
    };
    let mut report = match grade::grade(catalogue, &run) {
        Ok(report) => report,
        Err(err) => {
            println!("The grader could not run: {err:#}");
            return focus
                .or(names.first().map(String::as_str))
                .unwrap_or_default()
                .to_string();
        }
    };
    let progress =
        Progress::record(&options.target_dir, &options.course_root, &report).unwrap_or_default();
    let focus = focus
        .or_else(|| {
            progress
                .next(catalogue)
                .filter(|next| names.iter().any(|n| n == next))
        })
        .or(names.first().map(String::as_str))
        .unwrap_or_default()
        .to_string();
    // the other exercises are the progress lines' business
    report.exercises.retain(|exercise| exercise.name == focus);
    // Through anstream, as the one-off report: colour and the screen clearing only where the
    // terminal understands them.
    let mut stdout = anstream::stdout();
    let _ = write!(stdout, "\x1b[2J\x1b[H");
    let _ = match (Text { color: true }).render(&report) {
        Ok(text) => write!(stdout, "{text}"),
        Err(err) => writeln!(stdout, "cannot show the report: {err:#}"),
    };
    let _ = write!(stdout, "\n{}", progress.render(catalogue));
    println!("(graded in {:.1} s)", started.elapsed().as_secs_f64());
    println!("{}", keys(&focus, manual));
    focus
}
