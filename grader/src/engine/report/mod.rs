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

use std::path::Path;

#[cfg(test)]
mod tests;

/// A report's format, as `--format` and `--report` name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Junit,
    Markdown,
    Gradescope,
    Classroom,
    Html,
}

impl Format {
    /// The reporter that writes this format (`color` for a terminal).
    pub fn reporter(self, color: bool, course_root: &Path) -> Box<dyn Reporter> {
        match self {
            Format::Html => Box::new(Html {
                course_root: course_root.to_path_buf(),
            }),
            Format::Text => Box::new(Text { color }),
            Format::Json => Box::new(Json),
            Format::Junit => Box::new(Junit),
            Format::Markdown => Box::new(Markdown),
            Format::Gradescope => Box::new(Gradescope),
            Format::Classroom => Box::new(Classroom),
        }
    }
}
