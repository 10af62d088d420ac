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

pub mod lexicon;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use crate::text::normalize::ascii_digit;

/// Which language a text is in (selects the lexicon).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Bengali (Bengali or ASCII digits, Bengali number words).
    Bengali,
    /// English.
    English,
}

/// One number stated in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
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
pub fn fold(word: &str) -> String {
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

/// What a word or token means to the number parser.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Atom {
    /// A number: value, weak, written as a word (not digits).
    Num { v: f64, weak: bool, word: bool },
    /// A multiplier (শ, হাজার, lakh, million).
    Mult(f64),
    /// A vague quantity ("thousands", `হাজারো`): a weak mention of this value.
    Vague(f64),
    /// Adds this fraction of the unit to the next number (সাড়ে +½, পৌনে −¼).
    Modifier(f64),
    /// The decimal word (`দশমিক`).
    Decimal,
    /// A percent word or sign.
    Percent,
    /// An approximation word.
    Approx,
    /// A month name (1–12).
    Month(f64),
    /// An ordinal: value, weak (words are; `5th`, `৫ম` are not).
    Ordinal { v: f64, weak: bool },
    /// A number over a round value, approximate (`শতাধিক` ≈ 100+).
    Over(f64),
    /// English "and" (inside "one hundred and five", "two and a half").
    And,
    /// English "a"/"an" (before a multiplier: "a million").
    Article,
    /// A range or alternative connector (`থেকে`, `-`, "to", "or").
    Range,
    /// English "cent" after "per".
    Cent,
    /// A currency word ("dollars"): skipped between a number and its multiplier.
    Currency,
    /// `:` between two digit runs (a clock time).
    Colon,
    /// Anything else: ends a number.
    Other,
}

struct Tables {
    bn_num: HashMap<String, f64>,
    bn_weak: Vec<String>,
    bn_mult: HashMap<String, f64>,
    bn_vague: Vec<String>,
    bn_frac: HashMap<String, f64>,
    bn_mod: HashMap<String, f64>,
    bn_ord: HashMap<String, f64>,
    bn_over: HashMap<String, f64>,
    bn_month: HashMap<String, f64>,
    bn_suffixes: HashSet<String>,
    /// Folded spellings the parser tests for: `অর্ধ`, `অর্ধেক`, `নয়`, the hundred endings
    /// `শর`/`শোর`, range words, digit-ordinal endings, `শতাংশ`.
    bn_half: [String; 2],
    bn_nine: String,
    bn_hundred_endings: [String; 2],
    bn_range: Vec<String>,
    bn_ordinal_endings: Vec<String>,
    bn_percent_word: String,
    bn_percent: Vec<String>,
    bn_decimal: Vec<String>,
    bn_approx: Vec<String>,
    en_num: HashMap<&'static str, f64>,
    en_mult: HashMap<&'static str, f64>,
    en_ord: HashMap<&'static str, f64>,
    en_frac: HashMap<&'static str, f64>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        use lexicon::*;
        let map = |xs: &[(&str, f64)]| -> HashMap<String, f64> {
            xs.iter().map(|(w, v)| (fold(w), *v)).collect()
        };
        let list = |xs: &[&str]| -> Vec<String> { xs.iter().map(|w| fold(w)).collect() };
        let mut bn_num = map(BN_CARDINALS);
        // `ঊন…` (19, 29, 39 …) is also spelled `উন…`.
        let extra: Vec<(String, f64)> = bn_num
            .iter()
            .filter_map(|(w, v)| w.strip_prefix('ঊ').map(|rest| (format!("উ{rest}"), *v)))
            .collect();
        bn_num.extend(extra);
        let bn_suffixes: HashSet<String> = list(BN_SUFFIXES).into_iter().collect();
        Tables {
            bn_num,
            bn_weak: list(BN_WEAK_CARDINALS),
            bn_mult: map(BN_MULTIPLIERS),
            bn_vague: list(BN_VAGUE),
            bn_frac: map(BN_FRACTIONS),
            bn_mod: map(BN_MODIFIERS),
            bn_ord: map(BN_ORDINALS),
            bn_over: map(BN_OVER),
            bn_month: map(BN_MONTHS),
            bn_suffixes,
            bn_half: [fold("অর্ধ"), fold("অর্ধেক")],
            bn_nine: fold("নয়"),
            bn_hundred_endings: [fold("শর"), fold("শোর")],
            bn_range: list(BN_RANGE),
            bn_ordinal_endings: list(BN_ORDINAL_ENDINGS),
            bn_percent_word: fold("শতাংশ"),
            bn_percent: list(BN_PERCENT),
            bn_decimal: list(BN_DECIMAL),
            bn_approx: list(BN_APPROX),
            en_num: EN_CARDINALS.iter().copied().collect(),
            en_mult: EN_MULTIPLIERS.iter().copied().collect(),
            en_ord: EN_ORDINALS.iter().copied().collect(),
            en_frac: EN_FRACTIONS.iter().copied().collect(),
        }
    })
}

