//! View structs: what templates see. Domain types can change without breaking themes.
//!
//! Every view carries `site` (title, navigation links) and `head` (title, description,
//! canonical URL, OpenGraph type); list views carry a `paginator`. URLs are relative to the
//! site root (templates prefix `root`) and already end in `index.html` when the site asks.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::archive::{self, LinkStyle, Paginator, SourceGroup};
use super::markdown::{body_html, escape, TopicLinks};
use super::search::SearchIndex;
use crate::extract::{Article, BlockKind};
use crate::topics::Membership;
use crate::Site;

/// Data shared by every view, computed once per build.
/// Topic chips shown on an article card in lists.
const CARD_CHIPS: usize = 5;

pub(super) struct Model<'a> {
    pub site: &'a Site,
    pub orders: &'a Orders,
    pub links: LinkStyle,
    pub per_page: usize,
    /// Built only when search files are rendered: it is the costly part of a build.
    pub search: Option<SearchIndex>,
    /// Per topic: coverage over time, topics seen with it, sources that cover it; made
    /// when a topic page first needs it (an article-only rebuild does not).
    topic_stats: Vec<std::sync::OnceLock<super::insight::TopicStats>>,
    /// Every article's topics, as those statistics read them; made with the first of them.
    article_topics: std::sync::OnceLock<super::insight::ArticleTopics>,
    /// Per article, its card summary, made once however many lists show the card.
    summaries: Vec<std::sync::OnceLock<String>>,
    /// Per article, its whole card, made once, where the corpus is small enough
    /// ([`crate::HELD_TEXT_BYTES`]); empty in a larger one, whose cards are made for each list.
    cards: Vec<std::sync::OnceLock<tera::Value>>,
    /// Per topic, its name and the link to its page, shared by every chip that shows it: an
    /// article page can show dozens.
    topic_links: Vec<(Arc<str>, Arc<str>)>,
    /// Per topic and number of mentions, the chip of an article mainly about the topic, as
    /// a template value made the first time a card shows it: cards are made again for every
    /// list that shows them, and a chip is the same for each article with those mentions.
    chip_values: Vec<Vec<std::sync::OnceLock<tera::Value>>>,
    /// The site-wide part of every page, as a template value made once.
    site_value: tera::Value,
    site_view: SiteView,
}

/// How the site's lists order its articles: the part of the page model that reads every
/// article's date, title, publisher and topics. `serve` keeps it across edits that change
/// none of those, so that a body edit does not read the whole corpus again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orders {
    /// Article indices, newest first, undated last.
    pub(super) chronological: Vec<usize>,
    /// Each article's position in `chronological`.
    pub(super) rank: Vec<usize>,
    pub(super) sources: Vec<SourceGroup>,
    /// Per article, its source group, if it has one.
    pub(super) source_of: Vec<Option<usize>>,
    /// Per topic, its members (indices into `by_topic[t]`): main coverage first, then passing
    /// mentions, each newest first. Sorted once here rather than once per topic page.
    pub(super) topic_orders: Vec<Vec<usize>>,
    /// Per topic, how many of its members cover it mainly.
    pub(super) main_counts: Vec<usize>,
    /// Runs of articles in `chronological` that share a year (none for undated ones):
    /// (year, first position, count).
    pub(super) years: Vec<(Option<i32>, usize, usize)>,
}

/// Every article's index, newest first; `Option` orders None below every date, so undated
/// articles come last; then by title, then by index, so the order is total. The sort reads
/// each article once: it compares the date and the first bytes of the title gathered into one
/// array, and goes back to whole titles only where those are equal.
fn chronological_order(site: &Site) -> Vec<usize> {
    const PREFIX: usize = 16;
    let mut keyed: Vec<(std::cmp::Reverse<Option<chrono::NaiveDate>>, [u8; PREFIX], usize)> = site
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            // Zero-padded: where two padded prefixes differ they order as the titles do.
            let mut prefix = [0u8; PREFIX];
            let bytes = a.title.as_bytes();
            let n = bytes.len().min(PREFIX);
            prefix[..n].copy_from_slice(&bytes[..n]);
            (std::cmp::Reverse(a.date), prefix, i)
        })
        .collect();
    keyed
        .sort_unstable_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)).then_with(|| chronological_cmp(site, x.2, y.2)));
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// How article `x` and article `y` compare in the chronological order (newest first,
/// undated last, then by title, then by index); [`chronological_order`] sorts by it.
fn chronological_cmp(site: &Site, x: usize, y: usize) -> std::cmp::Ordering {
    let (a, b) = (&site.articles[x], &site.articles[y]);
    (std::cmp::Reverse(a.date), &a.title).cmp(&(std::cmp::Reverse(b.date), &b.title)).then(x.cmp(&y))
}

/// Main coverage first, each part newest first: the order of a topic's members, as indices
/// into `members`.
fn topic_order(members: &[Membership], rank: &[usize]) -> Vec<usize> {
    // Ranks are distinct, so the order is total and an unstable sort is exact; the keys are
    // gathered first so that the sort reads one array, not the memberships.
    let mut keyed: Vec<(bool, usize, usize)> =
        members.iter().enumerate().map(|(m, x)| (!x.main, rank[x.article], m)).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, m)| m).collect()
}

