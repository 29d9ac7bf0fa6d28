//! The site model -> [`Page`]s: view structs for templates, Tera, Markdown.
//!
//! Render never touches the file system: templates come in as text (see [`Theme`]) and pages
//! go out as bytes for `output` to write. Templates parse once; pages render in parallel.

pub mod archive;
mod feeds;
mod insight;
pub mod linkcheck;
pub mod markdown;
mod search;
mod theme;
mod views;

/// The Content-Security-Policy of every page of the default theme (a `<meta>` in
/// `templates/base.html`, and the header `serve` sends): scripts, styles, images and fonts only
/// from the site itself, no inline script or style, no plugins. JSON-LD is a data block, which
/// the policy does not stop; the theme has no inline `style=` attributes (the chart's bars are
/// SVG attributes). `frame-ancestors` and `report-uri` are left out: browsers ignore them in a
/// `<meta>` and say so in the console.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; object-src 'none'; form-action 'self'";

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::Site;
pub use theme::{default_theme_files, Theme};
pub use views::Orders;
use views::{
    ArticleView, HomeView, PlainView, SourceListView, SourceView, TimelineView, TopicListView, TopicView,
};

/// One output file: where it goes (relative, `/`-separated) and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub content: Vec<u8>,
}

/// What a page shows. Incremental rebuilds ask each kind which articles it depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    Article(usize),
    Topic(usize),
    Home,
    TopicIndex,
    NotFound,
    /// A theme file copied as it is (index into [`Theme::assets`]).
    Asset(usize),
    /// Page n (from 2) of the home list; page 1 is [`PageKind::Home`].
    HomePage(usize),
    /// Page n (from 2) of topic t; page 1 is [`PageKind::Topic`].
    TopicPage(usize, usize),
    /// Page n (from 1) of the timeline: every article by year and month.
    Timeline(usize),
    /// Page n (from 1) of publisher s (index into the site's source groups, by name).
    Source(usize, usize),
    SourceIndex,
    /// The site's Atom feed; only planned when `base_url` is set.
    Feed,
    /// Topic t's Atom feed; only planned when `base_url` is set.
    TopicFeed(usize),
    /// `sitemap.xml`: the URLs themselves, or an index of the parts when there are many.
    Sitemap,
    /// Part n (from 1) of a sitemap too long for one file.
    SitemapPart(usize),
    Robots,
    /// The search page; its data are the `Search*` kinds.
    Search,
    SearchMeta,
    /// One bucket of the term index (words hashed by their first two letters).
    SearchTerms(usize),
    /// One chunk of result titles, in rank order.
    SearchDocs(usize),
    /// The articles of topic t, for the search page's topic filter.
    SearchTopic(usize),
}

impl PageKind {
    /// Whether the page shows anything of article `article` (its title, date, topics...);
    /// `listed_by` is [`listed_by`] of `site`.
    pub fn uses_article(self, article: usize, site: &Site, listed_by: &[Vec<usize>]) -> bool {
        match self {
            // An article page also shows cards of its related articles and of its copies.
            PageKind::Article(i) => i == article || listed_by.get(article).is_some_and(|l| l.contains(&i)),
            PageKind::Topic(t) => {
                site.topics.by_article.get(article).is_some_and(|ms| ms.iter().any(|m| m.topic == t))
            }
            PageKind::TopicPage(t, _) | PageKind::TopicFeed(t) => {
                PageKind::Topic(t).uses_article(article, site, listed_by)
            }
            // Lists, counts, feeds and the search data: which articles they show, and on which
            // page, depends on every article's date and title. A source page also changes when
            // an article moves to another publisher, which the current site cannot tell.
            PageKind::Home
            | PageKind::Source(..)
            | PageKind::HomePage(_)
            | PageKind::TopicIndex
            | PageKind::Timeline(_)
            | PageKind::SourceIndex
            | PageKind::Feed
            | PageKind::Sitemap
            | PageKind::SitemapPart(_)
            | PageKind::SearchMeta
            | PageKind::SearchTerms(_)
            | PageKind::SearchDocs(_)
            // The search files number documents across the whole site.
            | PageKind::SearchTopic(_) => true,
            PageKind::NotFound | PageKind::Asset(_) | PageKind::Robots | PageKind::Search => false,
        }
    }

    /// Whether this is one of the search index's files (`search/`), not a page.
    pub fn is_search_data(self) -> bool {
        self.needs_search_index() || matches!(self, PageKind::SearchTopic(_))
    }

    /// Whether rendering this page needs the search index.
    fn needs_search_index(self) -> bool {
        matches!(self, PageKind::SearchMeta | PageKind::SearchTerms(_) | PageKind::SearchDocs(_))
    }
}

