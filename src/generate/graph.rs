//! ONNX Runtime sessions: loading the encoder and decoder graphs, feeding their inputs
//! (`input_ids`, masks, `past_key_values.*`, `use_cache_branch`) and reading their outputs
//! (`last_hidden_state`, `logits`, `present.*`).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use ort::session::builder::GraphOptimizationLevel;
use ort::session::{HasSelectedOutputs, OutputSelector, RunOptions, Session, SessionInputValue};
use ort::value::{DynValue, Tensor};

use super::cache::{row_span, Cache, DecodeState};
use crate::error::{Error, Result};
use crate::model::files::DecoderFiles;
use crate::model::runtime;
use crate::model::shortlist::Shortlist;

/// How the decoder graphs are used.
pub(crate) enum Decoder {
    /// One graph; `use_cache_branch` selects the first step or a cached step.
    Merged(Graph),
    /// `decoder_model` for the first step, `decoder_with_past_model` after.
    Split { first: Graph, with_past: Graph },
}

/// A session with the names it was loaded from.
pub(crate) struct Graph {
    pub(crate) session: Session,
    /// The `.onnx` file (named in errors).
    pub(crate) path: PathBuf,
    /// `past_key_values.*` input names, in the graph's order.
    pub(crate) past_inputs: Vec<String>,
    /// Every declared input name.
    pub(crate) input_names: Vec<String>,
    /// Merged decoder: takes `use_cache_branch`.
    pub(crate) has_cache_flag: bool,
    /// Merged decoder, cached steps: fetch only `logits` and the decoder `present.*`. Its `If`
    /// branch passes the encoder cross-attention keys/values through as outputs too, which
    /// ONNX Runtime copies every step unless they are left out (the state keeps its own).
    /// Built once at load.
    pub(crate) cached_step_outputs: Option<RunOptions<HasSelectedOutputs>>,
}

/// The output that carries input `past_key_values.<rest>` after a step: `present.<rest>`
/// (Optimum's decoder export naming).
fn present_name(past: &str) -> String {
    past.replacen("past_key_values.", "present.", 1)
}