impl Orders {
    /// Brings the orders up to date after edits that kept every article's date and
    /// publisher and added or removed none: articles `retitled` have new titles, topics
    /// `topics` new members or new main coverage (the topics of retitled articles must be
    /// among them). Reads those articles, topics and their neighbours only; anything else
    /// needs [`Orders::new`].
    pub fn update(&mut self, site: &Site, retitled: &[usize], topics: &[usize]) {
        // All of them leave first, so that each goes back into a list in order.
        let mut from: Vec<usize> = retitled.iter().map(|&i| self.rank[i]).collect();
        from.sort_unstable();
        for &position in from.iter().rev() {
            self.chronological.remove(position);
        }
        let mut touched = from;
        for &i in retitled {
            let to = self.chronological.partition_point(|&j| chronological_cmp(site, j, i).is_lt());
            self.chronological.insert(to, i);
            touched.push(to);
        }
        // Articles before the first place touched and after the last keep their positions;
        // a later insertion can push an earlier one up by one place each.
        if let (Some(&lo), Some(&hi)) = (touched.iter().min(), touched.iter().max()) {
            for position in lo..=(hi + retitled.len()).min(self.chronological.len() - 1) {
                self.rank[self.chronological[position]] = position;
            }
        }
        // A new title moves an article among articles of the same date only, so the runs of
        // years stay; within its publisher's list it moves the same way.
        for &i in retitled {
            if let Some(group) = self.source_of[i].and_then(|g| self.sources.get_mut(g)) {
                group.articles.retain(|&j| j != i);
            }
        }
        for &i in retitled {
            if let Some(group) = self.source_of[i].and_then(|g| self.sources.get_mut(g)) {
                let at = group.articles.partition_point(|&j| self.rank[j] < self.rank[i]);
                group.articles.insert(at, i);
            }
        }
        for &t in topics {
            let members = &site.topics.by_topic[t];
            self.topic_orders[t] = topic_order(members, &self.rank);
            self.main_counts[t] = members.iter().filter(|m| m.main).count();
        }
    }

    pub fn new(site: &Site) -> Orders {
        let chronological = chronological_order(site);
        let mut rank = vec![0; chronological.len()];
        for (position, &i) in chronological.iter().enumerate() {
            rank[i] = position;
        }
        let sources = archive::sources(site, &chronological);
        let mut source_of = vec![None; site.articles.len()];
        for (s, group) in sources.iter().enumerate() {
            for &i in &group.articles {
                source_of[i] = Some(s);
            }
        }
        let topic_orders =
            site.topics.by_topic.par_iter().map(|members| topic_order(members, &rank)).collect();
        let main_counts =
            site.topics.by_topic.iter().map(|ms| ms.iter().filter(|m| m.main).count()).collect();
        let mut years: Vec<(Option<i32>, usize, usize)> = Vec::new();
        for (position, &i) in chronological.iter().enumerate() {
            let year = year_month(&site.articles[i]).map(|(y, _)| y);
            match years.last_mut() {
                Some(run) if run.0 == year => run.2 += 1,
                _ => years.push((year, position, 1)),
            }
        }
        Orders { chronological, rank, sources, source_of, topic_orders, main_counts, years }
    }
}

