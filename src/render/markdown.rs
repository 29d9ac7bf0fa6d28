//! Article blocks -> HTML through pulldown-cmark: raw HTML is shown as text, unsafe link
//! schemes are dropped, and the first body mention of each topic becomes a link.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use crate::extract::{Block, BlockKind};
use crate::topics::Matcher;

/// The topics to link in one article, and which are linked already.
pub struct TopicLinks<'a> {
    pub matcher: &'a Matcher,
    /// Per topic index: `Some(href)` when the article belongs to the topic and it is not yet
    /// linked.
    pub pending: Vec<Option<String>>,
}

/// Renders the article body. `markdown` says whether the blocks are Markdown (`.md`) or plain
/// text whose line starts must not turn into lists or headings.
pub fn body_html(blocks: &[Block], markdown: bool, links: &mut TopicLinks<'_>) -> String {
    // Room for the text and its tags, so that the page grows without copying itself.
    let mut html = String::with_capacity(blocks.iter().map(|b| b.text.len() + 16).sum::<usize>() * 9 / 8);
    for block in blocks {
        if !markdown && is_plain_text(&block.text) {
            plain_block_html(&mut html, block, links);
        } else {
            parsed_block_html(&mut html, block, markdown, links);
        }
    }
    html
}

/// One block through the Markdown parser.
fn parsed_block_html(html: &mut String, block: &Block, markdown: bool, links: &mut TopicLinks<'_>) {
    let source = if markdown { block.text.clone() } else { escape_block_start(&block.text) };
    let events = Parser::new_ext(&source, Options::ENABLE_STRIKETHROUGH);
    let mut out: Vec<Event<'_>> = Vec::new();
    let mut link_depth = 0usize;
    let mut heading_depth = 0usize;
    let heading = block.kind == BlockKind::Heading;
    // Raw HTML blocks are shown as the text of a paragraph.
    let mut html_block: Option<String> = None;
    for event in events {
        if let Some(buffer) = html_block.as_mut() {
            match event {
                Event::End(TagEnd::HtmlBlock) => {
                    let text = html_block.take().unwrap_or_default();
                    out.push(Event::Text(CowStr::from(text.trim_end().to_string())));
                    out.push(Event::End(TagEnd::Paragraph));
                }
                Event::Html(raw) | Event::Text(raw) => buffer.push_str(&raw),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some(String::new());
                out.push(Event::Start(Tag::Paragraph));
            }
            Event::Start(Tag::Paragraph) if heading => {
                heading_depth += 1;
                out.push(Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    id: None,
                    classes: vec![],
                    attrs: vec![],
                }));
            }
            Event::End(TagEnd::Paragraph) if heading => {
                heading_depth -= 1;
                out.push(Event::End(TagEnd::Heading(HeadingLevel::H2)));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading_depth += 1;
                out.push(Event::Start(Tag::Heading {
                    level: level.max(HeadingLevel::H2),
                    id: None,
                    classes: vec![],
                    attrs: vec![],
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                heading_depth -= 1;
                out.push(Event::End(TagEnd::Heading(level.max(HeadingLevel::H2))));
            }
            // Remote images would load from other sites; they are shown as links instead.
            Event::Start(
                Tag::Link { link_type, dest_url, title, id } | Tag::Image { link_type, dest_url, title, id },
            ) => {
                link_depth += 1;
                let dest_url = if safe_url(&dest_url) { dest_url } else { CowStr::Borrowed("#") };
                out.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                link_depth -= 1;
                out.push(Event::End(TagEnd::Link));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => out.push(Event::Text(raw)),
            Event::Text(text) if link_depth == 0 && heading_depth == 0 => link_topics(text, links, &mut out),
            other => out.push(other),
        }
    }
    pulldown_cmark::html::push_html(html, out.into_iter());
}

/// Bytes that mean nothing to pulldown-cmark inside a paragraph, with the options used here:
/// not one of its inline markers (backslash, `*`, `_`, `[`, `]`, `<`, `!`, `&`, backtick,
/// `~`), not a line break, no other control byte.
const PLAIN_BYTES: [bool; 256] = {
    let mut table = [true; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = false;
        b += 1;
    }
    let special = *b"\\*_[]<!&`~\x7f";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = false;
        i += 1;
    }
    table
};

/// Whether a plain-text block would come out of the Markdown parser as one paragraph holding
/// its text unchanged: no inline marker, no line break, nothing at either end that the parser
/// trims, and no line start that could open a block ([`opens_block`], or a digit: a list).
/// Most paragraphs are such text; they skip the parser and give the same HTML.
fn is_plain_text(text: &str) -> bool {
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().next_back()) else { return false };
    !opens_block(first)
        && !first.is_ascii_digit()
        && !first.is_whitespace()
        && !last.is_whitespace()
        && text.bytes().all(|b| PLAIN_BYTES[b as usize])
}

