//! One module per command; each prints its own output and returns the exit code.

pub mod build;
pub mod check;
pub mod extract;
pub mod init;
#[cfg(feature = "serve")]
pub mod serve;
pub mod topics;

use dossier::Diagnostic;

/// Prints diagnostics to stderr, each followed by a blank line.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}\n");
    }
}

/// `1 article`, `5 articles`: a count with its noun in the right number (regular plurals).
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
