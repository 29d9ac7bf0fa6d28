//! `&[Article]` + topic config -> [`TopicIndex`]: which articles mention which topics, how
//! much, where, and the sentence that says so.
//!
//! Mentions are counted in the title, standfirst and body only, never in removed boilerplate.
//! Work is per article and parallel; nothing here compares articles with each other.

pub mod duplicates;
pub mod matcher;
pub mod related;
pub mod suggest;
mod text;

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::TopicConfig;
use crate::extract::units::strip_links;
use crate::extract::Article;
pub use matcher::{Hit, Matcher};

use crate::config::RelevanceConfig;

#[derive(Debug, Clone, Serialize)]
pub struct Topic {
    pub name: String,
    pub slug: String,
    pub description: String,
}

/// One article's relation to one topic.
#[derive(Debug, Clone, Serialize)]
pub struct Membership {
    pub article: usize,
    pub topic: usize,
    pub mentions: usize,
    pub in_title: bool,
    /// In the standfirst or the first paragraphs.
    pub in_lead: bool,
    /// Body paragraphs with at least one mention.
    pub paragraphs: usize,
    /// The topic is what the article is about, not a passing mention.
    pub main: bool,
    /// The sentence of the first mention, and the mention's byte range within it.
    pub context: Context,
    /// Named in front matter rather than found in the text.
    pub declared: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// Shared by the copies of a membership (by article and by topic).
    pub sentence: Arc<str>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
pub struct TopicIndex {
    pub topics: Vec<Topic>,
    pub matcher: Matcher,
    /// Per topic, its members in article order.
    pub by_topic: Vec<Vec<Membership>>,
    /// Per article, its topics in topic order.
    pub by_article: Vec<Vec<Membership>>,
    /// Per article, related articles best first; empty until [`TopicIndex::link_articles`].
    pub related: Vec<Vec<related::RelatedArticle>>,
    /// Near-duplicate stories; empty until [`TopicIndex::link_articles`].
    pub duplicates: duplicates::Duplicates,
}

impl TopicIndex {
    /// The index with the default relevance rules.
    pub fn build(articles: &[Article], configs: &[TopicConfig]) -> TopicIndex {
        TopicIndex::build_with(articles, configs, &RelevanceConfig::default())
    }

    pub fn build_with(articles: &[Article], configs: &[TopicConfig], rules: &RelevanceConfig) -> TopicIndex {
        let matcher = Matcher::new(configs);
        let topics: Vec<Topic> = configs
            .iter()
            .map(|c| Topic { name: c.name.clone(), slug: c.slug(), description: c.description.clone() })
            .collect();
        let by_article: Vec<Vec<Membership>> = articles
            .par_iter()
            .enumerate()
            .map(|(i, a)| memberships(i, a, &matcher, &topics, rules))
            .collect();
        // Sized first: lists grown one push at a time copy their memberships again and
        // again into fresh pages (tens of megabytes at 10,000 articles with 200 topics).
        let mut sizes = vec![0usize; topics.len()];
        for m in by_article.iter().flatten() {
            sizes[m.topic] += 1;
        }
        let mut by_topic: Vec<Vec<Membership>> = sizes.into_iter().map(Vec::with_capacity).collect();
        for list in &by_article {
            for m in list {
                by_topic[m.topic].push(m.clone());
            }
        }
        let n = articles.len();
        TopicIndex {
            topics,
            matcher,
            by_topic,
            by_article,
            related: vec![Vec::new(); n],
            duplicates: duplicates::Duplicates { of: vec![Vec::new(); n], exact: Vec::new() },
        }
    }

    /// Finds related articles and near-duplicates: the corpus-wide step, kept apart so that a
    /// rebuild can decide when to pay for it.
    pub fn link_articles(&mut self, articles: &[Article]) {
        self.link_holding(articles, crate::HELD_TEXT_BYTES);
    }

