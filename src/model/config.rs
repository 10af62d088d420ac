//! `config.json` and `generation_config.json`, read with serde.
//!
//! Architecture differences (start token, forced tokens, layer counts under different key
//! names) are carried here as data so the decode loop never branches on the model type.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The fields of `config.json` the runtime needs. Key names differ between architectures
/// (`decoder_layers` vs T5's `num_decoder_layers`); the accessors resolve them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ModelConfig {
    /// `model_type`, e.g. `m2m_100`, `marian`, `mbart`, `bart`, `t5`.
    #[serde(default)]
    pub model_type: Option<String>,
    /// `is_encoder_decoder`; an encoder-only model is rejected.
    #[serde(default)]
    pub is_encoder_decoder: Option<bool>,
    /// Output vocabulary size (rows of the LM head).
    #[serde(default)]
    pub vocab_size: Option<usize>,
    /// Hidden size (`d_model`).
    #[serde(default)]
    pub d_model: Option<usize>,
    /// BART-family decoder layers.
    #[serde(default)]
    pub decoder_layers: Option<usize>,
    /// BART-family decoder heads.
    #[serde(default)]
    pub decoder_attention_heads: Option<usize>,
    /// T5 layers (`num_layers`, also the decoder's unless `num_decoder_layers`).
    #[serde(default)]
    pub num_layers: Option<usize>,
    /// T5 decoder layers.
    #[serde(default)]
    pub num_decoder_layers: Option<usize>,
    /// T5 heads.
    #[serde(default)]
    pub num_heads: Option<usize>,
    /// T5 per-head size.
    #[serde(default)]
    pub d_kv: Option<usize>,
    /// Maximum source/target positions.
    #[serde(default)]
    pub max_position_embeddings: Option<usize>,
    /// Padding id.
    #[serde(default)]
    pub pad_token_id: Option<i64>,
    /// End-of-sequence id.
    #[serde(default)]
    pub eos_token_id: Option<i64>,
    /// Beginning-of-sequence id.
    #[serde(default)]
    pub bos_token_id: Option<i64>,
    /// First decoder input id.
    #[serde(default)]
    pub decoder_start_token_id: Option<i64>,
    /// Forced first generated token (older configs keep generation keys here).
    #[serde(default)]
    pub forced_bos_token_id: Option<i64>,
    /// Forced last token when `max_length` is reached.
    #[serde(default)]
    pub forced_eos_token_id: Option<i64>,
}

impl ModelConfig {
    /// Reads and validates `config.json`.
    pub fn load(path: &Path) -> Result<Self> {
        Self::from_json(&read_file(path)?, path)
    }

    /// Parses and validates `config.json` content. `path` only names the file
    /// in errors. Never panics: malformed input is an [`Error::Config`].
    pub fn from_json(json: &[u8], path: &Path) -> Result<Self> {
        let cfg: Self = parse_json(json, path)?;
        if cfg.is_encoder_decoder == Some(false) {
            return Err(Error::Config {
                path: path.to_path_buf(),
                reason: format!(
                    "is_encoder_decoder is false (model_type {:?}): only encoder-decoder (seq2seq) models are supported",
                    cfg.model_type.as_deref().unwrap_or("unknown")
                ),
            });
        }
        for (key, v) in [("vocab_size", cfg.vocab_size)] {
            if v.is_none() {
                return Err(missing_key(path, key));
            }
        }
        if cfg.decoder_layer_count().is_none() {
            return Err(missing_key(
                path,
                "decoder_layers (or num_decoder_layers / num_layers)",
            ));
        }
        Ok(cfg)
    }

    /// Number of decoder layers, whichever key the architecture uses.
    pub fn decoder_layer_count(&self) -> Option<usize> {
        self.decoder_layers
            .or(self.num_decoder_layers)
            .or(self.num_layers)
    }

    /// Number of decoder attention heads, whichever key the architecture uses.
    pub fn decoder_head_count(&self) -> Option<usize> {
        self.decoder_attention_heads.or(self.num_heads)
    }
}

/// `generation_config.json`: the defaults a call may override.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct GenerationConfig {
    /// First decoder input id.
    #[serde(default)]
    pub decoder_start_token_id: Option<i64>,
    /// End-of-sequence id(s); HF allows an int or a list.
    #[serde(default, deserialize_with = "one_or_many")]
    pub eos_token_id: Option<Vec<i64>>,
    /// Padding id.
    #[serde(default)]
    pub pad_token_id: Option<i64>,
    /// Forced first generated token.
    #[serde(default)]
    pub forced_bos_token_id: Option<i64>,
    /// Forced token at `max_length`.
    #[serde(default)]
    pub forced_eos_token_id: Option<i64>,
    /// Total length including the decoder start token.
    #[serde(default)]
    pub max_length: Option<usize>,
    /// New tokens, excluding the start token.
    #[serde(default)]
    pub max_new_tokens: Option<usize>,
    /// Minimum total length.
    #[serde(default)]
    pub min_length: Option<usize>,
    /// Minimum new tokens.
    #[serde(default)]
    pub min_new_tokens: Option<usize>,
    /// Beam count (1 = greedy).
    #[serde(default)]
    pub num_beams: Option<usize>,
    /// Beam score length normalisation exponent.
    #[serde(default)]
    pub length_penalty: Option<f32>,
    /// Beam stopping rule (HF accepts a bool or `"never"`).
    #[serde(default)]
    pub early_stopping: Option<serde_json::Value>,
    /// Forbid repeating n-grams of this size.
    #[serde(default)]
    pub no_repeat_ngram_size: Option<usize>,
    /// CTRL-style repetition penalty.
    #[serde(default)]
    pub repetition_penalty: Option<f32>,
    /// Token sequences never to generate.
    #[serde(default)]
    pub bad_words_ids: Option<Vec<Vec<i64>>>,
}

impl GenerationConfig {
    /// Reads `generation_config.json`; a missing file yields the defaults, a malformed one an error.
    pub fn load_or_default(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Ok(Self::default());
        }
        Self::from_json(&read_file(path)?, path)
    }

    /// Parses `generation_config.json` content. `path` only names the file in
    /// errors. Never panics: malformed input is an [`Error::Config`].
    pub fn from_json(json: &[u8], path: &Path) -> Result<Self> {
        parse_json(json, path)
    }
}

fn one_or_many<'de, D>(d: D) -> std::result::Result<Option<Vec<i64>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(i64),
        Many(Vec<i64>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => None,
        Some(OneOrMany::One(x)) => Some(vec![x]),
        Some(OneOrMany::Many(v)) => Some(v),
    })
}

fn missing_key(path: &Path, key: &str) -> Error {
    Error::Config {
        path: path.to_path_buf(),
        reason: format!("missing key `{key}`"),
    }
}

/// Reads a file the model needs; a missing file is [`Error::MissingFile`].
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::MissingFile {
                path: path.to_path_buf(),
                hint: "the model directory must hold the files of a Hugging Face export".into(),
            }
        } else {
            Error::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    })
}

/// Parses JSON content into `T`; the error names `path` and the serde message (line, column, key).
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(json: &[u8], path: &Path) -> Result<T> {
    serde_json::from_slice(json).map_err(|e| Error::Config {
        path: path.to_path_buf(),
        reason: format!("malformed JSON: {e}"),
    })
}
