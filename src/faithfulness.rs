//! Faithfulness checks on translated sentences and bullets: numbers, quotes, degenerate loops.

pub mod measure;

use crate::numbers::{agree, compare, mentions, Comparison, Lang, Mention};
use crate::text::normalize::ascii_digit;
use crate::warning::Warning;

/// Digit strings in `text` (no number words: see [`check_numbers`] for values), Bengali or
/// ASCII digits, with grouping commas removed and Bengali digits
/// mapped (`১০,০০০` and `10,000` both give `10000`); a decimal point is kept (`১০.৫` → `10.5`).
pub fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = ascii_digit(c) {
            cur.push(d);
            continue;
        }
        let next_is_digit = chars.get(i + 1).and_then(|&n| ascii_digit(n)).is_some();
        if !cur.is_empty() && next_is_digit && (c == ',' || c == '.') {
            if c == '.' {
                cur.push('.');
            }
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The number warnings of one translated sentence: numbers of `source` (Bengali) in no form
/// in `english` (`number_missing`), numbers of `english` in no form in `source`
/// (`number_added`), and pairs that clearly stand for each other but differ
/// (`number_changed`). Values, not digit strings, are compared (number words,
/// lakh/crore, percentages):
/// `সাড়ে ৬ ভাগ` = "6.5 percent", `১১ লাখ` = "1.1 million", `৪` = "four". The warnings carry no
/// sentence id; the pipeline sets it.
pub fn check_numbers(source: &str, english: &str) -> Vec<Warning> {
    let s = mentions(source, Lang::Bengali);
    let e = mentions(english, Lang::English);
    warnings(compare(&s, &e), true)
}

/// The number warnings of a key point: numbers of `bullet` (English) stated in no form in
/// the sentences it cites, Bengali `sources` or their English `translations`
/// (`number_added`, or `number_changed` when the pairing is clear). A bullet leaves numbers
/// out by design, so nothing is reported missing.
pub fn check_key_point(bullet: &str, sources: &[&str], translations: &[&str]) -> Vec<Warning> {
    let mut s: Vec<Mention> = sources
        .iter()
        .flat_map(|t| mentions(t, Lang::Bengali))
        .collect();
    s.extend(translations.iter().flat_map(|t| mentions(t, Lang::English)));
    let b = mentions(bullet, Lang::English);
    let added: Vec<Mention> = b
        .iter()
        .filter(|t| !t.weak && !s.iter().any(|x| agree(x, t)))
        .cloned()
        .collect();
    // A bullet is short: its sources' other numbers are expected to be left out, so only a
    // lone percentage on each side makes a clear pair.
    let mut open: Vec<&Mention> = s
        .iter()
        .filter(|x| x.percent && !x.weak && !b.iter().any(|t| agree(x, t)))
        .collect();
    // The Bengali and its English state the same percentage: count it once.
    open.sort_by(|a, b| a.value.total_cmp(&b.value));
    open.dedup_by(|a, b| a.value == b.value);
    let mut c = Comparison {
        added,
        ..Comparison::default()
    };
    if let ([one], 1) = (
        open.as_slice(),
        c.added.iter().filter(|t| t.percent).count(),
    ) {
        if let Some(i) = c.added.iter().position(|t| t.percent) {
            let t = c.added.remove(i);
            c.changed.push(((*one).clone(), t));
        }
    }
    warnings(c, false)
}

/// The number warnings of one line of a line-aligned source/translation pair (what the
/// `check` example prints, one JSON object a line).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LineCheck {
    /// The line number, from 1.
    pub line: usize,
    /// Its warnings (JSON: objects with a `kind`).
    pub warnings: Vec<Warning>,
}

/// [`check_numbers`] on each pair of line-aligned `sources` (Bengali) and `translations`
/// (English); pairs beyond the shorter side are not checked (callers compare the counts).
pub fn check_lines(sources: &[&str], translations: &[&str]) -> Vec<LineCheck> {
    sources
        .iter()
        .zip(translations)
        .enumerate()
        .map(|(i, (s, e))| LineCheck {
            line: i.saturating_add(1),
            warnings: check_numbers(s, e),
        })
        .collect()
}

fn warnings(c: Comparison, with_missing: bool) -> Vec<Warning> {
    let mut out = Vec::new();
    if with_missing {
        out.extend(c.missing.into_iter().map(|m| Warning::NumberMissing {
            sentence: None,
            key_point: None,
            value: m.value,
            source: m.surface,
        }));
    }
    out.extend(c.added.into_iter().map(|m| Warning::NumberAdded {
        sentence: None,
        key_point: None,
        value: m.value,
        english: m.surface,
    }));
    out.extend(c.changed.into_iter().map(|(s, t)| Warning::NumberChanged {
        sentence: None,
        key_point: None,
        source_value: s.value,
        source: s.surface,
        english_value: t.value,
        english: t.surface,
    }));
    out
}

/// True when straight double quotes pair up and curly quotes open and close equally often.
pub fn quotes_balanced(text: &str) -> bool {
    let count = |c: char| text.chars().filter(|&x| x == c).count();
    count('"') % 2 == 0 && count('“') == count('”')
}

/// True when the text loops: some word n-gram (n = 1..=4) repeats back to back at least
/// `4` times (n = 1) or `3` times (n > 1), the signature of a degenerate decode.
pub fn is_degenerate(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=4usize).any(|n| {
        let need = if n == 1 { 4 } else { 3 };
        // Any window of `need` back-to-back n-grams whose n-grams are all equal.
        words.windows(n * need).any(|w| {
            let mut grams = w.chunks(n);
            let first = grams.next();
            grams.all(|g| Some(g) == first)
        })
    })
}

/// Fewest words before [`is_dominated`] judges a text: shorter outputs repeat words normally.
pub const DOMINANCE_MIN_WORDS: usize = 12;

/// True when one word (case-insensitive, punctuation stripped) is at least a third of a text of
/// at least [`DOMINANCE_MIN_WORDS`] words: a loop that is not back to back (`X X y X X z …`),
/// which [`is_degenerate`] misses. The threshold is a choice of this crate: in English prose
/// the commonest word (`the`) is under a tenth of the words.
pub fn is_dominated(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < DOMINANCE_MIN_WORDS {
        return false;
    }
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for w in &words {
        let c = counts.entry(w.as_str()).or_insert(0);
        *c = c.saturating_add(1);
    }
    let top = counts.values().copied().max().unwrap_or(0);
    top.saturating_mul(3) >= words.len()
}

/// [`is_degenerate`] or [`is_dominated`]: the output loops, back to back or not.
pub fn loops(text: &str) -> bool {
    is_degenerate(text) || is_dominated(text)
}

/// The faithfulness warnings of translated sentence `id` (pipeline use): its number warnings
/// ([`check_numbers`]), `quote_unbalanced` when [`quotes_balanced`] fails, and `degenerate`
/// when the English [`loops`] and `earlier` (the warnings the sentence already has) holds no
/// `degenerate` one.
pub(crate) fn sentence_warnings(
    id: usize,
    source: &str,
    english: &str,
    earlier: &[Warning],
) -> Vec<Warning> {
    let mut out: Vec<Warning> = check_numbers(source, english)
        .into_iter()
        .map(|w| w.at_sentence(id))
        .collect();
    if !quotes_balanced(english) {
        out.push(Warning::QuoteUnbalanced { sentence: id });
    }
    if loops(english) && !earlier.iter().any(|w| w.kind() == "degenerate") {
        out.push(Warning::Degenerate {
            sentence: id,
            retries: 0,
            still_looping: true,
        });
    }
    out
}
