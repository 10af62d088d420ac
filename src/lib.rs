//! # bengali-digest
//!
//! Bengali news article → full English translation plus key-point bullets.
//!
//! The modules are declared in the order data flows: [`text`] (normalize → segment → chunk) →
//! [`ModelDir`] (ONNX files, configs, tokenizer) → [`Seq2SeqModel`] (encoder pass, decoder
//! steps, greedy / beam search) → [`Seq2Seq`] (batches of sentences → English) → [`keypoints`] and
//! [`faithfulness`] (which reads numbers with [`numbers`]) → [`digest`] (the output types, with
//! typed [`Warning`]s) → [`pipeline`] (one call for all of it).
//! [`input`] reads text safely, [`hub`] fetches models by id (feature `hub`), [`error`] is the
//! one error type.
#![deny(clippy::indexing_slicing)]

pub mod text;

mod model;

mod generate;

mod translate;

pub mod faithfulness;
pub mod keypoints;
pub mod numbers;

pub mod digest;
pub mod warning;

pub mod pipeline;

pub mod error;
pub mod hub;
pub mod input;

pub use digest::{Digest, KeyPoint, ParagraphDigest, SentenceDigest, StreamSummary};
pub use error::{Error, Result};
pub use pipeline::{DigestStream, Pipeline, PipelineBuilder};
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
