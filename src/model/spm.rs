//! SentencePiece `.model` files — the files of the "slow" tokenizers that many Hub seq2seq models
//! ship instead of a `tokenizer.json` (Marian `source.spm` / `target.spm`, M2M100
//! `sentencepiece.bpe.model`, T5 `spiece.model`) — encoded and decoded as the `sentencepiece`
//! library does, which is what `transformers`' slow tokenizers call.
//!
//! The `.model` protobuf is parsed by the `sentencepiece-model` crate. Encoding reuses the
//! `tokenizers` crate's Unigram (Viterbi) and BPE models, fed with the pieces and scores of the
//! file (as `transformers.convert_slow_tokenizer.SpmConverter` does) behind a normalizer that
//! follows `sentencepiece`'s own: the precompiled character map (`nmt_nfkc` …), then
//! `remove_extra_whitespaces` (leading, trailing and repeated U+0020 dropped) and
//! `add_dummy_prefix` (a `▁` before the text). Runs of unknown characters become one unknown
//! piece, as `SentencePieceProcessor::PopulateSentencePieceText` merges them. Decoding follows
//! `SentencePieceProcessor::Decode` (control pieces vanish, `<unk>` becomes ` ⁇ `, byte pieces are
//! reassembled, the first piece's dummy-prefix `▁` is dropped). A `denormalizer_spec` is not
//! applied (no model of the supported families has one).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sentencepiece_model::{ModelType, SentencePieceModel, Type};
use tokenizers::models::bpe::BPE;
use tokenizers::models::unigram::Unigram;
use tokenizers::normalizers::replace::ReplacePattern;
use tokenizers::normalizers::{Precompiled, Replace, Sequence};
use tokenizers::pre_tokenizers::metaspace::{Metaspace, PrependScheme};
use tokenizers::NormalizerWrapper;

use crate::error::{Error, Result};
use crate::model::config::read_file;

/// `sentencepiece`'s whitespace symbol (U+2581), `kSpaceSymbol`.
pub(crate) const SPACE: char = '\u{2581}';

/// One SentencePiece model: its pieces in id order and an encoder built from them.
pub(crate) struct SentencePiece {
    encoder: tokenizers::Tokenizer,
    pieces: Vec<String>,
    types: Vec<Type>,
    piece_ids: HashMap<String, u32>,
    unk_surface: String,
    strip_bos_ws: bool,
    path: PathBuf,
}

impl SentencePiece {
    /// Reads a `.model` file. Errors: [`Error::MissingFile`] when absent, [`Error::Config`]
    /// naming the file when it is not a SentencePiece model or has no unknown piece.
    pub(crate) fn load(path: &Path) -> Result<Self> {
        Self::from_bytes(&read_file(path)?, path)
    }

