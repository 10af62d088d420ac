//! Encoder and decoder sessions with a KV cache, and the greedy / beam decode loops.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ort::session::builder::GraphOptimizationLevel;
use ort::session::{Session, SessionInputValue};
use ort::value::{DynValue, PrimitiveTensorElementType, Tensor};

use super::logits::{argmax, log_softmax, process};
use super::{EarlyStopping, FinishReason, GenerateOptions, Generation, Settings};
use crate::error::{Error, Result};
use crate::model::config::{GenerationConfig, ModelConfig};
use crate::model::files::{DecoderFiles, DecoderPreference, OnnxFiles, Variant};
use crate::model::runtime;
use crate::model::shortlist::Shortlist;

/// How the decoder graphs are used.
enum Decoder {
    /// One graph; `use_cache_branch` selects the first step or a cached step.
    Merged(Graph),
    /// `decoder_model` for the first step, `decoder_with_past_model` after.
    Split { first: Graph, with_past: Graph },
}

/// A session with the names it was loaded from.
struct Graph {
    session: Session,
    path: PathBuf,
    /// `past_key_values.*` input names, in the graph's order.
    past_inputs: Vec<String>,
    /// Every declared input name.
    input_names: Vec<String>,
    /// Merged decoder: takes `use_cache_branch`.
    has_cache_flag: bool,
}

/// An encoder-decoder ONNX model ready to generate.
///
/// `generate` takes `&self`: the encoder and the decoder each sit behind a mutex, so one model
/// serves many threads (one thread's encoder pass can overlap another's decoding; decoder
/// steps of different calls run one at a time — give each thread its own model for fully
/// parallel decoding).
pub struct Seq2SeqModel {
    encoder: Mutex<Graph>,
    decoder: Mutex<Decoder>,
    /// `config.json`.
    pub config: ModelConfig,
    /// `generation_config.json` (defaults when absent).
    pub generation: GenerationConfig,
    config_path: PathBuf,
    heads: usize,
    head_dim: usize,
    shortlist: Option<Arc<Shortlist>>,
}

/// How to load a model directory (see [`Seq2SeqModel::load_with`]).
#[derive(Debug, Clone, Default)]
pub struct ModelOptions {
    /// Weight variant (`Fp32`, `Quantized`, …).
    pub variant: Variant,
    /// Merged or split decoder when both exist.
    pub decoder: DecoderPreference,
    /// Intra-op threads per session (0 = ONNX Runtime's default).
    pub threads: usize,
    /// Use the target-vocabulary shortlist (`shortlist.json`, from `models/shortlist.py`):
    /// faster decoding; tokens outside the list are never generated.
    pub shortlist: bool,
}

