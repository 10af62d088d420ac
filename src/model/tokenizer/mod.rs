//! A model's tokenizer, from `tokenizer.json` (a fast tokenizer) or from the SentencePiece files
//! of a slow-only tokenizer (Marian, M2M100, T5; see the `spm` module), plus
//! `tokenizer_config.json`: source ids with the architecture's language-token scheme, and decoding
//! exactly as `tokenizer.batch_decode(..., skip_special_tokens=True)`.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::model::config::{parse_json, read_file};

mod config;
mod slow;

pub(crate) use config::TokenizerConfig;

use slow::Slow;

/// Text encoded once at load to reject tokenizers that panic on first use.
const PROBE: &str = "a ক।";

/// The SentencePiece files of the slow-only tokenizers, tried in this order.
/// `source.spm` (+ `target.spm`, `vocab.json`): `MarianTokenizer`; `sentencepiece.bpe.model` +
/// `vocab.json`: `M2M100Tokenizer`; `spiece.model`: `T5Tokenizer`.
pub const SENTENCEPIECE_FILES: &[&str] = &["source.spm", "sentencepiece.bpe.model", "spiece.model"];

/// A model's tokenizer with the language-token scheme as data.
pub struct Tokenizer {
    backend: Backend,
    config: TokenizerConfig,
    path: PathBuf,
    eos: Option<u32>,
}

enum Backend {
    /// `tokenizer.json`.
    Fast(Box<tokenizers::Tokenizer>),
    /// SentencePiece files (no `tokenizer.json`).
    Slow(Box<Slow>),
}

impl Tokenizer {
    /// Loads the tokenizer of the model folder `dir`: `tokenizer.json` when present, else the
    /// SentencePiece files of a slow-only tokenizer (`source.spm` + `target.spm` for Marian,
    /// `sentencepiece.bpe.model` for M2M100, `spiece.model` for T5), with
    /// `tokenizer_config.json` and `special_tokens_map.json` when present. `eos_token_id` is
    /// appended to source ids built with a language code.
    ///
    /// Errors: [`Error::MissingFile`] when the folder has neither `tokenizer.json` nor a
    /// SentencePiece model; [`Error::Config`] naming the file that is malformed.
    pub fn load(dir: &Path, eos_token_id: Option<i64>) -> Result<Self> {
        let path = dir.join("tokenizer.json");
        let cfg_path = dir.join("tokenizer_config.json");
        let cfg_json = if cfg_path.is_file() {
            Some(read_file(&cfg_path)?)
        } else {
            None
        };
        if path.is_file() {
            let json = read_file(&path)?;
            return Self::from_json(dir, &json, cfg_json.as_deref(), eos_token_id);
        }
        if SENTENCEPIECE_FILES.iter().any(|f| dir.join(f).is_file()) {
            let config = match cfg_json.as_deref() {
                Some(json) => parse_json(json, &cfg_path)?,
                None => TokenizerConfig::default(),
            };
            let (slow, path) = Slow::load(dir, &config)?;
            return Ok(Self {
                backend: Backend::Slow(Box::new(slow)),
                config,
                path,
                eos: eos_token_id.and_then(|e| u32::try_from(e).ok()),
            });
        }
        Err(Error::MissingFile {
            path,
            hint: format!(
                "the folder has no tokenizer: expected `tokenizer.json` (fast tokenizer) or the \
                 SentencePiece files of a slow one ({})",
                SENTENCEPIECE_FILES.join(", ")
            ),
        })
    }

