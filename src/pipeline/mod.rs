//! The public entry point: [`Pipeline::builder`] → [`Pipeline::digest`] (or
//! [`Pipeline::stream`] for input of any size).
//!
//! normalize → segment → chunk (split over-long sentences, never drop one) → translate in
//! length-sorted batches → reassemble paragraphs → key points → faithfulness warnings.
//!
//! # Memory
//!
//! Input is processed in windows of whole lines (paragraphs) of at most
//! [`window_bytes`](PipelineBuilder::window_bytes) (default
//! 64 KiB): a window is read, normalized, segmented, translated and
//! handed over before the next is read, so the working memory of [`Pipeline::stream`] /
//! [`Pipeline::digest_reader`] is O(window) — the window's text and its normalization map
//! (~100 bytes per character), its pieces and translations — plus the key-point pool of at
//! most 256 sentences
//! (the extractive ranker's candidate pool), plus the models; it does not grow with the input. A paragraph longer than
//! the window is cut (at a sentence end when the window's second half has one) and handed over
//! in parts, the cut recorded as a warning on the first sentence after it.
//!
//! [`Pipeline::digest`] runs the same stream over a `&str` and collects every sentence, so its
//! memory is the returned [`Digest`] (each sentence's source and English, about 2–3× the input
//! for Bengali text) plus the same O(window) working set; for input too large to hold, use the
//! stream. Key points rank a bounded pool in both cases: for an article of at most 256
//! sentences that pool is the whole article.
//!
//! The work is split by job: [`stream`] (the iterator over windows and the key points at its
//! end), `window` (one window: normalize, segment, assemble sentences and their warnings),
//! `pieces` (pieces under the model's budget, translated, re-split at the output cap, retried
//! when they loop).

mod pieces;
mod stream;
mod window;

use std::collections::VecDeque;
use std::io::BufRead;
use std::path::PathBuf;
use std::time::Instant;

use crate::digest::{Digest, ParagraphDigest, StreamSummary, Timings};
use crate::error::{Error, Result};
use crate::generate::{GenerateOptions, MAX_NEW_TOKENS, MAX_NUM_BEAMS};
use crate::input::{Windows, DEFAULT_WINDOW_BYTES, MIN_WINDOW_BYTES};
use crate::keypoints::candidates::Candidates;
use crate::keypoints::extractive::ExtractiveOptions;
use crate::text::normalize::{normalize, NormalizeOptions};
use crate::text::segment::segment;
use crate::translate::{LoadOptions, Seq2Seq};
use stream::Cursor;
pub use stream::DigestStream;

/// A progress callback: `(inputs done, inputs known)`; see [`PipelineBuilder::progress`].
pub type Progress = Box<dyn Fn(usize, usize) + Send + Sync>;

/// Configures a [`Pipeline`]; [`build`](PipelineBuilder::build) validates and loads.
#[derive(Default)]
pub struct PipelineBuilder {
    translator: Option<PathBuf>,
    summarizer: Option<PathBuf>,
    load: LoadOptions,
    num_beams: Option<usize>,
    max_new_tokens: Option<usize>,
    batch_size: usize,
    key_points: usize,
    window_bytes: Option<usize>,
    progress: Option<Progress>,
}

