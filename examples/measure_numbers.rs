//! Measure the number check on RisingNews test (or any line-aligned Bengali/English pair of
//! human translations): false alarms on the references as they are, and recall on errors
//! planted in them (digit, drop, magnitude, number word, added number), printed per kind.
//! See `bengali_digest::faithfulness::measure` for how errors are planted.

use std::path::PathBuf;
use std::process::ExitCode;

use bengali_digest::faithfulness::measure::{measure, AUDITED_REFERENCE_ADDITIONS};
use clap::Parser;

mod common;

/// Per-kind false alarm rate and recall of the number check.
#[derive(Parser)]
struct Args {
    /// The Bengali side (default: ../shared/data/risingnews/RisingNews.test.bn).
    #[arg(long)]
    source: Option<PathBuf>,
    /// The English references, line-aligned (default: RisingNews.test.en beside it).
    #[arg(long)]
    english: Option<PathBuf>,
    /// Seed of the planted errors.
    #[arg(long, default_value_t = 15)]
    seed: u64,
    /// Also list the false alarms and the missed planted errors.
    #[arg(long)]
    verbose: bool,
}

fn main() -> ExitCode {
    common::exit(run(&Args::parse()))
}

fn run(args: &Args) -> Result<(), String> {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/risingnews");
    let source = args
        .source
        .clone()
        .unwrap_or_else(|| data.join("RisingNews.test.bn"));
    let english = args
        .english
        .clone()
        .unwrap_or_else(|| data.join("RisingNews.test.en"));
    let (bn, en) = (common::read(&source)?, common::read(&english)?);
    let (b, e): (Vec<&str>, Vec<&str>) = (bn.lines().collect(), en.lines().collect());
    if b.len() != e.len() {
        return Err(format!(
            "{} and {} differ in line count",
            source.display(),
            english.display()
        ));
    }
    let report = measure(&b, &e, args.seed);
    print!("{report}");
    let risingnews = args.source.is_none() && args.english.is_none();
    if risingnews {
        println!(
            "false alarms without the {} audited reference additions: {} ({:.2}%)",
            AUDITED_REFERENCE_ADDITIONS.len(),
            report.unexplained_false_alarms().len(),
            report.unexplained_false_alarm_percent()
        );
    }
    if args.verbose {
        for (line, warnings) in &report.false_alarms {
            println!("false alarm, line {}:", line + 1);
            for w in warnings {
                println!("  {w}");
            }
        }
        for (kind, score) in &report.kinds {
            for (line, what) in &score.misses {
                println!("missed {} at line {}: {what}", kind.name(), line + 1);
            }
        }
    }
    Ok(())
}
