//! dossier turns a folder of collected news articles into a cross-linked static site.
//!
//! The pipeline runs one way, one type per stage: `site.toml` -> [`Config`]; the seeds folder
//! -> [`source::SourceFile`]s (decoded text, front matter split off); each file ->
//! [`extract::Article`] (title, date, publisher, body, and every removed line with its reason);
//! all articles + topic config -> [`topics::TopicIndex`] (mentions, main coverage, context);
//! then [`render`] turns the [`Site`] into [`render::Page`]s with Tera templates, and [`output`]
//! writes only the pages that changed. Stages run in parallel over articles; problems become
//! [`Diagnostic`]s and one bad article never stops the others. [`check`] runs the same
//! pipeline in memory and inspects the pages instead of writing them; [`init`] starts a site.

pub mod check;
pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod extract;
pub mod frontmatter;
pub mod init;
pub mod output;
pub mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub mod slugs;
pub mod source;
pub mod topics;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use config::Config;
pub use diagnostics::Diagnostic;

use extract::Article;
use topics::TopicIndex;

/// The most article text for which a build keeps what it would otherwise make twice per
/// article: term counts between the two passes of related articles, and each card for all the
/// lists that show it. The term counts take about as much memory as the text (47 MB for the
/// 49 MB of the benchmark's 10,000 articles), the cards less, so 10,000 news articles keep
/// them and 100,000 (500 MB of text) make them again instead, which keeps that build under
/// 1 GiB.
pub const HELD_TEXT_BYTES: usize = 80 << 20;

/// The bytes of the articles' body text.
pub fn text_bytes(articles: &[Article]) -> usize {
    use rayon::prelude::*;
    articles.par_iter().map(|a| a.body.iter().map(|b| b.text.len()).sum::<usize>()).sum()
}

/// Whether the articles' text is within [`HELD_TEXT_BYTES`].
pub fn held_text(articles: &[Article]) -> bool {
    text_bytes(articles) <= HELD_TEXT_BYTES
}

/// Asks the kernel for small pages only, for this process. With transparent huge pages on, the
/// first touch of fresh heap zeroes two megabytes at a time; a build frees and takes back heap
/// from every thread, so that zeroing cost about 8% of a 10,000-article build's CPU time
/// (BENCHMARKS.md). Call it first thing in `main`; it changes no output.
pub fn small_pages_only() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Everything known about a site before rendering.
pub struct Site {
    pub config: Config,
    pub articles: Vec<Article>,
    pub topics: TopicIndex,
}

/// Where to build from and to.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output` in `site.toml`; relative paths are relative to the current folder.
    pub output: Option<PathBuf>,
}

#[derive(Debug)]
pub struct BuildReport {
    pub articles: usize,
    pub topics: usize,
    pub pages: usize,
    pub stats: output::WriteStats,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// Warnings and per-article errors; the site was still built.
    pub diagnostics: Vec<Diagnostic>,
    /// Wall time of each stage, in pipeline order (`dossier build --timings`).
    pub timings: Vec<(&'static str, Duration)>,
}

impl BuildReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// A build that could not produce a site: config or template errors, or writing failed.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads, extracts and indexes the site at `root`. Per-article problems are returned beside
/// the site; only a broken config stops it.
pub fn load_site(root: &Path) -> Result<(Site, Vec<Diagnostic>), BuildFailure> {
    load_site_timed(root, &mut Vec::new())
}

/// [`load_site`], adding the wall time of each stage to `timings`.
fn load_site_timed(
    root: &Path,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Result<(Site, Vec<Diagnostic>), BuildFailure> {
    let mut clock = Instant::now();
    let mut lap = |stage: &'static str| {
        timings.push((stage, clock.elapsed()));
        clock = Instant::now();
    };
    let config = Config::load(root).map_err(|d| BuildFailure { diagnostics: vec![d] })?;
    let loaded = source::load(root, &root.join(&config.seeds));
    let mut diagnostics = loaded.diagnostics;
    let files: Vec<source::SourceFile> = loaded.files.into_iter().filter(|f| !f.front.draft).collect();
    lap("read");
    // The raw texts are the largest thing held so far; each goes once its article is made.
    let (articles, notes) = extract::extract_files(files, &config.extract);
    diagnostics.extend(notes);
    lap("extract");
    let mut topics = TopicIndex::build_with(&articles, &config.topics, &config.relevance);
    lap("topics");
    topics.link_articles(&articles);
    lap("related articles");
    diagnostics.extend(undeclared_topics(&articles, &topics));
    for group in &topics.duplicates.exact {
        let first = &articles[group[0]].path;
        for &copy in &group[1..] {
            diagnostics.push(
                Diagnostic::warning(&articles[copy].path, format!("the same text as {}", first.display()))
                    .with_help("remove one copy, or keep both if they were published by different outlets"),
            );
        }
    }
    Ok((Site { config, articles, topics }, diagnostics))
}

/// A warning for each front-matter topic that names no topic of the site, which would
/// otherwise be dropped without a word.
fn undeclared_topics(articles: &[Article], topics: &TopicIndex) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for article in articles {
        for name in &article.declared_topics {
            let slug = slugs::slugify(name);
            if !topics.topics.iter().any(|t| t.slug == slug) {
                out.push(
                    Diagnostic::warning(
                        &article.path,
                        format!("topic `{name}` in front matter is not a topic of the site"),
                    )
                    .with_help("add it under [[topics]] in site.toml, or remove it"),
                );
            }
        }
    }
    out
}

