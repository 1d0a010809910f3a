//! Maintainers' benchmark of the class report at scale: a synthetic class of N students (500
//! by default) with code of their own in every exercise, graded reports and a gradebook CSV,
//! then `grader class-report` on it, timed.
//!
//! ```sh
//! cargo build -p grader && cargo run -p course-tests --bin class-report-bench -- [--students N] [--keep]
//! ```
//!
//! Each student's code is the reference solution of each exercise, edited at random the way a
//! class's solutions differ: about one body line in four gets a statement of the student's own
//! before it, one in ten is dropped, one in ten swapped with the next; one student in twenty
//! hands in a copy of an earlier student's work. Prints the grader's own figure for the
//! similarity (all exercises) and the whole command's wall time. A benchmark, not a test: run
//! it by hand on a quiet machine.

use course_tests::{catalogue, grader_bin, scratch_dir, workspace_root};
use serde_json::json;
use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

/// xorshift64*: reproducible without a dependency.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len() as u64) as usize]
    }
}

/// A statement of the student's own: a short chain of tensor methods.
fn own_statement(random: &mut Random, number: usize) -> String {
    let methods = [
        "affine(0.5, 1.0)",
        "sqr()",
        "tanh()",
        "relu()",
        "exp()",
        "neg()",
        "sum_all()",
        "abs()",
        "sqrt()",
        "mean_all()",
        "t()",
        "contiguous()",
    ];
    let subjects = ["z", "xs", "grid", "values", "hidden", "out"];
    let mut chain = random.pick(&subjects).to_string();
    for _ in 0..1 + random.below(4) {
        chain.push('.');
        chain.push_str(random.pick(&methods));
        chain.push('?');
    }
    format!("let extra_{number} = {chain};")
}

fn student_code(solution: &str, random: &mut Random) -> String {
    let mut lines: Vec<String> = Vec::new();
    for (number, line) in solution.lines().enumerate() {
        // a whole statement on one line: dropping or moving it keeps the file lexable
        let balanced = ["()", "[]", "{}"].iter().all(|pair| {
            line.matches(pair.chars().next().unwrap_or(' ')).count()
                == line.matches(pair.chars().nth(1).unwrap_or(' ')).count()
        });
        let body = line.starts_with("    ") && line.trim_end().ends_with(';') && balanced;
        if body && random.below(10) == 0 {
            continue; // dropped
        }
        if body && random.below(4) == 0 {
            let indent = &line[..line.len() - line.trim_start().len()];
            lines.push(format!("{indent}{}", own_statement(random, number)));
        }
        lines.push(line.to_string());
        let last = lines.len() - 1;
        if body && last > 0 && random.below(10) == 0 {
            lines.swap(last, last - 1);
        }
    }
    lines.join("\n") + "\n"
}

fn main() -> ExitCode {
    let mut students = 500usize;
    let mut keep = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--students" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => students = n,
                None => {
                    eprintln!("--students takes a number, e.g. --students 500");
                    return ExitCode::from(2);
                }
            },
            "--keep" => keep = true,
            _ => {
                eprintln!("usage: class-report-bench [--students N] [--keep]");
                return ExitCode::from(2);
            }
        }
    }
    let catalogue = catalogue();
    let dir = scratch_dir("class-report-bench");
    let submissions = dir.join("submissions");
    let reports = dir.join("grades-reports");
    if let Err(err) = fs::create_dir_all(&reports) {
        eprintln!("cannot create {}: {err}", reports.display());
        return ExitCode::FAILURE;
    }
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut csv = String::from("student,total,notes\n");
    let started = Instant::now();
    let mut written: Vec<Vec<String>> = Vec::new();
    for number in 0..students {
        let name = format!("student{number:04}");
        let mut codes = Vec::new();
        for (index, exercise) in catalogue.exercises.iter().enumerate() {
            let code = if number > 0 && random.below(20) == 0 {
                written[random.below(number as u64) as usize][index].clone()
            } else {
                let path = workspace_root().join(format!("solutions/{}/src/lib.rs", exercise.name));
                student_code(&fs::read_to_string(path).unwrap_or_default(), &mut random)
            };
            let src = submissions
                .join(&name)
                .join("exercises")
                .join(&exercise.name)
                .join("src");
            if fs::create_dir_all(&src)
                .and_then(|()| fs::write(src.join("lib.rs"), &code))
                .is_err()
            {
                eprintln!("cannot write {}", src.display());
                return ExitCode::FAILURE;
            }
            codes.push(code);
        }
        written.push(codes);
        let mut score = 0;
        let exercises: Vec<_> = catalogue
            .exercises
            .iter()
            .map(|exercise| {
                let checks: Vec<_> = exercise
                    .checks
                    .iter()
                    .map(|check| {
                        let pass = random.below(4) != 0;
                        score += if pass { check.points } else { 0 };
                        json!({
                            "id": check.id, "title": check.title,
                            "status": if pass { "pass" } else { "fail" },
                            "points": if pass { check.points } else { 0 },
                            "max_points": check.points, "visibility": check.visibility,
                            "message": if pass { String::new() } else {
                                format!("{}: {} of 7 values are off", check.id, 1 + random.below(7))
                            },
                        })
                    })
                    .collect();
                json!({
                    "name": exercise.name, "title": exercise.title, "status": "fail",
                    "score": 0, "max_score": exercise.max_score(), "message": null,
                    "figures": [], "duration_ms": 1, "withheld_checks": 0,
                    "withheld_points": 0, "checks": checks,
                })
            })
            .collect();
        let max: u32 = catalogue.exercises.iter().map(|e| e.max_score()).sum();
        let report = json!({
            "schema_version": 2, "subject": name, "seed": 1, "sandbox": "synthetic",
            "score": score, "max_score": max, "exercises": exercises,
        });
        if fs::write(reports.join(format!("{name}.json")), report.to_string()).is_err() {
            eprintln!("cannot write the reports in {}", reports.display());
            return ExitCode::FAILURE;
        }
        csv.push_str(&format!("{name},{score},\n"));
    }
    let csv_path = dir.join("grades.csv");
    if fs::write(&csv_path, csv).is_err() {
        eprintln!("cannot write {}", csv_path.display());
        return ExitCode::FAILURE;
    }
    println!(
        "wrote {students} synthetic students ({} exercises each) in {:.1} s",
        catalogue.exercises.len(),
        started.elapsed().as_secs_f64()
    );
    let page = dir.join("class-report.html");
    let started = Instant::now();
    let output = Command::new(grader_bin())
        .arg("class-report")
        .arg(&submissions)
        .arg("--csv")
        .arg(&csv_path)
        .arg("--output")
        .arg(&page)
        .output();
    let seconds = started.elapsed().as_secs_f64();
    match output {
        Ok(output) if output.status.success() => {
            print!("{}", String::from_utf8_lossy(&output.stdout));
            println!("class-report, the whole command: {seconds:.1} s wall time");
        }
        Ok(output) => {
            eprintln!(
                "class-report failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            return ExitCode::FAILURE;
        }
        Err(err) => {
            eprintln!("cannot run the grader: {err}");
            return ExitCode::FAILURE;
        }
    }
    if keep {
        println!("kept {}", dir.display());
    } else {
        let _ = fs::remove_dir_all(Path::new(&dir));
    }
    ExitCode::SUCCESS
}
