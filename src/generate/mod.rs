//! The one generation core shared by translator and summarizer: encoder pass, decoder steps
//! with a KV cache (merged or with-past graphs), logits processors, greedy and beam search.
//!
//! Semantics follow `transformers.generate`; architecture differences come from the model's
//! own `config.json` / `generation_config.json`, never from a `match` on the model type.
#![deny(clippy::arithmetic_side_effects)]

mod cache;
mod graph;
pub(crate) mod logits;
mod model;
mod options;
mod search;
mod settings;

pub use cache::DecodeState;
pub use model::{Seq2SeqModel, StepLogits};
pub use options::GenerateOptions;
pub use settings::EarlyStopping;
pub(crate) use settings::{default_eos_token_ids, Settings, MAX_NEW_TOKENS, MAX_NUM_BEAMS};

/// Why a generated sequence stopped (as candle's `FinishReason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    /// The model chose to end: the sequence's last generated token is one of the EOS ids
    /// (`eos_token_id`), reached before the length cap forced anything.
    Eos,
    /// Stopped at `max_length` (tokens, start token included) without choosing to end (including an EOS that
    /// `forced_eos_token_id` forced at the cap): the output may be cut.
    Length,
}

impl FinishReason {
    /// The reason for `seq` (decoder start token first, no padding after its end) generated
    /// under `s`: [`Eos`](Self::Eos) when its last generated token is an EOS id, unless that
    /// token sits at the cap and `forced_eos_token_id` is set (then it was forced:
    /// [`Length`](Self::Length)).
    pub(crate) fn of(seq: &[i64], s: &Settings) -> Self {
        let ends_on_eos = seq.len() > 1 && seq.last().is_some_and(|t| s.eos_token_ids.contains(t));
        let forced_at_cap = s.forced_eos_token_id.is_some() && seq.len() >= s.max_length;
        if ends_on_eos && !forced_at_cap {
            Self::Eos
        } else {
            Self::Length
        }
    }
}

/// One generated sequence with the reason it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generation {
    /// Exactly the row [`Seq2SeqModel::generate`] returns: decoder start token first, padded
    /// after its end up to the batch's longest row.
    pub ids: Vec<i64>,
    /// Why it stopped.
    pub finish_reason: FinishReason,
}
