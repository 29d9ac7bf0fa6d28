//! The labelled evaluation set (tests/fixtures/eval) as a regression guard: no line of any
//! fixture is lost, and the figures `cargo run --example evaluate` prints do not fall.

// The example prints every field; these tests read only the figures they guard.
#[allow(dead_code)]
#[path = "../../examples/evaluate/eval.rs"]
mod eval;

#[test]
fn no_line_of_any_labelled_article_is_lost() {
    let cases = eval::run();
    assert!(cases.len() >= 60, "{} labelled articles", cases.len());
    for case in &cases {
        assert_eq!(case.lost_lines, 0, "{}", case.file.display());
    }
}

#[test]
fn extraction_figures_do_not_fall() {
    let cases = eval::run();
    let dev = eval::scores_of(&cases, |c| c.split == "dev" && (in_part(c, "a") || in_part(c, "b")));
    // Floors a little under the figures measured when this test was written (README).
    assert!(dev.title >= 0.95, "title {}", dev.title);
    assert!(dev.date >= 0.95, "date {}", dev.date);
    assert!(dev.source >= 0.95, "publisher {}", dev.source);
    assert!(dev.precision >= 0.98, "precision {}", dev.precision);
    assert!(dev.recall >= 0.99, "recall {}", dev.recall);
    assert!(dev.membership.f1() >= 0.97, "membership F1 {}", dev.membership.f1());
}

#[test]
fn extraction_figures_on_the_sites_used_for_development_do_not_fall() {
    // Parts a and b (both halves), and parts c, d and e (each held back until it was used
    // for development); floors a little under the figures in the README. Parts f, g and h are
    // guarded below.
    let cases = eval::run();
    let ab = eval::scores_of(&cases, |c| in_part(c, "a") || in_part(c, "b"));
    let c = eval::scores_of(&cases, |c| in_part(c, "c"));
    let d = eval::scores_of(&cases, |c| in_part(c, "d"));
    let e = eval::scores_of(&cases, |c| in_part(c, "e"));
    for (part, s) in [("a+b", &ab), ("c", &c), ("d", &d), ("e", &e)] {
        assert!(s.title >= 0.95, "{part}: title {}", s.title);
        assert!(s.date >= 0.97, "{part}: date {}", s.date);
        assert!(s.source >= 0.97, "{part}: publisher {}", s.source);
        assert!(s.precision >= 0.99, "{part}: precision {}", s.precision);
        assert!(s.recall >= 0.99, "{part}: recall {}", s.recall);
    }
}

#[test]
fn extraction_figures_on_the_later_development_sets_do_not_fall() {
    // Parts f and g (held back once, tuned on since) and the tuning half of part h; floors a
    // little under the figures in the README. The held-back half of part h is not guarded, so
    // that nobody tunes on it by watching this test.
    let cases = eval::run();
    let f = eval::scores_of(&cases, |c| in_part(c, "f"));
    let g = eval::scores_of(&cases, |c| in_part(c, "g"));
    let h = eval::scores_of(&cases, |c| in_part(c, "h") && c.split == "dev");
    for (part, s, precision) in [("f", &f, 0.92), ("g", &g, 0.92), ("h dev", &h, 0.99)] {
        assert!(s.articles >= 40, "{part}: {} articles", s.articles);
        assert!(s.title >= 0.95, "{part}: title {}", s.title);
        assert!(s.date >= 0.94, "{part}: date {}", s.date);
        assert!(s.source >= 0.95, "{part}: publisher {}", s.source);
        assert!(s.precision >= precision, "{part}: precision {}", s.precision);
        assert!(s.recall >= 0.99, "{part}: recall {}", s.recall);
    }
}

fn in_part(case: &eval::Case, part: &str) -> bool {
    case.file.file_name().is_some_and(|n| n.to_string_lossy().starts_with(part))
}
