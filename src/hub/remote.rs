//! The Hugging Face Hub client behind the `hub` feature.
//!
//! NOTE: this speaks the Hub's HTTP layout with `ureq` directly instead of using `hf-hub` 0.4
//! (which the crate used before). hf-hub's sync API keeps a failed download's bytes in the cache
//! (`blobs/<etag>.part`, kept on purpose to resume later, plus a `.lock` file per blob), never
//! compares the bytes it received with the size it was told, so a body that ends early without
//! a transport error becomes a cached model file, and `unwrap`s/`assert!`s on some responses
//! (a redirect without `Location`). This crate needs the opposite: a file is in the cache
//! complete or not at all, and every failure is an [`Error`]. The cache layout stays the one
//! `huggingface_hub` uses (`models--owner--name/{refs,snapshots}`), so snapshots written by
//! Python are reused here and the other way round.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::files::{DecoderPreference, Variant};

/// The public Hub, used when `HF_ENDPOINT` is not set.
pub const DEFAULT_ENDPOINT: &str = "https://huggingface.co";

/// Configuration and tokenizer files fetched whenever the repository has them.
const SIDE_FILES: &[&str] = &[
    "config.json",
    "generation_config.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "tokenizer.json",
    "source.spm",
    "target.spm",
    "vocab.json",
    "sentencepiece.bpe.model",
    "spiece.model",
    "shortlist.json",
];

/// A model needs one of these to tokenize: a fast tokenizer or a SentencePiece model
/// (Marian `source.spm`, M2M100 `sentencepiece.bpe.model`, T5 `spiece.model`).
const TOKENIZER_MODELS: &[&str] = &[
    "tokenizer.json",
    "source.spm",
    "sentencepiece.bpe.model",
    "spiece.model",
];

/// Progress callback: `(file, bytes received, total bytes when known)`.
pub type ProgressFn = Arc<dyn Fn(&str, u64, Option<u64>) + Send + Sync>;

/// Bytes between two progress calls.
const PROGRESS_STEP: u64 = 4 << 20;

/// Where and how [`download`] fetches a model: endpoint, cache, revision, ONNX variant.
///
/// [`HubOptions::from_env`] reads the variables `huggingface_hub` reads; every `with_*` method
/// overrides one setting (tests pass the endpoint and cache explicitly instead of changing the
/// process environment).
#[derive(Clone)]
pub struct HubOptions {
    endpoint: String,
    cache_dir: Option<PathBuf>,
    revision: String,
    token: Option<String>,
    variants: Vec<Variant>,
    decoder: DecoderPreference,
    offline: bool,
    progress: Option<ProgressFn>,
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

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// `HF_HOME`, else `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface`.
fn hf_home() -> Option<PathBuf> {
    env("HF_HOME")
        .map(PathBuf::from)
        .or_else(|| env("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("huggingface")))
        .or_else(|| std::env::home_dir().map(|h| h.join(".cache").join("huggingface")))
}

impl HubOptions {
    /// Settings from the environment, as `huggingface_hub` reads them:
    /// - endpoint: `HF_ENDPOINT`, else `https://huggingface.co`;
    /// - cache: `HF_HUB_CACHE`, else `$HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`, else
    ///   `~/.cache/huggingface/hub`;
    /// - token (private and gated repositories): `HF_TOKEN`, else the file `$HF_HOME/token`;
    /// - `HF_HUB_OFFLINE=1`: use the cached snapshot only.
    ///
    /// Revision `main`, full-precision ONNX files, merged decoder preferred, no progress calls.
    pub fn from_env() -> Self {
        let home = hf_home();
        let cache_dir = env("HF_HUB_CACHE")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join("hub")));
        let token = env("HF_TOKEN").or_else(|| {
            home.as_ref()
                .and_then(|h| std::fs::read_to_string(h.join("token")).ok())
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
        });
        let offline = env("HF_HUB_OFFLINE").is_some_and(|v| {
            matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "1" | "true" | "yes" | "on"
            )
        });
        Self {
            endpoint: env("HF_ENDPOINT").unwrap_or_else(|| DEFAULT_ENDPOINT.to_string()),
            cache_dir,
            revision: "main".into(),
            token,
            variants: vec![Variant::Fp32],
            decoder: DecoderPreference::Merged,
            offline,
            progress: None,
        }
    }

