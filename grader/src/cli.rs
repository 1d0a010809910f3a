//! The command line: `cargo run -p grader -- [OPTIONS] [COMMAND]`.

use crate::catalogue::Catalogue;
use crate::grade::{self, Options};
use crate::report::{Json, Junit, Reporter, Text};
use crate::supervise::Limits;
use crate::workspace::Subject;
use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// The seed of the hidden checks' random inputs when `--seed` is not given.
pub const DEFAULT_SEED: u64 = 2024;

/// Grades the exercises of lesson 2.4, The Role of Activations.
///
/// Exit codes: 0 every check passes; 1 some check does not; 2 the grader itself could not run.
#[derive(Debug, Parser)]
#[command(name = "grader", version)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Grade the reference solutions in solutions/ instead of your exercises/.
    #[arg(long, conflicts_with = "submission")]
    solutions: bool,

    /// Grade a submission: a student's returned copy of this course. Only its exercises'
    /// src/ folders are used.
    #[arg(long, value_name = "DIR")]
    submission: Option<PathBuf>,

    /// Grade only this exercise (repeat for several).
    #[arg(long = "exercise", value_name = "NAME")]
    exercises: Vec<String>,

    /// List the exercises and their points, and stop.
    #[arg(long)]
    list: bool,

    /// The report's format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    output: Option<PathBuf>,

    /// Seed of the hidden checks' random inputs and training runs.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,

    /// Time limit of each check, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    timeout: u64,

    /// Memory limit of each exercise's checks, in MiB (Linux).
    #[arg(long, value_name = "MIB", default_value_t = 4096)]
    memory_limit: u64,

    /// No progress lines on stderr.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show the hints of an exercise.
    Hint {
        /// The exercise, as `--list` names it.
        name: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    Junit,
}

/// The course's folder: the grader is a crate of it, one level down.
pub fn course_root() -> PathBuf {
    let grader = Path::new(env!("CARGO_MANIFEST_DIR"));
    grader.parent().unwrap_or(grader).to_path_buf()
}

/// The target directory the grader was built in, shared with the check binaries' builds so
/// that candle is compiled once.
fn target_dir(course_root: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        let dir = PathBuf::from(dir);
        return if dir.is_absolute() {
            dir
        } else {
            course_root.join(dir)
        };
    }
    let from_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.to_path_buf()))
        .filter(|dir| dir.join("CACHEDIR.TAG").exists());
    from_exe.unwrap_or_else(|| course_root.join("target"))
}

pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    let course_root = course_root();
    let catalogue = Catalogue::load(&course_root)?;
    match &cli.command {
        Some(Command::Hint { name }) => return hint(&catalogue, name),
        None => {}
    }
    if cli.list {
        for exercise in &catalogue.exercises {
            println!(
                "{:<18} {:>3} points  {}",
                exercise.name,
                exercise.max_score(),
                exercise.title
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let subject = match (&cli.submission, cli.solutions) {
        (Some(dir), _) => Subject::Submission(dir.canonicalize().with_context(|| {
            format!("the submission folder {} cannot be opened", dir.display())
        })?),
        (None, true) => Subject::Solutions,
        (None, false) => Subject::Exercises,
    };
    if let Some(output) = &cli.output {
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            anyhow::ensure!(
                parent.is_dir(),
                "cannot write the report to {}: the folder {} does not exist",
                output.display(),
                parent.display()
            );
        }
    }
    let options = Options {
        target_dir: target_dir(&course_root),
        course_root,
        subject,
        exercises: cli.exercises.clone(),
        seed: cli.seed,
        limits: Limits {
            timeout: Duration::from_secs(cli.timeout.max(1)),
            memory_mib: cli.memory_limit,
        },
        progress: !cli.quiet,
    };
    let report = grade::grade(&catalogue, &options)?;
    let to_terminal = cli.output.is_none() && std::io::stdout().is_terminal();
    let reporter: Box<dyn Reporter> = match cli.format {
        Format::Text => Box::new(Text {
            color: to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }),
        Format::Json => Box::new(Json),
        Format::Junit => Box::new(Junit),
    };
    let rendered = reporter.render(&report)?;
    match &cli.output {
        Some(path) => {
            // Written beside and renamed, so that a reader never sees half a report.
            let partial = path.with_extension("partial");
            std::fs::write(&partial, &rendered)
                .with_context(|| format!("cannot write {}", partial.display()))?;
            std::fs::rename(&partial, path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "Wrote the report to {} (score {}/{}).",
                path.display(),
                report.score,
                report.max_score
            );
        }
        None => print!("{rendered}"),
    }
    Ok(if report.all_passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn hint(catalogue: &Catalogue, name: &str) -> anyhow::Result<ExitCode> {
    let exercise = catalogue.select(&[name.to_string()])?[0];
    if exercise.hints.is_empty() {
        println!("{} has no hints yet.", exercise.name);
    }
    for (number, hint) in exercise.hints.iter().enumerate() {
        println!("Hint {} of {}: {hint}", number + 1, exercise.hints.len());
    }
    Ok(ExitCode::SUCCESS)
}
