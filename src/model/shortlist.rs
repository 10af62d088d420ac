//! Target-vocabulary shortlist (opt-in): decoder graphs whose LM head computes only the
//! columns of a fixed id list, written by `models/shortlist.py` next to the full ones.
//!
//! `shortlist.json` holds the kept ids (ascending) and, per full decoder file, its shortlisted
//! sibling. The runtime scatters each step's `k` scores back into a full-width row in which
//! every other token is `-inf`, so logits processors, token ids and decoding are unchanged;
//! a token outside the list can never be generated. Output equals the full model's whenever
//! the full model's choices are all in the list.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The file `models/shortlist.py` writes in the model directory.
pub const FILE: &str = "shortlist.json";

/// A loaded `shortlist.json`.
#[derive(Debug, Clone)]
pub struct Shortlist {
    /// Kept token ids, ascending: column `j` of a shortlisted graph's logits is token `ids[j]`.
    pub ids: Vec<usize>,
    /// The full vocabulary size the ids index into.
    pub vocab_size: usize,
    files: HashMap<String, String>,
    path: PathBuf,
}

#[derive(Deserialize)]
struct Raw {
    vocab_size: usize,
    ids: Vec<i64>,
    files: HashMap<String, String>,
}

impl Shortlist {
    /// Reads `dir/shortlist.json`; a missing file is [`Error::MissingFile`] saying how to make one.
    pub fn load(dir: &Path) -> Result<Self> {
        let path = dir.join(FILE);
        if !path.is_file() {
            return Err(Error::MissingFile {
                path,
                hint: "a vocabulary shortlist was asked for but this model has none: run \
                       `python models/shortlist.py --model <dir> --text <target-language text>`"
                    .into(),
            });
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
            path: path.clone(),
            source: e,
        })?;
        let raw: Raw = serde_json::from_str(&text).map_err(|e| Error::Config {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        let bad = |reason: String| Error::Config {
            path: path.clone(),
            reason,
        };
        if raw.ids.is_empty() {
            return Err(bad("`ids` is empty".into()));
        }
        let mut ids = Vec::with_capacity(raw.ids.len());
        for &id in &raw.ids {
            match usize::try_from(id) {
                Ok(i) if i < raw.vocab_size && ids.last().is_none_or(|&p| p < i) => ids.push(i),
                _ => {
                    return Err(bad(format!(
                        "`ids` must be ascending, unique and below vocab_size {} (found {id})",
                        raw.vocab_size
                    )))
                }
            }
        }
        Ok(Self {
            ids,
            vocab_size: raw.vocab_size,
            files: raw.files,
            path,
        })
    }

    /// The shortlisted sibling of a full decoder file.
    pub fn decoder_file(&self, full: &Path) -> Result<PathBuf> {
        let name = full
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let Some(short) = self.files.get(&name) else {
            return Err(Error::MissingFile {
                path: full.to_path_buf(),
                hint: format!(
                    "{} lists no shortlisted version of {name}: re-run models/shortlist.py",
                    self.path.display()
                ),
            });
        };
        let p = full.with_file_name(short);
        if !p.is_file() {
            return Err(Error::MissingFile {
                path: p,
                hint: format!(
                    "named in {} but absent: re-run models/shortlist.py",
                    self.path.display()
                ),
            });
        }
        Ok(p)
    }

    /// Writes `k`-wide rows of `scores` into full-width rows (`-inf` off the list).
    pub(crate) fn expand(&self, scores: &[f32], rows: usize) -> Vec<f32> {
        let k = self.ids.len();
        let mut out = vec![f32::NEG_INFINITY; rows * self.vocab_size];
        for (dst, src) in out
            .chunks_exact_mut(self.vocab_size)
            .zip(scores.chunks_exact(k))
        {
            for (&id, &x) in self.ids.iter().zip(src) {
                if let Some(slot) = dst.get_mut(id) {
                    *slot = x;
                }
            }
        }
        out
    }
}
