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
//!
//! `--serve`: load once, then read cells from stdin, one `BATCH_SIZE NUM_BEAMS` line each, and
//! answer each with the same JSON line (flushed) until end of input, after a first line
//! `{"load_seconds"}` (model load and tokenization) — the mode
//! `scripts/compare.py` uses to run every engine's cells interleaved with the other engines'.

use std::io::{BufRead, Write};
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
    /// Read `BATCH_SIZE NUM_BEAMS` lines from stdin and answer each with one JSON line, instead
    /// of running `--batch-size` × `--num-beams` once.
    #[arg(long)]
    serve: bool,
}

/// The tokenized workload: per line its encoder ids and its new-token count.
struct Work {
    lines: Vec<(Vec<i64>, usize)>,
    source_tokens: usize,
    forced_bos_token_id: Option<i64>,
    src_lang: Option<String>,
    tgt_lang: Option<String>,
}

/// Times one cell: `batch_size` lines per `generate` call, `beams` beams, after `warmup`
/// untimed calls; returns the JSON line.
fn time_cell(
    model: &Seq2SeqModel,
    work: &Work,
    batch_size: usize,
    beams: usize,
    warmup: usize,
) -> Result<String, String> {
    if batch_size == 0 || beams == 0 {
        return Err("batch size and beam count must be at least 1".into());
    }
    // One `generate` call per group of `batch_size` lines, each row forced to the group's n.
    let batches: Vec<(Vec<Vec<i64>>, usize)> = work
        .lines
        .chunks(batch_size)
        .map(|g| {
            let n = g.iter().map(|(_, n)| *n).max().unwrap_or(1);
            (g.iter().map(|(ids, _)| ids.clone()).collect(), n)
        })
        .collect();
    let expected_tokens: usize = batches.iter().map(|(g, n)| g.len() * n).sum();
    let opts = |n: usize| {
        let mut o = GenerateOptions::default()
            .num_beams(beams)
            .min_new_tokens(n)
            .max_new_tokens(n);
        o.forced_bos_token_id = work.forced_bos_token_id;
        o
    };
    for (ids, n) in batches.iter().cycle().take(warmup) {
        model
            .generate(ids, &opts(*n))
            .map_err(|e| format!("warm-up: {e}"))?;
    }
    let mut tokens = 0usize;
    let start = Instant::now();
    for (i, (ids, n)) in batches.iter().enumerate() {
        let rows = model
            .generate(ids, &opts(*n))
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
    Ok(serde_json::json!({
        "num_beams": beams,
        "batch_size": batch_size,
        "lines": work.lines.len(),
        "source_tokens": work.source_tokens,
        "expected_tokens": expected_tokens,
        "tokens": tokens,
        "seconds": seconds,
        "tokens_per_s": rate,
        "src_lang": work.src_lang,
        "tgt_lang": work.tgt_lang,
    })
    .to_string())
}

/// `--serve`: one cell per stdin line (`BATCH_SIZE NUM_BEAMS`), one JSON line back each.
fn serve(model: &Seq2SeqModel, work: &Work, warmup: usize) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| format!("stdin: {e}"))?;
        let nums: Vec<usize> = line
            .split_whitespace()
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|e| format!("cell `{line}`: {e}"))?;
        let [batch_size, beams] = nums[..] else {
            return Err(format!("cell `{line}`: expected `BATCH_SIZE NUM_BEAMS`"));
        };
        let json = time_cell(model, work, batch_size, beams, warmup)?;
        writeln!(out, "{json}")
            .and_then(|()| out.flush())
            .map_err(|e| format!("stdout: {e}"))?;
    }
    Ok(())
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
    let loaded = Instant::now();
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
    let work = Work {
        lines: work,
        source_tokens,
        forced_bos_token_id,
        src_lang,
        tgt_lang,
    };
    if args.serve {
        println!(
            "{}",
            serde_json::json!({ "load_seconds": loaded.elapsed().as_secs_f64() })
        );
        serve(&model, &work, args.warmup)?;
        return Ok(Vec::new());
    }
    args.num_beams
        .iter()
        .map(|&beams| {
            time_cell(
                &model,
                &work,
                usize::from(args.batch_size),
                beams,
                args.warmup,
            )
        })
        .collect()
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
