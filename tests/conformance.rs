//! Token-exact conformance with `transformers.generate` on the tiny fixture models.
//!
//! Every case in `models/fixtures/<arch>/goldens.json` was produced by `transformers` and
//! reproduced by Optimum's ORT model (see `models/make_fixtures.py`). The Rust output must equal
//! the golden ids exactly, in both decoder layouts (merged and with-past).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{fixtures, ids, lang_token, load_model, options, unpad};

use bengali_digest::{DecoderPreference, ModelOptions};
use serde_json::Value;

fn check(pref: DecoderPreference) {
    let mut total = 0;
    let mut failures = Vec::new();
    for dir in fixtures() {
        let model = load_model(&dir, ModelOptions::default().decoder(pref));
        let tok = model.tokenizer();
        let goldens: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("goldens.json")).unwrap())
                .unwrap();
        for case in goldens["cases"].as_array().unwrap() {
            let name = format!(
                "{}/{}",
                dir.file_name().unwrap().to_string_lossy(),
                case["name"].as_str().unwrap()
            );
            let inputs = unpad(&case["input_ids"], &case["attention_mask"]);
            // Source encoding: the tokenizer (with the language-token scheme) gives the golden ids.
            let src_lang = lang_token(
                tok,
                case["src_lang"].as_str().or(goldens["src_lang"].as_str()),
            );
            let src_lang = src_lang.as_deref();
            for (text, want_ids) in case["inputs"].as_array().unwrap().iter().zip(&inputs) {
                let got_ids = tok.encode_source(text.as_str().unwrap(), src_lang).unwrap();
                // Multilingual fixtures: building `[src_lang] + ids + [eos]` ourselves gives the
                // same ids as the tokenizer's baked-in default language.
                for lang in ["ben_Beng", "bn_IN", "__bn__"] {
                    if tok.token_id(lang).is_some()
                        && want_ids.first() == tok.token_id(lang).as_ref()
                    {
                        let built = tok
                            .encode_source(text.as_str().unwrap(), Some(lang))
                            .unwrap();
                        if &built != want_ids {
                            failures.push(format!("{name} (encode with {lang}): {built:?}"));
                        }
                    }
                }
                if &got_ids != want_ids {
                    failures.push(format!(
                        "{name} (encode {text}):\n  want {want_ids:?}\n  got  {got_ids:?}"
                    ));
                }
            }
            let got = model
                .generate(&inputs, &options(&case["generate_kwargs"]))
                .unwrap();
            let want = ids(&case["output_ids"]);
            total += 1;
            if got != want {
                failures.push(format!("{name}:\n  want {want:?}\n  got  {got:?}"));
            }
            // Decoding: `batch_decode(..., skip_special_tokens=True)`.
            let decoded: Vec<String> = want.iter().map(|q| tok.decode(q).unwrap()).collect();
            let want_text: Vec<String> = serde_json::from_value(case["decoded"].clone()).unwrap();
            if decoded != want_text {
                failures.push(format!(
                    "{name} (decode):\n  want {want_text:?}\n  got  {decoded:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases differ ({pref:?}):\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{total} cases token-exact ({pref:?})");
}

#[test]
fn merged_decoder_matches_transformers_token_for_token() {
    check(DecoderPreference::Merged);
}

#[test]
fn split_decoder_matches_transformers_token_for_token() {
    check(DecoderPreference::Split);
}
