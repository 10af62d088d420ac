//! [`ModelOptions`]: how to open and run a model folder's files.

use super::files::{DecoderPreference, Variant};

/// How to open a model folder ([`ModelDir::open`](super::ModelDir::open)) and run its graphs:
/// which ONNX files, how many threads, whether to use the vocabulary shortlist. Generation
/// settings are not here: they are [`GenerateOptions`](crate::GenerateOptions), per call.
///
/// Build with `Default` and the chainable setters:
/// `ModelOptions::default().prefer_quantized(true).threads(2)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ModelOptions {
    /// Weight variant to load (default [`Variant::Fp32`]); absent files are
    /// [`Error::MissingFile`](crate::Error::MissingFile) listing the variants present.
    pub variant: Variant,
    /// Load `*_quantized.onnx`, else `*_int8.onnx`, when the folder has one; otherwise
    /// [`variant`](Self::variant).
    pub prefer_quantized: bool,
    /// Merged or split decoder when the folder has both (default merged).
    pub decoder: DecoderPreference,
    /// ONNX Runtime intra-op threads per session (0 = ONNX Runtime's default: one per core).
    pub threads: usize,
    /// Use the target-vocabulary shortlist (`shortlist.json`, written by
    /// `models/shortlist.py`): faster decoding; a token off the list is never generated.
    pub shortlist: bool,
}

impl ModelOptions {
    /// Sets [`variant`](Self::variant).
    #[must_use]
    pub fn variant(mut self, variant: Variant) -> Self {
        self.variant = variant;
        self
    }

    /// Sets [`prefer_quantized`](Self::prefer_quantized).
    #[must_use]
    pub fn prefer_quantized(mut self, yes: bool) -> Self {
        self.prefer_quantized = yes;
        self
    }

    /// Sets [`decoder`](Self::decoder).
    #[must_use]
    pub fn decoder(mut self, preference: DecoderPreference) -> Self {
        self.decoder = preference;
        self
    }

    /// Sets [`threads`](Self::threads) (0 = ONNX Runtime's default).
    #[must_use]
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = n;
        self
    }

    /// Sets [`shortlist`](Self::shortlist).
    #[must_use]
    pub fn shortlist(mut self, yes: bool) -> Self {
        self.shortlist = yes;
        self
    }

    /// The variant to load from a folder holding `available` ones.
    pub(crate) fn pick_variant(&self, available: &[Variant]) -> Variant {
        if self.prefer_quantized {
            [Variant::Quantized, Variant::Int8]
                .into_iter()
                .find(|v| available.contains(v))
                .unwrap_or(self.variant)
        } else {
            self.variant
        }
    }
}
