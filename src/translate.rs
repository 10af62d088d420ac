//! Sentences → length-bucketed batches → English, with the model's language-token scheme.

use std::path::Path;

use crate::error::{Error, Result};
use crate::generate::{FinishReason, GenerateOptions, Seq2SeqModel, Settings};
use crate::model::config::GenerationConfig;
use crate::model::{ModelDir, ModelOptions, Tokenizer};

/// Output tokens expected per source token, as the fraction
/// `OUTPUT_PER_SOURCE_NUM / OUTPUT_PER_SOURCE_DENOM` = 1.3: a deliberately generous planning
/// ratio (an assumption of this crate, not a measured constant; Bengali subword sequences are
/// usually at least as long as their English translation's), used to size source pieces so
/// that their translation ends before `max_length`. A translation that still reaches the cap is
/// detected by its [`FinishReason`] and re-split by the pipeline.
pub(crate) const OUTPUT_PER_SOURCE_NUM: usize = 13;
/// Fewest source tokens per piece the output cap may impose: a choice of this crate. A tiny cap
/// (`max_new_tokens(2)`, used to make tests fast) would otherwise cut the input into one- or
/// two-token pieces, which is no longer translation; such a cap cuts the output instead, and
/// the pipeline says so (`length` warning).
pub(crate) const MIN_PIECE_TOKENS: usize = 8;
/// Denominator of the output-per-source ratio (see [`OUTPUT_PER_SOURCE_NUM`]).
pub(crate) const OUTPUT_PER_SOURCE_DENOM: usize = 10;

/// How to load a translator or summarizer ([`Seq2Seq::load`]): how to open the files
/// ([`ModelOptions`]), the `pipeline(...)` task, and the language tokens.
///
/// Build with `Default` and the chainable setters:
/// `LoadOptions::default().task(Task::Summarization).model(ModelOptions::default().threads(2))`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadOptions {
    /// Which files to open and how to run them.
    pub model: ModelOptions,
    /// The `pipeline(...)` task whose settings apply (`config.json` `prefix` and
    /// `task_specific_params`); `None` = plain `tokenizer` + `generate` with the generation
    /// config's defaults.
    pub task: Option<Task>,
    /// Source language token; `None` = detect ([`ModelDir::language_pair`]), none for
    /// models without language tokens (Marian, T5, BART).
    pub src_lang: Option<String>,
    /// Target language token (forced as the first generated token); `None` = detect.
    pub tgt_lang: Option<String>,
}

impl LoadOptions {
    /// Sets [`model`](Self::model).
    #[must_use]
    pub fn model(mut self, model: ModelOptions) -> Self {
        self.model = model;
        self
    }

    /// Sets [`task`](Self::task).
    #[must_use]
    pub fn task(mut self, task: Task) -> Self {
        self.task = Some(task);
        self
    }

    /// Sets [`src_lang`](Self::src_lang).
    #[must_use]
    pub fn src_lang(mut self, code: impl Into<String>) -> Self {
        self.src_lang = Some(code.into());
        self
    }

    /// Sets [`tgt_lang`](Self::tgt_lang).
    #[must_use]
    pub fn tgt_lang(mut self, code: impl Into<String>) -> Self {
        self.tgt_lang = Some(code.into());
        self
    }
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
    /// Opens the folder `dir` with `opts.model` ([`ModelDir::open`]) and loads it
    /// ([`new`](Self::new)).
    ///
    /// Errors: those of [`ModelDir::open`] and [`new`](Self::new).
    pub fn load(dir: &Path, opts: &LoadOptions) -> Result<Self> {
        Self::new(ModelDir::open(dir, &opts.model)?, opts)
    }

    /// Loads the graphs of `dir` for `opts.task`, resolving language codes against its
    /// tokenizer (`opts.model` was used to open `dir` and is not read again).
    ///
    /// Errors: those of [`Seq2SeqModel::new`]; [`Error::UnknownLanguage`] naming a code the
    /// tokenizer lacks; [`Error::Config`] naming `config.json` for malformed
    /// `task_specific_params` or generation settings that do not resolve (no decoder start
    /// token, a special id outside `vocab_size`); [`Error::InvalidSetting`] for out-of-bounds
    /// generation settings in the model's files.
    pub fn new(mut dir: ModelDir, opts: &LoadOptions) -> Result<Self> {
        // `Pipeline.__init__`: the prefix is `config.prefix`, replaced by the task's own.
        let mut prefix = dir.config.prefix.clone().unwrap_or_default();
        let mut clean_up = None;
        if let Some(task) = opts.task {
            clean_up = Some(false);
            let mut generation = task.pipeline_defaults(&dir.generation);
            let params = dir
                .config
                .task_specific_params
                .as_ref()
                .and_then(|p| p.get(task.key()))
                .and_then(|p| p.as_object());
            if let Some(params) = params {
                if let Some(p) = params.get("prefix").and_then(|p| p.as_str()) {
                    prefix = p.to_string();
                }
                generation = generation.updated(params, &dir.config_path)?;
            }
            dir.generation = generation;
        } else {
            // Plain `tokenizer(text)` does not add the pipeline's prefix.
            prefix.clear();
        }
        let (src_lang, tgt_lang) =
            dir.languages(opts.src_lang.as_deref(), opts.tgt_lang.as_deref())?;
        let tokenizer = &dir.tokenizer;
        let forced_bos = tgt_lang.as_deref().and_then(|t| tokenizer.token_id(t));
        // Source budget: the model's positions less the specials added around the text
        // (`[lang] … </s>` for multilingual models; `… </s>` and at most one more otherwise).
        let specials = 2;
        let budget = dir
            .max_position_embeddings()
            .unwrap_or(512)
            .saturating_sub(specials)
            .max(1);
        let id = dir.path().display().to_string();
        let model = Seq2SeqModel::new(dir)?;
        // Settings that cannot resolve fail here, at load, not at the first call.
        model.settings(&GenerateOptions::default())?;
        Ok(Self {
            model,
            src_lang,
            forced_bos,
            budget,
            prefix,
            clean_up,
            id,
        })
    }

