//! The header of a page: title, standfirst, byline, date and publisher, and where the story
//! starts. Reads units; labels only the units it takes as metadata or explains away.

use chrono::NaiveDate;

use super::rules;
use super::units::{self, ends_sentence, link_share, lowercase, strip_links, word_count, Unit};
use super::Label;
use crate::dates::{find_dates, first_date, opens_with_full_date, weekday, FoundDate};
use crate::frontmatter::FrontMatter;

/// How far into a page the title may be (site chrome can be long).
const HEADER_SCAN: usize = 40;

#[derive(Debug, Default)]
pub(super) struct Found {
    pub title: Option<String>,
    pub standfirst: Option<String>,
    pub byline: Option<String>,
    pub date: Option<NaiveDate>,
    pub date_note: Option<String>,
    pub source: Option<String>,
    pub original_source: Option<String>,
    /// The site's name from a title bar at the top ("Headline — Site").
    pub title_bar_site: Option<String>,
    /// Index of the first unit of the story.
    pub body_start: usize,
    /// Labels decided here, which win over classification.
    pub labels: Vec<(usize, Label)>,
}

impl Found {
    /// Moves every unit index by `by` (the header was read from a later part of the page).
    pub fn shift(&mut self, by: usize) {
        self.body_start += by;
        for (i, _) in &mut self.labels {
            *i += by;
        }
    }
}

pub(super) fn find(units: &[Unit], front: &FrontMatter) -> Found {
    let mut found = Found::default();
    let title_bar = title_bar(units);
    if let Some((bar, _, site)) = &title_bar {
        found
            .labels
            .push((*bar, Label::Removed("the page's title bar (headline and site name)".to_string())));
        found.title_bar_site = Some(site.clone());
    }
    let title_at = if let Some(t) = &front.title {
        // The text may repeat the front-matter title as its first line.
        units.iter().take(HEADER_SCAN).position(|u| same_text(u.plain.trim_start_matches('#'), t))
    } else if let Some((_, headline, _)) = title_bar {
        found.title = Some(clean_title(&units[headline].plain));
        Some(headline)
    } else {
        find_title(units, &mut found)
    };
    if let Some(i) = title_at {
        found.labels.push((i, Label::Meta("title")));
        // The title printed again (above or below) is a copy.
        for (j, u) in units.iter().enumerate().take(HEADER_SCAN) {
            if j != i && same_text(&u.plain, &units[i].plain) {
                found.labels.push((j, Label::Removed("the title printed again".to_string())));
            }
        }
    }
    let after_title = found.labels.iter().map(|(i, _)| i + 1).max().unwrap_or(0);
    found.body_start = find_body_start(units, after_title, &mut found);
    if opens_with_subhead(units, found.body_start, &found) {
        found.body_start -= 1;
    }
    find_byline(units, title_at, &mut found);
    find_date(units, title_at, &mut found);
    find_source(units, title_at, &mut found);
    found
}

fn same_text(a: &str, b: &str) -> bool {
    // Word by word, ignoring case, without building normalised copies.
    let (mut x, mut y) = (a.split_whitespace(), b.split_whitespace());
    let mut any = false;
    loop {
        match (x.next(), y.next()) {
            (None, None) => return any,
            (Some(p), Some(q)) => {
                let same = if p.is_ascii() && q.is_ascii() {
                    p.eq_ignore_ascii_case(q)
                } else {
                    p.chars().flat_map(char::to_lowercase).eq(q.chars().flat_map(char::to_lowercase))
                };
                if !same {
                    return false;
                }
                any = true;
            }
            _ => return false,
        }
    }
}

/// "Statement on the strike on Odesa — Ministry of Foreign Affairs" at the top of a page that
/// prints the headline again below: a browser's title bar, copied with the page. Gives the
/// title bar, the headline's unit and the site's name.
fn title_bar(units: &[Unit]) -> Option<(usize, usize, String)> {
    let scan = units.len().min(HEADER_SCAN);
    for bar in 0..scan.min(3) {
        let plain = units[bar].plain.trim();
        for separator in [" \u{2014} ", " \u{2013} ", " | ", " - ", " :: "] {
            let Some(at) = plain.rfind(separator) else { continue };
            let (headline, site) = (plain[..at].trim(), plain[at + separator.len()..].trim());
            if word_count(headline) < 3 || !(1..=10).contains(&word_count(site)) {
                continue;
            }
            if let Some(printed) = (bar + 1..scan).find(|&j| same_text(&units[j].plain, headline)) {
                return Some((bar, printed, site.to_string()));
            }
        }
    }
    None
}

/// A byline, or a date with its time ("14.03.2024 | 12:00"): what follows a headline, and
/// rarely a masthead (whose date widget names the day without a time).
pub(super) fn stamps_story(plain: &str) -> bool {
    let plain = plain.trim();
    is_byline(plain).is_some()
        || (is_date_line(plain)
            && first_date(plain).is_some_and(|d| {
                let after = &plain[d.end..];
                after.bytes().position(|b| b == b':').is_some_and(|c| {
                    after[..c].bytes().last().is_some_and(|b| b.is_ascii_digit())
                        && after[c + 1..].bytes().next().is_some_and(|b| b.is_ascii_digit())
                })
            }))
}

/// A line that cannot be a headline: chrome, a date, a byline, links, a caption.
fn is_furniture(unit: &Unit) -> bool {
    *unit.furniture.get_or_init(|| furniture(unit))
}

fn furniture(unit: &Unit) -> bool {
    let plain = unit.plain.trim();
    // A list item ("• The vaccine protects against ...") is a key point, not a headline.
    let bullet = plain.starts_with(['\u{2022}', '\u{25aa}', '\u{25cf}']);
    bullet
        || is_player(plain)
        || rules::is_ticker_item(plain)
        || unit.is_chrome()
        || rules::end_marker_keyed(unit.key()).is_some()
        || rules::is_promo(plain)
        || rules::is_caption(plain)
        || link_share(&unit.text) >= 0.5
        || is_byline(plain).is_some()
        || is_date_line(plain)
        // "Wednesday 28 February 2024 – Public lecture": an entry in a list of events or
        // stories, not a headline.
        || opens_with_full_date(plain)
        || is_credit_line(plain)
        || rules::is_widget_row(plain)
        || rules::is_breadcrumb(plain)
}

/// "Video of the briefing (42:15) ▶", "► Listen (3:05)": a media player, not a headline.
fn is_player(plain: &str) -> bool {
    // Each character on its own is a byte search; a set of them is a scan of every character.
    let play = plain.contains('\u{25b6}') || plain.contains('\u{25ba}') || plain.contains('\u{23f5}');
    let duration = plain.split('(').skip(1).any(|rest| {
        let inside = rest.split(')').next().unwrap_or("");
        let (m, sec) = inside.split_once(':').unwrap_or(("", ""));
        !m.is_empty()
            && m.len() <= 3
            && m.bytes().all(|b| b.is_ascii_digit())
            && sec.len() == 2
            && sec.bytes().all(|b| b.is_ascii_digit())
    });
    (play || duration) && word_count(plain) <= 12
}

/// "Originally published by Sporting Gazette East", "From Harbour Wire": where the story
/// comes from, not what it says.
fn is_credit_line(plain: &str) -> bool {
    let words = word_count(plain);
    let wire = plain.strip_prefix("From ").is_some_and(|rest| {
        words <= 5 && rules::is_title_case_line(rest) && !rest.ends_with(['.', '?', '!'])
    });
    wire || (words <= 12 && original_source_named(plain).is_some())
}

