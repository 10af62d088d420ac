//! Arbitrary bytes as `config.json` / `generation_config.json` content: the
//! parsers must return `Ok` or a typed `Error::Config`, never panic.
#![no_main]

use std::path::Path;

use bengali_digest::model::config::{GenerationConfig, ModelConfig};
use bengali_digest::Error;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz/config.json");
    match ModelConfig::from_json(data, path) {
        Ok(cfg) => {
            // Validation guarantees these.
            assert!(cfg.vocab_size.is_some());
            assert!(cfg.decoder_layer_count().is_some());
            assert_ne!(cfg.is_encoder_decoder, Some(false));
            let _ = cfg.decoder_head_count();
            // A config that loads round-trips through serde.
            let json = serde_json::to_vec(&cfg).expect("serialize");
            let again = ModelConfig::from_json(&json, path).expect("round trip");
            assert_eq!(
                serde_json::to_value(&again).ok(),
                serde_json::to_value(&cfg).ok()
            );
        }
        Err(Error::Config { path: p, .. }) => assert_eq!(p, path),
        Err(e) => panic!("unexpected error kind: {e}"),
    }
    let path = Path::new("fuzz/generation_config.json");
    match GenerationConfig::from_json(data, path) {
        Ok(g) => {
            let json = serde_json::to_vec(&g).expect("serialize");
            let again = GenerationConfig::from_json(&json, path).expect("round trip");
            assert_eq!(again, g);
        }
        Err(Error::Config { path: p, .. }) => assert_eq!(p, path),
        Err(e) => panic!("unexpected error kind: {e}"),
    }
});
