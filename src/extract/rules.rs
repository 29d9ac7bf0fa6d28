//! The phrase lists and single-unit tests behind classification: site chrome, end-of-article
//! markers, captions, promos, donation appeals. Each test looks at one unit's text only.

use super::units::{count_words_upto, ends_sentence, is_shouting, lowercase, word_count};

/// Whole-line navigation and widget text (compared lower-case, trailing punctuation ignored).
const CHROME_LINES: &[&str] = &[
    "subscribe",
    "contact us",
    "contact",
    "share",
    "share this",
    "share this article",
    "close",
    "menu",
    "home",
    "search",
    "log in",
    "login",
    "sign in",
    "sign up",
    "register",
    "advertisement",
    "advertising",
    "print",
    "email",
    "comments",
    "comment",
    "listen",
    "watch",
    "live",
    "newsletter",
    "newsletters",
    "read more",
    "more",
    "next",
    "previous",
    "back to top",
    "skip to content",
    "follow us",
    "facebook",
    "twitter",
    "whatsapp",
    "telegram",
    "linkedin",
    "copy link",
    "save",
    "loading",
    "play",
    "pause",
    "video",
    "audio",
    "photo",
    "gallery",
    "related",
    "top stories",
    "trending",
    "latest news",
    "breaking news",
    "about us",
    "privacy policy",
    "terms of use",
    "cookie settings",
    "accept cookies",
    "donate",
    "support us",
    "subscribe now",
    "paiment methods",
    "payment methods",
    "remind me later",
    "not ready to support today?",
    "tags",
    "topics",
    "become a member",
    "join now",
    "join",
    "donate now",
    "reply",
    "view original page",
    "was this page useful? yes no",
    "leave a comment",
    "write a comment",
    "discussion about this post",
    "ready for more?",
    "ready for more",
    "support the show",
    "support the podcast",
];

/// Lines that end the article: what follows is the page, not the story. The flag says whether
/// the marker only counts as a whole line (short generic words) or also as a line prefix.
const END_MARKERS: &[(&str, bool)] = &[
    ("related articles", true),
    ("related stories", true),
    ("related news", true),
    ("related content", true),
    ("related posts", true),
    ("related research", true),
    ("related topics", true),
    ("more on this story", true),
    ("more from", false),
    ("you may also like", true),
    ("you might also like", true),
    ("recommended", true),
    ("most read", true),
    ("most popular", true),
    ("read more", true),
    ("newsletter", true),
    ("the original source of this article is", false),
    ("copyright ©", false),
    ("copyright (c)", false),
    ("©", false),
    ("all rights reserved", false),
    ("disclaimer:", false),
    ("disclaimer", true),
    ("comments", true),
    ("leave a comment", true),
    ("about the author", true),
    ("articles by:", false),
    ("share this article", true),
    ("read next", true),
    ("more to read", true),
    ("further reading", true),
    ("notes", true),
    ("footnotes", true),
    ("sources", true),
    ("references", true),
    ("###", true),
    ("-30-", true),
    ("media contact", false),
    ("notes to editors", false),
    ("press contact", false),
    ("write to ", false),
    ("appeared in the ", false),
    ("reporting by ", false),
    ("editing by ", false),
    ("our standards:", false),
    ("the views expressed", false),
    ("this article was originally published", false),
    ("this article first appeared", false),
    ("this story was originally published", false),
    ("acquire licensing rights", false),
    // A blog's footer: share and like buttons, related posts, the links to the posts on either
    // side, the reply form.
    ("share this", true),
    ("share this post", true),
    ("share this story", true),
    ("like this", true),
    ("related", true),
    ("post navigation", true),
    ("leave a reply", true),
    ("view all posts by", false),
    // An investigation's note on its method, after the story.
    ("how we did this", true),
    ("how we did it", true),
    ("methodology", true),
    ("about this investigation", true),
    ("about the data", true),
];

/// Openings of lines that advertise something else inside the article.
const PROMO_PREFIXES: &[&str] = &[
    "(do not miss",
    "(don't miss",
    "do not miss:",
    "don't miss:",
    "(read also",
    "read also:",
    "read also",
    "read more:",
    "see also:",
    "also read:",
    "also read",
    "related:",
    "(related",
    "watch:",
    "listen:",
    "(watch",
    "click here",
    "sign up for",
    "subscribe to",
    "follow us on",
    "advertisement",
    "(advertisement",
    "sponsored content",
    "sponsored links",
    "sponsored stories",
    "paid content",
    "promoted content",
    "recommended:",
    "more:",
    "[read more",
    "read more from ",
    "read more on ",
    "more from ",
];

/// Words that, two or more at once, mark an appeal for money or sign-ups.
const APPEAL_CUES: &[&str] = &[
    "donate",
    "donation",
    "support us",
    "please support",
    "your support",
    "favor to ask",
    "favour to ask",
    "independent journalism",
    "become a member",
    "become a patron",
    "subscribe",
    "monthly",
    "contribute",
    "contribution",
    "we need your help",
    "our mission",
    "keep our journalism",
    "in your inbox",
    "membership",
    "unlimited access",
    "paid subscribers",
    "paywall",
    "reader-funded",
    "one-off",
    "chip in",
    "help us",
    "subscribe for free",
    "support my work",
    "support our work",
    "receive new posts",
    "funded by readers",
    "funded by listeners",
    "listener-funded",
    "become a supporter",
    "ad-free",
    "for as little as",
];

/// Credits that end a photo caption.
const CREDITS: &[&str] = &[
    "REUTERS",
    "AFP",
    "AP",
    "AP Photo",
    "Getty Images",
    "EPA",
    "EPA-EFE",
    "TASS",
    "Sputnik",
    "Shutterstock",
    "Handout",
    "Alamy",
    "Bloomberg",
    "ANADOLU",
    "Xinhua",
    "dpa",
    "Pool",
];

/// The line's opening in lower case, trailing punctuation trimmed: enough for every whole-line
/// list here (all far shorter) and every prefix, without lowering whole paragraphs.
pub fn lower_key(text: &str) -> String {
    lowercase(head(text, 100).trim_end_matches(['.', ':', '!', '|', '>', '»', '›']).trim())
}

/// The first `chars` characters of `text`, trimmed.
fn head(text: &str, chars: usize) -> &str {
    let t = text.trim();
    // A text no longer in bytes than `chars`, or opening with `chars` ASCII bytes, needs no
    // decoding: most lines are one or the other.
    if t.len() <= chars {
        return t;
    }
    if t.as_bytes()[..chars].is_ascii() {
        return &t[..chars];
    }
    match t.char_indices().nth(chars) {
        Some((i, _)) => &t[..i],
        None => t,
    }
}

/// Openings of widget lines ("Listen to article (4 minutes)", "Click to share").
const CHROME_PREFIXES: &[&str] = &[
    "listen to article",
    "listen to this",
    "click to ",
    "tap to ",
    "share on ",
    "share this",
    "follow us",
    "sign up",
    "sign in",
    "log in",
    "subscribe to",
    "subscribe here",
    "forwarded this email",
    "already a subscriber",
    "read in app",
    "view in browser",
    "download pdf",
    "cite this",
    "skip to ",
    "advertisement",
    "loading",
    "min read",
    "watch live",
    "image source",
    "image caption",
    "print edition",
    "get the day's top stories",
    "get unlimited access",
    "purchase licensing rights",
    "listen ",
    "continue reading",
    "already a member",
    "this article is republished",
    "this fact-check was originally published",
    "reading time",
    "translated from ",
    "tags:",
    "topics:",
    "filed under:",
    "categories:",
    "category:",
    "posted in ",
    "view original",
    "was this page useful",
    "page last updated",
    "page last reviewed",
    "you can share this",
    "share this page",
    "share this story",
    "share:",
    "continue reading",
    "you must be logged in",
    "read the full transcript",
    "read the transcript",
    "full transcript",
];

