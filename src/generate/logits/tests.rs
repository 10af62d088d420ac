//! The processors against `transformers.generation.logits_process` on small hand-worked rows.

use super::{argmax, exp_lane, log_softmax, process, row_max};
use crate::generate::{EarlyStopping, Settings};

const NEG: f32 = f32::NEG_INFINITY;

/// Settings with every processor off: `max_length` 20, EOS 2, start token 0.
fn off() -> Settings {
    Settings {
        decoder_start_token_id: 0,
        eos_token_ids: vec![2],
        pad_token_id: 1,
        max_length: 20,
        min_length: 0,
        min_new_tokens: 0,
        num_beams: 1,
        length_penalty: 1.0,
        early_stopping: EarlyStopping::False,
        no_repeat_ngram_size: 0,
        repetition_penalty: 1.0,
        bad_words_ids: Vec::new(),
        forced_bos_token_id: None,
        forced_eos_token_id: None,
    }
}

fn run(scores: &[f32], seq: &[i64], s: &Settings) -> Vec<f32> {
    let mut row = scores.to_vec();
    process(&mut row, seq, s);
    row
}

#[test]
fn nothing_enabled_leaves_the_row_alone() {
    let row = [0.5, -1.0, 2.0, 0.0];
    assert_eq!(run(&row, &[0, 3], &off()), row);
}

#[test]
fn repetition_penalty_divides_positive_and_multiplies_negative_scores_of_seen_tokens() {
    // RepetitionPenaltyLogitsProcessor: score < 0 ? score * p : score / p, once per token
    // however often it was seen; the start token counts (it is in input_ids).
    let s = Settings {
        repetition_penalty: 2.0,
        ..off()
    };
    let got = run(&[1.0, -1.0, 4.0, 3.0], &[0, 1, 1, 2], &s);
    assert_eq!(got, vec![0.5, -2.0, 2.0, 3.0]);
}

#[test]
fn no_repeat_ngram_bans_the_token_that_would_repeat_a_seen_ngram() {
    // NoRepeatNGramLogitsProcessor, n = 2: the last token is 3 and `3 4` was seen, so 4 is
    // banned; `3 1` was not generated after a 3, so 1 stays.
    let s = Settings {
        no_repeat_ngram_size: 2,
        ..off()
    };
    let got = run(&[0.0; 6], &[0, 3, 4, 5, 3], &s);
    assert_eq!(got, vec![0.0, 0.0, 0.0, 0.0, NEG, 0.0]);
    // Shorter than n − 1 tokens: nothing to compare yet.
    let s3 = Settings {
        no_repeat_ngram_size: 3,
        ..off()
    };
    assert_eq!(run(&[0.0; 6], &[0], &s3), vec![0.0; 6]);
}

#[test]
fn min_length_and_min_new_tokens_ban_every_eos_until_reached() {
    let s = Settings {
        eos_token_ids: vec![2, 3],
        min_length: 3,
        ..off()
    };
    // cur_len 2 < 3: both EOS ids banned; at cur_len 3 they are allowed.
    assert_eq!(run(&[0.0; 4], &[0, 1], &s), vec![0.0, 0.0, NEG, NEG]);
    assert_eq!(run(&[0.0; 4], &[0, 1, 1], &s), vec![0.0; 4]);
    // MinNewTokensLengthLogitsProcessor counts tokens after the start token.
    let s = Settings {
        min_new_tokens: 2,
        ..off()
    };
    assert_eq!(run(&[0.0; 4], &[0, 1], &s), vec![0.0, 0.0, NEG, 0.0]);
    assert_eq!(run(&[0.0; 4], &[0, 1, 1], &s), vec![0.0; 4]);
}

#[test]
fn forced_bos_at_the_first_step_and_forced_eos_at_the_last() {
    let s = Settings {
        forced_bos_token_id: Some(3),
        forced_eos_token_id: Some(2),
        max_length: 4,
        ..off()
    };
    // ForcedBOSTokenLogitsProcessor: only when cur_len == 1; the forced token scores 0.
    assert_eq!(run(&[1.0; 4], &[0], &s), vec![NEG, NEG, NEG, 0.0]);
    assert_eq!(run(&[1.0; 4], &[0, 3], &s), vec![1.0; 4]);
    // ForcedEOSTokenLogitsProcessor: when cur_len == max_length − 1.
    assert_eq!(run(&[1.0; 4], &[0, 3, 1], &s), vec![NEG, NEG, 0.0, NEG]);
}

