//! Key points: the handful of bullets a reader needs.
//!
//! `extractive` needs no model: it ranks source sentences and returns indices, so every
//! bullet is grounded by construction (`news` tells page furniture and news signals apart).
//! [`abstractive`] summarizes the English with a model; `ground` links each bullet to the
//! sentences it rests on.
//!
//! Public, because tools outside the pipeline call them: [`abstractive`]'s text-in/text-out
//! entry points ([`abstractive::summarize`], [`abstractive::bullets`], [`abstractive::fit`]) for
//! the `summarize` example (a contract: `summarize.rs --raw`) and the summarizer tests; and
//! [`select`] with its [`ExtractiveOptions`], the extractive ranker the pipeline uses, for the
//! `keypoints_eval` example, which compares its settings against baselines. Ranking internals
//! (`rank`, the bounded pool), grounding and the news heuristics are internal.

pub mod abstractive;
pub(crate) mod candidates;
pub(crate) mod extractive;
pub(crate) mod ground;
pub(crate) mod news;

pub use extractive::{select, ExtractiveOptions};

/// Lower-cased words of `s`: maximal runs of letters, digits and Bengali combining marks, so a
/// Bengali word is never cut at a sign. The one word splitter of the ranker and of grounding.
pub(crate) fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !(c.is_alphanumeric() || is_mark(c)))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Bengali vowel signs, virama and nukta are combining marks, part of the word; so are the
/// joiners ZWNJ and ZWJ.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0981}'..='\u{0983}' | '\u{09BC}' | '\u{09BE}'..='\u{09CD}' | '\u{09D7}' | '\u{200C}' | '\u{200D}')
}

#[cfg(test)]
mod tests;
