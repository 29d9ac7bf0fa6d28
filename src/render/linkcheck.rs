//! Broken internal links in rendered pages, found without writing anything: for `check`.
//!
//! Reads the `href` and `src` attributes of the tags in each HTML page and resolves relative
//! ones against the page's own path. Rendered text has every `<` escaped, so a `<` followed by
//! a letter is always a tag. Links with a scheme (`https:`, `mailto:`) or only a fragment are
//! not ours to check.

use std::collections::BTreeSet;

use super::Page;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page with the link, relative to the output root.
    pub page: String,
    /// The link as written.
    pub target: String,
    /// The file it points to, which no page provides.
    pub resolved: String,
}

/// Every internal link in `pages` that points to no page of `pages`.
pub fn broken_links(pages: &[Page]) -> Vec<BrokenLink> {
    let files: BTreeSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    let mut broken = Vec::new();
    for page in pages.iter().filter(|p| p.path.ends_with(".html")) {
        let html = String::from_utf8_lossy(&page.content);
        for target in link_targets(&html) {
            let Some(resolved) = resolve(&page.path, &target) else { continue };
            if !files.contains(resolved.as_str()) {
                broken.push(BrokenLink { page: page.path.clone(), target, resolved });
            }
        }
    }
    broken
}

/// The file that `target`, linked from the page at `page`, names; `None` for links that
/// leave the site or stay on the page.
pub fn resolve(page: &str, target: &str) -> Option<String> {
    let path = target.split(['#', '?']).next().unwrap_or("");
    if target.starts_with('#') || target.starts_with("//") || has_scheme(target) {
        return None;
    }
    let mut parts: Vec<&str> =
        if path.starts_with('/') { Vec::new() } else { page.split('/').collect::<Vec<_>>() };
    // The page's own file name is not a folder.
    parts.pop();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut file = parts.join("/");
    if path.is_empty() || path.ends_with('/') || path.ends_with("/.") || path == "." || path.ends_with("..") {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some(file)
}

fn has_scheme(target: &str) -> bool {
    match target.find(':') {
        Some(colon) => {
            let scheme = &target[..colon];
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The values of `href` and `src` attributes of every tag, entities `&amp;` and `&quot;`
/// decoded.
fn link_targets(html: &str) -> Vec<String> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' || !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        // Find the end of the tag, skipping quoted attribute values.
        let mut j = i + 1;
        let mut quote: Option<u8> = None;
        while j < bytes.len() {
            match (quote, bytes[j]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            j += 1;
        }
        attributes(&html[i..j.min(html.len())], &mut out);
        i = j + 1;
    }
    out
}

/// Pushes the `href` and `src` values of one tag (`<a href="x" ...`, without its `>`).
fn attributes(tag: &str, out: &mut Vec<String>) {
    let mut rest = tag.trim_start_matches('<');
    // Skip the tag name.
    rest = rest.trim_start_matches(|c: char| !c.is_whitespace() && c != '/');
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return;
        }
        let name_end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '/').unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let Some(after) = rest.strip_prefix('=') else { continue };
        let after = after.trim_start();
        let (value, remaining) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = &after[1..];
                let end = inner.find(q).unwrap_or(inner.len());
                (&inner[..end], inner.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        if name == "href" || name == "src" {
            out.push(value.replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&"));
        }
        rest = remaining;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> Page {
        Page { path: path.into(), content: html.as_bytes().to_vec() }
    }

    #[test]
    fn relative_links_resolve_against_the_page() {
        assert_eq!(
            resolve("articles/x/index.html", "../../topics/nato/").as_deref(),
            Some("topics/nato/index.html")
        );
        assert_eq!(resolve("index.html", "").as_deref(), Some("index.html"));
        assert_eq!(resolve("a/index.html", "../").as_deref(), Some("index.html"));
        assert_eq!(resolve("a/index.html", "../style.css?v=1#x").as_deref(), Some("style.css"));
        assert_eq!(resolve("a/index.html", "https://example.org/"), None);
        assert_eq!(resolve("a/index.html", "mailto:x@example.org"), None);
        assert_eq!(resolve("a/index.html", "#main"), None);
    }

    #[test]
    fn only_tag_attributes_count_as_links() {
        let html = "<p class=x>Text about href='nowhere' &lt;a href=\"gone\"&gt;</p>\
                    <a data-x=\"a>b\" href=\"../b/\">b</a><img src=missing.png alt=''>";
        assert_eq!(link_targets(html), vec!["../b/", "missing.png"]);
    }

    #[test]
    fn broken_links_name_page_and_target() {
        let pages = [
            page("index.html", "<a href=\"a/\">a</a> <a href=\"b/\">b</a>"),
            page("a/index.html", "<a href=\"../\">home</a>"),
        ];
        assert_eq!(
            broken_links(&pages),
            vec![BrokenLink {
                page: "index.html".into(),
                target: "b/".into(),
                resolved: "b/index.html".into()
            }]
        );
    }
}
