//! Sentence segmentation of normalized Bengali text.
//!
//! Rules (each is decided on whole characters and grapheme clusters, and on the two data files
//! next to this module, never on how many code points a word has):
//! * A sentence ends at `।`, `॥`, `?`, `!`, or a `.` that ends a sentence ([`is_terminator`]).
//!   Runs of terminators (`?!`, `।।`) and closing quotes/brackets ([`is_closing`]) stay with
//!   the sentence they close.
//! * `।` and `॥` end a sentence even without a following space; `?` and `!` need a following
//!   space, newline, end of text, or Bengali letter.
//! * `.` ends a sentence when it is followed by whitespace or the end of the line, the word before
//!   it is not an abbreviation ([`is_abbreviation`]: an entry of the lexicon
//!   `src/text/abbreviations.tsv` — titles, ranks, professions, degrees, months, units — a single
//!   Latin letter, or a dotted form whose every part is one of those), and a new sentence
//!   plausibly starts after it: the next character is the end of the line, a Bengali letter, a
//!   digit, an opening quote or bracket, or an uppercase letter — not a lowercase Latin letter.
//!   Numbers like `10.5` never split (no space follows the `.`); `...` never ends a sentence.
//! * A quotation that opens a sentence and closes with its terminator (`“আমরা জিতবই!”`) stays
//!   with a following attribution clause (`বললেন অধিনায়ক।`): a clause of at most
//!   [`MAX_ATTRIBUTION_WORDS`] words, with no quotation of its own, that contains a speech verb
//!   of `src/text/speech_verbs.tsv` ([`speech_verbs`]).
//! * Every newline is a paragraph break: a sentence never spans a newline, and each non-empty
//!   line gets the next paragraph index.
//!
//! Invariant: the [`Sentence::full`] spans tile the input — concatenating them reproduces the
//! text exactly — whenever the text contains a non-whitespace character (an empty or
//! all-whitespace text yields no sentences).

mod lexicon;

use std::ops::Range;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::normalize::is_bengali;
use lexicon::{abbreviation_keys, abbreviation_pairs, key, speech_verb_words};
pub use lexicon::{abbreviations, speech_verbs, Abbreviation, ABBREVIATIONS_TSV, SPEECH_VERBS_TSV};

/// One sentence of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Byte span of the sentence itself, without surrounding whitespace.
    pub span: Range<usize>,
    /// Byte span including the whitespace/newlines that follow the sentence
    /// (and, for the first sentence, any leading whitespace). These spans tile
    /// the input.
    pub full: Range<usize>,
    /// Paragraph index (0-based): the index of the non-empty line the sentence is on.
    pub paragraph: usize,
}

impl Sentence {
    /// The sentence text (without surrounding whitespace) from `text`, the
    /// string that was segmented. Returns `""` if the span does not fit `text`.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.span.clone()).unwrap_or("")
    }

    /// The full piece (sentence plus trailing whitespace) from `text`.
    pub fn full_text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.full.clone()).unwrap_or("")
    }
}

/// Most words an attribution clause after a closed quotation may have (`বললেন অধিনায়ক` has 2;
/// `বলে সাংবাদিকদের জানান দলের প্রধান কোচ` has 6). Chosen, not measured: news attributions are a
/// speech verb and a name or title; a longer clause is a sentence of its own.
pub const MAX_ATTRIBUTION_WORDS: usize = 8;

/// True for the characters that end a sentence: `।` `॥` `?` `!` `.` (a `.` only when the rules
/// above say so). The one list of terminators in the crate.
pub fn is_terminator(c: char) -> bool {
    matches!(c, '\u{0964}' | '\u{0965}' | '?' | '!' | '.')
}

/// True for closing quotes and brackets, which stay with the sentence they close.
pub fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | '»' | '›' | ')' | ']' | '}')
}

/// True for opening quotes and brackets.
fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '«' | '‹')
}

/// True for quotation marks that can close a quotation.
fn is_closing_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | '»' | '›')
}

/// True for quotation marks that can open a quotation.
fn is_opening_quote(c: char) -> bool {
    matches!(c, '“' | '‘' | '"' | '\'' | '«' | '‹')
}

