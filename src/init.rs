//! `init`: a new site folder with a commented `site.toml`, one example article and the
//! built-in templates to edit. Never writes into a folder that has anything in it.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::render::default_theme_files;

/// The new site's configuration: every option, commented, with its default.
pub const SITE_TOML: &str = r#"# dossier site configuration. Every key is optional; unknown keys are errors.
title = "My archive"
description = "News articles collected for research, with topic pages"
# The absolute address the site will be published at. Feeds, the sitemap and canonical links
# need it; without it they are left out and everything else still works.
# base_url = "https://example.org/archive/"
language = "en"

# Folders, relative to this file.
seeds = "seeds"
templates = "templates"
output = "public"

[extract]
# Lines containing any of these (any case) are always removed / always kept in the body.
drop = []
keep = []
# List the lines removed from each source, collapsed, on its article page.
show_removed = true

[pages]
# Articles per list page (home, topics, sources, timeline); longer lists go on at page/2/.
per_page = 50
# End internal links in index.html, to browse the built site straight from disk (file://).
link_index_html = false

# One block per topic: every article that mentions it is listed on its page. An alias in
# capitals (NATO) matches only in capitals; others match in any case. The name counts too.
[[topics]]
name = "Example topic"
description = "What this topic is about."
aliases = ["example", "examples"]
"#;

/// One article, so that the first build shows every kind of page.
pub const EXAMPLE_ARTICLE: &str = "---
title: An example article
date: 2024-01-15
source: Example News
---
This is an example article. Replace it with articles copied from news sites: plain text (.txt) or Markdown (.md), one article per file, in any sub-folder of seeds/.

dossier finds the title, date, publisher and body in the text, removes page furniture such as menus, captions and share buttons, and lists every removed line on the article page.
";

const GITIGNORE: &str = "/public\n";

/// Creates a site in `dir` (made if missing) and returns the files written, relative to it.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Diagnostic::error(
                    dir,
                    "the folder is not empty; `dossier init` only writes into a new or empty folder",
                )
                .with_help("choose a new folder name, e.g. `dossier init my-archive`"));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Diagnostic::error(dir, format!("cannot read the folder: {e}"))),
    }
    let mut files: Vec<(PathBuf, &[u8])> = vec![
        (PathBuf::from("site.toml"), SITE_TOML.as_bytes()),
        (PathBuf::from(".gitignore"), GITIGNORE.as_bytes()),
        (PathBuf::from("seeds/example.md"), EXAMPLE_ARTICLE.as_bytes()),
    ];
    for (name, bytes) in default_theme_files() {
        files.push((Path::new("templates").join(name), bytes));
    }
    for (relative, bytes) in &files {
        let path = dir.join(relative);
        let parent = path.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(parent, format!("cannot create the folder: {e}")))?;
        std::fs::write(&path, bytes).map_err(|e| Diagnostic::error(&path, format!("cannot write: {e}")))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    #[test]
    fn the_new_config_is_valid_and_spells_out_the_defaults() {
        let c = Config::parse(SITE_TOML, Path::new("site.toml")).unwrap();
        let defaults = Config::default();
        assert_eq!(c.seeds, defaults.seeds);
        assert_eq!(c.output, defaults.output);
        assert_eq!(c.pages.per_page, defaults.pages.per_page);
        assert_eq!(c.pages.link_index_html, defaults.pages.link_index_html);
        assert_eq!(c.extract.show_removed, defaults.extract.show_removed);
        assert_eq!(c.topics.len(), 1);
    }

    #[test]
    fn a_folder_with_files_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = init(dir.path()).unwrap_err();
        assert_eq!(
            err.message,
            "the folder is not empty; `dossier init` only writes into a new or empty folder"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
