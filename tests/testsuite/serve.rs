//! `dossier serve` end to end: the binary on a free port against a temporary copy of the
//! bundled site, spoken to over plain HTTP/1.1. Every wait polls against a deadline.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::TestSite;

const DEADLINE: Duration = Duration::from_secs(30);

/// A running `dossier serve`; killed when dropped, also when a test fails.
struct Server {
    child: Child,
    port: u16,
    /// Everything it printed so far, stdout and stderr interleaved by line.
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dossier serve starts");
        let log = Arc::new(Mutex::new(String::new()));
        for pipe in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    log.lock().unwrap().push_str(&format!("{line}\n"));
                }
            });
        }
        let mut server = Server { child, port: 0, log };
        let url = server.wait_for_log("Serving http://127.0.0.1:");
        let port = url.split("127.0.0.1:").nth(1).and_then(|rest| rest.split('/').next()).unwrap();
        server.port = port.parse().unwrap_or_else(|_| panic!("no port in {url:?}"));
        server
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits for a log line containing `needle`, and returns it.
    fn wait_for_log(&self, needle: &str) -> String {
        wait_until(
            || format!("the log to show {needle:?}; it shows:\n{}", self.log()),
            || self.log().lines().find(|l| l.contains(needle)).map(str::to_string),
        )
    }

    fn get(&self, target: &str) -> Response {
        self.request("GET", target)
    }

    /// Sends `target` as it is, without any normalising a client library would do.
    fn request(&self, method: &str, target: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        write!(stream, "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("reads the response");
        Response::parse(&raw)
    }

    /// The page at `target`, once it satisfies `ready`.
    fn wait_for_page(&self, target: &str, what: &str, ready: impl Fn(&Response) -> bool) -> Response {
        wait_until(
            || format!("{what}; the log shows:\n{}", self.log()),
            || Some(self.get(target)).filter(|r| ready(r)),
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `check` until it gives a value; `what` describes the wait when it times out.
fn wait_until<T>(what: impl Fn() -> String, mut check: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(start.elapsed() < DEADLINE, "timed out waiting for {}", what());
        std::thread::sleep(Duration::from_millis(50));
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete header");
        let head = String::from_utf8_lossy(&raw[..end]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Response { status, headers, body: raw[end + 4..].to_vec() }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The page as built: the body without the live-reload script and error overlay that
    /// serve adds.
    fn built(&self) -> Vec<u8> {
        let mut text = self.text();
        for (start, end) in
            [("<div id=\"dossier-errors\"", "</div>\n"), ("<script data-dossier-serve", "</script>\n")]
        {
            if let Some(at) = text.find(start) {
                let stop = at + text[at..].find(end).unwrap() + end.len();
                text.replace_range(at..stop, "");
            }
        }
        text.into_bytes()
    }

    fn rendered_in(&self) -> u64 {
        self.header("x-dossier-rendered-in").expect("the render header").parse().unwrap()
    }
}

/// Every file under `dir`, relative path -> bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            files.insert(relative, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// The page of the article built from `seed` (its page names its source file).
fn page_of(site: &TestSite, seed: &str) -> String {
    let needle = format!("<code>{seed}</code>");
    site.files()
        .into_iter()
        .filter(|f| f.starts_with("articles/"))
        .find(|f| site.page_text(f).contains(&needle))
        .unwrap_or_else(|| panic!("no page for {seed}"))
}

#[test]
fn serve_shows_the_build_and_follows_edits_without_touching_public() {
    let site = TestSite::bundled();
    site.build().expect("the bundled site builds");
    let public_before = snapshot(&site.out());
    let edited_seed = "seeds/001_dc715accd5343d59.txt";
    let edited = page_of(&site, edited_seed);
    let other = page_of(&site, "seeds/003_ee147a0f71bb926c.txt");
    let server = Server::start(site.root());
    assert!(server.log().contains("Built 5 articles and 3 topics"), "{}", server.log());

    // Every page is served exactly as `dossier build` wrote it, plus the reload script.
    for file in site.files() {
        let response = server.get(&format!("/{file}"));
        assert_eq!(response.status, 200, "{file}");
        assert_eq!(response.built(), public_before[&file], "{file} differs from the build");
        if file.ends_with(".html") {
            assert_eq!(response.header("content-type"), Some("text/html; charset=utf-8"));
            assert!(
                response.text().contains("<script data-dossier-serve src=\"/__dossier/reload.js\""),
                "{file}"
            );
            assert_eq!(
                response.header("content-security-policy"),
                Some(dossier::render::CONTENT_SECURITY_POLICY)
            );
        }
    }
    assert_eq!(server.get("/style.css").header("content-type"), Some("text/css; charset=utf-8"));
    let home = server.get("/");
    assert_eq!(home.built(), public_before["index.html"]);

    // An open page's poll answers once the edit is rebuilt.
    let token = home.text().split("data-token=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    // What serve adds is loaded from the server, so the page's policy allows it.
    let script = server.get("/__dossier/reload.js");
    assert_eq!(script.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert!(script.text().contains("fetch(\"/__dossier/reload?since=\""), "{}", script.text());
    let overlay = server.get("/__dossier/overlay.css");
    assert_eq!(overlay.header("content-type"), Some("text/css; charset=utf-8"));
    let port = server.port;
    let poll = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        write!(
            stream,
            "GET /__dossier/reload?since={token} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        (token, Response::parse(&raw).text())
    });

    let other_before = server.get(&format!("/{other}")).rendered_in();
    let text = std::fs::read_to_string(site.root().join(edited_seed)).unwrap();
    let marker = "Quartermaster zebra sentence.";
    // The longest line is article text, not page furniture.
    let longest = text.lines().max_by_key(|l| l.len()).unwrap();
    let changed = text.replacen(longest, &format!("{longest} {marker}"), 1);
    site.write(edited_seed, &changed);
    let page =
        server.wait_for_page(&format!("/{edited}"), "the edited article", |r| r.text().contains(marker));
    assert!(page.rendered_in() > 1);
    let (old, new) = poll.join().unwrap();
    assert_ne!(old, new, "the poll must answer with a new token");
    assert_eq!(
        server.get(&format!("/{other}")).rendered_in(),
        other_before,
        "an unrelated article was re-rendered"
    );
    let line = server.wait_for_log(&format!("{edited_seed}: rebuilt 1 article"));
    assert!(line.contains(" ms"), "{line}");

    // A template error: every page keeps its last good version under an overlay naming the
    // file and line; fixing the template clears it.
    let template = site.root().join("templates/article.html");
    let good = std::fs::read_to_string(&template).unwrap();
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ article.title\n{% endblock content %}\n",
    );
    let broken = server
        .wait_for_page(&format!("/{other}"), "the error overlay", |r| r.text().contains("dossier-errors"));
    assert_eq!(broken.status, 200);
    assert!(broken.text().contains("templates/article.html:4:1"), "{}", broken.text());
    assert!(broken.text().contains("<link rel=\"stylesheet\" href=\"/__dossier/overlay.css\">"));
    assert!(!broken.text().contains(" style=\""), "inline styles break the page's policy");
    assert_eq!(broken.built(), public_before[&other], "the last good page stays");
    site.write("templates/article.html", &good);
    server.wait_for_page(&format!("/{other}"), "the overlay to go", |r| !r.text().contains("dossier-errors"));

    // Bad front matter names the file and line; the article's last good page stays.
    site.write(edited_seed, format!("---\ntitle: Fine\ndate: soon\n---\n{changed}"));
    let broken = server.wait_for_page(&format!("/{edited}"), "the front matter error", |r| {
        r.text().contains("dossier-errors")
    });
    assert!(broken.text().contains(&format!("{edited_seed}:3:")), "{}", broken.text());
    assert!(broken.text().contains(marker));
    site.write(edited_seed, &text);
    server.wait_for_page(&format!("/{edited}"), "the original article", |r| {
        !r.text().contains("dossier-errors") && !r.text().contains(marker)
    });

    // A new article appears, with its topic; deleting it removes its page.
    let mut added = text.clone();
    let title = added.lines().find(|l| l.contains("Putin")).unwrap().to_string();
    added = added.replacen(&title, "Kestrel Summit Ends Without Agreement", 1);
    site.write("seeds/2022/added.txt", &added);
    let page =
        server.wait_for_page("/articles/kestrel-summit-ends-without-agreement/", "the new article", |r| {
            r.status == 200
        });
    assert!(page.text().contains("seeds/2022/added.txt"));
    let home = server.get("/");
    assert!(home.text().contains("Kestrel Summit Ends Without Agreement"));
    std::fs::remove_dir_all(site.root().join("seeds/2022")).unwrap();
    server.wait_for_page("/articles/kestrel-summit-ends-without-agreement/", "the page to go", |r| {
        r.status == 404
    });
    assert!(!server.get("/").text().contains("Kestrel"));

    assert_eq!(snapshot(&site.out()), public_before, "serve changed public/");
}

#[test]
fn serve_answers_http_correctly_and_refuses_traversal() {
    let site = TestSite::bundled();
    std::fs::write(site.root().join("secret.txt"), "TOP SECRET").unwrap();
    let server = Server::start(site.root());

    for target in [
        "/../site.toml",
        "/../secret.txt",
        "/articles/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/C:/secret.txt",
        "http://127.0.0.1/../secret.txt",
    ] {
        let response = server.get(target);
        assert_eq!(response.status, 400, "{target}");
        assert!(!response.text().contains("TOP SECRET"), "{target}");
    }
    // Absolute paths stay inside the site: they are only pages that do not exist.
    for target in ["//etc/passwd", "/secret.txt", "/site.toml", "/seeds/"] {
        let response = server.get(target);
        assert_eq!(response.status, 404, "{target}");
        assert!(response.text().contains("Page not found"), "{target}: the site's 404 page");
    }

    let topics = server.get("/topics");
    assert_eq!((topics.status, topics.header("location")), (301, Some("/topics/")));
    let index = server.get("/topics/");
    assert_eq!(index.status, 200);
    site.build().expect("the bundled site builds");
    assert_eq!(index.built(), std::fs::read(site.out().join("topics/index.html")).unwrap());
    assert_eq!(server.get("/articles/").status, 404, "no directory listings");

    let get = server.get("/style.css");
    let head = server.request("HEAD", "/style.css");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), Some(get.body.len().to_string().as_str()));
    let post = server.request("POST", "/");
    assert_eq!((post.status, post.header("allow")), (405, Some("GET, HEAD")));
}

fn is_running(server: &mut Server) -> bool {
    matches!(server.child.try_wait(), Ok(None))
}

#[test]
fn serve_survives_the_seeds_folder_deleted_and_recreated_and_a_file_half_written() {
    let site = TestSite::new("title = \"Faults\"\n");
    let article = |title: &str| {
        format!("{title}\n\nThe one article of the site, with a paragraph of ordinary prose in it for the page.\n")
    };
    site.write("seeds/a.txt", article("First title here"));
    let mut server = Server::start(site.root());
    server.wait_for_page("/articles/first-title-here/", "the first article", |r| r.status == 200);

    std::fs::remove_dir_all(site.root().join("seeds")).unwrap();
    server.wait_for_page("/articles/first-title-here/", "the page to go", |r| r.status == 404);
    assert!(is_running(&mut server), "serve ended when seeds/ was deleted:\n{}", server.log());
    let home = server.get("/");
    assert!(home.text().contains("the seeds folder does not exist"), "{}", home.text());

    site.write("seeds/b.txt", article("Second title here"));
    server
        .wait_for_page("/articles/second-title-here/", "the recreated folder's article", |r| r.status == 200);
    assert!(is_running(&mut server));

    // A file written slowly, in pieces, while serve reads it: whatever it read in between, it
    // ends with the whole file and keeps serving.
    let path = site.root().join("seeds/slow.md");
    let mut file = std::fs::File::create(&path).unwrap();
    let paragraphs: String = (0..40)
        .map(|i| {
            format!("Paragraph {i} of the slowly written piece, with ordinary prose in it for the page.\n\n")
        })
        .collect();
    // Cut anywhere, front matter is unclosed or a paragraph half there: errors, then fixed.
    let text = format!("---\ntitle: Slowly written title\n---\n{paragraphs}");
    for piece in text.as_bytes().chunks(text.len() / 20 + 1) {
        file.write_all(piece).unwrap();
        file.flush().unwrap();
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(server.get("/").status, 200);
    }
    drop(file);
    let page = server.wait_for_page("/articles/slowly-written-title/", "the slow article", |r| {
        r.status == 200
            && r.text().contains("Paragraph 39 of the slowly")
            && !r.text().contains("dossier-errors")
    });
    let html = scraper::Html::parse_document(&page.text());
    assert_eq!(crate::support::select(&html, ".body p").len(), 40);
    assert_eq!(crate::support::select(&html, "h1"), vec!["Slowly written title"]);
    assert!(is_running(&mut server));
}

/// Resident memory of a process, in KiB, from `/proc`.
#[cfg(target_os = "linux")]
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// 200 clients at once against 127.0.0.1 for `DOSSIER_LOAD_SECONDS` (2 unless set; 10 for the
/// full run), each asking for pages, theme files, missing pages and traversal attempts in
/// turn: every answer is the right one, and memory is the same after as before.
#[cfg(target_os = "linux")]
#[test]
fn serve_answers_200_clients_at_once_without_errors_or_growing() {
    const CLIENTS: usize = 200;
    let seconds: u64 = std::env::var("DOSSIER_LOAD_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(2);
    let site = TestSite::bundled();
    let server = Server::start(site.root());
    let pid = server.child.id();
    let targets: Arc<Vec<(String, u16)>> = Arc::new(vec![
        ("/".to_string(), 200),
        ("/topics/nato/".to_string(), 200),
        ("/style.css".to_string(), 200),
        ("/search/meta.json".to_string(), 200),
        ("/timeline/".to_string(), 200),
        ("/no/such/page".to_string(), 404),
        ("/../site.toml".to_string(), 400),
        ("/%2e%2e/%2e%2e/etc/passwd".to_string(), 400),
        ("/..%5csite.toml".to_string(), 400),
    ]);
    let run = |duration: Duration| {
        let started = Instant::now();
        let handles: Vec<_> = (0..CLIENTS)
            .map(|client| {
                let targets = targets.clone();
                let port = server.port;
                std::thread::spawn(move || {
                    let (mut done, mut errors) = (0usize, Vec::new());
                    let mut i = client;
                    while started.elapsed() < duration {
                        let (target, want) = &targets[i % targets.len()];
                        i += 1;
                        match fetch(port, target) {
                            Ok((status, body)) if status == *want && !body.contains("TOP SECRET") => {
                                done += 1
                            }
                            Ok((status, _)) => errors.push(format!("{target}: {status}, not {want}")),
                            Err(e) => errors.push(format!("{target}: {e}")),
                        }
                    }
                    (done, errors)
                })
            })
            .collect();
        let mut total = 0;
        let mut errors = Vec::new();
        for h in handles {
            let (done, e) = h.join().unwrap();
            total += done;
            errors.extend(e);
        }
        (total, errors)
    };
    std::fs::write(site.root().join("secret.txt"), "TOP SECRET").unwrap();
    // A first round warms up the allocator and the thread pools.
    let (warm, errors) = run(Duration::from_millis(1000));
    assert!(errors.is_empty(), "{} errors, first: {:?}", errors.len(), errors.first());
    // Two halves: memory may settle in the first, and must then stay where it is.
    let before = rss_kib(pid);
    let half = Duration::from_millis(seconds * 500);
    let (first, mut errors) = run(half);
    let middle = rss_kib(pid);
    let (second, more) = run(half);
    errors.extend(more);
    let after = rss_kib(pid);
    let requests = first + second;
    eprintln!(
        "load: {CLIENTS} clients, {seconds} s: {requests} requests ({warm} more to warm up), {} errors, \
         RSS {before} KiB -> {middle} KiB -> {after} KiB",
        errors.len()
    );
    assert!(errors.is_empty(), "{} errors, first: {:?}", errors.len(), errors.first());
    assert!(requests > CLIENTS, "only {requests} requests answered");
    // Flat: what a request holds is freed. Some settling is allowed, no growth with the number
    // of requests: the HTTP library reads each connection on a thread of its own, up to one
    // per client, and the allocator (mimalloc) gives each thread its own heap, so either half
    // may still add the heaps of threads the warm-up did not start (up to about 40 MiB seen
    // with 200 clients on a busy machine). A leak grows with the requests, tens of thousands
    // of them per second here, so it grows both halves alike: one of them must stay within
    // 16 MiB (400 bytes per request), and both together within 80 MiB.
    let (first, second) = (middle.saturating_sub(before), after.saturating_sub(middle));
    assert!(
        first.min(second) < 16 * 1024 && after < before + 80 * 1024,
        "RSS kept growing: {before} -> {middle} -> {after} KiB"
    );
}

/// One request on its own connection: (status, body).
fn fetch(port: u16, target: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(DEADLINE))?;
    write!(stream, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    if !raw.windows(4).any(|w| w == b"\r\n\r\n") {
        return Err(std::io::Error::other("incomplete response"));
    }
    let response = Response::parse(&raw);
    Ok((response.status, response.text()))
}
