//! View structs: what templates see. Domain types can change without breaking themes.

use serde::Serialize;

use super::markdown::{body_html, escape, TopicLinks};
use crate::extract::Article;
use crate::topics::Membership;
use crate::Site;

/// Data shared by every view, computed once per build.
pub(super) struct Model<'a> {
    pub site: &'a Site,
    /// Article indices, newest first, undated last.
    pub chronological: Vec<usize>,
    /// Each article's position in `chronological`.
    pub rank: Vec<usize>,
}

impl<'a> Model<'a> {
    pub fn new(site: &'a Site) -> Model<'a> {
        let mut chronological: Vec<usize> = (0..site.articles.len()).collect();
        chronological.sort_by(|&a, &b| {
            let (x, y) = (&site.articles[a], &site.articles[b]);
            y.date.cmp(&x.date).then_with(|| x.title.cmp(&y.title)).then(a.cmp(&b))
        });
        // `Option` orders None first; undated articles go last.
        chronological.sort_by_key(|&i| site.articles[i].date.is_none());
        let mut rank = vec![0; chronological.len()];
        for (position, &i) in chronological.iter().enumerate() {
            rank[i] = position;
        }
        Model { site, chronological, rank }
    }

    fn card(&self, i: usize) -> ArticleCard {
        let a = &self.site.articles[i];
        ArticleCard {
            title: a.title.clone(),
            url: article_url(a),
            date: a.date.map(|d| d.format("%Y-%m-%d").to_string()),
            source: a.source.clone(),
            topics: self.site.topics.by_article[i].iter().map(|m| self.chip(m)).collect(),
        }
    }

    fn chip(&self, m: &Membership) -> TopicChip {
        let t = &self.site.topics.topics[m.topic];
        TopicChip {
            name: t.name.clone(),
            url: format!("topics/{}/", t.slug),
            main: m.main,
            mentions: m.mentions,
        }
    }

    fn topic_card(&self, t: usize) -> TopicCard {
        let topic = &self.site.topics.topics[t];
        let members = &self.site.topics.by_topic[t];
        TopicCard {
            name: topic.name.clone(),
            slug: topic.slug.clone(),
            url: format!("topics/{}/", topic.slug),
            description: topic.description.clone(),
            count: members.len(),
            main_count: members.iter().filter(|m| m.main).count(),
        }
    }
}

fn article_url(a: &Article) -> String {
    format!("articles/{}/", a.slug)
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    description: String,
    language: String,
    base_url: String,
}

impl SiteView {
    fn new(site: &Site) -> SiteView {
        let c = &site.config;
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            base_url: c.base_url.trim_end_matches('/').to_string(),
        }
    }
}

#[derive(Serialize)]
struct ArticleCard {
    title: String,
    /// Relative to the site root, e.g. `articles/slug/`; templates prefix `root`.
    url: String,
    /// `YYYY-MM-DD`, or none when the text states no date.
    date: Option<String>,
    source: Option<String>,
    topics: Vec<TopicChip>,
}

#[derive(Serialize)]
struct TopicChip {
    name: String,
    url: String,
    /// The article is mainly about this topic, not mentioning it in passing.
    main: bool,
    mentions: usize,
}

#[derive(Serialize)]
struct TopicCard {
    name: String,
    slug: String,
    url: String,
    description: String,
    count: usize,
    main_count: usize,
}

#[derive(Serialize)]
struct RemovedView {
    line: usize,
    text: String,
    reason: String,
}

#[derive(Serialize)]
pub(super) struct ArticleView {
    site: SiteView,
    article: ArticleCard,
    byline: Option<String>,
    original_source: Option<String>,
    standfirst: Option<String>,
    url_original: Option<String>,
    date_note: Option<String>,
    /// Safe HTML: built from escaped text by pulldown-cmark.
    body_html: String,
    removed: Vec<RemovedView>,
    show_removed: bool,
    source_file: String,
    description: String,
}

impl ArticleView {
    pub fn new(model: &Model<'_>, i: usize) -> ArticleView {
        let site = model.site;
        let a = &site.articles[i];
        let mut pending = vec![None; site.topics.topics.len()];
        for m in &site.topics.by_article[i] {
            pending[m.topic] = Some(format!("../../topics/{}/", site.topics.topics[m.topic].slug));
        }
        let mut links = TopicLinks { matcher: &site.topics.matcher, pending };
        let body_html = body_html(&a.body, a.markdown, &mut links);
        let lead = a.standfirst.clone().or_else(|| {
            a.body
                .iter()
                .find(|b| b.kind == crate::extract::BlockKind::Paragraph)
                .map(|b| crate::extract::units::strip_links(&b.text))
        });
        ArticleView {
            site: SiteView::new(site),
            article: model.card(i),
            byline: a.byline.clone(),
            original_source: a.original_source.clone(),
            standfirst: a.standfirst.clone(),
            url_original: a.url.clone(),
            date_note: a.date_note.clone(),
            body_html,
            removed: a
                .removed
                .iter()
                .map(|r| RemovedView { line: r.line, text: r.text.clone(), reason: r.reason.clone() })
                .collect(),
            show_removed: site.config.extract.show_removed,
            source_file: a.path.display().to_string(),
            description: summary(lead.as_deref().unwrap_or(&a.title)),
        }
    }
}

