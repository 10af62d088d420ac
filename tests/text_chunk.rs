//! Chunking under a token budget.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bengali_digest::text::chunk::split_sentence;
use bengali_digest::text::{chunk, normalize, segment, NormalizeOptions, SplitKind};

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

const SEED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/seed-article.bn.txt"
));

#[test]
fn packs_within_paragraphs_and_tiles() {
    let text = normalize(SEED, &NormalizeOptions::default()).text;
    let sents = segment(&text);
    for budget in [1, 5, 20, 60, 1000] {
        let chunks = chunk(&text, &sents, budget, words);
        let joined: String = chunks.iter().map(|c| &text[c.span.clone()]).collect();
        assert_eq!(joined, text);
        for (i, c) in chunks.iter().enumerate() {
            assert_eq!(c.id, i);
            assert!(c.tokens <= budget, "budget {budget}: {}", c.tokens);
            assert!(c
                .pieces
                .iter()
                .all(|p| sents[p.sentence].paragraph == c.paragraph));
        }
        // Pieces of each sentence concatenate to the sentence.
        for (si, s) in sents.iter().enumerate() {
            let got: String = chunks
                .iter()
                .flat_map(|c| &c.pieces)
                .filter(|p| p.sentence == si)
                .map(|p| &text[p.span.clone()])
                .collect();
            assert_eq!(got, s.full_text(&text));
        }
    }
    // Large budget: one chunk per paragraph.
    let chunks = chunk(&text, &sents, 1000, words);
    assert_eq!(chunks.len(), SEED.lines().count());
}

#[test]
fn clause_split() {
    let s = "প্রথম অংশ এখানে, দ্বিতীয় অংশ এখানে এবং তৃতীয় অংশ এখানে।";
    let parts = split_sentence(s, 0..s.len(), 3, &words);
    let texts: Vec<&str> = parts.iter().map(|(r, _)| &s[r.clone()]).collect();
    // The last clause has 4 words > 3, so it is hard-split at whitespace.
    assert_eq!(
        texts,
        [
            "প্রথম অংশ এখানে, ",
            "দ্বিতীয় অংশ এখানে ",
            "এবং তৃতীয় অংশ ",
            "এখানে।"
        ]
    );
    let kinds: Vec<SplitKind> = parts.iter().map(|(_, k)| *k).collect();
    assert_eq!(
        kinds,
        [
            SplitKind::Clause,
            SplitKind::Clause,
            SplitKind::Hard,
            SplitKind::Hard
        ]
    );
    let parts = split_sentence(s, 0..s.len(), 4, &words);
    assert!(parts.iter().all(|(_, k)| *k == SplitKind::Clause));
}

#[test]
fn hard_split_never_drops() {
    let s = "একটিখুবলম্বাশব্দ আর আরও অনেক শব্দ যার মধ্যে কোনো যতিচিহ্ন নেই";
    let parts = split_sentence(s, 0..s.len(), 2, &words);
    assert!(parts.iter().any(|(_, k)| *k == SplitKind::Hard));
    let joined: String = parts.iter().map(|(r, _)| &s[r.clone()]).collect();
    assert_eq!(joined, s);
    // Char-level counter forces char-boundary splits.
    let chars = |t: &str| t.chars().count();
    let parts = split_sentence(s, 0..s.len(), 3, &chars);
    let joined: String = parts.iter().map(|(r, _)| &s[r.clone()]).collect();
    assert_eq!(joined, s);
    assert!(parts.iter().all(|(r, _)| chars(s[r.clone()].trim()) <= 3));
}

#[test]
fn fitting_sentence_is_unsplit() {
    let s = "ছোট বাক্য।";
    assert_eq!(
        split_sentence(s, 0..s.len(), 10, &words),
        vec![(0..s.len(), SplitKind::None)]
    );
    assert!(chunk("", &[], 10, words).is_empty());
}
