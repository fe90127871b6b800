//! Which Snowball stemmer a text gets: its language, detected offline (`whatlang`) on a bounded
//! start of the text; for a query, every stemmer of the query's script (a word or two is too
//! little to tell languages apart, and the index may have guessed a short title's language).

use std::cell::RefCell;
use std::sync::LazyLock;

use foldhash::HashMap;

use super::{bulgarian, hebrew};

use snowball_stemmers_rs::Algorithm;
use whatlang::{Detector, Lang, Script};

/// How much of a text language detection reads: enough to be sure, little enough to stay fast
/// (detection costs about as much as analysing a whole story; BENCHMARKS.md).
const DETECTION_BYTES: usize = 240;
/// Stems remembered per language and thread: words repeat (Zipf), and a stem is dearer than
/// a look-up. Forgotten all at once when full.
const STEM_CACHE_WORDS: usize = 100_000;

thread_local! {
    static STEMS: RefCell<HashMap<Lang, HashMap<String, String>>> = RefCell::default();
}

/// How a language's words are stemmed.
#[derive(Clone, Copy)]
enum Rules {
    Snowball(Algorithm),
    /// Hebrew, which Snowball does not stem: its prefix letters and endings come off
    /// (`super::hebrew`).
    Hebrew,
    /// Bulgarian, which Snowball does not stem: its articles and plurals come off
    /// (`super::bulgarian`).
    Bulgarian,
}

/// A language Snowball stems: its `STEMMED` entry.
const fn snowball(
    language: Lang,
    algorithm: Algorithm,
    script: Script,
    tag: &'static str,
) -> (Lang, Rules, Script, &'static str) {
    (language, Rules::Snowball(algorithm), script, tag)
}

/// Every language Snowball (`snowball_stemmers_rs`) stems and `whatlang` detects, with its
/// script and its BCP 47 tag; but Esperanto (seldom news, and a short title could pass for it)
/// and Yiddish (it would take Hebrew's stories). And Hebrew and Bulgarian, by light stemmers of
/// our own.
const STEMMED: &[(Lang, Rules, Script, &str)] = &[
    snowball(Lang::Eng, Algorithm::English, Script::Latin, "en"),
    snowball(Lang::Deu, Algorithm::German, Script::Latin, "de"),
    snowball(Lang::Fra, Algorithm::French, Script::Latin, "fr"),
    snowball(Lang::Spa, Algorithm::Spanish, Script::Latin, "es"),
    snowball(Lang::Por, Algorithm::Portuguese, Script::Latin, "pt"),
    snowball(Lang::Ita, Algorithm::Italian, Script::Latin, "it"),
    snowball(Lang::Nld, Algorithm::Dutch, Script::Latin, "nl"),
    snowball(Lang::Swe, Algorithm::Swedish, Script::Latin, "sv"),
    snowball(Lang::Dan, Algorithm::Danish, Script::Latin, "da"),
    snowball(Lang::Nob, Algorithm::Norwegian, Script::Latin, "nb"),
    snowball(Lang::Fin, Algorithm::Finnish, Script::Latin, "fi"),
    snowball(Lang::Hun, Algorithm::Hungarian, Script::Latin, "hu"),
    snowball(Lang::Ron, Algorithm::Romanian, Script::Latin, "ro"),
    snowball(Lang::Tur, Algorithm::Turkish, Script::Latin, "tr"),
    snowball(Lang::Rus, Algorithm::Russian, Script::Cyrillic, "ru"),
    snowball(Lang::Ell, Algorithm::Greek, Script::Greek, "el"),
    snowball(Lang::Ara, Algorithm::Arabic, Script::Arabic, "ar"),
    snowball(Lang::Tam, Algorithm::Tamil, Script::Tamil, "ta"),
    snowball(Lang::Pol, Algorithm::Polish, Script::Latin, "pl"),
    snowball(Lang::Ces, Algorithm::Czech, Script::Latin, "cs"),
    snowball(Lang::Cat, Algorithm::Catalan, Script::Latin, "ca"),
    snowball(Lang::Ind, Algorithm::Indonesian, Script::Latin, "id"),
    snowball(Lang::Lit, Algorithm::Lithuanian, Script::Latin, "lt"),
    snowball(Lang::Est, Algorithm::Estonian, Script::Latin, "et"),
    snowball(Lang::Ukr, Algorithm::Ukrainian, Script::Cyrillic, "uk"),
    snowball(Lang::Hin, Algorithm::Hindi, Script::Devanagari, "hi"),
    snowball(Lang::Nep, Algorithm::Nepali, Script::Devanagari, "ne"),
    snowball(Lang::Pes, Algorithm::Persian, Script::Arabic, "fa"),
    snowball(Lang::Hye, Algorithm::Armenian, Script::Armenian, "hy"),
    (Lang::Heb, Rules::Hebrew, Script::Hebrew, "he"),
    // Told from Russian by its letters (`SERBIAN_LETTERS`), not by `whatlang`. Snowball's Serbian
    // stemmer writes its stems in Latin letters, whichever alphabet the word is in.
    snowball(Lang::Srp, Algorithm::Serbian, Script::Cyrillic, "sr"),
    // Croatian, and Bosnian and Serbian written in Latin letters, which `whatlang` reads as
    // Croatian: Snowball's Serbian stemmer is written for both alphabets.
    snowball(Lang::Hrv, Algorithm::Serbian, Script::Latin, "hr"),
    // Told from Russian by its letters too (`reads_as_bulgarian`).
    (Lang::Bul, Rules::Bulgarian, Script::Cyrillic, "bg"),
];

