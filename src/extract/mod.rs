//! [`SourceFile`] -> [`Article`]: find the article inside raw page text, and lose nothing.
//!
//! The text is cut into units (lines, hard wraps rejoined); the units before the story are the
//! header (title, standfirst, byline, date, site chrome), the rest is body until an
//! end-of-article marker. Every non-empty source line ends up exactly once as metadata, body or
//! a removed line with its reason. Nothing here reads files or knows about topics or HTML.

mod corpus;
mod meta;
pub use meta::sentences;
pub mod rules;
pub use corpus::{Corpus, LineKeys};
pub mod units;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::ExtractConfig;
use crate::diagnostics::Diagnostic;
use crate::slugs::slugify;
use crate::source::SourceFile;
use units::{link_share, unlink_dead, word_count, Unit};

#[derive(Debug, Clone)]
pub struct Article {
    pub path: PathBuf,
    /// Unique across the site; the article page lives at `articles/<slug>/`.
    pub slug: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    /// Why the date is what it is when that is worth telling (a widget ignored, a guessed year).
    pub date_note: Option<String>,
    /// The publisher whose page this text was copied from.
    pub source: Option<String>,
    /// Where a reposted piece first appeared.
    pub original_source: Option<String>,
    pub byline: Option<String>,
    pub url: Option<String>,
    pub standfirst: Option<String>,
    pub body: Vec<Block>,
    /// Source lines used as metadata: (line, what it gave).
    pub metadata_lines: Vec<(usize, &'static str)>,
    pub removed: Vec<Removed>,
    /// Topics named in front matter: members whatever the text says.
    pub declared_topics: Vec<String>,
    /// Body text is Markdown (`.md` sources) rather than plain text.
    pub markdown: bool,
    pub draft: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Paragraph,
    Heading,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The text, dead links reduced to their text, other Markdown as written.
    pub text: String,
    pub lines: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Removed {
    pub line: usize,
    pub text: String,
    /// Shared by the lines of an article removed for the same reason.
    pub reason: Arc<str>,
}

/// What classification decided for one unit.
#[derive(Debug, Clone, PartialEq)]
enum Label {
    Meta(&'static str),
    Body,
    Heading,
    Removed(String),
}

/// Extracts every file in parallel and gives each article a unique slug (in path order, so the
/// same files always get the same slugs).
pub fn extract_all(files: &[SourceFile], config: &ExtractConfig) -> (Vec<Article>, Vec<Diagnostic>) {
    let (corpus, keys) = Corpus::with_keys(files);
    let results: Vec<(Article, Vec<Diagnostic>)> =
        files.par_iter().zip(&keys).map(|(f, k)| extract_keyed(f, config, &corpus, k)).collect();
    collect_articles(results)
}

/// The articles in file order, slugs made unique, and every file's diagnostics.
fn collect_articles(results: Vec<(Article, Vec<Diagnostic>)>) -> (Vec<Article>, Vec<Diagnostic>) {
    let mut articles = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for (article, notes) in results {
        articles.push(article);
        diagnostics.extend(notes);
    }
    assign_unique_slugs(&mut articles);
    (articles, diagnostics)
}

/// [`extract_all`] for files that are not needed afterwards: each raw text is let go as soon
/// as its article is made, so that the raw corpus and the articles are never both held whole.
pub fn extract_files(files: Vec<SourceFile>, config: &ExtractConfig) -> (Vec<Article>, Vec<Diagnostic>) {
    let (corpus, keys) = Corpus::with_keys(&files);
    let results: Vec<(Article, Vec<Diagnostic>)> =
        files.into_par_iter().zip(keys).map(|(f, k)| extract_keyed(&f, config, &corpus, &k)).collect();
    collect_articles(results)
}

/// Makes slugs unique in the order given: the first keeps its slug, later ones get `-2`,
/// `-3`... A slug and its numbered forms only ever meet each other, so `serve` redoes this for
/// the articles whose slugs share a stem with an edited one, and for those only.
pub fn assign_unique_slugs<'a>(articles: impl IntoIterator<Item = &'a mut Article>) {
    let mut used: HashMap<String, usize> = HashMap::new();
    for article in articles {
        let base = article.slug.clone();
        let mut n = *used.get(&base).unwrap_or(&0);
        let mut candidate = base.clone();
        while used.contains_key(&candidate) {
            n += 1;
            candidate = format!("{base}-{}", n + 1);
        }
        used.insert(base, n);
        used.entry(candidate.clone()).or_insert(0);
        article.slug = candidate;
    }
}

/// Extracts one article. Diagnostics are warnings: extraction always produces an article.
pub fn extract(file: &SourceFile, config: &ExtractConfig) -> (Article, Vec<Diagnostic>) {
    extract_in(file, config, &Corpus::default())
}

/// Extracts one article knowing which long lines recur across the corpus.
pub fn extract_in(file: &SourceFile, config: &ExtractConfig, corpus: &Corpus) -> (Article, Vec<Diagnostic>) {
    let keys = if corpus.is_empty() { LineKeys::default() } else { LineKeys::new(&file.body) };
    extract_keyed(file, config, corpus, &keys)
}

/// [`extract_in`] with the file's line keys made already (`Corpus::with_keys`).
pub fn extract_keyed(
    file: &SourceFile,
    config: &ExtractConfig,
    corpus: &Corpus,
    keys: &LineKeys,
) -> (Article, Vec<Diagnostic>) {
    let units = units::units(&file.body, file.body_line_offset);
    let repeated = corpus.flags(&file.body, keys);
    let mut notes = Vec::new();
    // A page saved from a web archive opens with the archive's toolbar: the page starts after it.
    let toolbar = archive_toolbar_end(&units);
    let boxed = signup_boxes(&units);
    for (unit, _) in units.iter().zip(&boxed).filter(|(_, b)| **b) {
        // Decided here, before the header is read: a box's blurb is neither title nor story.
        let _ = unit.furniture.set(true);
    }
    if let Some(template) = corpus.template_flags(&file.body, keys) {
        // The site's masthead and slogan, printed on every page, are not a headline.
        let in_template = |l: &usize| template.get(l - 1 - file.body_line_offset).copied().unwrap_or(false);
        for (i, unit) in units.iter().enumerate().filter(|(_, u)| u.lines.iter().all(in_template)) {
            // ...unless a byline or a timestamp follows it, as one follows a headline: a
            // weekly column or briefing keeps its headline and the section it sits in.
            if units.get(i + 1).is_some_and(|next| meta::stamps_story(&next.plain)) {
                continue;
            }
            let _ = unit.furniture.set(true);
        }
    }
    let mut found = meta::find(&units[toolbar..], &file.front);
    found.shift(toolbar);
    let repeated_line = |line: usize| {
        repeated.as_ref().is_some_and(|f| f.get(line - 1 - file.body_line_offset).copied().unwrap_or(false))
    };
    let mut labels =
        classify(&units, &found, config, &Context { repeated_line: &repeated_line, boxed: &boxed });
    for label in &mut labels[..toolbar] {
        *label = Label::Removed("web archive toolbar".to_string());
    }
    for (i, label) in found.labels.iter() {
        labels[*i] = label.clone();
    }

    let title = match (&file.front.title, &found.title) {
        (Some(t), _) => t.trim().to_string(),
        (None, Some(t)) => t.clone(),
        (None, None) => {
            let fallback = fallback_title(&units, &labels, file);
            notes.push(
                Diagnostic::warning(&file.path, format!("no title found; using \u{201c}{fallback}\u{201d}"))
                    .with_help("add `title:` in front matter, or put the headline on the first line"),
            );
            fallback
        }
    };

    let mut article = Article {
        path: file.path.clone(),
        slug: String::new(),
        title,
        date: file.front.date.or(found.date),
        date_note: if file.front.date.is_some() { None } else { found.date_note.clone() },
        source: file.front.source.clone().or_else(|| found.source.clone()),
        original_source: found.original_source.clone(),
        byline: file.front.author.clone().or_else(|| found.byline.clone()),
        url: file.front.url.clone(),
        standfirst: found.standfirst.clone(),
        body: Vec::new(),
        metadata_lines: Vec::new(),
        removed: Vec::new(),
        declared_topics: file.front.topics.clone(),
        markdown: file.markdown,
        draft: file.front.draft,
    };
    // A paragraph cut by a page break ("Continued on page 6", a running header, "X from
    // page 4") is joined again when the text after the break carries on in lower case.
    // 0: not after a paragraph; 1: right after one; 2: after one and print furniture only.
    let mut print_gap = 0u8;
    let mut reasons: Vec<Arc<str>> = Vec::new();
    for (unit, label) in units.iter().zip(labels) {
        match label {
            Label::Meta(what) => {
                print_gap = 0;
                article.metadata_lines.extend(unit.lines.iter().map(|&l| (l, what)));
            }
            Label::Body | Label::Heading => {
                let kind = if label == Label::Heading { BlockKind::Heading } else { BlockKind::Paragraph };
                let text = if file.markdown { unit.raw.join("\n") } else { unlink_dead(&unit.text) };
                let carries_on = print_gap == 2
                    && kind == BlockKind::Paragraph
                    && text.chars().next().is_some_and(char::is_lowercase);
                match article.body.last_mut() {
                    Some(previous)
                        if carries_on
                            && previous.kind == BlockKind::Paragraph
                            && !units::ends_sentence(&previous.text) =>
                    {
                        units::join_wrapped(&mut previous.text, &text);
                        previous.lines.extend(unit.lines.iter().copied());
                    }
                    _ => article.body.push(Block { kind, text, lines: unit.lines.clone() }),
                }
                print_gap = 1;
            }
            Label::Removed(reason) => {
                print_gap = if reason == PRINT_FURNITURE && print_gap >= 1 { 2 } else { 0 };
                // An article has a handful of reasons, each kept once.
                let shared = match reasons.iter().find(|r| ***r == *reason) {
                    Some(r) => r.clone(),
                    None => {
                        let r: Arc<str> = reason.into();
                        reasons.push(r.clone());
                        r
                    }
                };
                for (line, raw) in unit.lines.iter().zip(&unit.raw) {
                    article.removed.push(Removed {
                        line: *line,
                        text: raw.trim().to_string(),
                        reason: shared.clone(),
                    });
                }
            }
        }
    }
    article.slug = file
        .front
        .slug
        .as_deref()
        .map(slugify)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slugify(&article.title));
    if article.slug.is_empty() {
        article.slug = fallback_slug(file);
    }
    // Articles are held for the whole build: without the room their lists grew into.
    article.body.shrink_to_fit();
    article.removed.shrink_to_fit();
    article.metadata_lines.shrink_to_fit();
    if article.body.is_empty() {
        notes.push(
            Diagnostic::warning(&file.path, "no article text found; every line looked like page furniture")
                .with_help("check the file, or add a `keep` pattern under [extract] in site.toml"),
        );
    }
    (article, notes)
}

/// The number of units the toolbar of a web-archive capture takes at the top of the page (0
/// when the page is not a capture): up to its last line ("TIMESTAMPS", "About this capture",
/// "Collection: ...") and a "loading" line after it.
fn archive_toolbar_end(units: &[Unit]) -> usize {
    let capture = units.iter().take(3).any(|u| {
        let lower = u.lower();
        lower.contains("web.archive.org") || lower.starts_with("the wayback machine")
    });
    if !capture {
        return 0;
    }
    let toolbar_line = |u: &Unit| {
        let key = u.key();
        key == "timestamps"
            || key == "about this capture"
            || key == "collected by"
            || key.starts_with("collection:")
            || key.starts_with("organization:")
            || (key.ends_with(" captures") && word_count(key) == 2)
    };
    let Some(last) = units.iter().take(40).rposition(toolbar_line) else { return 0 };
    let loading = units.get(last + 1).is_some_and(|u| u.key().starts_with("loading"));
    last + 1 + usize::from(loading)
}

fn fallback_slug(file: &SourceFile) -> String {
    let stem = file.path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let slug = slugify(&stem);
    if slug.is_empty() {
        "article".to_string()
    } else {
        format!("article-{slug}")
    }
}

/// The first sentence of the body, shortened, or the file name.
fn fallback_title(units: &[Unit], labels: &[Label], file: &SourceFile) -> String {
    let first_body =
        units.iter().zip(labels).find(|(_, l)| **l == Label::Body).map(|(u, _)| u.plain.as_str());
    match first_body {
        Some(text) => {
            let sentence = text.split_inclusive(['.', '!', '?']).next().unwrap_or(text).trim();
            let words: Vec<&str> = sentence.split_whitespace().take(14).collect();
            let mut title = words.join(" ");
            if word_count(sentence) > 14 {
                title.push('\u{2026}');
            }
            title
        }
        None => file.path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default(),
    }
}

/// Why the units of a sign-up box are removed.
const SIGNUP_BOX: &str = "newsletter sign-up box";

/// Which units belong to a newsletter sign-up box: a heading ("Discover more from X", "Get X
/// in your inbox"), up to three short lines of blurb, and the button that closes it ("Continue
/// reading", "Sign up"). A heading with no button soon after marks nothing: without its button
/// the box cannot be told from the text around it.
fn signup_boxes(units: &[Unit]) -> Vec<bool> {
    let mut boxed = vec![false; units.len()];
    let mut i = 0;
    while i < units.len() {
        if rules::is_signup_heading(&units[i].plain) {
            let window = units.iter().enumerate().skip(i + 1).take(4);
            let end = window
                .take_while(|(_, u)| u.words() <= 30)
                .find(|(_, u)| rules::is_signup_button(&u.plain))
                .map(|(j, _)| j);
            if let Some(end) = end {
                boxed[i..=end].iter_mut().for_each(|b| *b = true);
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
    boxed
}

/// What classification knows about the file besides the units themselves.
struct Context<'a> {
    /// Whether a source line recurs across the corpus.
    repeated_line: &'a dyn Fn(usize) -> bool,
    /// Per unit, whether it is part of a sign-up box.
    boxed: &'a [bool],
}

/// Labels every unit after the header: body, heading, or removed with a reason.
fn classify(
    units: &[Unit],
    found: &meta::Found,
    config: &ExtractConfig,
    context: &Context<'_>,
) -> Vec<Label> {
    let n = units.len();
    let mut labels = vec![Label::Body; n];
    for (i, label) in labels.iter_mut().enumerate().take(found.body_start.min(n)) {
        *label = if context.boxed[i] {
            Label::Removed(SIGNUP_BOX.to_string())
        } else {
            Label::Removed(header_reason(&units[i]))
        };
    }
    let mut ended: Option<String> = None;
    // 0: no promo above; 1: right under a promo heading; 2: under a promoted headline.
    let mut promo_follows = 0u8;
    for i in found.body_start.min(n)..n {
        let unit = &units[i];
        let plain = unit.plain.trim();
        let lower = unit.lower();
        let later_half = i * 2 >= n;
        if let Some(reason) = &ended {
            labels[i] = Label::Removed(reason.clone());
            continue;
        }
        if context.boxed[i] {
            labels[i] = Label::Removed(SIGNUP_BOX.to_string());
            continue;
        }
        if unit.lines.iter().any(|&l| (context.repeated_line)(l)) {
            labels[i] =
                Label::Removed(format!("repeated in {} or more files of the corpus", corpus::MIN_FILES));
            continue;
        }
        if config.drop.iter().any(|p| lower.contains(&p.to_lowercase())) {
            labels[i] = Label::Removed("matches a `drop` pattern in site.toml".to_string());
            continue;
        }
        if config.keep.iter().any(|p| lower.contains(&p.to_lowercase())) {
            labels[i] = Label::Body;
            continue;
        }
        // Under a promo heading, the headline it promotes; under "READ MORE ON X", a run of them
        // in Title Case (a subhead, short or in capitals, ends the run).
        if promo_follows > 0 {
            let first = promo_follows == 1;
            promo_follows = 0;
            let another_headline =
                || unit.words() >= 5 && rules::is_title_case_line(plain) && !units::is_shouting(plain);
            // "CardWise · Ad", "HomeSaver Tips · Sponsored": who paid for the item above.
            let sponsor = || {
                unit.words() <= 5
                    && (rules::fields(plain) >= 2 || plain.ends_with(" Ad"))
                    && ["Ad", "Sponsored", "Advertisement", "Promoted", "Paid"]
                        .iter()
                        .any(|w| plain.rsplit([' ', '\u{b7}', '|']).next() == Some(*w))
            };
            if !rules::is_prose(plain) && unit.words() <= 16 && (first || another_headline() || sponsor()) {
                labels[i] = Label::Removed("promotion of another article".to_string());
                promo_follows = 2;
                continue;
            }
        }
        if let Some((marker, generic)) = rules::end_marker_keyed(unit.key()) {
            // "Read more" over one headline, with the story going on below, is a promo.
            let story_goes_on = units[i + 1..].iter().take(4).any(|u| rules::is_prose(&u.plain));
            if marker == "read more" && story_goes_on {
                labels[i] = Label::Removed("promotion of another article".to_string());
                promo_follows = 1;
                continue;
            }
            if !generic || later_half {
                let reason = format!("after the end of the article (\u{201c}{}\u{201d})", short(plain));
                labels[i] = Label::Removed(format!("end of the article (\u{201c}{}\u{201d})", short(plain)));
                ended = Some(reason);
                let _ = marker;
                continue;
            }
        }
        // Only short lines are list or comment headings; most paragraphs skip the tests.
        // ...a list: lines that are no prose, or entries set apart by separators ("Ep 140 ·
        // 29 Feb 2024 · Who really grows Britain's salad?").
        // "11.03.2024  Minister met the Ambassador ...": entries that open with their date.
        let list_follows = || {
            units.get(i + 1).is_some_and(|u| {
                !rules::is_prose(&u.plain)
                    || rules::is_navigation(&u.text)
                    || crate::dates::opens_with_full_date(&u.plain)
            })
        };
        if later_half
            && unit.words() <= 5
            && (rules::is_list_heading(plain) && list_follows() || rules::is_comments_heading(plain))
        {
            labels[i] = Label::Removed(format!("end of the article (\u{201c}{}\u{201d})", short(plain)));
            ended = Some(format!("after the end of the article (\u{201c}{}\u{201d})", short(plain)));
            continue;
        }
        // A bio of the byline's author is one wherever it sits; another may be a person in the
        // story, so only in the second half.
        let of_the_author = found.byline.as_deref().is_some_and(|b| b.len() >= 5 && plain.starts_with(b));
        if (later_half || of_the_author && i > found.body_start + 2) && rules::is_author_bio(plain) {
            labels[i] = Label::Removed("about the author".to_string());
            ended = Some("after the author's biography".to_string());
            continue;
        }
        if appeal_cues(unit, found) >= 2 && unit.words() >= 8 {
            labels[i] = Label::Removed(APPEAL.to_string());
            // Appeals run over several paragraphs; the ones before this one with a cue belong.
            let mut j = i;
            while j > found.body_start
                && labels[j - 1] == Label::Body
                && appeal_cues(&units[j - 1], found) >= 1
            {
                j -= 1;
                labels[j] = Label::Removed(APPEAL.to_string());
            }
            if later_half {
                ended = Some("after a donation appeal".to_string());
            }
            continue;
        }
        labels[i] = if unit.is_print_furniture() {
            Label::Removed(PRINT_FURNITURE.to_string())
        } else if rules::is_ticker_item(plain) {
            Label::Removed("live ticker".to_string())
        } else if unit.is_chrome() {
            Label::Removed("site chrome".to_string())
        } else if let Some(note) = rules::editorial_note(plain, lower, unit.words()) {
            Label::Removed(note.to_string())
        } else if !units::ends_sentence(plain) && rules::is_navigation(&unit.text) {
            Label::Removed("site navigation".to_string())
        } else if rules::is_promo(plain) {
            // "READ MORE ON THE BLAZE": a heading over the headlines it promotes.
            if unit.words() <= 6 && !plain.contains(':') && !units::ends_sentence(plain) {
                promo_follows = 1;
            }
            Label::Removed("promotion of another article".to_string())
        } else if rules::is_credits_line(plain) {
            Label::Removed("credits".to_string())
        } else if rules::is_timecode_entry(plain) {
            Label::Removed("chapter list (timecodes)".to_string())
        } else if later_half && rules::is_disclaimer(lower) {
            Label::Removed("disclaimer".to_string())
        } else if rules::is_caption(plain) {
            Label::Removed("photo caption".to_string())
        } else if link_share(&unit.text) >= 0.5 {
            Label::Removed("links, not text".to_string())
        } else if rules::is_heading_shape(plain) {
            Label::Heading
        } else {
            Label::Body
        };
    }
    context_pass(units, &mut labels, found.body_start.min(n));
    labels
}

const APPEAL: &str = "donation or subscription appeal";

/// Corrections that need neighbours: headings with no text after them, runs of headline-like
/// lines (lists of other stories), and short fragments stranded between removed lines.
fn context_pass(units: &[Unit], labels: &mut [Label], body_start: usize) {
    let n = units.len();
    let is_removed = |l: &Label| matches!(l, Label::Removed(_));
    // Runs of three or more short title-case lines are lists of other stories.
    let mut i = body_start;
    while i < n {
        let listy = |j: usize| {
            labels[j] == Label::Body
                && !units::ends_sentence(&units[j].plain)
                && rules::is_title_case_line(&units[j].plain)
        };
        if listy(i) {
            let mut j = i;
            while j < n && listy(j) {
                j += 1;
            }
            if j - i >= 3 {
                for label in &mut labels[i..j] {
                    *label = Label::Removed("list of other headlines".to_string());
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    mark_fact_boxes(units, labels, body_start);
    mark_embedded_posts(units, labels, body_start);
    mark_pull_quotes(units, labels, body_start);
    // After the last paragraph of prose, lines that end no sentence are the page's furniture
    // (score boxes, link lists, buttons), not the story's.
    let last_prose =
        (body_start..n).rev().find(|&i| labels[i] == Label::Body && rules::is_prose(&units[i].plain));
    if let Some(last) = last_prose {
        for i in last + 1..n {
            if matches!(labels[i], Label::Body | Label::Heading) && !units::ends_sentence(&units[i].plain) {
                labels[i] = Label::Removed("page furniture after the story".to_string());
            }
        }
    }
    // "Support our work" over an appeal, "Sponsored content" over ads: the heading of a box
    // whose text is gone goes with it.
    for i in body_start..n.saturating_sub(1) {
        let box_below = matches!(&labels[i + 1], Label::Removed(r)
            if r.as_str() == APPEAL || r.starts_with("box beside") || r.starts_with("repeated in"));
        if labels[i] == Label::Body
            && box_below
            && units[i].words() <= 5
            && !units::ends_sentence(&units[i].plain)
        {
            labels[i] = labels[i + 1].clone();
        }
    }
    for i in body_start..n {
        let next_body = labels[i + 1..].iter().find(|l| !is_removed(l));
        if labels[i] == Label::Heading && !matches!(next_body, Some(Label::Body)) {
            labels[i] = Label::Removed("heading with no text after it".to_string());
        }
        let previous_removed = i == 0 || is_removed(&labels[i - 1]);
        let next_removed = i + 1 >= n || is_removed(&labels[i + 1]);
        if labels[i] == Label::Body
            && units[i].words() < 5
            && !units::ends_sentence(&units[i].plain)
            && previous_removed
            && next_removed
        {
            labels[i] = Label::Removed("short fragment among page furniture".to_string());
        }
    }
}

/// A box set beside the story: a short heading in capitals ("KEY FIGURES", "THE ESSENTIALS",
/// "COMPANY PROFILE") over lines of facts, each a label and its value ("Getting there: ...",
/// "Employed persons: 343 600") or a row of fields ("Founded 2021 · HQ Tallinn · ..."), with
/// two labels or more. A subhead in capitals over paragraphs of the story stays.
fn mark_fact_boxes(units: &[Unit], labels: &mut [Label], body_start: usize) {
    let n = units.len();
    for i in body_start..n {
        let head = &units[i];
        if !matches!(labels[i], Label::Heading | Label::Body) {
            continue;
        }
        // "About these statistics: ...", "About Northwind Energy: ...": a note on the figures
        // or the publisher, set apart from the story by its label.
        let about =
            head.plain.trim().strip_prefix("About ").and_then(|rest| rest.split_once(':')).is_some_and(
                |(what, note)| {
                    (1..=3).contains(&units::word_count(what))
                        && !what.contains(['.', ',', '?', '!'])
                        && !what.starts_with(|c: char| c.is_ascii_digit())
                        && !note.trim().is_empty()
                },
            );
        if about {
            labels[i] = Label::Removed("note about the publisher or its figures".to_string());
            continue;
        }
        if head.words() > 5 || !units::is_shouting(&head.plain) {
            continue;
        }
        let mut facts: Vec<&str> = Vec::new();
        let mut end = i + 1;
        while end < n && labels[end] == Label::Body {
            let plain = units[end].plain.trim();
            if let Some(label) = fact_label(plain) {
                facts.push(label);
            } else if rules::fields(plain) < 3 && (units[end].words() >= 8 || units::ends_sentence(plain)) {
                break;
            }
            end += 1;
        }
        facts.sort_unstable();
        facts.dedup();
        let rows = (i + 1..end).filter(|&j| rules::fields(&units[j].plain) >= 3).count();
        if facts.len() + rows >= 2 {
            let reason = format!("box beside the story (\u{201c}{}\u{201d})", short(head.plain.trim()));
            for label in &mut labels[i..end] {
                *label = Label::Removed(reason.clone());
            }
        }
    }
}

/// A post from a social network pasted into the story: "Maritime OSINT Desk @seawatch_desk"
/// over the post's text and its time ("10:12 AM · Oct 4, 2023"), all in one block. The post is
/// a source quoted whole, not the article's text.
fn mark_embedded_posts(units: &[Unit], labels: &mut [Label], body_start: usize) {
    let n = units.len();
    let mut i = body_start;
    while i < n {
        let plain = units[i].plain.trim();
        if labels[i] != Label::Body || units[i].words() > 8 {
            i += 1;
            continue;
        }
        let handle = plain.rsplit(' ').next().filter(|h| {
            h.len() >= 3
                && h.starts_with('@')
                && h[1..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        });
        let Some(handle) = handle.filter(|_| !units::ends_sentence(plain)) else {
            i += 1;
            continue;
        };
        let reason = format!("post quoted from a social network ({handle})");
        let mut j = i;
        loop {
            labels[j] = Label::Removed(reason.clone());
            j += 1;
            // The post runs on in the same block; a lone time line may follow after a blank.
            let same_block = j < n && !units[j].blank_before && labels[j] == Label::Body;
            let time_line = j < n
                && labels[j] == Label::Body
                && units[j].words() <= 8
                && units[j].plain.contains(':')
                && crate::dates::first_date(&units[j].plain).is_some();
            if !(same_block || time_line) || j - i > 4 {
                break;
            }
        }
        i = j;
    }
}

/// "Getting there: Direct flights ...": the label of a line that gives a fact, one to four
/// words before a colon, capitalised; `None` for a sentence, a quotation or a question and
/// answer ("Q: ...").
fn fact_label(plain: &str) -> Option<&str> {
    let (label, value) = plain.split_once(':')?;
    let label = label.trim();
    let words = units::word_count(label);
    let capital = label.chars().next().is_some_and(char::is_uppercase);
    let speaker = label.chars().count() <= 2;
    // "Hotel overnight stays, June–August 2023: 2.71 million": a longer label, a short value.
    let figure = words <= 8 && units::count_words_upto(value, 8) <= 8;
    (((1..=4).contains(&words) || figure)
        && capital
        && !speaker
        && !label.ends_with(['.', '!', '?', '"', '\u{201d}'])
        && !value.trim().is_empty()
        && !value.starts_with("//"))
    .then_some(label)
}

/// Appeal cues, plus one when the paragraph speaks as the publisher ("we" and its name).
fn appeal_cues(unit: &Unit, found: &meta::Found) -> usize {
    let lower = unit.lower().trim();
    let cues = rules::appeal_cues(lower);
    let names_publisher = found.source.as_ref().is_some_and(|s| unit.plain.contains(s.as_str()));
    let first_person = names_publisher
        && [" we ", "we ", " our ", " us.", " us ", "\u{2026} we "]
            .iter()
            .any(|w| lower.starts_with(w.trim_start()) || lower.contains(w));
    cues + usize::from(first_person)
}

/// A short line whose words mostly repeat a longer body paragraph is a pull quote.
fn mark_pull_quotes(units: &[Unit], labels: &mut [Label], body_start: usize) {
    mark_repeated_sentences(units, labels, body_start);
    let is_body = |i: usize| labels[i] == Label::Body;
    // Pull quotes are set as quotations: a short line that opens with a quotation mark.
    let candidates: Vec<usize> = (body_start..units.len())
        .filter(|&i| is_body(i) && (5..=45).contains(&units[i].words()))
        .filter(|&i| units[i].plain.trim_start().starts_with(['"', '\u{201c}', '\u{2018}', '\'']))
        // A quotation with its attribution is reporting, not a pull quote.
        .filter(|&i| {
            !["said", "says", "told", "added", "according"].iter().any(|w| units[i].lower().contains(w))
        })
        .collect();
    if candidates.is_empty() {
        return;
    }
    // Word trigrams of a text as hashes, into `out` (cleared first); `words` is scratch space.
    let trigrams = |text: &str, words: &mut Vec<u64>, out: &mut Vec<u64>| {
        word_hashes(text, words);
        out.clear();
        out.extend(words.windows(3).map(|w| w[0].rotate_left(21) ^ w[1].rotate_left(42) ^ w[2]));
    };
    let mut scratch = Vec::new();
    // Each candidate's distinct trigrams, sorted, and which of them a longer paragraph repeats.
    let mut quoted: Vec<(usize, Vec<u64>, Vec<bool>)> = Vec::new();
    for i in candidates {
        let mut grams = Vec::new();
        trigrams(&units[i].plain, &mut scratch, &mut grams);
        grams.sort_unstable();
        grams.dedup();
        if grams.len() >= 3 {
            let seen = vec![false; grams.len()];
            quoted.push((i, grams, seen));
        }
    }
    // One pass over the body: each paragraph's trigrams are made once and looked up in the
    // candidates' sorted lists, so the work is linear in the text, not in paragraph pairs.
    let mut grams = Vec::new();
    let mut quotes = Vec::new();
    for j in (body_start..units.len()).filter(|&j| is_body(j)) {
        let longer: Vec<usize> = (0..quoted.len())
            .filter(|&q| quoted[q].0 != j && units[j].words() > units[quoted[q].0].words())
            .collect();
        if longer.is_empty() {
            continue;
        }
        trigrams(&units[j].plain, &mut scratch, &mut grams);
        for q in longer {
            let (i, own, seen) = &mut quoted[q];
            seen.iter_mut().for_each(|s| *s = false);
            for g in &grams {
                if let Ok(at) = own.binary_search(g) {
                    seen[at] = true;
                }
            }
            if seen.iter().filter(|s| **s).count() * 10 >= own.len() * 7 && !quotes.contains(i) {
                quotes.push(*i);
            }
        }
    }
    for i in quotes {
        labels[i] = Label::Removed("pull quote repeating the text".to_string());
    }
}

/// The words of `text` (runs of alphanumeric characters) as hashes of their lower case, into
/// `out` (cleared first): each byte of the lower case is mixed in as it is read, ASCII (where
/// setting 0x20 lowers a letter and keeps a digit) without decoding a character.
fn word_hashes(text: &str, out: &mut Vec<u64>) {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mix = |h: u64, byte: u8| (h.rotate_left(5) ^ u64::from(byte)).wrapping_mul(K);
    out.clear();
    let bytes = text.as_bytes();
    let (mut h, mut in_word, mut i) = (0u64, false, 0);
    while let Some(&b) = bytes.get(i) {
        let alphanumeric = if b < 0x80 {
            i += 1;
            let yes = b.is_ascii_alphanumeric();
            if yes {
                h = mix(h, b | 0x20);
            }
            yes
        } else {
            let c = text[i..].chars().next().expect("i is a char boundary");
            i += c.len_utf8();
            let yes = c.is_alphanumeric();
            if yes {
                for lower in c.to_lowercase() {
                    h = lower.encode_utf8(&mut [0; 4]).bytes().fold(h, mix);
                }
            }
            yes
        };
        if alphanumeric {
            in_word = true;
        } else if in_word {
            out.push(h);
            (h, in_word) = (0, false);
        }
    }
    if in_word {
        out.push(h);
    }
}

/// A pull quote set without quotation marks: one sentence standing alone that the paragraph
/// next to it holds word for word, as one of its sentences. Only neighbours are compared, and
/// only where their sentences start, so the work is linear and builds no searcher.
fn mark_repeated_sentences(units: &[Unit], labels: &mut [Label], body_start: usize) {
    for i in body_start..units.len() {
        let plain = units[i].plain.trim();
        let one_sentence = (5..=45).contains(&units[i].words())
            && units::ends_sentence(plain)
            && !plain.trim_end_matches(['.', '!', '?']).contains(". ");
        if labels[i] != Label::Body || !one_sentence {
            continue;
        }
        let holds_it = |j: usize| {
            let Some(unit) =
                units.get(j).filter(|u| labels[j] == Label::Body && u.words() > units[i].words())
            else {
                return false;
            };
            let text = unit.plain.as_str();
            let mut starts = std::iter::once(0).chain(text.match_indices(". ").map(|(at, _)| at + 2));
            starts.any(|at| text.as_bytes()[at..].starts_with(plain.as_bytes()))
        };
        if holds_it(i + 1) || i.checked_sub(1).is_some_and(holds_it) {
            labels[i] = Label::Removed("pull quote repeating the text".to_string());
        }
    }
}

/// Why running headers, page numbers and jump lines are removed.
const PRINT_FURNITURE: &str = "print page furniture (running header, page number or jump line)";

fn header_reason(unit: &Unit) -> String {
    let plain = unit.plain.trim();
    if unit.is_print_furniture() {
        PRINT_FURNITURE.to_string()
    } else if rules::is_caption(plain) {
        "photo caption".to_string()
    } else if link_share(&unit.text) >= 0.5 {
        "page header: links".to_string()
    } else if crate::dates::first_date(plain).is_some() {
        "page header: a date that is not the publication date".to_string()
    } else if unit.is_chrome() {
        "site chrome".to_string()
    } else if rules::is_title_case_line(plain) && unit.words() <= 8 {
        "page header: a caption, label or site name".to_string()
    } else {
        "page header".to_string()
    }
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        s.push('\u{2026}');
    }
    s
}

#[cfg(test)]
pub(crate) mod tests;
