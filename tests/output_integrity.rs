//! The English side keeps what the Bengali side promises: no translation is cut silently, long
//! input is split rather than refused, and extreme options are errors, not panics.
//!
//! The cases under `../shared/cases/output/` (copied here as constants, so the test does not
//! depend on a file outside the repository) each have their right result asserted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use bengali_digest::{
    EarlyStopping, Error, FinishReason, GenerateOptions, LoadOptions, ModelOptions, Pipeline,
    Seq2Seq, Seq2SeqModel, Warning,
};

/// `trunc_long_sentence.bn.txt`.
const TRUNC_LONG_SENTENCE: &str = "সরকার জানিয়েছে যে আগামী বছরের বাজেটে শিক্ষা, স্বাস্থ্য, কৃষি, যোগাযোগ, বিদ্যুৎ, পানি সরবরাহ, গ্রামীণ উন্নয়ন, নারী ও শিশু বিষয়ক কার্যক্রম, সামাজিক নিরাপত্তা বেষ্টনী, তথ্যপ্রযুক্তি, ক্রীড়া, সংস্কৃতি এবং পরিবেশ সংরক্ষণ খাতে বরাদ্দ বাড়ানো হবে, যা দেশের সার্বিক উন্নয়নে গুরুত্বপূর্ণ ভূমিকা রাখবে বলে মন্ত্রী আশা প্রকাশ করেন।";

/// `long_clause_sentence.bn.txt`.
fn long_clause_sentence() -> String {
    let clause = "জেলার বিভিন্ন উপজেলায় নতুন সড়ক নির্মাণের কাজ শুরু হয়েছে, ";
    format!(
        "মন্ত্রী জানান, {}জেলার বিভিন্ন উপজেলায় নতুন সড়ক নির্মাণের কাজ শুরু হয়েছে এবং আগামী মাসের মধ্যে সব কাজ শেষ হবে বলে আশা করা হচ্ছে।",
        clause.repeat(7)
    )
}

use common::fixture;

fn m2m100() -> Pipeline {
    Pipeline::builder()
        .translator(fixture("m2m100"))
        .build()
        .unwrap()
}

/// The piece count of the `split` warning.
fn split_count(warnings: &[Warning]) -> Option<usize> {
    warnings.iter().find_map(|w| match w {
        Warning::Split { pieces, .. } => Some(*pieces),
        _ => None,
    })
}

/// The `detail` of the `split` warning.
fn split_detail(warnings: &[Warning]) -> Option<&str> {
    warnings.iter().find_map(|w| match w {
        Warning::Split { detail, .. } => Some(detail.as_str()),
        _ => None,
    })
}

/// The `length` warnings: `(pieces cut, of, max_length)`.
fn lengths(warnings: &[Warning]) -> Vec<(Vec<usize>, usize, usize)> {
    warnings
        .iter()
        .filter_map(|w| match w {
            Warning::Length {
                pieces,
                of,
                max_length,
                ..
            } => Some((pieces.clone(), *of, *max_length)),
            _ => None,
        })
        .collect()
}

#[test]
fn finish_reasons_agree_with_the_golden_rows() {
    let (mut eos, mut length) = (0, 0);
    for dir in common::fixtures() {
        let model = common::load_model(&dir, ModelOptions::default());
        let goldens = common::goldens(&dir);
        for case in goldens["cases"].as_array().unwrap() {
            let opts = common::options(&case["generate_kwargs"]);
            let s = model.generation_config(&opts).unwrap();
            let (eos_ids, max_length) = (s.eos_token_id.unwrap(), s.max_length.unwrap());
            let inputs = common::unpad(&case["input_ids"], &case["attention_mask"]);
            let got = model.generate_with_reasons(&inputs, &opts).unwrap();
            let want = common::ids(&case["output_ids"]);
            let name = format!("{}/{}", dir.display(), case["name"]);
            assert_eq!(
                got.iter().map(|g| g.ids.clone()).collect::<Vec<_>>(),
                want,
                "{name}: ids changed"
            );
            for (g, row) in got.iter().zip(&want) {
                // Derived from the transformers row alone: the first EOS after the start token
                // ends it; one forced at the cap (or none) means the cap stopped it.
                let first_eos = row
                    .iter()
                    .skip(1)
                    .position(|t| eos_ids.contains(t))
                    .map(|p| p + 2);
                let expected = match first_eos {
                    Some(len) if !(s.forced_eos_token_id.is_some() && len >= max_length) => {
                        FinishReason::Eos
                    }
                    _ => FinishReason::Length,
                };
                assert_eq!(g.finish_reason, expected, "{name}: {row:?}");
                match expected {
                    FinishReason::Eos => eos += 1,
                    FinishReason::Length => length += 1,
                }
            }
        }
    }
    // Both kinds occur in the goldens, so neither branch goes untested.
    assert!(eos > 0 && length > 0, "eos {eos}, length {length}");
}

