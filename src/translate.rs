//! Sentences → length-bucketed batches → English, with the model's language-token scheme.

use std::path::Path;

use crate::error::{Error, Result};
use crate::generate::session::ModelOptions;
use crate::generate::{FinishReason, GenerateOptions, Seq2SeqModel, Settings};
use crate::model::config::GenerationConfig;
use crate::model::files::{available_variants, DecoderPreference, Variant};
use crate::model::tokenizer::Tokenizer;

/// Bengali → English language-code pairs of the supported multilingual families, tried in order
/// against the tokenizer vocabulary: NLLB-200, mBART-50, M2M100.
pub const LANGUAGE_PAIRS: &[(&str, &str)] = &[
    ("ben_Beng", "eng_Latn"),
    ("bn_IN", "en_XX"),
    ("__bn__", "__en__"),
];

/// Output tokens expected per source token, as the fraction
/// `OUTPUT_PER_SOURCE_NUM / OUTPUT_PER_SOURCE_DENOM` = 1.3: a deliberately generous planning
/// ratio (an assumption of this crate, not a measured constant; Bengali subword sequences are
/// usually at least as long as their English translation's), used to size source pieces so
/// that their translation ends before `max_length`. A translation that still reaches the cap is
/// detected by its [`FinishReason`] and re-split by the pipeline.
pub const OUTPUT_PER_SOURCE_NUM: usize = 13;
/// Fewest source tokens per piece the output cap may impose: a choice of this crate. A tiny cap
/// (`max_new_tokens(2)`, used to make tests fast) would otherwise cut the input into one- or
/// two-token pieces, which is no longer translation; such a cap cuts the output instead, and
/// the pipeline says so (`length` warning).
pub const MIN_PIECE_TOKENS: usize = 8;
/// Denominator of the output-per-source ratio (see [`OUTPUT_PER_SOURCE_NUM`]).
pub const OUTPUT_PER_SOURCE_DENOM: usize = 10;

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
    /// The `pipeline(...)` task whose settings apply (`config.json` `prefix` and
    /// `task_specific_params`); `None` = plain `tokenizer` + `generate` with the generation
    /// config's defaults.
    pub task: Option<Task>,
}

/// A `transformers` pipeline task, for the settings a model's `config.json` keeps per task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Task {
    /// `pipeline("summarization")`: the input gets `prefix` (T5: `"summarize: "`, BART-CNN:
    /// `" "`), generation gets `task_specific_params["summarization"]` over the generation
    /// config, and the output is decoded without `clean_up_tokenization_spaces` (the
    /// pipeline's `postprocess` default).
    Summarization,
}

impl Task {
    /// The generation config `pipeline(task)` starts from (`Pipeline.__init__`, transformers
    /// 4.57): `Text2TextGenerationPipeline._default_generation_config` (`max_new_tokens=256`,
    /// `num_beams=4`) over the model's — `_prepare_generation_config(use_model_defaults=True)`
    /// keeps a pipeline value that differs from the library default — and the 256 dropped again
    /// when the model sets its own `max_length`.
    fn pipeline_defaults(self, model: &GenerationConfig) -> GenerationConfig {
        /// `Text2TextGenerationPipeline._default_generation_config`.
        const PIPELINE_MAX_NEW_TOKENS: usize = 256;
        const PIPELINE_NUM_BEAMS: usize = 4;
        /// `GenerationConfig().max_length`.
        const LIBRARY_MAX_LENGTH: usize = 20;
        let mut gen = model.clone();
        gen.num_beams = Some(PIPELINE_NUM_BEAMS);
        gen.max_new_tokens = Some(PIPELINE_MAX_NEW_TOKENS);
        if gen.max_length.is_some_and(|l| l != LIBRARY_MAX_LENGTH) {
            gen.max_new_tokens = None;
        }
        gen
    }

    /// The `task_specific_params` key.
    fn key(self) -> &'static str {
        match self {
            Task::Summarization => "summarization",
        }
    }
}

