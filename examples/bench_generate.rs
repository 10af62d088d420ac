//! Generation throughput benchmark: loads a model once, then generates a fixed number of new
//! tokens (EOS suppressed until then: min = max new tokens) for the first lines of a file, `--batch-size`
//! lines per `generate` call (default 1).
//!
//! ```sh
//! cargo run --release --example bench_generate -- --model .cache/bench/marian-base \
//!     --input ../shared/data/risingnews/RisingNews.test.bn --lines 8 --new-tokens 32 \
//!     --num-beams 1,4 --threads 2
//! # per-line work: N = min(ceil(1.3 × source tokens), 128) new tokens
//! cargo run --release --example bench_generate -- --model .cache/bench/nllb-600m \
//!     --variant quantized --input lines.txt --lines 0 --new-tokens-factor 1.3 --new-tokens-cap 128
//! ```
//! New tokens per line: `--new-tokens N` for every line, or with `--new-tokens-factor F`
//! `N = min(ceil(F × T), cap)` (at least 1), `T` = the line's token count without special
//! tokens (`Tokenizer::count_tokens`). Multilingual models (NLLB-200, mBART-50, M2M100) get the
//! Bengali source language token and the English target token forced at the first step, as
//! the library resolves them (`ModelDir::languages`), unless `--src-lang`/`--tgt-lang` say
//! otherwise.
//!
//! Prints one JSON line per beam setting (in `--num-beams` order):
//! `{"num_beams", "lines", "source_tokens", "expected_tokens", "tokens", "seconds",
//! "tokens_per_s"}`. Model load, tokenization and one warm-up generation per beam setting are
//! excluded; `tokens` counts generated tokens of the returned rows without the decoder start
//! token (the forced language token included), `source_tokens` the encoder ids incl. specials.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use bengali_digest::{GenerateOptions, Seq2SeqModel};
use clap::Parser;

#[path = "common/cli.rs"]
mod cli;

#[derive(Parser)]
#[command(
    about = "Time generation with a fixed number of new tokens per line, --batch-size lines per call"
)]
struct Args {
    /// Model directory (config.json, tokenizer.json, ONNX files).
    #[arg(long)]
    model: PathBuf,
    /// UTF-8 text file, one source per line.
    #[arg(long)]
    input: PathBuf,
    /// Number of (non-empty) lines to use from the start of the file (0 = all).
    #[arg(long, default_value_t = 8)]
    lines: usize,
    /// New tokens for every line (min = max, so EOS cannot stop early).
    #[arg(long, default_value_t = 32)]
    new_tokens: usize,
    /// Per-line new tokens: ceil(factor × source tokens), capped by --new-tokens-cap.
    /// Overrides --new-tokens.
    #[arg(long)]
    new_tokens_factor: Option<f64>,
    /// Cap for --new-tokens-factor.
    #[arg(long, default_value_t = 128)]
    new_tokens_cap: usize,
    /// Beam counts, comma-separated (1 = greedy); one JSON line each.
    #[arg(long, value_delimiter = ',', default_value = "1")]
    num_beams: Vec<usize>,
    #[command(flatten)]
    model_args: cli::ModelArgs,
    /// Source language token (default: the model's Bengali token, if it has language tokens).
    #[arg(long)]
    src_lang: Option<String>,
    /// Target language token forced at the first step (default: the model's English token, if
    /// it has language tokens).
    #[arg(long)]
    tgt_lang: Option<String>,
    /// Sources per `generate` call: consecutive groups of this many lines (the last may be
    /// shorter); every row of a group generates the group's largest per-line new-token count.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..))]
    batch_size: u16,
    /// Untimed warm-up generations (batches) per beam setting before measuring.
    #[arg(long, default_value_t = 1)]
    warmup: usize,
}

/// New tokens for a line of `source_tokens` tokens.
fn new_tokens_for(args: &Args, source_tokens: usize) -> usize {
    match args.new_tokens_factor {
        Some(f) => {
            let n = (f * source_tokens as f64).ceil();
            // `as` saturates; NaN becomes 0 and is lifted to 1.
            (n as usize).min(args.new_tokens_cap).max(1)
        }
        None => args.new_tokens,
    }
}

