//! Search quality across languages: a small library of stories in twenty-seven languages
//! (tests/fixtures/languages/) and, for each query, the story that must come first. Inflected
//! forms (stems), CJK words inside sentences, Korean words with particles, diacritics, phrases
//! and the word being typed.

mod common;

use common::*;
use newsdesk::model::SearchResults;
use newsdesk::{Library, ListFilter, SearchRequest};
use tempfile::TempDir;

/// The library of every language story, plus the seed's four English stories.
fn library() -> (TempDir, Library) {
    let (dir, library) = new_library();
    let report = import(&library, &[fixture("languages"), fixture(SEED)]);
    assert_eq!(report.added, 43, "{report:?}");
    (dir, library)
}

fn search(library: &Library, request: SearchRequest) -> SearchResults {
    library.search(&request).expect("search runs")
}

fn first_title(library: &Library, text: &str) -> String {
    search(library, SearchRequest::new(text))
        .hits
        .first()
        .map(|hit| hit.article.title.clone())
        .unwrap_or_else(|| format!("nothing found for {text:?}"))
}

const TROOPS: &str = "Troops deployed to northern border as ceasefire talks stall";
const FLOODS: &str = "Rivers burst their banks across the delta";
const RUNOFF: &str = "Long queues at polling stations in the runoff";
const MAYOR: &str = "City council approves new budget for schools";
const POLISH: &str = "Powódź w południowej Polsce: rolnicy liczą straty";
const CZECH: &str = "Vláda schválila nový volební zákon";
const CATALAN: &str = "Els sindicats convoquen una vaga general";
const INDONESIAN: &str = "Banjir rendam ribuan rumah di Jakarta";
const UKRAINIAN: &str = "Громади готуються до зими після обстрілів";
const HINDI: &str = "चुनाव आयोग ने मतदाताओं से अपील की";
const PERSIAN: &str = "دانشجویان به نمایشگاه کتاب تهران رفتند";
const HEBREW: &str = "אלפים הפגינו בירושלים נגד תקציב הממשלה";
const SERBIAN: &str = "Хиљаде грађана протестовало у Београду";
const VIETNAMESE: &str = "Bão số 3 đổ bộ vào miền Bắc";
const BULGARIAN: &str = "Парламентът прие бюджета след дълги дебати";
const CROATIAN: &str = "Poplave u Slavoniji: stotine stanovnika napustile domove";

