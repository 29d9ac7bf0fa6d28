//! Extraction on the seeds and on small cases, and the invariant that no line is lost.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::*;
use crate::config::ExtractConfig;
use crate::frontmatter::FrontMatter;

pub(crate) fn source(name: &str, text: &str) -> SourceFile {
    let path = PathBuf::from(name);
    let split = crate::frontmatter::split(text, &path).expect("test front matter closes");
    let mut warnings = Vec::new();
    let front = match split.yaml {
        Some(y) => {
            crate::frontmatter::parse(y, text, &path, &mut warnings).expect("test front matter parses")
        }
        None => FrontMatter::default(),
    };
    SourceFile {
        markdown: name.ends_with(".md"),
        path,
        body: split.body.to_string(),
        body_line_offset: split.body_line_offset,
        front,
    }
}

fn run(name: &str, text: &str) -> Article {
    extract(&source(name, text), &ExtractConfig::default()).0
}

fn seed(name: &str) -> Article {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds").join(name);
    let text = std::fs::read_to_string(&path).expect("seed is readable");
    run(name, &text)
}

/// Every non-empty line of the body is exactly once metadata, body or removed.
pub(crate) fn assert_nothing_lost(article: &Article, file: &SourceFile) {
    let mut uses: BTreeMap<usize, usize> = BTreeMap::new();
    for (line, _) in &article.metadata_lines {
        *uses.entry(*line).or_default() += 1;
    }
    for block in &article.body {
        for line in &block.lines {
            *uses.entry(*line).or_default() += 1;
        }
    }
    for removed in &article.removed {
        *uses.entry(removed.line).or_default() += 1;
    }
    for (i, line) in file.body.split('\n').enumerate() {
        let number = i + 1 + file.body_line_offset;
        let count = uses.get(&number).copied().unwrap_or(0);
        let expected = usize::from(!line.trim().is_empty());
        assert_eq!(count, expected, "{}: line {number} used {count} times: {line:?}", file.path.display());
    }
}

const SEEDS: [&str; 5] = [
    "000_1bbc1a147d00f0f5.txt",
    "001_dc715accd5343d59.txt",
    "002_610538ce3496f3bc.txt",
    "003_ee147a0f71bb926c.txt",
    "004_9674c7f58afab144.txt",
];

#[test]
fn no_seed_loses_a_line() {
    for name in SEEDS {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds").join(name);
        let file = source(name, &std::fs::read_to_string(path).unwrap());
        let (article, _) = extract(&file, &ExtractConfig::default());
        assert_nothing_lost(&article, &file);
    }
}

#[test]
fn seed_titles() {
    let titles: Vec<String> = SEEDS.iter().map(|s| seed(s).title).collect();
    assert_eq!(titles[0], "Putin Says US Cannot be Trusted in Any Political Negotiations");
    assert_eq!(titles[1], "Putin Slams 'Lying West' But Says 'Positive' on U.S.-NATO Talks");
    assert_eq!(titles[2], "The US says Russia should back off troops, \u{2018}Should we go to war with NATO?\u{2019} Asks Putin");
    assert_eq!(titles[3], "Putin says Russia ready to negotiate over Ukraine");
    assert_eq!(
        titles[4],
        "Putin says West have ignored Russia's security demands, hopes to continue dialogue"
    );
}

#[test]
fn seed_dates_publishers_and_notes() {
    let date = |s: &str| seed(s).date.map(|d| d.to_string());
    assert_eq!(date(SEEDS[0]).as_deref(), Some("2018-03-11"));
    assert_eq!(date(SEEDS[1]), None);
    assert_eq!(date(SEEDS[2]).as_deref(), Some("2022-02-01"));
    assert_eq!(date(SEEDS[3]), None);
    assert!(seed(SEEDS[3]).date_note.unwrap().contains("2024-05-09"));
    assert_eq!(date(SEEDS[4]).as_deref(), Some("2022-02-01"));
    let source = |s: &str| seed(s).source;
    assert_eq!(source(SEEDS[0]).as_deref(), Some("Global Research"));
    assert_eq!(source(SEEDS[1]).as_deref(), Some("The Moscow Times"));
    assert_eq!(source(SEEDS[3]).as_deref(), Some("KazPost"));
    assert_eq!(seed(SEEDS[0]).original_source.as_deref(), Some("Eurasia Review"));
    assert_eq!(seed(SEEDS[0]).byline.as_deref(), Some("Macedonian International News Agency"));
}

#[test]
fn seed_bodies_hold_no_boilerplate() {
    let forbidden = [
        "small favor to ask",
        "journalists of The Moscow Times",
        "Your support",
        "Related Articles",
        "Disclaimer",
        "copyrighted material",
        "Become a Member",
        "Do not miss",
        "REUTERS",
        "Tony Bennett",
        "NATO War Agenda",
        "Subscribe",
        "Contact Us",
    ];
    for name in SEEDS {
        let a = seed(name);
        for block in &a.body {
            for f in forbidden {
                assert!(!block.text.contains(f), "{name}: body keeps {f:?}: {}", block.text);
            }
        }
    }
}