    fn tokenizer(&self) -> &Tokenizer {
        self.model.tokenizer()
    }

    /// Tokens `text` takes (without specials; with the task's prefix); `usize::MAX` when the
    /// tokenizer fails on it.
    pub fn count_tokens(&self, text: &str) -> usize {
        self.tokenizer().count_tokens(&self.with_prefix(text))
    }

    /// `prefix + text`, as `pipeline(...)` builds its input.
    fn with_prefix<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if self.prefix.is_empty() {
            std::borrow::Cow::Borrowed(text)
        } else {
            std::borrow::Cow::Owned(format!("{}{text}", self.prefix))
        }
    }

    /// Largest number of text tokens one input may hold: `config.json`
    /// `max_position_embeddings` (512 when absent, a fallback of this crate) less the 2
    /// specials around the text (`[lang] … </s>`).
    pub fn budget(&self) -> usize {
        self.budget
    }

    /// The generation settings [`run`](Self::run) uses with `opts` (target language forced
    /// as this model's scheme needs).
    ///
    /// Errors: [`Error::InvalidSetting`] / [`Error::Config`] from [`Settings::resolve`].
    pub(crate) fn settings(&self, opts: &GenerateOptions) -> Result<Settings> {
        self.model.settings(&self.with_forced_bos(opts))
    }

    /// Source tokens per input whose translation should fit the output cap under `opts`:
    /// `(max_length − 2) / 1.3` tokens (1.3 output tokens per source token: a generous
    /// planning ratio of this crate; the decoder start token and a forced language token do
    /// not carry text), at least 8 (this crate's floor), at most [`budget`](Self::budget).
    ///
    /// Errors: [`Error::InvalidSetting`] / [`Error::Config`] as
    /// [`Seq2SeqModel::generation_config`] returns them.
    pub fn translation_budget(&self, opts: &GenerateOptions) -> Result<usize> {
        Ok(self
            .output_budget(opts)?
            .max(MIN_PIECE_TOKENS)
            .min(self.budget)
            .max(1))
    }

    /// Source tokens whose translation is expected to fit the output cap under `opts`:
    /// `(max_length − 2) / 1.3` tokens, with no floor or ceiling (0 for a cap of 3 or less).
    ///
    /// Errors: as [`translation_budget`](Self::translation_budget).
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

    /// Token ids on the vocabulary shortlist (`shortlist.json`), when the model was loaded with
    /// one.
    pub fn shortlist_len(&self) -> Option<usize> {
        self.model.dir().shortlist_len()
    }

    /// The source language token in use (e.g. `ben_Beng`), if the model has language tokens.
    pub fn src_lang(&self) -> Option<&str> {
        self.src_lang.as_deref()
    }

    /// Generates for every text, `batch_size` inputs per `generate` call (at least 1), batching
    /// inputs of similar length (sorted, so little padding), and returns outputs in input
    /// order. `progress(done, total)` (texts) is called after each batch.
    ///
    /// Errors: [`Error::TokenOutOfVocabulary`] for an input holding a token past the model's
    /// `vocab_size`; [`Error::InputTooLong`] for an input over `max_position_embeddings`
    /// tokens; [`Error::Config`] when the tokenizer fails on a text; those of
    /// [`Seq2SeqModel::generate`].
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
    ///
    /// Errors: as [`run`](Self::run).
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
                self.tokenizer()
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
                        self.tokenizer().decode_with(&g.ids, self.clean_up)?,
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
        let Some(vocab) = self.model.dir().config.vocab_size else {
            return Ok(());
        };
        for &id in encoded.iter().flatten() {
            if usize::try_from(id).map_or(true, |u| u >= vocab) {
                return Err(Error::TokenOutOfVocabulary {
                    token: self.tokenizer().id_to_token(id).unwrap_or_default(),
                    id,
                    vocab_size: vocab,
                    path: self.tokenizer().path().to_path_buf(),
                });
            }
        }
        Ok(())
    }
}
