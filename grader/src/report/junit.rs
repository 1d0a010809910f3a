use super::{Report, Reporter, Status};
use quick_junit::{
    NonSuccessKind, Property, Report as JunitReport, TestCase, TestCaseStatus, TestSuite,
};
use std::time::Duration;

/// JUnit XML, one test suite per exercise and one test case per check, for CI dashboards.
///
/// `fail` and `not_implemented` are failures; `error`, `timeout` and `compile_error` are errors.
/// Each suite has the property `sandbox`: how its check processes were confined.
pub struct Junit;

impl Reporter for Junit {
    fn render(&self, report: &Report) -> anyhow::Result<String> {
        let mut junit = JunitReport::new("lesson-2.4-activations");
        for exercise in &report.exercises {
            let mut suite = TestSuite::new(exercise.name.as_str());
            suite.set_time(Duration::from_millis(exercise.duration_ms));
            suite.add_property(Property::new("sandbox", report.sandbox.as_str()));
            for check in &exercise.checks {
                let status = match check.status {
                    Status::Pass => TestCaseStatus::success(),
                    Status::Fail | Status::NotImplemented => {
                        failure(NonSuccessKind::Failure, check.status, &check.message)
                    }
                    Status::Error | Status::Timeout | Status::CompileError => {
                        failure(NonSuccessKind::Error, check.status, &check.message)
                    }
                };
                let mut case = TestCase::new(check.id.as_str(), status);
                case.set_classname(exercise.name.as_str());
                case.extra
                    .insert("points".into(), check.points.to_string().into());
                case.extra
                    .insert("max_points".into(), check.max_points.to_string().into());
                suite.add_test_case(case);
            }
            junit.add_test_suite(suite);
        }
        Ok(junit.to_string()?)
    }
}

fn failure(kind: NonSuccessKind, status: Status, message: &str) -> TestCaseStatus {
    let mut status_case = TestCaseStatus::non_success(kind);
    status_case.set_message(message);
    status_case.set_type(status.as_str());
    status_case
}
