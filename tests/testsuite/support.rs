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

/// Every `href` and `src` in every built HTML page that stays inside the site names a file
/// the build wrote.
pub fn assert_links_resolve(site: &TestSite) {
    let files: BTreeSet<String> = site.files().into_iter().collect();
    let mut checked = 0;
    for page in files.iter().filter(|f| f.ends_with(".html")) {
        let html = site.page(page);
        let mut targets = attrs(&html, "a", "href");
        targets.extend(attrs(&html, "link", "href"));
        targets.extend(attrs(&html, "img", "src"));
        targets.extend(attrs(&html, "script", "src"));
        for target in targets {
            if target.contains("://") || target.starts_with('#') || target.starts_with("mailto:") {
                continue;
            }
            let path = target.split('#').next().unwrap();
            let joined = normalise(&Path::new(page).parent().unwrap().join(path));
            let resolved = if path.is_empty() || path.ends_with('/') {
                format!("{joined}/index.html").trim_start_matches('/').to_string()
            } else {
                joined
            };
            assert!(files.contains(&resolved), "{page}: link {target} -> {resolved} does not exist");
            checked += 1;
        }
    }
    assert!(checked > 0, "no links found");
}