/// The title: the best headline-shaped line of the header. Navigation, tickers, labels and
/// site names are refused; a line printed twice, a line followed by the byline, date or
/// standfirst, and a line close to where the story starts score higher. A headline run
/// together with its standfirst on one line is split.
fn find_title(units: &[Unit], found: &mut Found) -> Option<usize> {
    let scan = units.len().min(HEADER_SCAN);
    let first_prose =
        (0..scan).find(|&i| !is_furniture(&units[i]) && rules::is_prose(&units[i].plain)).unwrap_or(scan);
    // (score, unit, the headline and standfirst when the unit holds both)
    type Candidate = (i32, usize, Option<(String, String)>);
    let mut best: Option<Candidate> = None;
    for i in 0..(first_prose + 1).min(scan) {
        let unit = &units[i];
        if is_furniture(unit) || rules::is_navigation(&unit.text) {
            continue;
        }
        // A headline and its standfirst on one line: two sentences, the first ending with a
        // full stop (a line that fits a headline's length still splits).
        let split = if headline_shaped(unit) && !two_sentences(&unit.plain) {
            // A line with a dek of its own under it holds no dek.
            let dek_below = units[i + 1..].iter().find(|u| !u.is_chrome()).is_some_and(|u| {
                standfirst_shaped(u) && is_byline(&u.plain).is_none() && !is_date_line(&u.plain)
            });
            split_at_case_change(&unit.plain).or_else(|| {
                if dek_below {
                    None
                } else {
                    split_at_sentence_start(&unit.plain)
                }
            })
        } else {
            split_headline(&unit.plain)
        };
        if !headline_shaped(unit) && split.is_none() {
            continue;
        }
        let mut score = title_score(units, i, first_prose, split.is_some());
        if split.is_some() {
            score -= 1;
        } else if unit.words() >= 15 && sentences(&unit.plain).len() >= 2 {
            // Two sentences and many words, not split as headline and dek: a paragraph.
            score -= 3;
        }
        if is_dek_under_headline(units, i, 0) {
            score -= 4;
        } else if is_dek_under_headline(units, i, 2) {
            // Under a headline-shaped line a little longer than itself: most likely its dek, so
            // a tie goes to the line above.
            score -= 1;
        }
        // A headline in capitals over its dek pays no penalty for the capitals.
        if units::is_shouting(&unit.plain) && i + 1 < scan && is_dek_under_headline(units, i + 1, 0) {
            score += 3;
        }
        if best.as_ref().map_or(true, |(b, _, _)| score >= *b) {
            best = Some((score, i, split));
        }
    }
    if let Some((_, i, split)) = best {
        match split {
            Some((title, standfirst)) => {
                found.title = Some(title);
                found.standfirst = Some(standfirst);
            }
            None => found.title = Some(clean_title(&units[i].plain)),
        }
        return Some(i);
    }
    // No headline above the story: its first line may be a headline and standfirst in one.
    let first = (0..scan).find(|&i| !is_furniture(&units[i]) && !rules::is_navigation(&units[i].text))?;
    let (title, standfirst) = split_headline(&units[first].plain)?;
    found.title = Some(title);
    found.standfirst = Some(standfirst);
    Some(first)
}

/// `split`: the unit holds the headline and its standfirst together.
fn title_score(units: &[Unit], i: usize, first_prose: usize, split: bool) -> i32 {
    let unit = &units[i];
    let plain = unit.plain.trim();
    let words = unit.words() as i32;
    let mut score = 0;
    if (i + 1..units.len().min(i + 8)).any(|j| same_text(&units[j].plain, plain)) {
        score += 6;
    }
    if (5..=25).contains(&words) {
        score += 2;
    }
    // What follows a headline: byline, date, standfirst, or the story itself. The byline or
    // date may come second, under a line naming the court, place or desk. A unit that holds
    // its standfirst already is followed by the story, which says nothing.
    let mut next = units[i + 1..].iter().take(4).filter(|u| !u.is_chrome());
    let header_line = |u: &Unit| {
        let n = u.plain.trim();
        is_byline(n).is_some() || is_date_line(n)
    };
    if let Some(first) = next.next() {
        if header_line(first) || (!split && standfirst_shaped(first)) || next.next().is_some_and(header_line)
        {
            score += 3;
        }
        // Right above a byline or a timestamp: where a headline of some words sits (a court's
        // or desk's name may sit there too, and a notice ends its sentence).
        // A dek under its headline sits there too, and gets nothing for it.
        let under_headline = || is_dek_under_headline(units, i, 2);
        if words >= 5 && !plain.contains(". ") && stamps_story(&first.plain) && !under_headline() {
            score += 2;
        }
    }
    // "# Headline": the text marks its own top heading.
    if plain.starts_with("# ") {
        score += 3;
    }
    // Widgets between a line and the story ("Posted 2 hours ago", "Share: ...") do not set it
    // apart from the story; only lines with something to say do.
    let between =
        units[i + 1..first_prose.min(units.len()).max(i + 1)].iter().filter(|u| !u.is_chrome()).count();
    let distance = 1 + between as i32;
    let distance = if i >= first_prose { 0 } else { distance };
    score += match distance {
        0..=4 => 2,
        5..=8 => 1,
        _ => 0,
    };
    if units::is_shouting(plain) {
        score -= 3;
    }
    if recurs_later(units, i, first_prose) {
        score -= 4;
    }
    if rules::is_label(plain) {
        score -= 4;
    }
    if looks_like_credit(plain) {
        score -= 3;
    }
    score
}

/// The line right under a shorter headline-shaped line is its dek, not the headline; `slack`
/// lets the line above be that many words longer.
fn is_dek_under_headline(units: &[Unit], i: usize, slack: usize) -> bool {
    // "Headline / 19.03.2024 | 11:00 / dek": a date line may sit between the two.
    // Only for a dek in sentence case under a headline-length line, not a masthead over the date.
    let skips = |p: usize| {
        p > 0
            && is_date_line(&units[p].plain)
            && units[p - 1].words() >= 5
            && !units::is_shouting(&units[i].plain)
    };
    let above = i.checked_sub(1).map(|p| if skips(p) { p - 1 } else { p });
    let Some(previous) = above.map(|p| &units[p]) else { return false };
    let usable = !is_furniture(previous)
        && !rules::is_navigation(&previous.text)
        && !rules::is_label_keyed(&previous.plain, previous.key());
    // A kicker in capitals is short, or sits over a Title-Case headline; a printed headline in
    // capitals sits over a dek in sentence case.
    // A service line in capitals sets its fields apart with runs of spaces ("SOLWAY TEXT
    // REGIONAL NEWS  1/3"); a printed headline does not.
    let shouted_headline = units::is_shouting(&previous.plain)
        && previous.words() >= 4
        && !previous.plain.trim().contains("  ")
        && !rules::is_title_case_line(&units[i].plain);
    usable
        && headline_shaped(previous)
        && (previous.words() <= units[i].words() + slack || shouted_headline)
        && (!units::is_shouting(&previous.plain) || shouted_headline)
}

/// "Aigerim Sadykova, Steppe Herald (Almaty)": a name and an outlet, every word capitalised.
fn looks_like_credit(plain: &str) -> bool {
    let words: Vec<&str> = plain.split_whitespace().collect();
    words.len() <= 8
        && plain.contains(',')
        && words
            .iter()
            .all(|w| w.trim_start_matches(['(', '[']).chars().next().is_some_and(char::is_uppercase))
}

/// A short line of the header that comes back later in the page is a site name or section.
/// A headline-length line that comes back is the story's own entry in a "Most read" list.
fn recurs_later(units: &[Unit], i: usize, first_prose: usize) -> bool {
    let needle = units[i].lower().trim();
    (4..60).contains(&needle.len())
        && units[i].words() < 8
        && units.iter().skip(first_prose.max(i + 8)).any(|u| u.lower().contains(needle))
}

/// A dek: a sentence-like line of some length, with or without a full stop.
fn standfirst_shaped(unit: &Unit) -> bool {
    let words = unit.words();
    (8..=60).contains(&words)
        && !is_furniture(unit)
        && !rules::is_navigation(&unit.text)
        && !units::is_shouting(&unit.plain)
}

fn headline_shaped(unit: &Unit) -> bool {
    let words = unit.words();
    let plain = unit.plain.trim();
    // Headlines do not end with a full stop; captions and sentences do.
    let long_sentence = plain.ends_with('.') && !plain.ends_with("U.S.");
    (3..=30).contains(&words) && !long_sentence && !plain.ends_with([',', ':'])
}

/// "Headline. A standfirst of several words": a full stop inside the line before a capital.
fn two_sentences(text: &str) -> bool {
    let parts = sentences(text);
    parts.len() == 2 && parts[0].trim_end().ends_with('.') && word_count(parts[1]) >= 6
}

fn clean_title(text: &str) -> String {
    let t = text.trim();
    let t = t.strip_suffix('.').filter(|s| !s.ends_with('.')).unwrap_or(t);
    t.trim_start_matches('#').trim().to_string()
}

