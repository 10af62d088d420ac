//! ONNX layout detection on synthetic model directories.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fs;
use std::path::Path;

use super::{available_variants, DecoderFiles, DecoderPreference, OnnxFiles, Variant};
use crate::error::Error;

fn touch(dir: &Path, names: &[&str]) {
    for n in names {
        let p = dir.join(n);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, b"x").unwrap();
    }
}

/// An Optimum export with the split decoder only.
const SPLIT_LAYOUT: &[&str] = &[
    "encoder_model.onnx",
    "decoder_model.onnx",
    "decoder_with_past_model.onnx",
];

#[test]
fn optimum_layout_prefers_merged_and_honours_split_preference() {
    let d = tempfile::tempdir().unwrap();
    touch(d.path(), SPLIT_LAYOUT);
    touch(d.path(), &["decoder_model_merged.onnx"]);
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
    touch(d.path(), SPLIT_LAYOUT);
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
        available_variants(d.path()),
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
