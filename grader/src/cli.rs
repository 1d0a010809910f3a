//! The command line: `cargo run -p grader -- [OPTIONS] [COMMAND]`, parsed here and handed to
//! the module of the command's audience (`student`, `teacher`, `maintainer`).

use crate::engine::build_limits::BuildLimits;
use crate::engine::catalogue::Catalogue;
use crate::engine::grade::Options;
use crate::engine::report::Format;
use crate::engine::supervise::{Limits, FILE_SIZE_LIMIT_MIB};
use crate::engine::workspace::Subject;
use crate::engine::{course, paths};
use crate::maintainer;
use crate::student::{self, hints, reset, watch};
use crate::teacher::{self, gradebook, handout, roster::Shard};
use anyhow::{bail, Context as _};
use clap::{Args, Parser, Subcommand, ValueEnum};
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

    /// List the exercises and their points, and stop.
    #[arg(long)]
    list: bool,

    /// The report's format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    output: Option<PathBuf>,

    /// Also write the report in another format to a file (repeatable), e.g.
    /// `--report json=out/report.json --report markdown=out/summary.md`.
    #[arg(long = "report", value_name = "FORMAT=PATH", value_parser = parse_report)]
    reports: Vec<(Format, PathBuf)>,

    #[command(flatten)]
    run: RunArgs,
}

/// How checks are run: shared by grading one subject and grading a class.
#[derive(Debug, Args)]
struct RunArgs {
    /// Grade only this exercise (repeat for several).
    #[arg(long = "exercise", value_name = "NAME", global = true)]
    exercises: Vec<String>,

    /// Seed of the hidden checks' random inputs and training runs; any seed but the default
    /// is withheld from the reports (a CI job can pass it in the environment, from a secret).
    #[arg(long, env = "GRADER_SEED", default_value_t = DEFAULT_SEED, global = true)]
    seed: u64,

    /// Time limit of each check, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 60, global = true)]
    timeout: u64,

    /// Memory limit of each exercise's checks, in MiB (Linux).
    #[arg(long, value_name = "MIB", default_value_t = 4096, global = true)]
    memory_limit: u64,

    /// Time limit of compiling each crate of the graded code, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 300, global = true)]
    build_timeout: u64,

    /// Memory limit of compiling each crate of the graded code, in MiB (Linux).
    #[arg(long, value_name = "MIB", default_value_t = 2048, global = true)]
    build_memory_limit: u64,

    /// No progress lines on stderr.
    #[arg(long, short, global = true)]
    quiet: bool,

    /// The course folder to grade in (default: the one this grader was built from).
    #[arg(long, value_name = "DIR", global = true)]
    course: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show the next hint of an exercise (each call shows one more).
    Hint {
        /// The exercise, as `--list` names it.
        name: String,
        /// Show every hint at once.
        #[arg(long)]
        all: bool,
        /// Start again from the first hint.
        #[arg(long)]
        reset: bool,
    },
    /// Put an exercise's stub back (your files are kept beside it as `<file>.before-reset`).
    Reset {
        /// The exercise, as `--list` names it.
        name: String,
    },
    /// Grade again each time an exercise's source file is saved.
    Watch {
        /// Grade when Enter is pressed instead (for file systems without change notification).
        #[arg(long)]
        manual: bool,
    },
    /// Write the student version of the course (no solutions, no hidden checks) into OUT_DIR.
    Handout {
        out_dir: PathBuf,
        /// Write into OUT_DIR even if it is not empty (files with the same names are replaced).
        #[arg(long)]
        force: bool,
        /// How much the stubs and hints say: `steps` (every edit named by a `// TODO:` line,
        /// hints down to the code) or `contracts` (doc comments and `todo!()` only, two hints).
        #[arg(long, value_enum, default_value_t = handout::Guidance::Steps)]
        guidance: handout::Guidance,
    },
    /// Grade every student's folder in SUBMISSIONS_DIR into a CSV, keeping each JSON report.
    Gradebook {
        submissions_dir: PathBuf,
        /// Where to write the gradebook; the JSON reports go to `<stem>-reports/` beside it.
        #[arg(long, value_name = "PATH")]
        csv: PathBuf,
        /// The class list: a file with one student per line (repository URL, then optionally
        /// the name). Each student's submission is SUBMISSIONS_DIR/<name>; a student without
        /// one still gets a row. Without it, every subfolder of SUBMISSIONS_DIR is a student.
        #[arg(long, value_name = "FILE")]
        roster: Option<PathBuf>,
        /// Grade only share I of N of the class (sorted by name: the I-th student, the
        /// (I+N)-th, ...), and write `<stem>-shard.json` beside the CSV for `gradebook-merge`.
        #[arg(long, value_name = "I/N")]
        shard: Option<Shard>,
        /// Also write the class report (see `class-report`) to PATH, with its numbers as JSON
        /// beside it, and add each student's highest similarity to the CSV.
        #[arg(long, value_name = "PATH")]
        class_report: Option<PathBuf>,
    },
    /// The class report of a graded class: one HTML page (scores, the checks the class failed,
    /// who did not submit or build, similar code), its numbers as JSON beside it, each
    /// student's report as HTML, and each student's highest similarity added to the CSV.
    ClassReport {
        /// The submissions folder the class was graded from (one subfolder per student).
        submissions_dir: PathBuf,
        /// The gradebook (`gradebook` or `gradebook-merge`); its reports are in `<stem>-reports/`.
        #[arg(long, value_name = "PATH")]
        csv: PathBuf,
        /// Where to write the page; the JSON goes beside it with the extension `.json`.
        #[arg(long, value_name = "PATH")]
        output: PathBuf,
    },
    /// Merge the gradebooks of the shards of one class (`gradebook --shard I/N`) into one.
    GradebookMerge {
        /// Each shard's CSV, with its `<stem>-reports/` folder and `<stem>-shard.json` beside it.
        #[arg(required = true, value_name = "SHARD_CSV")]
        shards: Vec<PathBuf>,
        /// Where to write the merged gradebook; the reports go to `<stem>-reports/` beside it.
        #[arg(long, value_name = "PATH")]
        csv: PathBuf,
    },
    /// The maintainers' commands: validate the course, scaffold an exercise, write stubs.
    Dev {
        #[command(subcommand)]
        command: DevCommand,
    },
}

