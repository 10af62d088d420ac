//! One `Pipeline` shared by 8 threads, each digesting a *different* article (the same-article
//! case is in tests/pipeline.rs): every thread's Digest equals a serial run of its article,
//! through both `digest` and the streaming `digest_reader`; all finish within a timeout (no
//! deadlock); peak memory stays bounded.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bengali_digest::{Digest, Pipeline, Timings};

fn seed() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/seed-article.bn.txt"))
        .unwrap()
}

/// Eight different articles cut from and varied on the seed.
fn articles() -> Vec<String> {
    let seed = seed();
    let paras: Vec<&str> = seed.lines().collect();
    let join = |ps: &[&str]| ps.join("\n");
    let mut reversed = paras.clone();
    reversed.reverse();
    let renumbered: String = seed
        .chars()
        .map(|c| match c {
            '0'..='8' => char::from_u32(c as u32 + 1).unwrap(),
            '9' => '০',
            c => c,
        })
        .collect();
    vec![
        join(&paras[..4]),
        join(&paras[4..9]),
        join(&paras[9..]),
        seed.clone(),
        join(&reversed),
        renumbered,
        "ঢাকায় আজ ২৫ জন আহত হয়েছেন। The minister said 3 people died!\n\n\
         “সব ঠিক আছে,” তিনি বলেন। 🌧️ বৃষ্টি হবে?\nশেষ লাইন"
            .to_string(),
        paras[1..6].join(" "),
    ]
}

fn pipeline() -> Pipeline {
    Pipeline::builder()
        .translator(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/fixtures/marian"))
        .max_new_tokens(6)
        .num_beams(2)
        .key_points(3)
        // Small windows: the streamed articles span several, cut mid-paragraph too.
        .window_bytes(2048)
        .build()
        .unwrap()
}

/// Thread `i` digests article `i`: even threads with `digest`, odd ones by streaming.
fn run(p: &Pipeline, i: usize, article: &str) -> Digest {
    let mut d = if i.is_multiple_of(2) {
        p.digest(article).unwrap()
    } else {
        let mut sentences = Vec::new();
        let summary = p
            .digest_reader(article.as_bytes(), |para| {
                sentences.extend(para.sentences);
                Ok(())
            })
            .unwrap();
        Digest::from_parts(sentences, summary)
    };
    d.timings = Timings::default();
    d
}

fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn eight_threads_on_different_articles_match_serial_runs() {
    let p = Arc::new(pipeline());
    let articles = articles();
    let serial: Vec<Digest> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| run(&p, i, a))
        .collect();
    // The articles really differ, and each digest has content to compare.
    for (i, d) in serial.iter().enumerate() {
        assert!(!d.sentences.is_empty() && !d.key_points.is_empty(), "{i}");
        for e in &serial[..i] {
            assert_ne!(d.translation, e.translation);
        }
    }
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = peak_kb();
    let t = Instant::now();
    let (tx, rx) = mpsc::channel();
    for (i, a) in articles.iter().enumerate() {
        let (p, a, tx) = (Arc::clone(&p), a.clone(), tx.clone());
        std::thread::spawn(move || {
            tx.send((i, run(&p, i, &a))).unwrap();
        });
    }
    drop(tx);
    let mut seen = [false; 8];
    for _ in 0..articles.len() {
        let (i, threaded) = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("a thread neither finished nor panicked within 120 s: deadlock?");
        assert_eq!(
            threaded, serial[i],
            "article {i}: threaded differs from serial"
        );
        seen[i] = true;
    }
    assert!(seen.iter().all(|&s| s));
    let growth_mb = peak_kb().saturating_sub(before) as f64 / 1024.0;
    eprintln!(
        "8 threads: {:.1} s, peak RSS {:.1} MB (+{growth_mb:.1} MB over serial)",
        t.elapsed().as_secs_f64(),
        peak_kb() as f64 / 1024.0
    );
    // Each thread holds one article's digest and one window's working set.
    assert!(growth_mb < 128.0, "peak grew by {growth_mb:.1} MB");
}
