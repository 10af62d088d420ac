//! Key points: the handful of bullets a reader needs.
//!
//! `extractive` needs no model: it ranks source sentences and returns indices, so every
//! bullet is grounded by construction (`news` tells page furniture and news signals apart).
//! [`abstractive`] summarizes the English with a model; `ground` links each bullet to the
//! sentences it rests on.
//!
//! Public: only [`abstractive`]'s text-in/text-out entry points ([`abstractive::summarize`],
//! [`abstractive::bullets`], [`abstractive::fit`]), which the `summarize` example (a contract:
//! `summarize.rs --raw`) and the summarizer tests call; ranking, grounding and the news
//! heuristics are internal.

pub mod abstractive;
pub(crate) mod candidates;
pub(crate) mod extractive;
pub(crate) mod ground;
pub(crate) mod news;
