//! Maintainers' tool: `cargo run -p course-tests --bin write-stubs -- NAME` writes
//! `exercises/NAME/src/*.rs` from `solutions/NAME/src/*.rs`, every body after a `// TODO:`
//! comment replaced by `todo!()`. It overwrites the exercise's sources: never run it on a
//! student's copy. The test `exercises_are_their_solutions_with_todo_bodies` checks the result.

use course_tests::{stub_from_solution, workspace_root};
use std::process::ExitCode;

fn main() -> ExitCode {
    let names: Vec<String> = std::env::args().skip(1).collect();
    if names.is_empty() {
        eprintln!("usage: cargo run -p course-tests --bin write-stubs -- EXERCISE...");
        return ExitCode::from(2);
    }
    for name in names {
        let solution = workspace_root().join("solutions").join(&name).join("src");
        let exercise = workspace_root().join("exercises").join(&name).join("src");
        let Ok(entries) = std::fs::read_dir(&solution) else {
            eprintln!("no folder {}", solution.display());
            return ExitCode::from(2);
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|ext| ext == "rs") {
                let text = match std::fs::read_to_string(&path) {
                    Ok(text) => text,
                    Err(err) => {
                        eprintln!("cannot read {}: {err}", path.display());
                        return ExitCode::from(1);
                    }
                };
                let target = exercise.join(entry.file_name());
                if let Err(err) = std::fs::create_dir_all(&exercise)
                    .and_then(|()| std::fs::write(&target, stub_from_solution(&text)))
                {
                    eprintln!("cannot write {}: {err}", target.display());
                    return ExitCode::from(1);
                }
                println!("wrote {}", target.display());
            }
        }
    }
    ExitCode::SUCCESS
}