impl<'a> Model<'a> {
    /// The page model of `site`, whose lists `orders` (made from this same site) orders.
    pub fn new(site: &'a Site, orders: &'a Orders) -> Model<'a> {
        let links = LinkStyle { index_html: site.config.pages.link_index_html };
        Model {
            site,
            orders,
            links,
            per_page: site.config.pages.per_page.get(),
            search: None,
            topic_stats: (0..site.topics.topics.len()).map(|_| std::sync::OnceLock::new()).collect(),
            article_topics: std::sync::OnceLock::new(),
            summaries: (0..site.articles.len()).map(|_| std::sync::OnceLock::new()).collect(),
            cards: if crate::held_text(&site.articles) {
                (0..site.articles.len()).map(|_| std::sync::OnceLock::new()).collect()
            } else {
                Vec::new()
            },
            topic_links: site
                .topics
                .topics
                .iter()
                .map(|t| (Arc::from(t.name.as_str()), Arc::from(links.dir(&format!("topics/{}/", t.slug)))))
                .collect(),
            chip_values: site
                .topics
                .by_topic
                .iter()
                .map(|members| {
                    let most = members.iter().filter(|m| m.main).map(|m| m.mentions).max();
                    most.map_or(0, |n| n + 1)
                })
                .map(|n| (0..n).map(|_| std::sync::OnceLock::new()).collect())
                .collect(),
            site_value: tera::Value::from_serializable(&SiteView::new(site, links)),
            site_view: SiteView::new(site, links),
        }
    }

    /// Whether feeds and the sitemap can be written: they need absolute URLs.
    pub fn has_base_url(&self) -> bool {
        !self.site_view.base_url.is_empty()
    }

    /// The absolute URL of folder `dir` (relative to the root), when `base_url` is set.
    pub fn absolute(&self, dir: &str) -> Option<String> {
        self.has_base_url().then(|| format!("{}/{dir}", self.site_view.base_url))
    }

    pub fn site_view(&self) -> tera::Value {
        self.site_value.clone()
    }

    pub fn article_url(&self, i: usize) -> String {
        self.links.dir_owned(article_dir(&self.site.articles[i]))
    }

    /// Article `i`'s card as shown in lists.
    pub fn card(&self, i: usize) -> tera::Value {
        // A large archive's cards are made each time a list shows them: kept for every
        // article, they would take about as much memory as its text. The summary is kept.
        let make = || tera::Value::from_serializable(&self.card_data(i));
        match self.cards.get(i) {
            Some(card) => card.get_or_init(make).clone(),
            None => make(),
        }
    }

    fn card_data(&self, i: usize) -> ArticleCard<'_> {
        let a = &self.site.articles[i];
        ArticleCard {
            title: &a.title,
            url: self.article_url(i),
            date: a.date.map(crate::dates::iso),
            date_long: a.date.map(crate::dates::long),
            source: a.source.as_deref(),
            source_url: self.orders.source_of[i].map(|s| self.links.dir(&self.orders.sources[s].dir())),
            summary: self.summaries[i].get_or_init(|| summary(&lead(a))),
            topics: self.chips(i),
        }
    }

    /// The topics a card shows: those the article mainly covers, at most five, rarest
    /// first so that the chips say what is particular about it. With hundreds of topics an
    /// article mentions dozens in passing; listing them all would bury the main ones.
    fn chips(&self, i: usize) -> Vec<tera::Value> {
        self.chip_topics(i).map(|m| self.chip(m)).collect()
    }

    /// The memberships whose chips a card shows, in the order it shows them.
    fn chip_topics(&self, i: usize) -> impl Iterator<Item = &'a Membership> {
        let topics = &self.site.topics;
        let mut main: Vec<&Membership> = topics.by_article[i].iter().filter(|m| m.main).collect();
        main.sort_by_key(|m| (topics.by_topic[m.topic].len(), m.topic));
        main.truncate(CARD_CHIPS);
        main.sort_by_key(|m| m.topic);
        main.into_iter()
    }

    fn chip(&self, m: &Membership) -> tera::Value {
        let make = || {
            let (name, url) = &self.topic_links[m.topic];
            let chip = TopicChip { name: name.clone(), url: url.clone(), main: m.main, mentions: m.mentions };
            tera::Value::from_serializable(&chip)
        };
        match self.chip_values[m.topic].get(m.mentions) {
            Some(slot) if m.main => slot.get_or_init(make).clone(),
            _ => make(),
        }
    }

    pub fn topic_card(&self, t: usize) -> TopicCard {
        let topic = &self.site.topics.topics[t];
        let members = &self.site.topics.by_topic[t];
        TopicCard {
            name: topic.name.clone(),
            slug: topic.slug.clone(),
            url: self.topic_links[t].1.to_string(),
            feed: self.has_base_url().then(|| format!("topics/{}/atom.xml", topic.slug)),
            description: topic.description.clone(),
            count: members.len(),
            main_count: self.orders.main_counts[t],
        }
    }

    fn source_card(&self, s: usize) -> SourceCard {
        let group = &self.orders.sources[s];
        SourceCard {
            name: group.name.clone(),
            url: self.links.dir(&group.dir()),
            count: group.articles.len(),
        }
    }

    fn topic_cards(&self) -> Vec<TopicCard> {
        (0..self.site.topics.topics.len()).map(|t| self.topic_card(t)).collect()
    }

    /// The head of a page in folder `dir`.
    fn head(&self, title: &str, description: &str, dir: &str) -> HeadView {
        let site = &self.site_view.title;
        HeadView {
            title: if title.is_empty() { site.clone() } else { format!("{title} \u{b7} {site}") },
            description: description.to_string(),
            og_title: if title.is_empty() { site.clone() } else { title.to_string() },
            og_type: "website",
            canonical: self.absolute(dir),
            published: None,
        }
    }

    /// `title` on its first page, `title (page n)` on the others, so titles stay unique.
    fn paged(title: &str, page: usize) -> String {
        if page <= 1 {
            title.to_string()
        } else {
            format!("{title} (page {page})")
        }
    }
}

/// The folder of an article's page, relative to the root.
pub(super) fn article_dir(a: &Article) -> String {
    // Room for `index.html` too, which links from disk add.
    let mut dir = String::with_capacity(a.slug.len() + 20);
    dir.push_str("articles/");
    dir.push_str(&a.slug);
    dir.push('/');
    dir
}

/// The standfirst, or else the first paragraph, as plain text.
pub(super) fn lead(a: &Article) -> std::borrow::Cow<'_, str> {
    match &a.standfirst {
        Some(s) => s.into(),
        None => a
            .body
            .iter()
            .find(|b| b.kind == BlockKind::Paragraph)
            .map_or_else(|| a.title.as_str().into(), |b| crate::extract::units::strip_links(&b.text)),
    }
}

#[derive(Serialize, Clone)]
pub(super) struct SiteView {
    title: String,
    description: String,
    language: String,
    /// Without a trailing `/`; empty when not configured.
    base_url: String,
    nav: NavView,
}

/// The site-wide links every page shows, relative to the root.
#[derive(Serialize, Clone)]
struct NavView {
    home: String,
    timeline: String,
    topics: String,
    sources: String,
    search: String,
    /// The site's Atom feed; only when `base_url` is set.
    feed: Option<String>,
}

