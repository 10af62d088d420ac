//! Throughput of normalize + segment on the seed article repeated to ~1 MB.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bengali_digest::text::{normalize, segment, NormalizeOptions};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/seed-article.bn.txt");
    let article = std::fs::read_to_string(path).expect("data/seed-article.bn.txt");
    let mut text = String::new();
    while text.len() < 1_000_000 {
        text.push_str(&article);
        text.push_str("\n\n");
    }
    let opts = NormalizeOptions::default();
    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("normalize+segment 1MB", |b| {
        b.iter(|| {
            let norm = normalize(black_box(&text), &opts);
            segment(&norm.text).len()
        })
    });
    group.bench_function("normalize 1MB", |b| {
        b.iter(|| normalize(black_box(&text), &opts).text.len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
