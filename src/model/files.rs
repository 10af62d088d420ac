//! ONNX layout detection for a model directory.
//!
//! Two layouts occur in real exports:
//! - **Optimum**: `encoder_model.onnx` with `decoder_model_merged.onnx` and/or the split pair
//!   `decoder_model.onnx` + `decoder_with_past_model.onnx`, at the directory's top level.
//! - **transformers.js**: the same names under `onnx/`, usually with variants such as
//!   `encoder_model_quantized.onnx`, `_int8`, `_fp16`.
//!
//! The layout is read from the files present, never assumed.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Which weight variant of the ONNX files to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Variant {
    /// Full-precision files (`encoder_model.onnx`).
    #[default]
    Fp32,
    /// Dynamic int8 (`*_quantized.onnx`, as transformers.js names them).
    Quantized,
    /// Int8 (`*_int8.onnx`).
    Int8,
    /// Half precision (`*_fp16.onnx`).
    Fp16,
}

impl Variant {
    /// The file-name suffix this variant uses (empty for fp32).
    pub fn suffix(self) -> &'static str {
        match self {
            Variant::Fp32 => "",
            Variant::Quantized => "_quantized",
            Variant::Int8 => "_int8",
            Variant::Fp16 => "_fp16",
        }
    }
}

/// How the decoder is exported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum DecoderFiles {
    /// One graph with an `If` on `use_cache_branch` serving both the first step and later ones.
    Merged(PathBuf),
    /// The first step runs `decoder_model.onnx`; later steps `decoder_with_past_model.onnx`.
    Split {
        /// `decoder_model*.onnx`.
        first: PathBuf,
        /// `decoder_with_past_model*.onnx`.
        with_past: PathBuf,
    },
}

/// The ONNX files of one model directory, as found on disk.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OnnxFiles {
    /// The encoder graph.
    pub encoder: PathBuf,
    /// The decoder graph(s).
    pub decoder: DecoderFiles,
    /// The weight variant that was selected.
    pub variant: Variant,
}

/// Which decoder layout to prefer when a directory holds both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecoderPreference {
    /// Merged when present, else split.
    #[default]
    Merged,
    /// Split when present, else merged.
    Split,
}

impl OnnxFiles {
    /// Finds the ONNX files for `variant` in `dir` (top level first, then `dir/onnx/`).
    ///
    /// Errors name the directory and the files that were looked for.
    pub fn detect(dir: &Path, variant: Variant, pref: DecoderPreference) -> Result<Self> {
        if !dir.is_dir() {
            return Err(Error::ModelDir {
                path: dir.to_path_buf(),
                reason: "not a directory".into(),
            });
        }
        let suffix = variant.suffix();
        let mut looked = Vec::new();
        for base in [dir.to_path_buf(), dir.join("onnx")] {
            let file = |stem: &str| base.join(format!("{stem}{suffix}.onnx"));
            let encoder = file("encoder_model");
            looked.push(encoder.clone());
            if !encoder.is_file() {
                continue;
            }
            let merged = file("decoder_model_merged");
            let first = file("decoder_model");
            let with_past = file("decoder_with_past_model");
            let has_merged = merged.is_file();
            let has_split = first.is_file() && with_past.is_file();
            let decoder = match (has_merged, has_split, pref) {
                (true, true, DecoderPreference::Split) | (false, true, _) => {
                    DecoderFiles::Split { first, with_past }
                }
                (true, _, _) => DecoderFiles::Merged(merged),
                (false, false, _) => {
                    return Err(Error::MissingFile {
                        path: merged,
                        hint: format!(
                            "the encoder is at {} but no decoder: expected decoder_model_merged{suffix}.onnx, \
                             or decoder_model{suffix}.onnx with decoder_with_past_model{suffix}.onnx",
                            encoder.display()
                        ),
                    })
                }
            };
            return Ok(Self {
                encoder,
                decoder,
                variant,
            });
        }
        let available = available_variants(dir);
        let hint = if available.is_empty() {
            "no encoder_model*.onnx in the directory or its onnx/ folder: export one with \
             `optimum-cli export onnx --task text2text-generation-with-past` (see models/README.md)"
                .to_string()
        } else {
            format!("variant {variant:?} is absent; this directory has {available:?}")
        };
        Err(Error::MissingFile {
            path: looked
                .into_iter()
                .next()
                .unwrap_or_else(|| dir.to_path_buf()),
            hint,
        })
    }

    /// Every ONNX file this layout will load.
    #[cfg(test)]
    pub(crate) fn paths(&self) -> Vec<&Path> {
        let mut out = vec![self.encoder.as_path()];
        match &self.decoder {
            DecoderFiles::Merged(p) => out.push(p),
            DecoderFiles::Split { first, with_past } => {
                out.push(first);
                out.push(with_past);
            }
        }
        out
    }
}

/// The variants whose encoder file exists in `dir` or `dir/onnx`.
pub fn available_variants(dir: &Path) -> Vec<Variant> {
    [
        Variant::Fp32,
        Variant::Quantized,
        Variant::Int8,
        Variant::Fp16,
    ]
    .into_iter()
    .filter(|v| {
        let name = format!("encoder_model{}.onnx", v.suffix());
        dir.join(&name).is_file() || dir.join("onnx").join(&name).is_file()
    })
    .collect()
}

#[cfg(test)]
mod tests;
