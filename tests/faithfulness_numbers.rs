//! The number checks on hand-made cases (number semantics: `src/numbers/tests.rs`): each form of the false
//! alarms, each kind of error, the warning JSON shape.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bengali_digest::faithfulness::{check_key_point, check_numbers};
use bengali_digest::Warning;

#[test]
fn correct_translations_raise_nothing() {
    for (bn, en) in [
        ("সাড়ে ৬ ভাগ প্রবৃদ্ধি", "6.5 percent growth"),
        ("১১ লাখ রোহিঙ্গা", "1.1 million Rohingyas"),
        ("১০ লাখ মানুষ", "1 million people"),
        ("৪ প্রস্তাব", "four ideas"),
        ("৬ জন নিহত", "six people killed"),
        ("প্রায় ৯ হাজার ৮৫০ জন", "about 10,000 people"),
        ("২০১২ সালের ১১ ফেব্রুয়ারি", "on February 11, 2012"),
        ("২০১৮-১৯ অর্থবছরে", "in fiscal 2018-2019"),
        ("সাড়ে ১০টায়", "at 10:30am"),
        ("৪০ থেকে ৫০ হাজার টাকা", "Tk 40,000 to 50,000"),
        ("দুই বার", "twice"),
        ("একটি বৈঠক", "a meeting"),
        ("২৬ মার্চকে", "March 26"),
        // A date written without its month is not reported.
        ("৩ জুন পর্যন্ত", "till the 3rd"),
    ] {
        assert_eq!(check_numbers(bn, en), vec![], "{bn} → {en}");
    }
}

#[test]
fn each_kind_of_error_is_caught() {
    let kinds = |bn: &str, en: &str| -> Vec<&'static str> {
        check_numbers(bn, en).iter().map(Warning::kind).collect()
    };
    // Digit, magnitude, number word: one pair left on each side → changed.
    assert_eq!(kinds("৪৫ টাকা", "Tk 47"), ["number_changed"]);
    assert_eq!(
        kinds("৮৩ মিলিয়ন ডলার", "83 billion dollars"),
        ["number_changed"]
    );
    assert_eq!(kinds("১১ লাখ", "11 crore"), ["number_changed"]);
    assert_eq!(kinds("তিন দিন", "five days"), ["number_changed"]);
    // A magnitude slip pairs even with other numbers left over.
    assert_eq!(
        kinds("১১ লাখ রোহিঙ্গা", "1.1 billion Rohingyas and 5 others"),
        ["number_added", "number_changed"]
    );
    // A date's month changed.
    assert_eq!(kinds("১১ ফেব্রুয়ারি", "March 11"), ["number_changed"]);
    // Dropped and invented numbers.
    assert_eq!(
        kinds("৫ জন ও ৬ জন", "five and some people"),
        ["number_missing"]
    );
    assert_eq!(kinds("পাঁচ জন", "five people in 12 cars"), ["number_added"]);
    // Rounding is accepted only when hedged, and only towards fewer digits.
    assert_eq!(kinds("৯ হাজার ৮৫০ জন", "10,000 people"), ["number_changed"]);
    assert_eq!(kinds("প্রায় ১০ হাজার", "about 10,400"), ["number_changed"]);
    // A bound is not a rounding: "more than 10 lakh" for 11 lakh is wrong.
    assert_eq!(
        kinds("১১ লাখের বেশি", "more than 10 lakh"),
        ["number_changed"]
    );
}

#[test]
fn warnings_are_typed_json_objects() {
    let w = check_numbers("সাড়ে ৬ ভাগ", "6 percent");
    let json = serde_json::to_value(&w).unwrap();
    assert_eq!(json[0]["kind"], "number_changed");
    assert_eq!(json[0]["source_value"], 6.5);
    assert_eq!(json[0]["english_value"], 6.0);
    assert_eq!(json[0]["source"], "সাড়ে ৬ ভাগ");
    assert_eq!(json[0]["english"], "6 percent");
    let back: Vec<Warning> = serde_json::from_value(json).unwrap();
    assert_eq!(back, w);
    assert!(w[0].to_string().contains("became 6 percent"), "{}", w[0]);
    let split = serde_json::to_value(Warning::Split {
        sentence: 3,
        pieces: 2,
        detail: "cut at clause boundaries".into(),
    })
    .unwrap();
    assert_eq!(
        split,
        serde_json::json!({"kind": "split", "sentence": 3, "pieces": 2, "detail": "cut at clause boundaries"})
    );
}

#[test]
fn key_points_are_checked_against_their_sentences() {
    let source = ["দেশে ৬ লাখ ৫০ হাজার টন চাল আমদানি হয়েছে, যা গত বছরের চেয়ে ১২ শতাংশ বেশি।"];
    let english = ["The country imported 650,000 tonnes of rice, 12 percent more than last year."];
    assert!(check_key_point(
        "Rice imports rose 12 percent to 0.65 million tonnes.",
        &source,
        &english
    )
    .is_empty());
    let w = check_key_point(
        "Rice imports rose 21 percent to 650,000 tonnes.",
        &source,
        &english,
    );
    assert!(
        matches!(w.as_slice(), [Warning::NumberChanged { source_value, english_value, .. }]
            if *source_value == 12.0 && *english_value == 21.0),
        "{w:?}"
    );
    let w = check_key_point("Imports reached 6.5 million tonnes.", &source, &english);
    assert!(
        matches!(w.as_slice(), [Warning::NumberAdded { value, .. }] if *value == 6.5e6),
        "{w:?}"
    );
}
