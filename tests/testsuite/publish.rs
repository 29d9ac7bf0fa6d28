//! What a published site needs beyond article pages: archive pages, pagination, feeds,
//! crawler files, the head of each page, links for file://, and the search index.

use crate::support::{assert_links_resolve, attrs, resolve_url, select, unresolved_links, TestSite};

const READY: &str = "articles/putin-says-russia-ready-to-negotiate-over-ukraine/index.html";
const TRUSTED: &str = "articles/putin-says-us-cannot-be-trusted-in-any-political-negotiations/index.html";

fn bundled_with(extra: &str) -> TestSite {
    let site = TestSite::bundled();
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", format!("{config}\n{extra}"));
    let report = site.build().unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    site
}

#[test]
fn timeline_groups_by_year_and_month_with_undated_last() {
    let site = bundled_with("");
    let html = site.page("timeline/index.html");
    assert_eq!(select(&html, "main section.year h2"), vec!["2022", "2018", "Undated"]);
    assert_eq!(select(&html, "main h3.month"), vec!["February 2022", "March 2018"]);
    assert_eq!(select(&html, "main section.year:last-of-type .card").len(), 2);
    assert_eq!(select(&html, "nav.years li"), vec!["2022 2", "2018 1", "Undated 2"]);
}

#[test]
fn each_publisher_has_a_page_and_the_index_counts_them() {
    let site = bundled_with("");
    let index = site.page("sources/index.html");
    assert_eq!(
        select(&index, "main .source-list li"),
        vec!["Global Research 1 article", "KazPost 1 article", "The Moscow Times 1 article"]
    );
    let kazpost = site.page("sources/kazpost/index.html");
    assert_eq!(select(&kazpost, "main .card h3"), vec!["Putin says Russia ready to negotiate over Ukraine"]);
    // The article page links to its publisher's page.
    assert_eq!(
        attrs(&site.page(READY), "article > header .meta a.source", "href"),
        vec!["../../sources/kazpost/"]
    );
}

#[test]
fn home_shows_topics_and_sources_with_counts() {
    let site = bundled_with("");
    let home = site.page("index.html");
    assert_eq!(select(&home, ".topic-counts li"), vec!["NATO 4", "Crimea 4", "Negotiations 5"]);
    assert_eq!(select(&home, ".source-counts li").len(), 3);
}

#[test]
fn long_lists_continue_on_numbered_pages() {
    let site = bundled_with("[pages]\nper_page = 2\n");
    let files = site.files();
    for page in [
        "page/2/index.html",
        "page/3/index.html",
        "timeline/page/3/index.html",
        "topics/negotiations/page/3/index.html",
    ] {
        assert!(files.contains(&page.to_string()), "missing {page}");
    }
    assert!(!files.contains(&"page/4/index.html".to_string()));
    let second = site.page("page/2/index.html");
    assert_eq!(select(&second, "main .card").len(), 2);
    assert_eq!(attrs(&second, ".pagination a[rel=prev]", "href"), vec!["../../"]);
    assert_eq!(attrs(&second, ".pagination a[rel=next]", "href"), vec!["../../page/3/"]);
    // The timeline's year links point at the page where each year starts.
    let years = attrs(&site.page("timeline/index.html"), "nav.years a", "href");
    assert_eq!(years, vec!["../timeline/#y2022", "../timeline/page/2/#y2018", "../timeline/page/2/#undated"]);
    // A year cut by a page break says so on the next page.
    assert_eq!(
        select(&site.page("timeline/page/3/index.html"), "main section.year h2"),
        vec!["Undated (continued)"]
    );
    assert_links_resolve(&site);
}

#[test]
fn links_end_in_index_html_when_asked() {
    let site = bundled_with("[pages]\nper_page = 2\nlink_index_html = true\n");
    let home = site.page("index.html");
    assert_eq!(attrs(&home, ".site-title", "href"), vec!["index.html"]);
    let hrefs = attrs(&home, "main a", "href");
    assert!(!hrefs.is_empty());
    assert!(hrefs.iter().all(|h| h.ends_with("index.html")), "{hrefs:?}");
    let body_links = attrs(&site.page(READY), ".body a.topic-link", "href");
    assert_eq!(body_links, vec!["../../topics/negotiations/index.html", "../../topics/crimea/index.html"]);
    assert_links_resolve(&site);
}

