//! Helpers for the workspace's own tests (`tests/tests/*.rs`): where things are, running the
//! built grader, submissions made from the solutions, and the exercise/solution link.

mod commands;
mod workspace;

pub use commands::{build_documented, documented_commands, Documented};

pub use workspace::{
    assert_mutants_fail, cargo, catalogue, copy_tree, course_copy, exercises, git, grade_mutant,
    grade_on_seeds, grade_valid_variant, grader_bin, mutate, put_sources, run_grader,
    run_grader_with_env, run_ok, scratch_dir, seed_target, submission_from_solutions,
    teacher_course_copy, workspace_root, Graded,
};
