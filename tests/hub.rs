//! The `hub` feature end to end against a local HTTP server that serves repositories in the
//! Hugging Face Hub's URL layout (`/api/models/{id}/revision/{rev}`, `/{id}/resolve/{rev}/{file}`,
//! LFS-style redirects), with the marian fixture's files under Optimum, transformers.js and
//! SentencePiece-only names, a 404, listed-but-missing files and truncated transfers.
//!
//! Run: `cargo test --features hub --test hub`. Only 127.0.0.1 is contacted.
#![cfg(feature = "hub")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bengali_digest::hub::{download, HubOptions};
use bengali_digest::{Error, Pipeline};
use bengali_digest::{GenerateOptions, Seq2SeqModel};
use bengali_digest::{ModelOptions, Variant};

// ---------------------------------------------------------------------------------------------
// The server

/// How the server answers a request for one file.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    /// 200 with `Content-Length`, `ETag`, `X-Repo-Commit`.
    Normal,
    /// 302 to `/cdn/...` (as the Hub does for LFS files), which then answers 200.
    Redirect,
    /// Listed in the repository, but 404 when requested.
    Missing,
    /// `Content-Length` of the whole file, half the bytes, then the connection closes.
    Truncate,
    /// No `Content-Length`, half the bytes, then the connection closes (only the listing's size
    /// tells the client that bytes are missing).
    TruncateNoLength,
}

struct Served {
    bytes: Arc<Vec<u8>>,
    mode: Mode,
}

struct Repo {
    sha: String,
    files: BTreeMap<String, Served>,
}

#[derive(Default)]
struct State {
    repos: HashMap<String, Repo>,
    /// Every request path, in order.
    log: Vec<String>,
}

struct Server {
    endpoint: String,
    state: Arc<Mutex<State>>,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let state = shared.clone();
                std::thread::spawn(move || {
                    let _ = handle(stream, &state);
                });
            }
        });
        Self { endpoint, state }
    }

    fn add_repo(&self, id: &str, files: Vec<(String, Vec<u8>)>) -> String {
        let sha = format!("{:040x}", fnv(id.as_bytes()));
        let files = files
            .into_iter()
            .map(|(name, bytes)| {
                (
                    name,
                    Served {
                        bytes: Arc::new(bytes),
                        mode: Mode::Normal,
                    },
                )
            })
            .collect();
        self.state.lock().unwrap().repos.insert(
            id.to_string(),
            Repo {
                sha: sha.clone(),
                files,
            },
        );
        sha
    }

    fn set_mode(&self, id: &str, file: &str, mode: Mode) {
        let mut state = self.state.lock().unwrap();
        state
            .repos
            .get_mut(id)
            .unwrap()
            .files
            .get_mut(file)
            .unwrap()
            .mode = mode;
    }

    fn bytes(&self, id: &str, file: &str) -> Arc<Vec<u8>> {
        self.state.lock().unwrap().repos[id].files[file]
            .bytes
            .clone()
    }

    /// The names `id` serves.
    fn names(&self, id: &str) -> BTreeSet<String> {
        self.state.lock().unwrap().repos[id]
            .files
            .keys()
            .cloned()
            .collect()
    }

    /// Files of `id` requested through `/resolve/` so far.
    fn fetched(&self, id: &str) -> Vec<String> {
        let prefix = format!("/{id}/resolve/");
        self.state
            .lock()
            .unwrap()
            .log
            .iter()
            .filter_map(|p| p.strip_prefix(&prefix))
            .filter_map(|rest| rest.split_once('/').map(|(_, f)| f.to_string()))
            .collect()
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    })
}

