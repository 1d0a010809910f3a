//! Grading a subject: lay out the grading workspace, build every selected exercise's check
//! binary in one cargo run, run each binary under supervision, and score the results.

use crate::engine::catalogue::{Catalogue, Exercise};
use crate::engine::compile::{self, Built};
use crate::engine::paths;
use crate::engine::report::{CheckReport, ExerciseReport, Report, Status, NO_CHECK_RAN};
use crate::engine::supervise::{self, CheckOutcome, Limits};
use crate::engine::workspace::{GradingWorkspace, NotBuilt, Subject};
use anyhow::Context as _;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Clone)]
pub struct Options {
    pub course_root: PathBuf,
    pub target_dir: PathBuf,
    pub subject: Subject,
    pub exercises: Vec<String>,
    pub seed: u64,
    pub limits: Limits,
    /// Progress on stderr (cargo's lines while it builds, one line per exercise graded).
    pub progress: bool,
}

pub fn grade(catalogue: &Catalogue, options: &Options) -> anyhow::Result<Report> {
    let mut reports = grade_on_seeds(catalogue, options, &[options.seed])?;
    reports.pop().context("one report per seed")
}

/// Grades the subject once per seed of `seeds`, building the check binaries once: one report
/// per seed, in order (`grader dev seeds`).
pub fn grade_on_seeds(
    catalogue: &Catalogue,
    options: &Options,
    seeds: &[u64],
) -> anyhow::Result<Vec<Report>> {
    let selected = catalogue.select(&options.exercises)?;
    let all: Vec<String> = catalogue.exercises.iter().map(|e| e.name.clone()).collect();
    if let Subject::Submission(dir) = &options.subject {
        if !dir.is_dir() {
            anyhow::bail!(
                "the submission {} is not a folder: give the folder of a student's returned copy of the course",
                dir.display()
            );
        }
    }
    let run_root = options.target_dir.join("grader").join("runs").join(format!(
        "{}-{}",
        std::process::id(),
        options.subject.slot()
    ));
    if run_root.exists() {
        fs::remove_dir_all(&run_root)?;
    }
    fs::create_dir_all(&run_root)?;

    // Build under the lock, and copy the binaries out before letting go of it.
    let (built, not_built, executables) = {
        let (workspace, not_built) = GradingWorkspace::prepare(
            &options.course_root,
            &options.target_dir,
            &options.subject,
            &all,
        )?;
        let packages: Vec<String> = selected
            .iter()
            .filter(|exercise| not_built.get(&exercise.name).is_none_or(NotBuilt::is_built))
            .map(|exercise| exercise.check_package())
            .collect();
        if options.progress && !packages.is_empty() {
            eprintln!(
                "Building the checks of {} exercise(s) against {} (the first build compiles candle: a few minutes)...",
                packages.len(),
                options.subject.describe()
            );
        }
        let built = if packages.is_empty() {
            Built::default()
        } else {
            compile::build(
                &workspace.root,
                &options.target_dir,
                &packages,
                options.limits.build,
                options.progress,
            )?
        };
        let mut executables = BTreeMap::new();
        for exercise in &selected {
            if let Some(executable) = built.executables.get(&exercise.check_package()) {
                let copy = run_root.join(&exercise.name).join(exercise.check_package());
                fs::create_dir_all(copy.parent().context("a run folder")?)?;
                // A link, not a copy of its 17 MB (8 ms): a later build never rewrites this
                // file, it makes a new one (the linkers write a new file and rename it, and
                // cargo replaces target/debug's by removing it first). Where links are not
                // possible, a copy.
                fs::hard_link(executable, &copy)
                    .or_else(|_| fs::copy(executable, &copy).map(|_| ()))
                    .with_context(|| format!("cannot copy {}", executable.display()))?;
                executables.insert(exercise.name.clone(), copy);
            }
        }
        (built, not_built, executables)
    };

    let mut graded = Vec::new();
    // Over several seeds (`dev seeds`), a check that did not read the seed on the first drew
    // the same inputs from the same binary on every seed: it runs once, and its result stands
    // for every seed. Per exercise: the first seed's outcomes, durations, and seeded checks.
    type FirstRun = (
        BTreeMap<String, supervise::CheckOutcome>,
        BTreeMap<String, u64>,
        std::collections::BTreeSet<String>,
    );
    let mut first_runs: BTreeMap<String, FirstRun> = BTreeMap::new();
    for &seed in seeds {
        let options = &Options {
            seed,
            ..options.clone()
        };
        let mut reports = Vec::new();
        let mut sandboxes: Vec<String> = Vec::new();
        for exercise in &selected {
            let started = Instant::now();
            // a fresh folder for each run: nothing one seed's checks wrote is seen by the next
            let run_dir = run_root.join("work").join(&exercise.name);
            if run_dir.exists() {
                fs::remove_dir_all(&run_dir)?;
            }
            fs::create_dir_all(&run_dir)?;
            // Sources the policy could not read were built for rustc's own error: refused only
            // when they built.
            let refused = not_built
                .get(&exercise.name)
                .filter(|reason| !reason.is_built() || executables.contains_key(&exercise.name));
            let (outcomes, durations, message) = if let Some(reason) = refused {
                let message = match reason {
                    NotBuilt::Missing => missing_message(&options.subject, &exercise.name),
                    NotBuilt::Rejected(message) | NotBuilt::Unreadable(message) => message.clone(),
                };
                (
                    BTreeMap::new(),
                    BTreeMap::new(),
                    Some((message, reason.status())),
                )
            } else if let Some(executable) = executables.get(&exercise.name) {
                if options.progress {
                    eprintln!("Running the checks of {}...", exercise.name);
                }
                let first = first_runs.get(&exercise.name);
                let mut rerun = Exercise::clone(exercise);
                if let Some((_, _, seeded)) = first {
                    rerun.checks.retain(|check| seeded.contains(&check.id));
                }
                let mut checked = if rerun.checks.is_empty() {
                    supervise::Checked {
                        outcomes: BTreeMap::new(),
                        sandbox: None,
                        durations: BTreeMap::new(),
                        seeded: Default::default(),
                    }
                } else {
                    supervise::run_checks(
                        executable,
                        &rerun,
                        options.seed,
                        options.limits,
                        &run_dir,
                    )?
                };
                if let Some(sandbox) = checked.sandbox {
                    if !sandboxes.contains(&sandbox) {
                        sandboxes.push(sandbox);
                    }
                }
                // A panic's location is the grading workspace's copy: shown as the file the
                // student edits, as compile errors are.
                let mut outcomes = std::mem::take(&mut checked.outcomes);
                for outcome in outcomes.values_mut() {
                    outcome.message =
                        as_the_student_sees(&outcome.message, exercise, &options.subject);
                }
                let mut durations = std::mem::take(&mut checked.durations);
                match first {
                    Some((first_outcomes, first_durations, seeded)) => {
                        for (id, outcome) in first_outcomes {
                            if !seeded.contains(id) {
                                outcomes.insert(id.clone(), outcome.clone());
                            }
                        }
                        for (id, took) in first_durations {
                            if !seeded.contains(id) {
                                durations.insert(id.clone(), *took);
                            }
                        }
                    }
                    None if seeds.len() > 1 => {
                        first_runs.insert(
                            exercise.name.clone(),
                            (outcomes.clone(), durations.clone(), checked.seeded),
                        );
                    }
                    None => {}
                }
                (outcomes, durations, None)
            } else {
                let message = compile_failure(exercise, &built, &options.subject);
                (
                    BTreeMap::new(),
                    BTreeMap::new(),
                    Some((message, Status::CompileError)),
                )
            };
            let figures = keep_figures(options, exercise, &run_dir)?;
            reports.push(score(
                exercise, outcomes, &durations, message, figures, started,
            ));
        }
        let sandbox = if sandboxes.is_empty() {
            NO_CHECK_RAN.to_string()
        } else {
            sandboxes.join("; ")
        };
        graded.push(Report::new(
            options.subject.describe(),
            options.seed,
            sandbox,
            reports,
        ));
    }
    let _ = fs::remove_dir_all(&run_root);
    Ok(graded)
}

