//! Tokens of a text for the number parser: digit runs (with their solid suffix), words, other
//! characters.

use std::ops::Range;

use super::fold;
use crate::text::normalize::ascii_digit;

/// A token of the text: a digit run (with the letters written solid after it), a word, or one
/// other non-space character.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) span: Range<usize>,
    pub(super) kind: TokKind,
    /// Whitespace comes right before it.
    pub(super) space_before: bool,
}

#[derive(Debug, Clone)]
pub(super) enum TokKind {
    /// ASCII digits (Bengali ones mapped), `.` kept, grouping commas dropped; the letters
    /// written solid after them (folded).
    Digits { digits: String, suffix: String },
    /// A word, folded.
    Word(String),
    /// Any other character.
    Punct(char),
}

fn is_word_char(c: char) -> bool {
    (c.is_alphabetic()
        || ('\u{0980}'..='\u{09FF}').contains(&c)
        || c == '\u{200C}'
        || c == '\u{200D}')
        && ascii_digit(c).is_none()
        && c != '\u{0964}'
        && c != '\u{0965}'
}

pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
    let mut k = 0;
    let mut space = true;
    while let Some(&(start, c)) = chars.get(k) {
        if c.is_whitespace() {
            space = true;
            k += 1;
            continue;
        }
        if let Some(d) = ascii_digit(c) {
            let mut digits = String::from(d);
            let mut j = k + 1;
            let mut seen_point = false;
            while let Some(&(_, c)) = chars.get(j) {
                if let Some(d) = ascii_digit(c) {
                    digits.push(d);
                    j += 1;
                    continue;
                }
                let next_digit = chars
                    .get(j + 1)
                    .and_then(|&(_, n)| ascii_digit(n))
                    .is_some();
                if c == ',' && next_digit {
                    j += 1;
                    continue;
                }
                if c == '.' && next_digit && !seen_point {
                    seen_point = true;
                    digits.push('.');
                    j += 1;
                    continue;
                }
                break;
            }
            let mut suffix = String::new();
            while let Some(&(_, c)) = chars.get(j) {
                if !is_word_char(c) {
                    break;
                }
                suffix.push(c);
                j += 1;
            }
            out.push(Token {
                span: start..end_of(j),
                kind: TokKind::Digits {
                    digits,
                    suffix: fold(&suffix),
                },
                space_before: space,
            });
            k = j;
        } else if is_word_char(c) {
            let mut j = k + 1;
            while let Some(&(_, c)) = chars.get(j) {
                let joins = (c == '-' || c == '\'' || c == '’')
                    && chars
                        .get(j + 1)
                        .is_some_and(|&(_, n)| n.is_ascii_alphabetic())
                    && chars
                        .get(j.wrapping_sub(1))
                        .is_some_and(|&(_, p)| p.is_ascii_alphabetic());
                if !is_word_char(c) && !joins {
                    break;
                }
                j += 1;
            }
            let span = start..end_of(j);
            let word = text.get(span.clone()).unwrap_or("");
            out.push(Token {
                span,
                kind: TokKind::Word(fold(word)),
                space_before: space,
            });
            k = j;
        } else {
            out.push(Token {
                span: start..start + c.len_utf8(),
                kind: TokKind::Punct(c),
                space_before: space,
            });
            k += 1;
        }
        space = false;
    }
    out
}
