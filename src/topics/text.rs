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
    let stopwords = stopword_hashes();
    let mut out = Vec::with_capacity(512);
    let mut lower = String::new();
    let mut push = |text: &str| {
        for w in strip_links(text).split(|c: char| !c.is_alphanumeric()) {
            if w.is_empty() {
                continue;
            }
            lower.clear();
            let letters = if w.is_ascii() {
                lower.push_str(w);
                lower.make_ascii_lowercase();
                w.len()
            } else {
                lower.extend(w.chars().flat_map(char::to_lowercase));
                lower.chars().count()
            };
            let hash = hash(&lower);
            let content = letters >= 3
                && !lower.bytes().all(|b| b.is_ascii_digit())
                && stopwords.binary_search(&hash).is_err();
            out.push(Word { hash, content });
        }
    };
    push(&article.title);
    for block in &article.body {
        push(&block.text);
    }
    out
}
