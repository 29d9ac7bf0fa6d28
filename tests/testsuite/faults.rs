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

fn small_site() -> TestSite {
    let site = TestSite::new("title = \"Faults\"\n");
    site.write(
        "seeds/a.txt",
        "A small article\n\nThe only article of the site, with a paragraph of ordinary prose in it.\n",
    );
    site
}

fn build_into(site: &TestSite, output: &Path) -> Result<dossier::BuildReport, dossier::BuildFailure> {
    dossier::build(&dossier::BuildOptions {
        root: site.root().to_path_buf(),
        output: Some(output.to_path_buf()),
    })
}

/// `severity location: message` of each diagnostic.
fn shown(failure: &dossier::BuildFailure) -> Vec<String> {
    failure.diagnostics.iter().map(|d| format!("{}: {}", d.location(), d.message)).collect()
}

#[test]
fn an_output_folder_under_a_regular_file_is_a_clear_error_and_nothing_is_written() {
    let site = small_site();
    std::fs::write(site.root().join("blocker"), "a file, not a folder").unwrap();
    let out = site.root().join("blocker/public");
    let failure = build_into(&site, &out).unwrap_err();
    assert_eq!(
        shown(&failure),
        vec![format!(
            "{}: cannot create a staging folder beside the output: Not a directory (os error 20)",
            out.display()
        )]
    );
    assert_eq!(
        failure.diagnostics[0].help.as_deref(),
        Some("check free space and permissions, or choose another folder with --output")
    );
    assert_eq!(std::fs::read_to_string(site.root().join("blocker")).unwrap(), "a file, not a folder");
}

#[test]
fn an_output_path_that_is_a_file_is_a_clear_error_and_the_file_is_kept() {
    let site = small_site();
    let out = site.root().join("public");
    std::fs::write(&out, "not a site").unwrap();
    let failure = build_into(&site, &out).unwrap_err();
    assert_eq!(
        shown(&failure),
        vec![format!("{}: the output path is a file, not a folder; nothing was written", out.display())]
    );
    assert_eq!(
        failure.diagnostics[0].help.as_deref(),
        Some("move the file away, or choose another folder with --output")
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "not a site");
    let left: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "staging left behind: {left:?}");
}

/// A 1 MiB tmpfs, unmounted when dropped.
struct TinyDisk {
    dir: tempfile::TempDir,
}

impl TinyDisk {
    fn mount() -> Result<TinyDisk, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !status.status.success() {
            return Err(String::from_utf8_lossy(&status.stderr).trim().to_string());
        }
        Ok(TinyDisk { dir })
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_previous_site_stays() {
    // Mounting needs root (CI runs as root); elsewhere this case cannot be made honestly.
    let disk = match TinyDisk::mount() {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("skipped: a full disk needs a tiny tmpfs, and mounting one failed: {why}");
            return;
        }
    };
    let site = small_site();
    let out = disk.dir.path().join("public");
    build_into(&site, &out).expect("the small site fits");
    let before = snapshot(&out);
    // Forty articles of 40 KB: far more than the disk holds.
    let paragraph =
        "The ministers met again on Tuesday to talk about the budget of the alliance. ".repeat(500);
    for i in 0..40 {
        site.write(&format!("seeds/big-{i:02}.txt"), format!("Big article {i}\n\n{paragraph}\n"));
    }
    let failure = build_into(&site, &out).unwrap_err();
    let errors: Vec<_> = failure.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(!errors.is_empty(), "{:?}", failure.diagnostics);
    for d in errors {
        assert!(d.path.starts_with(&out), "{}", d.location());
        assert!(d.message.ends_with("No space left on device (os error 28)"), "{}", d.message);
    }
    assert_eq!(snapshot(&out), before, "the previous site changed");
    let names: Vec<String> = std::fs::read_dir(disk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["public"], "a partial site was left beside the output");
}
