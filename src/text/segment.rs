//! Sentence segmentation of normalized Bengali text.
//!
//! Rules:
//! * A sentence ends at `।`, `॥`, `?`, `!`, or a `.` that ends a sentence.
//!   Runs of terminators (`?!`, `।।`) and closing quotes/brackets
//!   (`” ’ " ' » › ) ] }`) stay with the sentence they close.
//! * `।` and `॥` end a sentence even without a following space; `?` and `!`
//!   need a following space, newline, end of text, or Bengali letter.
//! * `.` ends a sentence only when followed by whitespace or the end, not
//!   after an abbreviation (Bengali: ডা. মো. মি. মোছা. মোসা. সা. অধ্যা. ড. …
//!   and any Bengali word of at most three code points; Latin: Dr. Mr. Mrs. …,
//!   dotted forms like U.S. e.g. i.e., and single-letter initials), and not
//!   when the next word starts with a lowercase Latin letter. Numbers like
//!   `10.5` and `10,000` never split since no space follows the `.`.
//! * Every newline is a paragraph break: a sentence never spans a newline,
//!   and each non-empty line gets the next paragraph index.
//!
//! Invariant: the [`Sentence::full`] spans tile the input — concatenating them
//! reproduces the text exactly — whenever the text contains a non-whitespace
//! character (an empty or all-whitespace text yields no sentences).

use std::ops::Range;

use serde::Serialize;

use super::normalize::is_bengali;

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

/// Bengali abbreviations (without the final `.`).
const BN_ABBREV: &[&str] = &[
    "ডা",
    "মো",
    "মি",
    "মোছা",
    "মোসা",
    "সা",
    "অধ্যা",
    "ড",
    "প্রফে",
    "অধ্যক্ষ",
    "মোহা",
    "মুহা",
    "কো",
    "লি",
    "বি",
    "এম",
    "এ",
    "কে",
    "এস",
    "জে",
    "আর",
    "টি",
    "পি",
    "ডি",
    "এন",
    "এল",
    "এইচ",
    "ইউ",
    "কি",
    "খ্রি",
    "রা",
    "আ",
    "রহ",
    "স",
    "নং",
];

/// Latin abbreviations (without the final `.`), compared case-sensitively.
const LATIN_ABBREV: &[&str] = &[
    "Dr", "Mr", "Mrs", "Ms", "Prof", "St", "Jr", "Sr", "Mt", "No", "Nos", "vs", "Vs", "Gen", "Col",
    "Capt", "Lt", "Sgt", "Rev", "Hon", "Gov", "Sen", "Rep", "Inc", "Ltd", "Co", "Corp", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Fig", "fig",
    "cf", "al", "approx", "Dept", "Univ", "Md", "Mohd",
];

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | '»' | '›' | ')' | ']' | '}' | '\u{0964}' | '\u{0965}' | '?' | '!'
    )
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// True if the word `w` (text before a `.`, without the `.`) is an abbreviation.
fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_start_matches(|c: char| {
        matches!(c, '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '«' | '‹')
    });
    if w.is_empty() {
        return false;
    }
    // Dotted forms: U.S, e.g, i.e, এ.কে, ... and ellipses.
    if w.contains('.') {
        return true;
    }
    if BN_ABBREV.contains(&w) || LATIN_ABBREV.contains(&w) {
        return true;
    }
    let n = w.chars().count();
    if w.chars().all(|c| c.is_alphabetic()) && n == 1 {
        return true;
    }
    if w.chars().all(is_bengali) && n <= 3 && !w.chars().any(|c| c.is_ascii_digit()) {
        // Short Bengali words before a '.' are almost always abbreviations:
        // real Bengali sentences end with a danda.
        return !w.chars().all(|c| ('\u{09E6}'..='\u{09EF}').contains(&c));
    }
    false
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

/// Segment one line `text[start..end]` (which may end with `\n`).
fn segment_line(text: &str, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let Some(line) = text.get(start..end) else {
        return;
    };
    let chars: Vec<(usize, char)> = line.char_indices().map(|(i, c)| (start + i, c)).collect();
    let char_at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let off_at = |i: usize| chars.get(i).map_or(end, |&(o, _)| o);

    let mut piece_start = start;
    let mut i = 0usize;
    while i < chars.len() {
        let Some(c) = char_at(i) else { break };
        let is_term = matches!(c, '\u{0964}' | '\u{0965}' | '?' | '!' | '.');
        if !is_term {
            i += 1;
            continue;
        }
        // Extend over closers and further terminators.
        let mut j = i + 1;
        while char_at(j).is_some_and(|d| is_closer(d) || (d == '.' && c == '.')) {
            j += 1;
        }
        let next = char_at(j);
        let boundary = match c {
            '\u{0964}' | '\u{0965}' => true,
            '?' | '!' => next.is_none_or(|n| is_space(n) || is_bengali(n)),
            _ => {
                next.is_none_or(is_space) && {
                    // Word before the '.'.
                    let word_start = chars
                        .get(..i)
                        .unwrap_or(&[])
                        .iter()
                        .rposition(|&(_, d)| is_space(d))
                        .map_or(0, |p| p + 1);
                    let word = text.get(off_at(word_start)..off_at(i)).unwrap_or("");
                    let ellipsis_or_dots = j > i + 1
                        && chars
                            .get(i..j)
                            .is_some_and(|s| s.iter().filter(|&&(_, d)| d == '.').count() > 1);
                    // Next word's first char (after spaces).
                    let mut k = j;
                    while char_at(k).is_some_and(|d| d == ' ' || d == '\t') {
                        k += 1;
                    }
                    let next_word_lower = char_at(k).is_some_and(|d| d.is_lowercase());
                    !ellipsis_or_dots && !is_abbreviation(word) && !next_word_lower
                }
            }
        };
        if !boundary {
            i = j;
            continue;
        }
        // Trailing whitespace joins the sentence.
        let mut k = j;
        while char_at(k).is_some_and(is_space) {
            k += 1;
        }
        push(text, piece_start, off_at(j), off_at(k), paragraph, out);
        piece_start = off_at(k);
        i = k;
    }
    if piece_start < end {
        let content_end = piece_start
            + text
                .get(piece_start..end)
                .map_or(0, |s| s.trim_end_matches(is_space).len());
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
    let lead = text
        .get(start..content_end)
        .map_or(0, |s| s.len() - s.trim_start_matches(is_space).len());
    out.push(Sentence {
        span: start + lead..content_end,
        full: start..end,
        paragraph,
    });
}
