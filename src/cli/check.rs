//! `dossier check`: every stage but writing; problems, then one summary line.

use std::path::Path;
use std::process::ExitCode;

use super::print_diagnostics;

pub fn run(root: &Path) -> ExitCode {
    let report = dossier::check::check(root);
    print_diagnostics(&report.diagnostics);
    let (errors, warnings) = (report.errors(), report.warnings());
    println!(
        "Checked {} articles and {} pages: {} error{}, {} warning{}",
        report.articles,
        report.pages,
        errors,
        if errors == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" },
    );
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