fn handle(stream: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let target = request_line.split(' ').nth(1).unwrap_or("/").to_string();
    let path = target.split('?').next().unwrap_or("").to_string();
    let mut out = stream;
    let (status, headers, body, declared, mode) = {
        let mut state = state.lock().unwrap();
        state.log.push(path.clone());
        route(&state, &path)
    };
    let reason = match status {
        200 => "OK",
        302 => "Found",
        _ => "Not Found",
    };
    let mut head = format!("HTTP/1.1 {status} {reason}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(n) = declared {
        head.push_str(&format!("Content-Length: {n}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    match mode {
        Mode::Truncate | Mode::TruncateNoLength => out.write_all(&body[..body.len() / 2])?,
        _ => out.write_all(&body)?,
    }
    out.flush()?;
    out.shutdown(std::net::Shutdown::Both)
}

type Response = (
    u16,
    Vec<(String, String)>,
    Arc<Vec<u8>>,
    Option<usize>,
    Mode,
);

fn not_found(what: &str) -> Response {
    let body = format!("{{\"error\":\"{what} not found\"}}").into_bytes();
    let n = body.len();
    (404, vec![], Arc::new(body), Some(n), Mode::Normal)
}

fn route(state: &State, path: &str) -> Response {
    if let Some(rest) = path.strip_prefix("/api/models/") {
        let Some((id, _rev)) = rest.split_once("/revision/") else {
            return not_found("route");
        };
        let Some(repo) = state.repos.get(id) else {
            return not_found("repository");
        };
        let siblings: Vec<_> = repo
            .files
            .iter()
            .map(|(f, s)| serde_json::json!({"rfilename": f, "size": s.bytes.len()}))
            .collect();
        let body = serde_json::to_vec(&serde_json::json!({
            "id": id, "sha": repo.sha, "siblings": siblings,
        }))
        .unwrap();
        let n = body.len();
        let headers = vec![("Content-Type".into(), "application/json".into())];
        return (200, headers, Arc::new(body), Some(n), Mode::Normal);
    }
    let (cdn, rest) = match path.strip_prefix("/cdn") {
        Some(rest) => (true, rest),
        None => (false, path),
    };
    let Some((id, rest)) = rest.trim_start_matches('/').split_once("/resolve/") else {
        return not_found("route");
    };
    let Some(repo) = state.repos.get(id) else {
        return not_found("repository");
    };
    let Some((_rev, file)) = rest.split_once('/') else {
        return not_found("route");
    };
    let Some(served) = repo.files.get(file) else {
        return not_found("file");
    };
    let headers = vec![
        ("ETag".into(), format!("\"{:x}\"", fnv(&served.bytes))),
        ("X-Repo-Commit".into(), repo.sha.clone()),
    ];
    match served.mode {
        Mode::Missing => not_found("file"),
        Mode::Redirect if !cdn => {
            let mut headers = headers;
            headers.push(("Location".into(), format!("/cdn{path}")));
            (302, headers, Arc::new(Vec::new()), Some(0), Mode::Normal)
        }
        Mode::TruncateNoLength => (200, headers, served.bytes.clone(), None, served.mode),
        mode => (
            200,
            headers,
            served.bytes.clone(),
            Some(served.bytes.len()),
            mode,
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Fixture repositories

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/fixtures")
        .join(name)
}

fn marian(file: &str) -> Vec<u8> {
    std::fs::read(fixture("marian").join(file)).unwrap()
}

/// Deterministic filler for files whose content does not matter (external data, variants).
fn filler(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31) ^ seed)
        .collect()
}

const SIDE: &[&str] = &[
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
];

fn side_files() -> Vec<(String, Vec<u8>)> {
    SIDE.iter().map(|f| (f.to_string(), marian(f))).collect()
}

/// Optimum layout: ONNX files at the top level, merged and split decoders, external data for
/// the merged one, a shortlist, and files a model does not need.
const OPTIMUM: &str = "test-org/marian-optimum";

fn optimum_repo(server: &Server) -> String {
    let mut files = side_files();
    for f in [
        "shortlist.json",
        "encoder_model.onnx",
        "decoder_model_merged.onnx",
        "decoder_model_merged.shortlist.onnx",
        "decoder_model.onnx",
        "decoder_with_past_model.onnx",
        "decoder_model.shortlist.onnx",
    ] {
        files.push((f.into(), marian(f)));
    }
    files.push(("decoder_model_merged.onnx_data".into(), filler(300_000, 7)));
    files.push(("README.md".into(), b"# marian\n".to_vec()));
    files.push((".gitattributes".into(), b"*.onnx filter=lfs\n".to_vec()));
    let sha = server.add_repo(OPTIMUM, files);
    server.set_mode(OPTIMUM, "decoder_model_merged.onnx_data", Mode::Redirect);
    server.set_mode(OPTIMUM, "encoder_model.onnx", Mode::Redirect);
    sha
}

const OPTIMUM_NEEDS: &[&str] = &[
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "shortlist.json",
    "encoder_model.onnx",
    "decoder_model_merged.onnx",
    "decoder_model_merged.onnx_data",
    "decoder_model_merged.shortlist.onnx",
];

/// transformers.js layout: ONNX under `onnx/`; full precision with a merged decoder, and a
/// `_quantized` variant with split decoders only, external data in both spellings and parts.
const JS: &str = "Xenova/marian-js";

fn js_repo(server: &Server) {
    let mut files = side_files();
    for (name, source) in [
        ("onnx/encoder_model.onnx", "encoder_model.onnx"),
        (
            "onnx/decoder_model_merged.onnx",
            "decoder_model_merged.onnx",
        ),
        ("onnx/encoder_model_quantized.onnx", "encoder_model.onnx"),
        ("onnx/decoder_model_quantized.onnx", "decoder_model.onnx"),
        (
            "onnx/decoder_with_past_model_quantized.onnx",
            "decoder_with_past_model.onnx",
        ),
    ] {
        files.push((name.into(), marian(source)));
    }
    for (i, name) in [
        "onnx/encoder_model_quantized.onnx.data",
        "onnx/decoder_with_past_model_quantized.onnx_data",
        "onnx/decoder_with_past_model_quantized.onnx_data_1",
    ]
    .into_iter()
    .enumerate()
    {
        files.push((name.into(), filler(50_000 + i, i as u8)));
    }
    server.add_repo(JS, files);
}

fn cache() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn options(server: &Server, cache: &Path) -> HubOptions {
    HubOptions::from_env()
        .endpoint(server.endpoint.clone())
        .cache_dir(cache)
        .token(None)
        .offline(false)
}

/// Every file under `dir`, relative, `/`-separated.
fn files_under(dir: &Path) -> BTreeSet<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.path().is_dir() {
                walk(&entry.path(), &format!("{name}/"), out);
            } else {
                out.insert(name);
            }
        }
    }
    let mut out = BTreeSet::new();
    if dir.exists() {
        walk(dir, "", &mut out);
    }
    out
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Every file of `snapshot` is byte-equal to what the server serves.
fn assert_intact(server: &Server, id: &str, snapshot: &Path) {
    for f in files_under(snapshot) {
        assert_eq!(
            std::fs::read(snapshot.join(&f)).unwrap(),
            *server.bytes(id, &f),
            "{f} differs from the served bytes"
        );
    }
}

