//! [`HubOptions`]: where and how [`download`](super::download) fetches a model, read from the
//! environment variables `huggingface_hub` reads.

use std::path::PathBuf;
use std::sync::Arc;

use super::cache;
use crate::model::files::{DecoderPreference, Variant};

/// The public Hub (`huggingface_hub`'s `constants.ENDPOINT`), used when `HF_ENDPOINT` is not set.
pub(crate) const DEFAULT_ENDPOINT: &str = "https://huggingface.co";

/// Progress callback: `(file, bytes received, total bytes when known)`.
pub(crate) type ProgressFn = Arc<dyn Fn(&str, u64, Option<u64>) + Send + Sync>;

/// Where and how [`download`](super::download) fetches a model: endpoint, cache, revision, ONNX
/// variant, decoder layout, offline mode, progress reports.
///
/// [`HubOptions::from_env`] (also [`Default`]) reads the variables `huggingface_hub` reads; each
/// chainable setter overrides one setting (tests pass the endpoint and cache explicitly instead
/// of changing the process environment):
///
/// ```
/// use bengali_digest::hub::HubOptions;
/// let opts = HubOptions::from_env().revision("main").prefer_quantized(true);
/// # let _ = opts;
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct HubOptions {
    pub(super) endpoint: String,
    pub(super) cache_dir: Option<PathBuf>,
    pub(super) revision: String,
    pub(super) token: Option<String>,
    /// Accepted ONNX variants, most wanted first.
    pub(super) variants: Vec<Variant>,
    pub(super) decoder: DecoderPreference,
    pub(super) offline: bool,
    pub(super) progress: Option<ProgressFn>,
}

impl std::fmt::Debug for HubOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubOptions")
            .field("endpoint", &self.endpoint)
            .field("cache_dir", &self.cache_dir)
            .field("revision", &self.revision)
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("variants", &self.variants)
            .field("decoder", &self.decoder)
            .field("offline", &self.offline)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Default for HubOptions {
    /// Same as [`HubOptions::from_env`].
    fn default() -> Self {
        Self::from_env()
    }
}

impl HubOptions {
    /// Settings from the environment, as `huggingface_hub` reads them (its `constants.py`):
    /// - endpoint: `HF_ENDPOINT`, else `https://huggingface.co`;
    /// - cache: `HF_HUB_CACHE`, else `$HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`, else
    ///   `~/.cache/huggingface/hub`;
    /// - token (private and gated repositories): `HF_TOKEN`, else the file `$HF_HOME/token`;
    /// - `HF_HUB_OFFLINE` = `1`/`true`/`yes`/`on`: use the cached snapshot only.
    ///
    /// Empty variables count as unset. Revision `main`, full-precision ONNX files, merged decoder
    /// preferred, no progress calls. Never fails: a missing cache directory is reported by
    /// [`download`](super::download).
    pub fn from_env() -> Self {
        let home = cache::hf_home();
        let cache_dir = cache::env("HF_HUB_CACHE")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join("hub")));
        let token = cache::env("HF_TOKEN").or_else(|| {
            home.as_ref()
                .and_then(|h| std::fs::read_to_string(h.join("token")).ok())
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
        });
        let offline = cache::env("HF_HUB_OFFLINE").is_some_and(|v| {
            matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "1" | "true" | "yes" | "on"
            )
        });
        Self {
            endpoint: cache::env("HF_ENDPOINT").unwrap_or_else(|| DEFAULT_ENDPOINT.to_string()),
            cache_dir,
            revision: "main".into(),
            token,
            variants: vec![Variant::Fp32],
            decoder: DecoderPreference::Merged,
            offline,
            progress: None,
        }
    }

    /// The server to talk to, e.g. `https://huggingface.co` or a mirror (a trailing `/` is
    /// ignored).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into();
        self
    }

    /// The cache root: the directory holding `models--owner--name/` (`huggingface_hub`'s
    /// `HF_HUB_CACHE`).
    pub fn cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cache_dir = Some(dir.into());
        self
    }

    /// Branch, tag or commit to fetch (default `main`).
    pub fn revision(mut self, revision: impl Into<String>) -> Self {
        self.revision = revision.into();
        self
    }

    /// Access token sent as `Authorization: Bearer …` to the endpoint's host (dropped on
    /// redirects to other hosts, such as the LFS CDN); `None` for none.
    pub fn token(mut self, token: Option<String>) -> Self {
        self.token = token;
        self
    }

    /// Fetch exactly this ONNX variant ([`download`](super::download) fails with
    /// [`Error::MissingInRepo`](crate::Error::MissingInRepo), listing the repository's files, if
    /// it is absent).
    pub fn variant(mut self, variant: Variant) -> Self {
        self.variants = vec![variant];
        self
    }

    /// `true`: the quantized files (`_quantized`, else `_int8`, else full precision), as
    /// [`PipelineBuilder::prefer_quantized`](crate::PipelineBuilder::prefer_quantized) picks
    /// them from a directory; `false` (default): full precision only.
    pub fn prefer_quantized(mut self, yes: bool) -> Self {
        self.variants = if yes {
            vec![Variant::Quantized, Variant::Int8, Variant::Fp32]
        } else {
            vec![Variant::Fp32]
        };
        self
    }

    /// Which decoder layout to fetch when the repository has both (default: merged).
    pub fn decoder(mut self, pref: DecoderPreference) -> Self {
        self.decoder = pref;
        self
    }

    /// `true`: never touch the network, use the cached snapshot of the revision.
    pub fn offline(mut self, yes: bool) -> Self {
        self.offline = yes;
        self
    }

    /// Called while a file downloads with `(file, bytes received so far, total bytes when
    /// known)`: at the start (0 bytes), every 4 MiB and at the end. Files already in the cache
    /// are not reported.
    pub fn progress(mut self, f: impl Fn(&str, u64, Option<u64>) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }
}
