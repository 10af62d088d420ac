//! Extractive key points against the Lead-3 baseline, on RisingNews pseudo-articles with and
//! without planted page furniture.
//!
//! Articles: the RisingNews test set (`../shared/data/risingnews/RisingNews.test.{bn,en}`, human
//! translations line by line) cut into articles of `--lines` consecutive lines. Each article is
//! scored twice: as is (`clean`), and with the page furniture of `data/keypoints_furniture.tsv`
//! planted where news pages put it (`furnished`: byline and dateline on top, a photo caption
//! after the first sentence, a "read more" line in the middle, a "details at www…" line, a
//! contact line and a share line at the end). Every system picks 3 sentences (each line is one
//! sentence, so segmentation plays no part).
//!
//! Measures, averaged over articles:
//! * `furniture`: share of picks that are planted lines (lower is better), and `held-out`: the
//!   share that are the `share` lines, whose cues are in no list of the crate;
//! * `news`: share of picks whose *English reference* holds a digit or a capitalized word after
//!   the first (a number or a name; planted lines have no reference and count as no) — measured
//!   on the human English, not on the Bengali cues the ranker uses, though it is a proxy for the
//!   same thing;
//! * `R1-F`: ROUGE-1 F1 (lower-cased word unigrams, clipped counts) of the picks' English against
//!   the English of the whole clean article: how much of the article's content the picks cover;
//! * `words`: mean English words per pick.
//!
//! Systems: `lead3` (the first 3 sentences as given), `textrank` (this crate's ranker with the
//! furniture filter and the news boost off: the ranker before issue 14), `no-boost` (filter on,
//! boost off), `crate` (the defaults).
//!
//! ```sh
//! cargo run --release --example keypoints_eval [-- --lines 10]
//! ```

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use bengali_digest::keypoints::{select, ExtractiveOptions};
use bengali_digest::text::{normalize, NormalizeOptions};
use clap::Parser;

mod common;

/// Key-point quality against Lead-3 on RisingNews pseudo-articles.
#[derive(Parser)]
struct Args {
    /// RisingNews directory holding RisingNews.test.bn and RisingNews.test.en.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/risingnews"))]
    risingnews: PathBuf,
    /// Planted page furniture.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/data/keypoints_furniture.tsv"))]
    furniture: PathBuf,
    /// Lines per pseudo-article.
    #[arg(long, default_value_t = 10)]
    lines: usize,
    /// Key points per article.
    #[arg(long, default_value_t = 3)]
    count: usize,
}

/// One sentence of an article: its Bengali, its English reference (none for furniture), and
/// the furniture kind when planted.
struct Line {
    bn: String,
    en: Option<String>,
    kind: Option<String>,
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn rouge1_f(pred: &[String], reference: &[String]) -> f64 {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for w in reference {
        *counts.entry(w).or_default() += 1;
    }
    let mut overlap = 0i64;
    for w in pred {
        if let Some(c) = counts.get_mut(w.as_str()) {
            if *c > 0 {
                *c -= 1;
                overlap += 1;
            }
        }
    }
    if overlap == 0 {
        return 0.0;
    }
    let p = overlap as f64 / pred.len() as f64;
    let r = overlap as f64 / reference.len() as f64;
    2.0 * p * r / (p + r)
}

/// A number or a name in the English reference.
fn carries_news(en: &str) -> bool {
    en.chars().any(|c| c.is_ascii_digit())
        || en
            .split_whitespace()
            .skip(1)
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
}

#[derive(Default)]
struct Tally {
    articles: usize,
    picks: usize,
    furniture: usize,
    held_out: usize,
    news: usize,
    rouge: f64,
    words: usize,
}

impl Tally {
    fn add(&mut self, article: &[Line], picks: &[usize], reference: &[String]) {
        self.articles += 1;
        let mut pred = Vec::new();
        for &i in picks {
            let Some(line) = article.get(i) else { continue };
            self.picks += 1;
            self.furniture += usize::from(line.kind.is_some());
            self.held_out += usize::from(line.kind.as_deref() == Some("share"));
            if let Some(en) = &line.en {
                self.news += usize::from(carries_news(en));
                let w = words(en);
                self.words += w.len();
                pred.extend(w);
            }
        }
        self.rouge += rouge1_f(&pred, reference);
    }

