//! Greedy search.

use crate::error::Result;
use crate::generate::cache::DecodeState;
use crate::generate::graph::{step, Decoder};
use crate::generate::logits::{argmax, process};
use crate::generate::{FinishReason, Generation, Settings};

/// Greedy search, as `transformers` `_sample` with `do_sample=False`. Rows that finish leave
/// the batch (their cache rows are dropped once a quarter of the batch is finished); their
/// output is padded as `transformers` pads it.
pub(crate) fn greedy(
    decoder: &mut Decoder,
    st: &mut DecodeState,
    s: &Settings,
) -> Result<Vec<Generation>> {
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
        let (mut out, vocab) = step(decoder, st, &last)?;
        for (row, &i) in out.as_mut_slice()?.chunks_mut(vocab).zip(&active) {
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
