//! Related articles: for each article, up to five others that share its rarer topics and its
//! distinctive words (TF-IDF cosine over each article's top terms).
//!
//! Candidates come from an inverted index of those top terms, with each posting list cut to
//! its strongest entries, so the work grows with the number of articles, never its square.
//! Ties are broken by article order, so the result is deterministic.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::text::Word;
use super::TopicIndex;

/// Related articles shown per article.
pub const RELATED: usize = 5;
/// Terms kept per article.
const TOP_TERMS: usize = 24;
/// Entries kept per term in the inverted index (the strongest).
const MAX_POSTINGS: usize = 128;
/// Weight of shared topics beside word similarity.
const TOPIC_WEIGHT: f32 = 0.5;
/// Members of an article's rarest topics also become candidates, this many per topic at most.
const TOPIC_CANDIDATES: usize = 200;
/// Below this score an article is not shown as related.
const MIN_SCORE: f32 = 0.05;
/// Articles scored with one set of scratch space.
const SCRATCH_CHUNK: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RelatedArticle {
    pub article: usize,
    pub score: f32,
}

/// Per article, its related articles, best first. `words` holds each article's words.
pub fn related(words: &[Vec<Word>], topics: &TopicIndex) -> Vec<Vec<RelatedArticle>> {
    let counts: Vec<Vec<(u64, u32)>> = words.iter().map(|ws| term_counts(ws)).collect();
    let mut df = FxHashMap::default();
    for c in &counts {
        count_terms(&mut df, c);
    }
    related_by_terms(&term_vectors(&df, counts.len(), |i| counts[i].as_slice()), topics)
}

/// One article's distinct content words with how often each occurs, sorted by term:
/// frequencies by sorting the terms and counting runs, with no map per article.
pub fn term_counts(words: &[Word]) -> Vec<(u64, u32)> {
    let mut terms: Vec<u64> = words.iter().filter(|w| w.content).map(|w| w.hash).collect();
    terms.sort_unstable();
    terms.chunk_by(|a, b| a == b).map(|run| (run[0], run.len() as u32)).collect()
}

/// Adds one article's distinct content words ([`term_counts`]) to the document frequencies.
pub fn count_terms(df: &mut FxHashMap<u64, u32>, counts: &[(u64, u32)]) {
    for (term, _) in counts {
        *df.entry(*term).or_default() += 1;
    }
}

/// Joins the document frequencies of two sets of articles.
pub fn merge_counts(mut a: FxHashMap<u64, u32>, mut b: FxHashMap<u64, u32>) -> FxHashMap<u64, u32> {
    if a.len() < b.len() {
        std::mem::swap(&mut a, &mut b);
    }
    for (term, count) in b {
        *a.entry(term).or_default() += count;
    }
    a
}

