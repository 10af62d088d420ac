//! Sentence-boundary precision / recall / F1 of the crate's segmenter.
//!
//! Documents:
//! * `risingnews`: pseudo-articles of `--lines` consecutive RisingNews test lines
//!   (`../shared/data/risingnews/RisingNews.test.bn`), each line normalized and trimmed, joined
//!   by one space. Only lines that are one sentence by their punctuation take part: a line must
//!   end with `।` `॥` `?` `!` or `.` (closing quotes after it allowed) and hold no other `।` or
//!   `॥`, and no `?` or `!` followed by a space. The right boundaries are the joins.
//! * `risingnews-period`: the same articles with each line's final `।` written as `.`, as text
//!   typed without the danda arrives.
//! * `tricky/KIND`: the tables of `data/segment_tricky.tsv` (abbreviations, '.'-terminated
//!   sentences, quotation attributions).
//!
//! A boundary is where a sentence other than the first starts, counted in characters before it
//! other than whitespace, quotes and brackets, so any system's output is scored on the same text
//! whatever it does with spaces, and a closing quote put at the start of the next sentence is
//! not counted against it (indic-nlp-library does that). `--dump` prints the documents as JSON lines (text, right boundaries and the
//! crate's) for `scripts/segment_eval.py`, which scores indic-nlp-library on the same text.
//!
//! ```sh
//! cargo run --release --example segment_eval [-- --dump] [--strict] [--risingnews PATH] [--lines N]
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use bengali_digest::text::{normalize, segment, NormalizeOptions};
use clap::Parser;

/// Boundary P/R/F1 of the segmenter on RisingNews pseudo-articles and the tricky-case tables.
#[derive(Parser)]
struct Args {
    /// RisingNews Bengali test file (one sentence a line).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/risingnews/RisingNews.test.bn"))]
    risingnews: PathBuf,
    /// Tricky-case tables.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data/segment_tricky.tsv"))]
    tricky: PathBuf,
    /// Lines per pseudo-article.
    #[arg(long, default_value_t = 10)]
    lines: usize,
    /// Print the documents as JSON lines instead of the scores.
    #[arg(long)]
    dump: bool,
    /// Count quotes and brackets in a boundary's position too: a closing quote put at the start
    /// of the next sentence is then a wrong boundary.
    #[arg(long)]
    strict: bool,
}

struct Doc {
    set: String,
    text: String,
    gold: Vec<usize>,
}

/// Characters of `s` that count for a boundary's position: all but whitespace, quotes and
/// brackets, so a closing quote put on either side of a boundary does not move it.
/// With `strict`, only whitespace is left out.
fn solid(s: &str, strict: bool) -> usize {
    s.chars()
        .filter(|&c| !c.is_whitespace() && (strict || !QUOTES_AND_BRACKETS.contains(c)))
        .count()
}

/// Characters a boundary's position ignores (with whitespace).
const QUOTES_AND_BRACKETS: &str = "\"'“”‘’«»‹›()[]{}";

/// A document made of `sentences` joined by one space, with the joins as its boundaries.
fn join(set: &str, sentences: &[String], strict: bool) -> Doc {
    let mut gold = Vec::new();
    let mut at = 0;
    for s in sentences.iter().take(sentences.len().saturating_sub(1)) {
        at += solid(s, strict);
        gold.push(at);
    }
    Doc {
        set: set.to_string(),
        text: sentences.join(" "),
        gold,
    }
}

/// True when a line is one sentence by its punctuation (see the module docs).
fn one_sentence(line: &str) -> bool {
    let body = line.trim_end_matches(['”', '’', '"', '\'', ')']);
    let Some(last) = body.chars().last() else {
        return false;
    };
    if !matches!(last, '।' | '॥' | '?' | '!' | '.') {
        return false;
    }
    let inner = &body[..body.len() - last.len_utf8()];
    let chars: Vec<char> = inner.chars().collect();
    !inner.contains(['।', '॥'])
        && !chars
            .windows(2)
            .any(|w| matches!(w[0], '?' | '!') && w[1].is_whitespace())
}