pub fn is_chrome_line(plain: &str) -> bool {
    is_chrome_counted(plain, count_words_upto(plain, 12))
}

/// [`is_chrome_line`] for a text of `words` words (a unit counts its words once).
pub fn is_chrome_counted(plain: &str, words: usize) -> bool {
    may_be_chrome(plain, words)
        && is_chrome_keyed(plain, &lower_key(plain), words, || is_print_furniture(plain))
}

/// Whether a text of `words` words can be chrome at all: long lines are only some kinds.
pub fn may_be_chrome(plain: &str, words: usize) -> bool {
    words <= 12 || may_be_long_chrome(plain)
}

/// [`is_chrome_counted`] for a text that [`may_be_chrome`], with its [`lower_key`] and
/// whether it is [`is_print_furniture`] (asked last, when nothing else has answered).
pub fn is_chrome_keyed(plain: &str, key: &str, words: usize, print_furniture: impl FnOnce() -> bool) -> bool {
    let short = words <= 12;
    CHROME_LINES.contains(&key)
        || (short && starts_with_any(key, CHROME_PREFIXES))
        || (short && key.ends_with(" min read"))
        || is_player_debris(key)
        || is_share_bar(key)
        || is_counter_row(key)
        || is_relative_time(key)
        || is_follow_line(key)
        || print_furniture()
        || is_consent_notice(key, plain)
        || key.starts_with("support ") && plain.trim_end().ends_with('!') && word_count(plain) <= 6
}

/// "We use some essential cookies to make this website work. We'd also like to set analytics
/// cookies...", "By using this site you agree to our use of cookies": a consent banner. It
/// speaks as the site about cookies; `key` is the line's lower-cased opening.
fn is_consent_notice(key: &str, plain: &str) -> bool {
    const OPENINGS: [&str; 12] = [
        "we use ",
        "we and our partners",
        "we'd like to",
        "we would like to",
        "this website uses",
        "this site uses",
        "our website uses",
        "our site uses",
        "by using this",
        "by continuing",
        "cookies help",
        "cookies on ",
    ];
    // ...and names what cookies do for a site, which a quotation about biscuits does not.
    const PURPOSES: [&str; 8] =
        ["website", "site", "experience", "analytics", "consent", "accept", "preferences", "browsing"];
    // "Accept analytics cookies", "Manage cookie preferences": the banner's buttons.
    const BUTTONS: [&str; 8] =
        ["accept", "reject", "allow", "decline", "manage", "refuse", "deny", "customise"];
    let button = || {
        word_count(plain) <= 4
            && !plain.contains(',')
            && !ends_sentence(plain)
            && key.split_whitespace().next().is_some_and(|w| BUTTONS.contains(&w))
    };
    key.contains("cookie") && button()
        || key.contains("cookie")
            && count_words_upto(plain, 60) <= 60
            && OPENINGS.iter().any(|o| key.starts_with(o))
            && {
                let lower = lowercase(plain);
                PURPOSES.iter().any(|p| lower.contains(p))
            }
}

/// Past twelve words only three kinds of chrome remain: a consent banner, a share bar and a row
/// of figures. Most paragraphs fail all three on their opening, before any lower-casing (every
/// unit is asked, most of them prose).
fn may_be_long_chrome(plain: &str) -> bool {
    let opening = head(plain, 100);
    let figures = !opening.bytes().any(|b| b.is_ascii_alphabetic() && !b.eq_ignore_ascii_case(&b'c'));
    let first = share_bar_words(opening).next().unwrap_or("");
    let share = SHARE_SERVICES.iter().chain(&SHARE_FILLERS).any(|s| s.eq_ignore_ascii_case(first));
    figures || share || opening.contains("ookie") || opening.contains("OOKIE")
}

const SHARE_SERVICES: [&str; 14] = [
    "facebook",
    "twitter",
    "x",
    "email",
    "e-mail",
    "whatsapp",
    "linkedin",
    "telegram",
    "reddit",
    "pinterest",
    "print",
    "copy",
    "link",
    "mail",
];

/// Words a share bar holds besides the services.
const SHARE_FILLERS: [&str; 4] = ["share", "on", "via", "to"];

fn share_bar_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '|' | ',' | '/' | '\u{b7}' | '\u{2022}' | '\u{2219}')
    })
    .map(|w| w.trim_end_matches(':'))
    .filter(|w| !w.is_empty())
}

/// `Facebook Twitter Email`, `Share on X  LinkedIn  WhatsApp`: buttons for sharing the page,
/// two or more services named and nothing else.
fn is_share_bar(key: &str) -> bool {
    // Read up to the first word that is neither: most lines stop at their first word.
    let mut services = 0;
    for w in share_bar_words(key).filter(|w| !SHARE_FILLERS.contains(w)) {
        if !SHARE_SERVICES.contains(&w) {
            return false;
        }
        services += 1;
    }
    services >= 2
}

/// `Like 132 · Comment 14 · Restack`, `5 Comments`, `Comments (12)`, `142 Likes · 9 Restacks`:
/// counters of reactions, words from a short list and numbers only.
fn is_counter_row(key: &str) -> bool {
    if key.len() > 80 || !key.contains(['l', 'c', 'r', 's', 'v']) {
        return false;
    }
    const COUNTED: [&str; 14] = [
        "like",
        "likes",
        "comment",
        "comments",
        "restack",
        "restacks",
        "share",
        "shares",
        "reply",
        "replies",
        "views",
        "reactions",
        "retweets",
        "reposts",
    ];
    // Up to ten words, each counted or a number, one counted at least, and a second counted
    // word or a number; read up to the first word that is neither.
    let (mut words, mut named, mut numbers) = (0, 0, 0);
    for w in key.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        words += 1;
        if COUNTED.contains(&w) {
            named += 1;
        } else if w.chars().all(|c| c.is_ascii_digit()) {
            numbers += 1;
        } else {
            return false;
        }
        if words > 10 {
            return false;
        }
    }
    named >= 1 && (named >= 2 || numbers >= 1)
}

/// "Updated 2 hours ago", "Posted 3 days ago", "1 day ago": when, relative to a reading that
/// is long past, so never a date and never text.
fn is_relative_time(key: &str) -> bool {
    const UNITS: [&str; 14] = [
        "second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day", "days",
        "week", "weeks",
    ];
    // The last word is "ago": most lines end here.
    if !key.trim_end().ends_with("ago") {
        return false;
    }
    let words: Vec<&str> = key.split_whitespace().collect();
    // "3h ago", "35m ago", "2d ago": the figure and the unit's letter in one word.
    let compact = |w: &str| {
        w.len() >= 2
            && w[..w.len() - 1].bytes().all(|b| b.is_ascii_digit())
            && matches!(w.as_bytes()[w.len() - 1], b's' | b'm' | b'h' | b'd' | b'w')
    };
    words.len() <= 6
        && words.last() == Some(&"ago")
        && (words.len() >= 3 && UNITS.contains(&words[words.len() - 2].trim_end_matches('.'))
            || words.len() == 2 && compact(words[0]))
}

/// "Follow NBN on Telegram", "Follow us on Instagram": a call to follow an account.
fn is_follow_line(key: &str) -> bool {
    const SERVICES: [&str; 10] = [
        "telegram",
        "twitter",
        "x",
        "facebook",
        "instagram",
        "tiktok",
        "youtube",
        "linkedin",
        "threads",
        "whatsapp",
    ];
    key.starts_with("follow ")
        && word_count(key) <= 8
        && key.rsplit(' ').next().is_some_and(|w| SERVICES.contains(&w))
}

