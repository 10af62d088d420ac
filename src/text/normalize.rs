//! Unicode and whitespace normalization for Bengali news text, with an offset
//! map back to the original input.
//!
//! # Choices
//!
//! * **NFC.** Text is put in Unicode NFC.
//! * **Nukta letters.** ড় ঢ় য় (U+09DC U+09DD U+09DF) are *composition
//!   exclusions*: NFC itself rewrites them to base letter + U+09BC (ড + ়,
//!   ঢ + ়, য + ়). We keep that decomposed form for all three. It is the
//!   only form NFC can produce, so the output is stable under re-normalization,
//!   and it matches what the NFKC normalizer of SentencePiece/NLLB tokenizers
//!   emits, so the model sees the spelling it was trained on.
//! * **Danda.** U+0964 `।` is the Bengali danda and is kept; U+0965 `॥` is
//!   kept. U+09F7 (BENGALI CURRENCY NUMERATOR FOUR, a common danda look-alike)
//!   becomes `।`, and so does an ASCII `|` that follows Bengali text (after
//!   optional spaces) and is followed by a space, a newline, the end, or a
//!   Bengali character.
//! * **Invisible characters.** ZWSP U+200B, BOM U+FEFF, soft hyphen U+00AD
//!   and word joiner U+2060 are dropped. ZWNJ/ZWJ (U+200C/U+200D) are kept only
//!   directly between two Bengali characters (they select conjunct shapes),
//!   otherwise dropped.
//! * **Whitespace.** No-break and other Unicode spaces and tabs become a plain
//!   space; `\r\n`, `\r`, U+2028 and U+2029 become `\n`; other control
//!   characters are removed. Runs of spaces collapse to one, spaces at line
//!   starts and ends are trimmed, three or more newlines become one blank line
//!   (`"\n\n"`), and leading/trailing whitespace of the whole text is removed.
//! * **Digits.** Bengali digits ০–৯ become ASCII 0–9 when
//!   [`NormalizeOptions::ascii_digits`] is set (the default).

use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// Options for [`normalize`]: `NormalizeOptions::default().ascii_digits(false)`. New fields may
/// be added (`#[non_exhaustive]`): build it from [`Default`] and the setters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct NormalizeOptions {
    /// Map Bengali digits ০–৯ to ASCII 0–9. Default `true`.
    pub ascii_digits: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        Self { ascii_digits: true }
    }
}

impl NormalizeOptions {
    /// Sets [`ascii_digits`](NormalizeOptions::ascii_digits): `false` keeps Bengali digits.
    pub fn ascii_digits(mut self, yes: bool) -> Self {
        self.ascii_digits = yes;
        self
    }
}

/// Normalized text plus a map from normalized byte offsets to the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// One entry per char of `text`: (normalized byte start, original byte span).
    map: Vec<(usize, Range<usize>)>,
    /// Length in bytes of the original input.
    original_len: usize,
}

impl Normalized {
    /// Byte span in the original input that produced the normalized byte span
    /// `span`. Out-of-range or non-boundary offsets are clamped to the nearest
    /// mapped character; never panics.
    pub fn original_span(&self, span: Range<usize>) -> Range<usize> {
        if self.map.is_empty() || span.start >= span.end {
            let p = self.original_offset(span.start);
            return p..p;
        }
        let start = self.original_offset(span.start);
        // End: original end of the last normalized char starting before `span.end`.
        let idx = self.map.partition_point(|(n, _)| *n < span.end);
        let end = match idx.checked_sub(1).and_then(|i| self.map.get(i)) {
            Some((_, r)) => r.end,
            None => start,
        };
        start..end.max(start)
    }

    /// Original byte offset where the normalized char at byte `pos` came from.
    /// `pos == text.len()` (or beyond) maps to the original length.
    pub fn original_offset(&self, pos: usize) -> usize {
        let idx = self.map.partition_point(|(n, _)| *n < pos);
        match self.map.get(idx) {
            Some((n, r)) if *n == pos => r.start,
            Some((_, r)) => idx
                .checked_sub(1)
                .and_then(|i| self.map.get(i))
                .map_or(r.start, |(_, p)| p.start),
            None => self.original_len,
        }
    }
}

/// True for characters in the Bengali block U+0980–U+09FF.
pub fn is_bengali(c: char) -> bool {
    ('\u{0980}'..='\u{09FF}').contains(&c)
}

/// The ASCII digit a Bengali (০–৯) or ASCII (0–9) digit stands for; `None` for anything
/// else. The crate's one mapping of Bengali digits (normalization and number parsing use it).
pub fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '\u{09E6}'..='\u{09EF}' => char::from_u32(u32::from(c) - 0x09E6 + u32::from(b'0')),
        _ => None,
    }
}

/// A char with the original byte span it came from.
type Mapped = (char, Range<usize>);

/// Normalize `text` (see the module docs for every rule). Never panics;
/// `normalize(normalize(x).text) == normalize(x).text`.
pub fn normalize(text: &str, opts: &NormalizeOptions) -> Normalized {
    let chars = map_chars(text, opts);
    let mut chars = nfc(filter_joiners(chars));
    // NFC may reorder marks around a kept joiner; repeat until stable (each
    // round removes at least one joiner, so this terminates).
    loop {
        let before = chars.len();
        chars = filter_joiners(chars);
        if chars.len() == before {
            break;
        }
        chars = nfc(chars);
    }
    let chars = danda_pipes(chars);
    let chars = whitespace(chars);
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(chars.len());
    for (c, r) in chars {
        map.push((out.len(), r));
        out.push(c);
    }
    Normalized {
        text: out,
        map,
        original_len: text.len(),
    }
}

