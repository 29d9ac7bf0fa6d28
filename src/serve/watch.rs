//! File watching for `serve`: which folders to watch, and what a changed path means for the
//! rebuild ([`Change`]). Classification is pure so that it can be tested without a watcher;
//! nothing here reads files or rebuilds anything.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventHandler, Debouncer, RecommendedCache};

use crate::config::Config;
use crate::source;

/// How long a path must be quiet before its events are delivered. Editors that save through a
/// temporary file and a rename finish within a few milliseconds, so one save is one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(80);
const TICK: Duration = Duration::from_millis(20);

/// What a changed path means for the rebuild. Ordered so that a batch is a sorted set.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// `site.toml`: everything is reloaded.
    Config,
    /// `static/`: everything is reloaded, so whatever the build does with it is redone.
    Static,
    /// The seeds folder itself was created, moved or deleted: everything is reloaded.
    SeedsFolder,
    /// A file in the templates folder: the theme is reloaded; a template change renders every
    /// page again, a stylesheet change only the stylesheet.
    Theme,
    /// An article file (absolute path): created, edited, renamed away or deleted.
    Article(PathBuf),
    /// Anything else in the seeds folder (absolute path), such as a sub-folder created, moved
    /// or deleted; the rebuild looks at what is there and what was known below it.
    SeedsEntry(PathBuf),
}

/// The places `serve` watches, from the site's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    pub root: PathBuf,
    pub config_file: PathBuf,
    pub seeds: PathBuf,
    pub templates: PathBuf,
    pub static_dir: PathBuf,
}

impl Watched {
    pub fn new(root: &Path, config: &Config) -> Watched {
        Watched {
            root: root.to_path_buf(),
            config_file: root.join(crate::config::CONFIG_FILE),
            seeds: root.join(&config.seeds),
            templates: root.join(&config.templates),
            static_dir: root.join("static"),
        }
    }

    /// What a change at `path` means, or `None` when no page can depend on it (hidden files,
    /// editor swap and backup files, the output folder, anything else outside the sources).
    pub fn classify(&self, path: &Path) -> Option<Change> {
        if path == self.config_file {
            return Some(Change::Config);
        }
        // Checked before the seeds folder in case a site keeps its templates inside it.
        for (dir, change) in [(&self.templates, Change::Theme), (&self.static_dir, Change::Static)] {
            if let Ok(rest) = path.strip_prefix(dir) {
                return (!has_hidden_part(rest) && !is_scratch(path)).then_some(change);
            }
        }
        if let Ok(rest) = path.strip_prefix(&self.seeds) {
            if rest.as_os_str().is_empty() {
                return Some(Change::SeedsFolder);
            }
            if has_hidden_part(rest) {
                return None;
            }
            if source::is_article(path) {
                return Some(Change::Article(path.to_path_buf()));
            }
            return (!is_scratch(path)).then(|| Change::SeedsEntry(path.to_path_buf()));
        }
        None
    }

    /// The folders to watch and how, for those that exist now.
    fn targets(&self) -> Vec<(PathBuf, RecursiveMode)> {
        // The root is watched flat: it may hold the output folder or a build tree with
        // thousands of folders, and only site.toml and the creation of a watched folder matter.
        let mut targets = vec![(self.root.clone(), RecursiveMode::NonRecursive)];
        for dir in [&self.seeds, &self.templates, &self.static_dir] {
            if !dir.is_dir() {
                continue;
            }
            match targets.iter_mut().find(|(t, _)| t == dir) {
                // `seeds = "."`: the root holds the articles, so it is watched all the way down.
                Some(same) => same.1 = RecursiveMode::Recursive,
                None => targets.push((dir.clone(), RecursiveMode::Recursive)),
            }
        }
        targets
    }
}

fn has_hidden_part(relative: &Path) -> bool {
    relative.components().any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')))
}

/// `file~` backups that editors write beside the real file; hidden swap files are caught by
/// `has_hidden_part`. Other probes (vim's `4913`) come in the same batch as the real save.
fn is_scratch(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().ends_with('~'))
}

/// The debounced watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    watched: Watched,
    active: Vec<(PathBuf, RecursiveMode)>,
}

impl Watcher {
    /// A watcher whose debounced batches go to `handler`, on the watcher's thread. It watches
    /// nothing until [`Watcher::update`].
    pub fn new(watched: Watched, handler: impl DebounceEventHandler) -> anyhow::Result<Watcher> {
        let debouncer = new_debouncer(DEBOUNCE, Some(TICK), handler)?;
        Ok(Watcher { debouncer, watched, active: Vec::new() })
    }

    pub fn watched(&self) -> &Watched {
        &self.watched
    }

