//! Extractive key points: TextRank over TF-IDF cosine similarity, a lead prior suited to news,
//! a boost for sentences that carry the news (numbers, named actors, decisions: [`news_signals`]),
//! and MMR to drop redundant picks. Page furniture ([`boilerplate`]: URLs, e-mail addresses,
//! phone numbers, bylines, datelines, "read more" lines, photo captions) is never chosen unless
//! the article has nothing else. Scores are computed on the Bengali source, so the ranking does
//! not depend on translation quality. Deterministic: ties go to the earlier sentence.
//!
//! [`rank`] and [`select`] are quadratic in the number of sentences;
//! [`Candidates`](super::candidates::Candidates) bounds the
//! work for long articles and streams.

use std::collections::HashMap;

use super::news::{boilerplate, news_signals};

/// Tuning of the extractive ranker. Missing fields deserialize to their defaults. New fields
/// may be added (`#[non_exhaustive]`): build it from [`Default`] and the setters, e.g.
/// `ExtractiveOptions::default().count(3).news_weight(0.0)`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
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
    /// Leave page furniture (URLs, contact lines, bylines, datelines,
    /// captions, "read more" lines) out of the candidates, unless every candidate is
    /// furniture. Furniture also does not count in the lead prior's positions.
    pub skip_boilerplate: bool,
    /// Score boost per news signal present (a number; a named actor; a decision or act): a
    /// sentence's score is multiplied by `1 + news_weight × signals`.
    /// 0 turns the boost off.
    pub news_weight: f32,
}

impl Default for ExtractiveOptions {
    fn default() -> Self {
        Self {
            count: 5,
            lead_weight: 0.3,
            mmr_lambda: 0.7,
            max_similarity: 0.6,
            min_words: 4,
            skip_boilerplate: true,
            news_weight: NEWS_WEIGHT,
        }
    }
}

impl ExtractiveOptions {
    /// Sets [`count`](ExtractiveOptions::count): bullets to return.
    pub fn count(mut self, n: usize) -> Self {
        self.count = n;
        self
    }
    /// Sets [`lead_weight`](ExtractiveOptions::lead_weight), in `[0, 1]`.
    pub fn lead_weight(mut self, w: f32) -> Self {
        self.lead_weight = w;
        self
    }
    /// Sets [`mmr_lambda`](ExtractiveOptions::mmr_lambda), in `[0, 1]`.
    pub fn mmr_lambda(mut self, l: f32) -> Self {
        self.mmr_lambda = l;
        self
    }
    /// Sets [`max_similarity`](ExtractiveOptions::max_similarity) (cosine, `[0, 1]`).
    pub fn max_similarity(mut self, s: f32) -> Self {
        self.max_similarity = s;
        self
    }
    /// Sets [`min_words`](ExtractiveOptions::min_words) (content words).
    pub fn min_words(mut self, n: usize) -> Self {
        self.min_words = n;
        self
    }
    /// Sets [`skip_boilerplate`](ExtractiveOptions::skip_boilerplate).
    pub fn skip_boilerplate(mut self, yes: bool) -> Self {
        self.skip_boilerplate = yes;
        self
    }
    /// Sets [`news_weight`](ExtractiveOptions::news_weight) (0 turns the news boost off).
    pub fn news_weight(mut self, w: f32) -> Self {
        self.news_weight = w;
        self
    }
}

/// Default [`ExtractiveOptions::news_weight`]. Chosen, not fitted: with it, one signal is worth
/// about what a place further down the lead prior costs; `examples/keypoints_eval.rs` reports
/// the ranking with it and with 0.
pub const NEWS_WEIGHT: f32 = 0.15;

/// A ranked sentence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Ranked {
    /// Index into the sentence list given.
    pub sentence: usize,
    /// Combined centrality + lead score in `[0, 1]`, times the news boost (see
    /// [`ExtractiveOptions::news_weight`]); 0 for a sentence that is not a candidate.
    pub score: f32,
}

/// Words of a sentence ([`words`](super::words)) without [`STOPWORDS`].
fn words(s: &str) -> Vec<String> {
    super::words(s)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .collect()
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

/// A sparse vector: (word id, weight), sorted by word id.
type Sparse = Vec<(u32, f32)>;

/// Sparse TF-IDF vectors, L2-normalised. Words are numbered in order of first appearance, so
/// sums run in a fixed order and results do not vary from run to run.
fn tfidf(docs: &[Vec<String>]) -> Vec<Sparse> {
    let n = docs.len() as f32;
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let docs: Vec<Vec<u32>> = docs
        .iter()
        .map(|d| {
            let mut v: Vec<u32> = d
                .iter()
                .map(|w| {
                    let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                    *ids.entry(w.as_str()).or_insert(next)
                })
                .collect();
            v.sort_unstable();
            v
        })
        .collect();
    let mut df = vec![0.0f32; ids.len()];
    for d in &docs {
        let mut seen = d.clone();
        seen.dedup();
        for w in seen {
            if let Some(x) = df.get_mut(w as usize) {
                *x += 1.0;
            }
        }
    }
    docs.iter()
        .map(|d| {
            let mut v: Sparse = Vec::new();
            for &w in d {
                match v.last_mut() {
                    Some((last, x)) if *last == w => *x += 1.0,
                    _ => v.push((w, 1.0)),
                }
            }
            for (w, x) in v.iter_mut() {
                let df = df.get(*w as usize).copied().unwrap_or(0.0);
                *x *= ((1.0 + n) / (1.0 + df)).ln() + 1.0;
            }
            let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, x)| *x /= norm);
            }
            v
        })
        .collect()
}

