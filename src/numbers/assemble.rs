//! Assembly: atoms → one number (digits, words, multipliers, modifiers, decimals, percent).

use super::atoms::Atom;
use super::{Lang, Mention};

/// Reads one number starting at atom `k`: the mention (span and surface filled by the caller),
/// the end atom, and whether a multiplier was part of it.
pub(super) fn assemble(atoms: &[Atom], k: usize, lang: Lang) -> Option<(Mention, usize, bool)> {
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
