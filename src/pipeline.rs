//! The public entry point: [`Pipeline::builder`] → [`Pipeline::digest`].
//!
//! normalize → segment → chunk (split over-long sentences, never drop one) → translate in
//! length-sorted batches → reassemble paragraphs → key points → faithfulness warnings.

use std::path::PathBuf;
use std::time::Instant;

use crate::digest::{Digest, KeyPoint, Models, SentenceDigest, Timings};
use crate::error::{Error, Result};
use crate::faithfulness::{is_degenerate, missing_numbers, quotes_balanced};
use crate::generate::GenerateOptions;
use crate::keypoints::abstractive;
use crate::keypoints::extractive::{self, ExtractiveOptions};
use crate::text::chunk::{chunk, SplitKind};
use crate::text::normalize::{normalize, NormalizeOptions};
use crate::text::segment::segment;
use crate::translate::{LoadOptions, Seq2Seq};

/// A progress callback: `(sentences done, total)`.
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
        self.load.threads = n;
        self
    }
    /// Number of key points (default 5).
    pub fn key_points(mut self, n: usize) -> Self {
        self.key_points = n;
        self
    }
    /// Prefer quantized ONNX variants when the directory has them.
    pub fn prefer_quantized(mut self, yes: bool) -> Self {
        self.load.prefer_quantized = yes;
        self
    }
    /// Called after each translated batch with `(sentences done, total)`.
    pub fn progress(mut self, f: impl Fn(usize, usize) + Send + Sync + 'static) -> Self {
        self.progress = Some(Box::new(f));
        self
    }

    /// Validates the settings and loads the models.
    pub fn build(self) -> Result<Pipeline> {
        let dir = self.translator.ok_or_else(|| {
            Error::InvalidSetting(
                "no translator: call .translator(DIR) with a model directory".into(),
            )
        })?;
        if self.num_beams == Some(0) {
            return Err(Error::InvalidSetting("num_beams must be at least 1".into()));
        }
        if self.max_new_tokens == Some(0) {
            return Err(Error::InvalidSetting(
                "max_new_tokens must be at least 1".into(),
            ));
        }
        let dir = crate::hub::resolve(&dir, self.load.prefer_quantized)?;
        let translator = Seq2Seq::load(&dir, &self.load)?;
        let summarizer = match &self.summarizer {
            Some(d) => Some(Seq2Seq::load(
                &crate::hub::resolve(d, self.load.prefer_quantized)?,
                &LoadOptions {
                    src_lang: None,
                    tgt_lang: None,
                    ..self.load.clone()
                },
            )?),
            None => None,
        };
        Ok(Pipeline {
            translator,
            summarizer,
            options: GenerateOptions {
                num_beams: self.num_beams,
                max_new_tokens: self.max_new_tokens,
                ..GenerateOptions::default()
            },
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
    progress: Option<Progress>,
}

/// A translated sentence with where it came from.
struct Translated {
    paragraph: usize,
    source: String,
    span: std::ops::Range<usize>,
    english: String,
    warnings: Vec<String>,
}

impl Pipeline {
    /// Starts a builder.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Translates every sentence of `article`; the result is aligned with the segmenter's
    /// sentences (none dropped: an over-long sentence is translated in pieces and rejoined).
    fn translate_sentences(&self, article: &str, timings: &mut Timings) -> Result<Vec<Translated>> {
        let t0 = Instant::now();
        let norm = normalize(article, &NormalizeOptions::default());
        let text = norm.text.as_str();
        let sentences = segment(text);
        let chunks = chunk(text, &sentences, self.translator.budget(), |s| {
            self.translator.count_tokens(s)
        });
        // Translate piece by piece so output stays sentence-aligned.
        let pieces: Vec<_> = chunks.iter().flat_map(|c| c.pieces.iter()).collect();
        let piece_texts: Vec<&str> = pieces
            .iter()
            .map(|p| text.get(p.span.clone()).unwrap_or("").trim())
            .collect();
        timings.text_ms = ms(t0);
        let t1 = Instant::now();
        let noop = |_: usize, _: usize| {};
        let progress: &dyn Fn(usize, usize) = match &self.progress {
            Some(p) => p.as_ref(),
            None => &noop,
        };
        let non_empty: Vec<usize> = (0..pieces.len())
            .filter(|&i| !piece_texts[i].is_empty())
            .collect();
        let inputs: Vec<&str> = non_empty.iter().map(|&i| piece_texts[i]).collect();
        let mut outputs = self
            .translator
            .run(&inputs, &self.options, self.batch_size, progress)?;
        // Degenerate output: retry that piece once with no_repeat_ngram_size = 3.
        let mut retried = vec![false; outputs.len()];
        for (k, out) in outputs.iter_mut().enumerate() {
            if is_degenerate(out) {
                let opts = GenerateOptions {
                    no_repeat_ngram_size: Some(3),
                    ..self.options.clone()
                };
                if let Some(again) = self.translator.run(&[inputs[k]], &opts, 1, &noop)?.pop() {
                    *out = again;
                    retried[k] = true;
                }
            }
        }
        let mut english = vec![String::new(); pieces.len()];
        let mut piece_retried = vec![false; pieces.len()];
        for ((&i, out), r) in non_empty.iter().zip(outputs).zip(retried) {
            english[i] = out;
            piece_retried[i] = r;
        }
        let mut result: Vec<Translated> = sentences
            .iter()
            .map(|s| Translated {
                paragraph: s.paragraph,
                source: s.text(text).to_string(),
                span: norm.original_span(s.span.clone()),
                english: String::new(),
                warnings: Vec::new(),
            })
            .collect();
        for (i, p) in pieces.iter().enumerate() {
            let Some(t) = result.get_mut(p.sentence) else {
                continue;
            };
            if !english[i].is_empty() {
                if !t.english.is_empty() {
                    t.english.push(' ');
                }
                t.english.push_str(&english[i]);
            }
            if p.split == SplitKind::Hard {
                let w = "cut at a token boundary: longer than the model's input".to_string();
                if !t.warnings.contains(&w) {
                    t.warnings.push(w);
                }
            }
            if piece_retried[i] {
                t.warnings.push(
                    "degenerate output (looping n-gram): retried with no_repeat_ngram_size=3"
                        .into(),
                );
            }
        }
        for (id, t) in result.iter_mut().enumerate() {
            let mut w = Vec::new();
            for n in missing_numbers(&t.source, &t.english) {
                w.push(format!(
                    "number {n} of the source is missing from the translation"
                ));
            }
            if !quotes_balanced(&t.english) {
                w.push("unbalanced quotation marks in the translation".into());
            }
            if is_degenerate(&t.english) {
                w.push("translation still loops after the retry".into());
            }
            t.warnings.extend(w);
            for x in t.warnings.iter_mut() {
                *x = format!("sentence {id}: {x}");
            }
        }
        timings.translate_ms = ms(t1);
        Ok(result)
    }

    /// Translates `article`, sentence-aligned: `(source sentence, English)` pairs.
    pub fn translate(&self, article: &str) -> Result<Vec<(String, String)>> {
        let mut t = Timings::default();
        Ok(self
            .translate_sentences(article, &mut t)?
            .into_iter()
            .map(|s| (s.source, s.english))
            .collect())
    }

    /// Key points of a Bengali article as sentence ids (extractive, scored on the source).
    pub fn key_points(&self, article: &str) -> Vec<usize> {
        let norm = normalize(article, &NormalizeOptions::default());
        let sentences = segment(&norm.text);
        let texts: Vec<&str> = sentences.iter().map(|s| s.text(&norm.text)).collect();
        extractive::select(&texts, &self.extractive_options())
    }

    fn extractive_options(&self) -> ExtractiveOptions {
        ExtractiveOptions {
            count: self.key_points,
            ..ExtractiveOptions::default()
        }
    }

    fn extractive(&self, translated: &[Translated]) -> Vec<KeyPoint> {
        let sources: Vec<&str> = translated.iter().map(|t| t.source.as_str()).collect();
        extractive::select(&sources, &self.extractive_options())
            .into_iter()
            .filter_map(|i| {
                translated.get(i).map(|t| KeyPoint {
                    text: t.english.clone(),
                    sentences: vec![i],
                    warnings: Vec::new(),
                })
            })
            .collect()
    }

    /// Summary sentences as bullets, each grounded in the translated sentences it overlaps;
    /// a bullet grounded in nothing, or carrying a number its sources lack, gets a warning.
    fn abstractive(&self, model: &Seq2Seq, translated: &[Translated]) -> Result<Vec<KeyPoint>> {
        let english: Vec<&str> = translated.iter().map(|t| t.english.as_str()).collect();
        let summary = abstractive::summarize(model, &english, &GenerateOptions::default())?;
        let mut out = Vec::new();
        for (b, text) in abstractive::bullets(&summary)
            .into_iter()
            .take(self.key_points)
            .enumerate()
        {
            let sentences = abstractive::ground(&text, &english);
            let mut warnings = Vec::new();
            if sentences.is_empty() {
                warnings.push(format!(
                    "key point {b}: shares no content word with any sentence"
                ));
            }
            let sources: Vec<&str> = sentences
                .iter()
                .filter_map(|&i| translated.get(i))
                .flat_map(|t| [t.english.as_str(), t.source.as_str()])
                .collect();
            for n in abstractive::unsupported_numbers(&text, &sources) {
                warnings.push(format!(
                    "key point {b}: number {n} is in none of its source sentences"
                ));
            }
            out.push(KeyPoint {
                text,
                sentences,
                warnings,
            });
        }
        Ok(out)
    }

    /// The whole pipeline: translation with paragraph structure, sentences, key points.
    pub fn digest(&self, article: &str) -> Result<Digest> {
        let mut timings = Timings::default();
        let translated = self.translate_sentences(article, &mut timings)?;
        let t2 = Instant::now();
        let (key_points, method) = match &self.summarizer {
            Some(m) => (self.abstractive(m, &translated)?, m.id.clone()),
            None => (
                self.extractive(&translated),
                "extractive (TextRank + lead prior + MMR on the Bengali source)".to_string(),
            ),
        };
        timings.key_points_ms = ms(t2);
        let sentences: Vec<SentenceDigest> = translated
            .into_iter()
            .enumerate()
            .map(|(id, t)| SentenceDigest {
                id,
                paragraph: t.paragraph,
                source: t.source,
                span: t.span,
                english: t.english,
                warnings: t.warnings,
            })
            .collect();
        let mut digest = Digest {
            translation: String::new(),
            sentences,
            key_points,
            models: Models {
                translator: self.translator.id.clone(),
                key_points: method,
            },
            timings,
        };
        digest.translation = digest.paragraphs().join("\n\n");
        Ok(digest)
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
