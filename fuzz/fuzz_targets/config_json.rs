//! Arbitrary bytes as `config.json` / `generation_config.json` content: the
//! parsers must return `Ok` or a typed `Error::Config`, never panic; and settings resolution
//! over what parsed (with default and extreme per-call options) returns `Ok` or a typed
//! `Error::Config` / `Error::InvalidSetting`, never panics.
#![no_main]

use std::path::Path;

use bengali_digest::generate::{GenerateOptions, Settings};
use bengali_digest::model::config::{GenerationConfig, ModelConfig};
use bengali_digest::Error;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz/config.json");
    let model = ModelConfig::from_json(data, path);
    match &model {
        Ok(cfg) => {
            // Validation guarantees these.
            assert!(cfg.vocab_size.is_some());
            assert!(cfg.decoder_layer_count().is_some());
            assert_ne!(cfg.is_encoder_decoder, Some(false));
            let _ = cfg.decoder_head_count();
            // A config that loads round-trips through serde.
            let json = serde_json::to_vec(cfg).expect("serialize");
            let again = ModelConfig::from_json(&json, path).expect("round trip");
            assert_eq!(
                serde_json::to_value(&again).ok(),
                serde_json::to_value(cfg).ok()
            );
        }
        Err(Error::Config { path: p, .. }) => assert_eq!(p, path),
        Err(e) => panic!("unexpected error kind: {e}"),
    }
    let path = Path::new("fuzz/generation_config.json");
    let gen = GenerationConfig::from_json(data, path);
    match &gen {
        Ok(g) => {
            let json = serde_json::to_vec(g).expect("serialize");
            let again = GenerationConfig::from_json(&json, path).expect("round trip");
            assert_eq!(&again, g);
        }
        Err(Error::Config { path: p, .. }) => assert_eq!(p, path),
        Err(e) => panic!("unexpected error kind: {e}"),
    }
    // Settings resolution over the same bytes read as both files (the generation keys of a
    // config.json are read by `GenerationConfig` too), with default and extreme options.
    if let (Ok(cfg), Ok(g)) = (&model, &gen) {
        let extreme = [
            GenerateOptions::default(),
            GenerateOptions {
                max_new_tokens: Some(usize::MAX),
                ..GenerateOptions::default()
            },
            GenerateOptions {
                max_length: Some(usize::MAX),
                num_beams: Some(usize::MAX),
                min_length: Some(usize::MAX),
                no_repeat_ngram_size: Some(usize::MAX),
                length_penalty: Some(f32::NAN),
                repetition_penalty: Some(0.0),
                ..GenerateOptions::default()
            },
        ];
        for opts in &extreme {
            match Settings::resolve(cfg, g, opts, path) {
                Ok(s) => {
                    assert!(s.num_beams >= 1);
                    assert!(s.repetition_penalty.is_finite() && s.repetition_penalty > 0.0);
                    assert!(s.length_penalty.is_finite());
                }
                Err(Error::Config { .. } | Error::InvalidSetting(_)) => {}
                Err(e) => panic!("unexpected error kind from Settings::resolve: {e}"),
            }
        }
    }
});
