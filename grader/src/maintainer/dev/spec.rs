//! The specification as data: `grader/spec/<exercise>.toml` lists every property the lesson
//! states about an exercise (where, what, over which inputs) and the checks that observe it,
//! and, for each check, the inputs its code generates. `dev check` holds the course to it: no
//! property without a check (unless it says why none can see it), no check that observes no
//! property, and no property whose stated inputs reach further than its checks' inputs.
//!
//! The data is the maintainers': the student version does not ship it (`handout.rs`).

use super::{problem, Problem};
use crate::engine::catalogue::Exercise;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Where an exercise's specification lives, relative to the course.
pub fn path(exercise: &str) -> String {
    format!("grader/spec/{exercise}.toml")
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    #[serde(default)]
    property: Vec<Property>,
    #[serde(default)]
    checks: BTreeMap<String, CheckInputs>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Property {
    id: String,
    /// `file:line` or `file:first-last`, relative to `exercises/<name>/`.
    #[serde(rename = "where")]
    places: Vec<String>,
    #[allow(dead_code)] // read by people; parsed so that a typo in its key is caught
    states: String,
    #[serde(default)]
    checks: Vec<String>,
    domain: Option<Domain>,
    /// The parts of `domain` no check generates yet, by key (see [`Domain::beyond`]): named
    /// here so that `dev check` fails on any other, and on one of these once it is covered.
    #[serde(default)]
    open: BTreeSet<String>,
    unobservable: Option<String>,
    #[allow(dead_code)]
    notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckInputs {
    generates: Domain,
}

/// A set of inputs: the one a statement covers, or the one a check's code tries.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Domain {
    #[serde(default)]
    dtypes: BTreeSet<String>,
    /// The largest |value| of an input.
    magnitude: Option<f64>,
    /// The smallest and largest size (count, length, number of points).
    sizes: Option<[u64; 2]>,
    /// Degenerate or special inputs, by name ("z = 0", "one layer").
    #[serde(default)]
    cases: BTreeSet<String>,
}

impl Domain {
    /// What of `self` (a statement's domain) `generated` does not reach: for each part, its
    /// key (what `open` names: `dtype f64`, `magnitude`, `sizes`, `case <name>`) and words.
    fn beyond(&self, generated: &Domain) -> Vec<(String, String)> {
        let mut missing = Vec::new();
        for dtype in self.dtypes.difference(&generated.dtypes) {
            missing.push((format!("dtype {dtype}"), format!("dtype {dtype}")));
        }
        if let Some(stated) = self.magnitude {
            match generated.magnitude {
                Some(reached) if reached >= stated => {}
                reached => missing.push((
                    "magnitude".into(),
                    format!(
                        "|values| up to {stated:e} (the checks reach {})",
                        reached.map_or("none".into(), |r| format!("{r:e}"))
                    ),
                )),
            }
        }
        if let Some([low, high]) = self.sizes {
            match generated.sizes {
                Some([from, to]) if from <= low && to >= high => {}
                tried => missing.push((
                    "sizes".into(),
                    format!(
                        "sizes {low} to {high} (the checks try {})",
                        tried.map_or("none".into(), |[from, to]| format!("{from} to {to}"))
                    ),
                )),
            }
        }
        for case in self.cases.difference(&generated.cases) {
            missing.push((format!("case {case}"), format!("the case `{case}`")));
        }
        missing
    }

    /// The union of two checks' inputs.
    fn union(mut self, other: &Domain) -> Domain {
        self.dtypes.extend(other.dtypes.iter().cloned());
        self.magnitude = match (self.magnitude, other.magnitude) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.sizes = match (self.sizes, other.sizes) {
            (Some([a, b]), Some([c, d])) => Some([a.min(c), b.max(d)]),
            (a, b) => a.or(b),
        };
        self.cases.extend(other.cases.iter().cloned());
        self
    }
}

/// Every problem of `exercise`'s specification data in the course at `root`.
pub fn problems(root: &Path, exercise: &Exercise) -> Vec<Problem> {
    let name = &exercise.name;
    let file = path(name);
    let text = match std::fs::read_to_string(root.join(&file)) {
        Ok(text) => text,
        Err(_) => {
            return vec![problem(
                &file,
                "missing (what the lesson states and which checks observe it); `cargo run -p grader -- dev new NAME` shows its shape",
            )]
        }
    };
    let spec: Spec = match toml::from_str(&text) {
        Ok(spec) => spec,
        Err(err) => return vec![problem(&file, format!("does not parse: {err}"))],
    };
    let catalogue: BTreeSet<&str> = exercise.checks.iter().map(|c| c.id.as_str()).collect();
    let mut problems = Vec::new();
    let mut ids = BTreeSet::new();
    let mut observed = BTreeSet::new();
    for property in &spec.property {
        let place = format!("{file}, property {}", property.id);
        if !ids.insert(property.id.as_str()) {
            problems.push(problem(
                &place,
                "a second property with this id: give it its own",
            ));
        }
        problems.extend(stale_places(root, name, &place, &property.places));
        match (&property.unobservable, property.checks.is_empty()) {
            (None, true) => problems.push(problem(
                &place,
                "no check observes this property: name the checks that do in `checks`, write one, or say why none can (`unobservable = \"...\"`)",
            )),
            (Some(_), false) => problems.push(problem(
                &place,
                "is both `unobservable` and observed by `checks`: keep the one that is true",
            )),
            _ => {}
        }
        for check in &property.checks {
            if catalogue.contains(check.as_str()) {
                observed.insert(check.as_str());
            } else {
                problems.push(problem(
                    &place,
                    format!("names the check `{check}`, which exercise `{name}` of grader/catalogue.toml does not have"),
                ));
            }
        }
        let Some(stated) = &property.domain else {
            continue;
        };
        if property.checks.is_empty() {
            continue;
        }
        let generated = property
            .checks
            .iter()
            .filter_map(|check| spec.checks.get(check))
            .fold(Domain::default(), |all, inputs| {
                all.union(&inputs.generates)
            });
        let missing = stated.beyond(&generated);
        let unnamed: Vec<&str> = missing
            .iter()
            .filter(|(key, _)| !property.open.contains(key))
            .map(|(_, words)| words.as_str())
            .collect();
        if !unnamed.is_empty() {
            problems.push(problem(
                &place,
                format!(
                    "the lesson states it for inputs its checks ({}) never try: {}; widen their inputs (and their `generates` here)",
                    property.checks.join(", "),
                    unnamed.join(", ")
                ),
            ));
        }
        for key in &property.open {
            if !missing.iter().any(|(open, _)| open == key) {
                problems.push(problem(
                    &place,
                    format!("`open` names `{key}`, which its checks now generate (or which its domain does not state): remove it from `open`"),
                ));
            }
        }
    }
    for check in &exercise.checks {
        if !observed.contains(check.id.as_str()) {
            problems.push(problem(
                format!("grader/catalogue.toml, exercise `{name}`, check `{}`", check.id),
                format!("observes no property of {file}: add it to the `checks` of the property it observes, or remove the check"),
            ));
        }
        if !spec.checks.contains_key(&check.id) {
            problems.push(problem(
                &file,
                format!("has no `[checks.{}]` with the inputs that check generates (`generates = {{}}` when it takes none)", check.id),
            ));
        }
    }
    for check in spec.checks.keys() {
        if !catalogue.contains(check.as_str()) {
            problems.push(problem(
                &file,
                format!("`[checks.{check}]` describes a check that exercise `{name}` of grader/catalogue.toml does not have"),
            ));
        }
    }
    problems
}

/// A `where` entry whose file is gone or whose lines run past its end.
fn stale_places(root: &Path, exercise: &str, place: &str, places: &[String]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for entry in places {
        let (file, lines) = entry.split_once(':').unwrap_or((entry, ""));
        let last: Option<usize> = lines.rsplit('-').next().and_then(|n| n.parse().ok());
        let path = root.join("exercises").join(exercise).join(file);
        let stale = match std::fs::read_to_string(&path) {
            Err(_) => true,
            Ok(text) => last.is_some_and(|last| last > text.lines().count()),
        };
        if stale {
            problems.push(problem(
                place,
                format!("`{entry}` is not in exercises/{exercise}/: point `where` at the lines that state it now"),
            ));
        }
    }
    problems
}

/// A property of the specification data, with its checks by visibility: what the tests list.
#[derive(Debug)]
pub struct Observed {
    pub exercise: String,
    pub id: String,
    pub visible: Vec<String>,
    pub hidden: Vec<String>,
    pub unobservable: bool,
    /// The parts of its stated domain no check generates yet.
    pub open: Vec<String>,
}

/// Every property of every exercise's specification, with the checks that observe it.
pub fn observed(root: &Path, exercises: &[Exercise]) -> anyhow::Result<Vec<Observed>> {
    use anyhow::Context as _;
    let mut all = Vec::new();
    for exercise in exercises {
        let file = root.join(path(&exercise.name));
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let spec: Spec =
            toml::from_str(&text).with_context(|| format!("{} does not parse", file.display()))?;
        for property in spec.property {
            let by = |visibility: crate::engine::catalogue::Visibility| -> Vec<String> {
                property
                    .checks
                    .iter()
                    .filter(|id| {
                        exercise
                            .checks
                            .iter()
                            .any(|c| &c.id == *id && c.visibility == visibility)
                    })
                    .cloned()
                    .collect()
            };
            all.push(Observed {
                exercise: exercise.name.clone(),
                visible: by(crate::engine::catalogue::Visibility::Visible),
                hidden: by(crate::engine::catalogue::Visibility::Hidden),
                unobservable: property.unobservable.is_some(),
                open: property.open.into_iter().collect(),
                id: property.id,
            });
        }
    }
    Ok(all)
}
