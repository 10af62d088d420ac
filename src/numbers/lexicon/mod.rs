//! The number vocabulary of both languages, as data: every word the parser in
//! [`numbers`](super) knows, with its value. Nothing else in the crate spells a number word.
//!
//! Sources: the Bengali cardinals 0–100 and ordinals are the standard forms of Bangla Academy
//! usage (with the variant spellings RisingNews uses, e.g. `এগার`/`এগারো`, `উন`/`ঊন`); Indian
//! multipliers: শ/শত/শো = 10², হাজার = 10³, লাখ/লক্ষ = 10⁵, কোটি = 10⁷. English words are the
//! ordinary short-scale ones (million = 10⁶, billion = 10⁹, trillion = 10¹²) plus the South Asian
//! lakh/crore that English-language Bangladeshi papers use.
//!
//! `য়` `ড়` `ঢ়` may be written precomposed or as letter + nukta (NFC decomposes them): the parser
//! folds entries and input alike ([`fold`](super::fold)), so both spellings match.
//!
//! [`bengali`] holds the Bengali words, [`english`] the English ones.

mod bengali;
mod english;

pub(crate) use bengali::*;
pub(crate) use english::*;
