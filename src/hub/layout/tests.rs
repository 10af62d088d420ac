use super::*;

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn external_data_names() {
    assert!(is_external_data("onnx/a.onnx", "onnx/a.onnx_data"));
    assert!(is_external_data("a.onnx", "a.onnx.data"));
    assert!(is_external_data("a.onnx", "a.onnx_data_1"));
    assert!(!is_external_data("a.onnx", "a.onnx"));
    assert!(!is_external_data(
        "decoder_model.onnx",
        "decoder_model_merged.onnx_data"
    ));
}

#[test]
fn split_decoders_when_asked_for_and_top_level_before_onnx() -> Result<()> {
    let opts = HubOptions::from_env();
    let repo = names(&[
        "config.json",
        "spiece.model",
        "encoder_model.onnx",
        "encoder_model.onnx_data",
        "decoder_model_merged.onnx",
        "decoder_model.onnx",
        "decoder_with_past_model.onnx",
        "decoder_with_past_model.onnx_data",
    ]);
    let split = opts
        .clone()
        .decoder(DecoderPreference::Split)
        .needed_files("t/t", &repo)?;
    assert_eq!(
        split,
        names(&[
            "config.json",
            "spiece.model",
            "encoder_model.onnx",
            "encoder_model.onnx_data",
            "decoder_model.onnx",
            "decoder_with_past_model.onnx",
            "decoder_with_past_model.onnx_data",
        ])
    );
    let both = names(&[
        "config.json",
        "tokenizer.json",
        "encoder_model.onnx",
        "decoder_model_merged.onnx",
        "onnx/encoder_model.onnx",
        "onnx/decoder_model_merged.onnx",
    ]);
    assert_eq!(
        opts.needed_files("t/t", &both)?,
        names(&[
            "config.json",
            "tokenizer.json",
            "encoder_model.onnx",
            "decoder_model_merged.onnx"
        ])
    );
    Ok(())
}

#[test]
fn a_missing_piece_is_named_and_the_repository_listed() {
    let opts = HubOptions::from_env();
    for (files, expected) in [
        (
            &[
                "config.json",
                "encoder_model.onnx",
                "decoder_model_merged.onnx",
            ][..],
            "tokenizer: tokenizer.json, or a SentencePiece model",
        ),
        (
            &[
                "tokenizer.json",
                "encoder_model.onnx",
                "decoder_model_merged.onnx",
            ],
            "config.json",
        ),
        (
            &["config.json", "tokenizer.json", "onnx/encoder_model.onnx"],
            "decoder beside onnx/encoder_model.onnx: onnx/decoder_model_merged.onnx, or",
        ),
    ] {
        match opts.needed_files("t/t", &names(files)) {
            Err(Error::MissingInRepo {
                wanted, available, ..
            }) => {
                assert!(wanted.starts_with(expected), "{files:?}: {wanted}");
                assert_eq!(available, names(files));
            }
            other => panic!("{files:?}: expected MissingInRepo, got {other:?}"),
        }
    }
}

#[test]
fn paths_leaving_the_snapshot_are_ignored() -> Result<()> {
    let escape = names(&[
        "config.json",
        "tokenizer.json",
        "encoder_model.onnx",
        "encoder_model.onnx_data/../../../x",
        "decoder_model_merged.onnx",
    ]);
    let needed = HubOptions::from_env().needed_files("t/t", &escape)?;
    assert!(!needed.iter().any(|f| f.contains("..")), "{needed:?}");
    assert_eq!(needed.len(), 4);
    Ok(())
}
