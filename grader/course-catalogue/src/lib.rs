//! The course's catalogue, `grader/catalogue.toml`: every exercise in course order, with its
//! checks' ids, titles, points, visibility and parameters, and its hints. The one reader of it:
//! the grader, the workspace's tests and the lessons' tests load it with [`Catalogue::load`],
//! and each check crate's build script generates its check registry from it
//! ([`registry::generate`]). [`stubs`] makes and compares the exercises' stubs.

pub mod params;
pub mod registry;
pub mod stubs;

use anyhow::{bail, Context as _};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    #[serde(rename = "exercise")]
    pub exercises: Vec<Exercise>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// The grader's name for it, also its crate's name and folder (`exercises/<name>`).
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub hints: Vec<String>,
    /// The third hint of a student version handed out with `--guidance contracts`, after the
    /// idea and the API: lines to complete, never a whole function. The teacher's copy and a
    /// student version with the steps do not show it.
    #[serde(default)]
    pub contract_hint: Option<String>,
    #[serde(rename = "check")]
    pub checks: Vec<CheckSpec>,
    /// In a student version (`grader handout`): how many hidden checks the teacher's copy has
    /// for this exercise, and their points. Both are 0 in the teacher's catalogue.
    #[serde(default)]
    pub withheld_checks: u32,
    #[serde(default)]
    pub withheld_points: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSpec {
    /// Also the name of the function that runs it, in `src/visible.rs` or `src/hidden.rs` of
    /// the exercise's check crate, by its visibility.
    pub id: String,
    pub title: String,
    pub points: u32,
    pub visibility: Visibility,
    #[serde(default)]
    pub params: BTreeMap<String, f64>,
}

/// Whether a student sees the inputs of a failed check (`Visible`), or only which property
/// failed. The student version of the course has only the visible checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Visible,
    Hidden,
}

impl Visibility {
    /// The module of a check crate that holds the checks of this visibility.
    pub fn module(self) -> &'static str {
        match self {
            Visibility::Visible => "visible",
            Visibility::Hidden => "hidden",
        }
    }
}

impl Exercise {
    pub fn max_score(&self) -> u32 {
        self.checks.iter().map(|check| check.points).sum()
    }

    /// The package of the exercise's check binary, which is also the binary's name.
    pub fn check_package(&self) -> String {
        format!("check-{}", self.name)
    }

    /// Its checks of one visibility, in catalogue order.
    pub fn checks_of(&self, visibility: Visibility) -> impl Iterator<Item = &CheckSpec> {
        self.checks
            .iter()
            .filter(move |check| check.visibility == visibility)
    }
}

impl Catalogue {
    /// Where the catalogue is, relative to the course's root.
    pub const PATH: &'static str = "grader/catalogue.toml";

    /// Reads `grader/catalogue.toml` of the course at `course_root`.
    pub fn load(course_root: &Path) -> anyhow::Result<Catalogue> {
        let path = course_root.join(Self::PATH);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the catalogue {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("the catalogue {} is malformed", path.display()))
    }

    /// Parses a catalogue's text; an exercise that lists a check twice is an error.
    pub fn parse(text: &str) -> anyhow::Result<Catalogue> {
        let catalogue: Catalogue = toml::from_str(text)?;
        for exercise in &catalogue.exercises {
            let mut ids: Vec<&str> = exercise.checks.iter().map(|c| c.id.as_str()).collect();
            ids.sort_unstable();
            if let Some(pair) = ids.windows(2).find(|pair| pair[0] == pair[1]) {
                bail!(
                    "the catalogue lists the check `{}` of `{}` twice",
                    pair[0],
                    exercise.name
                );
            }
        }
        Ok(catalogue)
    }

    /// The names of the exercises, in course order.
    pub fn names(&self) -> Vec<String> {
        self.exercises.iter().map(|e| e.name.clone()).collect()
    }

    /// The exercise called `name`.
    pub fn exercise(&self, name: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|exercise| exercise.name == name)
    }

    /// The exercises named in `names` (all of them when it is empty), in course order.
    pub fn select(&self, names: &[String]) -> anyhow::Result<Vec<&Exercise>> {
        for name in names {
            if self.exercise(name).is_none() {
                bail!(
                    "there is no exercise `{name}`; the exercises are: {} (see `cargo run -p grader -- --list`)",
                    self.names().join(", ")
                );
            }
        }
        Ok(self
            .exercises
            .iter()
            .filter(|exercise| names.is_empty() || names.contains(&exercise.name))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_listed_twice_is_named() {
        let text = r#"
[[exercise]]
name = "x"
title = "X"
[[exercise.check]]
id = "same"
title = "one"
points = 1
visibility = "visible"
[[exercise.check]]
id = "same"
title = "two"
points = 1
visibility = "hidden"
"#;
        let err = Catalogue::parse(text).expect_err("refused");
        assert!(err.to_string().contains("`same` of `x` twice"), "{err}");
    }

    #[test]
    fn the_courses_catalogue_parses() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let catalogue = Catalogue::load(&root).expect("grader/catalogue.toml parses");
        assert!(catalogue.exercise("derivatives").is_some());
        assert!(catalogue.select(&["nope".to_string()]).is_err());
    }
}