/// A token of the text: a digit run (with the letters written solid after it), a word, or one
/// other non-space character.
#[derive(Debug, Clone)]
struct Token {
    span: Range<usize>,
    kind: TokKind,
    /// Whitespace comes right before it.
    space_before: bool,
}

#[derive(Debug, Clone)]
enum TokKind {
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

fn tokenize(text: &str) -> Vec<Token> {
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

/// A stem from `table` followed by an allowed suffix: the longest stem that leaves one.
fn stem<'t>(
    word: &str,
    table: &'t HashMap<String, f64>,
    t: &Tables,
) -> Option<(&'t str, f64, String)> {
    // Longest stem first: every char boundary of the word, from the end.
    word.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(word.len()))
        .rev()
        .find_map(|i| {
            let (w, v) = table.get_key_value(word.get(..i)?)?;
            let rest = word.get(i..)?;
            t.bn_suffixes
                .contains(rest)
                .then(|| (w.as_str(), *v, rest.to_string()))
        })
}

fn bn_word(word: &str, out: &mut Vec<Atom>) {
    let t = tables();
    let is = |list: &[String]| list.iter().any(|w| w == word);
    if let Some(&v) = t.bn_over.get(word) {
        out.push(Atom::Over(v));
    } else if is(&t.bn_percent) {
        out.push(Atom::Percent);
    } else if is(&t.bn_decimal) {
        out.push(Atom::Decimal);
    } else if let Some(&d) = t.bn_mod.get(word) {
        out.push(Atom::Modifier(d));
    } else if is(&t.bn_vague) {
        let v = t
            .bn_mult
            .iter()
            .filter(|(w, _)| word.starts_with(w.as_str()))
            .map(|(_, v)| *v)
            .fold(0.0, f64::max);
        out.push(Atom::Vague(v));
    } else if let Some((_, v, _)) = stem(word, &t.bn_mult, t) {
        out.push(Atom::Mult(v));
    } else if let Some((_, v, _)) = stem(word, &t.bn_ord, t) {
        out.push(Atom::Ordinal { v, weak: true });
    } else if let Some((w, v, rest)) =
        stem(word, &t.bn_frac, t).or_else(|| stem(word, &t.bn_num, t))
    {
        let weak = t.bn_weak.iter().any(|x| x == w) || t.bn_half.iter().any(|x| x == w);
        // `নয়` alone is far more often "is not" than nine; with a classifier it is nine.
        let weak = weak && (w != t.bn_nine || rest.is_empty());
        out.push(Atom::Num {
            v,
            weak,
            word: true,
        });
        if let Some(&m) = t.bn_mult.get(&rest) {
            out.push(Atom::Mult(m));
        } else if t.bn_hundred_endings.contains(&rest) {
            out.push(Atom::Mult(1e2));
        }
    } else if let Some(&v) = t.bn_month.iter().find_map(|(m, v)| {
        // A month takes the object ending too: `২৬ মার্চকে`.
        let rest = word.strip_prefix(m.as_str())?;
        (rest == "কে" || t.bn_suffixes.iter().any(|s| s == rest)).then_some(v)
    }) {
        out.push(Atom::Month(v));
    } else if is(&t.bn_approx) {
        out.push(Atom::Approx);
    } else if is(&t.bn_range) {
        out.push(Atom::Range);
    } else {
        out.push(Atom::Other);
    }
}

