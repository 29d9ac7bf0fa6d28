//! `site.toml` -> [`Config`]: typed, with defaults, and strict about unknown keys.
//!
//! Parsing only; nothing here reads the seeds or renders anything. Every error names the key,
//! line and column, and a misspelt key gets a "did you mean" hint.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{suggest, Diagnostic, Position};
use crate::slugs::slugify;

pub const CONFIG_FILE: &str = "site.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_title")]
    pub title: String,
    /// Absolute URL the site is published at; only feeds, sitemap and canonical links need it.
    #[serde(default)]
    pub base_url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_seeds")]
    pub seeds: PathBuf,
    #[serde(default = "default_templates")]
    pub templates: PathBuf,
    #[serde(default = "default_output")]
    pub output: PathBuf,
    #[serde(default)]
    pub extract: ExtractConfig,
    #[serde(default)]
    pub relevance: RelevanceConfig,
    #[serde(default)]
    pub pages: PagesConfig,
    #[serde(default)]
    pub topics: Vec<TopicConfig>,
}

/// When an article counts as main coverage of a topic rather than a passing mention.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RelevanceConfig {
    /// A mention in the title makes the article main coverage.
    #[serde(default = "yes")]
    pub title: bool,
    /// A mention in the standfirst or the first this-many body paragraphs does too.
    #[serde(default = "two")]
    pub lead_paragraphs: usize,
    /// As do mentions spread over at least this many body paragraphs.
    #[serde(default = "three")]
    pub min_paragraphs: usize,
}

impl Default for RelevanceConfig {
    fn default() -> Self {
        RelevanceConfig { title: true, lead_paragraphs: 2, min_paragraphs: 3 }
    }
}

fn two() -> usize {
    2
}
fn three() -> usize {
    3
}

/// How the built pages link and split long lists.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagesConfig {
    /// Articles per list page (home, topic, source, timeline); longer lists go on at `page/2/`.
    #[serde(default = "default_per_page")]
    pub per_page: NonZeroUsize,
    /// End internal links in `index.html`, for browsing the output from disk (`file://`),
    /// where a folder link opens a directory listing instead of its index page.
    #[serde(default)]
    pub link_index_html: bool,
}

impl Default for PagesConfig {
    fn default() -> Self {
        PagesConfig { per_page: default_per_page(), link_index_html: false }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractConfig {
    /// Lines containing any of these (case-insensitive) are always boilerplate.
    #[serde(default)]
    pub drop: Vec<String>,
    /// Lines containing any of these (case-insensitive) are always kept in the body.
    #[serde(default)]
    pub keep: Vec<String>,
    /// Show the lines extraction removed, collapsed, on each article page.
    #[serde(default = "yes")]
    pub show_removed: bool,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        ExtractConfig { drop: Vec::new(), keep: Vec::new(), show_removed: true }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicConfig {
    pub name: String,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub description: String,
    /// Words and phrases that count as a mention. The name itself always counts.
    #[serde(default)]
    pub aliases: Vec<Alias>,
}

impl TopicConfig {
    pub fn slug(&self) -> String {
        match &self.slug {
            Some(s) => slugify(s),
            None => slugify(&self.name),
        }
    }
}

/// One way of writing a topic. A bare string matches case-sensitively when it is written in
/// capitals (an acronym such as `NATO`) and case-insensitively otherwise; the table form says so
/// explicitly.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Alias {
    Text(String),
    Rule {
        text: String,
        #[serde(default)]
        case_sensitive: Option<bool>,
        /// Match every word form of the (last) word: "negotiate" finds "negotiations".
        #[serde(default)]
        forms: bool,
    },
}

impl Alias {
    pub fn text(&self) -> &str {
        match self {
            Alias::Text(t) | Alias::Rule { text: t, .. } => t,
        }
    }

    pub fn forms(&self) -> bool {
        matches!(self, Alias::Rule { forms: true, .. })
    }

    pub fn case_sensitive(&self) -> bool {
        match self {
            Alias::Rule { case_sensitive: Some(c), .. } => *c,
            _ => looks_like_acronym(self.text()),
        }
    }
}

/// `NATO`, `OSCE`, `U.S.`: at least two letters, all of them capitals.
fn looks_like_acronym(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

fn default_title() -> String {
    "dossier".to_string()
}
fn default_language() -> String {
    "en".to_string()
}
fn default_seeds() -> PathBuf {
    PathBuf::from("seeds")
}
fn default_templates() -> PathBuf {
    PathBuf::from("templates")
}
fn default_output() -> PathBuf {
    PathBuf::from("public")
}
fn default_per_page() -> NonZeroUsize {
    NonZeroUsize::new(50).expect("50 is not zero")
}
fn yes() -> bool {
    true
}

impl Default for Config {
    fn default() -> Self {
        Config::parse("", Path::new(CONFIG_FILE)).expect("the empty config is valid")
    }
}

impl Config {
    /// Reads `site.toml` in `root`; a missing file gives the defaults.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        // Messages name paths relative to the site root, as the user sees them.
        let shown = Path::new(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, shown),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Diagnostic::error(shown, format!("cannot read the site config: {e}"))
                .with_help("check that the file is readable")),
        }
    }