/// [`body_html`] for a block that [`is_plain_text`]: the events the parser would give.
fn plain_block_html(html: &mut String, block: &Block, links: &mut TopicLinks<'_>) {
    let text = CowStr::Borrowed(block.text.as_str());
    let mut out: Vec<Event<'_>> = Vec::with_capacity(3);
    if block.kind == BlockKind::Heading {
        let heading = Tag::Heading { level: HeadingLevel::H2, id: None, classes: vec![], attrs: vec![] };
        out.extend([Event::Start(heading), Event::Text(text), Event::End(TagEnd::Heading(HeadingLevel::H2))]);
    } else {
        out.push(Event::Start(Tag::Paragraph));
        link_topics(text, links, &mut out);
        out.push(Event::End(TagEnd::Paragraph));
    }
    pulldown_cmark::html::push_html(html, out.into_iter());
}

/// Splits `text` around the first mention of each pending topic and links it.
fn link_topics<'a>(text: CowStr<'a>, links: &mut TopicLinks<'_>, out: &mut Vec<Event<'a>>) {
    // Once every topic is linked the rest of the body needs no matching.
    if links.pending.iter().all(Option::is_none) {
        out.push(Event::Text(text));
        return;
    }
    let hits = links.matcher.find(&text);
    let mut last = 0;
    let mut pieces: Vec<Event<'a>> = Vec::new();
    for hit in hits {
        let Some(href) = links.pending.get_mut(hit.topic).and_then(Option::take) else { continue };
        if hit.start > last {
            pieces.push(Event::Text(CowStr::from(text[last..hit.start].to_string())));
        }
        let mut open = String::from("<a class=\"topic-link\" href=\"");
        escape_href(&mut open, &href).expect("writing to a String cannot fail");
        open.push_str("\">");
        pieces.push(Event::InlineHtml(CowStr::from(open)));
        pieces.push(Event::Text(CowStr::from(text[hit.start..hit.end].to_string())));
        pieces.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
        last = hit.end;
    }
    if pieces.is_empty() {
        out.push(Event::Text(text));
        return;
    }
    if last < text.len() {
        pieces.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
    out.extend(pieces);
}

/// Only web, mail and in-site links survive; `javascript:` and `data:` do not.
pub fn safe_url(url: &str) -> bool {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.find(':') {
        Some(colon) if !lower[..colon].contains(['/', '?', '#']) => {
            matches!(&lower[..colon], "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Characters that can open a Markdown block (heading, quote, list, rule, fence, table) when
/// a line starts with them; a digit can too, before `. ` or `) `.
fn opens_block(c: char) -> bool {
    matches!(c, '#' | '>' | '-' | '+' | '*' | '=' | '_' | '~' | '`' | '|')
}

/// Plain text must not become a list, quote, heading or code block because of how a line
/// starts ("1. ", "- ", "> ", "# ", four spaces): escape the first character.
fn escape_block_start(text: &str) -> String {
    let trimmed = text.trim_start();
    let first = trimmed.chars().next();
    let needs = match first {
        Some(c) if opens_block(c) => true,
        Some(c) if c.is_ascii_digit() => {
            let rest = trimmed.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")"
        }
        _ => false,
    };
    if !needs {
        return trimmed.to_string();
    }
    if first.is_some_and(|c| c.is_ascii_digit()) {
        let digits = trimmed.len() - trimmed.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        return format!("{}\\{}", &trimmed[..digits], &trimmed[digits..]);
    }
    format!("\\{trimmed}")
}

/// HTML-escapes text for use in markup we build ourselves.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Alias, TopicConfig};

    fn paragraph(text: &str) -> Block {
        Block { kind: BlockKind::Paragraph, text: text.to_string(), lines: vec![1] }
    }

    fn render(blocks: &[Block], markdown: bool) -> String {
        let matcher = Matcher::new(&[TopicConfig {
            name: "NATO".into(),
            slug: None,
            description: String::new(),
            aliases: vec![Alias::Text("NATO".into())],
        }]);
        let mut links = TopicLinks { matcher: &matcher, pending: vec![Some("../../topics/nato/".into())] };
        body_html(blocks, markdown, &mut links)
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render(&[paragraph("<script>alert(1)</script> and <b>bold</b>")], true);
        assert_eq!(html, "<p>&lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt;</p>\n");
    }

    #[test]
    fn javascript_links_are_defused() {
        let html = render(&[paragraph("[click](javascript:alert(1)) [ok](https://example.org)")], true);
        assert_eq!(html, "<p><a href=\"#\">click</a> <a href=\"https://example.org\">ok</a></p>\n");
    }

    #[test]
    fn first_mention_only_is_linked_and_never_inside_links_or_headings() {
        let blocks = [
            Block { kind: BlockKind::Heading, text: "NATO TODAY".into(), lines: vec![1] },
            paragraph("[NATO site](https://nato.int) said NATO's plan."),
            paragraph("NATO again."),
        ];
        let html = render(&blocks, false);
        assert_eq!(
            html,
            "<h2>NATO TODAY</h2>\n<p><a href=\"https://nato.int\">NATO site</a> said <a class=\"topic-link\" href=\"../../topics/nato/\">NATO</a>'s plan.</p>\n<p>NATO again.</p>\n"
        );
    }

    #[test]
    fn plain_text_skips_the_parser_only_where_the_parser_would_change_nothing() {
        let plain = [
            "NATO said talks would resume in Geneva.",
            "\u{201c}We will not,\u{201d} he said \u{2014} NATO's view > theirs; 5 > 4 (\"quoted\").",
            "Kyiv\u{2019}s caf\u{e9}s stay open, NATO or not",
            "\u{201c}NATO\u{201d} in quotes",
            "Two  spaces, NATO, and a no-break space\u{a0}inside",
            "NATO TODAY",
        ];
        let parsed_only = [
            "1. A list?",
            "2024 was a year",
            "- a dash",
            "# a hash",
            "Bold *claims*",
            "[links](#)",
            "&amp;",
            "<b>tags</b>",
            "A backslash \\ here",
            "Bang!",
            "~strike~",
            "`code`",
            "snake_case",
            " leading space",
            "trailing space ",
            "ends with a no-break space\u{a0}",
            "a\ttab",
            "line\nbreak",
            "",
        ];
        let matcher = Matcher::new(&[TopicConfig {
            name: "NATO".into(),
            slug: None,
            description: String::new(),
            aliases: vec![Alias::Text("NATO".into())],
        }]);
        let fresh = || TopicLinks { matcher: &matcher, pending: vec![Some("../../topics/nato/".into())] };
        for text in plain {
            assert!(is_plain_text(text), "{text:?}");
            for kind in [BlockKind::Paragraph, BlockKind::Heading] {
                let block = Block { kind, text: text.to_string(), lines: vec![1] };
                let mut parsed = String::new();
                parsed_block_html(&mut parsed, &block, false, &mut fresh());
                let mut skipped = String::new();
                plain_block_html(&mut skipped, &block, &mut fresh());
                assert_eq!(skipped, parsed, "{text:?}");
            }
        }
        for text in parsed_only {
            assert!(!is_plain_text(text), "{text:?}");
        }
    }

    #[test]
    fn plain_text_line_starts_stay_text() {
        let html = render(&[paragraph("1. Not a list"), paragraph("# not a heading")], false);
        assert_eq!(html, "<p>1. Not a list</p>\n<p># not a heading</p>\n");
    }
}
