//! Planting one error of a kind in an English reference line (see the table in
//! [`measure`](super)), with a small seeded generator so runs repeat.

use crate::numbers::{agree, lexicon, mentions, Lang, Mention};

/// The kinds of planted error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A digit changed.
    Digit,
    /// A number deleted.
    Drop,
    /// A multiplier swapped (or ×1000).
    Magnitude,
    /// A cardinal word replaced by another.
    NumberWord,
    /// A number inserted.
    Added,
}

impl ErrorKind {
    /// Every kind, in report order.
    pub const ALL: [ErrorKind; 5] = [
        ErrorKind::Digit,
        ErrorKind::Drop,
        ErrorKind::Magnitude,
        ErrorKind::NumberWord,
        ErrorKind::Added,
    ];

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Digit => "digit",
            ErrorKind::Drop => "drop",
            ErrorKind::Magnitude => "magnitude",
            ErrorKind::NumberWord => "number_word",
            ErrorKind::Added => "added",
        }
    }
}

/// SplitMix64: a small deterministic generator (the errors must be the same on every run).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next_u64() % n as u64).unwrap_or(0)
    }

    /// One of `xs`.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> Option<&'a T> {
        xs.get(self.below(xs.len()))
    }
}

/// One planted error.
#[derive(Debug, Clone, PartialEq)]
pub struct Planted {
    /// Its kind.
    pub kind: ErrorKind,
    /// The corrupted English.
    pub english: String,
    /// What was changed (`45 → 47`).
    pub what: String,
}

fn replace(text: &str, span: std::ops::Range<usize>, with: &str) -> Option<String> {
    let before = text.get(..span.start)?;
    let after = text.get(span.end..)?;
    let mut s = format!("{before}{with}{after}");
    while s.contains("  ") {
        s = s.replace("  ", " ");
    }
    Some(s)
}

/// English mentions that state a source number correctly (candidates for corruption).
fn supported<'a>(src: &'a [Mention], en: &'a [Mention]) -> impl Iterator<Item = &'a Mention> {
    en.iter().filter(|e| src.iter().any(|s| agree(s, e)))
}

