//! The local cache, in `huggingface_hub`'s layout (its `file_download.py`):
//! `{cache}/models--{owner}--{name}/refs/{revision}` holds a commit hash and
//! `{cache}/models--{owner}--{name}/snapshots/{commit}/` the files, so snapshots written by Python
//! are reused here and the other way round. (Unlike `huggingface_hub`, files are stored in the
//! snapshot directly, not as links into `blobs/`.)

use std::path::{Path, PathBuf};

use super::ids::is_commit;
use super::transfer::{write_atomic, TEMP_SUFFIX};
use super::HubOptions;
use crate::error::{Error, Result};

/// The variable `name`, if set and not blank.
pub(super) fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// `HF_HOME`, else `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface`.
pub(super) fn hf_home() -> Option<PathBuf> {
    env("HF_HOME")
        .map(PathBuf::from)
        .or_else(|| env("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("huggingface")))
        .or_else(|| std::env::home_dir().map(|h| h.join(".cache").join("huggingface")))
}

/// One repository's folder in the cache: `{cache}/models--owner--name`.
pub(super) struct RepoFolder(PathBuf);

impl RepoFolder {
    pub(super) fn new(cache: &Path, repo: &str) -> Self {
        Self(cache.join(format!("models--{}", repo.replace('/', "--"))))
    }

    /// `snapshots/{commit}`: the directory a model loads from.
    pub(super) fn snapshot(&self, commit: &str) -> PathBuf {
        self.0.join("snapshots").join(commit)
    }

    /// `refs/{revision}`: the file naming the commit a branch or tag was last seen at.
    fn ref_file(&self, revision: &str) -> PathBuf {
        self.0.join("refs").join(revision)
    }

    /// Records that `revision` resolved to `commit` (through a temporary file and a rename).
    pub(super) fn write_ref(&self, revision: &str, commit: &str) -> Result<()> {
        write_atomic(&self.ref_file(revision), commit)
    }
}

/// The cached snapshot of `opts.revision`, if it holds every file the layout needs.
///
/// Errors: [`Error::Download`] when the cache has no ref for the revision or the ref is not a
/// commit hash; [`Error::MissingInRepo`] when the snapshot lacks a needed file.
pub(super) fn from_cache(repo: &str, opts: &HubOptions, cache: &Path) -> Result<PathBuf> {
    let folder = RepoFolder::new(cache, repo);
    let commit = if is_commit(&opts.revision) {
        opts.revision.clone()
    } else {
        let refs = folder.ref_file(&opts.revision);
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
    let snapshot = folder.snapshot(&commit);
    opts.needed_files(repo, &local_files(&snapshot))?;
    Ok(snapshot)
}

/// Every file under `dir` as a `/`-separated relative path (temporary download files left out),
/// at most 5 directory levels deep.
fn local_files(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(TEMP_SUFFIX) {
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
