//! One compiled candle for `cargo build`, `cargo test` and the grader's own builds.
//!
//! Cargo compiles a crate once per feature set. `cargo test` at the root resolves features over
//! every default member and their dev-dependencies; the grader builds only the check crates.
//! If a crate in candle's dependency graph got different features in the two, candle would be
//! compiled twice (two minutes more on a 2-core machine). This test compares the resolutions
//! with `cargo tree`, which uses cargo's own resolver.

use course_tests::{cargo, documented_commands, exercises, workspace_root};
use std::collections::{BTreeMap, BTreeSet};

/// Package `name version` -> the feature lists it is built with (one per host/target use).
fn resolved(args: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let output = cargo()
        .args(["tree", "--prefix", "none", "-f", "{p}|{f}"])
        .args(args)
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut packages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Some((package, features)) = line.split_once('|') else {
            continue;
        };
        // local packages print their path; only registry crates are shared with the grader
        if package.contains('(') {
            continue;
        }
        let features = features.trim_end_matches(" (*)").to_string();
        packages
            .entry(package.trim().to_string())
            .or_default()
            .insert(features);
    }
    packages
}

/// What the grader's own build of every check crate compiles, as [`resolved`] gives it.
fn grader_build() -> BTreeMap<String, BTreeSet<String>> {
    let mut args = vec!["-e".to_string(), "normal,build".to_string()];
    for exercise in exercises() {
        args.push("-p".into());
        args.push(format!("check-{exercise}"));
    }
    resolved(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn one_candle_for_every_command() {
    let checks = grader_build();
    assert!(
        checks.keys().any(|p| p.starts_with("candle-core ")),
        "the checks use candle"
    );
    for (command, args) in [
        ("cargo test", vec!["-e", "normal,build,dev"]),
        ("cargo build", vec!["-e", "normal,build"]),
    ] {
        let other = resolved(&args);
        for (package, features) in &checks {
            if let Some(other_features) = other.get(package) {
                assert_eq!(
                    features, other_features,
                    "`{command}` builds {package} with other features than the grader's build of the \
                     check crates, so candle would be compiled twice: add the missing features to \
                     grader/workspace-hack/Cargo.toml"
                );
            }
        }
    }
}

/// Every command the lessons and the README tell a student to run (read from the pages by
/// `documented_commands`: `cargo test -p <exercise>`, `cargo run -p <crate> --example ...`,
/// `cargo test -p lessons`, `cargo test`, ...), after the grader's first build. Each may build a
/// crate of candle's graph only with a feature set the grader's build already compiled it
/// with: then nothing of candle is compiled again. Here cargo's own resolver (`cargo tree`)
/// says what each command would compile, rather than a cold build per command (two minutes of
/// both cores each); the student version runs the same commands for real after its grader's
/// build (`tests/tests/teaching.rs`).
#[test]
fn the_documented_commands_reuse_the_graders_candle() {
    let checks = grader_build();
    let commands = documented_commands(workspace_root());
    // (the packages named, and whether dev-dependencies are built: tests and examples)
    let selections: BTreeSet<(Vec<String>, bool)> = commands
        .iter()
        .map(|command| {
            let packages = command
                .build
                .windows(2)
                .filter(|pair| pair[0] == "-p")
                .map(|pair| pair[1].clone())
                .collect();
            let dev = command.build[0] == "test" || command.build.iter().any(|a| a == "--example");
            (packages, dev)
        })
        .collect();
    for exercise in exercises() {
        assert!(
            selections.contains(&(vec![exercise.clone()], true)),
            "the pages tell a student to run `cargo test -p {exercise}`: {selections:?}"
        );
    }
    for (selection, dev) in selections {
        let mut args = vec![
            "-e",
            if dev {
                "normal,build,dev"
            } else {
                "normal,build"
            },
        ];
        for package in &selection {
            args.extend(["-p", package.as_str()]);
        }
        let resolution = resolved(&args);
        for (crate_, features) in &resolution {
            let Some(built) = checks.get(crate_) else {
                continue;
            };
            for feature_set in features {
                assert!(
                    built.contains(feature_set),
                    "a documented command on {selection:?} builds {crate_} with features \
                     [{feature_set}], which the grader's build does not ({built:?}): candle would \
                     be compiled again; add them to grader/workspace-hack/Cargo.toml"
                );
            }
        }
    }
}

/// A student's first `cargo run -p grader` builds the grader, then the check crates: what both
/// use (serde, toml and the rest of the check crates' build scripts, rustix, syn) is compiled
/// once only if the grader's build gives it every feature set the check crates' build needs.
#[test]
fn the_first_report_compiles_what_the_grader_and_its_checks_share_once() {
    let checks = grader_build();
    let grader = resolved(&["-e", "normal,build", "-p", "grader"]);
    let shared: Vec<&String> = checks.keys().filter(|p| grader.contains_key(*p)).collect();
    assert!(
        shared.iter().any(|p| p.starts_with("toml ")),
        "the grader and the check crates' build scripts both read TOML: {shared:?}"
    );
    for crate_ in shared {
        for feature_set in &checks[crate_] {
            assert!(
                grader[crate_].contains(feature_set),
                "the grader's checks build {crate_} with features [{feature_set}], which \
                 `cargo run -p grader` does not ({:?}): a student's first report would compile it \
                 twice; add them to grader/workspace-hack/Cargo.toml",
                grader[crate_]
            );
        }
    }
}