impl SiteView {
    fn new(site: &Site, links: LinkStyle) -> SiteView {
        let c = &site.config;
        let base_url = c.base_url.trim().trim_end_matches('/').to_string();
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            nav: NavView {
                home: links.dir(""),
                timeline: links.dir("timeline/"),
                topics: links.dir("topics/"),
                sources: links.dir("sources/"),
                search: links.dir("search/"),
                feed: (!base_url.is_empty()).then(|| "atom.xml".to_string()),
            },
            base_url,
        }
    }
}

/// What goes into `<head>`: one place for the title, description, canonical and OpenGraph.
#[derive(Serialize)]
pub(super) struct HeadView {
    /// The whole `<title>`: page title and site title.
    title: String,
    description: String,
    /// The page's own title, for OpenGraph.
    og_title: String,
    og_type: &'static str,
    /// The page's absolute address; only when `base_url` is set.
    canonical: Option<String>,
    /// `YYYY-MM-DD`, for articles with a known date.
    published: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ArticleCard<'a> {
    title: &'a str,
    /// Relative to the site root, e.g. `articles/slug/`; templates prefix `root`.
    url: String,
    /// `YYYY-MM-DD`, or none when the text states no date.
    date: Option<String>,
    /// The date as the built-in templates print it ("11 March 2018"), made once per article
    /// rather than by the `date_long` filter on every page that lists it.
    date_long: Option<String>,
    source: Option<&'a str>,
    /// The publisher's page, when the article names one.
    source_url: Option<String>,
    /// The lead sentence, plain text.
    summary: &'a str,
    /// [`TopicChip`]s.
    topics: Vec<tera::Value>,
}

#[derive(Serialize)]
struct TopicChip {
    name: Arc<str>,
    url: Arc<str>,
    /// The article is mainly about this topic, not mentioning it in passing.
    main: bool,
    mentions: usize,
}

#[derive(Serialize)]
pub(super) struct TopicCard {
    name: String,
    slug: String,
    url: String,
    /// The topic's Atom feed, when `base_url` is set.
    feed: Option<String>,
    description: String,
    count: usize,
    main_count: usize,
}

#[derive(Serialize)]
struct SourceCard {
    name: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct RemovedView<'a> {
    line: usize,
    text: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
pub(super) struct ArticleView<'a> {
    site: tera::Value,
    head: HeadView,
    article: tera::Value,
    byline: Option<&'a str>,
    original_source: Option<&'a str>,
    standfirst: Option<&'a str>,
    url_original: Option<&'a str>,
    date_note: Option<String>,
    /// Safe HTML: built from escaped text by pulldown-cmark.
    body_html: String,
    /// Safe inside `<script type="application/ld+json">`: `<`, `>` and `&` are `\u` escapes.
    json_ld: String,
    removed: Vec<RemovedView<'a>>,
    show_removed: bool,
    source_file: String,
    description: String,
    /// The topics the article mainly covers, in topic order (cards show at most five). Those
    /// it mentions in passing are not listed: with hundreds of topics an article mentions
    /// dozens, and its body links the first mention of each.
    topics: Vec<tera::Value>,
    /// Up to five articles on the same subject, best first.
    related: Vec<tera::Value>,
    /// The same story published elsewhere in the archive (near-duplicates).
    also_published: Vec<tera::Value>,
}

impl<'a> ArticleView<'a> {
    pub fn new(model: &Model<'a>, i: usize) -> ArticleView<'a> {
        let site = model.site;
        let a = &site.articles[i];
        let dir = article_dir(a);
        let mut pending = vec![None; site.topics.topics.len()];
        let root = super::root_from(&dir);
        for m in &site.topics.by_article[i] {
            pending[m.topic] = Some(format!("{root}{}", model.topic_links[m.topic].1));
        }
        let mut links = TopicLinks { matcher: &site.topics.matcher, pending };
        let body_html = body_html(&a.body, a.markdown, &mut links);
        let card = model.card_data(i);
        let description = card.summary.to_string();
        let mut head = model.head(&a.title, &description, &dir);
        head.og_type = "article";
        head.published = card.date.clone();
        let topics: Vec<&str> = model.chip_topics(i).map(|m| &*model.topic_links[m.topic].0).collect();
        let json_ld = json_ld(&NewsArticleLd {
            headline: &a.title,
            description: &description,
            date_published: card.date.as_deref(),
            publisher: a.source.as_deref(),
            author: a.byline.as_deref(),
            url: head.canonical.as_deref(),
            keywords: &topics,
        });
        ArticleView {
            site: model.site_view(),
            head,
            byline: a.byline.as_deref(),
            original_source: a.original_source.as_deref(),
            standfirst: a.standfirst.as_deref(),
            url_original: a.url.as_deref(),
            date_note: a.date_note.as_deref().map(as_sentence),
            body_html,
            json_ld,
            removed: a
                .removed
                .iter()
                .map(|r| RemovedView { line: r.line, text: &r.text, reason: &r.reason })
                .collect(),
            show_removed: site.config.extract.show_removed,
            source_file: a.path.display().to_string(),
            description,
            topics: site.topics.by_article[i].iter().filter(|m| m.main).map(|m| model.chip(m)).collect(),
            article: tera::Value::from_serializable(&card),
            related: site
                .topics
                .related
                .get(i)
                .into_iter()
                .flatten()
                .map(|r| model.card(r.article))
                .collect(),
            also_published: site
                .topics
                .duplicates
                .of
                .get(i)
                .into_iter()
                .flatten()
                .map(|&j| model.card(j))
                .collect(),
        }
    }
}

/// What search engines read about an article (schema.org `NewsArticle`).
struct NewsArticleLd<'a> {
    headline: &'a str,
    description: &'a str,
    date_published: Option<&'a str>,
    publisher: Option<&'a str>,
    author: Option<&'a str>,
    url: Option<&'a str>,
    keywords: &'a [&'a str],
}

