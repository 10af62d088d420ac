//! Target-vocabulary shortlist (`models/shortlist.py`): loading, errors, and output identity.
//!
//! The marian and m2m100 fixtures carry shortlisted decoders whose list is every token id the
//! golden outputs contain (`shortlist.json`). Greedy search only ever emits the full model's
//! argmax, so every greedy golden must come out token for token; beam search can also be steered
//! by candidates outside the list, so beam cases are counted and reported, not required.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use bengali_digest::generate::session::ModelOptions;
use bengali_digest::generate::{GenerateOptions, Seq2SeqModel};
use bengali_digest::model::files::DecoderPreference;
use bengali_digest::Error;
use serde_json::Value;

fn load(dir: &Path, decoder: DecoderPreference) -> Result<Seq2SeqModel, Error> {
    Seq2SeqModel::load_with(
        dir,
        &ModelOptions {
            decoder,
            threads: 1,
            shortlist: true,
            ..ModelOptions::default()
        },
    )
}

fn replay(arch: &str, decoder: DecoderPreference) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/fixtures")
        .join(arch);
    let model = load(&dir, decoder).unwrap();
    let sl = model.shortlist().unwrap();
    assert!(sl.ids.len() < sl.vocab_size / 4, "the list is a real cut");
    let goldens: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("goldens.json")).unwrap()).unwrap();
    let (mut greedy, mut beam_same, mut beam_total) = (0, 0, 0);
    let mut failures = Vec::new();
    for case in goldens["cases"].as_array().unwrap() {
        let want = common::ids(&case["output_ids"]);
        if want
            .iter()
            .flatten()
            .any(|&t| sl.ids.binary_search(&(t as usize)).is_err())
        {
            continue; // a golden token off the list: the documented "cannot match" case
        }
        let opts = common::options(&case["generate_kwargs"]);
        let beams = model.settings(&opts).unwrap().num_beams;
        let inputs = common::unpad(&case["input_ids"], &case["attention_mask"]);
        let got = model.generate(&inputs, &opts).unwrap();
        if beams == 1 {
            greedy += 1;
            if got != want {
                failures.push(format!(
                    "{arch}/{}: want {want:?} got {got:?}",
                    case["name"]
                ));
            }
        } else {
            beam_total += 1;
            beam_same += usize::from(got == want);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(greedy >= 4, "{arch}: only {greedy} greedy cases replayed");
    eprintln!(
        "{arch} ({decoder:?}): {greedy} greedy cases identical with a {}-of-{} shortlist; beam {beam_same}/{beam_total} identical",
        sl.ids.len(),
        sl.vocab_size
    );
}

#[test]
fn greedy_goldens_are_identical_with_the_shortlist() {
    for arch in ["marian", "m2m100"] {
        replay(arch, DecoderPreference::Merged);
        replay(arch, DecoderPreference::Split);
    }
}

fn copy_fixture(arch: &str) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/fixtures")
        .join(arch);
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, tmp.path().join(p.file_name().unwrap())).unwrap();
    }
    tmp
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

#[test]
fn full_model_is_unchanged_when_the_shortlist_is_not_asked_for() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/fixtures/marian");
    let full = Seq2SeqModel::load_with(&dir, &ModelOptions::default()).unwrap();
    assert!(full.shortlist().is_none());
    let out = full
        .generate(&[vec![5, 6, 7, 0]], &GenerateOptions::default())
        .unwrap();
    assert!(!out.is_empty());
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
