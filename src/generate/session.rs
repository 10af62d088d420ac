//! Encoder and decoder sessions with a KV cache, and the greedy / beam decode loops.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ort::session::{Session, SessionInputValue};
use ort::value::{DynValue, Tensor};

use super::logits::{argmax, log_softmax, process};
use super::{EarlyStopping, GenerateOptions, Settings};
use crate::error::{Error, Result};
use crate::model::config::{GenerationConfig, ModelConfig};
use crate::model::files::{DecoderFiles, DecoderPreference, OnnxFiles, Variant};
use crate::model::runtime;

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
}

/// An encoder-decoder ONNX model ready to generate.
///
/// `generate` takes `&self`: the sessions sit behind a mutex, so one model serves many
/// threads (calls on one model run one at a time; give each thread its own model for
/// parallel decoding).
pub struct Seq2SeqModel {
    inner: Mutex<(Graph, Decoder)>,
    /// `config.json`.
    pub config: ModelConfig,
    /// `generation_config.json` (defaults when absent).
    pub generation: GenerationConfig,
    config_path: PathBuf,
    heads: usize,
    head_dim: usize,
}

fn ort_err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Onnx {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

impl Graph {
    fn load(path: &Path, threads: usize) -> Result<Self> {
        let session = Session::builder(runtime::environment()?)
            .map_err(|e| ort_err(path, e))?
            .with_intra_threads(threads)
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
        Ok(Self {
            session,
            path: path.to_path_buf(),
            past_inputs,
            input_names,
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
        runtime::init()?;
        let config_path = dir.join("config.json");
        let config = ModelConfig::load(&config_path)?;
        let generation = GenerationConfig::load_or_default(&dir.join("generation_config.json"))?;
        let files = OnnxFiles::detect(dir, variant, pref)?;
        let encoder = Graph::load(&files.encoder, threads)?;
        let decoder = match &files.decoder {
            DecoderFiles::Merged(p) => Decoder::Merged(Graph::load(p, threads)?),
            DecoderFiles::Split { first, with_past } => Decoder::Split {
                first: Graph::load(first, threads)?,
                with_past: Graph::load(with_past, threads)?,
            },
        };
        let heads = config.decoder_head_count().ok_or_else(|| Error::Config {
            path: config_path.clone(),
            reason: "missing key `decoder_attention_heads` (or `num_heads`)".into(),
        })?;
        let head_dim = config
            .d_kv
            .or_else(|| config.d_model.map(|d| d / heads.max(1)))
            .ok_or_else(|| Error::Config {
                path: config_path.clone(),
                reason: "missing key `d_model` (or `d_kv`)".into(),
            })?;
        Ok(Self {
            inner: Mutex::new((encoder, decoder)),
            config,
            generation,
            config_path,
            heads,
            head_dim,
        })
    }

    /// The generation settings a call with `opts` would use.
    pub fn settings(&self, opts: &GenerateOptions) -> Result<Settings> {
        Settings::resolve(&self.config, &self.generation, opts, &self.config_path)
    }

    /// Generates for a batch of already-tokenized inputs (unequal lengths are right-padded
    /// with `pad_token_id` and masked). Returns, per input, exactly the row `transformers.generate`
    /// returns: decoder start token first, then padding after EOS up to the batch's longest row.
    pub fn generate(&self, inputs: &[Vec<i64>], opts: &GenerateOptions) -> Result<Vec<Vec<i64>>> {
        let s = self.settings(opts)?;
        if inputs.is_empty() {
            return Ok(Vec::new());
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
        let mut guard = self
            .inner
            .lock()
            .map_err(|_| Error::InvalidInput("model poisoned by an earlier panic".into()))?;
        let (encoder, decoder) = &mut *guard;
        let batch = inputs.len();
        // Beam search runs `num_beams` rows per input (as `transformers` expands them).
        let rows: Vec<&Vec<i64>> = inputs
            .iter()
            .flat_map(|x| std::iter::repeat_n(x, s.num_beams))
            .collect();
        let b = rows.len();
        let src_len = inputs.iter().map(Vec::len).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(b * src_len);
        let mut mask = Vec::with_capacity(b * src_len);
        for x in &rows {
            ids.extend_from_slice(x);
            ids.extend(std::iter::repeat_n(s.pad_token_id, src_len - x.len()));
            mask.extend(std::iter::repeat_n(1i64, x.len()));
            mask.extend(std::iter::repeat_n(0i64, src_len - x.len()));
        }
        let shape = [b, src_len];
        let enc_path = encoder.path.clone();
        let ids_t = Tensor::from_array((shape, ids)).map_err(|e| ort_err(&enc_path, e))?;
        let mask_t = Tensor::from_array((shape, mask)).map_err(|e| ort_err(&enc_path, e))?;
        let mut enc_out = encoder
            .session
            .run(ort::inputs![
                "input_ids" => ids_t,
                "attention_mask" => mask_t.clone(),
            ])
            .map_err(|e| ort_err(&enc_path, e))?;
        let hidden = enc_out
            .remove("last_hidden_state")
            .ok_or_else(|| ort_err(&enc_path, "no output `last_hidden_state`"))?;
        drop(enc_out);
        let ctx = Context {
            hidden,
            mask: mask_t.into_dyn(),
            heads: self.heads,
            head_dim: self.head_dim,
        };
        let out = if s.num_beams > 1 {
            beam(decoder, &ctx, batch, &s, &self.config_path)?
        } else {
            greedy(decoder, &ctx, b, &s)?
        };
        Ok(out)
    }
}

/// Encoder results every decoder step reads.
struct Context {
    hidden: DynValue,
    mask: DynValue,
    heads: usize,
    head_dim: usize,
}

/// The KV cache between steps: `past_key_values.*` name → owned value from the last step.
struct Cache {
    entries: Vec<(String, DynValue)>,
}

/// Runs one decoder step for `rows` sequences (each row's last token is fed) and returns the
/// last-position logits, `[rows, vocab]` flattened, plus the vocab size.
fn step(
    decoder: &mut Decoder,
    ctx: &Context,
    tokens: &[i64],
    cache: &mut Option<Cache>,
) -> Result<(Vec<f32>, usize)> {
    let rows = tokens.len();
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
        ("encoder_attention_mask".into(), (&ctx.mask).into()),
        ("encoder_hidden_states".into(), (&ctx.hidden).into()),
    ];
    let merged = graph_has_cache_flag(&graph.session);
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
                let empty = Tensor::<f32>::from_array((
                    [rows, ctx.heads, 0, ctx.head_dim],
                    Vec::<f32>::new(),
                ))
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
    let (t, vocab) = match shape.len() {
        3 => (shape[1] as usize, shape[2] as usize),
        _ => {
            return Err(ort_err(
                &path,
                format!("logits have shape {shape:?}, expected [batch, len, vocab]"),
            ))
        }
    };
    let mut last = Vec::with_capacity(rows * vocab);
    for r in 0..rows {
        let start = (r * t + t - 1) * vocab;
        let row = data.get(start..start + vocab).ok_or_else(|| {
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
    Ok((last, vocab))
}

fn graph_has_cache_flag(session: &Session) -> bool {
    session
        .inputs()
        .iter()
        .any(|i| i.name() == "use_cache_branch")
}

/// Greedy search, as `transformers` `_sample` with `do_sample=False`.
fn greedy(decoder: &mut Decoder, ctx: &Context, b: usize, s: &Settings) -> Result<Vec<Vec<i64>>> {
    let mut seqs: Vec<Vec<i64>> = vec![vec![s.decoder_start_token_id]; b];
    let mut done = vec![false; b];
    let mut cache = None;
    while seqs.first().map_or(0, Vec::len) < s.max_length {
        let last: Vec<i64> = seqs
            .iter()
            .map(|q| *q.last().unwrap_or(&s.pad_token_id))
            .collect();
        let (mut scores, vocab) = step(decoder, ctx, &last, &mut cache)?;
        for (r, row) in scores.chunks_mut(vocab).enumerate() {
            let tok = if done[r] {
                s.pad_token_id
            } else {
                process(row, &seqs[r], s);
                argmax(row) as i64
            };
            seqs[r].push(tok);
            if s.eos_token_ids.contains(&tok) {
                done[r] = true;
            }
        }
        if done.iter().all(|&d| d) {
            break;
        }
    }
    Ok(seqs)
}

/// Gathers the decoder rows of the cache: row `r` of the result is row `src[r]` before.
/// (Encoder cross-attention entries are identical across the beams of an input: kept as is.)
fn reorder(cache: &mut Option<Cache>, src: &[usize], path: &Path) -> Result<()> {
    let Some(c) = cache else { return Ok(()) };
    for (name, v) in c.entries.iter_mut() {
        if name.contains(".encoder.") {
            continue;
        }
        let (shape, data) = v
            .try_extract_tensor::<f32>()
            .map_err(|e| ort_err(path, e))?;
        let dims: Vec<usize> = shape.iter().map(|&d| d.max(0) as usize).collect();
        let rows = dims.first().copied().unwrap_or(0);
        let block = data.len().checked_div(rows).unwrap_or(0);
        let mut out = Vec::with_capacity(src.len() * block);
        for &r in src {
            let piece = data.get(r * block..(r + 1) * block).ok_or_else(|| {
                ort_err(
                    path,
                    format!("cache `{name}` has {rows} rows, row {r} asked"),
                )
            })?;
            out.extend_from_slice(piece);
        }
        let mut new_dims = dims;
        if let Some(d0) = new_dims.first_mut() {
            *d0 = src.len();
        }
        *v = Tensor::from_array((new_dims, out))
            .map_err(|e| ort_err(path, e))?
            .into_dyn();
    }
    Ok(())
}

/// One running or finished hypothesis.
#[derive(Clone)]
struct Hyp {
    seq: Vec<i64>,
    score: f32,
    finished: bool,
}

const NEG: f32 = -1.0e9;

/// Sorts candidate indices by score, descending; ties keep the lower index first.
fn top_k(scores: &[f32], k: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    let k = k.min(idx.len());
    if k < idx.len() {
        idx.select_nth_unstable_by(k, |&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        idx.truncate(k);
    }
    idx.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    idx
}

/// Beam search, step for step as `transformers` (4.5x) `_beam_search` computes it.
fn beam(
    decoder: &mut Decoder,
    ctx: &Context,
    batch: usize,
    s: &Settings,
    path: &Path,
) -> Result<Vec<Vec<i64>>> {
    let nb = s.num_beams;
    let prompt = 1usize;
    let keep = (1 + s.eos_token_ids.len()).max(2) * nb;
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
    let mut cache = None;
    let mut cur_len = prompt;
    loop {
        let last: Vec<i64> = running
            .iter()
            .flatten()
            .map(|h| *h.seq.last().unwrap_or(&fill))
            .collect();
        let (mut logp, vocab) = step(decoder, ctx, &last, &mut cache)?;
        let flat: Vec<&Hyp> = running.iter().flatten().collect();
        for (row, h) in logp.chunks_mut(vocab).zip(&flat) {
            log_softmax(row);
            process(row, &h.seq, s);
        }
        drop(flat);
        let mut all_hit = true;
        let mut sources = Vec::with_capacity(batch * nb);
        for i in 0..batch {
            let block = &mut logp[i * nb * vocab..(i + 1) * nb * vocab];
            for (k, row) in block.chunks_mut(vocab).enumerate() {
                let add = running[i][k].score;
                row.iter_mut().for_each(|x| *x += add);
            }
            let top = top_k(block, keep);
            // Candidates: (score, source beam, new sequence, hits a stopping criterion).
            let cands: Vec<(f32, usize, Vec<i64>, bool)> = top
                .iter()
                .map(|&j| {
                    let (k, tok) = (j / vocab, (j % vocab) as i64);
                    let mut seq = running[i][k].seq.clone();
                    seq.push(tok);
                    let hit = s.eos_token_ids.contains(&tok) || cur_len + 1 >= s.max_length;
                    (block[j], k, seq, hit)
                })
                .collect();
            all_hit &= cands.iter().all(|c| c.3);
            // Next running beams: the best candidates that did not stop.
            let run_scores: Vec<f32> = cands
                .iter()
                .map(|c| c.0 + if c.3 { NEG } else { 0.0 })
                .collect();
            let next: Vec<Hyp> = top_k(&run_scores, nb)
                .into_iter()
                .map(|j| {
                    sources.push(i * nb + cands[j].1);
                    Hyp {
                        seq: cands[j].2.clone(),
                        score: run_scores[j],
                        finished: false,
                    }
                })
                .collect();
            // Finished hypotheses: merge the stopped top-`nb` candidates into the kept ones.
            let denom = (((cur_len + 1 - prompt) as f64).powf(s.length_penalty as f64)) as f32;
            let full =
                done[i].iter().all(|h| h.finished) && s.early_stopping == EarlyStopping::True;
            let mut merged = done[i].clone();
            for (j, c) in cands.iter().enumerate() {
                let just = c.3 && j < nb;
                let mut sc = c.0 / denom;
                if full {
                    sc += NEG;
                }
                if !unsatisfied[i] {
                    sc += NEG;
                }
                if !just {
                    sc += NEG;
                }
                merged.push(Hyp {
                    seq: c.2.clone(),
                    score: sc,
                    finished: just,
                });
            }
            let scores: Vec<f32> = merged.iter().map(|h| h.score).collect();
            done[i] = top_k(&scores, nb)
                .into_iter()
                .map(|j| merged[j].clone())
                .collect();
            running[i] = next;
        }
        reorder(&mut cache, &sources, path)?;
        cur_len += 1;
        for i in 0..batch {
            let hyp_len = if s.early_stopping == EarlyStopping::Never && s.length_penalty > 0.0 {
                s.max_length - prompt
            } else {
                cur_len - prompt
            };
            let best = running[i].first().map_or(NEG, |h| {
                h.score / ((hyp_len as f64).powf(s.length_penalty as f64)) as f32
            });
            let min_done = done[i]
                .iter()
                .map(|h| h.score)
                .fold(f32::INFINITY, f32::min);
            let improvable = done[i]
                .iter()
                .any(|h| best > if h.finished { min_done } else { NEG });
            unsatisfied[i] &= improvable;
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
            q.resize(out_len, fill);
            q
        })
        .collect())
}
