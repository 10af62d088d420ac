//! [`DigestStream`]: windows in, paragraphs out, key points at the end.

use std::collections::VecDeque;
use std::io::BufRead;
use std::time::Instant;

use super::{ms, Pipeline};
use crate::digest::{KeyPoint, Models, ParagraphDigest, StreamSummary, Timings};
use crate::error::Result;
use crate::input::{Cut, Windows};
use crate::keypoints::abstractive;
use crate::keypoints::candidates::Candidates;

/// Where a stream stands: ids and paragraph indices run on across windows.
#[derive(Debug, Default)]
pub(super) struct Cursor {
    /// Id of the next sentence.
    pub(super) next_id: usize,
    /// Index of the next new paragraph.
    pub(super) next_paragraph: usize,
    /// The paragraph the last window cut (its rest opens the next window).
    pub(super) open_paragraph: Option<usize>,
    /// A cut not yet recorded on a sentence (the window after it had none).
    pub(super) pending_cut: Option<Cut>,
    /// Model inputs translated so far (for progress).
    pub(super) inputs_done: usize,
}

/// The key-point pool of a stream: source sentence, with its id and English.
pub(super) type Pool = Candidates<(usize, String)>;

/// A digest in progress over a reader: yields each [`ParagraphDigest`] in order (or the error
/// that stopped it, then nothing), holding at most one window's worth. Made by
/// [`Pipeline::stream`].
pub struct DigestStream<'p, R> {
    pub(super) pipeline: &'p Pipeline,
    pub(super) windows: Windows<R>,
    pub(super) cursor: Cursor,
    pub(super) ready: VecDeque<ParagraphDigest>,
    pub(super) pool: Pool,
    pub(super) timings: Timings,
    pub(super) stopped: bool,
}

impl<R: BufRead> DigestStream<'_, R> {
    /// Key points over the sentences read so far (call it once the iterator is exhausted),
    /// with counts, models and timings.
    pub fn finish(self) -> Result<StreamSummary> {
        let p = self.pipeline;
        let mut timings = self.timings;
        let t = Instant::now();
        let (key_points, method) = match &p.summarizer {
            Some(m) => (abstractive::key_points(m, &self.pool.into_pool(), p.key_points)?, m.id.clone()),
            None => (
                self.pool
                    .select()
                    .into_iter()
                    .map(|(_, (id, english))| KeyPoint {
                        text: english,
                        sentences: vec![id],
                        warnings: Vec::new(),
                    })
                    .collect(),
                "extractive (TextRank + lead prior + news boost + MMR on the Bengali source, page furniture left out)".to_string(),
            ),
        };
        timings.key_points_ms = ms(t);
        Ok(StreamSummary {
            bytes: self.windows.bytes_read(),
            sentences: self.cursor.next_id,
            paragraphs: self.cursor.next_paragraph,
            key_points,
            models: Models {
                translator: p.translator.id.clone(),
                key_points: method,
                shortlist: p.translator.shortlist_len(),
            },
            timings,
        })
    }
}

impl<R: BufRead> Iterator for DigestStream<'_, R> {
    type Item = Result<ParagraphDigest>;

    fn next(&mut self) -> Option<Result<ParagraphDigest>> {
        loop {
            if let Some(p) = self.ready.pop_front() {
                return Some(Ok(p));
            }
            if self.stopped {
                return None;
            }
            let window = match self.windows.next()? {
                Ok(w) => w,
                Err(e) => return Some(Err(e)),
            };
            let paragraphs =
                match self
                    .pipeline
                    .digest_window(&window, &mut self.cursor, &mut self.timings)
                {
                    Ok(p) => p,
                    Err(e) => {
                        // Stop: a window that failed to translate is not skipped silently.
                        self.stopped = true;
                        return Some(Err(e));
                    }
                };
            drop(window);
            for s in paragraphs.iter().flat_map(|p| &p.sentences) {
                self.pool.push(s.source.clone(), (s.id, s.english.clone()));
            }
            self.ready.extend(paragraphs);
        }
    }
}