/// True for a Bengali letter that can begin a word: a vowel or consonant, not a sign.
fn is_bengali_letter(c: char) -> bool {
    matches!(c, '\u{0985}'..='\u{09B9}' | '\u{09CE}' | '\u{09DC}'..='\u{09E1}' | '\u{09F0}' | '\u{09F1}')
}

/// True when a sentence plausibly starts with the grapheme cluster `g`.
fn starts_sentence(g: &str) -> bool {
    let Some(c) = g.chars().next() else {
        return true;
    };
    is_bengali_letter(c)
        || c.is_numeric()
        || is_opening(c)
        || c.is_uppercase()
        || (c.is_alphabetic() && !c.is_lowercase() && !is_bengali(c))
}

/// True for a single grapheme cluster that is a letter (`F`, `É`, `কে`).
fn is_single_letter(w: &str) -> bool {
    let mut g = w.graphemes(true);
    matches!((g.next(), g.next()), (Some(one), None) if one.chars().next().is_some_and(char::is_alphabetic))
}

/// True if `word` (the text before a `.`, without the `.`) is an abbreviation: a lexicon entry
/// ([`abbreviations`]), a single Latin letter (an initial), or a dotted form (`এ.কে.এম`, `U.S`,
/// `e.g`) whose every part is an entry or a single letter. Leading opening brackets and quotes
/// are ignored (`(অব` is `অব`).
pub fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_start_matches(is_opening);
    if w.is_empty() {
        return false;
    }
    let keys = abbreviation_keys();
    if keys.contains(&key(w)) {
        return true;
    }
    if is_single_letter(w) && !w.chars().any(is_bengali) {
        return true;
    }
    w.contains('.')
        && w.split('.')
            .all(|p| !p.is_empty() && (keys.contains(&key(p)) || is_single_letter(p)))
}

/// Split normalized text into sentences. Never panics.
pub fn segment(text: &str) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::new();
    let mut paragraph = 0usize;
    let mut line_start = 0usize;
    let mut seen_content = false;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        let before = out.len();
        segment_line(text, line_start, line_end, paragraph, &mut out);
        if out.len() > before {
            paragraph += 1;
        }
        if !seen_content {
            // Leading whitespace-only lines join the first sentence.
            if let Some(first) = out.first_mut() {
                first.full.start = 0;
                seen_content = true;
            }
        } else if out.len() == before {
            // Whitespace-only line: attach to the previous sentence.
            if let Some(last) = out.last_mut() {
                last.full.end = line_end;
            }
        }
        line_start = line_end;
    }
    out
}

/// The characters of one line with their byte offsets in the whole text.
struct Line<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    end: usize,
}