#[derive(Debug, Subcommand)]
enum DevCommand {
    /// Validate the whole course (the teacher's copy) and name the fix of every problem.
    Check,
    /// List every property the lessons state (grader/spec/*.toml) with the visible and hidden
    /// checks that observe it.
    Spec,
    /// Scaffold a new exercise NAME: stub, solution, lesson skeleton, check crate with one
    /// visible and one hidden check, and its catalogue entry.
    New { name: String },
    /// Write what the catalogue implies: each check crate's build script, each lesson's doctest
    /// module and its declaration, the check crates' profile entries and the mutation-testing
    /// package list.
    Sync,
    /// Write exercises/NAME/src/*.rs from solutions/NAME/src/*.rs, every body after a
    /// `// TODO:` comment replaced by `todo!()` (never on a student's copy: it overwrites).
    Stubs {
        #[arg(required = true)]
        names: Vec<String>,
    },
    /// Grade on every seed from FROM to TO (building once), print each seed's scores, and name
    /// every check whose result depends on the seed; exit 1 if any does. A check that did not
    /// read the seed on the first drew the same inputs on all of them: it runs once.
    Seeds {
        /// Grade the reference solutions (otherwise exercises/).
        #[arg(long, conflicts_with = "submission")]
        solutions: bool,
        /// Grade a submission: a returned copy of the course.
        #[arg(long, value_name = "DIR")]
        submission: Option<PathBuf>,
        #[arg(long, default_value_t = 0)]
        from: u64,
        #[arg(long, default_value_t = 49)]
        to: u64,
    },
}

impl Cli {
    /// The flags before a command that only grading reads (`--solutions watch` would otherwise
    /// watch and grade `exercises/`, silently).
    fn refuse_grading_flags_with_a_command(&self) -> anyhow::Result<()> {
        let Some(command) = &self.command else {
            return Ok(());
        };
        let given = [
            ("--solutions", self.solutions),
            ("--submission", self.submission.is_some()),
            ("--list", self.list),
            ("--format", self.format != Format::Text),
            ("--output", self.output.is_some()),
            ("--report", !self.reports.is_empty()),
        ];
        if let Some((flag, _)) = given.iter().find(|(_, given)| *given) {
            let name = match command {
                Command::Hint { .. } => "hint",
                Command::Reset { .. } => "reset",
                Command::Watch { .. } => "watch",
                Command::Handout { .. } => "handout",
                Command::Gradebook { .. } => "gradebook",
                Command::GradebookMerge { .. } => "gradebook-merge",
                Command::ClassReport { .. } => "class-report",
                Command::Dev { .. } => "dev",
            };
            bail!("`{flag}` is for grading and does nothing with `{name}`: leave it out (see `cargo run -p grader -- {name} --help`)");
        }
        Ok(())
    }
}

/// `--report FORMAT=PATH`, as clap parses each value.
fn parse_report(spec: &str) -> Result<(Format, PathBuf), String> {
    let (format, path) = spec
        .split_once('=')
        .ok_or("takes FORMAT=PATH, for example --report json=report.json")?;
    let format = Format::from_str(format, true).map_err(|_| {
        format!("unknown format `{format}`; use text, json, junit, markdown, gradescope, classroom or html")
    })?;
    Ok((format, PathBuf::from(path)))
}

