//! Key points: the handful of bullets a reader needs.
//!
//! [`extractive`] needs no model: it ranks source sentences and returns indices, so every
//! bullet is grounded by construction.

pub mod abstractive;
pub mod extractive;
pub mod news;
