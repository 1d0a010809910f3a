//! Similarity of the students' own code, exercise by exercise, as MOSS computes it: tokens,
//! normalised, hashed in k-grams, winnowed (Schleimer, Wilkerson and Aiken, "Winnowing: local
//! algorithms for document fingerprinting", SIGMOD 2003), the handed-out stub's k-grams and
//! the fingerprints most of the class shares removed, then pairs ranked by the share of their
//! fingerprints they have in common.
//!
//! Tokens are the submission policy's (`policy::lex`): comments and whitespace are gone. An
//! identifier becomes `$id` unless it is a keyword or a name the student cannot rename (after
//! `.`, beside `::`, or before `!`: library methods, paths and macros); every literal becomes
//! `$lit`. So renaming, re-commenting and re-indenting change nothing, and moving whole
//! functions changes only the few k-grams that span their edges.
//!
//! Pairs come from an inverted index (fingerprint -> students holding it): only students who
//! share a fingerprint are ever paired, and no fingerprint held by more than the common
//! threshold is indexed, so the work grows with what is shared, not with the square of the class.

use crate::engine::policy::{self, Tok};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Tokens per k-gram: a match shorter than this is never seen (the paper's noise threshold).
pub const K: usize = 12;
/// K-grams per winnowing window: any match of at least `K + WINDOW - 1` tokens is guaranteed to
/// share a fingerprint.
pub const WINDOW: usize = 8;
/// A fingerprint held by more than this share of the students who wrote code for an exercise
/// (and more than [`COMMON_FLOOR`] of them) is what the lesson steers everyone to: ignored.
pub const COMMON_SHARE: f64 = 0.2;
pub const COMMON_FLOOR: usize = 3;
/// A pair is flagged for a look from this similarity on, with at least [`FLAG_SHARED`]
/// fingerprints in common (a few lines alike are not worth a teacher's time).
pub const FLAG_AT: f64 = 0.5;
pub const FLAG_SHARED: usize = 8;

/// One student's code for one exercise: every `.rs` file under `src/`, by path.
#[derive(Debug, Clone)]
pub struct Code {
    pub student: String,
    pub files: Vec<(String, String)>,
}

/// One normalised token: its symbol's hash, and where it came from.
#[derive(Debug, Clone, Copy)]
struct Sym {
    hash: u64,
    file: u32,
    line: u32,
}

/// Two students' code for one exercise, compared.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub exercise: String,
    pub a: String,
    pub b: String,
    /// Shared fingerprints over the mean of the two students' counts (Dice's coefficient, as
    /// Dolos reports it), 0 to 1.
    pub similarity: f64,
    pub shared: usize,
    /// Each student's own fingerprints (stub and common ones removed).
    pub a_fingerprints: usize,
    pub b_fingerprints: usize,
    pub flagged: bool,
    /// The lines of each student's files that the shared fingerprints cover: (file, line), 1-based.
    #[serde(skip)]
    pub a_lines: BTreeSet<(String, u32)>,
    #[serde(skip)]
    pub b_lines: BTreeSet<(String, u32)>,
}

