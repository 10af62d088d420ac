//! Broken model directories give typed errors naming the file or key.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;

use bengali_digest::generate::{GenerateOptions, Seq2SeqModel};
use bengali_digest::model::files::{DecoderPreference, Variant};
use bengali_digest::Error;

fn copy_fixture(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/fixtures/marian");
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn load(dir: &Path) -> Result<Seq2SeqModel, Error> {
    Seq2SeqModel::load(dir, Variant::Fp32, DecoderPreference::Merged, 1)
}

#[test]
fn truncated_onnx_names_the_file() {
    let d = tempfile::tempdir().unwrap();
    copy_fixture(d.path());
    let enc = d.path().join("encoder_model.onnx");
    let bytes = fs::read(&enc).unwrap();
    fs::write(&enc, &bytes[..bytes.len() / 3]).unwrap();
    match load(d.path()) {
        Err(Error::Onnx { path, .. }) => assert_eq!(path, enc),
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("a truncated encoder loaded"),
    }
}

#[test]
fn missing_decoder_start_token_is_a_config_error() {
    let d = tempfile::tempdir().unwrap();
    copy_fixture(d.path());
    for name in ["config.json", "generation_config.json"] {
        let p = d.path().join(name);
        let mut v: serde_json::Value = serde_json::from_slice(&fs::read(&p).unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("decoder_start_token_id");
        fs::write(&p, v.to_string()).unwrap();
    }
    let model = load(d.path()).unwrap();
    let err = model
        .generate(&[vec![5, 6, 0]], &GenerateOptions::default())
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err}");
    assert!(err.to_string().contains("decoder_start_token_id"), "{err}");
}

#[test]
fn empty_and_overlong_inputs_are_typed_errors() {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/fixtures/marian");
    let model = load(&d).unwrap();
    let opts = GenerateOptions::default();
    assert!(model.generate(&[], &opts).unwrap().is_empty());
    assert!(matches!(
        model.generate(&[vec![]], &opts),
        Err(Error::InvalidInput(_))
    ));
    let long = vec![5i64; 10_000];
    assert!(matches!(
        model.generate(&[long], &opts),
        Err(Error::InputTooLong { tokens: 10_000, .. })
    ));
}
