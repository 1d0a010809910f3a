use super::{Report, Reporter};

/// The report as pretty-printed JSON; the schema is documented in README.md.
pub struct Json;

impl Reporter for Json {
    fn render(&self, report: &Report) -> anyhow::Result<String> {
        let mut text = serde_json::to_string_pretty(report)?;
        text.push('\n');
        Ok(text)
    }
}
