//! Finding and parsing dates written the many ways news pages write them.
//!
//! Pure functions over strings: "March 11, 2018", "9 March 2018", "February 01,2022",
//! "Thursday, May 09, 2024", "Nov. 22, 2023 5:04 p.m. ET", "2023-11-22 14:05 UTC",
//! "22.11.2023", and partial dates such as the dateline "Feb 1" whose year is found elsewhere.
//! A year on its own is never a date.

use chrono::{Datelike, NaiveDate, Weekday};

/// A date found in a line: complete when `year` is known, partial (a dateline) otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte range of the date text in the line.
    pub start: usize,
    pub end: usize,
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    pub weekday: Option<Weekday>,
}

impl FoundDate {
    pub fn date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month, self.day)
    }

    /// The date in `year`, if it exists and agrees with a stated weekday.
    pub fn in_year(&self, year: i32) -> Option<NaiveDate> {
        let date = NaiveDate::from_ymd_opt(year, self.month, self.day)?;
        match self.weekday {
            Some(w) if w != date.weekday() => None,
            _ => Some(date),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    Word(&'a str),
    Number(u32, usize),
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Spanned<'a> {
    token: Token<'a>,
    start: usize,
    end: usize,
}

/// The tokens of `line`: runs of digits, runs of letters, and every other character but white
/// space on its own. ASCII is read a byte at a time; other characters are decoded.
fn tokenize(line: &str) -> Vec<Spanned<'_>> {
    let bytes = line.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        let token = if b.is_ascii_digit() {
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            let digits = &line[start..i];
            Token::Number(digits.parse().unwrap_or(u32::MAX), digits.len())
        } else if b < 0x80 {
            // `char::is_whitespace` in ASCII: \t to \r and the space.
            if b == b' ' || (b'\t'..=b'\r').contains(&b) {
                i += 1;
                continue;
            }
            if b.is_ascii_alphabetic() {
                i = letters_end(line, i);
                Token::Word(&line[start..i])
            } else {
                i += 1;
                Token::Punct(char::from(b))
            }
        } else {
            let c = line[i..].chars().next().expect("i is a char boundary");
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            if c.is_alphabetic() {
                i = letters_end(line, i);
                Token::Word(&line[start..i])
            } else {
                i += c.len_utf8();
                Token::Punct(c)
            }
        };
        tokens.push(Spanned { token, start, end: i });
    }
    tokens
}

/// Where the run of letters (`char::is_alphabetic`) starting at byte `i` of `line` ends.
fn letters_end(line: &str, mut i: usize) -> usize {
    let bytes = line.as_bytes();
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if !b.is_ascii_alphabetic() {
                break;
            }
            i += 1;
        } else {
            let c = line[i..].chars().next().expect("i is a char boundary");
            if !c.is_alphabetic() {
                break;
            }
            i += c.len_utf8();
        }
    }
    i
}

/// The months' English names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2018-03-11`, as `%Y-%m-%d` writes it, without parsing a format string: every card, feed
/// entry and search result prints one.
pub fn iso(date: NaiveDate) -> String {
    if (0..=9999).contains(&date.year()) {
        let mut out = String::with_capacity(10);
        push_digits(&mut out, date.year() as u32, 4);
        out.push('-');
        push_digits(&mut out, date.month(), 2);
        out.push('-');
        push_digits(&mut out, date.day(), 2);
        out
    } else {
        date.format("%Y-%m-%d").to_string()
    }
}

/// `11 March 2018`, as `%-d %B %Y` writes it.
pub fn long(date: NaiveDate) -> String {
    if (0..=9999).contains(&date.year()) {
        let month = MONTH_NAMES[date.month0() as usize];
        let mut out = String::with_capacity(month.len() + 8);
        push_digits(&mut out, date.day(), if date.day() < 10 { 1 } else { 2 });
        out.push(' ');
        out.push_str(month);
        out.push(' ');
        push_digits(&mut out, date.year() as u32, 4);
        out
    } else {
        date.format("%-d %B %Y").to_string()
    }
}

/// The last `width` decimal digits of `n`, zero-padded (`n` has at most `width` digits here).
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

