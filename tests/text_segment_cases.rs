//! The news-desk segmentation cases of `../shared/cases/segment/`: each input must give exactly
//! the sentences its `.expected` file describes. The data must be present (CI has a copy at the
//! same relative place): a missing file fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use bengali_digest::text::{normalize, segment, NormalizeOptions};

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/cases/segment")
}

fn read(name: &str) -> String {
    let p = cases_dir().join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the shared case data must be at ../shared relative to the repo root)",
            p.display()
        )
    })
}

/// The number `N` of "Right: N sentences" in an `.expected` file.
fn expected_count(expected: &str) -> usize {
    let rest = expected
        .split("Right:")
        .nth(1)
        .unwrap_or_else(|| panic!("no 'Right:' in {expected:?}"));
    rest.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count after 'Right:' in {expected:?}"))
}

/// Segments the case `name` (normalized as the pipeline does) and checks it against the count
/// in its `.expected` file and against `want`, the sentences that file describes.
fn check(name: &str, want: &[&str]) {
    let raw = read(&format!("{name}.bn.txt"));
    let expected = read(&format!("{name}.bn.txt.expected"));
    assert_eq!(
        want.len(),
        expected_count(&expected),
        "{name}: the table here disagrees with the .expected file"
    );
    let norm = normalize(&raw, &NormalizeOptions::default());
    let text = norm.text.as_str();
    let got: Vec<&str> = segment(text).iter().map(|s| s.text(text)).collect();
    assert_eq!(got, want, "{name}: {expected}");
}

#[test]
fn every_case_file_has_a_table_here() {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap_or_else(|e| panic!("{}: {e}", cases_dir().display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".bn.txt").map(str::to_string))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "seg_abbrev_missing",
            "seg_period_terminated",
            "seg_quote_excl_attrib"
        ]
    );
}

#[test]
fn abbreviations_with_conjuncts_and_vowel_signs() {
    check(
        "seg_abbrev_missing",
        &[
            "অ্যাড. রফিকুল ইসলাম ও ইঞ্জি. সাইফুল হক সভায় উপস্থিত ছিলেন।",
            "ব্রি. জে. (অব.) কামাল উদ্দিন সভাপতিত্ব করেন।",
        ],
    );
}

#[test]
fn period_terminated_sentences() {
    check(
        "seg_period_terminated",
        &[
            "আজ বৃষ্টি হবে.",
            "কাল রোদ উঠবে.",
            "নদীতে পানি বেড়েছে.",
            "সবাই খুশি.",
        ],
    );
}

#[test]
fn quoted_exclamation_keeps_its_attribution() {
    check(
        "seg_quote_excl_attrib",
        &["“আমরা জিতবই!” বললেন অধিনায়ক।", "খেলা শুরু হবে বিকেলে।"],
    );
}