/// The longest print-page furniture, in bytes of the text as given (untrimmed).
pub const PRINT_FURNITURE_BYTES: usize = 120;

/// Print-page furniture in text taken from a PDF: "Continued on page 6", "DOCKERS from page 4",
/// a running header ("THE HARBOUR GAZETTE  Thursday, 7 September 2023  Page 4"), a bare
/// page number, a form feed.
pub fn is_print_furniture(plain: &str) -> bool {
    // All of these are short and hold a figure (but the "INSIDE:" teaser); most lines end here.
    if plain.len() > PRINT_FURNITURE_BYTES {
        return false;
    }
    let t = plain.trim().trim_matches('\u{c}').trim();
    let teaser = t.get(..7).is_some_and(|h| h.eq_ignore_ascii_case("inside:"));
    if !teaser && !t.bytes().any(|b| b.is_ascii_digit()) {
        return t.is_empty();
    }
    let lower = lowercase(head(t, 80));
    let words: Vec<&str> = lower.split_whitespace().collect();
    if t.is_empty() || words.len() > 12 {
        return t.is_empty();
    }
    let page_number = |w: &str| w.split('/').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    let ends_with_page =
        words.len() >= 2 && words[words.len() - 2] == "page" && page_number(words[words.len() - 1]);
    let jump = lower.starts_with("continued on page")
        || lower.starts_with("continued from page")
        || (ends_with_page && words.len() >= 3 && words[words.len() - 3] == "from" && words.len() <= 6)
        || lower.starts_with("see page ");
    let running_header = ends_with_page && crate::dates::first_date(t).is_some();
    let bare_number = words.len() <= 2
        && (words.iter().all(|w| page_number(w))
            || (words[0] == "page" && words.len() == 2 && page_number(words[1])));
    jump || running_header || bare_number || lower.starts_with("inside:")
}

/// `0:00`, `3:42`, `12°C`, `1/5`: widget numbers with no words.
fn is_player_debris(key: &str) -> bool {
    !key.is_empty()
        && key.chars().all(|c| c.is_ascii_digit() || ":/°c%+-. ".contains(c))
        && key.chars().any(|c| c.is_ascii_digit())
        || key.chars().nth(2).is_none()
}

/// Menus, breadcrumbs and tickers: items separated by runs of spaces, pipes or chevrons, or
/// more figures than words.
pub fn is_navigation(text: &str) -> bool {
    let t = text.trim();
    // Cheap tests first: a separator counts only in a line of twenty words or less, and more
    // figures than letters needs four figures before any letter is counted.
    let short = || count_words_upto(t, 20) <= 20;
    let separated = || {
        ["   ", " | ", " \u{bb} ", " \u{203a} ", " > ", " \u{b7} ", " \u{2022} "]
            .iter()
            .any(|s| t.contains(s))
    };
    // "Home  World News": a breadcrumb set with double spaces.
    let breadcrumb = t.starts_with("Home ") && t.contains("  ") && word_count(t) <= 6;
    let figures = t.bytes().filter(|b| b.is_ascii_digit() || *b == b'%').count();
    let mostly_figures =
        || figures >= 4 && t.chars().filter(|c| c.is_alphabetic()).take(figures).count() < figures;
    breadcrumb || short() && separated() || mostly_figures()
}

/// A live widget or data row: several fields set apart by `|`, `·` or `→` (a departures
/// ticker, market prices, a car's test figures), with figures in two of them or a clock time
/// in one ("updated 11:05"). However long, it is a row of data, not a headline.
pub fn is_widget_row(plain: &str) -> bool {
    // Without a `|`, nor the last byte of `·` (0xB7) or of `→` (0x92), there is one field.
    if !plain.bytes().any(|b| b == b'|' || b == 0xb7 || b == 0x92) {
        return false;
    }
    let fields: Vec<&str> = plain.split(['|', '\u{b7}', '\u{2192}']).map(str::trim).collect();
    if fields.len() < 2 {
        return false;
    }
    let with_figures = fields.iter().filter(|f| f.chars().any(|c| c.is_ascii_digit())).count();
    let clock = fields.iter().any(|f| {
        f.as_bytes().windows(5).any(|w| {
            w[0].is_ascii_digit()
                && w[1].is_ascii_digit()
                && w[2] == b':'
                && w[3].is_ascii_digit()
                && w[4].is_ascii_digit()
        })
    });
    with_figures >= 2 && fields.len() >= 3 || clock && count_words_upto(plain, 12) > 12
}

/// "LIVE  08:50  Ukrenergo: outage schedules ...", "BREAKING 14:05 ...": an item of a live
/// ticker, a word in capitals and a clock time before the text.
pub fn is_ticker_item(plain: &str) -> bool {
    // Most lines fail on their first two letters.
    let b = plain.as_bytes();
    if b.len() < 10 || !b[0].is_ascii_uppercase() || !b[1].is_ascii_uppercase() {
        return false;
    }
    let mut words = plain.split_whitespace();
    let Some(first) = words.next() else { return false };
    let flag = first.len() >= 4 && first.bytes().all(|b| b.is_ascii_uppercase());
    let clock = words.next().is_some_and(|w| {
        let (h, m) = w.split_once(':').unwrap_or(("", ""));
        (1..=2).contains(&h.len())
            && h.bytes().all(|b| b.is_ascii_digit())
            && m.len() == 2
            && m.bytes().all(|b| b.is_ascii_digit())
    });
    flag && clock && count_words_upto(plain, 30) <= 30
}

/// "Reviews / Estate cars", "News > Electric": a trail of short section names, not a headline.
pub fn is_breadcrumb(plain: &str) -> bool {
    let t = plain.trim();
    let Some(sep) = [" / ", " > ", " \u{bb} ", " \u{203a} "].into_iter().find(|s| t.contains(s)) else {
        return false;
    };
    let parts: Vec<&str> = t.split(sep).map(str::trim).collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            let words = word_count(p);
            (1..=4).contains(&words)
                && p.chars().next().is_some_and(char::is_uppercase)
                && !p.ends_with(['.', '?', '!', ':', ','])
        })
}

/// Genre and section labels that sit above headlines ("PRESS RELEASE", "Research Brief").
const LABELS: &[&str] = &[
    "press release",
    "for immediate release",
    "fact check",
    "fact-check",
    "analysis",
    "opinion",
    "commentary",
    "comment",
    "essay",
    "review",
    "interview",
    "feature",
    "explainer",
    "breaking",
    "breaking news",
    "exclusive",
    "live",
    "research brief",
    "policy brief",
    "report",
    "editorial",
    "news",
    "world",
    "europe",
    "politics",
    "economy",
    "business",
    "markets",
    "sport",
    "culture",
    "technology",
    "science",
    "health",
    "opinion & analysis",
    "newsletter",
    "podcast",
    "video",
    "blog",
    "blogs",
];

pub fn is_label(plain: &str) -> bool {
    is_label_keyed(plain, &lower_key(plain))
}

/// [`is_label`] of `plain`, whose [`lower_key`] is `key`.
pub fn is_label_keyed(plain: &str, key: &str) -> bool {
    // "News and blog", "Politics & Economy": labels joined into one section name.
    let joined = || {
        let mut parts = key.split(" and ").flat_map(|p| p.split(" & ")).map(str::trim);
        key.len() <= 40 && parts.clone().count() >= 2 && parts.all(|p| LABELS.contains(&p))
    };
    LABELS.contains(&key) || joined() || {
        // "Ref: 2021/087", "Rating: False": a short label and a value.
        let words = word_count(plain);
        words <= 4 && plain.split_whitespace().next().is_some_and(|w| w.ends_with(':'))
    }
}

