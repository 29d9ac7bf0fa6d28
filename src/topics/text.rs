//! Words of an article for similarity, as 64-bit hashes of their lower-case form: shared by
//! related articles and near-duplicate detection, computed once per article.

use std::hash::{Hash, Hasher};

use crate::extract::units::strip_links;
use crate::extract::Article;

const STOPWORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "that",
    "with",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "its",
    "his",
    "her",
    "their",
    "they",
    "them",
    "this",
    "these",
    "those",
    "from",
    "but",
    "not",
    "said",
    "says",
    "say",
    "will",
    "would",
    "could",
    "should",
    "which",
    "who",
    "whom",
    "what",
    "when",
    "where",
    "there",
    "than",
    "then",
    "also",
    "about",
    "after",
    "before",
    "into",
    "over",
    "more",
    "most",
    "some",
    "any",
    "all",
    "one",
    "two",
    "been",
    "being",
    "our",
    "out",
    "can",
    "may",
    "might",
    "such",
    "only",
    "other",
    "own",
    "same",
    "very",
    "just",
    "while",
    "because",
    "between",
    "during",
    "under",
    "again",
    "further",
    "once",
    "here",
    "how",
    "why",
    "each",
    "few",
    "both",
    "nor",
    "too",
    "you",
    "your",
    "yours",
    "him",
    "she",
    "it's",
    "did",
    "does",
    "doing",
    "per",
    "upon",
    "against",
    "through",
    "last",
    "year",
    "years",
    "new",
    "told",
    "according",
];

/// Characters in the longest stop word.
const LONGEST_STOPWORD: usize = 9;

/// One word of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub hash: u64,
    /// Three letters or more, not a stop word, not a number.
    pub content: bool,
}

/// The stop words as hashes of the same kind as [`Word::hash`], sorted for binary search: a word
/// is hashed once, and that hash decides whether it is a stop word.
fn stopword_hashes() -> &'static [u64] {
    static HASHES: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    HASHES.get_or_init(|| {
        let mut hashes: Vec<u64> = STOPWORDS.iter().map(|w| hash(w)).collect();
        hashes.sort_unstable();
        hashes
    })
}

fn hash(lower: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    lower.hash(&mut h);
    h.finish()
}

/// The article's title and body as words, in order.
pub fn words(article: &Article) -> Vec<Word> {
    let mut out = Vec::with_capacity(512);
    let mut lower = String::new();
    push_words(&article.title, &mut lower, &mut out);
    for block in &article.body {
        if block.text.contains('[') {
            push_words(&strip_links(&block.text), &mut lower, &mut out);
        } else {
            push_words(&block.text, &mut lower, &mut out);
        }
    }
    out
}

/// Appends the words of `text` (runs of alphanumeric characters) to `out`; `lower` is scratch
/// space. ASCII is read byte by byte, other characters decoded and lower-cased in full.
fn push_words(text: &str, lower: &mut String, out: &mut Vec<Word>) {
    let stopwords = stopword_hashes();
    let bytes = text.as_bytes();
    // Characters of the word in `lower` so far; zero between words.
    let mut letters = 0;
    let mut i = 0;
    while i <= bytes.len() {
        let (alphanumeric, width) = match bytes.get(i) {
            None => (false, 1),
            Some(&b) if b < 0x80 => {
                let yes = b.is_ascii_alphanumeric();
                if yes {
                    if letters == 0 {
                        lower.clear();
                    }
                    lower.push(b.to_ascii_lowercase() as char);
                    letters += 1;
                }
                (yes, 1)
            }
            Some(_) => {
                let c = text[i..].chars().next().expect("i is a char boundary");
                let yes = c.is_alphanumeric();
                if yes {
                    if letters == 0 {
                        lower.clear();
                    }
                    for l in c.to_lowercase() {
                        lower.push(l);
                        letters += 1;
                    }
                }
                (yes, c.len_utf8())
            }
        };
        if !alphanumeric && letters > 0 {
            let hash = hash(lower);
            // No stop word is longer than LONGEST_STOPWORD: longer words skip the lookup.
            let content = letters >= 3
                && !lower.bytes().all(|b| b.is_ascii_digit())
                && (letters > LONGEST_STOPWORD || stopwords.binary_search(&hash).is_err());
            out.push(Word { hash, content });
            letters = 0;
        }
        i += width;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_stop_word_is_longer_than_the_longest() {
        assert_eq!(STOPWORDS.iter().map(|w| w.chars().count()).max(), Some(LONGEST_STOPWORD));
    }
}
