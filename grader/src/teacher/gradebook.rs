//! `grader gradebook SUBMISSIONS_DIR --csv grades.csv`: grade a whole class.
//!
//! Every folder in SUBMISSIONS_DIR is one student's returned copy of the course, named after the
//! student. Each is graded as `--submission` grades it (only the exercises' `src/` folders are
//! used), one after the other, sharing one compiled candle: only the student crates are rebuilt.
//! Every student gets a row, whatever happened: a submission that does not build, times out or
//! lacks an exercise scores 0 there, and the row says why. Each student's full JSON report is
//! kept beside the CSV, and what a submission changed outside its exercise sources (ignored for
//! grading) is listed for the teacher.

use crate::engine::catalogue::Catalogue;
use crate::engine::grade::{self, Options};
use crate::engine::report::{Json, Report, Reporter, Status};
use crate::engine::sanitize;
use crate::engine::workspace::Subject;
use crate::teacher::handout::handout_files;
use crate::teacher::roster::{self, Shard};
use anyhow::Context as _;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One student's line of the gradebook.
pub struct Row {
    /// The student's folder name, as text that names it exactly ([`sanitize::os_name`]).
    pub student: String,
    pub report: Option<Report>,
    /// Why the grader could not grade the submission at all, if it could not.
    pub failure: Option<String>,
    pub changed: Vec<String>,
    /// The file name of their JSON report in the reports folder, when one was written.
    pub report_file: Option<String>,
}

/// A student of the class: the name shown, and the folder their submission is in (which may
/// not exist: a roster student whose repository could not be fetched still gets a row).
#[derive(Debug, Clone)]
pub struct Student {
    pub name: String,
    pub dir: PathBuf,
    /// Their report's file name in the reports folder, without `.json`.
    pub report_stem: String,
}

pub fn gradebook(
    catalogue: &Catalogue,
    options: &Options,
    submissions: &Path,
    csv_path: &Path,
    class: &Class,
) -> anyhow::Result<Vec<Row>> {
    let everyone = class_list(submissions, class.roster.as_deref(), options.progress)?;
    let students = match class.shard {
        Some(shard) => shard.select(&everyone),
        None => everyone.clone(),
    };
    let reports_dir = reports_dir(csv_path);
    fs::create_dir_all(&reports_dir)
        .with_context(|| format!("cannot create {}", reports_dir.display()))?;
    let handout = without_gradebook_files(
        handout_files(&options.course_root, catalogue)?,
        &options.course_root,
        submissions,
        csv_path,
        class.roster.as_deref(),
    );
    let outside = handout
        .keys()
        .filter(|path| !is_ignored(path, catalogue))
        .count();
    let mut rows = Vec::new();
    let started = Instant::now();
    for (number, student) in students.iter().enumerate() {
        if options.progress {
            eprintln!(
                "[{}/{}] grading {}...",
                number + 1,
                students.len(),
                student.name
            );
        }
        rows.push(grade_student(
            catalogue,
            options,
            student,
            &handout,
            &reports_dir,
        ));
        // Written after every student, so that an interrupted run keeps what it graded.
        write_csv(csv_path, catalogue, options, &rows, outside)?;
    }
    if rows.is_empty() {
        write_csv(csv_path, catalogue, options, &rows, outside)?;
    }
    if let Some(shard) = class.shard {
        let names = |list: &[Student]| list.iter().map(|s| s.name.clone()).collect();
        crate::teacher::merge::write_manifest(
            csv_path,
            &crate::teacher::merge::Manifest {
                shard: shard.index,
                of: shard.count,
                seed: options.seed,
                students: names(&students),
                class: names(&everyone),
            },
        )?;
    }
    if options.progress {
        eprintln!(
            "Graded {} submissions in {:.1} s; wrote {} and the reports in {}.",
            rows.len(),
            started.elapsed().as_secs_f64(),
            csv_path.display(),
            reports_dir.display()
        );
    }
    Ok(rows)
}

