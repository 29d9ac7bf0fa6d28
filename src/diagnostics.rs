//! Diagnostics a person can act on: file, line, column, the offending line with a caret, and a hint.
//!
//! Stages collect these instead of stopping at the first problem; the CLI prints them and sets
//! the exit code at the end. Nothing here touches the file system.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A 1-based position in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of a byte offset in `text` (columns count characters, not bytes).
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub position: Option<Position>,
    pub message: String,
    /// The offending source line, shown under the location with a caret.
    pub source_line: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            position: None,
            message: message.into(),
            source_line: None,
            help: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, message) }
    }

    /// Points the diagnostic at `position` in `text`, keeping the line for display.
    pub fn at(mut self, text: &str, position: Position) -> Diagnostic {
        self.source_line =
            text.split('\n').nth(position.line - 1).map(|l| l.trim_end_matches('\r').to_string());
        self.position = Some(position);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column`, or just the path when there is no position.
    pub fn location(&self) -> String {
        let path = display_path(&self.path);
        match self.position {
            Some(p) => format!("{path}:{}:{}", p.line, p.column),
            None => path,
        }
    }
}

pub fn display_path(path: &Path) -> String {
    path.display().to_string()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        write!(f, "  --> {}", self.location())?;
        if let (Some(line), Some(pos)) = (&self.source_line, self.position) {
            let number = pos.line.to_string();
            let pad = " ".repeat(number.len());
            let shown: String = line.chars().take(160).collect();
            let caret_at = (pos.column - 1).min(shown.chars().count());
            write!(f, "\n   {pad}|\n   {number}| {shown}\n   {pad}| {}^", " ".repeat(caret_at))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_lines_and_characters() {
        let text = "ab\nçd = 1\n";
        assert_eq!(Position::of_offset(text, 6), Position { line: 2, column: 3 });
    }

    #[test]
    fn display_shows_the_line_with_a_caret() {
        let text = "title = \"x\"\ntitel = \"y\"\n";
        let d = Diagnostic::error("site.toml", "unknown key `titel`")
            .at(text, Position { line: 2, column: 1 })
            .with_help("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "error: unknown key `titel`\n  --> site.toml:2:1\n    |\n   2| titel = \"y\"\n    | ^\n  = help: did you mean `title`?"
        );
    }

    #[test]
    fn suggest_finds_close_words_only() {
        let keys = ["title", "base_url", "language"];
        assert_eq!(suggest("titel", keys), Some("title"));
        assert_eq!(suggest("zzz", keys), None);
    }
}
