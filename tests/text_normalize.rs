//! Normalization rules and the offset map.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bengali_digest::text::{normalize, NormalizeOptions};

fn n(s: &str) -> String {
    normalize(s, &NormalizeOptions::default()).text
}

#[test]
fn nukta_letters_use_base_plus_nukta() {
    assert_eq!(
        n("\u{09DC}\u{09DD}\u{09DF}"),
        "\u{09A1}\u{09BC}\u{09A2}\u{09BC}\u{09AF}\u{09BC}"
    );
    assert_eq!(n("\u{09AF}\u{09BC}"), "\u{09AF}\u{09BC}");
    // Two-part vowel sign composes under NFC.
    assert_eq!(n("ক\u{09C7}\u{09BE}"), "ক\u{09CB}");
}

#[test]
fn dandas() {
    assert_eq!(n("শেষ\u{09F7} পরে"), "শেষ। পরে");
    assert_eq!(n("শেষ| পরে"), "শেষ। পরে");
    assert_eq!(n("শেষ |"), "শেষ ।");
    assert_eq!(n("a | b"), "a | b");
    assert_eq!(n("শেষ॥"), "শেষ॥");
    assert_eq!(n("শেষ।"), "শেষ।");
}

#[test]
fn invisible_chars() {
    assert_eq!(n("\u{FEFF}ক\u{200B}খ\u{00AD}গ"), "কখগ");
    assert_eq!(n("ক\u{09CD}\u{200C}ষ"), "ক\u{09CD}\u{200C}ষ");
    assert_eq!(n("র\u{200D}\u{09CD}য"), "র\u{200D}\u{09CD}য");
    assert_eq!(n("a\u{200D}b \u{200C}ক"), "ab ক");
}

#[test]
fn whitespace_and_controls() {
    assert_eq!(n("ক\u{00A0}খ\u{202F}গ\tঘ"), "ক খ গ ঘ");
    assert_eq!(n("  এক   দুই  \r\nতিন\r\r\r\rচার  "), "এক দুই\nতিন\n\nচার");
    assert_eq!(n("এক\n\n\n\n\nদুই"), "এক\n\nদুই");
    assert_eq!(n("এক\n \n \nদুই"), "এক\n\nদুই");
    assert_eq!(n("a\u{0007}b\u{001B}c"), "abc");
    assert_eq!(n("\n\n  \n"), "");
}

#[test]
fn digits() {
    assert_eq!(n("১০.৫ ও ২০২৪"), "10.5 ও 2024");
    let keep = normalize("১০.৫", &NormalizeOptions::default().ascii_digits(false));
    assert_eq!(keep.text, "১০.৫");
}

#[test]
fn idempotent_on_samples() {
    for s in [
        "\u{09DC}\u{200D}ক |  ১২\r\n\n\n\nখ\u{00A0}",
        "e\u{200B}\u{0301}",
        "ক\u{200D}\u{200D}খ",
    ] {
        let once = n(s);
        assert_eq!(n(&once), once, "{s:?}");
    }
}

#[test]
fn offset_map_points_into_original() {
    let orig = "  এক\u{200B}  দুই।\r\n\r\n\r\n\u{09DF}াত ১০";
    let norm = normalize(orig, &NormalizeOptions::default());
    assert_eq!(norm.text, "এক দুই।\n\nয়াত 10");
    let t = &norm.text;
    let find = |needle: &str| {
        let s = t.find(needle).unwrap();
        norm.original_span(s..s + needle.len())
    };
    assert_eq!(&orig[find("এক")], "এক");
    assert_eq!(&orig[find("দুই।")], "দুই।");
    // The nukta letter maps to the precomposed original.
    assert_eq!(&orig[find("য়াত")], "\u{09DF}াত");
    assert_eq!(&orig[find("10")], "১০");
    assert_eq!(norm.original_offset(t.len()), orig.len());
    // Garbage offsets do not panic.
    let _ = norm.original_span(std::ops::Range {
        start: 1000,
        end: 5,
    });
    let _ = norm.original_span(1..2);
}