/// One student's row, whatever happens: a folder that is missing or a link, a grading that
/// fails, a report that cannot be written each become the row's reason, never the class's.
/// (The reason is written as it is: the CSV writer makes every cell's text visible.)
fn grade_student(
    catalogue: &Catalogue,
    options: &Options,
    student: &Student,
    handout: &BTreeMap<PathBuf, Vec<u8>>,
    reports_dir: &Path,
) -> Row {
    let failed = |failure: String| Row {
        student: student.name.clone(),
        report: None,
        failure: Some(failure),
        changed: Vec::new(),
        report_file: None,
    };
    let dir = &student.dir;
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let to = fs::read_link(dir)
                .map(|to| to.display().to_string())
                .unwrap_or_default();
            return failed(format!(
                "refused: the student's folder is a symbolic link (to {to}), and the grader never follows one: put the submission itself there"
            ));
        }
        Ok(meta) if meta.is_dir() => {}
        _ => {
            return failed(format!(
                "no submission: {} is not a folder (not fetched, or no repository)",
                dir.display()
            ))
        }
    }
    let subject = match crate::engine::paths::canonical(dir) {
        Ok(dir) => Subject::Submission(dir),
        Err(err) => return failed(format!("{err:#}")),
    };
    let student_options = Options {
        subject,
        course_root: options.course_root.clone(),
        target_dir: options.target_dir.clone(),
        exercises: options.exercises.clone(),
        seed: options.seed,
        limits: options.limits,
        progress: false,
    };
    let changed = changes_outside_exercises(dir, handout, catalogue);
    match grade::grade(catalogue, &student_options) {
        Ok(mut report) => {
            report.changed_outside_exercises = Some(changed.clone());
            let file = format!("{}.json", student.report_stem);
            let path = reports_dir.join(&file);
            let written = Json
                .render(&report)
                .and_then(|json| Ok(fs::write(&path, json)?));
            Row {
                student: student.name.clone(),
                report_file: written.is_ok().then_some(file),
                failure: written.err().map(|err| {
                    format!(
                        "graded, but its report could not be written to {}: {err:#}",
                        path.display()
                    )
                }),
                report: Some(report),
                changed,
            }
        }
        Err(err) => Row {
            student: student.name.clone(),
            report: None,
            failure: Some(format!("{err:#}")),
            changed,
            report_file: None,
        },
    }
}

/// `grades.csv` -> `grades-reports/`, beside it.
pub fn reports_dir(csv_path: &Path) -> PathBuf {
    let stem = csv_path
        .file_stem()
        .map(|stem| stem.to_string_lossy().to_string())
        .unwrap_or_else(|| "grades".to_string());
    csv_path.with_file_name(format!("{stem}-reports"))
}

/// Who a gradebook grades: the class list (a roster file, or else every subfolder of the
/// submissions folder) and the share of it graded here. See `roster.rs` for both rules.
#[derive(Debug, Default, Clone)]
pub struct Class {
    pub roster: Option<PathBuf>,
    pub shard: Option<Shard>,
}