    /// Builds a tokenizer from the contents of `tokenizer.json` and, if given,
    /// `tokenizer_config.json`. `dir` is used only to name those files in
    /// errors. Never panics: malformed input (including input on which the
    /// `tokenizers` crate itself panics) is an [`Error::Config`] naming the file.
    /// A `"precompiled_charsmap": null` normalizer (transformers.js exports of Marian models)
    /// is read as no normalization, as transformers.js reads it.
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
        let patched = without_null_charsmap(text);
        let text = patched.as_deref().unwrap_or(text);
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
        Ok(Self {
            backend: Backend::Fast(Box::new(inner)),
            config,
            path,
            eos: eos_token_id.and_then(|e| u32::try_from(e).ok()),
        })
    }

    /// The file the tokenizer was read from (`tokenizer.json` or the SentencePiece model).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Number of entries in the vocabulary, added tokens included (`len(tokenizer)`).
    pub fn vocab_size(&self) -> usize {
        match &self.backend {
            Backend::Fast(t) => t.get_vocab_size(true),
            Backend::Slow(s) => {
                let base = match &s.vocab {
                    Some(v) => v.len(),
                    None => s.source.len(),
                };
                let extra = s.added.values().filter(|&&id| id as usize >= base).count();
                base.saturating_add(extra)
            }
        }
    }

    /// The id of a token such as a language code (`ben_Beng`, `bn_IN`, `__bn__`).
    pub fn token_id(&self, token: &str) -> Option<i64> {
        match &self.backend {
            Backend::Fast(t) => t.token_to_id(token).map(i64::from),
            Backend::Slow(s) => s.token_id(token).map(i64::from),
        }
    }

    /// The token of an id (for error messages), if the vocabulary has it.
    pub fn id_to_token(&self, id: i64) -> Option<String> {
        let id = u32::try_from(id).ok()?;
        match &self.backend {
            Backend::Fast(t) => t.id_to_token(id),
            Backend::Slow(s) => s.token(id).map(str::to_string),
        }
    }

    /// Encodes one source text. With a source language: `[lang] + ids + [eos]` built here (NLLB's
    /// `tokenizer.json` bakes in one default language; M2M100 and mBART-50 use the same
    /// layout). Without: the `tokenizer.json` post-processor adds the model's own specials; a
    /// slow tokenizer appends `</s>` (`build_inputs_with_special_tokens` of Marian and T5).
    pub fn encode_source(&self, text: &str, src_lang: Option<&str>) -> Result<Vec<i64>> {
        let err = |e: String| Error::Config {
            path: self.path.clone(),
            reason: format!("cannot encode input: {e}"),
        };
        let to_i64 = |ids: &[u32]| ids.iter().map(|&i| i64::from(i)).collect::<Vec<_>>();
        let lang_id = match src_lang {
            Some(lang) => Some(self.token_id(lang).ok_or_else(|| Error::UnknownLanguage {
                code: lang.to_string(),
                path: self.path.clone(),
            })?),
            None => None,
        };
        let mut ids: Vec<i64> = lang_id.into_iter().collect();
        match (&self.backend, lang_id) {
            (Backend::Fast(_), None) => return self.encoded(text, true, to_i64).map_err(err),
            (Backend::Fast(_), Some(_)) => {
                ids.extend(self.encoded(text, false, to_i64).map_err(err)?)
            }
            (Backend::Slow(s), _) => ids.extend(s.encode(text)?.into_iter().map(i64::from)),
        }
        if let Some(e) = self.eos {
            ids.push(i64::from(e));
        }
        Ok(ids)
    }

    /// Number of tokens `text` takes without special tokens (the chunker's measure).
    pub fn count_tokens(&self, text: &str) -> usize {
        match &self.backend {
            Backend::Fast(_) => self
                .encoded(text, false, <[u32]>::len)
                .unwrap_or(usize::MAX),
            Backend::Slow(s) => s.encode(text).map_or(usize::MAX, |ids| ids.len()),
        }
    }

    /// Decodes generated ids with special tokens skipped, applying
    /// `clean_up_tokenization_spaces` when the tokenizer config asks for it.
    pub fn decode(&self, ids: &[i64]) -> Result<String> {
        self.decode_with(ids, None)
    }

    /// [`decode`](Self::decode) with `clean_up_tokenization_spaces` given (`None` = the
    /// tokenizer config's), as `decode(..., clean_up_tokenization_spaces=...)`.
    pub fn decode_with(
        &self,
        ids: &[i64],
        clean_up_tokenization_spaces: Option<bool>,
    ) -> Result<String> {
        let ids: Vec<u32> = ids.iter().filter_map(|&i| u32::try_from(i).ok()).collect();
        let err = |e: String| Error::Config {
            path: self.path.clone(),
            reason: format!("cannot decode ids: {e}"),
        };
        let text = match &self.backend {
            Backend::Fast(t) => guard(|| t.decode(&ids, true))
                .map_err(err)?
                .map_err(|e| err(e.to_string()))?,
            Backend::Slow(s) => s.decode(&ids),
        };
        let clean = clean_up_tokenization_spaces.or(self.config.clean_up_tokenization_spaces);
        Ok(if clean == Some(true) {
            clean_up_tokenization(&text)
        } else {
            text
        })
    }

    /// Encodes `text` with the fast tokenizer and applies `f` to the ids; an error or a panic
    /// of the `tokenizers` crate becomes the error message.
    fn encoded<T>(
        &self,
        text: &str,
        add_special_tokens: bool,
        f: impl FnOnce(&[u32]) -> T,
    ) -> std::result::Result<T, String> {
        let Backend::Fast(inner) = &self.backend else {
            return Err("not a fast tokenizer".into());
        };
        guard(|| {
            inner
                .encode(text, add_special_tokens)
                .map(|e| f(e.get_ids()))
        })?
        .map_err(|e| e.to_string())
    }
}

/// `tokenizer.json` with every `{"type": "Precompiled", "precompiled_charsmap": null}`
/// normalizer replaced by an empty sequence; `None` when there is none (or the JSON does not
/// parse: the real parser then reports it).
fn without_null_charsmap(text: &str) -> Option<String> {
    if !text.contains("precompiled_charsmap") {
        return None;
    }
    fn walk(v: &mut serde_json::Value) -> bool {
        match v {
            serde_json::Value::Object(map) => {
                let is_null_precompiled = map.get("type").and_then(|t| t.as_str())
                    == Some("Precompiled")
                    && map
                        .get("precompiled_charsmap")
                        .is_none_or(serde_json::Value::is_null);
                if is_null_precompiled {
                    *v = serde_json::json!({"type": "Sequence", "normalizers": []});
                    return true;
                }
                map.values_mut().map(walk).fold(false, |a, b| a | b)
            }
            serde_json::Value::Array(items) => items.iter_mut().map(walk).fold(false, |a, b| a | b),
            _ => false,
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    walk(&mut value).then(|| value.to_string())
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
