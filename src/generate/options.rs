//! [`GenerateOptions`]: one call's overrides of the model's generation config.

use super::EarlyStopping;

/// Per-call overrides of `generation_config.json`, named as `transformers`' `GenerationConfig`
/// keys (and `generate(**kwargs)`). `None` keeps the model's value (its generation config,
/// else `config.json`, else the library default the field names).
///
/// Build with `Default` and the chainable setters:
/// `GenerateOptions::default().num_beams(4).max_new_tokens(64)`. Values are checked when a call
/// resolves them ([`Seq2SeqModel::generate`](super::Seq2SeqModel::generate) and friends):
/// [`Error::InvalidSetting`](crate::Error::InvalidSetting) for `num_beams` outside `1..=64`,
/// `max_new_tokens` over 1 000 000 (a bound of this crate), a `repetition_penalty` not finite
/// and positive, or a `length_penalty` not finite.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct GenerateOptions {
    /// `num_beams`: beam count; 1 is greedy (library default 1).
    pub num_beams: Option<usize>,
    /// `max_length`: total output length in tokens, decoder start token included.
    pub max_length: Option<usize>,
    /// `max_new_tokens`: generated tokens, start token excluded (takes precedence over
    /// `max_length`).
    pub max_new_tokens: Option<usize>,
    /// `min_length`: total length floor in tokens (EOS is banned below it; default 0).
    pub min_length: Option<usize>,
    /// `min_new_tokens`: generated-token floor (default 0).
    pub min_new_tokens: Option<usize>,
    /// `length_penalty`: beam scores are divided by `length^length_penalty` (default 1.0).
    pub length_penalty: Option<f32>,
    /// `early_stopping`: beam search stopping rule (default `False`).
    pub early_stopping: Option<EarlyStopping>,
    /// `no_repeat_ngram_size`: forbid repeating n-grams of this many tokens (0 = off).
    pub no_repeat_ngram_size: Option<usize>,
    /// `repetition_penalty`: CTRL's penalty on tokens already in the output (1.0 = off).
    pub repetition_penalty: Option<f32>,
    /// `decoder_start_token_id`: the first decoder input (default: the generation config's,
    /// else its `bos_token_id`, else `config.json`'s).
    pub decoder_start_token_id: Option<i64>,
    /// `forced_bos_token_id`: forced first generated token (e.g. the target language).
    pub forced_bos_token_id: Option<i64>,
    /// `forced_eos_token_id`: token forced at the last position `max_length` allows.
    pub forced_eos_token_id: Option<i64>,
    /// `eos_token_id`: ids that end a sequence (replaces the model's, as the `generate`
    /// kwarg; an empty list keeps the model's).
    pub eos_token_id: Option<Vec<i64>>,
}

macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty;)*) => {
        impl GenerateOptions {
            $(
                $(#[$doc])*
                #[must_use]
                pub fn $name(mut self, value: $ty) -> Self {
                    self.$name = Some(value);
                    self
                }
            )*
        }
    };
}

setters! {
    /// Sets [`num_beams`](Self::num_beams).
    num_beams: usize;
    /// Sets [`max_length`](Self::max_length) (tokens, start token included).
    max_length: usize;
    /// Sets [`max_new_tokens`](Self::max_new_tokens) (tokens).
    max_new_tokens: usize;
    /// Sets [`min_length`](Self::min_length) (tokens).
    min_length: usize;
    /// Sets [`min_new_tokens`](Self::min_new_tokens) (tokens).
    min_new_tokens: usize;
    /// Sets [`length_penalty`](Self::length_penalty).
    length_penalty: f32;
    /// Sets [`early_stopping`](Self::early_stopping).
    early_stopping: EarlyStopping;
    /// Sets [`no_repeat_ngram_size`](Self::no_repeat_ngram_size) (tokens).
    no_repeat_ngram_size: usize;
    /// Sets [`repetition_penalty`](Self::repetition_penalty).
    repetition_penalty: f32;
    /// Sets [`decoder_start_token_id`](Self::decoder_start_token_id).
    decoder_start_token_id: i64;
    /// Sets [`forced_bos_token_id`](Self::forced_bos_token_id).
    forced_bos_token_id: i64;
    /// Sets [`forced_eos_token_id`](Self::forced_eos_token_id).
    forced_eos_token_id: i64;
    /// Sets [`eos_token_id`](Self::eos_token_id).
    eos_token_id: Vec<i64>;
}