    /// [`TopicIndex::link_articles`], holding at most `held_bytes` of term counts.
    fn link_holding(&mut self, articles: &[Article], held_bytes: usize) {
        // An article's words are the largest thing here, so they are never all held at once:
        // each article's are made for the document frequencies and the copies' signatures.
        // Its term counts, for its top terms, are kept from that pass where the corpus is
        // small enough (`HELD_TEXT_BYTES`); in a larger one its words are made a second time.
        let mut prepared: Vec<duplicates::Prepared> = vec![(None, 0); articles.len()];
        let mut held: Vec<Option<Vec<(u64, u32)>>> = vec![None; articles.len()];
        let room = AtomicUsize::new(if crate::text_bytes(articles) <= held_bytes { held_bytes } else { 0 });
        let df = prepared
            .par_iter_mut()
            .zip(held.par_iter_mut())
            .zip(articles.par_iter())
            .fold(rustc_hash::FxHashMap::default, |mut df, ((slot, keep), a)| {
                let words = text::words(a);
                *slot = duplicates::prepare(&words, a.title.split_whitespace().count());
                let mut counts = related::term_counts(&words);
                related::count_terms(&mut df, &counts);
                let size = counts.len() * std::mem::size_of::<(u64, u32)>();
                if room.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |r| r.checked_sub(size)).is_ok() {
                    counts.shrink_to_fit();
                    *keep = Some(counts);
                }
                df
            })
            .reduce(rustc_hash::FxHashMap::default, related::merge_counts);
        // One after the other, each parallel inside: the signatures go before the term
        // vectors are made, and the held counts before the articles are scored, so that no
        // two of them take memory at once.
        let duplicates = duplicates::find_prepared(&prepared);
        drop(prepared);
        let vectors = related::term_vectors(&df, articles.len(), |i| match &held[i] {
            Some(counts) => Cow::Borrowed(counts.as_slice()),
            None => Cow::Owned(related::term_counts(&text::words(&articles[i]))),
        });
        drop(held);
        drop(df);
        self.related = related::related_by_terms(&vectors, self);
        self.duplicates = duplicates;
    }
}

/// Where a piece of an article's text sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Title,
    Standfirst,
    Heading(usize),
    Paragraph(usize),
}

