//! The submission policy: what exercise sources may not contain, checked before anything is built.
//!
//! Exercise code may not reach outside its own `src/`, nor the machine. Every `.rs` file under an
//! exercise's `src/` is lexed into tokens (`proc_macro2`) and every token is checked, including
//! those inside macro invocations, so comments and the text of string literals never match while
//! code passed to a macro always does. The rules, each with its id, what it forbids, why, and what
//! to do instead (the text of [`Rule::explain`]):
//!
//! - `no-path-attribute`: a `path` attribute (`#[path = "…"]`), also inside `cfg_attr`. It makes
//!   `mod` compile a file from anywhere on the machine. Put the module in `src/` as `name.rs` and
//!   declare it with `mod name;`.
//! - `no-include`: `include!`, `include_str!`, `include_bytes!` (also imported or renamed) and
//!   `#[debugger_visualizer]`. They read files at compile time, such as the hidden checks. Write
//!   the code or data into your source file.
//! - `no-env-macro`: `env!` and `option_env!`. They read the grader's environment at compile time.
//!   Use a constant, or take the value as an argument.
//! - `no-extern-crate`: `extern crate`. It links crates that the exercise's Cargo.toml does not
//!   list, or renames `std`. Use the listed dependencies by their paths, such as
//!   `candle_core::Tensor`.
//! - `no-unsafe`: the keyword `unsafe`, anywhere. Unsafe code can break every other guarantee (the
//!   exercise manifests also forbid it). Use the safe API: no exercise needs `unsafe`.
//! - `no-linker-tricks`: `asm!`, `global_asm!`, `naked_asm!` and the attributes `no_mangle`,
//!   `export_name`, `link_section`, `link`, `link_name` and `used`. They are unsafe in all but
//!   name: they can replace functions of the check program or run code before it starts. Write
//!   ordinary Rust functions.
//! - `no-system-module`: `std::process`, `std::fs`, `std::env`, `std::net`, `std::os`, also as
//!   `::std::…`, `core::…` or `alloc::…` and inside `use` groups (`use std::{fs, io};`). Exercise
//!   code must not reach the machine: files, programs, environment variables or the network. Take
//!   what you need as arguments and return results; the rest of `std` (`std::io`, `std::fmt`,
//!   `std::path`, …) is fine.
//! - `no-std-alias`: renaming or glob-importing `std`, `core` or `alloc` (`use std as s;`,
//!   `use std::{self};`, `use std::{self as s};`, `use std::*;`). A renamed `std` would hide the
//!   modules above from this check. Write paths in full, or import single items.
//! - `no-macro-rules`: `macro_rules!` (and `macro`). A macro can assemble forbidden code from
//!   harmless-looking pieces that no check of its parts can see. Write a function (generic if
//!   need be): the exercises need no macros of their own.
//! - `no-fs-query`: the methods of `Path` that look at the disk: `exists`, `try_exists`, `is_file`,
//!   `is_dir`, `is_symlink`, `metadata`, `symlink_metadata`, `canonicalize`, `read_link`,
//!   `read_dir`, called as `.name(…)` or named as `::name`. They inspect files outside `src/` without
//!   `std::fs`. Exercise code never needs to look at the disk: pass a path on as it is.
//! - `no-caller-location`: the attribute `#[track_caller]` and the module `std::backtrace` (also
//!   as `core::…`, in `use` groups). They report where your code was called from: the hidden
//!   checks' own file, line and function names, in a panic message or a backtrace. Panic with
//!   a message of your own; the grader shows it with the check that called your code.
//! - `regular-files-only`: a symbolic link anywhere in `src/` (or `src/` itself being one), or a
//!   `.rs` file that is not a regular file. The compiler would follow it to a file outside `src/`
//!   that this check never read, and the grader never follows links. Replace the link with a copy
//!   of the file.
//! - `lexes-as-rust`: a `.rs` file that does not lex as Rust tokens (an unbalanced bracket, an
//!   unterminated string or comment), starts with a shebang line (`#!` not starting an
//!   attribute), is not UTF-8, is larger than 1 MiB or nests brackets more than 128 deep. It would
//!   not compile anyway, or is too large to check. Fix it until `cargo build -p <exercise>`
//!   succeeds. Such a file is the commonest state of one being edited, so when it names none of
//!   `include`, `include_str`, `include_bytes`, `debugger_visualizer`, `env` and `option_env`
//!   (anywhere, comments included) nor `path` followed by `=` (what reads files or the
//!   environment while it compiles: see `reaches_at_compile_time`), and nothing else breaks a
//!   rule, the exercise is built all the same: a build that fails is a `compile_error` with
//!   rustc's own first error, file and line; only a build that succeeds is `rejected`, under
//!   this rule, and never run.
//!
//! **Exempt:** the item after an outer attribute that is exactly `#[cfg(test)]` (the tokens
//! `# [ cfg ( test ) ]`), when that item is a `mod`, `fn`, `impl`, `struct`, `enum`, `trait`,
//! `type` or `use` item (optionally `pub`) outside any macro invocation: it is skipped, with any
//! further attributes, to the end of its first `{ … }` or its `;`. The grader builds an exercise
//! only as a library, where `cfg(test)` is off, so that code is never compiled. Anything else
//! (`#[cfg(any(test, unix))]`, `#![cfg(test)]`, a field or statement under `#[cfg(test)]`) is
//! checked like any code.
//!
//! **Allowed on purpose:** every other attribute. `#![no_std]` and `#![no_implicit_prelude]` only
//! take abilities away; a lint attribute such as `#![allow(unsafe_code)]` cannot lift the
//! manifests' `forbid`, and `unsafe` is rejected here anyway. **Not covered:** dependency APIs that
//! read or write files (plotters' SVG backend, candle's `save`/`load`); the sandbox limits those.
//!
//! Line numbers: proc-macro2's `span-locations` feature would give them, but enabling it gives
//! proc-macro2 a second feature set next to the one the proc macros of candle's graph use, which
//! `tests/tests/build_graph.rs` rejects. So [`Locator`] re-finds each token in the text instead,
//! skipping whitespace and comments exactly as proc-macro2's lexer does (doc comments become
//! `#[doc = "…"]` tokens; those are matched to the comment and dropped).

