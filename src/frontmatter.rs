//! Optional YAML front matter between `---` lines: the one module that knows the YAML crate.
//!
//! Splitting and typed parsing only; what the fields mean for an article is extraction's job.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde_yaml::Value;

use crate::dates::parse_date;
use crate::diagnostics::{suggest, Diagnostic, Position};

pub const KEYS: [&str; 8] = ["title", "date", "source", "author", "url", "topics", "slug", "draft"];

/// Typed front matter. Every field is optional; what is given wins over the text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// Topic names or slugs that this article belongs to whatever its text says.
    pub topics: Vec<String>,
    pub slug: Option<String>,
    pub draft: bool,
}

/// A file's text cut into front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: Option<&'a str>,
    pub body: &'a str,
    /// How many lines precede the body in the file (front matter and its fences).
    pub body_line_offset: usize,
}

/// Cuts `text` at its front matter. A file whose first line is `---` must close it with a
/// `---` (or `...`) line; a file that opens front matter and never closes it is an error.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Ok(Split { yaml: None, body: text, body_line_offset: 0 });
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line_number, line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let fence = line.trim_end();
        if fence == "---" || fence == "..." {
            return Ok(Split {
                yaml: Some(&text[yaml_start..offset]),
                body: &text[offset + line.len()..],
                body_line_offset: line_number,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, "front matter opened on line 1 is never closed")
        .at(text, Position { line: 1, column: 1 })
        .with_help("end the front matter with a line containing only `---`, or remove the first `---` line"))
}

/// Parses front matter YAML. `text` is the whole file, for positions in messages. Unknown keys
/// are warnings (pushed to `warnings`); wrong types and malformed YAML are errors.
pub fn parse(
    yaml: &str,
    text: &str,
    path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<FrontMatter, Diagnostic> {
    // Front matter starts on line 2 of the file.
    let at_line = |line: usize, column: usize| Position { line: line + 1, column };
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let map: BTreeMap<String, Value> = serde_yaml::from_str(yaml).map_err(|e| {
        let mut d = Diagnostic::error(path, format!("malformed front matter: {}", strip_location(&e)));
        if let Some(loc) = e.location() {
            // An error found at the end of the YAML points at its last line, not the fence.
            let last = yaml.lines().count().max(1);
            let (line, column) = if loc.line() > last {
                (last, yaml.lines().last().map_or(0, |l| l.chars().count()) + 1)
            } else {
                (loc.line(), loc.column())
            };
            d = d.at(text, at_line(line, column));
        }
        d.with_help("front matter is YAML: `key: value` lines between two `---` lines")
    })?;
    let key_position = |key: &str| {
        let line = yaml
            .lines()
            .position(|l| l.starts_with(key) && l[key.len()..].trim_start().starts_with(':'))
            .unwrap_or(0);
        at_line(line + 1, 1)
    };
    let wrong_type = |key: &str, expected: &str| {
        Diagnostic::error(path, format!("front matter `{key}` must be {expected}"))
            .at(text, key_position(key))
    };
    let mut front = FrontMatter::default();
    for (key, value) in &map {
        match key.as_str() {
            "title" | "source" | "author" | "url" | "slug" => {
                let s = scalar_string(value).ok_or_else(|| wrong_type(key, "a string"))?;
                let field = match key.as_str() {
                    "title" => &mut front.title,
                    "source" => &mut front.source,
                    "author" => &mut front.author,
                    "url" => &mut front.url,
                    _ => &mut front.slug,
                };
                *field = Some(s).filter(|s| !s.trim().is_empty());
            }
            "date" => {
                let raw = scalar_string(value).ok_or_else(|| wrong_type(key, "a date such as 2022-02-01"))?;
                let date = parse_date(&raw).ok_or_else(|| {
                    wrong_type(key, "a date such as 2022-02-01").with_help(format!(
                        "`{raw}` is not a date; write it as YYYY-MM-DD, or remove the line"
                    ))
                })?;
                front.date = Some(date);
            }
            "topics" => {
                front.topics = match value {
                    Value::Sequence(items) => items
                        .iter()
                        .map(scalar_string)
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| wrong_type(key, "a list of topic names"))?,
                    other => {
                        vec![scalar_string(other).ok_or_else(|| wrong_type(key, "a list of topic names"))?]
                    }
                };
            }
            "draft" => {
                front.draft = value.as_bool().ok_or_else(|| wrong_type(key, "true or false"))?;
            }
            unknown => {
                let mut w =
                    Diagnostic::warning(path, format!("unknown front matter key `{unknown}` is ignored"))
                        .at(text, key_position(unknown));
                w = match suggest(unknown, KEYS) {
                    Some(s) => w.with_help(format!("did you mean `{s}`?")),
                    None => w.with_help(format!("known keys: {}", KEYS.join(", "))),
                };
                warnings.push(w);
            }
        }
    }
    if let Some(url) = front.url.take() {
        if is_web_address(&url) {
            front.url = Some(url);
        } else {
            // A `javascript:` or `data:` address would run in the published page when clicked.
            warnings.push(
                Diagnostic::warning(
                    path,
                    "front matter `url` is not an http or https address; it is not linked",
                )
                .at(text, key_position("url"))
                .with_help("write the address of the original page, starting with https://"),
            );
        }
    }
    Ok(front)
}

