//! Repetition across the corpus: a long line that several files share is the site's
//! boilerplate (a footer, a standard disclaimer), not part of any one story; a line near the
//! top that several files share, each time followed by something else, is the site's header
//! (a masthead, a slogan), not a headline.
//!
//! One pass over all files, in parallel, before extraction; extraction then asks about single
//! lines. Nothing here compares files pairwise: lines are counted through one hash map.

use std::hash::Hasher;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet, FxHasher};

use super::units::word_count;
use crate::source::SourceFile;

/// Lines shorter than this are too generic to count ("Share", "Read more").
pub const MIN_CHARS: usize = 60;
/// A line in this many files or more is boilerplate.
pub const MIN_FILES: usize = 3;
/// How many non-empty lines at the top of a file count as its header.
pub const HEADER_LINES: usize = 40;

/// The long lines that recur across files, and the header lines of a site's template, by hash
/// of their normalised text.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    repeated: HashSet<u64>,
    template: HashSet<u64>,
}

/// The fold hash (see `fold_hash`) of each line of a file (`body.split('\n')`), 0 for an
/// empty one: made once per file, and asked by the corpus and by the file's extraction alike.
#[derive(Debug, Default, Clone)]
pub struct LineKeys(Vec<u64>);

impl LineKeys {
    pub fn new(body: &str) -> LineKeys {
        LineKeys(body.split('\n').map(|line| any_key(line).map_or(0, |k| k.max(1))).collect())
    }

    /// The keys of the lines long enough to count as boilerplate, with their line indexes.
    fn long<'a>(&'a self, body: &'a str) -> impl Iterator<Item = (usize, u64)> + 'a {
        body.split('\n')
            .zip(&self.0)
            .enumerate()
            .filter(|(_, (line, _))| is_long(line))
            .map(|(i, (_, k))| (i, *k))
    }
}

impl Corpus {
    pub fn new(files: &[SourceFile]) -> Corpus {
        Corpus::with_keys(files).0
    }

    /// Whether no line recurs: extraction then needs no line keys.
    pub fn is_empty(&self) -> bool {
        self.repeated.is_empty() && self.template.is_empty()
    }

    /// The corpus, and each file's line keys for its extraction (`extract_keyed`).
    pub fn with_keys(files: &[SourceFile]) -> (Corpus, Vec<LineKeys>) {
        let keys: Vec<LineKeys> = files.par_iter().map(|f| LineKeys::new(&f.body)).collect();
        // Each file's distinct long lines, then all of them sorted: a line in MIN_FILES files
        // or more is a run that long. Sorting in parallel beats counting in one map.
        let mut all: Vec<u64> = files
            .par_iter()
            .zip(&keys)
            .flat_map_iter(|(f, k)| {
                let mut long: Vec<u64> = k.long(&f.body).map(|(_, k)| k).collect();
                long.sort_unstable();
                long.dedup();
                long
            })
            .collect();
        all.par_sort_unstable();
        let repeated =
            all.chunk_by(|a, b| a == b).filter(|run| run.len() >= MIN_FILES).map(|run| run[0]).collect();
        drop(all);
        let template = template_lines(files, &keys, &repeated);
        (Corpus { repeated, template }, keys)
    }

    /// For each line of `body`, whether it is a header line of the site's template (see
    /// `template_lines`); `None` when no line is. `keys` are the body's.
    pub fn template_flags(&self, body: &str, keys: &LineKeys) -> Option<Vec<bool>> {
        if self.template.is_empty() {
            return None;
        }
        let header = header_len(body, keys, &self.repeated);
        let flags: Vec<bool> = keys
            .0
            .iter()
            .enumerate()
            .map(|(i, k)| i < header && *k != 0 && self.template.contains(k))
            .collect();
        flags.contains(&true).then_some(flags)
    }