    /// Parses the bytes of a `.model` file; `path` only names it in errors.
    pub(crate) fn from_bytes(bytes: &[u8], path: &Path) -> Result<Self> {
        let bad = |reason: String| Error::Config {
            path: path.to_path_buf(),
            reason,
        };
        let model = SentencePieceModel::from_slice(bytes)
            .map_err(|e| bad(format!("not a SentencePiece model: {e}")))?;
        if model.pieces().is_empty() {
            return Err(bad("the SentencePiece model has no pieces".into()));
        }
        let trainer = model.trainer().cloned().unwrap_or_default();
        let norm = model.normalizer().cloned().unwrap_or_default();
        let pieces: Vec<String> = model
            .pieces()
            .iter()
            .map(|p| p.piece().to_string())
            .collect();
        let types: Vec<Type> = model.pieces().iter().map(|p| p.r#type()).collect();
        let unk_id = types
            .iter()
            .position(|t| *t == Type::Unknown)
            .ok_or_else(|| bad("the SentencePiece model has no unknown piece".into()))?;
        let piece_ids: HashMap<String, u32> = pieces
            .iter()
            .enumerate()
            .filter_map(|(i, p)| u32::try_from(i).ok().map(|i| (p.clone(), i)))
            .collect();
        let byte_fallback = trainer.byte_fallback();
        let encoder_model: tokenizers::ModelWrapper = match trainer.model_type() {
            ModelType::Unigram => {
                // Control and unused pieces never match text in `sentencepiece`; a score far
                // below every real piece keeps them out of the Viterbi path.
                let vocab = model
                    .pieces()
                    .iter()
                    .map(|p| {
                        let score = match p.r#type() {
                            Type::Control | Type::Unused => -1e9,
                            _ => f64::from(p.score()),
                        };
                        (p.piece().to_string(), score)
                    })
                    .collect();
                Unigram::from(vocab, Some(unk_id), byte_fallback)
                    .map_err(|e| bad(format!("cannot build the Unigram model: {e}")))?
                    .into()
            }
            ModelType::Bpe => {
                let scores: Vec<f32> = model.pieces().iter().map(|p| p.score()).collect();
                let merges = bpe_merges(&pieces, &scores, &piece_ids);
                let vocab: tokenizers::models::bpe::Vocab =
                    piece_ids.iter().map(|(k, &v)| (k.clone(), v)).collect();
                let unk = pieces.get(unk_id).cloned().unwrap_or_default();
                BPE::builder()
                    .vocab_and_merges(vocab, merges)
                    .unk_token(unk)
                    .fuse_unk(true)
                    .byte_fallback(byte_fallback)
                    .build()
                    .map_err(|e| bad(format!("cannot build the BPE model: {e}")))?
                    .into()
            }
            other => {
                return Err(bad(format!(
                    "SentencePiece model type {other:?} is not supported (Unigram and BPE are)"
                )))
            }
        };
        let mut normalizers: Vec<NormalizerWrapper> = Vec::new();
        let charsmap = norm.precompiled_charsmap();
        if !charsmap.is_empty() {
            normalizers.push(
                Precompiled::from(charsmap)
                    .map_err(|e| bad(format!("bad precompiled_charsmap: {e}")))?
                    .into(),
            );
        }
        if norm.remove_extra_whitespaces() {
            let replace = |pattern: &str, with: &str| {
                Replace::new(ReplacePattern::Regex(pattern.into()), with)
                    .map(NormalizerWrapper::from)
                    .map_err(|e| bad(format!("normalizer: {e}")))
            };
            normalizers.push(replace("^ +| +$", "")?);
            normalizers.push(replace(" {2,}", " ")?);
        }
        let prepend = if norm.add_dummy_prefix() {
            PrependScheme::Always
        } else {
            PrependScheme::Never
        };
        let mut encoder = tokenizers::Tokenizer::new(encoder_model);
        encoder.with_normalizer(Some(Sequence::new(normalizers)));
        encoder.with_pre_tokenizer(Some(Metaspace::new(
            SPACE,
            prepend,
            trainer.split_by_whitespace(),
        )));
        Ok(Self {
            encoder,
            pieces,
            types,
            piece_ids,
            unk_surface: trainer.unk_surface().to_string(),
            strip_bos_ws: norm.add_dummy_prefix() || norm.remove_extra_whitespaces(),
            path: path.to_path_buf(),
        })
    }

    /// Number of pieces (ids `0..len`).
    pub(crate) fn len(&self) -> usize {
        self.pieces.len()
    }

    /// The piece with id `id`.
    pub(crate) fn piece(&self, id: u32) -> Option<&str> {
        self.pieces.get(id as usize).map(String::as_str)
    }

    /// The id of `piece`, if the model has it.
    pub(crate) fn id(&self, piece: &str) -> Option<u32> {
        self.piece_ids.get(piece).copied()
    }

