//! `grader gradebook-merge --csv grades.csv SHARD_CSV...`: one gradebook from the gradebooks of
//! a class graded in shards (`gradebook --shard I/N`, see `roster.rs` for the rule).
//!
//! Each shard's `gradebook` writes, beside its CSV, a manifest (`<stem>-shard.json`) saying
//! which shard it is, the seed, the whole class and the shard's share of it. The merge refuses
//! anything that would give a gradebook other than the one a single machine would have written:
//! a missing or repeated shard, shards of different runs (another class, seed or shard count),
//! different columns, a student or a report file in two shards, a CSV that does not hold its
//! manifest's students. The merged CSV has the students in the same order as an unsharded run,
//! and so the same bytes; the reports folders are copied into one.

use crate::teacher::roster::Shard;
use anyhow::{bail, Context as _};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// What `gradebook --shard I/N` writes beside its CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// I, from 1
    pub shard: usize,
    /// N
    pub of: usize,
    pub seed: u64,
    /// This shard's students, sorted.
    pub students: Vec<String>,
    /// The whole class, sorted.
    pub class: Vec<String>,
}

/// `grades.csv` -> `grades-shard.json`, beside it.
pub fn manifest_path(csv_path: &Path) -> PathBuf {
    let stem = csv_path
        .file_stem()
        .map(|stem| stem.to_string_lossy().to_string())
        .unwrap_or_else(|| "grades".to_string());
    csv_path.with_file_name(format!("{stem}-shard.json"))
}

pub fn write_manifest(csv_path: &Path, manifest: &Manifest) -> anyhow::Result<()> {
    let path = manifest_path(csv_path);
    fs::write(&path, serde_json::to_string_pretty(manifest)? + "\n")
        .with_context(|| format!("cannot write {}", path.display()))
}

/// One shard's gradebook, read.
struct ShardBook {
    csv: PathBuf,
    manifest: Manifest,
    header: csv::StringRecord,
    rows: Vec<csv::StringRecord>,
}

fn load(csv_path: &Path) -> anyhow::Result<ShardBook> {
    let manifest_path = manifest_path(csv_path);
    let text = fs::read_to_string(&manifest_path).with_context(|| {
        format!(
            "{} has no shard manifest beside it ({}): give the CSVs written by `gradebook --shard I/N`",
            csv_path.display(),
            manifest_path.display()
        )
    })?;
    let manifest: Manifest = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a shard manifest", manifest_path.display()))?;
    let mut reader = csv::Reader::from_path(csv_path)
        .with_context(|| format!("cannot read {}", csv_path.display()))?;
    let header = reader
        .headers()
        .with_context(|| format!("{} has no header row", csv_path.display()))?
        .clone();
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("cannot read {}", csv_path.display()))?;
    Ok(ShardBook {
        csv: csv_path.to_path_buf(),
        manifest,
        header,
        rows,
    })
}

