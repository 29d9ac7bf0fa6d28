//! The bundled site: what a reader of the five seeds sees.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::{assert_links_resolve, attrs, normalise, select, TestSite};

const TITLES: [(&str, &str); 5] = [
    ("000", "Putin Says US Cannot be Trusted in Any Political Negotiations"),
    ("001", "Putin Slams 'Lying West' But Says 'Positive' on U.S.-NATO Talks"),
    ("002", "The US says Russia should back off troops, \u{2018}Should we go to war with NATO?\u{2019} Asks Putin"),
    ("003", "Putin says Russia ready to negotiate over Ukraine"),
    ("004", "Putin says West have ignored Russia's security demands, hopes to continue dialogue"),
];

fn built() -> TestSite {
    let site = TestSite::bundled();
    let report = site.build().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    site
}

fn article_pages(site: &TestSite) -> Vec<String> {
    site.files().into_iter().filter(|f| f.starts_with("articles/")).collect()
}

/// The seed number (000..004) of the article page at `href` relative to a topic page.
fn seed_of(site: &TestSite, topic_page: &str, href: &str) -> &'static str {
    let base = Path::new(topic_page).parent().unwrap();
    let target = normalise(&base.join(href).join("index.html"));
    let title = select(&site.page(&target), "h1").remove(0);
    TITLES
        .iter()
        .find(|(_, t)| *t == title)
        .map(|(n, _)| *n)
        .unwrap_or_else(|| panic!("unknown title {title}"))
}

#[test]
fn bundled_site_has_the_expected_pages() {
    let site = built();
    assert_eq!(article_pages(&site).len(), 5);
    let files = site.files();
    for page in [
        "index.html",
        "topics/index.html",
        "topics/nato/index.html",
        "topics/crimea/index.html",
        "topics/negotiations/index.html",
        "404.html",
        "style.css",
    ] {
        assert!(files.contains(&page.to_string()), "missing {page} in {files:?}");
    }
    let topic_pages = files.iter().filter(|f| f.starts_with("topics/") && f.ends_with(".html"));
    assert_eq!(topic_pages.count(), 4);
}

#[test]
fn article_pages_show_the_seed_titles() {
    let site = built();
    let titles: BTreeSet<String> =
        article_pages(&site).iter().map(|p| select(&site.page(p), "h1").remove(0)).collect();
    let expected: BTreeSet<String> = TITLES.iter().map(|(_, t)| t.to_string()).collect();
    assert_eq!(titles, expected);
}

#[test]
fn topic_pages_list_exactly_the_articles_that_mention_them() {
    let site = built();
    for (topic, expected) in [
        ("nato", vec!["000", "001", "002", "004"]),
        ("crimea", vec!["001", "002", "003", "004"]),
        ("negotiations", vec!["000", "001", "002", "003", "004"]),
    ] {
        let page = format!("topics/{topic}/index.html");
        let hrefs = attrs(&site.page(&page), "main .card h3 a", "href");
        let mut seeds: Vec<&str> = hrefs.iter().map(|h| seed_of(&site, &page, h)).collect();
        seeds.sort();
        assert_eq!(seeds, expected, "{topic}");
    }
}

#[test]
fn articles_link_to_their_topics_and_back() {
    let site = built();
    for article in article_pages(&site) {
        let html = site.page(&article);
        let topic_links: BTreeSet<String> =
            attrs(&html, "article > header .chips a", "href").into_iter().collect();
        for href in &topic_links {
            let topic_page = normalise(&Path::new(&article).parent().unwrap().join(href).join("index.html"));
            let back: Vec<String> = attrs(&site.page(&topic_page), "main .card h3 a", "href")
                .iter()
                .map(|h| normalise(&Path::new(&topic_page).parent().unwrap().join(h).join("index.html")))
                .collect();
            assert!(back.contains(&article), "{topic_page} does not link back to {article}");
        }
    }
}

#[test]
fn first_body_mention_of_each_topic_links_to_it() {
    let site = built();
    let page = article_pages(&site).into_iter().find(|p| p.contains("lying-west")).unwrap();
    let html = site.page(&page);
    let linked = attrs(&html, ".body a.topic-link", "href");
    assert_eq!(linked, vec!["../../topics/nato/", "../../topics/negotiations/", "../../topics/crimea/"]);
}

#[test]
fn topic_pages_quote_the_sentence_with_the_mention() {
    let site = built();
    let html = site.page("topics/crimea/index.html");
    let marks = select(&html, "blockquote.context mark");
    assert_eq!(marks.len(), 4);
    assert!(marks.iter().all(|m| m.starts_with("Crimea")), "{marks:?}");
}

#[test]
fn no_boilerplate_in_any_article_body() {
    let site = built();
    for page in article_pages(&site) {
        let body = select(&site.page(&page), ".body").join(" ");
        for phrase in [
            "small favor to ask",
            "Related Articles",
            "Disclaimer",
            "Become a Member",
            "REUTERS",
            "Subscribe",
        ] {
            assert!(!body.contains(phrase), "{page} body has {phrase:?}");
        }
    }
}

#[test]
fn every_internal_link_resolves_to_a_file() {
    let site = built();
    assert_links_resolve(&site);
}

#[test]
fn home_lists_newest_first_and_undated_last() {
    let site = built();
    let dates = attrs(&site.page("index.html"), "main .card time", "datetime");
    assert_eq!(dates, vec!["2022-02-01", "2022-02-01", "2018-03-11"]);
    let undated = select(&site.page("index.html"), "main .card .undated").len();
    assert_eq!(undated, 2);
    let counts = select(&site.page("index.html"), ".topic-counts li");
    assert_eq!(counts, vec!["NATO 4", "Crimea 4", "Negotiations 5"]);
}

#[test]
fn removed_lines_are_shown_collapsed_with_reasons() {
    let site = built();
    let page = article_pages(&site).into_iter().find(|p| p.contains("ready-to-negotiate")).unwrap();
    let html = site.page(&page);
    let cells = select(&html, "details tbody td");
    let row = cells.chunks(3).find(|row| row[0] == "51").expect("line 51 is listed");
    assert_eq!(row, ["51", "Related Articles", "end of the article (\u{201c}Related Articles\u{201d})"]);
}

#[test]
fn a_second_build_writes_nothing() {
    let site = built();
    let report = site.build().unwrap();
    assert_eq!(report.stats.written, 0);
    assert_eq!(report.stats.unchanged, report.pages);
}
