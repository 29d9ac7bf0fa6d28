//! Hostile input: every odd file a scrape can produce has a defined outcome, built with a
//! warning or refused with an error naming it, and the other articles still build. Large and
//! binary cases are made here rather than committed.

use std::path::Path;

use dossier::BuildReport;

use crate::support::{attrs, select, TestSite};

const CONFIG: &str = "title = \"Hostile\"\nbase_url = \"https://example.org\"\n[[topics]]\nname = \"NATO\"\n";
const GOOD: &str =
    "A good article\n\nThe NATO summit opened on Monday with long talks about the budget and the alliance.\n";
const GOOD_PAGE: &str = "articles/a-good-article/index.html";

/// A site with the good article and `files` beside it, built.
fn build_with(files: &[(&str, &[u8])]) -> (TestSite, BuildReport) {
    let site = TestSite::new(CONFIG);
    site.write("seeds/good.txt", GOOD);
    for (path, bytes) in files {
        site.write(path, bytes);
    }
    let report = site.build().expect("one bad article never stops the build");
    assert_eq!(select(&site.page(GOOD_PAGE), "h1"), vec!["A good article"]);
    (site, report)
}

/// The diagnostics about `path`, one line each: `severity location: message [help]`.
fn about(report: &BuildReport, path: &str) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.path == Path::new(path))
        .map(|d| {
            let severity = if d.is_error() { "error" } else { "warning" };
            let help = d.help.as_deref().map(|h| format!(" [{h}]")).unwrap_or_default();
            format!("{severity} {}: {}{help}", d.location(), d.message)
        })
        .collect()
}

fn article_pages(site: &TestSite) -> Vec<String> {
    site.files().into_iter().filter(|f| f.starts_with("articles/") && f.ends_with("/index.html")).collect()
}

#[test]
fn an_empty_file_is_built_with_warnings() {
    for (name, text) in [("empty", ""), ("blank", " \n\t\n\u{a0}\n   \n")] {
        let path = format!("seeds/{name}.txt");
        let (site, report) = build_with(&[(&path, text.as_bytes())]);
        assert_eq!(report.articles, 2);
        assert_eq!(
            about(&report, &path),
            vec![
                format!("warning {path}: no title found; using \u{201c}{name}\u{201d} [add `title:` in front matter, or put the headline on the first line]"),
                format!("warning {path}: no article text found; every line looked like page furniture [check the file, or add a `keep` pattern under [extract] in site.toml]"),
            ]
        );
        assert_eq!(select(&site.page(&format!("articles/{name}/index.html")), "h1"), vec![name]);
    }
}

#[test]
fn a_file_larger_than_the_limit_is_refused_before_it_is_read() {
    let site = TestSite::new(CONFIG);
    site.write("seeds/good.txt", GOOD);
    // 50 MB of text: a line of prose repeated.
    let line = "The ministers met again on Tuesday to talk about the budget of the alliance.\n";
    let big = line.repeat(50_000_000 / line.len() + 1);
    site.write("seeds/huge.txt", &big);
    let report = site.build().unwrap();
    assert_eq!(report.articles, 1);
    assert_eq!(
        about(&report, "seeds/huge.txt"),
        vec![
            "error seeds/huge.txt: file is larger than 16 MiB; skipped [split it into one file per article]"
        ]
    );
}

#[test]
fn a_png_named_txt_is_refused() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    let (_, report) = build_with(&[("seeds/photo.txt", png)]);
    assert_eq!(report.articles, 1);
    assert_eq!(
        about(&report, "seeds/photo.txt"),
        vec!["error seeds/photo.txt: not a text file (a PNG image); skipped [articles must be plain text or Markdown]"]
    );
}

#[test]
fn random_binary_data_is_refused() {
    let mut state = 0x9e37_79b9_u32;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    let (_, report) = build_with(&[("seeds/noise.md", &bytes)]);
    assert_eq!(report.articles, 1);
    assert_eq!(
        about(&report, "seeds/noise.md"),
        vec!["error seeds/noise.md: not a text file (binary data); skipped [articles must be plain text or Markdown]"]
    );
}