    /// Parses and validates the text of a `site.toml`; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Diagnostic> {
        let config: Config = toml::from_str(text).map_err(|e| toml_error(&e, text, path))?;
        config.validate(text, path)?;
        Ok(config)
    }

    fn validate(&self, text: &str, path: &Path) -> Result<(), Diagnostic> {
        let base = self.base_url.trim();
        if !(base.is_empty() || base.starts_with("https://") || base.starts_with("http://")) {
            let offset = text.find("base_url").unwrap_or(0);
            return Err(Diagnostic::error(
                path,
                format!("`base_url` must be an absolute http(s) address, not `{base}`"),
            )
            .at(text, Position::of_offset(text, offset))
            .with_help("write it as in `base_url = \"https://example.org/archive/\"`, or leave it out"));
        }
        let mut seen: Vec<String> = Vec::new();
        for topic in &self.topics {
            let slug = topic.slug();
            let locate = |needle: &str| {
                let offset = text.find(needle).unwrap_or(0);
                Position::of_offset(text, offset)
            };
            if topic.name.trim().is_empty() || slug.is_empty() {
                let d = Diagnostic::error(path, "a topic needs a name with letters or digits in it");
                return Err(d
                    .at(text, locate("[[topics]]"))
                    .with_help("give the topic a `name`, or a `slug` made of letters and digits"));
            }
            if seen.contains(&slug) {
                let d = Diagnostic::error(
                    path,
                    format!("two topics have the slug `{slug}`; each topic page needs its own"),
                );
                return Err(d
                    .at(text, locate(&format!("\"{}\"", topic.name)))
                    .with_help("give one of them a different `slug`"));
            }
            if let Some(alias) = topic.aliases.iter().find(|a| a.text().trim().is_empty()) {
                let d =
                    Diagnostic::error(path, format!("topic `{}` has an empty alias {alias:?}", topic.name));
                return Err(d.at(text, locate("aliases")).with_help("remove the empty alias"));
            }
            seen.push(slug);
        }
        Ok(())
    }
}

