//! Unit tests of the key-point internals: the ranker, the news cues, the bounded pool, grounding.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod candidates;
mod extractive;
mod ground;
mod news;