/// The end marker that `plain` is, if any, and whether it is generic (a short word that only
/// ends the article in the second half of the page).
pub fn end_marker(plain: &str) -> Option<(&'static str, bool)> {
    end_marker_keyed(&lower_key(plain))
}

/// [`end_marker`] of a text whose [`lower_key`] is `key`.
pub fn end_marker_keyed(key: &str) -> Option<(&'static str, bool)> {
    if is_repost_end(key) {
        return Some(("this piece first appeared", false));
    }
    // "4 thoughts on “Where did the fleet go?”", "12 comments on …", "3 responses to …".
    if let Some((count, rest)) = key.split_once(' ').filter(|_| key.starts_with(|c: char| c.is_ascii_digit()))
    {
        let about =
            ["thoughts on ", "comments on ", "responses to ", "replies to ", "thought on ", "comment on "];
        if count.bytes().all(|b| b.is_ascii_digit()) && about.iter().any(|a| rest.starts_with(a)) {
            return Some(("comments", true));
        }
    }
    let first = key.as_bytes().first();
    for &(marker, whole_line) in END_MARKERS {
        // Most markers differ from the key in their first byte: no comparison is made then.
        let hit = marker.as_bytes().first().map_or(true, |b| Some(b) == first)
            && if whole_line { key == marker } else { key.starts_with(marker) };
        if hit {
            let generic = matches!(
                marker,
                "read more"
                    | "newsletter"
                    | "comments"
                    | "recommended"
                    | "disclaimer"
                    | "notes"
                    | "sources"
                    | "references"
            );
            return Some((marker, generic));
        }
    }
    None
}

/// "Trending stories", "More on the topic", "Latest cases", "Top stories", "You might also
/// like": the heading of a list of other pages, recognised by its first word.
pub fn is_list_heading(plain: &str) -> bool {
    const LEADS: [&str; 14] = [
        "more",
        "other",
        "related",
        "trending",
        "latest",
        "popular",
        "most",
        "top",
        "recommended",
        "recent",
        "elsewhere",
        "further",
        "you",
        "editor's",
    ];
    let key = lower_key(plain);
    let words: Vec<&str> = key.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && !ends_sentence(plain)
        && LEADS.contains(&words[0])
        && (words[0] != "you" || key.starts_with("you may") || key.starts_with("you might"))
}

/// "Discover more from The Margin Notes", "Get Helix in your inbox", "Sign up for our morning
/// newsletter": the heading of a box that asks for an e-mail address.
pub fn is_signup_heading(plain: &str) -> bool {
    // Every unit is asked: most fail on their first letter, before any lower-casing.
    let first = plain.trim_start().bytes().next().map(|b| b.to_ascii_lowercase());
    if !matches!(first, Some(b'd' | b'g' | b's')) || count_words_upto(plain, 10) > 10 {
        return false;
    }
    let key = lower_key(plain);
    key.starts_with("discover more from ")
        || (key.starts_with("get ") && key.contains(" in your inbox"))
        || ((key.starts_with("sign up") || key.starts_with("subscribe to")) && key.contains("newsletter"))
}

/// "Continue reading", "Sign Up", "Enter your email   Sign up", "... every Monday. Sign up":
/// the button that closes a sign-up box.
pub fn is_signup_button(plain: &str) -> bool {
    if count_words_upto(plain, 14) > 14 {
        return false;
    }
    let key = lower_key(plain);
    ["sign up", "subscribe", "subscribe now", "continue reading", "sign me up", "join now"]
        .iter()
        .any(|b| key.strip_suffix(b).is_some_and(|before| before.is_empty() || before.ends_with(' ')))
        || key.starts_with("enter your email")
}

/// "5 Comments", "Comments (12)", "48 comments": the heading of the readers' comments.
pub fn is_comments_heading(plain: &str) -> bool {
    let key = lower_key(plain);
    let words: Vec<&str> = key.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.len() == 2
        && words.iter().any(|w| *w == "comments" || *w == "comment")
        && words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
}

/// How a note refers to the piece it is attached to.
const ABOUT_THE_ARTICLE: &[&str] = &[
    "this article",
    "this story",
    "this piece",
    "this post",
    "this fact-check",
    "this report",
    "this interview",
    "this conversation",
    "this essay",
    "this column",
    "this feature",
    "this episode",
    "this transcript",
    "this q&a",
];

/// "This essay first appeared in Harvest Quarterly...", "This interview was originally
/// published by...": a repost note, after which the page is not the story's.
fn is_repost_end(key: &str) -> bool {
    let Some(rest) = key.strip_prefix("this ") else { return false };
    let Some((noun, after)) = rest.split_once(' ') else { return false };
    ABOUT_THE_ARTICLE.iter().any(|a| a[5..] == *noun)
        && ["first appeared", "originally appeared", "was originally published", "was first published"]
            .iter()
            .any(|p| after.starts_with(p))
}

/// Which of the phrases `editorial_note` looks for anywhere in a note occur in it: one pass of
/// one automaton over the note, instead of a search per phrase.
struct NotePhrases(u64);

impl NotePhrases {
    const ABOUT: std::ops::Range<usize> = 0..ABOUT_THE_ARTICLE.len();
    const EARLIER_VERSION: std::ops::Range<usize> = Self::ABOUT.end..Self::ABOUT.end + 1;
    const REPUBLISHED: std::ops::Range<usize> = Self::EARLIER_VERSION.end..Self::EARLIER_VERSION.end + 5;
    const EDITED: std::ops::Range<usize> = Self::REPUBLISHED.end..Self::REPUBLISHED.end + 1;
    const EDITED_HOW: std::ops::Range<usize> = Self::EDITED.end..Self::EDITED.end + 5;
    const COMMENTS: std::ops::Range<usize> = Self::EDITED_HOW.end..Self::EDITED_HOW.end + 1;
    const COMMENTS_OFF: std::ops::Range<usize> = Self::COMMENTS.end..Self::COMMENTS.end + 3;
    const CHANGED: std::ops::Range<usize> = Self::COMMENTS_OFF.end..Self::COMMENTS_OFF.end + 2;

    /// `lower` is in lower case, as every phrase is.
    fn find(lower: &str) -> NotePhrases {
        static AUTOMATON: std::sync::LazyLock<(aho_corasick::AhoCorasick, aho_corasick::AhoCorasick)> =
            std::sync::LazyLock::new(|| {
                let phrases: Vec<&str> = ABOUT_THE_ARTICLE
                    .iter()
                    .copied()
                    .chain(["earlier version"])
                    .chain([
                        "republished",
                        "originally published",
                        "first published",
                        "originally appeared",
                        "content-sharing",
                    ])
                    .chain(["edited"])
                    .chain(["condensed", "length", "clarity", "brevity", "lightly"])
                    .chain(["comments are"])
                    .chain(["closed", "disabled", "switched off"])
                    .chain(["have been changed", "has been changed"])
                    .collect();
                debug_assert_eq!(phrases.len(), NotePhrases::CHANGED.end);
                let every = aho_corasick::AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(&phrases)
                    .expect("plain strings always build");
                (every, any_of(&phrases))
            });
        let (every, any) = &*AUTOMATON;
        let mut found = 0u64;
        // Most paragraphs hold none of the phrases: a search that stops at the first says so.
        if !any.is_match(lower) {
            return NotePhrases(0);
        }
        for m in every.find_overlapping_iter(lower) {
            found |= 1 << m.pattern().as_usize();
        }
        NotePhrases(found)
    }

