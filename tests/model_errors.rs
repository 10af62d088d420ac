//! Broken model directories give typed errors naming the file or key. (A missing ONNX Runtime
//! library is tests/runtime_missing.rs: it needs a process of its own.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;

mod common;

use bengali_digest::{Error, GenerateOptions, LoadOptions, ModelOptions, Pipeline, Seq2SeqModel};
use common::fixture;

/// A copy of the marian fixture, to break.
fn marian_copy() -> tempfile::TempDir {
    common::copy_fixture("marian")
}

/// Rewrites the JSON object in `path` with `f`.
fn edit_json(path: &Path, f: impl Fn(&mut serde_json::Map<String, serde_json::Value>)) {
    let mut v: serde_json::Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
    f(v.as_object_mut().unwrap());
    fs::write(path, v.to_string()).unwrap();
}

/// Builds a pipeline on `dir`, expecting an error.
fn build_err(dir: &Path) -> Error {
    match Pipeline::builder()
        .translator(dir)
        .max_new_tokens(2)
        .build()
    {
        Err(e) => e,
        Ok(_) => panic!("{} loaded", dir.display()),
    }
}

fn load(dir: &Path) -> Result<Seq2SeqModel, Error> {
    Seq2SeqModel::load(dir, &ModelOptions::default().threads(1))
}

