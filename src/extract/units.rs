//! Raw text -> units: non-empty lines, with hard-wrapped lines rejoined, and the features that
//! classification reads. Pure text work; no decisions about what is body.
use std::borrow::Cow;

/// One paragraph-sized piece of the source: a line, or several hard-wrapped lines joined.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// 1-based line numbers in the file, in order.
    pub lines: Vec<usize>,
    /// Each source line's text as written (trailing white space trimmed).
    pub raw: Vec<String>,
    /// The lines joined with single spaces.
    pub text: String,
    /// `text` with Markdown links reduced to their text, for features and metadata.
    pub plain: String,
    /// Whether a blank line (or the start of the file) precedes the unit.
    pub blank_before: bool,
    /// Whether the unit is header furniture, computed once: the header analysis asks often.
    pub furniture: std::cell::OnceCell<bool>,
    /// Whether the unit is site chrome (`rules::is_chrome_line`), computed once.
    chrome: std::cell::OnceCell<bool>,
    /// Words in `plain`, counted once.
    word_count: usize,
    /// `plain` in lower case, made on first use.
    lower: std::cell::OnceCell<String>,
    /// [`super::rules::lower_key`] of `plain`, made on first use: the rules for whole lines
    /// and openings all read it.
    key: std::cell::OnceCell<String>,
    /// Whether `plain`, trimmed, is print-page furniture, computed once.
    print: std::cell::OnceCell<bool>,
}

impl Unit {
    pub fn words(&self) -> usize {
        self.word_count
    }

    pub fn is_chrome(&self) -> bool {
        *self.chrome.get_or_init(|| {
            let (plain, words) = (self.plain.as_str(), self.word_count);
            // The untrimmed text is furniture when it is no longer than the bound and the
            // trimmed one is (only the bound reads the untrimmed length).
            let print = || plain.len() <= super::rules::PRINT_FURNITURE_BYTES && self.is_print_furniture();
            super::rules::may_be_chrome(plain, words)
                && super::rules::is_chrome_keyed(plain, self.key(), words, print)
        })
    }

    pub fn lower(&self) -> &str {
        self.lower.get_or_init(|| lowercase(&self.plain))
    }

    /// [`super::rules::lower_key`] of the unit's text.
    pub fn key(&self) -> &str {
        self.key.get_or_init(|| super::rules::lower_key(&self.plain))
    }

    /// [`super::rules::is_print_furniture`] of the unit's text, trimmed.
    pub fn is_print_furniture(&self) -> bool {
        *self.print.get_or_init(|| super::rules::is_print_furniture(self.plain.trim()))
    }
}

/// `text.to_lowercase()`, with runs of ASCII lowered a run at a time: the standard one goes
/// character by character after the first other character, and news text is full of curly
/// quotes and dashes. A capital sigma, whose lower case depends on its neighbours, leaves it
/// to the standard one.
pub fn lowercase(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let run = ascii_run(&bytes[i..]);
        let start = out.len();
        out.push_str(&text[i..i + run]);
        out[start..].make_ascii_lowercase();
        i += run;
        if let Some(c) = text[i..].chars().next() {
            if c == '\u{3a3}' {
                return text.to_lowercase();
            }
            // Curly quotes, dashes and ellipses (U+2000 to U+206F, no letters) are their own
            // lower case: news text is full of them, and they skip the case table.
            if ('\u{2000}'..='\u{206f}').contains(&c) {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
            i += c.len_utf8();
        }
    }
    out
}

/// The length of the ASCII run `bytes` opens with, read eight bytes at a time.
fn ascii_run(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut run = 0;
    for chunk in chunks.by_ref() {
        let high = u64::from_le_bytes(chunk.try_into().expect("eight bytes")) & 0x8080_8080_8080_8080;
        if high != 0 {
            // The first byte with its top bit set, in little-endian order.
            return run + (high.trailing_zeros() / 8) as usize;
        }
        run += 8;
    }
    run + chunks.remainder().iter().position(|&b| b >= 0x80).unwrap_or(chunks.remainder().len())
}

