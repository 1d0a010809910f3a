//! The hints of `grader/catalogue.toml` are a ladder, as the lessons promise: the first says the
//! idea in words, the second names the API, and only the later ones show code. A student who
//! asks for one hint must not be handed the solution.

use std::path::Path;

/// Every exercise's hints, in order, as written in the catalogue: `(exercise, hints)`.
fn hints() -> Vec<(String, Vec<String>)> {
    let course = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    course_catalogue::Catalogue::load(&course)
        .expect("grader/catalogue.toml loads")
        .exercises
        .into_iter()
        .map(|exercise| (exercise.name, exercise.hints))
        .collect()
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
