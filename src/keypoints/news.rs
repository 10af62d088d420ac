//! What a sentence of a news article is: page furniture (boilerplate) that no key point should
//! repeat, or a sentence that carries the news (numbers, named actors, decisions).
//!
//! Both are decided on the Bengali source (Latin forms too, for mixed pages) from the word lists
//! below, which come from the page furniture and reporting style of Bangladeshi news sites
//! (Prothom Alo, RisingBD, bdnews24, BSS). They are cues, not a parser: a miss leaves a sentence
//! to the ranker as before.

use serde::{Deserialize, Serialize};

/// A kind of page furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Boilerplate {
    /// A web address (`www.…`, `http…`, `example.com`, `… ডটকম`).
    Url,
    /// An e-mail address.
    Email,
    /// A phone number: nine or more digits in at most four groups, starting with `0` or `+`.
    Phone,
    /// A contact line (`যোগাযোগ:`, `ফোন:`, `Contact:` …).
    Contact,
    /// A reporter's line (`নিজস্ব প্রতিবেদক`, `অনলাইন ডেস্ক`, a short unterminated `By …`).
    Byline,
    /// A place-and-date or publication-time line (`ঢাকা, ১২ মার্চ ২০২৫`, `প্রকাশিত: …`): a
    /// month, and besides dates, weekdays and times at most two words, no final terminator.
    Dateline,
    /// A pointer elsewhere (`আরও পড়ুন`, `বিস্তারিত জানতে …`, `Read more`).
    ReadMore,
    /// A photo caption or credit (`ছবি: …`, `ফাইল ছবি`).
    Caption,
}

/// Lines that point elsewhere.
const READ_MORE: &[&str] = &[
    "আরও পড়ুন",
    "আরো পড়ুন",
    "আরও পড়ুনঃ",
    "বিস্তারিত জানতে",
    "বিস্তারিত দেখুন",
    "বিস্তারিত পাওয়া যাবে",
    "বিস্তারিত পড়ুন",
    "বিস্তারিত তথ্য",
    "ভিজিট করুন",
    "লিংকে ক্লিক",
    "লিঙ্কে ক্লিক",
    "সম্পর্কিত খবর",
    "আরও খবর",
    "read more",
    "details at",
    "for details",
    "click here",
];

/// Caption and photo-credit cues.
const CAPTION: &[&str] = &[
    "ছবি:",
    "ছবি :",
    "ছবিঃ",
    "ছবি-",
    "ছবি –",
    "ফাইল ছবি",
    "সংগৃহীত ছবি",
    "ছবি: সংগৃহীত",
    "photo:",
    "file photo",
    "photo credit",
];

/// Contact cues (with their colon: `যোগাযোগ` alone is an ordinary word, "communication").
const CONTACT: &[&str] = &[
    "যোগাযোগ:",
    "যোগাযোগ :",
    "যোগাযোগঃ",
    "ফোন:",
    "ফোন :",
    "মোবাইল:",
    "মোবাইল :",
    "ইমেইল:",
    "ই-মেইল:",
    "ইমেল:",
    "হটলাইন:",
    "contact:",
    "phone:",
    "tel:",
    "email:",
    "e-mail:",
];

/// Reporter-line openings.
const BYLINE_START: &[&str] = &[
    "নিজস্ব প্রতিবেদক",
    "নিজস্ব সংবাদদাতা",
    "স্টাফ রিপোর্টার",
    "স্টাফ করেসপন্ডেন্ট",
    "বিশেষ প্রতিনিধি",
    "বিশেষ প্রতিবেদক",
    "জেলা প্রতিনিধি",
    "উপজেলা প্রতিনিধি",
    "অনলাইন ডেস্ক",
    "ডেস্ক রিপোর্ট",
    "আন্তর্জাতিক ডেস্ক",
    "বিনোদন ডেস্ক",
    "ক্রীড়া ডেস্ক",
    "খেলা ডেস্ক",
    "লিখেছেন",
    "staff reporter",
    "staff correspondent",
];

/// Words that make a short line a reporter's line.
const BYLINE_WORDS: &[&str] = &["প্রতিবেদক", "সংবাদদাতা", "প্রতিনিধি", "ডেস্ক", "রিপোর্টার"];

/// Publication-time cues.
const DATELINE_START: &[&str] = &[
    "প্রকাশিত:",
    "প্রকাশিত :",
    "প্রকাশ:",
    "প্রকাশ :",
    "আপডেট:",
    "আপডেট :",
    "সর্বশেষ আপডেট",
    "published:",
    "updated:",
];

