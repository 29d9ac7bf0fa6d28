//! The `dossier` command: parse the command line, run the command, set the exit code.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Turn a folder of news articles into a cross-linked static site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder (`public/` unless site.toml says otherwise)
    Build {
        /// The site folder, holding site.toml and seeds/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write the site here instead of the configured output folder
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Show what extraction finds in article files: title, date, source, body, removed lines
    Extract {
        /// One JSON object per file per line
        #[arg(long)]
        json: bool,
        /// The site folder whose site.toml gives topics and extraction patterns
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Article files (.txt or .md)
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Preview the site: build it in memory, serve it, rebuild and reload pages on changes
    #[cfg(feature = "serve")]
    Serve {
        /// The site folder, holding site.toml and seeds/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; if it is busy, the next free one is used
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; other machines can connect only if it is not loopback
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the browser once it is served
        #[arg(long)]
        open: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, output } => cli::build::run(root, output),
        Command::Extract { json, root, files } => cli::extract::run(&root, &files, json),
        #[cfg(feature = "serve")]
        Command::Serve { root, port, bind, open } => {
            cli::serve::run(cli::serve::Args { root, bind, port, open })
        }
    }
}