impl PipelineBuilder {
    /// The translation model: a local directory (a Hugging Face export with ONNX files), or a
    /// Hub id such as [`DEFAULT_TRANSLATOR`](crate::hub::DEFAULT_TRANSLATOR) with the `hub` feature.
    pub fn translator(mut self, dir: impl Into<PathBuf>) -> Self {
        self.translator = Some(dir.into());
        self
    }
    /// An English summarization model directory (e.g. a DistilBART-CNN export) for abstractive
    /// key points; without one, key points are extractive.
    pub fn summarizer(mut self, dir: impl Into<PathBuf>) -> Self {
        self.summarizer = Some(dir.into());
        self
    }
    /// Source language token (default: detected from the vocabulary).
    pub fn src_lang(mut self, code: impl Into<String>) -> Self {
        self.load.src_lang = Some(code.into());
        self
    }
    /// Target language token (default: detected from the vocabulary).
    pub fn tgt_lang(mut self, code: impl Into<String>) -> Self {
        self.load.tgt_lang = Some(code.into());
        self
    }
    /// Beam count (default: the model's `generation_config.json`).
    pub fn num_beams(mut self, n: usize) -> Self {
        self.num_beams = Some(n);
        self
    }
    /// Cap on new tokens per sentence (default: the model's configuration).
    pub fn max_new_tokens(mut self, n: usize) -> Self {
        self.max_new_tokens = Some(n);
        self
    }
    /// Sentences per model call (default 8).
    pub fn batch_size(mut self, n: usize) -> Self {
        self.batch_size = n;
        self
    }
    /// ONNX Runtime intra-op threads (0 = its default).
    pub fn threads(mut self, n: usize) -> Self {
        self.load.model.threads = n;
        self
    }
    /// Number of key points (default 5).
    pub fn key_points(mut self, n: usize) -> Self {
        self.key_points = n;
        self
    }
    /// Prefer quantized ONNX variants when the directory has them.
    pub fn prefer_quantized(mut self, yes: bool) -> Self {
        self.load.model.prefer_quantized = yes;
        self
    }
    /// Use the translator's target-vocabulary shortlist (`shortlist.json`, made by
    /// `models/shortlist.py`): faster decoding, but a token off the list is never generated.
    /// Off by default; `build()` fails with [`Error::MissingFile`] if the model has none.
    pub fn shortlist(mut self, yes: bool) -> Self {
        self.load.model.shortlist = yes;
        self
    }
    /// Bytes of input processed at once (default 64 KiB = 65 536, at least 256): the
    /// bound on working memory, and the longest paragraph handed over in one piece.
    pub fn window_bytes(mut self, n: usize) -> Self {
        self.window_bytes = Some(n);
        self
    }
    /// Called after each translated batch with `(inputs done, inputs known)`: inputs are
    /// sentences, or pieces of an over-long one. On a stream the second number grows window by
    /// window.
    pub fn progress(mut self, f: impl Fn(usize, usize) + Send + Sync + 'static) -> Self {
        self.progress = Some(Box::new(f));
        self
    }

    /// Validates the settings and loads the models.
    ///
    /// Errors: [`Error::InvalidSetting`] for no translator, `num_beams` outside
    /// `1..=64`, `max_new_tokens` outside `1..=1_000_000`, a window under 256 bytes, or model
    /// files whose generation settings are out of those bounds; the loading errors of
    /// [`Seq2Seq::load`].
    pub fn build(self) -> Result<Pipeline> {
        let dir = self.translator.ok_or_else(|| {
            Error::InvalidSetting(
                "no translator: call .translator(DIR) with a model directory".into(),
            )
        })?;
        if let Some(n) = self.num_beams.filter(|n| !(1..=MAX_NUM_BEAMS).contains(n)) {
            return Err(Error::InvalidSetting(format!(
                "num_beams must be between 1 and {MAX_NUM_BEAMS}, got {n}"
            )));
        }
        if let Some(n) = self
            .max_new_tokens
            .filter(|n| !(1..=MAX_NEW_TOKENS).contains(n))
        {
            return Err(Error::InvalidSetting(format!(
                "max_new_tokens must be between 1 and {MAX_NEW_TOKENS}, got {n}"
            )));
        }
        let window_bytes = self.window_bytes.unwrap_or(DEFAULT_WINDOW_BYTES);
        if window_bytes < MIN_WINDOW_BYTES {
            return Err(Error::InvalidSetting(format!(
                "window_bytes must be at least {MIN_WINDOW_BYTES}, got {window_bytes}"
            )));
        }
        let dir = crate::hub::resolve(&dir, self.load.model.prefer_quantized)?;
        let translator = Seq2Seq::load(&dir, &self.load)?;
        let summarizer = match &self.summarizer {
            Some(d) => Some(Seq2Seq::load(
                &crate::hub::resolve(d, self.load.model.prefer_quantized)?,
                &LoadOptions {
                    src_lang: None,
                    tgt_lang: None,
                    // The shortlist option is the translator's.
                    model: self.load.model.clone().shortlist(false),
                    ..self.load.clone()
                },
            )?),
            None => None,
        };
        let options = GenerateOptions {
            num_beams: self.num_beams,
            max_new_tokens: self.max_new_tokens,
            ..GenerateOptions::default()
        };
        let max_length = translator.settings(&options)?.max_length;
        let piece_budget = translator.translation_budget(&options)?;
        let output_budget = translator.output_budget(&options)?;
        Ok(Pipeline {
            translator,
            summarizer,
            options,
            piece_budget,
            output_budget,
            max_length,
            batch_size: if self.batch_size == 0 {
                8
            } else {
                self.batch_size
            },
            key_points: if self.key_points == 0 {
                5
            } else {
                self.key_points
            },
            window_bytes,
            progress: self.progress,
        })
    }
}

