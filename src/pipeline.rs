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
//! [`DEFAULT_WINDOW_BYTES`] = 64 KiB): a window is read, normalized, segmented, translated and
//! handed over before the next is read, so the working memory of [`Pipeline::stream`] /
//! [`Pipeline::digest_reader`] is O(window) — the window's text and its normalization map
//! (~100 bytes per character), its pieces and translations — plus the key-point pool of at
//! most [`MAX_CANDIDATES`](crate::keypoints::extractive::MAX_CANDIDATES) sentences
//! ([`Candidates`]), plus the models; it does not grow with the input. A paragraph longer than
//! the window is cut (at a sentence end when the window's second half has one) and handed over
//! in parts, the cut recorded as a warning on the first sentence after it.
//!
//! [`Pipeline::digest`] runs the same stream over a `&str` and collects every sentence, so its
//! memory is the returned [`Digest`] (each sentence's source and English, about 2–3× the input
//! for Bengali text) plus the same O(window) working set; for input too large to hold, use the
//! stream. Key points rank a bounded pool in both cases: for an article of at most 256
//! sentences that pool is the whole article.

use std::collections::VecDeque;
use std::io::BufRead;
use std::ops::Range;
use std::path::PathBuf;
use std::time::Instant;

use crate::digest::{
    Digest, KeyPoint, Models, ParagraphDigest, SentenceDigest, StreamSummary, Timings,
};
use crate::error::{Error, Result};
use crate::faithfulness::{check_key_point, check_numbers, loops, quotes_balanced};
use crate::generate::{FinishReason, GenerateOptions, MAX_NEW_TOKENS, MAX_NUM_BEAMS};
pub use crate::input::DEFAULT_WINDOW_BYTES;
use crate::input::{Window, Windows, MIN_WINDOW_BYTES};
use crate::keypoints::abstractive;
use crate::keypoints::extractive::{Candidates, ExtractiveOptions};
use crate::text::chunk::{split_sentence, SplitKind};
use crate::text::normalize::{normalize, NormalizeOptions};
use crate::text::segment::{segment, Sentence};
use crate::translate::{LoadOptions, Seq2Seq, MIN_PIECE_TOKENS};
use crate::warning::Warning;

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
    /// Bytes of input processed at once (default [`DEFAULT_WINDOW_BYTES`], at least 256): the
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
    /// `1..=`[`MAX_NUM_BEAMS`], `max_new_tokens` outside `1..=`[`MAX_NEW_TOKENS`], a window
    /// under 256 bytes, or model files whose generation settings are out of bounds
    /// ([`Settings::validate`](crate::generate::Settings::validate)); the loading errors of
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

/// Where a stream stands: ids and paragraph indices run on across windows.
#[derive(Debug, Default)]
struct Cursor {
    /// Id of the next sentence.
    next_id: usize,
    /// Index of the next new paragraph.
    next_paragraph: usize,
    /// The paragraph the last window cut (its rest opens the next window).
    open_paragraph: Option<usize>,
    /// A cut not yet recorded on a sentence (the window after it had none).
    pending_cut: Option<crate::input::Cut>,
    /// Model inputs translated so far (for progress).
    inputs_done: usize,
}

/// Pieces of a window's sentences: (sentence index, span in the normalized text, how cut).
type Pieces = Vec<(usize, Range<usize>, SplitKind)>;