    /// `encode(text, out_type=str)` and `out_type=int` at once: the pieces (an unknown run is
    /// its own surface, as `sentencepiece` gives it) and their ids (the unknown id for those).
    /// Errors: [`Error::Config`] naming the file when the `tokenizers` crate fails.
    pub(crate) fn encode(&self, text: &str) -> Result<Vec<(String, u32)>> {
        let enc = self
            .encoder
            .encode(text, false)
            .map_err(|e| Error::Config {
                path: self.path.clone(),
                reason: format!("cannot encode input: {e}"),
            })?;
        Ok(enc
            .get_tokens()
            .iter()
            .cloned()
            .zip(enc.get_ids().iter().copied())
            .collect())
    }

    /// `decode_pieces(pieces)` as `SentencePieceProcessor::Decode` does it.
    pub(crate) fn decode_pieces<'a>(&self, pieces: impl IntoIterator<Item = &'a str>) -> String {
        let mut text = String::new();
        let mut bytes: Vec<u8> = Vec::new();
        let mut is_bos_ws = true;
        for piece in pieces {
            let id = self.id(piece);
            let kind = id.and_then(|i| self.types.get(i as usize)).copied();
            if kind == Some(Type::Byte) {
                if let Some(b) = byte_of(piece) {
                    bytes.push(b);
                    continue;
                }
            }
            flush_bytes(&mut bytes, &mut text);
            if !text.is_empty() {
                is_bos_ws = false;
            }
            match kind {
                Some(Type::Control) => {}
                Some(Type::Unknown) => text.push_str(&self.unk_surface),
                // A piece the model does not know is copied as it is (`▁` included).
                None => text.push_str(piece),
                _ => {
                    let mut p = piece;
                    if is_bos_ws && self.strip_bos_ws {
                        p = p.strip_prefix(SPACE).unwrap_or(p);
                    }
                    text.extend(p.chars().map(|c| if c == SPACE { ' ' } else { c }));
                }
            }
        }
        flush_bytes(&mut bytes, &mut text);
        text
    }
}

/// `<0xAB>` → `0xAB`.
fn byte_of(piece: &str) -> Option<u8> {
    let hex = piece.strip_prefix("<0x")?.strip_suffix('>')?;
    u8::from_str_radix(hex, 16).ok()
}

/// Appends reassembled byte pieces; each structurally invalid byte becomes U+FFFD.
fn flush_bytes(bytes: &mut Vec<u8>, text: &mut String) {
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(chunk.invalid().iter().map(|_| char::REPLACEMENT_CHARACTER));
    }
    bytes.clear();
}

/// BPE merges from a SentencePiece vocabulary, as `transformers`' `SentencePieceExtractor`
/// derives them: every split of a piece into two pieces of the vocabulary is a merge, ranked by
/// the merged piece's score (higher first), then by the lengths of its halves.
fn bpe_merges(
    pieces: &[String],
    scores: &[f32],
    ids: &HashMap<String, u32>,
) -> Vec<(String, String)> {
    let mut merges: Vec<(f32, usize, usize, u32, u32, String, String)> = Vec::new();
    for (piece, &score) in pieces.iter().zip(scores) {
        let mut local = Vec::new();
        for (split, _) in piece.char_indices().skip(1) {
            let (l, r) = piece.split_at(split);
            if let (Some(&li), Some(&ri)) = (ids.get(l), ids.get(r)) {
                local.push((score, l.chars().count(), r.chars().count(), li, ri));
            }
        }
        local.sort_by_key(|&(_, _, _, li, ri)| (li, ri));
        for (s, ll, rl, li, ri) in local {
            let l = pieces.get(li as usize).cloned().unwrap_or_default();
            let r = pieces.get(ri as usize).cloned().unwrap_or_default();
            merges.push((s, ll, rl, li, ri, l, r));
        }
    }
    // Python sorts by (score, len(left), len(right)) with reverse=True; a stable descending
    // sort keeps the order of equal keys.
    merges.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| b.1.cmp(&a.1))
            .then_with(|| b.2.cmp(&a.2))
    });
    merges.into_iter().map(|m| (m.5, m.6)).collect()
}
