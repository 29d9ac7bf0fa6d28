//! Pages -> disk: each file written only when its bytes changed, through a temporary file and
//! a rename so that no reader ever sees half a page, and files a previous build wrote but this
//! one did not are removed. Files dossier did not write are never touched.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::render::Page;

/// Lists what the last build wrote, so that the next one can remove what is gone.
pub const MANIFEST: &str = ".dossier-files";

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Writes `pages` under `out` (shown to the user as `shown`).
pub fn write_site(out: &Path, shown: &Path, pages: &[Page]) -> Result<WriteStats, Vec<Diagnostic>> {
    std::fs::create_dir_all(out).map_err(|e| {
        vec![Diagnostic::error(shown, format!("cannot create the output folder: {e}"))
            .with_help("choose another folder with --output, or fix its permissions")]
    })?;
    let results: Vec<Result<bool, Diagnostic>> =
        pages.par_iter().map(|p| write_page(out, shown, p)).collect();
    let mut stats = WriteStats::default();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(true) => stats.written += 1,
            Ok(false) => stats.unchanged += 1,
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let now: BTreeSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    let before = std::fs::read_to_string(out.join(MANIFEST)).unwrap_or_default();
    for old in before.lines().filter(|l| !l.is_empty() && !now.contains(l)) {
        if let Some(path) = safe_join(out, old) {
            if std::fs::remove_file(&path).is_ok() {
                stats.removed += 1;
                remove_empty_parents(out, &path);
            }
        }
    }
    let manifest: String = now.iter().map(|p| format!("{p}\n")).collect();
    if manifest != before {
        atomic_write(&out.join(MANIFEST), manifest.as_bytes())
            .map_err(|e| vec![Diagnostic::error(shown.join(MANIFEST), format!("cannot write: {e}"))])?;
    }
    Ok(stats)
}

/// Writes one page if its content differs; returns whether it wrote.
fn write_page(out: &Path, shown: &Path, page: &Page) -> Result<bool, Diagnostic> {
    let shown_path = shown.join(&page.path);
    let Some(path) = safe_join(out, &page.path) else {
        return Err(Diagnostic::error(&shown_path, "refusing to write outside the output folder"));
    };
    if let Ok(existing) = std::fs::read(&path) {
        if existing == page.content {
            return Ok(false);
        }
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(&shown_path, format!("cannot create its folder: {e}")))?;
    }
    atomic_write(&path, &page.content).map_err(|e| {
        Diagnostic::error(&shown_path, format!("cannot write: {e}"))
            .with_help("check free space and permissions of the output folder")
    })?;
    Ok(true)
}

/// Writes to a temporary file beside `path`, syncs it, and renames it over `path`.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.dossier-tmp"));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_data()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `out/relative`, or `None` if `relative` would leave `out`.
fn safe_join(out: &Path, relative: &str) -> Option<PathBuf> {
    let rel = Path::new(relative);
    rel.components().all(|c| matches!(c, Component::Normal(_))).then(|| out.join(rel))
}

fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, content: &str) -> Page {
        Page { path: path.to_string(), content: content.as_bytes().to_vec() }
    }

    #[test]
    fn unchanged_pages_are_not_rewritten_and_stale_ones_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("mine.txt"), "user file").unwrap();
        let first = write_site(out, out, &[page("a/index.html", "A"), page("b/index.html", "B")]).unwrap();
        assert_eq!(first, WriteStats { written: 2, unchanged: 0, removed: 0 });
        let second = write_site(out, out, &[page("a/index.html", "A2")]).unwrap();
        assert_eq!(second, WriteStats { written: 1, unchanged: 0, removed: 1 });
        assert!(!out.join("b").exists());
        assert_eq!(std::fs::read_to_string(out.join("mine.txt")).unwrap(), "user file");
        let third = write_site(out, out, &[page("a/index.html", "A2")]).unwrap();
        assert_eq!(third, WriteStats { written: 0, unchanged: 1, removed: 0 });
    }

    #[test]
    fn paths_cannot_escape() {
        assert!(safe_join(Path::new("/o"), "../x").is_none());
        assert!(safe_join(Path::new("/o"), "/etc/passwd").is_none());
        assert!(safe_join(Path::new("/o"), "a/b.html").is_some());
    }
}