    /// Watches what `watched` names: at the start, after a configuration change, or when a
    /// watched folder was created or removed. A folder that cannot be watched is reported and
    /// tried again on the next update; the others are watched.
    pub fn update(&mut self, watched: Watched) -> Vec<String> {
        let mut problems = Vec::new();
        let wanted = watched.targets();
        for old in &self.active {
            if !wanted.contains(old) {
                // The folder may be gone already, and its watch with it.
                let _ = self.debouncer.unwatch(&old.0);
            }
        }
        let mut active = Vec::new();
        for target in wanted {
            if self.active.contains(&target) {
                active.push(target);
                continue;
            }
            match self.debouncer.watch(&target.0, target.1) {
                Ok(()) => active.push(target),
                Err(e) => {
                    // Linux limits inotify watches per user; a big tree of folders reaches it.
                    let hint = match e.kind {
                        notify_debouncer_full::notify::ErrorKind::MaxFilesWatch => {
                            " (too many folders to watch: raise fs.inotify.max_user_watches)"
                        }
                        _ => "",
                    };
                    problems.push(format!("cannot watch {}: {e}{hint}", target.0.display()));
                }
            }
        }
        self.active = active;
        self.watched = watched;
        problems
    }
}

/// The changes in one debounced batch of events.
pub fn changes(watched: &Watched, events: &[notify_debouncer_full::DebouncedEvent]) -> BTreeSet<Change> {
    let mut changes = BTreeSet::new();
    for event in events {
        // Opening and reading files (our own rebuild does that) changes nothing.
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        changes.extend(event.paths.iter().filter_map(|p| watched.classify(p)));
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watched() -> Watched {
        Watched::new(Path::new("/site"), &Config::default())
    }

    fn classify(path: &str) -> Option<Change> {
        watched().classify(Path::new(path))
    }

    #[test]
    fn each_source_maps_to_its_change() {
        assert_eq!(classify("/site/site.toml"), Some(Change::Config));
        assert_eq!(classify("/site/templates/article.html"), Some(Change::Theme));
        assert_eq!(classify("/site/templates/style.css"), Some(Change::Theme));
        assert_eq!(classify("/site/static/logo.png"), Some(Change::Static));
        assert_eq!(classify("/site/seeds/a.txt"), Some(Change::Article("/site/seeds/a.txt".into())));
        assert_eq!(classify("/site/seeds/2014/b.md"), Some(Change::Article("/site/seeds/2014/b.md".into())));
        assert_eq!(classify("/site/seeds/2014"), Some(Change::SeedsEntry("/site/seeds/2014".into())));
        assert_eq!(classify("/site/seeds"), Some(Change::SeedsFolder));
    }

    #[test]
    fn editor_scratch_files_and_hidden_paths_are_ignored() {
        assert_eq!(classify("/site/seeds/.a.txt.swp"), None);
        assert_eq!(classify("/site/seeds/a.txt~"), None);
        assert_eq!(classify("/site/seeds/.git/index"), None);
        assert_eq!(classify("/site/seeds/.drafts/a.txt"), None);
        assert_eq!(classify("/site/templates/.base.html.swp"), None);
        assert_eq!(classify("/site/templates/base.html~"), None);
    }

    #[test]
    fn the_output_folder_and_other_files_are_ignored() {
        assert_eq!(classify("/site/public/index.html"), None);
        assert_eq!(classify("/site/README.md"), None);
        assert_eq!(classify("/site/site.toml.bak"), None);
        assert_eq!(classify("/elsewhere/seeds/a.txt"), None);
    }

    #[test]
    fn configured_folders_are_followed() {
        let config = Config { seeds: "articles".into(), templates: "theme".into(), ..Config::default() };
        let w = Watched::new(Path::new("/site"), &config);
        assert_eq!(
            w.classify(Path::new("/site/articles/a.txt")),
            Some(Change::Article("/site/articles/a.txt".into()))
        );
        assert_eq!(w.classify(Path::new("/site/theme/base.html")), Some(Change::Theme));
        assert_eq!(w.classify(Path::new("/site/seeds/a.txt")), None);
    }

    #[test]
    fn a_site_whose_root_holds_the_articles_is_watched_all_the_way_down() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let config = Config { seeds: ".".into(), ..Config::default() };
        let targets = Watched::new(root, &config).targets();
        assert_eq!(targets, vec![(root.join("."), RecursiveMode::Recursive)]);
        std::fs::create_dir(root.join("templates")).unwrap();
        let targets = Watched::new(root, &Config::default()).targets();
        assert_eq!(
            targets,
            vec![
                (root.to_path_buf(), RecursiveMode::NonRecursive),
                (root.join("templates"), RecursiveMode::Recursive)
            ]
        );
    }

    #[test]
    fn reads_do_not_count_as_changes() {
        use notify_debouncer_full::notify::event::{AccessKind, AccessMode, Event, ModifyKind};
        use notify_debouncer_full::DebouncedEvent;
        let at = std::time::Instant::now();
        let read = Event::new(EventKind::Access(AccessKind::Close(AccessMode::Read)))
            .add_path("/site/seeds/a.txt".into());
        assert!(changes(&watched(), &[DebouncedEvent::new(read, at)]).is_empty());
        let write = Event::new(EventKind::Modify(ModifyKind::Any)).add_path("/site/seeds/a.txt".into());
        assert_eq!(
            changes(&watched(), &[DebouncedEvent::new(write, at)]),
            BTreeSet::from([Change::Article("/site/seeds/a.txt".into())])
        );
    }
}
