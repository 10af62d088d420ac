//! [`ModelDir`]: a model folder read once — ONNX layout and variant, `config.json`, the
//! resolved generation config, the tokenizer, the optional shortlist.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::config::{read_file, GenerationConfig, ModelConfig};
use super::files::{available_variants, OnnxFiles, Variant};
use super::options::ModelOptions;
use super::runtime;
use super::shortlist::{self, Shortlist};
use super::tokenizer::Tokenizer;
use crate::error::{Error, Result};
use crate::generate::default_eos_token_ids;

/// Bengali → English language-code pairs of the supported multilingual families, tried in order
/// against the tokenizer vocabulary: NLLB-200 (`ben_Beng`), mBART-50 (`bn_IN`), M2M100
/// (`__bn__`), as their model cards name the codes.
pub(crate) const LANGUAGE_PAIRS: &[(&str, &str)] = &[
    ("ben_Beng", "eng_Latn"),
    ("bn_IN", "en_XX"),
    ("__bn__", "__en__"),
];

/// A Hugging Face seq2seq export on disk, read once: which ONNX files to load (layout and
/// weight variant), `config.json`, the generation config (`generation_config.json`, else the
/// keys of `config.json`, as `transformers` resolves it), the tokenizer (`tokenizer.json`, else
/// a slow tokenizer's SentencePiece files) and, when asked for, the vocabulary shortlist.
///
/// [`Seq2SeqModel::new`](crate::Seq2SeqModel::new) and [`Seq2Seq::new`](crate::Seq2Seq::new)
/// take one; their `load` functions open it for you.
pub struct ModelDir {
    path: PathBuf,
    /// `config.json`.
    pub(crate) config: ModelConfig,
    pub(crate) config_path: PathBuf,
    /// The generation defaults (see [`GenerationConfig::resolve`]).
    pub(crate) generation: GenerationConfig,
    pub(crate) files: OnnxFiles,
    pub(crate) shortlist: Option<Arc<Shortlist>>,
    pub(crate) tokenizer: Tokenizer,
    pub(crate) options: ModelOptions,
}

impl ModelDir {
    /// Reads the folder `dir` as `opts` asks (ONNX Runtime is located first).
    ///
    /// Errors: [`Error::Runtime`] when the ONNX Runtime library is missing;
    /// [`Error::ModelDir`] when `dir` is not a directory; [`Error::Config`] naming
    /// `config.json` / `generation_config.json` / a tokenizer file when one is malformed or
    /// lacks a required key (`vocab_size`, the decoder layer count), or naming `shortlist.json`
    /// when it was made for another `vocab_size`; [`Error::MissingFile`] naming the ONNX file,
    /// tokenizer or shortlist that is absent.
    pub fn open(dir: &Path, opts: &ModelOptions) -> Result<Self> {
        runtime::init()?;
        let config_path = dir.join("config.json");
        let config_json = read_file(&config_path)?;
        let config = ModelConfig::from_json(&config_json, &config_path)?;
        let generation = GenerationConfig::resolve(dir, &config_json)?;
        let variant = opts.pick_variant(&available_variants(dir));
        let files = OnnxFiles::detect(dir, variant, opts.decoder)?;
        let shortlist = if opts.shortlist {
            let sl = Shortlist::load(dir)?;
            if let Some(v) = config.vocab_size.filter(|&v| v != sl.vocab_size) {
                return Err(Error::Config {
                    path: dir.join(shortlist::FILE),
                    reason: format!(
                        "made for vocab_size {} but config.json has {v}",
                        sl.vocab_size
                    ),
                });
            }
            Some(Arc::new(sl))
        } else {
            None
        };
        let eos = default_eos_token_ids(&config, &generation).and_then(|e| e.first().copied());
        let tokenizer = Tokenizer::load(dir, eos)?;
        Ok(Self {
            path: dir.to_path_buf(),
            config,
            config_path,
            generation,
            files,
            shortlist,
            tokenizer,
            options: opts.clone(),
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The weight variant whose files were found.
    pub fn variant(&self) -> Variant {
        self.files.variant
    }

    /// The tokenizer (source ids end with the model's `eos_token_id`).
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Token ids on the vocabulary shortlist (`shortlist.json` `ids`), when it was opened
    /// with [`ModelOptions::shortlist`].
    pub fn shortlist_len(&self) -> Option<usize> {
        self.shortlist.as_ref().map(|s| s.ids.len())
    }

    /// The language tokens to use: each given code checked against the vocabulary, each
    /// absent one from [`language_pair`](Self::language_pair) (`None` for a model without
    /// language tokens). The one place codes are resolved, for the library and the tools.
    ///
    /// Errors: [`Error::UnknownLanguage`] naming a given code the tokenizer lacks and the
    /// tokenizer file.
    pub fn languages(
        &self,
        src_lang: Option<&str>,
        tgt_lang: Option<&str>,
    ) -> Result<(Option<String>, Option<String>)> {
        let detected = self.language_pair();
        let check = |code: Option<&str>, detected: Option<&str>| -> Result<Option<String>> {
            match code {
                Some(c) if self.tokenizer.token_id(c).is_some() => Ok(Some(c.to_string())),
                Some(c) => Err(Error::UnknownLanguage {
                    code: c.to_string(),
                    path: self.tokenizer.path().to_path_buf(),
                }),
                None => Ok(detected.map(str::to_string)),
            }
        };
        Ok((
            check(src_lang, detected.map(|(s, _)| s))?,
            check(tgt_lang, detected.map(|(_, t)| t))?,
        ))
    }

    /// The model's positions (`config.json` `max_position_embeddings`; tokens), if set.
    pub fn max_position_embeddings(&self) -> Option<usize> {
        self.config.max_position_embeddings
    }

    /// The Bengali → English language-token pair this model's vocabulary holds (the first of
    /// NLLB-200's `ben_Beng`/`eng_Latn`, mBART-50's `bn_IN`/`en_XX`, M2M100's
    /// `__bn__`/`__en__` whose two tokens both exist), `None` for a model without language
    /// tokens (Marian, T5, BART).
    pub fn language_pair(&self) -> Option<(&'static str, &'static str)> {
        LANGUAGE_PAIRS.iter().copied().find(|(s, t)| {
            self.tokenizer.token_id(s).is_some() && self.tokenizer.token_id(t).is_some()
        })
    }
}
