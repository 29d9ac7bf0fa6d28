//! `dossier build`: the whole pipeline, one summary line.

use std::path::PathBuf;
use std::process::ExitCode;

use dossier::BuildOptions;

use super::{counted, print_diagnostics};

pub fn run(root: PathBuf, output: Option<PathBuf>, timings: bool) -> ExitCode {
    match dossier::build_keeping(&BuildOptions { root, output }) {
        Ok((report, held)) => {
            // The process ends next and frees it at once.
            std::mem::forget(held);
            print_diagnostics(&report.diagnostics);
            let errors = report.errors();
            let trailer = match errors {
                0 => String::new(),
                1 => " (1 error, see above)".to_string(),
                n => format!(" ({n} errors, see above)"),
            };
            println!(
                "Built {} and {}: {} ({} written, {} unchanged, {} removed) in {} ms -> {}{trailer}",
                counted(report.articles, "article"),
                counted(report.topics, "topic"),
                counted(report.pages, "page"),
                report.stats.written,
                report.stats.unchanged,
                report.stats.removed,
                report.elapsed.as_millis(),
                report.output.display(),
            );
            if timings {
                for (stage, took) in &report.timings {
                    println!("  {stage:<18} {:>8} ms", took.as_millis());
                }
            }
            if errors > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            eprintln!("Build failed; the output folder was not changed.");
            ExitCode::FAILURE
        }
    }
}
