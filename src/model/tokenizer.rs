//! A model's tokenizer, from `tokenizer.json` (a fast tokenizer) or from the SentencePiece files
//! of a slow-only tokenizer (Marian, M2M100, T5; see the `spm` module), plus
//! `tokenizer_config.json`: source ids with the architecture's language-token scheme, and decoding
//! exactly as `tokenizer.batch_decode(..., skip_special_tokens=True)`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::config::{parse_json, read_file};
use crate::model::spm::{SentencePiece, SPACE};

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
    /// T5's sentinel count (`<extra_id_0>` …), 100 when absent (`T5Tokenizer`'s default).
    #[serde(default)]
    pub extra_ids: Option<usize>,
    /// Added tokens by id (transformers ≥ 4.34 writes every special token here).
    #[serde(default)]
    pub added_tokens_decoder: Option<HashMap<String, AddedToken>>,
    /// Extra special tokens (language codes, sentinels).
    #[serde(default)]
    pub additional_special_tokens: Option<Vec<TokenName>>,
    /// The `*_token` keys (`eos_token`, `unk_token`, `pad_token`, …).
    #[serde(flatten)]
    pub special_tokens: HashMap<String, serde_json::Value>,
}

/// One entry of `added_tokens_decoder`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AddedToken {
    /// The token text.
    pub content: String,
    /// Whether `skip_special_tokens` removes it.
    #[serde(default)]
    pub special: bool,
}

/// A token named in a special-tokens file: a string or `{"content": …}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TokenName {
    /// `"</s>"`.
    Plain(String),
    /// `{"content": "</s>", "lstrip": false, …}`.
    Object {
        /// The token text.
        content: String,
    },
}

impl TokenName {
    fn text(&self) -> &str {
        match self {
            TokenName::Plain(s) | TokenName::Object { content: s } => s,
        }
    }
}

impl TokenizerConfig {
    /// Every special token these settings name: the `*_token` keys and
    /// `additional_special_tokens` (what `all_special_tokens` lists in `transformers`).
    fn special_token_names(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .special_tokens
            .iter()
            .filter(|(k, _)| k.ends_with("_token"))
            .filter_map(|(_, v)| serde_json::from_value::<TokenName>(v.clone()).ok())
            .map(|t| t.text().to_string())
            .collect();
        out.extend(
            self.additional_special_tokens
                .iter()
                .flatten()
                .map(|t| t.text().to_string()),
        );
        out
    }
}

/// `special_tokens_map.json`: the same `*_token` and `additional_special_tokens` keys.
#[derive(Debug, Clone, Default, Deserialize)]
struct SpecialTokensMap {
    #[serde(default)]
    additional_special_tokens: Option<Vec<TokenName>>,
    #[serde(flatten)]
    special_tokens: HashMap<String, serde_json::Value>,
}

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

/// A slow tokenizer: SentencePiece pieces, mapped to ids by `vocab.json` when the folder has
/// one (Marian, M2M100) or else the SentencePiece ids themselves (T5), plus added tokens
/// (language codes, sentinels) after them.
struct Slow {
    /// Encodes (Marian: `source.spm`).
    source: SentencePiece,
    /// Decodes (Marian: `target.spm`; else `source`).
    target: Option<SentencePiece>,
    /// `vocab.json`: piece → id, when the ids are not the SentencePiece ids.
    vocab: Option<HashMap<String, u32>>,
    /// id → piece of `vocab.json`.
    pieces: HashMap<u32, String>,
    /// Added tokens (language codes, `<extra_id_N>`): text → id, and back.
    added: HashMap<String, u32>,
    added_by_id: HashMap<u32, String>,
    /// Ids `skip_special_tokens` removes (`all_special_ids`).
    special: HashSet<u32>,
    unk_id: u32,
    unk_token: String,
}

impl Tokenizer {
    /// Loads the tokenizer of the model folder `dir`: `tokenizer.json` when present, else the
    /// SentencePiece files of a slow-only tokenizer ([`SENTENCEPIECE_FILES`]), with
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
            return Self::load_sentencepiece(dir, cfg_json.as_deref(), eos_token_id);
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

