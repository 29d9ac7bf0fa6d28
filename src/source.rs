//! The seeds folder -> [`SourceFile`]s: walk, read, decode, split off front matter.
//!
//! Reading only. Decisions about what the text means belong to `extract`. A file that cannot
//! be read or decoded becomes a diagnostic naming it; the others still load.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, FrontMatter};

/// Files larger than this are refused rather than loaded: no news article is 16 MiB of text,
/// and a file that size is a database dump or a mistake, which would only slow every stage.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user knows it, relative to the site root (e.g. `seeds/000.txt`).
    pub path: PathBuf,
    /// The decoded text of the body, front matter removed; line endings normalised to `\n`.
    pub body: String,
    /// Lines before the body in the file, so that body line N is file line N + offset.
    pub body_line_offset: usize,
    pub front: FrontMatter,
    /// `.md` bodies are Markdown; `.txt` bodies are plain text.
    pub markdown: bool,
}

pub struct Loaded {
    pub files: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads every `.txt` and `.md` file under `seeds`, sorted by path. `root` is the site root,
/// used to show paths the way the user typed them.
pub fn load(root: &Path, seeds: &Path) -> Loaded {
    let mut diagnostics = Vec::new();
    let mut paths = Vec::new();
    let walker = WalkDir::new(seeds)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && is_article(e.path()) => paths.push(e.into_path()),
            Ok(e) if !e.file_type().is_dir() && is_article(e.path()) => {
                // Reading a named pipe or a device would block or never end; say why it is left.
                diagnostics.push(special_file(&relative(root, e.path()), &e.file_type()));
            }
            Ok(_) => {}
            // A missing seeds folder gets its own error below.
            Err(e) if e.depth() == 0 && !seeds.exists() => {}
            Err(e) => diagnostics.push(walk_error(root, seeds, &e)),
        }
    }
    if !seeds.is_dir() {
        diagnostics.push(
            Diagnostic::error(relative(root, seeds), "the seeds folder does not exist")
                .with_help("create it and put articles (.txt or .md) in it, or set `seeds` in site.toml"),
        );
    }
    let results: Vec<(Option<SourceFile>, Vec<Diagnostic>)> = paths
        .par_iter()
        .map(|path| {
            let mut notes = Vec::new();
            let file = read_one(&relative(root, path), path, &mut notes);
            (file, notes)
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for (file, notes) in results {
        files.extend(file);
        diagnostics.extend(notes);
    }
    Loaded { files, diagnostics }
}

/// Loads one file given on the command line, shown as given.
pub fn load_file(path: &Path) -> Loaded {
    let mut diagnostics = Vec::new();
    let files = read_one(path, path, &mut diagnostics).into_iter().collect();
    Loaded { files, diagnostics }
}

/// Loads one file of a site, shown relative to `root` as [`load`] shows it (for `serve`, which
/// re-reads only the files that changed).
pub fn load_one(root: &Path, path: &Path) -> Loaded {
    let mut diagnostics = Vec::new();
    let files = read_one(&relative(root, path), path, &mut diagnostics).into_iter().collect();
    Loaded { files, diagnostics }
}

/// A warning for an entry the walk could not follow: a link loop, a dangling link, a folder
/// that cannot be listed.
fn walk_error(root: &Path, seeds: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e.path().map_or_else(|| seeds.to_path_buf(), Path::to_path_buf);
    let shown = relative(root, &path);
    if e.loop_ancestor().is_some() {
        return Diagnostic::warning(shown, "skipped: symbolic link loop; the folder is read once")
            .with_help("remove the link");
    }
    let dangling = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
        && std::fs::metadata(&path).is_err();
    if dangling {
        return Diagnostic::warning(shown, "skipped: the symbolic link points to nothing")
            .with_help("remove the link or restore what it pointed to");
    }
    let why = e.io_error().map_or_else(|| e.to_string(), |io| io.to_string());
    Diagnostic::warning(shown, format!("skipped: {why}")).with_help("make it readable, or remove it")
}

fn special_file(shown: &Path, file_type: &std::fs::FileType) -> Diagnostic {
    Diagnostic::warning(shown, format!("skipped: not a regular file ({})", special_kind(file_type)))
        .with_help("articles must be regular files")
}

fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    let _ = file_type;
    "a special file"
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Whether [`load`] reads a file of this name as an article (`.txt`, `.md`, no `~` backup).
pub fn is_article(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    if name.ends_with('~') {
        return false;
    }
    matches!(
        path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
        Some("txt" | "md" | "markdown")
    )
}

pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn read_one(shown: &Path, path: &Path, notes: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    let metadata = std::fs::metadata(path);
    if let Ok(m) = &metadata {
        // Reading a named pipe or a device blocks or never ends (`serve` re-reads files the
        // watcher names, `extract` the files it is given); a folder fails below with its reason.
        if !m.is_file() && !m.is_dir() {
            notes.push(special_file(shown, &m.file_type()));
            return None;
        }
    }
    let too_big = || {
        Diagnostic::error(shown, format!("file is larger than {} MiB; skipped", MAX_FILE_BYTES >> 20))
            .with_help("split it into one file per article")
    };
    if metadata.as_ref().is_ok_and(|m| m.len() > MAX_FILE_BYTES) {
        notes.push(too_big());
        return None;
    }
    // Read at most one byte past the limit: a file still growing is not read without end.
    let size = metadata.as_ref().map_or(0, |m| m.len().min(MAX_FILE_BYTES) as usize);
    let read = std::fs::File::open(path).and_then(|file| {
        let mut bytes = Vec::with_capacity(size + 1);
        std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_FILE_BYTES + 1), &mut bytes)?;
        Ok(bytes)
    });
    let bytes = match read {
        Ok(b) if b.len() as u64 > MAX_FILE_BYTES => {
            notes.push(too_big());
            return None;
        }
        Ok(b) => b,
        Err(e) => {
            notes.push(
                Diagnostic::error(shown, format!("cannot read the file: {e}"))
                    .with_help("check its permissions"),
            );
            return None;
        }
    };
    let markdown =
        !matches!(path.extension().and_then(|e| e.to_str()), Some(e) if e.eq_ignore_ascii_case("txt"));
    from_vec(shown, bytes, markdown, notes)
}