/// "Headline. Standfirst." on one line: the headline is the first sentence when it is short
/// and the line holds at most three sentences. A quoted question followed by a verb of saying
/// ("'Should we?' Asks Putin") does not end the headline.
fn split_headline(text: &str) -> Option<(String, String)> {
    let sentences = sentences(text);
    if sentences.len() < 2 || sentences.len() > 3 || word_count(text) > 70 {
        return None;
    }
    let first = sentences[0].trim();
    let words = word_count(first);
    if !(4..=25).contains(&words) {
        return None;
    }
    let rest = text[sentences[0].len()..].trim().to_string();
    Some((clean_title(first), rest))
}

/// "The Long Ceasefire What eight years of the Minsk process taught..." on one line: a
/// headline in Title Case run into a dek in sentence case with no stop between them. The dek
/// opens with a word that starts sentences and cannot end a name ("What", "How", "The"), and
/// most of its words are in lower case; the headline keeps two words or more.
fn split_at_case_change(text: &str) -> Option<(String, String)> {
    const OPENERS: [&str; 12] =
        ["what", "how", "why", "when", "where", "who", "the", "a", "an", "as", "after", "inside"];
    let words: Vec<&str> = text.split_whitespace().collect();
    let capitalised = |w: &&str| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let title_word = |w: &&str| capitalised(w) || rules::is_small_word(w);
    let run = words.iter().take_while(|w| title_word(w)).count();
    // The dek's first word closes the run of capitals; the headline is everything before it.
    let cut = run.checked_sub(1).filter(|&c| c >= 2)?;
    let dek = &words[cut..];
    if dek.len() < 6 || !capitalised(&dek[0]) || !OPENERS.contains(&dek[0].to_lowercase().as_str()) {
        return None;
    }
    let lower = dek[1..].iter().filter(|w| w.chars().next().is_some_and(char::is_lowercase)).count();
    (lower * 4 >= (dek.len() - 1) * 3).then(|| (words[..cut].join(" "), dek.join(" ")))
}

/// "Cheeky seagull swipes bride's wedding ring on Cornish beach Groom Liam Treloar spent four
/// hours...": a headline in sentence case run into its dek, too long for one headline. The dek
/// opens at the first capitalised word after a lower-case word that is not an article or a
/// preposition (after "on" or "the" a capital is a name going on: "on Cornish beach"), with
/// the headline four words or more and the dek eight or more, mostly in lower case.
fn split_at_sentence_start(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 18 {
        return None;
    }
    let lower = |w: &&str| w.chars().next().is_some_and(char::is_lowercase);
    // The headline itself is in sentence case: Title Case lines split at a case change.
    let headline_lower = |k: usize| words[1..k].iter().filter(|w| lower(w)).count() * 2 >= k - 1;
    let cut = (4..words.len().saturating_sub(7)).find(|&k| {
        let previous = words[k - 1];
        lower(&previous)
            && !rules::is_small_word(previous.trim_end_matches([',', ';']))
            && !previous.ends_with([',', ';', ':'])
            && words[k].chars().next().is_some_and(char::is_uppercase)
            && headline_lower(k)
    })?;
    let dek = &words[cut..];
    let dek_lower = dek[1..].iter().filter(|w| lower(w)).count();
    (dek_lower * 3 >= (dek.len() - 1) * 2).then(|| (words[..cut].join(" "), dek.join(" ")))
}

/// Splits text into sentences on `.`, `!`, `?` (with closing quotes) before a capital.
pub fn sentences(text: &str) -> Vec<&str> {
    const SAYING: [&str; 10] =
        ["says", "asks", "said", "asked", "warns", "tells", "told", "claims", "insists", "writes"];
    let mut out = Vec::new();
    let mut start = 0;
    // Byte by byte: the marks are ASCII, and no byte of a longer character equals one.
    let bytes = text.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        let c = bytes[k];
        if !matches!(c, b'.' | b'!' | b'?') {
            k += 1;
            continue;
        }
        let mut end = k + 1;
        while let Some(closing @ ('"' | '\'' | '\u{201d}' | '\u{2019}' | ')')) = text[end..].chars().next() {
            end += closing.len_utf8();
        }
        let mut next = text[end..].chars();
        if next.next() == Some(' ') && next.next().is_some_and(char::is_uppercase) {
            let quoted_question = c != b'.' && end > k + 1;
            let attributed = quoted_question && {
                let next_word = text[end + 1..].split_whitespace().next().unwrap_or("");
                SAYING.iter().any(|w| next_word.to_lowercase() == *w)
            };
            let abbreviation = c == b'.' && is_abbreviation(&text[start..k]);
            if !attributed && !abbreviation {
                out.push(&text[start..end]);
                start = end;
            }
        }
        k = end;
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

fn is_abbreviation(before: &str) -> bool {
    let last = before.rsplit([' ', '(']).next().unwrap_or("");
    let single_initial = last.chars().count() == 1 && last.chars().all(char::is_uppercase);
    single_initial
        || [
            "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Rep", "St", "Jr", "Sr", "U.S", "U.K", "U.N",
            "Feb", "Jan", "Aug", "Sept", "Oct", "Nov", "Dec", "No", "vs",
        ]
        .contains(&last)
}

/// The first unit of the story after the header; also finds a standfirst sitting between the
/// title and the header's metadata lines.
fn find_body_start(units: &[Unit], after_title: usize, found: &mut Found) -> usize {
    let n = units.len();
    let header_like = |u: &Unit| {
        let p = u.plain.trim();
        is_furniture(u)
            || rules::is_label_keyed(p, u.key())
            || is_name_line(p)
            || rules::is_navigation(&u.text)
    };
    let mut i = after_title;
    while i < n {
        let unit = &units[i];
        if !is_furniture(unit) && rules::is_prose(&unit.plain) {
            // Short prose followed by header lines (byline, date, widgets) is the standfirst.
            // ...also when a byline or date comes within the next few non-prose lines.
            let strong = |u: &Unit| {
                let p = u.plain.trim();
                (is_byline(p).is_some() || is_date_line(p) || is_name_line(p)) && !u.is_print_furniture()
            };
            // A photo caption under a short line of prose ends the header; under a paragraph
            // of some length it is the story's first picture.
            let followed_by_header = units.get(i + 1).is_some_and(|u| {
                header_like(u) && (unit.words() <= 30 || !rules::is_caption(u.plain.trim()))
            }) || units[i + 1..]
                .iter()
                .take(4)
                .take_while(|u| header_like(u) || u.words() <= 8)
                .any(strong);
            let more_prose =
                units[i + 1..].iter().take(12).any(|u| rules::is_prose(&u.plain) && !is_furniture(u));
            if followed_by_header && more_prose && unit.words() <= 60 {
                if found.standfirst.is_none() && i == after_title {
                    found.standfirst = Some(unit.plain.trim().to_string());
                    found.labels.push((i, Label::Meta("standfirst")));
                }
                i += 1;
                continue;
            }
            return i;
        }
        // A dek without a full stop right under the title.
        if i == after_title
            && found.standfirst.is_none()
            && standfirst_shaped(unit)
            && !is_name_line(&unit.plain)
        {
            found.standfirst = Some(unit.plain.trim().to_string());
            found.labels.push((i, Label::Meta("standfirst")));
        }
        i += 1;
    }
    // No prose at all: the story is whatever follows the title.
    after_title.min(n)
}

/// "Situation overview" over the first paragraph, when the story has more subheads of that
/// shape ("Response", "Needs and gaps"): a short line ending no sentence, over prose. The
/// story opens with its first subhead; header lines (labels, names, widgets) never count.
fn opens_with_subhead(units: &[Unit], body_start: usize, found: &Found) -> bool {
    // The cheap tests first: most units of a story are paragraphs.
    let subhead_over_prose = |i: usize| {
        let u = &units[i];
        (1..=6).contains(&u.words())
            && !units::ends_sentence(&u.plain)
            && !u.plain.contains(':')
            && units.get(i + 1).is_some_and(|n| rules::is_prose(&n.plain))
            && !is_name_line(u.plain.trim())
            && !rules::is_navigation(&u.text)
            && !rules::is_label_keyed(&u.plain, u.key())
            && !is_furniture(u)
    };
    let Some(i) = body_start.checked_sub(1) else { return false };
    let taken = found.labels.iter().any(|(j, _)| *j >= i);
    !taken
        && body_start < units.len()
        && subhead_over_prose(i)
        && (body_start + 1..units.len()).any(subhead_over_prose)
}

/// "Kasper Lind": a bare name on its own line in the header (a byline without "By").
fn is_name_line(plain: &str) -> bool {
    // "Selin Ayd\u{131}n and Paul Mercer": two names.
    if let Some((a, b)) = plain.split_once(" and ") {
        return is_name_line(a) && is_name_line(b);
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            let mut c = w.chars();
            c.next().is_some_and(char::is_uppercase) && c.all(|c| c.is_alphabetic() || c == '-' || c == '.')
        })
        && !units::is_shouting(plain)
}

