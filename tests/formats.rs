//! Every format imports to exact articles: titles, authors, dates, sources, addresses and
//! typed blocks, from fixtures written for these tests (five real-world-shaped news pages
//! with their navigation, share buttons, galleries, related links, comments and banners;
//! RSS 2.0, Atom and JSON Feed files; Markdown notes), and duplicates are found across formats.

mod common;

use std::io::Write;

use common::*;
use newsdesk::ListFilter;
use newsdesk::model::{BlockKind, FileStatus, Format, NewArticle};
use newsdesk::parse_bytes;

use BlockKind::{Heading, ListItem, Paragraph, Preformatted, Quote};

/// What an article must be, field by field.
struct Expected<'a> {
    title: &'a str,
    source: &'a str,
    author: Option<&'a str>,
    published: Option<&'a str>,
    url: Option<&'a str>,
    blocks: &'a [(BlockKind, &'a str)],
}

fn assert_article(article: &NewArticle, expected: &Expected) {
    assert_eq!(article.title, expected.title);
    assert_eq!(article.source, expected.source, "{}", expected.title);
    assert_eq!(
        article.author.as_deref(),
        expected.author,
        "{}",
        expected.title
    );
    assert_eq!(
        article.published_at.map(|t| t.to_rfc3339()).as_deref(),
        expected.published,
        "{}",
        expected.title
    );
    assert_eq!(article.url.as_deref(), expected.url, "{}", expected.title);
    let blocks: Vec<(BlockKind, &str)> = article
        .blocks
        .iter()
        .map(|b| (b.kind, b.text.as_str()))
        .collect();
    assert_eq!(blocks, expected.blocks, "{}", expected.title);
}