/// Plants one error of `kind` in `english` (the reference translation of `source`), or `None`
/// when the line has nothing to corrupt that way.
pub fn plant(kind: ErrorKind, source: &str, english: &str, rng: &mut Rng) -> Option<Planted> {
    let src = mentions(source, Lang::Bengali);
    let en = mentions(english, Lang::English);
    let done = |english: String, what: String| Planted {
        kind,
        english,
        what,
    };
    match kind {
        ErrorKind::Digit => {
            let c: Vec<&Mention> = supported(&src, &en)
                .filter(|e| e.surface.chars().any(|c| c.is_ascii_digit()))
                .collect();
            let m = *rng.pick(&c)?;
            let digits: Vec<(usize, char)> = m
                .surface
                .char_indices()
                .filter(|(_, c)| c.is_ascii_digit())
                .collect();
            let k = rng.below(digits.len());
            let &(at, old) = digits.get(k)?;
            let old_d = old.to_digit(10)?;
            let lowest = if k == 0 { 1 } else { 0 };
            let choices: Vec<u32> = (lowest..10).filter(|&d| d != old_d).collect();
            let new = char::from_digit(*rng.pick(&choices)?, 10)?;
            let pos = m.span.start + at;
            let out = replace(english, pos..pos + 1, &new.to_string())?;
            let mut changed = m.surface.clone();
            changed.replace_range(at..at + 1, &new.to_string());
            Some(done(out, format!("{} → {changed}", m.surface)))
        }
        ErrorKind::Drop => {
            let c: Vec<&Mention> = supported(&src, &en)
                .filter(|e| !e.weak && !e.month)
                .filter(|e| src.iter().any(|s| !s.weak && agree(s, e)))
                .filter(|e| en.iter().filter(|x| agree(x, e)).count() == 1)
                .collect();
            let m = *rng.pick(&c)?;
            let out = replace(english, m.span.clone(), "")?;
            Some(done(out, format!("{} dropped", m.surface)))
        }
        ErrorKind::Magnitude => {
            const SWAPS: &[(&str, &str)] = &[
                ("million", "billion"),
                ("billion", "million"),
                ("lakh", "crore"),
                ("crore", "lakh"),
                ("thousand", "million"),
                ("hundred", "thousand"),
                ("trillion", "billion"),
            ];
            let lower = english.to_ascii_lowercase();
            let mut c: Vec<(usize, &str, &str)> = Vec::new();
            for (from, to) in SWAPS {
                let mut start = 0;
                while let Some(i) = lower.get(start..).and_then(|r| r.find(from)) {
                    let at = start + i;
                    let word_start = at == 0
                        || !lower
                            .get(..at)
                            .and_then(|b| b.chars().last())
                            .is_some_and(char::is_alphabetic);
                    // "millions of people" is no number.
                    let plural = lower
                        .get(at + from.len()..)
                        .is_some_and(|r| r.starts_with('s'));
                    if word_start && !plural {
                        c.push((at, from, to));
                    }
                    start = at + from.len();
                }
            }
            if let Some(&(at, from, to)) = rng.pick(&c) {
                let out = replace(english, at..at + from.len(), to)?;
                return Some(done(out, format!("{from} → {to}")));
            }
            let c: Vec<&Mention> = supported(&src, &en)
                .filter(|e| e.surface.contains(',') && e.value >= 1000.0)
                .collect();
            let m = *rng.pick(&c)?;
            let end = m.span.start
                + m.surface
                    .char_indices()
                    .rfind(|(_, c)| c.is_ascii_digit())
                    .map(|(i, _)| i + 1)?;
            let out = replace(english, end..end, ",000")?;
            Some(done(out, format!("{} → ×1000", m.surface)))
        }
        ErrorKind::NumberWord => {
            let words: Vec<(&str, f64)> = lexicon::EN_CARDINALS
                .iter()
                .copied()
                .filter(|&(w, v)| (1.0..=90.0).contains(&v) && w != "dozen")
                .collect();
            let lower = english.to_ascii_lowercase();
            let mut c: Vec<(usize, &str, f64)> = Vec::new();
            for m in supported(&src, &en) {
                let surf = lower.get(m.span.clone()).unwrap_or("");
                for (w, v) in &words {
                    for (i, _) in surf.match_indices(w) {
                        let at = m.span.start + i;
                        let bounded = |x: Option<char>| x.is_none_or(|c| !c.is_ascii_alphabetic());
                        let prev = lower.get(..at).and_then(|b| b.chars().last());
                        let next = lower.get(at + w.len()..).and_then(|r| r.chars().next());
                        if bounded(prev) && bounded(next) {
                            c.push((at, w, *v));
                        }
                    }
                }
            }
            let &(at, w, v) = rng.pick(&c)?;
            let others: Vec<&str> = words
                .iter()
                .filter(|(_, x)| *x != v && *x <= 20.0)
                .map(|(w, _)| *w)
                .collect();
            let new = *rng.pick(&others)?;
            // Keep the case of the first letter ("Two" → "Five").
            let upper = english
                .get(at..)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase);
            let new_cased = if upper {
                let mut cs = new.chars();
                cs.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + cs.as_str())
                    .unwrap_or_default()
            } else {
                new.to_string()
            };
            let out = replace(english, at..at + w.len(), &new_cased)?;
            Some(done(out, format!("{w} → {new_cased}")))
        }
        ErrorKind::Added => {
            let spaces: Vec<usize> = english.match_indices(' ').map(|(i, _)| i).collect();
            let &at = rng.pick(&spaces)?;
            let form = rng.below(4);
            let taken = |v: f64| src.iter().chain(&en).any(|m| m.values().any(|x| x == v));
            let mut v = 0.0;
            for _ in 0..50 {
                let cand = (2 + rng.below(97)) as f64;
                if !taken(cand) && !taken(cand * 1e6) {
                    v = cand;
                    break;
                }
            }
            if v == 0.0 {
                return None;
            }
            let word = lexicon::EN_CARDINALS
                .iter()
                .find(|(_, x)| *x == v && v <= 20.0)
                .map(|(w, _)| *w);
            let text = match (form, word) {
                (1, Some(w)) => w.to_string(),
                (2, _) => format!("{v} percent"),
                (3, _) => format!("{v} million"),
                _ => format!("{v}"),
            };
            let out = replace(english, at..at + 1, &format!(" {text} "))?;
            Some(done(out, format!("{text} inserted")))
        }
    }
}
