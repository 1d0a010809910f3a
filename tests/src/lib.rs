//! Helpers for the workspace's own tests (`tests/tests/*.rs`): where things are, the built
//! grader, and the mechanical link between an exercise and its solution.

mod stubs;
mod workspace;

pub use stubs::stub_from_solution;
pub use workspace::{cargo, grader_bin, workspace_root, EXERCISES};
