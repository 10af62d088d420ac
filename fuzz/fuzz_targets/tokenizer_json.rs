//! Arbitrary bytes as `tokenizer.json` (and, after a `\0\0` separator,
//! `tokenizer_config.json`) → `Tokenizer::from_json`; if it loads, encode and
//! decode a short string. Loading must return `Ok` or `Error::Config` naming
//! the file, never panic; encode/decode must not panic either.
//!
//! Panics raised *inside third-party crates* are tolerated by the panic hook
//! below only so that the loader's `catch_unwind` can turn them into errors:
//! a panic that is not caught by the crate still unwinds into libFuzzer's own
//! `catch_unwind` and aborts. Set `FUZZ_TOLERATED_DIR=dir` to save one input
//! per tolerated panic location (these are findings about `tokenizers`).
#![no_main]

use std::cell::RefCell;
use std::path::Path;
use std::sync::Once;

use bengali_digest::model::tokenizer::Tokenizer;
use bengali_digest::Error;
use libfuzzer_sys::fuzz_target;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let abort_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let third_party = info
                .location()
                .is_some_and(|l| l.file().contains("/.cargo/registry/"));
            if !third_party {
                abort_hook(info);
                return;
            }
            eprintln!("tolerated third-party panic: {info}");
            if let (Ok(dir), Some(l)) = (std::env::var("FUZZ_TOLERATED_DIR"), info.location()) {
                let name: String = format!("{}_{}", l.file(), l.line())
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                let path = Path::new(&dir).join(name);
                if !path.exists() {
                    let _ = INPUT.try_with(|i| std::fs::write(&path, &*i.borrow()));
                }
            }
        }));
    });
}

const SAMPLE: &str = "ঢাকা, ১০ মার্চ: প্রধানমন্ত্রী বলেছেন। Hello, world! ক্ষ\u{200C}য় 10.5%";

fuzz_target!(|data: &[u8]| {
    install_hook();
    INPUT.with(|i| *i.borrow_mut() = data.to_vec());
    let (tok_json, cfg_json) = match data.windows(2).position(|w| w == b"\0\0") {
        Some(p) => (&data[..p], Some(&data[p + 2..])),
        None => (data, None),
    };
    let dir = Path::new("fuzz-model");
    let tok = match Tokenizer::from_json(dir, tok_json, cfg_json, Some(2)) {
        Ok(t) => t,
        Err(Error::Config { path, .. }) => {
            assert!(
                path == dir.join("tokenizer.json") || path == dir.join("tokenizer_config.json")
            );
            return;
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    };
    let vocab = tok.vocab_size();
    let _ = tok.token_id("<s>");
    let _ = tok.count_tokens(SAMPLE);
    let lang = tok
        .config()
        .src_lang
        .clone()
        .unwrap_or_else(|| "ben_Beng".into());
    for src in [None, Some(lang.as_str())] {
        if let Ok(ids) = tok.encode_source(SAMPLE, src) {
            let _ = tok.decode(&ids);
        }
    }
    let v = i64::try_from(vocab).unwrap_or(i64::MAX);
    let _ = tok.decode(&[0, 1, 2, 3, v - 1, v, v + 1, -1, i64::MAX]);
    let _ = tok.decode(&[]);
});