#[test]
fn every_link_and_search_result_resolves_at_the_root_and_under_a_sub_path() {
    // Numbered pages too, and both link styles: the same output folder, served at `/` and at
    // `/archive/`.
    assert_links_resolve(&bundled_with("[pages]\nper_page = 2\n"));
    assert_links_resolve(&bundled_with("[pages]\nper_page = 2\nlink_index_html = true\n"));
}

#[test]
fn links_that_only_work_at_the_root_are_caught() {
    let site = TestSite::bundled();
    // A link from the host's root, and one that climbs above the site's folder: both reach
    // a page when the site is served at `/`, neither does under `/archive/`.
    let sources = std::fs::read_to_string(site.root().join("templates/sources.html")).unwrap();
    site.write(
        "templates/sources.html",
        sources.replace(
            "<h1>Sources</h1>",
            "<h1>Sources</h1><a href=\"/topics/\">t</a><a href=\"{{ root }}../timeline/\">y</a>",
        ),
    );
    site.build().unwrap();
    assert_eq!(unresolved_links(&site, "/"), Vec::<String>::new());
    assert_eq!(
        unresolved_links(&site, "/archive/"),
        vec![
            "sources/index.html: /topics/ -> /topics/: outside the site at /archive/",
            "sources/index.html: ../../timeline/ -> /timeline/: outside the site at /archive/",
        ]
    );
    assert_eq!(resolve_url("/archive/a/index.html", "../b/./c/..?q#f"), "/archive/b/");
    assert_eq!(resolve_url("/archive/a/", ""), "/archive/a/");
}

#[test]
fn article_head_has_description_canonical_opengraph_and_json_ld() {
    let site = bundled_with("");
    let html = site.page(TRUSTED);
    assert_eq!(
        select(&html, "title"),
        vec!["Putin Says US Cannot be Trusted in Any Political Negotiations \u{b7} Ukraine, Russia and NATO: a press archive"]
    );
    let canonical =
        "https://example.org/articles/putin-says-us-cannot-be-trusted-in-any-political-negotiations/";
    assert_eq!(attrs(&html, "link[rel=canonical]", "href"), vec![canonical]);
    assert_eq!(attrs(&html, "meta[property='og:url']", "content"), vec![canonical]);
    assert_eq!(attrs(&html, "meta[property='og:type']", "content"), vec!["article"]);
    let description = attrs(&html, "meta[name=description]", "content").remove(0);
    assert!(description.starts_with("The US used Russia to prevent"), "{description}");
    assert_eq!(attrs(&html, "meta[property='og:description']", "content"), vec![description.clone()]);
    let ld: serde_json::Value =
        serde_json::from_str(&select(&html, "script[type='application/ld+json']").remove(0)).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], "Putin Says US Cannot be Trusted in Any Political Negotiations");
    assert_eq!(ld["datePublished"], "2018-03-11");
    assert_eq!(ld["publisher"]["name"], "Global Research");
    assert_eq!(ld["url"], canonical);
    // An undated article states no date rather than a made-up one.
    let ready = site.page(READY);
    let ld: serde_json::Value =
        serde_json::from_str(&select(&ready, "script[type='application/ld+json']").remove(0)).unwrap();
    assert!(ld.get("datePublished").is_none(), "{ld}");
}

#[test]
fn a_title_closing_the_script_element_stays_inside_json_ld() {
    let site = TestSite::new("title = \"T\"\n");
    site.write(
        "seeds/x.md",
        "---\ntitle: \"Evil </script><script>alert(1)</script> & <!-- more\"\ndate: 2022-02-01\nsource: \"A <b>\"\n---\nA paragraph of text that is long enough to be the body of an article.\n",
    );
    site.build().unwrap();
    let page = site.files().into_iter().find(|f| f.starts_with("articles/")).unwrap();
    let text = site.page_text(&page);
    let start = text.find("<script type=\"application/ld+json\">").unwrap();
    let end = start + text[start..].find("</script>").unwrap();
    let block = &text[start + "<script type=\"application/ld+json\">".len()..end];
    assert!(!block.contains('<'), "{block}");
    let ld: serde_json::Value = serde_json::from_str(block).unwrap();
    assert_eq!(ld["headline"], "Evil </script><script>alert(1)</script> & <!-- more");
    assert_eq!(select(&site.page(&page), "script").len(), 1, "only the JSON-LD script is on the page");
}

