//! What a sentence of a news article is: page furniture (boilerplate) that no key point should
//! repeat, or a sentence that carries the news (numbers, named actors, decisions).
//!
//! Both are decided on the Bengali source (Latin forms too, for mixed pages) from the word lists
//! below, which come from the page furniture and reporting style of Bangladeshi news sites
//! (Prothom Alo, RisingBD, bdnews24, BSS). They are cues, not a parser: a miss leaves a sentence
//! to the ranker as before.

mod words;

use serde::{Deserialize, Serialize};

use crate::text::normalize::ascii_digit;
use words::*;

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
    ascii_digit(c).is_some()
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