/// Merges the shards' gradebooks into `out_csv` (and its reports folder); returns the number
/// of students. Nothing is written unless every check passes.
pub fn merge(shard_csvs: &[PathBuf], out_csv: &Path) -> anyhow::Result<usize> {
    anyhow::ensure!(!shard_csvs.is_empty(), "give the shards' CSVs to merge");
    for input in shard_csvs {
        if same_file(input, out_csv) {
            bail!(
                "--csv {} is one of the shards: write the merged gradebook elsewhere",
                out_csv.display()
            );
        }
    }
    let books = shard_csvs
        .iter()
        .map(|path| load(path))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let first = &books[0];
    let count = first.manifest.of;

    let mut by_index: BTreeMap<usize, &ShardBook> = BTreeMap::new();
    for book in &books {
        let manifest = &book.manifest;
        if manifest.of != count {
            bail!(
                "{} is shard {}/{} but {} is shard {}/{}: merge the shards of one run",
                first.csv.display(),
                first.manifest.shard,
                count,
                book.csv.display(),
                manifest.shard,
                manifest.of
            );
        }
        if let Some(earlier) = by_index.insert(manifest.shard, book) {
            bail!(
                "shard {}/{count} is given twice: {} and {}",
                manifest.shard,
                earlier.csv.display(),
                book.csv.display()
            );
        }
        if manifest.class != first.manifest.class {
            bail!(
                "{} and {} were graded from different class lists (another roster or submissions folder): merge the shards of one run",
                first.csv.display(),
                book.csv.display()
            );
        }
        if manifest.seed != first.manifest.seed {
            bail!(
                "{} was graded with the seed {} and {} with {}: merge the shards of one run",
                first.csv.display(),
                first.manifest.seed,
                book.csv.display(),
                manifest.seed
            );
        }
        let shard = Shard {
            index: manifest.shard,
            count,
        };
        if manifest.shard == 0
            || manifest.shard > count
            || manifest.students != shard.select(&manifest.class)
        {
            bail!(
                "{} does not hold shard {shard}'s share of its class: was it edited?",
                manifest_path(&book.csv).display()
            );
        }
        if book.header != first.header {
            bail!(
                "the columns of {} differ from those of {} (another course version or --exercise selection):\n  {}\n  {}",
                book.csv.display(),
                first.csv.display(),
                book.header.iter().collect::<Vec<_>>().join(","),
                first.header.iter().collect::<Vec<_>>().join(",")
            );
        }
        let students: Vec<&str> = book
            .rows
            .iter()
            .map(|row| row.get(0).unwrap_or(""))
            .collect();
        if students
            != manifest
                .students
                .iter()
                .map(|student| crate::engine::sanitize::csv_cell(student))
                .collect::<Vec<_>>()
        {
            bail!(
                "the rows of {} are not the students its manifest {} lists: was it edited?",
                book.csv.display(),
                manifest_path(&book.csv).display()
            );
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|index| !by_index.contains_key(index))
        .map(|index| format!("{index}/{count}"))
        .collect();
    if !missing.is_empty() {
        bail!(
            "shard{} {} {} missing: merge every shard of the run ({} of {count} given)",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            if missing.len() == 1 { "is" } else { "are" },
            by_index.len()
        );
    }

    // One row per student, each from exactly one shard.
    let mut rows: BTreeMap<String, (&csv::StringRecord, &Path)> = BTreeMap::new();
    for book in &books {
        for row in &book.rows {
            let student = row.get(0).unwrap_or("").to_string();
            if let Some((_, other)) = rows.insert(student.clone(), (row, &book.csv)) {
                bail!(
                    "{student} is in both {} and {}",
                    other.display(),
                    book.csv.display()
                );
            }
        }
    }
    // ... and each report file from exactly one shard.
    let mut reports: BTreeMap<std::ffi::OsString, PathBuf> = BTreeMap::new();
    for book in &books {
        let dir = crate::teacher::gradebook::reports_dir(&book.csv);
        let Ok(entries) = fs::read_dir(&dir) else {
            continue; // an empty folder does not survive every artifact store
        };
        for entry in entries {
            let entry = entry?;
            if let Some(other) = reports.insert(entry.file_name(), entry.path()) {
                bail!(
                    "the report {} is in both {} and {}",
                    entry.file_name().to_string_lossy(),
                    other.parent().unwrap_or(&other).display(),
                    dir.display()
                );
            }
        }
    }

    let out_reports = crate::teacher::gradebook::reports_dir(out_csv);
    fs::create_dir_all(&out_reports)
        .with_context(|| format!("cannot create {}", out_reports.display()))?;
    for (name, from) in &reports {
        let to = out_reports.join(name);
        if from.is_dir() {
            crate::engine::paths::copy_tree(from, &to)?;
        } else {
            fs::copy(from, &to)
                .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
        }
    }
    let partial = out_csv.with_extension("csv.partial");
    let mut writer = csv::Writer::from_path(&partial)
        .with_context(|| format!("cannot write {}", partial.display()))?;
    writer.write_record(&first.header)?;
    // the class is sorted by name, as an unsharded gradebook writes its rows
    for student in &first.manifest.class {
        // the CSV's cell, which a name like `=1+1` is written as
        if let Some((row, _)) = rows.get(crate::engine::sanitize::csv_cell(student).as_ref()) {
            writer.write_record(*row)?;
        }
    }
    writer.flush()?;
    drop(writer);
    fs::rename(&partial, out_csv).with_context(|| format!("cannot write {}", out_csv.display()))?;
    Ok(rows.len())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (
        crate::engine::paths::canonical(a),
        crate::engine::paths::canonical(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("grader-merge-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("a scratch folder");
        dir
    }

    /// Writes shard `index` of `count` of `class` into `dir`, as `gradebook --shard` would.
    fn shard(dir: &Path, index: usize, count: usize, class: &[&str], seed: u64) -> PathBuf {
        let class: Vec<String> = class.iter().map(|s| s.to_string()).collect();
        let students = Shard { index, count }.select(&class);
        let folder = dir.join(format!("shard-{index}"));
        fs::create_dir_all(folder.join("grades-reports")).expect("a folder");
        let csv = folder.join("grades.csv");
        let mut text = "student,ex,total,max,notes\n".to_string();
        for student in &students {
            text.push_str(&format!("{student},3,3,4,\"a, b\"\n"));
            fs::write(
                folder
                    .join("grades-reports")
                    .join(format!("{student}.json")),
                student,
            )
            .expect("written");
        }
        fs::write(&csv, text).expect("written");
        write_manifest(
            &csv,
            &Manifest {
                shard: index,
                of: count,
                seed,
                students,
                class,
            },
        )
        .expect("written");
        csv
    }

    const CLASS: [&str; 5] = ["ann", "bob", "cat", "dan", "eve"];

    #[test]
    fn shards_merge_into_the_class_in_order() -> anyhow::Result<()> {
        let dir = scratch("order");
        let shards: Vec<PathBuf> = [3, 1, 2]
            .iter()
            .map(|i| shard(&dir, *i, 3, &CLASS, 7))
            .collect();
        let out = dir.join("grades.csv");
        assert_eq!(merge(&shards, &out)?, 5);
        let text = fs::read_to_string(&out)?;
        let students: Vec<&str> = text.lines().skip(1).map(|l| &l[..3]).collect();
        assert_eq!(students, CLASS);
        assert!(text.contains("ann,3,3,4,\"a, b\"\n"), "{text}");
        assert_eq!(
            fs::read_to_string(dir.join("grades-reports/eve.json"))?,
            "eve"
        );
        fs::remove_dir_all(&dir)?;
        Ok(())
    }

    #[test]
    fn a_merge_refuses_what_one_run_would_not_have_written() {
        let dir = scratch("refuse");
        let out = dir.join("grades.csv");
        let error = |shards: &[PathBuf]| format!("{:#}", merge(shards, &out).expect_err("refused"));
        let one = shard(&dir.join("a"), 1, 3, &CLASS, 7);
        let two = shard(&dir.join("a"), 2, 3, &CLASS, 7);
        let three = shard(&dir.join("a"), 3, 3, &CLASS, 7);
        assert!(error(&[one.clone(), three.clone()]).contains("shard 2/3 is missing"));
        assert!(error(std::slice::from_ref(&one)).contains("shards 2/3, 3/3 are missing"));
        assert!(
            error(&[one.clone(), one.clone(), two.clone()]).contains("shard 1/3 is given twice")
        );
        let other_seed = shard(&dir.join("b"), 2, 3, &CLASS, 8);
        assert!(error(&[one.clone(), other_seed, three.clone()]).contains("seed"));
        let other_class = shard(&dir.join("c"), 2, 3, &CLASS[..4], 7);
        assert!(error(&[one.clone(), other_class, three.clone()]).contains("different class lists"));
        let other_count = shard(&dir.join("d"), 2, 2, &CLASS, 7);
        assert!(error(&[one.clone(), other_count, three.clone()])
            .contains("merge the shards of one run"));
        // different columns
        let wide = shard(&dir.join("e"), 2, 3, &CLASS, 7);
        let text = fs::read_to_string(&wide).expect("read");
        let text: String = text.lines().map(|line| format!("{line},x\n")).collect();
        fs::write(&wide, text.replacen("notes,x", "notes,sandbox", 1)).expect("written");
        assert!(error(&[one.clone(), wide, three.clone()]).contains("columns"));
        // an overlap: a row added to a shard's CSV
        let edited = shard(&dir.join("f"), 2, 3, &CLASS, 7);
        let mut text = fs::read_to_string(&edited).expect("read");
        text.push_str("ann,0,0,4,\n");
        fs::write(&edited, text).expect("written");
        assert!(error(&[one.clone(), edited, three.clone()]).contains("are not the students"));
        // a report in two shards
        fs::write(dir.join("a/shard-3/grades-reports/ann.json"), "x").expect("written");
        assert!(error(&[one.clone(), two.clone(), three.clone()])
            .contains("the report ann.json is in both"));
        // no manifest
        fs::remove_file(manifest_path(&two)).expect("removed");
        assert!(error(&[one, two, three]).contains("no shard manifest"));
        assert!(!out.exists(), "nothing written");
        fs::remove_dir_all(&dir).expect("removed");
    }
}
