//! Extractive key points: TextRank over TF-IDF cosine similarity, a lead prior suited to news,
//! and MMR to drop redundant picks. Scores are computed on the Bengali source, so the ranking does
//! not depend on translation quality. Deterministic: ties go to the earlier sentence.

use std::collections::HashMap;

/// Tuning of the extractive ranker.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExtractiveOptions {
    /// Bullets to return (fewer when the article has fewer distinct sentences).
    pub count: usize,
    /// Weight of the lead prior against centrality, in `[0, 1]`.
    pub lead_weight: f32,
    /// MMR trade-off between relevance (1.0) and novelty (0.0).
    pub mmr_lambda: f32,
    /// A candidate this similar (cosine) to an already chosen sentence is never chosen.
    pub max_similarity: f32,
    /// Sentences with fewer content words are not candidates (datelines, bylines).
    pub min_words: usize,
}

impl Default for ExtractiveOptions {
    fn default() -> Self {
        Self {
            count: 5,
            lead_weight: 0.3,
            mmr_lambda: 0.7,
            max_similarity: 0.6,
            min_words: 4,
        }
    }
}

/// A ranked sentence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Ranked {
    /// Index into the sentence list given.
    pub sentence: usize,
    /// Combined centrality + lead score in `[0, 1]`.
    pub score: f32,
}

/// Words of a sentence: maximal runs of letters, marks and digits, lower-cased.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || is_mark(c)))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .collect()
}

/// Bengali vowel signs, virama and nukta are combining marks, part of the word.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0981}'..='\u{0983}' | '\u{09BC}' | '\u{09BE}'..='\u{09CD}' | '\u{09D7}' | '\u{200C}' | '\u{200D}')
}

/// Frequent function words (Bengali and English) that carry no topic.
const STOPWORDS: &[&str] = &[
    "ও",
    "এবং",
    "এ",
    "এই",
    "সে",
    "তা",
    "তার",
    "তিনি",
    "করে",
    "হয়",
    "হয়",
    "থেকে",
    "জন্য",
    "না",
    "যে",
    "বলে",
    "করা",
    "এক",
    "একটি",
    "সঙ্গে",
    "সাথে",
    "কিন্তু",
    "তবে",
    "আর",
    "বা",
    "নিয়ে",
    "নিয়ে",
    "হবে",
    "ছিল",
    "হয়েছে",
    "হয়েছে",
    "করেন",
    "বলেন",
    "the",
    "a",
    "an",
    "of",
    "and",
    "to",
    "in",
    "is",
    "was",
    "for",
    "on",
    "that",
    "with",
    "by",
    "at",
    "as",
    "it",
    "he",
    "she",
    "said",
];

/// Sparse TF-IDF vectors, L2-normalised.
fn tfidf(docs: &[Vec<String>]) -> Vec<HashMap<&str, f32>> {
    let n = docs.len() as f32;
    let mut df: HashMap<&str, f32> = HashMap::new();
    for d in docs {
        let mut seen: Vec<&str> = d.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        for w in seen {
            *df.entry(w).or_default() += 1.0;
        }
    }
    docs.iter()
        .map(|d| {
            let mut v: HashMap<&str, f32> = HashMap::new();
            for w in d {
                *v.entry(w.as_str()).or_default() += 1.0;
            }
            for (w, x) in v.iter_mut() {
                let idf = ((1.0 + n) / (1.0 + df.get(w).copied().unwrap_or(0.0))).ln() + 1.0;
                *x *= idf;
            }
            let norm = v.values().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.values_mut().for_each(|x| *x /= norm);
            }
            v
        })
        .collect()
}

fn cosine(a: &HashMap<&str, f32>, b: &HashMap<&str, f32>) -> f32 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(w, x)| large.get(w).map(|y| x * y))
        .sum()
}

/// Ranks all sentences (best first) by centrality with a lead prior.
pub fn rank(sentences: &[&str], opts: &ExtractiveOptions) -> Vec<Ranked> {
    let n = sentences.len();
    if n == 0 {
        return Vec::new();
    }
    let docs: Vec<Vec<String>> = sentences.iter().map(|s| words(s)).collect();
    let vecs = tfidf(&docs);
    let sim: Vec<Vec<f32>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    if i == j {
                        0.0
                    } else {
                        cosine(&vecs[i], &vecs[j])
                    }
                })
                .collect()
        })
        .collect();
    // PageRank over the similarity graph (weighted, row-normalised), damping 0.85.
    let out_sum: Vec<f32> = sim.iter().map(|r| r.iter().sum()).collect();
    let mut pr = vec![1.0 / n as f32; n];
    for _ in 0..100 {
        let mut next = vec![0.15 / n as f32; n];
        for (j, row) in sim.iter().enumerate() {
            if out_sum[j] > 0.0 {
                for (i, &w) in row.iter().enumerate() {
                    next[i] += 0.85 * pr[j] * w / out_sum[j];
                }
            } else {
                // A sentence sharing no words spreads its rank evenly.
                next.iter_mut().for_each(|x| *x += 0.85 * pr[j] / n as f32);
            }
        }
        let delta: f32 = next.iter().zip(&pr).map(|(a, b)| (a - b).abs()).sum();
        pr = next;
        if delta < 1e-6 {
            break;
        }
    }
    let max_pr = pr
        .iter()
        .copied()
        .fold(0.0f32, f32::max)
        .max(f32::MIN_POSITIVE);
    let mut ranked: Vec<Ranked> = (0..n)
        .map(|i| {
            let lead = 1.0 / (1.0 + i as f32).sqrt();
            let eligible = docs[i].len() >= opts.min_words;
            let score = (1.0 - opts.lead_weight) * pr[i] / max_pr + opts.lead_weight * lead;
            Ranked {
                sentence: i,
                score: if eligible { score } else { 0.0 },
            }
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.sentence.cmp(&b.sentence))
    });
    ranked
}

/// Picks up to `opts.count` non-redundant key sentences with MMR; returns their indices in
/// article order.
pub fn select(sentences: &[&str], opts: &ExtractiveOptions) -> Vec<usize> {
    let ranked = rank(sentences, opts);
    let docs: Vec<Vec<String>> = sentences.iter().map(|s| words(s)).collect();
    let vecs = tfidf(&docs);
    let mut chosen: Vec<usize> = Vec::new();
    let mut pool: Vec<&Ranked> = ranked.iter().filter(|r| r.score > 0.0).collect();
    while chosen.len() < opts.count {
        let mut best: Option<(f32, usize)> = None;
        for (pi, r) in pool.iter().enumerate() {
            let max_sim = chosen
                .iter()
                .map(|&c| cosine(&vecs[r.sentence], &vecs[c]))
                .fold(0.0f32, f32::max);
            if max_sim > opts.max_similarity {
                continue;
            }
            let mmr = opts.mmr_lambda * r.score - (1.0 - opts.mmr_lambda) * max_sim;
            if best.is_none_or(|(b, _)| mmr > b) {
                best = Some((mmr, pi));
            }
        }
        let Some((_, pi)) = best else { break };
        chosen.push(pool.remove(pi).sentence);
    }
    chosen.sort_unstable();
    chosen
}