#[test]
fn run_reports_the_cap_on_the_whole_long_sentence() {
    let model = Seq2Seq::load(&fixture("m2m100"), &LoadOptions::default()).unwrap();
    for beams in [1, 2] {
        let opts = GenerateOptions::default().num_beams(beams);
        let out = model
            .run_with_reasons(&[TRUNC_LONG_SENTENCE], &opts, 1, &|_, _| {})
            .unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].1, FinishReason::Length, "beams {beams}");
        // `run` gives the same text.
        let text = model
            .run(&[TRUNC_LONG_SENTENCE], &opts, 1, &|_, _| {})
            .unwrap();
        assert_eq!(text[0], out[0].0);
    }
}

/// `trunc_long_sentence`: fed whole, the translation stops at the 64-id cap. Right: every
/// piece ends on EOS after re-splitting, or the sentence carries a `length` warning.
#[test]
fn trunc_long_sentence_is_resplit_and_flagged() {
    let d = m2m100().digest(TRUNC_LONG_SENTENCE).unwrap();
    assert_eq!(d.sentences.len(), 1);
    let s = &d.sentences[0];
    let n = split_count(&s.warnings).expect("a split warning");
    assert!(n >= 2, "{:?}", s.warnings);
    // The random-weight fixture never ends on EOS: the cap cannot be beaten, so it is flagged,
    // naming the pieces.
    let length = lengths(&s.warnings);
    assert_eq!(length.len(), 1, "{:?}", s.warnings);
    assert_eq!(length[0].2, 64, "the cap: {length:?}");
    assert_eq!(length[0].1, n, "{length:?}");
    assert!(!length[0].0.is_empty(), "{length:?}");
    // JSON: an object with `kind`.
    let json = serde_json::to_value(&s.warnings).unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "length" && w["sentence"] == 0),
        "{json}"
    );
}

/// `long_clause_sentence`: longer than the piece budget, it is translated in clause pieces.
/// Right: a `split` warning naming the number of pieces, and the `length` rule for each piece.
#[test]
fn long_clause_sentence_carries_a_split_warning() {
    let d = m2m100().digest(&long_clause_sentence()).unwrap();
    assert_eq!(d.sentences.len(), 1);
    let s = &d.sentences[0];
    let n = split_count(&s.warnings).expect("a split warning");
    assert!(n >= 2, "{:?}", s.warnings);
    assert!(
        lengths(&s.warnings).iter().all(|l| l.1 == n),
        "{:?}",
        s.warnings
    );
}

/// The source budget per piece follows the output cap, not only the positions: with 16 new
/// tokens, pieces hold (17 − 2) / 1.3 = 11 source tokens, though the positions allow 62; a tiny
/// cap does not cut the input below 8 tokens a piece.
#[test]
fn piece_budget_follows_the_output_cap() {
    let model = Seq2Seq::load(&fixture("m2m100"), &LoadOptions::default()).unwrap();
    let opts = GenerateOptions::default().max_new_tokens(16);
    assert_eq!(model.budget(), 62);
    assert_eq!(model.translation_budget(&opts).unwrap(), 11);
    let tiny = GenerateOptions::default().max_new_tokens(2);
    assert_eq!(model.translation_budget(&tiny).unwrap(), 8);
    assert_eq!(
        model
            .translation_budget(&GenerateOptions::default())
            .unwrap(),
        47
    );
    let p = Pipeline::builder()
        .translator(fixture("m2m100"))
        .max_new_tokens(16)
        .build()
        .unwrap();
    let sentence = "ঢাকায় আজ সকালে প্রধানমন্ত্রী নতুন সেতুর উদ্বোধন করেছেন এবং জেলার মানুষ খুশি হয়েছেন।";
    let n = model.count_tokens(sentence);
    assert!(n > 11 && n <= 47, "{n}");
    // With the model's own cap (47 source tokens a piece) the front end keeps it whole: any
    // split then comes from a translation reaching the cap, and says so.
    let whole = m2m100().digest(sentence).unwrap();
    assert!(
        split_detail(&whole.sentences[0].warnings)
            .is_none_or(|d| d.contains("reached the output cap: re-split")),
        "{:?}",
        whole.sentences[0].warnings
    );
    let d = p.digest(sentence).unwrap();
    let s = &d.sentences[0];
    assert!(split_count(&s.warnings).is_some_and(|n| n >= 2), "{s:?}");
    assert!(
        split_detail(&s.warnings).is_some_and(|d| d.contains("(11 source tokens")),
        "{s:?}"
    );
}

