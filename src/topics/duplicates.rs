//! Near-duplicates: the same story syndicated or lightly edited by several outlets.
//!
//! MinHash signatures over word shingles, then locality-sensitive hashing in bands: only
//! articles that share a band bucket are compared, so the work stays near linear. Pairs whose
//! estimated overlap is high enough are grouped; exact copies are reported separately.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHasher};

use super::text::Word;

const SHINGLE: usize = 5;
pub const HASHES: usize = 64;
const BANDS: usize = 16;
const ROWS: usize = HASHES / BANDS;
/// Estimated Jaccard overlap of shingles above which two articles are the same story.
const THRESHOLD: f32 = 0.5;
/// Buckets larger than this hold boilerplate-only texts; they are not expanded into pairs.
const MAX_BUCKET: usize = 64;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Duplicates {
    /// Per article, the other articles that carry the same story (article order).
    pub of: Vec<Vec<usize>>,
    /// Groups of articles whose text is identical, each sorted.
    pub exact: Vec<Vec<usize>>,
}

/// Finds near-duplicates among articles given as their words (see [`super::text::words`]);
/// `title_words` says how many leading words are the title, left out of the exact comparison.
pub fn find(words: &[Vec<Word>], title_words: &[usize]) -> Duplicates {
    let prepared: Vec<Prepared> = words.par_iter().zip(title_words).map(|(ws, &t)| prepare(ws, t)).collect();
    find_prepared(&prepared)
}

/// What near-duplicate detection needs of one article: its MinHash signature (none for short
/// texts) and a hash of its words after the title, for exact copies.
pub type Prepared = (Option<[u64; HASHES]>, u64);

/// One article's [`Prepared`] from its words, of which the first `title_words` are the title.
pub fn prepare(words: &[Word], title_words: usize) -> Prepared {
    let hashes: Vec<u64> = words.iter().map(|w| w.hash).collect();
    let mut exact = FxHasher::default();
    hashes[title_words.min(hashes.len())..].hash(&mut exact);
    (signature(&hashes), exact.finish())
}