/// Every student of the class, sorted by name. A folder name that is not UTF-8 is kept exactly
/// (the folder is found by its own OS string) and shown escaped; a folder that is a symbolic
/// link is listed, to be refused with a reason in its row.
fn class_list(
    submissions: &Path,
    roster: Option<&Path>,
    progress: bool,
) -> anyhow::Result<Vec<Student>> {
    let student = |folder: &std::ffi::OsStr| Student {
        name: sanitize::os_name(folder),
        dir: submissions.join(folder),
        report_stem: sanitize::file_stem(folder),
    };
    let folders: Vec<Student> = fs::read_dir(submissions)
        .with_context(|| {
            format!(
                "cannot read the submissions folder {}: give a folder with one subfolder per student",
                submissions.display()
            )
        })?
        .filter_map(Result::ok)
        .filter(|entry| {
            let link = entry.file_type().is_ok_and(|kind| kind.is_symlink());
            link || entry.path().is_dir()
        })
        .filter(|entry| !entry.file_name().as_encoded_bytes().starts_with(b"."))
        .map(|entry| student(&entry.file_name()))
        .collect();
    let mut students: Vec<Student> = match roster {
        Some(path) => {
            let listed: Vec<String> = roster::load(path)?.into_iter().map(|s| s.name).collect();
            anyhow::ensure!(
                !listed.is_empty(),
                "the roster {} lists no student",
                path.display()
            );
            for folder in folders
                .iter()
                .filter(|folder| !listed.contains(&folder.name))
            {
                if progress {
                    eprintln!(
                        "note: {} is not on the roster {}: not graded",
                        sanitize::visible(&folder.dir.display().to_string()),
                        path.display()
                    );
                }
            }
            listed
                .iter()
                .map(|name| student(std::ffi::OsStr::new(name)))
                .collect()
        }
        None => {
            anyhow::ensure!(
                !folders.is_empty(),
                "{} has no subfolders: put each student's returned copy of the course in a folder of its own",
                submissions.display()
            );
            folders
        }
    };
    students.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(students)
}

/// The student version without what a gradebook run keeps inside the course (the submissions
/// folder, the CSV and its reports, the roster, when a teacher keeps them there): they are no
/// part of what students were given, so no submission "deleted" them.
fn without_gradebook_files(
    mut handout: BTreeMap<PathBuf, Vec<u8>>,
    course_root: &Path,
    submissions: &Path,
    csv_path: &Path,
    roster: Option<&Path>,
) -> BTreeMap<PathBuf, Vec<u8>> {
    let inside_course = |path: &Path| -> Option<PathBuf> {
        let parent = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let absolute = crate::engine::paths::canonical(parent)
            .ok()?
            .join(path.file_name()?);
        absolute
            .strip_prefix(course_root)
            .ok()
            .map(Path::to_path_buf)
    };
    let mut kept_out: Vec<PathBuf> = [
        submissions.to_path_buf(),
        csv_path.to_path_buf(),
        reports_dir(csv_path),
        crate::teacher::merge::manifest_path(csv_path),
    ]
    .iter()
    .chain(roster.map(Path::to_path_buf).iter())
    .filter_map(|path| inside_course(path))
    .collect();
    // the CSV's whole folder, unless it is the course itself
    let csv_folder = csv_path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(folder) = crate::engine::paths::canonical(csv_folder) {
        kept_out.extend(folder.strip_prefix(course_root).ok().map(Path::to_path_buf));
    }
    kept_out.retain(|relative| !relative.as_os_str().is_empty());
    handout.retain(|path, _| !kept_out.iter().any(|out| path.starts_with(out)));
    handout
}

