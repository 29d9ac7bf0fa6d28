//! What a topic page explains beyond its list: coverage over time (an inline SVG bar chart,
//! no JavaScript), the topics that appear with it, and the sources that cover it.
//!
//! Computed once per topic and render from the topic index: one pass over its articles'
//! topics, so the cost grows with articles times their topics, never with pairs of articles.

use chrono::Datelike;
use serde::Serialize;

use super::markdown::escape;
use crate::Site;

#[derive(Debug, Clone, Default)]
pub struct TopicStats {
    /// Dated members per period (months when the coverage spans three years or less,
    /// otherwise years), oldest first, empty periods included.
    pub periods: Vec<(String, usize)>,
    pub undated: usize,
    /// Other topics and how many of this topic's articles they share, most first.
    pub related: Vec<(usize, usize)>,
    /// Source groups and how many of this topic's articles they published, most first.
    pub sources: Vec<(usize, usize)>,
}

/// Every article's topics in one flat array: counting over a topic's members then reads a
/// few bytes per membership instead of whole memberships, which matters when hundreds of
/// topics share most articles. Made from the lists by topic, which are read in order.
pub struct ArticleTopics {
    /// Article `i`'s topics, in topic order, are `topics[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    topics: Vec<u32>,
}

impl ArticleTopics {
    pub fn new(site: &Site) -> ArticleTopics {
        let n = site.articles.len();
        let mut starts = vec![0u32; n + 1];
        for m in site.topics.by_topic.iter().flatten() {
            starts[m.article + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut topics = vec![0u32; starts[n] as usize];
        for (t, members) in site.topics.by_topic.iter().enumerate() {
            for m in members {
                topics[next[m.article] as usize] = t as u32;
                next[m.article] += 1;
            }
        }
        ArticleTopics { starts, topics }
    }

    fn of(&self, i: usize) -> &[u32] {
        &self.topics[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// Statistics for topic `t` of `site`, whose articles' topics are `article_topics`;
/// `source_of` maps an article to its source group, one of `n_sources`. Counts go into dense
/// arrays indexed by topic and source, so a site with hundreds of topics that share most
/// articles costs one increment per shared membership. Made for one topic at a time: a
/// rebuild that renders one topic page pays for that topic alone.
pub fn topic_stats(
    site: &Site,
    article_topics: &ArticleTopics,
    source_of: &[Option<usize>],
    n_sources: usize,
    t: usize,
) -> TopicStats {
    let topics = &site.topics;
    let members = &topics.by_topic[t];
    let mut dates: Vec<chrono::NaiveDate> =
        members.iter().filter_map(|m| site.articles[m.article].date).collect();
    let undated = members.len() - dates.len();
    dates.sort_unstable();
    let mut co = vec![0usize; topics.topics.len()];
    let mut by_source = vec![0usize; n_sources];
    for m in members {
        for &other in article_topics.of(m.article) {
            co[other as usize] += 1;
        }
        if let Some(s) = source_of.get(m.article).copied().flatten() {
            by_source[s] += 1;
        }
    }
    co[t] = 0;
    TopicStats {
        periods: periods(&dates),
        undated,
        related: most_first(&co),
        sources: most_first(&by_source),
    }
}

/// The non-zero counts as (index, count), most first, lower index first among equals.
fn most_first(counts: &[usize]) -> Vec<(usize, usize)> {
    let mut list: Vec<(usize, usize)> = counts.iter().copied().enumerate().filter(|&(_, c)| c > 0).collect();
    list.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    list
}

fn periods(dates: &[chrono::NaiveDate]) -> Vec<(String, usize)> {
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else { return Vec::new() };
    let month_index = |d: &chrono::NaiveDate| d.year() * 12 + d.month0() as i32;
    let span = month_index(last) - month_index(first);
    if span < 36 {
        let mut counts = vec![0usize; (span + 1) as usize];
        for d in dates {
            counts[(month_index(d) - month_index(first)) as usize] += 1;
        }
        counts
            .into_iter()
            .enumerate()
            .map(|(k, c)| {
                let m = month_index(first) + k as i32;
                (format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1), c)
            })
            .collect()
    } else {
        let mut counts = vec![0usize; (last.year() - first.year() + 1) as usize];
        for d in dates {
            counts[(d.year() - first.year()) as usize] += 1;
        }
        counts.into_iter().enumerate().map(|(k, c)| ((first.year() + k as i32).to_string(), c)).collect()
    }
}

/// The coverage chart: bars as inline SVG, and the labels around them as text for the
/// template to place, since text inside an SVG stretched to its box would be distorted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chart {
    /// Safe HTML: an `<svg>` of bars with a text alternative, built from escaped text.
    pub svg: String,
    /// The first and last periods (`2018`, or `2022-01` for months).
    pub first: String,
    pub last: String,
    /// The count the tallest bar stands for.
    pub max: usize,
}

/// The coverage chart of `topic`; none when nothing is dated.
pub fn chart(topic: &str, periods: &[(String, usize)]) -> Option<Chart> {
    let (first, last) = (periods.first()?, periods.last()?);
    let (width, height) = (640.0_f64, 120.0_f64);
    let max = periods.iter().map(|p| p.1).max().unwrap_or(0).max(1);
    let slot = width / periods.len() as f64;
    let bar = (slot * 0.8).max(1.0);
    let summary: Vec<String> = periods.iter().filter(|p| p.1 > 0).map(|(l, c)| format!("{l}: {c}")).collect();
    let label = format!(
        "Articles on {topic} by {}: {}",
        if first.0.len() == 4 { "year" } else { "month" },
        summary.join(", ")
    );
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" preserveAspectRatio=\"none\">",
        escape(&label)
    );
    for (k, (period, count)) in periods.iter().enumerate() {
        let h = height * (*count as f64) / max as f64;
        let x = k as f64 * slot + (slot - bar) / 2.0;
        let y = height - h;
        svg.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\"><title>{}: {count}</title></rect>",
            escape(period)
        ));
    }
    svg.push_str("</svg>");
    Some(Chart { svg, first: first.0.clone(), last: last.0.clone(), max })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap()
    }

    #[test]
    fn short_spans_count_by_month_with_gaps_and_long_ones_by_year() {
        assert_eq!(
            periods(&[d(2022, 1), d(2022, 1), d(2022, 3)]),
            vec![("2022-01".to_string(), 2), ("2022-02".to_string(), 0), ("2022-03".to_string(), 1)]
        );
        assert_eq!(
            periods(&[d(2014, 2), d(2018, 3), d(2018, 4)]),
            vec![
                ("2014".into(), 1),
                ("2015".into(), 0),
                ("2016".into(), 0),
                ("2017".into(), 0),
                ("2018".into(), 2)
            ]
        );
    }

    #[test]
    fn the_chart_has_a_bar_per_period_and_a_text_alternative() {
        let chart = chart("NATO <x>", &[("2018".into(), 1), ("2019".into(), 0), ("2020".into(), 3)]).unwrap();
        assert_eq!(chart.svg.matches("<rect").count(), 3);
        assert!(chart.svg.contains("aria-label=\"Articles on NATO &lt;x&gt; by year: 2018: 1, 2020: 3\""));
        // Text inside the stretched SVG would be distorted: the labels are the template's.
        assert!(!chart.svg.contains("<text"));
        assert_eq!((chart.first.as_str(), chart.last.as_str(), chart.max), ("2018", "2020", 3));
        assert_eq!(super::chart("NATO", &[]), None);
    }
}
