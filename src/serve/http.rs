//! HTTP for `serve`: request targets mapped safely to pages in memory, content types, the 404
//! page, the live-reload endpoint, and the reload script and error overlay added to HTML as it
//! is sent (never to the pages themselves). Never touches the file system.

use std::io::{self, ErrorKind};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::store::{Served, Store};
use crate::diagnostics::Diagnostic;
use crate::render::markdown::escape;

/// Open pages poll this to learn that the site changed. No page of a site can live here:
/// pages are `index.html`, `404.html`, theme files and folders of slugs.
pub const RELOAD_PATH: &str = "/__dossier/reload";
/// The live-reload script and the error overlay's stylesheet: files, not inline code, so that
/// pages keep their Content-Security-Policy (`script-src 'self'`, no inline styles) under serve.
pub const SCRIPT_PATH: &str = "/__dossier/reload.js";
pub const STYLE_PATH: &str = "/__dossier/overlay.css";
/// The policy `serve` sends with every response: the theme's own (`templates/base.html`).
pub const CONTENT_SECURITY_POLICY: &str = crate::render::CONTENT_SECURITY_POLICY;
/// How long a poll waits before answering "no change"; browsers and proxies keep idle
/// requests open at least this long.
const POLL_WAIT: Duration = Duration::from_secs(25);
/// Polls waiting at once; a page left open in many tabs must not use up the threads.
const MAX_POLLS: usize = 64;
/// Threads answering page requests.
const WORKERS: usize = 4;
/// Ports tried after a busy one.
pub const PORT_TRIES: u16 = 10;

/// Binds `addr:port`, or the next free port if it is busy. Returns the listener and, when
/// the port asked for was busy, that port.
pub fn bind(addr: IpAddr, port: u16) -> io::Result<(TcpListener, Option<u16>)> {
    let mut last = None;
    for offset in 0..=PORT_TRIES {
        // Port 0 asks the system for a free port; there is nothing to try after it.
        let Some(candidate) = port.checked_add(offset).filter(|p| offset == 0 || (port != 0 && *p != 0))
        else {
            break;
        };
        match TcpListener::bind(SocketAddr::new(addr, candidate)) {
            Ok(listener) => return Ok((listener, (offset > 0).then_some(port))),
            Err(e) if e.kind() == ErrorKind::AddrInUse => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::new(ErrorKind::AddrInUse, "no free port")))
}

/// Answers requests from `listener` with pages from `store` until the process ends.
pub fn start(listener: TcpListener, store: Arc<Store>) -> anyhow::Result<()> {
    let server = Arc::new(tiny_http::Server::from_listener(listener, None).map_err(|e| anyhow::anyhow!(e))?);
    let polls = Arc::new(AtomicUsize::new(0));
    for n in 0..WORKERS {
        let (server, store, polls) = (server.clone(), store.clone(), polls.clone());
        std::thread::Builder::new().name(format!("dossier-http-{n}")).spawn(move || {
            while let Ok(request) = server.recv() {
                handle(request, &store, &polls);
            }
        })?;
    }
    Ok(())
}

fn handle(request: Request, store: &Arc<Store>, polls: &Arc<AtomicUsize>) {
    // tiny_http answers HEAD with the headers of GET, Content-Length included, and no body.
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = text(405, "only GET and HEAD are served\n").with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if path == RELOAD_PATH {
        poll(request, query, store, polls);
        return;
    }
    if path == SCRIPT_PATH || path == STYLE_PATH {
        let (body, kind) = if path == SCRIPT_PATH {
            (RELOAD_SCRIPT, "text/javascript; charset=utf-8")
        } else {
            (OVERLAY_STYLE, "text/css; charset=utf-8")
        };
        let _ = request.respond(text(200, body).with_header(header("Content-Type", kind)));
        return;
    }
    let response = match site_path(&url) {
        Ok(key) => page_response(store, &key),
        Err(reason) => text(400, &format!("{reason}\n")),
    };
    let _ = request.respond(response);
}

