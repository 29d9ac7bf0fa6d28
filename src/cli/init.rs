//! `dossier init [DIR]`: a new site to start from.

use std::path::Path;
use std::process::ExitCode;

use super::print_diagnostics;

pub fn run(dir: &Path) -> ExitCode {
    match dossier::init::init(dir) {
        Ok(files) => {
            let templates = files.iter().filter(|f| f.starts_with("templates")).count();
            println!(
                "Created a site in {}: site.toml, seeds/example.md and {templates} templates to edit in templates/.",
                dir.display()
            );
            println!("Next: add articles to seeds/, then run `dossier build` in that folder.");
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_diagnostics(&[d]);
            ExitCode::FAILURE
        }
    }
}
