//! The teacher's class report: what the class got wrong, and whose code is alike.

mod class;
mod page;
mod similarity;
mod stats;

pub use class::class_report;