/// Splits `body` into units. `line_offset` is added to line numbers (front matter lines).
pub fn units(body: &str, line_offset: usize) -> Vec<Unit> {
    let lines: Vec<(usize, &str)> = body
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1 + line_offset, l.trim_end_matches([' ', '\t', '\u{a0}', '\r'])))
        .collect();
    let wrapped = looks_hard_wrapped(&lines);
    let mut out: Vec<Unit> = Vec::new();
    let mut previous_blank = true;
    // Whether the line before is print furniture, where a test has asked: a line is tested
    // as the line that may join the one above, then as the one that another may join.
    let mut previous_print: Option<bool> = None;
    for (number, line) in lines {
        if line.trim().is_empty() {
            previous_blank = true;
            previous_print = None;
            continue;
        }
        // A page break's furniture never joins a paragraph, nor a paragraph it. After a line
        // that is not blank, that line is the last of the unit above.
        let mut print = None;
        let joins = !previous_blank
            && !*print.insert(super::rules::is_print_furniture(line))
            && out.last().is_some_and(|u| {
                let last = u.raw.last().map_or("", String::as_str);
                !previous_print.unwrap_or_else(|| super::rules::is_print_furniture(last))
                    && continues(last, line, wrapped)
            });
        previous_print = print;
        if joins {
            let unit = out.last_mut().expect("checked above");
            unit.lines.push(number);
            unit.raw.push(line.to_string());
            join_wrapped(&mut unit.text, line);
        } else {
            out.push(Unit {
                lines: vec![number],
                raw: vec![line.to_string()],
                text: line.trim().to_string(),
                plain: String::new(),
                word_count: 0,
                blank_before: previous_blank,
                furniture: std::cell::OnceCell::new(),
                chrome: std::cell::OnceCell::new(),
                lower: std::cell::OnceCell::new(),
                key: std::cell::OnceCell::new(),
                print: std::cell::OnceCell::new(),
            });
        }
        previous_blank = false;
    }
    // Each unit's plain text and words once its lines are all joined.
    for unit in &mut out {
        unit.plain = strip_links(&unit.text).into_owned();
        unit.word_count = word_count(&unit.plain);
    }
    out
}

/// The words of `text` as `split_whitespace` counts them, or, once past `limit`, some count
/// above it (at most eight past): enough to compare with a limit without walking a long
/// paragraph to its end. ASCII is read eight bytes at a time, with no branch per byte; the
/// white space beyond ASCII (U+0085, U+00A0, U+1680, U+2000 to U+200A, U+2028, U+2029,
/// U+202F, U+205F, U+3000) is recognised by its UTF-8 bytes.
pub fn count_words_upto(text: &str, limit: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let bytes = text.as_bytes();
    let (mut count, mut after_space, mut i) = (0, true, 0);
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if x & HIGH == 0 {
                // Per byte, its top bit set when it is a space: equal to b' ' (the zero-byte
                // test, exact as no byte carries into the next), or within \t..=\r.
                let y = x ^ 0x2020_2020_2020_2020;
                let blank = !(((y & LOW) + LOW) | y) & HIGH;
                let from_tab = (x + 0x7777_7777_7777_7777) & HIGH;
                let past_return = (x + 0x7272_7272_7272_7272) & HIGH;
                let space = blank | (from_tab & !past_return);
                // A word starts at a byte that is not a space after one that is (or after the
                // space state carried from the last chunk, for the first byte).
                let before = (space << 8) | (u64::from(after_space) << 7);
                // The word starts are top bits of bytes: shifted down to one per byte, one
                // multiplication sums the bytes into the top byte (no popcount instruction on
                // the baseline x86-64 target, where `count_ones` takes a dozen).
                let starts = (!space & before & HIGH) >> 7;
                count += (starts.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
                after_space = space >> 63 == 1;
                i += 8;
                if count > limit {
                    return count;
                }
                continue;
            }
        }
        let b = bytes[i];
        if b < 0x80 {
            let space = b == b' ' || b.wrapping_sub(b'\t') <= b'\r' - b'\t';
            count += usize::from(after_space & !space);
            after_space = space;
            i += 1;
        } else {
            let space = wide_space_len(&bytes[i..]);
            if space > 0 {
                after_space = true;
                i += space;
            } else {
                count += usize::from(after_space);
                after_space = false;
                // The whole character: its lead byte gives its length.
                i += match b {
                    0xf0.. => 4,
                    0xe0.. => 3,
                    _ => 2,
                };
            }
        }
        if count > limit {
            return count;
        }
    }
    count
}

