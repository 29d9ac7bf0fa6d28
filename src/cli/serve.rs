//! `dossier serve`: prints what the preview server does; the server itself is `dossier::serve`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use dossier::serve::{self, Event, Rebuild, Rendered, ServeOptions};

use super::{counted, print_diagnostics};

pub struct Args {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
}

pub fn run(args: Args) -> ExitCode {
    let options = ServeOptions { root: args.root, bind: args.bind, port: args.port };
    let result = serve::run(&options, &mut |event| match event {
        Event::Built { rebuild, errors } => {
            print_diagnostics(&rebuild.notes);
            if rebuild.rendered.total() == 0 {
                println!("Nothing built yet{}", trailer(errors));
            } else {
                println!(
                    "Built {} and {}: {} in {} ms, in memory ({} is not touched){}",
                    counted(rebuild.articles, "article"),
                    counted(rebuild.topics, "topic"),
                    counted(rebuild.rendered.total(), "page"),
                    rebuild.elapsed.as_millis(),
                    output_folder(&options),
                    trailer(errors)
                );
            }
        }
        Event::Listening { url, busy_port } => {
            if let Some(port) = busy_port {
                println!("Port {port} is busy; using the next free one.");
            }
            println!("Serving {url} (Ctrl-C to stop)");
            if args.open {
                open_browser(&url);
            }
        }
        Event::Rebuilt { cause, rebuild, errors } => {
            print_diagnostics(&rebuild.notes);
            println!("{cause}: {}{}", summary(rebuild), trailer(errors));
        }
        Event::WatchFailed(message) => eprintln!("warning: watching files: {message}"),
        Event::Stopping => println!("Stopped."),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `rebuilt 1 article, 3 topic pages, 2 index pages (2 changed) in 12 ms`.
fn summary(rebuild: &Rebuild) -> String {
    let Rendered { articles, topics, indexes, other, assets } = rebuild.rendered;
    let mut parts = Vec::new();
    for (n, one, many) in [
        (articles, "article", "articles"),
        (topics, "topic page", "topic pages"),
        (indexes, "index page", "index pages"),
        (other, "other page", "other pages"),
        (assets, "asset", "assets"),
    ] {
        match n {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        }
    }
    if parts.is_empty() && rebuild.removed.is_empty() {
        return format!("nothing rendered, last good pages kept ({} ms)", rebuild.elapsed.as_millis());
    }
    let what = if parts.is_empty() { "no page".to_string() } else { parts.join(", ") };
    let verb = if rebuild.full { "reloaded everything, rendered" } else { "rebuilt" };
    let removed = match rebuild.removed.len() {
        0 => String::new(),
        n => format!(", {n} removed"),
    };
    format!("{verb} {what} ({} changed{removed}) in {} ms", rebuild.changed, rebuild.elapsed.as_millis())
}

fn trailer(errors: usize) -> String {
    match errors {
        0 => String::new(),
        1 => "; 1 error, shown above and in the browser".to_string(),
        n => format!("; {n} errors, shown above and in the browser"),
    }
}

fn output_folder(options: &ServeOptions) -> String {
    dossier::Config::load(&options.root)
        .map_or_else(|_| "the output folder".to_string(), |c| c.output.display().to_string())
}

/// Opens `url` in the desktop's browser; failing is not fatal, the URL is printed anyway.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command.arg(url).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    if let Err(e) = command.spawn() {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}