/// Turns a TOML or serde error into a diagnostic at its span, with a suggestion for unknown keys.
fn toml_error(error: &toml::de::Error, text: &str, path: &Path) -> Diagnostic {
    let message = error.message().trim().to_string();
    let mut diagnostic = Diagnostic::error(path, format!("invalid site config: {message}"));
    if let Some(span) = error.span() {
        diagnostic = diagnostic.at(text, Position::of_offset(text, span.start));
    }
    if let Some((unknown, expected)) = parse_unknown_field(&message) {
        let hint = match suggest(&unknown, expected.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        };
        diagnostic.message = format!("unknown key `{unknown}` in {}", path.display());
        diagnostic = diagnostic.with_help(hint);
    }
    diagnostic
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" message.
fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).map(str::to_string).collect();
    Some((unknown.to_string(), expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostic> {
        Config::parse(text, Path::new("site.toml"))
    }

    #[test]
    fn defaults_fill_missing_keys() {
        let c = parse("title = \"Archive\"").unwrap();
        assert_eq!(c.title, "Archive");
        assert_eq!(c.seeds, PathBuf::from("seeds"));
        assert_eq!(c.output, PathBuf::from("public"));
        assert_eq!(c.language, "en");
        assert!(c.extract.show_removed);
    }

    #[test]
    fn misspelt_key_names_line_column_and_suggestion() {
        let err = parse("title = \"x\"\nbase_ulr = \"https://example.org\"\n").unwrap_err();
        assert_eq!(err.message, "unknown key `base_ulr` in site.toml");
        assert_eq!(err.location(), "site.toml:2:1");
        assert_eq!(err.help.as_deref(), Some("did you mean `base_url`?"));
    }

    #[test]
    fn misspelt_key_inside_a_topic_is_caught() {
        let err = parse("[[topics]]\nname = \"NATO\"\nalias = [\"NATO\"]\n").unwrap_err();
        assert_eq!(err.message, "unknown key `alias` in site.toml");
        assert_eq!(err.location(), "site.toml:3:1");
        assert_eq!(err.help.as_deref(), Some("did you mean `aliases`?"));
    }

    #[test]
    fn wrong_type_names_the_position() {
        let err = parse("title = 3\n").unwrap_err();
        assert_eq!(err.location(), "site.toml:1:9");
        assert!(err.message.starts_with("invalid site config: invalid type: integer `3`"));
    }

    #[test]
    fn duplicate_topic_slugs_are_refused() {
        let err = parse("[[topics]]\nname = \"NATO\"\n[[topics]]\nname = \"nato\"\n").unwrap_err();
        assert_eq!(err.message, "two topics have the slug `nato`; each topic page needs its own");
        assert_eq!(err.location(), "site.toml:4:8");
    }

    #[test]
    fn relevance_rules_have_defaults_and_can_be_set() {
        assert_eq!(parse("").unwrap().relevance, RelevanceConfig::default());
        let c = parse("[relevance]\nlead_paragraphs = 1\ntitle = false\n").unwrap();
        assert_eq!(c.relevance, RelevanceConfig { title: false, lead_paragraphs: 1, min_paragraphs: 3 });
        let err = parse("[relevance]\nlead_paragraph = 1\n").unwrap_err();
        assert_eq!(err.help.as_deref(), Some("did you mean `lead_paragraphs`?"));
    }

    #[test]
    fn pages_options_parse_and_default() {
        let c = parse("").unwrap();
        assert_eq!(c.pages.per_page.get(), 50);
        assert!(!c.pages.link_index_html);
        let c = parse("[pages]\nper_page = 10\nlink_index_html = true\n").unwrap();
        assert_eq!(c.pages.per_page.get(), 10);
        assert!(c.pages.link_index_html);
    }

    #[test]
    fn misspelt_pages_key_is_caught() {
        let err = parse("[pages]\nlink_index = true\n").unwrap_err();
        assert_eq!(err.message, "unknown key `link_index` in site.toml");
        assert_eq!(err.location(), "site.toml:2:1");
        assert_eq!(err.help.as_deref(), Some("did you mean `link_index_html`?"));
    }

    #[test]
    fn zero_per_page_is_refused() {
        let err = parse("[pages]\nper_page = 0\n").unwrap_err();
        assert_eq!(err.location(), "site.toml:2:12");
        assert!(
            err.message.starts_with("invalid site config: invalid value: integer `0`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn base_url_must_be_absolute() {
        let err = parse("title = \"x\"\nbase_url = \"example.org\"\n").unwrap_err();
        assert_eq!(err.message, "`base_url` must be an absolute http(s) address, not `example.org`");
        assert_eq!(err.location(), "site.toml:2:1");
    }

    #[test]
    fn acronym_aliases_are_case_sensitive() {
        let c = parse(
            "[[topics]]\nname = \"NATO\"\naliases = [\"NATO\", \"talks\", { text = \"Kyiv\", case_sensitive = true }]\n",
        )
        .unwrap();
        let rules: Vec<bool> = c.topics[0].aliases.iter().map(Alias::case_sensitive).collect();
        assert_eq!(rules, vec![true, false, true]);
    }
}