#[test]
fn windows_1252_is_read_with_a_warning() {
    let text = b"Kiev\x92s \x93peace\x94 plan\n\nThe plan was discussed at length by the ministers on Tuesday, officials said.\n";
    let (site, report) = build_with(&[("seeds/cp1252.txt", text)]);
    assert_eq!(report.articles, 2);
    assert_eq!(
        about(&report, "seeds/cp1252.txt"),
        vec!["warning seeds/cp1252.txt: not valid UTF-8; read as Windows-1252 [save the file as UTF-8 to be sure every character is right]"]
    );
    assert_eq!(
        select(&site.page("articles/kiev-s-peace-plan/index.html"), "h1"),
        vec!["Kiev\u{2019}s \u{201c}peace\u{201d} plan"]
    );
}

#[test]
fn utf16_and_utf8_with_a_byte_order_mark_are_read_and_the_mark_dropped() {
    let text = "---\ntitle: Marked \u{2013} Переговоры\n---\nThe text after a byte order mark is an ordinary paragraph of the article.\n";
    let mut utf16le = vec![0xff, 0xfe];
    utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut utf16be = vec![0xfe, 0xff];
    utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut utf8 = b"\xef\xbb\xbf".to_vec();
    utf8.extend_from_slice(text.as_bytes());
    for (name, bytes) in [("le.md", utf16le), ("be.md", utf16be), ("utf8.md", utf8)] {
        let path = format!("seeds/{name}");
        let (site, report) = build_with(&[(&path, &bytes)]);
        assert_eq!(about(&report, &path), Vec::<String>::new());
        let page = site.page("articles/marked-peregovory/index.html");
        assert_eq!(select(&page, "h1"), vec!["Marked \u{2013} Переговоры"]);
    }
}

#[test]
fn crlf_line_endings_keep_front_matter_and_line_numbers() {
    let text = "---\r\ntitle: Carriage returns\r\ndate: later\r\n---\r\nBody.\r\n";
    let (_, report) = build_with(&[("seeds/crlf.md", text.as_bytes())]);
    assert_eq!(
        about(&report, "seeds/crlf.md"),
        vec!["error seeds/crlf.md:3:1: front matter `date` must be a date such as 2022-02-01 [`later` is not a date; write it as YYYY-MM-DD, or remove the line]"]
    );
    // `\r\n` and a lone `\r` both end a line: the body's last line is line 5 of the file.
    let text = "Ministers meet again in Geneva as the talks resume\r\n\r\nOld Mac line endings\r\rand Windows ones are the same lines to dossier, which reads them all.\r\n";
    let (site, report) = build_with(&[("seeds/crlf.txt", text.as_bytes())]);
    assert_eq!(about(&report, "seeds/crlf.txt"), Vec::<String>::new());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("crlf.txt"), text).unwrap();
    let loaded = dossier::source::load_file(&dir.path().join("crlf.txt"));
    let (article, _) = dossier::extract::extract(&loaded.files[0], &Default::default());
    let last =
        article.body.iter().find(|b| b.text.starts_with("and Windows ones")).expect("the last line is body");
    assert_eq!(last.lines, vec![5]);
    for page in article_pages(&site) {
        assert!(!site.page_text(&page).contains('\r'), "{page}");
    }
}

#[test]
fn stray_nul_bytes_are_removed_with_a_warning() {
    let text =
        b"Nul\0 bytes in a title\n\nA paragraph with a NUL\0 byte from a bad copy, and another\0 one.\n";
    let (site, report) = build_with(&[("seeds/nul.txt", text)]);
    assert_eq!(
        about(&report, "seeds/nul.txt"),
        vec!["warning seeds/nul.txt: 3 control characters (such as NUL) removed [save the file again from its source, or check for binary data in it]"]
    );
    let page = site.page_text("articles/nul-bytes-in-a-title/index.html");
    assert!(!page.contains('\0'));
    assert!(page.contains("A paragraph with a NUL byte from a bad copy"));
}