/// Letters of Serbian's Cyrillic alphabet that Russian, Ukrainian, Belarusian and Bulgarian do
/// not have (Macedonian, which is stemmed as Serbian, has four of them). `whatlang` takes Serbian
/// for Russian, and with Serbian among its candidates it took Russian news for Serbian: a text
/// it reads as Russian or Ukrainian whose start has two of these (one may be a quoted name) is
/// Serbian.
const SERBIAN_LETTERS: &[char] = &['ђ', 'ћ', 'џ', 'љ', 'њ', 'ј', 'Ђ', 'Ћ', 'Џ', 'Љ', 'Њ', 'Ј'];

/// Letters Bulgarian does not write: Russian's ы э ё, Ukrainian's і ї є ґ (and their capitals).
const NOT_BULGARIAN: &[char] = &[
    'ы', 'э', 'ё', 'і', 'ї', 'є', 'ґ', 'Ы', 'Э', 'Ё', 'І', 'Ї', 'Є', 'Ґ',
];

/// Whether the start of a text `whatlang` reads as Russian or Ukrainian is Bulgarian: it has
/// none of the letters Bulgarian does not write, and a ъ as Bulgarian writes it, a vowel before
/// a consonant ("дълги", "събрание"); Russian writes ъ only as a sign before е, ё, ю or я
/// ("съезд", "объявил"), Ukrainian not at all. With Bulgarian among its candidates `whatlang`
/// took a Russian sentence for Bulgarian. (A Bulgarian start without such a ъ stays Russian.)
fn reads_as_bulgarian(start: &str) -> bool {
    let vowel_ъ = |(letter, next): (char, char)| {
        matches!(letter, 'ъ' | 'Ъ')
            && !matches!(next, 'е' | 'ё' | 'ю' | 'я' | 'Е' | 'Ё' | 'Ю' | 'Я')
    };
    !start.contains(NOT_BULGARIAN) && start.chars().zip(start.chars().skip(1)).any(vowel_ъ)
}

/// Languages told apart although they have no stemmer, with their BCP 47 tags: without them
/// their stories would get an unrelated language's stemmer and be marked as in it
/// (Vietnamese took Portuguese's).
const UNSTEMMED: &[(Lang, &str)] = &[(Lang::Vie, "vi")];

/// Detects the languages there is a stemmer for (and `UNSTEMMED`): a text in a related language
/// without one (Slovak, Bulgarian …) gets its closest stemmed neighbour rather than none, and
/// short texts are told apart among fewer candidates.
static DETECTOR: LazyLock<Detector> = LazyLock::new(|| {
    let stemmed = STEMMED.iter().map(|(lang, ..)| *lang);
    let unstemmed = UNSTEMMED.iter().map(|(lang, _)| *lang);
    Detector::with_allowlist(
        stemmed
            .filter(|lang| !matches!(lang, Lang::Srp | Lang::Bul))
            .chain(unstemmed)
            .collect(),
    )
});

