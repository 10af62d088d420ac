//! The one warning type of a [`Digest`](crate::Digest): each problem found in a sentence or a
//! key point, as data. In JSON a warning is an object whose `kind` names it
//! (`{"kind": "number_missing", "sentence": 3, "value": 6.5, "source": "সাড়ে ৬ ভাগ"}`); kinds
//! about numbers start with `number`. [`Display`](std::fmt::Display) gives the sentence the
//! text and Markdown renderers print.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A problem with one sentence of the translation or one key point.
///
/// `sentence` is the id of the sentence ([`SentenceDigest::id`](crate::SentenceDigest::id));
/// `key_point` the index of the bullet in [`Digest::key_points`](crate::Digest::key_points).
/// Number values are plain numbers (`১১ লাখ` → 1100000, `সাড়ে ৬ ভাগ` → 6.5); number
/// words, lakh/crore and percentages are read as values in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Warning {
    /// A number of the source appears in no form in the translation (or, for a key point, in
    /// none of its sentences).
    NumberMissing {
        /// The sentence (absent for a key point or a bare line of the `check` tool).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sentence: Option<usize>,
        /// The key point, when the warning is about one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key_point: Option<usize>,
        /// The number's value.
        value: f64,
        /// How the source writes it.
        source: String,
    },
    /// A number of the translation (or key point) appears in no form in the source.
    NumberAdded {
        /// The sentence.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sentence: Option<usize>,
        /// The key point.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key_point: Option<usize>,
        /// The number's value.
        value: f64,
        /// How the translation writes it.
        english: String,
    },
    /// A number of the source and one of the translation clearly stand for each other (as
    /// many left unmatched on each side, in order; the only percentages; the only pair a power
    /// of ten apart) but differ.
    NumberChanged {
        /// The sentence.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sentence: Option<usize>,
        /// The key point.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key_point: Option<usize>,
        /// The source's value.
        source_value: f64,
        /// How the source writes it.
        source: String,
        /// The translation's value.
        english_value: f64,
        /// How the translation writes it.
        english: String,
    },
    /// The sentence was translated in pieces: it was longer than the model's input, or a
    /// piece's translation reached the output cap and the piece was re-split.
    Split {
        /// The sentence.
        sentence: usize,
        /// How many pieces were translated apart (≥ 2).
        pieces: usize,
        /// Where and why it was cut (`cut at clause boundaries: longer than the model's input
        /// (62 source tokens per piece)`, …).
        detail: String,
    },
    /// The translation of the sentence (or of some of its pieces) stopped at the output cap
    /// (`max_length`) without an end-of-sequence token, even after re-splitting: its end may
    /// be lost.
    Length {
        /// The sentence.
        sentence: usize,
        /// The 1-based numbers of the pieces that stopped at the cap.
        pieces: Vec<usize>,
        /// How many pieces the sentence was translated in (1 = whole).
        of: usize,
        /// The output cap, in tokens, decoder start token included (`max_length`).
        max_length: usize,
    },
    /// The sentence's paragraph was longer than the pipeline's window: the stream was cut
    /// before this sentence.
    WindowCut {
        /// The sentence.
        sentence: usize,
        /// The window size, in bytes.
        window_bytes: usize,
        /// Where the cut fell (`at a sentence end`, `at a space inside a sentence`,
        /// `inside a word`).
        cut: String,
    },
    /// The decoder looped (a word n-gram repeated back to back).
    Degenerate {
        /// The sentence.
        sentence: usize,
        /// How many remedies were tried (0: none; 1: `no_repeat_ngram_size = 3`; 2: that plus
        /// `repetition_penalty = 1.2`).
        retries: usize,
        /// The translation kept still loops.
        still_looping: bool,
    },
    /// The translation's quotation marks do not pair up.
    QuoteUnbalanced {
        /// The sentence.
        sentence: usize,
    },
    /// A key point shares no content word with any sentence of the article.
    Ungrounded {
        /// The key point.
        key_point: usize,
    },
}

