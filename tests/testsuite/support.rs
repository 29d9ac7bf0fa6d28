//! The harness: make a site in a temp dir, build it, read and parse its pages.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use dossier::{BuildOptions, BuildReport};
use scraper::{Html, Selector};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a temporary folder; removed when dropped.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// An empty site with the given `site.toml` (no templates folder: the built-in theme).
    pub fn new(config: &str) -> TestSite {
        TestSite::new_in(config, &std::env::temp_dir())
    }

    /// The same, in memory (`/dev/shm`) where the machine has it: for tests that write
    /// many files, on a disk that is slow at that.
    pub fn in_memory(config: &str) -> TestSite {
        let shm = Path::new("/dev/shm");
        let parent = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
        TestSite::new_in(config, &parent)
    }

    fn new_in(config: &str, parent: &Path) -> TestSite {
        let dir = tempfile::tempdir_in(parent).expect("temp dir");
        std::fs::write(dir.path().join("site.toml"), config).unwrap();
        std::fs::create_dir(dir.path().join("seeds")).unwrap();
        TestSite { dir }
    }

    /// A copy of the repository's own site: site.toml, seeds/ and templates/.
    pub fn bundled() -> TestSite {
        let site = TestSite::new(&std::fs::read_to_string(repo_root().join("site.toml")).unwrap());
        for folder in ["seeds", "templates"] {
            let to = site.root().join(folder);
            std::fs::create_dir_all(&to).unwrap();
            for entry in std::fs::read_dir(repo_root().join(folder)).unwrap() {
                let entry = entry.unwrap();
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn build(&self) -> Result<BuildReport, dossier::BuildFailure> {
        dossier::build(&BuildOptions { root: self.root().to_path_buf(), output: None })
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn page(&self, relative: &str) -> Html {
        let path = self.out().join(relative);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Html::parse_document(&text)
    }

    pub fn page_text(&self, relative: &str) -> String {
        std::fs::read_to_string(self.out().join(relative)).unwrap()
    }

    /// Output files, relative, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = walk(&self.out())
            .into_iter()
            .map(|p| p.strip_prefix(self.out()).unwrap().to_string_lossy().replace('\\', "/"))
            .filter(|p| !p.starts_with(".dossier"))
            .collect();
        files.sort();
        files
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

pub fn select(html: &Html, selector: &str) -> Vec<String> {
    let s = Selector::parse(selector).unwrap();
    html.select(&s)
        .map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

pub fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    let s = Selector::parse(selector).unwrap();
    html.select(&s).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// Runs the `dossier` binary with `args` in `dir`: (exit code, stdout, stderr).
pub fn dossier(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("dossier runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `a/b/../c` -> `a/c`, with `/` separators.
pub fn normalise(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// Where the link checks mount a built site: the root of a host, and a sub-path as on a
/// GitHub Pages project site.
pub const MOUNTS: [&str; 2] = ["/", "/archive/"];

/// Every internal link of every built page resolves to a file the build wrote, with the site
/// served at each of [`MOUNTS`].
pub fn assert_links_resolve(site: &TestSite) {
    for mount in MOUNTS {
        let broken = unresolved_links(site, mount);
        assert!(broken.is_empty(), "served at {mount}:\n{}", broken.join("\n"));
    }
}

/// The internal links that do not reach a file of the built site when it is served at `mount`
/// (a URL path ending in `/`), one line each; pure file-system resolution, as a static host
/// would do it. Checked: every `href` and `src` attribute of every HTML page, resolved as a
/// browser resolves them (against the page's address, or its `<base>`), and the search page's
/// `data-root`, from which `search.js` loads the index and links each result.
pub fn unresolved_links(site: &TestSite, mount: &str) -> Vec<String> {
    let files: BTreeSet<String> = site.files().into_iter().collect();
    let mut broken = Vec::new();
    let mut checked = 0;
    let mut check = |from: &str, base: &str, root: &str, target: &str| {
        checked += 1;
        let url = resolve_url(base, target);
        let file = url.strip_prefix(root).map(|rest| {
            if rest.is_empty() || rest.ends_with('/') {
                format!("{rest}index.html")
            } else {
                rest.to_string()
            }
        });
        match file {
            Some(file) if files.contains(&file) => {}
            Some(file) => broken.push(format!("{from}: {target} -> {url}: no file {file}")),
            None => broken.push(format!("{from}: {target} -> {url}: outside the site at {root}")),
        }
    };
    for page in files.iter().filter(|f| f.ends_with(".html")) {
        let html = site.page(page);
        // A page with a `<base>` (the 404 page, served at any depth) resolves its links from
        // there: `base_url`, the address where the site is published.
        let (base, root) = match attrs(&html, "base", "href").first() {
            Some(href) => {
                let path = url_path(href);
                (path.clone(), path)
            }
            None => (format!("{mount}{page}"), mount.to_string()),
        };
        for attr in ["href", "src"] {
            for target in attrs(&html, &format!("[{attr}]"), attr) {
                if !has_scheme(&target) && !target.starts_with('#') {
                    check(page, &base, &root, &target);
                }
            }
        }
        for data_root in attrs(&html, "[data-root]", "data-root") {
            let search_root = resolve_url(&base, &data_root);
            check(page, &search_root, &root, "search/meta.json");
            for chunk in files.iter().filter(|f| f.starts_with("search/docs/")) {
                let rows: Vec<Vec<serde_json::Value>> = serde_json::from_str(&site.page_text(chunk)).unwrap();
                for row in rows {
                    let link = row[1].as_str().unwrap();
                    check(&format!("{page} (result in {chunk})"), &search_root, &root, link);
                }
            }
        }
    }
    assert!(checked > 0, "no links found");
    broken
}

/// `target` resolved against the URL path `base` (RFC 3986 section 5.2), as a URL path:
/// query and fragment dropped, dot segments removed, `..` above the host's root ignored as
/// browsers ignore it.
pub fn resolve_url(base: &str, target: &str) -> String {
    let target = target.split(['#', '?']).next().unwrap_or("");
    let merged = if target.starts_with('/') {
        target.to_string()
    } else if target.is_empty() {
        base.to_string()
    } else {
        format!("{}{target}", &base[..=base.rfind('/').expect("an absolute path")])
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = merged.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." if last => out.push(""),
            "." => {}
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

/// The path of an absolute URL: `https://e.org/archive/` -> `/archive/`.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or_else(|| "/".to_string(), |i| after_scheme[i..].to_string())
}

fn has_scheme(target: &str) -> bool {
    target.starts_with("//")
        || target.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}