/// (language, query, the title that must come first).
const EXPECTED: &[(&str, &str, &str)] = &[
    ("English", "troop", TROOPS),
    ("English", "armour", TROOPS),
    ("English", "deploy", TROOPS),
    ("English", "negotiation", TROOPS),
    ("English", "flood", FLOODS),
    ("English", "investor", FLOODS),
    ("English", "voter", RUNOFF),
    // The exact form first: "Observers" in one story, "observer" in the other.
    ("English", "observers", RUNOFF),
    ("English", "observer", MAYOR),
    ("English", "\"polling stations\"", RUNOFF),
    (
        "German",
        "Haushaltsplan",
        "Regierung legt neue Haushaltspläne vor",
    ),
    (
        "German",
        "krankenhaus",
        "Regierung legt neue Haushaltspläne vor",
    ),
    (
        "French",
        "syndicat",
        "Les syndicats appellent à une nouvelle grève nationale",
    ),
    (
        "French",
        "greve",
        "Les syndicats appellent à une nouvelle grève nationale",
    ),
    (
        "French",
        "temperature",
        "Un printemps exceptionnellement chaud dans le sud",
    ),
    (
        "Spanish",
        "incendio",
        "Los incendios forestales obligan a evacuar varios pueblos",
    ),
    (
        "Spanish",
        "inflacion",
        "La inflación baja por tercer mes consecutivo",
    ),
    (
        "Portuguese",
        "agricultor",
        "Agricultores protestam contra a seca no Nordeste",
    ),
    (
        "Italian",
        "elezione",
        "Affluenza record alle elezioni regionali",
    ),
    ("Russian", "граница", "Пограничники усилили охрану"),
    ("Russian", "дождь", "В Москве ожидаются сильные дожди"),
    (
        "Turkish",
        "miting",
        "Muhalefet İstanbul'da büyük bir miting düzenledi",
    ),
    (
        "Turkish",
        "istanbul",
        "Muhalefet İstanbul'da büyük bir miting düzenledi",
    ),
    ("Arabic", "انتخاب", "الناخبون يتوجهون إلى صناديق الاقتراع"),
    ("Arabic", "البنك", "البنك المركزي يرفع أسعار الفائدة"),
    ("Japanese", "首相", "内閣改造へ調整"),
    ("Japanese", "自民党", "内閣改造へ調整"),
    ("Japanese", "地震", "東北で強い揺れ"),
    ("Japanese", "\"自民党の役員\"", "内閣改造へ調整"),
    ("Chinese", "北京", "中美贸易谈判重启"),
    ("Chinese", "关税", "中美贸易谈判重启"),
    ("Chinese", "暴雨", "南方多地迎来强降雨"),
    ("Korean", "평택", "미군 기지 이전 마무리"),
    ("Korean", "서울", "서울 집값 다시 올라"),
    (
        "Dutch",
        "verkiezing",
        "Kabinet valt, nieuwe verkiezingen in het najaar",
    ),
    ("Swedish", "regering", "Regeringen presenterar vårbudgeten"),
    ("Greek", "εκλογη", "Πρόωρες εκλογές τον Ιούνιο"),
    ("Polish", "rolnik", POLISH),
    ("Polish", "województwo", POLISH),
    ("Czech", "volby", CZECH),
    ("Czech", "poslanec", CZECH),
    ("Catalan", "sindicat", CATALAN),
    ("Catalan", "millora", CATALAN),
    ("Indonesian", "mengungsi", INDONESIAN),
    ("Indonesian", "bantu", INDONESIAN),
    ("Ukrainian", "обстріл", UKRAINIAN),
    ("Ukrainian", "громада", UKRAINIAN),
    ("Hindi", "किसान", HINDI),
    ("Hindi", "चुनावों", HINDI),
    ("Persian", "دانشجو", PERSIAN),
    // Written only behind prefix letters: בירושלים, הממשלה, הכנסת, והאופוזיציה, בשבוע.
    ("Hebrew", "ירושלים", HEBREW),
    ("Hebrew", "ממשלה", HEBREW),
    ("Hebrew", "כנסת", HEBREW),
    ("Hebrew", "אופוזיציה", HEBREW),
    ("Hebrew", "שבוע", HEBREW),
    // Typed with one: the word without it.
    ("Hebrew", "בכנסת", HEBREW),
    // Plurals: מפגינים, הבחירות.
    ("Hebrew", "מפגין", HEBREW),
    ("Hebrew", "בחירה", HEBREW),
    // Stemmed as Serbian, in Latin letters: typed in either alphabet.
    ("Serbian", "демонстрант", SERBIAN),
    ("Serbian", "изборима", SERBIAN),
    ("Serbian", "центар", SERBIAN),
    ("Serbian", "beograd", SERBIAN),
    // Written only with an article or in the plural: Парламентът, министърът, Депутатите,
    // синдикатите, правителството, дебати.
    ("Bulgarian", "парламент", BULGARIAN),
    ("Bulgarian", "министър", BULGARIAN),
    ("Bulgarian", "депутат", BULGARIAN),
    ("Bulgarian", "синдикат", BULGARIAN),
    ("Bulgarian", "правителство", BULGARIAN),
    ("Bulgarian", "дебат", BULGARIAN),
    // A query asks for its forms' stems too: "учителите" is read as an adjective's plural.
    ("Bulgarian", "учител", BULGARIAN),
    // Stemmed as Serbian: Poplave, rijeke, stanovnika, poljoprivrednicima, kuća.
    ("Croatian", "poplava", CROATIAN),
    ("Croatian", "rijeka", CROATIAN),
    ("Croatian", "stanovnik", CROATIAN),
    ("Croatian", "poljoprivrednik", CROATIAN),
    ("Croatian", "kuca", CROATIAN),
    // Words of one syllable each, typed without their tone marks.
    ("Vietnamese", "\"ha noi\"", VIETNAMESE),
    ("Vietnamese", "ngap lut", VIETNAMESE),
    ("Diacritics", "erdogan", "Erdoğan meets Lula in São Paulo"),
    (
        "Diacritics",
        "\"sao paulo\"",
        "Erdoğan meets Lula in São Paulo",
    ),
];

