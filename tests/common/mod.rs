//! Shared by the golden-replay tests: fixture directories and `goldens.json` decoding.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::path::{Path, PathBuf};

use bengali_digest::{EarlyStopping, GenerateOptions, ModelOptions, Seq2SeqModel};
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
            "early_stopping" => o.early_stopping = v.as_bool().map(EarlyStopping::from),
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

/// Input rows without their padding (`attention_mask` 0); a `null` mask (`generate(input_ids)`
/// called without one) keeps every id.
pub fn unpad(ids: &Value, mask: &Value) -> Vec<Vec<i64>> {
    let rows = ids.as_array().unwrap();
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let m = mask.as_array().map(|m| m[i].as_array().unwrap());
            row.as_array()
                .unwrap()
                .iter()
                .enumerate()
                .filter(|(j, _)| m.is_none_or(|m| m[*j].as_i64() == Some(1)))
                .map(|(_, t)| t.as_i64().unwrap())
                .collect()
        })
        .collect()
}

/// The language-code token a golden's `src_lang` names in `tok`'s vocabulary: the code itself
/// (`ben_Beng`, `bn_IN`) or M2M100's `__bn__`; `None` for a model without language tokens
/// (Marian's `"bn"`).
pub fn lang_token(tok: &bengali_digest::Tokenizer, code: Option<&str>) -> Option<String> {
    // Language tokens always carry an underscore (`ben_Beng`, `bn_IN`, `__bn__`); a bare `bn`
    // may be an ordinary piece of a Marian vocabulary.
    let code = code?;
    [code.to_string(), format!("__{code}__")]
        .into_iter()
        .find(|c| c.contains('_') && tok.token_id(c).is_some())
}

pub fn ids(v: &Value) -> Vec<Vec<i64>> {
    serde_json::from_value(v.clone()).unwrap()
}

/// `models/fixtures/NAME`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/fixtures")
        .join(name)
}

/// A copy of fixture `name` in a fresh temporary folder (to break it on purpose).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(fixture(name)).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, tmp.path().join(p.file_name().unwrap())).unwrap();
    }
    tmp
}

/// The model of a fixture folder, one ONNX Runtime thread per session.
pub fn load_model(dir: &Path, opts: ModelOptions) -> Seq2SeqModel {
    Seq2SeqModel::load(dir, &opts.threads(1)).unwrap()
}

/// `dir/goldens.json`.
pub fn goldens(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("goldens.json")).unwrap()).unwrap()
}

/// Replays every `cases` entry of `dir/goldens.json` on `model`; returns one line per case
/// whose output ids differ, and the number of cases replayed.
pub fn replay_goldens(model: &Seq2SeqModel, dir: &Path) -> (Vec<String>, usize) {
    let goldens = goldens(dir);
    let mut failures = Vec::new();
    let cases = goldens["cases"].as_array().unwrap();
    for case in cases {
        let inputs = unpad(&case["input_ids"], &case["attention_mask"]);
        let got = model
            .generate(&inputs, &options(&case["generate_kwargs"]))
            .unwrap();
        let want = ids(&case["output_ids"]);
        if got != want {
            failures.push(format!(
                "{}/{}:\n  want {want:?}\n  got  {got:?}",
                dir.file_name().unwrap().to_string_lossy(),
                case["name"].as_str().unwrap()
            ));
        }
    }
    (failures, cases.len())
}

/// `target/<profile>/examples/NAME`, built (or brought up to date) first: `cargo test --test X`
/// alone does not build examples.
pub fn built_example(name: &str) -> PathBuf {
    // The example is built with the profile this test binary was built with
    // (`target/<dir>/deps/<test>`; the `dev` profile's dir is `debug`), so it lands beside it.
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    let profile = match profile_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") | None => "dev",
        Some(other) => other,
    };
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--profile", profile, "--example", name])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success(), "cargo build --example {name} failed");
    let bin = profile_dir.join("examples").join(name);
    assert!(bin.is_file(), "{} not built", bin.display());
    bin
}