    fn any(&self, which: std::ops::Range<usize>) -> bool {
        which.into_iter().any(|i| self.0 & (1 << i) != 0)
    }
}

/// Notes about the article rather than the story: corrections and update notes, republication
/// notices, contact details for the press office.
///
/// `lower` is `plain` in lower case: every body unit has it made once already.
/// `words` is the number of words in `plain`.
pub fn editorial_note(plain: &str, lower: &str, words: usize) -> Option<&'static str> {
    // Every note below is short or opens with its keyword; long paragraphs end here.
    if words > 40 && !plain.trim_start().starts_with(['C', 'c', 'U', 'u', '[']) {
        return None;
    }
    let lower = head(lower, 400);
    let found = NotePhrases::find(lower);
    let about_the_article = found.any(NotePhrases::ABOUT);
    let correction =
        ["correction", "clarification", "update", "updated"].iter().any(|c| lower.starts_with(c))
            && (about_the_article || found.any(NotePhrases::EARLIER_VERSION));
    if correction
        || lower.starts_with("corrections & amplifications")
        || lower.starts_with("corrections and clarifications")
    {
        return Some("correction or update note");
    }
    let republished = found.any(NotePhrases::REPUBLISHED);
    // "Republished from The Workbench Review under a Creative Commons licence."
    let reposted_from =
        ["republished from ", "reprinted from ", "reposted from ", "republished with permission"]
            .iter()
            .any(|r| lower.starts_with(r));
    if (republished && about_the_article || reposted_from) && words <= 40 {
        return Some("republication note");
    }
    // "This interview has been edited and condensed for clarity."
    let edited = found.any(NotePhrases::EDITED) && found.any(NotePhrases::EDITED_HOW);
    let the_text =
        ["the transcript", "the interview", "the conversation"].iter().any(|t| lower.starts_with(t));
    if edited && (about_the_article || the_text) && words <= 25 {
        return Some("editing note");
    }
    // "The names of some residents have been changed for their safety."
    let renamed = found.any(NotePhrases::CHANGED) && lower.contains("name");
    if renamed && words <= 25 {
        return Some("editing note");
    }
    if found.any(NotePhrases::COMMENTS) && found.any(NotePhrases::COMMENTS_OFF) && words <= 25 {
        return Some("comments notice");
    }
    // "[1] NATO, Vilnius Summit Communiqu\u{e9}, 11 July 2023": a note keyed to a marker in the text.
    let note_marker = plain
        .trim_start()
        .strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .is_some_and(|(n, _)| !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit()));
    if note_marker {
        return Some("footnote");
    }
    let contact_opening = [
        "contact:",
        "contacts:",
        "media contact",
        "press contact",
        "media enquiries",
        "press enquiries",
        "media inquiries",
    ]
    .iter()
    .any(|c| lower.starts_with(c));
    let email = plain.contains('@')
        && plain.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
        });
    if contact_opening || (email && words <= 25) {
        return Some("contact details");
    }
    None
}

/// "Jane Doe is a senior fellow at the Institute..." or "Tariq Hussain writes about craft and
/// design from Glasgow." at the foot of a piece.
pub fn is_author_bio(plain: &str) -> bool {
    // A name is at most four words, so the verb is among the first six words or the text is
    // no bio: only those are split off.
    let mut first = [""; 6];
    let mut n = 0;
    for w in plain.split_whitespace().take(first.len()) {
        first[n] = w;
        n += 1;
    }
    let words = &first[..n];
    let total = || count_words_upto(plain, 70);
    // A name: capitalised words, with the particles of family names ("Sem de Wit").
    let is_name = |name: &[&str]| {
        (2..=4).contains(&name.len())
            && name[0].chars().next().is_some_and(char::is_uppercase)
            && name
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase) || NAME_PARTICLES.contains(w))
    };
    // "X writes about ...", "X covers energy for ..." ("reports on" is as often a noun).
    if let Some(at) = words.iter().position(|w| ["writes", "covers"].contains(w)) {
        let about =
            words[at] == "covers" || words.get(at + 1).is_some_and(|w| ["about", "on", "for"].contains(w));
        if about && is_name(&words[..at]) && total() <= 40 && ends_sentence(plain) {
            return true;
        }
    }
    let Some(is_at) = words.iter().position(|w| *w == "is") else { return false };
    let name = &words[..is_at];
    let roles = [
        "fellow",
        "correspondent",
        "reporter",
        "editor",
        "analyst",
        "director",
        "professor",
        "researcher",
        "journalist",
        "writer",
        "head of",
        "author of",
        "columnist",
        "lecturer",
    ];
    is_name(name)
        && {
            let lower = lowercase(plain);
            roles.iter().any(|r| lower.contains(r))
        }
        && total() <= 70
}

/// Lower-case words inside family names.
const NAME_PARTICLES: &[&str] =
    &["de", "van", "von", "der", "den", "da", "di", "del", "della", "du", "la", "le", "bin", "al", "ter"];

/// "00:00 Introduction", "17:40 A quay full of herring": an entry in a list of chapters or
/// timecodes, a time and a short title with no sentence.
pub fn is_timecode_entry(plain: &str) -> bool {
    let Some((time, title)) = plain.trim().split_once(' ') else { return false };
    let mut parts = time.split(':');
    let minutes =
        parts.next().is_some_and(|m| (1..=3).contains(&m.len()) && m.bytes().all(|b| b.is_ascii_digit()));
    let rest: Vec<&str> = parts.collect();
    let seconds = !rest.is_empty()
        && rest.len() <= 2
        && rest.iter().all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()));
    minutes && seconds && word_count(title) <= 10 && !ends_sentence(title)
}

/// The legal small print under a page: "The designations employed ... do not imply the
/// expression of any opinion whatsoever...", "... is not investment advice". A cue of
/// disclaiming and words pointing at the page or its publisher. `lower` is the paragraph in
/// lower case.
pub fn is_disclaimer(lower: &str) -> bool {
    const CUES: &[&str] = &[
        "do not imply",
        "does not imply",
        "do not necessarily reflect",
        "does not necessarily reflect",
        "does not constitute",
        "do not constitute",
        "not investment advice",
        "for information purposes only",
        "for informational purposes only",
        "should not be construed",
        "accepts no liability",
        "accepts no responsibility",
    ];
    const POINTERS: &[&str] = &[
        "this page",
        "this site",
        "this website",
        "this report",
        "this article",
        "this map",
        "this publication",
        "this material",
        "this content",
        "this information",
    ];
    static AUTOMATA: std::sync::LazyLock<[aho_corasick::AhoCorasick; 2]> =
        std::sync::LazyLock::new(|| [any_of(CUES), any_of(POINTERS)]);
    // Every cue holds "not", "no " or "only": text with none of them holds no cue.
    const NEGATION: [&str; 3] = ["not", "no ", "only"];
    static NEGATIONS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        std::sync::LazyLock::new(|| {
            debug_assert!(
                CUES.iter().all(|c| NEGATION.iter().any(|n| c.contains(n))),
                "a cue without a negation"
            );
            NEGATION.map(memchr::memmem::Finder::new)
        });
    if !NEGATIONS.iter().any(|w| w.find(lower.as_bytes()).is_some()) {
        return false;
    }
    let [cues, pointers] = &*AUTOMATA;
    cues.is_match(lower) && pointers.is_match(lower) && count_words_upto(lower, 80) <= 80
}