fn write_csv(
    csv_path: &Path,
    catalogue: &Catalogue,
    options: &Options,
    rows: &[Row],
    outside: usize,
) -> anyhow::Result<()> {
    let exercises = catalogue.select(&options.exercises)?;
    let partial = csv_path.with_extension("csv.partial");
    let mut writer = csv::Writer::from_path(&partial)
        .with_context(|| format!("cannot write {}", partial.display()))?;
    let mut header = vec!["student".to_string()];
    header.extend(exercises.iter().map(|exercise| exercise.name.clone()));
    header.extend(
        [
            "total",
            "max",
            "notes",
            "changed_outside_exercises",
            "report",
            "sandbox",
        ]
        .map(String::from),
    );
    writer.write_record(&header)?;
    let max: u32 = exercises.iter().map(|exercise| exercise.max_score()).sum();
    for row in rows {
        let mut record = vec![sanitize::csv_cell(&row.student).into_owned()];
        let mut notes = Vec::new();
        match &row.report {
            Some(report) => {
                for exercise in &exercises {
                    let graded = report.exercises.iter().find(|e| e.name == exercise.name);
                    record.push(graded.map(|e| e.score).unwrap_or(0).to_string());
                    if let Some(graded) = graded {
                        if graded.status != Status::Pass {
                            notes.push(format!("{}: {}", graded.name, graded.status.as_str()));
                        }
                    }
                }
                record.push(report.score.to_string());
            }
            None => {
                record.extend(exercises.iter().map(|_| "0".to_string()));
                record.push("0".to_string());
                notes.push(format!(
                    "not graded: {}",
                    row.failure.as_deref().unwrap_or("unknown")
                ));
            }
        }
        if let (Some(_), Some(failure)) = (&row.report, &row.failure) {
            notes.push(failure.clone());
        }
        record.push(max.to_string());
        record.push(sanitize::csv_cell(&notes.join("; ")).into_owned());
        record.push(sanitize::csv_cell(&summarize_changes(&row.changed, outside)).into_owned());
        record.push(row.report_file.clone().unwrap_or_default());
        record.push(
            row.report
                .as_ref()
                .map(|report| sanitize::csv_cell(&report.sandbox).into_owned())
                .unwrap_or_default(),
        );
        writer.write_record(&record)?;
    }
    writer.flush()?;
    drop(writer);
    fs::rename(&partial, csv_path)
        .with_context(|| format!("cannot write {}", csv_path.display()))?;
    Ok(())
}

/// The most entries of a submission the comparison looks at: a submission with more stops
/// being listed there (and says so), rather than making the gradebook walk it all.
const MAX_LISTED_ENTRIES: usize = 10_000;

/// The files a submission changed, added or deleted outside `exercises/<name>/src/`, compared
/// with the student version. `Cargo.lock` is left out: cargo rewrites it on every build, and
/// grading never reads a submission's copy.
///
/// Bounded whatever the submission holds: at most [`MAX_LISTED_ENTRIES`] entries are walked, a
/// file the student version does not have is listed by name without being opened, and a file
/// it has is read only when its size could match (at most twice the given file's, CRLF line
/// endings included), so the bytes read never exceed twice the student version's own size.
pub fn changes_outside_exercises(
    submission: &Path,
    handout: &BTreeMap<PathBuf, Vec<u8>>,
    catalogue: &Catalogue,
) -> Vec<String> {
    let (submitted, cut) = walk(submission, MAX_LISTED_ENTRIES, catalogue);
    let mut changes = Vec::new();
    let paths: BTreeSet<&PathBuf> = submitted.keys().chain(handout.keys()).collect();
    for path in paths {
        if is_ignored(path, catalogue) {
            continue;
        }
        let shown = || sanitize::visible(&path.display().to_string()).into_owned();
        match (handout.get(path), submitted.get(path)) {
            (Some(given), Some(&size)) if !same_file(given, &submission.join(path), size) => {
                changes.push(format!("modified {}", shown()))
            }
            (None, Some(_)) => changes.push(format!("added {}", shown())),
            (Some(_), None) if !cut => changes.push(format!("deleted {}", shown())),
            _ => {}
        }
    }
    if cut {
        changes.push(format!(
            "added more than {MAX_LISTED_ENTRIES} files and folders: the rest is not listed"
        ));
    }
    changes
}

/// Whether the returned file at `path`, of `size` bytes, holds the given text (line endings
/// aside), reading no more of it than could match.
fn same_file(given: &[u8], path: &Path, size: u64) -> bool {
    use std::io::Read as _;
    let most = 2 * given.len() as u64;
    if size > most || size < given.len() as u64 / 2 {
        return false;
    }
    let mut returned = Vec::new();
    let read = File::open(path).and_then(|file| file.take(most + 1).read_to_end(&mut returned));
    read.is_ok() && same_text(given, &returned)
}

