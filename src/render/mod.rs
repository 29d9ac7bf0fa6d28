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

/// Renders every page of the site. Template errors name the template, line and column.
pub fn render_site(site: &Site, theme: &Theme) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let model = views::Model::new(site);
    let article_pages: Vec<Result<Page, Diagnostic>> = (0..site.articles.len())
        .into_par_iter()
        .map(|i| {
            let view = ArticleView::new(&model, i);
            let path = format!("articles/{}/index.html", site.articles[i].slug);
            theme.render("article.html", &path, &view).map(|content| Page { path, content })
        })
        .collect();
    let topic_pages: Vec<Result<Page, Diagnostic>> = (0..site.topics.topics.len())
        .into_par_iter()
        .map(|t| {
            let view = TopicView::new(&model, t);
            let path = format!("topics/{}/index.html", site.topics.topics[t].slug);
            theme.render("topic.html", &path, &view).map(|content| Page { path, content })
        })
        .collect();
    let mut results = article_pages;
    results.extend(topic_pages);
    let home = HomeView::new(&model);
    results.push(
        theme
            .render("index.html", "index.html", &home)
            .map(|content| Page { path: "index.html".into(), content }),
    );
    let list = TopicListView::new(&model, "topics/index.html");
    results.push(
        theme
            .render("topics.html", "topics/index.html", &list)
            .map(|content| Page { path: "topics/index.html".into(), content }),
    );
    let not_found = HomeView::new(&model);
    results.push(
        theme
            .render("404.html", "404.html", &not_found)
            .map(|content| Page { path: "404.html".into(), content }),
    );
    for (name, bytes) in theme.assets() {
        results.push(Ok(Page { path: name.clone(), content: bytes.clone() }));
    }

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

/// The relative way back to the site root from a page at `path` (`articles/x/index.html`
/// -> `../../`), so that links work under any sub-path and from disk.
pub fn root_from(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}
