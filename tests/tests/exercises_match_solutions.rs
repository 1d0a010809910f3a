//! An exercise and its solution are the same files but for the bodies the student fills in.

use course_tests::{copy_tree, exercises, scratch_dir, stub_from_solution, workspace_root};
use std::fs;
use std::path::Path;

#[test]
fn exercises_are_their_solutions_with_todo_bodies() {
    assert_stubs_match(workspace_root());
}

/// Git for Windows checks text out with CRLF unless `.gitattributes` says otherwise: a course
/// checked out that way still passes, stubs and solutions alike in CRLF.
#[test]
fn a_crlf_checkout_still_matches() {
    let copy = scratch_dir("crlf");
    let mut converted = 0;
    for folder in ["exercises", "solutions"] {
        for exercise in exercises() {
            let src = Path::new(folder).join(&exercise).join("src");
            copy_tree(&workspace_root().join(&src), &copy.join(&src));
            for entry in fs::read_dir(copy.join(&src))
                .expect("a copied src/")
                .flatten()
            {
                let text = fs::read_to_string(entry.path()).expect("a text file");
                assert!(
                    !text.contains('\r'),
                    "{} already has CR",
                    entry.path().display()
                );
                fs::write(entry.path(), text.replace('\n', "\r\n")).expect("writable");
                converted += 1;
            }
        }
    }
    assert!(converted >= 8, "only {converted} files converted");
    assert_stubs_match(&copy);
    let _ = fs::remove_dir_all(&copy);
}

fn assert_stubs_match(root: &Path) {
    for exercise in exercises() {
        let solution_dir = root.join("solutions").join(&exercise).join("src");
        let exercise_dir = root.join("exercises").join(&exercise).join("src");
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
