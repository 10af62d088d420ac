//! `tokenizer.json` + `tokenizer_config.json`: source ids with the architecture's language-token
//! scheme, and decoding exactly as `tokenizer.batch_decode(..., skip_special_tokens=True)`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::config::read_json;

/// The keys of `tokenizer_config.json` that change encoding or decoding.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TokenizerConfig {
    /// `clean_up_tokenization_spaces`: drop the space before `. , ! ?` and in `n't`, `'s` …
    #[serde(default)]
    pub clean_up_tokenization_spaces: Option<bool>,
    /// Default source language of multilingual tokenizers (NLLB, M2M100, mBART-50).
    #[serde(default)]
    pub src_lang: Option<String>,
    /// Default target language.
    #[serde(default)]
    pub tgt_lang: Option<String>,
    /// Python tokenizer class, e.g. `NllbTokenizer`.
    #[serde(default)]
    pub tokenizer_class: Option<String>,
}

/// A model's tokenizer with the language-token scheme as data.
pub struct Tokenizer {
    inner: tokenizers::Tokenizer,
    config: TokenizerConfig,
    path: PathBuf,
    eos: Option<u32>,
}

impl Tokenizer {
    /// Loads `tokenizer.json` (required) and `tokenizer_config.json` (optional) from `dir`.
    pub fn load(dir: &Path, eos_token_id: Option<i64>) -> Result<Self> {
        let path = dir.join("tokenizer.json");
        if !path.is_file() {
            return Err(Error::MissingFile {
                path,
                hint: "a `tokenizer.json` (fast tokenizer) is needed; save one with \
                       `AutoTokenizer.from_pretrained(...).save_pretrained(DIR)`"
                    .into(),
            });
        }
        let inner = tokenizers::Tokenizer::from_file(&path).map_err(|e| Error::Config {
            path: path.clone(),
            reason: format!("malformed tokenizer: {e}"),
        })?;
        let cfg_path = dir.join("tokenizer_config.json");
        let config = if cfg_path.is_file() {
            read_json(&cfg_path)?
        } else {
            TokenizerConfig::default()
        };
        let eos = eos_token_id.and_then(|e| u32::try_from(e).ok());
        Ok(Self {
            inner,
            config,
            path,
            eos,
        })
    }

    /// Number of entries in the vocabulary, added tokens included.
    pub fn vocab_size(&self) -> usize {
        self.inner.get_vocab_size(true)
    }

    /// The id of a token such as a language code (`ben_Beng`, `bn_IN`, `__bn__`).
    pub fn token_id(&self, token: &str) -> Option<i64> {
        self.inner.token_to_id(token).map(i64::from)
    }

    /// The tokenizer config.
    pub fn config(&self) -> &TokenizerConfig {
        &self.config
    }

    /// Encodes one source text. With a source language: `[lang] + ids + [eos]` built here (NLLB's
    /// `tokenizer.json` bakes in one default language; M2M100 and mBART-50 use the same
    /// layout). Without: the `tokenizer.json` post-processor adds the model's own specials.
    pub fn encode_source(&self, text: &str, src_lang: Option<&str>) -> Result<Vec<i64>> {
        let err = |e: tokenizers::Error| Error::Config {
            path: self.path.clone(),
            reason: format!("cannot encode input: {e}"),
        };
        match src_lang {
            Some(lang) => {
                let lang_id =
                    self.inner
                        .token_to_id(lang)
                        .ok_or_else(|| Error::UnknownLanguage {
                            code: lang.to_string(),
                            path: self.path.clone(),
                        })?;
                let enc = self.inner.encode(text, false).map_err(err)?;
                let mut ids = Vec::with_capacity(enc.get_ids().len() + 2);
                ids.push(i64::from(lang_id));
                ids.extend(enc.get_ids().iter().map(|&i| i64::from(i)));
                if let Some(e) = self.eos {
                    ids.push(i64::from(e));
                }
                Ok(ids)
            }
            None => {
                let enc = self.inner.encode(text, true).map_err(err)?;
                Ok(enc.get_ids().iter().map(|&i| i64::from(i)).collect())
            }
        }
    }

    /// Number of tokens `text` takes without special tokens (the chunker's measure).
    pub fn count_tokens(&self, text: &str) -> usize {
        self.inner
            .encode(text, false)
            .map(|e| e.get_ids().len())
            .unwrap_or(usize::MAX)
    }

    /// Decodes generated ids with special tokens skipped, applying
    /// `clean_up_tokenization_spaces` when the tokenizer config asks for it.
    pub fn decode(&self, ids: &[i64]) -> Result<String> {
        let ids: Vec<u32> = ids.iter().filter_map(|&i| u32::try_from(i).ok()).collect();
        let text = self.inner.decode(&ids, true).map_err(|e| Error::Config {
            path: self.path.clone(),
            reason: format!("cannot decode ids: {e}"),
        })?;
        Ok(if self.config.clean_up_tokenization_spaces == Some(true) {
            clean_up_tokenization(&text)
        } else {
            text
        })
    }
}

/// `transformers`' `clean_up_tokenization`.
pub fn clean_up_tokenization(s: &str) -> String {
    s.replace(" .", ".")
        .replace(" ?", "?")
        .replace(" !", "!")
        .replace(" ,", ",")
        .replace(" ' ", "'")
        .replace(" n't", "n't")
        .replace(" 'm", "'m")
        .replace(" 's", "'s")
        .replace(" 've", "'ve")
        .replace(" 're", "'re")
}