/// The language of a text, detected on its start among `DETECTOR`'s candidates, Serbian and
/// Bulgarian told from Russian by their letters.
fn detect(text: &str) -> Option<Lang> {
    let mut end = text.len().min(DETECTION_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let start = &text[..end];
    Some(match DETECTOR.detect(start)?.lang() {
        Lang::Rus | Lang::Ukr if start.matches(SERBIAN_LETTERS).nth(1).is_some() => Lang::Srp,
        Lang::Rus | Lang::Ukr if reads_as_bulgarian(start) => Lang::Bul,
        language => language,
    })
}

/// A stemmer for one language: Snowball's, or a light one of our own (`super::hebrew`,
/// `super::bulgarian`).
pub struct Stemmer {
    language: Lang,
    inner: Inner,
}

enum Inner {
    Snowball(snowball_stemmers_rs::Stemmer),
    Hebrew,
    Bulgarian,
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Stemmer({})", self.language.code())
    }
}

impl Stemmer {
    /// The stemmer of a language, if there is one.
    pub fn for_language(language: Lang) -> Option<Stemmer> {
        STEMMED
            .iter()
            .find(|(lang, ..)| *lang == language)
            .map(|&(language, rules, ..)| Stemmer {
                language,
                inner: match rules {
                    Rules::Snowball(algorithm) => {
                        Inner::Snowball(snowball_stemmers_rs::Stemmer::create(algorithm))
                    }
                    Rules::Hebrew => Inner::Hebrew,
                    Rules::Bulgarian => Inner::Bulgarian,
                },
            })
    }

    /// The stemmer of a text's language, detected on its start; none when the language has no
    /// stemmer or cannot be told. Deterministic: the same text always gets the same stemmer
    /// (the index removes an article by analysing it again).
    pub fn for_text(text: &str) -> Option<Stemmer> {
        Stemmer::for_language(detect(text)?)
    }

    /// Every stemmer of the script a query word is written in (Latin: twenty-one languages).
    pub fn for_query_word(word: &str) -> Vec<Stemmer> {
        let Some(script) = whatlang::detect_script(word) else {
            return Vec::new();
        };
        STEMMED
            .iter()
            .filter(|(_, _, s, _)| *s == script)
            .filter_map(|&(language, ..)| Stemmer::for_language(language))
            .collect()
    }

    /// The language stemmed.
    pub fn language(&self) -> Lang {
        self.language
    }

