//! Check the numbers of any translation against its Bengali source, line by line.
//!
//! `--source FILE` (Bengali) and `--english FILE` are line-aligned; stdout gets one JSON object
//! per line: `{"line": 1, "warnings": [{"kind": "number_missing", "value": 6.5, "source":
//! "সাড়ে ৬ ভাগ"}, …]}` (lines numbered from 1; kinds `number_missing`, `number_added`,
//! `number_changed`). Works on any MT output, not only this crate's.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use bengali_digest::faithfulness::check_lines;
use clap::Parser;

mod common;

/// Line-aligned Bengali source + English translation → JSON Lines of number warnings.
#[derive(Parser)]
struct Args {
    /// The Bengali source, one sentence (or segment) a line.
    #[arg(long)]
    source: PathBuf,
    /// Its English translation, line-aligned with the source.
    #[arg(long)]
    english: PathBuf,
    /// Print only lines that have a warning.
    #[arg(long)]
    only_warnings: bool,
}

fn main() -> ExitCode {
    common::exit(run(&Args::parse()))
}

fn run(args: &Args) -> Result<(), String> {
    let source = common::read(&args.source)?;
    let english = common::read(&args.english)?;
    let (s, e): (Vec<&str>, Vec<&str>) = (source.lines().collect(), english.lines().collect());
    if s.len() != e.len() {
        return Err(format!(
            "{} has {} lines but {} has {}: the files must be line-aligned",
            args.source.display(),
            s.len(),
            args.english.display(),
            e.len()
        ));
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for check in check_lines(&s, &e) {
        if args.only_warnings && check.warnings.is_empty() {
            continue;
        }
        let line = serde_json::to_string(&check).map_err(|e| e.to_string())?;
        writeln!(out, "{line}").map_err(|e| format!("cannot write stdout: {e}"))?;
    }
    out.flush().map_err(|e| format!("cannot write stdout: {e}"))
}
