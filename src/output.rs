//! Pages -> disk, so that no reader and no interrupted build ever sees a half-made site.
//!
//! The new site is assembled in a sibling staging folder: pages whose bytes changed are
//! written there, and every other file of the current output (unchanged pages, and files
//! dossier did not write) is hard-linked in, keeping its inode and modification time, so that
//! rsync or a CDN sees only the real changes. The staging folder then replaces the output in
//! one atomic rename (an exchange on Linux). A build killed at any moment leaves the previous
//! output as it was; a build where nothing changed writes nothing at all. Files a previous
//! build wrote and this one did not are left out of the new tree; files dossier did not write
//! are carried over untouched.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::render::Page;

/// Lists what the last build wrote, with a hash of each file, so that the next build can
/// tell what changed without reading the files back.
pub const MANIFEST: &str = ".dossier-files";

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Writes `pages` as the site in `out` (shown to the user as `shown`).
pub fn write_site(out: &Path, shown: &Path, pages: &[Page]) -> Result<WriteStats, Vec<Diagnostic>> {
    let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    let writer = SiteWriter::new(out, shown, &paths)?;
    let errors: Vec<Diagnostic> =
        pages.par_iter().enumerate().filter_map(|(i, p)| writer.put(i, &p.content).err()).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    writer.finish()
}

/// Writes a site page by page as pages are produced, from any number of threads, so that a
/// build never holds every rendered page at once. The paths are known up front (the page
/// plan); each page's bytes arrive once through [`SiteWriter::put`], in any order. The
/// staging folder is only made when the first changed page arrives: a build where nothing
/// changed writes nothing. Dropping the writer without [`SiteWriter::finish`] (an error, a
/// failed render) removes the staging folder and leaves the output as it was.
pub struct SiteWriter<'a> {
    out: PathBuf,
    shown: PathBuf,
    paths: &'a [&'a str],
    before: BTreeMap<String, u64>,
    produced: HashMap<&'a str, ()>,
    removed: usize,
    hashes: Vec<AtomicU64>,
    written: AtomicUsize,
    /// The staging folder once made (and whether any file of the current output was linked
    /// into it), or why it could not be.
    staging: OnceLock<Result<(PathBuf, bool), String>>,
}

