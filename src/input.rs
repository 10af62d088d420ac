//! Reading an article from a file or stdin as UTF-8, with errors that name the source.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// Reads `path` (or stdin when `None`) and checks it is UTF-8; an invalid byte is an
/// [`Error::InvalidInput`] naming the source and the byte offset.
pub fn read_utf8(path: Option<&Path>) -> Result<String> {
    let (name, bytes) = match path {
        Some(p) => (
            p.display().to_string(),
            std::fs::read(p).map_err(|source| Error::Io {
                path: p.to_path_buf(),
                source,
            })?,
        ),
        None => {
            let mut b = Vec::new();
            std::io::stdin()
                .read_to_end(&mut b)
                .map_err(|source| Error::Io {
                    path: "stdin".into(),
                    source,
                })?;
            ("stdin".to_string(), b)
        }
    };
    String::from_utf8(bytes).map_err(|e| {
        Error::InvalidInput(format!(
            "{name}: invalid UTF-8 at byte {}",
            e.utf8_error().valid_up_to()
        ))
    })
}
