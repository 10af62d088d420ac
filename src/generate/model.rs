//! [`Seq2SeqModel`]: the encoder and decoder sessions of one [`ModelDir`], and the calls that
//! run them (encode, one decoder step, whole searches).

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use super::cache::DecodeState;
use super::graph::{self, Decoder, Graph};
use super::search::{beam, greedy};
use super::settings::Settings;
use super::{GenerateOptions, Generation};
use crate::error::{Error, Result};
use crate::model::{ModelDir, ModelOptions, Tokenizer};

/// An encoder-decoder ONNX model ready to generate.
///
/// `generate` takes `&self`: the encoder and the decoder each sit behind a mutex, so one model
/// serves many threads (one thread's encoder pass can overlap another's decoding; decoder
/// steps of different calls run one at a time — give each thread its own model for fully
/// parallel decoding).
pub struct Seq2SeqModel {
    encoder: Mutex<Graph>,
    decoder: Mutex<Decoder>,
    dir: ModelDir,
    /// Decoder attention heads (`config.json` `decoder_attention_heads`, T5: `num_heads`).
    heads: usize,
    /// Per-head key/value width (`d_kv`, else `d_model / heads`).
    head_dim: usize,
}

impl Seq2SeqModel {
    /// Opens the folder `dir` ([`ModelDir::open`]) and loads its graphs ([`new`](Self::new)).
    ///
    /// Errors: those of [`ModelDir::open`] and [`new`](Self::new).
    pub fn load(dir: &Path, opts: &ModelOptions) -> Result<Self> {
        Self::new(ModelDir::open(dir, opts)?)
    }

    /// Creates ONNX Runtime sessions for the encoder and decoder graph(s) of `dir`.
    ///
    /// Errors: [`Error::Onnx`] naming the `.onnx` file ONNX Runtime rejects;
    /// [`Error::Config`] naming `config.json` when it lacks `decoder_attention_heads` (or
    /// `num_heads`) or `d_model` (or `d_kv`), which size the KV cache.
    pub fn new(dir: ModelDir) -> Result<Self> {
        let threads = dir.options.threads;
        let encoder = Graph::load(&dir.files.encoder, threads)?;
        let decoder = Decoder::load(&dir.files.decoder, dir.shortlist.as_deref(), threads)?;
        let config = &dir.config;
        let heads = config.decoder_head_count().ok_or_else(|| Error::Config {
            path: dir.config_path.clone(),
            reason: "missing key `decoder_attention_heads` (or `num_heads`)".into(),
        })?;
        let head_dim = config
            .d_kv
            .or_else(|| config.d_model.and_then(|d| d.checked_div(heads.max(1))))
            .ok_or_else(|| Error::Config {
                path: dir.config_path.clone(),
                reason: "missing key `d_model` (or `d_kv`)".into(),
            })?;
        Ok(Self {
            encoder: Mutex::new(encoder),
            decoder: Mutex::new(decoder),
            dir,
            heads,
            head_dim,
        })
    }

    /// The folder this model was loaded from.
    pub fn dir(&self) -> &ModelDir {
        &self.dir
    }