/// The byte length of the white-space character beyond ASCII that `bytes` starts with, or 0.
fn wide_space_len(bytes: &[u8]) -> usize {
    match bytes {
        [0xc2, 0x85 | 0xa0, ..] => 2,
        [0xe1, 0x9a, 0x80, ..] | [0xe3, 0x80, 0x80, ..] | [0xe2, 0x81, 0x9f, ..] => 3,
        [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..] => 3,
        _ => 0,
    }
}

/// The words of `text`, as `split_whitespace` counts them.
pub fn word_count(text: &str) -> usize {
    count_words_upto(text, usize::MAX - 1)
}

pub fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']', '*', '_']);
    t.ends_with(['.', '!', '?', ':', ';', '\u{2026}'])
}

/// Appends the next line of a wrapped paragraph: with a space, or without the hyphen when a
/// word was broken at the line end ("overwhel-" + "mingly").
pub fn join_wrapped(text: &mut String, next: &str) {
    let next = next.trim();
    let mut tail = text.chars().rev();
    let broken_word = tail.next() == Some('-')
        && tail.next().is_some_and(char::is_lowercase)
        && next.chars().next().is_some_and(char::is_lowercase);
    if broken_word {
        text.pop();
    } else {
        text.push(' ');
    }
    text.push_str(next);
}

/// A text file is hard-wrapped when several lines stop mid-sentence and the next line carries
/// on in lower case; the answer is the wrap width (the longest such line). Lists of headlines
/// (no full stop, next line capitalised) are not wrapping. Print columns wrap at 40 characters
/// or less, so lines are measured against each other, not against a fixed length.
fn looks_hard_wrapped(lines: &[(usize, &str)]) -> Option<usize> {
    let mut carried_on = 0;
    let mut long_followed = 0;
    let mut width = 0;
    for pair in lines.windows(2) {
        let (line, next) = (pair[0].1.trim(), pair[1].1.trim());
        let length = line.chars().count();
        if length < 25 || next.is_empty() {
            continue;
        }
        long_followed += 1;
        let lower_next = next.chars().next().is_some_and(|c| c.is_lowercase());
        if length <= 110 && !ends_sentence(line) && lower_next {
            carried_on += 1;
            width = width.max(length);
        }
    }
    (carried_on >= 3 && carried_on * 3 >= long_followed).then_some(width)
}

/// Whether `next` continues the paragraph whose last line is `previous`; `wrap_width` is the
/// file's wrap width when it is hard-wrapped.
fn continues(previous: &str, next: &str, wrap_width: Option<usize>) -> bool {
    let previous = previous.trim();
    let next = next.trim();
    let length = previous.chars().count();
    let starts_lower = next.chars().next().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    // A headline set in capitals over two lines.
    let words = |t: &str| word_count(t);
    if is_shouting(previous)
        && is_shouting(next)
        && words(previous) >= 3
        && words(next) <= 8
        && !ends_sentence(previous)
    {
        return true;
    }
    // "Ledbury Town appoint new manager · 2 days ago": a stamped entry of a list of stories.
    if ends_with_relative_time(previous) {
        return false;
    }
    if let Some(width) = wrap_width {
        return length >= (width * 2 / 3).clamp(20, 50) && !is_shouting(next) && !is_menu_row(next);
    }
    let byline = next.starts_with("by ") || next.starts_with("by:");
    length >= 60 && !ends_sentence(previous) && starts_lower && !byline && !is_short_date_line(next)
}