fn parse_fixture(name: &str) -> (Format, Vec<NewArticle>) {
    let bytes = std::fs::read(fixture(name)).unwrap();
    let file_name = name.rsplit('/').next().unwrap();
    parse_bytes(&bytes, file_name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn only_article(name: &str, format: Format) -> NewArticle {
    let (found, mut articles) = parse_fixture(name);
    assert_eq!(found, format, "{name}");
    assert_eq!(articles.len(), 1, "{name}");
    articles.remove(0)
}

#[test]
fn a_news_page_keeps_its_story_and_drops_cookie_banner_ads_related_links_and_comments() {
    let article = only_article("html/harbour-strike.html", Format::Html);
    assert_article(
        &article,
        &Expected {
            title: "Dock workers strike shuts Rotterdam container terminals",
            source: "Harbour Times",
            author: Some("Marieke de Vries"),
            published: Some("2026-03-02T07:15:00+00:00"),
            url: Some("https://www.harbourtimes.example/business/2026/03/02/dock-strike-rotterdam"),
            blocks: &[
                (
                    Paragraph,
                    "Thousands of dock workers walked out at Rotterdam's largest container terminals on Monday, halting the loading of ships at Europe's busiest port for the first time in more than three decades.",
                ),
                (
                    Paragraph,
                    "The strike, called by the FNV union after talks on automation and early retirement broke down late on Sunday, left at least 40 vessels waiting at anchor in the North Sea by midday, according to the port authority.",
                ),
                (Heading, "Automation at the heart of the dispute"),
                (
                    Paragraph,
                    "The union says plans to automate two more terminals by 2028 would cost up to 800 jobs. Terminal operators argue that without automation the port will lose business to Antwerp and Hamburg.",
                ),
                (
                    Quote,
                    "“We are not against new cranes. We are against being thrown away like old ones,” said Niels Bakker, a crane operator for 22 years.",
                ),
                (Paragraph, "The workers' demands include:"),
                (
                    ListItem,
                    "a guarantee of no forced redundancies until 2030;",
                ),
                (
                    ListItem,
                    "early retirement at 62 for those who worked night shifts;",
                ),
                (ListItem, "retraining paid for by the operators."),
                (
                    Paragraph,
                    "Economists warned that a long stoppage would ripple through supply chains still fragile after last year's disruptions in the Red Sea. \"Every day of delay adds cost for importers across the continent,\" said Els Janssen of the Delft Institute for Logistics.",
                ),
                (
                    Paragraph,
                    "The port authority said it was in contact with both sides and urged them to return to talks. A spokesperson for the terminal operators said they were \"ready to meet at any time, without preconditions\".",
                ),
                (
                    Paragraph,
                    "The union has called a rally outside the city hall on Wednesday. Further strikes at the Amsterdam and Vlissingen ports have not been ruled out.",
                ),
            ],
        },
    );
}

#[test]
fn a_blog_style_page_gives_code_quotes_and_numbered_steps_but_no_newsletter_box() {
    let article = only_article("html/rust-release.html", Format::Html);
    assert_article(
        &article,
        &Expected {
            title: "Compiler team ships faster builds in new release",
            source: "The Byte Ledger",
            author: Some("Priya Raman"),
            published: Some("2026-01-15T14:30:00+00:00"),
            url: Some("https://byteledger.example/2026/01/15/compiler-faster-builds/"),
            blocks: &[
                (
                    Paragraph,
                    "The compiler team has released version 2.4 of its toolchain, promising incremental builds up to 30 percent faster on large projects and a new diagnostic that explains borrow errors in plain language.",
                ),
                (
                    Paragraph,
                    "The biggest change is a rewritten query cache that survives between runs. Developers who rebuild after touching a single file should see the most benefit, the release notes say.",
                ),
                (Heading, "What changed under the hood"),
                (
                    Paragraph,
                    "Instead of hashing every item on each build, the compiler now records which queries depend on which source spans. Only the queries whose spans changed are recomputed.",
                ),
                (
                    Preformatted,
                    "$ cargo build --timings\n   Compiling ledger v0.1.0\n    Finished dev [unoptimized] target(s) in 3.21s",
                ),
                (
                    Paragraph,
                    "In benchmarks published alongside the release, a 400,000-line workspace rebuilt in 3.2 seconds after a one-line change, down from 4.6 seconds.",
                ),
                (
                    Quote,
                    "“Fast feedback is the feature people ask for most, so we spent this cycle on it,” said team lead Tomasz Nowak.",
                ),
                (Heading, "Upgrading"),
                (ListItem, "Update the toolchain with your usual installer."),
                (ListItem, "Delete the old incremental cache once."),
                (ListItem, "Rebuild and compare your timings."),
                (
                    Paragraph,
                    "The release also drops support for two older operating systems, which the team says fewer than 0.1 percent of users still run.",
                ),
            ],
        },
    );
}

#[test]
fn a_saved_windows_1252_page_decodes_and_drops_its_dateline_and_share_tools() {
    let article = only_article("html/council-library.html", Format::Html);
    assert_article(
        &article,
        &Expected {
            title: "Council approves new library for Riverside district",
            source: "The Valley Echo",
            author: Some("Tomás Herrera"),
            published: Some("2026-02-20T23:05:00+00:00"),
            url: Some(
                "https://www.valleyecho.example/local/council-approves-new-library.html?page=2",
            ),
            blocks: &[
                (
                    Paragraph,
                    "The city council voted 7–2 on Thursday night to build a new public library in the Riverside district, ending a debate that has divided residents for almost five years.",
                ),
                (
                    Paragraph,
                    "The ‘Riverside Commons’ project will replace a vacant furniture warehouse on Mill Street with a two-storey building holding 60,000 books, a children’s wing and a café run by a local non-profit.",
                ),
                (
                    Paragraph,
                    "“This is the single best investment we can make in this neighbourhood,” said council member Angela Ruiz, who proposed the plan in 2021. “Kids here have had to take two buses to get to a library.”",
                ),
                (Heading, "Cost and timeline"),
                (
                    Paragraph,
                    "The library will cost $14.2 million, of which $6 million comes from a state grant. The rest will be paid from a bond approved by voters in 2024. Construction is expected to start in the autumn and take 18 months.",
                ),
                (
                    Paragraph,
                    "Opponents on the council argued that the money would be better spent on road repairs. “We have potholes older than some of the people in this room,” said council member Frank Dolan, who voted against.",
                ),
                (
                    Paragraph,
                    "Residents who spoke during the three-hour public comment period were mostly in favour. Several parents brought children holding hand-drawn signs reading “Books not buses”.",
                ),
                (
                    Paragraph,
                    "The library board will hold an open meeting on March 5 to gather ideas for the building’s design.",
                ),
            ],
        },
    );
}

#[test]
fn a_page_saved_from_a_gallery_loses_its_headline_byline_gallery_share_and_related_lines() {
    let article = only_article("html/ridge-fire-gallery.html", Format::Html);
    assert_article(
        &article,
        &Expected {
            title: "Ridge Fire forces evacuation of three foothill towns",
            source: "Sierra Courier",
            author: Some("Dana Whitfield"),
            published: Some("2026-08-15T01:42:00+00:00"),
            url: Some(
                "https://www.sierracourier.example/news/fire/2026/08/14/ridge-fire-evacuations/",
            ),
            blocks: &[
                (
                    Paragraph,
                    "More than 4,000 residents of Pine Hollow, Cedar Flat and Alder Springs were ordered to leave their homes on Thursday as the Ridge Fire jumped Highway 49 and pushed east into the foothills, fire officials said.",
                ),
                (
                    Paragraph,
                    "The fire has burned 11,200 acres since it started on Tuesday afternoon near a campground on the Yuba River. It was 8 percent contained by Thursday evening, according to the state fire agency.",
                ),
                (
                    Paragraph,
                    "“It made a run we did not expect,” said battalion chief Luis Ortega. “Once it crossed the highway, we had to pull crews back and focus on getting people out.”",
                ),
                (
                    Paragraph,
                    "Sheriff's deputies went door to door in Cedar Flat, where many streets have a single way out. Traffic on the only road to the valley was backed up for more than two hours.",
                ),
                (Heading, "Winds expected to ease"),
                (
                    Paragraph,
                    "Forecasters expect the gusty southwest winds that drove the fire to weaken on Friday, which could give the 1,100 firefighters on the line a chance to build containment on its eastern edge.",
                ),
                (Paragraph, "Evacuation orders now cover:"),
                (ListItem, "Pine Hollow, all streets north of Ridge Road;"),
                (ListItem, "Cedar Flat and the Cedar Flat trailer park;"),
                (ListItem, "Alder Springs east of Miller Lane."),
                (
                    Paragraph,
                    "No injuries have been reported. Officials said at least 14 structures had been destroyed, most of them outbuildings, and warned that the count could rise once crews reach the burned area.",
                ),
                (
                    Paragraph,
                    "An evacuation center is open at the Nevada County fairgrounds in Grass Valley. Residents can check the status of their address on the county's emergency map.",
                ),
            ],
        },
    );
}

#[test]
fn a_page_whose_headline_is_a_plain_div_loses_it_and_its_breadcrumb_newsletter_and_tags() {
    let article = only_article("html/tram-line-opens.html", Format::Html);
    assert_article(
        &article,
        &Expected {
            title: "New tram line opens to crowds on its first morning",
            source: "Northgate Evening Post",
            author: Some("Owen Pryce"),
            published: Some("2026-05-18T08:30:00+00:00"),
            url: Some("https://www.northgatepost.example/news/transport/new-tram-line-opens-24815"),
            blocks: &[
                (
                    Paragraph,
                    "Hundreds of passengers queued at Northgate Central before dawn on Monday to ride the first trams on the new Riverside line, the city's first new tram route in more than 20 years.",
                ),
                (
                    Paragraph,
                    "The first tram left at 5.30am, with the mayor, Ruth Okafor, among those on board. By 8am the operator said more than 3,000 journeys had been made on the 7km line, which links the city centre with the Riverside estate and the university hospital.",
                ),
                (
                    Paragraph,
                    "“People have waited a long time for this,” Ms Okafor said. “It puts the hospital twenty minutes from the station, whatever the traffic.”",
                ),
                (Heading, "Delays and a budget overrun"),
                (
                    Paragraph,
                    "The line opens 18 months later than planned and about £40m over its original £210m budget, after problems with utility works under Station Road.",
                ),
                (
                    Paragraph,
                    "Trams will run every six minutes at peak times and every ten minutes in the evening. Stops on the new line are:",
                ),
                (ListItem, "Northgate Central"),
                (ListItem, "Station Road"),
                (ListItem, "Riverside Park"),
                (ListItem, "University Hospital"),
                (
                    Paragraph,
                    "Some residents remain unconvinced. Paul Harding, who runs a shop on Station Road, said two years of roadworks had cost him a third of his trade. “A tram going past the door is nice, but it won't bring those customers back,” he said.",
                ),
                (
                    Paragraph,
                    "The council says it will decide in the autumn whether to extend the line to Eastfield.",
                ),
            ],
        },
    );
}

#[test]
fn an_rss_feed_gives_one_article_per_item_under_the_feed_title() {
    let (format, articles) = parse_fixture("feeds/world-rss2.xml");
    assert_eq!((format, articles.len()), (Format::Feed, 2));
    assert_article(
        &articles[0],
        &Expected {
            title: "Flooding forces evacuations along the Danube",
            source: "Daily World Briefing",
            author: Some("Katalin Szabó"),
            published: Some("2026-04-07T04:30:00+00:00"),
            url: Some("https://briefing.example/2026/04/07/danube-floods"),
            blocks: &[
                (
                    Paragraph,
                    "Thousands of residents were moved to higher ground as the Danube rose to its highest level in a decade.",
                ),
                (Heading, "Budapest on alert"),
                (
                    Paragraph,
                    "Sandbags lined the embankments in the capital overnight.",
                ),
                (
                    Quote,
                    "“We have never seen it rise this fast,” said a river pilot.",
                ),
            ],
        },
    );
    assert_article(
        &articles[1],
        &Expected {
            title: "Central bank holds rates steady",
            source: "Daily World Briefing",
            author: Some("Omar Haddad"),
            published: Some("2026-04-07T09:00:00+00:00"),
            url: Some("https://briefing.example/2026/04/07/rates"),
            blocks: &[
                (
                    Paragraph,
                    "The bank kept its main rate at 3.25%, as expected.",
                ),
                (ListItem, "Inflation: 2.4%"),
                (ListItem, "Growth: 1.1%"),
            ],
        },
    );
}

#[test]
fn an_atom_feed_uses_html_titles_alternate_links_and_the_feed_author() {
    let (format, articles) = parse_fixture("feeds/science-atom.atom");
    assert_eq!((format, articles.len()), (Format::Feed, 2));
    assert_article(
        &articles[0],
        &Expected {
            title: "Comet C/2026 A1 brightens",
            source: "Lab Notes Science Desk",
            author: Some("Dr. Hana Kobayashi"),
            published: Some("2026-05-11T21:15:00+00:00"),
            url: Some("https://labnotes.example/comet-brightens"),
            blocks: &[
                (Paragraph, "The comet is now visible with binoculars."),
                (Preformatted, "RA 03h 12m\nDec +41° 05′"),
            ],
        },
    );
    assert_article(
        &articles[1],
        &Expected {
            title: "Bees learn to count to four",
            source: "Lab Notes Science Desk",
            author: Some("Lab Notes"),
            published: Some("2026-05-10T12:00:00+00:00"),
            url: Some("https://labnotes.example/bees-count"),
            blocks: &[
                (
                    Paragraph,
                    "Researchers trained bumblebees to pick the card with four dots.",
                ),
                (Paragraph, "They got it right eight times out of ten."),
            ],
        },
    );
}

#[test]
fn a_json_feed_reads_html_and_text_items() {
    let (format, articles) = parse_fixture("feeds/tech-feed.json");
    assert_eq!((format, articles.len()), (Format::Feed, 2));
    assert_article(
        &articles[0],
        &Expected {
            title: "Your shell history is a diary",
            source: "Terminal Weekly",
            author: Some("Lin Wei"),
            published: Some("2026-06-01T07:00:00+00:00"),
            url: Some("https://terminal.example/posts/shell-history"),
            blocks: &[
                (Paragraph, "Every command you type tells a story."),
                (ListItem, "Search it."),
                (ListItem, "Prune it."),
            ],
        },
    );
    assert_article(
        &articles[1],
        &Expected {
            title: "A short note without a title.",
            source: "Terminal Weekly",
            author: Some("Terminal Weekly staff"),
            published: Some("2026-06-02T07:00:00+00:00"),
            url: Some("https://terminal.example/posts/plain"),
            blocks: &[(Paragraph, "It has two paragraphs.")],
        },
    );
}

#[test]
fn markdown_notes_take_their_title_from_front_matter_or_their_first_line() {
    assert_article(
        &only_article("markdown/field-notes.md", Format::Markdown),
        &Expected {
            title: "Field notes: the night market",
            source: "field-notes.md",
            author: Some("Ana Lima"),
            published: Some("2026-03-14T00:00:00+00:00"),
            url: Some("https://notes.example/night-market"),
            blocks: &[
                (
                    Paragraph,
                    "The night market opens at nine, when the heat breaks.",
                ),
                (Heading, "What we saw"),
                (
                    Quote,
                    "Every stall has a radio, and every radio plays a different song.",
                ),
                (ListItem, "Grilled corn with lime"),
                (ListItem, "Hand-painted tiles"),
                (ListItem, "A man selling only keys"),
                (Preformatted, "stalls: 212\nvisitors: ~4,000"),
                (Paragraph, "Back next week."),
            ],
        },
    );
    assert_article(
        &only_article("markdown/untitled.md", Format::Markdown),
        &Expected {
            title: "Prices at the fish market rose again this week.",
            source: "untitled.md",
            author: None,
            published: None,
            url: None,
            blocks: &[
                (Heading, "Not the first line"),
                (Paragraph, "Traders blame the storms."),
            ],
        },
    );
}

/// A zip archive of the given (name, bytes) entries, deflated.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap();
    out.into_inner()
}

#[test]
fn a_zip_of_a_saved_page_a_feed_and_notes_imports_every_article_in_one_go() {
    let read = |name: &str| std::fs::read(fixture(name)).unwrap();
    let archive = zip_of(&[
        (
            "saved/harbour-strike.html",
            &read("html/harbour-strike.html"),
        ),
        (
            "saved/harbour-strike_files/site.css",
            b"body { color: red }",
        ),
        ("saved/harbour-strike_files/logo.png", PNG_BYTES),
        ("__MACOSX/saved/._harbour-strike.html", b"\0\x05\x16\x07"),
        ("feeds/world.xml", &read("feeds/world-rss2.xml")),
        ("notes/field-notes.md", &read("markdown/field-notes.md")),
        ("dump.txt", &read(SEED)),
    ]);
    let (dir, library) = new_library();
    let path = write(dir.path(), "news.zip", &archive);
    let report = import(&library, &[path]);
    let file = &report.files[0];
    assert_eq!(
        (file.format, file.status, file.added, file.error.as_deref()),
        (Some(Format::Zip), FileStatus::Imported, 1 + 2 + 1 + 4, None)
    );
    let sources: Vec<(String, u64)> = library
        .sources()
        .unwrap()
        .into_iter()
        .map(|s| (s.source, s.articles))
        .collect();
    assert_eq!(
        sources,
        [
            ("Daily World Briefing".to_string(), 2),
            ("dump.txt".to_string(), 4),
            ("field-notes.md".to_string(), 1),
            ("Harbour Times".to_string(), 1),
        ]
    );
}

#[test]
fn the_same_page_saved_twice_is_one_article_matched_by_its_address() {
    let (dir, library) = new_library();
    let first = import(&library, &[fixture("html/harbour-strike.html")]);
    assert_eq!(first.added, 1);
    let id = library.list(&ListFilter::All, 1, 0).unwrap()[0].id;
    // The same address (other tracking parameters, host in capitals) with an edited text:
    // the content hash differs, the canonical address does not.
    let page = std::fs::read_to_string(fixture("html/harbour-strike.html"))
        .unwrap()
        .replace("Thousands of dock workers", "Several thousand dock workers")
        .replace(
            "?utm_campaign=morning&amp;fbclid=IwAR0abc",
            "?utm_source=twitter",
        )
        .replace("utm_source=facebook&amp;utm_medium=social", "gclid=xyz");
    let again = write(dir.path(), "harbour-strike (1).html", page.as_bytes());
    let report = import(&library, &[again]);
    let file = &report.files[0];
    assert_eq!(
        (file.status, file.added, file.duplicates),
        (FileStatus::Duplicate, 0, 1)
    );
    assert_eq!(file.duplicate_of, [id]);
    assert_eq!(
        library.article(id).unwrap().url.as_deref(),
        Some("https://www.harbourtimes.example/business/2026/03/02/dock-strike-rotterdam")
    );
}

#[test]
fn a_feed_entry_and_its_saved_page_are_one_story() {
    let (dir, library) = new_library();
    import(&library, &[fixture("feeds/world-rss2.xml")]);
    let page = "<!doctype html><html><head><title>Flooding forces evacuations along the Danube</title>\
        <link rel=canonical href='https://BRIEFING.example/2026/04/07/danube-floods?utm_medium=email'>\
        </head><body><article><h1>Flooding forces evacuations along the Danube</h1>\
        <p>A longer version of the story, as the site shows it, with more detail than the feed \
        had: thousands of residents were moved to higher ground overnight as the river rose.</p>\
        <p>Sandbags lined the embankments in the capital, and ferries stopped running.</p>\
        <p>Officials expect the water to peak on Thursday before it slowly recedes.</p>\
        </article></body></html>";
    let saved = write(dir.path(), "danube.html", page.as_bytes());
    let report = import(&library, &[saved]);
    assert_eq!(report.files[0].status, FileStatus::Duplicate, "{report:?}");
    assert_eq!(library.stats().unwrap().articles, 2);
}

#[test]
fn a_binary_file_named_explicitly_fails_and_in_a_folder_is_skipped() {
    let (dir, library) = new_library();
    let photo = write(dir.path(), "photo.png", PNG_BYTES);
    let folder = dir.path().join("folder");
    write(&folder, "photo.png", PNG_BYTES);
    write(&folder, "notes.md", b"# A note\n\nText.");
    let report = import(&library, &[photo, folder]);
    let statuses: Vec<(FileStatus, Option<&str>)> = report
        .files
        .iter()
        .map(|f| (f.status, f.error.as_deref()))
        .collect();
    assert_eq!(
        statuses,
        [
            (
                FileStatus::Failed,
                Some("not a text file: it is a PNG image, which Newsdesk cannot import")
            ),
            (FileStatus::Imported, None),
            (
                FileStatus::Skipped,
                Some("skipped: a PNG image is not a news file")
            ),
        ]
    );
    assert_eq!((report.failed, report.skipped, report.added), (1, 1, 1));
}
