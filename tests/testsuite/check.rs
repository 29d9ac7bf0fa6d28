//! `dossier check`: the whole pipeline without writing, and what it reports.

use crate::support::{dossier, TestSite};

const CONFIG: &str = "title = \"T\"\n[[topics]]\nname = \"NATO\"\n";
const GOOD: &str = "---\ndate: 2022-02-01\n---\nNATO summit opens\n\nThe NATO summit opened on Monday with a long paragraph of text about it.\n";

#[test]
fn the_bundled_site_checks_clean_apart_from_undated_articles() {
    let site = TestSite::bundled();
    let (code, stdout, stderr) = dossier(site.root(), &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "Checked 5 articles and 32 pages: 0 errors, 2 warnings\n");
    assert!(stderr.contains("warning: no publication date found; the article is listed as undated\n  --> seeds/001_dc715accd5343d59.txt\n"), "{stderr}");
    assert!(!site.out().exists(), "check must not write");
}

#[test]
fn a_broken_link_in_a_template_is_an_error_naming_the_page() {
    let site = TestSite::new(CONFIG);
    site.write("seeds/a.md", GOOD);
    site.write("templates/topics.html", "{% extends \"base.html\" %}{% block content %}<a href=\"{{ root }}nowhere/\">x</a>{% endblock content %}");
    let (code, stdout, stderr) = dossier(site.root(), &["check"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stderr.contains("error: broken link `../nowhere/`: no page nowhere/index.html is built\n  --> public/topics/index.html\n"),
        "{stderr}"
    );
    assert!(stdout.ends_with(": 1 error, 0 warnings\n"), "{stdout}");
    assert!(!site.out().exists());
}

#[test]
fn front_matter_and_template_errors_name_file_line_and_column() {
    let site = TestSite::new(CONFIG);
    site.write("seeds/a.md", GOOD);
    site.write("seeds/bad.md", "---\ntitle: Bad\ndate: soon\n---\nBody.\n");
    site.write(
        "templates/source.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ source.name \n{% endblock content %}\n",
    );
    let report = dossier::check::check(site.root());
    let errors: Vec<String> =
        report.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.location()).collect();
    assert_eq!(errors, vec!["seeds/bad.md:3:1", "templates/source.html:4:1"]);
}

#[test]
fn undated_untopical_and_duplicate_articles_are_warnings() {
    let site = TestSite::new(CONFIG);
    site.write("seeds/a.md", GOOD);
    site.write("seeds/b.md", GOOD);
    site.write(
        "seeds/c.md",
        "---\ntitle: Weather report\n---\nRain is expected over the whole region for the rest of the week.\n",
    );
    let report = dossier::check::check(site.root());
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    let warnings: Vec<String> =
        report.diagnostics.iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert_eq!(
        warnings,
        vec![
            "seeds/b.md: same title as seeds/a.md: \u{201c}NATO summit opens\u{201d}",
            "seeds/b.md: slug `nato-summit-opens` is taken by seeds/a.md; this article is at articles/nato-summit-opens-2/",
            "seeds/c.md: no publication date found; the article is listed as undated",
            "seeds/c.md: the article mentions none of the site's topics",
        ]
    );
}

#[test]
fn a_broken_config_stops_the_check_with_its_position() {
    let site = TestSite::new("titel = \"x\"\n");
    let (code, stdout, stderr) = dossier(site.root(), &["check"]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error: unknown key `titel` in site.toml\n  --> site.toml:1:1\n"), "{stderr}");
    assert_eq!(stdout, "Checked 0 articles and 0 pages: 1 error, 0 warnings\n");
}
