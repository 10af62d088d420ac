//! Models as published on the Hub (real config, generation and tokenizer files around tiny random
//! weights, `models/make_hub_fixtures.py`), called as their users call them:
//! - summarizers through `Seq2Seq` with [`Task::Summarization`] equal
//!   `pipeline("summarization")(text)[0]["summary_text"]` (prefix, task params, no cleanup);
//! - every family's tokenizer (tokenizer.json or SentencePiece files) gives the input ids and
//!   decoded text of `transformers` on RisingNews lines (`tokenizer_cases`);
//! - settings resolution: generation_config.json wins over config.json, the 20-new-token
//!   default, a tokenizer larger than the model's vocabulary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};

use bengali_digest::{GenerateOptions, LoadOptions, ModelOptions, Seq2Seq, Seq2SeqModel, Task};
use serde_json::Value;

/// The fixtures built from real Hub files, each with its `SOURCE.md`.
const FAMILIES: &[&str] = &[
    "nllb-200",
    "m2m100-418m",
    "opus-mt-bn-en",
    "mbart-50",
    "distilbart-cnn-6-6",
    "t5-small",
    "banglat5",
];

fn dir(family: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/fixtures")
        .join(family)
}

fn goldens(family: &str) -> Value {
    common::goldens(&dir(family))
}

/// The folder of `family`, opened (its tokenizer appends the model's EOS as `Seq2Seq` does).
fn model_dir(family: &str) -> bengali_digest::ModelDir {
    bengali_digest::ModelDir::open(&dir(family), &ModelOptions::default()).unwrap()
}

#[test]
fn every_family_has_its_real_files_and_source() {
    for f in FAMILIES {
        let d = dir(f);
        assert!(d.join("SOURCE.md").is_file(), "{f}: SOURCE.md");
        assert!(d.join("config.json").is_file(), "{f}: config.json");
        assert!(d.join("goldens.json").is_file(), "{f}: goldens.json");
    }
    // Slow-only families carry no tokenizer.json, as their Optimum exports do not.
    for f in ["m2m100-418m", "opus-mt-bn-en", "banglat5"] {
        assert!(!dir(f).join("tokenizer.json").exists(), "{f}: slow-only");
    }
}