    /// How a text's stemmer is recorded with an article: its language's code, "" for none.
    pub fn recorded(stemmer: Option<&Stemmer>) -> &'static str {
        stemmer.map_or("", |stemmer| stemmer.language.code())
    }

    /// The stemmer `recorded` wrote down: `Some(None)` for a text without one, `None` for a
    /// code this build does not stem (detect the language instead).
    pub fn from_recorded(code: &str) -> Option<Option<Stemmer>> {
        if code.is_empty() {
            return Some(None);
        }
        let language = Lang::from_code(code)?;
        Stemmer::for_language(language).map(Some)
    }

    /// Appends the folded stem of `word` to `out`. Snowball reads the word in lower case with
    /// its diacritics (Turkish and German need them), in its compatibility form (full-width
    /// letters as letters), and a Greek word's final sigma as such; the stem is folded like
    /// every token. `lower` is a buffer for the lower-cased word.
    pub fn stem_into(&self, word: &str, lower: &mut String, out: &mut String) {
        use unicode_normalization::UnicodeNormalization;
        lower.clear();
        if word.is_ascii() {
            lower.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            lower.extend(word.nfkc().flat_map(char::to_lowercase));
            if lower.ends_with('σ') {
                lower.pop();
                lower.push('ς');
            }
        }
        STEMS.with_borrow_mut(|cache| {
            let stems = cache.entry(self.language).or_default();
            if let Some(stem) = stems.get(lower.as_str()) {
                out.push_str(stem);
                return;
            }
            let start = out.len();
            match &self.inner {
                Inner::Snowball(snowball) => super::fold_into(&snowball.stem(lower), out),
                Inner::Hebrew => hebrew::stem_into(&super::fold(lower), out),
                Inner::Bulgarian => {
                    let mut stem = String::with_capacity(lower.len());
                    bulgarian::stem_into(lower, &mut stem);
                    super::fold_into(&stem, out);
                }
            }
            if stems.len() >= STEM_CACHE_WORDS {
                stems.clear();
            }
            stems.insert(lower.clone(), out[start..].to_string());
        });
    }

    /// The language stemmed, as a BCP 47 tag ("en", "ar").
    pub fn tag(&self) -> &'static str {
        STEMMED
            .iter()
            .find(|(lang, ..)| *lang == self.language)
            .map_or("", |(.., tag)| tag)
    }

    /// Whether a stem always starts with its word's first letter (folded): true of the
    /// stemmers that only change a word's end. Arabic's takes prefixes off ("والكتاب" →
    /// "كتاب"), so do Tamil's, Persian's, Indonesian's ("membaca" → "baca"), Dutch's ("ge-")
    /// and Ukrainian's ("най-"), and Hebrew's; Greek's rules look at a word's start; Serbian's
    /// stem is in Latin letters ("Београд" → "beograd"), and Croatian's is Serbian's, which writes
    /// "dj" as "đ": not those.
    pub fn keeps_first_letter(&self) -> bool {
        !matches!(
            self.language,
            Lang::Ara
                | Lang::Tam
                | Lang::Ell
                | Lang::Pes
                | Lang::Ind
                | Lang::Nld
                | Lang::Ukr
                | Lang::Heb
                | Lang::Srp
                | Lang::Hrv
        )
    }

    /// Adds to `stems` (once each) the stems the index may hold for a typed word (the stem of
    /// each word it may stand for): its stem, for a word long enough to have one
    /// (`super::is_stemmed`); for Hebrew, the word itself too and without each chain of prefix
    /// letters it starts with, since the word's first letters may be its own; for Bulgarian,
    /// the stems of its forms too, which its light rules do not always bring back to it
    /// (`bulgarian::forms`).
    pub fn query_stems_into(&self, word: &str, stems: &mut Vec<String>) {
        let mut add = |stem: &str| {
            if !stem.is_empty() && !stems.iter().any(|known| known == stem) {
                stems.push(stem.to_string());
            }
        };
        match &self.inner {
            Inner::Hebrew => {
                hebrew::query_stems(&super::fold(word)).for_each(|stem| add(&stem));
            }
            _ if !super::is_stemmed(word) => {}
            Inner::Snowball(_) => add(&self.stem(word)),
            Inner::Bulgarian => {
                add(&self.stem(word));
                for form in bulgarian::forms(&word.to_lowercase()) {
                    add(&self.stem(&form));
                }
            }
        }
    }

    /// The folded stem of a word.
    pub fn stem(&self, word: &str) -> String {
        let mut out = String::new();
        self.stem_into(word, &mut String::new(), &mut out);
        out
    }
}

/// Encloses the language written before a field's text (`in_language`). A control
/// character: no stored text has one (the importer takes them out).
const LANGUAGE_MARK: char = '\u{2}';

/// A title or caption as the index reads it: in its article's language (the body's,
/// `recorded` as `Stemmer::recorded` wrote it), written before the text between two
/// `LANGUAGE_MARK`s. A headline is too short to tell its language: `whatlang` took 10 of 15
/// English ones for other languages, whose stemmers missed their words ("teams", "tariffs").
pub fn in_language(recorded: &str, text: &str) -> String {
    let mut indexed = String::with_capacity(text.len() + recorded.len() + 2);
    indexed.push(LANGUAGE_MARK);
    indexed.push_str(recorded);
    indexed.push(LANGUAGE_MARK);
    indexed.push_str(text);
    indexed
}

