//! Model sources: a local directory always; a Hugging Face Hub id with the `hub` feature.
//!
//! [`resolve`] turns what a user passes (a directory or an `owner/name` id) into a local model
//! directory. With `hub`, [`download`] lists the repository, fetches every file the layout
//! needs (config and tokenizer files including SentencePiece-only ones, the encoder and merged
//! or split decoders of the chosen variant, their external data) into the Hugging Face cache,
//! and returns the snapshot directory; [`HubOptions`] says from where and what.
//!
//! Inside (feature `hub`), in the order a download runs: `options` (settings from the
//! environment) → `ids` (which ids, revisions and paths are accepted) → `client` (HTTP) →
//! `listing` (the revision's files) → `layout` (which of them a model needs) → `transfer` (one
//! file, complete or not at all) → `cache` (`huggingface_hub`'s cache layout, offline use).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

#[cfg(feature = "hub")]
mod cache;
#[cfg(feature = "hub")]
mod client;
#[cfg(feature = "hub")]
mod download;
#[cfg(feature = "hub")]
mod ids;
#[cfg(feature = "hub")]
mod layout;
#[cfg(feature = "hub")]
mod listing;
#[cfg(feature = "hub")]
mod options;
#[cfg(feature = "hub")]
mod transfer;

#[cfg(feature = "hub")]
pub use download::download;
#[cfg(feature = "hub")]
pub use options::HubOptions;

/// Default translator on the Hub: `Xenova/nllb-200-distilled-600M`, the transformers.js ONNX
/// export of Meta's NLLB-200 distilled 600M (`facebook/nllb-200-distilled-600M`).
pub const DEFAULT_TRANSLATOR: &str = "Xenova/nllb-200-distilled-600M";
/// Default summarizer on the Hub: `Xenova/distilbart-cnn-6-6`, the transformers.js ONNX export
/// of DistilBART-CNN 6-6 (`sshleifer/distilbart-cnn-6-6`).
pub const DEFAULT_SUMMARIZER: &str = "Xenova/distilbart-cnn-6-6";

/// Resolves `spec` to a local model directory: an existing directory as is; otherwise, with the
/// `hub` feature, a Hub id (`owner/name`) downloaded into the Hugging Face cache by `download`
/// with the settings of `HubOptions::from_env` (`HF_ENDPOINT`, `HF_HOME`, `HF_TOKEN`, …), the
/// quantized files when `prefer_quantized`, and one line on stderr per file downloaded (files
/// of 100 MiB or more also every 10%).
///
/// Errors: [`Error::MissingFile`] when `spec` is neither a directory nor (with the feature) a
/// Hub id; with the feature, the errors of `download`.
pub fn resolve(spec: &Path, prefer_quantized: bool) -> Result<PathBuf> {
    if spec.is_dir() {
        return Ok(spec.to_path_buf());
    }
    let id = spec.to_string_lossy();
    let looks_like_id = id.split('/').count() == 2 && !id.starts_with('.') && !id.starts_with('/');
    #[cfg(feature = "hub")]
    if looks_like_id {
        return download_from_env(&id, prefer_quantized);
    }
    let _ = prefer_quantized;
    let hint = if looks_like_id {
        format!(
            "`{id}` is not a local directory; Hub ids need the `hub` cargo feature \
             (cargo build --features hub) and network access, or download the files and pass the directory"
        )
    } else {
        "no such model directory: pass a directory holding config.json, tokenizer.json and the \
         ONNX files, or a Hub id such as Xenova/nllb-200-distilled-600M with the `hub` feature"
            .to_string()
    };
    Err(Error::MissingFile {
        path: spec.to_path_buf(),
        hint,
    })
}

/// [`download`] with [`HubOptions::from_env`], quantized files when asked for, and one line on
/// stderr per file actually downloaded (files of 100 MiB or more also every 10%).
#[cfg(feature = "hub")]
fn download_from_env(id: &str, prefer_quantized: bool) -> Result<PathBuf> {
    use std::sync::atomic::{AtomicU64, Ordering};
    let last_tenth = AtomicU64::new(0);
    let repo = id.to_string();
    let opts = HubOptions::from_env()
        .prefer_quantized(prefer_quantized)
        .progress(move |file, done, total| {
            let mib = |b: u64| b as f64 / (1 << 20) as f64;
            if done == 0 {
                last_tenth.store(0, Ordering::Relaxed);
                match total {
                    Some(t) => eprintln!("downloading {repo}: {file} ({:.1} MiB)", mib(t)),
                    None => eprintln!("downloading {repo}: {file}"),
                }
            } else if let Some(t) = total.filter(|t| *t >= 100 << 20) {
                let tenth = done.saturating_mul(10) / t;
                if tenth > last_tenth.swap(tenth, Ordering::Relaxed) && done < t {
                    eprintln!("  {file}: {}0%", tenth);
                }
            }
        });
    download(id, &opts)
}
