//! Bengali news article → English translation + key points.
//!
//! ```sh
//! cargo run --release --example digest -- data/seed-article.bn.txt --model DIR [--format markdown]
//! ```
//! With the tiny fixture models under `models/fixtures/` the pipeline runs end to end, but their
//! weights are random: the English is meaningless by construction.
//!
//! `--stream` reads the input window by window (memory stays bounded however large it is) and
//! writes each paragraph as soon as it is translated; the key points follow at the end. With
//! `--format json` it writes JSON Lines: one paragraph object per line, then `{"summary": …}`.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
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
    /// Use the translator's vocabulary shortlist (shortlist.json, from models/shortlist.py).
    #[arg(long)]
    shortlist: bool,
    /// Hide the progress bar (and, with --stream, the warnings on stderr).
    #[arg(long)]
    quiet: bool,
    /// Stream: write each paragraph as soon as it is translated, in bounded memory; the key
    /// points come last (JSON Lines with --format json; warnings go to stderr).
    #[arg(long)]
    stream: bool,
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
    // Without --stream the article is read (and checked) before the model is loaded.
    let article = if args.stream {
        None
    } else {
        Some(bengali_digest::read_utf8(args.file.as_deref()).map_err(|e| e.to_string())?)
    };
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
        .shortlist(args.shortlist)
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
    let format = if args.json { Format::Json } else { args.format };
    let Some(article) = article else {
        return stream(&pipeline, args.file.as_deref(), format, args.quiet, &bar);
    };
    let digest = pipeline.digest(&article).map_err(|e| e.to_string())?;
    bar.finish_and_clear();
    let out = match format {
        Format::Text => digest.to_text(),
        Format::Markdown => digest.to_markdown(),
        Format::Json => digest.to_json(),
    };
    println!("{}", out.trim_end());
    Ok(())
}

/// `--stream`: paragraphs to stdout as they are done, key points at the end.
fn stream(
    pipeline: &Pipeline,
    file: Option<&Path>,
    format: Format,
    quiet: bool,
    bar: &ProgressBar,
) -> Result<(), String> {
    let name = file.map_or("stdin".to_string(), |p| p.display().to_string());
    let reader: Box<dyn BufRead> = match file {
        Some(p) => Box::new(BufReader::new(
            File::open(p).map_err(|e| format!("cannot read {name}: {e}"))?,
        )),
        None => Box::new(std::io::stdin().lock()),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let write_err = |e: std::io::Error| bengali_digest::Error::Io {
        path: "stdout".into(),
        source: e,
    };
    match format {
        Format::Text => writeln!(out, "TRANSLATION"),
        Format::Markdown => writeln!(out, "## Translation\n"),
        Format::Json => Ok(()),
    }
    .map_err(|e| e.to_string())?;
    let mut first = true;
    let summary = pipeline
        .digest_reader(reader, |p| {
            if !quiet {
                for w in p.sentences.iter().flat_map(|s| &s.warnings) {
                    bar.suspend(|| eprintln!("warning: {w}"));
                }
            }
            let english = p.english();
            let written = match format {
                Format::Json => serde_json::to_string(&p)
                    .map_err(std::io::Error::other)
                    .and_then(|line| writeln!(out, "{line}")),
                // A paragraph handed over in parts continues on the same line.
                _ if p.continues => write!(out, " {english}"),
                _ if first => write!(out, "{english}"),
                _ => write!(out, "\n\n{english}"),
            };
            first = false;
            written.and_then(|()| out.flush()).map_err(write_err)
        })
        .map_err(|e| format!("{name}: {e}"))?;
    bar.finish_and_clear();
    let end = match format {
        Format::Json => serde_json::to_string(&serde_json::json!({ "summary": summary }))
            .map_err(|e| e.to_string())?,
        Format::Text | Format::Markdown => {
            let md = matches!(format, Format::Markdown);
            let mut s = String::from(if md {
                "\n\n## Key points\n"
            } else {
                "\n\nKEY POINTS"
            });
            for k in &summary.key_points {
                s.push('\n');
                s.push_str(&if md { k.to_markdown() } else { k.to_text() });
            }
            for w in summary.key_points.iter().flat_map(|k| &k.warnings) {
                s.push_str(&format!("\n- warning: {w}"));
            }
            s
        }
    };
    writeln!(out, "{end}").map_err(|e| e.to_string())
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
