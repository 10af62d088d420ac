//! Per-stage timings on the seed article: segmentation, tokenization, one encoder pass, one
//! decoder step, and the whole digest.
//!
//! Model: `BD_BENCH_MODEL` (a model directory), else `.cache/bench/marian-base` when
//! `models/make_bench_models.py` has built it (full-size random weights: real cost), else the
//! tiny committed Marian fixture (only overheads are meaningful then). `BD_BENCH_VARIANT=quantized`
//! picks the int8 files. Threads: `BD_BENCH_THREADS` (default 2).
//!
//! `cargo bench --bench stages` (add `-- --quick` for a short run).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use bengali_digest::text::{normalize, segment, NormalizeOptions};
use bengali_digest::Pipeline;
use bengali_digest::{GenerateOptions, ModelOptions, Seq2SeqModel, Variant};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn model_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("BD_BENCH_MODEL") {
        return PathBuf::from(d);
    }
    let full = root().join(".cache/bench/marian-base");
    if full.join("config.json").is_file() {
        full
    } else {
        root().join("models/fixtures/marian")
    }
}

fn variant() -> Variant {
    match std::env::var("BD_BENCH_VARIANT").as_deref() {
        Ok("quantized") => Variant::Quantized,
        _ => Variant::Fp32,
    }
}

fn threads() -> usize {
    std::env::var("BD_BENCH_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(2)
}

/// The seed article's sentences (normalized text slices).
fn sentences(article: &str) -> Vec<String> {
    let norm = normalize(article, &NormalizeOptions::default());
    segment(&norm.text)
        .iter()
        .map(|s| norm.text[s.span.clone()].trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn bench(c: &mut Criterion) {
    let article = std::fs::read_to_string(root().join("data/seed-article.bn.txt")).unwrap();
    let dir = model_dir();
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    eprintln!(
        "stages: model {} ({:?}), {} threads",
        dir.display(),
        variant(),
        threads()
    );
    let model = Seq2SeqModel::load(
        &dir,
        &ModelOptions::default()
            .variant(variant())
            .threads(threads()),
    )
    .unwrap();
    let tok = model.tokenizer();
    let sents = sentences(&article);
    let ids: Vec<Vec<i64>> = sents
        .iter()
        .map(|s| tok.encode_source(s, None).unwrap())
        .collect();
    // A sentence of median length for the single-sentence stages.
    let mut by_len: Vec<&Vec<i64>> = ids.iter().collect();
    by_len.sort_by_key(|x| x.len());
    let one = by_len[by_len.len() / 2].clone();
    let start = model
        .generation_config(&GenerateOptions::default())
        .unwrap()
        .decoder_start_token_id
        .unwrap();

    let mut g = c.benchmark_group("stages");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(article.len() as u64));
    g.bench_function("segment seed article", |b| {
        b.iter(|| {
            let norm = normalize(black_box(&article), &NormalizeOptions::default());
            segment(&norm.text).len()
        })
    });
    g.throughput(Throughput::Elements(sents.len() as u64));
    g.bench_function(format!("tokenize seed article ({name})"), |b| {
        b.iter(|| {
            sents
                .iter()
                .map(|s| tok.encode_source(black_box(s), None).unwrap().len())
                .sum::<usize>()
        })
    });
    g.throughput(Throughput::Elements(one.len() as u64));
    g.bench_function(
        format!("encoder pass, 1 sentence of {} tokens ({name})", one.len()),
        |b| b.iter(|| model.encode(std::slice::from_ref(black_box(&one))).unwrap()),
    );
    // One decoder step with 1–16 cached positions: fresh state per 16 steps, only the steps timed.
    g.throughput(Throughput::Elements(1));
    g.bench_function(format!("decoder step, batch 1, past 1-16 ({name})"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let mut st = model.encode(std::slice::from_ref(&one)).unwrap();
                let first = model.decode_step(&mut st, &[start]).unwrap();
                let mut next = argmax(&first.data) as i64;
                for _ in 0..left.min(16) {
                    let t = Instant::now();
                    let l = model.decode_step(&mut st, &[next]).unwrap();
                    total += t.elapsed();
                    next = argmax(&l.data) as i64;
                    left -= 1;
                }
            }
            total
        })
    });
    g.finish();

    let mut g = c.benchmark_group("digest");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    for beams in [1usize, 4] {
        let pipe = Pipeline::builder()
            .translator(&dir)
            .num_beams(beams)
            .threads(threads())
            .prefer_quantized(variant() == Variant::Quantized)
            .max_new_tokens(64)
            .build()
            .unwrap();
        g.throughput(Throughput::Elements(sents.len() as u64));
        g.bench_function(
            format!("seed article, beam {beams}, max 64 new ({name})"),
            |b| b.iter(|| pipe.digest(black_box(&article)).unwrap().sentences.len()),
        );
    }
    g.finish();
}

fn argmax(x: &[f32]) -> usize {
    x.iter()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |(bi, bv), (i, &v)| {
            if v > bv {
                (i, v)
            } else {
                (bi, bv)
            }
        })
        .0
}

criterion_group!(benches, bench);
criterion_main!(benches);