fn ort_err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Onnx {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

impl Graph {
    fn load(path: &Path, opts: &ModelOptions) -> Result<Self> {
        // All graph optimizations (ORT's default, stated so it stays so); one inter-op thread:
        // these graphs are sequential, parallelism is inside the MatMuls.
        let session = Session::builder(runtime::environment()?)
            .map_err(|e| ort_err(path, e))?
            .with_optimization_level(GraphOptimizationLevel::All)
            .map_err(|e| ort_err(path, e))?
            .with_intra_threads(opts.threads)
            .map_err(|e| ort_err(path, e))?
            .with_inter_threads(1)
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
        Ok(Self {
            session,
            path: path.to_path_buf(),
            past_inputs,
            input_names,
            has_cache_flag,
        })
    }
}

impl Seq2SeqModel {
    /// Loads a model directory (config, generation config, ONNX files of `variant`).
    pub fn load(
        dir: &Path,
        variant: Variant,
        pref: DecoderPreference,
        threads: usize,
    ) -> Result<Self> {
        Self::load_with(
            dir,
            &ModelOptions {
                variant,
                decoder: pref,
                threads,
                shortlist: false,
            },
        )
    }

    /// Loads a model directory with every option.
    pub fn load_with(dir: &Path, opts: &ModelOptions) -> Result<Self> {
        let (variant, pref) = (opts.variant, opts.decoder);
        runtime::init()?;
        let config_path = dir.join("config.json");
        let config_json = crate::model::config::read_file(&config_path)?;
        let config = ModelConfig::from_json(&config_json, &config_path)?;
        let generation = GenerationConfig::resolve(dir, &config_json)?;
        let files = OnnxFiles::detect(dir, variant, pref)?;
        let shortlist = if opts.shortlist {
            let sl = Shortlist::load(dir)?;
            if let Some(v) = config.vocab_size.filter(|&v| v != sl.vocab_size) {
                return Err(Error::Config {
                    path: dir.join(crate::model::shortlist::FILE),
                    reason: format!(
                        "made for vocab_size {} but config.json has {v}",
                        sl.vocab_size
                    ),
                });
            }
            Some(Arc::new(sl))
        } else {
            None
        };
        let decoder_path = |p: &Path| -> Result<PathBuf> {
            match &shortlist {
                Some(sl) => sl.decoder_file(p),
                None => Ok(p.to_path_buf()),
            }
        };
        let encoder = Graph::load(&files.encoder, opts)?;
        let decoder = match &files.decoder {
            DecoderFiles::Merged(p) => Decoder::Merged(Graph::load(&decoder_path(p)?, opts)?),
            DecoderFiles::Split { first, with_past } => Decoder::Split {
                first: Graph::load(&decoder_path(first)?, opts)?,
                with_past: Graph::load(&decoder_path(with_past)?, opts)?,
            },
        };
        let heads = config.decoder_head_count().ok_or_else(|| Error::Config {
            path: config_path.clone(),
            reason: "missing key `decoder_attention_heads` (or `num_heads`)".into(),
        })?;
        let head_dim = config
            .d_kv
            .or_else(|| config.d_model.and_then(|d| d.checked_div(heads.max(1))))
            .ok_or_else(|| Error::Config {
                path: config_path.clone(),
                reason: "missing key `d_model` (or `d_kv`)".into(),
            })?;
        Ok(Self {
            encoder: Mutex::new(encoder),
            decoder: Mutex::new(decoder),
            config,
            generation,
            config_path,
            heads,
            head_dim,
            shortlist,
        })
    }

    /// The shortlist in use, if the model was loaded with one.
    pub fn shortlist(&self) -> Option<&Shortlist> {
        self.shortlist.as_deref()
    }

    /// The generation settings a call with `opts` would use.
    pub fn settings(&self, opts: &GenerateOptions) -> Result<Settings> {
        Settings::resolve(&self.config, &self.generation, opts, &self.config_path)
    }

    /// Generates for a batch of already-tokenized inputs (unequal lengths are right-padded
    /// with `pad_token_id` and masked). Returns, per input, exactly the row `transformers.generate`
    /// returns: decoder start token first, then padding after EOS up to the batch's longest row.
    pub fn generate(&self, inputs: &[Vec<i64>], opts: &GenerateOptions) -> Result<Vec<Vec<i64>>> {
        Ok(self
            .generate_with_reasons(inputs, opts)?
            .into_iter()
            .map(|g| g.ids)
            .collect())
    }

    /// [`generate`](Self::generate), with the [`FinishReason`] of each returned sequence
    /// (beam search: of the returned hypothesis itself). The ids are the same.
    pub fn generate_with_reasons(
        &self,
        inputs: &[Vec<i64>],
        opts: &GenerateOptions,
    ) -> Result<Vec<Generation>> {
        let s = self.settings(opts)?;
        if inputs.is_empty() {
            return Ok(Vec::new());
        }
        let mut state = self.encode(inputs)?;
        if s.num_beams > 1 {
            // As `transformers` does: one encoder pass per input, its output repeated per beam.
            let src: Vec<usize> = (0..inputs.len())
                .flat_map(|i| std::iter::repeat_n(i, s.num_beams))
                .collect();
            state.keep_rows(&src)?;
        }
        let mut decoder = self.lock_decoder()?;
        if s.num_beams > 1 {
            beam(&mut decoder, &mut state, inputs.len(), &s)
        } else {
            greedy(&mut decoder, &mut state, &s)
        }
    }

    /// Runs the encoder on a batch of token-id rows (right-padded with `pad_token_id`, masked)
    /// and returns the state the first decoder step reads.
    pub fn encode(&self, inputs: &[Vec<i64>]) -> Result<DecodeState> {
        if inputs.is_empty() {
            return Err(Error::InvalidInput("no inputs to encode".into()));
        }
        if let Some(i) = inputs.iter().position(|x| x.is_empty()) {
            return Err(Error::InvalidInput(format!("input {i} has no tokens")));
        }
        if let Some(max) = self.config.max_position_embeddings {
            if let Some((i, x)) = inputs.iter().enumerate().find(|(_, x)| x.len() > max) {
                return Err(Error::InputTooLong {
                    index: i,
                    tokens: x.len(),
                    max,
                });
            }
        }
        let pad = self.settings(&GenerateOptions::default())?.pad_token_id;
        let b = inputs.len();
        let src_len = inputs.iter().map(Vec::len).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(b.saturating_mul(src_len));
        let mut mask = Vec::with_capacity(b.saturating_mul(src_len));
        for x in inputs {
            ids.extend_from_slice(x);
            ids.extend(std::iter::repeat_n(pad, src_len.saturating_sub(x.len())));
            mask.extend(std::iter::repeat_n(1i64, x.len()));
            mask.extend(std::iter::repeat_n(0i64, src_len.saturating_sub(x.len())));
        }
        let mut encoder = self
            .encoder
            .lock()
            .map_err(|_| Error::InvalidInput("model poisoned by an earlier panic".into()))?;
        let path = encoder.path.clone();
        let shape = [b, src_len];
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
        Ok(DecodeState {
            hidden,
            mask: mask_t.into_dyn(),
            cache: None,
            rows: b,
            heads: self.heads,
            head_dim: self.head_dim,
            path,
            scratch: Vec::new(),
            shortlist: self.shortlist.clone(),
        })
    }

    /// Runs one decoder step: feeds `tokens` (one per row of `state`) and returns the
    /// last-position logits. The first call on a fresh state is the first decoder step
    /// (feed the decoder start token); the KV cache is kept in `state`.
    pub fn decode_step(&self, state: &mut DecodeState, tokens: &[i64]) -> Result<StepLogits> {
        if tokens.len() != state.rows {
            return Err(Error::InvalidInput(format!(
                "{} tokens for a state of {} rows",
                tokens.len(),
                state.rows
            )));
        }
        let mut decoder = self.lock_decoder()?;
        let (data, vocab) = step(&mut decoder, state, tokens)?;
        Ok(StepLogits { data, vocab })
    }

    fn lock_decoder(&self) -> Result<std::sync::MutexGuard<'_, Decoder>> {
        self.decoder
            .lock()
            .map_err(|_| Error::InvalidInput("model poisoned by an earlier panic".into()))
    }
}

