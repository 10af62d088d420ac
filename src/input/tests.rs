//! The bounded reader on the worst case. Uses the generator of `tests/common/generated.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

/// The generator, also used by the key-point pool tests (one copy of the module per crate).
#[path = "../../tests/common/generated.rs"]
pub(crate) mod generated;

use std::sync::Mutex;
use std::time::Instant;

use super::{Windows, DEFAULT_WINDOW_BYTES};
use crate::text::normalize::{normalize, NormalizeOptions};
use crate::text::segment::segment;
use generated::{peak_kb, reset_peak, Checker, Generated, TEN_MB};

/// One test at a time: VmHWM is per process.
static SERIAL: Mutex<()> = Mutex::new(());

/// The streaming front end on the worst case, 10 MB with no line break: the bounded reader
/// cuts the one paragraph into windows, each normalized and segmented as `Pipeline::stream`
/// does before translating (the translating variant is the ignored test of
/// `tests/large_input.rs`).
#[test]
fn ten_megabytes_on_one_line_stream_through_the_front_end_in_bounded_memory() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    reset_peak();
    let before = peak_kb();
    let t = Instant::now();
    let mut check = Checker::new(true);
    let mut windows = Windows::new(Generated::new(TEN_MB, true), DEFAULT_WINDOW_BYTES);
    let mut cuts = 0;
    for w in windows.by_ref() {
        let w = w.unwrap();
        assert!(w.text.len() <= DEFAULT_WINDOW_BYTES);
        assert_eq!(w.continues, cuts > 0);
        cuts += usize::from(w.cut.is_some());
        let norm = normalize(&w.text, &NormalizeOptions::default());
        for s in segment(&norm.text) {
            let span = norm.original_span(s.span.clone());
            check.sentence(
                w.offset + span.start..w.offset + span.end,
                s.text(&norm.text),
            );
        }
    }
    let bytes = windows.bytes_read();
    let secs = t.elapsed().as_secs_f64();
    let peak = peak_kb();
    let sentences = check.finish(bytes);
    assert!(bytes >= TEN_MB);
    assert!(cuts >= TEN_MB / DEFAULT_WINDOW_BYTES - 1, "{cuts} cuts");
    let growth_mb = (peak.saturating_sub(before)) as f64 / 1024.0;
    eprintln!(
        "front end, {:.1} MB on one line: {sentences} sentences, {cuts} window cuts, {secs:.1} s; \
         RSS before {:.1} MB, peak {:.1} MB (+{growth_mb:.1} MB)",
        bytes as f64 / 1048576.0,
        before as f64 / 1024.0,
        peak as f64 / 1024.0,
    );
    assert!(growth_mb < 32.0, "peak grew by {growth_mb:.1} MB");
}
