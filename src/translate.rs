//! Sentences → length-bucketed batches → English, with the model's language-token scheme.

use std::path::Path;

use crate::error::{Error, Result};
use crate::generate::session::ModelOptions;
use crate::generate::{GenerateOptions, Seq2SeqModel};
use crate::model::files::{available_variants, DecoderPreference, Variant};
use crate::model::tokenizer::Tokenizer;

/// Bengali → English language-code pairs of the supported multilingual families, tried in order
/// against the tokenizer vocabulary: NLLB-200, mBART-50, M2M100.
pub const LANGUAGE_PAIRS: &[(&str, &str)] = &[
    ("ben_Beng", "eng_Latn"),
    ("bn_IN", "en_XX"),
    ("__bn__", "__en__"),
];

/// How to load a seq2seq model directory.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Source language token; `None` = detect (see [`LANGUAGE_PAIRS`]), none for Marian-style models.
    pub src_lang: Option<String>,
    /// Target language token; `None` = detect.
    pub tgt_lang: Option<String>,
    /// Prefer `*_quantized.onnx` (then `_int8`) when present.
    pub prefer_quantized: bool,
    /// Intra-op threads (0 = ONNX Runtime's default).
    pub threads: usize,
    /// Use the model's target-vocabulary shortlist (`shortlist.json`; see `models/shortlist.py`).
    pub shortlist: bool,
}

/// A loaded model with its tokenizer and language settings: text in, text out.
pub struct Seq2Seq {
    model: Seq2SeqModel,
    tokenizer: Tokenizer,
    src_lang: Option<String>,
    forced_bos: Option<i64>,
    budget: usize,
    /// Where it was loaded from.
    pub id: String,
}

impl Seq2Seq {
    /// Loads `dir`, resolving language codes against the tokenizer vocabulary.
    pub fn load(dir: &Path, opts: &LoadOptions) -> Result<Self> {
        let variants = available_variants(dir);
        let variant = if opts.prefer_quantized {
            [Variant::Quantized, Variant::Int8]
                .into_iter()
                .find(|v| variants.contains(v))
                .unwrap_or(Variant::Fp32)
        } else {
            Variant::Fp32
        };
        let model = Seq2SeqModel::load_with(
            dir,
            &ModelOptions {
                variant,
                decoder: DecoderPreference::Merged,
                threads: opts.threads,
                shortlist: opts.shortlist,
            },
        )?;
        let settings = model.settings(&GenerateOptions::default())?;
        let tokenizer = Tokenizer::load(dir, settings.eos_token_ids.first().copied())?;
        let tok_path = dir.join("tokenizer.json");
        let model_vocab = model.config.vocab_size.unwrap_or(usize::MAX);
        if tokenizer.vocab_size() > model_vocab {
            return Err(Error::Config {
                path: tok_path,
                reason: format!(
                    "tokenizer has {} entries but config.json vocab_size is {model_vocab}: they belong to different models",
                    tokenizer.vocab_size()
                ),
            });
        }
        let check = |code: &str| -> Result<String> {
            tokenizer
                .token_id(code)
                .map(|_| code.to_string())
                .ok_or_else(|| Error::UnknownLanguage {
                    code: code.to_string(),
                    path: tok_path.clone(),
                })
        };
        let detected = LANGUAGE_PAIRS
            .iter()
            .find(|(s, t)| tokenizer.token_id(s).is_some() && tokenizer.token_id(t).is_some());
        let src_lang = match &opts.src_lang {
            Some(c) => Some(check(c)?),
            None => detected.map(|(s, _)| s.to_string()),
        };
        let tgt_lang = match &opts.tgt_lang {
            Some(c) => Some(check(c)?),
            None => detected.map(|(_, t)| t.to_string()),
        };
        let forced_bos = tgt_lang.as_deref().and_then(|t| tokenizer.token_id(t));
        // Source budget: the model's positions less the specials added around the text
        // (`[lang] … </s>` for multilingual models; `… </s>` and at most one more otherwise).
        let specials = 2;
        let budget = model
            .config
            .max_position_embeddings
            .unwrap_or(512)
            .saturating_sub(specials)
            .max(1);
        Ok(Self {
            model,
            tokenizer,
            src_lang,
            forced_bos,
            budget,
            id: dir.display().to_string(),
        })
    }

    /// Tokens `text` takes (without specials).
    pub fn count_tokens(&self, text: &str) -> usize {
        self.tokenizer.count_tokens(text)
    }

    /// Largest number of text tokens one input may hold.
    pub fn budget(&self) -> usize {
        self.budget
    }

    /// Token ids on the vocabulary shortlist, when the model was loaded with one.
    pub fn shortlist_len(&self) -> Option<usize> {
        self.model.shortlist().map(|s| s.ids.len())
    }

    /// The source language token in use, if any.
    pub fn src_lang(&self) -> Option<&str> {
        self.src_lang.as_deref()
    }

    /// Generates for every text, batching inputs of similar length (sorted, so little padding),
    /// and returns outputs in input order. `progress(done, total)` is called after each batch.
    pub fn run(
        &self,
        texts: &[&str],
        opts: &GenerateOptions,
        batch_size: usize,
        progress: &dyn Fn(usize, usize),
    ) -> Result<Vec<String>> {
        let mut opts = opts.clone();
        if opts.forced_bos_token_id.is_none() {
            opts.forced_bos_token_id = self.forced_bos;
        }
        let encoded: Vec<Vec<i64>> = texts
            .iter()
            .map(|t| self.tokenizer.encode_source(t, self.src_lang.as_deref()))
            .collect::<Result<_>>()?;
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| encoded.get(i).map_or(0, Vec::len));
        let mut out = vec![String::new(); texts.len()];
        let mut done = 0;
        for batch in order.chunks(batch_size.max(1)) {
            let inputs: Vec<Vec<i64>> = batch
                .iter()
                .filter_map(|&i| encoded.get(i).cloned())
                .collect();
            let generated = self.model.generate(&inputs, &opts)?;
            for (&i, ids) in batch.iter().zip(&generated) {
                if let Some(slot) = out.get_mut(i) {
                    *slot = self.tokenizer.decode(ids)?;
                }
            }
            done += batch.len();
            progress(done, texts.len());
        }
        Ok(out)
    }
}