/// "By Name", "Words by Name", "Name | Reporter".
fn is_byline(plain: &str) -> Option<String> {
    let t = plain.trim();
    if units::count_words_upto(t, 14) > 14 {
        return None;
    }
    for prefix in [
        "By ",
        "BY ",
        "by ",
        "By: ",
        "by: ",
        "Words by ",
        "Written by ",
        "Author: ",
        "Reporting by ",
        "An article by ",
        "Article by ",
        "Story by ",
        "Text by ",
        "Reporter: ",
        "Posted by ",
        // The interviewer writes up a Q&A ("Photography by" is a credit, not a byline).
        "Interview by ",
        "Interviewed by ",
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let name = rest
                .split(['|', '\u{2022}', '\u{b7}'])
                .next()
                .unwrap_or(rest)
                .split(" - ")
                .next()
                .unwrap_or(rest)
                .trim()
                .trim_end_matches(',');
            // "By Dean Halloran, Football Correspondent": the name without the role.
            let name = match name.split_once(", ") {
                Some((who, role)) if is_role(role) => who,
                _ => name,
            };
            if !name.is_empty() && name.chars().next().is_some_and(char::is_uppercase) {
                return Some(name.to_string());
            }
        }
    }
    // "Priya Venkataraman | Cricket writer", "Ellie Tran, News Editor".
    let (who, role) = t.split_once(" | ").or_else(|| t.split_once(", "))?;
    (is_name_line(who.trim()) && is_role(role.trim())).then(|| who.trim().to_string())
}

/// A newsroom job title: "Cricket writer", "Senior Correspondent", "Staff Writer".
fn is_role(text: &str) -> bool {
    const ROLES: [&str; 16] = [
        "reporter",
        "writer",
        "correspondent",
        "editor",
        "columnist",
        "journalist",
        "contributor",
        "forecaster",
        "meteorologist",
        "desk",
        "staff",
        "critic",
        "analyst",
        "producer",
        "photographer",
        "intern",
    ];
    let lower = text.to_lowercase();
    word_count(text) <= 5
        && lower.split_whitespace().any(|w| ROLES.contains(&w.trim_matches(|c: char| !c.is_alphabetic())))
}

fn find_byline(units: &[Unit], title_at: Option<usize>, found: &mut Found) {
    for (i, unit) in units.iter().enumerate().take(found.body_start) {
        if let Some(name) = is_byline(&unit.plain) {
            found.byline = Some(name);
            found.labels.push((i, Label::Meta("byline")));
            return;
        }
    }
    // Failing "By", a bare name between the title and the story.
    let after = title_at.map_or(0, |t| t + 1);
    for (i, unit) in units.iter().enumerate().take(found.body_start).skip(after) {
        // "Hannah Okoye | 2022-09-30": a name and the date.
        if let Some((who, when)) = unit.plain.split_once(" | ") {
            if is_name_line(who.trim()) && opens_with_full_date(when.trim()) {
                found.byline = Some(who.trim().to_string());
                return;
            }
        }
        if is_name_line(unit.plain.trim()) && !is_furniture(unit) {
            found.byline = Some(unit.plain.trim().to_string());
            found.labels.push((i, Label::Meta("byline")));
            return;
        }
    }
}

/// A short line that is mostly a date (with a label, a time, a place or a site name).
fn is_date_line(plain: &str) -> bool {
    // The shape first: looking for dates reads the whole line, and most lines are long. A
    // labelled line may be longer: "Published 12 March 2024, 10:05 CET | Updated 12 March 2024,
    // 17:40 CET".
    let t = plain.trim_start();
    let labelled = ["Published", "Posted", "Updated", "First published", "Released", "Issued"]
        .iter()
        .any(|l| t.starts_with(l));
    let limit = if labelled { 20 } else { 12 };
    if units::count_words_upto(plain, limit) > limit && !is_meta_row(plain) {
        return false;
    }
    let dates = find_dates(plain);
    let Some(d) = dates.first() else { return false };
    d.year.is_some() && !ends_sentence_with_verb(plain)
}

/// "Case: R v Hollins | Preston Crown Court | By Ruth Akerman | 29 February 2024": fields set
/// apart by pipes, each a few words; long as a whole, but no sentence.
fn is_meta_row(plain: &str) -> bool {
    // "By Noor Haddad · Mar 14, 2024 · 09:30 CET · 4 min read": the same with dots or bullets.
    // Most lines hold none of the separators: one byte search each tells.
    rules::FIELD_SEPARATORS.iter().any(|&(mark, sep)| {
        plain.contains(mark) && {
            let fields = plain.split(sep).count();
            (3..=6).contains(&fields) && plain.split(sep).all(|f| (1..=6).contains(&word_count(f)))
        }
    })
}

/// The first date of a line that is not labelled as something to come: "Preliminary figures |
/// Next release: 2024-05-02" states when the next figures come out, not when these did.
fn stated_date(plain: &str) -> Option<NaiveDate> {
    const AHEAD: [&str; 9] = [
        "next release",
        "next update",
        "next issue",
        "next edition",
        "deadline",
        "closes",
        "valid until",
        "expires",
        "event date",
    ];
    let dates = find_dates(plain);
    let d = dates.iter().find(|d| {
        let before = plain[..d.start].trim_end().trim_end_matches([':', ',']).trim_end().as_bytes();
        !AHEAD.iter().any(|label| {
            before.len() >= label.len()
                && before[before.len() - label.len()..].eq_ignore_ascii_case(label.as_bytes())
        })
    })?;
    d.date()
}

fn ends_sentence_with_verb(plain: &str) -> bool {
    word_count(plain) > 8 && ends_sentence(plain)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DateKind {
    /// Before the title, with a weekday, alone on its line: the page's "today" widget.
    Widget,
    Updated,
    BeforeTitle,
    Dateline,
    AfterTitle,
    Published,
}

fn find_date(units: &[Unit], title_at: Option<usize>, found: &mut Found) {
    let title_at = title_at.unwrap_or(0);
    let mut candidates: Vec<(DateKind, usize, NaiveDate)> = Vec::new();
    let mut widget: Option<NaiveDate> = None;
    let mut maintained: Option<NaiveDate> = None;
    let header_end = found.body_start.min(units.len());
    for (i, unit) in units.iter().enumerate().take(header_end) {
        let plain = unit.plain.trim();
        // "By Alan Whitcomb, board chair | Tuesday, January 16, 2024": a byline with its date.
        let byline = is_byline(plain).is_some();
        if !byline && !is_date_line(plain) {
            continue;
        }
        let Some(date) = stated_date(plain) else { continue };
        let lower = plain.to_lowercase();
        // "Last updated: 05/02/2024": when the page was last maintained, which says nothing of
        // when the story was published (a bare "Updated 14 March 2024" stamps the story).
        if ["last updated", "last modified", "page last", "last reviewed"]
            .iter()
            .any(|p| lower.starts_with(p))
        {
            maintained.get_or_insert(date);
            continue;
        }
        let kind = if rules::is_print_furniture(plain) {
            // A printed page's running header carries the edition's date.
            DateKind::Published
        } else if lower.starts_with("updated")
            || lower.starts_with("last updated")
            || lower.contains("modified")
        {
            DateKind::Updated
        } else if ["published", "posted", "first published", "date:", "released", "issued"]
            .iter()
            .any(|p| lower.starts_with(p))
            || (byline && !lower.contains("updated"))
        {
            DateKind::Published
        } else if i < title_at {
            // A timestamp ("2023-06-02T08:14:00Z", "07.12.2023, 09:10") stamps the article; a
            // "today" widget names the weekday or stands alone without a time.
            let first = first_date(plain).expect("a stated date is a date found in the line");
            let after = plain[first.end..].trim_start();
            let timed = after.contains(':')
                && after.starts_with(|c: char| c == 'T' || c == ',' || c.is_ascii_digit());
            let alone = first.weekday.is_some() || (word_count(plain) <= 5 && !timed);
            if alone && title_at > 0 {
                DateKind::Widget
            } else {
                DateKind::BeforeTitle
            }
        } else {
            DateKind::AfterTitle
        };
        if kind == DateKind::Widget {
            widget.get_or_insert(date);
            continue;
        }
        candidates.push((kind, i, date));
    }
    // Labelled dates in the first lines of the body too ("Published ..." under a standfirst).
    for (i, unit) in units.iter().enumerate().skip(header_end).take(3) {
        let lower = unit.lower().trim();
        if is_date_line(&unit.plain) && (lower.starts_with("published") || lower.starts_with("posted")) {
            if let Some(date) = stated_date(&unit.plain) {
                candidates.push((DateKind::Published, i, date));
            }
        }
    }
    if let Some((i, date)) = dateline(units, header_end) {
        candidates.push((DateKind::Dateline, i, date));
    }
    // Best kind first, then the earliest line.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    if let Some(&(kind, i, date)) = candidates.first() {
        found.date = Some(date);
        if kind != DateKind::Dateline {
            found.labels.push((i, Label::Meta("date")));
        } else {
            found.date_note = Some("the year comes from another date in the text".to_string());
        }
    } else if let Some(w) = widget {
        found.date_note = Some(format!(
            "the page shows {w} above the headline, which looks like the site's current-date widget, not a publication date"
        ));
    } else if let Some(m) = maintained {
        found.date_note =
            Some(format!("the page says only when it was last updated ({m}), not when it was published"));
    }
}

