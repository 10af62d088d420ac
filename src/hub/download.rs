//! [`download`]: list the revision, pick the files, fetch what the cache lacks, record the ref.

use std::path::PathBuf;

use super::cache::{from_cache, RepoFolder};
use super::client::Client;
use super::ids::{safe_relative, valid_repo_id};
use super::listing::ListError;
use super::HubOptions;
use crate::error::{Error, Result};

/// Downloads what the model `repo` (`owner/name`) needs into the Hugging Face cache and returns
/// its snapshot directory (`{cache}/models--owner--name/snapshots/{commit}`, the layout of
/// `huggingface_hub`), ready for [`Pipeline::builder`](crate::Pipeline::builder) or
/// [`Seq2SeqModel::load`](crate::generate::Seq2SeqModel::load).
///
/// Lists the revision (`GET {endpoint}/api/models/{repo}/revision/{revision}`), picks the files
/// the model needs (`config.json`, the tokenizer and configuration files present, the encoder
/// and decoder(s) of the chosen ONNX variant and their external data), and fetches each one
/// from that commit (`GET {endpoint}/{repo}/resolve/{commit}/{file}`) unless the cache has it
/// with the listed size. A file is written under a temporary name and renamed into place only
/// once every byte announced has arrived, so the cache never holds a partial file. When the
/// endpoint cannot be reached (or offline mode is on) the cached snapshot of the revision is
/// used if it is complete. Connections time out after 30 s, reads after 120 s without data.
///
/// Errors:
/// - [`Error::InvalidSetting`]: `repo` is not a Hub id, the revision is empty or not a relative
///   name, or no cache directory is known (set `HF_HOME` or use [`HubOptions::cache_dir`]);
/// - [`Error::Download`]: the repository or revision does not exist (`status` 404 or 401), a
///   file request fails, a transfer is cut short, or the server is unreachable with no complete
///   cached snapshot (offline: the cache has no snapshot of the revision);
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
             HubOptions::cache_dir"
                .into(),
        )
    })?;
    if opts.offline {
        return from_cache(repo, opts, cache);
    }
    let client = Client::new(opts, repo);
    let listing = match client.list() {
        Ok(listing) => listing,
        Err(ListError::Unreachable(e)) => return from_cache(repo, opts, cache).map_err(|_| e),
        Err(ListError::Answered(e)) => return Err(e),
    };
    let needed = opts.needed_files(repo, &listing.names())?;
    let folder = RepoFolder::new(cache, repo);
    let snapshot = folder.snapshot(&listing.commit);
    for file in &needed {
        client.fetch(&listing.commit, &snapshot, file, listing.size(file))?;
    }
    if opts.revision != listing.commit {
        folder.write_ref(&opts.revision, &listing.commit)?;
    }
    Ok(snapshot)
}