/// "2024-04-11 · 36 min" under a dek: a short line that opens with a full date is the page's
/// date line, not the paragraph above going on.
fn is_short_date_line(line: &str) -> bool {
    line.starts_with(|c: char| c.is_ascii_digit())
        && word_count(line) <= 8
        && crate::dates::opens_with_full_date(line)
}

/// Whether the line's last field (after " · " or " | ") says how long ago: "· 3h ago".
fn ends_with_relative_time(line: &str) -> bool {
    if !line.ends_with(" ago") {
        return false;
    }
    let field = |sep: &str| line.rsplit_once(sep).map(|(_, last)| last);
    field(" \u{b7} ").or_else(|| field(" | ")).is_some_and(super::rules::is_chrome_line)
}

/// "About  Careers  Contact  Privacy": items set apart by runs of spaces, twice or more, where
/// no sentence ends (some typists put two spaces after a full stop).
fn is_menu_row(line: &str) -> bool {
    let mut gaps = 0;
    let mut rest = line.trim();
    while let Some(at) = rest.find("  ") {
        if !rest[..at].ends_with(['.', '!', '?', ':', ';']) {
            gaps += 1;
        }
        rest = rest[at..].trim_start();
    }
    gaps >= 2
}

/// ALL-CAPS text (at least two letters, no lower-case letter).
pub fn is_shouting(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// Markdown links `[text](target)` -> `text`; everything else unchanged (and borrowed when
/// there is no `[`, as in most text).
pub fn strip_links(text: &str) -> Cow<'_, str> {
    let Some(first) = memchr::memchr(b'[', text.as_bytes()) else { return Cow::Borrowed(text) };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    while let Some(open) = memchr::memchr(b'[', rest.as_bytes()) {
        match parse_link(&rest[open..]) {
            Some((label, _target, used)) => {
                out.push_str(&rest[..open]);
                out.push_str(label);
                rest = &rest[open + used..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Dead links `[text](#)` (and empty targets) -> `text`; live links stay.
pub fn unlink_dead(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        match parse_link(&rest[open..]) {
            Some((label, target, used)) if is_dead_target(target) => {
                out.push_str(&rest[..open]);
                out.push_str(label);
                rest = &rest[open + used..];
            }
            Some((_, _, used)) => {
                out.push_str(&rest[..open + used]);
                rest = &rest[open + used..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_dead_target(target: &str) -> bool {
    let t = target.trim();
    t.is_empty() || t.starts_with('#') || t.to_ascii_lowercase().starts_with("javascript:")
}

/// Characters inside link labels as a share of all non-space characters.
pub fn link_share(text: &str) -> f32 {
    if !text.contains('[') {
        return 0.0;
    }
    let total = strip_links(text).chars().filter(|c| !c.is_whitespace()).count();
    if total == 0 {
        return 0.0;
    }
    let mut inside = 0;
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        match parse_link(&rest[open..]) {
            Some((label, _, used)) => {
                inside += label.chars().filter(|c| !c.is_whitespace()).count();
                rest = &rest[open + used..];
            }
            None => rest = &rest[open + 1..],
        }
    }
    inside as f32 / total as f32
}

/// Parses `[label](target)` at the start of `s`: (label, target, bytes used).
fn parse_link(s: &str) -> Option<(&str, &str, usize)> {
    let close = s.find("](")?;
    let label = &s[1..close];
    if label.contains('[') || label.contains('\n') {
        return None;
    }
    let target_start = close + 2;
    let end = s[target_start..].find(')')?;
    let target = &s[target_start..target_start + end];
    if target.contains(char::is_whitespace) && !target.trim().is_empty() {
        return None;
    }
    Some((label, target, target_start + end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ascii_run_ends_at_the_first_other_byte() {
        let reference = |b: &[u8]| b.iter().position(|&c| c >= 0x80).unwrap_or(b.len());
        let text = "Kyiv\u{2019}s talks, 2024 \u{2014} a long run of ASCII letters here\u{e9}!";
        for start in 0..text.len() {
            let bytes = &text.as_bytes()[start..];
            assert_eq!(ascii_run(bytes), reference(bytes), "from byte {start}");
        }
        assert_eq!(ascii_run(b""), 0);
    }

    #[test]
    fn lowercase_is_the_standard_lower_case() {
        for text in [
            "",
            "NATO and the EU",
            "Kyiv\u{2019}s NATO \u{201c}Talks\u{201d} \u{2014} SANCTIONS",
            "\u{c9}TAT-MAJOR na\u{ef}ve CAF\u{c9}",
            "\u{130}STANBUL \u{212a}ELVIN \u{1e9e}TRASSE",
            "\u{3a3}\u{39f}\u{3a6}\u{3a3}\u{399}\u{391} \u{3a3} A\u{3a3} \u{3a3}A",
            "\u{41a}\u{418}\u{407}\u{412} 2024 \u{1f600} END",
        ] {
            assert_eq!(lowercase(text), text.to_lowercase(), "{text:?}");
        }
    }

    #[test]
    fn blank_lines_separate_units_and_numbers_are_kept() {
        let u = units("\n\nTitle\n\nBody one.\nBody two.\n", 0);
        let lines: Vec<Vec<usize>> = u.iter().map(|u| u.lines.clone()).collect();
        assert_eq!(lines, vec![vec![3], vec![5], vec![6]]);
        assert!(u[0].blank_before && u[1].blank_before && !u[2].blank_before);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_rejoined() {
        let text = "The minister said on Tuesday that the negotiations would resume\n\
                    in Geneva next week, after a pause of almost two months in\n\
                    which both sides had accused each other of bad faith and\n\
                    delay.\n\nA second paragraph that is short.\n";
        let u = units(text, 2);
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].lines, vec![3, 4, 5, 6]);
        assert!(u[0].text.contains("resume in Geneva"));
    }

    #[test]
    fn a_long_line_running_on_in_lower_case_is_joined_in_unwrapped_files() {
        let u = units("A sentence that is cut in the middle by a careless copy and paste of\nthe page, which goes on.\nNext one.", 0);
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].lines, vec![1, 2]);
    }

    #[test]
    fn narrow_print_columns_are_rejoined_and_broken_words_mended() {
        let text = "Dock workers at Harbour Port have overwhel-\nmingly rejected a pay offer from the port\n\
                    operator, raising the prospect of the first\nstrike at the docks in more than a decade.\n\n\
                    Members of the union voted by 87 per\ncent to turn down the offer of a rise\n\
                    this year, with a further increase next\nyear linked to inflation.\n";
        let u = units(text, 0);
        assert_eq!(u.len(), 2);
        assert!(
            u[0].text.starts_with("Dock workers at Harbour Port have overwhelmingly rejected"),
            "{}",
            u[0].text
        );
        assert_eq!(u[1].lines, vec![6, 7, 8, 9]);
    }

    #[test]
    fn a_headline_in_capitals_over_two_lines_is_one_unit() {
        let u = units("DOCKERS REJECT PAY OFFER\nAS TALKS DRAG ON\n\nNEWS\nSPORT\n", 0);
        assert_eq!(u[0].text, "DOCKERS REJECT PAY OFFER AS TALKS DRAG ON");
        assert_eq!(u.len(), 3);
    }

    /// A paragraph hard-wrapped at about 65 columns, then a blank line.
    const WRAPPED: &str = "The minister said on Tuesday that the negotiations would resume\n\
                           in Geneva next week, after a pause of almost two months in\n\
                           which both sides had accused each other of bad faith and\n\
                           delay and of briefing the press against the other side.\n\n";

    #[test]
    fn a_menu_row_under_a_wrapped_paragraph_is_not_joined_to_it() {
        let text = format!(
            "{WRAPPED}Helix is published by Meridian Science Publishing Ltd. \u{a9} 2024\n\
             About  Careers  Contact  Privacy  Terms\n"
        );
        let u = units(&text, 0);
        assert_eq!(u.len(), 3, "{u:?}");
        assert!(is_menu_row("About  Careers  Contact  Privacy"));
        assert!(!is_menu_row("It rained.  Then it snowed.  Then it stopped."));
    }

    #[test]
    fn a_stamped_story_in_a_wrapped_list_and_a_date_under_a_dek_are_lines_of_their_own() {
        let list = format!(
            "{WRAPPED}Worcester Raiders sign two forwards ahead of new season \u{b7} 3h ago\n\
             Hereford Lads Club boxers win three regional titles \u{b7} 8h ago\n"
        );
        assert_eq!(units(&list, 0).len(), 3);
        let dek = "A primary school in Bristol has ditched ready meals and reheated trays and cooks\n\
                   2024-04-11 \u{b7} 36 min\n";
        assert_eq!(units(dek, 0).len(), 2);
        assert_eq!(units("A primary school in Bristol has ditched ready meals and reheated trays and cooks\n2024 pupils\n", 0).len(), 1);
    }

    #[test]
    fn a_byline_under_a_long_headline_is_not_joined_to_it() {
        let u = units(
            "Ice storm leaves thousands without power across south-central Kansas\nby: Rob Teague\n",
            0,
        );
        assert_eq!(u.len(), 2);
    }

    #[test]
    fn links_are_measured_and_stripped() {
        assert_eq!(strip_links("By [Eurasia Review](#) 9 March"), "By Eurasia Review 9 March");
        assert_eq!(unlink_dead("[a](#) and [b](https://x.org)"), "a and [b](https://x.org)");
        assert!(link_share("[NATO War Agenda](#)") > 0.99);
        assert!(link_share("[Ukraine] is a country") < 0.01);
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tand\nnew\x0bline\x0cfeed\rreturn",
            "no\u{a0}break, em\u{2003}space, ideographic\u{3000}space, next\u{85}line",
            "\u{201c}Quoted\u{201d} caf\u{e9} \u{2014} na\u{ef}ve \u{2026}",
            "\u{2028}\u{2029}\u{202f}\u{205f}\u{1680}x",
        ] {
            let expected = text.split_whitespace().count();
            assert_eq!(word_count(text), expected, "{text:?}");
            assert_eq!(count_words_upto(text, 1) > 1, expected > 1, "{text:?}");
        }
        // Runs of ASCII eight bytes at a time, at every offset and across chunk edges, against
        // every limit: exact up to the limit, above it once past.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let alphabet =
            [b'a', b'Z', b'7', b' ', b' ', b'\t', b'\n', 0x0b, 0x0c, b'\r', b'.', 0x08, 0x0e, b'!'];
        for len in 0..80 {
            for _ in 0..40 {
                let text: String = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        alphabet[(seed % alphabet.len() as u64) as usize] as char
                    })
                    .collect();
                let expected = text.split_whitespace().count();
                assert_eq!(word_count(&text), expected, "{text:?}");
                for limit in 0..=expected + 1 {
                    let counted = count_words_upto(&text, limit);
                    if expected <= limit {
                        assert_eq!(counted, expected, "{text:?} {limit}");
                    } else {
                        assert!(counted > limit, "{text:?} {limit}");
                    }
                }
            }
        }
        // Every character, as a separator or not.
        let mut text = String::new();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            text.clear();
            text.extend(['a', c, 'b']);
            assert_eq!(word_count(&text), text.split_whitespace().count(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn shouting_needs_letters_and_no_lower_case() {
        assert!(is_shouting("‘INSTRUMENT’"));
        assert!(is_shouting("A GUN IN THE HEAD OF UKRAINE"));
        assert!(!is_shouting("0:00"));
        assert!(!is_shouting("NATO's"));
    }
}
