//! The per-call decoder state: encoder output, attention mask and the KV cache
//! (`past_key_values.*`), with the row operations beam and greedy search need.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ort::value::{DynValue, PrimitiveTensorElementType, Tensor};

use super::graph::ort_err;
use crate::error::Result;
use crate::model::shortlist::Shortlist;

/// Encoder output and decoder KV cache for a batch of rows: what each decoder step reads.
/// Made by [`Seq2SeqModel::encode`](super::Seq2SeqModel::encode), advanced by
/// [`Seq2SeqModel::decode_step`](super::Seq2SeqModel::decode_step). Opaque: it holds ONNX
/// Runtime values of `rows` sequences.
pub struct DecodeState {
    /// Encoder `last_hidden_state`, `[rows, src_len, d_model]`.
    pub(crate) hidden: DynValue,
    /// Encoder attention mask, `[rows, src_len]` (1 = token, 0 = padding).
    pub(crate) mask: DynValue,
    /// `past_key_values.*` name → owned value from the last step (`None` before the first).
    pub(crate) cache: Option<Cache>,
    pub(crate) rows: usize,
    /// Decoder attention heads (`config.json` `decoder_attention_heads` / `num_heads`).
    pub(crate) heads: usize,
    /// Per-head width (`d_kv`, else `d_model / heads`).
    pub(crate) head_dim: usize,
    /// The encoder file (named in errors about the state's tensors).
    pub(crate) path: PathBuf,
    /// Reused buffer for in-place cache reordering.
    pub(crate) scratch: Vec<f32>,
    /// Logits columns → token ids, when the decoder graphs are shortlisted.
    pub(crate) shortlist: Option<Arc<Shortlist>>,
}

impl DecodeState {
    /// Rows (sequences) in the batch.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Replaces every per-row tensor (encoder output, mask, whole cache) by its rows `src`
    /// (`src` may repeat or drop rows; the row count becomes `src.len()`).
    pub(crate) fn keep_rows(&mut self, src: &[usize]) -> Result<()> {
        let path = self.path.clone();
        self.hidden = gather_rows::<f32>(&self.hidden, src, &path)?;
        self.mask = gather_rows::<i64>(&self.mask, src, &path)?;
        if let Some(c) = &mut self.cache {
            for (_, v) in c.entries.iter_mut() {
                *v = gather_rows::<f32>(v, src, &path)?;
            }
        }
        self.rows = src.len();
        Ok(())
    }

    /// Beam reordering: decoder self-attention cache row `r` becomes row `src[r]`, in place,
    /// copying only rows whose source changed. Encoder cross-attention entries are identical
    /// across the beams of an input and stay as they are.
    pub(crate) fn reorder_decoder_cache(&mut self, src: &[usize]) -> Result<()> {
        if src.iter().enumerate().all(|(i, &s)| i == s) {
            return Ok(());
        }
        let Some(c) = &mut self.cache else {
            return Ok(());
        };
        for (name, v) in c.entries.iter_mut() {
            if !name.contains(".encoder.") {
                permute_rows(v, src, &mut self.scratch, &self.path)?;
            }
        }
        Ok(())
    }
}

/// Rows `src` of a `[rows, ...]` tensor, as a new tensor.
fn gather_rows<T: PrimitiveTensorElementType + Copy + std::fmt::Debug + 'static>(
    v: &DynValue,
    src: &[usize],
    path: &Path,
) -> Result<DynValue> {
    let (shape, data) = v.try_extract_tensor::<T>().map_err(|e| ort_err(path, e))?;
    let mut dims: Vec<usize> = shape.iter().map(|&d| d.max(0) as usize).collect();
    let rows = dims.first().copied().unwrap_or(0);
    let block = data.len().checked_div(rows).unwrap_or(0);
    let mut out = Vec::with_capacity(src.len().saturating_mul(block));
    for &r in src {
        let piece = row_span(r, block)
            .and_then(|sp| data.get(sp))
            .ok_or_else(|| ort_err(path, format!("tensor of shape {shape:?}: no row {r}")))?;
        out.extend_from_slice(piece);
    }
    if let Some(d0) = dims.first_mut() {
        *d0 = src.len();
    }
    Ok(Tensor::from_array((dims, out))
        .map_err(|e| ort_err(path, e))?
        .into_dyn())
}

/// Elements of row `r` of a tensor whose rows are `block` wide: `r * block..(r + 1) * block`,
/// `None` on overflow.
pub(crate) fn row_span(r: usize, block: usize) -> Option<std::ops::Range<usize>> {
    let start = r.checked_mul(block)?;
    Some(start..start.checked_add(block)?)
}

/// In place: row `r` of a `[rows, ...]` f32 tensor becomes (old) row `src[r]`.
fn permute_rows(
    v: &mut DynValue,
    src: &[usize],
    scratch: &mut Vec<f32>,
    path: &Path,
) -> Result<()> {
    let (shape, data) = v
        .try_extract_tensor_mut::<f32>()
        .map_err(|e| ort_err(path, e))?;
    let rows = shape.first().map_or(0, |&d| d.max(0) as usize);
    if rows != src.len() {
        return Err(ort_err(
            path,
            format!("cache of shape {shape:?} reordered to {} rows", src.len()),
        ));
    }
    let block = data.len().checked_div(rows).unwrap_or(0);
    if block == 0 {
        return Ok(());
    }
    // Save each source row some other row needs, then overwrite the rows that change.
    scratch.clear();
    let mut saved: Vec<Option<usize>> = vec![None; rows];
    for (i, &s) in src.iter().enumerate() {
        if s != i && saved.get(s).is_some_and(Option::is_none) {
            let row = row_span(s, block)
                .and_then(|sp| data.get(sp))
                .ok_or_else(|| ort_err(path, format!("cache row {s} of {rows} asked")))?;
            if let Some(slot) = saved.get_mut(s) {
                *slot = Some(scratch.len());
            }
            scratch.extend_from_slice(row);
        }
    }
    for (i, (row, &s)) in data.chunks_exact_mut(block).zip(src).enumerate() {
        if s != i {
            let from = saved.get(s).copied().flatten().unwrap_or(0);
            let piece = from
                .checked_add(block)
                .and_then(|end| scratch.get(from..end))
                .ok_or_else(|| ort_err(path, format!("cache row {s} of {rows} asked")))?;
            row.copy_from_slice(piece);
        }
    }
    Ok(())
}

/// The KV cache between steps: `past_key_values.*` name → owned value from the last step.
pub(crate) struct Cache {
    pub(crate) entries: Vec<(String, DynValue)>,
}