/// A loaded model with its tokenizer and language settings: text in, text out.
pub struct Seq2Seq {
    model: Seq2SeqModel,
    tokenizer: Tokenizer,
    src_lang: Option<String>,
    forced_bos: Option<i64>,
    budget: usize,
    /// Prepended to every input (`pipeline`'s `prefix`), empty without a task.
    prefix: String,
    /// `clean_up_tokenization_spaces` for decoding: `None` = the tokenizer config's.
    clean_up: Option<bool>,
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
        let mut model = Seq2SeqModel::load_with(
            dir,
            &ModelOptions {
                variant,
                decoder: DecoderPreference::Merged,
                threads: opts.threads,
                shortlist: opts.shortlist,
            },
        )?;
        // `Pipeline.__init__`: the prefix is `config.prefix`, replaced by the task's own.
        let mut prefix = model.config.prefix.clone().unwrap_or_default();
        let mut clean_up = None;
        if let Some(task) = opts.task {
            clean_up = Some(false);
            model.generation = task.pipeline_defaults(&model.generation);
            let params = model
                .config
                .task_specific_params
                .as_ref()
                .and_then(|p| p.get(task.key()))
                .and_then(|p| p.as_object());
            if let Some(params) = params {
                if let Some(p) = params.get("prefix").and_then(|p| p.as_str()) {
                    prefix = p.to_string();
                }
                model.generation = model.generation.updated(params, &dir.join("config.json"))?;
            }
        } else {
            // Plain `tokenizer(text)` does not add the pipeline's prefix.
            prefix.clear();
        }
        let settings = model.settings(&GenerateOptions::default())?;
        let tokenizer = Tokenizer::load(dir, settings.eos_token_ids.first().copied())?;
        let tok_path = tokenizer.path().to_path_buf();
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
            prefix,
            clean_up,
            id: dir.display().to_string(),
        })
    }

    /// Tokens `text` takes (without specials; with the task's prefix).
    pub fn count_tokens(&self, text: &str) -> usize {
        self.tokenizer.count_tokens(&self.with_prefix(text))
    }

    /// `prefix + text`, as `pipeline(...)` builds its input.
    fn with_prefix<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if self.prefix.is_empty() {
            std::borrow::Cow::Borrowed(text)
        } else {
            std::borrow::Cow::Owned(format!("{}{text}", self.prefix))
        }
    }

    /// Largest number of text tokens one input may hold (the model's positions less the
    /// specials around the text).
    pub fn budget(&self) -> usize {
        self.budget
    }

    /// The generation settings [`run`](Self::run) uses with `opts` (target language forced
    /// as this model's scheme needs).
    ///
    /// Errors: [`Error::InvalidSetting`] / [`Error::Config`] from [`Settings::resolve`].
    pub fn settings(&self, opts: &GenerateOptions) -> Result<Settings> {
        self.model.settings(&self.with_forced_bos(opts))
    }

    /// Source tokens per input whose translation should fit the output cap under `opts`:
    /// `(max_length − 2) / 1.3` (see [`OUTPUT_PER_SOURCE_NUM`]; the decoder start token and a
    /// forced language token do not carry text), at least [`MIN_PIECE_TOKENS`], at most
    /// [`budget`](Self::budget).
    ///
    /// Errors: as [`settings`](Self::settings).
    pub fn translation_budget(&self, opts: &GenerateOptions) -> Result<usize> {
        Ok(self
            .output_budget(opts)?
            .max(MIN_PIECE_TOKENS)
            .min(self.budget)
            .max(1))
    }

    /// Source tokens whose translation is expected to fit the output cap under `opts`:
    /// `(max_length − 2) / 1.3` (see [`OUTPUT_PER_SOURCE_NUM`]), with no floor or ceiling (0
    /// for a cap of 3 or less).
    ///
    /// Errors: as [`settings`](Self::settings).
    pub fn output_budget(&self, opts: &GenerateOptions) -> Result<usize> {
        let text_tokens = self.settings(opts)?.max_length.saturating_sub(2);
        Ok(text_tokens
            .saturating_mul(OUTPUT_PER_SOURCE_DENOM)
            .checked_div(OUTPUT_PER_SOURCE_NUM)
            .unwrap_or(text_tokens))
    }

    fn with_forced_bos(&self, opts: &GenerateOptions) -> GenerateOptions {
        let mut opts = opts.clone();
        if opts.forced_bos_token_id.is_none() {
            opts.forced_bos_token_id = self.forced_bos;
        }
        opts
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
        Ok(self
            .run_with_reasons(texts, opts, batch_size, progress)?
            .into_iter()
            .map(|(text, _)| text)
            .collect())
    }

    /// [`run`](Self::run), with each output's [`FinishReason`]: [`FinishReason::Length`] means
    /// the output stopped at the length cap and may have lost its end.
    pub fn run_with_reasons(
        &self,
        texts: &[&str],
        opts: &GenerateOptions,
        batch_size: usize,
        progress: &dyn Fn(usize, usize),
    ) -> Result<Vec<(String, FinishReason)>> {
        let opts = self.with_forced_bos(opts);
        let encoded: Vec<Vec<i64>> = texts
            .iter()
            .map(|t| {
                self.tokenizer
                    .encode_source(&self.with_prefix(t), self.src_lang.as_deref())
            })
            .collect::<Result<_>>()?;
        self.check_vocabulary(&encoded)?;
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| encoded.get(i).map_or(0, Vec::len));
        let mut out = vec![(String::new(), FinishReason::Eos); texts.len()];
        let mut done = 0;
        for batch in order.chunks(batch_size.max(1)) {
            let inputs: Vec<Vec<i64>> = batch
                .iter()
                .filter_map(|&i| encoded.get(i).cloned())
                .collect();
            let generated = self.model.generate_with_reasons(&inputs, &opts)?;
            for (&i, g) in batch.iter().zip(&generated) {
                if let Some(slot) = out.get_mut(i) {
                    *slot = (
                        self.tokenizer.decode_with(&g.ids, self.clean_up)?,
                        g.finish_reason,
                    );
                }
            }
            done += batch.len();
            progress(done, texts.len());
        }
        Ok(out)
    }

    /// Tokenizers may hold entries past the model's `vocab_size` (BART-CNN's `<mask>`, NLLB's
    /// last codes): `transformers` never compares the two sizes, and neither does this crate
    /// until an input actually holds such an id.
    ///
    /// Errors: [`Error::TokenOutOfVocabulary`] naming the token.
    fn check_vocabulary(&self, encoded: &[Vec<i64>]) -> Result<()> {
        let Some(vocab) = self.model.config.vocab_size else {
            return Ok(());
        };
        for &id in encoded.iter().flatten() {
            if usize::try_from(id).map_or(true, |u| u >= vocab) {
                return Err(Error::TokenOutOfVocabulary {
                    token: self.tokenizer.id_to_token(id).unwrap_or_default(),
                    id,
                    vocab_size: vocab,
                    path: self.tokenizer.path().to_path_buf(),
                });
            }
        }
        Ok(())
    }
}
