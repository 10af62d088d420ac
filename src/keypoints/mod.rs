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

#[cfg(test)]
mod tests;
