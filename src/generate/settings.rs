//! Resolving one call's generation settings: the call's [`GenerateOptions`] over the model's
//! generation config, as `GenerationMixin._prepare_generation_config` and
//! `_prepare_special_tokens` merge them, then bounds-checked.
#![deny(clippy::arithmetic_side_effects)]

use std::path::Path;

use super::GenerateOptions;
use crate::error::{Error, Result};
use crate::model::config::{GenerationConfig, ModelConfig};

/// Fully resolved settings for one `generate` call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Settings {
    /// First decoder input.
    pub(crate) decoder_start_token_id: i64,
    /// Ids that end a sequence.
    pub(crate) eos_token_ids: Vec<i64>,
    /// Filler after a sequence ends.
    pub(crate) pad_token_id: i64,
    /// Total length cap, start token included.
    pub(crate) max_length: usize,
    /// Total length floor.
    pub(crate) min_length: usize,
    /// New-token floor.
    pub(crate) min_new_tokens: usize,
    /// Beams.
    pub(crate) num_beams: usize,
    /// Beam length penalty.
    pub(crate) length_penalty: f32,
    /// Beam early stopping.
    pub(crate) early_stopping: EarlyStopping,
    /// No-repeat n-gram size (0 off).
    pub(crate) no_repeat_ngram_size: usize,
    /// Repetition penalty.
    pub(crate) repetition_penalty: f32,
    /// Banned sequences.
    pub(crate) bad_words_ids: Vec<Vec<i64>>,
    /// Forced first token.
    pub(crate) forced_bos_token_id: Option<i64>,
    /// Forced last token.
    pub(crate) forced_eos_token_id: Option<i64>,
}

/// Beam search stopping rule: `generation_config.json` `early_stopping` (`true`, `false` or
/// `"never"`), as `transformers`' `BeamSearchScorer` reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EarlyStopping {
    /// Stop once `num_beams` hypotheses are finished.
    True,
    /// Stop when no running beam can beat the worst finished one (heuristic).
    False,
    /// Never stop early.
    Never,
}

impl From<bool> for EarlyStopping {
    /// `early_stopping=True` / `False`.
    fn from(b: bool) -> Self {
        if b {
            Self::True
        } else {
            Self::False
        }
    }
}

/// The model's own end-of-sequence ids: `generation_config.json` `eos_token_id` (one id or a
/// list), else `config.json`'s. What [`Settings::resolve`] uses without a call override, and
/// what the tokenizer appends to source ids.
pub(crate) fn default_eos_token_ids(
    model: &ModelConfig,
    gen: &GenerationConfig,
) -> Option<Vec<i64>> {
    gen.eos_token_id
        .clone()
        .or_else(|| model.eos_token_id.map(|e| vec![e]))
}

impl Settings {
    /// Merges the model's configs with per-call overrides; `config_path` names the file in errors.
    pub(crate) fn resolve(
        model: &ModelConfig,
        gen: &GenerationConfig,
        opts: &GenerateOptions,
        config_path: &Path,
    ) -> Result<Self> {
        let missing = |key: &str| Error::Config {
            path: config_path.to_path_buf(),
            reason: format!("missing key `{key}` (in generation_config.json or config.json)"),
        };
        // Special ids: the generation config's, as `_prepare_special_tokens` reads them; the
        // decoder start falls back to `bos_token_id` there. `config.json` is a last resort
        // for hand-written folders whose generation config omits them.
        let decoder_start_token_id = opts
            .decoder_start_token_id
            .or(gen.decoder_start_token_id)
            .or(gen.bos_token_id)
            .or(model.decoder_start_token_id)
            .ok_or_else(|| missing("decoder_start_token_id"))?;
        let eos_token_ids = opts
            .eos_token_id
            .clone()
            .filter(|e| !e.is_empty())
            .or_else(|| default_eos_token_ids(model, gen))
            .ok_or_else(|| missing("eos_token_id"))?;
        let pad_token_id = gen
            .pad_token_id
            .or(model.pad_token_id)
            .or_else(|| eos_token_ids.first().copied())
            .ok_or_else(|| missing("pad_token_id"))?;
        let max_length = max_length(model, gen, opts)?;
        let early_stopping = match opts.early_stopping {
            Some(e) => e,
            None => match &gen.early_stopping {
                Some(serde_json::Value::Bool(true)) => EarlyStopping::True,
                Some(serde_json::Value::String(s)) if s == "never" => EarlyStopping::Never,
                _ => EarlyStopping::False,
            },
        };
        let mut bad_words_ids = gen.bad_words_ids.clone().unwrap_or_default();
        // `transformers` drops bad words equal to an EOS id.
        bad_words_ids.retain(|b| {
            !(b.is_empty()
                || (b.len() == 1 && b.first().is_some_and(|t| eos_token_ids.contains(t))))
        });
        let num_beams = opts.num_beams.or(gen.num_beams).unwrap_or(1);
        // Generation keys come from the generation config alone (`config.json`'s are merged in
        // only when there is no generation_config.json: see `GenerationConfig::resolve`).
        let forced_bos_token_id = opts.forced_bos_token_id.or(gen.forced_bos_token_id);
        let forced_eos_token_id = opts.forced_eos_token_id.or(gen.forced_eos_token_id);
        // Special ids outside the vocabulary would fail deep in ONNX Runtime (start, pad) or
        // silently never match (eos, forced tokens): refuse them here, naming the key.
        if let Some(vocab) = model.vocab_size {
            let ids = [
                ("decoder_start_token_id", Some(decoder_start_token_id)),
                ("pad_token_id", Some(pad_token_id)),
                ("forced_bos_token_id", forced_bos_token_id),
                ("forced_eos_token_id", forced_eos_token_id),
            ]
            .into_iter()
            .chain(eos_token_ids.iter().map(|&e| ("eos_token_id", Some(e))));
            for (key, id) in ids {
                if let Some(id) = id.filter(|&i| usize::try_from(i).map_or(true, |u| u >= vocab)) {
                    return Err(Error::Config {
                        path: config_path.to_path_buf(),
                        reason: format!(
                            "`{key}` is {id}, outside the model's vocabulary of {vocab} \
                             (config.json `vocab_size`)"
                        ),
                    });
                }
            }
        }
        let settings = Self {
            decoder_start_token_id,
            eos_token_ids,
            pad_token_id,
            max_length,
            min_length: opts.min_length.or(gen.min_length).unwrap_or(0),
            min_new_tokens: opts.min_new_tokens.or(gen.min_new_tokens).unwrap_or(0),
            num_beams,
            length_penalty: opts.length_penalty.or(gen.length_penalty).unwrap_or(1.0),
            early_stopping,
            no_repeat_ngram_size: opts
                .no_repeat_ngram_size
                .or(gen.no_repeat_ngram_size)
                .unwrap_or(0),
            repetition_penalty: opts
                .repetition_penalty
                .or(gen.repetition_penalty)
                .unwrap_or(1.0),
            bad_words_ids,
            forced_bos_token_id,
            forced_eos_token_id,
        };
        settings.validate()?;
        Ok(settings)
    }

