//! Beam search.

use std::sync::Mutex;

use crate::error::Result;
use crate::generate::cache::DecodeState;
use crate::generate::graph::{step, Decoder, StepScores};
use crate::generate::logits::{bans_only, log_normalizer, log_softmax, process};
use crate::generate::{EarlyStopping, FinishReason, Generation, Settings};

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

/// The order of `(index, score)` candidates: higher score first (`total_cmp`), ties lower
/// index first (as `torch.topk` orders these inputs).
fn rank(a: (usize, f32), b: (usize, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// `a` ranks before `b` under [`rank`].
fn before(a: (usize, f32), b: (usize, f32)) -> bool {
    rank(a, b).is_lt()
}

/// The `k` best `(column, score)` of one row of scores, where entry `x` scores
/// `(x − sub) + add` in f32 (`sub` = the row's [`log_normalizer`] when the log-probabilities
/// were not written out, else 0, which leaves `x` exact; `add` = the beam's running score,
/// which `transformers` adds as `beam_scores` before its `topk`), ranked by [`before`]: what
/// a top-k of the row with `log_softmax` applied and the beam score added in place gives, in
/// one read-only pass.
#[multiversion::multiversion(targets(
    "x86_64+avx512f+avx512bw+avx512vl+avx512dq+avx2+fma",
    "x86_64+avx2+fma"
))]
#[allow(
    clippy::arithmetic_side_effects,
    clippy::neg_cmp_op_on_partial_ord,
    reason = "f32 arithmetic: IEEE, which cannot panic or wrap; `!(v < floor)` is meant to \
              be true for NaN"
)]
fn top_k_row(row: &[f32], sub: f32, add: f32, k: usize) -> Vec<(usize, f32)> {
    let mut best: Vec<(usize, f32)> = Vec::with_capacity(k.saturating_add(1));
    if k == 0 {
        return best;
    }
    // Entry `i` enters a full buffer only when it ranks before the buffer's last, which it
    // cannot when its score is below that one's (`<` is false for NaN: those take the exact
    // test). A block of `SKIP` entries is tested at once first, in a loop the compiler
    // vectorizes: a full buffer skips most of a vocabulary that way.
    const SKIP: usize = 16;
    let mut floor = f32::NEG_INFINITY;
    for (n, chunk) in row.chunks(SKIP).enumerate() {
        if best.len() == k {
            if let Ok(block) = <&[f32; SKIP]>::try_from(chunk) {
                let mut any = false;
                for &x in block {
                    any |= !((x - sub) + add < floor);
                }
                if !any {
                    continue;
                }
            }
        }
        let first = n.saturating_mul(SKIP);
        for (c, &x) in chunk.iter().enumerate() {
            let v = (x - sub) + add;
            if best.len() == k && v < floor {
                continue;
            }
            let i = first.saturating_add(c);
            if best.len() == k && !best.last().is_some_and(|&w| before((i, v), w)) {
                continue;
            }
            let pos = best.partition_point(|&w| before(w, (i, v)));
            best.insert(pos, (i, v));
            best.truncate(k);
            if best.len() == k {
                floor = best.last().map_or(f32::NEG_INFINITY, |w| w.1);
            }
        }
    }
    best
}

/// The `k` best `(index, score)` of an input's block of `nb` rows (`[nb, vocab]` flattened:
/// index = `beam × vocab + column`) from each row's [`top_k_row`]: the block's best are among
/// its rows' best, and [`rank`] is a strict total order, so this equals one top-k over the
/// whole block.
fn merge_top_k(rows: &[Vec<(usize, f32)>], vocab: usize, k: usize) -> Vec<(usize, f32)> {
    let mut all: Vec<(usize, f32)> = rows
        .iter()
        .enumerate()
        .flat_map(|(r, top)| {
            let base = r.saturating_mul(vocab);
            top.iter().map(move |&(c, v)| (base.saturating_add(c), v))
        })
        .collect();
    all.sort_by(|&a, &b| rank(a, b));
    all.truncate(k);
    all
}