#[test]
fn truncated_onnx_names_the_file() {
    let d = marian_copy();
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
    let d = marian_copy();
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

/// BART-CNN's direction (tokenizer 50265, model 50264): normal, as in transformers. Only an
/// input that holds an id past the embedding is refused, naming the token.
#[test]
fn tokenizer_larger_than_the_model_vocabulary_loads_and_names_the_token() {
    let d = marian_copy();
    // 412 model rows; give the tokenizer 10 more entries than that.
    let tok = d.path().join("tokenizer.json");
    let mut v: serde_json::Value = serde_json::from_slice(&fs::read(&tok).unwrap()).unwrap();
    let vocab = v["model"]["vocab"].as_object_mut().unwrap();
    for i in 0..10 {
        vocab.insert(format!("xtra{i}"), (412 + i).into());
    }
    fs::write(&tok, v.to_string()).unwrap();
    let model = bengali_digest::Seq2Seq::load(d.path(), &LoadOptions::default()).unwrap();
    let opts = bengali_digest::GenerateOptions::default().max_new_tokens(2);
    match model.run(&["xtra3"], &opts, 1, &|_, _| {}) {
        Err(Error::TokenOutOfVocabulary {
            token,
            id,
            vocab_size,
            path,
        }) => {
            assert_eq!((token.as_str(), id, vocab_size), ("xtra3", 415, 412));
            assert_eq!(path, tok);
        }
        other => panic!("expected TokenOutOfVocabulary, got {other:?}"),
    }
}

#[test]
fn tokenizer_smaller_than_the_model_vocabulary_is_normal() {
    // T5's direction: 32128 model rows for 32100 tokens. The t5 fixture has 418 rows, 412 tokens.
    let config: serde_json::Value =
        serde_json::from_slice(&fs::read(fixture("t5").join("config.json")).unwrap()).unwrap();
    assert_eq!(config["vocab_size"], 418);
    let p = Pipeline::builder()
        .translator(fixture("t5"))
        .max_new_tokens(2)
        .build()
        .unwrap();
    assert_eq!(p.translate("এক। দুই।").unwrap().len(), 2);
}

#[test]
fn missing_onnx_files_are_named() {
    for (remove, named) in [
        (&["encoder_model.onnx"][..], "encoder_model.onnx"),
        (
            &["decoder_model_merged.onnx", "decoder_with_past_model.onnx"][..],
            "decoder_model_merged.onnx",
        ),
    ] {
        let d = marian_copy();
        for f in remove {
            fs::remove_file(d.path().join(f)).unwrap();
        }
        match build_err(d.path()) {
            Error::MissingFile { path, hint } => {
                assert_eq!(path, d.path().join(named), "{hint}");
                assert!(
                    hint.contains("optimum-cli") || hint.contains("expected"),
                    "{hint}"
                );
            }
            other => panic!("unexpected {other}"),
        }
    }
    // No tokenizer.json.
    let d = marian_copy();
    fs::remove_file(d.path().join("tokenizer.json")).unwrap();
    match build_err(d.path()) {
        Error::MissingFile { path, .. } => assert!(path.ends_with("tokenizer.json")),
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn truncated_decoder_names_the_file() {
    let d = marian_copy();
    let dec = d.path().join("decoder_model_merged.onnx");
    let bytes = fs::read(&dec).unwrap();
    fs::write(&dec, &bytes[..bytes.len() / 2]).unwrap();
    match build_err(d.path()) {
        Error::Onnx { path, .. } => assert_eq!(path, dec),
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn malformed_or_incomplete_configs_name_file_and_key() {
    // No decoder_start_token_id anywhere: the pipeline refuses to build.
    let d = marian_copy();
    for name in ["config.json", "generation_config.json"] {
        edit_json(&d.path().join(name), |m| {
            m.remove("decoder_start_token_id");
        });
    }
    let msg = build_err(d.path()).to_string();
    assert!(msg.contains("decoder_start_token_id"), "{msg}");
    // config.json that is not JSON.
    let d = marian_copy();
    fs::write(d.path().join("config.json"), "{\"vocab_size\": 412,").unwrap();
    match build_err(d.path()) {
        Error::Config { path, .. } => assert!(path.ends_with("config.json")),
        other => panic!("unexpected {other}"),
    }
    // No vocab_size.
    let d = marian_copy();
    edit_json(&d.path().join("config.json"), |m| {
        m.remove("vocab_size");
    });
    let msg = build_err(d.path()).to_string();
    assert!(
        msg.contains("vocab_size") && msg.contains("config.json"),
        "{msg}"
    );
}

#[test]
fn out_of_range_start_token_fails_typed_not_panicking() {
    // A decoder_start_token_id past the vocabulary is refused when the settings resolve (at
    // build), as a config error naming the key, before ONNX Runtime could see it.
    let d = marian_copy();
    for name in ["config.json", "generation_config.json"] {
        edit_json(&d.path().join(name), |m| {
            m.insert("decoder_start_token_id".into(), 5000.into());
        });
    }
    let result = Pipeline::builder()
        .translator(d.path())
        .max_new_tokens(2)
        .build()
        .and_then(|p| p.digest("এক। দুই।"));
    let err = result.expect_err("an out-of-range start token translated");
    assert!(matches!(err, Error::Config { .. }), "{err}");
    assert!(err.to_string().contains("decoder_start_token_id"), "{err}");
}

#[test]
fn out_of_range_special_token_ids_are_config_errors_naming_the_key() {
    for key in [
        "decoder_start_token_id",
        "eos_token_id",
        "pad_token_id",
        "forced_bos_token_id",
        "forced_eos_token_id",
    ] {
        let d = marian_copy();
        for name in ["config.json", "generation_config.json"] {
            edit_json(&d.path().join(name), |m| {
                m.insert(key.into(), 5000.into());
            });
        }
        let err = build_err(d.path());
        let msg = err.to_string();
        assert!(matches!(err, Error::Config { .. }), "{key}: {msg}");
        assert!(msg.contains(key) && msg.contains("412"), "{key}: {msg}");
    }
}

#[test]
fn encoder_only_model_is_refused_naming_config_json() {
    let d = marian_copy();
    edit_json(&d.path().join("config.json"), |m| {
        m.insert("model_type".into(), "bert".into());
        m.insert("is_encoder_decoder".into(), false.into());
        m.insert("architectures".into(), serde_json::json!(["BertModel"]));
    });
    // An encoder-only export has one graph, model.onnx.
    for f in [
        "decoder_model.onnx",
        "decoder_model_merged.onnx",
        "decoder_with_past_model.onnx",
    ] {
        fs::remove_file(d.path().join(f)).unwrap();
    }
    fs::rename(
        d.path().join("encoder_model.onnx"),
        d.path().join("model.onnx"),
    )
    .unwrap();
    match build_err(d.path()) {
        Error::Config { path, reason } => {
            assert_eq!(path, d.path().join("config.json"));
            assert!(reason.contains("encoder-decoder"), "{reason}");
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn unknown_language_codes_name_code_and_tokenizer() {
    for (model, src, tgt, bad) in [
        ("m2m100", Some("xx_Nope"), None, "xx_Nope"),
        // Marian models have no language tokens at all.
        ("marian", None, Some("eng_Latn"), "eng_Latn"),
    ] {
        let mut b = Pipeline::builder().translator(fixture(model));
        if let Some(s) = src {
            b = b.src_lang(s);
        }
        if let Some(t) = tgt {
            b = b.tgt_lang(t);
        }
        match b.build() {
            Err(Error::UnknownLanguage { code, path }) => {
                assert_eq!(code, bad);
                assert!(path.ends_with("tokenizer.json"), "{}", path.display());
            }
            Err(other) => panic!("unexpected {other}"),
            Ok(_) => panic!("{model} accepted {bad}"),
        }
    }
}
