//! The static search index: small JSON files under `search/` that `search.js` loads on demand,
//! so that searching needs no server and stays fast for very large archives.
//!
//! Articles are numbered by rank (newest first), so every list of numbers is already in
//! result order. Words are split at anything that is not a letter or digit and lower-cased,
//! exactly as `search.js` does with the query. A word's postings live in one of
//! [`bucket_count`] files, chosen by a hash of its first two letters, so a word typed so far
//! (a prefix of two letters or more) needs exactly one file. A list of numbers is stored as
//! differences from the previous number (a JSON array), or, when that would be longer, as a
//! bitmap of all articles in hexadecimal (a JSON string; bit `n % 8` of byte `n / 8` says
//! whether article `n` is in the list), so a word found in most articles costs a quarter of
//! a byte per article.
//!
//! Every word is kept, however common: "NATO" may be in most articles of an archive about
//! NATO and must still be found.
//!
//! Layout: `search/meta.json` (counts and topics), `search/terms/<b>.json`
//! (word -> article numbers), `search/docs/<c>.json` (title, link, date, source, summary of
//! [`DOCS_PER_CHUNK`] articles), `search/topics/<slug>.json` (article numbers of a topic).

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::views::{self, Model};
use crate::extract::units::strip_links;
use crate::extract::Article;

pub const META_PATH: &str = "search/meta.json";
/// Titles per results file: a page of results rarely needs more than a few of them.
pub const DOCS_PER_CHUNK: usize = 50;
/// Aim for about this many articles' words per terms file.
const ARTICLES_PER_BUCKET: usize = 50;
const MAX_BUCKETS: usize = 1024;
/// Longer "words" are URLs, hashes or glued text, not something anyone types.
const MAX_WORD_BYTES: usize = 40;
/// Articles tokenised at once: bounds the memory of the per-article word lists.
const BATCH: usize = 1024;

/// How many terms files an archive of `articles` articles gets: a power of two, so that the
/// page can pick a file with a mask.
pub fn bucket_count(articles: usize) -> usize {
    (articles / ARTICLES_PER_BUCKET).next_power_of_two().clamp(1, MAX_BUCKETS)
}

pub fn docs_chunks(articles: usize) -> usize {
    articles.div_ceil(DOCS_PER_CHUNK)
}

pub fn terms_path(bucket: usize) -> String {
    format!("search/terms/{bucket}.json")
}

pub fn docs_path(chunk: usize) -> String {
    format!("search/docs/{chunk}.json")
}

pub fn topic_path(slug: &str) -> String {
    format!("search/topics/{slug}.json")
}

/// The words of `text` as the index and the search page see them.
#[cfg(test)]
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    word_spans(text).map(str::to_lowercase)
}

/// The words of `text` before lower-casing.
fn word_spans(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() <= MAX_WORD_BYTES && w.chars().nth(1).is_some())
}

/// 32-bit FNV-1a of the word's first two characters; `search.js` computes the same.
pub fn bucket_of(word: &str, buckets: usize) -> usize {
    let end = word.char_indices().nth(2).map_or(word.len(), |(i, _)| i);
    let mut hash: u32 = 0x811c_9dc5;
    for &byte in &word.as_bytes()[..end] {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize & (buckets - 1)
}

/// Everything searchable about an article, as distinct words ([`words`]): one text
/// holding them all and each word's span in it, so that tokenising makes no string per word.
struct ArticleWords {
    text: String,
    spans: Vec<(u32, u32)>,
}

impl ArticleWords {
    fn iter(&self) -> impl Iterator<Item = &str> {
        self.spans.iter().map(|&(start, end)| &self.text[start as usize..end as usize])
    }
}

fn article_words(a: &Article) -> ArticleWords {
    let mut text =
        String::with_capacity(a.title.len() + 64 + a.body.iter().map(|b| b.text.len() + 1).sum::<usize>());
    for part in
        [Some(&a.title), a.standfirst.as_ref(), a.source.as_ref(), a.byline.as_ref()].into_iter().flatten()
    {
        text.push_str(part);
        text.push('\n');
    }
    for block in &a.body {
        text.push_str(&strip_links(&block.text));
        text.push('\n');
    }
    // The same words as `words(&text)`, lower-cased into one buffer.
    let mut lower = String::with_capacity(text.len());
    let mut spans: Vec<(u32, u32)> = Vec::new();
    for w in word_spans(&text) {
        let start = lower.len();
        if w.is_ascii() {
            lower.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            lower.push_str(&w.to_lowercase());
        }
        spans.push((start as u32, lower.len() as u32));
    }
    // Distinct words in the order they first occur: the order does not matter to the index
    // (each word gets the article's rank once), so a hash set replaces sorting.
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    seen.reserve(spans.len() / 2);
    spans.retain(|&(start, end)| seen.insert(&lower[start as usize..end as usize]));
    drop(seen);
    ArticleWords { text: lower, spans }
}

pub struct SearchIndex {
    /// Per bucket: word -> article ranks, ascending.
    buckets: Vec<BTreeMap<String, Postings>>,
    articles: usize,
}

/// Ascending article ranks, held as LEB128-coded differences while the index waits to be
/// written: most take one byte where a `u32` takes four, and the postings of every word of a
/// large archive are the largest thing a build holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Postings {
    bytes: Vec<u8>,
    last: u32,
}