impl RunArgs {
    fn options(&self, course_root: PathBuf, subject: Subject) -> Options {
        Options {
            target_dir: course::target_dir(&course_root),
            course_root,
            subject,
            exercises: self.exercises.clone(),
            seed: self.seed,
            limits: Limits {
                timeout: Duration::from_secs(self.timeout.max(1)),
                memory_mib: self.memory_limit,
                file_size_mib: FILE_SIZE_LIMIT_MIB,
                build: BuildLimits {
                    timeout: Duration::from_secs(self.build_timeout.max(1)),
                    memory_mib: self.build_memory_limit,
                    file_size_mib: FILE_SIZE_LIMIT_MIB,
                },
            },
            progress: !self.quiet,
        }
    }
}

/// The graded subject that `--submission` and `--solutions` name.
fn subject(
    submission: Option<&Path>,
    solutions: bool,
    course_root: &Path,
) -> anyhow::Result<Subject> {
    Ok(match (submission, solutions) {
        (Some(dir), _) => Subject::Submission(paths::canonical(dir).with_context(|| {
            format!("the submission folder {} cannot be opened", dir.display())
        })?),
        (None, true) => {
            // a student version ships no solutions: say so, rather than grade nothing
            anyhow::ensure!(
                course_root.join("solutions").is_dir(),
                "this copy of the course has no solutions/ (it is the student version): grade your own work with `cargo run -p grader`"
            );
            Subject::Solutions
        }
        (None, false) => Subject::Exercises,
    })
}

/// Parses the command line and hands the command to its module.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    cli.refuse_grading_flags_with_a_command()?;
    let course_root = match &cli.run.course {
        Some(dir) => paths::canonical(dir)
            .with_context(|| format!("the course folder {} cannot be opened", dir.display()))?,
        None => course::locate()?,
    };
    let catalogue = Catalogue::load(&course_root)?;
    let options = |subject| cli.run.options(course_root.clone(), subject);
    match &cli.command {
        None if cli.list => Ok(student::list(
            &catalogue,
            &course::target_dir(&course_root),
            &course_root,
        )),
        None => {
            let subject = subject(cli.submission.as_deref(), cli.solutions, &course_root)?;
            let output = student::Output {
                format: cli.format,
                path: cli.output.clone(),
                extra: cli.reports.clone(),
                default_seed: cli.run.seed == DEFAULT_SEED,
            };
            student::grade(&catalogue, &options(subject), &output)
        }
        Some(Command::Reset { name }) => {
            print!("{}", reset::reset(&catalogue, &course_root, name)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Hint { name, all, reset }) => {
            let target_dir = course::target_dir(&course_root);
            print!(
                "{}",
                hints::reveal(&catalogue, &target_dir, &course_root, name, *all, *reset)?
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Watch { manual }) => {
            watch::watch(&catalogue, &options(Subject::Exercises), *manual)
        }
        Some(Command::Handout {
            out_dir,
            force,
            guidance,
        }) => teacher::handout(&course_root, &catalogue, out_dir, *force, *guidance),
        Some(Command::Gradebook {
            submissions_dir,
            csv,
            roster,
            shard,
            class_report,
        }) => {
            catalogue.select(&cli.run.exercises)?;
            let class = gradebook::Class {
                roster: roster.clone(),
                shard: *shard,
            };
            teacher::gradebook(
                &catalogue,
                &options(Subject::Exercises),
                submissions_dir,
                csv,
                &class,
                class_report.as_deref(),
            )
        }
        Some(Command::ClassReport {
            submissions_dir,
            csv,
            output,
        }) => teacher::write_class_report(&course_root, &catalogue, submissions_dir, csv, output),
        Some(Command::GradebookMerge { shards, csv }) => teacher::merge(shards, csv),
        Some(Command::Dev { command }) => match command {
            DevCommand::Check => maintainer::check(&course_root, &catalogue),
            DevCommand::Spec => maintainer::spec(&course_root, &catalogue),
            DevCommand::New { name } => maintainer::new(&course_root, &catalogue, name),
            DevCommand::Sync => maintainer::sync(&course_root, &catalogue),
            DevCommand::Stubs { names } => maintainer::stubs(&course_root, &catalogue, names),
            DevCommand::Seeds {
                solutions,
                submission,
                from,
                to,
            } => {
                anyhow::ensure!(from <= to, "--from {from} is after --to {to}");
                let seeds: Vec<u64> = (*from..=*to).collect();
                let subject = subject(submission.as_deref(), *solutions, &course_root)?;
                maintainer::seeds(&catalogue, &options(subject), &seeds)
            }
        },
    }
}
