//! Grounding of summary bullets: the translated sentences each bullet rests on, and the
//! warnings of a bullet that rests on nothing or carries a number its sources lack.

use crate::digest::KeyPoint;
use crate::faithfulness::check_key_point;
use crate::warning::Warning;

/// Key point number `b` (0-based) with text `bullet`, grounded in the sentences of `pool`
/// (`(source, (sentence id, English))`, `english` its English in the same order) that it
/// overlaps: `ungrounded` when none, plus the number warnings of
/// [`check_key_point`] against the grounding sentences.
pub(crate) fn key_point(
    b: usize,
    bullet: String,
    pool: &[(String, (usize, String))],
    english: &[&str],
) -> KeyPoint {
    let grounded: Vec<&(String, (usize, String))> = ground(&bullet, english)
        .into_iter()
        .filter_map(|i| pool.get(i))
        .collect();
    let mut warnings = Vec::new();
    if grounded.is_empty() {
        warnings.push(Warning::Ungrounded { key_point: b });
    }
    let sources: Vec<&str> = grounded.iter().map(|(source, _)| source.as_str()).collect();
    let translations: Vec<&str> = grounded.iter().map(|(_, (_, en))| en.as_str()).collect();
    warnings.extend(
        check_key_point(&bullet, &sources, &translations)
            .into_iter()
            .map(|w| w.at_key_point(b)),
    );
    KeyPoint {
        text: bullet,
        sentences: grounded.iter().map(|(_, (id, _))| *id).collect(),
        warnings,
    }
}

/// Content words of an English sentence, sorted and unique: [`words`](super::words) longer
/// than three letters, and numbers.
fn content_words(s: &str) -> Vec<String> {
    let mut w: Vec<String> = super::words(s)
        .filter(|w| w.chars().count() > 3 || w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    w.sort();
    w.dedup();
    w
}

/// The translated sentences a bullet rests on: up to three with the largest overlap of content
/// words and numbers, best first; empty when none shares anything.
pub(crate) fn ground(bullet: &str, english: &[&str]) -> Vec<usize> {
    let bw = content_words(bullet);
    let mut scored: Vec<(usize, usize)> = english
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let sw = content_words(s);
            (bw.iter().filter(|w| sw.binary_search(w).is_ok()).count(), i)
        })
        .filter(|&(n, _)| n > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(3).map(|(_, i)| i).collect()
}