    /// A slow-only tokenizer from its SentencePiece files, as `MarianTokenizer`,
    /// `M2M100Tokenizer` and `T5Tokenizer` read them.
    fn load_sentencepiece(
        dir: &Path,
        tokenizer_config_json: Option<&[u8]>,
        eos_token_id: Option<i64>,
    ) -> Result<Self> {
        let config: TokenizerConfig = match tokenizer_config_json {
            Some(json) => parse_json(json, &dir.join("tokenizer_config.json"))?,
            None => TokenizerConfig::default(),
        };
        let map_path = dir.join("special_tokens_map.json");
        let map: SpecialTokensMap = if map_path.is_file() {
            parse_json(&read_file(&map_path)?, &map_path)?
        } else {
            SpecialTokensMap::default()
        };
        let (source_path, target_path) = if dir.join("source.spm").is_file() {
            (dir.join("source.spm"), Some(dir.join("target.spm")))
        } else if dir.join("sentencepiece.bpe.model").is_file() {
            (dir.join("sentencepiece.bpe.model"), None)
        } else {
            (dir.join("spiece.model"), None)
        };
        let source = SentencePiece::load(&source_path)?;
        let target = target_path.map(|p| SentencePiece::load(&p)).transpose()?;
        let vocab_path = dir.join("vocab.json");
        let vocab: Option<HashMap<String, u32>> = if vocab_path.is_file() {
            Some(parse_json(&read_file(&vocab_path)?, &vocab_path)?)
        } else if target.is_some() {
            return Err(Error::MissingFile {
                path: vocab_path,
                hint:
                    "a Marian tokenizer (source.spm, target.spm) maps pieces to ids with vocab.json"
                        .into(),
            });
        } else {
            None
        };
        let base_len = match &vocab {
            Some(v) => v.values().map(|&i| i as usize + 1).max().unwrap_or(0),
            None => source.len(),
        };
        // Added tokens: `added_tokens_decoder` (transformers ≥ 4.34), then `added_tokens.json`,
        // then T5's sentinels (`<extra_id_0>` is the last id: `T5Tokenizer` counts them down).
        let mut added: HashMap<String, u32> = HashMap::new();
        let mut special_names: Vec<String> = config.special_token_names();
        for (id, tok) in config.added_tokens_decoder.iter().flatten() {
            if let Ok(id) = id.parse::<u32>() {
                added.insert(tok.content.clone(), id);
                if tok.special {
                    special_names.push(tok.content.clone());
                }
            }
        }
        let added_path = dir.join("added_tokens.json");
        if added_path.is_file() {
            let more: HashMap<String, u32> = parse_json(&read_file(&added_path)?, &added_path)?;
            for (k, v) in more {
                added.entry(k).or_insert(v);
            }
        }
        let is_t5 = vocab.is_none() && config.tokenizer_class.as_deref() != Some("M2M100Tokenizer");
        if is_t5 {
            let n = config.extra_ids.unwrap_or(100);
            for i in 0..n {
                let name = format!("<extra_id_{i}>");
                let id = base_len
                    .checked_add(n)
                    .and_then(|x| x.checked_sub(i + 1))
                    .and_then(|x| u32::try_from(x).ok());
                if let Some(id) = id {
                    added.entry(name.clone()).or_insert(id);
                    special_names.push(name);
                }
            }
        }
        special_names.extend(
            map.special_tokens
                .iter()
                .filter(|(k, _)| k.ends_with("_token"))
                .filter_map(|(_, v)| serde_json::from_value::<TokenName>(v.clone()).ok())
                .map(|t| t.text().to_string()),
        );
        special_names.extend(
            map.additional_special_tokens
                .iter()
                .flatten()
                .map(|t| t.text().to_string()),
        );
        // The slow classes' own defaults (`MarianTokenizer`, `M2M100Tokenizer`, `T5Tokenizer`).
        special_names.extend(["</s>", "<unk>", "<pad>"].map(String::from));
        if vocab.is_some() && target.is_none() {
            special_names.push("<s>".into());
        }
        let unk_token = config
            .special_tokens
            .get("unk_token")
            .and_then(|v| serde_json::from_value::<TokenName>(v.clone()).ok())
            .map_or_else(|| "<unk>".to_string(), |t| t.text().to_string());
        let lookup = |t: &str| -> Option<u32> {
            added.get(t).copied().or_else(|| match &vocab {
                Some(v) => v.get(t).copied(),
                None => source.id(t),
            })
        };
        let unk_id = lookup(&unk_token).ok_or_else(|| Error::Config {
            path: source_path.clone(),
            reason: format!("the unknown token `{unk_token}` has no id"),
        })?;
        let special: HashSet<u32> = special_names.iter().filter_map(|t| lookup(t)).collect();
        let pieces: HashMap<u32, String> = vocab
            .iter()
            .flatten()
            .map(|(k, &v)| (v, k.clone()))
            .collect();
        let added_by_id = added.iter().map(|(k, &v)| (v, k.clone())).collect();
        Ok(Self {
            backend: Backend::Slow(Box::new(Slow {
                source,
                target,
                vocab,
                pieces,
                added,
                added_by_id,
                special,
                unk_id,
                unk_token,
            })),
            config,
            path: source_path,
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

    /// The tokenizer config.
    pub fn config(&self) -> &TokenizerConfig {
        &self.config
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

impl Slow {
    fn token_id(&self, token: &str) -> Option<u32> {
        self.added
            .get(token)
            .copied()
            .or_else(|| match &self.vocab {
                Some(v) => v.get(token).copied(),
                None => self.source.id(token),
            })
    }

    fn token(&self, id: u32) -> Option<&str> {
        self.added_by_id
            .get(&id)
            .map(String::as_str)
            .or_else(|| match &self.vocab {
                Some(_) => self.pieces.get(&id).map(String::as_str),
                None => self.source.piece(id),
            })
    }

    /// `_tokenize` + `_convert_token_to_id`: SentencePiece pieces, mapped by `vocab.json`
    /// (a piece it lacks is `<unk>`) or taken as SentencePiece ids.
    fn encode(&self, text: &str) -> Result<Vec<u32>> {
        Ok(self
            .source
            .encode(text)?
            .into_iter()
            .map(|(piece, id)| match &self.vocab {
                Some(v) => v.get(&piece).copied().unwrap_or(self.unk_id),
                None => id,
            })
            .collect())
    }

    /// `decode(ids, skip_special_tokens=True)` of the slow classes: special ids dropped, the
    /// rest turned into pieces (an id without one is `<unk>`), decoded by the target
    /// SentencePiece model, `▁` as space, stripped.
    fn decode(&self, ids: &[u32]) -> String {
        let pieces: Vec<&str> = ids
            .iter()
            .filter(|id| !self.special.contains(id))
            .map(|&id| self.token(id).unwrap_or(self.unk_token.as_str()))
            .collect();
        let spm = self.target.as_ref().unwrap_or(&self.source);
        spm.decode_pieces(pieces)
            .chars()
            .map(|c| if c == SPACE { ' ' } else { c })
            .collect::<String>()
            .trim()
            .to_string()
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
