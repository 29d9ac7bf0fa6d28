//! Incremental rebuilds for `serve`: the loaded site, theme and rendered pages kept in memory,
//! and for each batch of changes only the work it touches redone. Never writes a file.
//!
//! An edited article is read and extracted again on its own and its topic memberships are
//! recomputed (they depend on that article only). When it keeps its slug, the pages rendered
//! again are those that [`PageKind::uses_article`] and whose part for it
//! ([`render::article_entries`]) differs before and after: a body edit renders one page. A page
//! of a long list that does not show the article depends only on whether the article sits
//! before or after it, so a new title that keeps the order renders one page of each list, and
//! a new date renders the pages between the old place and the new. When articles come, go or
//! change slug, slugs are made unique again and articles whose slug moved count as edited; new
//! slugs of articles that stay (with the `-2`, `-3`... of titles that make the same slug) are
//! compared the same way under the new plan, otherwise every page that shows an old or a new
//! version renders again, as do pages at new addresses. The plan is redone only when
//! articles come or go or publishers or topics change; new slugs alone move their pages'
//! addresses in the plan there is. How the lists order the articles is kept across edits and
//! mended for new titles, so that an edit reads the edited articles and their neighbours, not
//! the whole corpus, whose memory may have gone cold while the server waited. The search data
//! and the sitemap, which list every article, follow in a second pass with the related
//! articles ([`Preview::finish_links`]). A template change renders every page, a stylesheet
//! change only the stylesheet; `site.toml` or `static/` reloads everything. Rendered bytes are compared
//! with the copy in memory so that only real changes are served anew. Errors keep the last
//! good version of every page.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::watch::Change;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::extract::{self, Article};
use crate::render::{self, PageKind, PageSpec, Theme};
use crate::source::{self, SourceFile};
use crate::topics::{Membership, TopicIndex};
use crate::Site;

/// The site in memory, and the errors that currently keep parts of it at their last good
/// version.
pub struct Preview {
    root: PathBuf,
    state: Option<State>,
    pages: HashMap<String, Arc<[u8]>>,
    config_error: Option<Diagnostic>,
    theme_error: Option<Diagnostic>,
    render_errors: Vec<Diagnostic>,
    /// Errors of source files (unreadable, bad front matter), by the path shown to the user.
    file_errors: BTreeMap<PathBuf, Vec<Diagnostic>>,
}

struct State {
    site: Site,
    theme: Theme,
    /// Each article's slug before [`extract::assign_unique_slugs`], in article order.
    base_slugs: Vec<String>,
    /// The page plan the current pages were rendered from.
    specs: Vec<PageSpec>,
    /// Each page's position in `specs`, by path.
    spec_index: HashMap<String, usize>,
    /// How the lists order the articles: kept while edits leave every title, date, publisher
    /// and topic as it was, so that such an edit does not read every article.
    orders: render::Orders,
    /// Per article, the article pages that list it as related or as a copy.
    listed_by: Vec<Vec<usize>>,
    /// The templates folder as it was read before the theme in effect was loaded.
    template_files: TemplateFiles,
    /// A render failed since the last complete one, so some pages may be behind: the next
    /// rebuild renders them all.
    stale: bool,
    /// Which long lines recur across the corpus, as of the last full load: an edit to one
    /// file barely changes it, and extraction of that file needs it.
    corpus: extract::Corpus,
    /// Related articles and copies as they were before edits whose effect on them is not
    /// computed yet (see [`Preview::finish_links`]).
    pending_links: Option<LinksBefore>,
    /// The search files and the sitemap wait for the second pass too: each lists every
    /// article, and nobody previews them.
    pending_site_lists: bool,
}

/// Each article's related articles and copies, by path.
type LinkLists = HashMap<PathBuf, (Vec<PathBuf>, Vec<PathBuf>)>;

/// Related articles and copies as they were before edits, to tell which article pages the
/// recomputed lists change.
enum LinksBefore {
    /// By article index: kept while edits move no article, the usual case of one file saved,
    /// and cheap to take.
    ByIndex(Vec<(Vec<usize>, Vec<usize>)>),
    /// By path, once an edit added, removed or renamed articles.
    ByPath(LinkLists),
    /// The lists in the state are still the ones from before the edits (edits in place do
    /// not touch them): taken only when the second pass recomputes them, so that the first
    /// pass, which serves the edited page, does not copy every article's lists.
    InState,
}

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Rebuild {
    /// Every page rendered, whether its bytes changed or not.
    pub pages: Vec<(String, Arc<[u8]>)>,
    pub rendered: Rendered,
    /// Pages whose bytes differ from the ones served before, or that are new.
    pub changed: usize,
    pub removed: Vec<String>,
    /// Diagnostics found while rebuilding, to print.
    pub notes: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Everything was loaded from scratch.
    pub full: bool,
    pub articles: usize,
    pub topics: usize,
}

impl Rebuild {
    /// Nothing was loaded, rendered or reported.
    pub fn did_nothing(&self) -> bool {
        !self.full && self.rendered.total() == 0 && self.notes.is_empty() && self.removed.is_empty()
    }
}

/// How many pages of each kind were rendered.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Rendered {
    pub articles: usize,
    pub topics: usize,
    /// The home page and the topics index.
    pub indexes: usize,
    /// The 404 page and any other kind of page.
    pub other: usize,
    pub assets: usize,
}

impl Rendered {
    fn count(specs: &[PageSpec]) -> Rendered {
        let mut r = Rendered::default();
        for spec in specs {
            match spec.kind {
                PageKind::Article(_) => r.articles += 1,
                PageKind::Topic(_) => r.topics += 1,
                PageKind::Home | PageKind::TopicIndex => r.indexes += 1,
                PageKind::Asset(_) => r.assets += 1,
                // The 404 page, and kinds added later until they get a count of their own.
                _ => r.other += 1,
            }
        }
        r
    }

    pub fn total(&self) -> usize {
        self.articles + self.topics + self.indexes + self.other + self.assets
    }
}

/// Every file below the templates folder with its bytes, by relative path.
type TemplateFiles = BTreeMap<PathBuf, Vec<u8>>;

/// What reloading the theme changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ThemeChange {
    /// A template changed: every page renders again.
    Templates,
    /// Only files copied as they are (the stylesheet): only those pages render again.
    AssetsOnly,
    /// The theme did not load; the old one stays.
    Failed,
}

/// What re-reading one source file found.
enum Edit {
    /// The file gives this article (its slug not yet made unique).
    Upsert(Box<Article>),
    /// The file is gone, is a draft now, or is no longer an article.
    Remove,
    /// The file has errors: the last good version stays.
    Broken,
}

impl Preview {
    /// A preview of the site at `root`; nothing is loaded until [`Preview::reload`].
    pub fn new(root: &Path) -> Preview {
        Preview {
            root: root.to_path_buf(),
            state: None,
            pages: HashMap::new(),
            config_error: None,
            theme_error: None,
            render_errors: Vec::new(),
            file_errors: BTreeMap::new(),
        }
    }

    /// The configuration in effect, if the site ever loaded.
    pub fn config(&self) -> Option<&Config> {
        self.state.as_ref().map(|s| &s.site.config)
    }

    /// The current pages, by path.
    pub fn pages(&self) -> &HashMap<String, Arc<[u8]>> {
        &self.pages
    }

    /// Every error that keeps something at its last good version, sorted by file.
    pub fn errors(&self) -> Vec<Diagnostic> {
        let mut errors: Vec<Diagnostic> =
            self.config_error.iter().chain(&self.theme_error).cloned().collect();
        errors.extend(self.render_errors.iter().cloned());
        errors.extend(self.file_errors.values().flatten().cloned());
        errors
    }

