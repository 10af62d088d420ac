//! Generation throughput benchmark: loads a model once, then generates a fixed number of new
//! tokens (EOS suppressed until then) for the first N input lines, one line at a time.
//!
//! ```sh
//! cargo run --release --example bench_generate -- --model .cache/bench/marian-base \
//!     --input /work/shared/data/risingnews/RisingNews.test.bn --lines 8 --new-tokens 32 \
//!     --num-beams 1 --threads 2
//! ```
//! Prints one JSON line: `{"tokens": .., "seconds": .., "tokens_per_s": ..}` (model load and
//! tokenization excluded; `tokens` counts generated tokens of the returned rows, without the
//! decoder start token).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use bengali_digest::generate::{GenerateOptions, Seq2SeqModel};
use bengali_digest::model::files::{DecoderPreference, Variant};
use bengali_digest::model::tokenizer::Tokenizer;
use clap::Parser;

#[derive(Parser)]
#[command(about = "Time batch-1 generation with a fixed number of new tokens")]
struct Args {
    /// Model directory (config.json, tokenizer.json, ONNX files).
    #[arg(long)]
    model: PathBuf,
    /// UTF-8 text file, one source per line.
    #[arg(long)]
    input: PathBuf,
    /// Number of (non-empty) lines to use from the start of the file.
    #[arg(long, default_value_t = 8)]
    lines: usize,
    /// New tokens per line (min = max, so EOS cannot stop early).
    #[arg(long, default_value_t = 32)]
    new_tokens: usize,
    /// Beam count (1 = greedy).
    #[arg(long, default_value_t = 1)]
    num_beams: usize,
    /// Intra-op threads (0 = ONNX Runtime default).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Weight variant: fp32 or quantized.
    #[arg(long, default_value = "fp32")]
    variant: String,
    /// Source language token (e.g. ben_Beng) for multilingual models.
    #[arg(long)]
    src_lang: Option<String>,
    /// Untimed warm-up generations before measuring.
    #[arg(long, default_value_t = 1)]
    warmup: usize,
}

fn run(args: Args) -> Result<String, String> {
    let variant = match args.variant.as_str() {
        "fp32" => Variant::Fp32,
        "quantized" => Variant::Quantized,
        other => return Err(format!("unknown --variant `{other}` (fp32, quantized)")),
    };
    if args.new_tokens == 0 {
        return Err("--new-tokens must be at least 1".into());
    }
    let text = std::fs::read_to_string(&args.input)
        .map_err(|e| format!("reading {}: {e}", args.input.display()))?;
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .take(args.lines)
        .collect();
    if lines.is_empty() {
        return Err(format!("{}: no non-empty lines", args.input.display()));
    }
    let model = Seq2SeqModel::load(
        &args.model,
        variant,
        DecoderPreference::Merged,
        args.threads,
    )
    .map_err(|e| e.to_string())?;
    let settings = model
        .settings(&GenerateOptions::default())
        .map_err(|e| e.to_string())?;
    let tok = Tokenizer::load(&args.model, settings.eos_token_ids.first().copied())
        .map_err(|e| e.to_string())?;
    let sources = lines
        .iter()
        .map(|l| tok.encode_source(l, args.src_lang.as_deref()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let opts = GenerateOptions {
        num_beams: Some(args.num_beams),
        min_new_tokens: Some(args.new_tokens),
        max_new_tokens: Some(args.new_tokens),
        ..GenerateOptions::default()
    };
    for ids in sources.iter().cycle().take(args.warmup) {
        model
            .generate(std::slice::from_ref(ids), &opts)
            .map_err(|e| format!("warm-up: {e}"))?;
    }
    let mut tokens = 0usize;
    let start = Instant::now();
    for (n, ids) in sources.iter().enumerate() {
        let out = model
            .generate(std::slice::from_ref(ids), &opts)
            .map_err(|e| format!("line {}: {e}", n + 1))?;
        // Rows start with the decoder start token.
        tokens += out
            .first()
            .map(|row| row.len().saturating_sub(1))
            .unwrap_or(0);
    }
    let seconds = start.elapsed().as_secs_f64();
    let rate = if seconds > 0.0 {
        tokens as f64 / seconds
    } else {
        0.0
    };
    Ok(serde_json::json!({"tokens": tokens, "seconds": seconds, "tokens_per_s": rate}).to_string())
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench_generate: {e}");
            ExitCode::FAILURE
        }
    }
}