    /// The server to talk to, e.g. `https://huggingface.co` or a mirror.
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into();
        self
    }

    /// The cache root (the directory holding `models--owner--name/`).
    pub fn with_cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cache_dir = Some(dir.into());
        self
    }

    /// Branch, tag or commit to fetch (default `main`).
    pub fn with_revision(mut self, revision: impl Into<String>) -> Self {
        self.revision = revision.into();
        self
    }

    /// Access token sent to the endpoint's host (dropped on redirects to other hosts, such as the
    /// LFS CDN); `None` for none.
    pub fn with_token(mut self, token: Option<String>) -> Self {
        self.token = token;
        self
    }

    /// Fetch exactly this ONNX variant (an error lists the repository's files if it is absent).
    pub fn with_variant(mut self, variant: Variant) -> Self {
        self.variants = vec![variant];
        self
    }

    /// `true`: the quantized files (`_quantized`, else `_int8`, else full precision), as
    /// [`LoadOptions::prefer_quantized`](crate::translate::LoadOptions::prefer_quantized) picks
    /// them from a directory; `false`: full precision only.
    pub fn with_prefer_quantized(mut self, yes: bool) -> Self {
        self.variants = if yes {
            vec![Variant::Quantized, Variant::Int8, Variant::Fp32]
        } else {
            vec![Variant::Fp32]
        };
        self
    }

    /// Which decoder layout to fetch when the repository has both (default: merged).
    pub fn with_decoder(mut self, pref: DecoderPreference) -> Self {
        self.decoder = pref;
        self
    }

    /// `true`: never touch the network, use the cached snapshot of the revision.
    pub fn with_offline(mut self, yes: bool) -> Self {
        self.offline = yes;
        self
    }

    /// Called while a file downloads: `(file, bytes so far, total)`, at the start, every few
    /// MiB and at the end. Files already in the cache are not reported.
    pub fn with_progress(
        mut self,
        f: impl Fn(&str, u64, Option<u64>) + Send + Sync + 'static,
    ) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// The endpoint in use.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The cache root in use, if one could be determined.
    pub fn cache_dir(&self) -> Option<&Path> {
        self.cache_dir.as_deref()
    }

    /// Of the repository files `available`, the ones a model needs, in download order:
    /// - `config.json` (required), and every configuration and tokenizer file present:
    ///   `generation_config.json`, `tokenizer_config.json`, `special_tokens_map.json`,
    ///   `added_tokens.json`, `tokenizer.json`, `source.spm`, `target.spm`, `vocab.json`,
    ///   `sentencepiece.bpe.model`, `spiece.model`, `shortlist.json` (one tokenizer is required:
    ///   `tokenizer.json` or a SentencePiece model);
    /// - the encoder of the first variant found (top level before `onnx/`, as
    ///   [`OnnxFiles::detect`](crate::model::files::OnnxFiles::detect) looks), and next to it
    ///   the merged decoder, or the split pair `decoder_model` + `decoder_with_past_model`
    ///   (per [`HubOptions::with_decoder`]);
    /// - for each of those graphs, its external data (`X.onnx_data`, `X.onnx.data`,
    ///   `X.onnx_data_1`, …) and, when `shortlist.json` is present, its `X.shortlist.onnx`.
    ///
    /// Errors: [`Error::MissingInRepo`] (listing `available`) when `config.json`, a tokenizer,
    /// the encoder of every accepted variant, or the decoder beside the encoder is absent.
    pub fn needed_files(&self, repo: &str, available: &[String]) -> Result<Vec<String>> {
        let have: BTreeSet<&str> = available
            .iter()
            .map(String::as_str)
            .filter(|f| safe_relative(f))
            .collect();
        let missing = |wanted: String| Error::MissingInRepo {
            repo: repo.to_string(),
            revision: self.revision.clone(),
            wanted,
            available: available.to_vec(),
        };
        if !have.contains("config.json") {
            return Err(missing("config.json".into()));
        }
        if !TOKENIZER_MODELS.iter().any(|f| have.contains(f)) {
            return Err(missing(
                "tokenizer: tokenizer.json, or a SentencePiece model (source.spm + target.spm + \
                 vocab.json for Marian, sentencepiece.bpe.model + vocab.json for M2M100, \
                 spiece.model for T5)"
                    .into(),
            ));
        }
        let mut out: Vec<String> = SIDE_FILES
            .iter()
            .filter(|f| have.contains(*f))
            .map(|f| f.to_string())
            .collect();
        let graphs = self.pick_graphs(&have).map_err(missing)?;
        let shortlist = have.contains("shortlist.json");
        for graph in graphs {
            let mut with_siblings = vec![graph.clone()];
            if shortlist {
                if let Some(stem) = graph.strip_suffix(".onnx") {
                    let short = format!("{stem}.shortlist.onnx");
                    if have.contains(short.as_str()) {
                        with_siblings.push(short);
                    }
                }
            }
            for g in with_siblings {
                let data = have
                    .iter()
                    .filter(|f| is_external_data(&g, f))
                    .map(|f| f.to_string())
                    .collect::<Vec<_>>();
                out.push(g);
                out.extend(data);
            }
        }
        Ok(out)
    }

    /// The ONNX graphs to fetch, or what is missing.
    fn pick_graphs(&self, have: &BTreeSet<&str>) -> std::result::Result<Vec<String>, String> {
        for variant in &self.variants {
            let suffix = variant.suffix();
            for base in ["", "onnx/"] {
                let file = |stem: &str| format!("{base}{stem}{suffix}.onnx");
                let encoder = file("encoder_model");
                if !have.contains(encoder.as_str()) {
                    continue;
                }
                let merged = file("decoder_model_merged");
                let first = file("decoder_model");
                let with_past = file("decoder_with_past_model");
                let has_merged = have.contains(merged.as_str());
                let has_split = have.contains(first.as_str()) && have.contains(with_past.as_str());
                return match (has_merged, has_split, self.decoder) {
                    (true, true, DecoderPreference::Split) | (false, true, _) => {
                        Ok(vec![encoder, first, with_past])
                    }
                    (true, _, _) => Ok(vec![encoder, merged]),
                    (false, false, _) => Err(format!(
                        "decoder beside {encoder}: {merged}, or {first} with {with_past}"
                    )),
                };
            }
        }
        let tried = self
            .variants
            .iter()
            .map(|v| format!("encoder_model{}.onnx", v.suffix()))
            .collect::<Vec<_>>()
            .join(" or ");
        Err(format!("{tried} at the top level or under onnx/"))
    }

    fn get(&self, agent: &ureq::Agent, url: &str) -> ureq::Request {
        let request = agent.get(url);
        match &self.token {
            Some(token) => request.set("Authorization", &format!("Bearer {token}")),
            None => request,
        }
    }
}

