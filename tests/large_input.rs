//! 10 MB of Bengali text through the streaming digest: every sentence accounted for, memory
//! bounded. The generated article repeats the seed article with a different number in every
//! sentence (so no two sentences are equal), produced lazily so the test itself holds O(1).
//!
//! Peak memory is read from `/proc/self/status` (VmHWM, reset through `/proc/self/clear_refs`);
//! the tests of this file run one at a time so each number is its own.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/generated.rs"]
mod generated;

use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use bengali_digest::{ParagraphDigest, Pipeline};
use generated::{peak_kb, reset_peak, seed, Checker, Generated, TEN_MB};

/// One test at a time: VmHWM is per process.
static SERIAL: Mutex<()> = Mutex::new(());

/// The pipeline's side of [`Checker`]: paragraphs as the stream hands them over.
trait Paragraphs {
    fn paragraph(&mut self, p: &ParagraphDigest);
}

impl Paragraphs for Checker {
    fn paragraph(&mut self, p: &ParagraphDigest) {
        match self.last_paragraph {
            Some(last) if p.continues => assert_eq!(p.paragraph, last),
            Some(last) => assert_eq!(p.paragraph, last + 1),
            None => assert_eq!(p.paragraph, 0),
        }
        self.last_paragraph = Some(p.paragraph);
        for s in &p.sentences {
            assert_eq!(s.id, self.next_id, "ids run on");
            assert!(!s.english.is_empty(), "sentence {} translated", s.id);
            self.cuts += s
                .warnings
                .iter()
                .filter(|w| matches!(w, bengali_digest::Warning::WindowCut { .. }))
                .count();
            self.sentence(s.span.clone(), &s.source);
        }
    }
}

fn marian() -> Pipeline {
    Pipeline::builder()
        .translator(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/fixtures/marian"))
        .max_new_tokens(2)
        .num_beams(1)
        .batch_size(64)
        .build()
        .unwrap()
}

fn stream(pipeline: &Pipeline, bytes: usize, one_line: bool) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // Warm up (model sessions, allocator) so the peak below is the stream's own.
    pipeline.digest(&seed()).unwrap();
    reset_peak();
    let before = peak_kb();
    let t = Instant::now();
    let mut check = Checker::new(one_line);
    let summary = pipeline
        .digest_reader(Generated::new(bytes, one_line), |p| {
            check.paragraph(&p);
            Ok(())
        })
        .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let peak = peak_kb();
    let cuts = check.cuts;
    let sentences = check.finish(summary.bytes);
    assert!(summary.bytes >= bytes);
    assert_eq!(summary.sentences, sentences);
    assert!(!summary.key_points.is_empty() && summary.key_points.len() <= 5);
    for k in &summary.key_points {
        assert!(k.sentences.iter().all(|&i| i < sentences));
    }
    let growth_mb = (peak.saturating_sub(before)) as f64 / 1024.0;
    eprintln!(
        "{} MB{}: {sentences} sentences, {} paragraphs, {cuts} window cuts, {secs:.1} s; \
         RSS before {:.1} MB, peak {:.1} MB (+{growth_mb:.1} MB)",
        summary.bytes as f64 / 1048576.0,
        if one_line { " on one line" } else { "" },
        summary.paragraphs,
        before as f64 / 1024.0,
        peak as f64 / 1024.0,
    );
    if one_line {
        assert_eq!(summary.paragraphs, 1);
        assert!(cuts >= bytes / pipeline.window_bytes() - 1, "{cuts} cuts");
    }
    // The bound: O(window), not O(input). 10 MB held whole would cost far more than this
    // (the input itself plus ~100 bytes per character for normalization).
    assert!(
        growth_mb < 48.0,
        "peak grew by {growth_mb:.1} MB over {before} kB"
    );
}

#[test]
fn ten_megabytes_streamed_with_every_sentence_accounted_for() {
    stream(&marian(), TEN_MB, false);
}

#[test]
#[ignore = "translates 10 MB: ~1.5 min in debug, run with --ignored"]
fn ten_megabytes_through_digest_on_a_str_hold_the_digest_only() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let pipeline = marian();
    pipeline.digest(&seed()).unwrap();
    let mut article = String::new();
    std::io::Read::read_to_string(&mut Generated::new(TEN_MB, false), &mut article).unwrap();
    reset_peak();
    let before = peak_kb();
    let t = Instant::now();
    let d = pipeline.digest(&article).unwrap();
    let secs = t.elapsed().as_secs_f64();
    let peak = peak_kb();
    let mut check = Checker::new(false);
    for s in &d.sentences {
        check.sentence(s.span.clone(), &s.source);
    }
    assert_eq!(check.finish(article.len()), d.sentences.len());
    let growth_mb = (peak.saturating_sub(before)) as f64 / 1024.0;
    let held: usize = d
        .sentences
        .iter()
        .map(|s| {
            s.source.len()
                + s.english.len()
                + s.warnings
                    .iter()
                    .map(|w| w.to_string().len())
                    .sum::<usize>()
        })
        .sum::<usize>()
        + d.translation.len();
    eprintln!(
        "digest(&str) on {:.1} MB: {} sentences, {secs:.1} s; peak +{growth_mb:.1} MB \
         (the Digest's strings: {:.1} MB)",
        article.len() as f64 / 1048576.0,
        d.sentences.len(),
        held as f64 / 1048576.0
    );
    // The Digest itself is O(input); the working set on top of it is O(window).
    assert!(
        growth_mb < 48.0 + 3.0 * held as f64 / 1048576.0,
        "{growth_mb:.1} MB"
    );
}