/// Dot product of two sparse vectors (a merge of their sorted word ids).
fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j) = (0, 0);
    let mut sum = 0.0;
    while let (Some(&(wa, x)), Some(&(wb, y))) = (a.get(i), b.get(j)) {
        if wa == wb {
            sum += x * y;
        }
        i += usize::from(wa <= wb);
        j += usize::from(wb <= wa);
    }
    sum
}

/// Ranks all sentences (best first) by centrality with a lead prior.
///
/// O(n²) time and memory in the number of sentences (a dense similarity graph): for long or
/// streamed input use [`Candidates`], which ranks a bounded pool.
pub fn rank(sentences: &[&str], opts: &ExtractiveOptions) -> Vec<Ranked> {
    let n = sentences.len();
    if n == 0 {
        return Vec::new();
    }
    let docs: Vec<Vec<String>> = sentences.iter().map(|s| words(s)).collect();
    let vecs = tfidf(&docs);
    // Symmetric, zero diagonal: compute the upper triangle once.
    let mut sim = vec![vec![0.0f32; n]; n];
    for (i, a) in vecs.iter().enumerate() {
        for (j, b) in vecs.iter().enumerate().skip(i + 1) {
            let c = cosine(a, b);
            if let Some(x) = sim.get_mut(i).and_then(|r| r.get_mut(j)) {
                *x = c;
            }
            if let Some(x) = sim.get_mut(j).and_then(|r| r.get_mut(i)) {
                *x = c;
            }
        }
    }
    // PageRank over the similarity graph (weighted, row-normalised), damping 0.85.
    let out_sum: Vec<f32> = sim.iter().map(|r| r.iter().sum()).collect();
    let mut pr = vec![1.0 / n as f32; n];
    for _ in 0..100 {
        let mut next = vec![0.15 / n as f32; n];
        for ((row, &out), &from) in sim.iter().zip(&out_sum).zip(&pr) {
            let c = 0.85 * from;
            if out > 0.0 {
                for (x, &w) in next.iter_mut().zip(row) {
                    *x += c * w / out;
                }
            } else {
                // A sentence sharing no words spreads its rank evenly.
                next.iter_mut().for_each(|x| *x += c / n as f32);
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
    let long_enough: Vec<bool> = docs.iter().map(|d| d.len() >= opts.min_words).collect();
    let furniture: Vec<bool> = sentences
        .iter()
        .map(|s| opts.skip_boilerplate && boilerplate(s).is_some())
        .collect();
    // Furniture is out unless it is all the article has.
    let skip = long_enough.iter().zip(&furniture).any(|(&l, &f)| l && !f);
    let news_weight = opts.news_weight.max(0.0);
    let mut position = 0usize;
    let mut ranked: Vec<Ranked> = pr
        .iter()
        .zip(long_enough.iter().zip(&furniture))
        .enumerate()
        .map(|(i, (&p, (&long, &furn)))| {
            let out = skip && furn;
            // The lead prior counts article sentences, not the furniture above them.
            let lead = 1.0 / (1.0 + position as f32).sqrt();
            position += usize::from(!out);
            let base = (1.0 - opts.lead_weight) * p / max_pr + opts.lead_weight * lead;
            let signals = sentences.get(i).map_or(0, |s| news_signals(s).count());
            let boost = 1.0 + news_weight * f32::from(signals);
            Ranked {
                sentence: i,
                score: if long && !out { base * boost } else { 0.0 },
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
/// article order. Quadratic in the number of sentences; the pipeline bounds it on long input
/// with a pool of at most 256 candidates.
pub fn select(sentences: &[&str], opts: &ExtractiveOptions) -> Vec<usize> {
    let ranked = rank(sentences, opts);
    let docs: Vec<Vec<String>> = sentences.iter().map(|s| words(s)).collect();
    let vecs = tfidf(&docs);
    let vec_of = |i: usize| vecs.get(i).map_or(&[][..], Vec::as_slice);
    let mut chosen: Vec<usize> = Vec::new();
    let mut pool: Vec<&Ranked> = ranked.iter().filter(|r| r.score > 0.0).collect();
    while chosen.len() < opts.count {
        let mut best: Option<(f32, usize)> = None;
        for (pi, r) in pool.iter().enumerate() {
            let max_sim = chosen
                .iter()
                .map(|&c| cosine(vec_of(r.sentence), vec_of(c)))
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