/// A live-reload poll: answers with the current token once it differs from `since`.
fn poll(request: Request, query: &str, store: &Arc<Store>, polls: &Arc<AtomicUsize>) {
    let since = query.split('&').find_map(|kv| kv.strip_prefix("since=")).unwrap_or("").to_string();
    if polls.fetch_add(1, Ordering::SeqCst) >= MAX_POLLS {
        polls.fetch_sub(1, Ordering::SeqCst);
        let _ = request.respond(text(503, "too many open pages\n").with_header(header("Retry-After", "5")));
        return;
    }
    let (store, waiting) = (store.clone(), polls.clone());
    let spawned = std::thread::Builder::new().name("dossier-reload".into()).spawn(move || {
        let token = store.wait_for_change(&percent_decode(&since).unwrap_or_default(), POLL_WAIT);
        let _ = request.respond(text(200, &token));
        waiting.fetch_sub(1, Ordering::SeqCst);
    });
    if spawned.is_err() {
        // The request went down with the closure and was answered with a 500; the page
        // retries after a pause.
        polls.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What the store holds for a request.
enum Found {
    Page(Served),
    /// A folder asked for without its slash.
    Folder,
    /// Nothing: the site's 404 page, if there is one.
    Missing(Option<Served>),
}

/// The response for the page at `key` (a decoded, checked path relative to the site root).
fn page_response(store: &Store, key: &str) -> Response<io::Cursor<Vec<u8>>> {
    let wanted =
        if key.is_empty() || key.ends_with('/') { format!("{key}index.html") } else { key.to_string() };
    // Only cheap clones under the lock; copying a large page happens outside it.
    let (found, errors, token) = {
        let inner = store.read();
        let found = match inner.pages.get(&wanted) {
            Some(page) => Found::Page(page.clone()),
            None if !wanted.ends_with("index.html")
                && inner.pages.contains_key(&format!("{wanted}/index.html")) =>
            {
                Found::Folder
            }
            None => Found::Missing(inner.pages.get("404.html").cloned()),
        };
        (found, inner.errors.clone(), inner.token())
    };
    match found {
        Found::Page(page) => Response::from_data(decorate(&wanted, &page.bytes, &errors, &token))
            .with_header(header("Content-Type", content_type(&wanted)))
            .with_header(header("X-Dossier-Rendered-In", &page.rendered_in.to_string()))
            .with_chunked_threshold(usize::MAX)
            .with_header(header("Cache-Control", "no-store"))
            .with_header(header("Content-Security-Policy", CONTENT_SECURITY_POLICY))
            .with_header(header("X-Content-Type-Options", "nosniff")),
        // Redirected, so that the page's relative links resolve from inside the folder.
        Found::Folder => Response::from_data(Vec::new())
            .with_status_code(301)
            .with_header(header("Location", &format!("/{}/", percent_encode(&wanted))))
            .with_header(header("Cache-Control", "no-store")),
        Found::Missing(page) => {
            let body = match page {
                Some(page) => decorate("404.html", &page.bytes, &errors, &token),
                None => decorate("404.html", fallback_page(!errors.is_empty()).as_bytes(), &errors, &token),
            };
            Response::from_data(body)
                .with_status_code(404)
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
                .with_chunked_threshold(usize::MAX)
                .with_header(header("Cache-Control", "no-store"))
                .with_header(header("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        }
    }
}

/// A page for when the site has no 404 page: nothing built yet, because of errors.
fn fallback_page(failed: bool) -> String {
    let why = if failed { "The site could not be built." } else { "There is no page at this address." };
    format!("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>dossier serve</title></head>\n<body><p>{why}</p></body></html>\n")
}

/// HTML gets the error overlay (when there are errors) and the reload script.
fn decorate(path: &str, bytes: &[u8], errors: &[Diagnostic], token: &str) -> Vec<u8> {
    if !path.ends_with(".html") {
        return bytes.to_vec();
    }
    let mut snippet = overlay(errors);
    snippet.push_str(&reload_script(token));
    inject(bytes, &snippet)
}

/// `snippet` inserted before the last `</body>`, or appended when there is none.
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The element that loads the reload script, which polls with `token`.
pub fn reload_script(token: &str) -> String {
    format!("<script data-dossier-serve src=\"{SCRIPT_PATH}\" data-token=\"{}\"></script>\n", escape(token))
}

/// Reloads the page after a rebuild that changed something. When the server is gone it
/// retries every second, and reloads once a new server answers.
const RELOAD_SCRIPT: &str = r#"(function () {
  var token = document.currentScript.getAttribute("data-token");
  function poll() {
    fetch("/__dossier/reload?since=" + encodeURIComponent(token), { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (t) { if (t !== token) location.reload(); else poll(); })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

const OVERLAY_STYLE: &str = "#dossier-errors{position:fixed;left:0;right:0;top:0;z-index:2147483647;\
max-height:80vh;overflow:auto;margin:0;padding:1em 1.5em;background:#fff4f4;color:#5c0000;\
border-bottom:3px solid #b00000;font:14px/1.45 ui-monospace,monospace;text-align:left}\n\
#dossier-errors p{margin:0 0 .5em;font-weight:bold}\n\
#dossier-errors pre{margin:0;white-space:pre-wrap}\n";

/// The errors in effect, over the page, each with its file, line and column.
fn overlay(errors: &[Diagnostic]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let count = match errors.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    };
    // The terminal has them all; a page buried under thousands helps nobody.
    const SHOWN: usize = 20;
    let mut list: Vec<String> = errors.iter().take(SHOWN).map(|d| escape(&d.to_string())).collect();
    if errors.len() > SHOWN {
        list.push(format!("... and {} more, printed in the terminal", errors.len() - SHOWN));
    }
    format!(
        "<div id=\"dossier-errors\" role=\"alert\"><link rel=\"stylesheet\" href=\"{STYLE_PATH}\">\
<p>dossier serve: {count}. Pages show their last good version; \
this goes away when the files are fixed.</p><pre>{}</pre></div>\n",
        list.join("\n\n")
    )
}

/// The request target as a path relative to the site root, decoded; a trailing `/` is kept.
/// Anything that could name a place outside the site is refused with the reason.
pub fn site_path(target: &str) -> Result<String, &'static str> {
    let mut path = target.split(['?', '#']).next().unwrap_or_default();
    // HTTP/1.1 servers must accept the absolute form that proxies send: only its path counts.
    if let Some(rest) = path.strip_prefix("http://").or_else(|| path.strip_prefix("https://")) {
        path = rest.find('/').map_or("/", |at| &rest[at..]);
    }
    let Some(path) = path.strip_prefix('/') else {
        return Err("bad request: the target must be a path starting with /");
    };
    let mut segments: Vec<String> = Vec::new();
    for raw in path.split('/') {
        let segment = percent_decode(raw).ok_or("bad request: malformed percent-escape or not UTF-8")?;
        if segment.is_empty() {
            continue;
        }
        if segment == "." || segment == ".." {
            return Err("bad request: `.` and `..` are not allowed in paths");
        }
        if segment.contains(['/', '\\']) {
            return Err("bad request: encoded slashes and backslashes are not allowed in paths");
        }
        if segment.contains(':') || segment.chars().any(char::is_control) {
            return Err("bad request: drive letters and control characters are not allowed in paths");
        }
        segments.push(segment);
    }
    let mut key = segments.join("/");
    if path.ends_with('/') && !key.is_empty() {
        key.push('/');
    }
    Ok(key)
}

/// `%XX` escapes decoded; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(value);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Escapes everything but unreserved characters and `/`, for a `Location` header.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The content type of a page, from its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn text(status: u16, body: &str) -> Response<io::Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header names and values here are ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_kept_inside_the_site() {
        assert_eq!(site_path("/"), Ok(String::new()));
        assert_eq!(site_path("/topics/"), Ok("topics/".to_string()));
        assert_eq!(site_path("/topics"), Ok("topics".to_string()));
        assert_eq!(
            site_path("/articles/a%20b/index.html?x=1#top"),
            Ok("articles/a b/index.html".to_string())
        );
        assert_eq!(site_path("//style.css"), Ok("style.css".to_string()));
        assert_eq!(site_path("http://127.0.0.1:1111/style.css"), Ok("style.css".to_string()));
        assert_eq!(site_path("http://127.0.0.1:1111"), Ok(String::new()));
    }

    #[test]
    fn traversal_is_refused_however_it_is_spelled() {
        for target in [
            "/../site.toml",
            "/articles/../../etc/passwd",
            "/%2e%2e/site.toml",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/.%2e/site.toml",
            "/..%2fsite.toml",
            "/articles%2f..%2f..%2fsite.toml",
            "/..%5csite.toml",
            "/..\\site.toml",
            "/C:/Windows/win.ini",
            "/c%3a/windows",
            "/./index.html",
            "/a%00b",
            "etc/passwd",
            "http://example.org/../x",
            "https://example.org/%2e%2e/x",
            "*",
            "/%zz",
            "/%2",
            "/%ff%fe",
        ] {
            assert!(site_path(target).is_err(), "{target} was accepted");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("feed.XML"), "application/xml");
        assert_eq!(content_type("img/logo.svg"), "image/svg+xml");
        assert_eq!(content_type("noextension"), "application/octet-stream");
    }

    #[test]
    fn the_snippet_goes_before_the_last_body_end_tag() {
        assert_eq!(inject(b"<p>a</p></BODY></html>", "<s>"), b"<p>a</p><s></BODY></html>".to_vec());
        assert_eq!(inject(b"<p>no end", "<s>"), b"<p>no end<s>".to_vec());
    }

    #[test]
    fn the_overlay_names_the_file_and_line_and_escapes_the_message() {
        let d = Diagnostic::error("templates/base.html", "template error: unexpected `<`")
            .at("a\n<b>\n", crate::diagnostics::Position { line: 2, column: 1 });
        let html = overlay(&[d]);
        assert!(html.contains("1 error."), "{html}");
        assert!(html.contains("templates/base.html:2:1"), "{html}");
        assert!(html.contains("unexpected `&lt;`"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert_eq!(overlay(&[]), "");
    }

    #[test]
    fn what_serve_adds_is_loaded_from_files_the_policy_allows() {
        assert!(RELOAD_SCRIPT.contains(&format!("fetch(\"{RELOAD_PATH}?since=\"")));
        assert_eq!(
            reload_script("7\"<x"),
            "<script data-dossier-serve src=\"/__dossier/reload.js\" data-token=\"7&quot;&lt;x\"></script>\n"
        );
        let d = Diagnostic::error("a.md", "bad");
        assert!(!overlay(&[d]).contains("style="));
    }

    #[test]
    fn a_busy_port_moves_to_the_next_one() {
        let (taken, _) = bind(IpAddr::from([127, 0, 0, 1]), 0).unwrap();
        let port = taken.local_addr().unwrap().port();
        match bind(IpAddr::from([127, 0, 0, 1]), port) {
            Ok((listener, busy)) => {
                assert_eq!(busy, Some(port));
                assert_ne!(listener.local_addr().unwrap().port(), port);
            }
            // The next ten ports may all be taken on a busy machine; the error must say so.
            Err(e) => assert_eq!(e.kind(), ErrorKind::AddrInUse),
        }
    }
}
