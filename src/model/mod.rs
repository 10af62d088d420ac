//! A Hugging Face seq2seq export on disk → validated pieces ready for sessions.
//!
//! [`ModelDir`] reads a folder once: [`files`] detects which ONNX layout and weight variant it
//! holds; [`config`] reads `config.json` and `generation_config.json`; [`tokenizer`] loads
//! `tokenizer.json` or a slow tokenizer's SentencePiece files; [`shortlist`] reads an optional
//! target-vocabulary shortlist. [`runtime`] locates and loads the ONNX Runtime shared library.

pub(crate) mod config;
mod dir;
pub(crate) mod files;
mod options;
pub(crate) mod runtime;
pub(crate) mod shortlist;
pub(crate) mod spm;
pub(crate) mod tokenizer;

pub use dir::ModelDir;
pub use files::{DecoderPreference, Variant};
pub use options::ModelOptions;
pub use tokenizer::Tokenizer;