/// Serialises the JSON-LD block. serde_json escapes quotes, backslashes and control
/// characters; `<`, `>` and `&` become `\u` escapes too, so no text can close the script
/// element or open a comment in it, whatever the article says.
fn json_ld(ld: &NewsArticleLd<'_>) -> String {
    let mut value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": ld.headline,
        "description": ld.description,
    });
    let object = value.as_object_mut().expect("a JSON object literal");
    if let Some(date) = ld.date_published {
        object.insert("datePublished".into(), date.into());
    }
    if let Some(name) = ld.publisher {
        object.insert("publisher".into(), serde_json::json!({"@type": "Organization", "name": name}));
    }
    if let Some(name) = ld.author {
        object.insert("author".into(), serde_json::json!({"@type": "Person", "name": name}));
    }
    if let Some(url) = ld.url {
        object.insert("url".into(), url.into());
        object.insert("mainEntityOfPage".into(), url.into());
    }
    if !ld.keywords.is_empty() {
        object.insert("keywords".into(), ld.keywords.join(", ").into());
    }
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// The first sentence or so, for meta descriptions, cards and search results.
pub(super) fn summary(text: &str) -> String {
    const MAX: usize = 200;
    // Only the start can matter: where the first sentence ends within it, the split looks
    // a few characters past the end; where it does not, the sentence is cut at `MAX` anyway.
    // A lead can be a whole file without blank lines, so the rest is never split.
    let head = match text.char_indices().nth(2 * MAX) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let first = crate::extract::sentences(head).into_iter().next().unwrap_or(head).trim();
    truncate(first, MAX)
}

/// A note written to follow other text (`dossier extract` prints it in parentheses), as a
/// sentence of its own: capital first letter, full stop.
fn as_sentence(note: &str) -> String {
    let mut chars = note.trim().chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.is_empty() && !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// At most `max` characters, cut at a word, with an ellipsis when cut.
pub(super) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rfind(char::is_whitespace).map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}\u{2026}", at_word.trim_end())
}

#[derive(Serialize)]
struct TopicEntry {
    article: tera::Value,
    mentions: usize,
    main: bool,
    /// Safe HTML: the escaped sentence with the mention in `<mark>`.
    context_html: String,
}

#[derive(Serialize)]
pub(super) struct TopicView {
    site: tera::Value,
    head: HeadView,
    topic: TopicCard,
    main: Vec<TopicEntry>,
    mentioned: Vec<TopicEntry>,
    paginator: Paginator,
    /// Coverage over time; none when nothing is dated. `chart.svg` is safe HTML.
    chart: Option<super::insight::Chart>,
    undated: usize,
    related_topics: Vec<CountedLink>,
    sources: Vec<CountedLink>,
}

/// A link with a count: a related topic and the articles it shares, a source and its articles.
#[derive(Serialize)]
struct CountedLink {
    name: String,
    url: String,
    count: usize,
}

