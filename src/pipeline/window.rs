//! One window: normalized, segmented, translated (see `pieces`), and assembled into sentences
//! with their warnings, grouped by paragraph.

use std::time::Instant;

use super::pieces::part_text;
use super::stream::Cursor;
use super::{ms, Pipeline};
use crate::digest::{ParagraphDigest, SentenceDigest, Timings};
use crate::error::Result;
use crate::faithfulness::sentence_warnings;
use crate::generate::FinishReason;
use crate::input::Window;
use crate::text::chunk::SplitKind;
use crate::text::normalize::{normalize, NormalizeOptions};
use crate::warning::Warning;

impl Pipeline {
    /// Translates one window: its sentences (ids, paragraphs and spans of the whole stream),
    /// grouped by paragraph. No sentence is dropped: an over-long one is translated in pieces.
    pub(super) fn digest_window(
        &self,
        window: &Window,
        cursor: &mut Cursor,
        timings: &mut Timings,
    ) -> Result<Vec<ParagraphDigest>> {
        let t0 = Instant::now();
        let norm = normalize(&window.text, &NormalizeOptions::default());
        let text = norm.text.as_str();
        let (sentences, pieces) = self.front_end(text);
        timings.text_ms += ms(t0);
        let t1 = Instant::now();
        let parts = self.translate_pieces(text, &pieces, cursor)?;
        // The window continues the paragraph the last one cut, unless a line break comes first.
        let line_break_first = sentences
            .first()
            .and_then(|s| window.text.get(..norm.original_span(s.span.clone()).start))
            .is_some_and(|lead| lead.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']));
        let first_paragraph = match cursor.open_paragraph {
            Some(p) if window.continues && !line_break_first => Some(p),
            _ => None,
        };
        let continues = first_paragraph.is_some();
        let first_paragraph = first_paragraph.unwrap_or(cursor.next_paragraph);
        let mut result: Vec<SentenceDigest> = sentences
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let span = norm.original_span(s.span.clone());
                SentenceDigest {
                    id: cursor.next_id + k,
                    paragraph: first_paragraph + s.paragraph,
                    source: s.text(text).to_string(),
                    span: window.offset + span.start..window.offset + span.end,
                    english: String::new(),
                    warnings: Vec::new(),
                }
            })
            .collect();
        if line_break_first {
            // The cut fell at the end of its line: it split nothing.
            cursor.pending_cut = None;
        }
        if let Some(cut) = cursor.pending_cut.take() {
            match result.first_mut() {
                Some(first) => first.warnings.push(Warning::WindowCut {
                    sentence: first.id,
                    window_bytes: self.window_bytes,
                    cut: cut.describe().to_string(),
                }),
                None => cursor.pending_cut = Some(cut),
            }
        }
        // Pieces per sentence (empty ones carry nothing and are not counted).
        let mut counts = vec![0usize; result.len()];
        for p in parts
            .iter()
            .filter(|p| !part_text(text, &p.span).is_empty())
        {
            if let Some(c) = counts.get_mut(p.sentence) {
                *c = c.saturating_add(1);
            }
        }
        let mut seen = vec![0usize; result.len()];
        // 1-based numbers of the pieces that stopped at the cap, per sentence.
        let mut cut_pieces: Vec<Vec<usize>> = vec![Vec::new(); result.len()];
        for p in &parts {
            let (Some(t), Some(n), Some(k)) = (
                result.get_mut(p.sentence),
                counts.get(p.sentence).copied(),
                seen.get_mut(p.sentence),
            ) else {
                continue;
            };
            if part_text(text, &p.span).is_empty() {
                continue;
            }
            *k = k.saturating_add(1);
            if !p.english.is_empty() {
                if !t.english.is_empty() {
                    t.english.push(' ');
                }
                t.english.push_str(&p.english);
            }
            if *k == 1 && n > 1 {
                let sentence_parts = parts.iter().filter(|q| q.sentence == p.sentence);
                let hard = sentence_parts.clone().any(|q| q.kind == SplitKind::Hard);
                let resplit = sentence_parts.clone().any(|q| q.resplit);
                let too_long = pieces.iter().filter(|q| q.0 == p.sentence).count() > 1;
                t.warnings.push(split_warning(
                    t.id,
                    n,
                    hard,
                    too_long,
                    resplit,
                    self.piece_budget,
                ));
            }
            if p.reason == FinishReason::Length {
                if let Some(l) = cut_pieces.get_mut(p.sentence) {
                    l.push(*k);
                }
            }
            if p.retries > 0 {
                let w = Warning::Degenerate {
                    sentence: t.id,
                    retries: p.retries,
                    still_looping: p.still_looping,
                };
                if !t.warnings.contains(&w) {
                    t.warnings.push(w);
                }
            }
        }
        for ((t, cut), n) in result.iter_mut().zip(&cut_pieces).zip(&counts) {
            if !cut.is_empty() {
                t.warnings.push(Warning::Length {
                    sentence: t.id,
                    pieces: cut.clone(),
                    of: *n,
                    max_length: self.max_length,
                });
            }
        }
        for t in result.iter_mut() {
            let checks = sentence_warnings(t.id, &t.source, &t.english, &t.warnings);
            t.warnings.extend(checks);
        }
        timings.translate_ms += ms(t1);
        cursor.next_id += result.len();
        if let Some(last) = result.last() {
            cursor.next_paragraph = last.paragraph + 1;
        }
        cursor.open_paragraph = match window.cut {
            Some(cut) => {
                cursor.pending_cut = Some(cut);
                match result.last() {
                    Some(last) => Some(last.paragraph),
                    None if window.continues => cursor.open_paragraph,
                    None => None,
                }
            }
            None => None,
        };
        let mut out: Vec<ParagraphDigest> = Vec::new();
        for s in result {
            match out.last_mut() {
                Some(p) if p.paragraph == s.paragraph => p.sentences.push(s),
                _ => out.push(ParagraphDigest {
                    paragraph: s.paragraph,
                    continues: out.is_empty() && continues,
                    sentences: vec![s],
                }),
            }
        }
        Ok(out)
    }
}

/// The `split` warning (stable prefix `split: `): the sentence was translated in `pieces`
/// parts; `hard` when some cut fell at whitespace or inside a word rather than at a clause
/// boundary; `too_long` when the sentence was over the `budget` source tokens a piece may hold;
/// `resplit` when some cut was made because a translation reached the output cap.
fn split_warning(
    sentence: usize,
    pieces: usize,
    hard: bool,
    too_long: bool,
    resplit: bool,
    budget: usize,
) -> Warning {
    let at = if hard {
        "cut at a token boundary"
    } else {
        "cut at clause boundaries"
    };
    let why = match (too_long, resplit) {
        (true, false) => {
            format!("longer than the model's input ({budget} source tokens per piece)")
        }
        (true, true) => format!(
            "longer than the model's input ({budget} source tokens per piece); pieces re-split \
             where a translation reached the output cap"
        ),
        (false, _) => "its translation reached the output cap: re-split".to_string(),
    };
    Warning::Split {
        sentence,
        pieces,
        detail: format!("{at}: {why}"),
    }
}
