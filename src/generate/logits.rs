//! Logits processors, applied in the order `transformers` applies them:
//! repetition penalty → no-repeat n-gram → bad words → min length → min new tokens →
//! forced BOS → forced EOS.

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

/// In-place log-softmax (beam search scores log-probabilities).
pub(crate) fn log_softmax(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    // `-inf` entries add exactly 0.0: skipping them (shortlisted rows are mostly `-inf`)
    // leaves the sum bit-identical.
    let sum: f32 = row
        .iter()
        .filter(|&&x| x != f32::NEG_INFINITY)
        .map(|&x| (x - max).exp())
        .sum();
    let log_z = max + sum.ln();
    for x in row.iter_mut() {
        *x -= log_z;
    }
}