/// How a field is indexed: its stemmer, and where its text starts. A field written
/// `in_language` has its article's stemmer; when the article's language has none (a Japanese
/// story with an English headline) or this build does not know it, and for any other field,
/// the one detected on the text (`Stemmer::for_text`).
pub fn field_stemmer(field: &str) -> (Option<Stemmer>, usize) {
    let given = field.strip_prefix(LANGUAGE_MARK).and_then(|rest| {
        let (recorded, _) = rest.split_once(LANGUAGE_MARK)?;
        let start = 2 * LANGUAGE_MARK.len_utf8() + recorded.len();
        Some((Stemmer::from_recorded(recorded).flatten(), start))
    });
    match given {
        Some((Some(stemmer), start)) => (Some(stemmer), start),
        Some((None, start)) => (Stemmer::for_text(&field[start..]), start),
        None => (Stemmer::for_text(field), 0),
    }
}

/// How far into a text `article_language` looks for a script that names its language.
const SCRIPT_CHARS: usize = 1000;

/// The language of an article's text for the window (its `lang`: the voice a screen reader
/// reads it in, Japanese or Chinese forms of the same characters), as a BCP 47 tag: the language
/// its body was stemmed in (`recorded`, as `Stemmer::recorded` wrote it; detected again on
/// `body` when the article predates the record, as the index would); for a body without a
/// stemmer, the language its script names: kana Japanese, Hangul Korean, Han alone Chinese,
/// Thai, Lao, Khmer and Burmese by their own scripts, and Bengali, Georgian and the others of a
/// script written in one language (`script_language`); else a language detected without a
/// stemmer (`UNSTEMMED`: Vietnamese).
pub fn article_language(recorded: Option<&str>, body: &str) -> Option<&'static str> {
    let stemmer = match recorded.and_then(Stemmer::from_recorded) {
        Some(recorded) => recorded,
        None => Stemmer::for_text(body),
    };
    if let Some(stemmer) = stemmer {
        return Some(stemmer.tag());
    }
    let mut han = false;
    for c in body.chars().take(SCRIPT_CHARS) {
        match c {
            '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}' => {
                return Some("ja");
            }
            c if super::is_hangul(c) => return Some("ko"),
            c if super::is_cjk(c) => han = true,
            c => {
                if let Some(language) = super::unspaced_script_language(c) {
                    return Some(language);
                }
            }
        }
    }
    if han {
        return Some("zh");
    }
    let end = body
        .char_indices()
        .nth(SCRIPT_CHARS)
        .map_or(body.len(), |(at, _)| at);
    whatlang::detect_script(&body[..end])
        .and_then(script_language)
        .or_else(|| {
            let language = detect(body)?;
            UNSTEMMED
                .iter()
                .find(|(lang, _)| *lang == language)
                .map(|(_, tag)| *tag)
        })
}

