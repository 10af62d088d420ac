//! ONNX layout detection and config parsing on synthetic model directories.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;

use bengali_digest::model::config::{GenerationConfig, ModelConfig};
use bengali_digest::model::files::{DecoderFiles, DecoderPreference, OnnxFiles, Variant};
use bengali_digest::Error;

fn touch(dir: &Path, names: &[&str]) {
    for n in names {
        let p = dir.join(n);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, b"x").unwrap();
    }
}

#[test]
fn optimum_layout_prefers_merged_and_honours_split_preference() {
    let d = tempfile::tempdir().unwrap();
    touch(
        d.path(),
        &[
            "encoder_model.onnx",
            "decoder_model.onnx",
            "decoder_with_past_model.onnx",
            "decoder_model_merged.onnx",
        ],
    );
    let merged = OnnxFiles::detect(d.path(), Variant::Fp32, DecoderPreference::Merged).unwrap();
    assert_eq!(
        merged.decoder,
        DecoderFiles::Merged(d.path().join("decoder_model_merged.onnx"))
    );
    let split = OnnxFiles::detect(d.path(), Variant::Fp32, DecoderPreference::Split).unwrap();
    assert_eq!(
        split.decoder,
        DecoderFiles::Split {
            first: d.path().join("decoder_model.onnx"),
            with_past: d.path().join("decoder_with_past_model.onnx"),
        }
    );
    assert_eq!(split.paths().len(), 3);
}

#[test]
fn split_only_layout_is_used_even_when_merged_is_preferred() {
    let d = tempfile::tempdir().unwrap();
    touch(
        d.path(),
        &[
            "encoder_model.onnx",
            "decoder_model.onnx",
            "decoder_with_past_model.onnx",
        ],
    );
    let f = OnnxFiles::detect(d.path(), Variant::Fp32, DecoderPreference::Merged).unwrap();
    assert!(matches!(f.decoder, DecoderFiles::Split { .. }));
}

#[test]
fn transformers_js_layout_with_quantized_variant() {
    let d = tempfile::tempdir().unwrap();
    touch(
        d.path(),
        &[
            "onnx/encoder_model.onnx",
            "onnx/decoder_model_merged.onnx",
            "onnx/encoder_model_quantized.onnx",
            "onnx/decoder_model_merged_quantized.onnx",
        ],
    );
    let f = OnnxFiles::detect(d.path(), Variant::Quantized, DecoderPreference::Merged).unwrap();
    assert_eq!(
        f.encoder,
        d.path().join("onnx/encoder_model_quantized.onnx")
    );
    assert_eq!(
        f.decoder,
        DecoderFiles::Merged(d.path().join("onnx/decoder_model_merged_quantized.onnx"))
    );
    assert_eq!(
        bengali_digest::model::files::available_variants(d.path()),
        vec![Variant::Fp32, Variant::Quantized]
    );
}

#[test]
fn absent_variant_names_the_variants_present() {
    let d = tempfile::tempdir().unwrap();
    touch(
        d.path(),
        &["onnx/encoder_model.onnx", "onnx/decoder_model_merged.onnx"],
    );
    let err = OnnxFiles::detect(d.path(), Variant::Fp16, DecoderPreference::Merged).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, Error::MissingFile { .. }), "{msg}");
    assert!(msg.contains("Fp16") && msg.contains("Fp32"), "{msg}");
}

#[test]
fn encoder_without_decoder_is_a_missing_file_error_naming_the_decoder() {
    let d = tempfile::tempdir().unwrap();
    touch(d.path(), &["encoder_model.onnx", "decoder_model.onnx"]);
    let err = OnnxFiles::detect(d.path(), Variant::Fp32, DecoderPreference::Merged).unwrap_err();
    match err {
        Error::MissingFile { path, hint } => {
            assert!(path.ends_with("decoder_model_merged.onnx"));
            assert!(hint.contains("decoder_with_past_model.onnx"), "{hint}");
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn empty_and_absent_directories_are_typed_errors() {
    let d = tempfile::tempdir().unwrap();
    let err = OnnxFiles::detect(d.path(), Variant::Fp32, DecoderPreference::Merged).unwrap_err();
    assert!(err.to_string().contains("optimum-cli export onnx"), "{err}");
    let err = OnnxFiles::detect(
        &d.path().join("nope"),
        Variant::Fp32,
        DecoderPreference::Merged,
    )
    .unwrap_err();
    assert!(matches!(err, Error::ModelDir { .. }), "{err}");
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

#[test]
fn config_reads_bart_and_t5_key_names() {
    let d = tempfile::tempdir().unwrap();
    let bart = write(
        d.path(),
        "bart.json",
        r#"{"model_type":"m2m_100","vocab_size":256206,"d_model":1024,"decoder_layers":12,
            "decoder_attention_heads":16,"decoder_start_token_id":2,"is_encoder_decoder":true}"#,
    );
    let c = ModelConfig::load(&bart).unwrap();
    assert_eq!(c.decoder_layer_count(), Some(12));
    assert_eq!(c.decoder_head_count(), Some(16));
    let t5 = write(
        d.path(),
        "t5.json",
        r#"{"model_type":"t5","vocab_size":32128,"num_layers":6,"num_heads":8}"#,
    );
    let c = ModelConfig::load(&t5).unwrap();
    assert_eq!(c.decoder_layer_count(), Some(6));
    assert_eq!(c.decoder_head_count(), Some(8));
}

#[test]
fn config_errors_name_the_file_and_key() {
    let d = tempfile::tempdir().unwrap();
    let enc_only = write(
        d.path(),
        "enc.json",
        r#"{"model_type":"bert","vocab_size":10,"num_layers":2,"is_encoder_decoder":false}"#,
    );
    let e = ModelConfig::load(&enc_only).unwrap_err().to_string();
    assert!(
        e.contains("enc.json") && e.contains("encoder-decoder"),
        "{e}"
    );
    let no_vocab = write(d.path(), "nv.json", r#"{"decoder_layers":2}"#);
    let e = ModelConfig::load(&no_vocab).unwrap_err().to_string();
    assert!(e.contains("vocab_size"), "{e}");
    let bad = write(d.path(), "bad.json", "{\"vocab_size\": ");
    let e = ModelConfig::load(&bad).unwrap_err();
    assert!(matches!(e, Error::Config { .. }), "{e}");
    let missing = ModelConfig::load(&d.path().join("config.json")).unwrap_err();
    assert!(matches!(missing, Error::MissingFile { .. }), "{missing}");
}

#[test]
fn generation_config_accepts_int_or_list_eos_and_defaults_when_absent() {
    let d = tempfile::tempdir().unwrap();
    let one = write(
        d.path(),
        "g1.json",
        r#"{"eos_token_id": 2, "num_beams": 4}"#,
    );
    let g = GenerationConfig::load_or_default(&one).unwrap();
    assert_eq!(g.eos_token_id, Some(vec![2]));
    assert_eq!(g.num_beams, Some(4));
    let many = write(
        d.path(),
        "g2.json",
        r#"{"eos_token_id": [1, 2], "early_stopping": "never", "bad_words_ids": [[58100]]}"#,
    );
    let g = GenerationConfig::load_or_default(&many).unwrap();
    assert_eq!(g.eos_token_id, Some(vec![1, 2]));
    assert_eq!(g.bad_words_ids, Some(vec![vec![58100]]));
    let absent = GenerationConfig::load_or_default(&d.path().join("none.json")).unwrap();
    assert_eq!(absent, GenerationConfig::default());
}
