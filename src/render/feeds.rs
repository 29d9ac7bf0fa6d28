//! For feed readers and crawlers: Atom feeds (site and per topic), `sitemap.xml`, `robots.txt`.
//!
//! All of them need absolute URLs, so they exist only when `base_url` is set (robots.txt then
//! names the sitemap). Times are derived from article dates, never from the clock, so a
//! rebuild of the same articles writes the same bytes.

use serde::Serialize;

use super::views::{self, Model};
use super::{PageKind, PageSpec};

/// How many entries a feed carries: readers poll for what is new, not the whole archive.
const FEED_ENTRIES: usize = 50;
/// The sitemap protocol's limit of URLs per file.
const SITEMAP_LIMIT: usize = 50_000;
/// When no article has a date: the Unix epoch, fixed so that rebuilds stay byte-identical.
const NO_DATE: &str = "1970-01-01T00:00:00Z";

#[derive(Serialize)]
pub(super) struct FeedView {
    site: tera::Value,
    feed: FeedHead,
    entries: Vec<FeedEntry>,
}

#[derive(Serialize)]
struct FeedHead {
    title: String,
    subtitle: String,
    /// The page the feed belongs to (absolute); also the feed's `id`.
    alternate: String,
    self_url: String,
    /// RFC 3339: the newest entry's time.
    updated: String,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    url: String,
    /// RFC 3339; only for dated articles.
    published: Option<String>,
    /// RFC 3339. Undated articles take the newest date in the site: deterministic, and they
    /// were in the collection by then.
    updated: String,
    author: Option<String>,
    summary: String,
    categories: Vec<Category>,
}

#[derive(Serialize)]
struct Category {
    term: String,
    label: String,
}

/// `2022-02-01` -> `2022-02-01T00:00:00Z`.
fn rfc3339(date: chrono::NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

impl FeedView {
    /// The newest articles of the site.
    pub fn site(model: &Model<'_>) -> FeedView {
        let config = &model.site.config;
        let entries: Vec<usize> = model.orders.chronological.iter().copied().take(FEED_ENTRIES).collect();
        FeedView::new(model, config.title.clone(), config.description.clone(), "", "atom.xml", &entries)
    }

    /// The newest articles of topic `t`, main coverage or not.
    pub fn topic(model: &Model<'_>, t: usize) -> FeedView {
        let topic = &model.site.topics.topics[t];
        let mut members: Vec<usize> = model.site.topics.by_topic[t].iter().map(|m| m.article).collect();
        members.sort_by_key(|&i| model.orders.rank[i]);
        members.truncate(FEED_ENTRIES);
        let dir = format!("topics/{}/", topic.slug);
        let title = format!("{} \u{b7} {}", topic.name, model.site.config.title);
        FeedView::new(model, title, topic.description.clone(), &dir, &format!("{dir}atom.xml"), &members)
    }

    fn new(
        model: &Model<'_>,
        title: String,
        subtitle: String,
        dir: &str,
        path: &str,
        articles: &[usize],
    ) -> FeedView {
        let absolute = |p: &str| model.absolute(p).unwrap_or_else(|| p.to_string());
        // The newest date in the whole site, not just this feed, stands in for missing ones.
        let newest = model.orders.chronological.first().and_then(|&i| model.site.articles[i].date);
        let fallback = newest.map_or_else(|| NO_DATE.to_string(), rfc3339);
        let entries: Vec<FeedEntry> = articles
            .iter()
            .map(|&i| {
                let a = &model.site.articles[i];
                FeedEntry {
                    title: xml_text(&a.title),
                    url: absolute(&views::article_dir(a)),
                    published: a.date.map(rfc3339),
                    updated: a.date.map_or_else(|| fallback.clone(), rfc3339),
                    author: a.byline.as_deref().map(xml_text),
                    summary: xml_text(&views::truncate(&views::lead(a), 600)),
                    categories: model.site.topics.by_article[i]
                        .iter()
                        .map(|m| {
                            let topic = &model.site.topics.topics[m.topic];
                            Category { term: topic.slug.clone(), label: xml_text(&topic.name) }
                        })
                        .collect(),
                }
            })
            .collect();
        // Entries are newest first, so the first one's time is the feed's.
        let updated = entries.iter().map(|e| e.updated.clone()).max().unwrap_or(fallback);
        FeedView {
            site: model.site_view(),
            feed: FeedHead {
                title: xml_text(&title),
                subtitle: xml_text(&subtitle),
                alternate: absolute(dir),
                self_url: absolute(path),
                updated,
            },
            entries,
        }
    }
}

/// Drops characters XML 1.0 forbids (most C0 controls, lone surrogates cannot occur in a
/// Rust string, U+FFFE and U+FFFF), which copied web text sometimes carries and which would
/// make the whole feed unreadable to a strict parser. Escaping is the template's job.
pub(super) fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}'))
        .collect()
}

