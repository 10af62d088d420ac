//! Target-vocabulary shortlist (`models/shortlist.py`): loading, errors, and output identity.
//!
//! The marian and m2m100 fixtures carry shortlisted decoders whose list is every token id the
//! golden outputs contain (`shortlist.json`). Greedy search only ever emits the full model's
//! argmax, so every greedy golden must come out token for token; on these fixtures every beam
//! golden does too (asserted; a list that steers beam search elsewhere would fail here).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use bengali_digest::{DecoderPreference, Error, ModelOptions, Seq2SeqModel};
use common::copy_fixture;
use serde_json::Value;

fn load(dir: &Path, decoder: DecoderPreference) -> Result<Seq2SeqModel, Error> {
    Seq2SeqModel::load(
        dir,
        &ModelOptions::default()
            .decoder(decoder)
            .threads(1)
            .shortlist(true),
    )
}

fn replay(arch: &str, decoder: DecoderPreference) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/fixtures")
        .join(arch);
    let model = load(&dir, decoder).unwrap();
    let sl: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("shortlist.json")).unwrap())
            .unwrap();
    let ids: Vec<usize> = serde_json::from_value(sl["ids"].clone()).unwrap();
    let vocab_size = sl["vocab_size"].as_u64().unwrap() as usize;
    assert_eq!(model.dir().shortlist_len(), Some(ids.len()));
    assert!(ids.len() < vocab_size / 4, "the list is a real cut");
    let goldens = common::goldens(&dir);
    let (mut greedy, mut beam) = (0, 0);
    let mut failures = Vec::new();
    for case in goldens["cases"].as_array().unwrap() {
        let want = common::ids(&case["output_ids"]);
        if want
            .iter()
            .flatten()
            .any(|&t| ids.binary_search(&(t as usize)).is_err())
        {
            continue; // a golden token off the list: the documented "cannot match" case
        }
        let opts = common::options(&case["generate_kwargs"]);
        let beams = model.generation_config(&opts).unwrap().num_beams;
        let inputs = common::unpad(&case["input_ids"], &case["attention_mask"]);
        let got = model.generate(&inputs, &opts).unwrap();
        if beams == Some(1) {
            greedy += 1;
        } else {
            beam += 1;
        }
        if got != want {
            failures.push(format!(
                "{arch}/{}: want {want:?} got {got:?}",
                case["name"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(greedy >= 4, "{arch}: only {greedy} greedy cases replayed");
    eprintln!(
        "{arch} ({decoder:?}): {greedy} greedy and {beam} beam cases identical with a {}-of-{} shortlist",
        ids.len(),
        vocab_size
    );
}

#[test]
fn greedy_goldens_are_identical_with_the_shortlist() {
    for arch in ["marian", "m2m100"] {
        replay(arch, DecoderPreference::Merged);
        replay(arch, DecoderPreference::Split);
    }
}

#[test]
fn asking_for_a_missing_shortlist_names_the_file_and_the_fix() {
    let tmp = copy_fixture("marian");
    std::fs::remove_file(tmp.path().join("shortlist.json")).unwrap();
    match load(tmp.path(), DecoderPreference::Merged) {
        Err(Error::MissingFile { path, hint }) => {
            assert!(path.ends_with("shortlist.json"));
            assert!(hint.contains("models/shortlist.py"), "{hint}");
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("loaded without shortlist.json"),
    }
}

#[test]
fn shortlist_for_another_vocabulary_is_a_config_error() {
    let tmp = copy_fixture("marian");
    let p = tmp.path().join("shortlist.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    doc["vocab_size"] = Value::from(999);
    std::fs::write(&p, doc.to_string()).unwrap();
    match load(tmp.path(), DecoderPreference::Merged) {
        Err(Error::Config { path, reason }) => {
            assert!(path.ends_with("shortlist.json"));
            assert!(reason.contains("vocab_size"), "{reason}");
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("loaded a shortlist for another vocabulary"),
    }
}

#[test]
fn unsorted_ids_or_a_missing_shortlisted_graph_are_typed_errors() {
    let tmp = copy_fixture("marian");
    let p = tmp.path().join("shortlist.json");
    let good = std::fs::read_to_string(&p).unwrap();
    let mut doc: Value = serde_json::from_str(&good).unwrap();
    doc["ids"] = serde_json::json!([5, 3]);
    std::fs::write(&p, doc.to_string()).unwrap();
    assert!(matches!(
        load(tmp.path(), DecoderPreference::Merged),
        Err(Error::Config { .. })
    ));
    std::fs::write(&p, &good).unwrap();
    std::fs::remove_file(tmp.path().join("decoder_model_merged.shortlist.onnx")).unwrap();
    match load(tmp.path(), DecoderPreference::Merged) {
        Err(Error::MissingFile { path, .. }) => {
            assert!(path.ends_with("decoder_model_merged.shortlist.onnx"))
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("loaded without the shortlisted decoder"),
    }
}

/// A folder with `shortlist.json` loaded without asking for it: no shortlist, and every golden
/// (greedy and beam) equals the full-vocabulary output.
#[test]
fn full_model_is_unchanged_when_the_shortlist_is_not_asked_for() {
    for arch in ["marian", "m2m100"] {
        let dir = common::fixture(arch);
        assert!(dir.join("shortlist.json").is_file());
        let full = common::load_model(&dir, ModelOptions::default());
        assert_eq!(full.dir().shortlist_len(), None);
        let (failures, total) = common::replay_goldens(&full, &dir);
        assert!(total > 0, "{arch}: no golden cases");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

#[test]
fn pipeline_uses_the_shortlist_only_when_asked_and_records_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/fixtures/m2m100");
    let article = "ঢাকায় আজ বৃষ্টি হয়েছে। সরকার নতুন বাজেট ঘোষণা করেছে।";
    let with = bengali_digest::Pipeline::builder()
        .translator(&dir)
        .shortlist(true)
        .max_new_tokens(8)
        .build()
        .unwrap()
        .digest(article)
        .unwrap();
    assert_eq!(with.models.shortlist, Some(47));
    assert_eq!(with.sentences.len(), 2);
    let without = bengali_digest::Pipeline::builder()
        .translator(&dir)
        .max_new_tokens(8)
        .build()
        .unwrap()
        .digest(article)
        .unwrap();
    assert_eq!(without.models.shortlist, None);
    // No shortlist.json: asking for it fails at build time, naming the fix.
    let tmp = copy_fixture("bart");
    match bengali_digest::Pipeline::builder()
        .translator(tmp.path())
        .shortlist(true)
        .build()
    {
        Err(Error::MissingFile { hint, .. }) => assert!(hint.contains("shortlist.py"), "{hint}"),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("built without a shortlist"),
    }
}
