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
pub const MIN_CHARS: usize = 100;
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

    /// Whether `line` is long and recurs across the corpus.
    pub fn is_repeated(&self, line: &str) -> bool {
        !self.repeated.is_empty() && line_key(line).is_some_and(|k| self.repeated.contains(&k))
    }

    /// Whether most long lines of `lines` recur elsewhere: then the file is a copy of a story
    /// published several times, and its lines are the story, not boilerplate.
    pub fn is_copy<'a>(&self, lines: impl Iterator<Item = &'a str>) -> bool {
        if self.repeated.is_empty() {
            return false;
        }
        let (mut long, mut repeated) = (0, 0);
        for line in lines {
            if let Some(k) = line_key(line) {
                long += 1;
                repeated += usize::from(self.repeated.contains(&k));
            }
        }
        repeated * 2 > long
    }
}

fn line_key(line: &str) -> Option<u64> {
    let trimmed = line.trim();
    if trimmed.chars().count() < MIN_CHARS {
        return None;
    }
    let mut hasher = FxHasher::default();
    for word in trimmed.split_whitespace() {
        for c in word.chars().flat_map(char::to_lowercase) {
            c.hash(&mut hasher);
        }
        ' '.hash(&mut hasher);
    }
    Some(hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tests::source;

    const FOOTER: &str = "The views expressed in this article are those of the author and do not reflect the policy of the site.";

    #[test]
    fn a_long_line_in_three_files_is_repeated() {
        let files: Vec<SourceFile> = (0..3)
            .map(|i| source(&format!("{i}.txt"), &format!("Title {i}\n\nStory {i}.\n\n{FOOTER}\n")))
            .collect();
        let corpus = Corpus::new(&files);
        assert!(corpus.is_repeated(FOOTER));
        assert!(corpus.is_repeated(&FOOTER.to_uppercase()));
        assert!(!corpus.is_repeated("Story 1."));
        assert!(!Corpus::new(&files[..2]).is_repeated(FOOTER));
    }

    #[test]
    fn a_file_made_of_repeated_lines_is_a_copy() {
        let files: Vec<SourceFile> =
            (0..3).map(|i| source(&format!("{i}.txt"), &format!("Title\n\n{FOOTER}\n"))).collect();
        let corpus = Corpus::new(&files);
        assert!(corpus.is_copy(files[0].body.lines()));
    }
}
