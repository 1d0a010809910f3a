//! A gradebook cannot be changed by the students it grades. Mallory's submission is the
//! reference solution of `derivatives` whose `relu_derivative` also draws charts over the
//! course's catalogue and check sources, over her classmate Zoe's source, and over the
//! gradebook itself, through plotters, which every figure exercise links and which the
//! submission policy cannot forbid. None of it may land: every input hashes the same after the
//! gradebook as before, and Zoe's grade in the gradebook equals her grade alone.

use course_tests::{
    course_copy, grader_bin, mutate, scratch_dir, submission_from_solutions, workspace_root,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const RELU: &str = "z.gt(0.0)?.to_dtype(z.dtype())";

/// Every file under `dir` with its content, build outputs left out.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if entry.file_name() == "target" {
                continue;
            }
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(path),
                Ok(_) => {
                    let content = std::fs::read(&path).unwrap_or_default();
                    files.insert(path, content);
                }
                Err(_) => {}
            }
        }
    }
    files
}

fn grader(course: &Path, args: &[&str]) -> std::process::Output {
    Command::new(grader_bin())
        .args(args)
        .args(["--course", course.to_str().expect("UTF-8"), "--quiet"])
        .args(["--exercise", "derivatives"])
        .current_dir(workspace_root())
        .output()
        .expect("the grader runs")
}

#[test]
fn students_cannot_write_into_the_course_a_classmate_or_the_reports() {
    let course = course_copy("isolation");
    let class = scratch_dir("isolation-class");
    let out = scratch_dir("isolation-out");
    let csv = out.join("grades.csv");
    let mallory = class.join("a-mallory");
    let zoe = class.join("b-zoe");
    std::fs::rename(submission_from_solutions("isolation-mallory"), &mallory).expect("moved");
    std::fs::rename(submission_from_solutions("isolation-zoe"), &zoe).expect("moved");
    let targets = [
        course.join("grader/catalogue.toml"),
        course.join("grader/checks/derivatives/src/hidden.rs"),
        zoe.join("exercises/derivatives/src/lib.rs"),
        csv.clone(),
        out.join("grades-reports/planted.svg"),
        course.join("planted.svg"),
    ];
    let attack: String = targets
        .iter()
        .map(|target| {
            format!(
                "let area = plotters::prelude::SVGBackend::new({:?}, (8, 8)).into_drawing_area(); \
                 let _ = area.fill(&plotters::prelude::WHITE); let _ = area.present();\n",
                target.display().to_string()
            )
        })
        .collect();
    mutate(
        &mallory,
        "derivatives",
        "lib.rs",
        RELU,
        &format!("{{\n{attack}{RELU}\n}}"),
    );

    let zoe_alone = grader(
        &course,
        &[
            "--submission",
            zoe.to_str().expect("UTF-8"),
            "--format",
            "json",
        ],
    );
    let zoe_alone: serde_json::Value =
        serde_json::from_slice(&zoe_alone.stdout).expect("Zoe's report");
    let before_course = snapshot(&course);
    let before_zoe = snapshot(&zoe);

    let output = grader(
        &course,
        &[
            "gradebook",
            class.to_str().expect("UTF-8"),
            "--csv",
            csv.to_str().expect("UTF-8"),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    assert!(
        snapshot(&course) == before_course,
        "the course changed during the gradebook"
    );
    assert!(
        snapshot(&zoe) == before_zoe,
        "Zoe's submission changed during the gradebook"
    );
    let table = std::fs::read_to_string(&csv).expect("the gradebook");
    // nothing Mallory drew is among the gradebook's outputs: the CSV and every report
    for (path, content) in snapshot(&out) {
        assert!(
            !String::from_utf8_lossy(&content).contains("<svg"),
            "{} holds Mallory's drawing",
            path.display()
        );
    }
    let zoe_row = table
        .lines()
        .find(|line| line.starts_with("b-zoe,"))
        .unwrap_or_else(|| panic!("no row for Zoe: {table}"));
    let zoe_total = zoe_row.split(',').nth(2).unwrap_or_default().to_string();
    assert_eq!(zoe_total, zoe_alone["score"].to_string(), "{table}");
    let report = out.join("grades-reports/b-zoe.json");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(report).expect("Zoe's report")).expect("JSON");
    assert_eq!(report["score"], zoe_alone["score"]);
    // check by check, not only the total
    let statuses = |report: &serde_json::Value| -> Vec<(String, String)> {
        report["exercises"][0]["checks"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|check| (check["id"].to_string(), check["status"].to_string()))
            .collect()
    };
    assert_eq!(statuses(&report), statuses(&zoe_alone));
    assert!(!statuses(&zoe_alone).is_empty());
    let _ = std::fs::remove_dir_all(&class);
    let _ = std::fs::remove_dir_all(&out);
}
