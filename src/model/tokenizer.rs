//! `tokenizer.json` + `tokenizer_config.json`: source ids with the architecture's language-token
//! scheme, and decoding exactly as `tokenizer.batch_decode(..., skip_special_tokens=True)`.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::config::{parse_json, read_file};

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

/// Text encoded once at load to reject tokenizers that panic on first use.
const PROBE: &str = "a ক।";

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
        let json = read_file(&path)?;
        let cfg_path = dir.join("tokenizer_config.json");
        let cfg_json = if cfg_path.is_file() {
            Some(read_file(&cfg_path)?)
        } else {
            None
        };
        Self::from_json(dir, &json, cfg_json.as_deref(), eos_token_id)
    }

    /// Builds a tokenizer from the contents of `tokenizer.json` and, if given,
    /// `tokenizer_config.json`. `dir` is used only to name those files in
    /// errors. Never panics: malformed input (including input on which the
    /// `tokenizers` crate itself panics) is an [`Error::Config`] naming the file.
    pub fn from_json(
        dir: &Path,
        tokenizer_json: &[u8],
        tokenizer_config_json: Option<&[u8]>,
        eos_token_id: Option<i64>,
    ) -> Result<Self> {
        let path = dir.join("tokenizer.json");
        let malformed = |reason: String| Error::Config {
            path: path.clone(),
            reason: format!("malformed tokenizer: {reason}"),
        };
        let text = std::str::from_utf8(tokenizer_json)
            .map_err(|e| malformed(format!("not UTF-8: {e}")))?;
        let mut inner = guard(|| tokenizers::Tokenizer::from_str(text))
            .map_err(malformed)?
            .map_err(|e| malformed(e.to_string()))?;
        // Like `transformers`, which calls `no_truncation()` / `no_padding()`
        // on the backend tokenizer unless a call asks for them, the
        // `truncation` and `padding` sections of tokenizer.json are ignored:
        // no source text is silently cut (the chunker and `InputTooLong`
        // enforce the model's limit), `count_tokens` counts real tokens, and
        // a `stride >= max_length` no longer panics in `encode` (found by
        // fuzzing).
        inner.with_padding(None);
        inner
            .with_truncation(None)
            .map_err(|e| malformed(e.to_string()))?;
        // Some malformed files load but panic on first use (a template naming a
        // special token it does not define, ...): probe once so such a file is
        // rejected here, naming it. An ordinary encode/decode error is fine.
        if let Err(panic) = guard(|| {
            if let Ok(enc) = inner.encode(PROBE, true) {
                let _ = inner.decode(enc.get_ids(), true);
            }
        }) {
            return Err(malformed(panic));
        }
        let config = match tokenizer_config_json {
            Some(json) => parse_json(json, &dir.join("tokenizer_config.json"))?,
            None => TokenizerConfig::default(),
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
        let err = |e: String| Error::Config {
            path: self.path.clone(),
            reason: format!("cannot encode input: {e}"),
        };
        let to_i64 = |ids: &[u32]| ids.iter().map(|&i| i64::from(i)).collect::<Vec<_>>();
        match src_lang {
            Some(lang) => {
                let lang_id =
                    self.inner
                        .token_to_id(lang)
                        .ok_or_else(|| Error::UnknownLanguage {
                            code: lang.to_string(),
                            path: self.path.clone(),
                        })?;
                let mut ids = vec![i64::from(lang_id)];
                ids.extend(self.encoded(text, false, to_i64).map_err(err)?);
                if let Some(e) = self.eos {
                    ids.push(i64::from(e));
                }
                Ok(ids)
            }
            None => self.encoded(text, true, to_i64).map_err(err),
        }
    }

    /// Number of tokens `text` takes without special tokens (the chunker's measure).
    pub fn count_tokens(&self, text: &str) -> usize {
        self.encoded(text, false, <[u32]>::len)
            .unwrap_or(usize::MAX)
    }

    /// Decodes generated ids with special tokens skipped, applying
    /// `clean_up_tokenization_spaces` when the tokenizer config asks for it.
    pub fn decode(&self, ids: &[i64]) -> Result<String> {
        let ids: Vec<u32> = ids.iter().filter_map(|&i| u32::try_from(i).ok()).collect();
        let err = |e: String| Error::Config {
            path: self.path.clone(),
            reason: format!("cannot decode ids: {e}"),
        };
        let text = guard(|| self.inner.decode(&ids, true))
            .map_err(err)?
            .map_err(|e| err(e.to_string()))?;
        Ok(if self.config.clean_up_tokenization_spaces == Some(true) {
            clean_up_tokenization(&text)
        } else {
            text
        })
    }

    /// Encodes `text` and applies `f` to the ids; an error or a panic of the
    /// `tokenizers` crate becomes the error message.
    fn encoded<T>(
        &self,
        text: &str,
        add_special_tokens: bool,
        f: impl FnOnce(&[u32]) -> T,
    ) -> std::result::Result<T, String> {
        guard(|| {
            self.inner
                .encode(text, add_special_tokens)
                .map(|e| f(e.get_ids()))
        })?
        .map_err(|e| e.to_string())
    }
}

/// Runs third-party tokenizer code, turning a panic into an error message so a
/// malformed `tokenizer.json` is an error, never a crash of the caller. (The
/// `tokenizers` crate panics on some malformed files instead of returning an
/// error, at load or at first use; found by `fuzz/` target `tokenizer_json`.)
/// The panic message still reaches the panic hook (stderr by default); a
/// binary built with `panic = "abort"` still aborts.
fn guard<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        format!("the tokenizers crate panicked: {msg}")
    })
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
