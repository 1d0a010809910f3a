//! The exercises' stubs are their solutions with the bodies the student writes left out.

use std::path::Path;

/// The exercise file that a solution file stands for: every body that follows a `// TODO:`
/// comment (and the comment lines right after it) is replaced by `todo!()`, all else is kept.
///
/// A body is every line after the comment that is blank or indented at least as deep as it;
/// the first line indented less (the function's closing brace) ends it. rustfmt's layout makes
/// that exact. [`mismatches`] (run by `grader dev check`) says where an exercise's files are not
/// this function applied to its solution's.
pub fn stub_from_solution(solution: &str) -> String {
    // A CRLF checkout (Git for Windows without the course's .gitattributes) gives CRLF stubs.
    let newline = if solution.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut out = String::new();
    let mut lines = solution.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push_str(newline);
        let indent = indent_of(line);
        if !line.trim_start().starts_with("// TODO:") {
            continue;
        }
        while let Some(next) = lines.peek() {
            if indent_of(next) == indent && next.trim_start().starts_with("//") {
                out.push_str(next);
                out.push_str(newline);
                lines.next();
            } else {
                break;
            }
        }
        out.push_str(&" ".repeat(indent));
        out.push_str("todo!()");
        out.push_str(newline);
        while let Some(next) = lines.peek() {
            if next.trim().is_empty() || indent_of(next) >= indent {
                lines.next();
            } else {
                break;
            }
        }
    }
    out
}

/// The lines of a solution file that its stub leaves out and that give an answer away: 40
/// characters or more and not a comment (shorter lines, `Ok(())` or `}`, are in any Rust file),
/// trimmed. Neither the student version nor a visible check may hold one.
pub fn answer_lines(solution: &str) -> Vec<String> {
    let stub = stub_from_solution(solution);
    let kept: std::collections::BTreeSet<&str> = stub.lines().map(str::trim).collect();
    solution
        .lines()
        .map(str::trim)
        .filter(|line| line.len() >= 40 && !line.starts_with("//") && !kept.contains(line))
        .map(str::to_string)
        .collect()
}

/// Where `exercises/<name>/src` of the course at `root` is not `solutions/<name>/src` with
/// [`stub_from_solution`] applied, one sentence each, naming the fix; empty when they match.
pub fn mismatches(root: &Path, name: &str) -> Vec<String> {
    let fix = format!("regenerate the stubs with `cargo run -p grader -- dev stubs {name}`");
    let rust_files = |dir: &Path| -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().to_string())
            .filter(|file| file.ends_with(".rs"))
            .collect();
        files.sort();
        files
    };
    let solution_dir = root.join("solutions").join(name).join("src");
    let exercise_dir = root.join("exercises").join(name).join("src");
    let (solution_files, exercise_files) = (rust_files(&solution_dir), rust_files(&exercise_dir));
    if solution_files != exercise_files {
        return vec![format!(
            "exercises/{name}/src has {exercise_files:?} and solutions/{name}/src has {solution_files:?}: {fix}"
        )];
    }
    let mut problems = Vec::new();
    let mut todos = 0;
    for file in solution_files {
        let read = |dir: &Path| std::fs::read_to_string(dir.join(&file)).unwrap_or_default();
        let stub = read(&exercise_dir);
        todos += stub.matches("todo!()").count();
        if stub != stub_from_solution(&read(&solution_dir)) {
            problems.push(format!(
                "exercises/{name}/src/{file} is not solutions/{name}/src/{file} with `todo!()` bodies: {fix}"
            ));
        }
    }
    if todos == 0 && problems.is_empty() {
        problems.push(format!(
            "exercises/{name} has nothing left to do (no `todo!()`): mark the bodies the student writes in solutions/{name}/src with a `// TODO:` comment, then {fix}"
        ));
    }
    problems
}

/// Writes `exercises/<name>/src/*.rs` of the course at `root` from `solutions/<name>/src/*.rs`;
/// returns the files written.
pub fn write_stubs(root: &Path, name: &str) -> std::io::Result<Vec<std::path::PathBuf>> {
    let solution = root.join("solutions").join(name).join("src");
    let exercise = root.join("exercises").join(name).join("src");
    std::fs::create_dir_all(&exercise)?;
    let mut written = Vec::new();
    for entry in std::fs::read_dir(&solution)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path)?;
            let Some(file) = path.file_name() else {
                continue;
            };
            let target = exercise.join(file);
            std::fs::write(&target, stub_from_solution(&text))?;
            written.push(target);
        }
    }
    written.sort();
    Ok(written)
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_bodies_after_todo_comments() {
        let solution = "/// Doc.\npub fn f(x: u32) -> u32 {\n    // TODO: double it.\n    // Carefully.\n    let y = x;\n\n    y * 2\n}\n\nfn g() {}\n";
        let expected = "/// Doc.\npub fn f(x: u32) -> u32 {\n    // TODO: double it.\n    // Carefully.\n    todo!()\n}\n\nfn g() {}\n";
        assert_eq!(stub_from_solution(solution), expected);
        assert_eq!(stub_from_solution("fn g() {}\n"), "fn g() {}\n");
    }

    #[test]
    fn answer_lines_are_the_long_lines_the_stub_leaves_out() {
        let solution = "/// A doc line that is long enough to count, were it not kept.\npub fn f() -> u32 {\n    // TODO: the answer.\n    let answer_of_everything_and_more = 40 + 2;\n    answer_of_everything_and_more\n}\n";
        assert_eq!(
            answer_lines(solution),
            ["let answer_of_everything_and_more = 40 + 2;"]
        );
    }
}
