//! Logits processors, applied in the order `transformers` applies them:
//! repetition penalty → no-repeat n-gram → bad words → min length → min new tokens →
//! forced BOS → forced EOS.

use wide::f32x8;

use super::Settings;

#[cfg(test)]
mod tests;

/// Applies every enabled processor to one row of scores for the decoder sequence `seq`
/// (which includes the decoder start token, as `input_ids` does in `transformers`).
pub(crate) fn process(scores: &mut [f32], seq: &[i64], s: &Settings) {
    let cur_len = seq.len();
    if s.repetition_penalty != 1.0 {
        let p = s.repetition_penalty;
        let mut seen: Vec<usize> = seq.iter().filter_map(|&t| index(t, scores.len())).collect();
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            if let Some(x) = scores.get_mut(t) {
                *x = if *x < 0.0 { *x * p } else { *x / p };
            }
        }
    }
    let n = s.no_repeat_ngram_size;
    if let Some(prefix) = (n > 0)
        .then(|| seq.get(cur_len.saturating_add(1).saturating_sub(n)..))
        .flatten()
        .filter(|_| cur_len.saturating_add(1) >= n)
    {
        for gram in seq.windows(n) {
            if let Some((&next, head)) = gram.split_last() {
                if head == prefix {
                    ban(scores, next);
                }
            }
        }
    }
    for bad in &s.bad_words_ids {
        if let Some((&last, head)) = bad.split_last() {
            if seq.ends_with(head) {
                ban(scores, last);
            }
        }
    }
    if cur_len < s.min_length || cur_len.saturating_sub(1) < s.min_new_tokens {
        for &e in &s.eos_token_ids {
            ban(scores, e);
        }
    }
    if cur_len == 1 {
        if let Some(bos) = s.forced_bos_token_id {
            force(scores, &[bos]);
        }
    }
    if cur_len.checked_add(1) == Some(s.max_length) {
        if let Some(eos) = s.forced_eos_token_id {
            force(scores, &[eos]);
        }
    }
}

fn index(t: i64, len: usize) -> Option<usize> {
    usize::try_from(t).ok().filter(|&i| i < len)
}

fn ban(scores: &mut [f32], t: i64) {
    if let Some(x) = index(t, scores.len()).and_then(|i| scores.get_mut(i)) {
        *x = f32::NEG_INFINITY;
    }
}

fn force(scores: &mut [f32], keep: &[i64]) {
    scores.fill(f32::NEG_INFINITY);
    for &t in keep {
        if let Some(x) = index(t, scores.len()).and_then(|i| scores.get_mut(i)) {
            *x = 0.0;
        }
    }
}

/// Index of the first maximum (as `torch.argmax` picks).
pub(crate) fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    let mut best_v = f32::NEG_INFINITY;
    for (i, &v) in scores.iter().enumerate() {
        if v > best_v {
            best = i;
            best_v = v;
        }
    }
    best
}

/// In-place log-softmax over one row of `[rows, vocab]` scores (beam search scores
/// log-probabilities, as `transformers` `_beam_search` does with `log_softmax(dim=-1)`).
///
/// `log Σ exp(x − max)` is summed eight lanes at a time with `wide`'s `f32x8::exp` (the
/// Cephes-style polynomial, within about 1 ulp of `expf`): the scalar libm `expf` was 9% of a
/// batch-16 × beam-4 step. The order of the sum differs from a scalar loop, and from
/// PyTorch's, by rounding only: every score of a row moves by the same constant, so a row's
/// ranking never changes. `-inf` entries (banned or shortlisted-away tokens) add exactly 0 and
/// stay `-inf`; a row that is all `-inf` stays so.
pub(crate) fn log_softmax(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if max == f32::NEG_INFINITY {
        return;
    }
    let log_z = max + sum_exp_minus(row, max).ln();
    for x in row.iter_mut() {
        *x -= log_z;
    }
}

/// `Σ exp(x − shift)` over `row`, eight lanes at a time (the tail padded with `-inf`, whose
/// exponential is exactly 0).
#[allow(
    clippy::arithmetic_side_effects,
    reason = "f32 lanes: IEEE arithmetic, which cannot panic or wrap"
)]
fn sum_exp_minus(row: &[f32], shift: f32) -> f32 {
    let shift8 = f32x8::splat(shift);
    let mut acc = f32x8::ZERO;
    let chunks = row.chunks_exact(8);
    let mut tail = [f32::NEG_INFINITY; 8];
    for (slot, &x) in tail.iter_mut().zip(chunks.remainder()) {
        *slot = x;
    }
    for chunk in chunks {
        let mut lanes = [0.0f32; 8];
        lanes.copy_from_slice(chunk);
        acc += (f32x8::from(lanes) - shift8).exp();
    }
    acc += (f32x8::from(tail) - shift8).exp();
    acc.reduce_add()
}