/// A dateline at the start of the story ("KYIV / MOSCOW, Feb 1 –") whose year is taken from
/// a full date elsewhere in the text with the same month and day, checked against a weekday
/// named in the same paragraph.
fn dateline(units: &[Unit], body_start: usize) -> Option<(usize, NaiveDate)> {
    let unit = units.get(body_start)?;
    let plain = unit.plain.as_str();
    let d = first_date(plain)?;
    let dash = plain[d.end..].trim_start().starts_with(['\u{2013}', '\u{2014}', '-', '(']);
    if d.start > 60 || !dash {
        return None;
    }
    if let Some(date) = d.date() {
        return Some((body_start, date));
    }
    let weekday_named = plain.split(|c: char| !c.is_alphabetic()).find_map(weekday);
    let check = FoundDate { weekday: d.weekday.or(weekday_named), ..d };
    let mut years: Vec<i32> = units
        .iter()
        .flat_map(|u| find_dates(&u.plain))
        .filter(|f| f.month == d.month && f.day == d.day)
        .filter_map(|f| f.year)
        .collect();
    years.dedup();
    if years.is_empty() {
        // Failing that, a month and year ("Delegates in Valletta, October 2023") in a caption.
        years = units
            .iter()
            .flat_map(|u| crate::dates::month_years(&u.plain))
            .filter(|(m, _)| *m == d.month)
            .map(|(_, y)| y)
            .collect();
        years.sort_unstable();
        years.dedup();
        if years.len() > 1 {
            return None;
        }
    }
    let date = years.iter().find_map(|&y| check.in_year(y))?;
    Some((body_start, date))
}

fn find_source(units: &[Unit], title_at: Option<usize>, found: &mut Found) {
    let title_at = title_at.unwrap_or(0);
    let mut support = None;
    let mut header_line = None;
    let mut site_name = None;
    let mut copyright = None;
    let mut masthead: Option<String> = None;
    let mut lone_name: Option<&str> = None;
    let mut provider: Option<String> = None;
    for (i, unit) in units.iter().enumerate() {
        let plain = unit.plain.trim();
        if let Some(rest) = plain.strip_prefix("Support ").and_then(|r| r.strip_suffix('!')) {
            if word_count(rest) <= 5 {
                support.get_or_insert_with(|| rest.trim().to_string());
            }
        }
        // Newsletters sign off with their name: "Thanks for reading The Eastern Flank!"
        for opening in ["Thanks for reading ", "Thank you for reading "] {
            if let Some(name) = plain.strip_prefix(opening).and_then(|r| r.split(['!', '.']).next()) {
                let name = name.trim();
                if (1..=5).contains(&word_count(name)) && rules::is_title_case_line(name) {
                    support.get_or_insert_with(|| name.to_string());
                }
            }
        }
        if let Some(rest) = strip_prefix_ascii(plain, "the original source of this article is") {
            let name = strip_links(rest.trim()).trim().trim_end_matches('.').to_string();
            if !name.is_empty() {
                found.original_source.get_or_insert(name);
            }
        }
        if found.original_source.is_none() && mentions_publishing(unit.lower()) {
            found.original_source = original_source_named(plain);
        }
        if found.original_source.is_none()
            && i < found.body_start
            && plain.starts_with("From ")
            && is_credit_line(plain)
        {
            found.original_source = Some(plain["From ".len()..].trim().to_string());
        }
        // "© Provided by The Pontic Times": a portal shows a partner's story; the partner is
        // where it comes from, not the site's own name.
        let credit = plain.starts_with("Provided by ") || plain.contains('\u{a9}');
        if let Some(at) = credit.then(|| plain.find("Provided by ")).flatten() {
            let name = plain[at + "Provided by ".len()..].trim().trim_end_matches('.');
            let by_itself = plain[..at].trim_end().ends_with(['\u{a9}', '.']) || at == 0;
            if by_itself && (1..=6).contains(&word_count(name)) && rules::is_title_case_line(name) {
                provider.get_or_insert_with(|| name.to_string());
            }
        }
        if strip_prefix_ascii(plain, "copyright").is_some() || plain.starts_with('©') {
            copyright = copyright.or_else(|| copyright_holder(plain));
        } else if let Some(at) = plain.find('\u{a9}') {
            // "Helix is published by Meridian Science Publishing Ltd. © 2024 Helix Magazine": a
            // footer whose notice follows a sentence (a "©" inside quotes cites someone else's).
            let provided = plain[at..].contains("Provided by");
            if plain[..at].trim_end().ends_with(['.', '|', '\u{b7}', '\u{2022}'])
                && unit.words() <= 25
                && !provided
            {
                copyright = copyright.or_else(|| copyright_holder(&plain[at..]));
            }
        }
        if i < found.body_start.min(units.len()) && i != title_at {
            if let Some(name) = name_before_date(plain) {
                header_line.get_or_insert(name);
            }
        }
        if masthead.is_none() && unit.is_print_furniture() {
            masthead = first_date(plain).and_then(|d| {
                let name = plain[..d.start].trim().trim_end_matches([',', '|', '-', '\u{2013}']).trim();
                ((1..=5).contains(&word_count(name)) && name.chars().any(char::is_alphabetic))
                    .then(|| name.to_string())
            });
        }
        // "SOLWAY TEXT  REGIONAL NEWS  1/3": a service line's first field is the name (a
        // ticker, "LIVE SCORES   Harrow 2-1 Westmere FT", is not in capitals throughout).
        let service = i < title_at && unit.words() <= 8 && plain.contains("  ") && units::is_shouting(plain);
        let plain = if service { plain.split("  ").next().unwrap_or(plain).trim() } else { plain };
        // The first line naming an institution at length, named again further down.
        let long_name = i == 0
            && (6..=10).contains(&word_count(plain))
            && rules::is_title_case_line(plain)
            && !plain.ends_with(['.', '!', '?', ':'])
            && first_date(plain).is_none()
            && echoes(units, plain) >= 2;
        if i < title_at && site_name.is_none() && (is_site_name(plain) || long_name) {
            if i == 0 || word_count(plain) >= 2 {
                site_name = Some(plain.to_string());
            } else {
                // One word further down may be a section ("Football") as well as a logo.
                lone_name.get_or_insert(plain);
            }
        }
    }
    if let Some(partner) = &provider {
        found.original_source.get_or_insert_with(|| partner.clone());
        if site_name.as_deref().is_some_and(|s| same_text(s, partner)) {
            site_name = None;
        }
        if header_line.as_deref().is_some_and(|s| same_text(s, partner)) {
            header_line = None;
        }
    }
    // ...a logo when the copyright line names the site with the same word ("TOUCHLINE" and
    // "© 2024 Touchline Media Group"), or when the page names it again and again.
    if site_name.is_none() {
        if let Some(lone) = lone_name {
            let in_holder = copyright
                .as_ref()
                .is_some_and(|holder| holder.split_whitespace().next().is_some_and(|w| same_text(w, lone)));
            if in_holder || echoes(units, lone) >= 3 {
                site_name = Some(lone.to_string());
            }
        }
    }
    // "Stavanger, 12 March 2024" names the place a release comes from; the site's own name
    // comes back in its chrome, its footer and its addresses, and a place or label does not.
    if let (Some(line), Some(site)) = (&header_line, &site_name) {
        if !same_text(line, site) && echoes(units, site) > echoes(units, line) {
            header_line = None;
        }
    }
    // A logo in capitals ("RIGA DAILY WIRE") takes its spelling from the copyright line, or
    // from another line that names the site ("More from Larder & Lane").
    if let Some(name) = &site_name {
        if units::is_shouting(name) {
            let spelt = copyright.as_ref().and_then(|holder| name_in_holder(name, holder));
            if let Some(spelt) = spelt.or_else(|| spelt_elsewhere(units, name)) {
                site_name = Some(spelt);
            }
        }
    }
    // "NBN" over "Northwind Broadcast Network": the name the initials stand for.
    if let Some(name) = &site_name {
        if let Some(full) = units.iter().take(title_at.min(6)).find(|u| spells_initials(&u.plain, name)) {
            site_name = Some(full.plain.trim().to_string());
        }
    }
    // A printed masthead in capitals, with no other spelling of the name on the page.
    let masthead = masthead.map(|m| match &copyright {
        Some(holder) if holder.to_lowercase().contains(&m.to_lowercase()) => holder.clone(),
        _ if units::is_shouting(&m) => title_case(&m),
        _ => m,
    });
    // On a personal newsletter the copyright holder is the author, not the publication.
    if copyright.is_some() && copyright == found.byline {
        copyright = None;
    }
    // Failing all else the copyright holder, without the company's legal form.
    let copyright = copyright.map(|c| without_legal_suffix(&c).map_or(c.clone(), str::to_string));
    let title_bar = found.title_bar_site.clone();
    found.source = support.or(masthead).or(title_bar).or(header_line).or(site_name).or(copyright);
}

