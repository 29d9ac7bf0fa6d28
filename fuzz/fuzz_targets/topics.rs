//! Topic matching with any aliases over any text: the first lines are aliases (a leading `=`
//! makes one case-sensitive, a leading `~` matches word forms), the rest is the text. Every
//! hit is a slice of the text on character boundaries.
#![no_main]

use dossier::config::{Alias, TopicConfig};
use dossier::topics::matcher::Matcher;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let (head, text) = input.split_once("\n\n").unwrap_or((input, input));
    let aliases: Vec<Alias> = head
        .lines()
        .take(16)
        .map(|line| match line.chars().next() {
            Some('=') => {
                Alias::Rule { text: line[1..].to_string(), case_sensitive: Some(true), forms: false }
            }
            Some('~') => Alias::Rule { text: line[1..].to_string(), case_sensitive: None, forms: true },
            _ => Alias::Text(line.to_string()),
        })
        .collect();
    let name = head.lines().next().unwrap_or("").to_string();
    let topics = vec![TopicConfig { name, slug: None, description: String::new(), aliases }];
    let matcher = Matcher::new(&topics);
    for hit in matcher.find(text) {
        assert!(hit.start < hit.end && hit.end <= text.len());
        assert!(text.is_char_boundary(hit.start) && text.is_char_boundary(hit.end));
        assert_eq!(hit.topic, 0);
    }
    let _ = topics[0].slug();
});
