//! The pages `serve` answers with, shared between the rebuild loop (one writer) and the HTTP
//! threads (readers), and the version that open pages poll to know when to reload.
//! Holds bytes only: it never renders or reads files.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::incremental::Rebuild;
use crate::diagnostics::Diagnostic;

/// One served page.
#[derive(Clone)]
pub struct Served {
    pub bytes: Arc<[u8]>,
    /// The number of the rebuild that last rendered it (1 is the first build), whether or not
    /// its bytes changed then; sent as a header so that tests can tell what was rendered.
    pub rendered_in: u64,
}

pub struct Store {
    inner: Mutex<Inner>,
    changed: Condvar,
}

pub struct Inner {
    pub pages: HashMap<String, Served>,
    /// Errors shown over every page until they are fixed.
    pub errors: Arc<Vec<Diagnostic>>,
    rebuilds: u64,
    version: u64,
    /// Distinguishes this process from an earlier one, so that a page loaded from a previous
    /// run reloads once the server is back.
    epoch: u128,
}

impl Inner {
    /// What open pages compare to know that something changed.
    pub fn token(&self) -> String {
        format!("{:x}-{}", self.epoch, self.version)
    }
}

impl Store {
    pub fn new() -> Store {
        let epoch =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        Store {
            inner: Mutex::new(Inner {
                pages: HashMap::new(),
                errors: Arc::new(Vec::new()),
                rebuilds: 0,
                version: 0,
                epoch,
            }),
            changed: Condvar::new(),
        }
    }

    pub fn read(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data behind; serving it beats dying.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes in a rebuild's pages and the errors now in effect; wakes waiting pages if
    /// anything they could show changed.
    pub fn publish(&self, rebuild: &Rebuild, errors: Vec<Diagnostic>) {
        let mut inner = self.read();
        inner.rebuilds += 1;
        let number = inner.rebuilds;
        for (path, bytes) in &rebuild.pages {
            inner.pages.insert(path.clone(), Served { bytes: bytes.clone(), rendered_in: number });
        }
        for path in &rebuild.removed {
            inner.pages.remove(path);
        }
        let errors_changed = *inner.errors != errors;
        if errors_changed {
            inner.errors = Arc::new(errors);
        }
        if rebuild.changed > 0 || !rebuild.removed.is_empty() || errors_changed {
            inner.version += 1;
            self.changed.notify_all();
        }
    }

    /// Waits until the token differs from `since`, or `timeout` passes; returns the token.
    pub fn wait_for_change(&self, since: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut inner = self.read();
        loop {
            let token = inner.token();
            let now = Instant::now();
            if token != since || now >= deadline {
                return token;
            }
            inner = match self.changed.wait_timeout(inner, deadline - now) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebuild(pages: &[(&str, &str)], changed: usize, removed: &[&str]) -> Rebuild {
        Rebuild {
            pages: pages.iter().map(|(p, b)| (p.to_string(), Arc::from(b.as_bytes()))).collect(),
            changed,
            removed: removed.iter().map(|p| p.to_string()).collect(),
            ..Rebuild::default()
        }
    }

    #[test]
    fn the_token_moves_only_when_something_shown_changed() {
        let store = Store::new();
        store.publish(&rebuild(&[("a.html", "A"), ("b.html", "B")], 2, &[]), vec![]);
        let first = store.read().token();
        store.publish(&rebuild(&[("a.html", "A")], 0, &[]), vec![]);
        assert_eq!(store.read().token(), first);
        assert_eq!(store.read().pages["a.html"].rendered_in, 2);
        assert_eq!(store.read().pages["b.html"].rendered_in, 1);
        store.publish(&rebuild(&[], 0, &[]), vec![Diagnostic::error("site.toml", "broken")]);
        let with_error = store.read().token();
        assert_ne!(with_error, first);
        store.publish(&rebuild(&[], 0, &["b.html"]), vec![Diagnostic::error("site.toml", "broken")]);
        assert_ne!(store.read().token(), with_error);
        assert!(!store.read().pages.contains_key("b.html"));
    }

    #[test]
    fn waiting_returns_at_once_for_an_old_token_and_on_change_otherwise() {
        let store = Arc::new(Store::new());
        assert_ne!(store.wait_for_change("old", Duration::from_secs(5)), "old");
        let now = store.read().token();
        assert_eq!(store.wait_for_change(&now, Duration::from_millis(10)), now);
        let writer = store.clone();
        let thread = std::thread::spawn(move || writer.publish(&rebuild(&[("a.html", "A")], 1, &[]), vec![]));
        let next = store.wait_for_change(&now, Duration::from_secs(10));
        thread.join().unwrap();
        assert_ne!(next, now);
    }
}