    /// The model's tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.dir.tokenizer
    }

    /// The generation settings a call with `opts` would use.
    pub(crate) fn settings(&self, opts: &GenerateOptions) -> Result<Settings> {
        Settings::resolve(
            &self.dir.config,
            &self.dir.generation,
            opts,
            &self.dir.config_path,
        )
    }

    /// The generation config a call with `overrides` runs with: every field filled from
    /// `overrides`, else the model's generation config, else `config.json`, else the library
    /// default, as `GenerationMixin._prepare_generation_config` merges them. `max_length`
    /// is the resolved total length (start token included) and `max_new_tokens` is `None`.
    ///
    /// Errors: [`Error::InvalidSetting`] for out-of-bounds values (see [`GenerateOptions`]);
    /// [`Error::Config`] naming `config.json` when no decoder start, EOS or pad id can be found,
    /// or a special id lies outside `vocab_size`.
    pub fn generation_config(&self, overrides: &GenerateOptions) -> Result<GenerateOptions> {
        let s = self.settings(overrides)?;
        Ok(GenerateOptions {
            num_beams: Some(s.num_beams),
            max_length: Some(s.max_length),
            max_new_tokens: None,
            min_length: Some(s.min_length),
            min_new_tokens: Some(s.min_new_tokens),
            length_penalty: Some(s.length_penalty),
            early_stopping: Some(s.early_stopping),
            no_repeat_ngram_size: Some(s.no_repeat_ngram_size),
            repetition_penalty: Some(s.repetition_penalty),
            decoder_start_token_id: Some(s.decoder_start_token_id),
            forced_bos_token_id: s.forced_bos_token_id,
            forced_eos_token_id: s.forced_eos_token_id,
            eos_token_id: Some(s.eos_token_ids),
        })
    }

    /// Generates for a batch of already-tokenized inputs (`[batch][src_len]` token ids; unequal
    /// lengths are right-padded with `pad_token_id` and masked). Returns, per input, exactly the
    /// row `transformers.generate` returns: decoder start token first, then padding after EOS
    /// up to the batch's longest row.
    ///
    /// Errors: those of [`generation_config`](Self::generation_config) and
    /// [`encode`](Self::encode); [`Error::Onnx`] naming the graph ONNX Runtime fails on.
    pub fn generate(&self, inputs: &[Vec<i64>], opts: &GenerateOptions) -> Result<Vec<Vec<i64>>> {
        Ok(self
            .generate_with_reasons(inputs, opts)?
            .into_iter()
            .map(|g| g.ids)
            .collect())
    }

    /// [`generate`](Self::generate), with the [`FinishReason`](super::FinishReason) of each
    /// returned sequence (beam search: of the returned hypothesis itself). The ids are the same.
    ///
    /// Errors: as [`generate`](Self::generate).
    pub fn generate_with_reasons(
        &self,
        inputs: &[Vec<i64>],
        opts: &GenerateOptions,
    ) -> Result<Vec<Generation>> {
        let s = self.settings(opts)?;
        if inputs.is_empty() {
            return Ok(Vec::new());
        }
        // One encoder pass per input; beam search repeats its rows per beam after its first
        // decoder step.
        let mut state = self.encode(inputs)?;
        let mut decoder = self.lock_decoder()?;
        if s.num_beams > 1 {
            // The search's own per-step work uses as many threads as ONNX Runtime's pool
            // (`ModelOptions::threads`; 0 = one per core, as ONNX Runtime's default).
            let workers = match self.dir.options.threads {
                0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
                n => n,
            };
            beam(&mut decoder, &mut state, inputs.len(), &s, workers)
        } else {
            greedy(&mut decoder, &mut state, &s)
        }
    }

    /// Runs the encoder on a batch of token-id rows (`[batch][src_len]`, right-padded with
    /// `pad_token_id`, masked) and returns the state the first decoder step reads.
    ///
    /// Errors: [`Error::InvalidInput`] for no rows or an empty row; [`Error::InputTooLong`]
    /// for a row longer than `max_position_embeddings` tokens; [`Error::Onnx`] naming the
    /// encoder file.
    pub fn encode(&self, inputs: &[Vec<i64>]) -> Result<DecodeState> {
        if inputs.is_empty() {
            return Err(Error::InvalidInput("no inputs to encode".into()));
        }
        if let Some(i) = inputs.iter().position(|x| x.is_empty()) {
            return Err(Error::InvalidInput(format!("input {i} has no tokens")));
        }
        if let Some(max) = self.dir.config.max_position_embeddings {
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
        let (hidden, mask) = graph::encode(&mut encoder, [b, src_len], ids, mask)?;
        Ok(DecodeState {
            hidden,
            mask,
            cache: None,
            rows: b,
            heads: self.heads,
            head_dim: self.head_dim,
            path: encoder.path.clone(),
            scratch: Vec::new(),
            shortlist: self.dir.shortlist.clone(),
        })
    }

    /// Runs one decoder step: feeds `tokens` (one per row of `state`) and returns the
    /// last-position logits (`[rows, vocab]`). The first call on a fresh state is the first
    /// decoder step (feed the decoder start token); the KV cache is kept in `state`.
    ///
    /// Errors: [`Error::InvalidInput`] when `tokens.len()` is not `state.rows()`;
    /// [`Error::Onnx`] naming the decoder file.
    pub fn decode_step(&self, state: &mut DecodeState, tokens: &[i64]) -> Result<StepLogits> {
        if tokens.len() != state.rows {
            return Err(Error::InvalidInput(format!(
                "{} tokens for a state of {} rows",
                tokens.len(),
                state.rows
            )));
        }
        let mut decoder = self.lock_decoder()?;
        let (scores, vocab) = graph::step(&mut decoder, state, tokens)?;
        Ok(StepLogits {
            data: scores.into_vec()?,
            vocab,
        })
    }

    fn lock_decoder(&self) -> Result<MutexGuard<'_, Decoder>> {
        self.decoder
            .lock()
            .map_err(|_| Error::InvalidInput("model poisoned by an earlier panic".into()))
    }
}

/// Last-position logits of one decoder step: `[rows, vocab]`, row-major, unnormalized scores
/// (with a shortlist, tokens off the list are `-inf`).
#[derive(Debug, Clone)]
pub struct StepLogits {
    /// The scores, one row of `vocab` per input row.
    pub data: Vec<f32>,
    /// Row width: the model's vocabulary size (`config.json` `vocab_size`; tokens).
    pub vocab: usize,
}