    /// Applies a batch of changes, as incrementally as they allow.
    pub fn apply(&mut self, changes: &BTreeSet<Change>) -> Rebuild {
        let reload_all = self.state.is_none()
            || self.config_error.is_some()
            || changes.iter().any(|c| matches!(c, Change::Config | Change::Static | Change::SeedsFolder));
        if reload_all {
            return self.reload();
        }
        let started = Instant::now();
        let mut rebuild = Rebuild::default();
        let theme = match changes.contains(&Change::Theme) {
            true => self.reload_theme(&mut rebuild.notes),
            false => ThemeChange::Failed,
        };
        let render_all = theme == ThemeChange::Templates;
        let render_assets = theme == ThemeChange::AssetsOnly;
        let paths: Vec<PathBuf> = self.article_paths(changes).into_iter().collect();
        let Some(config) = self.config().cloned() else {
            unreachable!("checked above: a site without state is reloaded whole");
        };
        let read: Vec<(PathBuf, Edit, Vec<Diagnostic>)> =
            paths.par_iter().map(|p| self.read(&config, p)).collect();
        let mut edits = Vec::with_capacity(read.len());
        for (shown, edit, notes) in read {
            let errors: Vec<Diagnostic> = notes.iter().filter(|d| d.is_error()).cloned().collect();
            if errors.is_empty() {
                self.file_errors.remove(&shown);
            } else {
                self.file_errors.insert(shown.clone(), errors);
            }
            rebuild.notes.extend(notes);
            edits.push((shown, edit));
        }
        if edits.is_empty() && !render_all && !render_assets {
            // An editor's probe file, or a save that failed to load: nothing to render.
            rebuild.elapsed = started.elapsed();
            return rebuild;
        }
        let Some(state) = self.state.as_mut() else {
            unreachable!("checked above: a site without state is reloaded whole");
        };
        // Related articles and copies depend on the whole corpus: this rebuild keeps the
        // current lists (moved with their articles) and `finish_links` recomputes them after.
        let links_before = state.pending_links.take().unwrap_or(LinksBefore::InState);
        let reshuffles = state.reshuffles(&edits);
        let touched = if reshuffles && !state.shifts_indices(&edits) {
            // New slugs only: every article keeps its index, and so do the lists.
            state.pending_links = Some(links_before);
            state.reshuffle(edits)
        } else if reshuffles {
            // Indices are about to shift: keep the lists by path, and renumber them after.
            let links_before = match links_before {
                LinksBefore::ByIndex(lists) => LinksBefore::ByPath(state.by_path(lists)),
                LinksBefore::InState => LinksBefore::ByPath(state.by_path(state.index_lists())),
                by_path => by_path,
            };
            let old_paths: Vec<PathBuf> = state.site.articles.iter().map(|a| a.path.clone()).collect();
            state.pending_links = Some(links_before);
            let touched = state.reshuffle(edits);
            state.carry_links(&old_paths);
            touched
        } else {
            state.pending_links = Some(links_before);
            state.edit_in_place(edits)
        };
        // An edit can add or drop pages (a new publisher, a longer topic list): plan again and
        // compare; planning is cheap beside rendering.
        // An edit in place that keeps the publisher and the topics keeps the plan too: the
        // plan follows slugs, publishers and topic sizes only.
        let may_replan = render_all
            || render_assets
            || matches!(touched, Touched::Reshuffled { .. } | Touched::Pages { plan_kept: false, .. });
        let mut replan = Replan::Kept;
        match &touched {
            // New slugs that leave the plan as it was but for the addresses of their pages.
            Touched::Reshuffled { new, plan_kept: true, .. } if !render_all && !render_assets => {
                replan = Replan::Patched(state.patch_specs(new));
            }
            _ if may_replan => {
                let plan = render::plan(&state.site, &state.theme, &state.orders);
                if render_all
                    || render_assets
                    || matches!(touched, Touched::Reshuffled { .. })
                    || plan.len() != state.specs.len()
                    || plan.iter().zip(&state.specs).any(|(a, b)| a != b)
                {
                    state.set_specs(plan);
                    replan = Replan::Whole;
                }
            }
            _ => {}
        }
        // Renamed articles: the pages whose entries differ under the new plan.
        let renamed: Option<HashSet<String>> = match &touched {
            Touched::Reshuffled { before: Some(before), .. } => {
                let (present, gone): (Vec<_>, Vec<_>) =
                    before.iter().partition(|(path, _)| state.position(path).is_ok());
                let now: Vec<usize> =
                    present.iter().filter_map(|(path, _)| state.position(path).ok()).collect();
                let mut dirty = HashSet::new();
                for ((_, old), new) in present.iter().zip(state.entries_of(&now)) {
                    differing(old, &new, &mut dirty);
                }
                for (_, old) in gone {
                    differing(old, &Entries::new(), &mut dirty);
                }
                Some(dirty)
            }
            _ => None,
        };
        let everything = render_all || state.stale;
        let to_render: Vec<PageSpec> = if everything {
            state.specs.clone()
        } else {
            let site = &state.site;
            let dirty = match (&touched, &renamed) {
                (Touched::Pages { dirty, .. }, _) | (_, Some(dirty)) => Some(dirty),
                (Touched::Reshuffled { .. }, None) => None,
            };
            // Pages by position in the plan. A known set of dirty pages is looked up, so that a
            // body edit does not read every page's path.
            let mut wanted: Vec<usize> = match (dirty, &touched) {
                (Some(dirty), _) => dirty.iter().filter_map(|p| state.spec_index.get(p)).copied().collect(),
                (None, Touched::Reshuffled { old_pages, new, .. }) => (0..state.specs.len())
                    .filter(|&k| {
                        let s = &state.specs[k];
                        old_pages.contains(&s.path)
                            || new.iter().any(|&a| s.kind.uses_article(a, site, &state.listed_by))
                    })
                    .collect(),
                (None, Touched::Pages { .. }) => unreachable!("an edit in place always tells its pages"),
            };
            // Every page of a kept plan is in memory (a failed render makes the state stale);
            // a new plan may have pages that are not yet, and a patched one has them among
            // the pages it moved.
            if let Replan::Patched(_) = replan {
                if let Touched::Reshuffled { new, .. } = &touched {
                    wanted.extend(new.iter().filter(|&&i| !self.pages.contains_key(&state.specs[i].path)));
                }
            }
            if replan == Replan::Whole || render_assets {
                wanted.extend((0..state.specs.len()).filter(|&k| {
                    let s = &state.specs[k];
                    (replan == Replan::Whole && !self.pages.contains_key(&s.path))
                        || (render_assets && matches!(s.kind, PageKind::Asset(_)))
                }));
            }
            wanted.sort_unstable();
            wanted.dedup();
            wanted.into_iter().map(|k| state.specs[k].clone()).collect()
        };
        // The search files and the sitemap follow in the second pass, with the related articles.
        let (later, to_render): (Vec<PageSpec>, Vec<PageSpec>) = to_render
            .into_iter()
            .partition(|s| !everything && lists_the_site(s.kind) && self.pages.contains_key(&s.path));
        if let Some(state) = self.state.as_mut() {
            state.pending_site_lists |= !later.is_empty();
        }
        // After a failed render, pages of an earlier plan may still wait to be dropped.
        let replan = if everything { Replan::Whole } else { replan };
        self.render(&to_render, &replan, &mut rebuild);
        rebuild.elapsed = started.elapsed();
        rebuild
    }

    /// Recomputes related articles and copies after edits, and renders the article pages
    /// whose lists changed. Kept apart from [`Preview::apply`] because it reads the whole
    /// corpus: the edited pages are served first, this follows. `None` when nothing waits.
    pub fn finish_links(&mut self) -> Option<Rebuild> {
        let started = Instant::now();
        let state = self.state.as_mut()?;
        let before = state.pending_links.take();
        let site_lists = std::mem::take(&mut state.pending_site_lists);
        if before.is_none() && !site_lists {
            return None;
        }
        let mut changed: HashSet<usize> = HashSet::new();
        if let Some(before) = before {
            let before = match before {
                LinksBefore::InState => LinksBefore::ByIndex(state.index_lists()),
                taken => taken,
            };
            state.site.topics.link_articles(&state.site.articles);
            state.listed_by = render::listed_by(&state.site);
            changed = match before {
                LinksBefore::ByIndex(before) => {
                    let after = state.index_lists();
                    (0..after.len()).filter(|&i| before.get(i) != after.get(i)).collect()
                }
                LinksBefore::ByPath(before) => {
                    let after = state.link_lists();
                    (0..state.site.articles.len())
                        .filter(|&i| {
                            let path = &state.site.articles[i].path;
                            before.get(path) != after.get(path)
                        })
                        .collect()
                }
                LinksBefore::InState => unreachable!("taken by index above"),
            };
        }
        let specs: Vec<PageSpec> = state
            .specs
            .iter()
            .filter(|s| {
                matches!(s.kind, PageKind::Article(i) if changed.contains(&i))
                    || (site_lists && lists_the_site(s.kind))
            })
            .cloned()
            .collect();
        let mut rebuild = Rebuild::default();
        if !specs.is_empty() {
            self.render(&specs, &Replan::Kept, &mut rebuild);
        }
        rebuild.elapsed = started.elapsed();
        Some(rebuild)
    }