/// What the comparison with the student version leaves out: the exercises' sources (graded),
/// `Cargo.lock` (cargo rewrites it on every build; grading never reads a submission's copy),
/// build outputs and Git's folder.
fn is_ignored(path: &Path, catalogue: &Catalogue) -> bool {
    catalogue
        .exercises
        .iter()
        .any(|exercise| path.starts_with(Path::new("exercises").join(&exercise.name).join("src")))
        || path == Path::new("Cargo.lock")
        || path == Path::new(".course-handout")
        || path.iter().any(|part| part == "target" || part == ".git")
}

/// The CSV's column, readable at a glance: a submission of its exercises alone says so in a
/// few words, anything else gives counts and the first few paths. The full list is in the
/// student's JSON report.
fn summarize_changes(changed: &[String], outside: usize) -> String {
    const SHOWN: usize = 3;
    if changed.is_empty() {
        return String::new();
    }
    let count = |kind: &str| changed.iter().filter(|c| c.starts_with(kind)).count();
    let (modified, added, deleted) = (count("modified "), count("added "), count("deleted "));
    if deleted == outside && modified == 0 && added == 0 {
        return format!("only the exercises were returned ({deleted} course files absent)");
    }
    let mut parts = Vec::new();
    for (number, kind) in [
        (modified, "modified"),
        (added, "added"),
        (deleted, "deleted"),
    ] {
        if number > 0 {
            parts.push(format!("{number} {kind}"));
        }
    }
    // What a teacher most needs to see first: changes to given files, then new files.
    let mut shown: Vec<&String> = changed.iter().collect();
    shown.sort_by_key(|change| {
        ["modified ", "added ", "deleted "]
            .iter()
            .position(|kind| change.starts_with(kind))
    });
    let shown: Vec<&str> = shown
        .iter()
        .take(SHOWN)
        .map(|change| change.as_str())
        .collect();
    let mut summary = format!("{}: {}", parts.join(", "), shown.join("; "));
    if changed.len() > SHOWN {
        summary.push_str(&format!(
            "; and {} more (see the JSON report)",
            changed.len() - SHOWN
        ));
    }
    summary
}

/// Equal but for line endings: Git for Windows checks text out with CRLF unless told otherwise
/// (the course's `.gitattributes` tells it, but a student's own clone may not honour it).
fn same_text(given: &[u8], returned: &[u8]) -> bool {
    let without_cr = |bytes: &[u8]| -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len());
        for (index, &byte) in bytes.iter().enumerate() {
            if !(byte == b'\r' && bytes.get(index + 1) == Some(&b'\n')) {
                out.push(byte);
            }
        }
        out
    };
    given == returned || without_cr(given) == without_cr(returned)
}

