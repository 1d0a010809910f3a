//! `grader class-report --csv grades.csv SUBMISSIONS_DIR --output class.html` (and
//! `gradebook ... --class-report class.html`): reads a gradebook (its CSV and the JSON reports
//! beside it) and the students' submissions, and writes the class report, its numbers as JSON
//! beside it, each student's report as HTML in the reports folder, and each student's highest
//! similarity into the gradebook's CSV.

use super::page::Page;
use super::similarity::{self, Code, ExerciseSimilarity};
use super::stats::{self, ClassStats, Student};
use crate::engine::catalogue::Catalogue;
use crate::engine::report::{Html, Report, Reporter};
use crate::teacher::gradebook::reports_dir;
use anyhow::{bail, Context as _};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The columns the class report adds to the gradebook's CSV (replaced when it runs again).
pub const CSV_COLUMNS: [&str; 3] = ["highest_similarity", "most_similar_to", "similar_in"];

/// The JSON file beside the page: the same numbers, for a spreadsheet or a script.
#[derive(Serialize)]
struct Numbers<'a> {
    stats: &'a ClassStats,
    similarity: &'a [ExerciseSimilarity],
    /// The settings the similarity was computed with.
    k: usize,
    window: usize,
    common_share: f64,
    flag_at: f64,
    flag_shared: usize,
    listed_from: f64,
}

/// What the command line prints.
pub struct Written {
    pub page: PathBuf,
    pub numbers: PathBuf,
    pub students: usize,
    pub flagged: usize,
    pub similarity_seconds: f64,
}

pub fn class_report(
    course_root: &Path,
    catalogue: &Catalogue,
    csv_path: &Path,
    submissions: &Path,
    page_path: &Path,
) -> anyhow::Result<Written> {
    anyhow::ensure!(
        submissions.is_dir(),
        "the submissions folder {} is not a folder: give the folder the gradebook was graded from (one subfolder per student)",
        submissions.display()
    );
    // a shard's similarity would miss every pair across shards, and its new columns would
    // have to match the other shards' for `gradebook-merge`
    let manifest = crate::teacher::merge::manifest_path(csv_path);
    anyhow::ensure!(
        !manifest.exists(),
        "{} is one shard's gradebook ({} is beside it): merge the shards with `gradebook-merge`, then run `class-report` on the merged CSV",
        csv_path.display(),
        manifest.display()
    );
    let (header, rows) = read_csv(csv_path)?;
    let notes = header.iter().position(|h| h == "notes");
    let report_column = header.iter().position(|h| h == "report");
    let folders = student_folders(submissions)?;
    let reports = reports_dir(csv_path);
    anyhow::ensure!(
        reports.is_dir(),
        "{} has no reports folder beside it ({}): give the CSV that `gradebook` or `gradebook-merge` wrote, with its reports",
        csv_path.display(),
        reports.display()
    );
    let mut students = Vec::new();
    // per student: their submission's folder, and their report's file name without `.json`
    let mut found = Vec::new();
    for row in &rows {
        let cell = row.first().cloned().unwrap_or_default();
        // the CSV shows a folder's name made safe (`sanitize`); the folder is found by it
        // (or, in a CSV written before cells were made safe, by its name as it is)
        let (name, folder) = folders
            .get(&cell)
            .or_else(|| folders.values().find(|(name, _)| *name == cell))
            .cloned()
            .unwrap_or_else(|| (cell.clone(), None));
        // a gradebook names each report file in its `report` column (empty when none was
        // written); one from before that column named them after the student
        let file = match report_column {
            Some(column) => row.get(column).cloned().unwrap_or_default(),
            None => format!("{cell}.json"),
        };
        let stem = file.strip_suffix(".json").unwrap_or("").to_string();
        if !file.is_empty() {
            check_name(&stem, csv_path)?;
        }
        let json = reports.join(&file);
        let report: Option<Report> = match fs::read_to_string(&json) {
            Ok(text) => Some(serde_json::from_str(&text).with_context(|| {
                format!(
                    "{} is not a grader report: grade the class again with `gradebook`",
                    json.display()
                )
            })?),
            Err(_) => None,
        };
        found.push((folder, stem));
        students.push(Student {
            name,
            report: report.filter(|_| !file.is_empty()),
            note: notes.and_then(|i| row.get(i)).cloned().unwrap_or_default(),
        });
    }
    let stats = stats::class_stats(&students);

    let started = Instant::now();
    let mut similarity = Vec::new();
    let mut code = BTreeMap::new();
    for exercise in &catalogue.exercises {
        let stub = rust_files(
            &course_root
                .join("exercises")
                .join(&exercise.name)
                .join("src"),
        );
        let class: Vec<Code> = students
            .iter()
            .zip(&found)
            .filter_map(|(student, (folder, _))| Some((student, folder.as_ref()?)))
            .map(|(student, folder)| Code {
                student: student.name.clone(),
                files: rust_files(&folder.join("exercises").join(&exercise.name).join("src")),
            })
            .filter(|code| !code.files.is_empty())
            .collect();
        let compared = similarity::compare(&exercise.name, &stub, &class);
        for pair in compared.pairs.iter().take(similarity::MATCHED_PAIRS) {
            for student in [&pair.a, &pair.b] {
                if let Some(found) = class.iter().find(|c| &c.student == student) {
                    code.insert(
                        (exercise.name.clone(), student.clone()),
                        found.files.clone(),
                    );
                }
            }
        }
        similarity.push(compared);
    }
    let similarity_seconds = started.elapsed().as_secs_f64();
    let highest = highest_similarity(&similarity);

    // Each student's own report as a page; figures left out: a gradebook keeps one set of
    // figures, the last student's, so none can be shown as anyone's.
    let page_dir = crate::engine::paths::canonical(
        page_path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    )
    .with_context(|| {
        format!(
            "cannot write {}: its folder does not exist",
            page_path.display()
        )
    })?;
    let mut links = BTreeMap::new();
    let html = Html {
        course_root: course_root.to_path_buf(),
    };
    for (student, (_, stem)) in students.iter().zip(&found) {
        let Some(report) = &student.report else {
            continue;
        };
        let mut report = report.clone();
        for exercise in &mut report.exercises {
            exercise.figures.clear();
        }
        let path = reports.join(format!("{stem}.html"));
        write_whole(&path, &html.render(&report)?)?;
        links.insert(student.name.clone(), relative_link(&page_dir, &path)?);
    }

    let title = "Class report: The Role of Activations";
    let page = Page {
        title,
        stats: &stats,
        similarity: &similarity,
        code: &code,
        links: &links,
        highest: &highest,
    };
    write_whole(page_path, &page.render()?)?;
    let numbers_path = page_path.with_extension("json");
    let numbers = Numbers {
        stats: &stats,
        similarity: &similarity,
        k: similarity::K,
        window: similarity::WINDOW,
        common_share: similarity::COMMON_SHARE,
        flag_at: similarity::FLAG_AT,
        flag_shared: similarity::FLAG_SHARED,
        listed_from: similarity::LISTED_FROM,
    };
    write_whole(
        &numbers_path,
        &(serde_json::to_string_pretty(&numbers)? + "\n"),
    )?;
    add_similarity_columns(csv_path, &header, &rows, &highest)?;
    Ok(Written {
        page: page_path.to_path_buf(),
        numbers: numbers_path,
        students: students.len(),
        flagged: similarity
            .iter()
            .map(|e| e.pairs.iter().filter(|p| p.flagged).count())
            .sum(),
        similarity_seconds,
    })
}

