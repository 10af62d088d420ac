//! `examples/check`: line-aligned Bengali + English files → one JSON object per line with
//! typed number warnings; a line-count mismatch is one stderr line and exit 1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use bengali_digest::faithfulness::{check_lines, LineCheck};

const BN: &str = "সাড়ে ৬ ভাগ প্রবৃদ্ধি হয়েছে।\n১১ লাখ রোহিঙ্গা।\nতিনি ৪৫ টাকায় কিনেছেন।\nআজ বৈঠক হয়েছে।\n";
const EN: &str = "Growth was 6.5 percent.\n1.1 billion Rohingyas.\nHe bought it.\nThe meeting was held on 12 May.\n";

/// The example, built once per test binary.
fn example() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| common::built_example("check")).clone()
}

fn files(dir: &Path, bn: &str, en: &str) -> (PathBuf, PathBuf) {
    let (b, e) = (dir.join("src.bn"), dir.join("mt.en"));
    std::fs::write(&b, bn).unwrap();
    std::fs::write(&e, en).unwrap();
    (b, e)
}

/// Runs the tool on a source and an English file.
fn check(source: &Path, english: &Path) -> Output {
    Command::new(example())
        .arg("--source")
        .arg(source)
        .arg("--english")
        .arg(english)
        .output()
        .unwrap()
}

#[test]
fn library_checks_each_line() {
    let b: Vec<&str> = BN.lines().collect();
    let e: Vec<&str> = EN.lines().collect();
    let checks = check_lines(&b, &e);
    let kinds: Vec<Vec<&str>> = checks
        .iter()
        .map(|c| c.warnings.iter().map(|w| w.kind()).collect())
        .collect();
    assert_eq!(
        kinds,
        vec![
            vec![],
            vec!["number_changed"],
            vec!["number_missing"],
            vec!["number_added"]
        ]
    );
    assert_eq!(
        checks.iter().map(|c| c.line).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
}

#[test]
fn the_tool_prints_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let (b, e) = files(dir.path(), BN, EN);
    let out = check(&b, &e);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<LineCheck> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    let raw: serde_json::Value = serde_json::from_str(stdout.lines().nth(1).unwrap()).unwrap();
    assert_eq!(raw["line"], 2);
    assert_eq!(raw["warnings"][0]["kind"], "number_changed");
    assert_eq!(raw["warnings"][0]["english_value"], 1.1e9);
    for l in &lines {
        assert!(l.warnings.iter().all(|w| w.kind().starts_with("number")));
    }
}

#[test]
fn misaligned_files_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (b, e) = files(dir.path(), BN, "one line\n");
    let out = check(&b, &e);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("line-aligned"), "{err}");
}
