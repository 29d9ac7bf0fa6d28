//! `check`: the whole pipeline in memory, then what a reader would trip over. Writes nothing.
//!
//! Errors: anything that breaks a build (config, front matter, templates) and internal links
//! that point to no page. Warnings: articles with no date or no topic, and articles that
//! share a title or had their slug changed to stay unique. Each names the file it is about.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::render::{self, linkcheck};
use crate::slugs::slugify;
use crate::{load_site, source, Site};

#[derive(Debug)]
pub struct CheckReport {
    pub articles: usize,
    /// Pages rendered; 0 when config or templates stopped the check early.
    pub pages: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Checks the site at `root` without writing anything.
pub fn check(root: &Path) -> CheckReport {
    let (site, mut diagnostics) = match load_site(root) {
        Ok(loaded) => loaded,
        Err(failure) => return CheckReport { articles: 0, pages: 0, diagnostics: failure.diagnostics },
    };
    diagnostics.extend(article_warnings(&site));
    let theme_dir = root.join(&site.config.templates);
    let mut pages = 0;
    match render::Theme::load(&theme_dir, &source::relative(root, &theme_dir)) {
        Err(d) => diagnostics.push(d),
        Ok(theme) => match render::render_site(&site, &theme) {
            Err(errors) => diagnostics.extend(errors),
            Ok(rendered) => {
                pages = rendered.len();
                diagnostics.extend(page_errors(&rendered, &site.config.output));
            }
        },
    }
    diagnostics.sort_by(|a, b| a.path.cmp(&b.path).then(b.severity.cmp(&a.severity)));
    CheckReport { articles: site.articles.len(), pages, diagnostics }
}

/// Articles a reader would find incomplete or confusing.
fn article_warnings(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let has_topics = !site.topics.topics.is_empty();
    for (i, a) in site.articles.iter().enumerate() {
        if a.date.is_none() {
            out.push(
                Diagnostic::warning(&a.path, "no publication date found; the article is listed as undated")
                    .with_help("add `date: 2022-02-01` to its front matter"),
            );
        }
        if has_topics && site.topics.by_article[i].is_empty() {
            out.push(
                Diagnostic::warning(&a.path, "the article mentions none of the site's topics").with_help(
                    "add `topics: [name]` to its front matter, or an alias to a topic in site.toml",
                ),
            );
        }
    }
    let mut by_title: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, a) in site.articles.iter().enumerate() {
        by_title.entry(a.title.trim().to_lowercase()).or_default().push(i);
    }
    for same in by_title.values().filter(|v| v.len() > 1) {
        let first = &site.articles[same[0]];
        for &i in &same[1..] {
            out.push(
                Diagnostic::warning(
                    &site.articles[i].path,
                    format!("same title as {}: \u{201c}{}\u{201d}", first.path.display(), first.title),
                )
                .with_help("if it is the same article collected twice, remove one copy"),
            );
        }
    }
    // Extraction keeps slugs unique by appending -2, -3...; say so, since the address
    // then depends on which file sorts first.
    let slugs: BTreeMap<&str, usize> =
        site.articles.iter().enumerate().map(|(i, a)| (a.slug.as_str(), i)).collect();
    for a in &site.articles {
        let Some((base, n)) = a.slug.rsplit_once('-') else { continue };
        let numbered = n.parse::<usize>().is_ok_and(|n| n >= 2);
        if numbered && slugify(&a.title) != a.slug {
            if let Some(&other) = slugs.get(base) {
                out.push(
                    Diagnostic::warning(
                        &a.path,
                        format!(
                            "slug `{base}` is taken by {}; this article is at articles/{}/",
                            site.articles[other].path.display(),
                            a.slug
                        ),
                    )
                    .with_help("give one of them its own `slug:` in front matter"),
                );
            }
        }
    }
    out
}

/// Internal links that lead nowhere and pages that would overwrite each other.
fn page_errors(pages: &[render::Page], output: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for p in pages {
        *seen.entry(p.path.as_str()).or_default() += 1;
    }
    for (path, count) in seen.into_iter().filter(|(_, c)| *c > 1) {
        out.push(
            Diagnostic::error(output.join(path), format!("{count} pages would be written to this file"))
                .with_help("give the articles, topics or sources involved different slugs"),
        );
    }
    for broken in linkcheck::broken_links(pages) {
        out.push(
            Diagnostic::error(
                output.join(&broken.page),
                format!("broken link `{}`: no page {} is built", broken.target, broken.resolved),
            )
            .with_help("fix the template or article that writes this link"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Page;

    #[test]
    fn colliding_pages_and_broken_links_are_errors() {
        let pages = [
            Page { path: "index.html".into(), content: b"<a href=\"gone/\">x</a>".to_vec() },
            Page { path: "a.html".into(), content: Vec::new() },
            Page { path: "a.html".into(), content: Vec::new() },
        ];
        let errors = page_errors(&pages, Path::new("public"));
        let messages: Vec<String> =
            errors.iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
        assert_eq!(
            messages,
            vec![
                "public/a.html: 2 pages would be written to this file",
                "public/index.html: broken link `gone/`: no page gone/index.html is built",
            ]
        );
    }
}
