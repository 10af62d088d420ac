//! Arbitrary text as a source/translation pair for the number check: no panic, every
//! mention's span slices the text to its surface, every value is finite.
#![no_main]

use bengali_digest::faithfulness::check_numbers;
use bengali_digest::numbers::{mentions, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for lang in [Lang::Bengali, Lang::English] {
        for m in mentions(text, lang) {
            assert_eq!(text.get(m.span.clone()), Some(m.surface.as_str()));
            assert!(m.value.is_finite());
        }
    }
    let mid = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
    let (a, b) = text.split_at(mid);
    let _ = check_numbers(a, b);
});