fn en_word(word: &str, out: &mut Vec<Atom>) {
    let t = tables();
    if word.contains('-') {
        // "twenty-five" (one number), "two-three" (a range), "four-day", "two-thirds" (the
        // leading number parts).
        let parts: Vec<&str> = word.split('-').collect();
        let mut nums: Vec<(f64, bool)> = Vec::new();
        for p in &parts {
            let Some(&v) = t.en_num.get(p) else { break };
            let weak = lexicon::EN_WEAK_CARDINALS.contains(p);
            match nums.last_mut() {
                Some((last, w)) if *last >= 20.0 && *last % 10.0 == 0.0 && v < 10.0 => {
                    *last += v;
                    *w = false;
                }
                _ => nums.push((v, weak)),
            }
        }
        if nums.is_empty() {
            match parts.first().and_then(|p| t.en_ord.get(p)) {
                Some(&v) => out.push(Atom::Ordinal { v, weak: true }),
                None => out.push(Atom::Other),
            }
        }
        for (i, (v, weak)) in nums.into_iter().enumerate() {
            if i > 0 {
                out.push(Atom::Range);
            }
            out.push(Atom::Num {
                v,
                weak,
                word: true,
            });
        }
        return;
    }
    if let Some(&v) = lexicon::EN_TIMES
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, v)| v)
    {
        out.push(Atom::Num {
            v,
            weak: false,
            word: true,
        });
    } else if let Some(&v) = t.en_num.get(word) {
        let weak = lexicon::EN_WEAK_CARDINALS.contains(&word);
        out.push(Atom::Num {
            v,
            weak,
            word: true,
        });
    } else if let Some(&m) = t.en_mult.get(word).filter(|_| word.len() > 2) {
        out.push(Atom::Mult(m));
    } else if let Some(&m) = word
        .strip_suffix('s')
        .and_then(|w| t.en_mult.get(w))
        .filter(|_| word.len() > 3)
    {
        // "lakhs", "crores" after a number are the multiplier; alone, a vague quantity
        // (the assembler decides).
        out.push(if lexicon::EN_VAGUE.contains(&word) {
            Atom::Vague(m)
        } else {
            Atom::Mult(m)
        });
    } else if lexicon::EN_VAGUE.contains(&word) {
        out.push(Atom::Vague(12.0));
    } else if let Some(&v) = t.en_frac.get(word) {
        out.push(Atom::Num {
            v,
            weak: true,
            word: true,
        });
    } else if let Some(&v) = t.en_ord.get(word) {
        out.push(Atom::Ordinal { v, weak: true });
    } else if lexicon::EN_PERCENT.contains(&word) && word != "per" {
        out.push(Atom::Percent);
    } else if word == "per" {
        out.push(Atom::Other);
    } else if word == "cent" {
        out.push(Atom::Cent);
    } else if lexicon::EN_CURRENCIES.contains(&word) {
        out.push(Atom::Currency);
    } else if let Some(&(_, v)) = lexicon::EN_MONTHS.iter().find(|(w, _)| *w == word) {
        out.push(Atom::Month(v));
    } else if lexicon::EN_APPROX.contains(&word) {
        out.push(Atom::Approx);
    } else if word == "and" {
        out.push(Atom::And);
    } else if word == "a" || word == "an" {
        out.push(Atom::Article);
    } else if ["to", "or", "from"].contains(&word) {
        out.push(Atom::Range);
    } else {
        out.push(Atom::Other);
    }
}

