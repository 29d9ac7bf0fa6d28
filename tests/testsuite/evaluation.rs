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
    let dev = eval::scores(&cases, "dev");
    // Floors a little under the figures measured when this test was written (README).
    assert!(dev.title >= 0.95, "title {}", dev.title);
    assert!(dev.date >= 0.95, "date {}", dev.date);
    assert!(dev.source >= 0.95, "publisher {}", dev.source);
    assert!(dev.precision >= 0.98, "precision {}", dev.precision);
    assert!(dev.recall >= 0.99, "recall {}", dev.recall);
    assert!(dev.membership.f1() >= 0.97, "membership F1 {}", dev.membership.f1());
}