#[test]
fn a_ten_thousand_character_title_is_kept_and_its_slug_bounded() {
    let mut title: String = (0..1100).map(|i| format!("word{:05}", i)).collect::<Vec<_>>().join(" ");
    // Cut at 10,000 characters, ending in a letter (a trailing space would be trimmed).
    title.truncate(9_999);
    title.push('x');
    let title = title.as_str();
    let md = format!(
        "---\ntitle: \"{title}\"\n---\nThe body of the article with the longest title of all, a paragraph.\n"
    );
    let txt = format!("{title}\n\nThe body of the article with the longest title of all, a paragraph.\n");
    let (site, report) = build_with(&[("seeds/long.md", md.as_bytes()), ("seeds/long.txt", txt.as_bytes())]);
    assert_eq!(report.articles, 3);
    let pages = article_pages(&site);
    let of = |seed: &str| {
        let page =
            pages.iter().find(|p| site.page_text(p).contains(&format!("<code>{seed}</code>"))).unwrap();
        (page.trim_start_matches("articles/").trim_end_matches("/index.html").to_string(), site.page(page))
    };
    // Front matter's title is the title, all of it, and its slug is cut to at most 80 bytes.
    // A plain first line that long, with no sentence in it, may be taken as the headline or
    // removed as page furniture; either way it stays on the page, never lost.
    let (md_slug, md_page) = of("seeds/long.md");
    assert!(md_slug.starts_with("word00000-word00001") && md_slug.len() <= 82, "{md_slug}");
    assert_eq!(select(&md_page, "h1"), vec![title]);
    assert_eq!(title.chars().count(), 10_000);
    let (txt_slug, txt_page) = of("seeds/long.txt");
    assert!(txt_slug.len() <= 82, "{txt_slug}");
    assert!(select(&txt_page, "main").join(" ").contains(title));
}

#[test]
fn front_matter_never_closed_is_an_error_at_line_one() {
    let (_, report) = build_with(&[("seeds/open.md", b"---\ntitle: Open\n\nThe body never comes.\n")]);
    assert_eq!(report.articles, 1);
    assert_eq!(
        about(&report, "seeds/open.md"),
        vec!["error seeds/open.md:1:1: front matter opened on line 1 is never closed [end the front matter with a line containing only `---`, or remove the first `---` line]"]
    );
}

#[test]
fn malformed_yaml_names_its_line_and_column() {
    let (_, report) =
        build_with(&[("seeds/bad.md", b"---\ntitle: Fine\nsource: [unclosed, list\n---\nBody.\n")]);
    assert_eq!(
        about(&report, "seeds/bad.md"),
        vec!["error seeds/bad.md:3:24: malformed front matter: did not find expected ',' or ']' [front matter is YAML: `key: value` lines between two `---` lines]"]
    );
    let d = report.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(
        d.to_string(),
        "error: malformed front matter: did not find expected ',' or ']'\n  --> seeds/bad.md:3:24\n    |\n   3| source: [unclosed, list\n    |                        ^\n  = help: front matter is YAML: `key: value` lines between two `---` lines"
    );
}