/// An ONNX Runtime failure on the graph at `path`.
pub(crate) fn ort_err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Onnx {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

impl Graph {
    /// Opens one `.onnx` file with `threads` intra-op threads (0 = ONNX Runtime's default).
    pub(crate) fn load(path: &Path, threads: usize) -> Result<Self> {
        // All graph optimizations (ORT's default, stated so it stays so); one inter-op thread:
        // these graphs are sequential, parallelism is inside the MatMuls.
        let session = Session::builder(runtime::environment()?)
            .map_err(|e| ort_err(path, e))?
            .with_optimization_level(GraphOptimizationLevel::All)
            .map_err(|e| ort_err(path, e))?
            .with_intra_threads(threads)
            .map_err(|e| ort_err(path, e))?
            .with_inter_threads(1)
            .map_err(|e| ort_err(path, e))?
            // The pool's threads busy-wait between the ops of a run (`session.intra_op.
            // allow_spinning` = 1: a decoder step is ~500 nodes, many too short to pay for a
            // futex wake-up each) and stop when the run returns (`session.force_spinning_stop`
            // = 1), so they do not hold a core through the search work between two steps
            // (spinning past the run: 17–22% of the process's cycles in ORT's `pause` loop).
            // Paired A/B against no spinning at all (2 cores, AMX Xeon, int8, medians per
            // cell): Marian-base +6–22% (most at greedy batch 8/16), NLLB-600M +1–5%.
            .with_intra_op_spinning(true)
            .map_err(|e| ort_err(path, e))?
            .with_config_entry("session.force_spinning_stop", "1")
            .map_err(|e| ort_err(path, e))?
            .commit_from_file(path)
            .map_err(|e| ort_err(path, e))?;
        let input_names: Vec<String> = session
            .inputs()
            .iter()
            .map(|i| i.name().to_string())
            .collect();
        let past_inputs = input_names
            .iter()
            .filter(|n| n.starts_with("past_key_values."))
            .cloned()
            .collect();
        let has_cache_flag = input_names.iter().any(|n| n == "use_cache_branch");
        let cached_step_outputs = if has_cache_flag {
            let mut wanted = OutputSelector::no_default().with("logits");
            for name in input_names
                .iter()
                .filter(|n| n.starts_with("past_key_values.") && !n.contains(".encoder."))
            {
                wanted = wanted.with(present_name(name));
            }
            Some(
                RunOptions::new()
                    .map_err(|e| ort_err(path, e))?
                    .with_outputs(wanted),
            )
        } else {
            None
        };
        Ok(Self {
            session,
            path: path.to_path_buf(),
            past_inputs,
            input_names,
            has_cache_flag,
            cached_step_outputs,
        })
    }
}

impl Decoder {
    /// Opens the decoder graph(s) of `files`; with a shortlist, its `*.shortlist.onnx` files.
    pub(crate) fn load(
        files: &DecoderFiles,
        shortlist: Option<&Shortlist>,
        threads: usize,
    ) -> Result<Self> {
        let path = |p: &Path| -> Result<PathBuf> {
            match shortlist {
                Some(sl) => sl.decoder_file(p),
                None => Ok(p.to_path_buf()),
            }
        };
        Ok(match files {
            DecoderFiles::Merged(p) => Decoder::Merged(Graph::load(&path(p)?, threads)?),
            DecoderFiles::Split { first, with_past } => Decoder::Split {
                first: Graph::load(&path(first)?, threads)?,
                with_past: Graph::load(&path(with_past)?, threads)?,
            },
        })
    }
}

/// Runs the encoder on `ids` and `mask`, both `[batch, src_len]` row-major (`shape`), and
/// returns `last_hidden_state` (`[batch, src_len, d_model]`) with the mask as a tensor.
pub(crate) fn encode(
    encoder: &mut Graph,
    shape: [usize; 2],
    ids: Vec<i64>,
    mask: Vec<i64>,
) -> Result<(DynValue, DynValue)> {
    let path = encoder.path.clone();
    let ids_t = Tensor::from_array((shape, ids)).map_err(|e| ort_err(&path, e))?;
    let mask_t = Tensor::from_array((shape, mask)).map_err(|e| ort_err(&path, e))?;
    let mut out = encoder
        .session
        .run(ort::inputs![
            "input_ids" => ids_t,
            "attention_mask" => mask_t.clone(),
        ])
        .map_err(|e| ort_err(&path, e))?;
    let hidden = out
        .remove("last_hidden_state")
        .ok_or_else(|| ort_err(&path, "no output `last_hidden_state`"))?;
    drop(out);
    Ok((hidden, mask_t.into_dyn()))
}

/// Last-position logits of one decoder step, `[rows, vocab]` row-major.
pub(crate) enum StepScores {
    /// ONNX Runtime's own `logits` output when it already is `[rows, 1, vocab]`: read and
    /// processed in place, never copied (at beam 4 × batch 16 it is 15 MB a step).
    Ort {
        logits: DynValue,
        /// The decoder file (named in errors).
        path: PathBuf,
    },
    /// A copy: the last positions of a longer output, or a shortlist expanded to the vocabulary.
    Owned(Vec<f32>),
}

impl StepScores {
    /// The scores, `[rows, vocab]` flattened.
    pub(crate) fn as_mut_slice(&mut self) -> Result<&mut [f32]> {
        match self {
            StepScores::Ort { logits, path } => logits
                .try_extract_tensor_mut::<f32>()
                .map(|(_, data)| data)
                .map_err(|e| ort_err(path, e)),
            StepScores::Owned(v) => Ok(v.as_mut_slice()),
        }
    }

    /// The scores as an owned vector (copies ONNX Runtime's output).
    pub(crate) fn into_vec(mut self) -> Result<Vec<f32>> {
        match self {
            StepScores::Owned(v) => Ok(v),
            StepScores::Ort { .. } => Ok(self.as_mut_slice()?.to_vec()),
        }
    }
}

/// Runs one decoder step for `rows` sequences (each row's last token is fed) and returns the
/// last-position logits, `[rows, vocab]` flattened, plus the vocab size.
pub(crate) fn step(
    decoder: &mut Decoder,
    st: &mut DecodeState,
    tokens: &[i64],
) -> Result<(StepScores, usize)> {
    let rows = tokens.len();
    let DecodeState {
        hidden,
        mask,
        cache,
        heads,
        head_dim,
        shortlist,
        ..
    } = st;
    let (heads, head_dim) = (*heads, *head_dim);
    let first_step = cache.is_none();
    // Names of the cache the *next* step feeds (the with-past graph's for a split layout).
    let all_past: Vec<String> = match &*decoder {
        Decoder::Merged(g) => g.past_inputs.clone(),
        Decoder::Split { with_past, .. } => with_past.past_inputs.clone(),
    };
    let graph = match decoder {
        Decoder::Merged(g) => g,
        Decoder::Split { first, with_past } => {
            if first_step {
                first
            } else {
                with_past
            }
        }
    };
    let path = graph.path.clone();
    let ids =
        Tensor::from_array(([rows, 1usize], tokens.to_vec())).map_err(|e| ort_err(&path, e))?;
    let mut inputs: Vec<(Cow<'_, str>, SessionInputValue<'_>)> = vec![
        ("input_ids".into(), ids.into()),
        ("encoder_attention_mask".into(), (&*mask).into()),
        ("encoder_hidden_states".into(), (&*hidden).into()),
    ];
    let merged = graph.has_cache_flag;
    let mut kept_encoder: Vec<(String, DynValue)> = Vec::new();
    match cache.take() {
        Some(c) => {
            for (name, v) in c.entries {
                if name.contains(".encoder.") {
                    // Encoder cross-attention keys/values never change: feed a view, keep them.
                    kept_encoder.push((name, v));
                } else {
                    inputs.push((name.into(), v.into()));
                }
            }
        }
        None => {
            for name in &graph.past_inputs {
                let empty =
                    Tensor::<f32>::from_array(([rows, heads, 0, head_dim], Vec::<f32>::new()))
                        .map_err(|e| ort_err(&path, e))?;
                inputs.push((name.clone().into(), empty.into()));
            }
        }
    }
    for (name, v) in &kept_encoder {
        inputs.push((name.clone().into(), v.into()));
    }
    if merged {
        let flag =
            Tensor::from_array(([1usize], vec![!first_step])).map_err(|e| ort_err(&path, e))?;
        inputs.push(("use_cache_branch".into(), flag.into()));
    }
    // Feed only what this graph declares (the with-past split decoder takes no
    // `encoder_hidden_states`: its cross-attention keys/values come from the cache).
    let declared = &graph.input_names;
    inputs.retain(|(name, _)| declared.iter().any(|d| d == name));
    let mut out = match (&graph.cached_step_outputs, first_step) {
        (Some(opts), false) => graph.session.run_with_options(inputs, opts),
        _ => graph.session.run(inputs),
    }
    .map_err(|e| ort_err(&path, e))?;
    let logits_v = out
        .remove("logits")
        .ok_or_else(|| ort_err(&path, "no output `logits`"))?;
    let (shape, data) = logits_v
        .try_extract_tensor::<f32>()
        .map_err(|e| ort_err(&path, e))?;
    let dims: Vec<i64> = shape.iter().copied().collect();
    let (t, vocab) = match dims.as_slice() {
        &[_, t, v] => (t.max(0) as usize, v.max(0) as usize),
        _ => {
            return Err(ort_err(
                &path,
                format!("logits have shape {shape:?}, expected [batch, len, vocab]"),
            ))
        }
    };
    if t == 0 || vocab == 0 {
        // A malformed graph: no position or no vocabulary to pick a token from.
        return Err(ort_err(
            &path,
            format!("logits have shape {shape:?}: no position or no vocabulary"),
        ));
    }
    // One position per row and no shortlist: the output already is `[rows, vocab]`.
    let in_place = t == 1 && shortlist.is_none() && rows.checked_mul(vocab) == Some(data.len());
    let last = if in_place {
        Vec::new()
    } else {
        last_positions(data, rows, t, vocab).ok_or_else(|| {
            ort_err(
                &path,
                format!("logits have shape {shape:?} for {rows} rows"),
            )
        })?
    };
    // The new cache: every decoder `present.*`; encoder ones from the first step only.
    let mut entries = Vec::new();
    let mut enc_by_name: std::collections::HashMap<String, DynValue> =
        kept_encoder.into_iter().collect();
    for name in all_past {
        let present = present_name(&name);
        let v = if name.contains(".encoder.") {
            match enc_by_name.remove(&name) {
                Some(v) => v,
                None => out
                    .remove(&present)
                    .ok_or_else(|| ort_err(&path, format!("no output `{present}`")))?,
            }
        } else {
            out.remove(&present)
                .ok_or_else(|| ort_err(&path, format!("no output `{present}`")))?
        };
        entries.push((name, v));
    }
    *cache = Some(Cache { entries });
    if in_place {
        return Ok((
            StepScores::Ort {
                logits: logits_v,
                path,
            },
            vocab,
        ));
    }
    match shortlist.as_deref() {
        Some(sl) if sl.ids.len() == vocab => {
            Ok((StepScores::Owned(sl.expand(&last, rows)), sl.vocab_size))
        }
        Some(sl) => Err(ort_err(
            &path,
            format!(
                "logits have {vocab} columns but shortlist.json lists {} ids",
                sl.ids.len()
            ),
        )),
        None => Ok((StepScores::Owned(last), vocab)),
    }
}

/// Row `r`'s last position of `[rows, t, vocab]` logits, for every row: `[rows, vocab]`
/// flattened (row `r` starts at `(r * t + t - 1) * vocab`). `None` when `data` is too short.
fn last_positions(data: &[f32], rows: usize, t: usize, vocab: usize) -> Option<Vec<f32>> {
    let mut last = Vec::with_capacity(rows.saturating_mul(vocab));
    for r in 0..rows {
        let pos = r.checked_mul(t)?.checked_add(t)?.checked_sub(1)?;
        last.extend_from_slice(data.get(row_span(pos, vocab)?)?);
    }
    Some(last)
}