    /// For each line of `body`, whether it recurs across the corpus; `None` when nothing in
    /// the file recurs, or when most of it does (a copy of a story published several times,
    /// whose lines are the story, not boilerplate). `keys` are the body's.
    pub fn flags(&self, body: &str, keys: &LineKeys) -> Option<Vec<bool>> {
        if self.repeated.is_empty() {
            return None;
        }
        let mut flags = vec![false; keys.0.len()];
        let (mut long, mut repeated) = (0, 0);
        for (i, k) in keys.long(body) {
            long += 1;
            if self.repeated.contains(&k) {
                flags[i] = true;
                repeated += 1;
            }
        }
        let copy = long >= 3 && repeated * 2 > long;
        (repeated > 0 && !copy).then_some(flags)
    }
}

/// Lines near the top of three or more files, each time followed (at the next line of the
/// file that is not itself common) by different text: the header a site prints on every page.
/// Copies of one story share their headline but also what follows it, so a headline stays.
/// Two passes over the files' headers through hash maps; no file is compared with another.
fn template_lines(files: &[SourceFile], keys: &[LineKeys], repeated: &HashSet<u64>) -> HashSet<u64> {
    // Each file's header keys, then the keys of a few lines after it (the followers).
    let headers: Vec<(usize, Vec<u64>)> = files
        .par_iter()
        .zip(keys)
        .map(|(f, file_keys)| {
            let header = header_len(&f.body, file_keys, repeated);
            let keys: Vec<(usize, u64)> = file_keys
                .0
                .iter()
                .enumerate()
                .filter(|(_, k)| **k != 0)
                .map(|(i, k)| (i, *k))
                .take(header + 20)
                .collect();
            let in_header = keys.iter().filter(|(i, _)| *i < header).count();
            (in_header, keys.into_iter().map(|(_, k)| k).collect())
        })
        .collect();
    let mut counts: HashMap<u64, usize> = HashMap::default();
    for (in_header, keys) in &headers {
        let unique: HashSet<u64> = keys[..*in_header].iter().copied().collect();
        for k in unique {
            *counts.entry(k).or_default() += 1;
        }
    }
    let common = |k: &u64| counts.get(k).is_some_and(|n| *n >= MIN_FILES);
    let mut followers: HashMap<u64, HashSet<u64>> = HashMap::default();
    // How often each common line sits right under or right over a given line (its
    // neighbours in the file, `false` for the line above, `true` for the line below).
    let mut beside: HashMap<(u64, bool, u64), usize> = HashMap::default();
    for (in_header, keys) in &headers {
        for (i, k) in keys.iter().enumerate().take(*in_header) {
            if common(k) {
                let next = keys[i + 1..].iter().find(|n| !common(n)).copied().unwrap_or(0);
                followers.entry(*k).or_default().insert(next);
                if let Some(above) = i.checked_sub(1).map(|j| keys[j]) {
                    *beside.entry((*k, false, above)).or_default() += 1;
                }
                if let Some(&below) = keys.get(i + 1).filter(|_| i + 1 < *in_header) {
                    *beside.entry((*k, true, below)).or_default() += 1;
                }
            }
        }
    }
    // A site prints its header lines in the same order on every page, so a header line
    // keeps the same neighbour on most pages that show that neighbour. A headline that
    // several stories happen to share (a generator's pool, "Morning briefing") sits under a
    // date or a section line that thousands of other pages show too: it is not the template.
    let mut placed: HashSet<u64> = HashSet::default();
    for ((k, _, neighbour), n) in &beside {
        if *n >= MIN_FILES && 2 * n >= counts.get(neighbour).copied().unwrap_or(usize::MAX) {
            placed.insert(*k);
        }
    }
    followers
        .into_iter()
        .filter(|(k, next)| next.len() >= MIN_FILES && placed.contains(k))
        .map(|(k, _)| k)
        .collect()
}

