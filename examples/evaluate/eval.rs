//! The extraction and topic evaluation over `tests/fixtures/eval/`: each raw article beside a
//! `.truth.json` written by hand. Shared by the `evaluate` example (prints the figures) and
//! the test suite (guards them).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use dossier::config::Config;
use dossier::extract::{self, units::strip_links, Article};
use dossier::source;
use dossier::topics::TopicIndex;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Truth {
    pub split: String,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub body: Vec<String>,
    #[serde(default)]
    pub topics: BTreeMap<String, TopicTruth>,
}

#[derive(Debug, Deserialize)]
pub struct TopicTruth {
    pub mentions: usize,
    pub main: bool,
}

/// One article's outcome.
#[derive(Debug)]
pub struct Case {
    pub file: PathBuf,
    pub split: String,
    pub title_ok: bool,
    pub date_ok: bool,
    pub source_ok: bool,
    /// Body words: extracted, true, shared (multiset intersection).
    pub words: (usize, usize, usize),
    pub lost_lines: usize,
    pub got: Article,
    pub truth: Truth,
    pub topics: Vec<TopicOutcome>,
}

/// One topic on one article: (mentions, main) found and expected; `None` when not a member.
#[derive(Debug)]
pub struct TopicOutcome {
    pub slug: String,
    pub found: Option<(usize, bool)>,
    pub expected: Option<(usize, bool)>,
}

