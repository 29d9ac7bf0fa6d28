//! Article blocks from any text through the body renderer, as Markdown and as plain text: the
//! HTML has only the tags and attributes the renderer makes, and no link or image can run
//! script (no `javascript:`, `data:` or other scheme but http(s) and mailto).
#![no_main]

use dossier::config::TopicConfig;
use dossier::extract::{Block, BlockKind};
use dossier::render::markdown::{body_html, safe_url, TopicLinks};
use dossier::topics::matcher::Matcher;
use libfuzzer_sys::fuzz_target;

const TAGS: [&str; 18] = [
    "p",
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "del",
    "hr",
    "br",
];
const ATTRIBUTES: [&str; 4] = ["href", "title", "class", "start"];

fuzz_target!(|text: &str| {
    let topics =
        [TopicConfig { name: "NATO".into(), slug: None, description: String::new(), aliases: vec![] }];
    let matcher = Matcher::new(&topics);
    let blocks: Vec<Block> = text
        .split("\n\n")
        .enumerate()
        .map(|(i, t)| Block {
            kind: if t.starts_with('#') { BlockKind::Heading } else { BlockKind::Paragraph },
            text: t.to_string(),
            lines: vec![i + 1],
        })
        .collect();
    for markdown in [true, false] {
        let mut links = TopicLinks { matcher: &matcher, pending: vec![Some("../../topics/nato/".into())] };
        let html = body_html(&blocks, markdown, &mut links);
        check(&html);
    }
});

/// Walks the tags of `html` and checks each name, attribute and link.
fn check(html: &str) {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let tag = &rest[at + 1..];
        let end = tag.find('>').unwrap_or_else(|| panic!("an unclosed tag in {html:?}"));
        let inside = &tag[..end];
        let inside = inside.strip_prefix('/').unwrap_or(inside).trim_end_matches('/');
        let name_end = inside.find(' ').unwrap_or(inside.len());
        let name = &inside[..name_end];
        assert!(TAGS.contains(&name), "tag <{name}> in {html:?}");
        let mut attrs = inside[name_end..].trim_start();
        while !attrs.is_empty() {
            let eq = attrs.find('=').unwrap_or_else(|| panic!("attribute without value in {html:?}"));
            let attr = &attrs[..eq];
            assert!(ATTRIBUTES.contains(&attr), "attribute {attr} in {html:?}");
            let value =
                attrs[eq + 1..].strip_prefix('"').unwrap_or_else(|| panic!("unquoted value in {html:?}"));
            let close = value.find('"').unwrap_or_else(|| panic!("unclosed value in {html:?}"));
            if attr == "href" {
                assert!(harmless(&value[..close]), "href {:?} in {html:?}", &value[..close]);
            }
            attrs = value[close + 1..].trim_start();
        }
        rest = &tag[end..];
    }
}

/// What a browser would take as the scheme, after undoing the escapes HTML allows.
fn harmless(href: &str) -> bool {
    let apostrophes = href.replace("&#x27;", "'").replace("&#39;", "'");
    assert!(!apostrophes.contains("&#"), "a numeric reference in href {href:?}");
    // `&amp;` last, so that an escaped `&` does not start another reference.
    let decoded = apostrophes.replace("&quot;", "\"").replace("&amp;", "&");
    // The scheme rule the renderer applies to the source's links must hold for what a browser
    // reads back from the page, or an escape would have smuggled a scheme through.
    safe_url(&decoded)
}