/// Atoms of one digit token: the number, then what its suffix adds.
fn digit_atoms(digits: &str, suffix: &str, lang: Lang, out: &mut Vec<Atom>) {
    let Ok(v) = digits.parse::<f64>() else {
        out.push(Atom::Other);
        return;
    };
    let t = tables();
    let ordinal_suffix = match lang {
        Lang::English => ["st", "nd", "rd", "th"].contains(&suffix),
        Lang::Bengali => t.bn_ordinal_endings.iter().any(|s| s == suffix),
    };
    if ordinal_suffix {
        out.push(Atom::Ordinal { v, weak: false });
        return;
    }
    out.push(Atom::Num {
        v,
        weak: false,
        word: false,
    });
    if lang == Lang::English && lexicon::EN_PERCENT.contains(&suffix) {
        // "15pc", "15percent".
        out.push(Atom::Percent);
        return;
    }
    let mult = match lang {
        Lang::English => t.en_mult.get(suffix).copied(),
        Lang::Bengali => stem(suffix, &t.bn_mult, t).map(|(_, m, _)| m),
    };
    if let Some(m) = mult {
        out.push(Atom::Mult(m));
    } else if lang == Lang::Bengali && suffix == t.bn_percent_word {
        out.push(Atom::Percent);
    }
}

