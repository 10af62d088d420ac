//! Arbitrary bytes → normalize → segment → chunk, with the crate's no-loss
//! invariants (the ones `tests/text_invariant.rs`, `tests/text_chunk.rs`,
//! `tests/text_segment.rs` and `tests/text_normalize.rs` assert, plus the
//! guarantees the module docs promise) as the oracle.
//!
//! Input layout: byte 0 = budget (255 → `usize::MAX`, else `% 32`), byte 1 =
//! flags (bits 0-1: token counter, bit 2: ascii digits off, bit 3: lossy
//! UTF-8 instead of valid-only), the rest = text.
#![no_main]

use bengali_digest::text::{
    chunk, normalize, segment, Chunk, NormalizeOptions, Sentence, SplitKind,
};
use libfuzzer_sys::fuzz_target;

fn words(t: &str) -> usize {
    t.split_whitespace().count()
}

fn chars(t: &str) -> usize {
    t.chars().count()
}

fn bytes(t: &str) -> usize {
    t.len()
}

/// A tokenizer-like counter with the failure value `count_tokens` returns
/// (`usize::MAX`) for some texts.
fn subwords(t: &str) -> usize {
    if t.contains('\u{FFFD}') {
        return usize::MAX;
    }
    t.split_whitespace()
        .map(|w| w.chars().count().div_ceil(3))
        .sum()
}

fuzz_target!(|data: &[u8]| {
    let [b0, b1, rest @ ..] = data else {
        return;
    };
    let budget = if *b0 == 255 {
        usize::MAX
    } else {
        usize::from(*b0 % 32)
    };
    let lossy = b1 & 8 != 0;
    let owned;
    let input: &str = if lossy {
        owned = String::from_utf8_lossy(rest);
        &owned
    } else {
        match std::str::from_utf8(rest) {
            Ok(s) => s,
            Err(_) => return,
        }
    };
    let opts = NormalizeOptions {
        ascii_digits: b1 & 4 == 0,
    };
    let count: fn(&str) -> usize = match b1 & 3 {
        0 => words,
        1 => chars,
        2 => bytes,
        _ => subwords,
    };
    check(input, &opts, budget, count);
});

fn check(input: &str, opts: &NormalizeOptions, budget: usize, count: fn(&str) -> usize) {
    // --- normalize ---
    let norm = normalize(input, opts);
    let text = norm.text.as_str();
    // Idempotent.
    assert_eq!(normalize(text, opts).text, text, "normalize not idempotent");
    // Documented output shape: no surrounding whitespace, no CR, no tab, no
    // double space, at most one blank line in a row, no space at line ends.
    assert_eq!(text.trim(), text, "normalized text not trimmed");
    assert!(!text.contains('\r') && !text.contains('\t'));
    assert!(!text.contains("  "), "double space: {text:?}");
    assert!(
        !text.contains("\n\n\n"),
        "more than one blank line: {text:?}"
    );
    assert!(
        !text.contains(" \n") && !text.contains("\n "),
        "space at line edge: {text:?}"
    );
    // The offset map points into the original: in range, on char boundaries.
    let whole = norm.original_span(0..text.len());
    assert!(
        input.get(whole.clone()).is_some(),
        "bad whole span {whole:?}"
    );
    assert_eq!(norm.original_offset(text.len()), input.len());
    for (i, c) in text.char_indices() {
        let r = norm.original_span(i..i + c.len_utf8());
        assert!(input.get(r.clone()).is_some(), "char {i} maps to {r:?}");
        assert!(r.start < r.end, "char {i} maps to empty span {r:?}");
    }
    // Garbage offsets never panic and stay in range.
    for span in [
        text.len() / 2..text.len() / 3,
        1..text.len() + 7,
        usize::MAX - 1..usize::MAX,
    ] {
        let r = norm.original_span(span);
        assert!(r.start <= r.end && r.end <= input.len());
    }

    // --- segment (normalized text) ---
    let sents = segment(text);
    check_segments(text, &sents);
    for s in &sents {
        let r = norm.original_span(s.span.clone());
        assert!(input.get(r.clone()).is_some(), "sentence maps to {r:?}");
        let r = norm.original_span(s.full.clone());
        assert!(input.get(r.clone()).is_some(), "sentence maps to {r:?}");
    }

    // --- chunk ---
    let chunks = chunk(text, &sents, budget, count);
    check_chunks(text, &sents, &chunks, budget, count);
    for c in &chunks {
        let r = norm.original_span(c.span.clone());
        assert!(input.get(r.clone()).is_some(), "chunk maps to {r:?}");
    }

    // --- raw (unnormalized) input: must not panic and must still tile ---
    let raw = segment(input);
    check_segments(input, &raw);
    let raw_chunks = chunk(input, &raw, budget, count);
    check_chunks(input, &raw, &raw_chunks, budget, count);
}

