//! Student-controlled text made harmless for where it is shown.
//!
//! A submission controls much of what the grader prints: its panic messages, the names of its
//! files and figures, the rustc errors that quote its source lines, and, in a gradebook, the
//! name of its folder. Terminal escape codes in any of these could clear a teacher's screen and
//! draw a forged score; a cell starting with `=` is a formula to a spreadsheet. Every string of
//! a [`Report`](crate::engine::report::Report) goes through [`visible`] once, where the report is made
//! (`Report::neutralise`), so that every format inherits it; the CSV and the Markdown report
//! add what their readers need on top ([`csv_cell`], code spans in `report/markdown.rs`).

use std::borrow::Cow;
use std::ffi::OsStr;

/// `text` with every control character shown as a visible escape instead of acting: the
/// C0 controls as their Unicode control pictures (ESC as `␛`, as rustc shows it; CR as `␍`),
/// DEL as `␡`, the C1 controls and the bidirectional overrides (which reorder what a reader
/// sees, "Trojan source") as `\u{...}`. Line feeds and tabs stay: they only lay text out.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !needs_escape(c) => out.push(c),
            '\u{0}'..='\u{1f}' => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or(char::REPLACEMENT_CHARACTER))
            }
            '\u{7f}' => out.push('\u{2421}'),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        // bidirectional embeddings, overrides and isolates
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// A spreadsheet cell that stays text: a cell that begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is read as a formula by Excel, LibreOffice and Google Sheets, so it gets a
/// leading `'` (OWASP's advice for CSV injection), which every one of them shows as text and
/// does not display. A cell that already begins with `'` gets one more, so that two names never
/// share a cell (`'=x` and `=x` stay apart). Control characters are made [`visible`] too.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    let starts_formula = text
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '\''));
    match (starts_formula, visible(text)) {
        (false, shown) => shown,
        (true, shown) => Cow::Owned(format!("'{shown}")),
    }
}

/// An OS string (a folder name, which need not be Unicode) as text that names it exactly:
/// valid UTF-8 as it is but for `\` doubled, each byte that is not as `\xNN`; then
/// [`visible`]. Two different names never look the same, so two non-UTF-8 folders are two
/// students.
pub fn os_name(name: &OsStr) -> String {
    let escaped = match name.to_str() {
        Some(text) => text.replace('\\', "\\\\"),
        None => escape_bytes(&name.to_string_lossy(), name),
    };
    visible(&escaped).into_owned()
}

#[cfg(unix)]
fn escape_bytes(_lossy: &str, name: &OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in name.as_bytes().utf8_chunks() {
        // a literal backslash is doubled, so that `\x` only ever means an escaped byte
        out.push_str(&chunk.valid().replace('\\', "\\\\"));
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

/// Windows names are UTF-16; one that is not valid has unpaired surrogates, shown as `\u{...}`.
#[cfg(windows)]
fn escape_bytes(_lossy: &str, name: &OsStr) -> String {
    use std::os::windows::ffi::OsStrExt;
    char::decode_utf16(name.encode_wide())
        .map(|unit| match unit {
            Ok('\\') => "\\\\".to_string(),
            Ok(c) => c.to_string(),
            Err(err) => format!("\\u{{{:x}}}", err.unpaired_surrogate()),
        })
        .collect()
}

#[cfg(not(any(unix, windows)))]
fn escape_bytes(lossy: &str, _name: &OsStr) -> String {
    lossy.to_string()
}

/// A file name for `name`'s report that any file system takes: letters, digits, `-`, `_` and
/// `.` kept, anything else as `_`, at most 100 bytes; when that changed the name, a hash of the
/// exact name is added so that two students never share a file.
pub fn file_stem(name: &OsStr) -> String {
    let exact = name.as_encoded_bytes();
    let mut stem: String = name
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    // a name of dots alone (`.`, `..`) is not a file of its own
    if stem.trim_matches('.').is_empty() || stem.as_bytes() != exact {
        stem.truncate(100);
        stem.push_str(&format!("-{:016x}", crate::engine::fnv1a(exact)));
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The attack of a panic message that clears the screen and draws a forged score.
    #[test]
    fn escape_codes_are_shown_not_obeyed() {
        let forged = "\u{1b}[2J\u{1b}[HScore: 140/140\r\u{7}ok\u{9b}31m\u{202e}txt.rs";
        let shown = visible(forged);
        assert!(!shown.chars().any(needs_escape), "{shown}");
        assert_eq!(shown, "␛[2J␛[HScore: 140/140␍␇ok\\u{9b}31m\\u{202e}txt.rs");
        assert_eq!(visible("line one\n\tline two"), "line one\n\tline two");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn formula_like_cells_stay_text() {
        for formula in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+1",
            "-2+3",
            "@SUM(A1:A9)",
            "\t=1",
            "\r=1",
        ] {
            let cell = csv_cell(formula);
            assert!(cell.starts_with('\''), "{formula:?} -> {cell:?}");
        }
        assert_eq!(csv_cell("alice"), "alice");
        // one name, one cell
        assert_ne!(csv_cell("'=1"), csv_cell("=1"));
        assert_eq!(csv_cell("'=1"), "''=1");
        assert_eq!(csv_cell("12"), "12");
        assert_eq!(csv_cell("a=b"), "a=b");
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_apart() {
        use std::os::unix::ffi::OsStrExt;
        let one = OsStr::from_bytes(b"ann\xff");
        let two = OsStr::from_bytes(b"ann\xfe");
        assert_eq!(os_name(one), "ann\\xFF");
        assert_ne!(os_name(one), os_name(two));
        assert_ne!(file_stem(one), file_stem(two));
        // a real backslash cannot pass for an escaped byte
        assert_ne!(os_name(OsStr::new("ann\\xFF")), os_name(one));
    }

    #[test]
    fn report_file_names_are_short_safe_and_distinct() {
        assert_eq!(file_stem(OsStr::new("alice")), "alice");
        let long = "x".repeat(300);
        let stem = file_stem(OsStr::new(&long));
        assert!(stem.len() <= 117, "{}", stem.len());
        assert_ne!(stem, file_stem(OsStr::new(&"x".repeat(301))));
        let formula = file_stem(OsStr::new("=HYPERLINK(\"a/b\")"));
        assert!(formula.starts_with("_HYPERLINK__a_b__-"), "{formula}");
        assert_ne!(file_stem(OsStr::new("..")), "..");
        assert_ne!(file_stem(OsStr::new("a b")), file_stem(OsStr::new("a_b")));
    }
}
