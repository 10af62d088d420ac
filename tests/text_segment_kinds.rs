//! Sentence ends as whole kinds: every abbreviation of the lexicon, every speech verb, and
//! property tests for '.'-terminated sentences and quotation attributions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use bengali_digest::text::segment::{
    abbreviations, is_abbreviation, segment, speech_verbs, MAX_ATTRIBUTION_WORDS,
};
use proptest::prelude::*;

fn texts(text: &str) -> Vec<String> {
    segment(text)
        .iter()
        .map(|s| s.text(text).to_string())
        .collect()
}

#[test]
fn lexicon_is_well_formed() {
    let all = abbreviations();
    assert!(all.len() > 100, "{} entries", all.len());
    let mut seen = HashSet::new();
    for a in all {
        assert!(a.form.ends_with('.'), "{a:?}: a form ends with its '.'");
        assert!(
            a.form
                .split(' ')
                .all(|w| w.ends_with('.') && !w.contains(char::is_whitespace)),
            "{a:?}"
        );
        assert!(!a.kind.is_empty() && !a.meaning.is_empty(), "{a:?}");
        assert!(seen.insert(a.form), "{} listed twice", a.form);
    }
    // The kinds the issue names are all there.
    for form in [
        "ডা.",
        "মো.",
        "অ্যাড.",
        "ইঞ্জি.",
        "প্রফে.",
        "ব্যারি.",
        "লে.",
        "ক.",
        "মেজ.",
        "জে.",
        "অব.",
        "জানু.",
        "ফেব্রু.",
        "কি.মি.",
    ] {
        assert!(seen.contains(form), "{form} missing from the lexicon");
    }
}

