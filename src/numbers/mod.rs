//! Number semantics for both languages: every number a Bengali or English text states, as a
//! value.
//!
//! `সাড়ে ৬ ভাগ` and `6.5 percent` are both 6.5 (a percentage); `১১ লাখ` and `1.1 million` are
//! both 1,100,000; `৪ প্রস্তাব` and `four ideas` both 4; `২ দশমিক ১৮ শতাংশ` is 2.18. The
//! vocabulary is data ([`lexicon`]); this module is the small parser that reads it:
//! text → tokens (digit runs with their attached suffix, words, punctuation) → atoms (a number,
//! a multiplier, a modifier such as `সাড়ে`, a decimal word, a percent word, an approximation
//! word) → [`Mention`]s, each a value with the forms it may also take (a two-digit year after a
//! four-digit one, a clock time) and flags: `weak` (a word such as `এক`/"one" that is as often
//! not a number: never required, never flagged) and `approx` ("about", `প্রায়`: a rounded
//! counterpart is accepted).
//!
//! [`compare`] pairs the numbers of a source with those of its translation.

mod assemble;
mod atoms;
mod compare;
pub(crate) mod lexicon;
mod tokens;

use std::ops::Range;

use assemble::assemble;
use atoms::{bn_word, digit_atoms, en_word, Atom};
pub(crate) use compare::{agree, compare, Comparison};
use tokens::{tokenize, TokKind, Token};

/// Which language a text is in (selects the lexicon).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    /// Bengali (Bengali or ASCII digits, Bengali number words).
    Bengali,
    /// English.
    English,
}

/// One number stated in a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    /// Its value (`১১ লাখ` → 1,100,000; `6.5 percent` → 6.5).
    pub value: f64,
    /// Other values the same words may stand for: `19` in `2018-19` is also 2019, `10:30` is
    /// also 10.5 (`সাড়ে ১০টা`), the `40` of "40 to 50 thousand" is also 40,000.
    pub alternatives: Vec<f64>,
    /// The text it was read from.
    pub surface: String,
    /// Byte span of `surface` in the text.
    pub span: Range<usize>,
    /// A number word that is as often an ordinary word (`এক`, "one", ordinals, "half",
    /// "thousands of"): may be left out of a translation, never reported on its own.
    pub weak: bool,
    /// Hedged ("about", "over", `প্রায়`, `অন্তত`): a counterpart rounded to fewer significant
    /// digits matches it.
    pub approx: bool,
    /// A percentage (`শতাংশ`, `ভাগ`, "percent", `%`).
    pub percent: bool,
    /// A month of a date (`জুন`, "June": value 6), read only next to a number (`৩ জুন`,
    /// "June 3", "March 2019"); it matches only another month.
    pub month: bool,
}

impl Mention {
    /// The value and its alternatives.
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        std::iter::once(self.value).chain(self.alternatives.iter().copied())
    }
}

