//! The example tools fail with one line on stderr and a non-zero exit, never a panic. Each
//! example is built first ([`common::built_example`]), so a missing binary fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

fn run(name: &str, args: &[&str], stdin: &[u8]) -> (i32, String) {
    use std::io::Write;
    let bin = common::built_example(name);
    let mut child = Command::new(bin)
        .args(args)
        .env(
            "ORT_DYLIB_PATH",
            Path::new(env!("CARGO_MANIFEST_DIR")).join(".ort/libonnxruntime.so.1.31.0"),
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_clean_failure(name: &str, args: &[&str], stdin: &[u8], must_say: &str) {
    let (code, err) = run(name, args, stdin);
    assert_eq!(code, 1, "{name} {args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(must_say), "{err}");
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/fixtures")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn invalid_utf8_input() {
    let bad = b"\xe0\xa6\x95\xff\xfe\n";
    let m = fixture("marian");
    assert_clean_failure("digest", &["--model", &m], bad, "invalid UTF-8");
    assert_clean_failure("generate", &["--model", &m], bad, "invalid UTF-8");
    assert_clean_failure("segment", &[], bad, "UTF-8");
}

#[test]
fn bad_model_directories() {
    let d = tempfile::tempdir().unwrap();
    let empty = d.path().display().to_string();
    assert_clean_failure("digest", &["--model", &empty], b"x", "config.json");
    assert_clean_failure(
        "generate",
        &["--model", "/nonexistent"],
        b"x",
        "config.json",
    );
    let m = fixture("m2m100");
    assert_clean_failure(
        "digest",
        &["--model", &m, "--tgt-lang", "xx_Nope"],
        "এক।".as_bytes(),
        "xx_Nope",
    );
}
