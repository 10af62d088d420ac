//! Pack sentences into chunks under a token budget.
//!
//! Token counting is a caller-supplied closure, so the real tokenizer can be
//! plugged in later. Rules:
//! * Chunks never cross a paragraph boundary: every chunk belongs to exactly
//!   one paragraph, so translated chunks can be re-joined paragraph by
//!   paragraph.
//! * Consecutive sentences (pieces) of a paragraph are packed greedily while
//!   the chunk's text (trimmed) counts at most `budget` tokens.
//! * A sentence over budget is split at clause boundaries (after `,` `;` `:`
//!   `—` followed by a space, or before the conjunctions এবং কিন্তু তবে অথবা
//!   কিংবা ও when surrounded by spaces), packing clauses greedily
//!   ([`SplitKind::Clause`]); any clause still over budget is split at
//!   whitespace, and a word over budget at char boundaries
//!   ([`SplitKind::Hard`]). No text is ever dropped: the pieces of a sentence
//!   concatenate to its [`Sentence::full`] text, and the chunks concatenate to
//!   the segmented text.

use std::ops::Range;

use serde::Serialize;

use super::segment::Sentence;

/// How a piece was cut from its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SplitKind {
    /// The whole sentence.
    None,
    /// Part of a sentence cut at clause boundaries.
    Clause,
    /// Part of a sentence cut at whitespace or char boundaries (last resort).
    Hard,
}

/// A sentence or a part of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// Byte span in the segmented text (trailing whitespace included).
    pub span: Range<usize>,
    /// Index of the sentence this piece comes from.
    pub sentence: usize,
    /// How the piece was cut.
    pub split: SplitKind,
}

/// A group of consecutive pieces within one paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chunk {
    /// Chunk index, 0-based, in text order.
    pub id: usize,
    /// Paragraph index of all pieces in the chunk.
    pub paragraph: usize,
    /// Byte span covered (union of the pieces' spans).
    pub span: Range<usize>,
    /// The pieces, in order.
    pub pieces: Vec<Piece>,
    /// Token count of the chunk's trimmed text, as given by the counter.
    /// May exceed the budget only for a single piece that cannot be cut
    /// further (one char).
    pub tokens: usize,
}

impl Chunk {
    /// The chunk's text from `text` (the segmented string), trimmed of
    /// surrounding whitespace. `""` if the span does not fit.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.span.clone()).unwrap_or("").trim()
    }
}

const CONJUNCTIONS: &[&str] = &["এবং", "কিন্তু", "তবে", "অথবা", "কিংবা", "ও"];

fn tokens<F: Fn(&str) -> usize>(text: &str, span: Range<usize>, count: &F) -> usize {
    count(text.get(span).unwrap_or("").trim())
}

/// Split `text[span]` into pieces of at most `budget` tokens (see module docs).
/// Returns `(span, kind)` pairs that tile `span`.
pub fn split_sentence<F: Fn(&str) -> usize>(
    text: &str,
    span: Range<usize>,
    budget: usize,
    count: &F,
) -> Vec<(Range<usize>, SplitKind)> {
    if tokens(text, span.clone(), count) <= budget {
        return vec![(span, SplitKind::None)];
    }
    let clauses = cut(text, span.clone(), clause_cuts(text, span));
    let mut out = Vec::new();
    for group in pack(text, &clauses, budget, count) {
        if tokens(text, group.clone(), count) <= budget {
            out.push((group, SplitKind::Clause));
        } else {
            out.extend(
                hard_split(text, group, budget, count)
                    .into_iter()
                    .map(|r| (r, SplitKind::Hard)),
            );
        }
    }
    out
}

/// Byte offsets inside `span` where a clause may start.
fn clause_cuts(text: &str, span: Range<usize>) -> Vec<usize> {
    let Some(s) = text.get(span.clone()) else {
        return Vec::new();
    };
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut cuts = Vec::new();
    for (idx, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(idx + 1).map(|&(_, d)| d);
        if matches!(c, ',' | ';' | ':' | '—' | '،' | '，') && next == Some(' ') {
            cuts.push(span.start + i + c.len_utf8() + 1);
        }
        if c == ' ' {
            let rest = s.get(i + 1..).unwrap_or("");
            for conj in CONJUNCTIONS {
                if let Some(after) = rest.strip_prefix(conj) {
                    if after.starts_with(' ') {
                        cuts.push(span.start + i + 1);
                    }
                }
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.retain(|&p| p > span.start && p < span.end);
    cuts
}

/// Cut `span` at the given sorted offsets.
fn cut(text: &str, span: Range<usize>, cuts: Vec<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = span.start;
    for p in cuts {
        if p > start && p < span.end && text.is_char_boundary(p) {
            out.push(start..p);
            start = p;
        }
    }
    if start < span.end || out.is_empty() {
        out.push(start..span.end);
    }
    out
}

/// Greedily merge consecutive spans while the merged text fits the budget.
fn pack<F: Fn(&str) -> usize>(
    text: &str,
    parts: &[Range<usize>],
    budget: usize,
    count: &F,
) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut cur: Option<Range<usize>> = None;
    for p in parts {
        cur = Some(match cur.take() {
            None => p.clone(),
            Some(c) => {
                if tokens(text, c.start..p.end, count) <= budget {
                    c.start..p.end
                } else {
                    out.push(c);
                    p.clone()
                }
            }
        });
    }
    out.extend(cur);
    out
}

/// Split at whitespace, then words over budget at char boundaries.
fn hard_split<F: Fn(&str) -> usize>(
    text: &str,
    span: Range<usize>,
    budget: usize,
    count: &F,
) -> Vec<Range<usize>> {
    let Some(s) = text.get(span.clone()) else {
        return vec![span];
    };
    // Words with their trailing whitespace.
    let mut words = Vec::new();
    let mut start = 0;
    let mut prev_space = false;
    for (i, c) in s.char_indices() {
        let sp = c.is_whitespace();
        if !sp && prev_space && i > start {
            words.push(span.start + start..span.start + i);
            start = i;
        }
        prev_space = sp;
    }
    words.push(span.start + start..span.end);
    let mut parts = Vec::new();
    for w in words {
        if tokens(text, w.clone(), count) <= budget {
            parts.push(w);
        } else {
            let chars: Vec<usize> = text
                .get(w.clone())
                .unwrap_or("")
                .char_indices()
                .map(|(i, _)| w.start + i)
                .skip(1)
                .collect();
            parts.extend(pack(text, &cut(text, w, chars), budget, count));
        }
    }
    pack(text, &parts, budget, count)
}

/// Pack `sentences` of `text` into chunks of at most `budget` tokens as
/// counted by `count` (see module docs). Never panics.
pub fn chunk<F: Fn(&str) -> usize>(
    text: &str,
    sentences: &[Sentence],
    budget: usize,
    count: F,
) -> Vec<Chunk> {
    let mut chunks: Vec<Chunk> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        for (span, split) in split_sentence(text, s.full.clone(), budget, &count) {
            let piece = Piece {
                span: span.clone(),
                sentence: si,
                split,
            };
            if let Some(last) = chunks.last_mut() {
                if last.paragraph == s.paragraph && last.span.end == span.start {
                    let t = tokens(text, last.span.start..span.end, &count);
                    if t <= budget {
                        last.span.end = span.end;
                        last.tokens = t;
                        last.pieces.push(piece);
                        continue;
                    }
                }
            }
            chunks.push(Chunk {
                id: chunks.len(),
                paragraph: s.paragraph,
                tokens: tokens(text, span.clone(), &count),
                span,
                pieces: vec![piece],
            });
        }
    }
    chunks
}
