//! Atoms: what each token means to the number parser, read from the [`lexicon`](super::lexicon).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::{fold, lexicon, Lang};

/// What a word or token means to the number parser.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Atom {
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

pub(super) fn bn_word(word: &str, out: &mut Vec<Atom>) {
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

pub(super) fn en_word(word: &str, out: &mut Vec<Atom>) {
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
pub(super) fn digit_atoms(digits: &str, suffix: &str, lang: Lang, out: &mut Vec<Atom>) {
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