/// Per article, the other articles whose pages show its card, as a related article or as a
/// copy, in index order: which article pages an edit of it touches, found without reading
/// every article's lists.
pub fn listed_by(site: &Site) -> Vec<Vec<usize>> {
    let topics = &site.topics;
    let mut listed_by = vec![Vec::new(); site.articles.len()];
    for i in 0..site.articles.len() {
        let related = topics.related.get(i).into_iter().flatten().map(|r| r.article);
        let copies = topics.duplicates.of.get(i).into_iter().flatten().copied();
        for j in related.chain(copies) {
            if let Some(list) = listed_by.get_mut(j) {
                if list.last() != Some(&i) && j != i {
                    list.push(i);
                }
            }
        }
    }
    listed_by
}

/// For each `(article, kinds)` request, what each page kind in `kinds` shows of that article,
/// serialized: the whole view on the article's own page, its entry on the home page, the
/// topics index and topic pages; `None` for kinds where that part cannot be told apart
/// (re-render those whenever [`PageKind::uses_article`] says so). While nothing else changes,
/// a page whose entries for an edited article are the same renders to the same bytes; `serve`
/// uses that to skip the long list pages when an edit leaves title, date, source and topics as
/// they were. The site's lists are ordered once for all requests, and pages that show the same
/// part of an article share its bytes: the part is serialized once.
pub fn article_entries(
    site: &Site,
    orders: &Orders,
    requests: &[(usize, Vec<PageKind>)],
) -> Vec<Vec<Option<Arc<[u8]>>>> {
    let model = views::Model::new(site, orders);
    requests
        .par_iter()
        .map(|(article, kinds)| {
            let mut parts: HashMap<views::EntryPart, Option<Arc<[u8]>>> = HashMap::new();
            let mut positions = HashMap::new();
            kinds
                .iter()
                .map(|&kind| {
                    let part = views::entry_part(&model, kind, *article, &mut positions)?;
                    parts
                        .entry(part)
                        .or_insert_with(|| views::entry_bytes(&model, part, *article).map(Arc::from))
                        .clone()
                })
                .collect()
        })
        .collect()
}

/// A page to render: its kind and its output path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSpec {
    pub kind: PageKind,
    pub path: String,
}

/// Where article `a`'s page goes, relative to the output folder.
pub fn article_page_path(a: &crate::extract::Article) -> String {
    format!("{}index.html", views::article_dir(a))
}

/// Every page of the site, in a stable order, starting with the article pages in article
/// order; `orders` is [`Orders::new`] of `site`.
pub fn plan(site: &Site, theme: &Theme, orders: &Orders) -> Vec<PageSpec> {
    let model = views::Model::new(site, orders);
    let per_page = model.per_page;
    let mut specs = Vec::with_capacity(site.articles.len() * 2 + site.topics.topics.len() * 3 + 16);
    let mut push = |kind: PageKind, path: String| specs.push(PageSpec { kind, path });
    for (i, a) in site.articles.iter().enumerate() {
        push(PageKind::Article(i), article_page_path(a));
    }
    for (t, topic) in site.topics.topics.iter().enumerate() {
        let base = format!("topics/{}/", topic.slug);
        push(PageKind::Topic(t), archive::list_path(&base, 1));
        for n in 2..=archive::page_count(site.topics.by_topic[t].len(), per_page) {
            push(PageKind::TopicPage(t, n), archive::list_path(&base, n));
        }
    }
    let list_pages = archive::page_count(site.articles.len(), per_page);
    push(PageKind::Home, "index.html".into());
    for n in 2..=list_pages {
        push(PageKind::HomePage(n), archive::list_path("", n));
    }
    push(PageKind::TopicIndex, "topics/index.html".into());
    for n in 1..=list_pages {
        push(PageKind::Timeline(n), archive::list_path("timeline/", n));
    }
    push(PageKind::SourceIndex, "sources/index.html".into());
    for (s, group) in model.orders.sources.iter().enumerate() {
        for n in 1..=archive::page_count(group.articles.len(), per_page) {
            push(PageKind::Source(s, n), archive::list_path(&group.dir(), n));
        }
    }
    push(PageKind::NotFound, "404.html".into());
    push(PageKind::Search, "search/index.html".into());
    push(PageKind::SearchMeta, search::META_PATH.into());
    for b in 0..search::bucket_count(site.articles.len()) {
        push(PageKind::SearchTerms(b), search::terms_path(b));
    }
    for c in 0..search::docs_chunks(site.articles.len()) {
        push(PageKind::SearchDocs(c), search::docs_path(c));
    }
    for (t, topic) in site.topics.topics.iter().enumerate() {
        push(PageKind::SearchTopic(t), search::topic_path(&topic.slug));
    }
    if model.has_base_url() {
        push(PageKind::Feed, "atom.xml".into());
        for (t, topic) in site.topics.topics.iter().enumerate() {
            push(PageKind::TopicFeed(t), format!("topics/{}/atom.xml", topic.slug));
        }
    }
    push(PageKind::Robots, "robots.txt".into());
    for (i, (name, _)) in theme.assets().iter().enumerate() {
        push(PageKind::Asset(i), name.clone());
    }
    if model.has_base_url() {
        // The sitemap lists the HTML pages planned above.
        let urls = specs.iter().filter(|s| feeds::in_sitemap(s)).count();
        specs.push(PageSpec { kind: PageKind::Sitemap, path: "sitemap.xml".into() });
        for n in 1..=feeds::sitemap_parts(urls) {
            specs.push(PageSpec { kind: PageKind::SitemapPart(n), path: feeds::sitemap_part_path(n) });
        }
    }
    specs
}

