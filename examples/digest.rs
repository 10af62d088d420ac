//! Bengali news article → English translation + key points.
//!
//! ```sh
//! cargo run --release --example digest -- data/seed-article.bn.txt --model DIR [--format markdown]
//! ```
//! With the tiny fixture models under `models/fixtures/` the pipeline runs end to end, but their
//! weights are random: the English is meaningless by construction.

use std::path::PathBuf;
use std::process::ExitCode;

use bengali_digest::Pipeline;
use clap::{Parser, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(Parser)]
#[command(about = "Digest a Bengali news article: full English translation plus key points")]
struct Args {
    /// The article (UTF-8); stdin when absent.
    file: Option<PathBuf>,
    /// Translation model: a directory with a Hugging Face ONNX export, or a Hub id (`hub` feature).
    #[arg(long)]
    model: Option<PathBuf>,
    /// English summarization model directory for abstractive key points (else extractive).
    #[arg(long)]
    summarizer: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Same as --format json.
    #[arg(long)]
    json: bool,
    /// Number of key points.
    #[arg(long, default_value_t = 5)]
    key_points: usize,
    /// Beam count (default: the model's generation_config.json).
    #[arg(long)]
    num_beams: Option<usize>,
    /// Source language token (default: detected, e.g. ben_Beng).
    #[arg(long)]
    src_lang: Option<String>,
    /// Target language token (default: detected, e.g. eng_Latn).
    #[arg(long)]
    tgt_lang: Option<String>,
    /// Sentences per model call.
    #[arg(long, default_value_t = 8)]
    batch_size: usize,
    /// Prefer *_quantized.onnx files when present.
    #[arg(long)]
    quantized: bool,
    /// Hide the progress bar.
    #[arg(long)]
    quiet: bool,
}

const NO_MODEL: &str =
    "no model given. Pass --model DIR with a Hugging Face seq2seq export in ONNX \
(config.json, tokenizer.json, encoder_model.onnx, decoder_model_merged.onnx), e.g. \
Xenova/nllb-200-distilled-600M downloaded from the Hub, or export a PyTorch checkpoint with \
`optimum-cli export onnx --model CHECKPOINT --task text2text-generation-with-past DIR` \
(see models/README.md). To try the pipeline offline: --model models/fixtures/m2m100 \
(random weights: meaningless English)";

fn run(args: Args) -> Result<(), String> {
    let model = match args.model {
        Some(m) => m,
        // With the `hub` feature the default model is fetched from the Hub by id.
        None if cfg!(feature = "hub") => PathBuf::from(bengali_digest::hub::DEFAULT_TRANSLATOR),
        None => return Err(NO_MODEL.to_string()),
    };
    let article =
        bengali_digest::input::read_utf8(args.file.as_deref()).map_err(|e| e.to_string())?;
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(0)
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} translating {pos}/{len} sentences {elapsed}")
            .map_err(|e| e.to_string())?,
    );
    let b = bar.clone();
    let mut builder = Pipeline::builder()
        .translator(&model)
        .key_points(args.key_points)
        .batch_size(args.batch_size)
        .prefer_quantized(args.quantized)
        .progress(move |done, total| {
            b.set_length(total as u64);
            b.set_position(done as u64);
        });
    if let Some(s) = &args.summarizer {
        builder = builder.summarizer(s);
    }
    if let Some(n) = args.num_beams {
        builder = builder.num_beams(n);
    }
    if let Some(l) = args.src_lang {
        builder = builder.src_lang(l);
    }
    if let Some(l) = args.tgt_lang {
        builder = builder.tgt_lang(l);
    }
    let pipeline = builder.build().map_err(|e| e.to_string())?;
    let digest = pipeline.digest(&article).map_err(|e| e.to_string())?;
    bar.finish_and_clear();
    let format = if args.json { Format::Json } else { args.format };
    let out = match format {
        Format::Text => digest.to_text(),
        Format::Markdown => digest.to_markdown(),
        Format::Json => digest.to_json(),
    };
    println!("{}", out.trim_end());
    Ok(())
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("digest: {e}");
            ExitCode::FAILURE
        }
    }
}
