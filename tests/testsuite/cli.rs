//! The command line as a user types it.

use crate::support::{dossier, repo_root, TestSite};

#[test]
fn build_prints_one_summary_line() {
    let site = TestSite::bundled();
    let out = site.root().join("elsewhere");
    let (code, stdout, stderr) = dossier(site.root(), &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout
            .starts_with("Built 5 articles and 3 topics: 32 pages (32 written, 0 unchanged, 0 removed) in "),
        "{stdout}"
    );
    assert!(out.join("index.html").exists());
    assert!(!site.root().join("public").exists());
}

#[test]
fn build_exits_non_zero_when_an_article_has_an_error() {
    let site = TestSite::new("");
    site.write("seeds/a.md", "---\ntitle: [unclosed\n---\nText.\n");
    let (code, _, stderr) = dossier(site.root(), &["build"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "error: malformed front matter: did not find expected ',' or ']'\n  --> seeds/a.md:2:17\n"
        ),
        "{stderr}"
    );
}

#[test]
fn extract_json_prints_one_object_per_file_with_the_documented_keys() {
    let mut seeds: Vec<String> = std::fs::read_dir(repo_root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    seeds.sort();
    let mut args = vec!["extract", "--json"];
    args.extend(seeds.iter().map(String::as_str));
    let (code, stdout, stderr) = dossier(&repo_root(), &args);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 5);
    for value in &lines {
        for key in ["file", "title", "date", "source", "byline", "body", "removed", "topics"] {
            assert!(value.get(key).is_some(), "missing {key}");
        }
    }
    assert_eq!(lines[0]["date"], "2018-03-11");
    assert_eq!(lines[1]["date"], serde_json::Value::Null);
    assert_eq!(lines[3]["source"], "KazPost");
    assert_eq!(lines[0]["removed"][0]["line"], 9);
}
