//! Words of an article for similarity, as 64-bit hashes of their lower-case form: shared by
//! related articles and near-duplicate detection, computed once per article.

use std::hash::Hasher;

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

/// The stop words as hashes of the same kind as [`Word::hash`], in an open-addressed table
/// indexed by a hash's top bits: a tenth full, so that a word is hashed once and most lookups
/// read one slot (a binary search read seven, one after the other).
struct Stopwords {
    slots: Box<[u64; STOPWORD_SLOTS]>,
}

/// Slots of the stop-word table, a power of two.
const STOPWORD_SLOTS: usize = 1024;

impl Stopwords {
    fn get() -> &'static Stopwords {
        static STOPWORDS_BY_HASH: std::sync::OnceLock<Stopwords> = std::sync::OnceLock::new();
        STOPWORDS_BY_HASH.get_or_init(|| {
            let mut slots = Box::new([0u64; STOPWORD_SLOTS]);
            for w in STOPWORDS {
                let h = hash(w);
                // 0 marks an empty slot; no word hashes to it (checked by a test).
                let mut slot = Self::home(h);
                while slots[slot] != 0 && slots[slot] != h {
                    slot = (slot + 1) % STOPWORD_SLOTS;
                }
                slots[slot] = h;
            }
            Stopwords { slots }
        })
    }

    fn home(hash: u64) -> usize {
        (hash >> (64 - STOPWORD_SLOTS.trailing_zeros())) as usize
    }

    fn contains(&self, hash: u64) -> bool {
        let mut slot = Self::home(hash);
        loop {
            match self.slots[slot] {
                0 => return false,
                h if h == hash => return true,
                _ => slot = (slot + 1) % STOPWORD_SLOTS,
            }
        }
    }
}

fn hash(lower: &str) -> u64 {
    hash_bytes(lower.as_bytes())
}

/// The hash of a word's lower-case bytes, as a `str` hashes: its bytes, then 0xff.
fn hash_bytes(lower: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(lower);
    h.write_u8(0xff);
    h.finish()
}

/// The article's title and body as words, in order.
pub fn words(article: &Article) -> Vec<Word> {
    let mut out = Vec::with_capacity(512);
    let mut lower = String::new();
    push_words(&article.title, &mut lower, &mut out);
    for block in &article.body {
        push_words(&strip_links(&block.text), &mut lower, &mut out);
    }
    out
}

