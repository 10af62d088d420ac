//! English text → key-point bullets with a summarization model (map-reduce over long input).
//!
//! ```sh
//! cargo run --release --example summarize -- english.txt --model DIR
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use bengali_digest::generate::GenerateOptions;
use bengali_digest::keypoints::abstractive::{bullets, summarize};
use bengali_digest::translate::{LoadOptions, Seq2Seq};
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
    /// JSON output: a list of bullets.
    #[arg(long)]
    json: bool,
}

fn run(args: Args) -> Result<(), String> {
    let text = bengali_digest::input::read_utf8(args.file.as_deref()).map_err(|e| e.to_string())?;
    let model = Seq2Seq::load(&args.model, &LoadOptions::default()).map_err(|e| e.to_string())?;
    let sentences: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let opts = GenerateOptions {
        num_beams: args.num_beams,
        ..GenerateOptions::default()
    };
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
