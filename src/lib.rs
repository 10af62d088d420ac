//! # bengali-digest
//!
//! Bengali news article → full English translation plus key-point bullets.
//!
//! The crate reads top-down in the order data flows:
//! [`text`] (normalize → segment → chunk) → model loading and generation → digest.

pub mod digest;
pub mod error;
pub mod faithfulness;
pub mod generate;
pub mod hub;
pub mod input;
pub mod keypoints;
pub mod model;
pub mod pipeline;
pub mod text;
pub mod translate;

pub use digest::{Digest, KeyPoint, SentenceDigest};
pub use error::{Error, Result};
pub use pipeline::{Pipeline, PipelineBuilder};
