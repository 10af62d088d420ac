//! # bengali-digest
//!
//! Bengali news article → full English translation plus key-point bullets.
//!
//! The crate reads top-down in the order data flows:
//! [`text`] (normalize → segment → chunk) → model loading and generation → digest.

pub mod error;
pub mod generate;
pub mod model;
pub mod text;

pub use error::{Error, Result};
