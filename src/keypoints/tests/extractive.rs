//! Extractive key points on real Bengali text: deterministic, grounded, non-redundant.

use std::path::Path;

use crate::keypoints::extractive::{rank, select, ExtractiveOptions};
use crate::text::normalize::{normalize, NormalizeOptions};
use crate::text::segment::segment;

fn seed_sentences() -> Vec<String> {
    let raw = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/seed-article.bn.txt"),
    )
    .unwrap();
    let norm = normalize(&raw, &NormalizeOptions::default()).text;
    segment(&norm)
        .iter()
        .map(|s| norm[s.span.clone()].trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn seed_article_key_points_are_deterministic_grounded_and_distinct() {
    let sents = seed_sentences();
    let refs: Vec<&str> = sents.iter().map(String::as_str).collect();
    let opts = ExtractiveOptions::default();
    let a = select(&refs, &opts);
    let b = select(&refs, &opts);
    assert_eq!(a, b, "same input, same key points");
    assert_eq!(a.len(), opts.count, "the seed article has enough sentences");
    assert!(a.windows(2).all(|w| w[0] < w[1]), "article order: {a:?}");
    assert!(a.iter().all(|&i| i < refs.len()));
    // The lead prior: the first ranked sentence is among the article's first three.
    let r = rank(&refs, &opts);
    assert!(
        r[0].sentence < 3,
        "top sentence {} of {}",
        r[0].sentence,
        refs.len()
    );
    for i in &a {
        eprintln!("key point {i}: {}", refs[*i]);
    }
}

#[test]
fn a_repeated_sentence_is_chosen_once() {
    let mut sents = seed_sentences();
    let top = select(
        &sents.iter().map(String::as_str).collect::<Vec<_>>(),
        &ExtractiveOptions::default(),
    )[0];
    let dup = sents[top].clone();
    sents.push(dup.clone());
    let refs: Vec<&str> = sents.iter().map(String::as_str).collect();
    let chosen = select(&refs, &ExtractiveOptions::default());
    let copies = chosen.iter().filter(|&&i| refs[i] == dup).count();
    assert_eq!(copies, 1, "{chosen:?}");
}

#[test]
fn risingnews_pseudo_articles() {
    let text = super::risingnews_bn();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let opts = ExtractiveOptions {
        count: 3,
        ..ExtractiveOptions::default()
    };
    let mut articles = 0;
    for group in lines.chunks(12).take(40) {
        let a = select(group, &opts);
        assert_eq!(a, select(group, &opts));
        assert!(!a.is_empty() && a.len() <= 3);
        assert!(a.iter().all(|&i| i < group.len()));
        let mut texts: Vec<&str> = a.iter().map(|&i| group[i]).collect();
        texts.dedup();
        assert_eq!(texts.len(), a.len(), "no sentence twice");
        articles += 1;
    }
    assert_eq!(articles, 40);
}

#[test]
fn empty_and_tiny_inputs() {
    let opts = ExtractiveOptions::default();
    assert!(select(&[], &opts).is_empty());
    assert!(select(&["", "  "], &opts).is_empty());
    assert_eq!(select(&["এক দুই তিন চার পাঁচ ছয়"], &opts), vec![0]);
}
