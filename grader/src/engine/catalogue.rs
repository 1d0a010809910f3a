//! The catalogue (`grader/catalogue.toml`), read by the course's one typed reader.

pub use course_catalogue::{Catalogue, CheckSpec, Exercise, Visibility};
