//! Dirty input: each case gives either a typed error or a Digest in which every sentence of
//! the input is accounted for (the sources, whitespace aside, rebuild the normalized input).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::OnceLock;

use bengali_digest::text::normalize::{normalize, NormalizeOptions};
use bengali_digest::{Pipeline, Warning};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        Pipeline::builder()
            .translator(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/fixtures/marian"))
            .max_new_tokens(4)
            .num_beams(1)
            .batch_size(16)
            .build()
            .unwrap()
    })
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Digests `input` and checks that no text was lost or duplicated.
fn accounted(input: &str) -> bengali_digest::Digest {
    accounted_by(pipeline(), input)
}

fn accounted_by(pipeline: &Pipeline, input: &str) -> bengali_digest::Digest {
    let d = pipeline.digest(input).unwrap();
    let norm = normalize(input, &NormalizeOptions::default()).text;
    let joined: String = d.sentences.iter().map(|s| s.source.as_str()).collect();
    assert_eq!(squeeze(&joined), squeeze(&norm), "text lost or duplicated");
    for s in &d.sentences {
        assert!(s.span.end <= input.len() && s.span.start <= s.span.end);
        assert!(input.is_char_boundary(s.span.start) && input.is_char_boundary(s.span.end));
    }
    d
}

#[test]
fn empty_and_whitespace_only() {
    for input in ["", " ", "\n\n\n", "\t \r\n \u{00A0}\u{200B}"] {
        let d = accounted(input);
        assert!(d.sentences.is_empty(), "{input:?}");
    }
}

#[test]
fn english_only_and_mixed_scripts_with_emoji() {
    let d = accounted("The quick brown fox jumps. Dr. Smith arrived in the U.S. on Monday!");
    assert_eq!(d.sentences.len(), 2);
    accounted("ঢাকায় আজ 🌧️ বৃষ্টি হয়েছে। Prime Minister 🇧🇩 বলেছেন, “সব ঠিক আছে।” 日本語も少し。");
}

#[test]
fn control_characters_and_lone_combining_marks() {
    accounted("\u{9BC}\u{9CD}শুরু\u{0007}\u{0000} এখানে\u{001B}[31m লাল।\u{0301} শেষ।");
    accounted("\u{0301}\u{0301}\u{9CD}");
}

#[test]
fn a_5000_character_sentence_without_punctuation_is_translated_in_pieces() {
    let long: String = "বাংলাদেশের মানুষ আজ ".repeat(250);
    assert!(long.chars().count() >= 5000);
    let d = accounted(&long);
    assert_eq!(d.sentences.len(), 1);
    let s = &d.sentences[0];
    assert!(!s.english.is_empty());
    assert!(
        s.warnings
            .iter()
            .any(|w| matches!(w, Warning::Split { .. })),
        "{:?}",
        s.warnings
    );
}

#[test]
fn windows_line_endings_keep_paragraphs() {
    let d = accounted("প্রথম অনুচ্ছেদ।\r\n\r\nদ্বিতীয় অনুচ্ছেদ। আরেকটি বাক্য।\r\n");
    assert_eq!(d.sentences.len(), 3);
    assert_eq!(d.paragraphs().len(), 2);
}

#[test]
fn html_fragments_are_text_not_a_crash() {
    accounted("<p>ঢাকায় <b>আজ</b> সভা হয়েছে।</p><br/><script>alert(1)</script>&nbsp;শেষ।");
}

#[test]
fn paragraphs_longer_than_the_window_are_cut_and_nothing_is_lost() {
    let small = Pipeline::builder()
        .translator(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/fixtures/marian"))
        .max_new_tokens(2)
        .num_beams(1)
        .batch_size(32)
        .window_bytes(1024)
        .build()
        .unwrap();
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/seed-article.bn.txt"),
    )
    .unwrap();
    // 13 paragraphs, most longer than the window: cut inside, handed over in parts.
    let d = accounted_by(&small, &seed);
    assert_eq!(d.paragraphs().len(), 13);
    let cuts: Vec<Warning> = d
        .warnings()
        .into_iter()
        .filter(|w| {
            matches!(
                w,
                Warning::WindowCut {
                    window_bytes: 1024,
                    ..
                }
            )
        })
        .collect();
    assert!(cuts.len() >= 4, "{cuts:?}");
    assert!(
        cuts.iter()
            .any(|w| matches!(w, Warning::WindowCut { cut, .. } if cut == "at a sentence end")),
        "{cuts:?}"
    );
    for (i, s) in d.sentences.iter().enumerate() {
        assert_eq!(s.id, i);
        assert!(s.span.start < s.span.end);
        if let Some(next) = d.sentences.get(i + 1) {
            assert!(s.span.end <= next.span.start);
            assert!(next.paragraph == s.paragraph || next.paragraph == s.paragraph + 1);
        }
    }
    // One 5000-byte word: no space to cut at, so it is cut inside, at a char boundary.
    let word = "ক".repeat(1700);
    let d = accounted_by(&small, &format!("শুরু। {word} শেষ।"));
    assert!(
        d.warnings()
            .iter()
            .any(|w| matches!(w, Warning::WindowCut { cut, .. } if cut == "inside a word")),
        "{:?}",
        d.warnings()
    );
    assert_eq!(d.paragraphs().len(), 1);
    // A cut that lands just before a line break: the next line is a new paragraph.
    let line = format!("{}। ", "আ".repeat(340));
    assert_eq!(line.len(), 1024);
    let d = accounted_by(&small, &format!("{line}\nনতুন অনুচ্ছেদ।"));
    assert_eq!(d.paragraphs().len(), 2, "{:?}", d.sentences);
    assert!(d
        .warnings()
        .iter()
        .all(|w| !matches!(w, Warning::WindowCut { .. })));
    // Invalid UTF-8 in a stream is a typed error giving the byte offset.
    let mut bytes = "এক।\n".repeat(400).into_bytes();
    bytes.insert(3000, 0xff);
    let err = small
        .digest_reader(&bytes[..], |_| Ok(()))
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid UTF-8 at byte 3000"), "{err}");
}