/// The grading workspace's copy of the exercise (`<slot>/exercises/<name>/`).
fn slot_prefix(exercise: &Exercise, subject: &Subject) -> String {
    format!("{}/exercises/{}/", subject.slot(), exercise.name)
}

/// `text` with every mention of the grading workspace's copy of the exercise replaced by the
/// folder the student edits.
fn as_the_student_sees(text: &str, exercise: &Exercise, subject: &Subject) -> String {
    paths::replace_prefix(
        text,
        &slot_prefix(exercise, subject),
        &subject.display_path(&exercise.name, ""),
    )
}

/// Why an exercise's check binary was not built: the student's crate, or the checks against it.
fn compile_failure(exercise: &Exercise, built: &Built, subject: &Subject) -> String {
    let slot_prefix = slot_prefix(exercise, subject);
    let show = |error: &compile::CompileError| {
        let file = paths::strip_prefix_any_separator(&error.file, &slot_prefix)
            .map(|inside| subject.display_path(&exercise.name, &inside))
            .unwrap_or_else(|| error.file.clone());
        let rendered = as_the_student_sees(&error.rendered, exercise, subject);
        // an error of no file (a build limit, see build_limits.rs) has no place to name
        if error.file.is_empty() {
            return rendered.trim_end().to_string();
        }
        format!("{file}:{}\n{}", error.line, rendered.trim_end())
    };
    if let Some(error) = built.first_errors.get(&exercise.name) {
        return format!("does not compile: {}", show(error));
    }
    if let Some(error) = built.first_errors.get(&exercise.check_package()) {
        // the registry generated from the catalogue (`course_catalogue::registry`) names its entry
        if error.rendered.contains("grader/catalogue.toml, exercise") {
            return format!(
                "the course's checks do not build: a mistake in the course, not in your code (tell whoever maintains it; `cargo run -p grader -- dev check` names the fix).\n{}",
                show(error)
            );
        }
        return format!(
            "compiles, but the checks cannot call it: did a public function's name or signature change? Keep the ones the exercise gave you.\n{}",
            show(error)
        );
    }
    let mut message = "could not be built, and cargo gave no compile error for it".to_string();
    let relevant: Vec<&String> = built
        .cargo_stderr
        .iter()
        .filter(|line| {
            line.starts_with("error") || line.contains("Caused by") || line.starts_with("  ")
        })
        .collect();
    for line in relevant.iter().rev().take(8).rev() {
        message.push('\n');
        message.push_str(line);
    }
    message
}