use anyhow::{Context, Result};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use std::collections::HashSet;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One breach of the policy: where, which rule, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Relative to the exercise's `src/` folder (empty for `src/` itself).
    pub file: PathBuf,
    /// 1-based; 0 when the violation is about the whole file.
    pub line: usize,
    pub rule: Rule,
    /// Whether the grader may still let cargo build the sources, to show rustc's own error:
    /// true only for a file that does not lex (the commonest state of a file being edited, an
    /// unbalanced bracket) and names nothing that reads files or the environment at compile
    /// time ([`reaches_at_compile_time`]). Such sources are never run: if they build, they are
    /// rejected all the same.
    pub compile_first: bool,
    /// What was found, e.g. `std::fs` or `include_str!`; for a whole file (line 0), what is wrong
    /// with it, e.g. `is a symbolic link`.
    pub found: String,
}

/// Defines [`Rule`] from one table: variant, id, and why and what to do instead.
macro_rules! rules {
    ($($rule:ident $id:literal $explain:literal,)*) => {
        /// One rule of the policy; the module documentation lists them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Rule { $($rule,)* }

        impl Rule {
            #[cfg(test)] // the module doc is checked to list every rule
            pub const ALL: &[Rule] = &[$(Rule::$rule,)*];

            pub fn id(self) -> &'static str {
                match self { $(Rule::$rule => $id,)* }
            }

            /// Why the rule exists, and what to do instead (as in the module documentation).
            pub fn explain(self) -> &'static str {
                match self { $(Rule::$rule => $explain,)* }
            }
        }
    };
}

rules! {
    PathAttribute "no-path-attribute" "It makes `mod` compile a file from anywhere on the \
        machine. Put the module in `src/` as `name.rs` and declare it with `mod name;`.",
    Include "no-include" "They read files at compile time, such as the hidden checks. Write \
        the code or data into your source file.",
    EnvMacro "no-env-macro" "They read the grader's environment at compile time. Use a \
        constant, or take the value as an argument.",
    ExternCrate "no-extern-crate" "It links crates that the exercise's Cargo.toml does not \
        list, or renames `std`. Use the listed dependencies by their paths, such as \
        `candle_core::Tensor`.",
    Unsafe "no-unsafe" "Unsafe code can break every other guarantee (the exercise manifests \
        also forbid it). Use the safe API: no exercise needs `unsafe`.",
    LinkerTrick "no-linker-tricks" "They are unsafe in all but name: they can replace \
        functions of the check program or run code before it starts. Write ordinary Rust \
        functions.",
    SystemModule "no-system-module" "Exercise code must not reach the machine: files, \
        programs, environment variables or the network. Take what you need as arguments and \
        return results; the rest of `std` (`std::io`, `std::fmt`, `std::path`, …) is fine.",
    StdAlias "no-std-alias" "A renamed `std` would hide the modules above from this check. \
        Write paths in full, or import single items.",
    MacroRules "no-macro-rules" "A macro can assemble forbidden code from harmless-looking \
        pieces that no check of its parts can see. Write a function (generic if need be): the \
        exercises need no macros of their own.",
    FsQuery "no-fs-query" "They inspect files outside `src/` without `std::fs`. Exercise \
        code never needs to look at the disk: pass a path on as it is.",
    CallerLocation "no-caller-location" "They report where your code was called from: the \
        hidden checks' own file, line and function names, in a panic message or a backtrace. \
        Panic with a message of your own; the grader shows it with the check that called your \
        code.",
    NotRegularFile "regular-files-only" "The compiler would follow it to a file outside \
        `src/` that this check never read, and the grader never follows links. Replace the \
        link with a copy of the file.",
    Unlexable "lexes-as-rust" "It would not compile anyway, or is too large to check. Fix \
        it until `cargo build -p <exercise>` succeeds.",
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<_> = self.file.iter().map(|p| p.to_string_lossy()).collect();
        let (file, found, rule) = (parts.join("/"), &self.found, self.rule);
        match self.line {
            0 if file.is_empty() => write!(f, "src {found}")?,
            0 => write!(f, "src/{file} {found}")?,
            line => write!(f, "src/{file}:{line}: `{found}` is not allowed")?,
        }
        write!(f, " (rule {}): {}", rule.id(), rule.explain())
    }
}

const MAX_FILE_BYTES: u64 = 1 << 20;
const MAX_DEPTH: usize = 128;
// word lists, separated by spaces
const ROOTS: &str = "std core alloc";
const MODULES: &str = "process fs env net os";
const FS_QUERIES: &str = "exists try_exists is_file is_dir is_symlink metadata \
    symlink_metadata canonicalize read_link read_dir";
const LINKER_ATTRIBUTES: &str = "no_mangle export_name link_section link link_name used";
const EXEMPT_ITEMS: &str = "mod fn impl struct enum trait type use";

fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// Scans every `.rs` file under `src_dir` (never following symbolic links) and returns every
/// violation, in file then line order.
pub fn scan_src(src_dir: &Path) -> Result<Vec<Violation>> {
    let mut found = Vec::new();
    let meta = std::fs::symlink_metadata(src_dir)
        .with_context(|| format!("cannot read {}", src_dir.display()))?;
    if meta.is_dir() {
        walk(src_dir, &mut found)?;
    } else {
        let what = if meta.is_symlink() {
            "is a symbolic link"
        } else {
            "is not a folder"
        };
        found.push(file_violation(PathBuf::new(), Rule::NotRegularFile, what));
    }
    found.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<Violation>) -> Result<()> {
    // walkdir lists links as links (it follows none unless asked)
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let path = entry.path();
        let rel = crate::engine::paths::below(dir, path);
        let kind = entry.file_type();
        if kind.is_symlink() {
            found.push(file_violation(
                rel,
                Rule::NotRegularFile,
                "is a symbolic link",
            ));
        } else if kind.is_dir() {
            continue;
        } else if rel.extension().is_some_and(|e| e == "rs") {
            if !kind.is_file() {
                found.push(file_violation(
                    rel,
                    Rule::NotRegularFile,
                    "is not a regular file",
                ));
                continue;
            }
            let mut bytes = Vec::new();
            std::fs::File::open(path)
                .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
                .with_context(|| format!("cannot read {}", path.display()))?;
            if bytes.len() as u64 > MAX_FILE_BYTES {
                found.push(file_violation(rel, Rule::Unlexable, "is over 1 MiB"));
            } else if let Ok(text) = String::from_utf8(bytes) {
                let compile_first = !reaches_at_compile_time(&text);
                found.extend(scan_source(&rel, &text).into_iter().map(|mut violation| {
                    violation.compile_first = compile_first && violation.rule == Rule::Unlexable;
                    violation
                }));
            } else {
                found.push(file_violation(rel, Rule::Unlexable, "is not UTF-8 text"));
            }
        }
    }
    Ok(())
}

fn file_violation(file: PathBuf, rule: Rule, found: &str) -> Violation {
    Violation {
        file,
        line: 0,
        rule,
        found: found.to_string(),
        compile_first: false,
    }
}

/// The macros and attributes through which code reaches files or the environment while it
/// compiles (besides `#[path = …]`, see [`reaches_at_compile_time`]).
const COMPILE_TIME_REACH: &str =
    "include include_str include_bytes debugger_visualizer env option_env";

/// Whether `text`, which does not lex, may reach files or the environment while it compiles:
/// it holds one of the [`COMPILE_TIME_REACH`] names as a word anywhere (comments and strings
/// too: a text that does not lex cannot be told apart from code), or the word `path` followed
/// by `=` (whitespace and line comments between), as in `#[path = "…"]`; with a block comment
/// anywhere, any `path` at all. A file the policy cannot read is compiled only without these,
/// so that rustc reads nothing it was not given; a false alarm (`let path = …`) only keeps
/// the refusal that such a file had before.
pub fn reaches_at_compile_time(text: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (is_word(c), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                words.push((&text[from..at], at));
                start = None;
            }
            _ => {}
        }
    }
    let assigned = |mut rest: &str| loop {
        rest = rest.trim_start();
        if let Some(comment) = rest.strip_prefix("//") {
            rest = comment.split_once('\n').map_or("", |(_, after)| after);
        } else {
            break rest.starts_with('=') && !rest.starts_with("==");
        }
    };
    words.iter().any(|&(word, end)| {
        listed(COMPILE_TIME_REACH, word)
            || (word == "path" && (text.contains("/*") || assigned(&text[end..])))
    })
}

/// Scans one file's text.
pub fn scan_source(file: &Path, text: &str) -> Vec<Violation> {
    let tokens = match tokens(text) {
        Ok((tokens, _)) => tokens,
        Err(what) => return vec![file_violation(file.to_path_buf(), Rule::Unlexable, what)],
    };
    let mut scan = Scan {
        close: closers(&tokens),
        t: &tokens,
        found: Vec::new(),
        seen: HashSet::new(),
    };
    scan.run();
    let mut found: Vec<Violation> = scan
        .found
        .into_iter()
        .map(|(at, rule, found)| Violation {
            file: file.into(),
            line: tokens[at].line,
            rule,
            found,
            compile_first: false,
        })
        .collect();
    found.sort_by_key(|v| v.line);
    found
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    Ident(String), // without `r#`
    Punct(char),
    Literal,
    Open(char),
    Close(char),
}

#[derive(Debug)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) line: usize,
    raw: bool,
}

/// The tokens of one file as this policy sees them (doc comments dropped, groups flattened),
/// each with its line: the class report's similarity fingerprints the very same tokens.
pub(crate) fn lex(text: &str) -> Result<Vec<Token>, &'static str> {
    tokens(text).map(|(tokens, _)| tokens)
}

