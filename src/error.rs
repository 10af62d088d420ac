//! The crate's one error type.

use std::path::PathBuf;

/// Every failure the crate reports. Variants name the cause: the file, the key, the input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input text could not be processed.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Crate result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;