impl Postings {
    /// Adds `rank`, which must be larger than every rank added before (or the first one).
    fn push(&mut self, rank: u32) {
        let mut difference = rank - self.last;
        self.last = rank;
        loop {
            let low = (difference & 0x7f) as u8;
            difference >>= 7;
            if difference == 0 {
                self.bytes.push(low);
                return;
            }
            self.bytes.push(low | 0x80);
        }
    }

    fn ranks(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.bytes.len());
        let (mut rank, mut difference, mut shift) = (0u32, 0u32, 0);
        for &byte in &self.bytes {
            difference |= u32::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                rank += difference;
                out.push(rank);
                (difference, shift) = (0, 0);
            } else {
                shift += 7;
            }
        }
        out
    }
}

impl SearchIndex {
    pub fn build(model: &Model<'_>) -> SearchIndex {
        let articles = &model.site.articles;
        let mut postings: FxHashMap<String, Postings> = FxHashMap::default();
        let mut rank: u32 = 0;
        for batch in model.orders.chronological.chunks(BATCH) {
            let lists: Vec<ArticleWords> = batch.par_iter().map(|&i| article_words(&articles[i])).collect();
            for list in lists {
                for word in list.iter() {
                    match postings.get_mut(word) {
                        Some(ranks) => ranks.push(rank),
                        None => {
                            let mut ranks = Postings::default();
                            ranks.push(rank);
                            postings.insert(word.to_string(), ranks);
                        }
                    }
                }
                rank += 1;
            }
        }
        let count = bucket_count(model.orders.chronological.len());
        let mut buckets = vec![BTreeMap::new(); count];
        for (word, mut ranks) in postings {
            ranks.bytes.shrink_to_fit();
            buckets[bucket_of(&word, count)].insert(word, ranks);
        }
        SearchIndex { buckets, articles: model.orders.chronological.len() }
    }

    /// `search/meta.json`.
    pub fn meta(&self, model: &Model<'_>) -> Vec<u8> {
        #[derive(Serialize)]
        struct Topic<'a> {
            slug: &'a str,
            name: &'a str,
        }
        #[derive(Serialize)]
        struct Meta<'a> {
            version: u32,
            articles: usize,
            buckets: usize,
            docs_per_chunk: usize,
            topics: Vec<Topic<'a>>,
        }
        let meta = Meta {
            version: 1,
            articles: model.orders.chronological.len(),
            buckets: self.buckets.len(),
            docs_per_chunk: DOCS_PER_CHUNK,
            topics: model.site.topics.topics.iter().map(|t| Topic { slug: &t.slug, name: &t.name }).collect(),
        };
        to_json(&meta)
    }

    /// `search/terms/<bucket>.json`: word -> article ranks, encoded by [`encode`].
    pub fn terms(&self, bucket: usize) -> Vec<u8> {
        let encoded: BTreeMap<&str, Ranks> = self.buckets[bucket]
            .iter()
            .map(|(w, ranks)| (w.as_str(), encode(&ranks.ranks(), self.articles)))
            .collect();
        to_json(&encoded)
    }

    /// `search/docs/<chunk>.json`: `[title, link, date, source, summary]` per article, in rank
    /// order; empty strings where there is nothing.
    pub fn docs(&self, model: &Model<'_>, chunk: usize) -> Vec<u8> {
        let ranks = super::archive::page_slice(&model.orders.chronological, chunk + 1, DOCS_PER_CHUNK);
        let rows: Vec<[String; 5]> = ranks
            .iter()
            .map(|&i| {
                let a = &model.site.articles[i];
                [
                    a.title.clone(),
                    model.article_url(i),
                    a.date.map(crate::dates::iso).unwrap_or_default(),
                    a.source.clone().unwrap_or_default(),
                    views::summary(&views::lead(a)),
                ]
            })
            .collect();
        to_json(&rows)
    }
}

