//! Unit tests of the key-point internals: the ranker, the news cues, the bounded pool, grounding.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod candidates;
mod extractive;
mod ground;
mod news;

/// The Bengali side of the RisingNews test set (`../shared/data/risingnews`); panics when the
/// shared data is missing, so no test passes without it.
fn risingnews_bn() -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/risingnews/RisingNews.test.bn");
    std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{}: {e} (shared data must be at ../shared)", p.display()))
}
