//! Segment a Bengali article read from stdin.
//!
//! Plain mode prints one sentence per line with an empty line between
//! paragraphs. `--json` prints sentences with spans in the original input and
//! chunk ids (tokens counted as whitespace-separated words, `--budget N`).

use std::io::Read;
use std::process::ExitCode;

use bengali_digest::text::{chunk, normalize, segment, NormalizeOptions};
use clap::Parser;

/// Segment a UTF-8 Bengali article from stdin into sentences.
#[derive(Parser)]
struct Args {
    /// Print JSON with spans and chunk ids.
    #[arg(long)]
    json: bool,
    /// Token budget per chunk (whitespace-separated words).
    #[arg(long, default_value_t = 200)]
    budget: usize,
    /// Keep Bengali digits instead of mapping them to ASCII.
    #[arg(long)]
    keep_digits: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut raw = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut raw) {
        eprintln!("error: cannot read stdin: {e}");
        return ExitCode::FAILURE;
    }
    let Ok(input) = String::from_utf8(raw) else {
        eprintln!("error: stdin is not valid UTF-8");
        return ExitCode::FAILURE;
    };
    let opts = NormalizeOptions::default().ascii_digits(!args.keep_digits);
    let norm = normalize(&input, &opts);
    let text = norm.text.as_str();
    let sentences = segment(text);
    if !args.json {
        let mut prev = None;
        for s in &sentences {
            if prev.is_some_and(|p| p != s.paragraph) {
                println!();
            }
            println!("{}", s.text(text));
            prev = Some(s.paragraph);
        }
        return ExitCode::SUCCESS;
    }
    let chunks = chunk(text, &sentences, args.budget, |t: &str| {
        t.split_whitespace().count()
    });
    let mut chunk_of = vec![Vec::new(); sentences.len()];
    for c in &chunks {
        for p in &c.pieces {
            if let Some(v) = chunk_of.get_mut(p.sentence) {
                if !v.contains(&c.id) {
                    v.push(c.id);
                }
            }
        }
    }
    let items: Vec<serde_json::Value> = sentences
        .iter()
        .zip(&chunk_of)
        .map(|(s, ids)| {
            let orig = norm.original_span(s.span.clone());
            serde_json::json!({
                "text": s.text(text),
                "paragraph": s.paragraph,
                "span": [orig.start, orig.end],
                "normalized_span": [s.span.start, s.span.end],
                "chunks": ids,
            })
        })
        .collect();
    let out = serde_json::json!({ "sentences": items, "chunks": chunks.len() });
    match serde_json::to_string_pretty(&out) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
