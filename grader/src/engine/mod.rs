//! The grading engine: builds each exercise's check program against the graded code in a
//! workspace of its own, runs it under limits, and turns what it reports into a report. Every
//! command (the student's, the teacher's, the maintainers') grades through it.

pub mod build_limits;
pub mod catalogue;
pub mod compile;
pub mod course;
pub mod crash;
pub mod grade;
pub mod paths;
pub mod policy;
pub mod report;
pub mod sanitize;
pub mod supervise;
#[cfg(windows)]
pub mod windows_job;
pub mod workspace;

/// FNV-1a (the `fnv` crate): a stable hash, unlike `DefaultHasher` the same in every build,
/// so that records and keys written by one build of the grader are read by the next.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    use std::hash::Hasher as _;
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(bytes);
    hasher.finish()
}
