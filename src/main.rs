//! The `dossier` command: parse the command line, run the command, set the exit code.

mod cli;

// A build allocates and frees many small strings from every thread, and `serve` keeps a
// large heap that sits idle between saves: mimalloc is faster at both than the system
// allocator, whose free lists run through memory that an idle process lets go cold.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// Print how long each stage took
        #[arg(long)]
        timings: bool,
    },
    /// Run the whole pipeline without writing, and report errors, warnings and broken links
    Check {
        /// The site folder, holding site.toml and seeds/
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site: site.toml, an example article and the default templates
    Init {
        /// Where to create it: a new or empty folder
        #[arg(default_value = ".")]
        dir: PathBuf,
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
    /// Work with topics
    Topics {
        #[command(subcommand)]
        command: TopicsCommand,
    },
}

#[derive(Subcommand)]
enum TopicsCommand {
    /// List names that recur across the articles and are not topics yet
    Suggest {
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How many suggestions to show
        #[arg(long, default_value_t = 30)]
        limit: usize,
        /// Print `[[topics]]` blocks to paste into site.toml
        #[arg(long)]
        toml: bool,
    },
}

fn main() -> ExitCode {
    dossier::small_pages_only();
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, output, timings } => cli::build::run(root, output, timings),
        Command::Check { root } => cli::check::run(&root),
        Command::Init { dir } => cli::init::run(&dir),
        Command::Extract { json, root, files } => cli::extract::run(&root, &files, json),
        #[cfg(feature = "serve")]
        Command::Serve { root, port, bind, open } => {
            cli::serve::run(cli::serve::Args { root, bind, port, open })
        }
        Command::Topics { command: TopicsCommand::Suggest { root, limit, toml } } => {
            cli::topics::suggest(&root, limit, toml)
        }
    }
}
