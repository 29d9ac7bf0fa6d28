//! `dossier serve`: the site built into memory, served over HTTP with live reload, and rebuilt
//! incrementally as its sources change. The output folder is never read or written, and
//! nothing here prints: the caller gets [`Event`]s.
//!
//! Threads: the caller's thread runs the rebuild loop and owns the [`Preview`]; the watcher
//! delivers debounced batches of file events to it over a channel; HTTP threads answer from
//! the shared [`store::Store`], which the loop updates after each rebuild.

mod http;
mod incremental;
mod store;
mod watch;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};

use anyhow::Context as _;

pub use http::{reload_script, site_path, RELOAD_PATH};
pub use incremental::{Preview, Rebuild, Rendered};
pub use watch::{Change, Watched};

use crate::config::Config;

/// Where to serve from and on which address.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// Tried first; if it is busy, the next free one of the ten after it.
    pub port: u16,
}

/// What happened, for the caller to show.
pub enum Event<'a> {
    /// The first build, done before serving. With a broken `site.toml` or theme it built
    /// nothing; the server still starts and shows the errors.
    Built { rebuild: &'a Rebuild, errors: usize },
    /// Serving at `url`. `busy_port` is the port asked for when it was taken.
    Listening { url: String, busy_port: Option<u16> },
    /// Files changed and the site was rebuilt; `errors` are the ones still in effect.
    Rebuilt { cause: String, rebuild: &'a Rebuild, errors: usize },
    /// The watcher reported a problem; watching goes on where it can.
    WatchFailed(String),
    /// Ctrl-C: the loop is ending.
    Stopping,
}

enum Message {
    Files(notify_debouncer_full::DebounceEventResult),
    Stop,
}

/// Builds the site, serves it, and rebuilds on changes until Ctrl-C. Fails only when the
/// server cannot start (the folder cannot be read, no port, no watcher); site errors are
/// shown and waited out.
pub fn run(options: &ServeOptions, on_event: &mut dyn FnMut(Event<'_>)) -> anyhow::Result<()> {
    let root = options
        .root
        .canonicalize()
        .with_context(|| format!("cannot open the site folder {}", options.root.display()))?;
    let (tx, rx) = mpsc::channel::<Message>();
    let stop = tx.clone();
    let asked = AtomicBool::new(false);
    ctrlc::set_handler(move || {
        // A second Ctrl-C during a long rebuild ends at once: nothing is being written.
        if asked.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        let _ = stop.send(Message::Stop);
    })
    .context("cannot catch Ctrl-C")?;

    let (listener, busy_port) = http::bind(options.bind, options.port).map_err(|e| {
        let address = SocketAddr::new(options.bind, options.port);
        match e.kind() {
            std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
                "cannot listen on {address}: the port and the {} after it are busy; choose another with --port",
                http::PORT_TRIES
            ),
            _ => anyhow::Error::new(e).context(format!("cannot listen on {address}")),
        }
    })?;
    // Watching starts before the first build so that no edit made during it is missed.
    let config = Config::load(&root).unwrap_or_default();
    let files = tx.clone();
    let watched = Watched::new(&root, &config);
    let mut watcher = watch::Watcher::new(watched.clone(), move |result| {
        let _ = files.send(Message::Files(result));
    })?;
    for problem in watcher.update(watched) {
        on_event(Event::WatchFailed(problem));
    }

    let store = Arc::new(store::Store::new());
    let mut preview = Preview::new(&root);
    let first = preview.reload();
    let errors = preview.errors();
    let count = errors.len();
    store.publish(&first, errors);
    on_event(Event::Built { rebuild: &first, errors: count });
    follow_config(&mut watcher, &preview, &root, on_event);

    let address = listener.local_addr().context("cannot read the address listened on")?;
    http::start(listener, store.clone())?;
    let shown = if address.ip().is_unspecified() {
        SocketAddr::new(IpAddr::from([127, 0, 0, 1]), address.port())
    } else {
        address
    };
    on_event(Event::Listening { url: format!("http://{shown}/"), busy_port });

    while let Ok(message) = rx.recv() {
        // Batches that queued up during the last rebuild are merged into one.
        let mut changes = BTreeSet::new();
        let mut stopping = false;
        let mut next = Some(message);
        while let Some(message) = next.take().or_else(|| rx.try_recv().ok()) {
            match message {
                Message::Stop => stopping = true,
                Message::Files(Ok(events)) => changes.extend(watch::changes(watcher.watched(), &events)),
                Message::Files(Err(errors)) => {
                    for e in errors {
                        on_event(Event::WatchFailed(e.to_string()));
                    }
                }
            }
        }
        if stopping {
            break;
        }
        if changes.is_empty() {
            continue;
        }
        let errors_before = store.read().errors.clone();
        let rebuild = preview.apply(&changes);
        let errors = preview.errors();
        let count = errors.len();
        let quiet = rebuild.did_nothing() && *errors_before == errors;
        store.publish(&rebuild, errors);
        if !quiet {
            on_event(Event::Rebuilt { cause: describe(&changes, &root), rebuild: &rebuild, errors: count });
            follow_config(&mut watcher, &preview, &root, on_event);
        }
        // The edited pages are served; now the related articles and copies, which read the
        // whole corpus, and the article pages whose lists changed.
        if let Some(links) = preview.finish_links() {
            let errors = preview.errors();
            let count = errors.len();
            store.publish(&links, errors);
            if !links.did_nothing() {
                on_event(Event::Rebuilt {
                    cause: "related articles".to_string(),
                    rebuild: &links,
                    errors: count,
                });
            }
        }
    }
    on_event(Event::Stopping);
    Ok(())
}

/// Watches the folders the configuration now names, including ones created since.
fn follow_config(
    watcher: &mut watch::Watcher,
    preview: &Preview,
    root: &Path,
    on_event: &mut dyn FnMut(Event<'_>),
) {
    let watched = match preview.config() {
        Some(config) => Watched::new(root, config),
        None => watcher.watched().clone(),
    };
    for problem in watcher.update(watched) {
        on_event(Event::WatchFailed(problem));
    }
}

/// What changed, in a few words: `seeds/a.txt`, `templates`, `3 files`.
pub fn describe(changes: &BTreeSet<Change>, root: &Path) -> String {
    let name = |c: &Change| match c {
        Change::Config => crate::config::CONFIG_FILE.to_string(),
        Change::Static => "static/".to_string(),
        Change::Theme => "templates".to_string(),
        Change::SeedsFolder => "the seeds folder".to_string(),
        Change::Article(p) | Change::SeedsEntry(p) => crate::source::relative(root, p).display().to_string(),
    };
    match changes.len() {
        1 | 2 => changes.iter().map(name).collect::<Vec<_>>().join(", "),
        n => format!("{} and {} more", name(changes.first().expect("n > 2")), n - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_described_briefly() {
        let root = Path::new("/site");
        let one = BTreeSet::from([Change::Article("/site/seeds/a.txt".into())]);
        assert_eq!(describe(&one, root), "seeds/a.txt");
        let two = BTreeSet::from([Change::Theme, Change::Config]);
        assert_eq!(describe(&two, root), "site.toml, templates");
        let many: BTreeSet<Change> =
            (0..5).map(|i| Change::Article(format!("/site/seeds/{i}.txt").into())).collect();
        assert_eq!(describe(&many, root), "seeds/0.txt and 4 more");
    }
}
