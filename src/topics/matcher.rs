//! One automaton over every alias of every topic: finding mentions costs about the same for
//! 1,000 topics as for 3. Word boundaries and case rules are checked on each hit.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::config::TopicConfig;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub topic: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
struct Pattern {
    topic: usize,
    text: String,
    case_sensitive: bool,
    /// For word-form aliases: the Snowball stem the matched word must have. The pattern text
    /// is then the stem itself, and a hit is extended to the end of its word.
    stem: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

impl Matcher {
    /// Builds the automaton. Each topic's name counts as an alias too.
    pub fn new(topics: &[TopicConfig]) -> Matcher {
        let mut patterns: Vec<Pattern> = Vec::new();
        for (topic, config) in topics.iter().enumerate() {
            let name = crate::config::Alias::Text(config.name.clone());
            for alias in std::iter::once(&name).chain(&config.aliases) {
                let text = alias.text().trim();
                // `site.toml` refuses empty aliases; a matcher built from other topics must not
                // find an empty "mention" at every position either (found by fuzzing).
                if text.is_empty() {
                    continue;
                }
                let case_sensitive = alias.case_sensitive();
                if alias.forms() {
                    let (pattern, stem) = stem_pattern(text);
                    patterns.push(Pattern { topic, text: pattern, case_sensitive, stem: Some(stem) });
                    continue;
                }
                let mut forms = vec![text.to_string()];
                // The automaton folds ASCII case only; add the usual casings of other scripts.
                if !case_sensitive && !text.is_ascii() {
                    forms.push(text.to_lowercase());
                    forms.push(capitalise(&text.to_lowercase()));
                    forms.push(text.to_uppercase());
                }
                forms.sort();
                forms.dedup();
                for form in forms {
                    let duplicate = patterns
                        .iter()
                        .any(|p| p.topic == topic && p.text == form && p.case_sensitive == case_sensitive);
                    if !duplicate {
                        patterns.push(Pattern { topic, text: form, case_sensitive, stem: None });
                    }
                }
            }
        }
        let automaton = (!patterns.is_empty()).then(|| {
            // A DFA: the fastest to search, at a little more memory, and with a thousand
            // topics still small; the automatic choice falls back to an NFA beyond a few dozen
            // patterns, which made every text scan slower as topics were added.
            AhoCorasickBuilder::new()
                .kind(Some(AhoCorasickKind::DFA))
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(patterns.iter().map(|p| p.text.as_str()))
                .expect("aliases are plain strings, which always build")
        });
        Matcher { automaton, patterns }
    }

    /// Every mention in `text`, left to right, longest alias first where they overlap.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        automaton
            .find_iter(text)
            .filter_map(|m| {
                let pattern = &self.patterns[m.pattern().as_usize()];
                let mut end = m.end();
                if let Some(stem) = &pattern.stem {
                    end = word_end(text, end);
                    // After the last character that is not a letter or digit, which may be
                    // wider than a byte (`’` in "O’Brien"; found by fuzzing).
                    let word_start = text[..end]
                        .char_indices()
                        .rev()
                        .find(|(_, c)| !c.is_alphanumeric())
                        .map_or(0, |(i, c)| i + c.len_utf8());
                    let last_word = &text[word_start.max(m.start())..end];
                    if STEMMER.with(|s| s.stem(&last_word.to_lowercase()).into_owned()) != *stem {
                        return None;
                    }
                }
                let matched = &text[m.start()..m.end()];
                let case_ok = !pattern.case_sensitive || matched == pattern.text;
                (case_ok && at_word_boundaries(text, m.start(), end)).then_some(Hit {
                    topic: pattern.topic,
                    start: m.start(),
                    end,
                })
            })
            .collect()
    }
}

thread_local! {
    static STEMMER: rust_stemmers::Stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
}

/// For a word-form alias: the automaton pattern (the phrase with its last word cut to its
/// stem) and the stem a matched last word must reduce to.
fn stem_pattern(text: &str) -> (String, String) {
    // The last word as `find` sees it: after the last character that is not a letter or digit
    // (a space, a hyphen, an apostrophe).
    let split =
        text.char_indices().rev().find(|(_, c)| !c.is_alphanumeric()).map_or(0, |(i, c)| i + c.len_utf8());
    let (head, last) = text.split_at(split);
    let stem = STEMMER.with(|s| s.stem(&last.to_lowercase()).into_owned());
    // The stem is usually a prefix of the word ("negoti" of "negotiate"); where it is not
    // ("dialogu" of "dialogue" is), fall back to the longest common prefix.
    let lower = last.to_lowercase();
    let common = lower.chars().zip(stem.chars()).take_while(|(a, b)| a == b).count();
    let prefix: String = last.chars().take(common.max(1)).collect();
    (format!("{head}{prefix}"), stem)
}