/// `line` with its final `।` (before any closing quotes) written as `.`.
fn with_period(line: &str) -> String {
    match line.rfind('।') {
        Some(p)
            if line[p + '।'.len_utf8()..]
                .chars()
                .all(|c| matches!(c, '”' | '’' | '"' | '\'' | ')')) =>
        {
            format!("{}.{}", &line[..p], &line[p + '।'.len_utf8()..])
        }
        _ => line.to_string(),
    }
}

fn docs(args: &Args) -> Result<Vec<Doc>, String> {
    let opts = NormalizeOptions::default();
    let data = std::fs::read_to_string(&args.risingnews)
        .map_err(|e| format!("{}: {e}", args.risingnews.display()))?;
    let lines: Vec<String> = data
        .lines()
        .map(|l| normalize(l, &opts).text.trim().to_string())
        .filter(|l| one_sentence(l))
        .collect();
    let mut out = Vec::new();
    for group in lines.chunks(args.lines.max(2)).filter(|g| g.len() >= 2) {
        out.push(join("risingnews", group, args.strict));
    }
    for group in lines.chunks(args.lines.max(2)).filter(|g| g.len() >= 2) {
        let period: Vec<String> = group.iter().map(|l| with_period(l)).collect();
        out.push(join("risingnews-period", &period, args.strict));
    }
    let tricky = std::fs::read_to_string(&args.tricky)
        .map_err(|e| format!("{}: {e}", args.tricky.display()))?;
    for row in tricky
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let mut cols = row.split('\t');
        let kind = cols.next().unwrap_or("");
        let sentences: Vec<String> = cols.map(|s| normalize(s, &opts).text).collect();
        out.push(join(&format!("tricky/{kind}"), &sentences, args.strict));
    }
    Ok(out)
}

/// The crate's boundaries on `text`.
fn predict(text: &str, strict: bool) -> Vec<usize> {
    let sentences = segment(text);
    sentences
        .iter()
        .skip(1)
        .map(|s| solid(&text[..s.span.start], strict))
        .collect()
}

#[derive(Default)]
struct Score {
    docs: usize,
    exact: usize,
    tp: usize,
    gold: usize,
    pred: usize,
}

impl Score {
    fn add(&mut self, gold: &[usize], pred: &[usize]) {
        self.docs += 1;
        self.exact += usize::from(gold == pred);
        self.tp += pred.iter().filter(|p| gold.contains(p)).count();
        self.gold += gold.len();
        self.pred += pred.len();
    }

    fn line(&self, name: &str) -> String {
        let p = self.tp as f64 / self.pred.max(1) as f64;
        let r = self.tp as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        format!(
            "{name:<26} {:>5} {:>6} {:>6.3} {:>6.3} {:>6.3} {:>5}/{}",
            self.docs, self.gold, p, r, f, self.exact, self.docs
        )
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let docs = match docs(&args) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if args.dump {
        for d in &docs {
            let line = serde_json::json!({
                "set": d.set, "text": d.text, "gold": d.gold, "crate": predict(&d.text, args.strict),
            });
            println!("{line}");
        }
        return ExitCode::SUCCESS;
    }
    let mut scores: BTreeMap<&str, Score> = BTreeMap::new();
    let mut tricky = Score::default();
    for d in &docs {
        let pred = predict(&d.text, args.strict);
        scores.entry(&d.set).or_default().add(&d.gold, &pred);
        if d.set.starts_with("tricky/") {
            tricky.add(&d.gold, &pred);
        }
    }
    println!(
        "bengali-digest segmenter, boundary scores ({} lines per pseudo-article{})",
        args.lines,
        if args.strict { ", strict" } else { "" }
    );
    println!(
        "{:<26} {:>5} {:>6} {:>6} {:>6} {:>6} {:>7}",
        "set", "docs", "bounds", "P", "R", "F1", "exact"
    );
    for (name, s) in &scores {
        println!("{}", s.line(name));
    }
    println!("{}", tricky.line("tricky (all)"));
    ExitCode::SUCCESS
}
