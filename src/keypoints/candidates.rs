//! [`Candidates`]: a bounded pool of sentences for extractive key points over a stream.

use super::extractive::{rank, select, ExtractiveOptions};

/// Sentences a [`Candidates`] pool holds before it is cut down (at the default 5 key points).
pub const MAX_CANDIDATES: usize = 256;

/// Bounded-memory extractive key points over a sentence stream of any length.
///
/// [`rank`] is quadratic, so a long article is not ranked whole. Sentences are pushed in
/// article order into a pool of at most `cap` = max([`MAX_CANDIDATES`], 8 × `count`) sentences;
/// when a push would exceed it, the pool is ranked and cut to its best `cap / 4` (kept in
/// article order, so the lead prior still favours earlier sentences), and filling resumes.
/// [`select`](Candidates::select) then runs [`select`] on the final pool. Time is
/// O(n · cap) and memory O(cap) sentences. With at most `cap` sentences nothing is ever cut,
/// and the result equals [`select`] on all of them.
///
/// Each sentence carries a payload `T` (e.g. its id and translation) returned with it.
#[derive(Debug, Clone)]
pub struct Candidates<T> {
    opts: ExtractiveOptions,
    cap: usize,
    keep: usize,
    items: Vec<(String, T)>,
}

impl<T> Candidates<T> {
    /// An empty pool for `opts` (whose `count` sets the pool size).
    pub fn new(opts: &ExtractiveOptions) -> Self {
        let cap = MAX_CANDIDATES.max(opts.count.saturating_mul(8));
        Self {
            opts: opts.clone(),
            cap,
            keep: cap / 4,
            items: Vec::new(),
        }
    }

    /// Most sentences the pool ever holds (the tests check the bound).
    #[cfg(test)]
    pub(crate) fn capacity(&self) -> usize {
        self.cap
    }

    /// Sentences held now.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// Adds the next sentence of the article.
    pub fn push(&mut self, sentence: String, payload: T) {
        if self.items.len() >= self.cap {
            self.cut();
        }
        self.items.push((sentence, payload));
    }

    /// Ranks the pool and keeps its best `keep` sentences (with a positive score), in order.
    fn cut(&mut self) {
        let texts: Vec<&str> = self.items.iter().map(|(s, _)| s.as_str()).collect();
        let mut keep = vec![false; texts.len()];
        for r in rank(&texts, &self.opts)
            .iter()
            .filter(|r| r.score > 0.0)
            .take(self.keep)
        {
            if let Some(k) = keep.get_mut(r.sentence) {
                *k = true;
            }
        }
        let items = std::mem::take(&mut self.items);
        self.items = items
            .into_iter()
            .zip(keep)
            .filter_map(|(item, k)| k.then_some(item))
            .collect();
    }

    /// The sentences held now with their payloads, in article order.
    pub fn into_pool(self) -> Vec<(String, T)> {
        self.items
    }

    /// The key sentences (MMR over the pool, see [`select`]) with their payloads, in article
    /// order.
    pub fn select(self) -> Vec<(String, T)> {
        let texts: Vec<&str> = self.items.iter().map(|(s, _)| s.as_str()).collect();
        let mut chosen = vec![false; texts.len()];
        for i in select(&texts, &self.opts) {
            if let Some(c) = chosen.get_mut(i) {
                *c = true;
            }
        }
        self.items
            .into_iter()
            .zip(chosen)
            .filter_map(|(item, c)| c.then_some(item))
            .collect()
    }
}
