//! Pieces of a window's sentences: cut under the model's input budget, translated in batches,
//! re-split where a translation reached the output cap, retried where it loops.

use std::ops::Range;

use super::stream::Cursor;
use super::Pipeline;
use crate::error::Result;
use crate::faithfulness::loops;
use crate::generate::{FinishReason, GenerateOptions};
use crate::text::chunk::{split_sentence, SplitKind};
use crate::text::segment::{segment, Sentence};
use crate::translate::MIN_PIECE_TOKENS;

/// Pieces of a window's sentences: (sentence index, span in the normalized text, how cut).
pub(super) type Pieces = Vec<(usize, Range<usize>, SplitKind)>;

impl Pipeline {
    /// Segments one normalized window: its sentences, and their pieces under the model's budget.
    pub(super) fn front_end(&self, text: &str) -> (Vec<Sentence>, Pieces) {
        let sentences = segment(text);
        let count = |s: &str| self.translator.count_tokens(s);
        let budget = self.piece_budget;
        // The pieces `text::chunk` would make; translation is per piece, so no packing.
        let pieces = sentences
            .iter()
            .enumerate()
            .flat_map(|(si, s)| {
                split_sentence(text, s.full.clone(), budget, &count)
                    .into_iter()
                    .map(move |(span, kind)| (si, span, kind))
            })
            .collect();
        (sentences, pieces)
    }

    /// Translates every piece of a window. A piece of at least [`MIN_PIECE_TOKENS`] tokens whose
    /// translation stops at the length cap ([`FinishReason::Length`]), and whose halves are
    /// expected to fit the cap ([`output_budget`](crate::translate::Seq2Seq::output_budget)), is cut in two
    /// token halves (clause boundaries first, then
    /// whitespace / chars, via [`split_sentence`]) and the halves translated again, up to
    /// [`MAX_RESPLIT_ROUNDS`] times; what still stops at the cap then keeps
    /// [`FinishReason::Length`] (and gets a `length` warning). Returns the final parts in text
    /// order (empty pieces stay empty, untranslated).
    pub(super) fn translate_pieces(
        &self,
        text: &str,
        pieces: &Pieces,
        cursor: &mut Cursor,
    ) -> Result<Vec<Part>> {
        let mut parts: Vec<Part> = pieces
            .iter()
            .map(|(sentence, span, kind)| Part {
                sentence: *sentence,
                span: span.clone(),
                kind: *kind,
                english: String::new(),
                reason: FinishReason::Eos,
                retries: 0,
                still_looping: false,
                resplit: false,
                stuck: false,
            })
            .collect();
        let all: Vec<usize> = (0..parts.len()).collect();
        self.translate_parts(text, &mut parts, &all, cursor)?;
        let count = |s: &str| self.translator.count_tokens(s);
        for _round in 0..MAX_RESPLIT_ROUNDS {
            let mut next: Vec<Part> = Vec::with_capacity(parts.len());
            let mut todo = Vec::new();
            let mut groups = Vec::new();
            for p in parts {
                if p.reason == FinishReason::Length && !p.stuck {
                    let n = count(part_text(text, &p.span));
                    // NOTE: halves whose expected translation is itself longer than the cap
                    // cannot beat it (a tiny `max_new_tokens`): no re-split then.
                    let beatable = n >= MIN_PIECE_TOKENS && n.div_ceil(2) <= self.output_budget;
                    let halves = if beatable {
                        split_sentence(text, p.span.clone(), n.div_ceil(2), &count)
                    } else {
                        Vec::new()
                    };
                    if halves.len() > 1 {
                        groups.push(next.len()..next.len().saturating_add(halves.len()));
                        for (span, kind) in halves {
                            todo.push(next.len());
                            next.push(Part {
                                span,
                                kind: if kind == SplitKind::Hard || p.kind == SplitKind::Hard {
                                    SplitKind::Hard
                                } else {
                                    SplitKind::Clause
                                },
                                english: String::new(),
                                reason: FinishReason::Eos,
                                retries: 0,
                                still_looping: false,
                                resplit: true,
                                ..p
                            });
                        }
                        continue;
                    }
                }
                next.push(p);
            }
            parts = next;
            if todo.is_empty() {
                break;
            }
            self.translate_parts(text, &mut parts, &todo, cursor)?;
            // NOTE: when every half of a piece still reaches the cap, a shorter input did not
            // help (the model loops rather than runs out of room): the cap cannot be beaten by
            // splitting, so those halves are final.
            for g in groups {
                if let Some(halves) = parts.get_mut(g) {
                    if halves.iter().all(|h| h.reason == FinishReason::Length) {
                        halves.iter_mut().for_each(|h| h.stuck = true);
                    }
                }
            }
        }
        Ok(parts)
    }