/// The most figures kept of one exercise, and the largest: the course's figures are a few, of
/// a few hundred KiB; student code can write anything in its work folder.
const MAX_FIGURES: usize = 16;
const MAX_FIGURE_BYTES: u64 = 4 << 20;

/// Keeps the figures the checks drew (`*.svg` files in their work folders, links never
/// followed) where the student can open them: `<target>/grader/figures/<slot>/<exercise>/`,
/// at most [`MAX_FIGURES`] of at most [`MAX_FIGURE_BYTES`] each; the others are named on
/// stderr and left behind.
fn keep_figures(
    options: &Options,
    exercise: &Exercise,
    run_dir: &Path,
) -> anyhow::Result<Vec<String>> {
    let figures = options.target_dir.join("grader").join("figures");
    let keep = figures.join(options.subject.slot()).join(&exercise.name);
    // Two graders of one subject at once (`dev seeds` in two processes, a teacher's second
    // terminal) would empty and refill the same folder under each other: one at a time.
    fs::create_dir_all(&figures)?;
    let lock = fs::File::create(figures.join(".lock"))?;
    lock.lock()
        .context("cannot lock the kept figures (is another grader running?)")?;
    if keep.exists() {
        fs::remove_dir_all(&keep)?;
    }
    let mut figures = Vec::new();
    let work = run_dir.join("work");
    // work/<check>/<file>: what each check's process wrote in its own folder
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(&work)
        .min_depth(2)
        .max_depth(2)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|path| path.extension().is_some_and(|ext| ext == "svg"))
        .take(10 * MAX_FIGURES)
        .collect();
    found.sort();
    let too_large =
        |path: &PathBuf| fs::metadata(path).map_or(true, |m| m.len() > MAX_FIGURE_BYTES);
    let (found, left): (Vec<PathBuf>, Vec<PathBuf>) =
        found.into_iter().partition(|path| !too_large(path));
    let left = left.len() + found.len().saturating_sub(MAX_FIGURES);
    if left > 0 && options.progress {
        eprintln!(
            "note: {left} figure(s) of {} not kept: at most {MAX_FIGURES}, of {} MiB each",
            exercise.name,
            MAX_FIGURE_BYTES >> 20
        );
    }
    for figure in found.into_iter().take(MAX_FIGURES) {
        fs::create_dir_all(&keep)?;
        let name = figure.file_name().context("a figure's name")?;
        let kept = keep.join(name);
        fs::copy(&figure, &kept)?;
        let shown = kept
            .strip_prefix(&options.course_root)
            .map(Path::to_path_buf)
            .unwrap_or(kept);
        figures.push(shown.display().to_string());
    }
    Ok(figures)
}