/// "Hosted by Ada Mensah and Rob Lyle. Produced by Kit Darrow. Music by The Allotment
/// Quartet.": credits, every sentence a role and "by" and a name, two or more of them.
pub fn is_credits_line(plain: &str) -> bool {
    // "Role: Name" puts its colon within the first few words.
    let early_colon = plain
        .bytes()
        .take(40)
        .position(|c| c == b':')
        .is_some_and(|at| plain.as_bytes()[..at].iter().filter(|b| **b == b' ').count() <= 2);
    if !(early_colon || plain.contains(" by ")) || count_words_upto(plain, 40) > 40 {
        return false;
    }
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let credit = |sentence: &str| {
        // "Editing: Ana Petrescu", "Additional reporting: Nino Beridze (Kavkaz Data Lab)".
        if let Some((role, name)) = sentence.split_once(": ") {
            return (1..=3).contains(&word_count(role))
                && capital(role)
                && (1..=8).contains(&word_count(name))
                && name.split_whitespace().next().is_some_and(capital);
        }
        let mut words = sentence.split_whitespace();
        let role = words.next().is_some_and(capital);
        // "Hosted by", "Sound design by", "Produced and edited by".
        let by = words.by_ref().take(3).any(|w| w == "by");
        role && by && words.next().is_some_and(capital)
    };
    let sentences: Vec<&str> = plain.split(". ").map(str::trim).filter(|s| !s.is_empty()).collect();
    sentences.len() >= 2 && sentences.iter().all(|s| credit(s))
}

/// Whether `text` opens with one of `prefixes`; a prefix whose first byte differs is ruled
/// out without a comparison.
fn starts_with_any(text: &str, prefixes: &[&str]) -> bool {
    let first = text.as_bytes().first();
    prefixes.iter().any(|p| p.as_bytes().first().map_or(true, |b| Some(b) == first) && text.starts_with(p))
}

pub fn is_promo(plain: &str) -> bool {
    let key = lowercase(head(plain, 40));
    starts_with_any(&key, PROMO_PREFIXES)
}

/// An automaton that says whether a text holds any of `patterns`: leftmost-first, it matches
/// wherever the standard automaton of the same patterns would, and unlike that one it can
/// skip ahead with the vectorised searcher for a few dozen patterns (the standard one's
/// prefilter, on the first bytes of so many patterns, is no faster than the automaton).
pub(crate) fn any_of(patterns: &[&str]) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(patterns)
        .expect("plain strings always build")
}

/// How many different appeal cues `lower` (a text in lower case) holds: one pass of one
/// automaton, built once. On lower-case text the automaton can skip ahead with its SIMD
/// prefilter, which matching in any case would turn off.
pub fn appeal_cues(lower: &str) -> usize {
    static CUES: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(APPEAL_CUES).expect("plain strings always build")
    });
    // Most paragraphs hold no cue: one search, which stops at the first, says so.
    static ANY: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| any_of(APPEAL_CUES));
    if !ANY.is_match(lower) {
        return 0;
    }
    let mut seen = [false; APPEAL_CUES.len()];
    for m in CUES.find_overlapping_iter(lower) {
        seen[m.pattern().as_usize()] = true;
    }
    seen.iter().filter(|s| **s).count()
}

/// "Figure 1: Ships counted in ...", "Map 2. Front line", "Fig. 3 – ...": a numbered figure's
/// caption (`lower` in lower case). "Table 1:" is a caption too; the table's rows are not text.
fn is_numbered_figure(lower: &str) -> bool {
    if !lower.starts_with(['f', 'm', 'c', 'g', 't', 'i']) {
        return false;
    }
    ["figure ", "fig. ", "fig ", "map ", "chart ", "graphic ", "table ", "image "].iter().any(|p| {
        lower.strip_prefix(p).is_some_and(|rest| {
            let number = rest.split([':', '.', ' ']).next().unwrap_or("");
            let after = rest[number.len()..].trim_start();
            !number.is_empty()
                && number.len() <= 3
                && number.bytes().all(|b| b.is_ascii_digit())
                && after.starts_with([':', '.', '\u{2013}', '\u{2014}', '-', '|'])
        })
    })
}

/// A photo caption: it names a photographer or agency at its end, or says it is a caption.
pub fn is_caption(plain: &str) -> bool {
    let t = plain.trim();
    let lower = lowercase(head(t, 40));
    if is_numbered_figure(&lower) {
        return true;
    }
    if starts_with_any(
        &lower,
        &[
            "photo:",
            "photograph:",
            "image:",
            "image source",
            "image caption",
            "picture:",
            "credit:",
            "photo by",
            "photograph by",
            "photography by",
            "illustration by",
            "illustrations by",
            "file photo",
            "(photo",
            "map:",
            "graphic:",
            "illustration:",
            "video:",
            "chart:",
        ],
    ) {
        return true;
    }
    // "... in Brussels on Tuesday. Photo: Pieter Claes/Agency" or "(Photo: press service)".
    // Credits sit at the end of a caption; look only there.
    let tail_start = t.len().saturating_sub(160);
    let tail_start = (tail_start..t.len()).find(|&i| t.is_char_boundary(i)).unwrap_or(t.len());
    let tail = &t[tail_start..];
    // Every marker holds a colon or "Photo"; most paragraphs hold neither and skip the searches.
    if tail.contains(':') || tail.contains("Photo") {
        for marker in [
            "Photo:",
            "Photograph:",
            "Photo by ",
            "Image:",
            "Picture:",
            "(Photo",
            "Photography by ",
            "Graphic:",
            "Illustration:",
            "Credit:",
            "Image credit:",
        ] {
            if let Some(at) = tail.rfind(marker) {
                let credit_words = word_count(&tail[at..]);
                if credit_words <= 10 && tail_start + at > 0 {
                    return true;
                }
            }
        }
    }
    if t.ends_with("Purchase Licensing Rights") {
        return true;
    }
    // "The minehunter HMS Cattistock. © Provided by The Pontic Times": a portal's credit for
    // a partner's picture, after the caption's full stop.
    if let Some(at) = tail.contains('\u{a9}').then(|| tail.rfind(". \u{a9} Provided by ")).flatten() {
        if word_count(&tail[at..]) <= 10 {
            return true;
        }
    }
    if ends_with_parenthesised_credit(t) {
        return true;
    }
    let body = t.trim_end_matches(['.', ')', ']']);
    CREDITS.iter().any(|credit| {
        body.ends_with(credit) && {
            let before = body[..body.len() - credit.len()].trim_end();
            let window: String =
                before.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
            before.ends_with('/')
                || before.ends_with("via")
                || before.ends_with("by")
                || before.ends_with("Photo:")
                || window.contains(" / ")
                || before.ends_with('(')
                || before.ends_with('|')
        }
    })
}

/// "... on Nov. 22. (Oksana Hrytsenko/Dnipro Independent)": a sentence closed by a credit in
/// brackets that names a photographer and an outlet with a slash.
fn ends_with_parenthesised_credit(t: &str) -> bool {
    let Some(body) = t.strip_suffix(')') else { return false };
    let Some(open) = body.rfind('(') else { return false };
    let credit = &body[open + 1..];
    let before = body[..open].trim_end();
    let words = word_count(credit);
    credit.contains('/')
        && (2..=8).contains(&words)
        && ends_sentence(before)
        && credit
            .split(['/', ' '])
            .filter(|w| !w.is_empty())
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
}

