//! `dossier extract [--json] FILE...`: what extraction finds in each file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dossier::extract::{self, BlockKind};
use dossier::topics::TopicIndex;
use dossier::{source, Config};
use serde_json::json;

use super::print_diagnostics;

pub fn run(root: &Path, files: &[PathBuf], as_json: bool) -> ExitCode {
    let config = match Config::load(root) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&[d]);
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    let mut loaded = Vec::new();
    for file in files {
        let l = source::load_file(file);
        print_diagnostics(&l.diagnostics);
        failed |= l.diagnostics.iter().any(|d| d.is_error());
        loaded.extend(l.files);
    }
    let (articles, notes) = extract::extract_all(&loaded, &config.extract);
    print_diagnostics(&notes);
    let index = TopicIndex::build_with(&articles, &config.topics, &config.relevance);
    for (i, a) in articles.iter().enumerate() {
        let topics: Vec<_> = index.by_article[i]
            .iter()
            .map(|m| json!({"slug": index.topics[m.topic].slug, "mentions": m.mentions, "main": m.main}))
            .collect();
        if as_json {
            let body: Vec<&str> = a.body.iter().map(|b| b.text.as_str()).collect();
            let removed: Vec<_> = a
                .removed
                .iter()
                .map(|r| json!({"line": r.line, "text": r.text, "reason": &*r.reason}))
                .collect();
            let value = json!({
                "file": a.path.display().to_string(),
                "title": a.title,
                "date": a.date.map(|d| d.format("%Y-%m-%d").to_string()),
                "date_note": a.date_note,
                "source": a.source,
                "original_source": a.original_source,
                "byline": a.byline,
                "standfirst": a.standfirst,
                "body": body,
                "removed": removed,
                "topics": topics,
            });
            println!("{value}");
        } else {
            println!("{}", a.path.display());
            println!("  title:    {}", a.title);
            let date = a.date.map_or_else(|| "none stated".to_string(), |d| d.format("%Y-%m-%d").to_string());
            println!(
                "  date:     {date}{}",
                a.date_note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
            );
            println!("  source:   {}", a.source.as_deref().unwrap_or("-"));
            if let Some(o) = &a.original_source {
                println!("  original: {o}");
            }
            println!("  byline:   {}", a.byline.as_deref().unwrap_or("-"));
            if let Some(s) = &a.standfirst {
                println!("  standfirst: {s}");
            }
            let names: Vec<String> = index.by_article[i]
                .iter()
                .map(|m| {
                    format!(
                        "{} ({}{})",
                        index.topics[m.topic].name,
                        m.mentions,
                        if m.main { ", main" } else { "" }
                    )
                })
                .collect();
            println!("  topics:   {}", if names.is_empty() { "-".to_string() } else { names.join(", ") });
            println!("  body:     {} paragraphs", a.body.len());
            for b in &a.body {
                let mark = if b.kind == BlockKind::Heading { "##" } else { "  " };
                let text: String = b.text.chars().take(100).collect();
                println!("    {mark} {:>4}: {text}", b.lines[0]);
            }
            println!("  removed:  {} lines", a.removed.len());
            for r in &a.removed {
                let text: String = r.text.chars().take(70).collect();
                println!("       {:>4}: {text}  [{}]", r.line, r.reason);
            }
            println!();
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