    fn row(&self, condition: &str, system: &str) -> String {
        let picks = self.picks.max(1) as f64;
        format!(
            "{condition:<10} {system:<10} {:>5} {:>9.1}% {:>8.1}% {:>6.1}% {:>7.3} {:>6.1}",
            self.articles,
            100.0 * self.furniture as f64 / picks,
            100.0 * self.held_out as f64 / picks,
            100.0 * self.news as f64 / picks,
            self.rouge / self.articles.max(1) as f64,
            self.words as f64 / picks,
        )
    }
}

/// `content` with the furniture of article `index` planted in it.
fn furnish(content: &[Line], templates: &[(String, String, String)], index: usize) -> Vec<Line> {
    let mut kinds: Vec<&str> = templates.iter().map(|(k, _, _)| k.as_str()).collect();
    kinds.dedup();
    let pick = |place: &str| -> Vec<Line> {
        kinds
            .iter()
            .filter_map(|kind| {
                let of_kind: Vec<&(String, String, String)> =
                    templates.iter().filter(|(k, _, _)| k == kind).collect();
                let t = of_kind.get(index % of_kind.len().max(1))?;
                (t.1 == place).then(|| Line {
                    bn: t.2.clone(),
                    en: None,
                    kind: Some(t.0.clone()),
                })
            })
            .collect()
    };
    let copy = |l: &Line| Line {
        bn: l.bn.clone(),
        en: l.en.clone(),
        kind: None,
    };
    let mut out = pick("top");
    for (i, l) in content.iter().enumerate() {
        out.push(copy(l));
        if i == 0 {
            out.extend(pick("after-lead"));
        }
        if i == 5 {
            out.extend(pick("middle"));
        }
    }
    out.extend(pick("end"));
    out
}

fn run(args: &Args) -> Result<(), String> {
    let bn = common::read(&args.risingnews.join("RisingNews.test.bn"))?;
    let en = common::read(&args.risingnews.join("RisingNews.test.en"))?;
    let furniture = common::read(&args.furniture)?;
    let templates: Vec<(String, String, String)> = furniture
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?.into(), f.next()?.into(), f.next()?.into()))
        })
        .collect();
    let opts = NormalizeOptions::default();
    let lines: Vec<Line> = bn
        .lines()
        .zip(en.lines())
        .filter(|(b, _)| !b.trim().is_empty())
        .map(|(b, e)| Line {
            bn: normalize(b, &opts).text.trim().to_string(),
            en: Some(e.to_string()),
            kind: None,
        })
        .collect();
    let base = ExtractiveOptions::default().count(args.count);
    let systems: Vec<(&str, Option<ExtractiveOptions>)> = vec![
        ("lead3", None),
        (
            "textrank",
            Some(base.clone().skip_boilerplate(false).news_weight(0.0)),
        ),
        ("no-boost", Some(base.clone().news_weight(0.0))),
        ("crate", Some(base.clone())),
    ];
    let mut tallies: Vec<Tally> = (0..systems.len() * 2).map(|_| Tally::default()).collect();
    for (index, content) in lines.chunks(args.lines.max(1)).enumerate() {
        let reference: Vec<String> = content
            .iter()
            .filter_map(|l| l.en.as_deref())
            .flat_map(words)
            .collect();
        let furnished = furnish(content, &templates, index);
        let clean: Vec<Line> = content
            .iter()
            .map(|l| Line {
                bn: l.bn.clone(),
                en: l.en.clone(),
                kind: None,
            })
            .collect();
        for (c, article) in [clean, furnished].iter().enumerate() {
            let texts: Vec<&str> = article.iter().map(|l| l.bn.as_str()).collect();
            for (s, (_, o)) in systems.iter().enumerate() {
                let picks: Vec<usize> = match o {
                    None => (0..args.count.min(article.len())).collect(),
                    Some(o) => select(&texts, o),
                };
                if let Some(t) = tallies.get_mut(c * systems.len() + s) {
                    t.add(article, &picks, &reference);
                }
            }
        }
    }
    println!(
        "Key points ({} per article) on RisingNews pseudo-articles of {} lines",
        args.count, args.lines
    );
    println!(
        "{:<10} {:<10} {:>5} {:>10} {:>9} {:>7} {:>7} {:>6}",
        "condition", "system", "arts", "furniture", "held-out", "news", "R1-F", "words"
    );
    for (c, condition) in ["clean", "furnished"].iter().enumerate() {
        for (s, (name, _)) in systems.iter().enumerate() {
            if let Some(t) = tallies.get(c * systems.len() + s) {
                println!("{}", t.row(condition, name));
            }
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    common::exit(run(&Args::parse()))
}
