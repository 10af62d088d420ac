//! The pipeline end to end on the tiny fixture models (random weights: the English is
//! meaningless, the structure is what is tested).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bengali_digest::text::{normalize, segment, NormalizeOptions};
use bengali_digest::{Digest, Error, Pipeline, Timings, Warning};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/fixtures")
        .join(name)
}

fn seed() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/seed-article.bn.txt"))
        .unwrap()
}

fn pipeline() -> Pipeline {
    Pipeline::builder()
        .translator(fixture("m2m100"))
        .max_new_tokens(12)
        .build()
        .unwrap()
}

fn without_timings(mut d: Digest) -> Digest {
    d.timings = Timings::default();
    d
}

#[test]
fn seed_article_digests_with_every_sentence_accounted_for() {
    let article = seed();
    let d = pipeline().digest(&article).unwrap();
    let norm = normalize(&article, &NormalizeOptions::default());
    let expected = segment(&norm.text);
    assert_eq!(d.sentences.len(), expected.len());
    assert_eq!(
        d.sentences.len(),
        24,
        "the hand-checked count in tests/text_segment.rs"
    );
    // Every non-space byte of the original lies in exactly one sentence span, in order.
    let mut covered = vec![0u8; article.len()];
    let mut prev_end = 0;
    for s in &d.sentences {
        assert!(s.span.start >= prev_end, "spans in order, disjoint");
        prev_end = s.span.end;
        for c in &mut covered[s.span.clone()] {
            *c += 1;
        }
        assert!(!s.english.is_empty(), "sentence {} has a translation", s.id);
    }
    for (i, ch) in article.char_indices() {
        if !ch.is_whitespace() {
            assert_eq!(covered[i], 1, "byte {i} ({ch:?}) covered once");
        }
    }
    // Paragraph structure survives: 13 paragraphs in, 13 out.
    assert_eq!(d.paragraphs().len(), 13);
    assert_eq!(d.translation.split("\n\n").count(), 13);
    // Key points reference valid sentence ids and carry their sentence's English.
    assert_eq!(d.key_points.len(), 5);
    for k in &d.key_points {
        assert!(!k.sentences.is_empty());
        for &i in &k.sentences {
            assert!(i < d.sentences.len());
        }
        assert_eq!(k.text, d.sentences[k.sentences[0]].english);
    }
    // JSON round-trips.
    let back: Digest = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(back, d);
    assert!(d.to_markdown().contains("## Key points"));
    assert!(d.to_text().contains("TRANSLATION"));
}

#[test]
fn numbers_check_fires_on_a_mistranslation() {
    use bengali_digest::faithfulness::{check_numbers, numbers};
    assert_eq!(numbers("১০,০০০ জন, ১০.৫ শতাংশ"), vec!["10000", "10.5"]);
    assert!(check_numbers("১০,০০০ সৈন্য", "10,000 soldiers").is_empty());
    assert!(
        matches!(
            check_numbers("১০,০০০ সৈন্য", "1,000 soldiers").as_slice(),
            [Warning::NumberChanged { source_value, english_value, .. }]
                if *source_value == 10_000.0 && *english_value == 1_000.0
        ),
        "{:?}",
        check_numbers("১০,০০০ সৈন্য", "1,000 soldiers")
    );
    // Through the pipeline: random weights drop the article's numbers, and the digest says so.
    let d = pipeline().digest(&seed()).unwrap();
    let w = d.warnings();
    assert!(
        w.iter().any(|x| x.is_number()
            && x.sentence().is_some()
            && x.to_string().starts_with("sentence ")),
        "{w:?}"
    );
    // Typed in JSON: objects with a `kind`.
    let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
    let kinds: Vec<&str> = json["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["warnings"].as_array().unwrap())
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.iter().any(|k| k.starts_with("number")), "{kinds:?}");
}

#[test]
fn eight_threads_share_one_pipeline() {
    let p = Arc::new(pipeline());
    let article = seed();
    let serial = without_timings(p.digest(&article).unwrap());
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let p = Arc::clone(&p);
            let a = article.clone();
            std::thread::spawn(move || without_timings(p.digest(&a).unwrap()))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), serial);
    }
}

#[test]
fn builder_validates() {
    assert!(matches!(
        Pipeline::builder().build(),
        Err(Error::InvalidSetting(_))
    ));
    assert!(matches!(
        Pipeline::builder()
            .translator(fixture("m2m100"))
            .num_beams(0)
            .build(),
        Err(Error::InvalidSetting(_))
    ));
    assert!(matches!(
        Pipeline::builder()
            .translator(fixture("m2m100"))
            .tgt_lang("xx_Nope")
            .build(),
        Err(Error::UnknownLanguage { .. })
    ));
    assert!(matches!(
        Pipeline::builder().translator("/nonexistent/model").build(),
        Err(Error::MissingFile { .. })
    ));
}

#[test]
fn empty_article_gives_an_empty_digest() {
    let d = pipeline().digest("  \n\n ").unwrap();
    assert!(d.sentences.is_empty() && d.key_points.is_empty());
}

#[test]
fn marian_style_models_need_no_language_codes() {
    let p = Pipeline::builder()
        .translator(fixture("marian"))
        .max_new_tokens(8)
        .build()
        .unwrap();
    let pairs = p.translate("প্রথম বাক্য। দ্বিতীয় বাক্য।").unwrap();
    assert_eq!(pairs.len(), 2);
}

fn _assert_send_sync() {
    fn f<T: Send + Sync>() {}
    f::<Pipeline>();
}

#[test]
fn abstractive_key_points_with_a_summarizer_model() {
    let p = Pipeline::builder()
        .translator(fixture("m2m100"))
        .summarizer(fixture("bart"))
        .max_new_tokens(12)
        .key_points(4)
        .build()
        .unwrap();
    let d = p.digest(&seed()).unwrap();
    assert!(!d.key_points.is_empty() && d.key_points.len() <= 4);
    assert!(d.models.key_points.contains("bart"));
    for (b, k) in d.key_points.iter().enumerate() {
        assert!(k.sentences.iter().all(|&i| i < d.sentences.len()));
        // Ungrounded exactly when the bullet cites no sentence.
        let ungrounded = k
            .warnings
            .iter()
            .any(|w| matches!(w, Warning::Ungrounded { key_point } if *key_point == b));
        assert_eq!(ungrounded, k.sentences.is_empty(), "key point {b}: {k:?}");
    }
}

#[test]
fn bullets_and_their_number_checks() {
    use bengali_digest::faithfulness::check_key_point;
    use bengali_digest::keypoints::abstractive::bullets;
    assert_eq!(
        bullets("Kim met Shoigu. Troops were sent! Is it 3.5? tail"),
        vec!["Kim met Shoigu.", "Troops were sent!", "Is it 3.5?", "tail"]
    );
    let english = ["North Korea sent 3,000 troops to Russia."];
    let source = ["উত্তর কোরিয়া রাশিয়ায় তিন হাজার সৈন্য পাঠিয়েছে।"];
    assert!(check_key_point("3000 troops", &source, &[english[0]]).is_empty());
    assert!(check_key_point("three thousand troops", &source, &[]).is_empty());
    assert!(matches!(
        check_key_point("5000 troops", &source, &[english[0]]).as_slice(),
        [Warning::NumberAdded { value, .. }] if *value == 5000.0
    ));
}
