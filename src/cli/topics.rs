//! `dossier topics suggest`: names worth making topics, from the whole corpus.

use std::path::Path;
use std::process::ExitCode;

use dossier::topics::suggest::{as_toml, suggest as find_suggestions};

use super::print_diagnostics;

pub fn suggest(root: &Path, limit: usize, toml: bool) -> ExitCode {
    let (site, diagnostics) = match dossier::load_site(root) {
        Ok(loaded) => loaded,
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            return ExitCode::FAILURE;
        }
    };
    print_diagnostics(&diagnostics.iter().filter(|d| d.is_error()).cloned().collect::<Vec<_>>());
    let suggestions = find_suggestions(&site.articles, &site.topics, limit);
    if toml {
        print!("{}", as_toml(&suggestions));
        return ExitCode::SUCCESS;
    }
    if suggestions.is_empty() {
        println!("No names recur in two or more articles outside the configured topics.");
        return ExitCode::SUCCESS;
    }
    println!("{:<40} {:>8} {:>8}  variants", "name", "articles", "mentions");
    for s in &suggestions {
        println!("{:<40} {:>8} {:>8}  {}", s.name, s.articles, s.mentions, s.variants.join(", "));
    }
    println!("\nAdd --toml to print these as [[topics]] blocks for site.toml.");
    ExitCode::SUCCESS
}
