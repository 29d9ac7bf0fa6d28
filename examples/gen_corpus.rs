//! A deterministic benchmark corpus: scraped-style raw articles for dossier, and the same
//! articles as Markdown with their topics in front matter, for other generators.
//!
//!     cargo run --release --example gen_corpus -- --n 10000 --out DIR [--seed 42]
//!
//! Writes `DIR/raw/NNNNNN.txt` (site chrome, a date line in one of several formats, body
//! paragraphs, ALL-CAPS subheads, a donation appeal, a related-stories list, a long footer
//! shared by every article of a publisher), `DIR/md/NNNNNN.md` (title, date, source and
//! topics in YAML front matter, the body as Markdown) and `DIR/manifest.jsonl` (the truth per
//! article). Topics are the twelve of `bench/site.toml`; an article belongs to a topic when its
//! title or body names it, the rule dossier's aliases follow. The same `--n` and `--seed`
//! always give the same bytes: the only randomness is a xorshift generator.

use std::fmt::Write as _;
use std::path::PathBuf;

/// xorshift64*: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) < p * (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The topics of `bench/site.toml`, how often an article is about each, and words that name it.
const TOPICS: [(&str, f64, &[&str]); 12] = [
    ("Ukraine", 0.90, &["Ukraine", "Ukrainian"]),
    ("NATO", 0.55, &["NATO"]),
    ("Negotiations", 0.45, &["talks", "negotiations", "negotiators"]),
    ("United States", 0.40, &["Washington", "the United States", "U.S."]),
    ("Kremlin", 0.30, &["Kremlin"]),
    ("Crimea", 0.30, &["Crimea", "Crimean"]),
    ("Sanctions", 0.30, &["sanctions"]),
    ("Donbass", 0.22, &["Donbas", "Donetsk", "Luhansk"]),
    ("Security guarantees", 0.15, &["security guarantees"]),
    ("Maidan", 0.08, &["Maidan"]),
    ("Geneva", 0.08, &["Geneva"]),
    ("OSCE", 0.07, &["OSCE"]),
];

const PEOPLE: [&str; 10] = [
    "the foreign minister",
    "a senior diplomat",
    "the defence ministry",
    "the president's spokesman",
    "an official who asked not to be named",
    "the prime minister",
    "a military analyst",
    "the ambassador",
    "opposition leaders",
    "the parliament's foreign affairs committee",
];
const CITIES: [&str; 10] =
    ["Moscow", "Kyiv", "Brussels", "Berlin", "Paris", "Vienna", "Warsaw", "Istanbul", "Riga", "Helsinki"];
const VERBS: [&str; 8] =
    ["said", "warned", "insisted", "told reporters", "confirmed", "denied", "argued", "suggested"];
const CLAIMS: [&str; 10] = [
    "the situation remained tense along the border",
    "no decision had been taken on further deployments",
    "the next round of consultations would take place within weeks",
    "the proposals were not acceptable in their current form",
    "both sides had agreed to keep channels of communication open",
    "the statement contained nothing new",
    "economic pressure would continue until the demands were met",
    "the military exercises were purely defensive",
    "a written reply had been sent through diplomatic channels",
    "the ceasefire had been violated several times overnight",
];
const FILLER: [&str; 8] = [
    "Officials gave no further details.",
    "The ministry did not respond to a request for comment.",
    "Markets fell sharply on the news before recovering in afternoon trading.",
    "The full text of the statement was published on the government's website.",
    "Analysts said the move was largely symbolic.",
    "Opinion polls suggest public support for the policy remains high.",
    "The meeting lasted a little over two hours.",
    "Energy prices have risen steadily since the beginning of the year.",
];
const SUBHEADS: [&str; 6] = [
    "A DIFFICULT WINTER",
    "WHAT COMES NEXT",
    "THE VIEW FROM THE CAPITAL",
    "NO BREAKTHROUGH",
    "OLD DEMANDS",
    "ON THE GROUND",
];
const PUBLISHERS: [&str; 8] = [
    "Northern Ledger",
    "Harbour Gazette",
    "Eastern Flank Review",
    "Lakeside Courier",
    "Global Inquiry",
    "Factline",
    "Continental Dispatch",
    "Meridian Post",
];
const MONTHS: [&str; 12] = dossier::dates::MONTH_NAMES;

struct Piece {
    title: String,
    date: (i32, usize, usize),
    source: &'static str,
    /// Paragraphs; a subhead is a paragraph in capitals.
    body: Vec<String>,
    topics: Vec<&'static str>,
}

