//! Which students a gradebook grades: the class list (a roster file, or the submissions
//! folder's subfolders) and, to grade a class on several machines, one share of it
//! (`--shard I/N`).
//!
//! **The roster file** has one student per line: the URL of the student's repository, then,
//! optionally and after a space, the student's name. Without a name, the name is the last part
//! of the URL without `.git` (`https://github.com/course/activations-alice.git` gives
//! `activations-alice`). Blank lines and lines starting with `#` are ignored. A name is made of
//! letters, digits, `.`, `_` and `-`, does not start with `.` or `-`, and appears once.
//! `teaching/class/fetch.sh` reads the same file with the same rules.
//!
//! **The shard rule**: sort the class by name (byte order, as `LC_ALL=C sort` does); shard `I`
//! of `N` takes the students at positions `I`, `I + N`, `I + 2N`, ... (counting from 1). Every
//! student is in exactly one shard, and the shards differ in size by at most one.

use anyhow::{bail, Context as _};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// One line of a roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Student {
    pub name: String,
    pub url: String,
}

/// The students of a roster file, in the file's order.
pub fn load(path: &Path) -> anyhow::Result<Vec<Student>> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read the roster {}: give a file with one student's repository URL per line",
            path.display()
        )
    })?;
    parse(&text).with_context(|| format!("in the roster {}", path.display()))
}

pub fn parse(text: &str) -> anyhow::Result<Vec<Student>> {
    let mut students: Vec<Student> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (url, name) = match fields.as_slice() {
            [url] => (*url, name_from_url(url)),
            [url, name] => (*url, name.to_string()),
            _ => bail!(
                "line {}: `{line}` has {} fields; write the repository's URL, then optionally the student's name",
                number + 1,
                fields.len()
            ),
        };
        if !valid_name(&name) {
            bail!(
                "line {}: `{name}` is not a usable student name (letters, digits, `.`, `_` and `-`, not starting with `.` or `-`); add a name after the URL",
                number + 1
            );
        }
        if let Some(earlier) = students.iter().position(|s| s.name == name) {
            bail!(
                "line {}: the name `{name}` is already used by {}; give one of them another name after its URL",
                number + 1,
                students[earlier].url
            );
        }
        students.push(Student {
            name,
            url: url.to_string(),
        });
    }
    Ok(students)
}

/// `https://host/course/activations-alice.git/` -> `activations-alice`.
pub fn name_from_url(url: &str) -> String {
    let last = url.trim_end_matches('/').rsplit('/').next().unwrap_or(url);
    last.strip_suffix(".git").unwrap_or(last).to_string()
}

/// A name that is safe as a folder and a file name on every platform.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(['.', '-'])
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Share `index` (from 1) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// The share of `sorted` (the class, sorted by name) that this shard grades.
    pub fn select<T: Clone>(&self, sorted: &[T]) -> Vec<T> {
        sorted
            .iter()
            .enumerate()
            .filter(|(position, _)| position % self.count == self.index - 1)
            .map(|(_, item)| item.clone())
            .collect()
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let usage = || format!("`{text}` is no shard: write I/N with 1 <= I <= N, e.g. 3/10");
        let (index, count) = text.split_once('/').ok_or_else(usage)?;
        let index: usize = index.trim().parse().map_err(|_| usage())?;
        let count: usize = count.trim().parse().map_err(|_| usage())?;
        if index == 0 || count == 0 || index > count {
            return Err(usage());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_roster_names_students_after_their_repositories() -> anyhow::Result<()> {
        let roster = parse(
            "# the class of 2026\n\
             https://github.com/course/activations-alice\n\
             \n\
             https://github.com/course/activations-bob.git   bob\n\
             file:///srv/returned/carol/\n",
        )?;
        let names: Vec<&str> = roster.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["activations-alice", "bob", "carol"]);
        assert_eq!(
            roster[1].url,
            "https://github.com/course/activations-bob.git"
        );
        Ok(())
    }

    #[test]
    fn a_roster_refuses_what_it_cannot_use() {
        let error = |text: &str| format!("{:#}", parse(text).expect_err(text));
        assert!(error("https://x/a\nhttps://y/a\n")
            .contains("line 2: the name `a` is already used by https://x/a"));
        assert!(error("https://x/a bob extra\n").contains("line 1"));
        assert!(error("https://x/a ../up\n").contains("not a usable student name"));
        assert!(error("https://x/.hidden\n").contains("not a usable student name"));
        assert!(error("https://x/a -rf\n").contains("not a usable student name"));
    }

    #[test]
    fn every_student_is_in_exactly_one_shard() {
        let class: Vec<usize> = (0..23).collect();
        for count in 1..=7 {
            let mut seen = Vec::new();
            for index in 1..=count {
                let share = Shard { index, count }.select(&class);
                assert!(share.len() == 23 / count || share.len() == 23 / count + 1);
                seen.extend(share);
            }
            seen.sort();
            assert_eq!(seen, class, "{count} shards");
        }
        // the rule, spelled out: positions I, I + N, ... counting from 1
        assert_eq!(Shard { index: 2, count: 3 }.select(&class)[..3], [1, 4, 7]);
    }

    #[test]
    fn a_shard_is_written_i_of_n() {
        assert_eq!(
            "3/10".parse(),
            Ok(Shard {
                index: 3,
                count: 10
            })
        );
        assert_eq!(
            Shard {
                index: 3,
                count: 10
            }
            .to_string(),
            "3/10"
        );
        for wrong in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(wrong.parse::<Shard>().is_err(), "{wrong}");
        }
    }
}