/// The full-precision model of `dir` with its merged decoder, on one thread.
fn load(dir: &Path) -> Seq2SeqModel {
    Seq2SeqModel::load(dir, &ModelOptions::default().threads(1)).unwrap()
}

fn translate(model: &Path, prefer_quantized: bool, shortlist: bool) -> Vec<(String, String)> {
    Pipeline::builder()
        .translator(model)
        .prefer_quantized(prefer_quantized)
        .shortlist(shortlist)
        .max_new_tokens(8)
        .build()
        .unwrap()
        .translate("ঢাকায় আজ বৃষ্টি হয়েছে। সরকার নতুন বাজেট ঘোষণা করেছে।")
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn optimum_layout_downloads_what_it_needs_and_translates() {
    let server = Server::start();
    let sha = optimum_repo(&server);
    let cache = cache();
    let snapshot = download(OPTIMUM, &options(&server, cache.path())).unwrap();

    let folder = cache.path().join("models--test-org--marian-optimum");
    assert_eq!(snapshot, folder.join("snapshots").join(&sha));
    assert_eq!(
        std::fs::read_to_string(folder.join("refs/main")).unwrap(),
        sha
    );
    assert_eq!(files_under(&snapshot), set(OPTIMUM_NEEDS));
    assert_intact(&server, OPTIMUM, &snapshot);
    let fetched = server.fetched(OPTIMUM);
    for unneeded in [
        "decoder_model.onnx",
        "decoder_with_past_model.onnx",
        "README.md",
    ] {
        assert!(!fetched.iter().any(|f| f == unneeded), "{unneeded} fetched");
    }

    // End to end: the downloaded directory loads and translates exactly as the fixture does,
    // with and without the shortlist.
    assert_eq!(
        translate(&snapshot, false, false),
        translate(&fixture("marian"), false, false)
    );
    assert_eq!(
        translate(&snapshot, false, true),
        translate(&fixture("marian"), false, true)
    );
    let ids = vec![vec![5i64, 9, 14, 0]];
    let opts = GenerateOptions::default().max_new_tokens(6);
    assert_eq!(
        load(&snapshot).generate(&ids, &opts).unwrap(),
        load(&fixture("marian")).generate(&ids, &opts).unwrap()
    );

    // A second call finds everything in the cache: only the listing is requested.
    let before = fetched.len();
    let again = download(OPTIMUM, &options(&server, cache.path())).unwrap();
    assert_eq!(again, snapshot);
    assert_eq!(
        server.fetched(OPTIMUM).len(),
        before,
        "cached files fetched again"
    );
}

#[test]
fn transformers_js_layout_fetches_the_chosen_variant() {
    let server = Server::start();
    js_repo(&server);
    let cache = cache();

    // Quantized: split decoders (no merged one in that variant) and every external data file.
    let quantized = options(&server, cache.path()).prefer_quantized(true);
    let snapshot = download(JS, &quantized).unwrap();
    let mut want = set(SIDE);
    want.extend(set(&[
        "onnx/encoder_model_quantized.onnx",
        "onnx/encoder_model_quantized.onnx.data",
        "onnx/decoder_model_quantized.onnx",
        "onnx/decoder_with_past_model_quantized.onnx",
        "onnx/decoder_with_past_model_quantized.onnx_data",
        "onnx/decoder_with_past_model_quantized.onnx_data_1",
    ]));
    assert_eq!(files_under(&snapshot), want);
    assert_intact(&server, JS, &snapshot);
    // The quantized names hold the fixture's split graphs: the download translates as the
    // fixture does with its split decoders.
    assert_eq!(
        translate(&snapshot, true, false),
        translate(&fixture("marian"), false, false)
    );

    // Full precision: the merged decoder under onnx/.
    let cache_fp32 = tempfile::tempdir().unwrap();
    let fp32 = download(JS, &options(&server, cache_fp32.path())).unwrap();
    let mut want = set(SIDE);
    want.extend(set(&[
        "onnx/encoder_model.onnx",
        "onnx/decoder_model_merged.onnx",
    ]));
    assert_eq!(files_under(&fp32), want);
    assert_eq!(
        translate(&fp32, false, false),
        translate(&fixture("marian"), false, false)
    );

    // A variant the repository lacks: typed error listing its files; nothing downloaded.
    let cache_int8 = tempfile::tempdir().unwrap();
    let err = download(
        JS,
        &options(&server, cache_int8.path()).variant(Variant::Int8),
    )
    .unwrap_err();
    match &err {
        Error::MissingInRepo {
            repo,
            wanted,
            available,
            ..
        } => {
            assert_eq!(repo, JS);
            assert!(wanted.contains("encoder_model_int8.onnx"), "{err}");
            assert!(available.contains(&"onnx/encoder_model_quantized.onnx".to_string()));
        }
        other => panic!("expected MissingInRepo, got {other:?}"),
    }
    assert!(files_under(cache_int8.path()).is_empty());
}

/// A slow-only Marian repository as Optimum exports it (`source.spm`, `target.spm`,
/// `vocab.json`, no tokenizer.json): the `opus-mt-bn-en` fixture, served whole. The download
/// holds exactly the files the model needs, and it loads and translates as the fixture does.
#[test]
fn sentencepiece_only_repository_downloads_its_spm_files_and_translates() {
    let server = Server::start();
    let dir = fixture("opus-mt-bn-en");
    let id = "Helsinki-NLP/opus-mt-bn-en";
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    server.add_repo(id, files);
    let cache = cache();
    let snapshot = download(id, &options(&server, cache.path())).unwrap();
    assert_eq!(
        files_under(&snapshot),
        set(&[
            "config.json",
            "generation_config.json",
            "tokenizer_config.json",
            "special_tokens_map.json",
            "source.spm",
            "target.spm",
            "vocab.json",
            "encoder_model.onnx",
            "decoder_model_merged.onnx",
        ]),
        "goldens.json and SOURCE.md are not model files"
    );
    assert_intact(&server, id, &snapshot);
    let run = |d: &Path| {
        let m = bengali_digest::Seq2Seq::load(d, &bengali_digest::LoadOptions::default()).unwrap();
        let opts = bengali_digest::GenerateOptions::default()
            .max_new_tokens(6)
            .num_beams(2);
        m.run(
            &["সন্ত্রাসীদের কোনো বর্ণ, ধর্ম ও দেশ নেই।"],
            &opts,
            1,
            &|_, _| {},
        )
        .unwrap()
    };
    assert_eq!(run(&snapshot), run(&dir));
}

#[test]
fn unknown_repository_is_a_typed_404() {
    let server = Server::start();
    let cache = cache();
    let err = download("test-org/no-such-model", &options(&server, cache.path())).unwrap_err();
    match &err {
        Error::Download {
            repo, status, file, ..
        } => {
            assert_eq!(repo, "test-org/no-such-model");
            assert_eq!(*status, Some(404), "{err}");
            assert_eq!(file, "file list");
        }
        other => panic!("expected Download, got {other:?}"),
    }
    assert!(files_under(cache.path()).is_empty(), "nothing cached");
}

#[test]
fn listed_file_that_404s_and_repository_without_encoder_are_typed_errors() {
    let server = Server::start();
    let cache = cache();

    let id = "test-org/gone";
    let mut files = side_files();
    files.push(("encoder_model.onnx".into(), marian("encoder_model.onnx")));
    files.push((
        "decoder_model_merged.onnx".into(),
        marian("decoder_model_merged.onnx"),
    ));
    server.add_repo(id, files);
    server.set_mode(id, "generation_config.json", Mode::Missing);
    match download(id, &options(&server, cache.path())).unwrap_err() {
        Error::Download { file, status, .. } => {
            assert_eq!(file, "generation_config.json");
            assert_eq!(status, Some(404));
        }
        other => panic!("expected Download, got {other:?}"),
    }

    let id = "test-org/no-encoder";
    server.add_repo(
        id,
        vec![
            ("config.json".into(), marian("config.json")),
            ("tokenizer.json".into(), marian("tokenizer.json")),
            (
                "onnx/decoder_model_merged.onnx".into(),
                marian("decoder_model_merged.onnx"),
            ),
        ],
    );
    let err = download(id, &options(&server, cache.path())).unwrap_err();
    match &err {
        Error::MissingInRepo {
            wanted, available, ..
        } => {
            assert!(wanted.contains("encoder_model.onnx"), "{err}");
            assert_eq!(available.len(), 3, "{err}");
            assert!(err.to_string().contains("onnx/decoder_model_merged.onnx"));
        }
        other => panic!("expected MissingInRepo, got {other:?}"),
    }
    assert!(!cache.path().join("models--test-org--no-encoder").exists());
}

#[test]
fn truncated_downloads_leave_nothing_half_written_and_a_retry_completes() {
    let server = Server::start();
    let id = "test-org/truncated";
    let mut files = side_files();
    for f in ["encoder_model.onnx", "decoder_model_merged.onnx"] {
        files.push((f.into(), marian(f)));
    }
    let sha = server.add_repo(id, files);
    server.set_mode(id, "encoder_model.onnx", Mode::TruncateNoLength);
    server.set_mode(id, "decoder_model_merged.onnx", Mode::Truncate);
    let cache = cache();
    let opts = options(&server, cache.path());
    let snapshot = cache
        .path()
        .join("models--test-org--truncated/snapshots")
        .join(&sha);

    let check_cut = |expected_file: &str| {
        match download(id, &opts).unwrap_err() {
            Error::Download {
                file,
                status,
                reason,
                ..
            } => {
                assert_eq!(file, expected_file, "{reason}");
                assert_eq!(status, None);
            }
            other => panic!("expected Download, got {other:?}"),
        }
        // Only complete files, byte-equal to the served ones; no temporary file; no ref yet.
        let all = files_under(cache.path());
        assert!(
            all.iter().all(|f| f.contains("/snapshots/")),
            "stray files in the cache: {all:?}"
        );
        let served = server.names(id);
        let cached = files_under(&snapshot);
        assert!(
            cached.iter().all(|f| served.contains(f)),
            "partial or temporary files left in the snapshot: {cached:?}"
        );
        assert!(!cached.contains(expected_file));
        assert_intact(&server, id, &snapshot);
    };
    // No Content-Length: only the listing's size shows the cut.
    check_cut("encoder_model.onnx");
    server.set_mode(id, "encoder_model.onnx", Mode::Normal);
    // Content-Length larger than the body.
    check_cut("decoder_model_merged.onnx");
    assert!(files_under(&snapshot).contains("encoder_model.onnx"));

    server.set_mode(id, "decoder_model_merged.onnx", Mode::Normal);
    let dir = download(id, &opts).unwrap();
    assert_eq!(dir, snapshot);
    let mut want = set(SIDE);
    want.extend(set(&["encoder_model.onnx", "decoder_model_merged.onnx"]));
    assert_eq!(files_under(&dir), want);
    assert_intact(&server, id, &dir);
    load(&dir);
}

#[test]
fn unreachable_endpoint_or_offline_mode_uses_a_complete_cached_snapshot() {
    let server = Server::start();
    optimum_repo(&server);
    let cache = cache();
    let snapshot = download(OPTIMUM, &options(&server, cache.path())).unwrap();

    // A port nobody listens on.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let unreachable = options(&server, cache.path()).endpoint(closed.clone());
    assert_eq!(download(OPTIMUM, &unreachable).unwrap(), snapshot);
    let offline = options(&server, cache.path()).offline(true);
    assert_eq!(download(OPTIMUM, &offline).unwrap(), snapshot);

    // Nothing cached: the transport error, typed.
    let empty = tempfile::tempdir().unwrap();
    match download(OPTIMUM, &unreachable.clone().cache_dir(empty.path())).unwrap_err() {
        Error::Download { status, file, .. } => {
            assert_eq!(status, None);
            assert_eq!(file, "file list");
        }
        other => panic!("expected Download, got {other:?}"),
    }
    match download(OPTIMUM, &offline.clone().cache_dir(empty.path())).unwrap_err() {
        Error::Download { status, reason, .. } => {
            assert_eq!(status, None);
            assert!(reason.starts_with("offline"), "{reason}");
        }
        other => panic!("expected Download, got {other:?}"),
    }
    // A cached snapshot lacking a needed file (another variant) does not count as complete.
    let quantized = unreachable.variant(Variant::Quantized);
    assert!(download(OPTIMUM, &quantized).is_err());
}

/// Runs [`child_pipeline_by_hub_id`] in a child process whose environment has `HF_ENDPOINT`
/// and `HF_HOME` (changing this process's environment would race the other tests' threads).
#[test]
fn pipeline_by_hub_id_honors_hf_endpoint_and_hf_home() {
    let server = Server::start();
    let sha = optimum_repo(&server);
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_pipeline_by_hub_id",
            "--ignored",
            "--nocapture",
        ])
        .env("BD_HUB_CHILD", "1")
        .env("HF_ENDPOINT", &server.endpoint)
        .env("HF_HOME", home.path())
        .env_remove("HF_HUB_CACHE")
        .env_remove("HF_HUB_OFFLINE")
        .env_remove("HF_TOKEN")
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{log}");
    assert!(
        log.contains("1 passed"),
        "the child test did not run: {log}"
    );
    let snapshot = home
        .path()
        .join("hub/models--test-org--marian-optimum/snapshots")
        .join(sha);
    assert_eq!(files_under(&snapshot), set(OPTIMUM_NEEDS));
    assert!(server
        .fetched(OPTIMUM)
        .iter()
        .any(|f| f == "encoder_model.onnx"));
}

#[test]
#[ignore = "run by pipeline_by_hub_id_honors_hf_endpoint_and_hf_home in a child process"]
fn child_pipeline_by_hub_id() {
    if std::env::var_os("BD_HUB_CHILD").is_none() {
        return;
    }
    let by_id = translate(Path::new(OPTIMUM), false, false);
    assert_eq!(by_id, translate(&fixture("marian"), false, false));
    assert!(!by_id.is_empty());
}