impl Line<'_> {
    fn char_at(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    /// Byte offset of char `i` (the line end past the last char).
    fn off_at(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.end, |&(o, _)| o)
    }

    fn slice(&self, from: usize, to: usize) -> &str {
        self.text
            .get(self.off_at(from)..self.off_at(to))
            .unwrap_or("")
    }

    /// First char index at or after `k` that is not a space or tab.
    fn skip_blanks(&self, mut k: usize) -> usize {
        while self.char_at(k).is_some_and(|d| d == ' ' || d == '\t') {
            k += 1;
        }
        k
    }

    /// End (exclusive) of the run of closers and repeated terminators after the terminator at `i`.
    fn run_end(&self, i: usize) -> usize {
        let c = self.char_at(i);
        let mut j = i + 1;
        while self.char_at(j).is_some_and(|d| {
            is_closing(d)
                || matches!(d, '\u{0964}' | '\u{0965}' | '?' | '!')
                || (d == '.' && c == Some('.'))
        }) {
            j += 1;
        }
        j
    }

    /// The word that ends just before char `i`.
    fn word_before(&self, i: usize) -> &str {
        let start = self
            .chars
            .get(..i)
            .unwrap_or(&[])
            .iter()
            .rposition(|&(_, d)| d.is_whitespace())
            .map_or(0, |p| p + 1);
        self.slice(start, i)
    }

    /// Whether the terminator at `i`, whose run of closers ends at `j`, ends a sentence.
    fn ends_sentence(&self, i: usize, j: usize) -> bool {
        let next = self.char_at(j);
        match self.char_at(i) {
            Some('\u{0964}' | '\u{0965}') => true,
            Some('?' | '!') => next.is_none_or(|n| n.is_whitespace() || is_bengali(n)),
            Some('.') => {
                let dots = self
                    .chars
                    .get(i..j)
                    .map_or(0, |s| s.iter().filter(|&&(_, d)| d == '.').count());
                let k = self.skip_blanks(j);
                let rest = self.slice(k, self.chars.len());
                let word = self.word_before(i);
                let pair = abbreviation_pairs().iter().any(|(first, second)| {
                    key(word.trim_start_matches(is_opening)) == *first && rest.starts_with(second)
                });
                next.is_none_or(char::is_whitespace)
                    && dots == 1
                    && !pair
                    && !is_abbreviation(word)
                    && rest.graphemes(true).next().is_none_or(starts_sentence)
            }
            _ => false,
        }
    }

    /// Char index where the clause starting at `k` ends: its first sentence-ending terminator,
    /// or the end of the line.
    fn clause_end(&self, k: usize) -> usize {
        let mut t = k;
        while let Some(c) = self.char_at(t) {
            if is_terminator(c) && self.ends_sentence(t, self.run_end(t)) {
                return t;
            }
            t += 1;
        }
        t
    }

    /// True when the sentence `[piece..i]` is a quotation closed by the run `[i..j]` and the
    /// clause from `k` is its attribution (see the module docs).
    fn attribution_follows(&self, piece: usize, i: usize, j: usize, k: usize) -> bool {
        let opens = self
            .slice(piece, i)
            .trim_start()
            .starts_with(is_opening_quote);
        let closes = self.slice(i, j).chars().any(is_closing_quote);
        if !opens || !closes || k >= self.chars.len() {
            return false;
        }
        let clause = self.slice(k, self.clause_end(k));
        if clause.chars().any(|c| matches!(c, '“' | '‘' | '«' | '"')) {
            return false;
        }
        let words: Vec<String> = clause
            .split_whitespace()
            .map(|w| key(w.trim_matches(|c: char| !c.is_alphanumeric() && !is_bengali(c))))
            .filter(|w| !w.is_empty())
            .collect();
        words.len() <= MAX_ATTRIBUTION_WORDS
            && speech_verb_words()
                .iter()
                .any(|v| !v.is_empty() && words.windows(v.len()).any(|w| w == v.as_slice()))
    }
}

/// Segment one line `text[start..end]` (which may end with `\n`).
fn segment_line(text: &str, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let Some(line_text) = text.get(start..end) else {
        return;
    };
    let line = Line {
        text,
        chars: line_text
            .char_indices()
            .map(|(i, c)| (start + i, c))
            .collect(),
        end,
    };
    let mut piece = 0usize;
    let mut i = 0usize;
    while let Some(c) = line.char_at(i) {
        if !is_terminator(c) {
            i += 1;
            continue;
        }
        let j = line.run_end(i);
        if !line.ends_sentence(i, j) {
            i = j;
            continue;
        }
        // Trailing whitespace joins the sentence.
        let mut k = j;
        while line.char_at(k).is_some_and(char::is_whitespace) {
            k += 1;
        }
        if line.attribution_follows(piece, i, j, line.skip_blanks(j)) {
            i = j;
            continue;
        }
        push(
            text,
            line.off_at(piece),
            line.off_at(j),
            line.off_at(k),
            paragraph,
            out,
        );
        piece = k;
        i = k;
    }
    let piece_start = line.off_at(piece);
    if piece_start < end {
        let content_end = piece_start
            + text
                .get(piece_start..end)
                .map_or(0, |s| s.trim_end_matches(char::is_whitespace).len());
        if content_end > piece_start {
            push(text, piece_start, content_end, end, paragraph, out);
        } else if let Some(last) = out.last_mut() {
            if last.full.end == piece_start && last.paragraph == paragraph {
                last.full.end = end;
            }
        }
    }
}

fn push(
    text: &str,
    start: usize,
    content_end: usize,
    end: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let lead = text.get(start..content_end).map_or(0, |s| {
        s.len() - s.trim_start_matches(char::is_whitespace).len()
    });
    out.push(Sentence {
        span: start + lead..content_end,
        full: start..end,
        paragraph,
    });
}