/// One file's bytes -> a [`SourceFile`]: decoded, newlines normalised, front matter split off
/// and typed. `None` when it cannot be an article (binary, bad front matter); the reason is
/// pushed to `notes` with warnings about what was read.
pub fn from_bytes(
    shown: &Path,
    bytes: &[u8],
    markdown: bool,
    notes: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    from_vec(shown, bytes.to_vec(), markdown, notes)
}

/// [`from_bytes`] for bytes read for it: UTF-8 text becomes the body without a copy.
pub fn from_vec(
    shown: &Path,
    bytes: Vec<u8>,
    markdown: bool,
    notes: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    let text = match decode(bytes) {
        Decoded::Text(t) => t,
        Decoded::Guessed(t, encoding) => {
            notes.push(
                Diagnostic::warning(shown, format!("not valid UTF-8; read as {encoding}"))
                    .with_help("save the file as UTF-8 to be sure every character is right"),
            );
            t
        }
        Decoded::Cleaned(t, removed) => {
            let what = if removed == 1 { "control character" } else { "control characters" };
            notes.push(
                Diagnostic::warning(shown, format!("{removed} {what} (such as NUL) removed"))
                    .with_help("save the file again from its source, or check for binary data in it"),
            );
            t
        }
        Decoded::Binary(what) => {
            notes.push(
                Diagnostic::error(shown, format!("not a text file ({what}); skipped"))
                    .with_help("articles must be plain text or Markdown"),
            );
            return None;
        }
    };
    let text = normalise_newlines(text);
    let split = match frontmatter::split(&text, shown) {
        Ok(s) => s,
        Err(d) => {
            notes.push(d);
            return None;
        }
    };
    let front = match split.yaml {
        Some(yaml) => match frontmatter::parse(yaml, &text, shown, notes) {
            Ok(f) => f,
            Err(d) => {
                notes.push(d);
                return None;
            }
        },
        None => FrontMatter::default(),
    };
    // The body is a part of the text: without front matter, all of it, kept as it is.
    let start = split.body.as_ptr() as usize - text.as_ptr() as usize;
    let (len, body_line_offset) = (split.body.len(), split.body_line_offset);
    let body = if start == 0 && len == text.len() { text } else { text[start..start + len].to_string() };
    Some(SourceFile { path: shown.to_path_buf(), body, body_line_offset, front, markdown })
}