    /// Loads everything from scratch: config, sources, theme; renders every page.
    pub fn reload(&mut self) -> Rebuild {
        let started = Instant::now();
        let mut rebuild = Rebuild { full: true, ..Rebuild::default() };
        let config = match Config::load(&self.root) {
            Ok(c) => c,
            Err(d) => {
                rebuild.notes.push(d.clone());
                self.config_error = Some(d);
                rebuild.elapsed = started.elapsed();
                return rebuild;
            }
        };
        self.config_error = None;
        let loaded = source::load(&self.root, &self.root.join(&config.seeds));
        self.file_errors.clear();
        for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
            self.file_errors.entry(d.path.clone()).or_default().push(d.clone());
        }
        rebuild.notes.extend(loaded.diagnostics);
        let files: Vec<SourceFile> = loaded.files.into_iter().filter(|f| !f.front.draft).collect();
        let (corpus, keys) = extract::Corpus::with_keys(&files);
        let results: Vec<(Article, Vec<Diagnostic>)> = files
            .par_iter()
            .zip(&keys)
            .map(|(f, k)| extract::extract_keyed(f, &config.extract, &corpus, k))
            .collect();
        let mut articles = Vec::with_capacity(results.len());
        for (article, notes) in results {
            articles.push(article);
            rebuild.notes.extend(notes);
        }
        let base_slugs: Vec<String> = articles.iter().map(|a| a.slug.clone()).collect();
        extract::assign_unique_slugs(&mut articles);
        let topics = crate::index_articles(&articles, &config);
        let site = Site { config, articles, topics };
        let theme_dir = self.root.join(&site.config.templates);
        let mut template_files = template_files(&theme_dir);
        let theme = match Theme::load(&theme_dir, &source::relative(&self.root, &theme_dir)) {
            Ok(t) => {
                self.theme_error = None;
                t
            }
            Err(d) => {
                rebuild.notes.push(d.clone());
                self.theme_error = Some(d);
                // The last good theme renders the new content, if there ever was one.
                match self.state.take() {
                    Some(old) => {
                        template_files.clone_from(&old.template_files);
                        old.theme
                    }
                    None => {
                        rebuild.elapsed = started.elapsed();
                        return rebuild;
                    }
                }
            }
        };
        let orders = render::Orders::new(&site);
        let specs = render::plan(&site, &theme, &orders);
        self.state = Some(State {
            listed_by: render::listed_by(&site),
            site,
            theme,
            base_slugs,
            spec_index: spec_index(&specs),
            specs: specs.clone(),
            orders,
            template_files,
            stale: false,
            corpus,
            pending_links: None,
            pending_site_lists: false,
        });
        self.render(&specs, &Replan::Whole, &mut rebuild);
        rebuild.elapsed = started.elapsed();
        rebuild
    }

    /// Reloads the templates and tells what changed.
    fn reload_theme(&mut self, notes: &mut Vec<Diagnostic>) -> ThemeChange {
        let Some(state) = self.state.as_mut() else { return ThemeChange::Failed };
        let dir = self.root.join(&state.site.config.templates);
        // Read before loading: a file saved in between then looks changed next time, rather
        // than unchanged while the theme in memory is older.
        let files = template_files(&dir);
        match Theme::load(&dir, &source::relative(&self.root, &dir)) {
            Ok(theme) => {
                let assets: Vec<&Path> =
                    theme.assets().iter().map(|(name, _)| Path::new(name.as_str())).collect();
                let old = std::mem::replace(&mut state.template_files, files);
                let differs =
                    |p: &PathBuf| !assets.contains(&p.as_path()) && old.get(p) != state.template_files.get(p);
                let templates_changed = old.keys().chain(state.template_files.keys()).any(differs);
                state.theme = theme;
                self.theme_error = None;
                match templates_changed {
                    true => ThemeChange::Templates,
                    false => ThemeChange::AssetsOnly,
                }
            }
            Err(d) => {
                notes.push(d.clone());
                self.theme_error = Some(d);
                ThemeChange::Failed
            }
        }
    }

    /// The article files a batch touches, as absolute paths: the files named, and for other
    /// entries in the seeds folder (a folder created, moved or deleted) the articles now
    /// below it and those known below it before.
    fn article_paths(&self, changes: &BTreeSet<Change>) -> BTreeSet<PathBuf> {
        let mut paths = BTreeSet::new();
        for change in changes {
            match change {
                Change::Article(p) => {
                    paths.insert(p.clone());
                }
                Change::SeedsEntry(entry) => {
                    if entry.is_dir() {
                        let walker = WalkDir::new(entry).follow_links(true).into_iter().filter_entry(|e| {
                            e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                        });
                        for e in walker.flatten() {
                            if e.file_type().is_file() && source::is_article(e.path()) {
                                paths.insert(e.into_path());
                            }
                        }
                    }
                    let shown = source::relative(&self.root, entry);
                    if let Some(state) = &self.state {
                        let known =
                            state.site.articles.iter().map(|a| &a.path).filter(|p| p.starts_with(&shown));
                        paths.extend(known.map(|p| self.root.join(p)));
                    }
                    let broken = self.file_errors.keys().filter(|p| p.starts_with(&shown) && **p != shown);
                    paths.extend(broken.map(|p| self.root.join(p)));
                }
                Change::Config | Change::Static | Change::SeedsFolder | Change::Theme => {}
            }
        }
        paths
    }

    /// Reads one article file again: what it now gives, what to print, and its errors.
    fn read(&self, config: &Config, path: &Path) -> (PathBuf, Edit, Vec<Diagnostic>) {
        let shown = source::relative(&self.root, path);
        if !path.is_file() {
            return (shown, Edit::Remove, Vec::new());
        }
        let loaded = source::load_one(&self.root, path);
        let mut notes = loaded.diagnostics;
        let edit = match loaded.files.into_iter().next() {
            Some(file) if file.front.draft => Edit::Remove,
            Some(file) => {
                let corpus = self.state.as_ref().map(|s| &s.corpus);
                let (article, extract_notes) = match corpus {
                    Some(corpus) => extract::extract_in(&file, &config.extract, corpus),
                    None => extract::extract(&file, &config.extract),
                };
                notes.extend(extract_notes);
                Edit::Upsert(Box::new(article))
            }
            None => Edit::Broken,
        };
        (shown, edit, notes)
    }

    /// Renders `specs` and keeps the pages whose bytes changed, and after a new plan drops
    /// pages no longer in it; on a template error the old pages stay and the next rebuild
    /// renders everything.
    fn render(&mut self, specs: &[PageSpec], replanned: &Replan, rebuild: &mut Rebuild) {
        let Some(state) = self.state.as_mut() else { return };
        rebuild.articles = state.site.articles.len();
        rebuild.topics = state.site.topics.topics.len();
        match render::render_pages(&state.site, &state.theme, &state.orders, specs) {
            Ok(pages) => {
                state.stale = false;
                self.render_errors.clear();
                rebuild.rendered = Rendered::count(specs);
                for page in pages {
                    let bytes: Arc<[u8]> = match self.pages.get(&page.path) {
                        Some(old) if **old == *page.content => old.clone(),
                        _ => {
                            rebuild.changed += 1;
                            let bytes: Arc<[u8]> = page.content.into();
                            self.pages.insert(page.path.clone(), bytes.clone());
                            bytes
                        }
                    };
                    rebuild.pages.push((page.path, bytes));
                }
                let gone: Vec<String> = match replanned {
                    Replan::Kept => Vec::new(),
                    Replan::Patched(gone) => gone.clone(),
                    Replan::Whole => {
                        let plan: HashSet<&str> = state.specs.iter().map(|s| s.path.as_str()).collect();
                        self.pages.keys().filter(|p| !plan.contains(p.as_str())).cloned().collect()
                    }
                };
                for path in gone {
                    if self.pages.remove(&path).is_some() {
                        rebuild.removed.push(path);
                    }
                }
            }
            Err(errors) => {
                state.stale = true;
                rebuild.notes.extend(errors.iter().cloned());
                self.render_errors = errors;
            }
        }
    }
}