fn check_segments(text: &str, sents: &[Sentence]) {
    let has_content = text.chars().any(|c| !c.is_whitespace());
    assert_eq!(!sents.is_empty(), has_content, "sentences iff content");
    if !has_content {
        return;
    }
    // The full spans tile the text.
    let mut pos = 0;
    for s in sents {
        assert_eq!(s.full.start, pos, "gap/overlap at {pos}: {sents:?}");
        assert!(s.full.start <= s.span.start && s.span.end <= s.full.end);
        assert!(text.get(s.full.clone()).is_some(), "full not on boundaries");
        pos = s.full.end;
    }
    assert_eq!(pos, text.len(), "sentences do not reach the end");
    let joined: String = sents.iter().map(|s| s.full_text(text)).collect();
    assert_eq!(joined, text);
    // Sentence text: non-empty, trimmed, on one line; the rest of the full
    // piece is whitespace.
    for s in sents {
        let t = s.text(text);
        assert!(!t.is_empty(), "empty sentence {s:?}");
        assert_eq!(t.trim(), t, "sentence not trimmed {s:?}");
        assert!(!t.contains('\n'), "sentence spans a newline {s:?}");
        let before = text.get(s.full.start..s.span.start).unwrap_or("x");
        let after = text.get(s.span.end..s.full.end).unwrap_or("x");
        assert!(before.trim().is_empty() && after.trim().is_empty(), "{s:?}");
    }
    // Paragraphs: the first is 0; the index goes up by one exactly when a
    // newline separates two sentences.
    let mut prev: Option<&Sentence> = None;
    for s in sents {
        match prev {
            None => assert_eq!(s.paragraph, 0),
            Some(p) => {
                let gap = text.get(p.span.end..s.span.start).unwrap_or("");
                let expect = p.paragraph + usize::from(gap.contains('\n'));
                assert_eq!(s.paragraph, expect, "paragraph of {s:?} after {p:?}");
            }
        }
        prev = Some(s);
    }
}

fn check_chunks(
    text: &str,
    sents: &[Sentence],
    chunks: &[Chunk],
    budget: usize,
    count: fn(&str) -> usize,
) {
    // Chunks tile the text (every char, space or not, covered exactly once).
    let joined: String = chunks
        .iter()
        .map(|c| {
            text.get(c.span.clone())
                .expect("chunk span on char boundaries")
        })
        .collect();
    let covered: String = sents.iter().map(|s| s.full_text(text)).collect();
    assert_eq!(joined, covered, "chunks do not tile the sentences");
    for (i, c) in chunks.iter().enumerate() {
        assert_eq!(c.id, i);
        assert!(!c.pieces.is_empty());
        // Pieces tile the chunk and stay in its paragraph.
        let mut pos = c.span.start;
        for p in &c.pieces {
            assert_eq!(p.span.start, pos, "pieces do not tile chunk {c:?}");
            pos = p.span.end;
            let s = sents.get(p.sentence).expect("piece sentence index");
            assert_eq!(s.paragraph, c.paragraph, "chunk crosses a paragraph");
            assert!(s.full.start <= p.span.start && p.span.end <= s.full.end);
        }
        assert_eq!(pos, c.span.end);
        // Token count is the counter's, and within budget unless the chunk is
        // one piece that cannot be cut further (one char).
        let t = c.text(text);
        assert_eq!(c.tokens, count(t), "tokens of chunk {i}");
        if c.tokens > budget {
            assert_eq!(
                c.pieces.len(),
                1,
                "over-budget chunk of several pieces {c:?}"
            );
            assert_eq!(
                t.chars().count(),
                1,
                "over-budget chunk {t:?} is not one char"
            );
        }
    }
    // Pieces of each sentence, in order, concatenate to the sentence; a
    // sentence kept whole is a single `SplitKind::None` piece.
    for (si, s) in sents.iter().enumerate() {
        let pieces: Vec<_> = chunks
            .iter()
            .flat_map(|c| &c.pieces)
            .filter(|p| p.sentence == si)
            .collect();
        let got: String = pieces
            .iter()
            .map(|p| text.get(p.span.clone()).unwrap_or(""))
            .collect();
        assert_eq!(got, s.full_text(text), "pieces of sentence {si}");
        if pieces.iter().any(|p| p.split == SplitKind::None) {
            assert_eq!(pieces.len(), 1, "unsplit sentence in several pieces");
        }
    }
    // Sentence order is preserved.
    let order: Vec<usize> = chunks
        .iter()
        .flat_map(|c| &c.pieces)
        .map(|p| p.sentence)
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]));
}
