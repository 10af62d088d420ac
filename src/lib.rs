//! # bengali-digest
//!
//! Bengali news article → full English translation plus key-point bullets.
//!
//! The modules are declared in the order data flows: [`text`] (normalize → segment → chunk) →
//! [`model`] (ONNX files, configs, tokenizer) → [`generate`] (encoder pass, decoder steps,
//! greedy / beam search) → [`translate`] (batches of sentences → English) → `keypoints` and
//! [`faithfulness`] (which reads numbers with the crate's number parser) → the output types
//! ([`Digest`], with typed [`Warning`]s) → [`Pipeline`] (one call for all of it).
//! [`read_utf8`] reads text safely, [`hub`] fetches models by id (feature `hub`), [`Error`] is
//! the one error type.
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
