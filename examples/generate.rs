//! Low-level generation tool: one output line per input line, like CTranslate2's translator CLI.
//!
//! ```sh
//! echo "..." | cargo run --release --example generate -- --model models/fixtures/marian
//! ```
//! Prints what `tokenizer.batch_decode(model.generate(...), skip_special_tokens=True)` gives.
//! Unset flags fall back to the model's `generation_config.json`.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use bengali_digest::{GenerateOptions, Seq2SeqModel};
use clap::Parser;

#[path = "common/cli.rs"]
mod cli;

#[derive(Parser)]
#[command(
    about = "Generate with an ONNX seq2seq export: UTF-8 lines on stdin, one output line each"
)]
struct Args {
    /// Model directory (config.json, tokenizer.json, ONNX files).
    #[arg(long)]
    model: PathBuf,
    /// Source language token (e.g. ben_Beng, bn_IN); built as [lang] + ids + [eos].
    #[arg(long)]
    src_lang: Option<String>,
    /// Target language token, forced as the first generated token.
    #[arg(long)]
    tgt_lang: Option<String>,
    /// Beam count (1 = greedy).
    #[arg(long)]
    num_beams: Option<usize>,
    /// Maximum new tokens.
    #[arg(long)]
    max_new_tokens: Option<usize>,
    /// Minimum new tokens.
    #[arg(long)]
    min_new_tokens: Option<usize>,
    /// Beam length penalty.
    #[arg(long)]
    length_penalty: Option<f32>,
    /// No-repeat n-gram size.
    #[arg(long)]
    no_repeat_ngram_size: Option<usize>,
    /// Repetition penalty.
    #[arg(long)]
    repetition_penalty: Option<f32>,
    #[command(flatten)]
    model_args: cli::ModelArgs,
    /// Print JSON lines with the ids and the finish reason (`eos` or `length`) too.
    #[arg(long)]
    json: bool,
}

fn run(args: Args) -> Result<(), String> {
    let model =
        Seq2SeqModel::load(&args.model, &args.model_args.options()).map_err(|e| e.to_string())?;
    let tok = model.tokenizer();
    let forced_bos = match &args.tgt_lang {
        Some(l) => Some(
            tok.token_id(l)
                .ok_or_else(|| format!("--tgt-lang `{l}` is not in the model's vocabulary"))?,
        ),
        None => None,
    };
    let mut opts = GenerateOptions::default();
    opts.num_beams = args.num_beams;
    opts.max_new_tokens = args.max_new_tokens;
    opts.min_new_tokens = args.min_new_tokens;
    opts.length_penalty = args.length_penalty;
    opts.no_repeat_ngram_size = args.no_repeat_ngram_size;
    opts.repetition_penalty = args.repetition_penalty;
    opts.forced_bos_token_id = forced_bos;
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for (n, line) in stdin.lock().split(b'\n').enumerate() {
        let bytes = line.map_err(|e| format!("reading stdin: {e}"))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "line {}: invalid UTF-8 at byte {}",
                n + 1,
                e.utf8_error().valid_up_to()
            )
        })?;
        let text = text.trim_end_matches('\r');
        let ids = tok
            .encode_source(text, args.src_lang.as_deref())
            .map_err(|e| e.to_string())?;
        let generated = model
            .generate_with_reasons(&[ids], &opts)
            .map_err(|e| format!("line {}: {e}", n + 1))?;
        let Some(g) = generated.into_iter().next() else {
            continue;
        };
        let decoded = tok.decode(&g.ids).map_err(|e| e.to_string())?;
        let res = if args.json {
            let j = serde_json::json!({"text": decoded, "ids": g.ids, "finish_reason": g.finish_reason});
            writeln!(out, "{j}")
        } else {
            writeln!(out, "{decoded}")
        };
        res.map_err(|e| format!("writing stdout: {e}"))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("generate: {e}");
            ExitCode::FAILURE
        }
    }
}
