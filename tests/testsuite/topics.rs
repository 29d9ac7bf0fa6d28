//! Topic pages and what articles say about their topics, on the bundled site.

use std::collections::BTreeMap;

use crate::support::{attrs, select, TestSite};

fn built() -> TestSite {
    let site = TestSite::bundled();
    site.build().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    site
}

/// The seed number (000..004) of each article, by its title.
fn seed_numbers() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("Putin Says US Cannot be Trusted in Any Political Negotiations", "000"),
        ("Putin Slams 'Lying West' But Says 'Positive' on U.S.-NATO Talks", "001"),
        ("The US says Russia should back off troops, \u{2018}Should we go to war with NATO?\u{2019} Asks Putin", "002"),
        ("Putin says Russia ready to negotiate over Ukraine", "003"),
        ("Putin says West have ignored Russia's security demands, hopes to continue dialogue", "004"),
    ])
}

fn listed(site: &TestSite, topic: &str, section: &str) -> Vec<&'static str> {
    let numbers = seed_numbers();
    let html = site.page(&format!("topics/{topic}/index.html"));
    let mut seeds: Vec<&str> = select(&html, &format!("section[aria-labelledby={section}] .card h3"))
        .iter()
        .map(|t| *numbers.get(t.as_str()).unwrap_or_else(|| panic!("unknown title {t}")))
        .collect();
    seeds.sort();
    seeds
}

#[test]
fn main_coverage_and_passing_mentions_of_the_seeds() {
    let site = built();
    assert_eq!(listed(&site, "nato", "main-coverage"), vec!["001", "002", "004"]);
    assert_eq!(listed(&site, "nato", "also-mentioned"), vec!["000"]);
    assert_eq!(listed(&site, "crimea", "main-coverage"), Vec::<&str>::new());
    assert_eq!(listed(&site, "crimea", "also-mentioned"), vec!["001", "002", "003", "004"]);
    let negotiations = listed(&site, "negotiations", "main-coverage");
    for seed in ["001", "002", "003", "004"] {
        assert!(negotiations.contains(&seed), "{seed} is main coverage of negotiations: {negotiations:?}");
    }
}

#[test]
fn a_topic_page_shows_the_chart_related_topics_and_quoted_sentences() {
    let site = built();
    let html = site.page("topics/nato/index.html");
    let bars = attrs(&html, "figure.coverage svg rect", "height");
    assert!(!bars.is_empty(), "no coverage chart");
    let label = attrs(&html, "figure.coverage svg", "aria-label");
    assert_eq!(label, vec!["Articles on NATO by year: 2018: 1, 2022: 2"]);
    assert_eq!(
        select(&html, "figure.coverage figcaption"),
        vec!["Coverage over time; 1 undated article not shown"]
    );
    let related = select(&html, "section[aria-labelledby=related-topics] li");
    assert_eq!(related, vec!["Negotiations 4", "Crimea 3"]);
    let marks = select(&html, "blockquote.context mark");
    assert_eq!(marks.len(), 4);
    assert!(marks.iter().all(|m| m.starts_with("NATO")), "{marks:?}");
}

#[test]
fn article_pages_show_related_articles() {
    let site = built();
    for page in site.files().iter().filter(|f| f.starts_with("articles/")) {
        let related = select(&site.page(page), "section.related .card h3");
        assert!(!related.is_empty() && related.len() <= 5, "{page}: {related:?}");
    }
}

#[test]
fn the_first_body_mention_of_each_topic_is_linked_once() {
    let site = built();
    for page in site.files().iter().filter(|f| f.starts_with("articles/")) {
        let links = attrs(&site.page(page), ".body a.topic-link", "href");
        let mut unique = links.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(links.len(), unique.len(), "{page} links a topic twice: {links:?}");
    }
}