fn read_csv(csv_path: &Path) -> anyhow::Result<(Vec<String>, Vec<Vec<String>>)> {
    let mut reader = csv::Reader::from_path(csv_path).with_context(|| {
        format!(
            "cannot read the gradebook {}: give the CSV that `gradebook` or `gradebook-merge` wrote",
            csv_path.display()
        )
    })?;
    let header: Vec<String> = reader
        .headers()
        .with_context(|| format!("{} has no header row", csv_path.display()))?
        .iter()
        .map(String::from)
        .collect();
    if header.first().map(String::as_str) != Some("student") {
        bail!(
            "{} is not a gradebook (its first column is not `student`): give the CSV that `gradebook` wrote",
            csv_path.display()
        );
    }
    let rows = reader
        .records()
        .map(|r| r.map(|r| r.iter().map(String::from).collect()))
        .collect::<Result<Vec<Vec<String>>, _>>()
        .with_context(|| format!("cannot read {}", csv_path.display()))?;
    Ok((header, rows))
}

/// Every student folder of the submissions folder, by the gradebook CSV's cell for it (its name
/// as [`sanitize::os_name`](crate::engine::sanitize::os_name) shows it, made a safe CSV cell): the name
/// to show, and the folder. A folder that is a link is left out: the gradebook refused it.
fn student_folders(
    submissions: &Path,
) -> anyhow::Result<BTreeMap<String, (String, Option<PathBuf>)>> {
    let mut folders = BTreeMap::new();
    let entries = fs::read_dir(submissions)
        .with_context(|| format!("cannot read {}", submissions.display()))?;
    for entry in entries.filter_map(Result::ok) {
        if !entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            continue;
        }
        let name = crate::engine::sanitize::os_name(&entry.file_name());
        let cell = crate::engine::sanitize::csv_cell(&name).into_owned();
        folders.insert(cell, (name, Some(entry.path())));
    }
    Ok(folders)
}

/// A student's report names files: it must be one plain file name.
fn check_name(name: &str, csv_path: &Path) -> anyhow::Result<()> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0'])
        && Path::new(name).file_name() == Some(std::ffi::OsStr::new(name));
    anyhow::ensure!(
        plain,
        "{} has a student named `{name}`, which is not a plain folder name: was the CSV edited?",
        csv_path.display()
    );
    Ok(())
}

