//! `grader watch`: grades an exercise again each time one of its source files is saved.
//!
//! Only the exercises whose `src/` changed are rebuilt and re-checked; a file that does not
//! compile mid-edit is reported like any other result and watching goes on. Where change
//! notification does not work (some network or container file systems), `--manual` grades
//! everything again each time Enter is pressed.

use crate::catalogue::Catalogue;
use crate::grade::{self, Options};
use crate::progress::Progress;
use crate::report::{Reporter, Text};
use anyhow::Context as _;
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::io::{BufRead, Write as _};
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub fn watch(catalogue: &Catalogue, options: &Options, manual: bool) -> anyhow::Result<ExitCode> {
    let all: Vec<String> = catalogue
        .select(&options.exercises)?
        .iter()
        .map(|e| e.name.clone())
        .collect();
    grade_and_show(catalogue, options, &all);
    if manual {
        println!("Press Enter to grade again, q then Enter to quit.");
        for line in std::io::stdin().lock().lines() {
            if line?.trim() == "q" {
                break;
            }
            grade_and_show(catalogue, options, &all);
            println!("Press Enter to grade again, q then Enter to quit.");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let exercises_dir = options.course_root.join("exercises");
    let (sender, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = sender.send(event);
    })
    .context("cannot watch for file changes here: try `cargo run -p grader -- watch --manual`")?;
    watcher
        .watch(&exercises_dir, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}: try `--manual`", exercises_dir.display()))?;
    println!("Watching exercises/*/src for changes; Ctrl-C to stop.");
    loop {
        let Ok(first) = events.recv() else {
            return Ok(ExitCode::SUCCESS);
        };
        let mut changed = BTreeSet::new();
        collect(&exercises_dir, first, &all, &mut changed);
        // An editor's save is several events: wait until they stop coming.
        while let Ok(event) = events.recv_timeout(Duration::from_millis(80)) {
            collect(&exercises_dir, event, &all, &mut changed);
        }
        if !changed.is_empty() {
            let changed: Vec<String> = changed.into_iter().collect();
            grade_and_show(catalogue, options, &changed);
        }
    }
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

/// Grades `names`, records the progress, and shows their results, the course's progress and
/// the next step. Errors are shown, not returned: watching goes on.
fn grade_and_show(catalogue: &Catalogue, options: &Options, names: &[String]) {
    let started = Instant::now();
    eprintln!("Grading {}...", names.join(", "));
    let run = Options {
        exercises: names.to_vec(),
        progress: false,
        ..options.clone()
    };
    let report = match grade::grade(catalogue, &run) {
        Ok(report) => report,
        Err(err) => {
            println!("The grader could not run: {err:#}");
            return;
        }
    };
    let progress =
        Progress::record(&options.target_dir, &options.course_root, &report).unwrap_or_default();
    // Through anstream, as the one-off report: colour and the screen clearing only where the
    // terminal understands them.
    let mut stdout = anstream::stdout();
    let _ = write!(stdout, "\x1b[2J\x1b[H");
    let _ = match (Text { color: true }).render(&report) {
        Ok(text) => write!(stdout, "{text}"),
        Err(err) => writeln!(stdout, "cannot show the report: {err:#}"),
    };
    let _ = write!(stdout, "\n{}", progress.render(catalogue));
    println!(
        "(graded in {:.1} s; save a file in exercises/<name>/src to grade it again)",
        started.elapsed().as_secs_f64()
    );
}