/// Renders every page of the site. Template errors name the template, line and column.
pub fn render_site(site: &Site, theme: &Theme) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let orders = Orders::new(site);
    render_pages(site, theme, &orders, &plan(site, theme, &orders))
}

/// Renders the given pages in parallel; all or nothing.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    orders: &Orders,
    specs: &[PageSpec],
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let renderer = Renderer::new(site, theme, orders, specs.iter(), None);
    let results: Vec<Result<Page, Diagnostic>> = specs.par_iter().map(|spec| renderer.render(spec)).collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut errors: Vec<Diagnostic> = Vec::new();
    for result in results {
        match result {
            Ok(p) => pages.push(p),
            Err(e) => note_error(&mut errors, e),
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(errors)
    }
}

/// Renders the given pages in parallel and hands each to `sink` with its index in `specs` as
/// soon as it is made, so that pages need not be held all at once (a build writes them as
/// they come). Errors from rendering and from `sink` are collected in page order; after the
/// first, pages are still rendered to report every template error, but none reach `sink`.
pub fn render_each(
    site: &Site,
    theme: &Theme,
    orders: &Orders,
    specs: &[PageSpec],
    sink: impl Fn(usize, Page) -> Result<(), Diagnostic> + Sync,
) -> Result<(), Vec<Diagnostic>> {
    let all: Vec<usize> = (0..specs.len()).collect();
    render_with(Renderer::new(site, theme, orders, specs.iter(), None), specs, &all, sink)
}

/// [`render_each`] for `plan`, the whole plan of the site (a full build): the sitemap is
/// listed from it rather than from a plan made again. The search index and its files come
/// last, once the pages are done; the time they took is returned, so that a build can report
/// the index apart from the pages.
pub fn render_plan(
    site: &Site,
    theme: &Theme,
    orders: &Orders,
    plan: &[PageSpec],
    sink: impl Fn(usize, Page) -> Result<(), Diagnostic> + Sync,
) -> Result<std::time::Duration, Vec<Diagnostic>> {
    let (search, pages): (Vec<usize>, Vec<usize>) =
        (0..plan.len()).partition(|&i| plan[i].kind.is_search_data());
    // Each part has a renderer of its own: the pages' (and their summaries) go before the
    // search index is made.
    let renderer = Renderer::new(site, theme, orders, pages.iter().map(|&i| &plan[i]), Some(plan));
    render_with(renderer, plan, &pages, &sink)?;
    let started = std::time::Instant::now();
    let renderer = Renderer::new(site, theme, orders, search.iter().map(|&i| &plan[i]), None);
    render_with(renderer, plan, &search, &sink)?;
    Ok(started.elapsed())
}