/// Escapes text for XML we write without a template.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in xml_text(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// One sitemap entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SitemapUrl {
    /// Absolute, escaped for XML.
    loc: String,
    /// For dated articles.
    lastmod: Option<chrono::NaiveDate>,
}

/// The sitemap's URLs: every HTML page planned, except the error and search pages, which
/// have nothing for a search engine to index.
pub(super) fn sitemap_urls(model: &Model<'_>, specs: &[PageSpec]) -> Vec<SitemapUrl> {
    let Some(base) = model.absolute("") else { return Vec::new() };
    let base = xml_escape(&base);
    specs
        .iter()
        .filter(|s| in_sitemap(s))
        .map(|s| {
            let dir = s.path.strip_suffix("index.html").unwrap_or(&s.path);
            let lastmod = match s.kind {
                PageKind::Article(i) => model.site.articles[i].date,
                _ => None,
            };
            SitemapUrl { loc: base.clone() + &xml_escape(dir), lastmod }
        })
        .collect()
}

/// Whether the sitemap lists page `spec`: every HTML page but search and the 404 page.
pub(super) fn in_sitemap(spec: &PageSpec) -> bool {
    spec.path.ends_with("index.html") && !matches!(spec.kind, PageKind::Search | PageKind::NotFound)
}

/// How many part files a sitemap of `urls` URLs needs: none when one file holds them all.
pub(super) fn sitemap_parts(urls: usize) -> usize {
    if urls <= SITEMAP_LIMIT {
        0
    } else {
        urls.div_ceil(SITEMAP_LIMIT)
    }
}

pub(super) fn sitemap_part_path(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

fn urlset(urls: &[SitemapUrl]) -> Vec<u8> {
    use std::fmt::Write;
    let mut out = String::with_capacity(urls.iter().map(|u| u.loc.len() + 48).sum::<usize>() + 128);
    out.push_str(XML_DECLARATION);
    let _ = writeln!(out, "<urlset xmlns=\"{SITEMAP_NS}\">");
    for u in urls {
        out.push_str("  <url><loc>");
        out.push_str(&u.loc);
        out.push_str("</loc>");
        if let Some(date) = u.lastmod {
            let _ = write!(out, "<lastmod>{}</lastmod>", date.format("%Y-%m-%d"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

/// `sitemap.xml`: the URLs, or an index of the part files when there are too many for one.
pub(super) fn sitemap(urls: &[SitemapUrl], model: &Model<'_>) -> Vec<u8> {
    let parts = sitemap_parts(urls.len());
    if parts == 0 {
        return urlset(urls);
    }
    let base = model.absolute("").unwrap_or_default();
    let mut out = format!("{XML_DECLARATION}<sitemapindex xmlns=\"{SITEMAP_NS}\">\n");
    for n in 1..=parts {
        out.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            xml_escape(&format!("{base}{}", sitemap_part_path(n)))
        ));
    }
    out.push_str("</sitemapindex>\n");
    out.into_bytes()
}

/// Part `n` (from 1) of a long sitemap.
pub(super) fn sitemap_part(urls: &[SitemapUrl], n: usize) -> Vec<u8> {
    urlset(super::archive::page_slice(urls, n, SITEMAP_LIMIT))
}

/// `robots.txt`: everything may be crawled; the sitemap is named when there is one.
pub(super) fn robots(model: &Model<'_>) -> Vec<u8> {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if let Some(sitemap) = model.absolute("sitemap.xml") {
        out.push_str(&format!("\nSitemap: {sitemap}\n"));
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_drops_forbidden_characters_only() {
        assert_eq!(xml_text("a\u{0}b\u{c}c\td\u{fffe}é"), "abc\tdé");
        assert_eq!(xml_escape("Q&A <b> \"x\" 'y'"), "Q&amp;A &lt;b&gt; &quot;x&quot; &apos;y&apos;");
    }

    #[test]
    fn sitemap_splits_past_the_protocol_limit() {
        assert_eq!(sitemap_parts(SITEMAP_LIMIT), 0);
        assert_eq!(sitemap_parts(SITEMAP_LIMIT + 1), 2);
        let urls = vec![SitemapUrl {
            loc: xml_escape("https://e.org/a&b/"),
            lastmod: chrono::NaiveDate::from_ymd_opt(2022, 2, 1),
        }];
        assert_eq!(
            String::from_utf8(urlset(&urls)).unwrap(),
            format!("{XML_DECLARATION}<urlset xmlns=\"{SITEMAP_NS}\">\n  <url><loc>https://e.org/a&amp;b/</loc><lastmod>2022-02-01</lastmod></url>\n</urlset>\n")
        );
    }
}