#[test]
fn max_new_tokens_usize_max_is_an_error() {
    let r = Pipeline::builder()
        .translator(fixture("m2m100"))
        .max_new_tokens(usize::MAX)
        .build();
    assert!(matches!(r, Err(Error::InvalidSetting(_))), "{:?}", r.err());
}

/// `summ_overlong_line.en.txt`: one line of 134 tokens for a model that accepts 64.
fn summ_overlong_line() -> String {
    let four = "the president said the talks with russia will start on friday . the army will \
                support the peace talks . kim said the meeting was the first in two years . the \
                government said people in the country will support the new leader .";
    [four; 3].join(" ")
}

fn summarizer() -> Seq2Seq {
    let load = LoadOptions::default().task(bengali_digest::Task::Summarization);
    Seq2Seq::load(&fixture("bart"), &load).unwrap()
}

#[test]
fn overlong_summarizer_input_is_cut_at_sentence_ends_without_loss() {
    use bengali_digest::keypoints::abstractive::fit;
    let model = summarizer();
    let text = summ_overlong_line();
    let count = |s: &str| model.count_tokens(s);
    assert!(
        count(&text) > model.budget(),
        "the case must be over the budget"
    );
    let units = fit(&text, model.budget(), &count);
    assert!(units.len() >= 2, "{units:?}");
    assert!(
        units.iter().all(|u| count(u) <= model.budget()),
        "{units:?}"
    );
    // Cut at sentence ends: every unit is whole sentences.
    assert!(units.iter().all(|u| u.ends_with('.')), "{units:?}");
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(squeeze(&units.join(" ")), squeeze(&text));
    // A sentence with no end at all: token windows, still nothing lost.
    let run_on = "word ".repeat(200);
    let units = fit(&run_on, model.budget(), &count);
    assert!(units.len() >= 2 && units.iter().all(|u| count(u) <= model.budget()));
    assert_eq!(squeeze(&units.join(" ")), squeeze(&run_on));
}

/// `summ_overlong_line`: right result is bullets and no error (was: "input 0 has 134 tokens;
/// the model accepts at most 64").
#[test]
fn summ_overlong_line_is_map_reduced_into_bullets() {
    use bengali_digest::keypoints::abstractive::{bullets, summarize};
    let model = summarizer();
    let text = summ_overlong_line();
    let summary = summarize(&model, &[&text], &GenerateOptions::default()).unwrap();
    assert!(!bullets(&summary).is_empty(), "{summary:?}");
}

/// The `summarize` example on the case file: exit 0, bullets on stdout (the example is built
/// first).
#[test]
fn summarize_example_gives_bullets_for_an_overlong_line() {
    let bin = common::built_example("summarize");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summ_overlong_line.en.txt");
    std::fs::write(&file, summ_overlong_line() + "\n").unwrap();
    let out = std::process::Command::new(bin)
        .arg(&file)
        .arg("--model")
        .arg(fixture("bart"))
        .env(
            "ORT_DYLIB_PATH",
            Path::new(env!("CARGO_MANIFEST_DIR")).join(".ort/libonnxruntime.so.1.31.0"),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !stdout.is_empty() && stdout.lines().all(|l| l.starts_with("- ")),
        "{stdout}"
    );
}

#[test]
fn builder_bounds_are_typed_errors() {
    let build = |beams: Option<usize>, new: Option<usize>| {
        let mut b = Pipeline::builder().translator(fixture("m2m100"));
        if let Some(n) = beams {
            b = b.num_beams(n);
        }
        if let Some(n) = new {
            b = b.max_new_tokens(n);
        }
        b.build()
    };
    for (beams, new) in [
        (Some(0), None),
        (Some(65), None),
        (Some(usize::MAX), None),
        (None, Some(0)),
        (None, Some(1_000_001)),
        (None, Some(usize::MAX)),
    ] {
        let r = build(beams, new);
        assert!(
            matches!(r, Err(Error::InvalidSetting(_))),
            "{beams:?} {new:?}: {:?}",
            r.err()
        );
    }
    // The bounds themselves are accepted.
    assert!(build(Some(64), Some(1_000_000)).is_ok());
}

