//! Faults during a build: a build killed at any moment leaves the previous site whole.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in
        walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file())
    {
        let key = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
        files.insert(key, std::fs::read(entry.path()).unwrap());
    }
    files
}

fn write_corpus(site: &TestSite, round: usize) {
    for i in 0..200 {
        let body = format!(
            "Report {i} on the NATO summit and the talks in Geneva, revision {round}.\n\n\
             The ministers met on Tuesday to discuss the alliance and its budget for the coming year, officials said.\n\n\
             A second paragraph of article {i} adds detail about Crimea and the negotiations that followed the meeting.\n"
        );
        site.write(&format!("seeds/article-{i:03}.txt"), body);
    }
}

fn build(root: &Path, output: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--output", output.to_str().unwrap()])
        .current_dir(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn a_killed_build_leaves_the_previous_site_or_the_new_one_never_a_mix() {
    let site = TestSite::in_memory(
        "title = \"Kill test\"\n[[topics]]\nname = \"NATO\"\n[[topics]]\nname = \"Crimea\"\n",
    );
    let out = site.root().join("public");
    write_corpus(&site, 0);
    assert!(build(site.root(), &out).wait().unwrap().success());
    // How long a full build takes here, to spread the kills over it.
    let started = Instant::now();
    write_corpus(&site, 1);
    assert!(build(site.root(), &out).wait().unwrap().success());
    let full = started.elapsed().max(Duration::from_millis(20));

    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut kills_before_done = 0;
    for round in 2..10 {
        let previous = snapshot(&out);
        write_corpus(&site, round);
        let expected_dir = site.root().join(format!("expected-{round}"));
        assert!(build(site.root(), &expected_dir).wait().unwrap().success());
        let expected = snapshot(&expected_dir);
        std::fs::remove_dir_all(&expected_dir).unwrap();

        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = full.mul_f64((seed % 1000) as f64 / 1000.0);
        let mut child = build(site.root(), &out);
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL on Unix
        child.wait().unwrap();
        kills_before_done += usize::from(!finished);

        let now = snapshot(&out);
        assert!(
            now == previous || now == expected,
            "round {round}: after a kill at {delay:?} the output is neither the previous site nor the new one"
        );
        // The next build finishes the job whatever the kill left behind.
        assert!(build(site.root(), &out).wait().unwrap().success());
        assert_eq!(snapshot(&out), expected, "round {round}: the rebuild after a kill is not the full site");
    }
    assert!(kills_before_done > 0, "every build finished before its kill; the test proved nothing");
}
