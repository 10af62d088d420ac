//! The crate's one error type.

use std::path::PathBuf;

/// Every failure the crate reports. Variants name the cause: the file, the key, the input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input text could not be processed.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// A builder setting is invalid.
    #[error("invalid setting: {0}")]
    InvalidSetting(String),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A model directory is unusable as a whole.
    #[error("model directory {path}: {reason}")]
    ModelDir {
        /// The directory.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A file the model needs is missing.
    #[error("missing {path}: {hint}")]
    MissingFile {
        /// The file that was looked for.
        path: PathBuf,
        /// What to do about it.
        hint: String,
    },
    /// A JSON file is malformed or lacks a required key.
    #[error("{path}: {reason}")]
    Config {
        /// The file.
        path: PathBuf,
        /// The key or parse problem.
        reason: String,
    },
    /// A tokenized input exceeds the model's maximum positions (the chunker prevents this).
    #[error("input {index} has {tokens} tokens; the model accepts at most {max} (max_position_embeddings)")]
    InputTooLong {
        /// Which input of the batch.
        index: usize,
        /// Its token count.
        tokens: usize,
        /// The model's limit.
        max: usize,
    },
    /// A language code is not a token of the model's tokenizer.
    #[error("language code `{code}` is not in the vocabulary of {path}")]
    UnknownLanguage {
        /// The code asked for.
        code: String,
        /// The tokenizer file.
        path: PathBuf,
    },
    /// An encoded input holds a token whose id is past the model's embedding (a tokenizer
    /// entry beyond `config.json` `vocab_size`, such as BART-CNN's `<mask>`).
    #[error("input token `{token}` (id {id}) is outside the model's vocabulary of {vocab_size} (config.json `vocab_size`); it comes from {path}")]
    TokenOutOfVocabulary {
        /// The token's text.
        token: String,
        /// Its id.
        id: i64,
        /// `config.json` `vocab_size`.
        vocab_size: usize,
        /// The tokenizer file.
        path: PathBuf,
    },
    /// ONNX Runtime rejected a graph or a run.
    #[error("ONNX model {path}: {reason}")]
    Onnx {
        /// The graph file.
        path: PathBuf,
        /// What ONNX Runtime said.
        reason: String,
    },
    /// A Hugging Face Hub request failed (feature `hub`): the repository or a file is not
    /// there, the connection failed, or a file arrived incomplete. Nothing partial is left in
    /// the cache; running again fetches only what is missing.
    #[error("Hugging Face Hub, {repo}: {file}: {reason}")]
    Download {
        /// The repository id (`owner/name`).
        repo: String,
        /// The file within the repository, or `file list` for the repository listing.
        file: String,
        /// The HTTP status when the server answered with an error (404: no such repository,
        /// revision or file), `None` when it did not answer or the transfer broke off.
        status: Option<u16>,
        /// What went wrong.
        reason: String,
    },
    /// A Hugging Face Hub repository lacks a file the model needs (feature `hub`).
    #[error("Hugging Face Hub, {repo} (revision {revision}) has no {wanted}; its files: {}", list_or_none(.available))]
    MissingInRepo {
        /// The repository id (`owner/name`).
        repo: String,
        /// The revision that was listed (branch, tag or commit).
        revision: String,
        /// What was looked for.
        wanted: String,
        /// Every file the repository has.
        available: Vec<String>,
    },
    /// The ONNX Runtime library could not be found or loaded.
    #[error("ONNX Runtime library unavailable: {reason}. Run `bash scripts/setup.sh` in the crate, or set ORT_DYLIB_PATH to a libonnxruntime.so (>= 1.24, e.g. from the PyPI onnxruntime wheel)")]
    Runtime {
        /// What went wrong.
        reason: String,
    },
}

fn list_or_none(files: &[String]) -> String {
    if files.is_empty() {
        "none".into()
    } else {
        files.join(", ")
    }
}

/// Crate result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;
