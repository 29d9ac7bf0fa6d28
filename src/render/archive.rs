//! The archive's shape: publishers grouped from article sources, long lists cut into pages,
//! the timeline grouped by year and month, and how internal links are written.
//!
//! Pure data about the site; no templates and no file system here.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::slugs::slugify;
use crate::Site;

/// How internal links end: at the folder (`articles/x/`), or at its `index.html` for
/// browsing from disk, where a folder link shows a directory listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkStyle {
    pub index_html: bool,
}

impl LinkStyle {
    /// The link to the page of folder `dir` (relative to the root, `""` or ending in `/`).
    pub fn dir(self, dir: &str) -> String {
        if self.index_html {
            format!("{dir}index.html")
        } else {
            dir.to_string()
        }
    }

    /// [`LinkStyle::dir`] for a folder path the caller no longer needs.
    pub fn dir_owned(self, mut dir: String) -> String {
        if self.index_html {
            dir.push_str("index.html");
        }
        dir
    }

    /// The link to page `n` (from 1) of the list whose first page is folder `base`.
    pub fn list_page(self, base: &str, n: usize) -> String {
        self.dir(&list_dir(base, n))
    }
}

/// The folder of page `n` (from 1) of the list whose first page is folder `base`: Zola's
/// `page/2/` scheme, so the first page keeps the list's own address.
pub fn list_dir(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// The output file of page `n` of the list at `base`.
pub fn list_path(base: &str, n: usize) -> String {
    format!("{}index.html", list_dir(base, n))
}

/// How many pages a list of `len` items needs; an empty list still has its first page.
pub fn page_count(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page.max(1)).max(1)
}

/// The items of page `n` (from 1).
pub fn page_slice<T>(items: &[T], n: usize, per_page: usize) -> &[T] {
    let start = (n.saturating_sub(1) * per_page).min(items.len());
    let end = (start + per_page).min(items.len());
    &items[start..end]
}

/// A publisher: every article whose `source` slugifies the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceGroup {
    /// The most common spelling among its articles.
    pub name: String,
    pub slug: String,
    /// Article indices, in the site's chronological order.
    pub articles: Vec<usize>,
}

impl SourceGroup {
    pub fn dir(&self) -> String {
        format!("sources/{}/", self.slug)
    }
}

/// Groups articles by publisher, sorted by name. Articles with no source (or one without a
/// letter or digit) belong to none; `chronological` gives the order within each group.
pub fn sources(site: &Site, chronological: &[usize]) -> Vec<SourceGroup> {
    // An archive has far fewer publishers than articles: each spelling is slugified once, and
    // each article is told its spelling by one lookup, in index order.
    let mut spelling_of: FxHashMap<&str, usize> = FxHashMap::default();
    // Per spelling: the text, the group of its slug (`None` when the slug is empty), how many
    // articles use it.
    let mut spellings: Vec<(&str, Option<usize>, usize)> = Vec::new();
    let mut slugs: Vec<String> = Vec::new();
    let mut group_of_slug: FxHashMap<String, usize> = FxHashMap::default();
    let spelling: Vec<Option<usize>> = site
        .articles
        .iter()
        .map(|a| {
            let name = a.source.as_deref()?;
            let s = *spelling_of.entry(name).or_insert_with(|| {
                let slug = slugify(name);
                let group = (!slug.is_empty()).then(|| {
                    *group_of_slug.entry(slug.clone()).or_insert_with(|| {
                        slugs.push(slug);
                        slugs.len() - 1
                    })
                });
                spellings.push((name, group, 0));
                spellings.len() - 1
            });
            spellings[s].2 += 1;
            Some(s)
        })
        .collect();
    let mut articles: Vec<Vec<usize>> = vec![Vec::new(); slugs.len()];
    for &i in chronological {
        if let Some(g) = spelling[i].and_then(|s| spellings[s].1) {
            articles[g].push(i);
        }
    }
    // Spellings that differ only in surrounding space count as one.
    let mut counts: Vec<BTreeMap<&str, usize>> = vec![BTreeMap::new(); slugs.len()];
    for &(name, group, n) in &spellings {
        if let Some(g) = group {
            *counts[g].entry(name.trim()).or_default() += n;
        }
    }
    let mut groups: Vec<SourceGroup> = slugs
        .into_iter()
        .zip(articles)
        .zip(counts)
        .map(|((slug, articles), counts)| {
            // Most used spelling wins; ties go to the first in sorted order, so it is stable.
            let name = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(n, _)| n.to_string())
                .unwrap_or_else(|| slug.clone());
            SourceGroup { name, slug, articles }
        })
        .collect();
    groups.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.slug.cmp(&b.slug)));
    groups
}

/// Links to the pages of one list, for the "page 2 of 9" navigation.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The first, last and nearby pages; `None` where pages are left out.
    pub pages: Vec<Option<PageLink>>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// How many pages either side of the current one are linked directly.
const NEARBY: usize = 2;

impl Paginator {
    pub fn new(links: LinkStyle, base: &str, current: usize, total: usize) -> Paginator {
        let link = |n: usize| links.list_page(base, n);
        let mut pages = Vec::new();
        let mut last_shown = 0;
        for n in 1..=total {
            let near = n.abs_diff(current) <= NEARBY;
            if n == 1 || n == total || near {
                if n > last_shown + 1 {
                    pages.push(None);
                }
                pages.push(Some(PageLink { number: n, url: link(n), current: n == current }));
                last_shown = n;
            }
        }
        Paginator {
            current,
            total,
            prev: (current > 1).then(|| link(current - 1)),
            next: (current < total).then(|| link(current + 1)),
            pages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_pages_follow_the_page_n_scheme() {
        assert_eq!(list_path("", 1), "index.html");
        assert_eq!(list_path("topics/nato/", 3), "topics/nato/page/3/index.html");
        let links = LinkStyle { index_html: true };
        assert_eq!(links.list_page("", 1), "index.html");
        assert_eq!(links.list_page("timeline/", 2), "timeline/page/2/index.html");
        assert_eq!(LinkStyle { index_html: false }.list_page("timeline/", 2), "timeline/page/2/");
    }

    #[test]
    fn page_counts_and_slices() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
        let items: Vec<usize> = (0..11).collect();
        assert_eq!(page_slice(&items, 2, 10), &[10]);
        assert!(page_slice(&items, 3, 10).is_empty());
    }

    #[test]
    fn paginator_leaves_out_far_pages() {
        let p = Paginator::new(LinkStyle { index_html: false }, "", 6, 20);
        let shown: Vec<Option<usize>> = p.pages.iter().map(|l| l.as_ref().map(|l| l.number)).collect();
        assert_eq!(shown, vec![Some(1), None, Some(4), Some(5), Some(6), Some(7), Some(8), None, Some(20)]);
        assert_eq!(p.prev.as_deref(), Some("page/5/"));
        assert_eq!(p.next.as_deref(), Some("page/7/"));
        let first = Paginator::new(LinkStyle { index_html: false }, "", 2, 2);
        assert_eq!(first.prev.as_deref(), Some(""));
        assert_eq!(first.next, None);
    }
}