#[test]
fn every_query_ranks_its_story_first() {
    let (_dir, library) = library();
    let wrong: Vec<String> = EXPECTED
        .iter()
        .filter_map(|(language, query, expected)| {
            let found = first_title(&library, query);
            (found != *expected).then(|| format!("{language} {query:?}: {found:?}"))
        })
        .collect();
    assert_eq!(wrong, Vec::<String>::new());
    let languages: std::collections::BTreeSet<&str> =
        EXPECTED.iter().map(|(language, _, _)| *language).collect();
    // Twenty-seven languages, and diacritics.
    assert_eq!(languages.len(), 28);
}

#[test]
fn inflected_and_cjk_words_find_only_their_stories() {
    let (_dir, library) = library();
    for (query, total) in [
        ("troop", 2),
        ("граница", 1),
        ("首相", 1),
        ("平택", 0),
        ("택에", 1),
        ("ירושלים", 1),
        ("ממשלה", 1),
        ("beograd", 1),
        ("парламент", 1),
        ("poplava", 1),
    ] {
        assert_eq!(
            search(&library, SearchRequest::new(query)).total,
            total,
            "{query}"
        );
    }
    // The pairs of a CJK word must be adjacent and in order.
    assert_eq!(search(&library, SearchRequest::new("党自民")).total, 0);
}

#[test]
fn the_word_being_typed_matches_as_a_prefix() {
    let (_dir, library) = library();
    let typing = |text: &str| {
        search(
            &library,
            SearchRequest {
                as_you_type: true,
                ..SearchRequest::new(text)
            },
        )
    };
    let takaichi = typing("tak");
    assert_eq!(
        takaichi.hits[0].article.title,
        "Japan PM Takaichi Reappointed Following Election"
    );
    assert_eq!(marked(&takaichi.hits[0].snippet)[0], "Takaichi");
    let opened = library
        .reading(takaichi.hits[0].article.id, Some("tak"))
        .expect("open");
    assert_eq!(
        marked(&opened.highlights.expect("marks").title),
        ["Takaichi"]
    );
    assert_eq!(search(&library, SearchRequest::new("tak")).total, 0);
    assert_eq!(
        typing("syn").hits[0].article.title,
        "Les syndicats appellent à une nouvelle grève nationale"
    );
    assert_eq!(typing("troops dep").hits[0].article.title, TROOPS);
    // A Hebrew word being typed is also the start of the stem the index holds for it behind
    // prefix letters: "בירושלים" is indexed with `ירושלים` beside it.
    assert_eq!(typing("ירוש").hits[0].article.title, HEBREW);
}

#[test]
fn stemmed_and_cjk_matches_are_marked() {
    let (_dir, library) = library();
    let hit = &search(&library, SearchRequest::new("troop")).hits[0];
    assert_eq!(marked(&hit.snippet), ["troops"]);
    let hit = &search(&library, SearchRequest::new("首相")).hits[0];
    assert_eq!(marked(&hit.snippet), ["首相"]);
    let hit = &search(&library, SearchRequest::new("평택")).hits[0];
    assert_eq!(marked(&hit.snippet), ["평택"]);
    let hit = &search(&library, SearchRequest::new("ממשלה")).hits[0];
    assert_eq!(marked(&hit.snippet), ["מהממשלה"]);
    let hit = &search(&library, SearchRequest::new("beograd")).hits[0];
    assert_eq!(marked(&hit.snippet), ["Београда"]);
    // Bulgarian: a form's stem ("учителите"), and the stem with the article off.
    let hit = &search(&library, SearchRequest::new("учител министър")).hits[0];
    assert_eq!(marked(&hit.snippet), ["министърът"]);
    let opened = library.reading(hit.article.id, Some("учител министър"));
    let blocks = opened.expect("open").highlights.expect("highlights").blocks;
    let marks: Vec<&str> = blocks.iter().flat_map(|b| marked(b)).collect();
    assert_eq!(marks, ["министърът", "учителите"]);
    let hit = &search(&library, SearchRequest::new("poljoprivrednik")).hits[0];
    assert_eq!(marked(&hit.snippet), ["poljoprivrednicima"]);
    let hit = &search(&library, SearchRequest::new("граница")).hits[0];
    assert_eq!(marked(&hit.snippet), ["границы", "границы"]);
    let id = hit.article.id;
    let opened = library.reading(id, Some("граница")).expect("open");
    let highlights = opened.highlights.expect("highlights");
    assert_eq!(
        highlights
            .blocks
            .iter()
            .flat_map(|b| marked(b))
            .collect::<Vec<_>>(),
        ["границы", "границы"]
    );
}