fn memberships(
    index: usize,
    article: &Article,
    matcher: &Matcher,
    topics: &[Topic],
    rules: &RelevanceConfig,
) -> Vec<Membership> {
    let mut pieces: Vec<(Place, Cow<'_, str>)> = vec![(Place::Title, Cow::Borrowed(&article.title))];
    if let Some(s) = &article.standfirst {
        pieces.push((Place::Standfirst, Cow::Borrowed(s)));
    }
    let mut paragraph = 0;
    for block in &article.body {
        let text = strip_links(&block.text);
        match block.kind {
            crate::extract::BlockKind::Heading => pieces.push((Place::Heading(paragraph), text)),
            crate::extract::BlockKind::Paragraph => {
                pieces.push((Place::Paragraph(paragraph), text));
                paragraph += 1;
            }
        }
    }
    let mut out: Vec<Membership> = Vec::new();
    for (place, text) in &pieces {
        let mut counted_paragraph: Vec<usize> = Vec::new();
        // The piece's sentences, split once however many topics it introduces.
        let mut sentences: Option<Vec<&str>> = None;
        let mut context = |hit: Hit| {
            let sentences = sentences.get_or_insert_with(|| crate::extract::sentences(text));
            context_in(sentences, text, hit)
        };
        for hit in matcher.find(text) {
            let entry = match out.iter_mut().find(|m| m.topic == hit.topic) {
                Some(m) => m,
                None => {
                    out.push(Membership {
                        article: index,
                        topic: hit.topic,
                        mentions: 0,
                        in_title: false,
                        in_lead: false,
                        paragraphs: 0,
                        main: false,
                        context: context(hit),
                        declared: false,
                    });
                    out.last_mut().expect("just pushed")
                }
            };
            entry.mentions += 1;
            match *place {
                Place::Title => entry.in_title = true,
                Place::Standfirst => entry.in_lead = true,
                Place::Paragraph(p) | Place::Heading(p) => {
                    if p < rules.lead_paragraphs {
                        entry.in_lead = true;
                    }
                    if matches!(place, Place::Paragraph(_)) && !counted_paragraph.contains(&hit.topic) {
                        counted_paragraph.push(hit.topic);
                        entry.paragraphs += 1;
                    }
                }
            }
            // A sentence from the body says more than the title repeated.
            if *entry.context.sentence == *article.title && *place != Place::Title {
                entry.context = context(hit);
            }
        }
    }
    for name in &article.declared_topics {
        let wanted = crate::slugs::slugify(name);
        if let Some(t) = topics.iter().position(|t| t.slug == wanted) {
            match out.iter_mut().find(|m| m.topic == t) {
                Some(m) => m.declared = true,
                None => out.push(Membership {
                    article: index,
                    topic: t,
                    mentions: 0,
                    in_title: false,
                    in_lead: false,
                    paragraphs: 0,
                    main: true,
                    context: Context { sentence: Arc::from(""), start: 0, end: 0 },
                    declared: true,
                }),
            }
        }
    }
    for m in &mut out {
        m.main = m.main
            || m.declared
            || (rules.title && m.in_title)
            || m.in_lead
            || m.paragraphs >= rules.min_paragraphs;
    }
    out.sort_by_key(|m| m.topic);
    out
}

/// The sentence around `hit` in `text`, with the hit's range inside it.
#[cfg(test)]
fn context(text: &str, hit: Hit) -> Context {
    context_in(&crate::extract::sentences(text), text, hit)
}

/// [`context`] with `text` already split into `sentences`, which cover it in order.
fn context_in(sentences: &[&str], text: &str, hit: Hit) -> Context {
    let mut offset = 0;
    for sentence in sentences {
        let end = offset + sentence.len();
        if hit.start >= offset && hit.end <= end {
            let trimmed_start = sentence.len() - sentence.trim_start().len();
            let s = sentence.trim();
            let start = hit.start - offset - trimmed_start;
            return Context { sentence: Arc::from(s), start, end: start + (hit.end - hit.start) };
        }
        offset = end;
    }
    Context { sentence: Arc::from(text), start: hit.start, end: hit.end }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_the_sentence_of_the_mention() {
        let text = "First sentence here. Then NATO said no. Last one.";
        let c = context(text, Hit { topic: 0, start: 26, end: 30 });
        assert_eq!(&*c.sentence, "Then NATO said no.");
        assert_eq!(&c.sentence[c.start..c.end], "NATO");
    }

    #[test]
    fn related_articles_are_the_same_with_term_counts_held_or_made_again() {
        use crate::extract::{extract, tests::source};
        let articles: Vec<Article> = [
            (
                "Grain corridor talks resume",
                "Negotiators met in Istanbul on the Black Sea grain corridor and shipping insurance.",
            ),
            (
                "Football club wins the cup",
                "The club won the cup final after extra time, and the fans sang all night.",
            ),
            (
                "Black Sea grain deal in doubt",
                "Shipping insurance rose as the grain corridor deal for the Black Sea ports was in doubt.",
            ),
            (
                "Cup final tickets sold out",
                "Tickets for the cup final sold out within an hour, the club said, as fans queued.",
            ),
            (
                "Ports reopen for grain ships",
                "Grain ships left the Black Sea ports under the corridor deal, with insurance agreed.",
            ),
        ]
        .iter()
        .enumerate()
        .map(|(i, (title, body))| {
            extract(&source(&format!("{i}.txt"), &format!("{title}\n\n{body}\n")), &Default::default()).0
        })
        .collect();
        let related = |held_bytes: usize| {
            let mut index = TopicIndex::build(&articles, &[]);
            index.link_holding(&articles, held_bytes);
            index.related
        };
        let made_again = related(0);
        assert!(made_again[0].iter().any(|r| r.article == 2), "{made_again:?}");
        // All held, and held until the room runs out part of the way (the counts take more
        // bytes than these short texts).
        assert_eq!(related(usize::MAX), made_again);
        let text: usize = articles.iter().flat_map(|a| &a.body).map(|b| b.text.len()).sum();
        assert_eq!(related(text), made_again);
    }
}
