//! Model flags shared by the examples (included with `#[path]`): which files to load and how.

use bengali_digest::{DecoderPreference, ModelOptions, Variant};

/// `--variant`: the ONNX weight files to load.
#[derive(Clone, Copy, Debug, Default, clap::ValueEnum)]
pub enum VariantArg {
    /// `*.onnx` (full precision).
    #[default]
    Fp32,
    /// `*_quantized.onnx` (dynamic int8, transformers.js naming).
    Quantized,
    /// `*_int8.onnx`.
    Int8,
    /// `*_fp16.onnx`.
    Fp16,
}

impl From<VariantArg> for Variant {
    fn from(v: VariantArg) -> Self {
        match v {
            VariantArg::Fp32 => Variant::Fp32,
            VariantArg::Quantized => Variant::Quantized,
            VariantArg::Int8 => Variant::Int8,
            VariantArg::Fp16 => Variant::Fp16,
        }
    }
}

/// How to open the model folder.
#[derive(clap::Args, Debug)]
pub struct ModelArgs {
    /// Weight variant.
    #[arg(long, value_enum, default_value_t = VariantArg::Fp32)]
    pub variant: VariantArg,
    /// Use the split decoder (decoder_model + decoder_with_past_model) even when merged exists.
    #[arg(long)]
    pub split_decoder: bool,
    /// Use the model's target-vocabulary shortlist (shortlist.json, from models/shortlist.py).
    #[arg(long)]
    pub shortlist: bool,
    /// ONNX Runtime intra-op threads (0 = its default).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

impl ModelArgs {
    /// The [`ModelOptions`] these flags ask for.
    pub fn options(&self) -> ModelOptions {
        ModelOptions::default()
            .variant(self.variant.into())
            .decoder(if self.split_decoder {
                DecoderPreference::Split
            } else {
                DecoderPreference::Merged
            })
            .shortlist(self.shortlist)
            .threads(self.threads)
    }
}
