//! Pure-Rust Bengali text front-end: normalize → segment → chunk.