#[test]
fn ids_outside_the_row_are_ignored_not_a_panic() {
    let s = Settings {
        eos_token_ids: vec![-1, 99],
        min_length: 5,
        forced_bos_token_id: Some(99),
        repetition_penalty: 2.0,
        ..off()
    };
    // Seen ids -5 and 1000 are past the row: only 0 and 1 are penalized; EOS ids past the row
    // ban nothing.
    assert_eq!(run(&[1.0, 1.0], &[0, -5, 1000, 1], &s), vec![0.5, 0.5]);
    // Forcing an id past the row leaves every score at -inf: nothing to pick, but no panic.
    assert!(run(&[1.0, 1.0], &[0], &s).iter().all(|&x| x == NEG));
}

#[test]
fn argmax_picks_the_first_maximum_as_torch_does() {
    assert_eq!(argmax(&[0.0, 3.0, 3.0, 1.0]), 1);
    assert_eq!(argmax(&[NEG, NEG, -1.0]), 2);
}

#[test]
fn log_softmax_matches_the_definition_and_keeps_banned_tokens_at_minus_infinity() {
    let mut row = vec![1.0_f32, 2.0, NEG, 3.0];
    log_softmax(&mut row);
    let z = (1.0_f32.exp() + 2.0_f32.exp() + 3.0_f32.exp()).ln();
    for (got, want) in row.iter().zip([1.0 - z, 2.0 - z, NEG, 3.0 - z]) {
        if want == NEG {
            assert_eq!(*got, NEG);
        } else {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
    }
    let total: f32 = row.iter().map(|x| x.exp()).sum();
    assert!((total - 1.0).abs() < 1e-6);
}

/// A vocabulary-sized row (not a multiple of the 8 lanes, with banned tokens): equal to the
/// scalar `f64` definition within f32 rounding; a row with no allowed token stays `-inf`.
#[test]
fn log_softmax_of_a_long_row_matches_the_scalar_definition() {
    let mut row: Vec<f32> = (0..64_003)
        .map(|i| ((i * 7919) % 1000) as f32 / 37.0 - 13.0)
        .collect();
    for banned in [0, 5, 64_002] {
        if let Some(x) = row.get_mut(banned) {
            *x = NEG;
        }
    }
    let max = row
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, |m, x| m.max(f64::from(x)));
    let z = max
        + row
            .iter()
            .map(|&x| (f64::from(x) - max).exp())
            .sum::<f64>()
            .ln();
    let want: Vec<f64> = row.iter().map(|&x| f64::from(x) - z).collect();
    log_softmax(&mut row);
    for (i, (got, want)) in row.iter().zip(&want).enumerate() {
        if want.is_infinite() {
            assert_eq!(*got, NEG, "entry {i}");
        } else {
            assert!(
                (f64::from(*got) - want).abs() < 1e-4,
                "entry {i}: {got} vs {want}"
            );
        }
    }
    let mut none = vec![NEG; 11];
    log_softmax(&mut none);
    assert!(none.iter().all(|&x| x == NEG));
}

/// The branch-free `exp` against `f64::exp`: within 2 ulp (relative 2.4e-7) over the range
/// the log-softmax feeds it (and beyond, up to 88), exactly 0 below the normal range and for
/// `-inf`, exactly 1 at 0, NaN for NaN.
#[test]
fn exp_lane_is_within_two_ulp_of_exp() {
    let mut worst = 0.0_f64;
    for i in 0..=1_760_000 {
        let x = -88.0_f32 + i as f32 * 1.0e-4;
        if x < -87.33 {
            continue;
        }
        let got = f64::from(exp_lane(x));
        let want = f64::from(x).exp();
        worst = worst.max(((got - want) / want).abs());
    }
    assert!(worst < 2.4e-7, "worst relative error {worst}");
    assert_eq!(exp_lane(0.0), 1.0);
    assert_eq!(exp_lane(-0.0), 1.0);
    assert_eq!(exp_lane(NEG), 0.0);
    assert_eq!(exp_lane(-100.0), 0.0);
    assert!(exp_lane(f32::NAN).is_nan());
}

/// The vectorized max equals a scalar `f32::max` fold on every length around the lane count,
/// with NaN, `-inf` and the maximum in the tail.
#[test]
fn row_max_equals_the_scalar_fold() {
    for len in 0..70 {
        let mut row: Vec<f32> = (0..len).map(|i| ((i * 37) % 23) as f32 - 11.0).collect();
        if let Some(x) = row.get_mut(len / 2) {
            *x = f32::NAN;
        }
        if let Some(x) = row.get_mut(len / 3) {
            *x = NEG;
        }
        if let Some(x) = row.last_mut() {
            *x = 50.0;
        }
        let want = row.iter().copied().fold(NEG, f32::max);
        assert_eq!(row_max(&row).to_bits(), want.to_bits(), "len {len}");
    }
    assert_eq!(row_max(&[f32::NAN; 20]), NEG);
}
