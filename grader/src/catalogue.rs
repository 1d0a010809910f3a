//! The catalogue (`grader/catalogue.toml`): exercises in course order, with their checks'
//! titles, points, visibility and parameters, and their hints.

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
    pub id: String,
    pub title: String,
    pub points: u32,
    pub visibility: Visibility,
    #[serde(default)]
    pub params: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Visible,
    Hidden,
}

impl Exercise {
    pub fn max_score(&self) -> u32 {
        self.checks.iter().map(|check| check.points).sum()
    }

    /// The package of the exercise's check binary, which is also the binary's name.
    pub fn check_package(&self) -> String {
        format!("check-{}", self.name)
    }
}

impl Catalogue {
    pub const PATH: &'static str = "grader/catalogue.toml";

    pub fn load(course_root: &Path) -> anyhow::Result<Catalogue> {
        let path = course_root.join(Self::PATH);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the catalogue {}", path.display()))?;
        let catalogue: Catalogue = toml::from_str(&text)
            .with_context(|| format!("the catalogue {} is malformed", path.display()))?;
        for exercise in &catalogue.exercises {
            let mut ids: Vec<&str> = exercise.checks.iter().map(|c| c.id.as_str()).collect();
            ids.sort_unstable();
            if ids.windows(2).any(|pair| pair[0] == pair[1]) {
                bail!("the catalogue lists a check of `{}` twice", exercise.name);
            }
        }
        Ok(catalogue)
    }

    /// The exercises named in `names` (all of them when it is empty), in course order.
    pub fn select(&self, names: &[String]) -> anyhow::Result<Vec<&Exercise>> {
        for name in names {
            if !self.exercises.iter().any(|exercise| &exercise.name == name) {
                let known: Vec<&str> = self.exercises.iter().map(|e| e.name.as_str()).collect();
                bail!(
                    "there is no exercise `{name}`; the exercises are: {} (see `cargo run -p grader -- --list`)",
                    known.join(", ")
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
