//! A file's bytes through decoding, front matter and extraction, as `build` reads a seed:
//! never a panic, slugs that are safe as a folder name, and every non-empty body line used
//! exactly once as metadata, body or a removed line.
#![no_main]

use std::collections::BTreeMap;
use std::path::Path;

use dossier::config::ExtractConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let markdown = bytes.first().is_some_and(|b| b & 1 == 1);
    let path = Path::new(if markdown { "seeds/fuzz.md" } else { "seeds/fuzz.txt" });
    let mut notes = Vec::new();
    let Some(file) = dossier::source::from_bytes(path, bytes, markdown, &mut notes) else {
        assert!(notes.iter().any(|d| d.is_error()), "a file was refused without an error");
        return;
    };
    let (article, _) = dossier::extract::extract(&file, &ExtractConfig::default());
    assert!(!article.slug.is_empty());
    assert!(article.slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
    let mut uses: BTreeMap<usize, usize> = BTreeMap::new();
    let lines = article.metadata_lines.iter().map(|(l, _)| *l);
    let lines = lines.chain(article.body.iter().flat_map(|b| b.lines.iter().copied()));
    for line in lines.chain(article.removed.iter().map(|r| r.line)) {
        *uses.entry(line).or_default() += 1;
    }
    for (i, line) in file.body.split('\n').enumerate() {
        let number = i + 1 + file.body_line_offset;
        let count = uses.get(&number).copied().unwrap_or(0);
        assert_eq!(count, usize::from(!line.trim().is_empty()), "line {number} used {count} times: {line:?}");
    }
});