fn score(
    exercise: &Exercise,
    mut outcomes: BTreeMap<String, CheckOutcome>,
    durations: &BTreeMap<String, u64>,
    not_built: Option<(String, Status)>,
    figures: Vec<String>,
    started: Instant,
) -> ExerciseReport {
    let (message, not_built_status) = match not_built {
        Some((message, status)) => (Some(message), Some(status)),
        None => (None, None),
    };
    let checks: Vec<CheckReport> = exercise
        .checks
        .iter()
        .map(|spec| {
            let outcome = outcomes
                .remove(&spec.id)
                .unwrap_or_else(|| match not_built_status {
                    // Every check carries the reason, so that formats that show checks only (JUnit,
                    // Gradescope, Classroom) still show the compiler's message or what is missing.
                    Some(status) => CheckOutcome {
                        status,
                        message: format!("not run: {}", summary(message.as_deref().unwrap_or(""))),
                    },
                    None => CheckOutcome {
                        status: Status::Error,
                        message: "not run: the check binary never reported this check".to_string(),
                    },
                });
            CheckReport {
                duration_ms: durations.get(&spec.id).copied(),
                id: spec.id.clone(),
                title: spec.title.clone(),
                points: if outcome.status == Status::Pass {
                    spec.points
                } else {
                    0
                },
                status: outcome.status,
                max_points: spec.points,
                visibility: spec.visibility,
                message: outcome.message,
            }
        })
        .collect();
    ExerciseReport {
        name: exercise.name.clone(),
        title: exercise.title.clone(),
        status: Status::of_exercise(&checks),
        score: checks.iter().map(|c| c.points).sum(),
        max_score: exercise.max_score(),
        message,
        figures,
        duration_ms: started.elapsed().as_millis() as u64,
        withheld_checks: exercise.withheld_checks,
        withheld_points: exercise.withheld_points,
        checks,
    }
}

/// The first lines of an exercise's message (its first compile error: file and line, then the
/// compiler's first words), for each of its checks.
fn summary(message: &str) -> String {
    const LINES: usize = 6;
    let mut lines: Vec<&str> = message.lines().take(LINES).collect();
    if message.lines().count() > LINES {
        lines.push("...");
    }
    lines.join("\n")
}

/// "missing", with a guess at the usual mistake: a submission one folder too deep (a zip of the
/// course's folder rather than of its contents).
fn missing_message(subject: &Subject, exercise: &str) -> String {
    let mut message = format!(
        "missing: there is no {}",
        subject.display_path(exercise, "src/lib.rs")
    );
    if let Subject::Submission(dir) = subject {
        let nested = fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|inner| inner.join("exercises").join(exercise).join("src").is_dir());
        if let (false, Some(inner)) = (dir.join("exercises").is_dir(), nested) {
            message.push_str(&format!(
                " (but there is {}: was the course uploaded one folder too deep?)",
                crate::engine::paths::join_relative(&inner, &format!("exercises/{exercise}/src"))
                    .display()
            ));
        }
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The attack of many and huge "figures" in the check's work folder, and of a link dressed
    /// as one: at most [`MAX_FIGURES`] are kept, none larger than [`MAX_FIGURE_BYTES`], and a
    /// link is never followed.
    #[test]
    fn figures_are_kept_within_bounds() -> anyhow::Result<()> {
        let base = std::env::temp_dir().join(format!("grader-figures-{}", std::process::id()));
        let work = base.join("run/work/check-a");
        fs::create_dir_all(&work)?;
        fs::write(
            work.join("huge.svg"),
            vec![b' '; MAX_FIGURE_BYTES as usize + 1],
        )?;
        for number in 0..3 * MAX_FIGURES {
            fs::write(work.join(format!("f{number:03}.svg")), "<svg/>")?;
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/hostname", work.join("a-link.svg"))?;
        let course = crate::engine::course::compiled_in();
        let catalogue = Catalogue::load(&course)?;
        let exercise = catalogue.exercises.first().context("an exercise")?;
        let options = Options {
            course_root: base.clone(),
            target_dir: base.join("target"),
            subject: Subject::Solutions,
            exercises: Vec::new(),
            seed: 0,
            limits: crate::engine::supervise::Limits {
                timeout: std::time::Duration::from_secs(1),
                memory_mib: 1024,
                file_size_mib: 1,
                build: crate::engine::build_limits::BuildLimits {
                    timeout: std::time::Duration::from_secs(1),
                    memory_mib: 1024,
                    file_size_mib: 1,
                },
            },
            progress: false,
        };
        let kept = keep_figures(&options, exercise, &base.join("run"))?;
        assert_eq!(kept.len(), MAX_FIGURES, "{kept:?}");
        assert!(kept.iter().all(|figure| figure.contains("/f0")), "{kept:?}");
        fs::remove_dir_all(&base)?;
        Ok(())
    }
}