fn word_end(text: &str, from: usize) -> usize {
    text[from..].find(|c: char| !c.is_alphanumeric()).map_or(text.len(), |i| from + i)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The hit is a whole word: no letter or digit touches it on either side. Apostrophes and
/// hyphens are boundaries, so "NATO's", "NATO’s" and "U.S.-NATO" all count.
fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Alias, TopicConfig};

    fn topic(name: &str, aliases: &[&str]) -> TopicConfig {
        TopicConfig {
            name: name.to_string(),
            slug: None,
            description: String::new(),
            aliases: aliases.iter().map(|a| Alias::Text(a.to_string())).collect(),
        }
    }

    fn count(m: &Matcher, text: &str) -> usize {
        m.find(text).len()
    }

    #[test]
    fn a_word_form_alias_with_a_curly_apostrophe_does_not_split_a_character() {
        // Regression: fuzzing found a panic slicing inside `’` (fuzz/ `topics`).
        let forms = Alias::Rule { text: "O’Briens".to_string(), case_sensitive: None, forms: true };
        let m = Matcher::new(&[TopicConfig { aliases: vec![forms], ..topic("Irish", &[]) }]);
        let text = "The O’Briens met the O’Brien family.";
        let hits: Vec<&str> = m.find(text).iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(hits, vec!["O’Briens", "O’Brien"]);
    }

    #[test]
    fn empty_and_blank_aliases_match_nothing() {
        // Regression: fuzzing found zero-width hits for a topic named "" (fuzz/ `topics`).
        let m = Matcher::new(&[topic("", &["", "   "])]);
        assert_eq!(m.find("any text at all"), Vec::new());
        let forms = Alias::Rule { text: " ".to_string(), case_sensitive: None, forms: true };
        let m = Matcher::new(&[TopicConfig { aliases: vec![forms], ..topic("NATO", &[]) }]);
        assert_eq!(m.find("NATO and  spaces"), vec![Hit { topic: 0, start: 0, end: 4 }]);
    }

    #[test]
    fn acronyms_match_their_case_only() {
        let m = Matcher::new(&[topic("NATO", &["North Atlantic Treaty Organization"])]);
        assert_eq!(count(&m, "NATO and nato and Nato"), 1);
        assert_eq!(count(&m, "the north atlantic treaty organization"), 1);
    }

    #[test]
    fn possessives_and_compounds_count() {
        let m = Matcher::new(&[topic("NATO", &[])]);
        assert_eq!(count(&m, "NATO's expansion, NATO\u{2019}s bases, U.S.-NATO talks, NATO-led"), 4);
    }

    #[test]
    fn words_inside_other_words_do_not_count() {
        let m = Matcher::new(&[topic("Negotiations", &["talks", "dialogue"])]);
        assert_eq!(count(&m, "talkshow dialogues Talks talks."), 2);
    }

    #[test]
    fn longest_alias_wins_where_aliases_overlap() {
        let m =
            Matcher::new(&[topic("Treaty", &["North Atlantic Treaty Organization"]), topic("Atlantic", &[])]);
        let hits = m.find("the North Atlantic Treaty Organization met");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].topic, 0);
    }

    #[test]
    fn non_ascii_aliases_fold_the_usual_cases() {
        let m = Matcher::new(&[topic("Крым", &[])]);
        assert_eq!(count(&m, "Крым, крым, КРЫМ"), 3);
    }

    #[test]
    fn letters_of_any_script_join_words() {
        let m = Matcher::new(&[topic("Крым", &[]), topic("NATO", &[])]);
        // A Cyrillic suffix or an accented letter makes a longer word, not a mention.
        assert_eq!(count(&m, "Крымский мост, NATOé, NATOвский"), 0);
        // Punctuation of other scripts and non-breaking spaces are boundaries.
        assert_eq!(count(&m, "«Крым»\u{a0}NATO\u{3001}NATO"), 3);
    }

    #[test]
    fn word_forms_match_through_the_stemmer() {
        let mut t = topic("Negotiations", &[]);
        t.aliases = vec![Alias::Rule { text: "negotiate".into(), case_sensitive: None, forms: true }];
        let m = Matcher::new(&[t]);
        let found: Vec<&str> = {
            let text =
                "They negotiated; negotiations, Negotiating and negotiator but not negative or renegotiate.";
            m.find(text).iter().map(|h| &text[h.start..h.end]).collect()
        };
        assert_eq!(found, vec!["negotiated", "negotiations", "Negotiating", "negotiator"]);
    }

    #[test]
    fn no_topics_no_hits() {
        assert!(Matcher::new(&[]).find("anything").is_empty());
    }
}
