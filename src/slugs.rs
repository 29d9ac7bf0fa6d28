//! URL slugs: ASCII, lower case, hyphenated, bounded in length, never empty, never a path.

/// The longest slug we produce, in bytes; long titles are cut at a word boundary.
const MAX_SLUG: usize = 80;

/// Transliterates and slugifies `text`; may return an empty string when nothing is left.
pub fn slugify(text: &str) -> String {
    let full = slug::slugify(text);
    if full.len() <= MAX_SLUG {
        return full;
    }
    let cut = full[..MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG);
    full[..cut].trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_hyphenated() {
        assert_eq!(slugify("Putin's \"Lying West\" <b>"), "putin-s-lying-west-b");
        assert_eq!(slugify("Переговоры"), "peregovory");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let s = slugify(&"word ".repeat(100));
        assert!(s.len() <= MAX_SLUG);
        assert!(s.ends_with("word"));
    }
}
