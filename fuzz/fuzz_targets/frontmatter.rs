//! Front matter splitting and typed parsing on any text: a diagnostic or a value, never a panic,
//! and every position a diagnostic names lies inside the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = Path::new("seeds/fuzz.md");
    let split = match dossier::frontmatter::split(text, path) {
        Ok(split) => split,
        Err(d) => return check_position(&d, text),
    };
    assert!(text.ends_with(split.body), "the body is the end of the file");
    let Some(yaml) = split.yaml else { return };
    let mut warnings = Vec::new();
    if let Err(d) = dossier::frontmatter::parse(yaml, text, path, &mut warnings) {
        check_position(&d, text);
    }
    for w in &warnings {
        check_position(w, text);
    }
});

fn check_position(d: &dossier::Diagnostic, text: &str) {
    let shown = d.to_string();
    assert!(shown.contains("seeds/fuzz.md"), "{shown}");
    if let Some(p) = d.position {
        assert!(p.line >= 1 && p.column >= 1, "{shown}");
        assert!(p.line <= text.split('\n').count(), "{shown}");
    }
}