/// Bengali article → [`Digest`]. `Send + Sync`: one instance serves many threads.
pub struct Pipeline {
    translator: Seq2Seq,
    summarizer: Option<Seq2Seq>,
    options: GenerateOptions,
    batch_size: usize,
    key_points: usize,
    window_bytes: usize,
    progress: Option<Progress>,
    /// Source tokens per translated piece ([`Seq2Seq::translation_budget`]).
    piece_budget: usize,
    /// Source tokens whose translation should fit the cap ([`Seq2Seq::output_budget`]).
    output_budget: usize,
    /// The translator's output cap, decoder start token included.
    max_length: usize,
}

impl Pipeline {
    /// Starts a builder.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Bytes of input processed at once.
    pub fn window_bytes(&self) -> usize {
        self.window_bytes
    }

    /// Digests `reader` window by window (see the module docs on memory): an iterator of
    /// [`ParagraphDigest`]s in order, each handed over as soon as its window is translated;
    /// then [`DigestStream::finish`] gives the key points. Sentence ids, paragraph indices and
    /// byte spans are those of the whole stream, as in [`Pipeline::digest`].
    pub fn stream<R: BufRead>(&self, reader: R) -> DigestStream<'_, R> {
        DigestStream {
            pipeline: self,
            windows: Windows::new(reader, self.window_bytes),
            cursor: Cursor::default(),
            ready: VecDeque::new(),
            pool: Candidates::new(&self.extractive_options()),
            timings: Timings::default(),
            stopped: false,
        }
    }

    /// [`stream`](Pipeline::stream) driven to the end: `on_paragraph` gets each paragraph as it
    /// is done (an error from it stops the stream and is returned); the summary with the key
    /// points comes back. Memory: O(window), whatever the input's size.
    pub fn digest_reader<R: BufRead>(
        &self,
        reader: R,
        mut on_paragraph: impl FnMut(ParagraphDigest) -> Result<()>,
    ) -> Result<StreamSummary> {
        let mut stream = self.stream(reader);
        for p in stream.by_ref() {
            on_paragraph(p?)?;
        }
        stream.finish()
    }

    /// Translates `article`, sentence-aligned: `(source sentence, English)` pairs.
    pub fn translate(&self, article: &str) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        let mut cursor = Cursor::default();
        let mut timings = Timings::default();
        for window in Windows::new(article.as_bytes(), self.window_bytes) {
            for p in self.digest_window(&window?, &mut cursor, &mut timings)? {
                out.extend(p.sentences.into_iter().map(|s| (s.source, s.english)));
            }
        }
        Ok(out)
    }

    /// Key points of a Bengali article as sentence ids (extractive, scored on the source;
    /// a bounded pool of 256 candidates on long input).
    pub fn key_points(&self, article: &str) -> Vec<usize> {
        let mut pool: Candidates<usize> = Candidates::new(&self.extractive_options());
        let mut next_id = 0;
        for window in Windows::new(article.as_bytes(), self.window_bytes) {
            // A &str is valid UTF-8 and reading it cannot fail.
            let Ok(window) = window else { break };
            let norm = normalize(&window.text, &NormalizeOptions::default());
            for s in segment(&norm.text) {
                pool.push(s.text(&norm.text).to_string(), next_id);
                next_id += 1;
            }
        }
        pool.select().into_iter().map(|(_, id)| id).collect()
    }

    fn extractive_options(&self) -> ExtractiveOptions {
        ExtractiveOptions {
            count: self.key_points,
            ..ExtractiveOptions::default()
        }
    }

    /// The whole pipeline: translation with paragraph structure, sentences, key points.
    ///
    /// Any size works: this is [`stream`](Pipeline::stream) over `article`, collected. Memory
    /// is the returned [`Digest`] plus O(window) (see the module docs); to digest input larger
    /// than you want to hold, use [`digest_reader`](Pipeline::digest_reader).
    pub fn digest(&self, article: &str) -> Result<Digest> {
        let mut stream = self.stream(article.as_bytes());
        let mut sentences = Vec::new();
        for p in stream.by_ref() {
            sentences.extend(p?.sentences);
        }
        Ok(Digest::from_parts(sentences, stream.finish()?))
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