#[test]
fn subheads_become_headings_and_stay_in_place() {
    let a = seed(SEEDS[4]);
    let headings: Vec<&str> =
        a.body.iter().filter(|b| b.kind == BlockKind::Heading).map(|b| b.text.as_str()).collect();
    assert_eq!(headings, vec!["DIALOGUE AND SOLUTION HOPES"]);
    let a = seed(SEEDS[2]);
    let headings: Vec<&str> =
        a.body.iter().filter(|b| b.kind == BlockKind::Heading).map(|b| b.text.as_str()).collect();
    assert_eq!(headings, vec!["\u{2018}INSTRUMENT\u{2019}", "A GUN IN THE HEAD OF UKRAINE"]);
}

#[test]
fn dead_links_become_text() {
    let a = run("a.txt", "A headline about the summit\n\nBy [Jane Roe](#)\n\nThe summit opened in [Vilnius](#) on Tuesday, officials said, with a long agenda of items.\n");
    assert_eq!(
        a.body[0].text,
        "The summit opened in Vilnius on Tuesday, officials said, with a long agenda of items."
    );
    assert_eq!(a.byline.as_deref(), Some("Jane Roe"));
}

#[test]
fn front_matter_wins_over_the_text() {
    let text = "---\ntitle: Given title\ndate: 2020-01-02\nsource: Given Source\n---\nA different headline in the text\n\nPublished March 3, 2021\n\nThe body of the article is here, with a sentence that ends properly.\n";
    let file = source("a.md", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert_eq!(a.title, "Given title");
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2020-01-02"));
    assert_eq!(a.source.as_deref(), Some("Given Source"));
    assert_nothing_lost(&a, &file);
}

#[test]
fn drop_and_keep_patterns_from_the_config() {
    let config =
        ExtractConfig { drop: vec!["sponsored".into()], keep: vec!["Subscribe".into()], show_removed: true };
    let text = "A headline for the test\n\nThe first paragraph of the story says what happened and why it matters.\n\nSponsored: buy our product today, it is very good indeed.\n\nSubscribe\n\nThe last paragraph of the story ends the article properly.\n";
    let (a, _) = extract(&source("a.txt", text), &config);
    let body: Vec<&str> = a.body.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(body.len(), 3, "{body:?}");
    assert!(body.contains(&"Subscribe"));
    assert_eq!(&*a.removed[0].reason, "matches a `drop` pattern in site.toml");
}

#[test]
fn a_file_with_no_title_gets_one_from_its_text_and_a_warning() {
    let file = source(
        "notitle.txt",
        "The council met on Monday and agreed the budget for the coming year after a long debate.\n",
    );
    let (a, notes) = extract(&file, &ExtractConfig::default());
    assert_eq!(a.title, "The council met on Monday and agreed the budget for the coming year after\u{2026}");
    assert_eq!(notes[0].message, "no title found; using \u{201c}The council met on Monday and agreed the budget for the coming year after\u{2026}\u{201d}");
    assert_nothing_lost(&a, &file);
}

#[test]
fn slugs_are_unique_and_stable() {
    let files = vec![
        source("b.txt", "Same title here\n\nBody text that is long enough to count as prose, really.\n"),
        source(
            "a.txt",
            "Same title here\n\nOther body text that is long enough to count as prose, really.\n",
        ),
    ];
    let (articles, _) = extract_all(&files, &ExtractConfig::default());
    let slugs: Vec<&str> = articles.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, vec!["same-title-here", "same-title-here-2"]);
}

#[test]
fn title_that_slugifies_to_nothing_gets_a_fallback() {
    let (a, _) = extract(
        &source(
            "x-1.txt",
            "!!! ??? !!!\n\nBody text that is long enough to count as prose in the article.\n",
        ),
        &ExtractConfig::default(),
    );
    assert_eq!(a.slug, "article-x-1");
}

#[test]
fn a_printed_page_keeps_its_paragraph_across_the_page_break() {
    let text = "THE HARBOUR GAZETTE  Thursday, 7 September 2023  Page 4\n\nNEWS\n\n\
DOCKERS REJECT PAY OFFER\nAS TALKS DRAG ON\n\n\
Union says port operator's offer of a rise\nfalls short as strike ballot looms\n\n\
By Martin Crossley\n\n\
Dock workers at the port have overwhel-\nmingly rejected a pay offer from the port\noperator, raising the prospect of the first\nstrike at the docks in more than a decade.\n\n\
The union will now ballot its members at\nthe port on industrial action. If members\nvote for a strike,\n\n\
Continued on page 6\n\n\
THE HARBOUR GAZETTE  Thursday, 7 September 2023  Page 6\n\n\
DOCKERS from page 4\n\n\
the union must give the company two weeks'\nnotice before any walkout can begin at all.\n";
    let file = source("print.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert_eq!(a.title, "DOCKERS REJECT PAY OFFER AS TALKS DRAG ON");
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09-07"));
    assert_eq!(a.source.as_deref(), Some("The Harbour Gazette"));
    let body: Vec<&str> = a.body.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        body,
        vec![
            "Dock workers at the port have overwhelmingly rejected a pay offer from the port operator, raising the prospect of the first strike at the docks in more than a decade.",
            "The union will now ballot its members at the port on industrial action. If members vote for a strike, the union must give the company two weeks' notice before any walkout can begin at all.",
        ]
    );
    assert_nothing_lost(&a, &file);
}

