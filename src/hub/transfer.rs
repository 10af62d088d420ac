//! One file from the Hub into the cache: `GET {endpoint}/{repo}/resolve/{commit}/{file}` (the
//! Hub's file URL layout, `huggingface_hub`'s `hf_hub_url`), written under a temporary name
//! beside its destination, checked against the size the listing or `Content-Length` announced,
//! and renamed into place only when complete.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::client::{encode, Client};
use crate::error::{Error, Result};

/// Ending of a temporary download file (`.{name}.{pid}-{n}.incomplete`); such files are never
/// taken for model files.
pub(super) const TEMP_SUFFIX: &str = ".incomplete";

/// Bytes between two progress calls (4 MiB).
const PROGRESS_STEP: u64 = 4 << 20;

/// Bytes read from the response at a time (64 KiB).
const READ_CHUNK: usize = 1 << 16;

/// Bytes buffered before a write to the temporary file (1 MiB).
const WRITE_BUFFER: usize = 1 << 20;

impl Client<'_> {
    /// Downloads `file` of `commit` into `snapshot` unless a complete copy (same size in bytes
    /// as `size`, when known) is there.
    ///
    /// Errors: [`Error::Download`] when the request fails (`status` set when the server
    /// answered) or the transfer ends before `size` (else `Content-Length`) bytes arrived;
    /// [`Error::Io`] when the cache cannot be written.
    pub(super) fn fetch(
        &self,
        commit: &str,
        snapshot: &Path,
        file: &str,
        size: Option<u64>,
    ) -> Result<()> {
        let dest = snapshot.join(file);
        if let Ok(meta) = std::fs::metadata(&dest) {
            if meta.is_file() && size.is_none_or(|s| s == meta.len()) {
                return Ok(());
            }
        }
        create_dir(dest.parent().unwrap_or(snapshot))?;
        let url = format!(
            "{}/{}/resolve/{}/{}",
            self.endpoint,
            self.repo,
            commit,
            encode(file, true)
        );
        let response = match self.get(&url).call() {
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
        let mut buf = vec![0u8; READ_CHUNK];
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

/// A file being written under a temporary name beside its destination; removed on drop unless
/// [`Partial::commit`] renamed it into place.
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
            ".{name}.{}-{}{TEMP_SUFFIX}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let file = File::create(&path).map_err(|e| Error::Io {
            path: path.clone(),
            source: e,
        })?;
        Ok(Self {
            path,
            file: Some(std::io::BufWriter::with_capacity(WRITE_BUFFER, file)),
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

/// Writes `text` to `path` through a temporary file and a rename, creating the parent
/// directories. Errors: [`Error::Io`].
pub(super) fn write_atomic(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir(parent)?;
    }
    let mut partial = Partial::create(path)?;
    partial.write(text.as_bytes())?;
    partial.commit(path)
}

/// `mkdir -p dir`. Errors: [`Error::Io`].
fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Io {
        path: dir.to_path_buf(),
        source: e,
    })
}