    /// Checks the bounds every search relies on (the values may come from a call's options or
    /// from the model's files: the message names the setting to change).
    ///
    /// Errors: [`Error::InvalidSetting`] when `num_beams` is outside `1..=`[`MAX_NUM_BEAMS`],
    /// `max_length` over [`MAX_LENGTH`] (i.e. more than [`MAX_NEW_TOKENS`] new tokens), the
    /// repetition penalty not finite and positive, or the length penalty not finite.
    pub(crate) fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(Error::InvalidSetting(m));
        if !(1..=MAX_NUM_BEAMS).contains(&self.num_beams) {
            return bad(format!(
                "num_beams must be between 1 and {MAX_NUM_BEAMS}, got {}",
                self.num_beams
            ));
        }
        if self.max_length > MAX_LENGTH {
            return bad(format!(
                "max_length {} is too large: at most {MAX_LENGTH} (max_new_tokens at most \
                 {MAX_NEW_TOKENS})",
                self.max_length
            ));
        }
        if !(self.repetition_penalty.is_finite() && self.repetition_penalty > 0.0) {
            return bad(format!(
                "repetition_penalty must be finite and greater than 0 (1.0 = off), got {}",
                self.repetition_penalty
            ));
        }
        if !self.length_penalty.is_finite() {
            return bad(format!(
                "length_penalty must be finite, got {}",
                self.length_penalty
            ));
        }
        Ok(())
    }
}

/// Most beams a search may keep: a bound of this crate (each beam is one decoder row; 64 is
/// well past what translation or summarization uses, 4–6), not a `transformers` limit.
pub(crate) const MAX_NUM_BEAMS: usize = 64;

/// Most new tokens one call may ask for: a bound of this crate, far past any model's positions
/// (NLLB: 1024), that keeps every length computation far from overflow.
pub(crate) const MAX_NEW_TOKENS: usize = 1_000_000;

/// Largest `max_length` (decoder start token included): [`MAX_NEW_TOKENS`] + 1.
pub(crate) const MAX_LENGTH: usize = 1_000_001;

/// `max_length` (decoder start token included) as `GenerationMixin._prepare_generated_length`
/// sets it for an encoder-decoder model (whose decoder prompt is the one start token):
/// `max_new_tokens` (the call's, else the generation config's) + 1; else the call's
/// `max_length`; else the generation config's `max_length`, except that the library default of
/// 20 (`GenerationConfig().max_length`, also when a file spells it out) means 20 *new* tokens,
/// capped by `max_position_embeddings`.
///
/// Errors: [`Error::InvalidSetting`] when `max_new_tokens` is over [`MAX_NEW_TOKENS`].
fn max_length(
    model: &ModelConfig,
    gen: &GenerationConfig,
    opts: &GenerateOptions,
) -> Result<usize> {
    /// `GenerationConfig().max_length` in transformers.
    const DEFAULT_MAX_LENGTH: usize = 20;
    if let Some(n) = opts.max_new_tokens.or(gen.max_new_tokens) {
        return n
            .checked_add(1)
            .filter(|&l| l <= MAX_LENGTH)
            .ok_or_else(|| {
                Error::InvalidSetting(format!(
                    "max_new_tokens {n} is too large: at most {MAX_NEW_TOKENS}"
                ))
            });
    }
    if let Some(l) = opts.max_length {
        return Ok(l);
    }
    let l = gen.max_length.unwrap_or(DEFAULT_MAX_LENGTH);
    if l != DEFAULT_MAX_LENGTH {
        return Ok(l);
    }
    let raised = DEFAULT_MAX_LENGTH.saturating_add(1);
    Ok(model
        .max_position_embeddings
        .map_or(raised, |p| raised.min(p)))
}