/// Every `.rs` file under `src` (path relative to it, with `/`, and text), sorted by path,
/// read as [`read_sources`](crate::engine::workspace::read_sources) reads a submission's sources:
/// links are never followed, and files that are not UTF-8 or past the budget are left out
/// (grading rejected them anyway).
fn rust_files(src: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = crate::engine::workspace::read_sources(src)
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|ext| ext == "rs"))
        .filter_map(|(path, content)| {
            let text = String::from_utf8(content?).ok()?;
            let parts: Vec<_> = path.iter().map(|part| part.to_string_lossy()).collect();
            Some((parts.join("/"), text))
        })
        .collect();
    files.sort();
    files
}

/// Each student's highest similarity over every exercise: (similarity, with whom, where).
fn highest_similarity(
    similarity: &[ExerciseSimilarity],
) -> BTreeMap<String, (f64, String, String)> {
    let mut highest: BTreeMap<String, (f64, String, String)> = BTreeMap::new();
    for exercise in similarity {
        for best in &exercise.highest {
            let better = highest
                .get(&best.student)
                .is_none_or(|(top, _, _)| best.similarity > *top);
            if better {
                highest.insert(
                    best.student.clone(),
                    (
                        best.similarity,
                        best.with.clone(),
                        exercise.exercise.clone(),
                    ),
                );
            }
        }
    }
    highest
}

/// The gradebook's CSV with [`CSV_COLUMNS`] filled in (added, or replaced from an earlier run),
/// so that a class graded in shards gets them from the whole class after `gradebook-merge`.
fn add_similarity_columns(
    csv_path: &Path,
    header: &[String],
    rows: &[Vec<String>],
    highest: &BTreeMap<String, (f64, String, String)>,
) -> anyhow::Result<()> {
    let kept: Vec<usize> = (0..header.len())
        .filter(|&i| !CSV_COLUMNS.contains(&header[i].as_str()))
        .collect();
    let partial = csv_path.with_extension("csv.partial");
    let mut writer = csv::Writer::from_path(&partial)
        .with_context(|| format!("cannot write {}", partial.display()))?;
    let mut new_header: Vec<&str> = kept.iter().map(|&i| header[i].as_str()).collect();
    new_header.extend(CSV_COLUMNS);
    writer.write_record(&new_header)?;
    for row in rows {
        let mut record: Vec<String> = kept
            .iter()
            .map(|&i| row.get(i).cloned().unwrap_or_default())
            .collect();
        let student = row.first().and_then(|cell| {
            highest
                .iter()
                .find(|(name, _)| crate::engine::sanitize::csv_cell(name) == cell.as_str())
        });
        match student.map(|(_, best)| best) {
            Some((similarity, with, exercise)) => record.extend([
                format!("{similarity:.2}"),
                crate::engine::sanitize::csv_cell(with).into_owned(),
                crate::engine::sanitize::csv_cell(exercise).into_owned(),
            ]),
            None => record.extend([String::new(), String::new(), String::new()]),
        }
        writer.write_record(&record)?;
    }
    writer.flush()?;
    drop(writer);
    fs::rename(&partial, csv_path).with_context(|| format!("cannot write {}", csv_path.display()))
}

/// Written beside and renamed, so that no reader sees half a file.
fn write_whole(path: &Path, text: &str) -> anyhow::Result<()> {
    let partial = path.with_extension("partial");
    fs::write(&partial, text).with_context(|| format!("cannot write {}", partial.display()))?;
    fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))
}

/// `target` as a link from a page in `from_dir`: relative, `/`-separated, each part
/// percent-encoded (a student's name may hold any character a folder name can).
fn relative_link(from_dir: &Path, target: &Path) -> anyhow::Result<String> {
    let target = crate::engine::paths::canonical(target)
        .with_context(|| format!("cannot open {}", target.display()))?;
    let from: Vec<_> = from_dir.components().collect();
    let to: Vec<_> = target.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    for part in &to[common..] {
        let text = part.as_os_str().to_string_lossy();
        let mut encoded = String::new();
        for byte in text.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                encoded.push(byte as char);
            } else {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
        parts.push(encoded);
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_and_encoded() -> anyhow::Result<()> {
        let dir = std::env::temp_dir().join(format!("grader-links-{}", std::process::id()));
        fs::create_dir_all(dir.join("grades-reports"))?;
        let report = dir.join("grades-reports/o'brien <x>.html");
        fs::write(&report, "")?;
        let dir = crate::engine::paths::canonical(&dir)?;
        assert_eq!(
            relative_link(&dir, &report)?,
            "grades-reports/o%27brien%20%3Cx%3E.html"
        );
        assert_eq!(
            relative_link(&dir.join("site"), &report)?,
            "../grades-reports/o%27brien%20%3Cx%3E.html"
        );
        fs::remove_dir_all(&dir)?;
        Ok(())
    }

    #[test]
    fn a_name_that_is_a_path_is_refused() {
        let csv = Path::new("grades.csv");
        assert!(check_name("alice-2", csv).is_ok());
        for bad in ["../x", "a/b", ".hidden", ""] {
            assert!(check_name(bad, csv).is_err(), "{bad}");
        }
    }
}