/// Each of `n` articles' top terms, L2-normalised, from its term counts `counts(i)`
/// ([`term_counts`]) and the document frequencies `df` of all of them ([`count_terms`]): no
/// stage needs every article's words at once, only each article's top terms.
pub fn term_vectors<C: AsRef<[(u64, u32)]>>(
    df: &FxHashMap<u64, u32>,
    n: usize,
    counts: impl Fn(usize) -> C + Sync,
) -> Vec<Vec<(u64, f32)>> {
    let idf = |term: u64| ((n as f32 + 1.0) / (*df.get(&term).unwrap_or(&0) as f32 + 1.0)).ln();
    (0..n)
        .into_par_iter()
        .map(|i| {
            let mut v: Vec<(u64, f32)> = counts(i)
                .as_ref()
                .iter()
                .map(|&(term, count)| (term, (1.0 + (count as f32).ln()) * idf(term)))
                .filter(|(_, w)| *w > 0.0)
                .collect();
            // The best TOP_TERMS, sorted: terms are distinct, so the order is total and
            // selecting them first gives what sorting all of them would.
            let by_weight = |a: &(u64, f32), b: &(u64, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if v.len() > TOP_TERMS {
                v.select_nth_unstable_by(TOP_TERMS, by_weight);
                v.truncate(TOP_TERMS);
            }
            v.sort_unstable_by(by_weight);
            // Kept for the whole stage: without its room for every other term.
            v.shrink_to_fit();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(f32::EPSILON);
            v.iter_mut().for_each(|(_, w)| *w /= norm);
            v
        })
        .collect()
}

/// Per article, its related articles, best first, from every article's [`term_vectors`].
pub fn related_by_terms(vectors: &[Vec<(u64, f32)>], topics: &TopicIndex) -> Vec<Vec<RelatedArticle>> {
    let n = vectors.len();
    if n < 2 {
        return vec![Vec::new(); n];
    }
    let mut postings: FxHashMap<u64, Vec<(u32, f32)>> = FxHashMap::default();
    for (i, v) in vectors.iter().enumerate() {
        for (term, w) in v {
            postings.entry(*term).or_default().push((i as u32, *w));
        }
    }
    postings.par_iter_mut().for_each(|(_, list)| {
        if list.len() > MAX_POSTINGS {
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(MAX_POSTINGS);
        }
    });
    let topic_idf: Vec<f32> =
        topics.by_topic.iter().map(|m| ((n as f32 + 1.0) / (m.len() as f32 + 1.0)).ln()).collect();
    let topic_lists: Vec<Vec<usize>> =
        topics.by_article.iter().map(|ms| ms.iter().map(|m| m.topic).collect()).collect();

    // Scratch space (a score per article) is made once per chunk of articles, not per
    // article, and left zeroed after each use; chunks keep it from being made per rayon job.
    let ids: Vec<usize> = (0..n).collect();
    let chunks: Vec<Vec<Vec<RelatedArticle>>> = ids
        .par_chunks(SCRATCH_CHUNK)
        .map(|chunk| {
            let mut scratch =
                (vec![0f32; n], Vec::<u32>::new(), vec![0f32; topic_idf.len()], Vec::<RelatedArticle>::new());
            chunk
                .iter()
                .map(|&i| {
                    let (scores, touched, own_weight, ranked) = &mut scratch;
                    for (term, w) in &vectors[i] {
                        for &(j, wj) in postings.get(term).map(Vec::as_slice).unwrap_or(&[]) {
                            if j as usize != i {
                                if scores[j as usize] == 0.0 {
                                    touched.push(j);
                                }
                                scores[j as usize] += w * wj;
                            }
                        }
                    }
                    // Articles sharing the rarest topics are candidates even without shared words.
                    let mut rarest: Vec<usize> = topic_lists[i].clone();
                    rarest.sort_by_key(|&t| (topics.by_topic[t].len(), t));
                    for &t in rarest.iter().take(2) {
                        for m in topics.by_topic[t].iter().take(TOPIC_CANDIDATES) {
                            if m.article != i && scores[m.article] == 0.0 {
                                touched.push(m.article as u32);
                                // A tiny mark so that the article is not pushed twice.
                                scores[m.article] = f32::MIN_POSITIVE;
                            }
                        }
                    }
                    let own: f32 = topic_lists[i].iter().map(|&t| topic_idf[t]).sum();
                    // The weight of each of this article's topics, zero for the others, so that what
                    // a candidate shares is one lookup per topic of the candidate.
                    for &t in &topic_lists[i] {
                        own_weight[t] = topic_idf[t];
                    }
                    // Each candidate keeps its place in the best few (kept sorted) if its score
                    // with the shared topics earns it. The topics add at most TOPIC_WEIGHT, so a
                    // candidate whose words fall that far below the last of the best few so far
                    // cannot enter, and its topics are never looked at. The best few only get
                    // better, so the order of the candidates does not change the result, and
                    // they need no sorting: the result is the same as scoring all of them.
                    let order = |a: &RelatedArticle, b: &RelatedArticle| {
                        b.score.total_cmp(&a.score).then(a.article.cmp(&b.article))
                    };
                    // A hair over TOPIC_WEIGHT: a sum of shares can round a little above one.
                    let reach = TOPIC_WEIGHT * 1.001;
                    ranked.clear();
                    for &j in touched.iter() {
                        let j = j as usize;
                        let words_score = std::mem::take(&mut scores[j]);
                        if ranked.len() == RELATED && words_score + reach < ranked[RELATED - 1].score {
                            continue;
                        }
                        let shared: f32 = topic_lists[j].iter().map(|&t| own_weight[t]).sum();
                        let topical = if own > 0.0 { shared / own } else { 0.0 };
                        let candidate =
                            RelatedArticle { article: j, score: words_score + TOPIC_WEIGHT * topical };
                        if candidate.score < MIN_SCORE {
                            continue;
                        }
                        let at = ranked.partition_point(|r| order(r, &candidate).is_lt());
                        if at < RELATED {
                            ranked.insert(at, candidate);
                            ranked.truncate(RELATED);
                        }
                    }
                    touched.clear();
                    for &t in &topic_lists[i] {
                        own_weight[t] = 0.0;
                    }
                    ranked.to_vec()
                })
                .collect()
        })
        .collect();
    chunks.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Alias, TopicConfig};
    use crate::extract::{extract, tests::source, Article};
    use crate::topics::text::words;

    fn article(title: &str, body: &str) -> Article {
        extract(&source("a.txt", &format!("{title}\n\n{body}\n")), &Default::default()).0
    }

    #[test]
    fn articles_sharing_words_and_topics_are_related_and_others_not() {
        let articles = vec![
            article("Grain corridor talks resume", "Negotiators met in Istanbul to discuss the Black Sea grain corridor and shipping insurance for the ports."),
            article("Football club wins the cup", "The club won the cup final after extra time, the fans celebrated in the square all night."),
            article("Black Sea grain deal in doubt", "Shipping insurance costs rose as the grain corridor deal from the Black Sea ports was in doubt again."),
            article("Cup final tickets sold out", "Tickets for the cup final sold out within an hour, the club said, as fans queued overnight."),
        ];
        let configs = vec![TopicConfig {
            name: "Grain".into(),
            slug: None,
            description: String::new(),
            aliases: vec![Alias::Text("grain".into())],
        }];
        let index = TopicIndex::build(&articles, &configs);
        let words: Vec<_> = articles.iter().map(words).collect();
        let related = related(&words, &index);
        assert_eq!(related[0][0].article, 2);
        assert_eq!(related[1][0].article, 3);
        assert!(related[0].iter().all(|r| r.article != 1));
        // Deterministic: the same input gives the same order.
        assert_eq!(related, super::related(&words, &index));
    }
}