/// Appends the words of `text` (runs of alphanumeric characters) to `out`; `lower` is scratch
/// space. A word of ASCII letters and digits followed by ASCII (the common case) is lowered
/// and hashed as a run; other words are decoded and lower-cased in full, character by
/// character.
fn push_words(text: &str, lower: &mut String, out: &mut Vec<Word>) {
    let bytes = text.as_bytes();
    // Characters of the word in `lower` so far; zero between words.
    let mut letters = 0;
    let mut i = 0;
    while i <= bytes.len() {
        if letters == 0 {
            // Spaces and punctuation between words, at a byte a step.
            while bytes.get(i).is_some_and(|&b| b < 0x80 && !ASCII_ALNUM[b as usize]) {
                i += 1;
            }
        }
        let (alphanumeric, width) = match bytes.get(i) {
            None => (false, 1),
            Some(&b) if b < 0x80 => {
                let yes = b.is_ascii_alphanumeric();
                if yes && letters == 0 {
                    let run =
                        bytes[i..].iter().position(|&c| !ASCII_ALNUM[c as usize]).unwrap_or(bytes.len() - i);
                    let ends = match bytes.get(i + run) {
                        None => true,
                        Some(&c) if c < 0x80 => true,
                        // "spokesman\u{2019}s", "Kyiv\u{201d}": punctuation, not "caf\u{e9}".
                        Some(_) => !is_alphanumeric(text[i + run..].chars().next().expect("a char boundary")),
                    };
                    if ends {
                        // The whole word, and what follows it is not part of it.
                        out.push(ascii_word(&bytes[i..], run, lower));
                        i += run;
                        continue;
                    }
                }
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
                let yes = is_alphanumeric(c);
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
            out.push(word(lower, letters));
            letters = 0;
        }
        i += width;
    }
}

/// `char::is_alphanumeric`, answered at once for the general punctuation of news text (curly
/// quotes, dashes, ellipses: U+2000 to U+206F hold no letter or digit).
fn is_alphanumeric(c: char) -> bool {
    !('\u{2000}'..='\u{206f}').contains(&c) && c.is_alphanumeric()
}

/// ASCII letters and digits: the bytes of most words.
const ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Words of ASCII letters and digits up to this long are lowered on the stack.
const SHORT_WORD: usize = 32;

/// [`word`] for a run of ASCII letters and digits, lowered without a string: for these
/// bytes, setting 0x20 lowers a letter and leaves a digit as it is.
/// `rest` is the text from the word on, `len` the word's length in bytes.
fn ascii_word(rest: &[u8], len: usize, lower: &mut String) -> Word {
    let run = &rest[..len];
    if len > SHORT_WORD {
        lower.clear();
        lower.push_str(std::str::from_utf8(run).expect("ASCII"));
        lower.make_ascii_lowercase();
        return word(lower, len);
    }
    let mut buf = [0u8; SHORT_WORD];
    match rest.get(..SHORT_WORD) {
        // A copy of fixed size is a couple of vector moves; what follows the word goes unread.
        Some(window) => buf.copy_from_slice(window),
        None => buf[..len].copy_from_slice(run),
    }
    // The whole buffer at once (a few vector instructions); only the word's bytes are hashed.
    buf.iter_mut().for_each(|b| *b |= 0x20);
    let hash = hash_bytes(&buf[..len]);
    // Digits are below 0x40 and letters above it: a word of digits alone is a number.
    let content = run.len() >= 3
        && run.iter().any(|&b| b >= 0x40)
        && (run.len() > LONGEST_STOPWORD || !Stopwords::get().contains(hash));
    Word { hash, content }
}

/// The word whose lower-case form is `lower`, of `letters` characters.
fn word(lower: &str, letters: usize) -> Word {
    let hash = hash(lower);
    // No stop word is longer than LONGEST_STOPWORD: longer words skip the lookup.
    let content = letters >= 3
        && !lower.bytes().all(|b| b.is_ascii_digit())
        && (letters > LONGEST_STOPWORD || !Stopwords::get().contains(hash));
    Word { hash, content }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words as the general rule has them: runs of alphanumeric characters, lower-cased.
    fn reference(text: &str) -> Vec<Word> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let lower = w.to_lowercase();
                word(&lower, lower.chars().count())
            })
            .collect()
    }

    #[test]
    fn words_are_runs_of_alphanumerics_in_lower_case_whatever_the_script() {
        for text in [
            "NATO and the EU's 2024 talks, 12 hours",
            "Kyiv\u{2019}s caf\u{e9}s: \u{c9}TAT-MAJOR, na\u{ef}ve 3rd",
            "\u{130}stanbul \u{3a3}\u{39f}\u{3a6}\u{3a3}\u{399}\u{391} \u{41a}\u{438}\u{457}\u{432} abc\u{e9}def",
            "trailing word",
            "",
            "a",
            "mixed\u{301}accent x1\u{b2} end.",
            "  ...spaces, (punctuation) -- and \u{201c}quotes\u{201d}!  ",
            "the spokesman\u{2019}s \u{201c}NATO\u{201d}\u{2014}and Kyiv\u{2026} caf\u{e9} x\u{2070}y",
        ] {
            let mut out = Vec::new();
            push_words(text, &mut String::new(), &mut out);
            assert_eq!(out, reference(text), "{text:?}");
        }
    }

    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        for c in '\u{2000}'..='\u{206f}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
        for c in ['a', '\u{e9}', '\u{3a3}', '7', '\u{2070}', '\u{2071}', '\u{2160}'] {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn every_stop_word_is_found_and_other_words_are_not() {
        let table = Stopwords::get();
        for w in STOPWORDS {
            assert!(table.contains(hash(w)), "{w}");
            assert_ne!(hash(w), 0, "{w}");
        }
        for w in ["nato", "talks", "thee", "an", "crimea", "kremlin", "sanctions", "geneva"] {
            assert!(!table.contains(hash(w)), "{w}");
        }
        let mut out = Vec::new();
        push_words("The talks and THE Kremlin", &mut String::new(), &mut out);
        let content: Vec<bool> = out.iter().map(|w| w.content).collect();
        assert_eq!(content, [false, true, false, false, true]);
    }

    #[test]
    fn ascii_words_hash_as_their_lower_case_strings() {
        let long = "Abc".repeat(SHORT_WORD);
        for w in ["NATO", "talks", "The", "2024", "3rd", "x1", "Ab", long.as_str(), "ThE", "a"] {
            let lower = w.to_ascii_lowercase();
            assert_eq!(ascii_word(w.as_bytes(), w.len(), &mut String::new()), word(&lower, w.len()), "{w}");
            // A word followed by more text hashes the same.
            let text = format!("{w} and then a long run of further text");
            assert_eq!(
                ascii_word(text.as_bytes(), w.len(), &mut String::new()),
                word(&lower, w.len()),
                "{w}"
            );
            // The same hash as the string's own, as before there was `hash_bytes`.
            let mut h = rustc_hash::FxHasher::default();
            std::hash::Hash::hash(lower.as_str(), &mut h);
            assert_eq!(hash(&lower), h.finish(), "{w}");
        }
    }

    #[test]
    fn stop_words_are_not_content_and_other_words_are() {
        for w in STOPWORDS {
            assert!(!word(w, w.chars().count()).content, "{w}");
        }
        for w in ["nato", "crimea", "talks", "sanctions", "kyiv"] {
            assert!(word(w, w.chars().count()).content, "{w}");
        }
    }

    #[test]
    fn no_stop_word_is_longer_than_the_longest() {
        assert_eq!(STOPWORDS.iter().map(|w| w.chars().count()).max(), Some(LONGEST_STOPWORD));
    }
}
