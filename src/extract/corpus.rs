//! Repetition across the corpus: a long line that several files share is the site's
//! boilerplate (a footer, a standard disclaimer), not part of any one story.
//!
//! One pass over all files, in parallel, before extraction; extraction then asks about single
//! lines. Nothing here compares files pairwise: lines are counted through one hash map.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet, FxHasher};

use crate::source::SourceFile;

/// Lines shorter than this are too generic to count ("Share", "Read more").
pub const MIN_CHARS: usize = 60;
/// A line in this many files or more is boilerplate.
pub const MIN_FILES: usize = 3;

/// The long lines that recur across files, by hash of their normalised text.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    repeated: HashSet<u64>,
}

impl Corpus {
    pub fn new(files: &[SourceFile]) -> Corpus {
        let per_file: Vec<HashSet<u64>> =
            files.par_iter().map(|f| f.body.lines().filter_map(line_key).collect()).collect();
        let mut counts: HashMap<u64, usize> = HashMap::default();
        for keys in &per_file {
            for k in keys {
                *counts.entry(*k).or_default() += 1;
            }
        }
        let repeated = counts.into_iter().filter(|(_, n)| *n >= MIN_FILES).map(|(k, _)| k).collect();
        Corpus { repeated }
    }

    /// For each line of `body`, whether it recurs across the corpus; `None` when nothing in
    /// the file recurs, or when most of it does (a copy of a story published several times,
    /// whose lines are the story, not boilerplate).
    pub fn flags(&self, body: &str) -> Option<Vec<bool>> {
        if self.repeated.is_empty() {
            return None;
        }
        let keys: Vec<Option<u64>> = body.split('\n').map(line_key).collect();
        let long = keys.iter().filter(|k| k.is_some()).count();
        let flags: Vec<bool> = keys.iter().map(|k| k.is_some_and(|k| self.repeated.contains(&k))).collect();
        let repeated = flags.iter().filter(|f| **f).count();
        let copy = long >= 3 && repeated * 2 > long;
        (repeated > 0 && !copy).then_some(flags)
    }
}

fn line_key(line: &str) -> Option<u64> {
    let trimmed = line.trim();
    // Byte length bounds the character count from above: most lines end here cheaply.
    if trimmed.len() < MIN_CHARS || trimmed.chars().count() < MIN_CHARS {
        return None;
    }
    // Lower case with runs of white space folded to one space, hashed in one call; the folded
    // text goes into a buffer reused by each thread (this runs twice for every line).
    thread_local! {
        static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    FOLDED.with_borrow_mut(|folded| {
        folded.clear();
        let mut space = false;
        for c in trimmed.chars() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space {
                folded.push(' ');
                space = false;
            }
            if c.is_ascii() {
                folded.push(c.to_ascii_lowercase());
            } else {
                folded.extend(c.to_lowercase());
            }
        }
        let mut hasher = FxHasher::default();
        folded.as_str().hash(&mut hasher);
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
    fn a_long_line_in_three_files_is_flagged() {
        let files: Vec<SourceFile> = (0..3).map(|i| source(&format!("{i}.txt"), &story(i))).collect();
        let corpus = Corpus::new(&files);
        assert_eq!(corpus.flags(&story(0)), Some(vec![false, false, false, false, true, false]));
        let shouting = format!("Other\n{}\n", FOOTER.to_uppercase());
        assert_eq!(corpus.flags(&shouting), Some(vec![false, true, false]));
        assert_eq!(Corpus::new(&files[..2]).flags(&story(0)), None);
    }

    #[test]
    fn a_file_made_of_repeated_lines_is_a_copy_not_boilerplate() {
        let long = |k: usize| {
            format!("Paragraph {k} of a story that several outlets published word for word, long enough to count here.")
        };
        let text = format!("Title\n\n{}\n\n{}\n\n{}\n", long(1), long(2), long(3));
        let files: Vec<SourceFile> = (0..3).map(|i| source(&format!("{i}.txt"), &text)).collect();
        assert_eq!(Corpus::new(&files).flags(&text), None);
    }
}
