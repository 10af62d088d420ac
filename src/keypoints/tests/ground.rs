//! Grounding of summary bullets in the translated sentences.

use crate::keypoints::ground::ground;

#[test]
fn a_bullet_is_grounded_in_the_sentences_it_overlaps() {
    let english = [
        "North Korea sent 3,000 troops to Russia.",
        "The weather was fine.",
    ];
    assert_eq!(ground("Pyongyang sent troops to Russia", &english), vec![0]);
    assert!(ground("Nothing shared", &english).is_empty());
}
