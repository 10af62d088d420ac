//! Property tests: no text lost or duplicated, normalization idempotent, no panics.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bengali_digest::text::{chunk, normalize, segment, NormalizeOptions};
use proptest::prelude::*;

/// Strings built from Bengali letters, signs, danda, digits, quotes,
/// abbreviation dots, joiners, odd whitespace, and precomposed nukta letters.
fn bengali_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "ক",
        "খ",
        "ড",
        "য",
        "র",
        "\u{09CD}",
        "\u{09BC}",
        "\u{09BE}",
        "\u{09C7}",
        "ো",
        "\u{09DC}",
        "\u{09DF}",
        "।",
        "॥",
        "\u{09F7}",
        "|",
        "?",
        "!",
        ".",
        ",",
        "; ",
        " — ",
        " এবং ",
        " ও ",
        "০",
        "৫",
        "১০.৫",
        "10,000",
        "”",
        "“",
        "\"",
        "'",
        "’",
        ")",
        "(",
        "ডা.",
        "মো.",
        "Dr.",
        "U.S.",
        "A.",
        " ",
        "  ",
        "\t",
        "\n",
        "\n\n\n",
        "\r\n",
        "\r",
        "\u{00A0}",
        "\u{200B}",
        "\u{200C}",
        "\u{200D}",
        "\u{FEFF}",
        "\u{00AD}",
        "e",
        "\u{0301}",
        "\u{0000}",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn check(input: &str, budget: usize) {
    let opts = NormalizeOptions::default();
    let norm = normalize(input, &opts);
    let text = norm.text.as_str();
    // Idempotent.
    assert_eq!(normalize(text, &opts).text, text);
    // Offset map never panics and stays in range.
    let r = norm.original_span(0..text.len());
    assert!(r.start <= r.end && r.end <= input.len());
    // Segment pieces tile the normalized text.
    let sents = segment(text);
    let joined: String = sents.iter().map(|s| s.full_text(text)).collect();
    assert_eq!(joined, text);
    for s in &sents {
        assert!(!s.text(text).is_empty());
        assert!(!s.text(text).contains('\n'));
    }
    // Chunk pieces reproduce each sentence; chunks tile the text.
    let count = |t: &str| t.split_whitespace().count();
    let chunks = chunk(text, &sents, budget, count);
    let joined: String = chunks
        .iter()
        .map(|c| text.get(c.span.clone()).unwrap())
        .collect();
    assert_eq!(joined, text);
    for (si, s) in sents.iter().enumerate() {
        let got: String = chunks
            .iter()
            .flat_map(|c| &c.pieces)
            .filter(|p| p.sentence == si)
            .map(|p| text.get(p.span.clone()).unwrap())
            .collect();
        assert_eq!(got, s.full_text(text));
    }
    // Raw (unnormalized) input: segmentation still must not panic and tiles
    // whenever there is content.
    let raw = segment(input);
    if input.chars().any(|c| !c.is_whitespace()) {
        let joined: String = raw.iter().map(|s| s.full_text(input)).collect();
        assert_eq!(joined, input);
    }
    let _ = chunk(input, &raw, budget, |t: &str| t.chars().count());
}

proptest! {
    // 512 cases by default; PROPTEST_CASES overrides.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn any_unicode(s in any::<String>(), budget in 0usize..8) {
        check(&s, budget);
    }

    #[test]
    fn bengali_strings(s in bengali_like(), budget in 0usize..12) {
        check(&s, budget);
    }
}
