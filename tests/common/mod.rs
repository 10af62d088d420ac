//! Shared by the golden-replay tests: fixture directories and `goldens.json` decoding.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::path::{Path, PathBuf};

use bengali_digest::generate::GenerateOptions;
use serde_json::Value;

pub fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("goldens.json").is_file())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no fixtures under {}", root.display());
    dirs
}

pub fn options(kwargs: &Value) -> GenerateOptions {
    let mut o = GenerateOptions::default();
    let obj = kwargs.as_object().unwrap();
    for (k, v) in obj {
        let u = || Some(v.as_u64().unwrap() as usize);
        match k.as_str() {
            "num_beams" => o.num_beams = u(),
            "max_new_tokens" => o.max_new_tokens = u(),
            "max_length" => o.max_length = u(),
            "min_length" => o.min_length = u(),
            "min_new_tokens" => o.min_new_tokens = u(),
            "no_repeat_ngram_size" => o.no_repeat_ngram_size = u(),
            "length_penalty" => o.length_penalty = Some(v.as_f64().unwrap() as f32),
            "repetition_penalty" => o.repetition_penalty = Some(v.as_f64().unwrap() as f32),
            "early_stopping" => o.early_stopping = v.as_bool(),
            "forced_bos_token_id" => o.forced_bos_token_id = v.as_i64(),
            "eos_token_id" => {
                o.eos_token_id = Some(match v {
                    Value::Array(a) => a.iter().map(|x| x.as_i64().unwrap()).collect(),
                    x => vec![x.as_i64().unwrap()],
                })
            }
            "do_sample" => assert_eq!(v, &Value::Bool(false)),
            other => panic!("golden uses generate kwarg `{other}` the test does not map"),
        }
    }
    o
}

pub fn unpad(ids: &Value, mask: &Value) -> Vec<Vec<i64>> {
    ids.as_array()
        .unwrap()
        .iter()
        .zip(mask.as_array().unwrap())
        .map(|(row, m)| {
            row.as_array()
                .unwrap()
                .iter()
                .zip(m.as_array().unwrap())
                .filter(|(_, m)| m.as_i64() == Some(1))
                .map(|(t, _)| t.as_i64().unwrap())
                .collect()
        })
        .collect()
}

pub fn ids(v: &Value) -> Vec<Vec<i64>> {
    serde_json::from_value(v.clone()).unwrap()
}