#[test]
fn summarizers_equal_the_summarization_pipeline() {
    let mut n = 0;
    let mut failures = Vec::new();
    for family in ["distilbart-cnn-6-6", "t5-small"] {
        let g = goldens(family);
        let model = Seq2Seq::load(
            &dir(family),
            &LoadOptions::default().task(Task::Summarization),
        )
        .unwrap();
        for case in g["pipeline_cases"].as_array().unwrap() {
            let text = case["text"].as_str().unwrap();
            let want = case["summary_text"].as_str().unwrap();
            let got = model
                .run(&[text], &GenerateOptions::default(), 1, &|_, _| {})
                .unwrap();
            n += 1;
            if got != [want] {
                failures.push(format!(
                    "{family}/{}:\n  want {want:?}\n  got  {:?}",
                    case["name"], got
                ));
            }
        }
    }
    assert!(n >= 4, "pipeline cases: {n}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn tokenizers_equal_transformers_on_risingnews_lines() {
    let mut failures = Vec::new();
    let mut n = 0;
    for family in FAMILIES {
        let g = goldens(family);
        let model_dir = model_dir(family);
        let tok = model_dir.tokenizer();
        let cases = &g["tokenizer_cases"];
        let src_lang = common::lang_token(tok, cases["src_lang"].as_str());
        // What a user's `AutoTokenizer` gives: the fast class where the family has one (NLLB's
        // fast and slow classes decode a leading bare `▁` differently), else the slow class.
        let (enc_key, dec_key) = if cases["fast_class"].is_string() {
            ("fast_input_ids", "fast")
        } else {
            ("slow_input_ids", "slow")
        };
        for c in cases["encode"].as_array().unwrap() {
            let text = c["text"].as_str().unwrap();
            let want: Vec<i64> = serde_json::from_value(c[enc_key].clone()).unwrap();
            let got = tok.encode_source(text, src_lang.as_deref()).unwrap();
            n += 1;
            if got != want {
                failures.push(format!(
                    "{family} encode {text:?}\n  want {want:?}\n  got  {got:?}"
                ));
            }
        }
        for c in cases["decode"].as_array().unwrap() {
            let ids: Vec<i64> = serde_json::from_value(c["ids"].clone()).unwrap();
            let want = c[dec_key].as_str().unwrap();
            let got = tok.decode(&ids).unwrap();
            n += 1;
            if got != want {
                failures.push(format!(
                    "{family} decode {ids:?}\n  want {want:?}\n  got  {got:?}"
                ));
            }
        }
    }
    assert!(n >= 200, "cases: {n}");
    assert!(
        failures.is_empty(),
        "{} of {n} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// opus-mt shape: config.json has `forced_eos_token_id: 0`, generation_config.json does not.
/// transformers reads the generation file alone, so no EOS is forced.
#[test]
fn generation_config_json_wins_over_config_json() {
    let model =
        Seq2SeqModel::load(&dir("opus-mt-bn-en"), &ModelOptions::default().threads(1)).unwrap();
    let config: Value = serde_json::from_str(
        &std::fs::read_to_string(dir("opus-mt-bn-en").join("config.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(config["forced_eos_token_id"], 0);
    let s = model
        .generation_config(&GenerateOptions::default())
        .unwrap();
    assert_eq!(s.forced_eos_token_id, None);
    assert_eq!(s.num_beams, Some(6));
    assert_eq!(s.max_length, Some(512));
}

/// BanglaT5 shape: no generation_config.json and no max_length anywhere: 20 new tokens.
#[test]
fn no_max_length_anywhere_gives_twenty_new_tokens() {
    let model = Seq2SeqModel::load(&dir("banglat5"), &ModelOptions::default().threads(1)).unwrap();
    assert!(!dir("banglat5").join("generation_config.json").exists());
    let s = model
        .generation_config(&GenerateOptions::default())
        .unwrap();
    assert_eq!(s.max_length, Some(21), "decoder start + 20 new tokens");
}

/// BART-CNN: tokenizer.json has 50265 entries, config.json `vocab_size` 50264 (`<mask>` past
/// the embedding). It loads and runs; only an input holding `<mask>` is refused, by name.
#[test]
fn tokenizer_larger_than_the_model_loads_and_names_the_token() {
    let model = Seq2Seq::load(&dir("distilbart-cnn-6-6"), &LoadOptions::default()).unwrap();
    let opts = GenerateOptions::default().max_new_tokens(3).num_beams(1);
    model
        .run(&["A short news line."], &opts, 1, &|_, _| {})
        .unwrap();
    match model.run(&["Who is <mask> today?"], &opts, 1, &|_, _| {}) {
        Err(bengali_digest::Error::TokenOutOfVocabulary {
            token,
            id,
            vocab_size,
            ..
        }) => {
            assert_eq!(token, "<mask>");
            assert_eq!(id, 50264);
            assert_eq!(vocab_size, 50264);
        }
        other => panic!("expected TokenOutOfVocabulary, got {other:?}"),
    }
}

/// `examples/summarize --raw`: one input line → one output line, the pipeline's `summary_text`.
#[test]
fn summarize_raw_prints_the_pipeline_summary_per_line() {
    let bin = common::built_example("summarize");
    let g = goldens("distilbart-cnn-6-6");
    let cases = g["pipeline_cases"].as_array().unwrap();
    let input: String = cases
        .iter()
        .map(|c| format!("{}\n", c["text"].as_str().unwrap()))
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("in.txt");
    std::fs::write(&file, &input).unwrap();
    let out = std::process::Command::new(bin)
        .args(["--raw", "--model"])
        .arg(dir("distilbart-cnn-6-6"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let want: Vec<&str> = cases
        .iter()
        .map(|c| c["summary_text"].as_str().unwrap())
        .collect();
    assert_eq!(stdout.lines().collect::<Vec<_>>(), want);
}

/// transformers.js exports (`Xenova/opus-mt-*`) write `"precompiled_charsmap": null`: it loads
/// as no normalization, as transformers.js reads it. Built from the real t5-small tokenizer.json.
#[test]
fn precompiled_charsmap_null_loads() {
    let src = std::fs::read_to_string(dir("t5-small").join("tokenizer.json")).unwrap();
    let mut v: Value = serde_json::from_str(&src).unwrap();
    fn null_charsmap(v: &mut Value) -> usize {
        match v {
            Value::Object(m) => {
                let mut n = 0;
                if m.get("type").and_then(Value::as_str) == Some("Precompiled") {
                    m.insert("precompiled_charsmap".into(), Value::Null);
                    n += 1;
                }
                n + m.values_mut().map(null_charsmap).sum::<usize>()
            }
            Value::Array(a) => a.iter_mut().map(null_charsmap).sum(),
            _ => 0,
        }
    }
    assert_eq!(
        null_charsmap(&mut v),
        1,
        "the real file has one Precompiled normalizer"
    );
    let tmp = tempfile::tempdir().unwrap();
    let json = v.to_string();
    let tok =
        bengali_digest::Tokenizer::from_json(tmp.path(), json.as_bytes(), None, Some(1)).unwrap();
    let real_dir = model_dir("t5-small");
    let real = real_dir.tokenizer();
    // Plain ASCII is unchanged by the charsmap, so the ids agree with the real tokenizer.
    let text = "The meeting was held in Dhaka on Sunday.";
    assert_eq!(
        tok.encode_source(text, None).unwrap(),
        real.encode_source(text, None).unwrap()
    );
}