/// Whether and how a rebuild changed the plan.
#[derive(Debug, PartialEq, Eq)]
enum Replan {
    Kept,
    /// Only the addresses of some article pages moved: these old addresses are gone.
    Patched(Vec<String>),
    /// Planned again: pages in memory that the new plan lacks are gone.
    Whole,
}

/// Which pages an edit may have changed.
enum Touched {
    /// Articles were edited in place and kept their slugs: `dirty` pages show something of an
    /// edited article that differs from before; `plan_kept` when publishers and topics stayed
    /// too, so that the pages to render are the ones there were.
    Pages { dirty: HashSet<String>, plan_kept: bool },
    /// Articles were added or removed, or slugs moved: the plan is redone, and the pages to
    /// render are those that showed an old version or show a new one.
    Reshuffled {
        old_pages: HashSet<String>,
        /// Indices (after the edit) of articles that are new, edited, or got another slug.
        new: Vec<usize>,
        /// When the edits only gave existing articles new slugs (a new title in a file
        /// without front matter) and no other article's slug moved: what the pages showed of
        /// each edited article before, by path, to compare with what the new plan shows.
        before: Option<Vec<(PathBuf, Entries)>>,
        /// No article came or went and none changed publisher or topics: the plan is the one
        /// there was but for the addresses of the pages of articles in `new`.
        plan_kept: bool,
    },
}

/// Adds to `dirty` every page whose entry differs between `old` and `new`.
fn differing(old: &Entries, new: &Entries, dirty: &mut HashSet<String>) {
    for path in old.keys().chain(new.keys()) {
        let same = matches!((old.get(path), new.get(path)), (Some(Some(x)), Some(Some(y))) if x == y);
        if !same {
            dirty.insert(path.clone());
        }
    }
}

/// What each page that uses an article shows of it, by page path.
type Entries = HashMap<String, Option<Arc<[u8]>>>;

fn spec_index(specs: &[PageSpec]) -> HashMap<String, usize> {
    specs.iter().enumerate().map(|(k, s)| (s.path.clone(), k)).collect()
}

impl State {
    /// Gives the pages of articles `moved` the addresses of their new slugs, in a plan that
    /// starts with the article pages in article order; the old addresses no longer in use.
    fn patch_specs(&mut self, moved: &[usize]) -> Vec<String> {
        let mut old: Vec<String> = Vec::with_capacity(moved.len());
        for &i in moved {
            let path = render::article_page_path(&self.site.articles[i]);
            let spec = &mut self.specs[i];
            debug_assert_eq!(spec.kind, PageKind::Article(i), "a plan starts with the article pages");
            if spec.path != path {
                self.spec_index.remove(&spec.path);
                old.push(std::mem::replace(&mut spec.path, path));
            }
        }
        for &i in moved {
            self.spec_index.insert(self.specs[i].path.clone(), i);
        }
        old.retain(|p| !self.spec_index.contains_key(p));
        old
    }

    fn set_specs(&mut self, specs: Vec<PageSpec>) {
        if specs.len() == self.specs.len() {
            // Usually a few pages moved (a new slug): only their places are told again.
            let moved =
                || self.specs.iter().zip(&specs).enumerate().filter(|(_, (old, new))| old.path != new.path);
            for (_, (old, _)) in moved() {
                self.spec_index.remove(&old.path);
            }
            let places: Vec<(String, usize)> = moved().map(|(k, (_, new))| (new.path.clone(), k)).collect();
            self.spec_index.extend(places);
        } else {
            self.spec_index = spec_index(&specs);
        }
        self.specs = specs;
    }

    fn position(&self, shown: &Path) -> Result<usize, usize> {
        // Articles are in the order `source::load` walks the seeds folder: by path,
        // component by component, which is how `Path` compares.
        self.site.articles.binary_search_by(|a| a.path.as_path().cmp(shown))
    }

    /// Whether `edits` add or remove articles or move a slug, which shifts indices.
    fn reshuffles(&self, edits: &[(PathBuf, Edit)]) -> bool {
        edits.iter().any(|(path, edit)| match (edit, self.position(path)) {
            (Edit::Upsert(_), Err(_)) | (Edit::Remove, Ok(_)) => true,
            (Edit::Upsert(a), Ok(i)) => a.slug != self.base_slugs[i],
            _ => false,
        })
    }

    /// Whether `edits` add or remove articles, which moves the indices of others.
    fn shifts_indices(&self, edits: &[(PathBuf, Edit)]) -> bool {
        edits.iter().any(|(path, edit)| {
            matches!((edit, self.position(path)), (Edit::Upsert(_), Err(_)) | (Edit::Remove, Ok(_)))
        })
    }

    /// Edits that add nothing, remove nothing and move no slug: the pages to render are those
    /// whose part for an edited article differs, compared before and after.
    fn edit_in_place(&mut self, edits: Vec<(PathBuf, Edit)>) -> Touched {
        let mut updates: Vec<(usize, Article)> = Vec::new();
        for (path, edit) in edits {
            if let (Edit::Upsert(article), Ok(i)) = (edit, self.position(&path)) {
                updates.push((i, *article));
            }
        }
        let edited: Vec<usize> = updates.iter().map(|(i, _)| *i).collect();
        let before = self.entries_of(&edited);
        let mut plan_kept = true;
        let mut reorder = Reorder::default();
        for (i, mut article) in updates {
            // The base slug is the one it had, so the unique slug stays too.
            article.slug.clone_from(&self.site.articles[i].slug);
            let memberships = memberships(&article, &self.site.config, i);
            reorder.note(i, &self.site.articles[i], &self.site.topics.by_article[i], &article, &memberships);
            let same_topics = refile(&mut self.site.topics, i, memberships);
            plan_kept &= same_topics && self.site.articles[i].source == article.source;
            self.site.articles[i] = article;
        }
        reorder.apply(&mut self.orders, &self.site);
        let mut dirty = HashSet::new();
        for (old, new) in before.iter().zip(self.entries_of(&edited)) {
            differing(old, &new, &mut dirty);
        }
        Touched::Pages { dirty, plan_kept }
    }

    /// Each article's related articles and copies, by index.
    fn index_lists(&self) -> Vec<(Vec<usize>, Vec<usize>)> {
        let topics = &self.site.topics;
        (0..self.site.articles.len())
            .map(|i| {
                let related = topics.related.get(i).into_iter().flatten().map(|r| r.article).collect();
                let copies = topics.duplicates.of.get(i).cloned().unwrap_or_default();
                (related, copies)
            })
            .collect()
    }

    /// Lists by index turned into lists by path, while the indices still hold.
    fn by_path(&self, lists: Vec<(Vec<usize>, Vec<usize>)>) -> LinkLists {
        let path = |i: usize| self.site.articles[i].path.clone();
        lists
            .into_iter()
            .enumerate()
            .map(|(i, (related, copies))| {
                (path(i), (related.into_iter().map(path).collect(), copies.into_iter().map(path).collect()))
            })
            .collect()
    }