pub enum Decoded {
    Text(String),
    /// Read, with this many stray control characters (NUL and the like) taken out.
    Cleaned(String, usize),
    Guessed(String, &'static str),
    Binary(&'static str),
}

/// The openings of binary files people drop into a seeds folder by mistake.
const BINARY_SIGNATURES: [(&[u8], &str); 5] = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
];

/// UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 with a warning. UTF-8
/// without a BOM, the common case, becomes the text without a copy.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    if let Some((_, what)) = BINARY_SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Decoded::Binary(what);
    }
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return match had_errors {
            false => checked(text.into_owned()),
            true => Decoded::Guessed(text.into_owned(), encoding.name()),
        };
    }
    match String::from_utf8(bytes) {
        Ok(text) => checked(text),
        Err(e) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(e.as_bytes());
            match checked(text.into_owned()) {
                Decoded::Text(t) | Decoded::Cleaned(t, _) => Decoded::Guessed(t, "Windows-1252"),
                other => other,
            }
        }
    }
}

/// Text with many NUL or control bytes is binary data that happens to decode.
fn checked(text: String) -> Decoded {
    // Control characters are C0 (bytes below 0x20), DEL and C1 (U+0080 to U+009F, which UTF-8
    // writes as 0xC2 0x80 to 0xC2 0x9F): most files have none, told by their bytes alone.
    let bytes = text.as_bytes();
    let control_at = |i: usize, b: u8| {
        (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    };
    // Blocks of 32 bytes are screened without a branch per byte (any 0xC2 lets its block
    // through: it also opens a no-break space or a copyright sign); the few let through are
    // looked at byte by byte.
    const BLOCK: usize = 32;
    let may_hold_control = bytes.chunks(BLOCK).enumerate().any(|(k, block)| {
        let screened = block.iter().fold(false, |any, &b| {
            any | (b < 0x20 && b != b'\n' && b != b'\r' && b != b'\t' && b != 0x0c)
                | (b == 0x7f)
                | (b == 0xc2)
        });
        screened && block.iter().enumerate().any(|(j, &b)| control_at(k * BLOCK + j, b))
    });
    if !may_hold_control {
        return Decoded::Text(text);
    }
    let control =
        text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    if control > 8 && control * 20 > text.chars().count() {
        return Decoded::Binary("binary data");
    }
    if control == 0 {
        return Decoded::Text(text);
    }
    // A few stray control characters (NUL from a bad copy) are dropped, not fatal.
    let stray = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    let removed = text.chars().filter(|&c| stray(c)).count();
    Decoded::Cleaned(text.replace(stray, ""), removed)
}

fn normalise_newlines(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(bytes: &[u8]) -> (String, bool) {
        match decode(bytes.to_vec()) {
            Decoded::Text(t) | Decoded::Cleaned(t, _) => (t, false),
            Decoded::Guessed(t, _) => (t, true),
            Decoded::Binary(w) => panic!("binary: {w}"),
        }
    }

    #[test]
    fn utf8_bom_is_removed() {
        assert_eq!(text_of(b"\xef\xbb\xbfTitle"), ("Title".to_string(), false));
    }

    #[test]
    fn windows_1252_is_decoded_with_a_warning() {
        assert_eq!(
            text_of(b"Kiev\x92s \x93talks\x94"),
            ("Kiev\u{2019}s \u{201c}talks\u{201d}".to_string(), true)
        );
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let bytes: Vec<u8> =
            [0xff, 0xfe].into_iter().chain("Hi".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(text_of(&bytes).0, "Hi");
    }

    #[test]
    fn images_are_refused() {
        assert!(matches!(decode(b"\x89PNG\r\n\x1a\n\0\0".to_vec()), Decoded::Binary("a PNG image")));
    }

    #[test]
    fn control_characters_are_found_wherever_they_sit() {
        let line = "Kyiv \u{2014} talks \u{a9} 2024\u{a0}resumed.\n";
        let clean = line.repeat(5);
        assert!(matches!(checked(clean.clone()), Decoded::Text(t) if t == clean));
        // A stray NUL, a DEL and a C1 control (U+0085, whose two bytes straddle a block of 32
        // when it opens at byte 31), each at several places.
        for stray in ["\0", "\u{7f}", "\u{85}"] {
            for at in [0, 5, 30, 31, 32, 63, clean.len()] {
                let mut text = clean.clone();
                text.insert_str(at, stray);
                match checked(text) {
                    Decoded::Cleaned(t, 1) => assert_eq!(t, clean, "{stray:?} at {at}"),
                    _ => panic!("{stray:?} at {at} not found"),
                }
            }
        }
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(normalise_newlines("a\r\nb\rc".to_string()), "a\nb\nc");
    }
}
