//! # bengali-digest
//!
//! Bengali news article → full English translation plus key-point bullets.
//!
//! Start with [`Pipeline::builder`] → [`Pipeline::digest`] (or [`Pipeline::stream`] for input of
//! any size); the result is a serde [`Digest`] with typed [`Warning`]s, and every failure is one
//! [`Error`] callers can match on.
//!
//! Data flows through the stages in the order the modules are declared: [`text`] (normalize →
//! segment → chunk) → [`ModelDir`] (one model folder read once: ONNX files, configs, tokenizer)
//! → [`Seq2SeqModel`] (encoder pass, decoder steps, greedy / beam search) → [`Seq2Seq`] (batches
//! of sentences → English) → key points ([`keypoints`]) → [`faithfulness`] warnings → the output
//! types. [`read_utf8`] reads text safely; [`hub`] resolves model ids (downloads with feature
//! `hub`). `ARCHITECTURE.md` has one paragraph per module and says what is public and why.
#![deny(clippy::indexing_slicing)]
#![deny(missing_docs)]

pub mod text;

mod model;

mod generate;

mod translate;

pub mod faithfulness;
pub mod keypoints;
mod numbers;

mod digest;
mod warning;

mod pipeline;

mod error;
pub mod hub;
mod input;

pub use digest::{
    Digest, KeyPoint, Models, ParagraphDigest, SentenceDigest, StreamSummary, Timings,
};
pub use error::{Error, Result};
pub use input::read_utf8;
pub use pipeline::{DigestStream, Pipeline, PipelineBuilder, Progress};
pub use warning::Warning;

pub use generate::{
    DecodeState, EarlyStopping, FinishReason, GenerateOptions, Generation, Seq2SeqModel, StepLogits,
};
pub use model::{DecoderPreference, ModelDir, ModelOptions, Tokenizer, Variant};
pub use translate::{LoadOptions, Seq2Seq, Task};

/// Locates and loads the ONNX Runtime shared library (`ORT_DYLIB_PATH`, set for `cargo`
/// commands by `.cargo/config.toml` after `scripts/setup.sh`) once per process and returns its
/// path. Loading a model does this itself; call it to check an installation early.
///
/// Errors: [`Error::Runtime`] with install instructions when the library is missing or fails
/// to load.
pub fn init_runtime() -> Result<&'static std::path::Path> {
    model::runtime::init()
}

/// The README's code blocks, compiled (and the `no_run` ones type-checked) by `cargo test --doc`.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
