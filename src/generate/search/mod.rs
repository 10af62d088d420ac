//! The decode loops over [`graph::step`](super::graph::step): greedy (`num_beams == 1`) and
//! beam search, step for step as `transformers.generate` runs them.

mod beam;
mod greedy;

pub(crate) use beam::beam;
pub(crate) use greedy::greedy;
