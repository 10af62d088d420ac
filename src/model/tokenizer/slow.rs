//! A slow-only tokenizer (Marian, M2M100, T5) from its SentencePiece files, as
//! `MarianTokenizer`, `M2M100Tokenizer` and `T5Tokenizer` read them: pieces mapped to ids by
//! `vocab.json` or taken as SentencePiece ids, plus added tokens and the special-token set.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::config::{TokenName, TokenizerConfig};
use crate::error::{Error, Result};
use crate::model::config::{parse_json, read_file};
use crate::model::spm::{SentencePiece, SPACE};

/// `special_tokens_map.json`: the same `*_token` and `additional_special_tokens` keys.
#[derive(Debug, Clone, Default, Deserialize)]
struct SpecialTokensMap {
    #[serde(default)]
    additional_special_tokens: Option<Vec<TokenName>>,
    #[serde(flatten)]
    special_tokens: HashMap<String, serde_json::Value>,
}

/// A slow tokenizer: SentencePiece pieces, mapped to ids by `vocab.json` when the folder has
/// one (Marian, M2M100) or else the SentencePiece ids themselves (T5), plus added tokens
/// (language codes, sentinels) after them.
pub(super) struct Slow {
    /// Encodes (Marian: `source.spm`).
    pub(super) source: SentencePiece,
    /// Decodes (Marian: `target.spm`; else `source`).
    target: Option<SentencePiece>,
    /// `vocab.json`: piece → id, when the ids are not the SentencePiece ids.
    pub(super) vocab: Option<HashMap<String, u32>>,
    /// id → piece of `vocab.json`.
    pieces: HashMap<u32, String>,
    /// Added tokens (language codes, `<extra_id_N>`): text → id, and back.
    pub(super) added: HashMap<String, u32>,
    added_by_id: HashMap<u32, String>,
    /// Ids `skip_special_tokens` removes (`all_special_ids`).
    special: HashSet<u32>,
    unk_id: u32,
    unk_token: String,
}

impl Slow {
    /// A slow-only tokenizer from its SentencePiece files, as `MarianTokenizer`,
    /// `M2M100Tokenizer` and `T5Tokenizer` read them.
    /// Returns the tokenizer and the SentencePiece model it encodes with (named in errors).
    ///
    /// Errors: [`Error::MissingFile`] for a Marian folder without `vocab.json`;
    /// [`Error::Config`] naming a malformed file, or the SentencePiece model when the
    /// unknown token has no id.
    pub(super) fn load(dir: &Path, config: &TokenizerConfig) -> Result<(Self, PathBuf)> {
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
        Ok((
            Self {
                source,
                target,
                vocab,
                pieces,
                added,
                added_by_id,
                special,
                unk_id,
                unk_token,
            },
            source_path,
        ))
    }

    pub(super) fn token_id(&self, token: &str) -> Option<u32> {
        self.added
            .get(token)
            .copied()
            .or_else(|| match &self.vocab {
                Some(v) => v.get(token).copied(),
                None => self.source.id(token),
            })
    }

    pub(super) fn token(&self, id: u32) -> Option<&str> {
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
    pub(super) fn encode(&self, text: &str) -> Result<Vec<u32>> {
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
    pub(super) fn decode(&self, ids: &[u32]) -> String {
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