/// How many lines (of `body.split('\n')`) make the header: those above the first line of
/// prose that is not the site's boilerplate (a cookie banner may come first), at most
/// `HEADER_LINES` non-empty ones. Lists of other stories under the story are not header. A
/// hard-wrapped paragraph shows as two long lines in a row.
fn header_len(body: &str, keys: &LineKeys, repeated: &HashSet<u64>) -> usize {
    let mut non_empty = 0;
    let mut long_before = false;
    for (i, (line, key)) in body.split('\n').zip(&keys.0).enumerate() {
        let plain = line.trim();
        if plain.is_empty() {
            long_before = false;
            continue;
        }
        non_empty += 1;
        let boilerplate = is_long(plain) && repeated.contains(key);
        let long = word_count(plain) >= 8 && !boilerplate;
        let prose = crate::extract::rules::is_prose(plain) && !boilerplate;
        if prose || long && long_before || non_empty > HEADER_LINES {
            return i;
        }
        long_before = long;
    }
    keys.0.len()
}

/// Whether a line is long enough to count as boilerplate when it recurs.
fn is_long(line: &str) -> bool {
    let trimmed = line.trim();
    // Byte length bounds the character count from above, and a character takes four bytes at
    // most: most lines are decided without counting.
    trimmed.len() >= MIN_CHARS && (trimmed.len() >= 4 * MIN_CHARS || trimmed.chars().count() >= MIN_CHARS)
}

/// The key of any non-empty line.
fn any_key(line: &str) -> Option<u64> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return None;
    }
    fold_hash(trimmed)
}

