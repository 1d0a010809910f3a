//! The grader's results as plain data, and one small reporter per output format.

mod classroom;
mod gradescope;
mod html;
mod json;
mod junit;
mod markdown;
mod results;
mod text;
mod write;

pub use classroom::Classroom;
pub use gradescope::Gradescope;
pub use html::Html;
pub(crate) use html::{base64, escape};
pub use json::Json;
pub use junit::Junit;
pub use markdown::Markdown;
pub use results::{CheckReport, ExerciseReport, Report, Reporter, Status, NO_CHECK_RAN};
pub use text::Text;
pub use write::{ensure_parent_exists, write_report};

#[cfg(test)]
mod tests;