/// How often a page names `name` outside navigation rows: each line that holds it as words
/// counts one (up to four), and an e-mail or web address made of it counts two ("Fjordstat"
/// and "post@fjordstat.example", "Larder & Lane" and "larderandlane.com").
fn echoes(units: &[Unit], name: &str) -> usize {
    let name = name.trim();
    let lower = name.to_lowercase();
    let squashed: String = lower.replace('&', "and").chars().filter(|c| c.is_alphanumeric()).collect();
    let bare: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    if name.is_empty() || bare.is_empty() {
        return 0;
    }
    // One pass over each line for the name and both spellings of an address.
    let Ok(finder) =
        aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build([name, &squashed, &bare])
    else {
        return 0;
    };
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut lines = 0;
    let mut address = false;
    for unit in units {
        let text = unit.text.as_str();
        let mut named = false;
        for m in finder.find_overlapping_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let rest = &text[m.end()..];
            let after = rest.chars().next();
            if m.pattern().as_usize() == 0 && !word(before) && !word(after) {
                named = true;
            }
            // "post@fjordstat.example", "www.larderandlane.com": a label of an address.
            let domain_goes_on =
                after == Some('.') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic());
            let after_at_or_dot = matches!(before, Some('@' | '.'));
            if m.pattern().as_usize() > 0
                && (after_at_or_dot && !word(after) || domain_goes_on && !word(before))
            {
                address = true;
            }
        }
        if named && lines < 4 && !rules::is_navigation(&unit.plain) {
            lines += 1;
        }
    }
    lines + if address { 2 } else { 0 }
}

/// `name` as another line of the page spells it in mixed case: "LARDER & LANE" and "More from
/// Larder & Lane" give "Larder & Lane".
fn spelt_elsewhere(units: &[Unit], name: &str) -> Option<String> {
    let needle = name.trim().to_lowercase();
    if needle.chars().count() < 4 {
        return None;
    }
    units.iter().find_map(|unit| {
        let lower = unit.lower();
        let plain = unit.plain.as_str();
        // Lower-casing may change lengths outside ASCII; only then is the match unsafe to map.
        if lower.len() != plain.len() {
            return None;
        }
        lower.match_indices(needle.as_str()).find_map(|(at, _)| {
            let found = plain.get(at..at + needle.len())?;
            // The name as words, not inside a longer one.
            let before = lower[..at].chars().next_back();
            let after = lower[at + needle.len()..].chars().next();
            let bounded =
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
            (bounded && !units::is_shouting(found) && found != needle).then(|| found.to_string())
        })
    })
}

/// Whether `line`'s capitalised words start with the letters of the acronym `short`.
fn spells_initials(line: &str, short: &str) -> bool {
    let short = short.trim();
    if !(2..=6).contains(&short.len()) || !short.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let initials: String = line
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect();
    let words = word_count(line);
    initials == short && words <= short.len() + 2 && !rules::is_navigation(line)
}

/// "THE HARBOUR GAZETTE" -> "The Harbour Gazette".
fn title_case(text: &str) -> String {
    const SMALL: [&str; 8] = ["of", "the", "and", "for", "in", "on", "at", "a"];
    let mut out = Vec::new();
    for (k, word) in text.split_whitespace().enumerate() {
        let lower = word.to_lowercase();
        if k > 0 && SMALL.contains(&lower.as_str()) {
            out.push(lower);
        } else {
            let mut c = lower.chars();
            out.push(c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default());
        }
    }
    out.join(" ")
}

/// Phrases that name where a reposted story first ran. Each holds one of
/// [`PUBLISHING_WORDS`] once.
const REPOST_CUES: [&str; 10] = [
    "originally published by ",
    "first published by ",
    "originally appeared in ",
    "first appeared in ",
    "republished with permission from ",
    "first appeared on ",
    "originally published in ",
    "first published in ",
    "republished from ",
    "reprinted from ",
];

/// Words of which every cue of a repost holds one ([`REPOST_CUES`]).
const PUBLISHING_WORDS: [&str; 3] = ["published", "appeared", "reprinted"];

/// "Originally published by [Baltic Observer](#)" -> "Baltic Observer".
fn original_source_named(plain: &str) -> Option<String> {
    let text = strip_links(plain);
    let lower = lowercase(&text);
    let lower = lower.as_bytes();
    // The earliest cue, and of cues starting at the same place the least, as the smallest
    // (position, cue) over every occurrence of every cue: each occurrence holds one of the
    // publishing words at a fixed place, so the words' few occurrences (vectorised searches)
    // are the only places to try.
    let (at, cue) = publishing_finders()
        .iter()
        .zip(PUBLISHING_WORDS)
        .flat_map(|(finder, word)| finder.find_iter(lower).map(move |p| (p, word)))
        .flat_map(|(p, word)| {
            REPOST_CUES.iter().filter_map(move |cue| {
                let start = p.checked_sub(cue.find(word)?)?;
                lower[start..].starts_with(cue.as_bytes()).then_some((start, *cue))
            })
        })
        .min()?;
    let rest = &text[at + cue.len()..];
    let name = rest.split([',', '.', ';', '(', '!']).next()?.trim();
    let name = name.split(" and ").next()?.split(" on ").next()?.split(" under ").next()?;
    let name = name.trim().trim_start_matches("the ");
    let words = word_count(name);
    let capitalised = name.chars().next().is_some_and(char::is_uppercase);
    ((1..=6).contains(&words) && capitalised && word_count(&text) <= 40).then(|| name.to_string())
}

/// Whether `lower` (a text in lower case) holds "published", "appeared" or "reprinted": every
/// cue of a repost holds one. Three vectorised substring searches: far quicker than one
/// automaton for three words that open with common letters, which leave its prefilter little
/// to skip.
fn mentions_publishing(lower: &str) -> bool {
    publishing_finders().iter().any(|w| w.find(lower.as_bytes()).is_some())
}

/// Searchers for [`PUBLISHING_WORDS`], made once.
fn publishing_finders() -> &'static [memchr::memmem::Finder<'static>; 3] {
    static FINDERS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        std::sync::LazyLock::new(|| PUBLISHING_WORDS.map(memchr::memmem::Finder::new));
    &FINDERS
}

/// `text` after `prefix`, which it opens with in any ASCII case.
fn strip_prefix_ascii<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.as_bytes().get(..prefix.len())?;
    // An ASCII prefix ends on a character boundary.
    head.eq_ignore_ascii_case(prefix.as_bytes()).then(|| &text[prefix.len()..])
}