/// Month names (Bengali spellings of the Gregorian months, the Bengali calendar, English).
const MONTHS: &[&str] = &[
    "জানুয়ারি",
    "জানুয়ারী",
    "ফেব্রুয়ারি",
    "ফেব্রুয়ারী",
    "মার্চ",
    "এপ্রিল",
    "মে",
    "জুন",
    "জুলাই",
    "আগস্ট",
    "সেপ্টেম্বর",
    "অক্টোবর",
    "নভেম্বর",
    "ডিসেম্বর",
    "বৈশাখ",
    "জ্যৈষ্ঠ",
    "আষাঢ়",
    "শ্রাবণ",
    "ভাদ্র",
    "আশ্বিন",
    "কার্তিক",
    "অগ্রহায়ণ",
    "পৌষ",
    "মাঘ",
    "ফাল্গুন",
    "চৈত্র",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Weekdays and times of day, which with months and numbers make up a dateline.
const DATE_WORDS: &[&str] = &[
    "শনিবার",
    "রবিবার",
    "রোববার",
    "সোমবার",
    "মঙ্গলবার",
    "বুধবার",
    "বৃহস্পতিবার",
    "শুক্রবার",
    "পূর্বাহ্ন",
    "অপরাহ্ন",
    "সকাল",
    "দুপুর",
    "বিকেল",
    "সন্ধ্যা",
    "রাত",
    "saturday",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "am",
    "pm",
];

/// Most words of a dateline that are not dates (the place: `ঢাকা`, `কক্সবাজার সদর`).
const DATELINE_OTHER_WORDS: usize = 2;

/// Top-level domains a bare address ends with.
const TLDS: &[&str] = &[
    "com", "net", "org", "gov", "edu", "info", "bd", "in", "uk", "us", "io", "co", "news", "tv",
];

/// Most words a byline or dateline has.
const SHORT_LINE_WORDS: usize = 8;

/// Actors: roles and institutions that make a sentence about someone acting (matched as word
/// prefixes, so inflected forms count: প্রধানমন্ত্রীর, আদালতের).
const ACTORS: &[&str] = &[
    "প্রধানমন্ত্রী",
    "রাষ্ট্রপতি",
    "প্রেসিডেন্ট",
    "মন্ত্রী",
    "প্রতিমন্ত্রী",
    "মন্ত্রণালয়",
    "সরকার",
    "সংসদ",
    "আদালত",
    "হাইকোর্ট",
    "ট্রাইব্যুনাল",
    "বিচারক",
    "পুলিশ",
    "র‍্যাব",
    "সেনাবাহিনী",
    "কমিশন",
    "মেয়র",
    "চেয়ারম্যান",
    "সচিব",
    "উপাচার্য",
    "জাতিসংঘ",
    "ব্যাংক",
    "কর্তৃপক্ষ",
    "অধিদপ্তর",
    "নেতা",
    "দল",
];

/// Decisions and reported acts (word prefixes).
const DECISIONS: &[&str] = &[
    "সিদ্ধান্ত",
    "ঘোষণা",
    "অনুমোদন",
    "নির্দেশ",
    "আদেশ",
    "রায়",
    "গ্রেপ্তার",
    "গ্রেফতার",
    "নিষেধাজ্ঞা",
    "চুক্তি",
    "পাস",
    "বরাদ্দ",
    "নিয়োগ",
    "স্থগিত",
    "বাতিল",
    "জারি",
    "দণ্ড",
    "কারাদণ্ড",
    "জরিমানা",
    "বাজেট",
    "নির্বাচিত",
    "স্বাক্ষর",
    "উদ্বোধন",
    "নিহত",
    "আহত",
];

/// Lower-cased words of `s`, split at whitespace, with surrounding punctuation trimmed.
fn words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| {
                c.is_ascii_punctuation() || matches!(c, '।' | '॥' | '“' | '”' | '‘' | '’')
            })
            .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('০'..='৯').contains(&c)
}

/// True when `token` is a web address.
fn is_url(token: &str) -> bool {
    let t = token
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if t.starts_with("http") && t.contains("://") || t.starts_with("www.") {
        return true;
    }
    if t.contains("ডটকম") || t.contains(".কম") {
        return true;
    }
    let parts: Vec<&str> = t.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
        })
        && parts
            .last()
            .is_some_and(|tld| TLDS.contains(&tld.split('/').next().unwrap_or("")))
        && parts
            .first()
            .is_some_and(|p| p.chars().any(|c| c.is_ascii_alphabetic()))
}

