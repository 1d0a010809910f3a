//! What a student runs: grading with its report (also how CI grades one submission), the list
//! of exercises, hints, putting a stub back, and watch mode.

pub mod hints;
pub mod progress;
pub mod reset;
pub mod watch;

use crate::engine::catalogue::Catalogue;
use crate::engine::grade::{self, Options};
use crate::engine::report::{ensure_parent_exists, write_report, Format};
use crate::engine::workspace::Subject;
use progress::Progress;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where the report of a grading goes.
pub struct Output {
    pub format: Format,
    /// A file for the report in `format`; standard output when `None`.
    pub path: Option<PathBuf>,
    /// Further reports in other formats (`--report FORMAT=PATH`).
    pub extra: Vec<(Format, PathBuf)>,
    /// Whether `seed` is the default one: any other is a secret the reports withhold.
    pub default_seed: bool,
}

/// Grades `options.subject` and writes its reports; exits 0 when every check passed.
pub fn grade(
    catalogue: &Catalogue,
    options: &Options,
    output: &Output,
) -> anyhow::Result<ExitCode> {
    // a report that cannot be written is said before the grading, not after
    for path in output
        .path
        .iter()
        .chain(output.extra.iter().map(|(_, path)| path))
    {
        ensure_parent_exists(path)?;
    }
    let mut report = grade::grade(catalogue, options)?;
    if !output.default_seed {
        // A seed the teacher chose is a secret: these reports may reach the student (CI
        // publishes them). The gradebook's reports, which only the teacher sees, keep it.
        report = report.withholding_seed();
    }
    let progress = match options.subject {
        Subject::Exercises => Some(Progress::record(
            &options.target_dir,
            &options.course_root,
            &report,
        )?),
        _ => None,
    };
    let course_root = &options.course_root;
    for (format, path) in &output.extra {
        write_report(format.reporter(false, course_root).as_ref(), &report, path)?;
    }
    match &output.path {
        Some(path) => write_report(
            output.format.reporter(false, course_root).as_ref(),
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
                output.format.reporter(true, course_root).render(&report)?
            )?;
            if let (Format::Text, Some(progress)) = (output.format, progress) {
                write!(stdout, "\n{}", progress.render(catalogue))?;
            }
        }
    }
    Ok(if report.all_passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `--list`: the exercises, their points and the student's progress.
pub fn list(catalogue: &Catalogue, target_dir: &Path, course_root: &Path) -> ExitCode {
    print!(
        "{}",
        Progress::load(target_dir, course_root).render(catalogue)
    );
    ExitCode::SUCCESS
}
