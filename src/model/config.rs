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
    /// Text `pipeline(...)` prepends to every input (`" "` for BART-CNN).
    #[serde(default)]
    pub prefix: Option<String>,
    /// Per-task settings `pipeline(task)` applies (`summarization`, `translation_en_to_de`, …):
    /// a `prefix` plus generation keys.
    #[serde(default)]
    pub task_specific_params: Option<serde_json::Map<String, serde_json::Value>>,
}

impl ModelConfig {
    /// Reads and validates `config.json`.
    #[cfg(test)]
    pub(crate) fn load(path: &Path) -> Result<Self> {
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
    /// Beginning-of-sequence id (the decoder start when `decoder_start_token_id` is unset).
    #[serde(default)]
    pub bos_token_id: Option<i64>,
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
    /// Set by `GenerationConfig.from_model_config`: the file was derived from `config.json`.
    #[serde(default, rename = "_from_model_config")]
    pub from_model_config: Option<bool>,
}

impl GenerationConfig {
    /// Reads `generation_config.json`; a missing file yields the defaults, a malformed one an error.
    #[cfg(test)]
    pub(crate) fn load_or_default(path: &Path) -> Result<Self> {
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

    /// The generation defaults of a model folder, as `transformers` 4.57 resolves them:
    /// `generation_config.json` when the folder has one — it alone, `config.json`'s generation
    /// keys are not merged in — else `GenerationConfig.from_model_config(config)` (the same
    /// keys read from `config.json`). One exception, `generate()`'s legacy rule: a file marked
    /// `_from_model_config` that differs from what `config.json` now derives is replaced by the
    /// derived one (`GenerationMixin._prepare_generation_config`).
    ///
    /// `config_json` is the content of `config.json`. Errors: [`Error::Config`] naming the
    /// malformed file.
    pub fn resolve(dir: &Path, config_json: &[u8]) -> Result<Self> {
        let derived = Self {
            from_model_config: Some(true),
            ..Self::from_json(config_json, &dir.join("config.json"))?
        };
        let path = dir.join("generation_config.json");
        if !path.is_file() {
            return Ok(derived);
        }
        let file = Self::from_json(&read_file(&path)?, &path)?;
        if file.from_model_config == Some(true) && file != derived && derived.has_generation_keys()
        {
            return Ok(derived);
        }
        Ok(file)
    }

    /// True when any key other than the special token ids is set (the legacy rule's
    /// "non-default generation parameters in the model config").
    fn has_generation_keys(&self) -> bool {
        let bare = Self {
            decoder_start_token_id: self.decoder_start_token_id,
            bos_token_id: self.bos_token_id,
            eos_token_id: self.eos_token_id.clone(),
            pad_token_id: self.pad_token_id,
            from_model_config: self.from_model_config,
            ..Self::default()
        };
        *self != bare
    }

    /// These defaults updated with `params` (an object of generation keys, such as a
    /// `task_specific_params` entry), as `GenerationConfig.update(**params)` does; keys that
    /// are not generation keys (`prefix`) are ignored.
    ///
    /// Errors: [`Error::Config`] naming `path` when a key has the wrong type.
    pub fn updated(
        &self,
        params: &serde_json::Map<String, serde_json::Value>,
        path: &Path,
    ) -> Result<Self> {
        let mut merged = match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        for (k, v) in params {
            merged.insert(k.clone(), v.clone());
        }
        serde_json::from_value(serde_json::Value::Object(merged)).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            reason: format!("task_specific_params: {e}"),
        })
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

#[cfg(test)]
mod tests;