fn fold_hash(trimmed: &str) -> Option<u64> {
    // Lower case with runs of white space folded to one space, hashed in one call; the folded
    // text goes into a buffer reused by each thread (this runs for every line of the corpus).
    // ASCII is folded a run at a time, other characters through their full case mapping.
    thread_local! {
        static FOLDED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    FOLDED.with_borrow_mut(|folded| {
        folded.clear();
        let bytes = trimmed.as_bytes();
        // Most lines are ASCII with single spaces: their folded text is their lower case,
        // copied at once (each test below is a vectorised pass over the line).
        if trimmed.is_ascii()
            && memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_none()
            && memchr::memchr2(0x0b, 0x0c, bytes).is_none()
            && memchr::memmem::find(bytes, b"  ").is_none()
        {
            folded.extend_from_slice(bytes);
            folded.make_ascii_lowercase();
            let mut hasher = FxHasher::default();
            hasher.write(folded);
            return Some(hasher.finish());
        }
        folded.reserve(trimmed.len());
        // White space as `char::is_whitespace` has it, in ASCII (vertical tab included).
        let ascii_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
        let mut space = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if ascii_space(b) {
                    space = true;
                    i += 1;
                    continue;
                }
                if space {
                    folded.push(b' ');
                    space = false;
                }
                // A run of ASCII letters and signs is copied at once and lowered in place.
                let run =
                    bytes[i..].iter().position(|&c| c >= 0x80 || ascii_space(c)).unwrap_or(bytes.len() - i);
                let start = folded.len();
                folded.extend_from_slice(&bytes[i..i + run]);
                folded[start..].make_ascii_lowercase();
                i += run;
                continue;
            }
            let c = trimmed[i..].chars().next().expect("i is a char boundary");
            i += c.len_utf8();
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space {
                folded.push(b' ');
                space = false;
            }
            for lower in c.to_lowercase() {
                folded.extend_from_slice(lower.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
        let mut hasher = FxHasher::default();
        hasher.write(folded);
        Some(hasher.finish())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tests::source;

    const FOOTER: &str = "The views expressed in this article are those of the author and do not reflect the policy of the site.";

    fn story(i: usize) -> String {
        format!("Title {i}\n\nStory {i}.\n\n{FOOTER}\n")
    }

    #[test]
    fn lines_fold_as_lower_case_words_joined_by_single_spaces() {
        let reference = |line: &str| {
            let joined = line.split_whitespace().collect::<Vec<_>>().join(" ");
            let folded: String = joined.chars().flat_map(char::to_lowercase).collect();
            let mut hasher = FxHasher::default();
            hasher.write(folded.as_bytes());
            hasher.finish()
        };
        for line in [
            "The Views Expressed   in THIS article",
            "tab\there\x0bvertical\x0cfeed\r\nend",
            "\u{a0}Nbsp\u{a0}\u{a0}and\u{85}NEL and \u{2003}em SPACE",
            "\u{130}stanbul \u{3a3}\u{39f}\u{3a6}\u{3a3} \u{c9}TAT-MAJOR \u{1e9e}",
            "ascii-only, with punctuation: 2024!",
            "ASCII with one space each, a control\u{1}character KEPT",
            "ASCII with one tab\there",
        ] {
            let trimmed = line.trim();
            assert_eq!(fold_hash(trimmed), Some(reference(trimmed)), "{line:?}");
        }
    }

    #[test]
    fn a_long_line_in_three_files_is_flagged() {
        let files: Vec<SourceFile> = (0..3).map(|i| source(&format!("{i}.txt"), &story(i))).collect();
        let corpus = Corpus::new(&files);
        assert_eq!(
            corpus.flags(&story(0), &LineKeys::new(&story(0))),
            Some(vec![false, false, false, false, true, false])
        );
        let shouting = format!("Other\n{}\n", FOOTER.to_uppercase());
        assert_eq!(corpus.flags(&shouting, &LineKeys::new(&shouting)), Some(vec![false, true, false]));
        assert_eq!(Corpus::new(&files[..2]).flags(&story(0), &LineKeys::new(&story(0))), None);
    }

    #[test]
    fn a_file_made_of_repeated_lines_is_a_copy_not_boilerplate() {
        let long = |k: usize| {
            format!("Paragraph {k} of a story that several outlets published word for word, long enough to count here.")
        };
        let text = format!("Title\n\n{}\n\n{}\n\n{}\n", long(1), long(2), long(3));
        let files: Vec<SourceFile> = (0..3).map(|i| source(&format!("{i}.txt"), &text)).collect();
        assert_eq!(Corpus::new(&files).flags(&text, &LineKeys::new(&text)), None);
    }

    #[test]
    fn a_header_line_over_different_stories_is_the_sites_template() {
        let page =
            |i: usize| format!("Valley Police\n\nServing the Valley\n\nHeadline number {i}\n\nStory {i}.\n");
        let files: Vec<SourceFile> = (0..3).map(|i| source(&format!("{i}.txt"), &page(i))).collect();
        let corpus = Corpus::new(&files);
        let flags =
            corpus.template_flags(&page(0), &LineKeys::new(&page(0))).expect("the slogan is the template");
        assert!(flags[2] && !flags[4], "{flags:?}");
        assert_eq!(Corpus::new(&files[..2]).template_flags(&page(0), &LineKeys::new(&page(0))), None);
    }

    #[test]
    fn a_headline_several_stories_share_under_a_common_section_line_is_not_the_template() {
        // Ten pages of one section; three of them carry the same headline over other stories.
        let page = |i: usize| {
            let headline =
                if i < 3 { "Morning briefing".to_string() } else { format!("Headline number {i}") };
            format!("World News\n\n{headline}\n\nStory number {i} starts here.\n")
        };
        let files: Vec<SourceFile> = (0..10).map(|i| source(&format!("{i}.txt"), &page(i))).collect();
        let flags = Corpus::new(&files).template_flags(&page(0), &LineKeys::new(&page(0)));
        assert!(flags.as_ref().is_none_or(|f| !f[2]), "{flags:?}");
    }

    #[test]
    fn copies_of_one_story_share_a_headline_not_a_template() {
        let copy = |i: usize| format!("Site {i}\n\nShared headline\n\nShared standfirst.\n\nStory.\n");
        let files: Vec<SourceFile> = (0..3).map(|i| source(&format!("{i}.txt"), &copy(i))).collect();
        assert_eq!(Corpus::new(&files).template_flags(&copy(0), &LineKeys::new(&copy(0))), None);
    }
}