/// `f` is external data of `graph`: `graph` followed by `_data` or `.data` and anything after.
fn is_external_data(graph: &str, f: &str) -> bool {
    f.strip_prefix(graph)
        .is_some_and(|rest| rest.starts_with("_data") || rest.starts_with(".data"))
}

/// A repository path that stays inside the snapshot directory.
fn safe_relative(f: &str) -> bool {
    !f.is_empty()
        && !f.contains('\\')
        && !f.contains(':')
        && f.split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// `owner/name` (or a bare `name`) of letters, digits, `-`, `_`, `.`.
fn valid_repo_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('/').collect();
    (1..=2).contains(&parts.len())
        && parts.iter().all(|p| {
            !p.is_empty()
                && *p != "."
                && *p != ".."
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

/// A full commit hash (40 hex digits), as a revision or the listing's `sha`.
fn is_commit(s: &str) -> bool {
    s.len() == 40 && s.chars().all(|c| c.is_ascii_hexdigit())
}

/// Percent-encodes every byte but unreserved ones; `/` too unless `keep_slash`.
fn encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn is_loopback(endpoint: &str) -> bool {
    let rest = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest);
    let host = rest.split(['/', '?']).next().unwrap_or(rest);
    let host = host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

#[derive(Deserialize)]
struct RepoInfo {
    sha: Option<String>,
    #[serde(default)]
    siblings: Vec<Sibling>,
}

#[derive(Deserialize)]
struct Sibling {
    rfilename: String,
    size: Option<u64>,
    lfs: Option<Lfs>,
}

#[derive(Deserialize)]
struct Lfs {
    size: Option<u64>,
}

/// The listing of one revision: its commit and every file with its size when given.
struct Listing {
    commit: String,
    files: Vec<(String, Option<u64>)>,
}

/// Why the listing failed: the server was not reached (then a cached snapshot may do), or it
/// answered with an error.
enum ListError {
    Unreachable(Error),
    Answered(Error),
}

struct Client<'a> {
    opts: &'a HubOptions,
    agent: ureq::Agent,
    endpoint: String,
    repo: &'a str,
}

impl Client<'_> {
    fn error(&self, file: &str, status: Option<u16>, reason: String) -> Error {
        Error::Download {
            repo: self.repo.to_string(),
            file: file.to_string(),
            status,
            reason,
        }
    }

    fn list(&self) -> std::result::Result<Listing, ListError> {
        const FILE: &str = "file list";
        let url = format!(
            "{}/api/models/{}/revision/{}?blobs=true",
            self.endpoint,
            self.repo,
            encode(&self.opts.revision, false)
        );
        let response = match self.opts.get(&self.agent, &url).call() {
            Ok(r) => r,
            Err(ureq::Error::Status(code, _)) => {
                let reason = if matches!(code, 401 | 404) {
                    format!(
                        "HTTP {code} for {url}: no such repository or revision (check the id and \
                         revision; private and gated repositories need a token, HF_TOKEN)"
                    )
                } else {
                    format!("HTTP {code} for {url}")
                };
                return Err(ListError::Answered(self.error(FILE, Some(code), reason)));
            }
            Err(ureq::Error::Transport(t)) => {
                return Err(ListError::Unreachable(self.error(
                    FILE,
                    None,
                    format!("{url}: {t}"),
                )))
            }
        };
        let bad = |reason: String| ListError::Answered(self.error(FILE, None, reason));
        let text = response
            .into_string()
            .map_err(|e| bad(format!("reading {url}: {e}")))?;
        let info: RepoInfo = serde_json::from_str(&text)
            .map_err(|e| bad(format!("{url} is not a repository listing: {e}")))?;
        let commit = info
            .sha
            .filter(|s| is_commit(s))
            .ok_or_else(|| bad(format!("{url} gives no commit hash (`sha`)")))?;
        Ok(Listing {
            commit,
            files: info
                .siblings
                .into_iter()
                .map(|s| {
                    let size = s.lfs.and_then(|l| l.size).or(s.size);
                    (s.rfilename, size)
                })
                .collect(),
        })
    }

    /// Downloads `file` of `commit` into `snapshot` unless a complete copy is there.
    fn fetch(&self, commit: &str, snapshot: &Path, file: &str, size: Option<u64>) -> Result<()> {
        let dest = snapshot.join(file);
        if let Ok(meta) = std::fs::metadata(&dest) {
            if meta.is_file() && size.is_none_or(|s| s == meta.len()) {
                return Ok(());
            }
        }
        let parent = dest.parent().unwrap_or(snapshot);
        std::fs::create_dir_all(parent).map_err(|e| Error::Io {
            path: parent.to_path_buf(),
            source: e,
        })?;
        let url = format!(
            "{}/{}/resolve/{}/{}",
            self.endpoint,
            self.repo,
            commit,
            encode(file, true)
        );
        let response = match self.opts.get(&self.agent, &url).call() {
            Ok(r) => r,
            Err(ureq::Error::Status(code, _)) => {
                return Err(self.error(file, Some(code), format!("HTTP {code} for {url}")))
            }
            Err(ureq::Error::Transport(t)) => {
                return Err(self.error(file, None, format!("{url}: {t}")))
            }
        };
        let announced = response
            .header("Content-Length")
            .and_then(|v| v.trim().parse::<u64>().ok());
        let expected = size.or(announced);
        let mut partial = Partial::create(&dest)?;
        let progress = |n: u64| {
            if let Some(f) = &self.opts.progress {
                f(file, n, expected);
            }
        };
        progress(0);
        let mut reader = response.into_reader();
        let mut buf = vec![0u8; 1 << 16];
        let (mut received, mut reported) = (0u64, 0u64);
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(self.error(
                        file,
                        None,
                        format!(
                            "transfer broke off after {received} of {} bytes: {e}",
                            expected.map_or("?".into(), |s| s.to_string())
                        ),
                    ))
                }
            };
            partial.write(buf.get(..n).unwrap_or_default())?;
            received += n as u64;
            if received - reported >= PROGRESS_STEP {
                reported = received;
                progress(received);
            }
        }
        if let Some(expected) = expected {
            if received != expected {
                return Err(self.error(
                    file,
                    None,
                    format!("received {received} bytes, expected {expected}: the download was cut short"),
                ));
            }
        }
        partial.commit(&dest)?;
        progress(received);
        Ok(())
    }
}