/// "Global Research, March 11, 2018" -> "Global Research".
fn name_before_date(plain: &str) -> Option<String> {
    let d = first_date(plain)?;
    d.year?;
    let before =
        plain[..d.start].trim().trim_end_matches([',', '|', '-', '\u{2013}', '\u{2014}', '/']).trim();
    let words = word_count(before);
    let lower = before.to_lowercase();
    let labelled = [
        "published", "posted", "updated", "issued", "released", "aired", "broadcast", "filed", "by ", "date", "today",
        "as of",
    ]
        .iter()
        .any(|p| lower.starts_with(p))
        // "Today: Wednesday 6 March 2024", "Blog | 4 January 2024": a label, not a name.
        || before.ends_with(':')
        || rules::is_label(before)
        // "Issued at 05:00 on Tuesday ...": a name ends on a capitalised word.
        || before.rsplit(' ').next().is_some_and(|w| w.starts_with(char::is_lowercase));
    // "Released 21 March 2024": one word run into the date with nothing between is a label
    // (a verb of publishing in any language), not a name; names are set apart by punctuation.
    let run_in = words == 1 && plain[..d.start].trim_end() == before;
    let labelled = labelled || run_in;
    // "Hannah Okoye | 2022-09-30" names the author; "Global Research, March 11, 2018" the site.
    let author = plain[before.len()..d.start].contains('|') && is_name_line(before);
    ((1..=5).contains(&words)
        && !labelled
        && !author
        // "KRAMATORSK, 9 November 2021": a place in capitals, not a publisher.
        && !units::is_shouting(before)
        && rules::is_title_case_line(before)
        && before.chars().any(char::is_alphabetic))
    .then(|| before.to_string())
}

/// A site's name as the first line: one to three capitalised words, not navigation or a date.
fn is_site_name(plain: &str) -> bool {
    let words = word_count(plain);
    (1..=5).contains(&words)
        && !rules::is_chrome_line(plain)
        && !rules::is_label(plain)
        && !rules::is_navigation(plain)
        && !rules::is_breadcrumb(plain)
        && first_date(plain).is_none()
        && !plain.ends_with(['.', '!', '?', ':'])
        && plain.chars().next().is_some_and(char::is_uppercase)
        && (rules::is_title_case_line(plain) || units::is_shouting(plain))
}

/// Legal-entity suffixes, compared in lower case without their dots: "Ltd", "GmbH", "d.o.o.",
/// "S.A.", "Sp. z o.o." (as its words "sp", "z", "oo"). A holder that ends with one names a
/// company, not a site.
const LEGAL_SUFFIXES: &[&str] = &[
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "llc",
    "llp",
    "lp",
    "plc",
    "gmbh",
    "mbh",
    "ag",
    "kg",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "sl",
    "sia",
    "uab",
    "as",
    "asa",
    "a/s",
    "ab",
    "oy",
    "oyj",
    "aps",
    "bv",
    "nv",
    "kft",
    "zrt",
    "sro",
    "doo",
    "dd",
    "ad",
    "ood",
    "sp",
    "z",
    "oo",
    "pty",
    "corp",
    "corporation",
    "co",
    "cic",
];

fn is_legal_suffix(word: &str) -> bool {
    let key: String = word.trim_end_matches(',').chars().filter(|c| *c != '.').collect();
    LEGAL_SUFFIXES.contains(&key.to_lowercase().as_str())
}

/// "Tickerhouse Data Ltd" -> "Tickerhouse Data", "Jadranski List d.o.o." -> "Jadranski List";
/// `None` when the holder ends with no legal-entity suffix (or is nothing else).
fn without_legal_suffix(holder: &str) -> Option<&str> {
    let mut end = holder.trim_end().len();
    let mut stripped = false;
    while let Some(space) = holder[..end].trim_end().rfind(' ') {
        let word = holder[space..end].trim();
        if !is_legal_suffix(word) {
            break;
        }
        stripped = true;
        end = space;
    }
    let rest = holder[..end].trim_end().trim_end_matches([',', '&']).trim_end();
    (stripped && !rest.is_empty()).then_some(rest)
}

/// Words naming what kind of company owns a site, not the site: "Touchline Media Group".
const COMPANY_WORDS: &[&str] = &["company", "group", "holdings", "media", "publishing"];

/// How the copyright holder spells a logo printed in capitals: the holder itself when it holds
/// the name ("HELIX" and "Helix Magazine"), but only the logo's words when the rest names the
/// owning company ("TOUCHLINE" and "Touchline Media Group" -> "Touchline"; "TICKERHOUSE" and
/// "Tickerhouse Data Ltd": a legal suffix says the holder is the company behind the logo).
fn name_in_holder(name: &str, holder: &str) -> Option<String> {
    let name_words: Vec<&str> = name.split_whitespace().collect();
    let holder_words: Vec<&str> = holder.split_whitespace().collect();
    let prefix = holder_words.len() > name_words.len()
        && holder_words.iter().zip(&name_words).all(|(h, n)| same_text(h, n));
    let company = |w: &&str| {
        is_legal_suffix(w) || COMPANY_WORDS.contains(&w.trim_end_matches([',', '.']).to_lowercase().as_str())
    };
    let legal = holder_words.last().is_some_and(|w| is_legal_suffix(w));
    if prefix && (legal || holder_words[name_words.len()..].iter().all(company)) {
        return Some(holder_words[..name_words.len()].join(" "));
    }
    holder.to_lowercase().contains(&name.to_lowercase()).then(|| holder.to_string())
}

/// A copyright notice's parts: cut at commas, pipes and full stops, but not at the dots inside
/// an abbreviation ("d.o.o.", "S.A."): one letter, a dot, and a letter straight after.
fn split_notice(text: &str) -> impl Iterator<Item = &str> {
    let mut cuts = Vec::new();
    for (i, c) in text.char_indices() {
        let dotted = c == '.' && {
            let segment = text[..i].rsplit([' ', '.']).next().unwrap_or("");
            segment.chars().count() == 1 && text[i + 1..].starts_with(char::is_alphabetic)
        };
        if matches!(c, ',' | '|') || (c == '.' && !dotted) {
            cuts.push(i);
        }
    }
    let mut start = 0;
    let mut cuts = cuts.into_iter();
    std::iter::from_fn(move || {
        if start > text.len() {
            return None;
        }
        let end = cuts.next().unwrap_or(text.len());
        let part = &text[start..end];
        start = end + 1;
        Some(part)
    })
}