    /// Each article's related articles and copies, by path, so that they compare across
    /// edits that move articles.
    fn link_lists(&self) -> LinkLists {
        let s = &self.site;
        let key = |i: usize| s.articles[i].path.clone();
        (0..s.articles.len())
            .map(|i| {
                let related = s.topics.related.get(i).into_iter().flatten().map(|r| key(r.article)).collect();
                let copies = s.topics.duplicates.of.get(i).into_iter().flatten().map(|&j| key(j)).collect();
                (key(i), (related, copies))
            })
            .collect()
    }

    /// After edits that moved, added or removed articles, renumbers the related articles and
    /// copies (found for the articles at `old_paths`) so that they name the same articles
    /// again; lists of new articles are empty, and removed articles drop out.
    fn carry_links(&mut self, old_paths: &[PathBuf]) {
        let now: HashMap<&PathBuf, usize> =
            self.site.articles.iter().enumerate().map(|(i, a)| (&a.path, i)).collect();
        let unchanged =
            old_paths.len() == now.len() && old_paths.iter().enumerate().all(|(i, p)| now.get(p) == Some(&i));
        if unchanged {
            return;
        }
        let n = self.site.articles.len();
        let topics = &mut self.site.topics;
        let mut related = vec![Vec::new(); n];
        let mut of = vec![Vec::new(); n];
        for (old, path) in old_paths.iter().enumerate() {
            let Some(&i) = now.get(path) else { continue };
            let moved = |j: usize| old_paths.get(j).and_then(|p| now.get(p)).copied();
            related[i] = topics
                .related
                .get(old)
                .into_iter()
                .flatten()
                .filter_map(|r| {
                    moved(r.article)
                        .map(|article| crate::topics::related::RelatedArticle { article, score: r.score })
                })
                .collect();
            of[i] = topics.duplicates.of.get(old).into_iter().flatten().filter_map(|&j| moved(j)).collect();
        }
        let exact: Vec<Vec<usize>> = topics
            .duplicates
            .exact
            .iter()
            .map(|g| {
                g.iter()
                    .filter_map(|&j| old_paths.get(j).and_then(|p| now.get(p)).copied())
                    .collect::<Vec<_>>()
            })
            .filter(|g| g.len() > 1)
            .collect();
        topics.related = related;
        topics.duplicates = crate::topics::duplicates::Duplicates { of, exact };
        self.listed_by = render::listed_by(&self.site);
    }

    /// The pages that show anything of article `a` ([`PageKind::uses_article`]). A plan
    /// starts with the article pages in article order, so those are found by index.
    fn pages_showing(&self, a: usize) -> Vec<&PageSpec> {
        let n = self.site.articles.len();
        let article_page = |i: usize| {
            let spec = &self.specs[i];
            debug_assert_eq!(spec.kind, PageKind::Article(i), "a plan starts with the article pages");
            spec
        };
        let mut pages: Vec<&PageSpec> = std::iter::once(a)
            .chain(self.listed_by.get(a).into_iter().flatten().copied())
            .filter(|&i| i < n)
            .map(article_page)
            .collect();
        let rest = self.specs.get(n..).unwrap_or_default();
        pages.extend(rest.iter().filter(|s| s.kind.uses_article(a, &self.site, &self.listed_by)));
        pages
    }

    /// What each page that uses each of `articles` shows of it, in the order given.
    fn entries_of(&self, articles: &[usize]) -> Vec<Entries> {
        let requests: Vec<(usize, Vec<&PageSpec>)> =
            articles.iter().map(|&a| (a, self.pages_showing(a))).collect();
        let kinds: Vec<(usize, Vec<PageKind>)> =
            requests.iter().map(|(a, specs)| (*a, specs.iter().map(|s| s.kind).collect())).collect();
        let entries = render::article_entries(&self.site, &self.orders, &kinds);
        requests
            .into_iter()
            .zip(entries)
            .map(|((_, specs), entries)| specs.into_iter().map(|s| s.path.clone()).zip(entries).collect())
            .collect()
    }

    /// Edits that add or remove articles or change a slug: indices shift and slugs are made
    /// unique again; articles whose slug moved count as edited.
    fn reshuffle(&mut self, edits: Vec<(PathBuf, Edit)>) -> Touched {
        // Before anything moves: the pages that show the versions about to go.
        let old: Vec<usize> = edits
            .iter()
            .filter(|(_, e)| !matches!(e, Edit::Broken))
            .filter_map(|(p, _)| self.position(p).ok())
            .collect();
        let old_pages: HashSet<String> =
            old.iter().flat_map(|&a| self.pages_showing(a)).map(|s| s.path.clone()).collect();
        // Only new slugs for articles that stay: indices hold, and lists can be mended in place.
        let renames_only = !self.shifts_indices(&edits);
        // A new title gives the article a new slug, and may move the slugs of articles whose
        // titles make the same one (`-2`, `-3`...): the family of slugs. Slugs of one family
        // are made unique among themselves only, so when indices hold, only the members of
        // the old and new families of the edited articles can get other slugs: those, in
        // article order.
        let family: Option<Vec<usize>> = renames_only.then(|| {
            let mut families: HashSet<&str> = HashSet::new();
            for (path, edit) in &edits {
                if let (Edit::Upsert(article), Ok(i)) = (edit, self.position(path)) {
                    families.insert(slug_family(&article.slug));
                    families.insert(slug_family(&self.base_slugs[i]));
                }
            }
            (0..self.base_slugs.len())
                .filter(|&i| families.contains(slug_family(&self.base_slugs[i])))
                .collect()
        });
        let slugs_before: Vec<String> = match &family {
            Some(members) => members.iter().map(|&i| self.site.articles[i].slug.clone()).collect(),
            None => self.site.articles.iter().map(|a| a.slug.clone()).collect(),
        };
        let index_before: Option<HashMap<PathBuf, usize>> = (!renames_only)
            .then(|| self.site.articles.iter().enumerate().map(|(i, a)| (a.path.clone(), i)).collect());
        // What the pages show of the family now, to compare after.
        let mut before: Option<Vec<(PathBuf, Entries)>> = family.as_ref().map(|members| {
            let entries = self.entries_of(members);
            members.iter().map(|&i| self.site.articles[i].path.clone()).zip(entries).collect()
        });

        let mut edited: Vec<PathBuf> = Vec::new();
        let mut reorder = Reorder::default();
        let mut plan_kept = renames_only;
        for (path, edit) in edits {
            match (edit, self.position(&path)) {
                (Edit::Remove, Ok(i)) => {
                    self.site.articles.remove(i);
                    self.base_slugs.remove(i);
                    self.site.topics.by_article.remove(i);
                }
                (Edit::Upsert(article), at) => {
                    let mut article = *article;
                    let base = std::mem::take(&mut article.slug);
                    match at {
                        Ok(i) => {
                            // Indices hold when the edits only rename: the lists by topic are
                            // mended in place; otherwise they are made again below.
                            let memberships = memberships(&article, &self.site.config, i);
                            let old = &self.site.articles[i];
                            reorder.note(i, old, &self.site.topics.by_article[i], &article, &memberships);
                            plan_kept &= old.source == article.source;
                            if renames_only {
                                plan_kept &= refile(&mut self.site.topics, i, memberships);
                            } else {
                                self.site.topics.by_article[i] = memberships;
                            }
                            self.site.articles[i] = article;
                            self.base_slugs[i] = base;
                        }
                        Err(i) => {
                            let memberships = memberships(&article, &self.site.config, i);
                            self.site.articles.insert(i, article);
                            self.base_slugs.insert(i, base);
                            self.site.topics.by_article.insert(i, memberships);
                        }
                    }
                    edited.push(path);
                }
                (Edit::Remove, Err(_)) | (Edit::Broken, _) => {}
            }
        }

        if !renames_only {
            let topics = &mut self.site.topics;
            for (i, list) in topics.by_article.iter_mut().enumerate() {
                for m in list {
                    m.article = i;
                }
            }
            let mut by_topic: Vec<Vec<Membership>> = vec![Vec::new(); topics.topics.len()];
            for m in topics.by_article.iter().flatten() {
                by_topic[m.topic].push(m.clone());
            }
            topics.by_topic = by_topic;
        }
        // Once indices shift, every position in the orders is another article's.
        reorder.full |= !renames_only;
        reorder.apply(&mut self.orders, &self.site);
        let mut new: Vec<usize> = edited.iter().filter_map(|p| self.position(p).ok()).collect();
        match &family {
            Some(members) => {
                let in_family = |(i, _): &(usize, &mut Article)| members.binary_search(i).is_ok();
                let articles = self.site.articles.iter_mut().enumerate().filter(in_family);
                for (i, article) in articles {
                    article.slug.clone_from(&self.base_slugs[i]);
                }
                let articles = self.site.articles.iter_mut().enumerate().filter(in_family);
                extract::assign_unique_slugs(articles.map(|(_, a)| a));
                for (&i, was) in members.iter().zip(&slugs_before) {
                    if self.site.articles[i].slug != *was && !new.contains(&i) {
                        new.push(i);
                    }
                }
            }
            None => {
                for (article, base) in self.site.articles.iter_mut().zip(&self.base_slugs) {
                    article.slug.clone_from(base);
                }
                extract::assign_unique_slugs(&mut self.site.articles);
                for (i, a) in self.site.articles.iter().enumerate() {
                    let was = index_before.as_ref().and_then(|index| index.get(&a.path).copied());
                    if was.map(|j| &slugs_before[j]) != Some(&a.slug) && !new.contains(&i) {
                        new.push(i);
                    }
                }
            }
        }
        // A slug moved that was not foreseen: compare nothing, render every page that shows
        // one of them.
        let foreseen = |b: &Vec<(PathBuf, Entries)>| {
            let paths: HashSet<&PathBuf> = b.iter().map(|(p, _)| p).collect();
            new.iter().all(|&i| paths.contains(&self.site.articles[i].path))
        };
        if before.as_ref().is_some_and(|b| !foreseen(b)) {
            before = None;
        }
        Touched::Reshuffled { old_pages, new, before, plan_kept }
    }
}

