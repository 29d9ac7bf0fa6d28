//! Topic suggestions: names that recur across the corpus (people, places, organisations) and
//! are not topics yet, with spelling variants such as Kiev/Kyiv grouped.
//!
//! A candidate is a run of capitalised words inside a sentence; the first word of a sentence
//! only counts when the same name is also seen mid-sentence. Weekdays, months, common
//! sentence openers and existing topics are left out.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::TopicIndex;
use crate::extract::units::strip_links;
use crate::extract::{sentences, Article};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The most frequent spelling.
    pub name: String,
    /// Other spellings grouped with it.
    pub variants: Vec<String>,
    /// Articles that use it.
    pub articles: usize,
    pub mentions: usize,
}

/// Words that start sentences or headlines but are not names.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "but",
    "or",
    "if",
    "in",
    "on",
    "at",
    "as",
    "by",
    "for",
    "from",
    "of",
    "to",
    "with",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "you",
    "i",
    "his",
    "her",
    "their",
    "our",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "when",
    "while",
    "after",
    "before",
    "asked",
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "minister",
    "prime",
    "foreign",
    "secretary",
    "general",
    "state",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "not",
    "no",
    "yes",
    "one",
    "two",
    "three",
    "what",
    "how",
    "why",
    "who",
    "so",
    "still",
    "also",
    "however",
    "meanwhile",
    "earlier",
    "later",
    "last",
    "next",
    "new",
    "some",
    "many",
    "most",
    "all",
    "both",
];

/// Joining words allowed inside a name ("Organization for Security and Co-operation").
const CONNECTORS: &[&str] = &["of", "for", "and", "the", "de", "al", "von", "van", "der"];

pub fn suggest(articles: &[Article], index: &TopicIndex, limit: usize) -> Vec<Suggestion> {
    let per_article: Vec<(HashMap<String, usize>, HashMap<String, usize>)> =
        articles.par_iter().map(|a| candidates(a, index)).collect();
    // name -> (articles, mentions) counting mid-sentence uses; sentence-initial uses only add
    // to names already seen mid-sentence.
    let mut inside: HashMap<String, (usize, usize)> = HashMap::new();
    for (mid, _) in &per_article {
        for (name, count) in mid {
            let e = inside.entry(name.clone()).or_default();
            e.0 += 1;
            e.1 += count;
        }
    }
    for (mid, initial) in &per_article {
        for (name, count) in initial {
            if let Some(e) = inside.get_mut(name) {
                e.1 += count;
                if !mid.contains_key(name) {
                    e.0 += 1;
                }
            }
        }
    }
    let mut groups: BTreeMap<String, Vec<(String, usize, usize)>> = BTreeMap::new();
    for (name, (docs, mentions)) in inside {
        groups.entry(variant_key(&name)).or_default().push((name, docs, mentions));
    }
    let mut out: Vec<Suggestion> = Vec::new();
    for mut spellings in groups.into_values() {
        spellings.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        // Within a key, a spelling joins the most used one only if it is also close in
        // letters: the key groups Kiev with Kyiv, but also Russia with Warsaw.
        while let Some(head) = spellings.first().cloned() {
            let (same, rest): (Vec<_>, Vec<_>) = spellings.into_iter().partition(|s| {
                s.0 == head.0 || strsim::jaro_winkler(&s.0.to_lowercase(), &head.0.to_lowercase()) >= 0.8
            });
            out.push(Suggestion {
                name: head.0.clone(),
                variants: same.iter().filter(|s| s.0 != head.0).map(|s| s.0.clone()).collect(),
                articles: same.iter().map(|s| s.1).max().unwrap_or(0),
                mentions: same.iter().map(|s| s.2).sum(),
            });
            spellings = rest;
        }
    }
    out.retain(|s| s.articles >= 2);
    out.sort_by(|a, b| {
        b.articles.cmp(&a.articles).then(b.mentions.cmp(&a.mentions)).then(a.name.cmp(&b.name))
    });
    out.truncate(limit);
    out
}

/// Names used in one article: (mid-sentence counts, sentence-initial counts).
fn candidates(article: &Article, index: &TopicIndex) -> (HashMap<String, usize>, HashMap<String, usize>) {
    let mut mid: HashMap<String, usize> = HashMap::new();
    let mut initial: HashMap<String, usize> = HashMap::new();
    for block in article.body.iter().filter(|b| b.kind == crate::extract::BlockKind::Paragraph) {
        let text = strip_links(&block.text);
        let taken: Vec<(usize, usize)> = index.matcher.find(&text).iter().map(|h| (h.start, h.end)).collect();
        let mut offset = 0;
        for sentence in sentences(&text) {
            for (start, name) in runs(sentence) {
                let absolute = offset + start;
                if taken.iter().any(|(s, e)| absolute < *e && absolute + name.len() > *s) {
                    continue;
                }
                let at_start =
                    sentence[..start].trim_start_matches(|c: char| !c.is_alphanumeric()).is_empty();
                *if at_start { &mut initial } else { &mut mid }.entry(name).or_default() += 1;
            }
            offset += sentence.len();
        }
    }
    (mid, initial)
}

