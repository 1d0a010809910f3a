//! The command line: `cargo run -p grader -- [OPTIONS] [COMMAND]`.

use crate::build_limits::BuildLimits;
use crate::catalogue::Catalogue;
use crate::course;
use crate::dev;
use crate::grade::{self, Options};
use crate::gradebook;
use crate::handout;
use crate::hints;
use crate::merge;
use crate::progress::Progress;
use crate::report::{
    ensure_parent_exists, write_report, Classroom, Gradescope, Html, Json, Junit, Markdown,
    Reporter, Text,
};
use crate::roster::Shard;
use crate::supervise::{Limits, FILE_SIZE_LIMIT_MIB};
use crate::watch;
use crate::workspace::Subject;
use anyhow::{bail, Context as _};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write as _;
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    Junit,
    Markdown,
    Gradescope,
    Classroom,
    Html,
}

impl Format {
    fn reporter(self, color: bool, course_root: &Path) -> Box<dyn Reporter> {
        match self {
            Format::Html => Box::new(Html {
                course_root: course_root.to_path_buf(),
            }),
            Format::Text => Box::new(Text { color }),
            Format::Json => Box::new(Json),
            Format::Junit => Box::new(Junit),
            Format::Markdown => Box::new(Markdown),
            Format::Gradescope => Box::new(Gradescope),
            Format::Classroom => Box::new(Classroom),
        }
    }
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

impl RunArgs {
    fn options(&self, course_root: PathBuf, subject: Subject) -> Options {
        Options {
            target_dir: target_dir(&course_root),
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

pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    cli.refuse_grading_flags_with_a_command()?;
    let course_root = match &cli.run.course {
        Some(dir) => crate::paths::canonical(dir)
            .with_context(|| format!("the course folder {} cannot be opened", dir.display()))?,
        None => course::locate()?,
    };
    let catalogue = Catalogue::load(&course_root)?;
    match &cli.command {
        Some(Command::Reset { name }) => {
            print!("{}", crate::reset::reset(&catalogue, &course_root, name)?);
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Hint { name, all, reset }) => {
            print!(
                "{}",
                hints::reveal(
                    &catalogue,
                    &target_dir(&course_root),
                    &course_root,
                    name,
                    *all,
                    *reset
                )?
            );
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Watch { manual }) => {
            let options = cli.run.options(course_root, Subject::Exercises);
            return watch::watch(&catalogue, &options, *manual);
        }
        Some(Command::Handout {
            out_dir,
            force,
            guidance,
        }) => {
            let count =
                handout::write_handout(&course_root, &catalogue, out_dir, *force, *guidance)?;
            println!(
                "Wrote the student version ({count} files) to {}. In it, `cargo run -p grader` grades the visible checks.",
                out_dir.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Gradebook {
            submissions_dir,
            csv,
            roster,
            shard,
            class_report,
        }) => {
            ensure_parent_exists(csv)?;
            if let Some(page) = class_report {
                ensure_parent_exists(page)?;
                if shard.is_some() {
                    bail!("--class-report needs the whole class and a shard grades only its share: leave it out, merge the shards with `gradebook-merge`, then run `class-report` on the merged CSV");
                }
            }
            catalogue.select(&cli.run.exercises)?;
            let options = cli.run.options(course_root, Subject::Exercises);
            let class = gradebook::Class {
                roster: roster.clone(),
                shard: *shard,
            };
            let rows = gradebook::gradebook(&catalogue, &options, submissions_dir, csv, &class)?;
            match shard {
                Some(shard) => println!(
                    "Wrote {} with {} students (shard {shard}).",
                    csv.display(),
                    rows.len()
                ),
                None => println!("Wrote {} with {} students.", csv.display(), rows.len()),
            }
            if let Some(page) = class_report {
                let written = crate::class_report::class_report(
                    &options.course_root,
                    &catalogue,
                    csv,
                    submissions_dir,
                    page,
                )?;
                print_class_report(&written);
            }
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::ClassReport {
            submissions_dir,
            csv,
            output,
        }) => {
            ensure_parent_exists(output)?;
            let written = crate::class_report::class_report(
                &course_root,
                &catalogue,
                csv,
                submissions_dir,
                output,
            )?;
            print_class_report(&written);
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::GradebookMerge { shards, csv }) => {
            ensure_parent_exists(csv)?;
            let students = merge::merge(shards, csv)?;
            println!(
                "Wrote {} with {students} students from {} shards.",
                csv.display(),
                shards.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Dev {
            command:
                DevCommand::Seeds {
                    solutions,
                    submission,
                    from,
                    to,
                },
        }) => {
            let subject = match (submission, solutions) {
                (Some(dir), _) => {
                    Subject::Submission(crate::paths::canonical(dir).with_context(|| {
                        format!("the submission folder {} cannot be opened", dir.display())
                    })?)
                }
                (None, true) => Subject::Solutions,
                (None, false) => Subject::Exercises,
            };
            anyhow::ensure!(from <= to, "--from {from} is after --to {to}");
            let seeds: Vec<u64> = (*from..=*to).collect();
            let options = cli.run.options(course_root, subject);
            let reports = grade::grade_on_seeds(&catalogue, &options, &seeds)?;
            let (text, steady) = dev::seed_table(&seeds, &reports);
            print!("{text}");
            return Ok(if steady {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        Some(Command::Dev { command }) => return dev(command, &course_root, &catalogue),
        None => {}
    }
    if cli.list {
        print!(
            "{}",
            Progress::load(&target_dir(&course_root), &course_root).render(&catalogue)
        );
        return Ok(ExitCode::SUCCESS);
    }
    let subject = match (&cli.submission, cli.solutions) {
        (Some(dir), _) => Subject::Submission(crate::paths::canonical(dir).with_context(|| {
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
    };
    let extra = &cli.reports;
    for path in cli.output.iter().chain(extra.iter().map(|(_, path)| path)) {
        ensure_parent_exists(path)?;
    }
    let options = cli.run.options(course_root.clone(), subject.clone());
    let mut report = grade::grade(&catalogue, &options)?;
    if options.seed != DEFAULT_SEED {
        // A seed the teacher chose is a secret: these reports may reach the student (CI
        // publishes them). The gradebook's reports, which only the teacher sees, keep it.
        report = report.withholding_seed();
    }
    let progress = match subject {
        Subject::Exercises => Some(Progress::record(
            &options.target_dir,
            &options.course_root,
            &report,
        )?),
        _ => None,
    };
    for (format, path) in extra {
        write_report(format.reporter(false, &course_root).as_ref(), &report, path)?;
    }
    match &cli.output {
        Some(path) => write_report(
            cli.format.reporter(false, &course_root).as_ref(),
            &report,
            path,
        )?,
        None => {
            // Coloured always; anstream drops the colour where it does not belong (not a
            // terminal, `NO_COLOR`, `TERM=dumb`) and turns it on in Windows consoles.
            let mut stdout = anstream::stdout();
            write!(
                stdout,
                "{}",
                cli.format.reporter(true, &course_root).render(&report)?
            )?;
            if let (Format::Text, Some(progress)) = (cli.format, progress) {
                write!(stdout, "\n{}", progress.render(&catalogue))?;
            }
        }
    }
    Ok(if report.all_passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_class_report(written: &crate::class_report::Written) {
    println!(
        "Wrote the class report {} and its numbers {} ({} students, {} pairs flagged as similar; similarity computed in {:.1} s).",
        written.page.display(),
        written.numbers.display(),
        written.students,
        written.flagged,
        written.similarity_seconds
    );
}

fn dev(
    command: &DevCommand,
    course_root: &Path,
    catalogue: &Catalogue,
) -> anyhow::Result<ExitCode> {
    match command {
        DevCommand::Check => {
            let problems = dev::check(course_root, catalogue)?;
            for problem in &problems {
                println!("{problem}");
            }
            if problems.is_empty() {
                println!(
                    "The course checks out: {} exercises, each with its lesson, stub, solution and checks.",
                    catalogue.exercises.len()
                );
                Ok(ExitCode::SUCCESS)
            } else {
                println!(
                    "{} problem{}.",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                );
                Ok(ExitCode::from(1))
            }
        }
        DevCommand::New { name } => {
            let written = dev::new_exercise(course_root, catalogue, name)?;
            for path in &written {
                let shown = path.strip_prefix(course_root).unwrap_or(path);
                println!("wrote {}", shown.display());
            }
            println!(
                "Exercise `{name}` is in place: `cargo run -p grader -- --solutions --exercise {name}` grades it. \
                 Now write its lesson (exercises/{name}/README.md), solution, checks and catalogue texts \
                 (docs/maintainers.md, \"Adding an exercise\"): `cargo run -p grader -- dev check` lists \
                 each text left to write, marked `TODO(dev new)`."
            );
            Ok(ExitCode::SUCCESS)
        }
        DevCommand::Spec => {
            for property in dev::spec::observed(course_root, &catalogue.exercises)? {
                let list = |ids: &[String]| {
                    if ids.is_empty() {
                        "-".to_string()
                    } else {
                        ids.join(", ")
                    }
                };
                let hidden_only = !property.unobservable && property.visible.is_empty();
                let open = if property.open.is_empty() {
                    String::new()
                } else {
                    format!("; inputs no check tries yet: {}", property.open.join(", "))
                };
                println!(
                    "{} {}: visible {}; hidden {}{}{open}",
                    property.exercise,
                    property.id,
                    list(&property.visible),
                    list(&property.hidden),
                    if property.unobservable {
                        " (unobservable)"
                    } else if hidden_only {
                        " (hidden only)"
                    } else {
                        ""
                    }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        DevCommand::Sync => {
            let written = dev::sync::sync(course_root, catalogue)?;
            for path in &written {
                let shown = path.strip_prefix(course_root).unwrap_or(path);
                println!("wrote {}", shown.display());
            }
            if written.is_empty() {
                println!(
                    "Nothing to write: every generated file is what grader/catalogue.toml implies."
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        DevCommand::Seeds { .. } => unreachable!("graded in `run`"),
        DevCommand::Stubs { names } => {
            catalogue.select(names)?;
            for name in names {
                for path in course_catalogue::stubs::write_stubs(course_root, name)
                    .with_context(|| format!("cannot write the stubs of `{name}`"))?
                {
                    let shown = path.strip_prefix(course_root).unwrap_or(&path);
                    println!("wrote {}", shown.display());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
