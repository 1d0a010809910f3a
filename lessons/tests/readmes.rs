//! The guard on the guard: every README of the course is compiled as doctests (a module in
//! `src/readmes/` includes it), and every code block in them says what it is, so that none is
//! skipped by accident.
//!
//! rustdoc runs a block as Rust when its fence says `rust` or says nothing at all; it skips one
//! marked `ignore` and only compiles one marked `no_run`. So: a bare fence is refused (name the
//! language: `text`, `sh`, `rust`, ...), and a Rust block that is not run must say why, in a
//! sentence just above it that contains "not run" or "not compiled". There may be few of them.
//! And no README holds HTML: the course's lessons are Markdown only.

use std::fs;
use std::path::{Path, PathBuf};

/// The course's folder.
fn course_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("lessons/ sits inside the course")
}

/// Every `README.md` of the course, build output and hidden folders left out.
fn readmes(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("a readable folder").flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || name == "target" {
            continue;
        }
        if path.is_dir() {
            // a student version written inside the course is not part of it
            if !path.join(".course-handout").exists() {
                readmes(&path, found);
            }
        } else if name == "README.md" {
            found.push(path);
        }
    }
}

fn all_readmes() -> Vec<PathBuf> {
    let mut found = Vec::new();
    readmes(course_root(), &mut found);
    found.sort();
    found
}

/// The READMEs and the guides that the front page's teaching and maintaining sections moved to
/// (`docs/*.md`): every code block says what it is, and none holds HTML. (The guides hold no
/// Rust block; a README's Rust blocks are also compiled, below.)
fn all_markdown() -> Vec<PathBuf> {
    let mut found = all_readmes();
    for guide in ["docs/teachers.md", "docs/maintainers.md"] {
        let path = course_root().join(guide);
        if path.exists() {
            found.push(path);
        }
    }
    found
}

/// A fenced code block: the line it starts on (1-based), its info string, and the nearest
/// non-blank line above it.
struct Block {
    line: usize,
    info: String,
    above: String,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<String> = None;
    let mut above = String::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        match (&open, fence) {
            (None, Some(fence)) => {
                let marker_length = trimmed.len()
                    - trimmed
                        .trim_start_matches(fence.chars().next().unwrap_or('`'))
                        .len();
                let marker = &trimmed[..marker_length];
                blocks.push(Block {
                    line: index + 1,
                    info: trimmed[marker_length..].trim().to_string(),
                    above: above.clone(),
                });
                open = Some(marker.to_string());
            }
            (Some(marker), Some(_)) if trimmed.trim_end() == marker.as_str() => open = None,
            _ => {}
        }
        if !line.trim().is_empty() {
            above = line.to_string();
        }
    }
    assert!(open.is_none(), "a code block is never closed");
    blocks
}

#[test]
fn every_readme_is_compiled_as_doctests() {
    let modules: String = fs::read_dir(course_root().join("lessons/src/readmes"))
        .expect("lessons/src/readmes/")
        .flatten()
        .map(|entry| fs::read_to_string(entry.path()).expect("a readable module"))
        .collect();
    let readmes = all_readmes();
    assert!(
        readmes.contains(&course_root().join("README.md")),
        "the front page is among {readmes:?}"
    );
    let exercises = course_catalogue::Catalogue::load(course_root())
        .expect("grader/catalogue.toml loads")
        .names();
    assert!(
        exercises.len() >= 4,
        "the catalogue's exercises: {exercises:?}"
    );
    for exercise in exercises {
        let lesson = course_root()
            .join("exercises")
            .join(&exercise)
            .join("README.md");
        assert!(
            readmes.contains(&lesson),
            "exercise {exercise} has no lesson at {}",
            lesson.display()
        );
    }
    for readme in readmes {
        let relative = readme
            .strip_prefix(course_root())
            .expect("inside the course")
            .to_string_lossy()
            .replace('\\', "/");
        let include = format!("#![doc = include_str!(\"../../../{relative}\")]");
        assert!(
            modules.lines().any(|line| line == include),
            "{relative} is not compiled as doctests: add a module to `readmes` in \
             lessons/src/lib.rs whose file in lessons/src/readmes/ starts with `{include}`"
        );
    }
}

#[test]
fn every_code_block_says_what_it_is() {
    let mut not_run = Vec::new();
    let mut rust_blocks = 0;
    for readme in all_markdown() {
        let text = fs::read_to_string(&readme).expect("a readable README");
        for block in blocks(&text) {
            let place = format!("{}:{}", readme.display(), block.line);
            assert!(
                !block.info.is_empty(),
                "{place}: a code block without a language is compiled and run as Rust by rustdoc; \
                 name its language (```text, ```sh, ```json, or ```rust for code that runs)"
            );
            let words: Vec<&str> = block
                .info
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|w| !w.is_empty())
                .collect();
            if words.first() != Some(&"rust") {
                continue;
            }
            rust_blocks += 1;
            if words.iter().any(|w| matches!(*w, "ignore" | "no_run")) {
                let reason = block.above.to_lowercase();
                assert!(
                    reason.contains("not run") || reason.contains("not compiled"),
                    "{place}: a Rust block that is not run needs its reason just above it, in a \
                     sentence saying \"not run\" or \"not compiled\" and why; got {:?}",
                    block.above
                );
                not_run.push(place);
            }
        }
    }
    assert!(
        rust_blocks >= 4,
        "the READMEs show Rust code: found {rust_blocks} blocks"
    );
    assert!(
        not_run.len() <= 3,
        "few README blocks may be left unrun, found {}: {not_run:?}",
        not_run.len()
    );
}

/// Where a CommonMark parser finds HTML in `text` (a block or an inline tag), as 1-based lines
/// with the HTML found there. Code blocks and code spans are text, whatever they hold.
fn html_in(text: &str) -> Vec<(usize, String)> {
    use pulldown_cmark::{Event, Options, Parser};
    Parser::new_ext(text, Options::ENABLE_TABLES)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Html(html) | Event::InlineHtml(html) => Some((
                text[..range.start].matches('\n').count() + 1,
                html.trim().to_string(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn no_readme_holds_html() {
    let mut found = Vec::new();
    for readme in all_markdown() {
        let text = fs::read_to_string(&readme).expect("a readable README");
        let shown = readme.strip_prefix(course_root()).unwrap_or(&readme);
        for (line, html) in html_in(&text) {
            found.push(format!("{}:{line}: {html}", shown.display()));
        }
    }
    assert!(
        found.is_empty(),
        "the lessons are Markdown only; put these in code spans (`Box<dyn Module>`) or write \
         them as Markdown:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_html_finder_tells_tags_from_code() {
    let text = "A `Box<dyn Module>` in code.\n\n```rust\nlet v: Vec<u8> = vec![];\n```\n\nA <b>tag</b>.\n\n<details>\n";
    let found = html_in(text);
    let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [7, 7, 9], "{found:?}");
}

#[test]
fn the_fence_reader_finds_languages_and_reasons() {
    let text = "intro\n\n```rust\nlet a = 1;\n```\n\nA fragment (not run: it needs a file).\n\n```rust,no_run\nx\n```\n````text\n```\n````\n";
    let found = blocks(text);
    let infos: Vec<&str> = found.iter().map(|b| b.info.as_str()).collect();
    assert_eq!(infos, ["rust", "rust,no_run", "text"]);
    assert_eq!(found[1].above, "A fragment (not run: it needs a file).");
    assert_eq!(found[0].line, 3);
}