/// What edits change in the orders of the site's lists, noted article by article as they are
/// applied.
#[derive(Default)]
struct Reorder {
    /// A date or a publisher changed (or articles came or went): the orders are made again.
    full: bool,
    retitled: Vec<usize>,
    /// Topics whose members, main coverage or member titles changed.
    topics: BTreeSet<usize>,
}

impl Reorder {
    /// Article `i` goes from `old` (with memberships `old_in`) to `new` (with `new_in`).
    fn note(&mut self, i: usize, old: &Article, old_in: &[Membership], new: &Article, new_in: &[Membership]) {
        self.full |= old.date != new.date || old.source != new.source;
        let retitled = old.title != new.title;
        let ranked_alike = old_in.len() == new_in.len()
            && old_in.iter().zip(new_in).all(|(x, y)| x.topic == y.topic && x.main == y.main);
        if retitled {
            self.retitled.push(i);
        }
        if retitled || !ranked_alike {
            self.topics.extend(old_in.iter().chain(new_in).map(|m| m.topic));
        }
    }

    fn apply(self, orders: &mut render::Orders, site: &Site) {
        if self.full {
            *orders = render::Orders::new(site);
        } else {
            orders.update(site, &self.retitled, &self.topics.into_iter().collect::<Vec<_>>());
        }
    }
}

/// Gives article `i` the memberships `new` (numbered `i`), in its own list and in the lists
/// by topic, which stay in article order; only the lists of its old and new topics are
/// touched. Whether it is in the same topics as before.
fn refile(topics: &mut TopicIndex, i: usize, new: Vec<Membership>) -> bool {
    let old = std::mem::take(&mut topics.by_article[i]);
    for m in &old {
        let list = &mut topics.by_topic[m.topic];
        let start = list.partition_point(|o| o.article < i);
        let end = list.partition_point(|o| o.article <= i);
        list.drain(start..end);
    }
    for m in &new {
        let list = &mut topics.by_topic[m.topic];
        let at = list.partition_point(|o| o.article < i);
        list.insert(at, m.clone());
    }
    let same = old.iter().map(|m| m.topic).eq(new.iter().map(|m| m.topic));
    topics.by_article[i] = new;
    same
}

/// A slug without the `-2`, `-3`... that [`extract::assign_unique_slugs`] adds: slugs that
/// can take each other's place share it.
fn slug_family(slug: &str) -> &str {
    let mut family = slug;
    while let Some((head, tail)) = family.rsplit_once('-') {
        if tail.is_empty() || !tail.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        family = head;
    }
    family
}

/// The files that list every article and that nobody reads while previewing: the search data
/// (building its index reads every article) and the sitemap.
fn lists_the_site(kind: PageKind) -> bool {
    matches!(
        kind,
        PageKind::SearchMeta
            | PageKind::SearchTerms(_)
            | PageKind::SearchDocs(_)
            | PageKind::SearchTopic(_)
            | PageKind::Sitemap
            | PageKind::SitemapPart(_)
    )
}

/// Every file below `dir` (none if it does not exist), to tell which kind of theme file changed.
fn template_files(dir: &Path) -> TemplateFiles {
    let files =
        WalkDir::new(dir).follow_links(true).into_iter().flatten().filter(|e| e.file_type().is_file());
    files
        .filter_map(|e| {
            let relative = e.path().strip_prefix(dir).ok()?.to_path_buf();
            // An unreadable file counts as empty: it differs from what was there, and the
            // theme's own loading reports the error.
            Some((relative, std::fs::read(e.path()).unwrap_or_default()))
        })
        .collect()
}

