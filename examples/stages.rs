//! Times each stage of the pipeline on a site, for profiling:
//!     cargo run --release --example stages -- SITE_DIR
use std::time::Instant;
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("a site folder"));
    let t = Instant::now();
    let config = dossier::Config::load(&root).expect("site.toml parses");
    let loaded = dossier::source::load(&root, &root.join(&config.seeds));
    eprintln!("load     {:>8.0?} ({} files)", t.elapsed(), loaded.files.len());
    let t = Instant::now();
    let (articles, _) = dossier::extract::extract_all(&loaded.files, &config.extract);
    eprintln!("extract  {:>8.0?}", t.elapsed());
    let t = Instant::now();
    let mut topics = dossier::topics::TopicIndex::build_with(&articles, &config.topics, &config.relevance);
    eprintln!("topics   {:>8.0?}", t.elapsed());
    let t = Instant::now();
    topics.link_articles(&articles);
    eprintln!("related  {:>8.0?}", t.elapsed());
    let site = dossier::Site { config, articles, topics };
    let t = Instant::now();
    let theme = dossier::render::Theme::load(&root.join("templates"), std::path::Path::new("templates"))
        .expect("templates load");
    let pages = dossier::render::render_site(&site, &theme).expect("pages render");
    eprintln!("render   {:>8.0?} ({} pages)", t.elapsed(), pages.len());
}
