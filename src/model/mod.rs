//! A Hugging Face seq2seq export on disk → validated pieces ready for sessions.
//!
//! [`files`] detects which ONNX layout a directory holds; [`config`] reads
//! `config.json` and `generation_config.json`; [`runtime`] locates and loads the
//! ONNX Runtime shared library; [`shortlist`] reads an optional target-vocabulary shortlist.

pub mod config;
pub mod files;
pub mod runtime;
pub mod shortlist;
pub(crate) mod spm;
pub mod tokenizer;
