//! # bengali-digest
//!
//! Bengali news article → full English translation plus key-point bullets.
//!
//! The modules are declared in the order data flows: [`text`] (normalize → segment → chunk) →
//! [`model`] (ONNX files, configs, tokenizer) → [`generate`] (encoder pass, decoder steps,
//! greedy / beam search) → [`translate`] (batches of sentences → English) → [`keypoints`] and
//! [`faithfulness`] (which reads numbers with [`numbers`]) → [`digest`] (the output types, with
//! typed [`Warning`]s) → [`pipeline`] (one call for all of it).
//! [`input`] reads text safely, [`hub`] fetches models by id (feature `hub`), [`error`] is the
//! one error type.
#![deny(clippy::indexing_slicing)]

pub mod text;

pub mod model;

pub mod generate;

pub mod translate;

pub mod faithfulness;
pub mod keypoints;
mod numbers;

mod digest;
mod warning;

mod pipeline;

pub mod error;
pub mod hub;
mod input;

pub use digest::{
    Digest, KeyPoint, Models, ParagraphDigest, SentenceDigest, StreamSummary, Timings,
};
pub use error::{Error, Result};
pub use input::read_utf8;
pub use pipeline::{DigestStream, Pipeline, PipelineBuilder, Progress};
pub use warning::Warning;
