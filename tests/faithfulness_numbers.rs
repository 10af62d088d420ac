//! Number semantics and the number checks on hand-made cases: each form of the false
//! alarms, each kind of error, the warning JSON shape.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bengali_digest::faithfulness::{check_key_point, check_numbers};
use bengali_digest::numbers::{mentions, Lang};
use bengali_digest::Warning;
use proptest::prelude::*;

fn values(text: &str, lang: Lang) -> Vec<f64> {
    mentions(text, lang).iter().map(|m| m.value).collect()
}

#[test]
fn bengali_numbers_become_values() {
    let bn = |t| values(t, Lang::Bengali);
    assert_eq!(bn("সাড়ে ৬ ভাগ"), vec![6.5]);
    assert_eq!(bn("১১ লাখ"), vec![1_100_000.0]);
    assert_eq!(bn("১০ হাজার কোটি টাকা"), vec![1e11]);
    assert_eq!(bn("৪ কোটি ২৫ লাখ"), vec![42_500_000.0]);
    assert_eq!(bn("২ দশমিক ১৮ শতাংশ"), vec![2.18]);
    assert_eq!(bn("দেড় হাজার"), vec![1500.0]);
    assert_eq!(bn("আড়াই বছর"), vec![2.5]);
    assert_eq!(bn("পৌনে দুই লাখ"), vec![175_000.0]);
    assert_eq!(bn("তিনশো পঞ্চাশ জন"), vec![350.0]);
    assert_eq!(bn("ছয় শতাধিক"), vec![600.0]);
    assert_eq!(bn("৫ হাজার ৫০০"), vec![5500.0]);
    assert_eq!(bn("পঁচিশ জন"), vec![25.0]);
    assert_eq!(bn("৫ম শ্রেণি"), vec![5.0]);
    // Number-like words that are not numbers: he, arrest, world, show, lion.
    assert!(bn("তিনি আটক হন, বিশ্ব এয়ার শো'র শের-ই বাংলা").is_empty());
    // The same text in Bengali or ASCII digits, and either spelling of য়.
    assert_eq!(bn("৬ লাখেরও বেশি"), bn("6 লাখেরও বেশি"));
    assert_eq!(bn("ছয়টি"), bn("ছয়টি"));
}

#[test]
fn english_numbers_become_values() {
    let en = |t| values(t, Lang::English);
    assert_eq!(en("6.5 percent"), vec![6.5]);
    assert_eq!(en("1.1 million"), vec![1_100_000.0]);
    assert_eq!(en("Tk 10,000 crore"), vec![1e11]);
    assert_eq!(en("Taka 4 crore 25 lakh"), vec![42_500_000.0]);
    assert_eq!(en("twenty-five people"), vec![25.0]);
    assert_eq!(en("two and a half years"), vec![2.5]);
    assert_eq!(en("one hundred and five"), vec![105.0]);
    assert_eq!(en("$5bn"), vec![5e9]);
    assert_eq!(en("2,00,000 people"), vec![200_000.0]);
    let time = mentions("at 11:30am", Lang::English);
    assert!(time.first().unwrap().alternatives.contains(&11.5));
    let years = mentions("the 2018-19 fiscal year", Lang::English);
    assert!(years.get(1).unwrap().alternatives.contains(&2019.0));
}

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

proptest! {
    /// Any mix of number words, digits, separators and other text: no panic, and every
    /// mention's span is a char-boundary slice of the text equal to its surface.
    #[test]
    fn the_parser_never_panics(parts in proptest::collection::vec(proptest::sample::select(vec![
        "১০", "২,০০০", "3.5", "৫ম", "সাড়ে", "দেড়", "পৌনে", "হাজার", "লাখ", "কোটি", "শো", "শ",
        "দশমিক", "শতাংশ", "ভাগ", "তিনশো", "দুই", "এক", "নয়", "শতাধিক", "থেকে", "-", ":", "%",
        "million", "and", "a", "half", "twenty-five", "per", "cent", "dollars", "one", "hundred",
        "lakhs", "1st", "10:30", "2018-19", ",", "।", "x", "\u{9BC}", "\u{200D}", " ",
    ]), 0..24)) {
        let text: String = parts.concat();
        for lang in [Lang::Bengali, Lang::English] {
            for m in mentions(&text, lang) {
                prop_assert_eq!(text.get(m.span.clone()), Some(m.surface.as_str()));
                prop_assert!(m.value.is_finite());
            }
        }
        let _ = check_numbers(&text, &text);
    }
}
