//! Pure-Rust Bengali text front-end: normalize → segment → chunk.
//!
//! No model is needed here. The invariant every stage keeps: concatenating the
//! pieces reproduces the normalized input — no text lost, none duplicated.

pub mod chunk;
pub mod normalize;
pub mod segment;

pub use chunk::{chunk, Chunk, Piece, SplitKind};
pub use normalize::{normalize, NormalizeOptions, Normalized};
pub use segment::{segment, Sentence};