/// The topic memberships of `article`, which is article number `index`. They depend on
/// nothing but the article and the topic configuration, so an index of that article alone
/// gives them.
fn memberships(article: &Article, config: &Config, index: usize) -> Vec<Membership> {
    let mut memberships =
        TopicIndex::build_with(std::slice::from_ref(article), &config.topics, &config.relevance)
            .by_article
            .pop()
            .unwrap_or_default();
    for m in &mut memberships {
        m.article = index;
    }
    memberships
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"
title = "Test"
[[topics]]
name = "NATO"
aliases = ["NATO"]
[[topics]]
name = "Crimea"
aliases = ["Crimea"]
"#;

    fn article(title: &str, date: &str, body: &str) -> String {
        format!("---\ntitle: {title}\ndate: {date}\n---\n{body}\n\nA second paragraph of text that says nothing more.\n")
    }

    struct Fixture {
        dir: tempfile::TempDir,
        preview: Preview,
    }

    impl Fixture {
        fn new(files: &[(&str, String)]) -> Fixture {
            Fixture::with_config(CONFIG, files)
        }

        fn with_config(config: &str, files: &[(&str, String)]) -> Fixture {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("site.toml"), config).unwrap();
            std::fs::create_dir(dir.path().join("seeds")).unwrap();
            for (name, text) in files {
                std::fs::write(dir.path().join("seeds").join(name), text).unwrap();
            }
            let mut preview = Preview::new(dir.path());
            let first = preview.reload();
            assert!(preview.errors().is_empty(), "{:?}", first.notes);
            Fixture { dir, preview }
        }

        fn path(&self, relative: &str) -> PathBuf {
            self.dir.path().join(relative)
        }

        fn write(&self, relative: &str, text: &str) -> PathBuf {
            let path = self.path(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            path
        }

        /// Both phases, as the server runs them: the edit, then related articles and copies;
        /// the pages rendered by either.
        fn apply(&mut self, changes: impl IntoIterator<Item = Change>) -> Rebuild {
            let mut rebuild = self.preview.apply(&changes.into_iter().collect());
            if let Some(links) = self.preview.finish_links() {
                rebuild.pages.extend(links.pages);
            }
            rebuild
        }

        fn edit(&mut self, relative: &str, text: &str) -> Rebuild {
            let path = self.write(relative, text);
            self.apply([Change::Article(path)])
        }

        /// The incremental pages are exactly what `dossier build` renders from scratch.
        fn assert_same_as_a_full_build(&self) {
            let (site, _) = crate::load_site(self.dir.path()).map_err(|f| f.diagnostics).unwrap();
            let theme = Theme::load(&self.dir.path().join("templates"), Path::new("templates")).unwrap();
            let full = render::render_site(&site, &theme).unwrap();
            // What the state keeps across edits is what it would make afresh.
            let state = self.preview.state.as_ref().unwrap();
            assert!(state.orders == render::Orders::new(&state.site), "the kept orders are stale");
            assert_eq!(state.listed_by, render::listed_by(&state.site));
            let mut expected: Vec<&str> = full.iter().map(|p| p.path.as_str()).collect();
            let mut actual: Vec<&str> = self.preview.pages.keys().map(String::as_str).collect();
            expected.sort_unstable();
            actual.sort_unstable();
            assert_eq!(actual, expected);
            for page in &full {
                assert!(
                    *self.preview.pages[&page.path] == *page.content,
                    "{} differs from a full build",
                    page.path
                );
            }
        }
    }

    /// Rendered pages other than the search data, which follow every change of text.
    fn rendered_paths(rebuild: &Rebuild) -> BTreeSet<&str> {
        rebuild.pages.iter().map(|(p, _)| p.as_str()).filter(|p| !p.starts_with("search/")).collect()
    }

    fn rendered_search(rebuild: &Rebuild) -> BTreeSet<&str> {
        rebuild.pages.iter().map(|(p, _)| p.as_str()).filter(|p| p.starts_with("search/")).collect()
    }

    fn three() -> Fixture {
        Fixture::new(&[
            ("a.txt", article("Alpha", "2020-01-01", "NATO met today.")),
            ("b.txt", article("Bravo", "2020-01-02", "Crimea was quiet.")),
            ("c.txt", article("Charlie", "2020-01-03", "NATO again, at length.")),
        ])
    }

    /// An article whose slug stays whatever its title.
    fn slugged(slug: &str, title: &str, date: &str, body: &str) -> String {
        article(title, date, body).replacen("---\n", &format!("---\nslug: {slug}\n"), 1)
    }

    /// Five NATO articles, one a day, listed one per page.
    fn paged() -> Fixture {
        let config = format!("{CONFIG}\n[pages]\nper_page = 1\n");
        let files: Vec<(String, String)> = (1..=5)
            .map(|d| {
                let text = slugged(
                    &format!("day-{d}"),
                    &format!("Day {d} talks"),
                    &format!("2020-01-0{d}"),
                    "NATO met.",
                );
                (format!("{d}.txt"), text)
            })
            .collect();
        let files: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
        Fixture::with_config(&config, &files)
    }

    #[test]
    fn new_titles_saved_together_reorder_articles_of_one_day() {
        // Articles of one day are listed by title: new titles move them among each other.
        let config = format!("{CONFIG}\n[pages]\nper_page = 2\n");
        let day = |slug: Option<&str>, title: &str, body: &str| match slug {
            Some(slug) => slugged(slug, title, "2020-01-01", body),
            None => article(title, "2020-01-01", body),
        };
        let files: Vec<(String, String)> = ["b", "c", "d", "e", "f"]
            .iter()
            .map(|n| (format!("{n}.txt"), day(Some(n), &format!("Talks {n}"), "NATO met.")))
            .chain(
                ["g", "h"]
                    .iter()
                    .map(|n| (format!("{n}.txt"), day(None, &format!("Talks {n}"), "NATO met."))),
            )
            .collect();
        let files: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
        let mut f = Fixture::with_config(&config, &files);
        // Slugs kept: the first to last place and the last to first, one of them into a topic.
        let b = f.write("seeds/b.txt", &day(Some("b"), "Talks z", "NATO met."));
        let f_ = f.write("seeds/f.txt", &day(Some("f"), "Talks a", "NATO met in Crimea."));
        f.apply([Change::Article(b), Change::Article(f_)]);
        f.assert_same_as_a_full_build();
        // Slugs that follow the titles: both pages move, and so do their places in the lists.
        let g = f.write("seeds/g.txt", &day(None, "Talks aa", "NATO met."));
        let h = f.write("seeds/h.txt", &day(None, "Talks c", "NATO met."));
        let r = f.apply([Change::Article(g), Change::Article(h)]);
        assert_eq!(r.removed.len(), 2, "{:?}", r.removed);
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn a_new_title_that_keeps_the_order_renders_one_page_of_each_list() {
        let mut f = paged();
        let r = f.edit("seeds/3.txt", &slugged("day-3", "Day 3 talks resumed", "2020-01-03", "NATO met."));
        let paths = rendered_paths(&r);
        // Newest first: day 3 is third in every list.
        for list in ["page/", "timeline/", "topics/nato/"] {
            let pages: Vec<&&str> =
                paths.iter().filter(|p| p.starts_with(list) && p.contains("/3/")).collect();
            assert_eq!(pages.len(), 1, "{list}: {paths:?}");
            assert!(!paths.iter().any(|p| p.starts_with(list) && p.contains("/2/")), "{list}: {paths:?}");
        }
        assert!(!paths.contains("index.html") && !paths.contains("topics/nato/index.html"), "{paths:?}");
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn a_new_title_that_moves_the_page_renders_one_page_of_each_list() {
        let mut f = paged();
        // Without a slug in the front matter the slug follows the title: the page moves.
        let r = f.edit("seeds/3.txt", &article("Day 3 talks resumed", "2020-01-03", "NATO met."));
        assert_eq!(r.removed, ["articles/day-3/index.html"]);
        let paths = rendered_paths(&r);
        assert!(paths.contains("articles/day-3-talks-resumed/index.html"), "{paths:?}");
        for list in ["page/", "timeline/", "topics/nato/"] {
            assert!(!paths.iter().any(|p| p.starts_with(list) && p.contains("/2/")), "{list}: {paths:?}");
        }
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn a_new_date_that_moves_the_article_renders_the_pages_it_passes() {
        let mut f = paged();
        // Third newest, on page 3 of each list, to newest: pages 1 to 3 change, 4 and 5 do not.
        let r = f.edit("seeds/3.txt", &slugged("day-3", "Day 3 talks", "2020-01-09", "NATO met."));
        let paths = rendered_paths(&r);
        assert!(paths.contains("timeline/page/2/index.html"), "{paths:?}");
        for page in [4, 5] {
            assert!(!paths.iter().any(|p| p.contains(&format!("/page/{page}/"))), "{paths:?}");
        }
        f.assert_same_as_a_full_build();
        f.edit("seeds/3.txt", &slugged("day-3", "Day 3 talks", "2019-12-31", "NATO met."));
        f.assert_same_as_a_full_build();
        // Main coverage turns into a passing mention: the topic's counts change on every page.
        f.edit(
            "seeds/2.txt",
            &slugged("day-2", "Day 2", "2020-01-02", "Weather.\n\nMore weather.\n\nNATO, once."),
        );
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn an_edit_renders_only_the_pages_that_show_the_article() {
        let mut f = three();
        let r = f.edit("seeds/a.txt", &article("Alpha", "2020-01-01", "NATO met today, said a new source."));
        // The lead changed, so every list that shows Alpha's card renders; the page of a topic
        // Alpha is not in does not.
        let paths = rendered_paths(&r);
        assert!(
            paths.contains("articles/alpha/index.html") && paths.contains("topics/nato/index.html"),
            "{paths:?}"
        );
        assert!(!paths.contains("topics/crimea/index.html"), "{paths:?}");
        assert!(rendered_search(&r).contains("search/terms/0.json"), "{:?}", rendered_search(&r));
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn an_edit_away_from_the_mentions_renders_only_the_article() {
        let mut f = three();
        let text =
            article("Alpha", "2020-01-01", "NATO met today.").replace("says nothing more", "says little");
        let r = f.edit("seeds/a.txt", &text);
        // Other article pages render only where they show Alpha as a related article.
        let paths = rendered_paths(&r);
        assert!(paths.contains("articles/alpha/index.html"), "{paths:?}");
        assert!(paths.iter().all(|p| p.starts_with("articles/")), "{paths:?}");
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn a_new_date_or_publisher_renders_the_lists() {
        let mut f = three();
        let r = f.edit("seeds/c.txt", &article("Charlie", "2019-01-03", "NATO again, at length."));
        let paths = rendered_paths(&r);
        assert!(paths.contains("index.html") && paths.contains("topics/nato/index.html"), "{paths:?}");
        assert!(!paths.contains("topics/crimea/index.html"), "{paths:?}");
        f.assert_same_as_a_full_build();
        let text = article("Charlie", "2019-01-03", "NATO again, at length.")
            .replace("date: 2019-01-03\n", "date: 2019-01-03\nsource: Wire\n");
        let r = f.edit("seeds/c.txt", &text);
        assert!(rendered_paths(&r).contains("index.html"));
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn moving_to_another_topic_renders_both_topic_pages() {
        let mut f = three();
        let r = f.edit("seeds/a.txt", &article("Alpha", "2020-01-01", "Crimea, not the alliance."));
        let paths = rendered_paths(&r);
        assert!(paths.contains("topics/nato/index.html") && paths.contains("topics/crimea/index.html"));
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn a_new_title_moves_the_page_and_frees_a_shared_slug() {
        let mut f = Fixture::new(&[
            ("a.txt", article("Talks", "2020-01-01", "NATO talks.")),
            ("b.txt", article("Talks", "2020-01-02", "More NATO talks.")),
        ]);
        assert!(f.preview.pages.contains_key("articles/talks-2/index.html"));
        let r = f.edit("seeds/a.txt", &article("Other talks", "2020-01-01", "NATO talks."));
        assert_eq!(r.removed, vec!["articles/talks-2/index.html".to_string()]);
        assert!(rendered_paths(&r).contains("articles/other-talks/index.html"));
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn a_new_title_that_moves_other_slugs_renders_only_their_pages() {
        let config = format!("{CONFIG}\n[pages]\nper_page = 1\n");
        let day =
            |d: u32, title: &str| (format!("{d}.txt"), article(title, &format!("2020-01-0{d}"), "NATO met."));
        let files = [day(1, "Talks"), day(2, "Talks"), day(3, "Talks"), day(4, "Day 4"), day(5, "Day 5")];
        let files: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
        let mut f = Fixture::with_config(&config, &files);
        assert!(f.preview.pages.contains_key("articles/talks-3/index.html"));
        // 1.txt gives up "talks": 2.txt takes it, 3.txt takes "talks-2".
        let r = f.edit("seeds/1.txt", &article("Other talks", "2020-01-01", "NATO met."));
        assert_eq!(r.removed, ["articles/talks-3/index.html"]);
        let paths = rendered_paths(&r);
        assert!(paths.contains("articles/talks/index.html") && paths.contains("articles/talks-2/index.html"));
        // Newest first, days 5 and 4 are on the first two pages of the timeline.
        assert!(
            !paths.contains("timeline/index.html") && !paths.contains("timeline/page/2/index.html"),
            "{paths:?}"
        );
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn adding_and_deleting_articles_matches_a_full_build() {
        let mut f = three();
        let added = f.write("seeds/0-first.txt", &article("Bravo", "2019-05-05", "Crimea and NATO."));
        f.apply([Change::Article(added.clone())]);
        f.assert_same_as_a_full_build();
        std::fs::remove_file(f.path("seeds/c.txt")).unwrap();
        let r = f.apply([Change::Article(f.path("seeds/c.txt"))]);
        assert_eq!(r.removed, vec!["articles/charlie/index.html".to_string()]);
        f.assert_same_as_a_full_build();
        std::fs::remove_file(&added).unwrap();
        f.apply([Change::Article(added)]);
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn a_moved_folder_is_followed() {
        let mut f = three();
        let old = f.write("seeds/2014/d.txt", &article("Delta", "2014-03-01", "Crimea."));
        f.apply([Change::SeedsEntry(old.parent().unwrap().to_path_buf())]);
        assert!(f.preview.pages.contains_key("articles/delta/index.html"));
        std::fs::rename(f.path("seeds/2014"), f.path("seeds/old")).unwrap();
        f.apply([Change::SeedsEntry(f.path("seeds/2014")), Change::SeedsEntry(f.path("seeds/old"))]);
        f.assert_same_as_a_full_build();
        assert_eq!(f.preview.state.as_ref().unwrap().site.articles[3].path, Path::new("seeds/old/d.txt"));
    }

    #[test]
    fn a_draft_leaves_and_comes_back() {
        let mut f = three();
        let r = f.edit("seeds/b.txt", "---\ndraft: true\n---\nCrimea was quiet.\n");
        assert_eq!(r.removed, vec!["articles/bravo/index.html".to_string()]);
        f.assert_same_as_a_full_build();
        f.edit("seeds/b.txt", &article("Bravo", "2020-01-02", "Crimea was quiet."));
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn bad_front_matter_keeps_the_last_good_page_until_fixed() {
        let mut f = three();
        let before = f.preview.pages["articles/bravo/index.html"].clone();
        let r = f.edit("seeds/b.txt", "---\ntitle: Bravo\ndate: soon\n---\nCrimea.\n");
        assert_eq!(r.changed, 0);
        let errors = f.preview.errors();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, Path::new("seeds/b.txt"));
        assert_eq!(errors[0].position.map(|p| p.line), Some(3));
        assert_eq!(f.preview.pages["articles/bravo/index.html"], before);
        f.edit("seeds/b.txt", &article("Bravo", "2020-01-02", "Crimea was calm."));
        assert!(f.preview.errors().is_empty());
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn a_template_error_keeps_every_page_and_the_fix_renders_them_all() {
        let mut f = three();
        let before = f.preview.pages.clone();
        let template = f.write(
            "templates/article.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ article.title \n{% endblock content %}\n",
        );
        let r = f.apply([Change::Theme]);
        assert_eq!(r.changed, 0);
        let errors = f.preview.errors();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, Path::new("templates/article.html"));
        assert_eq!(f.preview.pages, before);
        std::fs::write(&template, "{% extends \"base.html\" %}\n{% block content %}<h1>{{ article.title }}</h1>{% endblock content %}\n").unwrap();
        let r = f.apply([Change::Theme]);
        assert!(f.preview.errors().is_empty());
        assert_eq!(r.rendered.total(), f.preview.pages.len());
        assert_eq!(r.changed, 3);
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn a_stylesheet_edit_renders_only_the_stylesheet() {
        let mut f = three();
        f.write("templates/style.css", "body { color: red }\n");
        let r = f.apply([Change::Theme]);
        // The theme's assets (stylesheet, script, icon), and no page.
        let paths = rendered_paths(&r);
        assert!(paths.contains("style.css"), "{paths:?}");
        assert!(paths.iter().all(|p| !p.ends_with(".html") && !p.ends_with(".xml")), "{paths:?}");
        assert_eq!(&*f.preview.pages["style.css"], b"body { color: red }\n");
        // Guards the shortcut: if pages ever show something of the stylesheet (a hash for
        // cache busting), this fails and the shortcut must go.
        f.assert_same_as_a_full_build();
        f.write(
            "templates/index.html",
            "{% extends \"base.html\" %}\n{% block content %}home{% endblock content %}\n",
        );
        let r = f.apply([Change::Theme]);
        assert_eq!(r.rendered.total(), f.preview.pages.len());
        f.assert_same_as_a_full_build();
    }

    #[test]
    fn a_broken_config_keeps_the_site_and_the_fix_reloads_it() {
        let mut f = three();
        let before = f.preview.pages.clone();
        f.write("site.toml", "titel = \"x\"\n");
        f.apply([Change::Config]);
        assert_eq!(f.preview.errors()[0].path, Path::new("site.toml"));
        assert_eq!(f.preview.pages, before);
        f.write("site.toml", &CONFIG.replace("\"Test\"", "\"Renamed\""));
        let r = f.apply([Change::Article(f.path("seeds/a.txt"))]);
        assert!(r.full);
        assert!(f.preview.errors().is_empty());
        f.assert_same_as_a_full_build();
    }
}