/// The key-point pool of a stream: source sentence, with its id and English.
type Pool = Candidates<(usize, String)>;

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

    /// Segments one normalized window: its sentences, and their pieces under the model's budget.
    fn front_end(&self, text: &str) -> (Vec<Sentence>, Pieces) {
        let sentences = segment(text);
        let count = |s: &str| self.translator.count_tokens(s);
        let budget = self.piece_budget;
        // The pieces `text::chunk` would make; translation is per piece, so no packing.
        let pieces = sentences
            .iter()
            .enumerate()
            .flat_map(|(si, s)| {
                split_sentence(text, s.full.clone(), budget, &count)
                    .into_iter()
                    .map(move |(span, kind)| (si, span, kind))
            })
            .collect();
        (sentences, pieces)
    }

    /// Translates every piece of a window. A piece of at least [`MIN_PIECE_TOKENS`] tokens whose
    /// translation stops at the length cap ([`FinishReason::Length`]), and whose halves are
    /// expected to fit the cap ([`Seq2Seq::output_budget`]), is cut in two token halves (clause boundaries first, then
    /// whitespace / chars, via [`split_sentence`]) and the halves translated again, up to
    /// [`MAX_RESPLIT_ROUNDS`] times; what still stops at the cap then keeps
    /// [`FinishReason::Length`] (and gets a `length` warning). Returns the final parts in text
    /// order (empty pieces stay empty, untranslated).
    fn translate_pieces(
        &self,
        text: &str,
        pieces: &Pieces,
        cursor: &mut Cursor,
    ) -> Result<Vec<Part>> {
        let mut parts: Vec<Part> = pieces
            .iter()
            .map(|(sentence, span, kind)| Part {
                sentence: *sentence,
                span: span.clone(),
                kind: *kind,
                english: String::new(),
                reason: FinishReason::Eos,
                retries: 0,
                still_looping: false,
                resplit: false,
                stuck: false,
            })
            .collect();
        let all: Vec<usize> = (0..parts.len()).collect();
        self.translate_parts(text, &mut parts, &all, cursor)?;
        let count = |s: &str| self.translator.count_tokens(s);
        for _round in 0..MAX_RESPLIT_ROUNDS {
            let mut next: Vec<Part> = Vec::with_capacity(parts.len());
            let mut todo = Vec::new();
            let mut groups = Vec::new();
            for p in parts {
                if p.reason == FinishReason::Length && !p.stuck {
                    let n = count(part_text(text, &p.span));
                    // NOTE: halves whose expected translation is itself longer than the cap
                    // cannot beat it (a tiny `max_new_tokens`): no re-split then.
                    let beatable = n >= MIN_PIECE_TOKENS && n.div_ceil(2) <= self.output_budget;
                    let halves = if beatable {
                        split_sentence(text, p.span.clone(), n.div_ceil(2), &count)
                    } else {
                        Vec::new()
                    };
                    if halves.len() > 1 {
                        groups.push(next.len()..next.len().saturating_add(halves.len()));
                        for (span, kind) in halves {
                            todo.push(next.len());
                            next.push(Part {
                                span,
                                kind: if kind == SplitKind::Hard || p.kind == SplitKind::Hard {
                                    SplitKind::Hard
                                } else {
                                    SplitKind::Clause
                                },
                                english: String::new(),
                                reason: FinishReason::Eos,
                                retries: 0,
                                still_looping: false,
                                resplit: true,
                                ..p
                            });
                        }
                        continue;
                    }
                }
                next.push(p);
            }
            parts = next;
            if todo.is_empty() {
                break;
            }
            self.translate_parts(text, &mut parts, &todo, cursor)?;
            // NOTE: when every half of a piece still reaches the cap, a shorter input did not
            // help (the model loops rather than runs out of room): the cap cannot be beaten by
            // splitting, so those halves are final.
            for g in groups {
                if let Some(halves) = parts.get_mut(g) {
                    if halves.iter().all(|h| h.reason == FinishReason::Length) {
                        halves.iter_mut().for_each(|h| h.stuck = true);
                    }
                }
            }
        }
        Ok(parts)
    }

    /// Translates `parts[which]` in batches (empty texts stay empty, finishing on EOS); an
    /// output that loops ([`loops`]: back to back, or one word a third of it) is retried with
    /// each of [`DEGENERACY_REMEDIES`] in turn until it does not, and the last retry's English
    /// and finish reason kept.
    fn translate_parts(
        &self,
        text: &str,
        parts: &mut [Part],
        which: &[usize],
        cursor: &mut Cursor,
    ) -> Result<()> {
        let base = cursor.inputs_done;
        let progress = |done: usize, total: usize| {
            if let Some(p) = &self.progress {
                p(base.saturating_add(done), base.saturating_add(total));
            }
        };
        let noop = |_: usize, _: usize| {};
        let todo: Vec<usize> = which
            .iter()
            .copied()
            .filter(|&i| {
                parts
                    .get(i)
                    .is_some_and(|p| !part_text(text, &p.span).is_empty())
            })
            .collect();
        let inputs: Vec<&str> = todo
            .iter()
            .filter_map(|&i| parts.get(i).map(|p| part_text(text, &p.span)))
            .collect();
        let outputs =
            self.translator
                .run_with_reasons(&inputs, &self.options, self.batch_size, &progress)?;
        for ((&i, input), (mut english, mut reason)) in todo.iter().zip(&inputs).zip(outputs) {
            let mut retries = 0;
            // Remedies for a looping output, in order: forbid repeated 3-grams; then also
            // penalize every repeated token (catches one word recurring between others).
            for remedy in DEGENERACY_REMEDIES {
                if !loops(&english) {
                    break;
                }
                let opts = remedy(&self.options);
                match self
                    .translator
                    .run_with_reasons(&[input], &opts, 1, &noop)?
                    .pop()
                {
                    Some(again) => (english, reason) = again,
                    None => break,
                }
                retries += 1;
            }
            if let Some(p) = parts.get_mut(i) {
                p.still_looping = retries > 0 && loops(&english);
                p.english = english;
                p.reason = reason;
                p.retries = retries;
            }
        }
        cursor.inputs_done = cursor.inputs_done.saturating_add(inputs.len());
        Ok(())
    }

    /// Translates one window: its sentences (ids, paragraphs and spans of the whole stream),
    /// grouped by paragraph. No sentence is dropped: an over-long one is translated in pieces.
    fn digest_window(
        &self,
        window: &Window,
        cursor: &mut Cursor,
        timings: &mut Timings,
    ) -> Result<Vec<ParagraphDigest>> {
        let t0 = Instant::now();
        let norm = normalize(&window.text, &NormalizeOptions::default());
        let text = norm.text.as_str();
        let (sentences, pieces) = self.front_end(text);
        timings.text_ms += ms(t0);
        let t1 = Instant::now();
        let parts = self.translate_pieces(text, &pieces, cursor)?;
        // The window continues the paragraph the last one cut, unless a line break comes first.
        let line_break_first = sentences
            .first()
            .and_then(|s| window.text.get(..norm.original_span(s.span.clone()).start))
            .is_some_and(|lead| lead.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']));
        let first_paragraph = match cursor.open_paragraph {
            Some(p) if window.continues && !line_break_first => Some(p),
            _ => None,
        };
        let continues = first_paragraph.is_some();
        let first_paragraph = first_paragraph.unwrap_or(cursor.next_paragraph);
        let mut result: Vec<SentenceDigest> = sentences
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let span = norm.original_span(s.span.clone());
                SentenceDigest {
                    id: cursor.next_id + k,
                    paragraph: first_paragraph + s.paragraph,
                    source: s.text(text).to_string(),
                    span: window.offset + span.start..window.offset + span.end,
                    english: String::new(),
                    warnings: Vec::new(),
                }
            })
            .collect();
        if line_break_first {
            // The cut fell at the end of its line: it split nothing.
            cursor.pending_cut = None;
        }
        if let Some(cut) = cursor.pending_cut.take() {
            match result.first_mut() {
                Some(first) => first.warnings.push(Warning::WindowCut {
                    sentence: first.id,
                    window_bytes: self.window_bytes,
                    cut: cut.describe().to_string(),
                }),
                None => cursor.pending_cut = Some(cut),
            }
        }
        // Pieces per sentence (empty ones carry nothing and are not counted).
        let mut counts = vec![0usize; result.len()];
        for p in parts
            .iter()
            .filter(|p| !part_text(text, &p.span).is_empty())
        {
            if let Some(c) = counts.get_mut(p.sentence) {
                *c = c.saturating_add(1);
            }
        }
        let mut seen = vec![0usize; result.len()];
        // 1-based numbers of the pieces that stopped at the cap, per sentence.
        let mut cut_pieces: Vec<Vec<usize>> = vec![Vec::new(); result.len()];
        for p in &parts {
            let (Some(t), Some(n), Some(k)) = (
                result.get_mut(p.sentence),
                counts.get(p.sentence).copied(),
                seen.get_mut(p.sentence),
            ) else {
                continue;
            };
            if part_text(text, &p.span).is_empty() {
                continue;
            }
            *k = k.saturating_add(1);
            if !p.english.is_empty() {
                if !t.english.is_empty() {
                    t.english.push(' ');
                }
                t.english.push_str(&p.english);
            }
            if *k == 1 && n > 1 {
                let sentence_parts = parts.iter().filter(|q| q.sentence == p.sentence);
                let hard = sentence_parts.clone().any(|q| q.kind == SplitKind::Hard);
                let resplit = sentence_parts.clone().any(|q| q.resplit);
                let too_long = pieces.iter().filter(|q| q.0 == p.sentence).count() > 1;
                t.warnings.push(split_warning(
                    t.id,
                    n,
                    hard,
                    too_long,
                    resplit,
                    self.piece_budget,
                ));
            }
            if p.reason == FinishReason::Length {
                if let Some(l) = cut_pieces.get_mut(p.sentence) {
                    l.push(*k);
                }
            }
            if p.retries > 0 {
                let w = Warning::Degenerate {
                    sentence: t.id,
                    retries: p.retries,
                    still_looping: p.still_looping,
                };
                if !t.warnings.contains(&w) {
                    t.warnings.push(w);
                }
            }
        }
        for ((t, cut), n) in result.iter_mut().zip(&cut_pieces).zip(&counts) {
            if !cut.is_empty() {
                t.warnings.push(Warning::Length {
                    sentence: t.id,
                    pieces: cut.clone(),
                    of: *n,
                    max_length: self.max_length,
                });
            }
        }
        for t in result.iter_mut() {
            let id = t.id;
            let numbers = check_numbers(&t.source, &t.english);
            t.warnings
                .extend(numbers.into_iter().map(|w| w.at_sentence(id)));
            if !quotes_balanced(&t.english) {
                t.warnings.push(Warning::QuoteUnbalanced { sentence: id });
            }
            if loops(&t.english) && !t.warnings.iter().any(|w| w.kind() == "degenerate") {
                t.warnings.push(Warning::Degenerate {
                    sentence: id,
                    retries: 0,
                    still_looping: true,
                });
            }
        }
        timings.translate_ms += ms(t1);
        cursor.next_id += result.len();
        if let Some(last) = result.last() {
            cursor.next_paragraph = last.paragraph + 1;
        }
        cursor.open_paragraph = match window.cut {
            Some(cut) => {
                cursor.pending_cut = Some(cut);
                match result.last() {
                    Some(last) => Some(last.paragraph),
                    None if window.continues => cursor.open_paragraph,
                    None => None,
                }
            }
            None => None,
        };
        let mut out: Vec<ParagraphDigest> = Vec::new();
        for s in result {
            match out.last_mut() {
                Some(p) if p.paragraph == s.paragraph => p.sentences.push(s),
                _ => out.push(ParagraphDigest {
                    paragraph: s.paragraph,
                    continues: out.is_empty() && continues,
                    sentences: vec![s],
                }),
            }
        }
        Ok(out)
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
    /// a bounded pool on long input, see [`Candidates`]).
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

    /// Summary sentences of the pool's English as bullets, each grounded in the pool sentences
    /// it overlaps; a bullet grounded in nothing, or carrying a number its sources lack, gets a
    /// warning.
    fn abstractive(
        &self,
        model: &Seq2Seq,
        pool: &[(String, (usize, String))],
    ) -> Result<Vec<KeyPoint>> {
        let english: Vec<&str> = pool.iter().map(|(_, (_, e))| e.as_str()).collect();
        let summary = abstractive::summarize(model, &english, &GenerateOptions::default())?;
        let mut out = Vec::new();
        for (b, text) in abstractive::bullets(&summary)
            .into_iter()
            .take(self.key_points)
            .enumerate()
        {
            let grounded: Vec<&(String, (usize, String))> = abstractive::ground(&text, &english)
                .into_iter()
                .filter_map(|i| pool.get(i))
                .collect();
            let mut warnings = Vec::new();
            if grounded.is_empty() {
                warnings.push(Warning::Ungrounded { key_point: b });
            }
            let sources: Vec<&str> = grounded.iter().map(|(source, _)| source.as_str()).collect();
            let translations: Vec<&str> = grounded.iter().map(|(_, (_, en))| en.as_str()).collect();
            warnings.extend(
                check_key_point(&text, &sources, &translations)
                    .into_iter()
                    .map(|w| w.at_key_point(b)),
            );
            out.push(KeyPoint {
                text,
                sentences: grounded.iter().map(|(_, (id, _))| *id).collect(),
                warnings,
            });
        }
        Ok(out)
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

/// A digest in progress over a reader: yields each [`ParagraphDigest`] in order (or the error
/// that stopped it, then nothing), holding at most one window's worth. Made by
/// [`Pipeline::stream`].
pub struct DigestStream<'p, R> {
    pipeline: &'p Pipeline,
    windows: Windows<R>,
    cursor: Cursor,
    ready: VecDeque<ParagraphDigest>,
    pool: Pool,
    timings: Timings,
    stopped: bool,
}

