//! The segmenter's two data files, parsed once: the abbreviation lexicon and the speech verbs,
//! and the form ([`key`]) words are compared in.

use std::collections::HashSet;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// The abbreviation lexicon, `src/text/abbreviations.tsv`: one `FORM<TAB>KIND<TAB>MEANING` a
/// line, `#` comments. Its header states the sources.
pub const ABBREVIATIONS_TSV: &str = include_str!("../abbreviations.tsv");

/// The speech-verb list, `src/text/speech_verbs.tsv`: one phrase a line, `#` comments.
pub const SPEECH_VERBS_TSV: &str = include_str!("../speech_verbs.tsv");
/// One entry of the abbreviation lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Abbreviation {
    /// The form as written in text, with its final `.` (`অ্যাড.`, `কি.মি.`).
    pub form: &'static str,
    /// What it abbreviates: `title`, `rank`, `unit`, … (see the file's header).
    pub kind: &'static str,
    /// The full word(s) and an English gloss.
    pub meaning: &'static str,
}

/// Non-empty, non-comment lines of a data file.
fn data_lines(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// Every entry of [`ABBREVIATIONS_TSV`], in file order.
pub fn abbreviations() -> &'static [Abbreviation] {
    static CELL: OnceLock<Vec<Abbreviation>> = OnceLock::new();
    CELL.get_or_init(|| {
        data_lines(ABBREVIATIONS_TSV)
            .map(|l| {
                let mut f = l.split('\t');
                Abbreviation {
                    form: f.next().unwrap_or("").trim(),
                    kind: f.next().unwrap_or("").trim(),
                    meaning: f.next().unwrap_or("").trim(),
                }
            })
            .collect()
    })
}

/// Every phrase of [`SPEECH_VERBS_TSV`], in file order.
pub fn speech_verbs() -> &'static [&'static str] {
    static CELL: OnceLock<Vec<&'static str>> = OnceLock::new();
    CELL.get_or_init(|| data_lines(SPEECH_VERBS_TSV).map(str::trim).collect())
}

/// The form a word is compared in: NFC, without ZWJ/ZWNJ.
pub(super) fn key(word: &str) -> String {
    word.chars()
        .filter(|&c| c != '\u{200C}' && c != '\u{200D}')
        .nfc()
        .collect()
}

/// One-word lexicon forms without their final `.`, as [`key`]s.
pub(super) fn abbreviation_keys() -> &'static HashSet<String> {
    static CELL: OnceLock<HashSet<String>> = OnceLock::new();
    CELL.get_or_init(|| {
        abbreviations()
            .iter()
            .filter(|a| !a.form.contains(' '))
            .map(|a| key(a.form.strip_suffix('.').unwrap_or(a.form)))
            .collect()
    })
}

/// Two-word lexicon forms (`মে. জে.`): the first word's [`key`] without its `.`, and the
/// second word as written.
pub(super) fn abbreviation_pairs() -> &'static [(String, &'static str)] {
    static CELL: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    CELL.get_or_init(|| {
        abbreviations()
            .iter()
            .filter_map(|a| a.form.split_once(' '))
            .map(|(first, second)| (key(first.strip_suffix('.').unwrap_or(first)), second))
            .collect()
    })
}

/// Speech-verb phrases as word sequences of [`key`]s.
pub(super) fn speech_verb_words() -> &'static [Vec<String>] {
    static CELL: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    CELL.get_or_init(|| {
        speech_verbs()
            .iter()
            .map(|p| p.split_whitespace().map(key).collect())
            .collect()
    })
}
