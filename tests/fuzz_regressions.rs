//! Inputs found by the `fuzz/` targets, kept as plain tests so `cargo test`
//! checks them without a fuzzer. Each test names its target and the symptom.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use bengali_digest::Error;
use bengali_digest::Tokenizer;

/// A minimal valid `tokenizer.json` with `{FIELD}` standing for one member.
fn tokenizer_json(field: &str) -> String {
    format!(
        r#"{{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],{field},"model":{{"type":"WordLevel","vocab":{{"a":0,"</s>":1}},"unk_token":"a"}}}}"#
    )
}

/// `Tokenizer::from_json` must return `Error::Config` naming tokenizer.json.
fn assert_malformed_tokenizer(json: &[u8]) {
    let dir = Path::new("some/model");
    match Tokenizer::from_json(dir, json, None, Some(1)) {
        Err(Error::Config { path, reason }) => {
            assert_eq!(path, dir.join("tokenizer.json"));
            assert!(reason.contains("malformed tokenizer"), "{reason}");
        }
        Err(e) => panic!("wrong error kind: {e}"),
        Ok(_) => panic!("loaded a malformed tokenizer"),
    }
}

#[test]
fn tokenizer_baseline_loads() {
    let json = tokenizer_json(
        r#""normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null"#,
    );
    let tok = Tokenizer::from_json(Path::new("m"), json.as_bytes(), None, Some(1)).unwrap();
    assert_eq!(tok.encode_source("a", None).unwrap(), [0]);
}

/// tokenizer_json: a JSON syntax error inside the `decoder` member made
/// `tokenizers` panic (`expect("Helper")` in decoders/mod.rs) inside
/// `Tokenizer::load` instead of returning its parse error. (The other two
/// inputs are ordinary errors, kept as neighbours.)
#[test]
fn tokenizer_decoder_syntax_error() {
    for decoder in [
        r#""decoder":{"type":"Fuse","x":}"#,
        r#""decoder":5"#,
        r#""decoder":{"type":"NoSuchDecoder"}"#,
    ] {
        let json = tokenizer_json(&format!(
            r#""normalizer":null,"pre_tokenizer":null,"post_processor":null,{decoder}"#
        ));
        assert_malformed_tokenizer(json.as_bytes());
    }
}

/// tokenizer_json: a `Precompiled` normalizer with an empty or invalid charsmap
/// made `tokenizers` panic (`expect("Precompiled")` in normalizers/mod.rs). (A `null` one
/// is what transformers.js exports write: it loads as no normalization, see
/// `tests/hub_models.rs`.)
#[test]
fn tokenizer_precompiled_charsmap_empty() {
    for charsmap in [r#""""#, r#""!!!""#] {
        let json = tokenizer_json(&format!(
            r#""normalizer":{{"type":"Precompiled","precompiled_charsmap":{charsmap}}},"pre_tokenizer":null,"post_processor":null,"decoder":null"#
        ));
        assert_malformed_tokenizer(json.as_bytes());
    }
}

/// tokenizer_json: a `TemplateProcessing` whose template names a special token
/// the `special_tokens` map lacks loads fine, then panics on the first encode
/// (`no entry found for key`, processors/template.rs). Now rejected at load.
#[test]
fn tokenizer_template_names_undefined_special_token() {
    let json = tokenizer_json(
        r#""normalizer":null,"pre_tokenizer":null,"post_processor":{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"ben_Beng","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],"pair":[{"Sequence":{"id":"A","type_id":0}},{"Sequence":{"id":"B","type_id":1}}],"special_tokens":{"ben_fromBeng":{"id":"ben_Beng","ids":[0],"tokens":["a"]}}},"decoder":null"#,
    );
    assert_malformed_tokenizer(json.as_bytes());
    // Through the file loader too.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tokenizer.json"), &json).unwrap();
    let err = Tokenizer::load(dir.path(), None)
        .err()
        .expect("must not load");
    assert!(
        matches!(&err, Error::Config { path, .. } if path.ends_with("tokenizer.json")),
        "{err}"
    );
}

/// tokenizer_json: `truncation` with `stride >= max_length` loads, then
/// `tokenizers` panics in `Encoding::truncate` on the first long input. The
/// `truncation` and `padding` sections are now ignored, as `transformers`
/// does (`no_truncation()` / `no_padding()` unless a call asks for them), so
/// nothing is cut or padded and nothing panics.
#[test]
fn tokenizer_truncation_stride_not_below_max_length() {
    let json = r#"{"version":"1.0","truncation":{"direction":"Right","max_length":2,"strategy":"LongestFirst","stride":5},"padding":{"strategy":{"Fixed":8},"direction":"Right","pad_to_multiple_of":null,"pad_id":1,"pad_type_id":0,"pad_token":"</s>"},"added_tokens":[],"normalizer":null,"pre_tokenizer":{"type":"WhitespaceSplit"},"post_processor":null,"decoder":null,"model":{"type":"WordLevel","vocab":{"a":0,"</s>":1},"unk_token":"a"}}"#;
    let tok = Tokenizer::from_json(Path::new("m"), json.as_bytes(), None, Some(1)).unwrap();
    assert_eq!(tok.encode_source("a a a a", None).unwrap(), [0, 0, 0, 0]);
    assert_eq!(tok.count_tokens("a a a a a"), 5);
    assert_eq!(tok.count_tokens("a"), 1);
}

/// tokenizer_json: a `Strip` decoder whose `stop` exceeds a token's length
/// makes `tokenizers` panic (`attempt to subtract with overflow`,
/// decoders/strip.rs) when decoding a token made only of the stripped char.
/// If the load probe hits it the file is rejected; otherwise `decode` errs.
#[test]
fn tokenizer_strip_decoder_stop_past_token() {
    let strip = r#""decoder":{"type":"Strip","content":"a","start":0,"stop":3}"#;
    // The probe decodes the unknown token "a": rejected at load.
    let json = tokenizer_json(&format!(
        r#""normalizer":null,"pre_tokenizer":null,"post_processor":null,{strip}"#
    ));
    assert_malformed_tokenizer(json.as_bytes());
    // The probe decodes "bbbb" fine; decoding "a" later must be an error.
    let json = format!(
        r#"{{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,{strip},"model":{{"type":"WordLevel","vocab":{{"bbbb":0,"a":1}},"unk_token":"bbbb"}}}}"#
    );
    let tok = Tokenizer::from_json(Path::new("m"), json.as_bytes(), None, None).unwrap();
    assert_eq!(tok.decode(&[0]).unwrap(), "bbbb");
    match tok.decode(&[1]) {
        Err(Error::Config { path, reason }) => {
            assert_eq!(path, Path::new("m/tokenizer.json"));
            assert!(reason.contains("cannot decode"), "{reason}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}
