//! Times each stage of the pipeline on a site, for profiling, as wall time and the CPU time of
//! all threads (CPU time is steadier than wall time on a busy machine), with resident memory
//! after the stage and its peak so far:
//!     cargo run --release --example stages -- SITE_DIR
use std::time::Instant;

// The allocator `dossier` itself uses, so that the stages cost what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time of the whole process so far, in milliseconds (Linux: /proc/self/stat).
fn cpu_ms() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    // utime and stime are fields 14 and 15 of the file, 12 and 13 after the command name.
    (ticks(11) + ticks(12)) * 10
}

/// Resident memory now and at its peak so far, in MB (Linux: /proc/self/status).
fn memory_mb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

struct Clock(Instant, u64);

impl Clock {
    fn start() -> Self {
        Clock(Instant::now(), cpu_ms())
    }
    fn report(&self, stage: &str, extra: String) {
        let (rss, peak) = memory_mb();
        eprintln!(
            "{stage:<8} {:>6} ms wall {:>6} ms cpu {rss:>6} MB rss {peak:>6} MB peak {extra}",
            self.0.elapsed().as_millis(),
            cpu_ms() - self.1
        );
    }
}

fn main() {
    if std::env::var_os("DOSSIER_HUGE_PAGES").is_none() {
        dossier::small_pages_only(); // as `dossier` does
    }
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("a site folder"));
    let c = Clock::start();
    let config = dossier::Config::load(&root).expect("site.toml parses");
    let loaded = dossier::source::load(&root, &root.join(&config.seeds));
    c.report("load", format!("({} files)", loaded.files.len()));
    let c = Clock::start();
    let (articles, _) = dossier::extract::extract_files(loaded.files, &config.extract); // as `load_site` does
    c.report("extract", String::new());
    let c = Clock::start();
    let mut topics = dossier::topics::TopicIndex::build_with(&articles, &config.topics, &config.relevance);
    c.report("topics", String::new());
    let c = Clock::start();
    topics.link_articles(&articles);
    c.report("related", String::new());
    let site = dossier::Site { config, articles, topics };
    let c = Clock::start();
    let theme = dossier::render::Theme::load(&root.join("templates"), std::path::Path::new("templates"))
        .expect("templates load");
    // As a build renders: each page is made and let go (here: counted), never all held.
    use dossier::render::PageKind;
    let orders = dossier::render::Orders::new(&site);
    let specs = dossier::render::plan(&site, &theme, &orders);
    let is_search = |k: PageKind| {
        matches!(
            k,
            PageKind::SearchMeta
                | PageKind::SearchTerms(_)
                | PageKind::SearchDocs(_)
                | PageKind::SearchTopic(_)
        )
    };
    let (search, pages): (Vec<_>, Vec<_>) = specs.into_iter().partition(|s| is_search(s.kind));
    let bytes = std::sync::atomic::AtomicUsize::new(0);
    let count = |_: usize, page: dossier::render::Page| {
        bytes.fetch_add(page.content.len(), std::sync::atomic::Ordering::Relaxed);
        Ok(())
    };
    // By kind of page, so that a cost that grows with the topics shows where it is.
    let group = |k: PageKind| match k {
        PageKind::Article(_) => 0,
        PageKind::Topic(_) | PageKind::TopicPage(..) | PageKind::TopicFeed(_) => 1,
        _ => 2,
    };
    // `STAGES_RENDER=topics` renders only that kind, to profile it alone.
    let only = std::env::var("STAGES_RENDER").ok();
    for (g, name) in ["articles", "topics", "lists"].iter().enumerate() {
        if only.as_deref().is_some_and(|o| o != *name) {
            continue;
        }
        let part: Vec<_> = pages.iter().filter(|s| group(s.kind) == g).cloned().collect();
        let c = Clock::start();
        dossier::render::render_each(&site, &theme, &orders, &part, count).expect("pages render");
        c.report(&format!(" {name}"), format!("({} pages)", part.len()));
    }
    c.report("render", format!("({} pages)", pages.len()));
    let c = Clock::start();
    dossier::render::render_each(&site, &theme, &orders, &search, count).expect("search files render");
    c.report("search", format!("({} files; {} MB in all)", search.len(), bytes.into_inner() >> 20));
}