/// A short line in which nearly every word is capitalised: a headline, a label, a name.
pub fn is_title_case_line(plain: &str) -> bool {
    let words: Vec<&str> = plain.split_whitespace().collect();
    if words.is_empty() || words.len() > 14 {
        return false;
    }
    let significant: Vec<&&str> =
        words.iter().filter(|w| w.chars().any(char::is_alphabetic)).filter(|w| !is_small_word(w)).collect();
    if significant.is_empty() {
        return false;
    }
    let capitalised = significant
        .iter()
        .filter(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .count();
    capitalised * 4 >= significant.len() * 3
}

/// What sets the fields of a row apart, each with the character a byte search finds it by.
pub const FIELD_SEPARATORS: [(char, &str); 3] =
    [('\u{b7}', " \u{b7} "), ('|', " | "), ('\u{2022}', " \u{2022} ")];

/// How many fields a row sets apart with " · ", " | " or " • " ("Ringvolt · Founded 2021 · HQ
/// Tallinn" has three); 1 for a line without separators.
pub fn fields(plain: &str) -> usize {
    FIELD_SEPARATORS
        .iter()
        .filter(|(mark, _)| plain.contains(*mark))
        .map(|(_, sep)| plain.matches(sep).count() + 1)
        .max()
        .unwrap_or(1)
}

/// Whether `word` is one of the short words Title Case leaves in lower case.
pub fn is_small_word(word: &str) -> bool {
    word.len() <= 6 && SMALL_WORDS.iter().chain(NAME_PARTICLES).any(|s| s.eq_ignore_ascii_case(word))
}

const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with", "as", "from",
    "over", "into", "vs", "via", "is", "are", "its", "it", "after", "before", "amid",
    // Particles other languages keep in lower case inside names: "Haus der Formen", "Banco de
    // la Nación", "Museum van Loon" (`NAME_PARTICLES` has the ones inside family names).
    "des",
];

/// A subhead: short, shouting or a title-case label, no sentence at its end.
pub fn is_heading_shape(plain: &str) -> bool {
    let words = count_words_upto(plain, 14);
    (1..=14).contains(&words) && is_shouting(plain) && !plain.trim_end().ends_with(',')
}

/// Prose: enough words and a sentence end, or many words.
pub fn is_prose(plain: &str) -> bool {
    let words = count_words_upto(plain, 24);
    (words >= 10 && ends_sentence(plain)) || words >= 25
}

/// Common English function words, for stop-word density.
const STOPWORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with", "that", "this",
    "is", "was", "are", "were", "be", "been", "has", "have", "had", "it", "its", "he", "she", "they", "we",
    "his", "her", "their", "our", "not", "as", "from", "said", "would", "will", "which", "who", "there",
    "than", "if", "so", "what", "also", "about", "after", "into",
];

