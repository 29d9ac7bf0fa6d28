//! `dossier init`: a new site that builds as it is.

use crate::support::{assert_links_resolve, dossier, select, TestSite};

#[test]
fn init_then_build_gives_a_working_site() {
    let parent = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = dossier(parent.path(), &["init", "new-site"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("Created a site in new-site: site.toml, seeds/example.md and "), "{stdout}");
    let site = TestSite { dir: tempfile::tempdir().unwrap() };
    std::fs::remove_dir(site.root()).unwrap();
    std::fs::rename(parent.path().join("new-site"), site.root()).unwrap();
    for file in [
        "site.toml",
        "seeds/example.md",
        "templates/base.html",
        "templates/style.css",
        "templates/search.js",
        "templates/atom.xml",
    ] {
        assert!(site.root().join(file).is_file(), "missing {file}");
    }
    let (code, stdout, stderr) = dossier(site.root(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("Built 1 article and 1 topic: "), "{stdout}");
    assert_eq!(
        select(&site.page("articles/an-example-article/index.html"), "h1"),
        vec!["An example article"]
    );
    assert_eq!(
        select(&site.page("topics/example-topic/index.html"), "main .card h3"),
        vec!["An example article"]
    );
    assert_links_resolve(&site);
    let (code, stdout, _) = dossier(site.root(), &["check"]);
    assert_eq!(code, 0);
    assert!(stdout.ends_with(": 0 errors, 0 warnings\n"), "{stdout}");
}

#[test]
fn init_refuses_a_folder_with_files_in_it() {
    let site = TestSite::new("title = \"mine\"\n");
    let (code, _, stderr) = dossier(site.root(), &["init"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(
            "error: the folder is not empty; `dossier init` only writes into a new or empty folder\n"
        ),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(site.root().join("site.toml")).unwrap(), "title = \"mine\"\n");
}
