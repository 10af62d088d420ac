//! `config.json` / `generation_config.json` parsing on synthetic files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fs;
use std::path::Path;

use super::{GenerationConfig, ModelConfig};
use crate::error::Error;

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
