//! Abstractive key points: a summarizer model over the English translation, map-reduce when the
//! text exceeds its input, bullets = the summary's sentences, each linked to the translated
//! sentences it draws on (overlap of content words and numbers).

use crate::digest::KeyPoint;
use crate::error::Result;
use crate::generate::GenerateOptions;
use crate::translate::Seq2Seq;

/// Summarizes `sentences` (English; each may hold many sentences, e.g. a whole article on one
/// line) with `model`: input longer than the model accepts ([`Seq2Seq::budget`] tokens) is cut
/// at sentence ends, and a sentence still too long at clause boundaries, then whitespace (token
/// windows, the last resort; see [`fit`]); groups of units under the budget are summarized
/// (map), then the joined summaries again until one input remains (reduce). Long text is never
/// an error.
///
/// Errors: those of [`Seq2Seq::run`] (ONNX Runtime, tokenizer), not the input's length.
pub fn summarize(model: &Seq2Seq, sentences: &[&str], opts: &GenerateOptions) -> Result<String> {
    let budget = model.budget();
    let count = |s: &str| model.count_tokens(s);
    let mut units: Vec<String> = sentences
        .iter()
        .flat_map(|s| fit(s, budget, &count))
        .collect();
    if units.is_empty() {
        return Ok(String::new());
    }
    // Each round at least halves the number of units, or stops.
    for _round in 0..8 {
        let groups = pack(&units, budget, count);
        let texts: Vec<&str> = groups.iter().map(String::as_str).collect();
        let summaries = model.run(&texts, opts, 4, &|_, _| {})?;
        if summaries.len() <= 1 {
            return Ok(summaries.into_iter().next().unwrap_or_default());
        }
        if summaries.len() >= units.len() {
            // No reduction possible (each unit alone fills the input): keep the map results.
            return Ok(summaries.join(" "));
        }
        units = summaries
            .iter()
            .flat_map(|s| fit(s, budget, &count))
            .collect();
    }
    Ok(units.join(" "))
}

/// `text` (trimmed) as units of at most `budget` tokens by `count`: whole when it fits; else
/// its sentences ([`bullets`]), and a sentence over the budget cut by
/// [`split_sentence`](crate::text::chunk::split_sentence) (clause boundaries, then whitespace,
/// then chars). Empty text gives no unit; no text is dropped.
pub fn fit(text: &str, budget: usize, count: &impl Fn(&str) -> usize) -> Vec<String> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    if count(text) <= budget {
        return vec![text.to_string()];
    }
    let mut out = Vec::new();
    for sentence in bullets(text) {
        if count(&sentence) <= budget {
            out.push(sentence);
            continue;
        }
        let len = sentence.len();
        for (span, _) in crate::text::chunk::split_sentence(&sentence, 0..len, budget, count) {
            let piece = sentence.get(span).unwrap_or("").trim();
            if !piece.is_empty() {
                out.push(piece.to_string());
            }
        }
    }
    out
}

/// Greedily joins consecutive units while the joined text fits `budget` tokens. A unit over the
/// budget stays alone (the tokenizer of the summarizer truncates nothing: the model errors).
fn pack(units: &[String], budget: usize, count: impl Fn(&str) -> usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for u in units {
        if let Some(last) = out.last_mut() {
            let joined = format!("{last} {u}");
            if count(&joined) <= budget {
                *last = joined;
                continue;
            }
        }
        out.push(u.clone());
    }
    out
}

/// Splits a summary into bullet sentences (at `.`, `!`, `?` followed by a space).
pub fn bullets(summary: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = summary.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let ends = matches!(c, '.' | '!' | '?')
            && chars.get(k + 1).is_none_or(|&(_, n)| n.is_whitespace());
        if ends {
            let end = i + c.len_utf8();
            let s = summary.get(start..end).unwrap_or("").trim();
            if !s.is_empty() {
                out.push(s.to_string());
            }
            start = end;
        }
    }
    let rest = summary.get(start..).unwrap_or("").trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// Abstractive key points of a stream's pool (`(source, (sentence id, English))` per
/// sentence): at most `count` bullets of the summary of the pool's English, each grounded in
/// the pool sentences it overlaps and checked ([`key_point`](super::ground::key_point)).
///
/// Errors: those of [`summarize`].
pub(crate) fn key_points(
    model: &Seq2Seq,
    pool: &[(String, (usize, String))],
    count: usize,
) -> Result<Vec<KeyPoint>> {
    let english: Vec<&str> = pool.iter().map(|(_, (_, e))| e.as_str()).collect();
    let summary = summarize(model, &english, &GenerateOptions::default())?;
    Ok(bullets(&summary)
        .into_iter()
        .take(count)
        .enumerate()
        .map(|(b, text)| super::ground::key_point(b, text, pool, &english))
        .collect())
}