/// An absolute `http:` or `https:` address with a host.
fn is_web_address(url: &str) -> bool {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https")
        && !host.is_empty()
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

fn scalar_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// serde_yaml appends "at line X column Y"; we show the position our own way.
fn strip_location(error: &serde_yaml::Error) -> String {
    let message = error.to_string();
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_file(text: &str) -> (Result<FrontMatter, Diagnostic>, Vec<Diagnostic>) {
        let path = Path::new("a.md");
        let split = split(text, path).unwrap();
        let mut warnings = Vec::new();
        let result = parse(split.yaml.unwrap(), text, path, &mut warnings);
        (result, warnings)
    }

    #[test]
    fn no_front_matter_leaves_text_alone() {
        let s = split("Title\n\nBody\n", Path::new("a.txt")).unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, "Title\n\nBody\n");
    }

    #[test]
    fn front_matter_is_split_and_typed() {
        let text = "---\ntitle: A\ndate: 2022-02-01\ntopics: [NATO, Crimea]\ndraft: false\n---\nBody\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line_offset, 6);
        let (front, warnings) = parse_file(text);
        let front = front.unwrap();
        assert_eq!(front.title.as_deref(), Some("A"));
        assert_eq!(front.date, NaiveDate::from_ymd_opt(2022, 2, 1));
        assert_eq!(front.topics, vec!["NATO", "Crimea"]);
        assert!(warnings.is_empty());
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split("---\ntitle: A\nBody\n", Path::new("a.md")).unwrap_err();
        assert_eq!(err.message, "front matter opened on line 1 is never closed");
        assert_eq!(err.location(), "a.md:1:1");
    }

    #[test]
    fn a_date_that_is_not_a_date_names_its_line() {
        let (result, _) = parse_file("---\ntitle: A\ndate: soon\n---\n");
        let err = result.unwrap_err();
        assert_eq!(err.message, "front matter `date` must be a date such as 2022-02-01");
        assert_eq!(err.location(), "a.md:3:1");
    }

    #[test]
    fn unknown_key_warns_with_a_suggestion() {
        let (result, warnings) = parse_file("---\ntitel: A\n---\n");
        assert!(result.is_ok());
        assert_eq!(warnings[0].message, "unknown front matter key `titel` is ignored");
        assert_eq!(warnings[0].location(), "a.md:2:1");
        assert_eq!(warnings[0].help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn only_web_addresses_are_kept_as_url() {
        for (url, kept) in [
            ("https://example.org/a?b#c", true),
            ("HTTP://example.org", true),
            ("javascript:alert(1)", false),
            (" JaVaScRiPt:alert(1)", false),
            ("data:text/html,<script>", false),
            ("https://", false),
            ("//example.org", false),
            ("https://exa mple.org", false),
        ] {
            let (result, warnings) = parse_file(&format!("---\nurl: \"{url}\"\n---\n"));
            assert_eq!(result.unwrap().url.is_some(), kept, "{url}");
            assert_eq!(warnings.len(), usize::from(!kept), "{url}");
        }
    }

    #[test]
    fn malformed_yaml_names_line_and_column() {
        let (result, _) = parse_file("---\ntitle: [unclosed\n---\n");
        let err = result.unwrap_err();
        assert!(err.message.starts_with("malformed front matter:"), "{}", err.message);
        assert!(err.position.is_some());
    }
}