/// Renders `specs[i]` for each `i` of `which`, in parallel, handing each page to `sink` with
/// its index in `specs`.
fn render_with(
    renderer: Renderer<'_>,
    specs: &[PageSpec],
    which: &[usize],
    sink: impl Fn(usize, Page) -> Result<(), Diagnostic> + Sync,
) -> Result<(), Vec<Diagnostic>> {
    let failed = std::sync::atomic::AtomicBool::new(false);
    let results: Vec<Diagnostic> = which
        .par_iter()
        .filter_map(|&i| {
            let result = renderer.render(&specs[i]).and_then(|page| {
                if failed.load(std::sync::atomic::Ordering::Relaxed) {
                    Ok(())
                } else {
                    sink(i, page)
                }
            });
            result.err().inspect(|_| failed.store(true, std::sync::atomic::Ordering::Relaxed))
        })
        .collect();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for e in results {
        note_error(&mut errors, e);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn note_error(errors: &mut Vec<Diagnostic>, e: Diagnostic) {
    // The same template error would repeat for every page that uses it.
    if !errors.iter().any(|seen| seen.message == e.message) {
        errors.push(e);
    }
}

/// What rendering any page of a plan needs, made once: the model, the search index when a
/// search file is planned, the sitemap's URLs when a sitemap page is.
struct Renderer<'a> {
    model: views::Model<'a>,
    theme: &'a Theme,
    sitemap: Vec<feeds::SitemapUrl>,
}

impl<'a> Renderer<'a> {
    /// For rendering `specs`; `whole` is the site's whole plan when the caller has it.
    fn new<'s>(
        site: &'a Site,
        theme: &'a Theme,
        orders: &'a Orders,
        mut specs: impl Iterator<Item = &'s PageSpec> + Clone,
        whole: Option<&[PageSpec]>,
    ) -> Renderer<'a> {
        let mut model = views::Model::new(site, orders);
        if specs.clone().any(|s| s.kind.needs_search_index()) {
            model.search = Some(search::SearchIndex::build(&model));
        }
        let sitemap = if specs.any(|s| matches!(s.kind, PageKind::Sitemap | PageKind::SitemapPart(_))) {
            // The sitemap lists every HTML page of the whole plan, not only those re-rendered.
            match whole {
                Some(whole) => feeds::sitemap_urls(&model, whole),
                None => feeds::sitemap_urls(&model, &plan(site, theme, orders)),
            }
        } else {
            Vec::new()
        };
        Renderer { model, theme, sitemap }
    }

    fn render(&self, spec: &PageSpec) -> Result<Page, Diagnostic> {
        let context = RenderContext { model: &self.model, theme: self.theme, sitemap: &self.sitemap };
        render_one(&context, spec)
    }
}

/// What every page render shares.
struct RenderContext<'a> {
    model: &'a views::Model<'a>,
    theme: &'a Theme,
    /// Every URL of the sitemap, in order; empty unless a sitemap page is rendered.
    sitemap: &'a [feeds::SitemapUrl],
}

fn render_one(context: &RenderContext<'_>, spec: &PageSpec) -> Result<Page, Diagnostic> {
    let (model, theme) = (context.model, context.theme);
    let path = spec.path.as_str();
    let content = match spec.kind {
        PageKind::Article(i) => theme.render("article.html", path, &ArticleView::new(model, i))?,
        PageKind::Topic(t) => theme.render("topic.html", path, &TopicView::new(model, t, 1))?,
        PageKind::TopicPage(t, n) => theme.render("topic.html", path, &TopicView::new(model, t, n))?,
        PageKind::Home => theme.render("index.html", path, &HomeView::new(model, 1))?,
        PageKind::HomePage(n) => theme.render("index.html", path, &HomeView::new(model, n))?,
        PageKind::TopicIndex => theme.render("topics.html", path, &TopicListView::new(model))?,
        PageKind::Timeline(n) => theme.render("timeline.html", path, &TimelineView::new(model, n))?,
        PageKind::SourceIndex => theme.render("sources.html", path, &SourceListView::new(model))?,
        PageKind::Source(s, n) => theme.render("source.html", path, &SourceView::new(model, s, n))?,
        PageKind::NotFound => theme.render("404.html", path, &PlainView::not_found(model))?,
        PageKind::Search => theme.render("search.html", path, &PlainView::search(model))?,
        PageKind::Feed => theme.render("atom.xml", path, &feeds::FeedView::site(model))?,
        PageKind::TopicFeed(t) => theme.render("atom.xml", path, &feeds::FeedView::topic(model, t))?,
        PageKind::Sitemap => feeds::sitemap(context.sitemap, model),
        PageKind::SitemapPart(n) => feeds::sitemap_part(context.sitemap, n),
        PageKind::Robots => feeds::robots(model),
        PageKind::SearchMeta => search_index(model)?.meta(model),
        PageKind::SearchTerms(b) => search_index(model)?.terms(b),
        PageKind::SearchDocs(c) => search_index(model)?.docs(model, c),
        PageKind::SearchTopic(t) => search::topic_members(model, t),
        PageKind::Asset(i) => theme.assets()[i].1.clone(),
    };
    Ok(Page { path: spec.path.clone(), content })
}

fn search_index<'m>(model: &'m views::Model<'_>) -> Result<&'m search::SearchIndex, Diagnostic> {
    // render_pages builds the index whenever it plans a page that needs it.
    model.search.as_ref().ok_or_else(|| Diagnostic::error("search", "the search index was not built"))
}

/// The relative way back to the site root from a page at `path` (`articles/x/index.html`
/// -> `../../`), so that links work under any sub-path and from disk.
pub fn root_from(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_from_counts_folders() {
        assert_eq!(root_from("index.html"), "");
        assert_eq!(root_from("topics/nato/page/2/index.html"), "../../../../");
    }
}
