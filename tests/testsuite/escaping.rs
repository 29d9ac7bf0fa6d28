//! Article text is text: nothing from a source runs in the published site.

use crate::support::{attrs, select, TestSite};

const CONFIG: &str = "title = \"Test\"\n[[topics]]\nname = \"NATO\"\n";

#[test]
fn a_title_with_script_is_escaped_everywhere() {
    let site = TestSite::new(CONFIG);
    site.write("seeds/x.txt", "NATO <script>alert('x')</script> summit opens\n\nThe NATO summit opened on Monday with talks about the budget and the alliance.\n");
    site.build().unwrap();
    let article = site.page_text("articles/nato-script-alert-x-script-summit-opens/index.html");
    assert!(!article.contains("<script>alert"), "raw script in article page");
    assert!(article.contains("&lt;script&gt;alert("));
    let html = site.page("articles/nato-script-alert-x-script-summit-opens/index.html");
    assert_eq!(select(&html, "h1"), vec!["NATO <script>alert('x')</script> summit opens"]);
    for page in ["index.html", "topics/nato/index.html"] {
        let text = site.page_text(page);
        assert!(!text.contains("<script>alert"), "raw script in {page}");
    }
}

#[test]
fn raw_html_and_javascript_links_in_a_body_do_not_run() {
    let site = TestSite::new(CONFIG);
    site.write(
        "seeds/x.md",
        "---\ntitle: Markup in the body\n---\nThe body has <img src=x onerror=alert(1)> and <iframe src=\"https://evil.example\"></iframe> in it, plus [a link](javascript:alert(1)).\n",
    );
    site.build().unwrap();
    let html = site.page("articles/markup-in-the-body/index.html");
    assert!(attrs(&html, ".body img", "src").is_empty());
    assert!(attrs(&html, ".body iframe", "src").is_empty());
    assert_eq!(attrs(&html, ".body a", "href"), vec!["#"]);
    assert!(select(&html, ".body p")[0].contains("<img src=x onerror=alert(1)>"));
}