pub fn month_number(word: &str) -> Option<u32> {
    // The names are ASCII and compared in any ASCII case: only a word beyond ASCII is lowered.
    let lowered;
    let w = if word.is_ascii() {
        word
    } else {
        lowered = word.to_lowercase();
        &lowered
    };
    // From "May" and the three-letter abbreviations to "September".
    if !(3..=9).contains(&w.len()) {
        return None;
    }
    let starts =
        |full: &str| full.len() >= w.len() && full.as_bytes()[..w.len()].eq_ignore_ascii_case(w.as_bytes());
    let abbreviation_ok = |full: &str| {
        starts(full) && (w.len() == 3 || w.eq_ignore_ascii_case("sept") || w.len() == full.len())
    };
    MONTH_NAMES.iter().position(|full| abbreviation_ok(full)).map(|i| i as u32 + 1)
}

fn is_ordinal_suffix(word: &str) -> bool {
    ["st", "nd", "rd", "th"].iter().any(|s| word.eq_ignore_ascii_case(s))
}

pub fn weekday(word: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    // The longest name, "wednesday"; an ASCII word is lowered on the stack.
    let mut buf = [0u8; 9];
    let lowered;
    let w = if word.is_ascii() {
        let lower = buf.get_mut(..word.len())?;
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        std::str::from_utf8(lower).expect("ASCII")
    } else {
        lowered = word.to_lowercase();
        lowered.as_str()
    };
    // "Thu", and the longer abbreviations "Tues", "Weds", "Thurs".
    let w = match w {
        "tues" => "tue",
        "weds" => "wed",
        "thur" | "thurs" => "thu",
        _ => w,
    };
    DAYS.iter().find(|(full, _)| *full == w || (w.len() == 3 && full.starts_with(w))).map(|(_, d)| *d)
}

fn year_of(token: Token<'_>) -> Option<i32> {
    match token {
        Token::Number(n, 4) if (1800..=2200).contains(&n) => Some(n as i32),
        _ => None,
    }
}

fn day_of(token: Token<'_>) -> Option<u32> {
    match token {
        Token::Number(n, 1..=2) if (1..=31).contains(&n) => Some(n),
        _ => None,
    }
}

fn month_of(token: Token<'_>) -> Option<u32> {
    match token {
        Token::Word(w) => month_number(w),
        _ => None,
    }
}

/// Every date in `line`, left to right, without overlaps.
pub fn find_dates(line: &str) -> Vec<FoundDate> {
    let Some(tokens) = date_tokens(line) else { return Vec::new() };
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match match_at(&tokens, i) {
            Some((date, used)) => {
                found.push(date);
                i += used;
            }
            None => i += 1,
        }
    }
    found
}

/// The first date in `line` (the first of [`find_dates`]), looked for no further.
pub fn first_date(line: &str) -> Option<FoundDate> {
    let tokens = date_tokens(line)?;
    (0..tokens.len()).find_map(|i| match_at(&tokens, i)).map(|(date, _)| date)
}

/// Whether `line` opens with a full date (with its year): "Wednesday 28 February 2024 -
/// Public lecture". Only the line's first token is tried as the start of one.
pub fn opens_with_full_date(line: &str) -> bool {
    date_tokens(line)
        .and_then(|tokens| match_at(&tokens, 0))
        .is_some_and(|(d, _)| d.start == 0 && d.year.is_some())
}

/// The tokens of `line`, or `None` when it holds no digit: every date has one, and most lines
/// of text have none.
fn date_tokens(line: &str) -> Option<Vec<Spanned<'_>>> {
    line.bytes().any(|b| b.is_ascii_digit()).then(|| tokenize(line))
}

