//! Sentence-aligned translation of a Bengali article: one `source<TAB>english` line per sentence
//! (an empty line between paragraphs), or JSON with `--json`.
//!
//! ```sh
//! cargo run --release --example translate -- data/seed-article.bn.txt --model DIR
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use bengali_digest::Pipeline;
use clap::Parser;

#[derive(Parser)]
#[command(about = "Translate a Bengali article sentence by sentence")]
struct Args {
    /// The article (UTF-8); stdin when absent.
    file: Option<PathBuf>,
    /// Translation model directory (or a Hub id with the `hub` feature).
    #[arg(long)]
    model: PathBuf,
    /// Beam count (default: the model's generation_config.json).
    #[arg(long)]
    num_beams: Option<usize>,
    /// JSON output: a list of {source, english}.
    #[arg(long)]
    json: bool,
}

fn run(args: Args) -> Result<(), String> {
    let article = bengali_digest::read_utf8(args.file.as_deref()).map_err(|e| e.to_string())?;
    let mut b = Pipeline::builder().translator(&args.model);
    if let Some(n) = args.num_beams {
        b = b.num_beams(n);
    }
    let pipeline = b.build().map_err(|e| e.to_string())?;
    let digest = pipeline.digest(&article).map_err(|e| e.to_string())?;
    if args.json {
        let rows: Vec<_> = digest
            .sentences
            .iter()
            .map(|s| serde_json::json!({"id": s.id, "paragraph": s.paragraph, "source": s.source, "english": s.english}))
            .collect();
        println!("{}", serde_json::Value::Array(rows));
    } else {
        let mut last = None;
        for s in &digest.sentences {
            if last.is_some_and(|p| p != s.paragraph) {
                println!();
            }
            last = Some(s.paragraph);
            println!("{}\t{}", s.source, s.english);
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("translate: {e}");
            ExitCode::FAILURE
        }
    }
}