/// Each entry, mid-sentence and opening a sentence, never ends the sentence; the sentence after
/// it still starts where it should. Every entry is checked and every failing one reported.
#[test]
fn every_abbreviation_keeps_the_sentence_whole() {
    let mut failures = Vec::new();
    for a in abbreviations() {
        let first = format!("সভায় {} রহমান উপস্থিত ছিলেন।", a.form);
        let text = format!("{first} পরে সবাই চলে যান।");
        let mid = texts(&text);
        if mid != [first.as_str(), "পরে সবাই চলে যান।"] {
            failures.push(format!("{} ({}): {mid:?}", a.form, a.meaning));
        }
        let opening = format!("{} রহমান এসেছেন।", a.form);
        let start = texts(&opening);
        if start != [opening.as_str()] {
            failures.push(format!("{} opening a sentence: {start:?}", a.form));
        }
        if !a.form.contains(' ') && !is_abbreviation(a.form.trim_end_matches('.')) {
            failures.push(format!("{}: is_abbreviation is false", a.form));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Written with a ZWJ in the ya-phala (অ্যাড as অ + ্ + ZWJ + য …), an entry still matches.
#[test]
fn abbreviations_match_with_joiners() {
    for a in abbreviations().iter().filter(|a| a.form.contains("্য")) {
        let zwj = a.form.replacen("্য", "্\u{200D}য", 1);
        let text = format!("{zwj} রহমান এসেছেন। পরে যান।");
        assert_eq!(texts(&text).len(), 2, "{zwj:?}");
    }
}

/// Runs of abbreviations (ranks, initials, degrees) and bracketed ones.
#[test]
fn abbreviation_sequences() {
    for (text, n) in [
        ("ব্রি. জে. (অব.) কামাল উদ্দিন সভাপতিত্ব করেন।", 1),
        ("লে. ক. (অব.) রশিদ বক্তব্য দেন।", 1),
        ("নির্বাচন হবে ১২ মে. পরে ফল ঘোষণা।", 2),
        ("মে. জে. রহমান এবং এ. কে. এম. ফজলুল হক এসেছেন।", 1),
        ("এ.কে.এম. শামসুদ্দিন এম.বি.বি.এস. পাস করেছেন।", 1),
        ("দূরত্ব ১২ কি. মি. বা ১২ কি.মি. মাত্র।", 1),
        ("১২ জানু. ও ৫ ফেব্রু. তারিখে সভা হবে।", 1),
        ("Dr. Smith met Mr. Lee in the U.S. Army. Then left.", 2),
    ] {
        assert_eq!(texts(text).len(), n, "{text}: {:?}", texts(text));
    }
}

/// Bengali words built from consonants, vowel signs and conjuncts, 1 to 5 grapheme clusters.
fn bengali_word() -> impl Strategy<Value = String> {
    let consonant = prop::sample::select(vec![
        "ক",
        "খ",
        "গ",
        "চ",
        "জ",
        "ট",
        "ড",
        "ত",
        "দ",
        "ন",
        "প",
        "ব",
        "ম",
        "র",
        "ল",
        "শ",
        "স",
        "হ",
        "ক্ষ",
        "ন্ত",
        "ম্প",
        "স্ট",
        "ঞ্জ",
        "ড়",
        "য়",
    ]);
    let sign = prop::sample::select(vec!["", "", "া", "ি", "ী", "ু", "ে", "ো", "্য", "ং"]);
    let cluster = (consonant, sign).prop_map(|(c, s)| format!("{c}{s}"));
    let first = prop::sample::select(vec!["", "আ", "এ", "ই", "উ", "অ"]);
    (first, prop::collection::vec(cluster, 1..=4))
        .prop_map(|(f, v)| format!("{f}{}", v.concat()))
        .prop_filter("not an abbreviation", |w| !is_abbreviation(w))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A '.' after any non-abbreviation Bengali word, whatever its length, ends the sentence
    /// when a new sentence starts after it (a Bengali word, a digit, or a quotation).
    #[test]
    fn period_after_any_other_word_ends_the_sentence(
        last in bengali_word(),
        next in prop::sample::select(vec!["কাল রোদ উঠবে.", "১২ জন আহত হন.", "“আমরা জিতব।”", "নদীতে পানি বেড়েছে।"]),
    ) {
        let first = format!("আজ {last}.");
        let text = format!("{first} {next}");
        prop_assert_eq!(texts(&text), vec![first, next.to_string()]);
    }

    /// Not before a lowercase Latin word, and never inside a number.
    #[test]
    fn period_before_lowercase_or_inside_number_does_not_end(last in bengali_word(), n in 0u32..10_000) {
        let text = format!("আজ {last}. mobile ফোন এসেছে।");
        prop_assert_eq!(texts(&text).len(), 1);
        let text = format!("দাম {n}.{} টাকা। পরে", n % 10);
        prop_assert_eq!(texts(&text).len(), 2);
    }

    /// A quotation opening a sentence and ending in ! ? or । stays with an attribution clause
    /// that contains any speech verb, before or after the speaker.
    #[test]
    fn attribution_stays_with_its_quotation(
        verb in prop::sample::select(speech_verbs().to_vec()),
        mark in prop::sample::select(vec!["!", "?", "।", "!!", "?!"]),
        speaker in prop::sample::select(vec!["অধিনায়ক", "দলের প্রধান কোচ", "তিনি", "মো. রহমান"]),
        verb_first in any::<bool>(),
    ) {
        let attribution = if verb_first { format!("{verb} {speaker}") } else { format!("{speaker} {verb}") };
        let first = format!("“আমরা জিতবই{mark}” {attribution}।");
        let text = format!("{first} খেলা শুরু হবে বিকেলে।");
        prop_assert_eq!(texts(&text), vec![first, "খেলা শুরু হবে বিকেলে।".to_string()]);
    }

    /// No speech verb, a long clause, a new quotation, or a quotation that did not open the
    /// sentence: the sentence ends at the quotation.
    #[test]
    fn non_attributions_are_cut(
        mark in prop::sample::select(vec!["!", "?", "।"]),
        verb in prop::sample::select(speech_verbs().to_vec()),
    ) {
        let quote = format!("“আমরা জিতবই{mark}”");
        for rest in [
            "খেলা শুরু হবে বিকেলে।".to_string(),
            format!("{verb} {}।", ["দলের"; MAX_ATTRIBUTION_WORDS].join(" ")),
            format!("তিনি আরও {verb}, “কাল দেখা হবে।”"),
        ] {
            let text = format!("{quote} {rest}");
            prop_assert_eq!(texts(&text), vec![quote.clone(), rest.clone()]);
        }
        let text = format!("অধিনায়ক বলেন, {quote} {verb} তিনি।");
        prop_assert_eq!(texts(&text).len(), 2, "{}", text);
    }
}

/// Each speech verb of the list, in the case that failed: the attribution is not a fragment.
#[test]
fn every_speech_verb_keeps_the_attribution() {
    for verb in speech_verbs() {
        let first = format!("“আমরা জিতবই!” {verb} অধিনায়ক।");
        let text = format!("{first} খেলা শুরু হবে বিকেলে।");
        assert_eq!(
            texts(&text),
            [first.as_str(), "খেলা শুরু হবে বিকেলে।"],
            "{verb}"
        );
    }
}