/// The files under `root`, relative to it, with their sizes (none is opened), from the first
/// `budget` entries walked, and whether there were more; exercise sources, build outputs and
/// Git's folder are not entered, and a link is listed (with the size `u64::MAX`), never
/// followed.
fn walk(root: &Path, budget: usize, catalogue: &Catalogue) -> (BTreeMap<PathBuf, u64>, bool) {
    let relative = |entry: &walkdir::DirEntry| crate::engine::paths::below(root, entry.path());
    let mut entries = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .filter_entry(|entry| !is_ignored(&relative(entry), catalogue));
    let mut files = BTreeMap::new();
    for entry in entries.by_ref().take(budget).filter_map(Result::ok) {
        if entry.file_type().is_dir() {
            continue;
        }
        let size = if entry.file_type().is_file() {
            entry.metadata().map(|meta| meta.len()).unwrap_or(0)
        } else {
            u64::MAX
        };
        files.insert(relative(&entry), size);
    }
    let more = entries.next().is_some();
    (files, more)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A student on Windows whose checkout turned every file to CRLF changed nothing.
    #[test]
    fn a_crlf_checkout_changes_nothing_outside_the_exercises() -> anyhow::Result<()> {
        let course = crate::engine::course::compiled_in();
        let catalogue = Catalogue::load(&course)?;
        let handout = crate::teacher::handout::handout_files(&course, &catalogue)?;
        let submission = std::env::temp_dir().join(format!("grader-crlf-{}", std::process::id()));
        let mut converted = 0;
        for (path, content) in &handout {
            let file = submission.join(path);
            fs::create_dir_all(file.parent().context("a parent")?)?;
            let text = String::from_utf8_lossy(content);
            if content.contains(&b'\n') && std::str::from_utf8(content).is_ok() {
                converted += 1;
                fs::write(&file, text.replace("\r\n", "\n").replace('\n', "\r\n"))?;
            } else {
                fs::write(&file, content)?;
            }
        }
        assert!(converted > 50, "only {converted} text files converted");
        assert_eq!(
            changes_outside_exercises(&submission, &handout, &catalogue),
            Vec::<String>::new()
        );
        // ... while a real change still shows
        fs::write(submission.join("Cargo.toml"), "[workspace]\r\n")?;
        assert_eq!(
            changes_outside_exercises(&submission, &handout, &catalogue),
            ["modified Cargo.toml"]
        );
        fs::remove_dir_all(&submission)?;
        Ok(())
    }

    /// The walk lists files and links by size, never enters what is ignored, and says when its
    /// budget cut it short.
    #[test]
    fn the_walk_is_bounded_and_skips_what_is_ignored() -> anyhow::Result<()> {
        let course = crate::engine::course::compiled_in();
        let catalogue = Catalogue::load(&course)?;
        let root = std::env::temp_dir().join(format!("grader-walk-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for (file, text) in [
            ("Cargo.toml", "x"),
            ("grader/notes.txt", "xyz"),
            ("target/debug/out", "build output"),
            (".git/HEAD", "ref"),
        ] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().context("a parent")?)?;
            fs::write(path, text)?;
        }
        let sources = root
            .join("exercises")
            .join(&catalogue.exercises[0].name)
            .join("src");
        fs::create_dir_all(&sources)?;
        fs::write(sources.join("lib.rs"), "fn main() {}")?;
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc", root.join("link"))?;
        let (files, cut) = walk(&root, 100, &catalogue);
        let mut want = BTreeMap::from([
            (PathBuf::from("Cargo.toml"), 1),
            (PathBuf::from("grader").join("notes.txt"), 3),
        ]);
        if cfg!(unix) {
            want.insert(PathBuf::from("link"), u64::MAX);
        }
        assert_eq!(files, want);
        assert!(!cut);
        let (files, cut) = walk(&root, 1, &catalogue);
        assert!(cut && files.len() <= 1, "{files:?}");
        fs::remove_dir_all(&root)?;
        Ok(())
    }

    #[test]
    fn the_change_column_is_readable_at_a_glance() {
        assert_eq!(summarize_changes(&[], 90), "");
        let only_exercises: Vec<String> = (0..90).map(|i| format!("deleted f{i}")).collect();
        assert_eq!(
            summarize_changes(&only_exercises, 90),
            "only the exercises were returned (90 course files absent)"
        );
        let mut some: Vec<String> = (0..5).map(|i| format!("deleted f{i}")).collect();
        some.insert(0, "modified grader/catalogue.toml".to_string());
        let summary = summarize_changes(&some, 90);
        assert_eq!(
            summary,
            "1 modified, 5 deleted: modified grader/catalogue.toml; deleted f0; deleted f1; and 3 more (see the JSON report)"
        );
    }

    #[test]
    fn line_endings_alone_are_no_change() {
        assert!(same_text(b"a\r\nb\r\n", b"a\nb\n"));
        assert!(same_text(b"a\nb", b"a\r\nb"));
        assert!(!same_text(b"a\nb", b"a\nc"));
        assert!(!same_text(b"a\rb", b"ab"));
    }
}