pub fn stopword_share(plain: &str) -> f32 {
    let words: Vec<String> = plain
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return 0.0;
    }
    let stop = words.iter().filter(|w| STOPWORDS.contains(&w.as_str())).count();
    stop as f32 / words.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_of_matches_where_some_pattern_is_contained() {
        let texts = [
            "please support our work with a donation",
            "we need your help: support us",
            "an ordinary paragraph about the talks in geneva",
            "subscribe for free, or become a supporter",
            "donat",
            "",
        ];
        let automaton = any_of(APPEAL_CUES);
        for text in texts {
            assert_eq!(automaton.is_match(text), APPEAL_CUES.iter().any(|p| text.contains(p)), "{text:?}");
        }
        assert_eq!(texts.iter().filter(|t| automaton.is_match(t)).count(), 3);
    }

    fn note(plain: &str) -> Option<&'static str> {
        editorial_note(plain, &plain.to_lowercase(), word_count(plain))
    }

    #[test]
    fn rows_of_data_fields_are_widgets() {
        assert!(is_widget_row(
            "LIVE   Port A \u{2192} Port B 07:00 CANCELLED   |   Port C \u{2192} Port D 07:25 on time"
        ));
        assert!(is_widget_row("Prices at Mon 10 Jun 2024: lambs 262p/kg \u{25b2}  |  cows 198p/kg \u{25bc}  |  wheat \u{a3}186/t"));
        assert!(is_widget_row("Car 4 AWD \u{b7} Month 4 \u{b7} Mileage: 8,412 km \u{b7} Costs: \u{20ac}0"));
        assert!(is_widget_row("Waiting times at the General Hospital: 4 hours 5 minutes (updated 11:05, Monday 8 April 2024)  |  see all"));
        assert!(!is_widget_row("Council approves 2024 budget | Town Herald"));
        assert!(!is_widget_row("Three ferries, two ports and one long night at sea"));
    }

    #[test]
    fn breadcrumbs() {
        assert!(is_breadcrumb("Reviews / Estate cars"));
        assert!(is_breadcrumb("Home > News > Local"));
        assert!(!is_breadcrumb("Buy now / pay later schemes face new rules from next year"));
        assert!(!is_breadcrumb("Winter tyres: what the rules are"));
    }

    #[test]
    fn share_buttons_are_chrome_and_a_sentence_naming_them_is_not() {
        assert!(is_chrome_line("Facebook Twitter Email"));
        assert!(is_chrome_line("Share on X | LinkedIn | WhatsApp"));
        assert!(!is_chrome_line("Facebook and Twitter were fined in Moscow."));
        assert!(!is_chrome_line("Print the report and email it to the minister"));
    }

    #[test]
    fn maps_graphics_and_videos_with_credits_are_captions() {
        assert!(is_caption(
            "Map: the bridge across the Kerch Strait links Crimea to Russia. Graphic: Atlas Review"
        ));
        assert!(is_caption("Video: Smoke rises from the elevator on Sunday."));
        assert!(is_caption("Illustration by Kenji Moreau"));
        assert!(!is_caption("The map of Europe is being redrawn, officials say."));
    }

    #[test]
    fn chrome_lines_are_recognised() {
        for line in
            ["Subscribe", "Contact Us", "Support The Moscow Times!", "0:00", "Close", "×", "Read more"]
        {
            assert!(is_chrome_line(line), "{line}");
        }
        assert!(!is_chrome_line("There is, thus far, little end in sight to the war."));
    }

    #[test]
    fn end_markers_and_generic_ones() {
        assert_eq!(end_marker("Related Articles"), Some(("related articles", false)));
        assert_eq!(end_marker("Read more"), Some(("read more", true)));
        assert_eq!(
            end_marker("The original source of this article is Eurasia Review"),
            Some(("the original source of this article is", false))
        );
        assert_eq!(end_marker("Read more about the talks in Geneva, he said."), None);
    }

    #[test]
    fn captions_end_with_a_credit() {
        assert!(is_caption("Russian President Vladimir Putin speaks in Moscow, Russia on February 1, 2022. Yuri Kochetkov / Lake by REUTERS"));
        assert!(is_caption("Members of the forces attend a training event. Ukrainian Air Assault Forces / Handout media service via REUTERS"));
        assert!(is_caption("Image caption, The minister arriving in Vilnius"));
        assert!(!is_caption("As Western countries rush to show solidarity with Ukraine, the US has urged Brazilian President Jair Bolsonaro to cancel his visit, a source told Reuters."));
    }

    #[test]
    fn appeals_need_several_cues() {
        assert!(APPEAL_CUES.iter().all(|c| c.to_lowercase() == *c), "cues are matched on lower-case text");
        assert!(appeal_cues("your support, no matter how small, makes a world of difference. if you can, please support us monthly.") >= 2);
        assert!(appeal_cues("putin said the west must support ukraine's neutrality.") < 2);
    }

    #[test]
    fn print_furniture() {
        assert!(is_print_furniture("THE HARBOUR GAZETTE  Thursday, 7 September 2023  Page 4"));
        assert!(is_print_furniture("Continued on page 6"));
        assert!(is_print_furniture("DOCKERS from page 4"));
        assert!(is_print_furniture("12"));
        assert!(!is_print_furniture(
            "The report runs to 40 pages, from page 4 to the end of the annex, he said."
        ));
    }

    #[test]
    fn counters_relative_times_and_follow_lines_are_chrome() {
        for line in [
            "Like 132   Comment 14   Restack",
            "5 Comments",
            "142 Likes \u{b7} 9 Restacks",
            "Updated 2 hours ago",
            "3h ago",
            "35m ago",
            "Follow NBN on Telegram",
            "Share: Facebook \u{b7} X \u{b7} E-mail",
        ] {
            assert!(is_chrome_line(line), "{line}");
        }
        for line in ["Comments were made by the minister two hours ago.", "Like many others, she left."] {
            assert!(!is_chrome_line(line), "{line}");
        }
    }

    #[test]
    fn long_share_bars_and_rows_of_figures_are_still_chrome() {
        assert!(is_chrome_line(
            "Share on Facebook | Share on Twitter | Share on LinkedIn | Share via Email | Copy link"
        ));
        assert!(is_chrome_line("0:00 / 3:42 / 12\u{b0}C / 1/5 / 2/5 / 3/5 / 4/5 / 5/5 / 6/5 / 7/5 / 8/5"));
        assert!(!is_chrome_line(
            "Share prices fell on Tuesday as traders in London and Frankfurt sold bank stocks after the report."
        ));
    }

    #[test]
    fn a_cookie_banner_is_chrome_and_a_story_about_cookies_is_not() {
        for line in [
            "We use some essential cookies to make this website work. We'd also like to set analytics cookies to understand how you use the site.",
            "This website uses cookies to improve your experience.",
            "By using this site you agree to our use of cookies.",
            "Accept all cookies",
            "Manage cookie preferences",
        ] {
            assert!(is_chrome_line(line), "{line}");
        }
        for line in [
            "The regulator said websites that use tracking cookies must ask first.",
            "We use the term loosely, the baker said of her cookies.",
            "Accept the cookies, she said.",
            "Cookies",
        ] {
            assert!(!is_chrome_line(line), "{line}");
        }
    }

    #[test]
    fn list_headings_and_notes_about_the_article() {
        assert!(is_list_heading("More on the topic"));
        assert!(is_list_heading("Trending stories"));
        assert!(!is_list_heading("More than 200 homes were evacuated."));
        assert!(!is_list_heading("Who pays"));
        assert_eq!(
            note("Correction: An earlier version of this article misstated the figure."),
            Some("correction or update note")
        );
        assert_eq!(
            note("This article is republished under a content-sharing agreement with Steppe Herald."),
            Some("republication note")
        );
        assert_eq!(
            note("Contact: Jo Pemberton, j.pemberton@example.ac.uk, 01632 960 418"),
            Some("contact details")
        );
        assert_eq!(note("[2] Remarks by the Secretary General, 16 June 2023."), Some("footnote"));
        assert_eq!(note("Update your software, the agency said on Tuesday."), None);
        assert_eq!(note("This interview has been edited and condensed for clarity."), Some("editing note"));
        assert_eq!(note("The speech was edited for length by the ministry."), None);
        assert_eq!(note("This conversation has been lightly edited."), Some("editing note"));
        assert_eq!(
            note("Republished from The Workbench Review under a Creative Commons BY-ND 4.0 licence."),
            Some("republication note")
        );
        assert_eq!(
            end_marker("This essay first appeared in Harvest Quarterly and is republished with permission."),
            Some(("this piece first appeared", false))
        );
        assert_eq!(end_marker("This interview took place in March."), None);
    }

    #[test]
    fn author_bios_with_name_particles_or_what_the_author_writes_about() {
        assert!(is_author_bio("Tariq Hussain writes about craft and design from Glasgow."));
        assert!(is_author_bio("Lena Okafor covers energy and climate for the Tribune."));
        assert!(!is_author_bio("Police Scotland reports on Tuesday showed a rise in thefts."));
        assert!(is_author_bio("Sem de Wit is a journalist in Rotterdam who writes about cities and craft."));
        assert!(!is_author_bio("The minister writes about her childhood in the new memoir."));
        assert!(!is_author_bio("Tariq Hussain writes that the plan will fail"));
    }

    #[test]
    fn credits_name_two_roles_or_more() {
        assert!(is_credits_line(
            "Hosted by Ada Mensah and Rob Lyle. Produced by Kit Darrow. Music by The Allotment Quartet. Artwork by Juno Okafor."
        ));
        assert!(is_credits_line("Sound design by Tom Reid. Produced and edited by Mia Chen."));
        assert!(!is_credits_line("Produced by Kit Darrow."));
        assert!(!is_credits_line("The plan was approved by Parliament. It was opposed by the unions."));
    }

    #[test]
    fn timecoded_chapters_and_disclaimers() {
        assert!(is_timecode_entry("00:00 Introduction"));
        assert!(is_timecode_entry("1:02:15 The mill in King's Lynn"));
        assert!(!is_timecode_entry("10:30 The minister arrived at the summit and spoke to reporters."));
        assert!(!is_timecode_entry("2024 was a hard year"));
        let disclaimer = |text: &str| is_disclaimer(&text.to_lowercase());
        assert!(disclaimer(
            "The designations employed and the presentation of material on this page do not imply the expression of any opinion whatsoever."
        ));
        assert!(disclaimer("Nothing on this site is investment advice and it does not constitute an offer."));
        assert!(!disclaimer("The figures do not imply a recovery, the economist said."));
    }

    #[test]
    fn head_is_the_first_characters_of_the_trimmed_text() {
        let reference = |text: &str, n: usize| -> String { text.trim().chars().take(n).collect() };
        for text in [
            "",
            "  short  ",
            "plain ASCII line of some length",
            "caf\u{e9} \u{201c}quoted\u{201d} \u{2014} end",
            "\u{130}stanbul",
        ] {
            for n in 0..40 {
                assert_eq!(head(text, n), reference(text, n), "{text:?} {n}");
            }
        }
    }

    #[test]
    fn a_bracketed_credit_with_a_slash_ends_a_caption() {
        assert!(is_caption(
            "Repair crews work at a damaged substation on Nov. 22. (Oksana Hrytsenko/Dnipro Independent)"
        ));
        assert!(!is_caption("Prices rose (see chart) in the first quarter, the bank said."));
    }

    #[test]
    fn signup_boxes_open_with_a_heading_and_close_with_a_button() {
        for line in [
            "Discover more from The Margin Notes",
            "Get Helix in your inbox",
            "Sign up for our morning newsletter",
        ] {
            assert!(is_signup_heading(line), "{line}");
        }
        assert!(!is_signup_heading("Get the facts before you vote in the council elections this May"));
        for line in
            ["Continue reading", "Sign Up", "Enter your email   Sign up", "Every Monday morning. Sign up"]
        {
            assert!(is_signup_button(line), "{line}");
        }
        assert!(!is_signup_button("Thousands of people sign up for the scheme every year."));
    }

    #[test]
    fn section_labels_alone_or_joined_are_labels() {
        for line in ["Blog", "News and blog", "Politics & Economy", "ANALYSIS", "Issued: 11.07.2025"] {
            assert!(is_label(line), "{line}");
        }
        for line in ["News and views from the valley", "Science and the city council", "Trains and buses"] {
            assert!(!is_label(line), "{line}");
        }
    }

    #[test]
    fn title_case_lines() {
        assert!(!is_title_case_line("Musk announces Twitter name and logo change to X.com"));
        assert!(is_title_case_line("Russian President Vladimir Putin."));
        assert!(is_title_case_line(
            "The Last Pour: Anchor Brewing, America's Pioneer Craft Brewer, Closes After 127 Years"
        ));
    }
}