/// The language of a script that is written in one (as `whatlang` sees it), among those
/// without a stemmer here: Bengali, Georgian, the scripts of India's other languages, Sinhala
/// and Ethiopic (Amharic).
fn script_language(script: Script) -> Option<&'static str> {
    Some(match script {
        Script::Bengali => "bn",
        Script::Georgian => "ka",
        Script::Gujarati => "gu",
        Script::Gurmukhi => "pa",
        Script::Kannada => "kn",
        Script::Malayalam => "ml",
        Script::Oriya => "or",
        Script::Sinhala => "si",
        Script::Telugu => "te",
        Script::Ethiopic => "am",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_get_their_language_s_stemmer() {
        let language = |text: &str| Stemmer::for_text(text).map(|s| s.language());
        assert_eq!(
            language("Troops were deployed to the border on Tuesday after the talks failed."),
            Some(Lang::Eng)
        );
        assert_eq!(
            language(
                "Die Regierung legte am Mittwoch die Haushaltspläne für das kommende Jahr vor."
            ),
            Some(Lang::Deu)
        );
        assert_eq!(
            language("Пограничники усилили охрану границы после переговоров в Москве."),
            Some(Lang::Rus)
        );
        assert_eq!(language("高市首相は自民党の総裁に選ばれた。"), None);
        assert_eq!(
            language("توجه الناخبون صباح الأحد إلى مراكز الاقتراع للمشاركة في الانتخابات البرلمانية"),
            Some(Lang::Ara)
        );
        assert_eq!(
            language("הממשלה אישרה הלילה את תקציב המדינה לשנה הבאה."),
            Some(Lang::Heb)
        );
    }

    #[test]
    fn serbian_is_told_from_russian_by_its_letters() {
        let language = |text: &str| Stemmer::for_text(text).map(|s| s.language());
        assert_eq!(
            language("Хиљаде грађана протестовало је синоћ у центру Београда."),
            Some(Lang::Srp)
        );
        // Macedonian has four of those letters: its closest stemmer.
        assert_eq!(
            language("Владата денеска ја усвои новата стратегија за развој на земјата."),
            Some(Lang::Srp)
        );
        // One such letter in Russian or Bulgarian news is a quoted name.
        assert_eq!(
            language(
                "Президент Сербии Александр Вучић заявил журналистам в Москве, что переговоры продолжатся."
            ),
            Some(Lang::Rus)
        );
        assert_ne!(
            language("Народното събрание одобри бюджета след дълги дебати в парламента."),
            Some(Lang::Srp)
        );
    }

    #[test]
    fn bulgarian_and_croatian_get_their_own_stemmers() {
        let language = |text: &str| Stemmer::for_text(text).map(|s| s.language());
        let bulgarian = "Народното събрание одобри бюджета след дълги дебати в парламента.";
        assert_eq!(language(bulgarian), Some(Lang::Bul));
        // Russian writes ъ as a sign before е, ё, ю, я; this start has no ы, э or ё.
        let russian = "Председатель объявил, что съезд партии пройдет в Москве в апреле.";
        assert_eq!(language(russian), Some(Lang::Rus));
        let croatian =
            "Nakon obilnih kiša rijeke su se izlile u desetak sela u istočnoj Hrvatskoj.";
        assert_eq!(language(croatian), Some(Lang::Hrv));
        // Serbian in Latin letters reads as Croatian, and gets the same (Serbian) stems.
        let serbian =
            "Hiljade građana protestovalo je sinoć u centru Beograda zbog rezultata izbora.";
        assert_eq!(language(serbian), Some(Lang::Hrv));
        let stem = |language: Lang, word: &str| Stemmer::for_language(language).unwrap().stem(word);
        assert_eq!(stem(Lang::Hrv, "Beograda"), stem(Lang::Srp, "Београду"));
        assert_eq!(stem(Lang::Bul, "Парламентът"), stem(Lang::Bul, "парламент"));
        // Neighbours keep theirs.
        let czech = "Vláda schválila nový volební zákon, poslanci o něm jednali celý týden.";
        assert_eq!(language(czech), Some(Lang::Ces));
        let polish = "Rolnicy z południowej Polski liczą straty po powodzi, która zalała pola.";
        assert_eq!(language(polish), Some(Lang::Pol));
    }

    #[test]
    fn a_recorded_stemmer_is_the_one_detected() {
        let recorded = |text: &str| Stemmer::recorded(Stemmer::for_text(text).as_ref());
        let language = |code: &str| Stemmer::from_recorded(code).map(|s| s.map(|s| s.language()));
        let english = recorded("Troops were deployed to the border on Tuesday after the talks.");
        assert_eq!(english, "eng");
        assert_eq!(language(english), Some(Some(Lang::Eng)));
        let russian = recorded("Пограничники усилили охрану границы после переговоров в Москве.");
        assert_eq!(language(russian), Some(Some(Lang::Rus)));
        let japanese = recorded("高市首相は自民党の総裁に選ばれた。");
        assert_eq!((japanese, language(japanese)), ("", Some(None)));
        // A language this build has no stemmer for, or no language at all: detect instead.
        assert_eq!(language("jpn"), None);
        assert_eq!(language("not a code"), None);
    }

    #[test]
    fn a_query_word_gets_every_stemmer_of_its_script() {
        let languages = |word: &str| -> Vec<Lang> {
            Stemmer::for_query_word(word)
                .iter()
                .map(Stemmer::language)
                .collect()
        };
        assert_eq!(languages("troop").len(), 21);
        assert_eq!(
            languages("граница"),
            [Lang::Rus, Lang::Ukr, Lang::Srp, Lang::Bul]
        );
        assert_eq!(languages("ירושלים"), [Lang::Heb]);
        assert_eq!(languages("首相"), Vec::<Lang>::new());
    }

    #[test]
    fn an_article_s_language_is_its_stemmer_s_or_its_script_s() {
        let english = "Troops were deployed to the border on Tuesday after the talks failed.";
        assert_eq!(article_language(Some("eng"), english), Some("en"));
        // The record decides, as it did for the index; without one the body is detected.
        assert_eq!(article_language(Some("rus"), english), Some("ru"));
        assert_eq!(article_language(None, english), Some("en"));
        assert_eq!(article_language(Some("not a code"), english), Some("en"));
        let arabic = "توجه الناخبون صباح الأحد إلى مراكز الاقتراع للمشاركة في الانتخابات البرلمانية";
        assert_eq!(article_language(None, arabic), Some("ar"));
        assert_eq!(
            article_language(Some(""), "高市首相は自民党の総裁に選ばれた。"),
            Some("ja")
        );
        assert_eq!(
            article_language(Some(""), "北京市政府宣布对进口商品加征关税。"),
            Some("zh")
        );
        assert_eq!(
            article_language(Some(""), "평택에 미군 기지가 있다."),
            Some("ko")
        );
        assert_eq!(
            article_language(None, "นายกรัฐมนตรีเดินทางไปเชียงใหม่"),
            Some("th")
        );
        assert_eq!(article_language(None, "ລັດຖະບານລາວ"), Some("lo"));
        assert_eq!(article_language(None, "រដ្ឋាភិបាលកម្ពុជា"), Some("km"));
        assert_eq!(article_language(None, "မြန်မာနိုင်ငံ"), Some("my"));
        assert_eq!(article_language(Some(""), "1234 5678"), None);
        // A script written in one language names it.
        let bengali = "প্রধানমন্ত্রী আজ ঢাকায় নতুন সেতুর উদ্বোধন করেছেন।";
        assert_eq!(article_language(Some(""), bengali), Some("bn"));
        assert_eq!(article_language(None, "საქართველოს მთავრობამ"), Some("ka"));
        assert_eq!(article_language(Some(""), "ప్రభుత్వం కొత్త పథకం"), Some("te"));
        assert_eq!(article_language(Some(""), "የኢትዮጵያ መንግሥት"), Some("am"));
        // Latin letters alone name no language; Vietnamese is told, and has no stemmer.
        assert_eq!(article_language(Some(""), "xq zv kkr"), None);
        let vietnamese = "Cơn bão mạnh đã đổ bộ vào các tỉnh ven biển miền Bắc sáng nay.";
        assert!(Stemmer::for_text(vietnamese).is_none());
        assert_eq!(article_language(None, vietnamese), Some("vi"));
        assert_eq!(article_language(Some(""), vietnamese), Some("vi"));
        // Every stemmed language has its own tag.
        let tags: Vec<&str> = STEMMED.iter().map(|(.., tag)| *tag).collect();
        assert!(tags.iter().all(|tag| tag.len() == 2), "{tags:?}");
        assert_eq!(
            tags.len(),
            tags.iter().collect::<std::collections::HashSet<_>>().len()
        );
    }

    #[test]
    fn stems_are_folded_and_read_diacritics_first() {
        let turkish = Stemmer::for_language(Lang::Tur).unwrap();
        assert_eq!(turkish.stem("mitingde"), turkish.stem("miting"));
        let russian = Stemmer::for_language(Lang::Rus).unwrap();
        assert_eq!(russian.stem("границы"), russian.stem("граница"));
        let arabic = Stemmer::for_language(Lang::Ara).unwrap();
        assert_eq!(arabic.stem("الانتخابات"), arabic.stem("انتخاب"));
        let spanish = Stemmer::for_language(Lang::Spa).unwrap();
        assert_eq!(spanish.stem("incendios"), spanish.stem("incendio"));
    }
}