/// A file being downloaded, under a temporary name beside its destination; removed on drop
/// unless [`Partial::commit`] renamed it into place.
struct Partial {
    path: PathBuf,
    file: Option<std::io::BufWriter<File>>,
}

impl Partial {
    fn create(dest: &Path) -> Result<Self> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = dest.with_file_name(format!(
            ".{name}.{}-{}.incomplete",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let file = File::create(&path).map_err(|e| Error::Io {
            path: path.clone(),
            source: e,
        })?;
        Ok(Self {
            path,
            file: Some(std::io::BufWriter::with_capacity(1 << 20, file)),
        })
    }

    fn io(&self, e: std::io::Error) -> Error {
        Error::Io {
            path: self.path.clone(),
            source: e,
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        match self.file.as_mut() {
            Some(f) => f.write_all(bytes).map_err(|e| self.io(e)),
            None => Ok(()),
        }
    }

    /// Flushes, syncs and renames the file to `dest` (atomic on one file system).
    fn commit(mut self, dest: &Path) -> Result<()> {
        if let Some(writer) = self.file.take() {
            let file = writer.into_inner().map_err(|e| self.io(e.into_error()))?;
            file.sync_all().map_err(|e| self.io(e))?;
        }
        std::fs::rename(&self.path, dest).map_err(|e| self.io(e))
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        drop(self.file.take());
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Writes `text` to `path` through a temporary file and a rename.
fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let io = |p: &Path, e: std::io::Error| Error::Io {
        path: p.to_path_buf(),
        source: e,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    }
    let mut partial = Partial::create(path)?;
    partial.write(text.as_bytes())?;
    partial.commit(path)
}

/// Every file under `dir` as a `/`-separated relative path (temporary download files left out).
fn local_files(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".incomplete") {
                continue;
            }
            let rel = format!("{prefix}{name}");
            let path = entry.path();
            if path.is_dir() {
                if depth < 4 {
                    walk(&path, &format!("{rel}/"), depth + 1, out);
                }
            } else if path.is_file() {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, "", 0, &mut out);
    out.sort();
    out
}

/// The repository's folder in the cache: `models--owner--name`.
fn repo_folder(cache: &Path, repo: &str) -> PathBuf {
    cache.join(format!("models--{}", repo.replace('/', "--")))
}

/// The cached snapshot of `opts.revision`, if it holds every file the layout needs.
fn from_cache(repo: &str, opts: &HubOptions, cache: &Path) -> Result<PathBuf> {
    let folder = repo_folder(cache, repo);
    let commit = if is_commit(&opts.revision) {
        opts.revision.clone()
    } else {
        let refs = folder.join("refs").join(&opts.revision);
        std::fs::read_to_string(&refs)
            .map(|s| s.trim().to_string())
            .map_err(|e| Error::Download {
                repo: repo.to_string(),
                file: "file list".into(),
                status: None,
                reason: format!(
                    "offline, and the cache has no snapshot of revision `{}` ({}: {e})",
                    opts.revision,
                    refs.display()
                ),
            })?
    };
    if !is_commit(&commit) {
        return Err(Error::Download {
            repo: repo.to_string(),
            file: format!("refs/{}", opts.revision),
            status: None,
            reason: format!("the cache's ref holds `{commit}`, not a commit hash"),
        });
    }
    let snapshot = folder.join("snapshots").join(&commit);
    opts.needed_files(repo, &local_files(&snapshot))?;
    Ok(snapshot)
}

/// Downloads what the model `repo` (`owner/name`) needs into the Hugging Face cache and returns
/// its snapshot directory, ready for [`Seq2SeqModel::load`](crate::generate::Seq2SeqModel::load)
/// or [`Pipeline::builder`](crate::Pipeline::builder).
///
/// Lists the revision (`GET {endpoint}/api/models/{repo}/revision/{revision}`), picks the files
/// with [`HubOptions::needed_files`], and fetches each one from that commit
/// (`{endpoint}/{repo}/resolve/{commit}/{file}`) unless the cache has it complete. A file is
/// written under a temporary name and renamed into place only once every byte announced has
/// arrived, so the cache never holds a partial file. When the endpoint cannot be reached (or
/// offline mode is on) the cached snapshot of the revision is used if it is complete.
///
/// Errors:
/// - [`Error::InvalidSetting`]: `repo` is not a Hub id, or no cache directory is known (set
///   `HF_HOME` or use [`HubOptions::with_cache_dir`]);
/// - [`Error::Download`]: the repository or revision does not exist (`status` 404 or 401), a
///   file request fails, a transfer is cut short, or the server is unreachable with no complete
///   cached snapshot;
/// - [`Error::MissingInRepo`]: the repository lacks a file the layout needs (it lists the files
///   it has);
/// - [`Error::Io`]: the cache cannot be written.
pub fn download(repo: &str, opts: &HubOptions) -> Result<PathBuf> {
    if !valid_repo_id(repo) {
        return Err(Error::InvalidSetting(format!(
            "`{repo}` is not a Hugging Face Hub model id (owner/name)"
        )));
    }
    if opts.revision.is_empty() || !safe_relative(&opts.revision) {
        return Err(Error::InvalidSetting(format!(
            "`{}` is not a usable revision (branch, tag or commit)",
            opts.revision
        )));
    }
    let cache = opts.cache_dir.as_deref().ok_or_else(|| {
        Error::InvalidSetting(
            "no Hugging Face cache directory: set HF_HOME (or HF_HUB_CACHE), or pass one with \
             HubOptions::with_cache_dir"
                .into(),
        )
    })?;
    if opts.offline {
        return from_cache(repo, opts, cache);
    }
    let endpoint = opts.endpoint.trim_end_matches('/').to_string();
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(30))
        .timeout_read(Duration::from_secs(120))
        .redirects(10)
        .redirect_auth_headers(ureq::RedirectAuthHeaders::SameHost)
        .user_agent(concat!("bengali-digest/", env!("CARGO_PKG_VERSION")))
        // A proxy from HTTP(S)_PROXY never applies to a loopback endpoint (ureq has no NO_PROXY).
        .try_proxy_from_env(!is_loopback(&endpoint))
        .build();
    let client = Client {
        opts,
        agent,
        endpoint,
        repo,
    };
    let listing = match client.list() {
        Ok(listing) => listing,
        Err(ListError::Unreachable(e)) => return from_cache(repo, opts, cache).map_err(|_| e),
        Err(ListError::Answered(e)) => return Err(e),
    };
    let names: Vec<String> = listing.files.iter().map(|(f, _)| f.clone()).collect();
    let needed = opts.needed_files(repo, &names)?;
    let folder = repo_folder(cache, repo);
    let snapshot = folder.join("snapshots").join(&listing.commit);
    for file in &needed {
        let size = listing
            .files
            .iter()
            .find(|(f, _)| f == file)
            .and_then(|(_, s)| *s);
        client.fetch(&listing.commit, &snapshot, file, size)?;
    }
    if opts.revision != listing.commit {
        write_atomic(&folder.join("refs").join(&opts.revision), &listing.commit)?;
    }
    Ok(snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_data_names() {
        assert!(is_external_data("onnx/a.onnx", "onnx/a.onnx_data"));
        assert!(is_external_data("a.onnx", "a.onnx.data"));
        assert!(is_external_data("a.onnx", "a.onnx_data_1"));
        assert!(!is_external_data("a.onnx", "a.onnx"));
        assert!(!is_external_data(
            "decoder_model.onnx",
            "decoder_model_merged.onnx_data"
        ));
    }

    #[test]
    fn ids_paths_and_hosts() {
        assert!(valid_repo_id("Xenova/nllb-200-distilled-600M"));
        assert!(!valid_repo_id("../x"));
        assert!(!valid_repo_id("a/b/c"));
        assert!(!safe_relative("onnx/../../x"));
        assert!(!safe_relative("/etc/passwd"));
        assert!(safe_relative("onnx/encoder_model.onnx"));
        assert_eq!(encode("refs/pr/1", false), "refs%2Fpr%2F1");
        assert_eq!(encode("onnx/a b.onnx", true), "onnx/a%20b.onnx");
        assert!(is_commit("0123456789abcdef0123456789abcdef01234567"));
        assert!(
            !is_commit("abcdef1"),
            "a short hex branch name is not a commit"
        );
        assert!(!is_commit("../../../../../../../../../../../../../x"));
        assert!(is_loopback("http://127.0.0.1:8080"));
        assert!(is_loopback("http://localhost/"));
        assert!(!is_loopback("https://huggingface.co"));
    }
}