/// Folds the spellings the lexicon treats as one: precomposed `য়` `ড়` `ঢ়` to letter + nukta
/// (NFC's form), joiners dropped, ASCII lowercased.
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '\u{09DF}' => out.push_str("\u{09AF}\u{09BC}"),
            '\u{09DC}' => out.push_str("\u{09A1}\u{09BC}"),
            '\u{09DD}' => out.push_str("\u{09A2}\u{09BC}"),
            '\u{200C}' | '\u{200D}' => {}
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}
/// Every number stated in `text`, in order.
pub(crate) fn mentions(text: &str, lang: Lang) -> Vec<Mention> {
    let tokens = tokenize(text);
    // One atom per token, except digit runs with a multiplier suffix (`5bn`, `১০হাজার`) and
    // Bengali words with one (`তিনশো`): atom k came from token `owner[k]`.
    let mut atoms: Vec<Atom> = Vec::with_capacity(tokens.len());
    let mut owner: Vec<usize> = Vec::with_capacity(tokens.len());
    for (i, tok) in tokens.iter().enumerate() {
        let before = atoms.len();
        match &tok.kind {
            TokKind::Digits { digits, suffix } => digit_atoms(digits, suffix, lang, &mut atoms),
            TokKind::Word(w) => match lang {
                Lang::Bengali => bn_word(w, &mut atoms),
                Lang::English => en_word(w, &mut atoms),
            },
            TokKind::Punct('%') => atoms.push(Atom::Percent),
            TokKind::Punct('-' | '–' | '—' | '/') => atoms.push(Atom::Range),
            TokKind::Punct(':') if !tok.space_before => atoms.push(Atom::Colon),
            TokKind::Punct(_) => atoms.push(Atom::Other),
        }
        owner.extend(std::iter::repeat_n(i, atoms.len().saturating_sub(before)));
    }
    let at = |k: usize| atoms.get(k).copied().unwrap_or(Atom::Other);
    let mut out: Vec<(Mention, Range<usize>, bool)> = Vec::new(); // mention, atom range, has multiplier
    let mut k = 0;
    while k < atoms.len() {
        match assemble(&atoms, k, lang) {
            Some((mut m, end, has_mult)) => {
                let first = owner.get(k).and_then(|&i| tokens.get(i));
                let last = owner
                    .get(end.saturating_sub(1))
                    .and_then(|&i| tokens.get(i));
                if let (Some(a), Some(b)) = (first, last) {
                    m.span = a.span.start..b.span.end;
                    m.surface = text.get(m.span.clone()).unwrap_or("").to_string();
                }
                let lo = k.saturating_sub(3);
                let hi = end.saturating_add(3).min(atoms.len());
                if (lo..hi).any(|j| matches!(at(j), Atom::Approx | Atom::Over(_))) {
                    m.approx = true;
                }
                // `শতকরা ৬ ভাগ`: a percent word right before.
                if k > 0 && at(k - 1) == Atom::Percent {
                    m.percent = true;
                }
                out.push((m, k..end, has_mult));
                k = end.max(k + 1);
            }
            None => k += 1,
        }
    }
    link(&mut out, &atoms, &tokens, &owner);
    let mut found: Vec<Mention> = out.into_iter().map(|(m, _, _)| m).collect();
    // Months of dates: a month name right before or after a number.
    let number = |a: Atom| matches!(a, Atom::Num { .. } | Atom::Ordinal { .. });
    for (k, a) in atoms.iter().enumerate() {
        let Atom::Month(v) = *a else { continue };
        let beside = (k > 0 && number(at(k - 1))) || number(at(k + 1));
        let Some(tok) = owner.get(k).and_then(|&i| tokens.get(i)) else {
            continue;
        };
        if beside {
            found.push(Mention {
                value: v,
                alternatives: Vec::new(),
                surface: text.get(tok.span.clone()).unwrap_or("").to_string(),
                span: tok.span.clone(),
                weak: false,
                approx: false,
                percent: false,
                month: true,
            });
        }
    }
    found.sort_by_key(|m| m.span.start);
    found
}

/// Relations between neighbouring mentions: ranges sharing a multiplier or a percent sign
/// (`৪০ থেকে ৫০ হাজার`, "5-6 percent"), two-digit years after four-digit ones (`2018-19`),
/// clock times (`10:30`).
fn link(
    out: &mut [(Mention, Range<usize>, bool)],
    atoms: &[Atom],
    tokens: &[Token],
    owner: &[usize],
) {
    for i in 1..out.len() {
        let Some(((a, ra, a_mult), rest)) =
            out.get_mut(i - 1..=i).and_then(|s| s.split_first_mut())
        else {
            continue;
        };
        let Some((b, rb, b_mult)) = rest.first_mut() else {
            continue;
        };
        let between = atoms.get(ra.end..rb.start).unwrap_or(&[]);
        let joined_by = |x: Atom| between.len() == 1 && between.first() == Some(&x);
        if joined_by(Atom::Colon) {
            // `10:30` is 10 h 30 min; the minutes are not a quantity of their own.
            let adjacent = owner
                .get(rb.start)
                .and_then(|&t| tokens.get(t))
                .is_some_and(|t| !t.space_before);
            if adjacent && b.value < 60.0 && b.value.fract() == 0.0 {
                a.alternatives.push(a.value + b.value / 60.0);
                b.weak = true;
            }
            continue;
        }
        if !joined_by(Atom::Range) {
            continue;
        }
        if b.percent {
            a.percent = true;
        }
        if *b_mult && !*a_mult {
            // The multiplier of the second applies to the first: its raw number times it.
            let unit = multiplier_of(b.value);
            if unit > 1.0 && a.value < b.value {
                a.alternatives.push(a.value * unit);
            }
        }
        if (1000.0..3000.0).contains(&a.value) && b.value < 100.0 && b.value.fract() == 0.0 {
            let century = (a.value / 100.0).floor() * 100.0;
            b.alternatives.push(century + b.value);
        }
    }
}

/// The largest power of ten in {10², 10³, 10⁵, 10⁶, 10⁷, 10⁹, 10¹²} that divides `v` into a
/// number below 1000 (the multiplier a range's end carries).
fn multiplier_of(v: f64) -> f64 {
    [1e12, 1e9, 1e7, 1e6, 1e5, 1e3, 1e2]
        .into_iter()
        .find(|m| v >= *m && (v / m) < 1000.0)
        .unwrap_or(1.0)
}

#[cfg(test)]
mod tests;