/// Runs of capitalised words in `sentence`: (byte offset, the run).
fn runs(sentence: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Vec<(usize, &str)> = Vec::new();
    let flush = |current: &mut Vec<(usize, &str)>, out: &mut Vec<(usize, String)>| {
        while current.last().is_some_and(|(_, w)| {
            let w = w.to_lowercase();
            CONNECTORS.contains(&w.as_str()) || NOT_NAMES.contains(&w.as_str())
        }) {
            current.pop();
        }
        while current.first().is_some_and(|(_, w)| NOT_NAMES.contains(&w.to_lowercase().as_str())) {
            current.remove(0);
        }
        if let Some(&(start, _)) = current.first() {
            let name = current.iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ");
            if name.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                out.push((start, name));
            }
        }
        current.clear();
    };
    let mut position = 0;
    for raw in sentence.split(' ') {
        let start = position;
        position += raw.len() + 1;
        let lead = raw.len() - raw.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        let word = word.strip_suffix("\u{2019}s").or_else(|| word.strip_suffix("'s")).unwrap_or(word);
        let capitalised = word.chars().next().is_some_and(char::is_uppercase)
            && !word.chars().all(|c| !c.is_lowercase()) // ALL-CAPS words are acronyms or shouting
            || (word.chars().count() >= 2 && word.chars().all(char::is_uppercase));
        // One joining word inside a name; two in a row ("and the") separate two names.
        let after_connector = current.last().is_some_and(|(_, w)| CONNECTORS.contains(w));
        let connector = !current.is_empty() && CONNECTORS.contains(&word) && !after_connector;
        if after_connector && !capitalised && !connector {
            flush(&mut current, &mut out);
        }
        if !word.is_empty() && (capitalised || connector) {
            current.push((start + lead, word));
        } else {
            flush(&mut current, &mut out);
        }
        // Punctuation after a word ends the name ("Kyiv, Kharkiv").
        if raw.ends_with([',', ';', ':', ')', '"', '\u{201d}']) {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

/// Spellings that differ only in vowels and doubled letters share a key: Kiev/Kyiv,
/// Donbass/Donbas, Odessa/Odesa, Kharkov/Kharkiv.
fn variant_key(name: &str) -> String {
    let ascii = deunicode_lower(name);
    let mut key = String::new();
    for c in ascii.chars().filter(|c| c.is_ascii_alphanumeric() || *c == ' ') {
        let c = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | 'j' => continue,
            'v' => 'v',
            other => other,
        };
        if !key.ends_with(c) {
            key.push(c);
        }
    }
    key
}

fn deunicode_lower(text: &str) -> String {
    slug::slugify(text).replace('-', " ")
}

/// The suggestions as `[[topics]]` blocks for site.toml.
pub fn as_toml(suggestions: &[Suggestion]) -> String {
    let mut out = String::new();
    for s in suggestions {
        let quote = |t: &str| format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\""));
        let mut aliases = vec![quote(&s.name)];
        aliases.extend(s.variants.iter().map(|v| quote(v)));
        out.push_str(&format!(
            "# {} articles, {} mentions\n[[topics]]\nname = {}\naliases = [{}]\n\n",
            s.articles,
            s.mentions,
            quote(&s.name),
            aliases.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_find_names_and_skip_openers() {
        let found: Vec<String> = runs("The talks in Geneva with Viktor Orban and the Organization for Security and Co-operation in Europe ended.").into_iter().map(|r| r.1).collect();
        assert_eq!(
            found,
            vec!["Geneva", "Viktor Orban", "Organization for Security and Co-operation", "Europe"]
        );
        let found: Vec<String> =
            runs("On Tuesday, Putin's spokesman spoke.").into_iter().map(|r| r.1).collect();
        assert_eq!(found, vec!["Putin"]);
    }

    #[test]
    fn spelling_variants_share_a_key() {
        assert_eq!(variant_key("Kiev"), variant_key("Kyiv"));
        assert_eq!(variant_key("Donbass"), variant_key("Donbas"));
        assert_eq!(variant_key("Odessa"), variant_key("Odesa"));
        assert_ne!(variant_key("Kyiv"), variant_key("Kursk"));
    }

    #[test]
    fn toml_blocks_parse_as_site_config() {
        let text = as_toml(&[Suggestion {
            name: "Kyiv".into(),
            variants: vec!["Kiev".into()],
            articles: 3,
            mentions: 9,
        }]);
        let config = crate::config::Config::parse(&text, std::path::Path::new("site.toml")).unwrap();
        assert_eq!(config.topics[0].name, "Kyiv");
        assert_eq!(config.topics[0].aliases.len(), 2);
    }
}