/// Every number stated in `text`, in order.
pub fn mentions(text: &str, lang: Lang) -> Vec<Mention> {
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

/// Reads one number starting at atom `k`: the mention (span and surface filled by the caller),
/// the end atom, and whether a multiplier was part of it.
fn assemble(atoms: &[Atom], k: usize, lang: Lang) -> Option<(Mention, usize, bool)> {
    let at = |j: usize| atoms.get(j).copied().unwrap_or(Atom::Other);
    let blank = |value: f64, weak: bool| Mention {
        value,
        alternatives: Vec::new(),
        surface: String::new(),
        span: 0..0,
        weak,
        approx: false,
        percent: false,
        month: false,
    };
    match at(k) {
        Atom::Ordinal { v, weak } => return Some((blank(v, weak), k + 1, false)),
        Atom::Over(v) => {
            let mut m = blank(v, true);
            m.approx = true;
            return Some((m, k + 1, false));
        }
        Atom::Vague(v) => {
            // "lakhs" right after a number was a multiplier; alone it is vague.
            let mut j = k + 1;
            while matches!(at(j), Atom::Vague(_) | Atom::Mult(_)) {
                j += 1;
            }
            return Some((blank(v, true), j, false));
        }
        // `শো` (show), `শের` (lion): a hundred-word counts only after a number.
        Atom::Mult(m) if m < 1000.0 => return None,
        Atom::Num { .. } | Atom::Modifier(_) | Atom::Mult(_) => {}
        Atom::Article if matches!(at(k + 1), Atom::Mult(_)) => {}
        _ => return None,
    }
    let mut total = 0.0f64; // the part ≥ 1000 (already multiplied)
    let mut cur: Option<f64> = None; // the part below the last big multiplier
    let mut largest = 0.0f64;
    let mut modifier = 0.0f64;
    let mut weak = true;
    let mut has_mult = false;
    let mut percent = false;
    let mut last_word_tens = false;
    let mut last_was_mult = false;
    let mut after_hundred = false;
    let mut approx = false;
    let mut last_mult: Option<f64> = None;
    let mut j = k;
    loop {
        match at(j) {
            Atom::Article if cur.is_none() && total == 0.0 => {
                if !matches!(at(j + 1), Atom::Mult(_)) {
                    break;
                }
                cur = Some(1.0);
                weak = false;
            }
            Atom::Modifier(d) if cur.is_none() => {
                if !matches!(at(j + 1), Atom::Num { .. }) {
                    break;
                }
                modifier = d;
            }
            Atom::Num { v, weak: w, word } => {
                match cur {
                    Some(c) if last_word_tens && word && (1.0..10.0).contains(&v) => {
                        cur = Some(c + v);
                        last_word_tens = false;
                    }
                    // "three hundred (and) fifty", `তিনশো পঞ্চাশ`.
                    Some(c) if after_hundred && v < 100.0 && (word || lang == Lang::Bengali) => {
                        cur = Some(c + v);
                        after_hundred = false;
                        last_word_tens = word && v >= 20.0 && v % 10.0 == 0.0;
                    }
                    Some(_) => break,
                    None => {
                        if largest > 0.0 {
                            // After a big multiplier, a number continues this one only when
                            // a smaller multiplier follows it (`৪ কোটি ২৫ লাখ`, "4 crore 25
                            // lakh"), or it is a smaller part (`৫ হাজার ৫০০`).
                            let smaller_mult = matches!(at(j + 1), Atom::Mult(m) if m < largest);
                            let part = v < largest.min(1000.0)
                                && last_was_mult
                                && (word || lang == Lang::Bengali);
                            if !(smaller_mult || part) {
                                break;
                            }
                        }
                        cur = Some(v + modifier);
                        modifier = 0.0;
                        weak = weak && w;
                        last_word_tens = word && (20.0..100.0).contains(&v) && v % 10.0 == 0.0;
                    }
                }
                last_was_mult = false;
                j += 1;
                continue;
            }
            // `ছয় শতাধিক`: six hundred and more.
            Atom::Over(m) if cur.is_some() => {
                let c = cur.unwrap_or(1.0);
                cur = Some(c * m);
                approx = true;
                has_mult = true;
                j += 1;
                break;
            }
            Atom::Decimal => {
                let (Some(c), Atom::Num { v, .. }) = (cur, at(j + 1)) else {
                    break;
                };
                let frac = format!("0.{}", v.to_string().replace('.', ""));
                cur = Some(c + frac.parse::<f64>().unwrap_or(0.0));
                j += 2;
                continue;
            }
            Atom::Mult(m) => {
                if last_mult == Some(m) && cur.is_none() {
                    // `হাজার হাজার`, `কোটি কোটি`: a repeated multiplier is vague.
                    weak = true;
                    j += 1;
                    break;
                }
                let c = match cur.take() {
                    Some(c) => c,
                    None if total == 0.0 => 1.0,
                    // `১০ হাজার কোটি`: a bigger multiplier scales what came before.
                    None if m > largest => 0.0,
                    None => break,
                };
                last_mult = Some(m);
                after_hundred = m < 1000.0;
                if m < 1000.0 {
                    cur = Some(c * m);
                } else if m > largest {
                    total = (total + c) * m;
                    largest = m;
                } else {
                    total += c * m;
                }
                has_mult = true;
                weak = false;
                last_was_mult = true;
                last_word_tens = false;
                j += 1;
                continue;
            }
            Atom::And if lang == Lang::English => {
                // "two and a half", "one hundred and five".
                let half = |a: Atom| matches!(a, Atom::Num { v, .. } if v == 0.5);
                let skip = if at(j + 1) == Atom::Article && half(at(j + 2)) {
                    3
                } else if half(at(j + 1)) {
                    2
                } else {
                    0
                };
                if let (Some(c), true) = (cur, skip > 0) {
                    cur = Some(c + 0.5);
                    j += skip;
                    continue;
                }
                if last_was_mult && matches!(at(j + 1), Atom::Num { word: true, .. }) {
                    j += 1;
                    continue;
                }
                break;
            }
            Atom::Percent => {
                percent = true;
                j += 1;
                break;
            }
            // "83 dollars million": the Bengali word order (`৮৩ মিলিয়ন ডলার`) carried over.
            Atom::Currency
                if cur.is_some() && matches!(at(j + 1), Atom::Mult(m) if m >= 1000.0) =>
            {
                j += 1;
                continue;
            }
            Atom::Other if lang == Lang::English && at(j + 1) == Atom::Cent => {
                // "per cent" (the Other is "per").
                if cur.is_some() || total > 0.0 {
                    percent = true;
                    j += 2;
                }
                break;
            }
            _ => break,
        }
        j += 1;
    }
    if cur.is_none() && total == 0.0 {
        return None;
    }
    let value = total + cur.unwrap_or(0.0);
    let mut m = blank(value, weak);
    m.percent = percent;
    m.approx = approx;
    Some((m, j, has_mult))
}

/// Significant digits of `v` (trailing zeros of an integer do not count: 10,000 has 1).
fn significant(v: f64) -> i32 {
    let s = format!("{}", v.abs());
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let trimmed = if s.contains('.') {
        digits.trim_start_matches('0').to_string()
    } else {
        digits
            .trim_start_matches('0')
            .trim_end_matches('0')
            .to_string()
    };
    i32::try_from(trimmed.len()).unwrap_or(i32::MAX).max(1)
}

fn round_sig(v: f64, sig: i32) -> f64 {
    if v == 0.0 {
        return 0.0;
    }
    let mag = v.abs().log10().floor() as i32;
    let scale = 10f64.powi(mag - sig + 1);
    (v / scale).round() * scale
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// True when `translation` states the number `source` states: equal values (or
/// alternatives), or, when either is hedged, the translation's value is the source's rounded
/// to fewer significant digits ("about 10,000" for `প্রায় ৯,৮৫০`; never the other way: a
/// translator does not invent precision).
pub fn agree(source: &Mention, translation: &Mention) -> bool {
    if source.month != translation.month {
        return false;
    }
    let hedged = source.approx || translation.approx;
    source.values().any(|x| {
        translation.values().any(|y| {
            same(x, y)
                || hedged
                    && significant(y) < significant(x)
                    && same(round_sig(x, significant(y)), y)
        })
    })
}

/// How the numbers of a source and of its translation pair up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparison {
    /// Source numbers stated in no form in the translation (weak ones left out).
    pub missing: Vec<Mention>,
    /// Translation numbers stated in no form in the source (weak ones left out).
    pub added: Vec<Mention>,
    /// Pairs `(source, translation)` that clearly stand for each other but differ.
    pub changed: Vec<(Mention, Mention)>,
}

/// Pairs the numbers of `source` with those of `translation` (one to one, exact values before
/// rounded ones), then pairs what is left where the pairing is clear: the same count on each
/// side (in order), one percentage on each side, or the only pair a power of ten apart.
pub fn compare(source: &[Mention], translation: &[Mention]) -> Comparison {
    let mut used_t = vec![false; translation.len()];
    let mut used_s = vec![false; source.len()];
    let exact = |a: &Mention, b: &Mention| {
        a.month == b.month && a.values().any(|x| b.values().any(|y| same(x, y)))
    };
    // Strong source numbers first, exact before hedged.
    for pass in 0..4 {
        let want_weak = pass % 2 == 1;
        for (i, s) in source.iter().enumerate() {
            if s.weak != want_weak || used_s.get(i).copied().unwrap_or(true) {
                continue;
            }
            let found = translation.iter().enumerate().find(|(j, t)| {
                !used_t.get(*j).copied().unwrap_or(true)
                    && if pass < 2 { exact(s, t) } else { agree(s, t) }
            });
            if let Some((j, _)) = found {
                if let Some(u) = used_t.get_mut(j) {
                    *u = true;
                }
                if let Some(u) = used_s.get_mut(i) {
                    *u = true;
                }
            }
        }
    }
    // A number stated twice on one side and once on the other is not an error.
    let missing: Vec<Mention> = source
        .iter()
        .zip(&used_s)
        .filter(|(s, used)| !**used && !s.weak && !translation.iter().any(|t| exact(s, t)))
        .map(|(s, _)| s.clone())
        .collect();
    let added: Vec<Mention> = translation
        .iter()
        .zip(&used_t)
        .filter(|(t, used)| !**used && !t.weak && !source.iter().any(|s| exact(s, t)))
        .map(|(t, _)| t.clone())
        .collect();
    pair(missing, added)
}

fn pair(missing: Vec<Mention>, added: Vec<Mention>) -> Comparison {
    // Months pair only with months, numbers with numbers.
    let (mm, missing): (Vec<Mention>, Vec<Mention>) = missing.into_iter().partition(|m| m.month);
    let (am, added): (Vec<Mention>, Vec<Mention>) = added.into_iter().partition(|m| m.month);
    let mut out = pair_numbers(missing, added);
    // A month is reported only when it clearly changed (one left on each side): a date
    // written without its month, or with one the source implies, is no error of a number.
    if let ([s], [t]) = (mm.as_slice(), am.as_slice()) {
        out.changed.push((s.clone(), t.clone()));
    }
    out
}

fn pair_numbers(missing: Vec<Mention>, added: Vec<Mention>) -> Comparison {
    if !missing.is_empty() && missing.len() == added.len() {
        return Comparison {
            changed: missing.into_iter().zip(added).collect(),
            ..Comparison::default()
        };
    }
    let mut out = Comparison::default();
    let pm = missing.iter().filter(|m| m.percent).count();
    let pa = added.iter().filter(|m| m.percent).count();
    let (mut missing, mut added) = (missing, added);
    if pm == 1 && pa == 1 {
        let i = missing.iter().position(|m| m.percent);
        let j = added.iter().position(|m| m.percent);
        if let (Some(i), Some(j)) = (i, j) {
            let s = missing.remove(i);
            let t = added.remove(j);
            out.changed.push((s, t));
        }
    }
    // A magnitude slip (lakh ↔ crore, million ↔ billion): the only pair whose values differ
    // by a power of ten.
    let slip = |a: &Mention, b: &Mention| {
        let r = (b.value / a.value).abs().log10();
        a.value != 0.0 && r.is_finite() && r.abs() >= 1.0 && (r - r.round()).abs() < 1e-9
    };
    let pairs: Vec<(usize, usize)> = missing
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            added
                .iter()
                .enumerate()
                .filter(move |(_, b)| slip(a, b))
                .map(move |(j, _)| (i, j))
        })
        .collect();
    if let [(i, j)] = pairs.as_slice() {
        if *i < missing.len() && *j < added.len() {
            let s = missing.remove(*i);
            let t = added.remove(*j);
            out.changed.push((s, t));
        }
    }
    out.missing = missing;
    out.added = added;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, lang: Lang) -> Vec<f64> {
        mentions(text, lang).iter().map(|m| m.value).collect()
    }

    #[test]
    fn bengali_forms() {
        assert_eq!(values("সাড়ে ৬ ভাগ", Lang::Bengali), vec![6.5]);
        assert_eq!(values("১১ লাখ টাকা", Lang::Bengali), vec![1_100_000.0]);
        assert_eq!(values("১০ হাজার কোটি", Lang::Bengali), vec![1e11]);
        assert_eq!(values("২ কোটি ৩০ লাখ", Lang::Bengali), vec![2.3e7]);
        assert_eq!(values("২ দশমিক ১৮ শতাংশ", Lang::Bengali), vec![2.18]);
        assert_eq!(values("দেড় হাজার", Lang::Bengali), vec![1500.0]);
        assert_eq!(values("তিনশো জন", Lang::Bengali), vec![300.0]);
        assert_eq!(values("পৌনে দুই লাখ", Lang::Bengali), vec![175_000.0]);
        assert_eq!(values("তিনি আটক হন", Lang::Bengali), Vec::<f64>::new());
        assert_eq!(values("৫ হাজার ৫০০ জন", Lang::Bengali), vec![5500.0]);
    }

    #[test]
    fn english_forms() {
        assert_eq!(values("6.5 percent", Lang::English), vec![6.5]);
        assert_eq!(values("1.1 million", Lang::English), vec![1_100_000.0]);
        assert_eq!(values("Tk 10,000 crore", Lang::English), vec![1e11]);
        assert_eq!(values("twenty-five people", Lang::English), vec![25.0]);
        assert_eq!(
            values("two million three hundred thousand", Lang::English),
            vec![2.3e6]
        );
        assert_eq!(values("two and a half", Lang::English), vec![2.5]);
        assert_eq!(values("$5bn", Lang::English), vec![5e9]);
        assert_eq!(values("a million", Lang::English), vec![1e6]);
    }
}