/// "Copyright © 2022 WorldNewsHub" or "Copyright © [A](#), [B](#), 2018" -> the first holder;
/// "© Crown copyright. Northern Weather Service" -> the name after the notice.
fn copyright_holder(plain: &str) -> Option<String> {
    let t = strip_links(plain);
    // "Copyright", "©" and "(c)" in any order, then the years.
    let mut rest = t.trim();
    loop {
        let before = rest.len();
        for mark in ["Copyright", "COPYRIGHT", "copyright", "\u{a9}", "(c)", "(C)"] {
            rest = rest.strip_prefix(mark).unwrap_or(rest).trim_start();
        }
        if rest.len() == before {
            break;
        }
    }
    let rest = rest
        .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | ' ' | '\u{2013}' | '\u{2014}'))
        .trim();
    let mut parts = split_notice(rest).map(str::trim);
    let mut first = parts.next()?;
    if first.to_lowercase().ends_with(" copyright") {
        first = parts.next()?;
    }
    let first =
        first.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '\u{2013}')).trim();
    let words = word_count(first);
    // "Ministry of Foreign Affairs of the Republic of Estrava": an institution's long name.
    let institution = words <= 10 && rules::is_title_case_line(first) && !first.ends_with('.');
    (((1..=6).contains(&words) || institution) && !first.to_lowercase().contains("all rights"))
        .then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_quoted_questions_with_their_attribution() {
        let s = sentences("The US says Russia should back off troops, \u{2018}Should we go to war with NATO?\u{2019} Asks Putin. Moscow wants the West to respect the 1999 security constitution.");
        assert_eq!(s.len(), 2);
        assert!(s[0].ends_with("Asks Putin."), "{:?}", s[0]);
    }

    #[test]
    fn the_earliest_repost_cue_names_the_original_source() {
        // Each cue is found through the one publishing word it holds.
        for cue in REPOST_CUES {
            assert_eq!(PUBLISHING_WORDS.iter().map(|w| cue.matches(w).count()).sum::<usize>(), 1, "{cue}");
        }
        assert_eq!(
            original_source_named(
                "This story first appeared in The Baltic Observer and was republished from Kyiv Wire."
            )
            .as_deref(),
            Some("The Baltic Observer")
        );
        assert_eq!(
            original_source_named("Republished with permission from [Eurasia Review](#).").as_deref(),
            Some("Eurasia Review")
        );
        assert_eq!(original_source_named("Published on 3 March by our own desk."), None);
    }

    #[test]
    fn headline_and_standfirst_on_one_line_are_split() {
        let (t, s) = split_headline(
            "Markets fall on rate fears. Investors sold shares on Tuesday after the central bank spoke.",
        )
        .unwrap();
        assert_eq!(t, "Markets fall on rate fears");
        assert_eq!(s, "Investors sold shares on Tuesday after the central bank spoke.");
    }

    #[test]
    fn a_title_case_headline_run_into_its_dek_is_split_where_the_case_changes() {
        assert_eq!(
            split_at_case_change(
                "The Long Ceasefire What eight years of the Minsk process taught a generation of negotiators"
            ),
            Some((
                "The Long Ceasefire".to_string(),
                "What eight years of the Minsk process taught a generation of negotiators".to_string()
            ))
        );
        for headline in [
            "Putin Says US Cannot be Trusted in Any Political Negotiations",
            "Northern Weather Service warns of snow across the hills on Tuesday",
            "Calder Rovers come from behind to keep title hopes alive",
            "Lights Over the sea as the storm clears from the coast",
        ] {
            assert_eq!(split_at_case_change(headline), None, "{headline}");
        }
    }

    #[test]
    fn a_sentence_case_headline_run_into_its_dek_is_split_where_a_sentence_starts() {
        assert_eq!(
            split_at_sentence_start(
                "Cheeky seagull swipes bride's wedding ring on Cornish beach Groom Liam Treloar spent four hours searching the sand before a dog walker came to the rescue"
            ),
            Some((
                "Cheeky seagull swipes bride's wedding ring on Cornish beach".to_string(),
                "Groom Liam Treloar spent four hours searching the sand before a dog walker came to the rescue".to_string()
            ))
        );
        for headline in [
            // Names after a preposition or article go on with the headline.
            "Scientists say climate change is making storms in the North Sea stronger and more frequent than before",
            // Too short to hold a dek.
            "Residents fear floods as river Severn rises again in Worcester this week",
            "Council approves plan for new homes on the edge of the town despite objections from hundreds of residents",
        ] {
            assert_eq!(split_at_sentence_start(headline), None, "{headline}");
        }
    }

    #[test]
    fn publisher_before_a_date() {
        assert_eq!(name_before_date("Global Research, March 11, 2018").as_deref(), Some("Global Research"));
        assert_eq!(name_before_date("Published February 01,2022"), None);
        assert_eq!(name_before_date("Today: Wednesday 6 March 2024"), None);
        assert_eq!(name_before_date("Blog | 4 January 2024 | Dr Callum Baird"), None);
        assert_eq!(name_before_date("Issued at 05:00 on Tuesday 9 January 2024"), None);
        assert_eq!(name_before_date("Issued: 11.07.2025 10:00"), None);
        assert_eq!(name_before_date("Released 21 March 2024 \u{b7} 44 min"), None);
        assert_eq!(name_before_date("Aired 2 May 2024"), None);
        assert_eq!(name_before_date("Meridian, 2 May 2024").as_deref(), Some("Meridian"));
        assert_eq!(
            name_before_date("Harbour Wire of London, 9 March 2024").as_deref(),
            Some("Harbour Wire of London")
        );
    }

    #[test]
    fn copyright_holders() {
        assert_eq!(copyright_holder("Copyright \u{a9} 2022 WorldNewsHub").as_deref(), Some("WorldNewsHub"));
        assert_eq!(
            copyright_holder(
                "Copyright \u{a9} [Macedonian International News Agency](#), [Eurasia Review](#), 2018"
            )
            .as_deref(),
            Some("Macedonian International News Agency")
        );
    }

    #[test]
    fn copyright_notices_after_a_sentence_or_a_legal_phrase() {
        assert_eq!(
            copyright_holder("\u{a9} Crown copyright. Northern Weather Service").as_deref(),
            Some("Northern Weather Service")
        );
        assert_eq!(copyright_holder("\u{a9} Channel Nine 2024").as_deref(), Some("Channel Nine"));
        assert_eq!(copyright_holder("(c) 2021 Coastline Times").as_deref(), Some("Coastline Times"));
    }

    #[test]
    fn a_legal_suffix_with_dots_stays_with_its_holder_and_can_be_taken_off() {
        assert_eq!(
            copyright_holder(
                "\u{a9} 2024 Jadranski List d.o.o. Sva prava pridr\u{17e}ana. All rights reserved."
            )
            .as_deref(),
            Some("Jadranski List d.o.o")
        );
        assert_eq!(
            copyright_holder("\u{a9} 2024 Tickerhouse Data Ltd. All rights reserved.").as_deref(),
            Some("Tickerhouse Data Ltd")
        );
        assert_eq!(copyright_holder("\u{a9} 2024 example.com").as_deref(), Some("example"));
        assert_eq!(without_legal_suffix("Jadranski List d.o.o"), Some("Jadranski List"));
        assert_eq!(without_legal_suffix("Baltic Courier SIA"), Some("Baltic Courier"));
        assert_eq!(without_legal_suffix("Vistula Media Sp. z o.o."), Some("Vistula Media"));
        assert_eq!(without_legal_suffix("Harbour Gazette"), None);
        assert_eq!(without_legal_suffix("Ltd"), None);
    }

    #[test]
    fn a_logo_in_capitals_is_spelt_as_the_copyright_holder_without_the_company() {
        assert_eq!(name_in_holder("TOUCHLINE", "Touchline Media Group").as_deref(), Some("Touchline"));
        assert_eq!(name_in_holder("BALTIC COURIER", "Baltic Courier SIA").as_deref(), Some("Baltic Courier"));
        assert_eq!(name_in_holder("HELIX", "Helix Magazine").as_deref(), Some("Helix Magazine"));
        assert_eq!(name_in_holder("RIGA DAILY WIRE", "Riga Daily Wire").as_deref(), Some("Riga Daily Wire"));
        assert_eq!(name_in_holder("HERALD", "Northern Ledger Company"), None);
        assert_eq!(name_in_holder("TICKERHOUSE", "Tickerhouse Data Ltd").as_deref(), Some("Tickerhouse"));
        assert_eq!(
            name_in_holder("JADRANSKI LIST", "Jadranski List d.o.o").as_deref(),
            Some("Jadranski List")
        );
    }

    #[test]
    fn a_long_row_of_piped_fields_is_a_date_line() {
        assert!(is_date_line(
            "Case: R v Hollins  |  Preston Crown Court  |  By Ruth Akerman  |  29 February 2024"
        ));
        assert!(!is_date_line(
            "The hearing on 29 February 2024 was adjourned | the judge said the defence needed more time"
        ));
    }

    #[test]
    fn bylines_with_roles_and_labels() {
        assert_eq!(
            is_byline("by: Dana Whitfield and Omar Haddad").as_deref(),
            Some("Dana Whitfield and Omar Haddad")
        );
        assert_eq!(is_byline("By Dean Halloran, Football Correspondent").as_deref(), Some("Dean Halloran"));
        assert_eq!(is_byline("Priya Venkataraman | Cricket writer").as_deref(), Some("Priya Venkataraman"));
        assert_eq!(is_byline("An article by Anna Keller").as_deref(), Some("Anna Keller"));
        assert_eq!(is_byline("Interview by Sem de Wit").as_deref(), Some("Sem de Wit"));
        assert_eq!(is_byline("Global Research, Montreal"), None);
    }

    #[test]
    fn site_names_from_initials_and_capitals() {
        assert!(spells_initials("Northwind Broadcast Network", "NBN"));
        assert!(!spells_initials("News Business Notes Weather", "NBN"));
        assert_eq!(title_case("THE HARBOUR GAZETTE"), "The Harbour Gazette");
    }

    #[test]
    fn bylines() {
        assert_eq!(is_byline("By [Jane Roe](#)").as_deref(), None);
        assert_eq!(is_byline("By Jane Roe | Reporter").as_deref(), Some("Jane Roe"));
    }
}