/// The topic stage for a whole site: memberships under the site's relevance rules, then
/// related articles and near-duplicates. `load_site` and the preview server both use it.
pub fn index_articles(articles: &[Article], config: &Config) -> TopicIndex {
    let mut topics = TopicIndex::build_with(articles, &config.topics, &config.relevance);
    topics.link_articles(articles);
    topics
}

/// Builds the site at `options.root` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    build_keeping(options).map(|(report, _held)| report)
}

/// What a build held until its end: the site, its templates and its page plan. Dropping it
/// frees every article piece by piece (about 2% of a 10,000-article build's wall time); a
/// command that exits right after the build can [`std::mem::forget`] it instead, since the
/// end of the process frees it all at once.
pub struct BuildHeld {
    _site: Site,
    _theme: render::Theme,
    _orders: render::Orders,
    _specs: Vec<render::PageSpec>,
}

/// [`build`], handing back what the build held rather than dropping it.
pub fn build_keeping(options: &BuildOptions) -> Result<(BuildReport, BuildHeld), BuildFailure> {
    let started = Instant::now();
    let root = &options.root;
    let mut timings = Vec::new();
    let (site, mut diagnostics) = load_site_timed(root, &mut timings)?;
    let rendering = Instant::now();
    let theme_dir = root.join(&site.config.templates);
    let theme = render::Theme::load(&theme_dir, &source::relative(root, &theme_dir))
        .map_err(|d| failure(&diagnostics, vec![d]))?;
    let (out, shown) = match &options.output {
        Some(o) => (o.clone(), o.clone()),
        None => (root.join(&site.config.output), site.config.output.clone()),
    };
    // Pages are written as they are rendered, never all held at once.
    let orders = render::Orders::new(&site);
    let specs = render::plan(&site, &theme, &orders);
    let paths: Vec<&str> = specs.iter().map(|s| s.path.as_str()).collect();
    let writer =
        output::SiteWriter::new(&out, &shown, &paths).map_err(|errors| failure(&diagnostics, errors))?;
    let search = render::render_plan(&site, &theme, &orders, &specs, |i, page| writer.put(i, &page.content))
        .map_err(|errors| failure(&diagnostics, errors))?;
    timings.push(("render and write", rendering.elapsed().saturating_sub(search)));
    timings.push(("search index", search));
    let finishing = Instant::now();
    let stats = writer.finish().map_err(|errors| failure(&diagnostics, errors))?;
    timings.push(("swap in", finishing.elapsed()));
    diagnostics.sort_by(|a, b| a.path.cmp(&b.path).then(b.severity.cmp(&a.severity)));
    let report = BuildReport {
        articles: site.articles.len(),
        topics: site.topics.topics.len(),
        pages: specs.len(),
        stats,
        output: shown,
        elapsed: started.elapsed(),
        diagnostics,
        timings,
    };
    Ok((report, BuildHeld { _site: site, _theme: theme, _orders: orders, _specs: specs }))
}

fn failure(before: &[Diagnostic], errors: Vec<Diagnostic>) -> BuildFailure {
    let mut diagnostics = before.to_vec();
    diagnostics.extend(errors);
    BuildFailure { diagnostics }
}
