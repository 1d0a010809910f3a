//! The hints of `grader/catalogue.toml` are a ladder, as the lessons promise: the first says the
//! idea in words, the second names the API, and only the later ones show code. A student who
//! asks for one hint must not be handed the solution.

use std::fs;
use std::path::Path;

/// Every exercise's hints, in order, as written in the catalogue: `(exercise, hints)`.
fn hints() -> Vec<(String, Vec<String>)> {
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("../grader/catalogue.toml");
    let text = fs::read_to_string(&catalogue).expect("grader/catalogue.toml");
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_hints = false;
    for line in text.lines() {
        if let Some(name) = line
            .strip_prefix("name = \"")
            .and_then(|rest| rest.strip_suffix('"'))
        {
            found.push((name.to_string(), Vec::new()));
        } else if line == "hints = [" {
            in_hints = true;
        } else if in_hints && line == "]" {
            in_hints = false;
        } else if in_hints {
            let hint = line.trim().trim_end_matches(',');
            let (_, hints) = found.last_mut().expect("hints after a name");
            hints.push(hint.trim_matches('"').to_string());
        }
    }
    found
}

#[test]
fn every_ladder_goes_from_the_idea_to_the_api_to_the_code() {
    let exercises = hints();
    assert!(
        exercises.len() >= 4,
        "the catalogue's exercises: {exercises:?}"
    );
    for (exercise, hints) in exercises {
        assert!(
            hints.len() >= 3,
            "{exercise}: a ladder needs at least the idea, the API and the code, got {hints:?}"
        );
        let first = &hints[0];
        assert!(
            first.starts_with("The idea.") && !first.contains('`') && !first.contains("?."),
            "{exercise}: hint 1 says the idea in words, without code: {first}"
        );
        assert!(
            hints[1].starts_with("The API."),
            "{exercise}: hint 2 names the API: {}",
            hints[1]
        );
        assert!(
            hints[2..].iter().any(|hint| hint.contains('`')),
            "{exercise}: the later hints show the code"
        );
    }
}
