//! An exercise and its solution are the same files but for the bodies the student fills in.

use course_tests::{copy_tree, exercises, scratch_dir, workspace_root};
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
        let problems = course_catalogue::stubs::mismatches(root, &exercise);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
