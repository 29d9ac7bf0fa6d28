//! The site model -> [`Page`]s: view structs for templates, Tera, Markdown.
//!
//! Render never touches the file system: templates come in as text (see [`Theme`]) and pages
//! go out as bytes for `output` to write. Templates parse once; pages render in parallel.

pub mod markdown;
mod theme;
mod views;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::Site;
pub use theme::Theme;
use views::{ArticleView, HomeView, TopicListView, TopicView};

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
}

impl PageKind {
    /// Whether the page shows anything of article `article` (its title, date, topics...).
    pub fn uses_article(self, article: usize, site: &Site) -> bool {
        match self {
            PageKind::Article(i) => i == article,
            PageKind::Topic(t) => {
                site.topics.by_article.get(article).is_some_and(|ms| ms.iter().any(|m| m.topic == t))
            }
            PageKind::Home | PageKind::TopicIndex => true,
            PageKind::NotFound | PageKind::Asset(_) => false,
        }
    }
}

/// What each page kind in `kinds` shows of article `article`, serialized: the whole view on
/// the article's own page, its entry on the home page, the topics index and topic pages;
/// `None` for kinds where that part cannot be told apart (re-render those whenever
/// [`PageKind::uses_article`] says so). While nothing else changes, a page whose entries for an
/// edited article are the same renders to the same bytes; `serve` uses that to skip the long
/// list pages when an edit leaves title, date, source and topics as they were.
pub fn article_entries(site: &Site, article: usize, kinds: &[PageKind]) -> Vec<Option<Vec<u8>>> {
    let model = views::Model::new(site);
    kinds.iter().map(|&kind| views::entry_of(&model, kind, article)).collect()
}

/// A page to render: its kind and its output path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSpec {
    pub kind: PageKind,
    pub path: String,
}

/// Every page of the site, in a stable order.
pub fn plan(site: &Site, theme: &Theme) -> Vec<PageSpec> {
    let mut specs = Vec::with_capacity(site.articles.len() + site.topics.topics.len() + 8);
    for (i, a) in site.articles.iter().enumerate() {
        specs.push(PageSpec { kind: PageKind::Article(i), path: format!("articles/{}/index.html", a.slug) });
    }
    for (t, topic) in site.topics.topics.iter().enumerate() {
        specs.push(PageSpec { kind: PageKind::Topic(t), path: format!("topics/{}/index.html", topic.slug) });
    }
    specs.push(PageSpec { kind: PageKind::Home, path: "index.html".into() });
    specs.push(PageSpec { kind: PageKind::TopicIndex, path: "topics/index.html".into() });
    specs.push(PageSpec { kind: PageKind::NotFound, path: "404.html".into() });
    for (i, (name, _)) in theme.assets().iter().enumerate() {
        specs.push(PageSpec { kind: PageKind::Asset(i), path: name.clone() });
    }
    specs
}

/// Renders every page of the site. Template errors name the template, line and column.
pub fn render_site(site: &Site, theme: &Theme) -> Result<Vec<Page>, Vec<Diagnostic>> {
    render_pages(site, theme, &plan(site, theme))
}

/// Renders the given pages in parallel; all or nothing.
pub fn render_pages(site: &Site, theme: &Theme, specs: &[PageSpec]) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let model = views::Model::new(site);
    let results: Vec<Result<Page, Diagnostic>> =
        specs.par_iter().map(|spec| render_one(&model, theme, spec)).collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut errors: Vec<Diagnostic> = Vec::new();
    for result in results {
        match result {
            Ok(p) => pages.push(p),
            // The same template error would repeat for every page that uses it.
            Err(e) if errors.iter().any(|seen| seen.message == e.message) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(errors)
    }
}

fn render_one(model: &views::Model<'_>, theme: &Theme, spec: &PageSpec) -> Result<Page, Diagnostic> {
    let path = spec.path.as_str();
    let content = match spec.kind {
        PageKind::Article(i) => theme.render("article.html", path, &ArticleView::new(model, i))?,
        PageKind::Topic(t) => theme.render("topic.html", path, &TopicView::new(model, t))?,
        PageKind::Home => theme.render("index.html", path, &HomeView::new(model))?,
        PageKind::TopicIndex => theme.render("topics.html", path, &TopicListView::new(model))?,
        PageKind::NotFound => theme.render("404.html", path, &HomeView::new(model))?,
        PageKind::Asset(i) => theme.assets()[i].1.clone(),
    };
    Ok(Page { path: spec.path.clone(), content })
}

/// The relative way back to the site root from a page at `path` (`articles/x/index.html`
/// -> `../../`), so that links work under any sub-path and from disk.
pub fn root_from(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}