/// The file's tokens in order, groups flattened to `Open`/`Close`, doc comments dropped; and
/// whether the [`Locator`] ever lost its place (never expected: the tests check).
fn tokens(text: &str) -> Result<(Vec<Token>, bool), &'static str> {
    // rustc ignores a first line starting with `#!` unless an attribute follows (whitespace and
    // comments aside): that line could open a string that hides code from proc-macro2, and
    // mirroring rustc's exact test is fragile, so only `#![` (or `#!` spaces `[`) passes
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text
        .strip_prefix("#!")
        .is_some_and(|r| !r.trim_start_matches([' ', '\t']).starts_with('['))
    {
        return Err("starts with a shebang line (#! not starting an attribute)");
    }
    let stream: TokenStream = text
        .parse()
        .map_err(|_| "does not lex as Rust (an unbalanced bracket or unterminated literal)")?;
    let mut at = Locator::new(text);
    let mut out = Vec::new();
    // per open group: its trees, the next one to visit, and the delimiter that closes it
    let mut levels: Vec<(Vec<TokenTree>, usize, Option<char>)> =
        vec![(stream.into_iter().collect(), 0, None)];
    while let Some((trees, next, close)) = levels.last_mut() {
        let Some(tree) = trees.get(*next).cloned() else {
            if let Some(c) = *close {
                let line = at.token(c.encode_utf8(&mut [0; 4]));
                out.push(Token {
                    tok: Tok::Close(c),
                    line,
                    raw: false,
                });
            }
            levels.pop();
            continue;
        };
        let doc = doc_attribute_len(&trees[*next..]);
        if doc > 0 && at.doc_comment() {
            *next += doc;
            continue;
        }
        *next += 1;
        let (tok, text, raw) = match tree {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => (Some('('), Some(')')),
                    Delimiter::Bracket => (Some('['), Some(']')),
                    Delimiter::Brace => (Some('{'), Some('}')),
                    Delimiter::None => (None, None),
                };
                if levels.len() > MAX_DEPTH {
                    return Err("nests brackets over 128 deep");
                }
                levels.push((group.stream().into_iter().collect(), 0, close));
                let Some(open) = open else { continue };
                (Tok::Open(open), open.to_string(), false)
            }
            TokenTree::Ident(ident) => {
                let text = ident.to_string();
                let raw = text.starts_with("r#");
                (
                    Tok::Ident(text.trim_start_matches("r#").to_string()),
                    text,
                    raw,
                )
            }
            TokenTree::Punct(punct) => (Tok::Punct(punct.as_char()), punct.to_string(), false),
            TokenTree::Literal(literal) => (Tok::Literal, literal.to_string(), false),
        };
        out.push(Token {
            tok,
            line: at.token(&text),
            raw,
        });
    }
    Ok((out, at.lost))
}

/// How many trees a doc comment became, if `trees` starts like one: `#` `!`? `[doc = "…"]`.
fn doc_attribute_len(trees: &[TokenTree]) -> usize {
    let is =
        |i: usize, c: char| matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == c);
    let bang = usize::from(is(1, '!'));
    let Some(TokenTree::Group(group)) = trees.get(1 + bang) else {
        return 0;
    };
    let inner: Vec<_> = group.stream().into_iter().collect();
    let doc = matches!(&inner[..], [TokenTree::Ident(d), TokenTree::Punct(e), TokenTree::Literal(_)]
        if d == "doc" && e.as_char() == '=');
    if is(0, '#') && group.delimiter() == Delimiter::Bracket && doc {
        2 + bang
    } else {
        0
    }
}

/// Finds each token's line by walking the text in step with the tokens.
struct Locator<'a> {
    rest: &'a str,
    line: usize,
    lost: bool,
}

impl<'a> Locator<'a> {
    fn new(rest: &'a str) -> Self {
        Locator {
            rest,
            line: 1,
            lost: false,
        }
    }

    fn advance(&mut self, n: usize) {
        self.line += self.rest[..n].matches('\n').count();
        self.rest = &self.rest[n..];
    }

    /// Skips whitespace and non-doc comments, as proc-macro2's `skip_whitespace` does.
    fn skip_trivia(&mut self) {
        loop {
            let r = self.rest;
            let n = if r.starts_with("//")
                && (!r.starts_with("///") || r.starts_with("////"))
                && !r.starts_with("//!")
            {
                r.find('\n').unwrap_or(r.len())
            } else if r.starts_with("/**/") {
                4
            } else if r.starts_with("/*")
                && (!r.starts_with("/**") || r.starts_with("/***"))
                && !r.starts_with("/*!")
            {
                block_comment_len(r)
            } else {
                match r.chars().next() {
                    Some(c) if c.is_whitespace() || c == '\u{200e}' || c == '\u{200f}' => {
                        c.len_utf8()
                    }
                    _ => return,
                }
            };
            self.advance(n);
        }
    }

    /// Consumes the doc comment that comes next, if one does.
    fn doc_comment(&mut self) -> bool {
        self.skip_trivia();
        let r = self.rest;
        let n = if r.starts_with("//!") || (r.starts_with("///") && !r.starts_with("////")) {
            r.find('\n').unwrap_or(r.len())
        } else if r.starts_with("/*!") || (r.starts_with("/**") && !r.starts_with("/***")) {
            block_comment_len(r)
        } else {
            return false;
        };
        self.advance(n);
        true
    }

    /// The line of the token spelled `text`, which comes next.
    fn token(&mut self, text: &str) -> usize {
        self.skip_trivia();
        let line = self.line;
        if self.rest.starts_with(text) {
            self.advance(text.len());
        } else {
            self.lost = true; // keep the last line rather than fail
        }
        line
    }
}

fn block_comment_len(r: &str) -> usize {
    let (bytes, mut depth, mut i) = (r.as_bytes(), 0usize, 0);
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => (depth, i) = (depth + 1, i + 1),
            (b'*', b'/') if depth == 1 => return i + 2,
            (b'*', b'/') => (depth, i) = (depth - 1, i + 1),
            _ => {}
        }
        i += 1;
    }
    r.len()
}

/// For each `Open` token, the index of its `Close`.
fn closers(t: &[Token]) -> Vec<usize> {
    let (mut close, mut open) = ((0..t.len()).collect::<Vec<_>>(), Vec::new());
    for (i, token) in t.iter().enumerate() {
        match token.tok {
            Tok::Open(_) => open.push(i),
            Tok::Close(_) => close[open.pop().unwrap_or(i)] = i,
            _ => {}
        }
    }
    close
}

struct Scan<'t> {
    t: &'t [Token],
    close: Vec<usize>,
    found: Vec<(usize, Rule, String)>,
    seen: HashSet<usize>,
}