#[derive(Debug, Default)]
pub struct Scores {
    pub articles: usize,
    pub title: f64,
    pub date: f64,
    pub source: f64,
    pub precision: f64,
    pub recall: f64,
    pub lost_lines: usize,
    pub membership: Prf,
    pub main: Prf,
    pub mentions_exact: f64,
    /// Labelled (article, topic) mention counts behind `mentions_exact`.
    pub mention_cases: usize,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// `P/R/F1`, or `-` when the set labels no topic and finds none: nothing was measured.
    pub fn show(&self) -> String {
        if self.tp + self.fp + self.fn_ == 0 {
            "-".to_string()
        } else {
            format!("{:.2}/{:.2}/{:.2}", self.precision(), self.recall(), self.f1())
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval")
}

/// Extracts every labelled article (all together, as a build would) and compares.
pub fn run() -> Vec<Case> {
    let dir = fixture_dir();
    let config =
        Config::parse(&std::fs::read_to_string(dir.join("topics.toml")).unwrap(), Path::new("topics.toml"))
            .expect("evaluation topics parse");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            (name.ends_with(".txt") || name.ends_with(".md")) && !name.starts_with("README")
        })
        .collect();
    paths.sort();
    let mut files = Vec::new();
    for p in &paths {
        let loaded = source::load_file(p);
        assert!(loaded.diagnostics.iter().all(|d| !d.is_error()), "{:?}", loaded.diagnostics);
        files.extend(loaded.files);
    }
    let (articles, _) = extract::extract_all(&files, &config.extract);
    let index = TopicIndex::build(&articles, &config.topics);
    let mut cases = Vec::new();
    for (i, (article, file)) in articles.into_iter().zip(&files).enumerate() {
        let truth_path = truth_path(&file.path);
        let truth: Truth = serde_json::from_str(&std::fs::read_to_string(&truth_path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", truth_path.display()));
        let found_body: String =
            article.body.iter().map(|b| strip_links(&b.text)).collect::<Vec<_>>().join(" ");
        let truth_body = truth.body.join(" ");
        let words = overlap(&words_of(&found_body), &words_of(&truth_body));
        let mut topics = Vec::new();
        for (t, topic) in index.topics.iter().enumerate() {
            let found = index.by_article[i].iter().find(|m| m.topic == t).map(|m| (m.mentions, m.main));
            let expected = truth.topics.get(&topic.slug).map(|t| (t.mentions, t.main));
            topics.push(TopicOutcome { slug: topic.slug.clone(), found, expected });
        }
        cases.push(Case {
            file: file.path.clone(),
            split: truth.split.clone(),
            title_ok: norm(&article.title) == norm(&truth.title),
            date_ok: article.date.map(|d| d.format("%Y-%m-%d").to_string()) == truth.date,
            source_ok: article.source.as_deref().map(norm) == truth.source.as_deref().map(norm),
            words,
            lost_lines: lost_lines(&article, file),
            got: article,
            truth,
            topics,
        });
    }
    cases
}

fn truth_path(file: &Path) -> PathBuf {
    let stem = file.file_stem().unwrap().to_string_lossy();
    file.with_file_name(format!("{stem}.truth.json"))
}

pub fn scores(cases: &[Case], split: &str) -> Scores {
    scores_of(cases, |c| split == "all" || c.split == split)
}

/// Scores over the cases `keep` selects.
pub fn scores_of(cases: &[Case], keep: impl Fn(&Case) -> bool) -> Scores {
    let chosen: Vec<&Case> = cases.iter().filter(|c| keep(c)).collect();
    let n = chosen.len();
    let mut s = Scores { articles: n, ..Scores::default() };
    let (mut got, mut want, mut shared) = (0, 0, 0);
    let (mut mention_ok, mut mention_n) = (0, 0);
    for c in &chosen {
        s.title += f64::from(u8::from(c.title_ok));
        s.date += f64::from(u8::from(c.date_ok));
        s.source += f64::from(u8::from(c.source_ok));
        got += c.words.0;
        want += c.words.1;
        shared += c.words.2;
        s.lost_lines += c.lost_lines;
        for t in &c.topics {
            count(&mut s.membership, t.found.is_some(), t.expected.is_some());
            count(&mut s.main, t.found.is_some_and(|f| f.1), t.expected.is_some_and(|e| e.1));
            if let Some(e) = t.expected {
                mention_n += 1;
                mention_ok += usize::from(t.found.map(|f| f.0) == Some(e.0));
            }
        }
    }
    let n = n.max(1) as f64;
    s.title /= n;
    s.date /= n;
    s.source /= n;
    s.precision = ratio(shared, got);
    s.recall = ratio(shared, want);
    s.mentions_exact = ratio(mention_ok, mention_n);
    s.mention_cases = mention_n;
    s
}

fn count(prf: &mut Prf, found: bool, expected: bool) {
    match (found, expected) {
        (true, true) => prf.tp += 1,
        (true, false) => prf.fp += 1,
        (false, true) => prf.fn_ += 1,
        (false, false) => {}
    }
}

fn norm(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .to_lowercase()
}

pub fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// (found, true, shared) word counts, as multisets.
fn overlap(found: &[String], truth: &[String]) -> (usize, usize, usize) {
    let mut counts: HashMap<&str, isize> = HashMap::new();
    for w in truth {
        *counts.entry(w).or_default() += 1;
    }
    let mut shared = 0;
    for w in found {
        if let Some(c) = counts.get_mut(w.as_str()) {
            if *c > 0 {
                *c -= 1;
                shared += 1;
            }
        }
    }
    (found.len(), truth.len(), shared)
}

/// Non-empty lines not accounted for exactly once as metadata, body or removed.
fn lost_lines(article: &Article, file: &source::SourceFile) -> usize {
    let mut uses: BTreeMap<usize, usize> = BTreeMap::new();
    let lines = article
        .metadata_lines
        .iter()
        .map(|(l, _)| *l)
        .chain(article.body.iter().flat_map(|b| b.lines.iter().copied()))
        .chain(article.removed.iter().map(|r| r.line));
    for line in lines {
        *uses.entry(line).or_default() += 1;
    }
    file.body
        .split('\n')
        .enumerate()
        .filter(|(i, line)| {
            let expected = usize::from(!line.trim().is_empty());
            uses.get(&(i + 1 + file.body_line_offset)).copied().unwrap_or(0) != expected
        })
        .count()
}

/// Prints every source line of a case with what extraction made of it, marking body blocks
/// the truth does not hold (`+`) and truth entries extraction missed (`-`).
pub fn show(case: &Case) {
    let a = &case.got;
    println!("== {} [{}]", case.file.display(), case.split);
    println!("title: {:?} (want {:?})", a.title, case.truth.title);
    println!("date: {:?} (want {:?}) {:?}", a.date, case.truth.date, a.date_note);
    println!("publisher: {:?} (want {:?})", a.source, case.truth.source);
    println!("byline: {:?}  standfirst: {:?}", a.byline, a.standfirst);
    let truth: Vec<String> = case.truth.body.iter().map(|t| norm(t)).collect();
    let mut rows: Vec<(usize, String)> = Vec::new();
    for (line, what) in &a.metadata_lines {
        rows.push((*line, format!("META {what}")));
    }
    for b in &a.body {
        let mark = if truth.contains(&norm(&strip_links(&b.text))) { " " } else { "+" };
        rows.push((b.lines[0], format!("{mark}BODY {:?} {}", b.kind, b.text)));
    }
    for r in &a.removed {
        rows.push((r.line, format!("  del  [{}] {}", r.reason, r.text)));
    }
    rows.sort_by_key(|r| r.0);
    for (line, text) in rows {
        println!("{line:4} {text}");
    }
    let got: Vec<String> = a.body.iter().map(|b| norm(&strip_links(&b.text))).collect();
    for t in &case.truth.body {
        if !got.contains(&norm(t)) {
            println!("   -MISSING {t}");
        }
    }
}