#[test]
fn settings_resolution_rejects_out_of_range_options() {
    let model =
        Seq2SeqModel::load(&fixture("m2m100"), &ModelOptions::default().threads(1)).unwrap();
    let bad = [
        GenerateOptions::default().max_new_tokens(usize::MAX),
        GenerateOptions::default().max_new_tokens(1_000_001),
        GenerateOptions::default().max_length(usize::MAX),
        GenerateOptions::default().num_beams(0),
        GenerateOptions::default().num_beams(65),
        GenerateOptions::default().repetition_penalty(0.0),
        GenerateOptions::default().repetition_penalty(-1.5),
        GenerateOptions::default().repetition_penalty(f32::NAN),
        GenerateOptions::default().repetition_penalty(f32::INFINITY),
        GenerateOptions::default().length_penalty(f32::NAN),
        GenerateOptions::default().length_penalty(f32::NEG_INFINITY),
    ];
    for opts in &bad {
        let r = model.generation_config(opts);
        assert!(
            matches!(r, Err(Error::InvalidSetting(_))),
            "{opts:?}: {r:?}"
        );
        // `generate` refuses too, before any work: an error, never a panic or empty output.
        let g = model.generate(&[vec![5, 6, 2]], opts);
        assert!(matches!(g, Err(Error::InvalidSetting(_))), "{opts:?}");
    }
    // Any finite length penalty is allowed (as in transformers), negative included.
    let ok = GenerateOptions::default()
        .length_penalty(-2.0)
        .num_beams(2)
        .max_new_tokens(3);
    assert!(model.generate(&[vec![5, 6, 2]], &ok).is_ok());
}

/// Degenerate lengths: nothing to generate is `Length` with only the start token, never a
/// panic or a division by zero in beam scoring.
#[test]
fn tiny_length_caps_do_not_panic() {
    let model =
        Seq2SeqModel::load(&fixture("m2m100"), &ModelOptions::default().threads(1)).unwrap();
    for beams in [1, 3] {
        for max_length in [0, 1, 2] {
            let opts = GenerateOptions::default()
                .num_beams(beams)
                .max_length(max_length)
                .early_stopping(EarlyStopping::False);
            let out = model
                .generate_with_reasons(&[vec![5, 6, 2]], &opts)
                .unwrap();
            assert_eq!(out.len(), 1);
            assert_eq!(out[0].finish_reason, FinishReason::Length, "{opts:?}");
            assert!(!out[0].ids.is_empty());
        }
    }
}

/// A tiny cap (`max_new_tokens(2)`) cannot be beaten by splitting: pieces of the 8-token floor,
/// no re-split, and the cut output is flagged.
#[test]
fn a_tiny_cap_is_flagged_not_resplit() {
    let p = Pipeline::builder()
        .translator(fixture("m2m100"))
        .max_new_tokens(2)
        .build()
        .unwrap();
    let sentence = "ঢাকায় আজ সকালে প্রধানমন্ত্রী নতুন সেতুর উদ্বোধন করেছেন এবং জেলার মানুষ খুশি হয়েছেন।";
    let d = p.digest(sentence).unwrap();
    let w = &d.sentences[0].warnings;
    assert!(!lengths(w).is_empty(), "{w:?}");
    assert!(
        split_detail(w).is_some_and(|d| d.contains("(8 source tokens") && !d.contains("re-split")),
        "{w:?}"
    );
}

#[test]
fn non_adjacent_repetition_is_recognised() {
    use bengali_digest::faithfulness::{is_degenerate, is_dominated, loops};
    // The "X X y X X z" shape of loop_single_word: no 4 equal words back to back.
    let shape = "ক ক এক ক ক দুই ক ক তিন ক ক চার ক ক পাঁচ ক ক ছয়";
    assert!(!is_degenerate(shape));
    assert!(is_dominated(shape) && loops(shape));
    let prose = "The government said on Friday that the new budget will raise spending on \
                 health, education and roads, and that the minister expects growth to return.";
    assert!(!is_dominated(prose) && !loops(prose));
    // Short outputs are not judged.
    assert!(!is_dominated("yes yes no"));
}

/// `loop_single_word` (marian fixture): the first output loops, the `no_repeat_ngram_size`
/// retry still repeats one word between others. Right: a second remedy (repetition penalty) is
/// tried, and a still-looping result carries a `degenerate` warning.
#[test]
fn loop_single_word_gets_a_second_remedy_then_a_degenerate_warning() {
    let p = Pipeline::builder()
        .translator(fixture("marian"))
        .build()
        .unwrap();
    let d = p.digest("ক্রমশ").unwrap();
    assert_eq!(d.sentences.len(), 1);
    let s = &d.sentences[0];
    let degenerate: Vec<(usize, bool)> = s
        .warnings
        .iter()
        .filter_map(|w| match w {
            Warning::Degenerate {
                retries,
                still_looping,
                ..
            } => Some((*retries, *still_looping)),
            _ => None,
        })
        .collect();
    assert_eq!(degenerate.len(), 1, "{:?}", s.warnings);
    // Two remedies: no_repeat_ngram_size=3, then also repetition_penalty=1.2.
    assert_eq!(degenerate[0].0, 2, "{degenerate:?}");
    // One piece: the warning says "still loops" exactly when the shipped English loops.
    assert_eq!(
        degenerate[0].1,
        bengali_digest::faithfulness::loops(&s.english),
        "{degenerate:?}"
    );
}