impl Scan<'_> {
    fn ident(&self, i: usize) -> Option<&str> {
        match self.t.get(i) {
            Some(Token {
                tok: Tok::Ident(name),
                ..
            }) => Some(name),
            _ => None,
        }
    }
    fn keyword(&self, i: usize, word: &str) -> bool {
        self.ident(i) == Some(word) && !self.t[i].raw
    }
    fn is(&self, i: usize, tok: Tok) -> bool {
        self.t.get(i).is_some_and(|t| t.tok == tok)
    }
    fn punct(&self, i: usize, c: char) -> bool {
        self.is(i, Tok::Punct(c))
    }
    fn path_sep(&self, i: usize) -> bool {
        self.punct(i, ':') && self.punct(i + 1, ':')
    }
    fn opens(&self, i: usize) -> bool {
        matches!(
            self.t.get(i),
            Some(Token {
                tok: Tok::Open(_),
                ..
            })
        )
    }
    /// One violation per token: the first rule that finds it.
    fn flag(&mut self, at: usize, rule: Rule, found: String) {
        if self.seen.insert(at) {
            self.found.push((at, rule, found));
        }
    }

    fn run(&mut self) {
        let (mut open, mut i) = (Vec::new(), 0);
        while i < self.t.len() {
            match &self.t[i].tok {
                Tok::Open(_) => open.push(i),
                Tok::Close(_) => _ = open.pop(),
                Tok::Punct('#') => {
                    if let Some(end) = self.exempt(i, &open) {
                        i = end + 1;
                        continue;
                    }
                    self.attribute(i);
                }
                Tok::Ident(name) => self.name(i, name, open.last().copied()),
                _ => {}
            }
            i += 1;
        }
    }

    /// The last token of the `#[cfg(test)]` item starting at `i`, if it is exempt.
    fn exempt(&self, i: usize, open: &[usize]) -> Option<usize> {
        let in_macro = |&o: &usize| {
            !self.is(o, Tok::Open('{'))
                || (o >= 1 && self.punct(o - 1, '!'))
                || (o >= 2 && self.ident(o - 1).is_some() && self.punct(o - 2, '!'))
        };
        let cfg_test = self.is(i + 1, Tok::Open('['))
            && self.keyword(i + 2, "cfg")
            && self.is(i + 3, Tok::Open('('))
            && self.keyword(i + 4, "test")
            && self.is(i + 5, Tok::Close(')'))
            && self.is(i + 6, Tok::Close(']'));
        if !cfg_test || open.iter().any(in_macro) {
            return None;
        }
        let mut j = i + 7;
        while self.punct(j, '#') && self.is(j + 1, Tok::Open('[')) {
            j = self.close[j + 1] + 1;
        }
        if self.keyword(j, "pub") {
            j += 1;
            if self.is(j, Tok::Open('(')) {
                j = self.close[j] + 1;
            }
        }
        let item = self.ident(j).is_some_and(|w| listed(EXEMPT_ITEMS, w)) && !self.t[j].raw;
        if !item || (self.keyword(j, "fn") && self.ident(j + 1).is_none()) {
            return None; // `fn` not followed by a name is a function pointer type
        }
        loop {
            match self.t.get(j)?.tok {
                Tok::Open('{') | Tok::Punct(';') => return Some(self.close[j]),
                Tok::Open(_) => j = self.close[j],
                Tok::Close(_) => return None,
                _ => {}
            }
            j += 1;
        }
    }

    /// Checks the attribute starting with the `#` at `i`.
    fn attribute(&mut self, i: usize) {
        let start = if self.punct(i + 1, '!') { i + 2 } else { i + 1 };
        if !self.is(start, Tok::Open('[')) {
            return;
        }
        for k in start + 1..self.close[start] {
            let name = self.ident(k).unwrap_or_default().to_string();
            if name == "path" && (k == start + 1 || self.punct(k + 1, '=')) {
                self.flag(k, Rule::PathAttribute, "#[path]".into());
            } else if name == "debugger_visualizer" {
                self.flag(k, Rule::Include, format!("#[{name}]"));
            } else if listed(LINKER_ATTRIBUTES, &name) {
                self.flag(k, Rule::LinkerTrick, format!("#[{name}]"));
            } else if name == "track_caller" {
                self.flag(k, Rule::CallerLocation, format!("#[{name}]"));
            }
        }
    }

    /// Checks the identifier `name` at `i`, inside the group opened at `group`.
    fn name(&mut self, i: usize, name: &str, group: Option<usize>) {
        let after_sep = i >= 2 && self.path_sep(i - 2);
        let invoked = self.punct(i + 1, '!') && self.opens(i + 2);
        // inside `path::{…}`: only `use` has such groups
        let in_use_group = group.is_some_and(|o| o >= 2 && self.path_sep(o - 2));
        let named = invoked
            || self.keyword(i + 1, "as")
            || in_use_group
            || (after_sep && !self.path_sep(i + 1));
        let macro_rule = match name {
            "include" | "include_str" | "include_bytes" => Some(Rule::Include),
            "env" | "option_env" => Some(Rule::EnvMacro),
            "asm" | "global_asm" | "naked_asm" => Some(Rule::LinkerTrick),
            _ => None,
        };
        if name == "unsafe" {
            self.flag(i, Rule::Unsafe, "unsafe".into());
        } else if name == "extern" && self.keyword(i + 1, "crate") {
            self.flag(i, Rule::ExternCrate, "extern crate".into());
        } else if (name == "macro_rules" && self.punct(i + 1, '!')) || self.keyword(i, "macro") {
            self.flag(i, Rule::MacroRules, format!("{name}!"));
        } else if listed(ROOTS, name) && self.path_sep(i + 1) {
            self.root_member(name, i + 3);
        } else if listed(ROOTS, name) && self.keyword(i + 1, "as") {
            self.flag(i, Rule::StdAlias, format!("{name} as …"));
        } else if let Some(rule) = macro_rule.filter(|_| named || name.contains('_')) {
            // names with `_` are nobody's variable: found wherever they occur
            self.flag(i, rule, format!("{name}!"));
        } else if listed(FS_QUERIES, name)
            && (after_sep || (i >= 1 && self.punct(i - 1, '.') && self.is(i + 1, Tok::Open('('))))
        {
            self.flag(i, Rule::FsQuery, format!(".{name}()"));
        }
    }

    /// Checks what `root::` (`std::`, …) names at `k`: a module, `*`, or a `{…}` group.
    fn root_member(&mut self, root: &str, k: usize) {
        match self.t.get(k).map(|t| &t.tok) {
            Some(Tok::Ident(m)) if listed(MODULES, m) => {
                self.flag(k, Rule::SystemModule, format!("{root}::{m}"));
            }
            Some(Tok::Ident(m)) if m == "backtrace" => {
                self.flag(k, Rule::CallerLocation, format!("{root}::{m}"));
            }
            Some(Tok::Ident(m)) if m == "self" => {
                let alias = if self.keyword(k + 1, "as") {
                    " as …"
                } else {
                    ""
                };
                self.flag(k, Rule::StdAlias, format!("{root}::{{self{alias}}}"));
            }
            Some(Tok::Punct('*')) => self.flag(k, Rule::StdAlias, format!("{root}::*")),
            Some(Tok::Open('{')) => {
                let (mut j, end, mut item_start) = (k + 1, self.close[k], true);
                while j < end {
                    if item_start {
                        self.root_member(root, j);
                    }
                    item_start = self.punct(j, ',');
                    j = if self.opens(j) {
                        self.close[j] + 1
                    } else {
                        j + 1
                    };
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, rule id) of every violation in `src`, in order.
    fn found(src: &str) -> Vec<(usize, &'static str)> {
        let found = scan_source(Path::new("lib.rs"), src);
        found.iter().map(|v| (v.line, v.rule.id())).collect()
    }

    /// `rule` found on each of `lines`.
    fn at(rule: &'static str, lines: &[usize]) -> Vec<(usize, &'static str)> {
        lines.iter().map(|&line| (line, rule)).collect()
    }

    #[test]
    fn path_attributes_are_found_also_in_cfg_attr() {
        let src = "use std::path::Path;\n#[path = \"/etc/x.rs\"]\nmod a;\n\
            #[cfg_attr(unix, path = \"b.rs\")]\nmod b;\n#[doc = \"path = x\"]\n\
            fn f(path: &Path) -> &Path { let path = path; path }\n";
        assert_eq!(found(src), at("no-path-attribute", &[2, 4]));
    }

    #[test]
    fn include_macros_are_found_however_named() {
        let src = "const A: &str = include_str!(\"../../grader/checks/x.rs\");\n\
            #[doc = include_str!(concat!(\"..\", \"/x\"))]\nfn f() { include!(\"x.rs\"); }\n\
            use std::include_bytes as b;\n#![debugger_visualizer(gdb_script_file = \"/x\")]\n\
            fn g(include: bool) -> bool { include }\n";
        assert_eq!(found(src), at("no-include", &[1, 2, 3, 4, 5]));
    }

    #[test]
    fn env_macros_are_found_but_not_a_variable_named_env() {
        let src = "const H: &str = env!(\"HOME\");\nconst X: Option<&str> = option_env!(\"X\");\n\
            fn f(env: u8) -> u8 { let env = env + 1; env }\n";
        assert_eq!(found(src), at("no-env-macro", &[1, 2]));
    }

    #[test]
    fn extern_crate_is_found_but_not_extern_functions() {
        let src = "extern \"C\" fn f() {}\nextern crate libc;\n";
        assert_eq!(found(src), at("no-extern-crate", &[2]));
    }

    #[test]
    fn unsafe_is_found_but_not_in_comments_or_strings() {
        let src = "// unsafe\nconst S: &str = \"unsafe\";\nfn f() { unsafe {} }\n/* unsafe */\n";
        assert_eq!(found(src), at("no-unsafe", &[3]));
    }

    #[test]
    fn linker_tricks_are_found() {
        let src = "#[no_mangle]\npub fn write() {}\n#[cfg_attr(all(), export_name = \"main\")]\n\
            #[must_use]\nfn m() -> u8 { 0 }\nstd::arch::global_asm!(\"\");\n\
            #[link_section = \".init_array\"]\n#[used]\nstatic S: fn() -> u8 = m;\n";
        assert_eq!(found(src), at("no-linker-tricks", &[1, 3, 6, 7, 8]));
    }

    /// The attack of a student function marked `#[track_caller]`: its panics would report the
    /// hidden check's file and line; a backtrace would name the hidden check's functions.
    #[test]
    fn caller_locations_are_found() {
        let src = "#[track_caller]\npub fn relu(z: f64) -> f64 {\n    \
            let here = std::panic::Location::caller();\n    panic!(\"{here}\")\n}\n\
            #[cfg_attr(all(), track_caller)]\nfn g() {}\n\
            fn h() -> String { format!(\"{}\", std::backtrace::Backtrace::force_capture()) }\n\
            use core::{backtrace::Backtrace, fmt};\n";
        assert_eq!(found(src), at("no-caller-location", &[1, 6, 8, 9]));
    }

    #[test]
    fn system_modules_are_found_but_not_the_rest_of_std() {
        let src = "use std::io::Write;\nuse std::f64::consts::PI;\nfn f(fs_scale: f64) {\n\
            let s = \"std::fs\";\n    std::fs::read_to_string(s)\n        .unwrap_or_default();\n\
            ::std::process::exit(0);\n    core::env::var(\"X\");\n    std::os::unix::fs::symlink;\n\
            std::net::TcpStream::connect(\"\");\n}\n";
        assert_eq!(found(src), at("no-system-module", &[5, 7, 8, 9, 10]));
    }

    #[test]
    fn grouped_imports_are_found() {
        let src = "use std::{fs, io};\nuse std::{io::{self, Read}, process::{Command}};\n\
            use std::{io, {env}};\nuse {std::net::TcpStream, std::io};\nuse ::std::{\n    fmt,\n\
            r#os,\n};\nuse std::{fmt::Display, path::{Path, PathBuf}};\n";
        assert_eq!(found(src), at("no-system-module", &[1, 2, 3, 4, 7]));
    }

    #[test]
    fn aliases_and_globs_of_std_are_found() {
        let src = "use std as s;\nuse ::core as c;\nuse std::{self};\nuse std::{io, self as t};\n\
            use std::*;\nuse core::{fmt, *};\nuse std::io::*;\nuse std::prelude::v1::*;\n";
        assert_eq!(found(src), at("no-std-alias", &[1, 2, 3, 4, 5, 6]));
    }

    #[test]
    fn macros_cannot_smuggle_anything() {
        let src = "macro_rules! m {\n    () => {\n        std::fs::read(\"x\")\n    };\n}\n\
            fn f() { let _ = vec![std::env::args()]; }\n\
            const X: &str = include_str!(concat!(\"..\", \"/x\"));\n";
        let expected = [
            (1, "no-macro-rules"),
            (3, "no-system-module"),
            (6, "no-system-module"),
            (7, "no-include"),
        ];
        assert_eq!(found(src), expected);
    }

    #[test]
    fn file_system_queries_are_found_but_not_other_methods() {
        let src = "fn f(p: &std::path::Path, exists: bool) -> bool {\n    p.exists()\n\
            || std::path::Path::is_file(p)\n    || p.read_dir().is_ok() || p.to_str().is_some()\n}\nfn g(s: S) -> u8 { s.metadata }\n";
        assert_eq!(found(src), at("no-fs-query", &[2, 3, 4]));
    }

    #[test]
    fn a_cfg_test_item_is_exempt_and_what_follows_is_not() {
        let src = "pub fn ok() {}\n#[cfg(test)]\n#[allow(unused)]\nmod tests {\n    use std::fs;\n\
            fn f() { unsafe {} std::env::temp_dir(); }\n}\n#[cfg(test)]\n\
            fn helper<A, B>() -> std::process::ExitCode { todo!() }\n#[cfg(test)]\n\
            pub(crate) use std::env;\nfn after() { std::fs::read(\"x\"); }\n";
        assert_eq!(found(src), at("no-system-module", &[12]));
    }

    #[test]
    fn only_exactly_cfg_test_on_an_item_is_exempt() {
        let src = "#[cfg(any(test, unix))]\nmod a { use std::fs; }\n#[cfg(test)]\n\
            const C: () = { std::env::args(); };\nstruct S { #[cfg(test)] a: u8, b: std::fs::File }\n\
            fn g<#[cfg(test)] 'a>() { std::fs::read(\"x\"); }\n\
            thread_local! { #[cfg(test)] static T: u8 = { std::process::id(); 0 }; }\n\
            struct Q(#[cfg(test)] fn() -> u8, std::fs::File);\n#[cfg(test,)]\nmod b { use std::os; }\n\
            mod c {\n    #![cfg(test)]\n    use std::net;\n}\n";
        assert_eq!(
            found(src),
            at("no-system-module", &[2, 4, 5, 6, 7, 8, 10, 13])
        );
    }

    #[test]
    fn a_file_that_does_not_lex_is_its_own_violation() {
        let shebang =
            "#!x\"\nfn f() -> Vec<u8> { std::fs::read(\"/x\").unwrap_or_default() } //\"\n";
        for src in [
            "fn f() { \"",
            "fn f() { )",
            "/* open",
            shebang,
            "\u{feff}#! /x\n",
        ] {
            assert_eq!(found(src), [(0, "lexes-as-rust")], "{src}");
        }
        let deep = format!("{}{}", "(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(found(&deep), [(0, "lexes-as-rust")]);
    }

    /// A half-typed file is built for rustc's own error only when it names nothing that reads
    /// files or the environment at compile time; a comment that says so keeps the refusal.
    #[test]
    fn unlexable_files_are_compiled_first_only_without_compile_time_reach() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("grader-reach-{}", std::process::id()));
        let src = dir.join("src");
        std::fs::create_dir_all(&src)?;
        let first = |text: &str| -> Result<Vec<bool>> {
            std::fs::write(src.join("lib.rs"), text)?;
            Ok(scan_src(&src)?.iter().map(|v| v.compile_first).collect())
        };
        assert_eq!(first("pub fn f() -> u8 {\n    1\n")?, [true]);
        assert_eq!(
            first("pub fn f() -> u8 {\n    include_str!(\"x\")\n")?,
            [false]
        );
        assert_eq!(first("#[path = \"x\"] mod m;\nfn f() {")?, [false]);
        assert_eq!(
            first("#[path // comment\n = \"x\"] mod m;\nfn f() {")?,
            [false]
        );
        assert_eq!(first("#[path /* */ = \"x\"] mod m;\nfn f() {")?, [false]);
        assert_eq!(
            first("// what reads the environment\nfn f() { env!(\"X\") ")?,
            [false]
        );
        // a path passed around, or compared, is no attribute
        assert_eq!(
            first("pub fn f(path: &Path) -> bool { path == other {")?,
            [true]
        );
        assert_eq!(first("fn f() { let a = r#env!(\"X\"); ")?, [false]);
        // a file that lexes but breaks a rule is never built
        assert_eq!(first("fn f() { unsafe {} }")?, [false]);
        // words that merely contain the names are fine
        assert!(!reaches_at_compile_time("fn pathway(environment: u8) {"));
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }

    #[test]
    fn lines_count_comments_doc_comments_and_multiline_literals() {
        let src =
            "\u{feff}//! crate doc\n/// item doc with `unsafe`\n/** block doc\n   unsafe */\n\
            /* plain /* nested */ comment\n*/\n#[doc = \"hand\"] /// after\nconst R: &str = r#\"\n\
            multi \"line\"\n\"#;\nfn f() { unsafe {} } // line 11\n";
        assert_eq!(found(src), at("no-unsafe", &[11]));
        assert!(!tokens(src).expect("lexes").1, "the locator kept its place");
    }

    #[test]
    fn display_names_file_line_rule_and_what_to_do() {
        let v = Violation {
            file: "lib.rs".into(),
            line: 12,
            rule: Rule::Include,
            found: "include_str!".into(),
            compile_first: false,
        };
        let text = v.to_string();
        assert!(text.starts_with(
            "src/lib.rs:12: `include_str!` is not allowed (rule no-include): They read"
        ));
        let v = file_violation(
            "a/link.rs".into(),
            Rule::NotRegularFile,
            "is a symbolic link",
        );
        assert!(v.to_string().starts_with(
            "src/a/link.rs is a symbolic link (rule regular-files-only): The compiler"
        ));
    }

    #[test]
    fn the_module_doc_lists_every_rule_with_its_explanation() {
        let doc: Vec<&str> = include_str!("policy.rs")
            .lines()
            .filter_map(|l| l.strip_prefix("//!"))
            .collect();
        let doc = doc
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for rule in Rule::ALL {
            assert!(
                doc.contains(&format!("- `{}`:", rule.id())),
                "{rule:?} is not listed"
            );
            let explain = rule
                .explain()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(doc.contains(&explain), "the doc does not say: {explain}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn scan_src_reports_links_and_never_follows_them() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("grader-policy-{}", std::process::id()));
        let src = dir.join("src");
        std::fs::create_dir_all(src.join("a"))?;
        std::fs::write(src.join("lib.rs"), "mod a;\nfn f() { unsafe {} }\n")?;
        std::fs::write(src.join("a/b.rs"), "use std::fs;\n")?;
        std::fs::write(src.join("notes.txt"), "unsafe")?;
        std::fs::write(src.join("latin1.rs"), b"// \xe9\n")?;
        std::os::unix::fs::symlink("/etc/hostname", src.join("link.rs"))?;
        std::os::unix::fs::symlink("/etc", src.join("dir_link"))?;
        std::os::unix::fs::symlink(&src, dir.join("src_link"))?;
        let found: Vec<_> = scan_src(&src)?
            .iter()
            .map(|v| (v.file.clone(), v.line, v.rule.id()))
            .collect();
        let linked = scan_src(&dir.join("src_link"))?;
        assert!(linked[0]
            .to_string()
            .starts_with("src is a symbolic link (rule"));
        std::fs::remove_dir_all(&dir)?;
        let expected = [
            ("a/b.rs".into(), 1, "no-system-module"),
            ("dir_link".into(), 0, "regular-files-only"),
            ("latin1.rs".into(), 0, "lexes-as-rust"),
            ("lib.rs".into(), 2, "no-unsafe"),
            ("link.rs".into(), 0, "regular-files-only"),
        ];
        assert_eq!(found, expected);
        assert_eq!(
            linked,
            [file_violation(
                PathBuf::new(),
                Rule::NotRegularFile,
                "is a symbolic link"
            )]
        );
        Ok(())
    }

    fn course_root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the grader is in the course")
            .into()
    }

    #[test]
    fn every_solution_and_stub_scans_clean() -> Result<()> {
        let mut scanned = Vec::new();
        // The student version has no solutions/: there, the stubs alone.
        let teachers_copy = course_root().join("solutions").is_dir();
        let kinds: &[&str] = if teachers_copy {
            &["solutions", "exercises"]
        } else {
            &["exercises"]
        };
        for kind in kinds {
            for entry in std::fs::read_dir(course_root().join(kind))? {
                let dir = entry?.path();
                if dir.ends_with("lesson-demos") || !dir.join("src").is_dir() {
                    continue;
                }
                assert_eq!(scan_src(&dir.join("src"))?, [], "{}", dir.display());
                scanned.push(dir);
            }
        }
        let expected = if teachers_copy { 8 } else { 4 };
        assert_eq!(scanned.len(), expected, "solutions and stubs: {scanned:?}");
        Ok(())
    }

    /// Every `.rs` file of the course lexes, and the locator finds each identifier on its line.
    #[test]
    fn every_course_source_gets_exact_lines() -> Result<()> {
        let (mut dirs, mut files) = (vec![course_root()], 0);
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir)? {
                let path = entry?.path();
                let name = path.file_name().unwrap_or_default();
                if path.is_dir() && name != "target" && name != ".git" {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path)?;
                    let (tokens, lost) = tokens(&text).expect("course sources lex");
                    assert!(!lost, "{}", path.display());
                    let lines: Vec<&str> = text.lines().collect();
                    for token in &tokens {
                        if let Tok::Ident(name) = &token.tok {
                            assert!(
                                lines[token.line - 1].contains(name.as_str()),
                                "{}:{}",
                                path.display(),
                                token.line
                            );
                        }
                    }
                    files += 1;
                }
            }
        }
        assert!(files > 50, "{files} files");
        Ok(())
    }
}