/// Per-char mapping: line breaks, spaces, invisible and control chars, digits.
fn map_chars(text: &str, opts: &NormalizeOptions) -> Vec<Mapped> {
    let mut out: Vec<Mapped> = Vec::with_capacity(text.len());
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let r = i..i + c.len_utf8();
        let mapped = match c {
            '\r' => {
                if let Some(&(j, '\n')) = iter.peek() {
                    iter.next();
                    out.push(('\n', i..j + 1));
                    continue;
                }
                Some('\n')
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{0085}' => Some('\n'),
            '\u{200B}' | '\u{FEFF}' | '\u{00AD}' | '\u{2060}' => None,
            '\t'
            | '\u{00A0}'
            | '\u{202F}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{205F}'
            | '\u{3000}'
            | '\u{000B}'
            | '\u{000C}' => Some(' '),
            '\u{09F7}' => Some('\u{0964}'),
            '\u{09E6}'..='\u{09EF}' if opts.ascii_digits => ascii_digit(c),
            c if c.is_control() => None,
            // Unassigned/format chars are left alone except the ones above.
            c => Some(c),
        };
        if let Some(m) = mapped {
            out.push((m, r));
        }
    }
    out
}

/// Keep ZWNJ/ZWJ only directly between two Bengali chars.
fn filter_joiners(chars: Vec<Mapped>) -> Vec<Mapped> {
    let is_joiner = |c: char| c == '\u{200C}' || c == '\u{200D}';
    let keep: Vec<bool> = (0..chars.len())
        .map(|i| {
            let Some((c, _)) = chars.get(i) else {
                return false;
            };
            if !is_joiner(*c) {
                return true;
            }
            let prev = i.checked_sub(1).and_then(|p| chars.get(p));
            let next = chars.get(i + 1);
            matches!((prev, next), (Some((p, _)), Some((n, _))) if is_bengali(*p) && is_bengali(*n))
        })
        .collect();
    chars
        .into_iter()
        .zip(keep)
        .filter_map(|(m, k)| k.then_some(m))
        .collect()
}

/// NFC, applied per run that starts at an ASCII char (ASCII never composes
/// with what precedes it). A run whose NFC differs from its input maps every
/// output char to the whole run's original span.
fn nfc(chars: Vec<Mapped>) -> Vec<Mapped> {
    let mut out = Vec::with_capacity(chars.len());
    let mut start = 0;
    let n = chars.len();
    for i in 0..=n {
        let boundary = i == n || chars.get(i).is_some_and(|(c, _)| c.is_ascii());
        if !boundary || i == start {
            continue;
        }
        let run = chars.get(start..i).unwrap_or(&[]);
        nfc_run(run, &mut out);
        start = i;
    }
    out
}

fn nfc_run(run: &[Mapped], out: &mut Vec<Mapped>) {
    // A leading ASCII char followed by a starter cannot compose with it:
    // map it on its own so the offset map stays fine-grained.
    if let (Some(first), Some((second, _))) = (run.first(), run.get(1)) {
        if first.0.is_ascii() && canonical_combining_class(*second) == 0 {
            out.push(first.clone());
            nfc_run(run.get(1..).unwrap_or(&[]), out);
            return;
        }
    }
    let unchanged = run.iter().all(|(c, _)| c.is_ascii())
        || run
            .iter()
            .map(|(c, _)| *c)
            .nfc()
            .eq(run.iter().map(|(c, _)| *c));
    if unchanged {
        out.extend(run.iter().cloned());
        return;
    }
    let (Some(first), Some(last)) = (run.first(), run.last()) else {
        return;
    };
    let span = first.1.start..last.1.end;
    out.extend(run.iter().map(|(c, _)| *c).nfc().map(|c| (c, span.clone())));
}

/// ASCII `|` used as a danda after Bengali text becomes `।`.
fn danda_pipes(mut chars: Vec<Mapped>) -> Vec<Mapped> {
    for i in 0..chars.len() {
        if chars.get(i).map(|(c, _)| *c) != Some('|') {
            continue;
        }
        let prev = chars
            .get(..i)
            .unwrap_or(&[])
            .iter()
            .rev()
            .map(|(c, _)| *c)
            .find(|c| *c != ' ');
        let next = chars.get(i + 1).map(|(c, _)| *c);
        let next_ok = match next {
            None => true,
            Some(c) => c == ' ' || c == '\n' || is_bengali(c),
        };
        if prev.is_some_and(is_bengali) && next_ok {
            if let Some(m) = chars.get_mut(i) {
                m.0 = '\u{0964}';
            }
        }
    }
    chars
}

/// Collapse spaces, trim line ends, cap blank lines, trim the whole text.
fn whitespace(chars: Vec<Mapped>) -> Vec<Mapped> {
    let mut out: Vec<Mapped> = Vec::with_capacity(chars.len());
    let mut pending_space: Option<Mapped> = None;
    let mut newlines: Vec<Mapped> = Vec::new();
    for (c, r) in chars {
        match c {
            ' ' => {
                if pending_space.is_none() && newlines.is_empty() && !out.is_empty() {
                    pending_space = Some((c, r));
                }
            }
            '\n' => {
                pending_space = None;
                if !out.is_empty() {
                    newlines.push((c, r));
                }
            }
            _ => {
                out.extend(newlines.drain(..).take(2));
                if let Some(s) = pending_space.take() {
                    out.push(s);
                }
                out.push((c, r));
            }
        }
    }
    out
}
