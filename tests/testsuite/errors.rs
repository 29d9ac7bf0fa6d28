//! Bad input is reported with its file, line and column, and the rest still builds.

use crate::support::{select, TestSite};

const CONFIG: &str = "title = \"Test\"\n";
const GOOD: &str =
    "A good article\n\nThe text of a good article, long enough to be a real paragraph of prose.\n";

#[test]
fn one_bad_article_is_reported_and_the_others_build() {
    let site = TestSite::new(CONFIG);
    site.write("seeds/good.txt", GOOD);
    site.write("seeds/bad.md", "---\ntitle: Bad\ndate: soon\n---\nBody text of the bad article.\n");
    let report = site.build().unwrap();
    assert_eq!(report.articles, 1);
    assert_eq!(report.errors(), 1);
    let error = report.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(error.location(), "seeds/bad.md:3:1");
    assert_eq!(error.message, "front matter `date` must be a date such as 2022-02-01");
    assert_eq!(select(&site.page("articles/a-good-article/index.html"), "h1"), vec!["A good article"]);
}

#[test]
fn a_misspelt_config_key_stops_the_build_with_a_suggestion() {
    let site = TestSite::new("title = \"x\"\n\n[[topics]]\nname = \"NATO\"\naliasses = [\"NATO\"]\n");
    site.write("seeds/good.txt", GOOD);
    let failure = site.build().unwrap_err();
    let d = &failure.diagnostics[0];
    assert_eq!(d.to_string(), "error: unknown key `aliasses` in site.toml\n  --> site.toml:5:1\n    |\n   5| aliasses = [\"NATO\"]\n    | ^\n  = help: did you mean `aliases`?");
    assert!(!site.out().exists(), "a failed build must not write");
}

#[test]
fn a_template_error_names_the_template_line_and_column() {
    let site = TestSite::new(CONFIG);
    site.write("seeds/good.txt", GOOD);
    site.write("templates/article.html", "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.title </h1>\n{% endblock content %}\n");
    let failure = site.build().unwrap_err();
    let d = &failure.diagnostics[0];
    assert_eq!(d.path, std::path::Path::new("templates/article.html"));
    assert_eq!(d.position.map(|p| p.line), Some(3));
    assert!(d.message.starts_with("template error:"), "{}", d.message);
}

#[test]
fn a_site_template_overrides_the_built_in_one() {
    let site = TestSite::new(CONFIG);
    site.write("seeds/good.txt", GOOD);
    site.write("templates/article.html", "{% extends \"base.html\" %}{% block content %}<h1>Custom: {{ article.title }}</h1>{% endblock content %}");
    site.build().unwrap();
    assert_eq!(
        select(&site.page("articles/a-good-article/index.html"), "h1"),
        vec!["Custom: A good article"]
    );
    // The other templates are still the built-in ones.
    assert_eq!(select(&site.page("index.html"), "h1"), vec!["Test"]);
}

#[test]
fn a_site_without_config_or_templates_builds_with_defaults() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(dir.path().join("seeds/a.txt"), GOOD).unwrap();
    let report =
        dossier::build(&dossier::BuildOptions { root: dir.path().to_path_buf(), output: None }).unwrap();
    assert_eq!(report.articles, 1);
    assert!(dir.path().join("public/articles/a-good-article/index.html").exists());
}

#[test]
fn a_missing_seeds_folder_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let report =
        dossier::build(&dossier::BuildOptions { root: dir.path().to_path_buf(), output: None }).unwrap();
    assert_eq!(report.errors(), 1);
    assert_eq!(report.diagnostics[0].location(), "seeds");
    assert_eq!(report.diagnostics[0].message, "the seeds folder does not exist");
}