impl TopicView {
    /// Page `page` of topic `t`: main coverage first, then passing mentions, each newest first.
    pub fn new(model: &Model<'_>, t: usize, page: usize) -> TopicView {
        let entry = |m: &Membership| TopicEntry {
            article: model.card(m.article),
            mentions: m.mentions,
            main: m.main,
            context_html: highlight(&m.context.sentence, m.context.start, m.context.end),
        };
        let members = &model.site.topics.by_topic[t];
        let order = &model.orders.topic_orders[t];
        let shown: Vec<&Membership> =
            archive::page_slice(order, page, model.per_page).iter().map(|&m| &members[m]).collect();
        let card = model.topic_card(t);
        let base = format!("topics/{}/", card.slug);
        let total = archive::page_count(order.len(), model.per_page);
        let description = if card.description.is_empty() {
            format!("Articles about {}", card.name)
        } else {
            card.description.clone()
        };
        let stats = model.topic_stats[t].get_or_init(|| {
            let article_topics =
                model.article_topics.get_or_init(|| super::insight::ArticleTopics::new(model.site));
            let source_of = &model.orders.source_of;
            super::insight::topic_stats(model.site, article_topics, source_of, model.orders.sources.len(), t)
        });
        let topics = &model.site.topics.topics;
        TopicView {
            site: model.site_view(),
            head: model.head(&Model::paged(&card.name, page), &description, &archive::list_dir(&base, page)),
            main: shown.iter().filter(|m| m.main).map(|m| entry(m)).collect(),
            mentioned: shown.iter().filter(|m| !m.main).map(|m| entry(m)).collect(),
            paginator: Paginator::new(model.links, &base, page, total),
            chart: super::insight::chart(&card.name, &stats.periods),
            undated: stats.undated,
            related_topics: stats
                .related
                .iter()
                .take(8)
                .map(|&(o, count)| CountedLink {
                    name: topics[o].name.clone(),
                    url: model.topic_links[o].1.to_string(),
                    count,
                })
                .collect(),
            sources: stats
                .sources
                .iter()
                .take(10)
                .map(|&(g, count)| CountedLink {
                    name: model.orders.sources[g].name.clone(),
                    url: model.links.dir(&model.orders.sources[g].dir()),
                    count,
                })
                .collect(),
            topic: card,
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
    // One buffer: a topic page makes one of these per entry.
    let mut out = String::with_capacity(sentence.len() + 32);
    let parts = [(&sentence[..start], "<mark>"), (&sentence[start..end], "</mark>"), (&sentence[end..], "")];
    for (text, after) in parts {
        pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
        out.push_str(after);
    }
    out
}

/// How many publishers the home page lists before pointing to the sources index.
const HOME_SOURCES: usize = 12;

#[derive(Serialize)]
pub(super) struct HomeView {
    site: tera::Value,
    head: HeadView,
    articles: Vec<tera::Value>,
    topics: Vec<TopicCard>,
    /// The publishers with the most articles, most first.
    sources: Vec<SourceCard>,
    source_count: usize,
    article_count: usize,
    paginator: Paginator,
}

impl HomeView {
    /// Page `page` of the home list: every article, newest first.
    pub fn new(model: &Model<'_>, page: usize) -> HomeView {
        let shown = archive::page_slice(&model.orders.chronological, page, model.per_page);
        let mut by_size: Vec<usize> = (0..model.orders.sources.len()).collect();
        by_size.sort_by_key(|&s| std::cmp::Reverse(model.orders.sources[s].articles.len()));
        let total = archive::page_count(model.orders.chronological.len(), model.per_page);
        let title = if page <= 1 { String::new() } else { Model::paged("Articles", page) };
        let config = &model.site.config;
        // Search results show the description under the title; an empty one says nothing.
        let description = if config.description.is_empty() {
            format!("News articles collected in {}, newest first", config.title)
        } else {
            config.description.clone()
        };
        HomeView {
            site: model.site_view(),
            head: model.head(&title, &description, &archive::list_dir("", page)),
            articles: shown.iter().map(|&i| model.card(i)).collect(),
            topics: model.topic_cards(),
            sources: by_size.into_iter().take(HOME_SOURCES).map(|s| model.source_card(s)).collect(),
            source_count: model.orders.sources.len(),
            article_count: model.orders.chronological.len(),
            paginator: Paginator::new(model.links, "", page, total),
        }
    }
}

/// The 404 page: only the site and its head.
#[derive(Serialize)]
pub(super) struct PlainView {
    site: tera::Value,
    head: HeadView,
    topics: Vec<TopicCard>,
}

impl PlainView {
    pub fn not_found(model: &Model<'_>) -> PlainView {
        let mut head = model.head("Page not found", "There is no page at this address.", "404.html");
        // A canonical address for an error page would invite indexing it.
        head.canonical = None;
        PlainView { site: model.site_view(), head, topics: model.topic_cards() }
    }

    pub fn search(model: &Model<'_>) -> PlainView {
        let title = "Search";
        let description = format!("Search the articles of {} by words and topic", model.site.config.title);
        PlainView {
            site: model.site_view(),
            head: model.head(title, &description, "search/"),
            topics: model.topic_cards(),
        }
    }
}

#[derive(Serialize)]
pub(super) struct TopicListView {
    site: tera::Value,
    head: HeadView,
    topics: Vec<TopicCard>,
}

impl TopicListView {
    pub fn new(model: &Model<'_>) -> TopicListView {
        let description =
            format!("Every topic in {} with the articles that mention it", model.site.config.title);
        TopicListView {
            site: model.site_view(),
            head: model.head("Topics", &description, "topics/"),
            topics: model.topic_cards(),
        }
    }
}

#[derive(Serialize)]
pub(super) struct SourceListView {
    site: tera::Value,
    head: HeadView,
    sources: Vec<SourceCard>,
    /// Articles that name no publisher.
    unattributed: usize,
}

impl SourceListView {
    pub fn new(model: &Model<'_>) -> SourceListView {
        let description = format!("Every publisher in {} with its articles", model.site.config.title);
        SourceListView {
            site: model.site_view(),
            head: model.head("Sources", &description, "sources/"),
            sources: (0..model.orders.sources.len()).map(|s| model.source_card(s)).collect(),
            unattributed: model.orders.source_of.iter().filter(|s| s.is_none()).count(),
        }
    }
}

#[derive(Serialize)]
pub(super) struct SourceView {
    site: tera::Value,
    head: HeadView,
    source: SourceCard,
    articles: Vec<tera::Value>,
    paginator: Paginator,
}

impl SourceView {
    pub fn new(model: &Model<'_>, s: usize, page: usize) -> SourceView {
        let group = &model.orders.sources[s];
        let base = group.dir();
        let shown = archive::page_slice(&group.articles, page, model.per_page);
        let total = archive::page_count(group.articles.len(), model.per_page);
        let description = format!("Articles published by {}", group.name);
        SourceView {
            site: model.site_view(),
            head: model.head(&Model::paged(&group.name, page), &description, &archive::list_dir(&base, page)),
            source: model.source_card(s),
            articles: shown.iter().map(|&i| model.card(i)).collect(),
            paginator: Paginator::new(model.links, &base, page, total),
        }
    }
}

#[derive(Serialize)]
struct YearLink {
    label: String,
    count: usize,
    /// The timeline page where the year starts, with the year's anchor.
    url: String,
}

#[derive(Serialize)]
struct YearGroup {
    label: String,
    /// The anchor of the year's heading, unique on the page.
    id: String,
    /// The year began on an earlier page.
    continued: bool,
    months: Vec<MonthGroup>,
}

#[derive(Serialize)]
struct MonthGroup {
    /// `February 2022`; none for undated articles.
    label: Option<String>,
    id: String,
    articles: Vec<tera::Value>,
}

#[derive(Serialize)]
pub(super) struct TimelineView {
    site: tera::Value,
    head: HeadView,
    years: Vec<YearLink>,
    groups: Vec<YearGroup>,
    paginator: Paginator,
}

/// The timeline key of an article: its year and month, or none when undated.
fn year_month(a: &Article) -> Option<(i32, u32)> {
    use chrono::Datelike;
    a.date.map(|d| (d.year(), d.month()))
}

fn year_id(year: Option<i32>) -> String {
    year.map_or_else(|| "undated".to_string(), |y| format!("y{y}"))
}

impl TimelineView {
    /// Page `page` of the timeline: every article, newest first, grouped by year and month.
    pub fn new(model: &Model<'_>, page: usize) -> TimelineView {
        let articles = &model.site.articles;
        let per_page = model.per_page;
        let base = "timeline/";
        let years: Vec<YearLink> = model
            .orders
            .years
            .iter()
            .map(|&(year, first, count)| YearLink {
                label: year.map_or_else(|| "Undated".to_string(), |y| y.to_string()),
                count,
                url: format!("{}#{}", model.links.list_page(base, first / per_page + 1), year_id(year)),
            })
            .collect();
        let start = (page - 1) * per_page;
        let shown = archive::page_slice(&model.orders.chronological, page, per_page);
        let mut groups: Vec<YearGroup> = Vec::new();
        for (offset, &i) in shown.iter().enumerate() {
            let key = year_month(&articles[i]);
            let year = key.map(|(y, _)| y);
            let new_year = groups.last().map_or(true, |g| g.id != year_id(year));
            if new_year {
                let before = start + offset;
                let continued = before > 0
                    && year_month(&articles[model.orders.chronological[before - 1]]).map(|(y, _)| y) == year;
                groups.push(YearGroup {
                    label: year.map_or_else(|| "Undated".to_string(), |y| y.to_string()),
                    id: year_id(year),
                    continued,
                    months: Vec::new(),
                });
            }
            let group = groups.last_mut().expect("a year group was just ensured");
            let month_id =
                key.map_or_else(|| "undated-articles".to_string(), |(y, m)| format!("m{y}-{m:02}"));
            if group.months.last().map_or(true, |m| m.id != month_id) {
                let label = articles[i].date.map(|d| d.format("%B %Y").to_string());
                group.months.push(MonthGroup { label, id: month_id, articles: Vec::new() });
            }
            let month = group.months.last_mut().expect("a month group was just ensured");
            month.articles.push(model.card(i));
        }
        let total = archive::page_count(model.orders.chronological.len(), per_page);
        let description = format!("Every article in {} by year and month", model.site.config.title);
        TimelineView {
            site: model.site_view(),
            head: model.head(&Model::paged("Timeline", page), &description, &archive::list_dir(base, page)),
            years,
            groups,
            paginator: Paginator::new(model.links, base, page, total),
        }
    }
}

/// What part of article `i` a page of `kind` shows: pages with the same part show the same
/// bytes of it, so [`super::article_entries`] serializes each part once. `None` for pages that
/// show nothing of the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum EntryPart {
    /// The article's own page, whole.
    Own,
    /// Its card: title, date, source and the topics with their main flags (which decide the
    /// order of lists and the topic counts).
    Card,
    /// Its entry on a topic's pages: the card, the mentions and the quoted sentence.
    Topic(usize),
    /// The search data: the card and the words of the text.
    Search,
    /// A page of a long list that does not show the article: what it depends on is where the
    /// article sits beside the page in list `list` (the articles on the page are the same
    /// wherever before it the article moves, or outside the list) and what every page of the
    /// list counts (date, publisher, main topics).
    Elsewhere { list: ListOf, side: Side },
}

/// Where an article sits beside a page of a list that does not show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub(super) enum Side {
    /// On an earlier page.
    Before,
    /// On a later page.
    After,
    /// Not in the list: another publisher's pages.
    Outside,
}

