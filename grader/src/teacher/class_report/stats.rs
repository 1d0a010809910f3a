//! The class's numbers from its reports: scores per exercise and in total, and for each check
//! its difficulty, its discrimination and what the students who failed it were told.

use crate::engine::report::{Report, Status};
use serde::Serialize;
use std::collections::HashMap;

/// One row of the gradebook: the student's report, or why there is none.
#[derive(Debug, Clone)]
pub struct Student {
    pub name: String,
    pub report: Option<Report>,
    /// The gradebook's note when there is no report ("not graded: no submission: ...").
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassStats {
    pub students: usize,
    /// Students with a report: the denominators below.
    pub graded: usize,
    pub max_score: u32,
    /// Every graded student's total, in gradebook order.
    pub totals: Vec<u32>,
    pub exercises: Vec<ExerciseScores>,
    /// Sorted by pass rate, lowest first.
    pub checks: Vec<CheckStats>,
    /// Students without a report, with the gradebook's note.
    pub not_graded: Vec<Named>,
    /// (student, exercise) with the status `compile_error`, and the first line of why.
    pub did_not_compile: Vec<Named>,
    /// (student, exercise) with the status `rejected`, and the rule broken.
    pub rejected: Vec<Named>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub student: String,
    pub exercise: Option<String>,
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExerciseScores {
    pub name: String,
    pub title: String,
    pub max_score: u32,
    /// Every graded student's score, in gradebook order.
    pub scores: Vec<u32>,
    pub mean: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckStats {
    pub exercise: String,
    pub id: String,
    pub title: String,
    pub max_points: u32,
    /// Graded students whose report holds this check.
    pub students: usize,
    pub passed: usize,
    /// The share who passed, 0 to 1 (1 is easy).
    pub difficulty: f64,
    /// The pass rate of the top third of the class by total score minus that of the bottom
    /// third (the classical upper-lower index), -1 to 1; `None` with fewer than 3 graded
    /// students.
    pub discrimination: Option<f64>,
    /// The correlation of passing the check with the total score (Pearson's r, -1 to 1): what
    /// PrairieLearn's question statistics call discrimination. `None` when everyone passed,
    /// nobody did, or every total is the same.
    pub correlation: Option<f64>,
    /// The most common messages of those who did not pass, grouped when they differ only in
    /// numbers; most frequent first.
    pub failures: Vec<FailureGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FailureGroup {
    /// The first such message, as a student saw it.
    pub message: String,
    pub count: usize,
}

/// Failure groups kept per check.
pub const FAILURE_GROUPS: usize = 3;

/// A message with every run of digits as `#`: "3 of 7 values are off" and "5 of 7 values are
/// off" are one misunderstanding.
fn failure_key(message: &str) -> String {
    let mut key = String::with_capacity(message.len());
    let mut in_number = false;
    for c in message.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                key.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            key.push(c);
        }
    }
    key
}

pub fn class_stats(students: &[Student]) -> ClassStats {
    let graded: Vec<(&str, &Report)> = students
        .iter()
        .filter_map(|s| Some((s.name.as_str(), s.report.as_ref()?)))
        .collect();
    // The top and bottom thirds by total score; ties broken by name, so the split is stable.
    let mut ranked: Vec<(&str, u32)> = graded.iter().map(|(n, r)| (*n, r.score)).collect();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    let third = ranked.len() / 3;
    let top: Vec<&str> = ranked[..third].iter().map(|r| r.0).collect();
    let bottom: Vec<&str> = ranked[ranked.len() - third..].iter().map(|r| r.0).collect();
    let total_of: HashMap<&str, u32> = ranked.iter().copied().collect();

    // exercises and checks in the order the reports list them
    let mut exercises: Vec<ExerciseScores> = Vec::new();
    let mut checks: Vec<CheckStats> = Vec::new();
    let mut outcomes: Vec<Vec<(&str, bool, &str)>> = Vec::new();
    let mut did_not_compile = Vec::new();
    let mut rejected = Vec::new();
    for (student, report) in &graded {
        for exercise in &report.exercises {
            let slot = match exercises.iter().position(|e| e.name == exercise.name) {
                Some(slot) => slot,
                None => {
                    exercises.push(ExerciseScores {
                        name: exercise.name.clone(),
                        title: exercise.title.clone(),
                        max_score: exercise.max_score,
                        scores: Vec::new(),
                        mean: 0.0,
                    });
                    exercises.len() - 1
                }
            };
            exercises[slot].scores.push(exercise.score);
            let why = || {
                exercise
                    .message
                    .as_deref()
                    .or(exercise.checks.first().map(|c| c.message.as_str()))
                    .unwrap_or("")
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string()
            };
            let named = || Named {
                student: student.to_string(),
                exercise: Some(exercise.name.clone()),
                why: why(),
            };
            match exercise.status {
                Status::CompileError => did_not_compile.push(named()),
                Status::Rejected => rejected.push(named()),
                _ => {}
            }
            for check in &exercise.checks {
                let slot = match checks
                    .iter()
                    .position(|c| c.exercise == exercise.name && c.id == check.id)
                {
                    Some(slot) => slot,
                    None => {
                        checks.push(CheckStats {
                            exercise: exercise.name.clone(),
                            id: check.id.clone(),
                            title: check.title.clone(),
                            max_points: check.max_points,
                            students: 0,
                            passed: 0,
                            difficulty: 0.0,
                            discrimination: None,
                            correlation: None,
                            failures: Vec::new(),
                        });
                        outcomes.push(Vec::new());
                        checks.len() - 1
                    }
                };
                outcomes[slot].push((student, check.status == Status::Pass, &check.message));
            }
        }
    }
    for exercise in &mut exercises {
        exercise.mean = mean(&exercise.scores);
    }
    for (check, outcomes) in checks.iter_mut().zip(&outcomes) {
        check.students = outcomes.len();
        check.passed = outcomes.iter().filter(|o| o.1).count();
        check.difficulty = check.passed as f64 / check.students.max(1) as f64;
        let rate = |group: &[&str]| {
            let in_group: Vec<bool> = outcomes
                .iter()
                .filter(|o| group.contains(&o.0))
                .map(|o| o.1)
                .collect();
            in_group.iter().filter(|&&p| p).count() as f64 / in_group.len().max(1) as f64
        };
        if third > 0 {
            check.discrimination = Some(rate(&top) - rate(&bottom));
        }
        let pairs: Vec<(f64, f64)> = outcomes
            .iter()
            .filter_map(|(student, passed, _)| {
                let total = *total_of.get(student)?;
                Some((f64::from(u8::from(*passed)), f64::from(total)))
            })
            .collect();
        check.correlation = pearson(&pairs);
        let mut groups: Vec<(String, FailureGroup)> = Vec::new();
        let mut slots: HashMap<String, usize> = HashMap::new();
        for (_, _, message) in outcomes.iter().filter(|o| !o.1) {
            let key = failure_key(message);
            match slots.get(&key) {
                Some(&slot) => groups[slot].1.count += 1,
                None => {
                    slots.insert(key.clone(), groups.len());
                    groups.push((
                        key,
                        FailureGroup {
                            message: message.to_string(),
                            count: 1,
                        },
                    ));
                }
            }
        }
        groups.sort_by(|x, y| y.1.count.cmp(&x.1.count).then(x.0.cmp(&y.0)));
        check.failures = groups
            .into_iter()
            .take(FAILURE_GROUPS)
            .map(|g| g.1)
            .collect();
    }
    checks.sort_by(|x, y| {
        x.difficulty
            .total_cmp(&y.difficulty)
            .then_with(|| (&x.exercise, &x.id).cmp(&(&y.exercise, &y.id)))
    });
    ClassStats {
        students: students.len(),
        graded: graded.len(),
        max_score: graded.first().map(|g| g.1.max_score).unwrap_or(0),
        totals: graded.iter().map(|g| g.1.score).collect(),
        exercises,
        checks,
        not_graded: students
            .iter()
            .filter(|s| s.report.is_none())
            .map(|s| Named {
                student: s.name.clone(),
                exercise: None,
                why: s.note.clone(),
            })
            .collect(),
        did_not_compile,
        rejected,
    }
}

/// Pearson's correlation of the pairs' two values, or `None` when either does not vary.
fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

fn mean(values: &[u32]) -> f64 {
    values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::report::{CheckReport, ExerciseReport};

    /// One exercise "ex" of three checks (a: 2 points, b: 1, c: 1), each student's statuses in
    /// that order.
    fn student(name: &str, statuses: [Status; 3], messages: [&str; 3]) -> Student {
        let points = [2, 1, 1];
        let checks: Vec<CheckReport> = ["a", "b", "c"]
            .iter()
            .enumerate()
            .map(|(i, id)| CheckReport {
                duration_ms: None,
                id: id.to_string(),
                title: format!("check {id}"),
                status: statuses[i],
                points: if statuses[i] == Status::Pass {
                    points[i]
                } else {
                    0
                },
                max_points: points[i],
                visibility: crate::engine::catalogue::Visibility::Visible,
                message: messages[i].to_string(),
            })
            .collect();
        let exercise = ExerciseReport {
            name: "ex".into(),
            title: "An exercise".into(),
            status: Status::of_exercise(&checks),
            score: checks.iter().map(|c| c.points).sum(),
            max_score: 4,
            message: None,
            figures: Vec::new(),
            duration_ms: 0,
            withheld_checks: 0,
            withheld_points: 0,
            checks,
        };
        Student {
            name: name.into(),
            report: Some(Report::new(
                format!("submissions/{name}"),
                1,
                "test".into(),
                vec![exercise],
            )),
            note: String::new(),
        }
    }

    /// Six graded students and one without a submission, worked out by hand:
    ///
    /// | student | a (2) | b (1) | c (1) | total |
    /// |---------|-------|-------|-------|-------|
    /// | ann     | pass  | pass  | pass  | 4     |
    /// | bob     | pass  | pass  | fail  | 3     |
    /// | cat     | pass  | fail  | pass  | 3     |
    /// | dan     | fail  | pass  | pass  | 2     |
    /// | eve     | fail  | fail  | pass  | 1     |
    /// | fay     | todo  | fail  | fail  | 0     |
    ///
    /// Thirds of 6 are 2 students: top ann, bob (4, 3; bob before cat by name at 3), bottom
    /// eve, fay. Difficulty a = 3/6, b = 3/6, c = 4/6. Discrimination a = 2/2 - 0/2 = 1;
    /// b = 2/2 - 0/2 = 1; c = 1/2 - 1/2 = 0.
    ///
    /// Correlation with the totals (mean 13/6, sum of squared deviations 390/36): a passes
    /// (1,1,1,0,0,0), deviations ±1/2, products summing to 7/2, squares to 3/2:
    /// r = (7/2) / sqrt(3/2 · 390/36) = 7/√65. b (1,1,0,1,0,0): r = (5/2) / sqrt(3/2 · 390/36)
    /// = 5/√65. c (1,0,1,1,1,0): deviations 1/3 and -2/3, products 4/3, squares 4/3:
    /// r = (4/3) / sqrt(4/3 · 390/36) = 4/√130.
    #[test]
    fn item_statistics_match_a_class_worked_by_hand() {
        use Status::{Fail, NotImplemented, Pass};
        let off = |n: u32| format!("relu: {n} of 7 values are off");
        let (o3, o5) = (off(3), off(5));
        let class = vec![
            student("ann", [Pass, Pass, Pass], ["", "", ""]),
            student("bob", [Pass, Pass, Fail], ["", "", "wrong shape"]),
            student("cat", [Pass, Fail, Pass], ["", "NaN at 0", ""]),
            student("dan", [Fail, Pass, Pass], [&o3, "", ""]),
            student("eve", [Fail, Fail, Pass], [&o5, "NaN at 0", ""]),
            student(
                "fay",
                [NotImplemented, Fail, Fail],
                ["not implemented", "x", "wrong shape"],
            ),
            Student {
                name: "gus".into(),
                report: None,
                note: "not graded: no submission".into(),
            },
        ];
        let stats = class_stats(&class);
        assert_eq!((stats.students, stats.graded, stats.max_score), (7, 6, 4));
        assert_eq!(stats.totals, [4, 3, 3, 2, 1, 0]);
        assert_eq!(stats.exercises[0].scores, [4, 3, 3, 2, 1, 0]);
        assert!((stats.exercises[0].mean - 13.0 / 6.0).abs() < 1e-12);
        let summary: Vec<(&str, usize, f64, Option<f64>)> = stats
            .checks
            .iter()
            .map(|c| (c.id.as_str(), c.passed, c.difficulty, c.discrimination))
            .collect();
        assert_eq!(
            summary,
            [
                ("a", 3, 0.5, Some(1.0)),
                ("b", 3, 0.5, Some(1.0)),
                ("c", 4, 4.0 / 6.0, Some(0.0)),
            ]
        );
        let failures = |id: &str| -> Vec<(String, usize)> {
            let check = stats.checks.iter().find(|c| c.id == id).expect("listed");
            check
                .failures
                .iter()
                .map(|f| (f.message.clone(), f.count))
                .collect()
        };
        // "3 of 7" and "5 of 7" are one group, shown by its first message
        assert_eq!(
            failures("a"),
            [(o3.clone(), 2), ("not implemented".to_string(), 1)]
        );
        assert_eq!(
            failures("b"),
            [("NaN at 0".to_string(), 2), ("x".to_string(), 1)]
        );
        assert_eq!(failures("c"), [("wrong shape".to_string(), 2)]);
        let correlation = |id: &str| {
            let check = stats.checks.iter().find(|c| c.id == id).expect("listed");
            check.correlation.expect("defined")
        };
        assert!((correlation("a") - 7.0 / 65f64.sqrt()).abs() < 1e-12);
        assert!((correlation("b") - 5.0 / 65f64.sqrt()).abs() < 1e-12);
        assert!((correlation("c") - 4.0 / 130f64.sqrt()).abs() < 1e-12);
        assert_eq!(stats.not_graded.len(), 1);
        assert_eq!(stats.not_graded[0].student, "gus");
    }

    #[test]
    fn a_class_too_small_for_thirds_has_no_discrimination() {
        use Status::Pass;
        let stats = class_stats(&[student("ann", [Pass, Pass, Pass], ["", "", ""])]);
        assert!(stats.checks.iter().all(|c| c.discrimination.is_none()));
        // one student: no total varies, no correlation
        assert!(stats.checks.iter().all(|c| c.correlation.is_none()));
        assert_eq!(failure_key("3 of 17 at -0.5"), "# of # at -#.#");
    }
}