/// Skips punctuation in `allowed` starting at `i`; returns the next index.
fn skip(tokens: &[Spanned<'_>], mut i: usize, allowed: &[char]) -> usize {
    while let Some(Spanned { token: Token::Punct(c), .. }) = tokens.get(i) {
        if !allowed.contains(c) {
            break;
        }
        i += 1;
    }
    i
}

fn match_at(tokens: &[Spanned<'_>], first: usize) -> Option<(FoundDate, usize)> {
    let get = |i: usize| tokens.get(i).map(|t| t.token);
    // An optional weekday: "Thursday, May 09, 2024".
    let (weekday, i) = match get(first) {
        Some(Token::Word(w)) if weekday(w).is_some() => (weekday(w), skip(tokens, first + 1, &[',', '.'])),
        _ => (None, first),
    };
    let start = tokens.get(first)?.start;
    let finish = |year, month, day, last: usize| {
        let date = FoundDate { start, end: tokens[last].end, year, month, day, weekday };
        let valid = match year {
            Some(y) => NaiveDate::from_ymd_opt(y, month, day).is_some(),
            None => NaiveDate::from_ymd_opt(2000, month, day).is_some(),
        };
        valid.then_some((date, last + 1 - first))
    };

    // ISO: 2023-11-22, also 2023/11/22.
    if let Some(year) = get(i).and_then(year_of) {
        if let (Some(Token::Punct(sep @ ('-' | '/'))), Some(Token::Number(m, 1..=2))) =
            (get(i + 1), get(i + 2))
        {
            if get(i + 3) == Some(Token::Punct(sep)) {
                if let Some(d) = get(i + 4).and_then(day_of) {
                    return finish(Some(year), m, d, i + 4);
                }
            }
        }
        return None;
    }
    // Day first: "9 March 2018", "22.11.2023", "27/02/2024", "1 Feb", "11th of January 2024".
    if let Some(day) = get(i).and_then(day_of) {
        let mut j = skip(tokens, i + 1, &['.']);
        if let Some(Token::Word(w)) = get(j) {
            if is_ordinal_suffix(w) && tokens[j].start == tokens[i].end {
                j += 1;
                if matches!(get(j), Some(Token::Word(w)) if w.eq_ignore_ascii_case("of")) {
                    j += 1;
                }
            }
        }
        if let Some(month) = get(j).and_then(month_of) {
            let k = skip(tokens, j + 1, &['.', ',']);
            return match get(k).and_then(year_of) {
                Some(year) => finish(Some(year), month, day, k),
                None => finish(None, month, day, j),
            };
        }
        if let (Some(Token::Punct(sep @ ('.' | '/'))), Some(Token::Number(m, 1..=2))) =
            (get(i + 1), get(i + 2))
        {
            if get(i + 3) == Some(Token::Punct(sep)) {
                // "14/03/24 09:14": a two-digit year, trusted only with the time after it.
                let short_year = match (get(i + 4), get(i + 5), get(i + 6), get(i + 7)) {
                    (
                        Some(Token::Number(y, 2)),
                        Some(Token::Number(0..=23, 1..=2)),
                        Some(Token::Punct(':')),
                        Some(Token::Number(0..=59, 2)),
                    ) => Some(2000 + y as i32),
                    _ => None,
                };
                if let Some(year) = get(i + 4).and_then(year_of).or(short_year) {
                    // Day first, unless only month first makes sense (US "11/22/2023").
                    if m <= 12 {
                        return finish(Some(year), m, day, i + 4);
                    }
                    if day <= 12 && sep == '/' {
                        return finish(Some(year), day, m, i + 4);
                    }
                }
            }
        }
        return None;
    }
    // Month first: "March 11, 2018", "Nov. 22, 2023", "February 01,2022", "Feb 1".
    if let Some(month) = get(i).and_then(month_of) {
        let j = skip(tokens, i + 1, &['.']);
        let day = get(j).and_then(day_of)?;
        // "May 2018" is a year, not a day; day_of already refuses 4 digits.
        let mut k = j + 1;
        // Ordinal suffixes: "March 11th".
        if let Some(Token::Word(w)) = get(k) {
            if is_ordinal_suffix(w) {
                k += 1;
            }
        }
        let y = skip(tokens, k, &[',']);
        return match get(y).and_then(year_of) {
            Some(year) => finish(Some(year), month, day, y),
            None => finish(None, month, day, k - 1),
        };
    }
    None
}

/// Every month named with a year and no day ("October 2023", "Oct. 2023"), as (month, year).
pub fn month_years(line: &str) -> Vec<(u32, i32)> {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let tokens = tokenize(line);
    let mut out = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        let Some(month) = month_of(t.token) else { continue };
        let next = skip(&tokens, k + 1, &['.', ',']);
        if let Some(year) = tokens.get(next).and_then(|t| year_of(t.token)) {
            out.push((month, year));
        }
    }
    out
}

/// Parses a string that should be nothing but a date (front matter, `--date`), with an
/// optional time after it: `2022-02-01`, `2022-02-01T10:00:00Z`, `1 February 2022`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let found = find_dates(text);
    let first = found.first()?;
    if first.start != 0 {
        return None;
    }
    let rest = text[first.end..].trim_start();
    let time_follows = rest.is_empty()
        || rest.starts_with('T')
        || rest.starts_with(|c: char| c.is_ascii_digit())
        || rest.starts_with(',');
    time_follows.then(|| first.date()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// The tokens by their definition, a character at a time.
    fn tokens_by_chars(line: &str) -> Vec<(Token<'_>, usize, usize)> {
        let mut out = Vec::new();
        let mut chars = line.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if c.is_whitespace() {
                continue;
            }
            let mut end = start + c.len_utf8();
            let same = |d: char| {
                if c.is_ascii_digit() {
                    d.is_ascii_digit()
                } else {
                    c.is_alphabetic() && d.is_alphabetic()
                }
            };
            if c.is_ascii_digit() || c.is_alphabetic() {
                while let Some(&(i, d)) = chars.peek().filter(|&&(_, d)| same(d)) {
                    end = i + d.len_utf8();
                    chars.next();
                }
            }
            let token = if c.is_ascii_digit() {
                Token::Number(line[start..end].parse().unwrap_or(u32::MAX), end - start)
            } else if c.is_alphabetic() {
                Token::Word(&line[start..end])
            } else {
                Token::Punct(c)
            };
            out.push((token, start, end));
        }
        out
    }

    #[test]
    fn tokens_are_runs_of_digits_and_letters_and_single_marks() {
        for line in [
            "Thursday, May 09, 2024 5:04 p.m. ET",
            "\u{2014}Kyiv\u{a0}\u{2019}s 22.11.2023\x0bvertical\u{2003}tab",
            "Caf\u{e9}s d\u{e9}j\u{e0} 99999999999 x1y2 \u{212a}elvin \u{130}stanbul \u{1f600}!",
            "",
            "  \t\r\n ",
        ] {
            let fast: Vec<_> = tokenize(line).iter().map(|t| (t.token, t.start, t.end)).collect();
            assert_eq!(fast, tokens_by_chars(line), "{line:?}");
        }
    }

    #[test]
    fn the_first_and_opening_dates_are_those_find_dates_gives() {
        for line in [
            "Thursday, May 09, 2024 5:04 p.m. ET",
            "Updated 22.11.2023, first posted 3 March 2023",
            "Feb 1 \u{2013} Kyiv",
            "Wednesday 28 February 2024 \u{2013} Public lecture",
            "(9 March 2018) and 2024-01-02",
            "No date here, only 2024",
            "",
        ] {
            let all = find_dates(line);
            assert_eq!(first_date(line), all.first().copied(), "{line:?}");
            let opens = all.first().is_some_and(|d| d.start == 0 && d.year.is_some());
            assert_eq!(opens_with_full_date(line), opens, "{line:?}");
        }
    }

    #[test]
    fn months_and_weekdays_are_named_in_any_case_and_abbreviated() {
        assert_eq!(month_number("SEPT"), Some(9));
        assert_eq!(month_number("sep"), Some(9));
        assert_eq!(month_number("Septem"), None);
        assert_eq!(month_number("Septembers"), None);
        assert_eq!(month_number("D\u{c9}CEMBRE"), None);
        assert_eq!(weekday("THURS"), Some(Weekday::Thu));
        assert_eq!(weekday("wednesday"), Some(Weekday::Wed));
        assert_eq!(weekday("Wednesdays"), None);
        assert_eq!(weekday("Fr"), None);
    }

    fn first_day(line: &str) -> Option<NaiveDate> {
        find_dates(line).first().and_then(FoundDate::date)
    }

    #[test]
    fn dates_print_as_their_formats_do() {
        for (y, m, d) in [
            (2018, 3, 11),
            (1999, 12, 31),
            (5, 1, 9),
            (0, 7, 4),
            (10_000, 2, 29),
            (-44, 3, 15),
            (2024, 10, 1),
            (987, 1, 30),
        ] {
            let Some(date) = NaiveDate::from_ymd_opt(y, m, d) else { continue };
            assert_eq!(iso(date), date.format("%Y-%m-%d").to_string());
            assert_eq!(long(date), date.format("%-d %B %Y").to_string());
        }
    }

    #[test]
    fn formats_seen_on_news_pages() {
        assert_eq!(first_day("Global Research, March 11, 2018"), ymd(2018, 3, 11));
        assert_eq!(first_day("[Eurasia Review](#) 9 March 2018"), ymd(2018, 3, 9));
        assert_eq!(first_day("Published February 01,2022"), ymd(2022, 2, 1));
        assert_eq!(first_day("Thursday, May 09, 2024"), ymd(2024, 5, 9));
        assert_eq!(first_day("Nov. 22, 2023 5:04 p.m. ET"), ymd(2023, 11, 22));
        assert_eq!(first_day("2023-11-22 14:05 UTC"), ymd(2023, 11, 22));
        assert_eq!(first_day("Posted 22.11.2023"), ymd(2023, 11, 22));
        assert_eq!(first_day("Sept. 3rd"), None);
        assert_eq!(first_day("on 11/22/2023"), ymd(2023, 11, 22));
        assert_eq!(first_day("March 11th, 2018"), ymd(2018, 3, 11));
    }

    #[test]
    fn day_first_ordinals_and_long_weekday_abbreviations() {
        assert_eq!(first_day("Published 11th January 2024"), ymd(2024, 1, 11));
        assert_eq!(first_day("the 3rd of March, 2023"), ymd(2023, 3, 3));
        assert_eq!(find_dates("Thurs 7 March 2024")[0].weekday, Some(Weekday::Thu));
        assert_eq!(first_day("11 th January 2024"), None);
    }

    #[test]
    fn a_two_digit_year_counts_only_with_a_time_after_it() {
        assert_eq!(first_day("14/03/24 09:14"), ymd(2024, 3, 14));
        assert_eq!(first_day("Updated 02.02.24, 16:40"), None);
        assert_eq!(first_day("02.02.24 16:40 GMT"), ymd(2024, 2, 2));
        assert!(find_dates("scored 3/4/21 in the last game").is_empty());
    }

    #[test]
    fn month_and_year_without_a_day() {
        assert_eq!(month_years("Delegates in Valletta, October 2023. Photo: X"), vec![(10, 2023)]);
        assert_eq!(month_years("in May 2018 and June, 2019"), vec![(5, 2018), (6, 2019)]);
        assert!(month_years("in 2018 and in May").is_empty());
    }

    #[test]
    fn weekday_is_kept_for_checking() {
        let d = find_dates("Thursday, May 09, 2024")[0];
        assert_eq!(d.weekday, Some(Weekday::Thu));
        assert_eq!((d.start, d.end), (0, 22));
    }

    #[test]
    fn dateline_without_year_is_partial() {
        let d = find_dates("KYIV / MOSCOW, Feb 1 – Russian President")[0];
        assert_eq!((d.year, d.month, d.day), (None, 2, 1));
        assert_eq!(d.in_year(2022), ymd(2022, 2, 1));
    }

    #[test]
    fn weekday_must_agree_with_the_year() {
        let d = FoundDate { start: 0, end: 0, year: None, month: 2, day: 1, weekday: Some(Weekday::Tue) };
        assert_eq!(d.in_year(2022), ymd(2022, 2, 1));
        assert_eq!(d.in_year(2023), None);
    }

    #[test]
    fn years_and_impossible_dates_are_not_dates() {
        assert!(find_dates("in 2014 the Maidan").is_empty());
        assert!(find_dates("May 2018").is_empty());
        assert!(find_dates("February 30, 2022").is_empty());
        assert!(find_dates("the 1999 agreement").is_empty());
        assert!(find_dates("0:00").is_empty());
        assert!(find_dates("Mayor's Wife").is_empty());
    }

    #[test]
    fn parse_date_accepts_only_a_date() {
        assert_eq!(parse_date("2022-02-01"), ymd(2022, 2, 1));
        assert_eq!(parse_date("2022-02-01T10:00:00Z"), ymd(2022, 2, 1));
        assert_eq!(parse_date("1 February 2022"), ymd(2022, 2, 1));
        assert_eq!(parse_date("soon"), None);
        assert_eq!(parse_date("2022"), None);
        assert_eq!(parse_date("see 2022-02-01"), None);
    }
}