/// [`find`] from every article's [`prepare`]d signature, in article order.
pub fn find_prepared(prepared: &[Prepared]) -> Duplicates {
    let n = prepared.len();
    // Every article's band buckets as (band, bucket hash, article), sorted: runs of one
    // (band, hash) are the buckets, members in article order. A flat list of 16 bytes an entry
    // holds far less than a map of lists.
    let mut keys: Vec<(u32, u64, u32)> = prepared
        .par_iter()
        .enumerate()
        .filter_map(|(i, (sig, _))| sig.as_ref().map(|sig| (i, sig)))
        .flat_map_iter(|(i, sig)| {
            (0..BANDS).map(move |band| {
                let mut h = FxHasher::default();
                sig[band * ROWS..(band + 1) * ROWS].hash(&mut h);
                (band as u32, h.finish(), i as u32)
            })
        })
        .collect();
    keys.par_sort_unstable();
    let lists: Vec<&[(u32, u64, u32)]> = keys
        .chunk_by(|a, b| (a.0, a.1) == (b.0, b.1))
        .filter(|m| m.len() > 1 && m.len() <= MAX_BUCKET)
        .collect();
    // Pairs are compared bucket by bucket in parallel, never all gathered first: only those
    // above the threshold are kept. A pair that shares several bands is compared again in
    // each, which is cheaper than remembering it; groups are connected components, so the
    // order in which pairs are joined does not change them.
    let same: Vec<(usize, usize)> = lists
        .par_iter()
        .flat_map_iter(|members| {
            let prepared = &prepared;
            members.iter().enumerate().flat_map(move |(x, &(_, _, a))| {
                members[x + 1..].iter().filter_map(move |&(_, _, b)| {
                    let (a, b) = (a as usize, b as usize);
                    let (Some(sa), Some(sb)) = (&prepared[a].0, &prepared[b].0) else { return None };
                    let same = sa.iter().zip(sb.iter()).filter(|(x, y)| x == y).count();
                    (same as f32 / HASHES as f32 >= THRESHOLD).then_some((a.min(b), a.max(b)))
                })
            })
        })
        .collect();
    drop(lists);
    drop(keys);
    let mut parent: Vec<usize> = (0..n).collect();
    for (a, b) in same {
        union(&mut parent, a, b);
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::default();
    for i in 0..n {
        let root = find_root(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut of = vec![Vec::new(); n];
    let mut exact: Vec<Vec<usize>> = Vec::new();
    for group in groups.values().filter(|g| g.len() > 1) {
        for &i in group {
            of[i] = group.iter().copied().filter(|&j| j != i).collect();
        }
        let mut by_text: HashMap<u64, Vec<usize>> = HashMap::default();
        for &i in group {
            by_text.entry(prepared[i].1).or_default().push(i);
        }
        exact.extend(by_text.into_values().filter(|g| g.len() > 1));
    }
    for g in &mut exact {
        g.sort_unstable();
    }
    exact.sort();
    Duplicates { of, exact }
}

/// MinHash over word shingles by one-permutation hashing: each shingle is hashed once and
/// keeps the minimum of its bin; empty bins take the next filled bin's value, mixed with their
/// own position so that they stay comparable. `None` for texts too short to judge.
fn signature(words: &[u64]) -> Option<[u64; HASHES]> {
    if words.len() < SHINGLE * 4 {
        return None;
    }
    let mut sig = [u64::MAX; HASHES];
    for shingle in words.windows(SHINGLE) {
        let h = mix(shingle.iter().fold(0u64, |acc, w| acc.rotate_left(5) ^ w));
        let bin = (h % HASHES as u64) as usize;
        let value = h / HASHES as u64;
        if value < sig[bin] {
            sig[bin] = value;
        }
    }
    let filled: Vec<usize> = (0..HASHES).filter(|&b| sig[b] != u64::MAX).collect();
    if filled.is_empty() {
        return None;
    }
    let source = sig;
    for (bin, slot) in sig.iter_mut().enumerate() {
        if *slot == u64::MAX {
            let next = filled.iter().find(|&&b| b > bin).unwrap_or(&filled[0]);
            *slot = mix(source[*next] ^ (bin as u64 + 1));
        }
    }
    Some(sig)
}

/// A 64-bit finaliser (from SplitMix64): spreads similar inputs apart.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn find_root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find_root(parent, a), find_root(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{extract, tests::source, Article};
    use crate::topics::text::words;

    fn article(title: &str, body: &str) -> Article {
        extract(&source("a.txt", &format!("{title}\n\n{body}\n")), &Default::default()).0
    }

    const STORY: &str = "Foreign ministers from the alliance met in Brussels on Tuesday and agreed to send more air defence systems to Ukraine before the winter, officials said after the meeting ended late in the evening. The package includes interceptors from Germany and radar units from Norway, and a Spanish offer to refurbish older launchers held in storage.";

    #[test]
    fn syndicated_copies_are_found_and_exact_copies_reported() {
        let edited = STORY.replace("late in the evening", "after midnight").replace("Tuesday", "Wednesday");
        let articles = [
            article("Allies pledge air defence", STORY),
            article("A different story", "The council approved the budget for the coming year after a long debate about the cost of the new library and the swimming pool, which many residents had asked for over the past decade in letters and petitions."),
            article("Allies pledge air defence (wire copy)", &edited),
            article("Allies pledge air defence", STORY),
        ];
        let words: Vec<_> = articles.iter().map(words).collect();
        let titles: Vec<usize> = articles.iter().map(|a| a.title.split_whitespace().count()).collect();
        let d = find(&words, &titles);
        assert_eq!(d.of[0], vec![2, 3]);
        assert!(d.of[1].is_empty());
        assert_eq!(d.exact, vec![vec![0, 3]]);
    }
}
