//! The key-point pool: bounded on a long stream, exactly `select` on a short one.

use crate::keypoints::candidates::Candidates;
use crate::keypoints::extractive::{select, ExtractiveOptions};
use crate::text::normalize::{normalize, NormalizeOptions};
use crate::text::segment::segment;

use crate::input::tests::generated::{repetition, seed};

/// The key-point pool over a long sentence stream never holds more than its capacity, and on
/// a short one it is exactly `select`.
#[test]
fn key_point_pool_is_bounded_and_exact_when_small() {
    let opts = ExtractiveOptions::default();
    let seed = seed();
    let text: String = (0..120).map(|r| repetition(&seed, r, false)).collect();
    let norm = normalize(&text, &NormalizeOptions::default());
    let sentences: Vec<&str> = segment(&norm.text)
        .iter()
        .map(|s| s.text(&norm.text))
        .collect();
    assert_eq!(sentences.len(), 24 * 120);
    let mut pool = Candidates::new(&opts);
    for (i, s) in sentences.iter().enumerate() {
        pool.push(s.to_string(), i);
        assert!(pool.len() <= pool.capacity());
    }
    let chosen = pool.select();
    assert_eq!(chosen.len(), opts.count);
    for (s, i) in &chosen {
        assert_eq!(sentences[*i], s);
    }
    let small = &sentences[..200];
    let mut pool = Candidates::new(&opts);
    for (i, s) in small.iter().enumerate() {
        pool.push(s.to_string(), i);
    }
    let ids: Vec<usize> = pool.select().into_iter().map(|(_, i)| i).collect();
    assert_eq!(ids, select(small, &opts));
}
