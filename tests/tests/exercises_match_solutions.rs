//! An exercise and its solution are the same files but for the bodies the student fills in.

use course_tests::{exercises, stub_from_solution, workspace_root};
use std::fs;

#[test]
fn exercises_are_their_solutions_with_todo_bodies() {
    for exercise in exercises() {
        let solution_dir = workspace_root()
            .join("solutions")
            .join(&exercise)
            .join("src");
        let exercise_dir = workspace_root()
            .join("exercises")
            .join(&exercise)
            .join("src");
        let mut solution_files: Vec<_> = fs::read_dir(&solution_dir)
            .unwrap_or_else(|err| panic!("{}: {err}", solution_dir.display()))
            .flatten()
            .map(|entry| entry.file_name())
            .collect();
        let mut exercise_files: Vec<_> = fs::read_dir(&exercise_dir)
            .unwrap_or_else(|err| panic!("{}: {err}", exercise_dir.display()))
            .flatten()
            .map(|entry| entry.file_name())
            .collect();
        solution_files.sort();
        exercise_files.sort();
        assert_eq!(
            solution_files, exercise_files,
            "{exercise}: the same files in src/"
        );
        for file in solution_files {
            let solution = fs::read_to_string(solution_dir.join(&file)).expect("readable");
            let stub = fs::read_to_string(exercise_dir.join(&file)).expect("readable");
            assert!(
                stub == stub_from_solution(&solution),
                "exercises/{exercise}/src/{} is not solutions/{exercise}/src/{} with `todo!()` bodies; \
                 regenerate it with `cargo run -p course-tests --bin write-stubs -- {exercise}`",
                file.to_string_lossy(),
                file.to_string_lossy()
            );
            assert!(
                stub.contains("todo!()"),
                "exercises/{exercise} has nothing left to do"
            );
        }
    }
}
