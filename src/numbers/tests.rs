//! Number semantics: forms of both languages become values; the parser never panics.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::*;

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
    assert_eq!(bn("১১ লাখ টাকা"), vec![1_100_000.0]);
    assert_eq!(bn("১০ হাজার কোটি"), vec![1e11]);
    assert_eq!(bn("২ কোটি ৩০ লাখ"), vec![2.3e7]);
    assert_eq!(bn("তিনশো জন"), vec![300.0]);
    assert_eq!(bn("৫ হাজার ৫০০ জন"), vec![5500.0]);
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
    assert_eq!(en("two million three hundred thousand"), vec![2.3e6]);
    assert_eq!(en("two and a half"), vec![2.5]);
    assert_eq!(en("a million"), vec![1e6]);
    assert_eq!(en("2,00,000 people"), vec![200_000.0]);
    let time = mentions("at 11:30am", Lang::English);
    assert!(time.first().unwrap().alternatives.contains(&11.5));
    let years = mentions("the 2018-19 fiscal year", Lang::English);
    assert!(years.get(1).unwrap().alternatives.contains(&2019.0));
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
        let _ = crate::faithfulness::check_numbers(&text, &text);
    }
}