impl<'a> SiteWriter<'a> {
    /// Prepares to write the pages `paths` (in the order the manifest lists them).
    pub fn new(out: &Path, shown: &Path, paths: &'a [&'a str]) -> Result<SiteWriter<'a>, Vec<Diagnostic>> {
        // Swapping a folder in for a file would delete the file: somebody's data, not a site.
        if std::fs::symlink_metadata(out).is_ok_and(|m| !m.is_dir()) {
            return Err(vec![Diagnostic::error(
                shown,
                "the output path is a file, not a folder; nothing was written",
            )
            .with_help("move the file away, or choose another folder with --output")]);
        }
        for path in paths {
            if safe_join(out, path).is_none() {
                return Err(vec![Diagnostic::error(
                    shown.join(path),
                    "refusing to write outside the output folder",
                )]);
            }
        }
        let before = read_manifest(out);
        let produced: HashMap<&str, ()> = paths.iter().map(|p| (*p, ())).collect();
        let removed = before
            .keys()
            .filter(|p| !produced.contains_key(p.as_str()))
            .filter(|p| out.join(p.as_str()).exists())
            .count();
        Ok(SiteWriter {
            out: out.to_path_buf(),
            shown: shown.to_path_buf(),
            paths,
            before,
            produced,
            removed,
            hashes: paths.iter().map(|_| AtomicU64::new(0)).collect(),
            written: AtomicUsize::new(0),
            staging: OnceLock::new(),
        })
    }

    /// Takes the bytes of page `index` (of the paths given to [`SiteWriter::new`]): remembers
    /// their hash and writes them into staging if they differ from the current output.
    pub fn put(&self, index: usize, content: &[u8]) -> Result<(), Diagnostic> {
        let path = self.paths[index];
        let hash = content_hash(content);
        self.hashes[index].store(hash, Ordering::Relaxed);
        if self.before.get(path) == Some(&hash) && self.out.join(path).is_file() {
            return Ok(());
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        let (staging, carried) = self.staging().map_err(|e| self.failure(&e))?;
        write_new(&staging.join(path), content, carried)
            .map_err(|e| Diagnostic::error(self.shown.join(path), format!("cannot write: {e}")))
    }

    /// Writes the manifest and swaps the new site in, unless nothing changed.
    pub fn finish(self) -> Result<WriteStats, Vec<Diagnostic>> {
        let written = self.written.load(Ordering::Relaxed);
        let stats = WriteStats { written, unchanged: self.paths.len() - written, removed: self.removed };
        if written == 0 && self.removed == 0 && self.out.join(MANIFEST).is_file() {
            return Ok(stats);
        }
        let (staging, carried) = self.staging().map_err(|e| vec![self.failure(&e)])?;
        let manifest: String = self
            .paths
            .iter()
            .zip(&self.hashes)
            .map(|(p, h)| format!("{:016x} {p}\n", h.load(Ordering::Relaxed)))
            .collect();
        let fail = |what: &str, e: std::io::Error| vec![self.failure(&format!("{what}: {e}"))];
        write_new(&staging.join(MANIFEST), manifest.as_bytes(), carried)
            .map_err(|e| fail("cannot write the manifest", e))?;
        swap_in(&staging, &self.out).map_err(|e| fail("cannot move the new site into place", e))?;
        // Drop removes the staging path, which now holds the previous output.
        Ok(stats)
    }

    /// The staging folder, made on first use with the current output linked into it, and
    /// whether anything was.
    fn staging(&self) -> Result<(PathBuf, bool), String> {
        self.staging
            .get_or_init(|| {
                let staging = sibling(&self.out, "dossier-new");
                let _ = std::fs::remove_dir_all(&staging);
                std::fs::create_dir_all(&staging)
                    .map_err(|e| format!("cannot create a staging folder beside the output: {e}"))?;
                let carried = carry_over(&self.out, &staging, &self.produced, &self.before)
                    .map_err(|e| format!("cannot link the current output: {e}"))?;
                Ok((staging, carried))
            })
            .clone()
    }

    fn failure(&self, message: &str) -> Diagnostic {
        Diagnostic::error(&self.shown, message)
            .with_help("check free space and permissions, or choose another folder with --output")
    }
}

impl Drop for SiteWriter<'_> {
    fn drop(&mut self) {
        // After a swap the staging path holds the previous output; after a failure, the
        // partial new one. Either way it goes.
        if let Some(Ok((staging, _))) = self.staging.get() {
            let _ = std::fs::remove_dir_all(staging);
        }
    }
}

/// `out`'s sibling `.<name>.<suffix>`, on the same file system so that renames and hard
/// links work.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out.file_name().map_or_else(|| "site".into(), |n| n.to_string_lossy().to_string());
    out.with_file_name(format!(".{name}.{suffix}"))
}

fn read_manifest(out: &Path) -> BTreeMap<String, u64> {
    let text = std::fs::read_to_string(out.join(MANIFEST)).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            let (hash, path) = l.split_once(' ')?;
            Some((path.to_string(), u64::from_str_radix(hash, 16).ok()?))
        })
        .collect()
}

/// A 64-bit hash of a file's bytes, for telling whether it changed: FxHash reads 16 bytes a
/// step, about three times the speed of the standard library's SipHash on pages, and a build
/// hashes every page. Its values may change with a new version of the crate (pinned in
/// `Cargo.lock`); the first build after such a change then rewrites every file once.
fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    bytes.hash(&mut h);
    h.finish()
}