/// Last-position logits of one decoder step: `rows × vocab`, row-major.
#[derive(Debug, Clone)]
pub struct StepLogits {
    /// The scores, one row of `vocab` per input row.
    pub data: Vec<f32>,
    /// Row width (the model's vocabulary size).
    pub vocab: usize,
}

/// Encoder output and decoder KV cache for a batch of rows: what each decoder step reads.
/// Made by [`Seq2SeqModel::encode`], advanced by [`Seq2SeqModel::decode_step`].
pub struct DecodeState {
    hidden: DynValue,
    mask: DynValue,
    /// `past_key_values.*` name → owned value from the last step (`None` before the first).
    cache: Option<Cache>,
    rows: usize,
    heads: usize,
    head_dim: usize,
    /// The encoder file (named in errors about the state's tensors).
    path: PathBuf,
    /// Reused buffer for in-place cache reordering.
    scratch: Vec<f32>,
    /// Logits columns → token ids, when the decoder graphs are shortlisted.
    shortlist: Option<Arc<Shortlist>>,
}

impl DecodeState {
    /// Rows (sequences) in the batch.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Replaces every per-row tensor (encoder output, mask, whole cache) by its rows `src`
    /// (`src` may repeat or drop rows; the row count becomes `src.len()`).
    fn keep_rows(&mut self, src: &[usize]) -> Result<()> {
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
    fn reorder_decoder_cache(&mut self, src: &[usize]) -> Result<()> {
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
fn row_span(r: usize, block: usize) -> Option<std::ops::Range<usize>> {
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
struct Cache {
    entries: Vec<(String, DynValue)>,
}

/// Runs one decoder step for `rows` sequences (each row's last token is fed) and returns the
/// last-position logits, `[rows, vocab]` flattened, plus the vocab size.
fn step(decoder: &mut Decoder, st: &mut DecodeState, tokens: &[i64]) -> Result<(Vec<f32>, usize)> {
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
    let mut out = graph.session.run(inputs).map_err(|e| ort_err(&path, e))?;
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
    let mut last = Vec::with_capacity(rows.saturating_mul(vocab));
    for r in 0..rows {
        // Row `r`'s last position: `(r * t + t - 1) * vocab`, `vocab` wide.
        let last_pos = r
            .checked_mul(t)
            .and_then(|x| x.checked_add(t))
            .and_then(|x| x.checked_sub(1));
        let row = last_pos
            .and_then(|p| row_span(p, vocab))
            .and_then(|sp| data.get(sp))
            .ok_or_else(|| {
                ort_err(
                    &path,
                    format!("logits have shape {shape:?} for {rows} rows"),
                )
            })?;
        last.extend_from_slice(row);
    }
    // The new cache: every decoder `present.*`; encoder ones from the first step only.
    let mut entries = Vec::new();
    let mut enc_by_name: std::collections::HashMap<String, DynValue> =
        kept_encoder.into_iter().collect();
    for name in all_past {
        let present = name.replacen("past_key_values.", "present.", 1);
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
    match shortlist.as_deref() {
        Some(sl) if sl.ids.len() == vocab => Ok((sl.expand(&last, rows), sl.vocab_size)),
        Some(sl) => Err(ort_err(
            &path,
            format!(
                "logits have {vocab} columns but shortlist.json lists {} ids",
                sl.ids.len()
            ),
        )),
        None => Ok((last, vocab)),
    }
}

/// Greedy search, as `transformers` `_sample` with `do_sample=False`. Rows that finish leave
/// the batch (their cache rows are dropped once a quarter of the batch is finished); their
/// output is padded as `transformers` pads it.
fn greedy(decoder: &mut Decoder, st: &mut DecodeState, s: &Settings) -> Result<Vec<Generation>> {
    let b = st.rows;
    let mut seqs: Vec<Vec<i64>> = vec![vec![s.decoder_start_token_id]; b];
    let mut done = vec![false; b];
    // Row `r` of the running batch is sequence `active[r]`.
    let mut active: Vec<usize> = (0..b).collect();
    let is_done = |done: &[bool], i: usize| done.get(i).copied().unwrap_or(true);
    let mut cur_len = 1;
    while cur_len < s.max_length {
        let last: Vec<i64> = active
            .iter()
            .map(|&i| match seqs.get(i) {
                Some(q) if !is_done(&done, i) => q.last().copied().unwrap_or(s.pad_token_id),
                _ => s.pad_token_id,
            })
            .collect();
        let (mut scores, vocab) = step(decoder, st, &last)?;
        for (row, &i) in scores.chunks_mut(vocab).zip(&active) {
            let (Some(seq), Some(fin)) = (seqs.get_mut(i), done.get_mut(i)) else {
                continue;
            };
            if *fin {
                continue;
            }
            process(row, seq, s);
            let tok = argmax(row) as i64;
            seq.push(tok);
            if s.eos_token_ids.contains(&tok) {
                *fin = true;
            }
        }
        cur_len = cur_len.saturating_add(1);
        let finished = active.iter().filter(|&&i| is_done(&done, i)).count();
        if finished == active.len() {
            break;
        }
        if finished > 0 && finished.saturating_mul(4) >= active.len() && cur_len < s.max_length {
            let keep: Vec<usize> = active
                .iter()
                .enumerate()
                .filter(|&(_, &i)| !is_done(&done, i))
                .map(|(r, _)| r)
                .collect();
            st.keep_rows(&keep)?;
            active.retain(|&i| !is_done(&done, i));
        }
    }
    let out_len = seqs.iter().map(Vec::len).max().unwrap_or(1);
    Ok(seqs
        .into_iter()
        .map(|mut q| {
            let finish_reason = FinishReason::of(&q, s);
            q.resize(out_len, s.pad_token_id);
            Generation {
                ids: q,
                finish_reason,
            }
        })
        .collect())
}

/// A continuation considered at one beam step.
struct Cand {
    score: f32,
    /// Source beam (row within the input's block).
    beam: usize,
    seq: Vec<i64>,
    /// Ends on EOS or reaches the length limit.
    hit: bool,
}

/// One running or finished hypothesis.
#[derive(Clone)]
struct Hyp {
    seq: Vec<i64>,
    score: f32,
    finished: bool,
}

const NEG: f32 = -1.0e9;

/// The `k` best candidate indices by score, descending; ties keep the lower index first
/// (as `torch.topk` on these inputs). One pass with a small sorted buffer when `k` is small.
fn top_k(scores: &[f32], k: usize) -> Vec<usize> {
    if k == 0 {
        return Vec::new();
    }
    if k.saturating_mul(64) >= scores.len() {
        return top_k_sort(scores, k);
    }
    // `a` ranks before `b`.
    let before = |a: usize, b: usize| match (scores.get(a), scores.get(b)) {
        (Some(x), Some(y)) => x.total_cmp(y).then(b.cmp(&a)).is_gt(),
        _ => false,
    };
    let mut best: Vec<usize> = Vec::with_capacity(k.saturating_add(1));
    for i in 0..scores.len() {
        if best.len() == k && !best.last().is_some_and(|&w| before(i, w)) {
            continue;
        }
        let pos = best.partition_point(|&j| before(j, i));
        best.insert(pos, i);
        best.truncate(k);
    }
    best
}

/// `top_k` by partial sort (large `k`).
fn top_k_sort(scores: &[f32], k: usize) -> Vec<usize> {
    let at = |i: usize| scores.get(i).copied().unwrap_or(f32::NEG_INFINITY);
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    let k = k.min(idx.len());
    if k < idx.len() {
        idx.select_nth_unstable_by(k, |&a, &b| at(b).total_cmp(&at(a)).then(a.cmp(&b)));
        idx.truncate(k);
    }
    idx.sort_by(|&a, &b| at(b).total_cmp(&at(a)).then(a.cmp(&b)));
    idx
}

/// Beam search, step for step as `transformers` (4.5x) `_beam_search` computes it.
fn beam(
    decoder: &mut Decoder,
    st: &mut DecodeState,
    batch: usize,
    s: &Settings,
) -> Result<Vec<Generation>> {
    let nb = s.num_beams;
    let prompt = 1usize;
    let keep = s
        .eos_token_ids
        .len()
        .saturating_add(1)
        .max(2)
        .saturating_mul(nb);
    let fill = if s.pad_token_id != 0 {
        s.pad_token_id
    } else {
        s.eos_token_ids.first().copied().unwrap_or(-1)
    };
    let start = vec![s.decoder_start_token_id];
    let mut running: Vec<Vec<Hyp>> = (0..batch)
        .map(|_| {
            (0..nb)
                .map(|k| Hyp {
                    seq: start.clone(),
                    score: if k == 0 { 0.0 } else { NEG },
                    finished: false,
                })
                .collect()
        })
        .collect();
    let mut done: Vec<Vec<Hyp>> = (0..batch)
        .map(|_| {
            vec![
                Hyp {
                    seq: start.clone(),
                    score: NEG,
                    finished: false
                };
                nb
            ]
        })
        .collect();
    let mut unsatisfied = vec![true; batch];
    let mut cur_len = prompt;
    loop {
        let last: Vec<i64> = running
            .iter()
            .flatten()
            .map(|h| *h.seq.last().unwrap_or(&fill))
            .collect();
        let (mut logp, vocab) = step(decoder, st, &last)?;
        let flat: Vec<&Hyp> = running.iter().flatten().collect();
        for (row, h) in logp.chunks_mut(vocab).zip(&flat) {
            log_softmax(row);
            process(row, &h.seq, s);
        }
        drop(flat);
        let mut all_hit = true;
        let mut sources = Vec::with_capacity(batch.saturating_mul(nb));
        let items = running.iter_mut().zip(done.iter_mut()).zip(
            unsatisfied
                .iter()
                .zip(logp.chunks_mut(nb.saturating_mul(vocab).max(1))),
        );
        for (i, ((run_i, done_i), (&unsat_i, block))) in items.enumerate() {
            for (row, h) in block.chunks_mut(vocab).zip(run_i.iter()) {
                let add = h.score;
                row.iter_mut().for_each(|x| *x += add);
            }
            let block: &[f32] = block;
            let top = top_k(block, keep);
            // Candidates: the best `keep` (beam, token) continuations.
            let cands: Vec<Cand> = top
                .iter()
                .filter_map(|&j| {
                    let (k, tok) = (j.checked_div(vocab)?, j.checked_rem(vocab)? as i64);
                    let mut seq = run_i.get(k)?.seq.clone();
                    seq.push(tok);
                    let hit =
                        s.eos_token_ids.contains(&tok) || cur_len.saturating_add(1) >= s.max_length;
                    Some(Cand {
                        score: *block.get(j)?,
                        beam: k,
                        seq,
                        hit,
                    })
                })
                .collect();
            all_hit &= cands.iter().all(|c| c.hit);
            // Next running beams: the best candidates that did not stop.
            let run_scores: Vec<f32> = cands
                .iter()
                .map(|c| c.score + if c.hit { NEG } else { 0.0 })
                .collect();
            let next: Vec<Hyp> = top_k(&run_scores, nb)
                .into_iter()
                .filter_map(|j| {
                    let (c, &score) = (cands.get(j)?, run_scores.get(j)?);
                    sources.push(i.saturating_mul(nb).saturating_add(c.beam));
                    Some(Hyp {
                        seq: c.seq.clone(),
                        score,
                        finished: false,
                    })
                })
                .collect();
            // Finished hypotheses: merge the stopped top-`nb` candidates into the kept ones.
            let generated = cur_len.saturating_add(1).saturating_sub(prompt);
            let denom = ((generated as f64).powf(s.length_penalty as f64)) as f32;
            let full = done_i.iter().all(|h| h.finished) && s.early_stopping == EarlyStopping::True;
            let mut merged = done_i.clone();
            for (j, c) in cands.iter().enumerate() {
                let just = c.hit && j < nb;
                let mut sc = c.score / denom;
                if full {
                    sc += NEG;
                }
                if !unsat_i {
                    sc += NEG;
                }
                if !just {
                    sc += NEG;
                }
                merged.push(Hyp {
                    seq: c.seq.clone(),
                    score: sc,
                    finished: just,
                });
            }
            let scores: Vec<f32> = merged.iter().map(|h| h.score).collect();
            *done_i = top_k(&scores, nb)
                .into_iter()
                .filter_map(|j| merged.get(j).cloned())
                .collect();
            *run_i = next;
        }
        st.reorder_decoder_cache(&sources)?;
        cur_len = cur_len.saturating_add(1);
        let hyp_len = if s.early_stopping == EarlyStopping::Never && s.length_penalty > 0.0 {
            s.max_length.saturating_sub(prompt)
        } else {
            cur_len.saturating_sub(prompt)
        }
        // NOTE: at least 1, so that `0^length_penalty` (0 or inf) never divides a score;
        // every reachable length is at least 1 already (the loop generates before it scores).
        .max(1);
        for ((run_i, done_i), unsat_i) in running.iter().zip(&done).zip(unsatisfied.iter_mut()) {
            let best = run_i.first().map_or(NEG, |h| {
                h.score / ((hyp_len as f64).powf(s.length_penalty as f64)) as f32
            });
            let min_done = done_i.iter().map(|h| h.score).fold(f32::INFINITY, f32::min);
            let improvable = done_i
                .iter()
                .any(|h| best > if h.finished { min_done } else { NEG });
            *unsat_i &= improvable;
        }
        let improvement_possible = unsatisfied.iter().any(|&u| u);
        let all_finished = done.iter().flatten().all(|h| h.finished);
        let open = !(all_finished && s.early_stopping == EarlyStopping::True);
        if !(improvement_possible && open && !all_hit) {
            break;
        }
    }
    let best: Vec<Vec<i64>> = done
        .into_iter()
        .map(|d| d.into_iter().next().map(|h| h.seq).unwrap_or_default())
        .collect();
    let out_len = best.iter().map(Vec::len).max().unwrap_or(prompt);
    Ok(best
        .into_iter()
        .map(|mut q| {
            let finish_reason = FinishReason::of(&q, s);
            q.resize(out_len, fill);
            Generation {
                ids: q,
                finish_reason,
            }
        })
        .collect())
}