    /// Translates `parts[which]` in batches (empty texts stay empty, finishing on EOS); an
    /// output that loops ([`loops`]: back to back, or one word a third of it) is retried with
    /// each of [`DEGENERACY_REMEDIES`] in turn until it does not, and the last retry's English
    /// and finish reason kept.
    fn translate_parts(
        &self,
        text: &str,
        parts: &mut [Part],
        which: &[usize],
        cursor: &mut Cursor,
    ) -> Result<()> {
        let base = cursor.inputs_done;
        let progress = |done: usize, total: usize| {
            if let Some(p) = &self.progress {
                p(base.saturating_add(done), base.saturating_add(total));
            }
        };
        let noop = |_: usize, _: usize| {};
        let todo: Vec<usize> = which
            .iter()
            .copied()
            .filter(|&i| {
                parts
                    .get(i)
                    .is_some_and(|p| !part_text(text, &p.span).is_empty())
            })
            .collect();
        let inputs: Vec<&str> = todo
            .iter()
            .filter_map(|&i| parts.get(i).map(|p| part_text(text, &p.span)))
            .collect();
        let outputs =
            self.translator
                .run_with_reasons(&inputs, &self.options, self.batch_size, &progress)?;
        for ((&i, input), (mut english, mut reason)) in todo.iter().zip(&inputs).zip(outputs) {
            let mut retries = 0;
            // Remedies for a looping output, in order: forbid repeated 3-grams; then also
            // penalize every repeated token (catches one word recurring between others).
            for remedy in DEGENERACY_REMEDIES {
                if !loops(&english) {
                    break;
                }
                let opts = remedy(&self.options);
                match self
                    .translator
                    .run_with_reasons(&[input], &opts, 1, &noop)?
                    .pop()
                {
                    Some(again) => (english, reason) = again,
                    None => break,
                }
                retries += 1;
            }
            if let Some(p) = parts.get_mut(i) {
                p.still_looping = retries > 0 && loops(&english);
                p.english = english;
                p.reason = reason;
                p.retries = retries;
            }
        }
        cursor.inputs_done = cursor.inputs_done.saturating_add(inputs.len());
        Ok(())
    }
}

/// Rounds of re-splitting a piece whose translation reached the length cap: each halves the
/// piece's tokens, so a piece ends up in at most 2^3 = 8 parts. A choice of this crate (more
/// rounds rarely help: a piece a quarter of the budget long that still reaches the cap loops).
pub(crate) const MAX_RESPLIT_ROUNDS: usize = 3;

/// One translated part of a sentence.
#[derive(Debug)]
pub(super) struct Part {
    /// Index of its sentence in the window.
    pub(super) sentence: usize,
    /// Byte span in the window's normalized text.
    pub(super) span: Range<usize>,
    /// How it was cut from its sentence.
    pub(super) kind: SplitKind,
    pub(super) english: String,
    pub(super) reason: FinishReason,
    /// Remedies applied to a looping output (see [`DEGENERACY_REMEDIES`]).
    pub(super) retries: usize,
    /// Still looping after every remedy.
    pub(super) still_looping: bool,
    /// Made by re-splitting a piece whose translation reached the cap.
    pub(super) resplit: bool,
    /// Splitting further cannot bring its translation under the cap.
    pub(super) stuck: bool,
}

/// The trimmed text of `span` (empty when it does not fit).
pub(super) fn part_text<'t>(text: &'t str, span: &Range<usize>) -> &'t str {
    text.get(span.clone()).unwrap_or("").trim()
}

/// What is retried, in order, when a translation loops ([`loops`]): `no_repeat_ngram_size = 3`;
/// then that plus `repetition_penalty = 1.2` (the value the CTRL paper, Keskar et al. 2019,
/// proposes for its penalty).
const DEGENERACY_REMEDIES: [fn(&GenerateOptions) -> GenerateOptions; 2] = [
    |o| GenerateOptions {
        no_repeat_ngram_size: Some(3),
        ..o.clone()
    },
    |o| GenerateOptions {
        no_repeat_ngram_size: Some(3),
        repetition_penalty: Some(1.2),
        ..o.clone()
    },
];