fn run(args: &Args) -> Result<Vec<String>, String> {
    if args.new_tokens_factor.is_none() && args.new_tokens == 0 {
        return Err("--new-tokens must be at least 1".into());
    }
    if args
        .new_tokens_factor
        .is_some_and(|f| !(f.is_finite() && f > 0.0))
    {
        return Err("--new-tokens-factor must be a positive number".into());
    }
    if args.num_beams.is_empty() || args.num_beams.contains(&0) {
        return Err("--num-beams must list counts ≥ 1".into());
    }
    let text = std::fs::read_to_string(&args.input)
        .map_err(|e| format!("reading {}: {e}", args.input.display()))?;
    let take = if args.lines == 0 {
        usize::MAX
    } else {
        args.lines
    };
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .take(take)
        .collect();
    if lines.is_empty() {
        return Err(format!("{}: no non-empty lines", args.input.display()));
    }
    let model =
        Seq2SeqModel::load(&args.model, &args.model_args.options()).map_err(|e| e.to_string())?;
    let tok = model.tokenizer();
    let (src_lang, tgt_lang) = model
        .dir()
        .languages(args.src_lang.as_deref(), args.tgt_lang.as_deref())
        .map_err(|e| e.to_string())?;
    let forced_bos_token_id = match &tgt_lang {
        Some(l) => Some(
            tok.token_id(l)
                .ok_or_else(|| format!("--tgt-lang `{l}` is not in the tokenizer"))?,
        ),
        None => None,
    };
    let mut work = Vec::with_capacity(lines.len());
    for l in &lines {
        let ids = tok
            .encode_source(l, src_lang.as_deref())
            .map_err(|e| e.to_string())?;
        work.push((ids, new_tokens_for(args, tok.count_tokens(l))));
    }
    let source_tokens: usize = work.iter().map(|(ids, _)| ids.len()).sum();
    // One `generate` call per group of `--batch-size` lines, each row forced to the group's n.
    let batches: Vec<(Vec<Vec<i64>>, usize)> = work
        .chunks(usize::from(args.batch_size))
        .map(|g| {
            let n = g.iter().map(|(_, n)| *n).max().unwrap_or(1);
            (g.iter().map(|(ids, _)| ids.clone()).collect(), n)
        })
        .collect();
    let expected_tokens: usize = batches.iter().map(|(g, n)| g.len() * n).sum();
    let opts = |beams: usize, n: usize| {
        let mut o = GenerateOptions::default()
            .num_beams(beams)
            .min_new_tokens(n)
            .max_new_tokens(n);
        o.forced_bos_token_id = forced_bos_token_id;
        o
    };
    let mut out = Vec::with_capacity(args.num_beams.len());
    for &beams in &args.num_beams {
        for (ids, n) in batches.iter().cycle().take(args.warmup) {
            model
                .generate(ids, &opts(beams, *n))
                .map_err(|e| format!("warm-up: {e}"))?;
        }
        let mut tokens = 0usize;
        let start = Instant::now();
        for (i, (ids, n)) in batches.iter().enumerate() {
            let rows = model
                .generate(ids, &opts(beams, *n))
                .map_err(|e| format!("batch {}: {e}", i + 1))?;
            // Rows start with the decoder start token.
            tokens += rows
                .iter()
                .map(|row| row.len().saturating_sub(1))
                .sum::<usize>();
        }
        let seconds = start.elapsed().as_secs_f64();
        let rate = if seconds > 0.0 {
            tokens as f64 / seconds
        } else {
            0.0
        };
        out.push(
            serde_json::json!({
                "num_beams": beams,
                "batch_size": args.batch_size,
                "lines": work.len(),
                "source_tokens": source_tokens,
                "expected_tokens": expected_tokens,
                "tokens": tokens,
                "seconds": seconds,
                "tokens_per_s": rate,
                "src_lang": src_lang,
                "tgt_lang": tgt_lang,
            })
            .to_string(),
        );
    }
    Ok(out)
}

fn main() -> ExitCode {
    match run(&Args::parse()) {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench_generate: {e}");
            ExitCode::FAILURE
        }
    }
}