impl<R: BufRead> DigestStream<'_, R> {
    /// Key points over the sentences read so far (call it once the iterator is exhausted),
    /// with counts, models and timings.
    pub fn finish(self) -> Result<StreamSummary> {
        let p = self.pipeline;
        let mut timings = self.timings;
        let t = Instant::now();
        let (key_points, method) = match &p.summarizer {
            Some(m) => (p.abstractive(m, &self.pool.into_pool())?, m.id.clone()),
            None => (
                self.pool
                    .select()
                    .into_iter()
                    .map(|(_, (id, english))| KeyPoint {
                        text: english,
                        sentences: vec![id],
                        warnings: Vec::new(),
                    })
                    .collect(),
                "extractive (TextRank + lead prior + news boost + MMR on the Bengali source, page furniture left out)".to_string(),
            ),
        };
        timings.key_points_ms = ms(t);
        Ok(StreamSummary {
            bytes: self.windows.bytes_read(),
            sentences: self.cursor.next_id,
            paragraphs: self.cursor.next_paragraph,
            key_points,
            models: Models {
                translator: p.translator.id.clone(),
                key_points: method,
                shortlist: p.translator.shortlist_len(),
            },
            timings,
        })
    }
}

impl<R: BufRead> Iterator for DigestStream<'_, R> {
    type Item = Result<ParagraphDigest>;

    fn next(&mut self) -> Option<Result<ParagraphDigest>> {
        loop {
            if let Some(p) = self.ready.pop_front() {
                return Some(Ok(p));
            }
            if self.stopped {
                return None;
            }
            let window = match self.windows.next()? {
                Ok(w) => w,
                Err(e) => return Some(Err(e)),
            };
            let paragraphs =
                match self
                    .pipeline
                    .digest_window(&window, &mut self.cursor, &mut self.timings)
                {
                    Ok(p) => p,
                    Err(e) => {
                        // Stop: a window that failed to translate is not skipped silently.
                        self.stopped = true;
                        return Some(Err(e));
                    }
                };
            drop(window);
            for s in paragraphs.iter().flat_map(|p| &p.sentences) {
                self.pool.push(s.source.clone(), (s.id, s.english.clone()));
            }
            self.ready.extend(paragraphs);
        }
    }
}

