//! Words of an article for similarity: lower-case, stop words out. Shared by related articles
//! and near-duplicate detection.

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

/// The article's title and body as lower-case words, in order (stop words kept for shingles).
pub fn all_words(article: &Article) -> Vec<String> {
    let mut words = Vec::new();
    let mut push = |text: &str| {
        for w in strip_links(text).split(|c: char| !c.is_alphanumeric()) {
            if !w.is_empty() {
                words.push(w.to_lowercase());
            }
        }
    };
    push(&article.title);
    for block in &article.body {
        push(&block.text);
    }
    words
}

/// Words that carry meaning: three letters or more, not a stop word, not a number.
pub fn content_word(word: &str) -> bool {
    word.chars().count() >= 3 && !word.chars().all(|c| c.is_ascii_digit()) && !STOPWORDS.contains(&word)
}