/// True when `token` is an e-mail address.
fn is_email(token: &str) -> bool {
    token.split_once('@').is_some_and(|(user, host)| {
        user.chars().any(|c| c.is_ascii_alphanumeric())
            && host
                .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
                .contains('.')
    })
}

/// True when `s` holds a phone number (see [`Boilerplate::Phone`]).
fn has_phone(s: &str) -> bool {
    let (mut digits, mut groups, mut plausible, mut in_group) = (0usize, 0usize, false, false);
    let mut prev = ' ';
    for c in s.chars() {
        if is_digit(c) {
            if !in_group {
                groups += 1;
                if groups == 1 {
                    plausible = matches!(c, '0' | '০') || prev == '+';
                }
                in_group = true;
            }
            digits += 1;
            if digits >= 9 && groups <= 4 && plausible {
                return true;
            }
        } else if matches!(c, '-' | ' ' | '+' | '(' | ')' | '–') {
            in_group = false;
        } else {
            (digits, groups, plausible, in_group) = (0, 0, false, false);
        }
        prev = c;
    }
    false
}

/// The kind of page furniture `sentence` is, if it is one.
pub fn boilerplate(sentence: &str) -> Option<Boilerplate> {
    let s = sentence.trim();
    let lower = s.to_lowercase();
    let tokens: Vec<&str> = s.split_whitespace().collect();
    let starts = |list: &[&str]| {
        let l = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
        list.iter().any(|p| l.starts_with(p))
    };
    if CAPTION.iter().any(|p| lower.contains(p)) {
        return Some(Boilerplate::Caption);
    }
    if READ_MORE.iter().any(|p| lower.contains(p)) {
        return Some(Boilerplate::ReadMore);
    }
    if tokens.iter().any(|t| is_email(t)) {
        return Some(Boilerplate::Email);
    }
    if tokens.iter().any(|t| is_url(t)) {
        return Some(Boilerplate::Url);
    }
    if has_phone(s) {
        return Some(Boilerplate::Phone);
    }
    if CONTACT.iter().any(|p| lower.contains(p)) {
        return Some(Boilerplate::Contact);
    }
    let ws = words(s);
    let short = ws.len() <= SHORT_LINE_WORDS;
    let unterminated = !s.ends_with(['।', '.', '!', '?']);
    if starts(BYLINE_START)
        || (short
            && ws
                .iter()
                .any(|w| BYLINE_WORDS.iter().any(|b| w.starts_with(b))))
        || (short && unterminated && lower.starts_with("by "))
    {
        return Some(Boilerplate::Byline);
    }
    let date_word = |w: &String| {
        MONTHS.contains(&w.as_str()) || DATE_WORDS.contains(&w.as_str()) || w.chars().any(is_digit)
    };
    let dated = ws.iter().any(|w| MONTHS.contains(&w.as_str()))
        && ws.iter().filter(|w| !date_word(w)).count() <= DATELINE_OTHER_WORDS;
    if starts(DATELINE_START) || (short && dated && unterminated) {
        return Some(Boilerplate::Dateline);
    }
    None
}

/// What makes a sentence carry news.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsSignals {
    /// It holds a number (ASCII or Bengali digits).
    pub number: bool,
    /// It names an actor: a role or institution (`ACTORS` in this module), a title abbreviation of the
    /// segmenter's lexicon (`ডা.`, `মো.`), or a capitalized Latin name.
    pub actor: bool,
    /// It reports a decision or act (`DECISIONS` in this module).
    pub decision: bool,
}

impl NewsSignals {
    /// How many of the three signals are present (0–3).
    pub fn count(self) -> u8 {
        u8::from(self.number) + u8::from(self.actor) + u8::from(self.decision)
    }
}

/// The news signals of `sentence`.
pub fn news_signals(sentence: &str) -> NewsSignals {
    let ws = words(sentence);
    let prefixed = |list: &[&str]| ws.iter().any(|w| list.iter().any(|p| w.starts_with(p)));
    let titled = sentence.split_whitespace().any(|t| {
        t.strip_suffix('.').is_some_and(|w| {
            w.chars().any(crate::text::normalize::is_bengali)
                && crate::text::segment::is_abbreviation(w)
        })
    });
    let latin_name = sentence
        .split_whitespace()
        .skip(1)
        .any(|t| t.chars().next().is_some_and(char::is_uppercase));
    NewsSignals {
        number: sentence.chars().any(is_digit),
        actor: prefixed(ACTORS) || titled || latin_name,
        decision: prefixed(DECISIONS),
    }
}