/// Rounds of re-splitting a piece whose translation reached the length cap: each halves the
/// piece's tokens, so a piece ends up in at most 2^3 = 8 parts. A choice of this crate (more
/// rounds rarely help: a piece a quarter of the budget long that still reaches the cap loops).
pub const MAX_RESPLIT_ROUNDS: usize = 3;

/// One translated part of a sentence.
#[derive(Debug)]
struct Part {
    /// Index of its sentence in the window.
    sentence: usize,
    /// Byte span in the window's normalized text.
    span: Range<usize>,
    /// How it was cut from its sentence.
    kind: SplitKind,
    english: String,
    reason: FinishReason,
    /// Remedies applied to a looping output (see [`DEGENERACY_REMEDIES`]).
    retries: usize,
    /// Still looping after every remedy.
    still_looping: bool,
    /// Made by re-splitting a piece whose translation reached the cap.
    resplit: bool,
    /// Splitting further cannot bring its translation under the cap.
    stuck: bool,
}

/// The trimmed text of `span` (empty when it does not fit).
fn part_text<'t>(text: &'t str, span: &Range<usize>) -> &'t str {
    text.get(span.clone()).unwrap_or("").trim()
}

/// The `split` warning (stable prefix `split: `): the sentence was translated in `pieces`
/// parts; `hard` when some cut fell at whitespace or inside a word rather than at a clause
/// boundary; `too_long` when the sentence was over the `budget` source tokens a piece may hold;
/// `resplit` when some cut was made because a translation reached the output cap.
fn split_warning(
    sentence: usize,
    pieces: usize,
    hard: bool,
    too_long: bool,
    resplit: bool,
    budget: usize,
) -> Warning {
    let at = if hard {
        "cut at a token boundary"
    } else {
        "cut at clause boundaries"
    };
    let why = match (too_long, resplit) {
        (true, false) => {
            format!("longer than the model's input ({budget} source tokens per piece)")
        }
        (true, true) => format!(
            "longer than the model's input ({budget} source tokens per piece); pieces re-split \
             where a translation reached the output cap"
        ),
        (false, _) => "its translation reached the output cap: re-split".to_string(),
    };
    Warning::Split {
        sentence,
        pieces,
        detail: format!("{at}: {why}"),
    }
}

/// What is retried, in order, when a translation loops ([`loops`]): `no_repeat_ngram_size = 3`;
/// then that plus `repetition_penalty = 1.2` (the value the CTRL paper, Keskar et al. 2019,
/// proposes for its penalty).
const DEGENERACY_REMEDIES: [fn(&GenerateOptions) -> GenerateOptions; 2] = [
    |o| GenerateOptions {
        no_repeat_ngram_size: Some(3),
        ..o.clone()
    },
    |o| GenerateOptions {
        no_repeat_ngram_size: Some(3),
        repetition_penalty: Some(1.2),
        ..o.clone()
    },
];

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