/// Links into `staging` every file of `out` except those this build no longer produces:
/// unchanged and changed pages (a changed one is then replaced) and files dossier did not
/// write. Says whether it linked anything.
fn carry_over(
    out: &Path,
    staging: &Path,
    produced: &HashMap<&str, ()>,
    before: &BTreeMap<String, u64>,
) -> std::io::Result<bool> {
    let mut carried = false;
    if !out.is_dir() {
        return Ok(carried);
    }
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.map_err(std::io::Error::other)?;
        let relative = entry.path().strip_prefix(out).map_err(std::io::Error::other)?;
        let key = relative.to_string_lossy().replace('\\', "/");
        let target = staging.join(relative);
        // Folders come with the files linked into them, so that one left holding only pages
        // no longer produced goes with them; an empty folder someone put there stays.
        if entry.file_type().is_dir() {
            if std::fs::read_dir(entry.path())?.next().is_none() {
                std::fs::create_dir_all(&target)?;
            }
            continue;
        }
        if key == MANIFEST || (before.contains_key(&key) && !produced.contains_key(key.as_str())) {
            continue;
        }
        // Pages produced again are linked too; a changed one is then replaced in staging.
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target)?;
        }
        carried = true;
    }
    Ok(carried)
}

/// Writes a file in staging, replacing a hard link to the old version rather than writing
/// through it (which would change the current output). `carried` says whether files of the
/// current output were linked into staging; when none were, there is nothing to replace.
fn write_new(path: &Path, bytes: &[u8], carried: bool) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    if carried {
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)
}

/// Puts `staging` in the place of `out`; afterwards `staging` holds the previous output.
fn swap_in(staging: &Path, out: &Path) -> std::io::Result<()> {
    if !out.exists() {
        return std::fs::rename(staging, out);
    }
    if exchange(staging, out).is_ok() {
        return Ok(());
    }
    // Without an atomic exchange: two renames, with the old site kept until the new is in.
    let old = sibling(out, "dossier-old");
    let _ = std::fs::remove_dir_all(&old);
    std::fs::rename(out, &old)?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e);
    }
    std::fs::rename(&old, staging)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "no atomic exchange here"))
}

/// `out/relative`, or `None` if `relative` would leave `out`.
fn safe_join(out: &Path, relative: &str) -> Option<PathBuf> {
    let rel = Path::new(relative);
    rel.components().all(|c| matches!(c, Component::Normal(_))).then(|| out.join(rel))
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
        let out = dir.path().join("public");
        let first = write_site(&out, &out, &[page("a/index.html", "A"), page("b/index.html", "B")]).unwrap();
        assert_eq!(first, WriteStats { written: 2, unchanged: 0, removed: 0 });
        std::fs::write(out.join("CNAME"), "example.org").unwrap();
        std::fs::create_dir(out.join("uploads")).unwrap();
        #[cfg(unix)]
        let inode =
            std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(out.join("a/index.html")).unwrap());
        let second = write_site(&out, &out, &[page("a/index.html", "A"), page("c/index.html", "C")]).unwrap();
        assert_eq!(second, WriteStats { written: 1, unchanged: 1, removed: 1 });
        assert!(!out.join("b/index.html").exists());
        assert!(!out.join("b").exists(), "the folder of a page no longer produced goes too");
        assert!(out.join("uploads").is_dir(), "an empty folder someone made stays");
        assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "example.org");
        #[cfg(unix)]
        assert_eq!(
            std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(out.join("a/index.html")).unwrap()),
            inode,
            "unchanged page kept"
        );
        let third = write_site(&out, &out, &[page("a/index.html", "A"), page("c/index.html", "C")]).unwrap();
        assert_eq!(third, WriteStats { written: 0, unchanged: 2, removed: 0 });
        let leftovers: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn a_changed_page_does_not_write_through_the_old_link() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &out, &[page("a.html", "old")]).unwrap();
        let keep = dir.path().join("snapshot.html");
        std::fs::hard_link(out.join("a.html"), &keep).unwrap();
        write_site(&out, &out, &[page("a.html", "new")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(keep).unwrap(), "old");
    }

    #[test]
    fn paths_cannot_escape() {
        assert!(safe_join(Path::new("/o"), "../x").is_none());
        assert!(safe_join(Path::new("/o"), "/etc/passwd").is_none());
        assert!(safe_join(Path::new("/o"), "a/b.html").is_some());
    }
}