/// Rows of scores and their hypotheses, taken once by whichever thread scores them.
type Part<'a, 'h> = Mutex<Option<(&'a mut [f32], &'a [&'h Hyp])>>;

/// Below this many scores a step (`rows × vocab`), the rows are scored on the calling thread
/// only: a thread start (tens of µs) would cost more than half the work.
const PARALLEL_MIN_SCORES: usize = 1 << 17;

/// Scores every row of one step (`[rows, vocab]` flattened, row `r` = `hyps[r]`): the row's
/// log-softmax, the logits processors for its sequence, then its `k` best [`top_k_row`]. When
/// the processors only ban tokens at this step ([`bans_only`]) the log-probabilities are never
/// written: the row's normalizer is taken, bans are set on the logits, and the top-k computes
/// `(x − log_z) + beam_score`, bit for bit the materialized value. Rows are split across
/// `workers` threads (ONNX Runtime's intra-op pool is idle meanwhile).
fn score_rows(
    scores: &mut [f32],
    vocab: usize,
    hyps: &[&Hyp],
    s: &Settings,
    cur_len: usize,
    k: usize,
    workers: usize,
) -> Vec<Vec<(usize, f32)>> {
    let fused = bans_only(cur_len, s);
    let run = |block: &mut [f32], hs: &[&Hyp]| -> Vec<Vec<(usize, f32)>> {
        block
            .chunks_mut(vocab.max(1))
            .zip(hs)
            .map(|(row, h)| {
                // The processors run after the normalizer either way, as `transformers`
                // applies them to the log-probabilities.
                let sub = if fused {
                    log_normalizer(row)
                } else {
                    log_softmax(row);
                    0.0
                };
                process(row, &h.seq, s);
                top_k_row(row, sub, h.score, k)
            })
            .collect()
    };
    let rows = hyps.len();
    let workers = workers.clamp(1, rows.max(1));
    if workers == 1 || rows.saturating_mul(vocab) < PARALLEL_MIN_SCORES {
        return run(scores, hyps);
    }
    let per = rows.div_ceil(workers);
    // Each part is taken by whoever scores it: its thread, or this one when the thread could
    // not be started.
    let parts: Vec<Part<'_, '_>> = scores
        .chunks_mut(per.saturating_mul(vocab).max(1))
        .zip(hyps.chunks(per))
        .map(|part| Mutex::new(Some(part)))
        .collect();
    let take = |part: &Part<'_, '_>| {
        part.lock()
            .ok()
            .and_then(|mut p| p.take())
            .map(|(block, hs)| run(block, hs))
            .unwrap_or_default()
    };
    std::thread::scope(|sc| {
        let spawned: Vec<_> = parts
            .iter()
            .skip(1)
            .map(|part| {
                std::thread::Builder::new()
                    .spawn_scoped(sc, || take(part))
                    .ok()
            })
            .collect();
        let mut out = parts.first().map(take).unwrap_or_default();
        for (part, handle) in parts.iter().skip(1).zip(spawned) {
            match handle.map(|h| h.join()) {
                Some(Ok(tops)) => out.extend(tops),
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => out.extend(take(part)),
            }
        }
        out
    })
}

/// The `k` best indices of `scores` by score, descending; ties keep the lower index first
/// (as `torch.topk` on these inputs). For the short candidate lists (`2 × num_beams` long).
fn top_k(scores: &[f32], k: usize) -> Vec<usize> {
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

/// The first decoder step of beam search on a state of `batch` rows (one per input): runs the
/// decoder once per input, then repeats every row of the state (encoder output, mask, the new
/// cache) and of the scores `num_beams` times, giving the `[batch × num_beams, vocab]` scores
/// of `transformers`, which runs this step on `num_beams` identical rows per input. Saves
/// `(num_beams − 1) / num_beams` of the step that also projects the encoder output into every
/// layer's cross-attention keys and values (CTranslate2 does the same).
fn first_step(
    decoder: &mut Decoder,
    st: &mut DecodeState,
    batch: usize,
    nb: usize,
    start: i64,
) -> Result<(StepScores, usize)> {
    let (scores, vocab) = step(decoder, st, &vec![start; batch])?;
    let src: Vec<usize> = (0..batch)
        .flat_map(|i| std::iter::repeat_n(i, nb))
        .collect();
    st.keep_rows(&src)?;
    let mut scores = scores;
    let one = scores.as_mut_slice()?;
    let mut repeated = Vec::with_capacity(one.len().saturating_mul(nb));
    for row in one.chunks(vocab.max(1)) {
        for _ in 0..nb {
            repeated.extend_from_slice(row);
        }
    }
    Ok((StepScores::Owned(repeated), vocab))
}

/// Beam search, step for step as `transformers` (4.5x) `_beam_search` computes it, on a state
/// of `batch` rows (one per input; [`first_step`] repeats them per beam). Each step's rows
/// are scored on up to `workers` threads ([`score_rows`]).
pub(crate) fn beam(
    decoder: &mut Decoder,
    st: &mut DecodeState,
    batch: usize,
    s: &Settings,
    workers: usize,
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
        let (mut out, vocab) = if cur_len == prompt {
            first_step(decoder, st, batch, nb, s.decoder_start_token_id)?
        } else {
            step(decoder, st, &last)?
        };
        let flat: Vec<&Hyp> = running.iter().flatten().collect();
        let tops = score_rows(out.as_mut_slice()?, vocab, &flat, s, cur_len, keep, workers);
        drop(flat);
        drop(out);
        let mut all_hit = true;
        let mut sources = Vec::with_capacity(batch.saturating_mul(nb));
        let items = running
            .iter_mut()
            .zip(done.iter_mut())
            .zip(unsatisfied.iter().zip(tops.chunks(nb.max(1))));
        for (i, ((run_i, done_i), (&unsat_i, block))) in items.enumerate() {
            let top = merge_top_k(block, vocab, keep);
            // Candidates: the best `keep` (beam, token) continuations.
            let cands: Vec<Cand> = top
                .iter()
                .filter_map(|&(j, score)| {
                    let (k, tok) = (j.checked_div(vocab)?, j.checked_rem(vocab)? as i64);
                    let mut seq = run_i.get(k)?.seq.clone();
                    seq.push(tok);
                    let hit =
                        s.eos_token_ids.contains(&tok) || cur_len.saturating_add(1) >= s.max_length;
                    Some(Cand {
                        score,
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

#[cfg(test)]
mod tests {
    use super::{merge_top_k, top_k, top_k_row};
    use crate::generate::logits::{log_normalizer, log_softmax};

    /// Per-row top-k merged per block, as `score_rows` + `merge_top_k` compute it.
    fn top_k_offset(block: &[f32], vocab: usize, offsets: &[f32], k: usize) -> Vec<(usize, f32)> {
        let rows: Vec<Vec<(usize, f32)>> = block
            .chunks(vocab)
            .zip(offsets)
            .map(|(row, &add)| top_k_row(row, 0.0, add, k))
            .collect();
        merge_top_k(&rows, vocab, k)
    }

    /// The one-pass top-k equals a top-k of the block with the offsets added in place,
    /// ties (equal scores, `-0.0` against `0.0`, `-inf` rows) included.
    #[test]
    fn top_k_offset_equals_top_k_of_the_offset_block() {
        let vocab = 7;
        let block: Vec<f32> = vec![
            -1.0,
            0.5,
            0.5,
            -0.0,
            0.0,
            f32::NEG_INFINITY,
            2.0, // row 0
            1.5,
            0.5,
            -3.0,
            0.0,
            1.5,
            1.5,
            -0.5, // row 1
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
            f32::NEG_INFINITY, // row 2
        ];
        for offsets in [[0.0f32, 0.5, 0.0], [-1.0e9, 0.0, -0.25], [0.0, 0.0, 0.0]] {
            let mut added = block.clone();
            for (row, &add) in added.chunks_mut(vocab).zip(&offsets) {
                row.iter_mut().for_each(|x| *x += add);
            }
            for k in [1, 2, 3, 8, 21, 30] {
                let want: Vec<(usize, f32)> = top_k(&added, k)
                    .into_iter()
                    .map(|i| (i, added.get(i).copied().unwrap_or(f32::NAN)))
                    .collect();
                let got = top_k_offset(&block, vocab, &offsets, k);
                assert_eq!(got.len(), want.len(), "k = {k}");
                for (g, w) in got.iter().zip(&want) {
                    assert_eq!(g.0, w.0, "k = {k}, offsets {offsets:?}");
                    assert_eq!(g.1.to_bits(), w.1.to_bits(), "k = {k}");
                }
            }
        }
    }

    /// The same on rows longer than the eight-lane skip (with a short last chunk), where most
    /// entries are skipped eight at a time: repeated values (ties across chunks), `-inf` runs
    /// and one NaN, which ranks first under `total_cmp` as in the scalar test.
    #[test]
    fn top_k_offset_equals_top_k_on_vocabulary_sized_rows() {
        let vocab = 203;
        let mut block: Vec<f32> = (0..3 * vocab)
            .map(|i| ((i * 37) % 101) as f32 / 8.0 - 6.0)
            .collect();
        for i in 40..60 {
            if let Some(x) = block.get_mut(i) {
                *x = f32::NEG_INFINITY;
            }
        }
        let mut with_nan = block.clone();
        if let Some(x) = with_nan.get_mut(vocab + 77) {
            *x = f32::NAN;
        }
        for block in [block, with_nan] {
            for offsets in [[0.0f32, -0.5, -1.0e9], [-2.0, 0.0, -2.0]] {
                let mut added = block.clone();
                for (row, &add) in added.chunks_mut(vocab).zip(&offsets) {
                    row.iter_mut().for_each(|x| *x += add);
                }
                for k in [1, 8, 10, 50] {
                    let want: Vec<usize> = top_k(&added, k);
                    let got: Vec<usize> = top_k_offset(&block, vocab, &offsets, k)
                        .into_iter()
                        .map(|(i, _)| i)
                        .collect();
                    assert_eq!(got, want, "k = {k}, offsets {offsets:?}");
                }
            }
        }
    }

    /// Scoring `(x − log_z) + add` on the raw logits, without writing the log-probabilities,
    /// gives bit for bit the scores and order of a top-k on the `log_softmax`ed row plus `add`
    /// (a long row with ties, `-inf` bans and an all-`-inf` row).
    #[test]
    fn unmaterialized_log_softmax_top_k_equals_the_materialized_one() {
        let vocab = 1001;
        let mut rows: Vec<Vec<f32>> = (0..3)
            .map(|r| {
                (0..vocab)
                    .map(|i| (((i * 53 + r * 7) % 211) as f32 / 13.0) - 8.0)
                    .collect()
            })
            .collect();
        for i in (0..vocab).step_by(17) {
            if let Some(x) = rows.get_mut(1).and_then(|row| row.get_mut(i)) {
                *x = f32::NEG_INFINITY;
            }
        }
        rows.push(vec![f32::NEG_INFINITY; vocab]);
        for row in &rows {
            for add in [0.0f32, -3.25, -1.0e9] {
                let mut materialized = row.clone();
                log_softmax(&mut materialized);
                for k in [1, 8, 40] {
                    let want = top_k_row(&materialized, 0.0, add, k);
                    let got = top_k_row(row, log_normalizer(row), add, k);
                    assert_eq!(got.len(), want.len());
                    for (g, w) in got.iter().zip(&want) {
                        assert_eq!(g.0, w.0, "k = {k}, add {add}");
                        assert_eq!(g.1.to_bits(), w.1.to_bits(), "k = {k}, add {add}");
                    }
                }
            }
        }
    }
}