#[test]
fn a_web_archive_capture_is_read_after_its_toolbar() {
    let text = "The Wayback Machine - https://web.archive.org/web/20220214093011/https://example.org/story\n\
INTERNET ARCHIVE\nWayback Machine\n14 captures\n12 Feb 2022 - 03 Mar 2022\nAbout this capture\nCOLLECTED BY\n\
Organization: Archive Team\n\
Formed in 2009, the Archive Team is a collective dedicated to saving copies of websites that are about to disappear for good.\n\
TIMESTAMPS\nloading\n\n\
Baltic Courier\n\n\
Leaders urge faster reinforcements on the eastern flank\n\n\
Published 12 February 2022\nBy Kristine Balode\n\n\
The presidents of three Baltic states on Saturday called for more troops and air defence units to be moved to the region.\n\n\
They said the build-up of forces near the border posed a direct threat, and asked allies to act before the spring.\n";
    let file = source("capture.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert_eq!(a.title, "Leaders urge faster reinforcements on the eastern flank");
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2022-02-12"));
    assert_eq!(a.source.as_deref(), Some("Baltic Courier"));
    assert_eq!(&*a.removed[0].reason, "web archive toolbar");
    assert_eq!(a.body.len(), 2);
    assert_nothing_lost(&a, &file);
}

#[test]
fn the_page_after_the_story_is_not_body() {
    let text = "Site News\n\nCouncil approves the new bridge after a long debate\n\nBy Jane Roe\n\n\
The council approved the new bridge on Monday after a debate that lasted most of the evening.\n\n\
Work will begin in the spring and is expected to take two years, the council said.\n\n\
Tags: bridges, council\n\nShare: Facebook \u{b7} X \u{b7} WhatsApp \u{b7} E-mail\n\nLike 12 \u{b7} Comment 3\n\n\
More on the topic\n\nRiver crossing plan delayed again\n\nFerry service to end in May\n\n\
Contact: Press Office, press@example.org, 01632 960 000\n";
    let file = source("tail.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert_eq!(a.body.len(), 2, "{:?}", a.body);
    assert_nothing_lost(&a, &file);
}

#[test]
fn a_signup_box_above_the_headline_is_neither_title_nor_story() {
    let text = "The Quiet Ledger\nSubscribe   Sign in\n\nDiscover more from The Quiet Ledger\n\
Notes on towns, trains and the money that moves them. By Ana Ruiz.\nOver 2,000 subscribers\nContinue reading\n\n\
What the night trains tell us\n\nAna Ruiz\nMar 3, 2024\n\n\
Night trains were written off a decade ago, and now they are full again on most routes in the region.\n\n\
The operators say demand is driven by people who will not fly, and by the price of hotels.\n";
    let file = source("box.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert_eq!(a.title, "What the night trains tell us");
    let boxed: Vec<usize> =
        a.removed.iter().filter(|r| &*r.reason == "newsletter sign-up box").map(|r| r.line).collect();
    assert_eq!(boxed, vec![4, 5, 6, 7]);
    assert_eq!(a.body.len(), 2, "{:?}", a.body);
    assert_nothing_lost(&a, &file);
}

#[test]
fn a_signup_box_after_the_story_takes_its_blurb_along() {
    let text = "Fungi trade sugar with the trees that feed them\n\nBy Jo Lind\n\n\
A five-year experiment traced carbon moving from tree to fungus and back again, the team said.\n\n\
The findings could change how foresters think about thinning and replanting.\n\n\
Get Spore Weekly in your inbox\nThe week's best science writing, free every Friday.\nEnter your email   Sign up\n";
    let file = source("box2.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    let body: Vec<&str> = a.body.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(body.len(), 2, "{body:?}");
    assert_nothing_lost(&a, &file);
}

#[test]
fn a_signup_heading_without_its_button_marks_nothing() {
    let text = "Fungi trade sugar with the trees that feed them\n\nBy Jo Lind\n\n\
A five-year experiment traced carbon moving from tree to fungus and back again, the team said.\n\n\
Get Spore Weekly in your inbox\n\n\
The findings could change how foresters think about thinning and replanting, the team said.\n";
    let file = source("box3.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert!(a.removed.iter().all(|r| &*r.reason != "newsletter sign-up box"), "{:?}", a.removed);
    assert_nothing_lost(&a, &file);
}

#[test]
fn a_court_name_between_headline_and_byline_is_not_the_title() {
    let text = "Assize Notes\n\nHome > Criminal > Crown Court\n\n\
Councillor cleared of assault after scuffle outside the library\n\n\
Hexham Magistrates' Court\nBy Ruth Akerman\n22.02.2024\n\n\
A town councillor accused of pushing a protester down the library steps has been found not guilty.\n\n\
The district judge said the video footage of the incident was unclear and could not settle it.\n";
    let a = run("court.txt", text);
    assert_eq!(a.title, "Councillor cleared of assault after scuffle outside the library");
}

#[test]
fn a_marked_top_heading_wins_over_the_first_paragraph() {
    let text = "# Why your rent went up\n\nAna Ruiz \u{b7} Jan 14\n\n142\n\n18\n\nShare\n\n\
I get more email about rent than about anything else I write. So this week, a simple question: why did it go up so much?\n\n\
The short answer is that demand for homes grew much faster than supply in the places people want to live.\n";
    assert_eq!(run("rent.txt", text).title, "Why your rent went up");
}

#[test]
fn a_question_headline_wins_over_a_two_sentence_paragraph() {
    let text = "Weather Desk\n\nWhy was December so wet?\n\nBlog | 4 January 2024 | Dr Callum Baird\n\n\
December was the wettest on record for parts of the west, with some stations recording twice their usual rainfall. So what caused it?\n\n\
The main reason was the position of the jet stream, the band of air high in the atmosphere that steers weather systems.\n";
    assert_eq!(run("wet.txt", text).title, "Why was December so wet?");
}

#[test]
fn a_headline_over_name_and_date_wins_over_a_paragraph_that_splits_in_two() {
    let text = "The Quiet Ledger\nSubscribe   Sign in\n\nThe bus that pays for itself\n\nAna Ruiz\nDecember 12, 2023\n\nShare\n\n\
There is a bus route in my city that makes a profit. It is the only one, and I wanted to know why.\n\n\
The route runs every eight minutes between the railway station, the university and the hospital.\n";
    let a = run("bus.txt", text);
    assert_eq!(a.title, "The bus that pays for itself");
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-12-12"));
}

#[test]
fn a_one_word_logo_named_by_the_copyright_line_is_the_publisher() {
    let page = |logo: &str, holder: &str| {
        format!(
            "LIVE SCORES   Harrow 2-1 Westmere FT\n\n{logo}\nFootball   Cricket   Rugby\n\n\
Rovers come from behind to keep title hopes alive\n\nBy Dean Hall\n\n\
Rovers kept their title challenge alive with a 3-1 win, recovering from a goal down at half-time.\n\n\
The result leaves them two points behind the leaders with four games to play.\n\n\
\u{a9} 2024 {holder}. All rights reserved.\n"
        )
    };
    let source = |logo: &str, holder: &str| run("logo.txt", &page(logo, holder)).source;
    assert_eq!(source("GRANDSTAND", "Grandstand Media Group").as_deref(), Some("Grandstand"));
    assert_eq!(source("Grandstand", "Grandstand Media Group").as_deref(), Some("Grandstand"));
    // A section name that the copyright line does not share is no logo.
    assert_eq!(source("Football", "Harbour Times").as_deref(), Some("Harbour Times"));
}

#[test]
fn a_last_updated_line_alone_gives_no_date() {
    let text =
        "Assembly News\n\nYoung people invited to join the Youth Assembly\n\nLast updated: 05/02/2024\n\n\
Young people aged 11 to 18 are being invited to stand for election to the Youth Assembly this spring.\n\n\
Nominations close at the end of the month, the clerk said in a statement on Monday.\n";
    let a = run("updated.txt", text);
    assert_eq!(a.date, None);
    assert!(a.date_note.unwrap().contains("2024-02-05"));
    // A bare "Updated" stamps the story.
    let a = run("stamped.txt", &text.replace("Last updated: 05/02/2024", "Updated 14 March 2024"));
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2024-03-14"));
}

#[test]
fn a_cookie_banner_over_the_masthead_is_neither_title_nor_a_reason_to_miss_the_publisher() {
    let text = "Skip to main content\n\n\
We use some essential cookies to make this website work. We'd also like to set analytics cookies to understand how you use the site.\n\
Accept analytics cookies | Reject analytics cookies\n\n\
Westmere District Council\nSearch\n\n\
Home > News\n\n\
New library opening hours start next month\n\n\
Published: Tuesday 12 March 2024\n\n\
The central library will open until 8pm on weekdays from April, the council has announced after a consultation.\n\n\
More than 1,200 residents responded, and most asked for later opening on weekday evenings.\n\n\
\u{a9} Westmere District Council 2024\n";
    let file = source("cookies.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert_eq!(a.title, "New library opening hours start next month");
    assert_eq!(a.source.as_deref(), Some("Westmere District Council"));
    assert_nothing_lost(&a, &file);
}

#[test]
fn widgets_between_headline_and_story_do_not_make_the_dek_the_headline() {
    let text = "Valley Radio\n\nNews   Sport   Travel   Weather\n\nLocal News\n\n\
Missing dog found safe on the hills after three long weeks away\n\
Rosie was spotted by walkers near the beacon on Sunday\n\
Posted 2 hours ago\nListen to this article \u{b7} 2 min\nShare: Facebook | X | Email\n\
A spaniel that went missing on the hills three weeks ago has been found safe and well by walkers.\n\
Her owners had put up posters across the hills and set up a page that gained thousands of followers.\n";
    let a = run("dog.txt", text);
    assert_eq!(a.title, "Missing dog found safe on the hills after three long weeks away");
}

#[test]
fn headlines_under_a_read_more_heading_are_promos_but_a_subhead_after_them_is_not() {
    let text = "Pub landlord wins lottery jackpot on a ticket he nearly threw away\n\nBy Sam Hale\n\n\
A pub landlord has won the jackpot with a ticket he almost threw away with the empties, he said.\n\n\
The couple checked the card three times before calling the helpline, and did not sleep that night.\n\n\
READ MORE ON THE BEACON\n\
Lotto Winner Who Blew Millions Now Works In A Chip Shop\n\
Couple Find Gold Coins Under Their Kitchen Floor\n\n\
WHAT NEXT\n\n\
Despite the windfall, he says he has no plans to give up the pub and will pay off the mortgage first.\n\n\
The regulars have already asked if drinks are on him, and he has told them one round, and that is it.\n";
    let file = source("promo.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    let body: Vec<&str> = a.body.iter().map(|b| b.text.as_str()).collect();
    assert!(!body.iter().any(|b| b.contains("Lotto") || b.contains("Gold Coins")), "{body:?}");
    assert!(body.contains(&"WHAT NEXT"), "{body:?}");
    assert_nothing_lost(&a, &file);
}

#[test]
fn an_episode_page_keeps_its_date_and_loses_chapters_repost_note_and_episode_list() {
    let text = "The Supper Club\nA podcast about food\nEpisodes   About   Support the show\n\
Inside the school kitchen cooking everything from scratch\n\
A primary school in the city has ditched ready meals and reheated trays. Its cook says pupils eat better\n\
2024-04-11 \u{b7} 36 min\n\
At eight in the morning the school kitchen is already warm, and the head cook has onions softening in a huge pan.\n\
By lunchtime she and two assistants will have served 340 meals, almost all cooked from raw ingredients that morning.\n\
Three years ago the school ended its contract with a catering firm that delivered pre-cooked food in foil trays.\n\
Chapters\n00:00 Introduction\n04:20 Eight o'clock in the kitchen\n14:35 The bin that changed everything\n\
Read the full transcript\n\
More episodes\n\
Ep 140 \u{b7} 29 Feb 2024 \u{b7} Who really grows the salad we eat all winter?\n\
Ep 139 \u{b7} 22 Feb 2024 \u{b7} Notes from a school dinner revolution\n";
    let file = source("episode.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2024-04-11"));
    let body: Vec<&str> = a.body.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(body.len(), 3, "{body:?}");
    assert_nothing_lost(&a, &file);
    let essay = "Orchards of the south\n\nBy Ada Marsh\n\n\
The orchard has been in the family for four generations, and the trees are older than anyone who picks them.\n\n\
The price of an apple has hardly moved in ten years, while the cost of picking has doubled, the grower said.\n\n\
This essay first appeared in Harvest Quarterly and is republished with permission.\n\n\
Hosted by Ada Marsh and Rob Lyle. Produced by Kit Darrow.\n";
    let file = source("essay.txt", essay);
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert_eq!(a.body.len(), 2, "{:?}", a.body);
    assert_eq!(a.original_source.as_deref(), Some("Harvest Quarterly"));
    assert_nothing_lost(&a, &file);
}

#[test]
fn a_subhead_over_the_first_paragraph_opens_the_story_when_more_like_it_follow() {
    let text = "Relief Today\n\nFloods in the south \u{2013} Situation Report No. 2\n\nPublished: 13 March 2024\n\n\
KEY FIGURES\n38,500 people affected\n14 temporary camps\n\n\
Situation overview\n\n\
Heavy rain across the south since 4 March has caused rivers to burst their banks in two districts, the agency said.\n\n\
Response\n\n\
Teams have distributed hygiene kits, buckets and water purification tablets to 2,100 households in six camps.\n";
    let file = source("sitrep.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    let body: Vec<&str> = a.body.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(body.first(), Some(&"Situation overview"), "{body:?}");
    assert_nothing_lost(&a, &file);
    // With no subhead further down, a short line over the story stays in the header.
    let file = source("sitrep2.txt", &text.replace("Response\n\n", ""));
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert!(!a.body.iter().any(|b| b.text == "Situation overview"), "{:?}", a.body);
}

#[test]
fn a_sentence_standing_alone_beside_the_paragraph_that_holds_it_is_a_pull_quote() {
    let text = "What the ceasefire taught\n\nBy Ana Ruiz\n\n\
The people I interviewed were reluctant to dismiss the process entirely, and several of them said so at length.\n\n\
A text that both sides sign for opposite reasons can freeze a war.\n\n\
The deeper lesson, several argued, is about what a ceasefire can carry. A text that both sides sign for opposite reasons can freeze a war. It cannot settle one.\n\n\
A text that both sides sign can still be a start, one of them said.\n";
    let file = source("pull.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    let body: Vec<&str> = a.body.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(body.len(), 3, "{body:?}");
    assert!(body[1].starts_with("The deeper lesson"), "{body:?}");
    assert_nothing_lost(&a, &file);
}

#[test]
fn a_dek_under_the_date_line_is_not_the_headline() {
    let text = "Ferry to link two islands in under two hours this summer\n\n19.03.2024 | 11:00 EET\n\nThe catamaran will make two return trips a day from late May to the end of September\n\nThe operator will launch a new fast ferry service between the islands this summer, it said on Tuesday.\n";
    assert_eq!(run("a.txt", text).title, "Ferry to link two islands in under two hours this summer");
}

#[test]
fn key_points_and_widget_rows_are_not_headlines() {
    let text = "LIVE   Port A \u{2192} Port B 07:00 CANCELLED   |   Port C \u{2192} Port D 07:25 on time   |   Port E \u{2192} Port F 17:30 on time\n\nNews / Ferries\n\nParents urged to check vaccinations\n\nKey points\n\n\u{2022} The vaccine protects against three diseases\n\nCases are rising in parts of the country, and every parent should check that their children are vaccinated.\n";
    assert_eq!(run("a.txt", text).title, "Parents urged to check vaccinations");
}

#[test]
fn a_headline_listed_again_under_most_read_stays_the_headline() {
    let text = "Cider makers plant first new orchards in a decade\n\nGrowers say demand for old apples has recovered\n\nBy Helen Corbett\n\nCider makers are planting new orchards for the first time in more than a decade, growers said.\n\nMore than 120 hectares of new orchards have been planted across the county this winter.\n\nMost of the new trees give cider its tannin and body, and the larger producers need them.\n\nOne grower said contracts now ran for up to 20 years, which made the investment worth it.\n\nAnother said it was a long game, because trees take years to crop.\n\nMost read\n\nCider makers plant first new orchards in a decade\n";
    assert_eq!(run("a.txt", text).title, "Cider makers plant first new orchards in a decade");
}

#[test]
fn a_byline_row_with_dots_or_pipes_gives_the_date_and_a_next_release_does_not() {
    let story = "\n\nThe company recycles the batteries of e-bikes and e-scooters, and it has raised money to open a second plant in Poland next year.\n\nIts founders said the plant would triple the capacity it has today.\n";
    let dotted = format!("Ringvolt raises funds to recycle batteries\n\nBy Noor Haddad \u{b7} Mar 14, 2024 \u{b7} 09:30 CET \u{b7} 4 min read{story}");
    assert_eq!(run("a.txt", &dotted).date, NaiveDate::from_ymd_opt(2024, 3, 14));
    let piped = format!("Opinion: The bay cannot wait\n\nBy Dr. Alan Whitcomb, Tidewater Alliance board chair  |\nTuesday, January 16, 2024{story}");
    assert_eq!(run("a.txt", &piped).date, NaiveDate::from_ymd_opt(2024, 1, 16));
    let ahead = format!("Bergen grows faster than the county\n\nPreliminary figures   |   Next release: 2024-05-02 (final figures){story}");
    assert_eq!(run("a.txt", &ahead).date, None);
}

#[test]
fn the_name_the_page_repeats_is_the_publisher_not_the_place_of_the_dateline() {
    let text = "Northwind Energy\nPowering the North Sea transition\n\nPRESS RELEASE\n\nNorthwind takes final investment decision on a floating wind farm\n\nStavanger, 12 March 2024, 07:00 CET\n\nNorthwind Energy and its partner have taken the final investment decision on the floating wind farm off the coast, the company said.\n\nThe project will cost around NOK 31 billion and consists of 34 turbines on floating foundations.\n\nAbout Northwind Energy: Northwind Energy is an energy company listed in Oslo.\n\nMedia contact: press@northwind.example\n\n\u{a9} 2024 Northwind Energy ASA\n";
    let file = source("a.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert_eq!(a.source.as_deref(), Some("Northwind Energy"));
    assert_eq!(a.date, NaiveDate::from_ymd_opt(2024, 3, 12));
    // The note about the company is not the story.
    assert!(a.body.iter().all(|b| !b.text.starts_with("About")), "{:?}", a.body);
    assert_nothing_lost(&a, &file);
}

#[test]
fn a_one_word_logo_named_again_in_the_footer_is_the_publisher_spelt_as_elsewhere() {
    let text = "Log in to My Fjordstat\n\nFjordstat\nOfficial statistics for the county since 1998\n\nUnemployment in the county falls to 1.9 per cent\n\nReleased: 2024-03-14 08:00 CET\n\nThe seasonally adjusted unemployment rate was 1.9 per cent in the fourth quarter, down from 2.1 per cent in the third quarter.\n\nThe number of employed persons rose by 4,100 on the quarter, the office said.\n\nContact: post@fjordstat.example\n\nFjordstat is produced by Vestland Statistikk AS\n\n\u{a9} 2024 Vestland Statistikk AS\n";
    assert_eq!(run("a.txt", text).source.as_deref(), Some("Fjordstat"));
    let caps = "LARDER & LANE\nFood, travel and the places in between\n\nLunch at the tascas of Porto, where the menu is on the wall\n\nBy Harriet Combe\n\nPorto's tascas are small, cheap and mostly run by families who have had them for decades, and they open at noon.\n\nTripe is the city's dish, and the people of Porto have been called tripe-eaters for centuries.\n\nMore from Larder & Lane\n";
    assert_eq!(run("a.txt", caps).source.as_deref(), Some("Larder & Lane"));
}

#[test]
fn a_box_of_facts_under_a_heading_in_capitals_is_not_the_story_but_a_subhead_in_capitals_is() {
    let text = "Lunch at the tascas of Porto\n\nBy Harriet Combe\n\nPorto's tascas are small, cheap and mostly run by families who have had them for decades, and they open at noon.\n\nLONG LUNCHES\n\nTripe is the city's dish, and the people of Porto have been called tripe-eaters for centuries.\n\nTHE ESSENTIALS\nGetting there: Direct flights to Porto take around 2 hrs 15 mins.\nWhere to eat: Casa Almeida, Rua do Almada.\nWhen to go: Avoid August, when many family restaurants close.\n";
    let file = source("a.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    let body: Vec<&str> = a.body.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(body.len(), 3, "{body:?}");
    assert_eq!(body[1], "LONG LUNCHES");
    assert!(a
        .removed
        .iter()
        .any(|r| r.text.starts_with("Getting there") && r.reason.contains("THE ESSENTIALS")));
    assert_nothing_lost(&a, &file);
}

#[test]
fn a_title_bar_gives_the_headline_printed_below_it_and_the_site_name() {
    let text = "Statement on the strike on the port of Odesa \u{2014} Ministry of Foreign Affairs of Estrava\n\nHome / Press Centre / Statements\n\nStatement on the strike on the port of Odesa\n\n12.03.2024 | 10:40\n\nThe Ministry strongly condemns the missile attack on the port of Odesa on the night of 11 to 12 March, which killed civilians.\n\nDeliberate strikes on civilian infrastructure are a grave violation of international humanitarian law.\n";
    let file = source("a.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert_eq!(a.title, "Statement on the strike on the port of Odesa");
    assert_eq!(a.source.as_deref(), Some("Ministry of Foreign Affairs of Estrava"));
    assert_eq!(a.date, NaiveDate::from_ymd_opt(2024, 3, 12));
    assert_nothing_lost(&a, &file);
}

#[test]
fn a_live_ticker_over_the_masthead_is_neither_title_nor_story() {
    let text = "Kyiv Bulletin\nLIVE  08:50  Ukrenergo: outage schedules in all regions today from 7 a.m. to 11 p.m.\nLIVE  07:40  Air defense active over Kyiv Oblast\nKyiv residents face up to 12 hours a day without power\nIryna Savchenko\nJune 20, 2024 8:05 PM \u{b7} 3 min read\nResidents of Kyiv will face scheduled power cuts of up to 12 hours a day this week as temperatures rise.\nThe company said the shortfall was caused by the loss of generating capacity at several plants.\n";
    let file = source("a.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert_eq!(a.title, "Kyiv residents face up to 12 hours a day without power");
    assert_eq!(a.date, NaiveDate::from_ymd_opt(2024, 6, 20));
    assert_eq!(a.body.len(), 2, "{:?}", a.body);
    assert_nothing_lost(&a, &file);
}

#[test]
fn a_blog_post_ends_at_its_share_and_like_buttons_and_loses_the_posts_it_quotes() {
    let text = "Where did the Black Sea Fleet go?\n\nPosted on March 14, 2024 by Levan Tsiklauri\n\nFor more than two centuries, Sevastopol has been the home of the fleet, and since the autumn it has looked increasingly empty.\n\nMaritime OSINT Desk @seawatch_desk\nNew pass over Novorossiysk this morning: three frigates and four submarines visible in the harbour.\n10:12 AM \u{b7} Oct 4, 2023\n\nNovorossiysk was already the fleet's second base and has been expanded since 2014, but it is not out of reach.\n\nFigure 1: Ships counted in Sevastopol and Novorossiysk. Data: Euxine Watch\n\nAdditional reporting: Nino Beridze. Editing: Ana Petrescu.\n\nShare this:\n\nTwitter   Facebook   Email\n\nLike this:\n\nLike Loading...\n\nRelated\n\nOchamchire: what is being built in Abkhazia's port?\n\n4 thoughts on \u{201c}Where did the Black Sea Fleet go?\u{201d}\n\nGreat work. Any chance you could do the same for Feodosia?\n";
    let file = source("a.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    let body: Vec<&str> = a.body.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(body.len(), 2, "{body:?}");
    assert!(a.removed.iter().any(|r| r.text.starts_with("New pass") && r.reason.contains("@seawatch_desk")));
    assert_nothing_lost(&a, &file);
}

#[test]
fn a_portal_names_its_partner_as_the_original_source_and_itself_as_the_publisher() {
    let text = "Orbitra\nSearch the web   Search\n\nThe Caspian Courier\nFollow\n\nKazakhstan seeks new oil routes as drone attacks threaten terminal\n\nStory by Aigerim Sadykova \u{2022} 3/19/2024\n\nAn oil tanker at the marine terminal. \u{a9} Provided by The Caspian Courier\n\nKazakhstan is speeding up plans to send more of its oil across the Caspian Sea, officials said on Tuesday.\n\nAbout 80 percent of its oil exports flow through one pipeline that ends on the Black Sea.\n\nSponsored content\n\nThe 10 Best Travel Credit Cards With No Annual Fee in 2024\n\nCardWise \u{b7} Ad\n\nThis Simple Trick Helps Seniors Cut Their Energy Bills\n\nThe alternative routes are far smaller and more expensive, analysts said.\n\n\u{a9} 2024 Orbitra Media Inc.\n";
    let file = source("a.txt", text);
    let (a, _) = extract(&file, &ExtractConfig::default());
    assert_eq!(a.source.as_deref(), Some("Orbitra"));
    assert_eq!(a.original_source.as_deref(), Some("The Caspian Courier"));
    assert_eq!(a.title, "Kazakhstan seeks new oil routes as drone attacks threaten terminal");
    let body: Vec<&str> = a.body.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(body.len(), 3, "{body:?}");
    assert_nothing_lost(&a, &file);
}

#[test]
fn word_hashes_are_the_lower_case_words() {
    let mut out = Vec::new();
    let mut hashes = |text: &str| {
        word_hashes(text, &mut out);
        out.clone()
    };
    // Words split where the reference splits them, and equal where their lower case is.
    for text in [
        "The Kremlin\u{2019}s talks \u{2014} CAF\u{c9} caf\u{e9} 2024, again.",
        "\u{130}stanbul and \u{c9}tat-major: d\u{e9}j\u{e0} vu \u{2026}",
        "Pneumonoultramicroscopicsilicovolcanoconiosis is longer than thirty-two letters",
        "  --  ",
        "",
    ] {
        let originals: Vec<&str> =
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let words: Vec<String> = originals.iter().map(|w| w.to_lowercase()).collect();
        let got = hashes(text);
        assert_eq!(got.len(), words.len(), "{text:?}");
        for (a, wa) in got.iter().zip(&words) {
            for (b, wb) in got.iter().zip(&words) {
                assert_eq!(a == b, wa == wb, "{wa:?} and {wb:?} in {text:?}");
            }
        }
        for (h, w) in got.iter().zip(&originals) {
            assert_eq!(hashes(w), vec![*h], "{w:?} alone");
        }
    }
    assert_eq!(hashes("NATO \u{201c}nato\u{201d} Nato"), hashes("nato nato nato"));
    assert_ne!(hashes("ab ba"), hashes("ab ab"));
}

#[test]
fn lowercase_is_the_standard_lower_case() {
    // General punctuation is copied as it is; the standard mapping agrees for every character.
    for c in '\u{2000}'..='\u{206f}' {
        assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
    }
    for text in [
        "\u{201c}NATO\u{201d} \u{2014} Kyiv\u{2019}s \u{2026}",
        "\u{c9}COLE \u{130}stanbul \u{2018}OK\u{2019}",
        "\u{3a3}\u{39f}\u{3a6}\u{399}\u{391} \u{2013} \u{39f}\u{394}\u{39f}\u{3a3}",
        "",
        "plain ascii",
    ] {
        assert_eq!(super::units::lowercase(text), text.to_lowercase(), "{text:?}");
    }
}
