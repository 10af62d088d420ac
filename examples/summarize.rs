//! English text → key-point bullets with a summarization model (map-reduce over long input).
//!
//! ```sh
//! cargo run --release --example summarize -- english.txt --model DIR
//! cargo run --release --example summarize -- --raw --model DIR < lines.txt
//! ```
//!
//! The model runs as `pipeline("summarization")` runs it: `config.json`'s `prefix` and
//! `task_specific_params["summarization"]` apply, the output is decoded without
//! `clean_up_tokenization_spaces`. `--raw`: each input line → one output line holding the
//! summary text exactly as `pipeline("summarization")(line)[0]["summary_text"]` returns it.

use std::path::PathBuf;
use std::process::ExitCode;

use bengali_digest::keypoints::abstractive::{bullets, summarize};
use bengali_digest::GenerateOptions;
use bengali_digest::{LoadOptions, Seq2Seq, Task};
use clap::Parser;

#[derive(Parser)]
#[command(about = "Summarize English text into bullets")]
struct Args {
    /// The English text (UTF-8); stdin when absent.
    file: Option<PathBuf>,
    /// Summarization model directory (e.g. a DistilBART-CNN ONNX export).
    #[arg(long)]
    model: PathBuf,
    /// Beam count (default: the model's generation_config.json).
    #[arg(long)]
    num_beams: Option<usize>,
    /// JSON output: a list of bullets (with --raw: one JSON string per line).
    #[arg(long)]
    json: bool,
    /// One summary per input line, printed as the pipeline returns it (no bullet splitting).
    #[arg(long)]
    raw: bool,
}

fn run(args: Args) -> Result<(), String> {
    let text = bengali_digest::read_utf8(args.file.as_deref()).map_err(|e| e.to_string())?;
    let load = LoadOptions::default().task(Task::Summarization);
    let model = Seq2Seq::load(&args.model, &load).map_err(|e| e.to_string())?;
    let mut opts = GenerateOptions::default();
    opts.num_beams = args.num_beams;
    if args.raw {
        for line in text.lines() {
            // Within the model's input: one pipeline call. Longer: map-reduce.
            let summary = if model.count_tokens(line) <= model.budget() {
                model.run(&[line], &opts, 1, &|_, _| {})
            } else {
                summarize(&model, &[line], &opts).map(|s| vec![s])
            }
            .map_err(|e| e.to_string())?
            .into_iter()
            .next()
            .unwrap_or_default();
            if args.json {
                println!("{}", serde_json::Value::from(summary));
            } else {
                println!("{summary}");
            }
        }
        return Ok(());
    }
    let sentences: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let summary = summarize(&model, &sentences, &opts).map_err(|e| e.to_string())?;
    let points = bullets(&summary);
    if args.json {
        println!("{}", serde_json::Value::from(points));
    } else {
        for p in points {
            println!("- {p}");
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("summarize: {e}");
            ExitCode::FAILURE
        }
    }
}