/// The first sentence or so, for meta descriptions.
fn summary(text: &str) -> String {
    let first = crate::extract::sentences(text).into_iter().next().unwrap_or(text).trim();
    let mut s: String = first.chars().take(200).collect();
    if first.chars().count() > 200 {
        s.push('\u{2026}');
    }
    s
}

#[derive(Serialize)]
struct TopicEntry {
    article: ArticleCard,
    mentions: usize,
    main: bool,
    /// Safe HTML: the escaped sentence with the mention in `<mark>`.
    context_html: String,
}

#[derive(Serialize)]
pub(super) struct TopicView {
    site: SiteView,
    topic: TopicCard,
    main: Vec<TopicEntry>,
    mentioned: Vec<TopicEntry>,
}

impl TopicView {
    pub fn new(model: &Model<'_>, t: usize) -> TopicView {
        let site = model.site;
        let members = &site.topics.by_topic[t];
        let entry = |m: &Membership| TopicEntry {
            article: model.card(m.article),
            mentions: m.mentions,
            main: m.main,
            context_html: highlight(&m.context.sentence, m.context.start, m.context.end),
        };
        let mut ordered: Vec<&Membership> = members.iter().collect();
        ordered.sort_by_key(|m| model.rank[m.article]);
        TopicView {
            site: SiteView::new(site),
            topic: model.topic_card(t),
            main: ordered.iter().filter(|m| m.main).map(|m| entry(m)).collect(),
            mentioned: ordered.iter().filter(|m| !m.main).map(|m| entry(m)).collect(),
        }
    }
}

fn highlight(sentence: &str, start: usize, end: usize) -> String {
    if start >= end
        || end > sentence.len()
        || !sentence.is_char_boundary(start)
        || !sentence.is_char_boundary(end)
    {
        return escape(sentence);
    }
    format!(
        "{}<mark>{}</mark>{}",
        escape(&sentence[..start]),
        escape(&sentence[start..end]),
        escape(&sentence[end..])
    )
}

#[derive(Serialize)]
pub(super) struct HomeView {
    site: SiteView,
    articles: Vec<ArticleCard>,
    topics: Vec<TopicCard>,
}

impl HomeView {
    pub fn new(model: &Model<'_>) -> HomeView {
        HomeView {
            site: SiteView::new(model.site),
            articles: model.chronological.iter().map(|&i| model.card(i)).collect(),
            topics: (0..model.site.topics.topics.len()).map(|t| model.topic_card(t)).collect(),
        }
    }
}

#[derive(Serialize)]
pub(super) struct TopicListView {
    site: SiteView,
    topics: Vec<TopicCard>,
}

impl TopicListView {
    pub fn new(model: &Model<'_>) -> TopicListView {
        TopicListView {
            site: SiteView::new(model.site),
            topics: (0..model.site.topics.topics.len()).map(|t| model.topic_card(t)).collect(),
        }
    }
}

/// What a page of `kind` shows of article `i`, serialized; see [`super::article_entries`].
/// Keep it in step with the views above: it must change whenever their part for `i` does.
pub(super) fn entry_of(model: &Model<'_>, kind: super::PageKind, i: usize) -> Option<Vec<u8>> {
    use super::PageKind;
    let bytes = match kind {
        PageKind::Article(a) if a == i => serde_json::to_vec(&ArticleView::new(model, i)),
        // Cards carry the title, date and source (the order of the lists) and the topics with
        // their main flags (the topic counts).
        PageKind::Home | PageKind::TopicIndex => serde_json::to_vec(&model.card(i)),
        PageKind::Topic(t) => {
            let m = model.site.topics.by_article.get(i)?.iter().find(|m| m.topic == t);
            let entry = m.map(|m| TopicEntry {
                article: model.card(i),
                mentions: m.mentions,
                main: m.main,
                context_html: highlight(&m.context.sentence, m.context.start, m.context.end),
            });
            serde_json::to_vec(&entry)
        }
        _ => return None,
    };
    bytes.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_escapes_every_part() {
        assert_eq!(highlight("a <b> NATO & c", 6, 10), "a &lt;b&gt; <mark>NATO</mark> &amp; c");
    }
}
