//! The grader's results as plain data, and one small reporter per output format.

mod json;
mod junit;
mod results;
mod text;

pub use json::Json;
pub use junit::Junit;
pub use results::{CheckReport, ExerciseReport, Report, Reporter, Status};
pub use text::Text;

#[cfg(test)]
mod tests;