fn sentence(rng: &mut Rng, focus: &[usize]) -> String {
    let who = rng.pick(&PEOPLE);
    let verb = rng.pick(&VERBS);
    match rng.below(4) {
        0 if !focus.is_empty() => {
            let (_, _, words) = TOPICS[focus[rng.below(focus.len())]];
            let word = rng.pick(words);
            format!(
                "Speaking in {}, {who} {verb} that {word} would remain at the centre of the discussions.",
                rng.pick(&CITIES)
            )
        }
        1 if !focus.is_empty() => {
            let (_, _, words) = TOPICS[focus[rng.below(focus.len())]];
            format!("\u{201c}There can be no question about {},\u{201d} {who} {verb}.", rng.pick(words))
        }
        2 => format!("{} {verb} that {}.", capitalise(who), rng.pick(&CLAIMS)),
        _ => rng.pick(&FILLER).to_string(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn piece(rng: &mut Rng) -> Piece {
    let focus: Vec<usize> = (0..TOPICS.len()).filter(|&t| rng.chance(TOPICS[t].1)).collect();
    let lead = focus.first().map_or("Europe", |&t| TOPICS[t].2[0]);
    let title = format!(
        "{} {} {} as {} {}",
        capitalise(rng.pick(&PEOPLE)),
        rng.pick(&["warns over", "signals shift on", "rejects claims about", "calls for calm on"]),
        lead,
        rng.pick(&["pressure mounts", "talks stall", "tensions rise", "allies meet"]),
        rng.pick(&["in the east", "before the summit", "after the vote", "this week"]),
    );
    let date = (2014 + rng.below(9) as i32, 1 + rng.below(12), 1 + rng.below(28));
    let mut body = Vec::new();
    for p in 0..(6 + rng.below(14)) {
        if p > 2 && rng.chance(0.12) {
            body.push(rng.pick(&SUBHEADS).to_string());
        }
        let mut paragraph = String::new();
        for s in 0..(2 + rng.below(4)) {
            if s > 0 {
                paragraph.push(' ');
            }
            paragraph.push_str(&sentence(rng, &focus));
        }
        body.push(paragraph);
    }
    let text = format!("{title}\n{}", body.join("\n"));
    let topics =
        TOPICS.iter().filter(|(_, _, words)| words.iter().any(|w| names(&text, w))).map(|t| t.0).collect();
    Piece { title, date, source: PUBLISHERS[rng.below(PUBLISHERS.len())], body, topics }
}

/// Whether `text` contains `word` between word boundaries.
fn names(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back().map_or(true, |c| !c.is_alphanumeric());
        let after = text[at + word.len()..].chars().next().map_or(true, |c| !c.is_alphanumeric());
        before && after
    })
}

fn raw(p: &Piece, rng: &mut Rng) -> String {
    let (y, m, d) = p.date;
    let mut out = String::new();
    let _ = writeln!(out, "Skip to content\n\n{} | Home | World | Europe | Opinion | Subscribe\n", p.source);
    let _ = writeln!(out, "{}\n", p.title);
    match rng.below(4) {
        0 => writeln!(out, "By [{}](#)\n\n{}, {} {d}, {y}\n", rng.pick(&PEOPLE), p.source, MONTHS[m - 1]),
        1 => writeln!(out, "Published {y}-{m:02}-{d:02} | {}\n", p.source),
        2 => writeln!(out, "{d} {} {y} | {} min read\n", MONTHS[m - 1], 2 + rng.below(9)),
        _ => writeln!(out, "{}, {d:02}.{m:02}.{y}\n\nShare this article: Facebook Twitter Email\n", p.source),
    }
    .ok();
    for (i, paragraph) in p.body.iter().enumerate() {
        let _ = writeln!(out, "{paragraph}\n");
        if i == 2 && rng.chance(0.3) {
            let _ = writeln!(
                out,
                "READ MORE: [{}](#)\n",
                rng.pick(&[
                    "Ministers meet again",
                    "What the new rules mean",
                    "Five questions about the summit"
                ])
            );
        }
    }
    if rng.chance(0.35) {
        let _ = writeln!(
            out,
            "\u{2026} we have a small favour to ask. Readers like you keep {} independent: support our journalism with a donation today, or subscribe.\n",
            p.source
        );
    }
    if rng.chance(0.4) {
        out.push_str("Related Articles\n\n");
        for _ in 0..3 {
            let _ = writeln!(
                out,
                "{} {} talks\n",
                capitalise(rng.pick(&CITIES)),
                rng.pick(&["hosts fresh", "prepares for", "doubts new"])
            );
        }
    }
    let _ = writeln!(
        out,
        "The views expressed in this article are those of the author and do not necessarily reflect the editorial policy of {}. Copyright {y}, all rights reserved.\n",
        p.source
    );
    out.push_str("Privacy policy | Terms of use | Contact us\n");
    out
}

fn markdown(p: &Piece) -> String {
    let (y, m, d) = p.date;
    let topics: Vec<String> = p.topics.iter().map(|t| format!("\"{t}\"")).collect();
    let mut out = format!(
        "---\ntitle: \"{}\"\ndate: {y}-{m:02}-{d:02}\nsource: \"{}\"\ntopics: [{}]\n---\n\n",
        p.title,
        p.source,
        topics.join(", ")
    );
    for paragraph in &p.body {
        if paragraph.chars().all(|c| !c.is_lowercase()) {
            let _ = writeln!(out, "## {}\n", capitalise(&paragraph.to_lowercase()));
        } else {
            let _ = writeln!(out, "{paragraph}\n");
        }
    }
    out
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let n: usize = value("--n").and_then(|v| v.parse().ok()).unwrap_or(1000);
    let seed: u64 = value("--seed").and_then(|v| v.parse().ok()).unwrap_or(42);
    let out = PathBuf::from(value("--out").expect("usage: gen_corpus --n N --out DIR [--seed S]"));
    std::fs::create_dir_all(out.join("raw"))?;
    std::fs::create_dir_all(out.join("md"))?;
    let mut manifest = String::new();
    let mut rng = Rng::new(seed);
    for i in 1..=n {
        let p = piece(&mut rng);
        std::fs::write(out.join(format!("raw/{i:06}.txt")), raw(&p, &mut rng))?;
        std::fs::write(out.join(format!("md/{i:06}.md")), markdown(&p))?;
        let (y, m, d) = p.date;
        let entry = serde_json::json!({
            "id": format!("{i:06}"),
            "title": p.title,
            "date": format!("{y}-{m:02}-{d:02}"),
            "source": p.source,
            "topics": p.topics,
        });
        manifest.push_str(&entry.to_string());
        manifest.push('\n');
    }
    std::fs::write(out.join("manifest.jsonl"), manifest)?;
    eprintln!("{n} articles -> {}", out.display());
    Ok(())
}