/// Each article records the language its body was stemmed in as it is stored (so snippets need
/// not detect it again), and it is the one detection gives.
#[test]
fn every_article_records_how_its_body_was_stemmed() {
    use newsdesk::analysis::Stemmer;
    let (_dir, library) = library();
    let conn = rusqlite::Connection::open(library.path()).unwrap();
    let mut stmt = conn
        .prepare("SELECT body, stem_language FROM articles")
        .unwrap();
    let recorded: Vec<(String, Option<String>)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(recorded.len(), 43);
    for (body, stemmed_as) in &recorded {
        let detected = Stemmer::recorded(Stemmer::for_text(body).as_ref());
        assert_eq!(stemmed_as.as_deref(), Some(detected), "{body}");
    }
    let codes: std::collections::BTreeSet<_> = recorded
        .iter()
        .filter_map(|(_, code)| code.as_deref())
        .collect();
    for code in [
        "eng", "rus", "ara", "deu", "", "pol", "ces", "cat", "ind", "ukr", "hin", "pes", "heb",
        "srp", "bul", "hrv",
    ] {
        assert!(codes.contains(code), "{code:?} in {codes:?}");
    }
}

/// Every story knows its language (the window's `lang` for it): the one its body was stemmed in,
/// or the one its script names (Japanese, Chinese, Korean). The fixtures are named after it.
#[test]
fn every_story_knows_its_language() {
    let (_dir, library) = library();
    let mut seen = 0;
    for summary in library.list(&ListFilter::All, 100, 0).unwrap() {
        let article = library.article(summary.id).unwrap();
        let expected = match summary.source.split_once('-') {
            Some((code, _)) if summary.source.ends_with(".md") => code.to_string(),
            _ => "en".to_string(), // the seed's English stories
        };
        assert_eq!(article.language, Some(expected), "{}", summary.source);
        // The list's row says so too (its title and excerpt get the same `lang`).
        assert_eq!(summary.language, article.language, "{}", summary.source);
        seen += 1;
    }
    assert_eq!(seen, 43);
}

/// Words are counted as they are read: a Japanese or Chinese story has a word for every two
/// characters (not one for each run between punctuation marks), a Korean one a word for each
/// spaced word, and a Hindi vowel sign does not split a word.
#[test]
fn words_are_counted_in_every_script() {
    let (_dir, library) = library();
    let words = |source: &str| {
        let summary = library
            .list(&ListFilter::Source(source.into()), 1, 0)
            .unwrap()
            .remove(0);
        library.article(summary.id).unwrap().word_count
    };
    assert_eq!(words("ja-shusho.md"), 32);
    assert_eq!(words("zh-tianqi.md"), 20);
    assert_eq!(words("ko-seoul.md"), 13);
    assert_eq!(words("hi-chunav.md"), 29);
}

/// A story's row knows its language wherever it is listed: search results, History, Bookmarks.
#[test]
fn every_list_s_rows_know_their_story_s_language() {
    let (_dir, library) = library();
    let cases = [
        ("граница", "ru"),
        ("首相", "ja"),
        ("北京", "zh"),
        ("평택", "ko"),
        ("troop", "en"),
    ];
    for (query, language) in cases {
        let found = library.search(&SearchRequest::new(query)).unwrap();
        let first = &found.hits[0].article;
        assert_eq!(
            first.language.as_deref(),
            Some(language),
            "{query}: {}",
            first.title
        );
        library.record_visit(first.id).unwrap();
        library.add_bookmark(first.id, None).unwrap();
    }
    let history: Vec<_> = library
        .history(50, 0)
        .unwrap()
        .into_iter()
        .map(|e| e.article)
        .collect();
    let bookmarks: Vec<_> = library
        .bookmarks()
        .unwrap()
        .into_iter()
        .map(|e| e.article)
        .collect();
    for rows in [history, bookmarks] {
        let mut languages: Vec<_> = rows.iter().filter_map(|row| row.language.clone()).collect();
        languages.sort();
        assert_eq!(languages, ["en", "ja", "ko", "ru", "zh"]);
    }
}
