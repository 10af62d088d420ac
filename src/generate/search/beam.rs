//! Beam search.

use crate::error::Result;
use crate::generate::cache::DecodeState;
use crate::generate::graph::{step, Decoder};
use crate::generate::logits::{log_softmax, process};
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
pub(crate) fn beam(
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