/// The long lists that paginate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum ListOf {
    /// Every article, newest first: the home and timeline pages.
    All,
    Topic(usize),
    Source(usize),
}

/// Where article `i` sits in each long list, found once per list and kept in `positions`:
/// a topic with hundreds of pages would otherwise be searched once for every page.
pub(super) fn entry_part(
    model: &Model<'_>,
    kind: super::PageKind,
    i: usize,
    positions: &mut std::collections::HashMap<ListOf, Option<usize>>,
) -> Option<EntryPart> {
    use super::PageKind;
    // On page `page` of a list where article `i` sits at `position`: its card, or else where
    // it is.
    let paged = |list: ListOf, position: Option<usize>, page: usize, shown: EntryPart| {
        let side = match position.map(|p| (p / model.per_page + 1).cmp(&page)) {
            Some(std::cmp::Ordering::Equal) => return shown,
            Some(std::cmp::Ordering::Less) => Side::Before,
            Some(std::cmp::Ordering::Greater) => Side::After,
            None => Side::Outside,
        };
        EntryPart::Elsewhere { list, side }
    };
    let chronological = Some(model.orders.rank[i]);
    Some(match kind {
        PageKind::Article(a) if a == i => EntryPart::Own,
        PageKind::Topic(t) | PageKind::TopicPage(t, _) => {
            let page = if let PageKind::TopicPage(_, n) = kind { n } else { 1 };
            let members = &model.site.topics.by_topic[t];
            let position = *positions.entry(ListOf::Topic(t)).or_insert_with(|| {
                model.orders.topic_orders[t].iter().position(|&m| members[m].article == i)
            });
            paged(ListOf::Topic(t), position, page, EntryPart::Topic(t))
        }
        PageKind::Home => paged(ListOf::All, chronological, 1, EntryPart::Card),
        PageKind::HomePage(n) | PageKind::Timeline(n) => {
            paged(ListOf::All, chronological, n, EntryPart::Card)
        }
        PageKind::Source(s, n) => {
            let position = *positions
                .entry(ListOf::Source(s))
                .or_insert_with(|| model.orders.sources[s].articles.iter().position(|&a| a == i));
            paged(ListOf::Source(s), position, n, EntryPart::Card)
        }
        // Another article's page shows this one as a related article or a copy: its card.
        PageKind::Article(_)
        | PageKind::TopicIndex
        | PageKind::SourceIndex
        | PageKind::Feed
        | PageKind::TopicFeed(_)
        | PageKind::Sitemap
        | PageKind::SitemapPart(_)
        | PageKind::SearchTopic(_) => EntryPart::Card,
        PageKind::SearchMeta | PageKind::SearchTerms(_) | PageKind::SearchDocs(_) => EntryPart::Search,
        PageKind::NotFound | PageKind::Asset(_) | PageKind::Robots | PageKind::Search => return None,
    })
}