/// The similarity of one exercise across the class.
#[derive(Debug, Clone, Serialize)]
pub struct ExerciseSimilarity {
    pub exercise: String,
    /// Students whose code holds at least one fingerprint of their own.
    pub students_with_code: usize,
    /// Fingerprints ignored because more than this many students hold them.
    pub common_threshold: usize,
    pub common_ignored: usize,
    /// Files that do not lex as Rust, as `student: file`: not compared.
    pub unlexable: Vec<String>,
    /// The pairs at [`LISTED_FROM`] or more, most similar first: a class of 500 has hundreds
    /// of thousands of pairs sharing a fingerprint or two, which say nothing.
    pub pairs: Vec<Pair>,
    /// Pairs sharing a fingerprint but below [`LISTED_FROM`].
    pub pairs_not_listed: usize,
    /// Each student's most similar classmate, listed or not.
    pub highest: Vec<Highest>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Highest {
    pub student: String,
    pub similarity: f64,
    pub with: String,
}

/// Pairs less similar than this are counted, not listed.
pub const LISTED_FROM: f64 = 0.15;

const KEYWORDS: &str = "as async await break const continue crate dyn else enum extern false fn \
    for if impl in let loop match mod move mut pub ref return self Self static struct super \
    trait true type unsafe use where while";

/// The normalised tokens of a set of files, in file then text order.
fn symbols(files: &[(String, String)]) -> Result<Vec<Sym>, String> {
    let mut out = Vec::new();
    for (index, (path, text)) in files.iter().enumerate() {
        let tokens = policy::lex(text).map_err(|why| format!("{path} {why}"))?;
        let punct = |i: Option<usize>, c: char| {
            i.and_then(|i| tokens.get(i))
                .is_some_and(|t| t.tok == Tok::Punct(c))
        };
        for (i, token) in tokens.iter().enumerate() {
            let before = |n: usize| i.checked_sub(n);
            let normalised: &str = match &token.tok {
                Tok::Ident(name) if KEYWORDS.split(' ').any(|k| k == name) => name,
                Tok::Ident(name)
                    if punct(before(1), '.')
                        || (punct(before(1), ':') && punct(before(2), ':'))
                        || (punct(Some(i + 1), ':') && punct(Some(i + 2), ':'))
                        || punct(Some(i + 1), '!') =>
                {
                    name
                }
                Tok::Ident(_) => "$id",
                Tok::Literal => "$lit",
                Tok::Punct(c) | Tok::Open(c) | Tok::Close(c) => {
                    out.push(Sym {
                        hash: crate::engine::fnv1a(c.encode_utf8(&mut [0; 4]).as_bytes()),
                        file: index as u32,
                        line: token.line as u32,
                    });
                    continue;
                }
            };
            out.push(Sym {
                hash: crate::engine::fnv1a(normalised.as_bytes()),
                file: index as u32,
                line: token.line as u32,
            });
        }
    }
    Ok(out)
}

/// The hash of every k-gram, by its first token.
fn kgram_hashes(symbols: &[Sym]) -> Vec<u64> {
    symbols
        .windows(K)
        .map(|gram| {
            let mut hash: u64 = 0;
            for sym in gram {
                hash = (hash ^ sym.hash)
                    .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                    .rotate_left(23);
            }
            hash
        })
        .collect()
}

/// Winnowing: in every window of [`WINDOW`] consecutive k-gram hashes, the smallest (the
/// rightmost of equals) is a fingerprint; each is recorded once, by position.
fn winnow(hashes: &[u64]) -> Vec<(u64, usize)> {
    let mut picked: Vec<(u64, usize)> = Vec::new();
    if hashes.is_empty() {
        return picked;
    }
    let window = WINDOW.min(hashes.len());
    // indices whose hashes increase from front to back: the front is the window's minimum
    let mut queue = std::collections::VecDeque::new();
    for (i, &hash) in hashes.iter().enumerate() {
        while queue.back().is_some_and(|&j: &usize| hashes[j] >= hash) {
            queue.pop_back();
        }
        queue.push_back(i);
        if i + 1 >= window {
            let start = i + 1 - window;
            while queue.front().is_some_and(|&j| j < start) {
                queue.pop_front();
            }
            if let Some(&min) = queue.front() {
                if picked.last().is_none_or(|&(_, at)| at != min) {
                    picked.push((hashes[min], min));
                }
            }
        }
    }
    picked
}

/// One student's own fingerprints: hash -> the first token of each k-gram that has it.
struct Fingerprinted {
    student: String,
    symbols: Vec<Sym>,
    /// Per token: it lies in a k-gram the stub has (a signature, a doc comment's neighbour),
    /// so a matched region never marks it as the student's.
    given: Vec<bool>,
    prints: HashMap<u64, Vec<usize>>,
}

/// Compares every student's code for `exercise` with every other's, leaving out what the stub
/// (`stub`, the handed-out files) already holds.
pub fn compare(exercise: &str, stub: &[(String, String)], class: &[Code]) -> ExerciseSimilarity {
    let stub_grams: HashSet<u64> = symbols(stub)
        .map(|s| kgram_hashes(&s).into_iter().collect())
        .unwrap_or_default();
    let mut unlexable = Vec::new();
    let mut students: Vec<Fingerprinted> = Vec::new();
    for code in class {
        let symbols = match symbols(&code.files) {
            Ok(symbols) => symbols,
            Err(why) => {
                unlexable.push(format!("{}: {why}", code.student));
                continue;
            }
        };
        let grams = kgram_hashes(&symbols);
        let mut given = vec![false; symbols.len()];
        for (start, hash) in grams.iter().enumerate() {
            if stub_grams.contains(hash) {
                given[start..start + K].fill(true);
            }
        }
        let mut prints: HashMap<u64, Vec<usize>> = HashMap::new();
        for (hash, at) in winnow(&grams) {
            if !stub_grams.contains(&hash) {
                prints.entry(hash).or_default().push(at);
            }
        }
        if !prints.is_empty() {
            students.push(Fingerprinted {
                student: code.student.clone(),
                symbols,
                given,
                prints,
            });
        }
    }
    // the inverted index: fingerprint -> the students holding it
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    for (number, student) in students.iter().enumerate() {
        for &hash in student.prints.keys() {
            index.entry(hash).or_default().push(number as u32);
        }
    }
    let common_threshold =
        COMMON_FLOOR.max((COMMON_SHARE * students.len() as f64).floor() as usize);
    let before = index.len();
    index.retain(|_, holders| holders.len() <= common_threshold);
    let common_ignored = before - index.len();
    let mut own = vec![0usize; students.len()];
    let mut shared: HashMap<(u32, u32), usize> = HashMap::new();
    for holders in index.values() {
        for (n, &a) in holders.iter().enumerate() {
            own[a as usize] += 1;
            for &b in &holders[n + 1..] {
                *shared.entry((a.min(b), a.max(b))).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<Pair> = shared
        .into_iter()
        .map(|((a, b), common)| {
            let (left, right) = (&students[a as usize], &students[b as usize]);
            let (na, nb) = (own[a as usize], own[b as usize]);
            let similarity = 2.0 * common as f64 / (na + nb) as f64;
            Pair {
                exercise: exercise.to_string(),
                a: left.student.clone(),
                b: right.student.clone(),
                similarity,
                shared: common,
                a_fingerprints: na,
                b_fingerprints: nb,
                flagged: similarity >= FLAG_AT && common >= FLAG_SHARED,
                a_lines: BTreeSet::new(),
                b_lines: BTreeSet::new(),
            }
        })
        .collect();
    pairs.sort_by(|x, y| {
        y.similarity
            .total_cmp(&x.similarity)
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    let mut highest: BTreeMap<&str, (f64, &str)> = BTreeMap::new();
    for pair in &pairs {
        for (me, other) in [(&pair.a, &pair.b), (&pair.b, &pair.a)] {
            // the most similar first: a student's first pair is their highest
            highest.entry(me).or_insert((pair.similarity, other));
        }
    }
    let highest: Vec<Highest> = highest
        .into_iter()
        .map(|(student, (similarity, with))| Highest {
            student: student.to_string(),
            similarity,
            with: with.to_string(),
        })
        .collect();
    let listed = pairs.partition_point(|p| p.similarity >= LISTED_FROM);
    let pairs_not_listed = pairs.len() - listed;
    pairs.truncate(listed);
    // matched lines only for the pairs the page shows
    let by_name: HashMap<&str, &Fingerprinted> =
        students.iter().map(|s| (s.student.as_str(), s)).collect();
    for pair in pairs.iter_mut().take(MATCHED_PAIRS) {
        let (left, right) = (by_name[pair.a.as_str()], by_name[pair.b.as_str()]);
        let names = |code: &Code| code.files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        let left_files = class
            .iter()
            .find(|c| c.student == left.student)
            .map(names)
            .unwrap_or_default();
        let right_files = class
            .iter()
            .find(|c| c.student == right.student)
            .map(names)
            .unwrap_or_default();
        for (hash, starts) in &left.prints {
            let Some(other) = right.prints.get(hash) else {
                continue;
            };
            if !index.contains_key(hash) {
                continue;
            }
            cover(&mut pair.a_lines, left, starts, &left_files);
            cover(&mut pair.b_lines, right, other, &right_files);
        }
    }
    ExerciseSimilarity {
        exercise: exercise.to_string(),
        students_with_code: students.len(),
        common_threshold,
        common_ignored,
        unlexable,
        pairs,
        pairs_not_listed,
        highest,
    }
}

/// How many of the most similar pairs of an exercise get their matched lines worked out and
/// shown side by side on the page.
pub const MATCHED_PAIRS: usize = 5;

fn cover(
    lines: &mut BTreeSet<(String, u32)>,
    student: &Fingerprinted,
    starts: &[usize],
    files: &[String],
) {
    for &start in starts {
        let end = (start + K).min(student.symbols.len());
        for (sym, given) in student.symbols[start..end]
            .iter()
            .zip(&student.given[start..end])
        {
            if *given {
                continue;
            }
            if let Some(file) = files.get(sym.file as usize) {
                lines.insert((file.clone(), sym.line));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winnowing_keeps_each_windows_rightmost_minimum_once() {
        // the paper's guarantee: every window of WINDOW hashes contributes its minimum
        let hashes: Vec<u64> = vec![77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42];
        let picked = winnow(&hashes);
        for start in 0..=hashes.len() - WINDOW {
            let window = &hashes[start..start + WINDOW];
            let min = window.iter().min().copied();
            assert!(
                picked
                    .iter()
                    .any(|&(h, at)| Some(h) == min && (start..start + WINDOW).contains(&at)),
                "window at {start} lost its minimum"
            );
        }
        // each picked once, in order
        let positions: Vec<usize> = picked.iter().map(|p| p.1).collect();
        let mut sorted = positions.clone();
        sorted.dedup();
        assert_eq!(positions, sorted);
        // ties go to the rightmost: 17 at 3 and at 6 share the window 0..8
        assert!(positions.contains(&6));
    }

    #[test]
    fn renaming_comments_and_layout_leave_the_symbols_unchanged() {
        let one = [(
            "lib.rs".to_string(),
            "fn area(w: f64, h: f64) -> f64 { let a = w * h; a.max(0.0) }".to_string(),
        )];
        let two = [(
            "lib.rs".to_string(),
            "// mine\nfn size(\n  width: f64,\n  height: f64\n) -> f64 {\n  let s = width * height; /* done */ s.max(1.5)\n}"
                .to_string(),
        )];
        let hashes = |files: &[(String, String)]| -> Vec<u64> {
            symbols(files)
                .expect("lexes")
                .iter()
                .map(|s| s.hash)
                .collect()
        };
        assert_eq!(hashes(&one), hashes(&two));
        // a method name is not the student's to rename
        let three = [(
            "lib.rs".to_string(),
            "fn area(w: f64, h: f64) -> f64 { let a = w * h; a.min(0.0) }".to_string(),
        )];
        assert_ne!(hashes(&one), hashes(&three));
    }
}
