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

/// Whether [`process`] at decoder length `cur_len` only bans tokens (sets entries to `-inf`)
/// and changes no other value: no repetition penalty, no forced BOS or EOS at this step. Then
/// banning on the raw logits after taking [`log_normalizer`] equals banning on the
/// log-probabilities, and beam search can score `(x − log_z) + beam_score` without writing the
/// log-probabilities out.
pub(crate) fn bans_only(cur_len: usize, s: &Settings) -> bool {
    let forced_bos = cur_len == 1 && s.forced_bos_token_id.is_some();
    let forced_eos =
        cur_len.checked_add(1) == Some(s.max_length) && s.forced_eos_token_id.is_some();
    s.repetition_penalty == 1.0 && !forced_bos && !forced_eos
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

/// Index of the first maximum (as `torch.argmax` picks); NaN entries are passed over, and a
/// row with no entry above `-inf` gives 0. The max is [`row_max`]'s vectorized pass, then the
/// first entry equal to it is found.
pub(crate) fn argmax(scores: &[f32]) -> usize {
    let max = row_max(scores);
    if max == f32::NEG_INFINITY {
        return 0;
    }
    scores.iter().position(|&v| v == max).unwrap_or(0)
}

/// In-place log-softmax over one row of `[rows, vocab]` scores (beam search scores
/// log-probabilities, as `transformers` `_beam_search` does with `log_softmax(dim=-1)`):
/// every entry minus [`log_normalizer`] of the row.
pub(crate) fn log_softmax(row: &mut [f32]) {
    let log_z = log_normalizer(row);
    for x in row.iter_mut() {
        *x -= log_z;
    }
}

/// `log Σ exp(x)` over one row, computed as `max + ln Σ exp(x − max)`: log-softmax of entry
/// `x` is `x − log_normalizer(row)`, bit for bit what [`log_softmax`] writes. 0 for a row that
/// is all `-inf` (which then stays all `-inf`).
///
/// The max and the sum run [`LANES`] entries at a time in plain Rust that the compiler
/// vectorizes, compiled three times by `multiversion` (baseline x86-64, AVX2 + FMA, AVX-512
/// F/BW/VL/DQ; picked at run time from the CPU): the library cannot assume what CPU its users
/// build for, and the baseline build's SSE exp was 14% of a batch-16 × beam-4 step on an
/// AVX-512 machine (the AVX-512 build takes a further ~30% off the exp-sum's time there). The
/// order of the sum differs from PyTorch's by rounding only: every score of a row moves by the
/// same constant, so a row's ranking never changes.
pub(crate) fn log_normalizer(row: &[f32]) -> f32 {
    let max = row_max(row);
    if max == f32::NEG_INFINITY {
        return 0.0;
    }
    max + sum_exp_minus(row, max).ln()
}

/// Entries per block of the vectorized loops (two AVX2 registers, four SSE ones).
const LANES: usize = 16;

/// The largest entry of `row` (NaN entries ignored, as `f32::max` ignores them); `-inf` when
/// empty or all `-inf` / NaN.
#[multiversion::multiversion(targets(
    "x86_64+avx512f+avx512bw+avx512vl+avx512dq+avx2+fma",
    "x86_64+avx2+fma"
))]
fn row_max(row: &[f32]) -> f32 {
    let mut lanes = [f32::NEG_INFINITY; LANES];
    let chunks = row.chunks_exact(LANES);
    let tail = chunks
        .remainder()
        .iter()
        .copied()
        .fold(f32::NEG_INFINITY, f32::max);
    for chunk in chunks {
        if let Ok(block) = <&[f32; LANES]>::try_from(chunk) {
            for (m, &x) in lanes.iter_mut().zip(block) {
                *m = if x > *m { x } else { *m };
            }
        }
    }
    lanes.iter().copied().fold(tail, f32::max)
}

/// `Σ exp(x − shift)` over `row` ([`exp_lane`] on each entry, [`LANES`] partial sums).
#[multiversion::multiversion(targets(
    "x86_64+avx512f+avx512bw+avx512vl+avx512dq+avx2+fma",
    "x86_64+avx2+fma"
))]
#[allow(
    clippy::arithmetic_side_effects,
    reason = "f32 arithmetic: IEEE, which cannot panic or wrap"
)]
fn sum_exp_minus(row: &[f32], shift: f32) -> f32 {
    let mut acc = [0.0f32; LANES];
    let chunks = row.chunks_exact(LANES);
    let tail: f32 = chunks
        .remainder()
        .iter()
        .map(|&x| exp_lane(x - shift))
        .sum();
    for chunk in chunks {
        if let Ok(block) = <&[f32; LANES]>::try_from(chunk) {
            for (a, &x) in acc.iter_mut().zip(block) {
                *a += exp_lane(x - shift);
            }
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// `exp(x)` for one f32, branch-free so that loops over it vectorize: Cephes `expf`
/// (S. L. Moshier, Cephes Math Library: `exp(x) = 2^n · exp(r)`, `n = round(x / ln 2)`,
/// `r = x − n ln 2` with ln 2 split in two, degree-5 minimax polynomial for `exp(r)`; about
/// 1 ulp), the polynomial Cephes-derived SIMD `exp`s (`wide`, SSE Mathfun) use. Inputs below
/// `ln(f32::MIN_POSITIVE)` (≈ −87.34) give 0 (no subnormals), `-inf` gives exactly 0, NaN
/// gives NaN; above 88.7 the result is not defined (callers pass `x − max ≤ 0`).
#[inline(always)]
#[allow(
    clippy::arithmetic_side_effects,
    reason = "f32 arithmetic is IEEE, which cannot panic or wrap"
)]
fn exp_lane(x: f32) -> f32 {
    const MIN: f32 = -87.336_55; // ln(f32::MIN_POSITIVE)
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // 1.5 · 2^23: adding and subtracting it rounds to the nearest integer (|x · log2 e| < 2^22).
    const ROUND: f32 = 12_582_912.0;
    let xc = if x < MIN { MIN } else { x };
    let t = xc * LOG2E + ROUND;
    let n = t - ROUND;
    let r = (xc - n * LN2_HI) - n * LN2_LO;
    let p = 1.987_569_1e-4_f32;
    let p = p * r + 1.398_199_9e-3;
    let p = p * r + 8.333_452e-3;
    let p = p * r + 4.166_579_6e-2;
    let p = p * r + 1.666_666_5e-1;
    let p = p * r + 0.5; // Cephes: 5.0000001201E-1, which is 0.5 in f32
    let e = p * (r * r) + r + 1.0;
    // `t`'s low mantissa bits hold `n` in two's complement (`t` = 1.5 · 2^23 + n): the biased
    // exponent `n + 127` comes out with integer lane arithmetic only, no float → int conversion
    // (which the compiler cannot vectorize with Rust's saturating `as`).
    let n_bits = t.to_bits().wrapping_sub(ROUND.to_bits());
    let scale = f32::from_bits(n_bits.wrapping_add(127).wrapping_shl(23));
    if x < MIN {
        0.0
    } else {
        e * scale
    }
}
