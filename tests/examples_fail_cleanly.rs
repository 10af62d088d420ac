//! The example tools fail with one line on stderr and a non-zero exit, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// `target/<profile>/examples/NAME`, built by `cargo test` next to this test binary.
fn example(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let p = exe.parent()?.parent()?.join("examples").join(name);
    p.is_file().then_some(p)
}

fn run(name: &str, args: &[&str], stdin: &[u8]) -> Option<(i32, String)> {
    use std::io::Write;
    let bin = example(name)?;
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
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

fn assert_clean_failure(name: &str, args: &[&str], stdin: &[u8], must_say: &str) {
    let Some((code, err)) = run(name, args, stdin) else {
        eprintln!("skipped: example {name} not built");
        return;
    };
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