/// `search/topics/<slug>.json`: the ranks of topic `t`'s articles, encoded by [`encode`].
pub fn topic_members(model: &Model<'_>, t: usize) -> Vec<u8> {
    let mut ranks: Vec<u32> =
        model.site.topics.by_topic[t].iter().map(|m| rank_u32(model.orders.rank[m.article])).collect();
    ranks.sort_unstable();
    to_json(&encode(&ranks, model.orders.chronological.len()))
}

/// A list of article ranks as it is written: whichever form is shorter.
#[derive(Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
enum Ranks {
    Deltas(Vec<u32>),
    Bitmap(String),
}

/// Ascending ranks among `total` articles -> differences, or a hex bitmap when that is shorter.
fn encode(ascending: &[u32], total: usize) -> Ranks {
    let differences = deltas(ascending);
    // "[a,b,c]": the digits, a comma between numbers, two brackets.
    let as_array: usize = differences.iter().map(|d| digits(*d) + 1).sum::<usize>() + 1;
    let as_bitmap = total.div_ceil(8) * 2 + 2;
    if as_array <= as_bitmap {
        return Ranks::Deltas(differences);
    }
    let mut bytes = vec![0u8; total.div_ceil(8)];
    for &rank in ascending {
        let rank = rank as usize;
        if let Some(byte) = bytes.get_mut(rank / 8) {
            *byte |= 1 << (rank % 8);
        }
    }
    Ranks::Bitmap(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

fn rank_u32(rank: usize) -> u32 {
    // An archive of four billion articles would not fit in memory long before this.
    u32::try_from(rank).unwrap_or(u32::MAX)
}

/// Ascending numbers -> the first, then the differences.
fn deltas(ascending: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    ascending
        .iter()
        .map(|&n| {
            let d = n - previous;
            previous = n;
            d
        })
        .collect()
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("serialising strings and numbers cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_non_letters_and_lower_case() {
        let got: Vec<String> = words("U.S.-NATO talks: Putin's «Переговоры» 2022 a").collect();
        assert_eq!(got, vec!["nato", "talks", "putin", "переговоры", "2022"]);
    }

    #[test]
    fn bucket_depends_on_the_first_two_letters_only() {
        assert_eq!(bucket_of("negotiate", 256), bucket_of("ne", 256));
        assert_eq!(bucket_of("nato", 1), 0);
        // Pinned values: search.js must compute the same (FNV-1a over UTF-8 bytes).
        assert_eq!(bucket_of("ne", 1024), 60);
        assert_eq!(bucket_of("переговоры", 256), 175);
    }

    #[test]
    fn bucket_counts_grow_with_the_archive() {
        assert_eq!(bucket_count(0), 1);
        assert_eq!(bucket_count(5), 1);
        assert_eq!(bucket_count(10_000), 256);
        assert_eq!(bucket_count(100_000), MAX_BUCKETS);
    }

    #[test]
    fn dense_lists_become_bitmaps_and_sparse_ones_differences() {
        assert_eq!(encode(&[3, 40], 100), Ranks::Deltas(vec![3, 37]));
        // Articles 0, 1, 2 and 9 of 10: bits 0-2 of byte 0, bit 1 of byte 1.
        assert_eq!(encode(&[0, 1, 2, 9], 10), Ranks::Bitmap("0702".into()));
        assert_eq!(serde_json::to_string(&encode(&[0, 1, 2, 9], 10)).unwrap(), "\"0702\"");
        let all: Vec<u32> = (0..1000).collect();
        assert_eq!(encode(&all, 1000), Ranks::Bitmap("ff".repeat(125)));
    }

    #[test]
    fn postings_keep_ranks_of_any_size() {
        let ranks = [0, 1, 127, 128, 300, 16_384, 2_000_000, u32::MAX];
        let mut postings = Postings::default();
        ranks.iter().for_each(|&r| postings.push(r));
        assert_eq!(postings.ranks(), ranks);
        let mut later = Postings::default();
        later.push(5);
        assert_eq!((later.ranks(), later.bytes.len()), (vec![5], 1));
    }

    #[test]
    fn deltas_encode_ascending_lists() {
        assert_eq!(deltas(&[3, 4, 10]), vec![3, 1, 6]);
    }
}