#[test]
fn front_matter_of_the_wrong_type_is_an_error_naming_the_key() {
    let cases: [(&str, &str); 4] = [
        ("date: soon", "error seeds/x.md:2:1: front matter `date` must be a date such as 2022-02-01 [`soon` is not a date; write it as YYYY-MM-DD, or remove the line]"),
        ("title: [a, b]", "error seeds/x.md:2:1: front matter `title` must be a string"),
        ("draft: maybe", "error seeds/x.md:2:1: front matter `draft` must be true or false"),
        ("topics: {a: 1}", "error seeds/x.md:2:1: front matter `topics` must be a list of topic names"),
    ];
    for (line, expected) in cases {
        let text = format!("---\n{line}\n---\nBody of the article.\n");
        let (_, report) = build_with(&[("seeds/x.md", text.as_bytes())]);
        assert_eq!(report.articles, 1, "{line}");
        assert_eq!(about(&report, "seeds/x.md"), vec![expected.to_string()], "{line}");
    }
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    let mut yaml =
        String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (name, prev) in
        ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        yaml.push_str(&format!(
            "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    let text = format!("---\ntitle: Bomb\n{yaml}---\nBody.\n");
    let started = std::time::Instant::now();
    let (_, report) = build_with(&[("seeds/bomb.md", text.as_bytes())]);
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "took {:?}", started.elapsed());
    assert_eq!(report.articles, 1);
    assert_eq!(
        about(&report, "seeds/bomb.md"),
        vec!["error seeds/bomb.md: malformed front matter: repetition limit exceeded [front matter is YAML: `key: value` lines between two `---` lines]"]
    );
}

#[test]
fn unknown_front_matter_keys_warn_with_a_suggestion() {
    let text = "---\ntitel: Misspelt\nauthr: Someone\ncolour: blue\n---\nThe body of the article with misspelt keys in its front matter.\n";
    let (_, report) = build_with(&[("seeds/keys.md", text.as_bytes())]);
    assert_eq!(report.articles, 2);
    assert_eq!(
        about(&report, "seeds/keys.md"),
        vec![
            "warning seeds/keys.md:3:1: unknown front matter key `authr` is ignored [did you mean `author`?]",
            "warning seeds/keys.md:4:1: unknown front matter key `colour` is ignored [known keys: title, date, source, author, url, topics, slug, draft]",
            "warning seeds/keys.md:2:1: unknown front matter key `titel` is ignored [did you mean `title`?]",
            // The title it meant to give is missing, so one is made.
            "warning seeds/keys.md: no title found; using \u{201c}The body of the article with misspelt keys in its front matter.\u{201d} [add `title:` in front matter, or put the headline on the first line]",
        ]
    );
}

#[test]
fn articles_with_the_same_title_get_distinct_stable_slugs() {
    let text = |n: usize| {
        format!("---\ntitle: Same headline\n---\nThe text of copy number {n}, which differs from the others in its words.\n")
    };
    let mut slugs = Vec::new();
    for _ in 0..2 {
        let (site, _) = build_with(&[
            ("seeds/b.md", text(2).as_bytes()),
            ("seeds/a.md", text(1).as_bytes()),
            ("seeds/c/z.md", text(3).as_bytes()),
        ]);
        let pages = article_pages(&site);
        slugs.push(pages.clone());
        assert_eq!(
            select(&site.page("articles/same-headline/index.html"), ".body p")[0],
            "The text of copy number 1, which differs from the others in its words."
        );
        assert_eq!(
            select(&site.page("articles/same-headline-3/index.html"), ".body p")[0],
            "The text of copy number 3, which differs from the others in its words."
        );
    }
    assert_eq!(slugs[0], slugs[1]);
    assert_eq!(
        slugs[0],
        vec![
            "articles/a-good-article/index.html",
            "articles/same-headline-2/index.html",
            "articles/same-headline-3/index.html",
            "articles/same-headline/index.html"
        ]
    );
}

#[test]
fn titles_without_latin_letters_are_transliterated_or_fall_back() {
    let (site, report) = build_with(&[
        ("seeds/ru.md", "---\ntitle: Переговоры в Женеве\n---\nBody of the article in Russian.\n".as_bytes()),
        (
            "seeds/emoji.md",
            "---\ntitle: \"\u{1f525}\u{1f525}\u{1f525}\"\n---\nBody of the article with emoji.\n".as_bytes(),
        ),
        (
            "seeds/marks.md",
            "---\ntitle: \"!!! ??? ...\"\n---\nBody of the article with marks only.\n".as_bytes(),
        ),
        ("seeds/!!!.md", "---\ntitle: \"***\"\n---\nBody of the article with a name of marks.\n".as_bytes()),
    ]);
    assert_eq!(report.errors(), 0);
    let pages = article_pages(&site);
    for (page, title) in [
        ("articles/peregovory-v-zheneve/index.html", "Переговоры в Женеве"),
        ("articles/fire-fire-fire/index.html", "\u{1f525}\u{1f525}\u{1f525}"),
        ("articles/article-marks/index.html", "!!! ??? ..."),
        ("articles/article/index.html", "***"),
    ] {
        assert!(pages.contains(&page.to_string()), "{page} not in {pages:?}");
        assert_eq!(select(&site.page(page), "h1"), vec![title]);
    }
}

#[test]
fn a_slug_that_climbs_out_of_the_site_stays_inside_it() {
    let site = TestSite::new(CONFIG);
    site.write("seeds/good.txt", GOOD);
    site.write("seeds/evil.md", "---\ntitle: Evil\nslug: ../../etc/passwd\n---\nBody of the evil article.\n");
    site.write("seeds/evil2.md", "---\ntitle: Evil two\nslug: /\n---\nBody of the second evil article.\n");
    site.build().unwrap();
    let pages = article_pages(&site);
    assert!(pages.contains(&"articles/etc-passwd/index.html".to_string()), "{pages:?}");
    assert!(pages.contains(&"articles/evil-two/index.html".to_string()), "{pages:?}");
    // Nothing was written beside the output folder.
    let mut beside: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, vec!["public", "seeds", "site.toml"]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_skipped_with_a_warning() {
    let site = TestSite::new(CONFIG);
    site.write("seeds/good.txt", GOOD);
    std::fs::create_dir(site.root().join("seeds/sub")).unwrap();
    std::os::unix::fs::symlink("..", site.root().join("seeds/sub/loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", site.root().join("seeds/dangling.txt")).unwrap();
    let report = site.build().unwrap();
    assert_eq!(report.articles, 1);
    assert_eq!(
        about(&report, "seeds/sub/loop"),
        vec![
            "warning seeds/sub/loop: skipped: symbolic link loop; the folder is read once [remove the link]"
        ]
    );
    assert_eq!(
        about(&report, "seeds/dangling.txt"),
        vec!["warning seeds/dangling.txt: skipped: the symbolic link points to nothing [remove the link or restore what it pointed to]"]
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_an_article_is_skipped_without_blocking() {
    let site = TestSite::new(CONFIG);
    site.write("seeds/good.txt", GOOD);
    let fifo = site.root().join("seeds/pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    let report = site.build().unwrap();
    assert_eq!(report.articles, 1);
    assert_eq!(
        about(&report, "seeds/pipe.txt"),
        vec!["warning seeds/pipe.txt: skipped: not a regular file (a named pipe) [articles must be regular files]"]
    );
    // Named directly (`serve` re-reading a path the watcher reported, `extract` a path it was
    // given), it is not opened either: opening a pipe with no writer never returns.
    let (tx, rx) = std::sync::mpsc::channel();
    let root = site.root().to_path_buf();
    std::thread::spawn(move || {
        let loaded = dossier::source::load_one(&root, &root.join("seeds/pipe.txt"));
        let _ = tx.send((
            loaded.files.len(),
            loaded.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>(),
        ));
    });
    let (files, messages) =
        rx.recv_timeout(std::time::Duration::from_secs(10)).expect("reading a pipe blocked");
    assert_eq!(files, 0);
    assert_eq!(messages, vec!["skipped: not a regular file (a named pipe)"]);
}

#[test]
fn a_file_that_cannot_be_read_is_an_error_naming_it() {
    // Tests run as root here, where permissions do not stop reading; a folder is a path that
    // no user can read as a file.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder.txt");
    std::fs::create_dir(&folder).unwrap();
    let loaded = dossier::source::load_file(&folder);
    assert!(loaded.files.is_empty());
    let messages: Vec<String> =
        loaded.diagnostics.iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert_eq!(
        messages,
        vec![format!("{}: cannot read the file: Is a directory (os error 21)", folder.display())]
    );
    // A folder named like an article inside seeds is a folder: its articles are read.
    let site = TestSite::new(CONFIG);
    site.write("seeds/folder.txt/inner.txt", GOOD);
    let report = site.build().unwrap();
    assert_eq!(report.articles, 1);
}

#[test]
fn file_names_with_spaces_and_other_scripts_build() {
    let (site, report) = build_with(&[
        ("seeds/my article ü.txt", b"\xe2\x80\xa6\n"),
        (
            "seeds/Статья номер 1.md",
            "---\ntitle: With a Cyrillic file name\n---\nThe body of it.\n".as_bytes(),
        ),
    ]);
    assert_eq!(report.articles, 3);
    assert_eq!(
        about(&report, "seeds/my article ü.txt")[0],
        "warning seeds/my article ü.txt: no title found; using \u{201c}my article ü\u{201d} [add `title:` in front matter, or put the headline on the first line]"
    );
    let pages = article_pages(&site);
    assert!(pages.contains(&"articles/with-a-cyrillic-file-name/index.html".to_string()), "{pages:?}");
    let html = site.page("articles/with-a-cyrillic-file-name/index.html");
    assert!(select(&html, "code").contains(&"seeds/Статья номер 1.md".to_string()));
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_builds_and_is_shown_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let site = TestSite::new(CONFIG);
    site.write("seeds/good.txt", GOOD);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(site.root().join("seeds").join(name), "\n").unwrap();
    let report = site.build().unwrap();
    assert_eq!(report.articles, 2);
    let shown: Vec<String> =
        report.diagnostics.iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert_eq!(shown[0], "seeds/caf\u{fffd}.txt: no title found; using \u{201c}caf\u{fffd}\u{201d}");
    assert!(
        article_pages(&site).contains(&"articles/caf/index.html".to_string()),
        "{:?}",
        article_pages(&site)
    );
}

const HOSTILE_FRONT: &str = "---
title: \"NATO </script><script>alert('title')</script> <iframe src=//evil.example></iframe>\"
source: \"<img src=x onerror=alert('source')>\"
author: \"</script><svg onload=alert('author')>\"
url: \"javascript:alert('url')\"
topics: [\"NATO\", \"<script>alert('topic')</script>\"]
date: 2022-02-01
---
NATO <script>alert('body')</script> talks went on. An <a href=\"javascript:alert('a')\">anchor</a> and <img src=x onerror=\"alert('img')\"> and </script> and [a link](javascript:alert('md')) and [b](JaVaScRiPt:alert(1)) and [c](&#106;avascript:alert(1)).

<iframe src=\"https://evil.example\"></iframe> The second NATO paragraph with <b onmouseover=alert('b')>bold</b> text.
";

const HOSTILE_TXT: &str = "NATO <script>alert('plain')</script> in a plain title\n\nThe NATO text says <img src=x onerror=alert('plain-img')> and javascript:alert('plain') and </script><script>alert(2)</script> in prose.\n";

/// No element of `html` runs script: the only scripts are data blocks and the theme's own
/// files, no attribute is an event handler, no link or source is `javascript:`, no frames.
fn assert_inert(page: &str, html: &scraper::Html) {
    let all = scraper::Selector::parse("*").unwrap();
    for element in html.select(&all) {
        let e = element.value();
        match e.name() {
            "script" => {
                let data = e.attr("type") == Some("application/ld+json");
                let theme = e.attr("src").is_some_and(|s| s.ends_with("search.js"));
                assert!(data || theme, "{page}: a script runs: {}", element.html());
            }
            "iframe" | "object" | "embed" | "frame" | "frameset" => {
                panic!("{page}: a {} element: {}", e.name(), element.html())
            }
            _ => {}
        }
        for (name, value) in e.attrs() {
            assert!(!name.starts_with("on"), "{page}: an event handler: {}", element.html());
            let v: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            assert!(
                !v.to_ascii_lowercase().starts_with("javascript:"),
                "{page}: a javascript: link: {}",
                element.html()
            );
        }
    }
}

#[test]
fn scripts_frames_handlers_and_javascript_links_never_run_anywhere() {
    let (site, report) = build_with(&[
        ("seeds/evil.md", HOSTILE_FRONT.as_bytes()),
        ("seeds/evil.txt", HOSTILE_TXT.as_bytes()),
    ]);
    assert_eq!(report.articles, 3);
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    assert_eq!(
        about(&report, "seeds/evil.md"),
        vec![
            "warning seeds/evil.md:5:1: front matter `url` is not an http or https address; it is not linked [write the address of the original page, starting with https://]",
            "warning seeds/evil.md: topic `<script>alert('topic')</script>` in front matter is not a topic of the site [add it under [[topics]] in site.toml, or remove it]",
        ]
    );
    let mut html_pages = 0;
    for file in site.files() {
        let text = site.page_text(&file);
        if file.ends_with(".html") {
            html_pages += 1;
            let html = scraper::Html::parse_document(&text);
            assert_inert(&file, &html);
            // JSON-LD is data that stays inside its element.
            for ld in scraper::Selector::parse("script[type=\"application/ld+json\"]").iter() {
                for block in html.select(ld) {
                    let json: serde_json::Value =
                        serde_json::from_str(&block.inner_html()).expect("JSON-LD parses");
                    assert!(json.is_object(), "{file}");
                }
            }
        } else if file.ends_with(".xml") {
            assert!(!text.contains("<script"), "{file}: {text}");
            assert!(!text.contains("<iframe"), "{file}");
            assert!(!text.contains("<img"), "{file}");
        } else if file.ends_with(".json") {
            let json: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert!(!json.to_string().contains("javascript:alert('url')"), "{file}");
        }
    }
    assert!(html_pages > 8, "{html_pages}");
    let article =
        site.page("articles/nato-script-script-alert-title-script-iframe-src-evil-example-iframe/index.html");
    assert_eq!(
        select(&article, "h1"),
        vec!["NATO </script><script>alert('title')</script> <iframe src=//evil.example></iframe>"]
    );
    assert_eq!(select(&article, ".source"), vec!["<img src=x onerror=alert('source')>"]);
    assert!(attrs(&article, "a", "href").iter().all(|h| !h.to_ascii_lowercase().contains("javascript")));
    // The `javascript:` address given as `url` is not linked as the original page.
    assert_eq!(attrs(&article, "a[rel~=nofollow]", "href"), Vec::<String>::new());
    // The text is all still there, as text.
    let body = select(&article, ".body").join(" ");
    assert!(body.contains("NATO <script>alert('body')</script> talks went on."), "{body}");
    assert!(
        body.contains("<iframe src=\"https://evil.example\"></iframe> The second NATO paragraph"),
        "{body}"
    );
    let feed = site.page_text("atom.xml");
    assert!(feed.contains("<title>NATO &lt;/script&gt;&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &lt;iframe src=//evil.example&gt;&lt;/iframe&gt;</title>"), "{feed}");
    let topic = site.page("topics/nato/index.html");
    assert!(select(&topic, "main").join(" ").contains("<script>alert('plain')</script>"));
}

#[test]
fn a_broken_user_template_stops_the_build_and_writes_nothing() {
    let site = TestSite::new(CONFIG);
    site.write("seeds/good.txt", GOOD);
    site.write(
        "templates/topic.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% for x in %}\n{% endblock content %}\n",
    );
    let failure = site.build().unwrap_err();
    assert_eq!(failure.diagnostics.len(), 1);
    let d = &failure.diagnostics[0];
    assert_eq!(d.location(), "templates/topic.html:3:13");
    assert!(d.message.starts_with("template error:"), "{}", d.message);
    assert!(!site.out().exists(), "a failed build must not write");
    // A template that parses but fails while rendering: also nothing written.
    site.write("templates/topic.html", "{% extends \"base.html\" %}\n{% block content %}{{ no_such_variable.field }}{% endblock content %}\n");
    let failure = site.build().unwrap_err();
    assert!(failure.diagnostics.iter().all(|d| d.is_error()));
    assert!(
        failure.diagnostics.iter().any(|d| d.path == Path::new("templates/topic.html")),
        "{:?}",
        failure.diagnostics
    );
    assert!(!site.out().exists(), "a failed build must not write");
}

/// Every HTML page parses as HTML5 without a single parse error and carries the theme's
/// Content-Security-Policy first thing in its head.
fn assert_pages_are_clean_html5_with_the_policy(site: &TestSite) {
    let policy = scraper::Selector::parse("head > meta[http-equiv=\"Content-Security-Policy\"]").unwrap();
    let mut checked = 0;
    for file in site.files().into_iter().filter(|f| f.ends_with(".html")) {
        let html = site.page(&file);
        assert_eq!(html.errors, Vec::<std::borrow::Cow<str>>::new(), "{file}");
        let metas: Vec<_> = html.select(&policy).collect();
        assert_eq!(metas.len(), 1, "{file}");
        assert_eq!(
            metas[0].value().attr("content"),
            Some(dossier::render::CONTENT_SECURITY_POLICY),
            "{file}"
        );
        // Inline styles and inline script would be refused by that policy.
        assert_inline_free(&file, &html);
        checked += 1;
    }
    assert!(checked > 8, "{checked} pages");
}

fn assert_inline_free(page: &str, html: &scraper::Html) {
    let all = scraper::Selector::parse("*").unwrap();
    for element in html.select(&all) {
        let e = element.value();
        assert!(e.attr("style").is_none(), "{page}: inline style: {}", element.html());
        assert_ne!(e.name(), "style", "{page}: a <style> element");
        if e.name() == "script" && e.attr("type") != Some("application/ld+json") {
            assert!(e.attr("src").is_some(), "{page}: inline script: {}", element.html());
        }
    }
}

#[test]
fn every_page_is_clean_html5_and_satisfies_its_content_security_policy() {
    let bundled = TestSite::bundled();
    assert_eq!(bundled.build().unwrap().errors(), 0);
    assert_pages_are_clean_html5_with_the_policy(&bundled);
    let (hostile, _) = build_with(&[
        ("seeds/evil.md", HOSTILE_FRONT.as_bytes()),
        ("seeds/evil.txt", HOSTILE_TXT.as_bytes()),
    ]);
    assert_pages_are_clean_html5_with_the_policy(&hostile);
}
