//! Model sources: a local directory always; a Hugging Face Hub id with the `hub` feature.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
#[cfg(feature = "hub")]
use crate::model::files::Variant;

/// Default translator on the Hub (transformers.js export of NLLB-200 distilled 600M).
pub const DEFAULT_TRANSLATOR: &str = "Xenova/nllb-200-distilled-600M";
/// Default summarizer on the Hub (transformers.js export of DistilBART-CNN 6-6).
pub const DEFAULT_SUMMARIZER: &str = "Xenova/distilbart-cnn-6-6";

/// Resolves `spec` to a local model directory: an existing directory as is; otherwise, with the
/// `hub` feature, a Hub id (`owner/name`) downloaded into the Hugging Face cache.
pub fn resolve(spec: &Path, prefer_quantized: bool) -> Result<PathBuf> {
    if spec.is_dir() {
        return Ok(spec.to_path_buf());
    }
    let id = spec.to_string_lossy();
    let looks_like_id = id.split('/').count() == 2 && !id.starts_with('.') && !id.starts_with('/');
    #[cfg(feature = "hub")]
    if looks_like_id {
        return download(&id, prefer_quantized);
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

/// Downloads the files a model needs from the Hub (transformers.js layout: ONNX under `onnx/`).
#[cfg(feature = "hub")]
fn download(id: &str, prefer_quantized: bool) -> Result<PathBuf> {
    let net = |e: hf_hub::api::sync::ApiError| Error::MissingFile {
        path: PathBuf::from(id),
        hint: format!("downloading from the Hugging Face Hub failed: {e}"),
    };
    let api = hf_hub::api::sync::ApiBuilder::new()
        .with_progress(true)
        .build()
        .map_err(net)?;
    let repo = api.model(id.to_string());
    let config = repo.get("config.json").map_err(net)?;
    repo.get("tokenizer.json").map_err(net)?;
    for optional in ["generation_config.json", "tokenizer_config.json"] {
        let _ = repo.get(optional);
    }
    let variant = if prefer_quantized {
        Variant::Quantized
    } else {
        Variant::Fp32
    };
    let suffix = variant.suffix();
    repo.get(&format!("onnx/encoder_model{suffix}.onnx"))
        .map_err(net)?;
    repo.get(&format!("onnx/decoder_model_merged{suffix}.onnx"))
        .map_err(net)?;
    config
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::MissingFile {
            path: config.clone(),
            hint: "unexpected Hub cache layout".into(),
        })
}
