//! `dossier check`: every stage but writing; problems, then one summary line.

use std::path::Path;
use std::process::ExitCode;

use super::{counted, print_diagnostics};

pub fn run(root: &Path) -> ExitCode {
    let report = dossier::check::check(root);
    print_diagnostics(&report.diagnostics);
    let (errors, warnings) = (report.errors(), report.warnings());
    println!(
        "Checked {} and {}: {}, {}",
        counted(report.articles, "article"),
        counted(report.pages, "page"),
        counted(errors, "error"),
        counted(warnings, "warning"),
    );
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
