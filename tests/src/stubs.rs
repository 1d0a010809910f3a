/// The exercise file that a solution file stands for: every body that follows a `// TODO:`
/// comment (and the comment lines right after it) is replaced by `todo!()`, all else is kept.
///
/// A body is every line after the comment that is blank or indented at least as deep as it;
/// the first line indented less (the function's closing brace) ends it. rustfmt's layout makes
/// that exact. The workspace test `exercises_are_their_solutions_with_todo_bodies` asserts that
/// every `exercises/<name>/src` file equals this function applied to `solutions/<name>/src`.
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
}