impl Warning {
    /// The `kind` as serialized (`number_missing`, `split`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Warning::NumberMissing { .. } => "number_missing",
            Warning::NumberAdded { .. } => "number_added",
            Warning::NumberChanged { .. } => "number_changed",
            Warning::Split { .. } => "split",
            Warning::Length { .. } => "length",
            Warning::WindowCut { .. } => "window_cut",
            Warning::Degenerate { .. } => "degenerate",
            Warning::QuoteUnbalanced { .. } => "quote_unbalanced",
            Warning::Ungrounded { .. } => "ungrounded",
        }
    }

    /// True for the number kinds.
    pub fn is_number(&self) -> bool {
        self.kind().starts_with("number")
    }

    /// The sentence the warning is about, if it is about one.
    pub fn sentence(&self) -> Option<usize> {
        match self {
            Warning::NumberMissing { sentence, .. }
            | Warning::NumberAdded { sentence, .. }
            | Warning::NumberChanged { sentence, .. } => *sentence,
            Warning::Split { sentence, .. }
            | Warning::Length { sentence, .. }
            | Warning::WindowCut { sentence, .. }
            | Warning::Degenerate { sentence, .. }
            | Warning::QuoteUnbalanced { sentence } => Some(*sentence),
            Warning::Ungrounded { .. } => None,
        }
    }

    /// Sets the sentence of a number warning (the checks make them without one).
    pub(crate) fn at_sentence(mut self, id: usize) -> Self {
        if let Warning::NumberMissing { sentence, .. }
        | Warning::NumberAdded { sentence, .. }
        | Warning::NumberChanged { sentence, .. } = &mut self
        {
            *sentence = Some(id);
        }
        self
    }

    /// Sets the key point of a number warning.
    pub(crate) fn at_key_point(mut self, index: usize) -> Self {
        if let Warning::NumberMissing { key_point, .. }
        | Warning::NumberAdded { key_point, .. }
        | Warning::NumberChanged { key_point, .. } = &mut self
        {
            *key_point = Some(index);
        }
        self
    }
}

/// `sentence 3: ` / `key point 1: ` / nothing.
fn place(
    f: &mut fmt::Formatter<'_>,
    sentence: Option<usize>,
    key_point: Option<usize>,
) -> fmt::Result {
    match (sentence, key_point) {
        (_, Some(k)) => write!(f, "key point {k}: "),
        (Some(s), None) => write!(f, "sentence {s}: "),
        (None, None) => Ok(()),
    }
}

/// `surface` alone when it is the plain value (`31`), else `surface (value)` (`১১ লাখ
/// (1100000)`).
fn number(surface: &str, value: f64) -> String {
    let plain = value.to_string();
    if surface.replace(',', "") == plain {
        plain
    } else {
        format!("{surface} ({plain})")
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::NumberMissing { sentence, key_point, value, source } => {
                place(f, *sentence, *key_point)?;
                write!(
                    f,
                    "number {} of the source is missing from the translation",
                    number(source, *value)
                )
            }
            Warning::NumberAdded { sentence, key_point, value, english } => {
                place(f, *sentence, *key_point)?;
                let whose = if key_point.is_some() { "its source sentences" } else { "the source" };
                write!(f, "number {} is in none of {whose}", number(english, *value))
            }
            Warning::NumberChanged {
                sentence,
                key_point,
                source_value,
                source,
                english_value,
                english,
            } => {
                place(f, *sentence, *key_point)?;
                write!(
                    f,
                    "number changed: {} became {}",
                    number(source, *source_value),
                    number(english, *english_value)
                )
            }
            Warning::Split {
                sentence,
                pieces,
                detail,
            } => write!(
                f,
                "sentence {sentence}: translated in {pieces} pieces, {detail}"
            ),
            Warning::Length {
                sentence,
                pieces,
                of,
                max_length,
            } => {
                write!(f, "sentence {sentence}: ")?;
                if *of <= 1 {
                    write!(f, "the translation")?;
                } else {
                    let list: Vec<String> = pieces.iter().map(usize::to_string).collect();
                    let s = if pieces.len() == 1 { "" } else { "s" };
                    write!(f, "the translation of piece{s} {} of {of}", list.join(", "))?;
                }
                write!(
                    f,
                    " stopped at the {max_length}-token output cap (max_length) and may have lost its end"
                )
            }
            Warning::WindowCut { sentence, window_bytes, cut } => write!(
                f,
                "sentence {sentence}: its paragraph is longer than the {window_bytes}-byte window: cut before this sentence, {cut}"
            ),
            Warning::Degenerate {
                sentence,
                retries,
                still_looping,
            } => {
                write!(f, "sentence {sentence}: degenerate output (a repeated word or n-gram)")?;
                match retries {
                    0 => {}
                    1 => write!(f, ": retried with no_repeat_ngram_size=3")?,
                    _ => write!(
                        f,
                        ": retried with no_repeat_ngram_size=3, then also repetition_penalty=1.2"
                    )?,
                }
                if *still_looping {
                    write!(f, "; the translation still loops")?;
                }
                Ok(())
            }
            Warning::QuoteUnbalanced { sentence } => {
                write!(f, "sentence {sentence}: unbalanced quotation marks in the translation")
            }
            Warning::Ungrounded { key_point } => {
                write!(f, "key point {key_point}: shares no content word with any sentence")
            }
        }
    }
}