/// Part `part` of article `i`, serialized; see [`super::article_entries`]. Keep it in step
/// with the views above: it must change whenever their part for `i` does. Cards are
/// serialized as data, not as template values: those keep no order of their fields.
pub(super) fn entry_bytes(model: &Model<'_>, part: EntryPart, i: usize) -> Option<Vec<u8>> {
    let bytes = match part {
        EntryPart::Own => serde_json::to_vec(&ArticleView::new(model, i)),
        EntryPart::Card => serde_json::to_vec(&model.card_data(i)),
        EntryPart::Topic(t) => {
            let m = model.site.topics.by_article.get(i)?.iter().find(|m| m.topic == t);
            let entry = m.map(|m| {
                let context_html = highlight(&m.context.sentence, m.context.start, m.context.end);
                (model.card_data(i), m.mentions, m.main, context_html)
            });
            serde_json::to_vec(&entry)
        }
        EntryPart::Search => {
            let text: Vec<&str> = model.site.articles[i].body.iter().map(|b| b.text.as_str()).collect();
            serde_json::to_vec(&(model.card_data(i), text))
        }
        EntryPart::Elsewhere { side, .. } => {
            // What the pages of a list count: the month (the timeline's year links, a topic's
            // coverage chart), publishers (the home page's sources) and main topics (a
            // topic's main coverage count).
            let a = &model.site.articles[i];
            let main: Vec<usize> =
                model.site.topics.by_article[i].iter().filter(|m| m.main).map(|m| m.topic).collect();
            serde_json::to_vec(&(side, year_month(a), &a.source, main))
        }
    };
    bytes.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let ld = NewsArticleLd {
            headline: "Title </script><script>alert(1)</script> & more",
            description: "<!-- a comment",
            date_published: Some("2022-02-01"),
            publisher: Some("Daily \"Quote\""),
            author: None,
            url: None,
            keywords: &["NATO"],
        };
        let text = json_ld(&ld);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["headline"], "Title </script><script>alert(1)</script> & more");
        assert_eq!(back["datePublished"], "2022-02-01");
        assert_eq!(back["publisher"]["name"], "Daily \"Quote\"");
        assert!(back.get("author").is_none());
    }

    #[test]
    fn truncate_cuts_at_a_word() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("one two three", 9), "one two\u{2026}");
        // One word longer than the limit is cut where the limit falls.
        assert_eq!(truncate("abcdefghij", 4), "abcd\u{2026}");
    }

    #[test]
    fn a_date_note_reads_as_a_sentence() {
        assert_eq!(as_sentence("the year comes from another date"), "The year comes from another date.");
        assert_eq!(as_sentence("Already one."), "Already one.");
    }

    #[test]
    fn summary_is_the_first_sentence_cut_at_a_word() {
        let long = format!("{} weapons near Russia. Second sentence.", "word ".repeat(39));
        // 200 characters end inside "weapons": the cut falls before it.
        assert_eq!(summary(&long), format!("{}\u{2026}", "word ".repeat(39).trim_end()));
        assert_eq!(summary("One sentence. Another one."), "One sentence.");
        // A first sentence longer than the part looked at is cut the same way.
        let endless = "word ".repeat(500);
        assert_eq!(summary(&endless), format!("{}\u{2026}", "word ".repeat(40).trim_end()));
    }

    #[test]
    fn highlight_escapes_every_part() {
        assert_eq!(highlight("a <b> NATO & c", 6, 10), "a &lt;b&gt; <mark>NATO</mark> &amp; c");
    }
}