#[test]
fn feeds_have_absolute_urls_and_dates_that_do_not_depend_on_the_clock() {
    let site = bundled_with("");
    let feed = site.page_text("atom.xml");
    assert!(feed.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    let doc = site.page("atom.xml");
    assert_eq!(select(&doc, "feed > updated"), vec!["2022-02-01T00:00:00Z"]);
    let updated = select(&doc, "entry > updated");
    assert_eq!(updated.len(), 5);
    // Newest first; the two undated articles take the newest date in the site.
    assert_eq!(
        updated,
        vec![
            "2022-02-01T00:00:00Z",
            "2022-02-01T00:00:00Z",
            "2018-03-11T00:00:00Z",
            "2022-02-01T00:00:00Z",
            "2022-02-01T00:00:00Z"
        ]
    );
    assert_eq!(select(&doc, "entry > published").len(), 3);
    assert!(select(&doc, "entry > id").iter().all(|id| id.starts_with("https://example.org/articles/")));
    assert!(select(&doc, "entry > summary").iter().all(|s| !s.is_empty()));
    let nato = site.page("topics/nato/atom.xml");
    assert_eq!(select(&nato, "entry").len(), 4);
    assert_eq!(select(&nato, "feed > id"), vec!["https://example.org/topics/nato/"]);
    let topic_page = site.page("topics/nato/index.html");
    let alternate = attrs(&topic_page, "link[rel=alternate][type='application/atom+xml']", "href");
    assert_eq!(alternate, vec!["../../atom.xml", "../../topics/nato/atom.xml"]);
}

#[test]
fn feed_text_is_escaped_and_stripped_of_characters_xml_forbids() {
    let site = TestSite::new("title = \"Q&A <site>\"\nbase_url = \"https://example.org/a/\"\n");
    site.write(
        "seeds/x.md",
        "---\ntitle: \"Tom & Jerry <b>bold</b> \\f form feed\"\ndate: 2022-02-01\n---\nA paragraph with \"quotes\" & <tags> long enough for a body.\n",
    );
    site.build().unwrap();
    let feed = site.page_text("atom.xml");
    assert!(feed.contains("<title>Q&amp;A &lt;site&gt;</title>"), "{feed}");
    assert!(feed.contains("<title>Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;  form feed</title>"), "{feed}");
    assert!(!feed.contains('\u{c}'));
    assert!(feed.contains("<id>https://example.org/a/articles/"), "{feed}");
}

#[test]
fn sitemap_lists_pages_and_robots_points_to_it() {
    let site = bundled_with("");
    let sitemap = site.page("sitemap.xml");
    let locs = select(&sitemap, "url > loc");
    assert!(locs.contains(&"https://example.org/".to_string()));
    assert!(locs.contains(&"https://example.org/timeline/".to_string()));
    assert_eq!(locs.iter().filter(|l| l.contains("/articles/")).count(), 5);
    assert!(!locs.iter().any(|l| l.contains("/search/") || l.contains("404")));
    assert_eq!(
        site.page_text("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    );
}

#[test]
fn without_base_url_there_are_no_feeds_or_sitemap() {
    let site = TestSite::new("title = \"T\"\n[[topics]]\nname = \"NATO\"\n");
    site.write(
        "seeds/a.txt",
        "NATO summit\n\nThe NATO summit opened with a long paragraph of text about it.\n",
    );
    site.build().unwrap();
    let files = site.files();
    assert!(!files.iter().any(|f| f.ends_with(".xml")), "{files:?}");
    assert_eq!(site.page_text("robots.txt"), "User-agent: *\nAllow: /\n");
    let home = site.page("index.html");
    assert!(attrs(&home, "link[rel=canonical]", "href").is_empty());
    assert!(attrs(&home, "link[rel=alternate]", "href").is_empty());
    assert_links_resolve(&site);
}

#[test]
fn search_index_finds_a_word_of_the_003_body() {
    let site = bundled_with("");
    let meta: serde_json::Value = serde_json::from_str(&site.page_text("search/meta.json")).unwrap();
    assert_eq!(meta["articles"], 5);
    assert_eq!(meta["buckets"], 1);
    let terms: serde_json::Value = serde_json::from_str(&site.page_text("search/terms/0.json")).unwrap();
    // "Podolyak" is only in the 003 seed's body; ranks are stored as differences.
    let ranks = terms["podolyak"].as_array().unwrap();
    assert_eq!(ranks.len(), 1);
    let rank = ranks[0].as_u64().unwrap() as usize;
    let docs: serde_json::Value = serde_json::from_str(&site.page_text("search/docs/0.json")).unwrap();
    assert_eq!(docs[rank][0], "Putin says Russia ready to negotiate over Ukraine");
    let link = docs[rank][1].as_str().unwrap();
    assert_eq!(format!("{link}index.html"), READY);
    // The search page loads its script relative to itself, and topic filters exist.
    let search = site.page("search/index.html");
    assert_eq!(attrs(&search, "script", "src"), vec!["../search.js"]);
    assert_eq!(attrs(&search, "#search-form", "data-root"), vec!["../"]);
    assert_eq!(attrs(&search, "#search-topic option", "value"), vec!["", "nato", "crimea", "negotiations"]);
    // Four of five articles: a hex bitmap is shorter than the list of differences.
    let nato: serde_json::Value = serde_json::from_str(&site.page_text("search/topics/nato.json")).unwrap();
    let bits = u8::from_str_radix(nato.as_str().unwrap(), 16).unwrap();
    assert_eq!(bits.count_ones(), 4);
}

#[test]
fn the_404_page_resolves_links_from_the_site_root() {
    let site = bundled_with("");
    let html = site.page("404.html");
    assert_eq!(attrs(&html, "base", "href"), vec!["https://example.org/"]);
    assert!(attrs(&html, "link[rel=canonical]", "href").is_empty());
}

#[test]
fn each_page_kind_says_whether_it_shows_an_article() {
    use dossier::render::{listed_by, plan, Orders, PageKind, Theme};
    let site = TestSite::bundled();
    let (loaded, _) = dossier::load_site(site.root()).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let theme = Theme::load(&site.root().join("templates"), std::path::Path::new("templates")).unwrap();
    let ready = loaded
        .articles
        .iter()
        .position(|a| a.slug == "putin-says-russia-ready-to-negotiate-over-ukraine")
        .unwrap();
    let other = (ready + 1) % loaded.articles.len();
    let topic = |slug: &str| loaded.topics.topics.iter().position(|t| t.slug == slug).unwrap();
    let listed_by = listed_by(&loaded);
    let uses = |kind: PageKind| kind.uses_article(ready, &loaded, &listed_by);
    // The 003 seed mentions Crimea but not NATO.
    // Another article's page shows it only as a related article or a copy.
    let listed = loaded.topics.related[other].iter().any(|r| r.article == ready)
        || loaded.topics.duplicates.of[other].contains(&ready);
    assert!(uses(PageKind::Article(ready)));
    assert_eq!(uses(PageKind::Article(other)), listed);
    assert!(uses(PageKind::Topic(topic("crimea"))) && !uses(PageKind::Topic(topic("nato"))));
    assert!(uses(PageKind::TopicFeed(topic("crimea"))) && !uses(PageKind::TopicFeed(topic("nato"))));
    assert!(uses(PageKind::TopicPage(topic("crimea"), 2)));
    for aggregate in [
        PageKind::Home,
        PageKind::HomePage(2),
        PageKind::Timeline(1),
        PageKind::SourceIndex,
        PageKind::Source(0, 1),
        PageKind::Feed,
        PageKind::Sitemap,
        PageKind::SearchMeta,
        PageKind::SearchTerms(0),
        PageKind::SearchDocs(0),
        PageKind::SearchTopic(0),
    ] {
        assert!(uses(aggregate), "{aggregate:?}");
    }
    for unrelated in [PageKind::NotFound, PageKind::Robots, PageKind::Search, PageKind::Asset(0)] {
        assert!(!uses(unrelated), "{unrelated:?}");
    }
    // Every planned page has its own path.
    let specs = plan(&loaded, &theme, &Orders::new(&loaded));
    // Article pages come first, in article order: serve finds them by index.
    for (i, spec) in specs.iter().take(loaded.articles.len()).enumerate() {
        assert_eq!(spec.kind, PageKind::Article(i));
    }
    let mut paths: Vec<&str> = specs.iter().map(|s| s.path.as_str()).collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), specs.len());
}
