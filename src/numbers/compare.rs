//! Agreement of two numbers and pairing of a source's numbers with its translation's.

use super::Mention;

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
pub(crate) fn agree(source: &Mention, translation: &Mention) -> bool {
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
pub(crate) struct Comparison {
    /// Source numbers stated in no form in the translation (weak ones left out).
    pub(crate) missing: Vec<Mention>,
    /// Translation numbers stated in no form in the source (weak ones left out).
    pub(crate) added: Vec<Mention>,
    /// Pairs `(source, translation)` that clearly stand for each other but differ.
    pub(crate) changed: Vec<(Mention, Mention)>,
}

/// Pairs the numbers of `source` with those of `translation` (one to one, exact values before
/// rounded ones), then pairs what is left where the pairing is clear: the same count on each
/// side (in order), one percentage on each side, or the only pair a power of ten apart.
pub(crate) fn compare(source: &[Mention], translation: &[Mention]) -> Comparison {
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
