//! Listing one revision of a repository: `GET {endpoint}/api/models/{repo}/revision/{revision}`
//! (the Hub's model-info API, as `huggingface_hub`'s `HfApi.model_info` calls it) gives the
//! commit hash (`sha`) and every file (`siblings`) with its size.

use serde::Deserialize;

use super::client::{encode, Client};
use super::ids::is_commit;
use crate::error::Error;

/// The part of the model-info response read here.
#[derive(Deserialize)]
struct RepoInfo {
    sha: Option<String>,
    #[serde(default)]
    siblings: Vec<Sibling>,
}

#[derive(Deserialize)]
struct Sibling {
    rfilename: String,
    /// Bytes (with `?blobs=true`).
    size: Option<u64>,
    lfs: Option<Lfs>,
}

#[derive(Deserialize)]
struct Lfs {
    /// Bytes of the LFS object (the file itself, not its pointer).
    size: Option<u64>,
}

/// The listing of one revision: its commit and every file with its size in bytes when given.
pub(super) struct Listing {
    pub(super) commit: String,
    pub(super) files: Vec<(String, Option<u64>)>,
}

impl Listing {
    pub(super) fn names(&self) -> Vec<String> {
        self.files.iter().map(|(f, _)| f.clone()).collect()
    }

    /// The size in bytes of `file`, when the listing gives it.
    pub(super) fn size(&self, file: &str) -> Option<u64> {
        self.files
            .iter()
            .find(|(f, _)| f == file)
            .and_then(|(_, s)| *s)
    }
}

/// Why the listing failed: the server was not reached (then a cached snapshot may do), or it
/// answered with an error.
pub(super) enum ListError {
    Unreachable(Error),
    Answered(Error),
}

impl Client<'_> {
    /// Lists `opts.revision`. The file is called `file list` in errors.
    pub(super) fn list(&self) -> std::result::Result<Listing, ListError> {
        const FILE: &str = "file list";
        let url = format!(
            "{}/api/models/{}/revision/{}?blobs=true",
            self.endpoint,
            self.repo,
            encode(&self.opts.revision, false)
        );
        let response = match self.get(&url).call() {
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
}
