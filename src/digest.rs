//! The output: a [`Digest`] of an article, serde-serializable, with text / Markdown / JSON
//! renderers.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::warning::Warning;

/// One source sentence and its translation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceDigest {
    /// Index in [`Digest::sentences`].
    pub id: usize,
    /// Paragraph index.
    pub paragraph: usize,
    /// The normalized Bengali sentence.
    pub source: String,
    /// Byte span in the original article (trailing whitespace excluded).
    pub span: Range<usize>,
    /// The English translation (pieces of a split sentence joined by a space).
    pub english: String,
    /// Problems found in this sentence, each naming it (JSON: objects with a `kind`).
    pub warnings: Vec<Warning>,
}

/// One key-point bullet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyPoint {
    /// The bullet text.
    pub text: String,
    /// Ids of the source sentences it rests on.
    pub sentences: Vec<usize>,
    /// Faithfulness problems of this bullet (e.g. a number absent from its sources), each
    /// naming the bullet.
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

impl KeyPoint {
    /// The bullet as a plain-text list item: `- TEXT` (no newline).
    pub fn to_text(&self) -> String {
        format!("- {}", self.text)
    }

    /// The bullet as a Markdown list item citing its sentences: `- TEXT _(s3, s7)_` (no
    /// newline; `s` + sentence id, as in [`SentenceDigest::id`]).
    pub fn to_markdown(&self) -> String {
        let ids: Vec<String> = self.sentences.iter().map(|i| format!("s{i}")).collect();
        format!("- {} _({})_", self.text, ids.join(", "))
    }
}

/// Wall time of each stage, in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    /// Normalize + segment + chunk.
    pub text_ms: f64,
    /// Translation.
    pub translate_ms: f64,
    /// Key points.
    pub key_points_ms: f64,
}

/// Which models produced the digest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Models {
    /// The translator (directory or Hub id).
    pub translator: String,
    /// How key points were made (`extractive` or a summarizer id).
    pub key_points: String,
    /// Size of the translator's vocabulary shortlist, when one was used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortlist: Option<usize>,
}

/// One paragraph of a streamed digest (see [`Pipeline::stream`](crate::Pipeline::stream)):
/// its sentences, with article-wide ids, paragraph index and byte spans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParagraphDigest {
    /// Paragraph index in the article (as in [`SentenceDigest::paragraph`]).
    pub paragraph: usize,
    /// True when this continues the previous `ParagraphDigest`: a paragraph longer than the
    /// pipeline's window is handed over in parts (the cut is recorded as a warning on the
    /// first sentence after it).
    pub continues: bool,
    /// Its sentences, in order.
    pub sentences: Vec<SentenceDigest>,
}

impl ParagraphDigest {
    /// The English of the paragraph (sentences joined by a space).
    pub fn english(&self) -> String {
        let parts: Vec<&str> = self
            .sentences
            .iter()
            .map(|s| s.english.as_str())
            .filter(|e| !e.is_empty())
            .collect();
        parts.join(" ")
    }
}

/// The end of a streamed digest: everything but the sentences, which were handed over as
/// [`ParagraphDigest`]s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StreamSummary {
    /// Bytes of input read.
    pub bytes: usize,
    /// Sentences handed over (ids `0..sentences`).
    pub sentences: usize,
    /// Paragraphs handed over (indices `0..paragraphs`).
    pub paragraphs: usize,
    /// The key points, in article order, citing sentence ids.
    pub key_points: Vec<KeyPoint>,
    /// The models used.
    pub models: Models,
    /// Stage timings, summed over the stream.
    pub timings: Timings,
}

/// The digest of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    /// The English translation, paragraphs separated by a blank line.
    pub translation: String,
    /// Every sentence of the article, in order.
    pub sentences: Vec<SentenceDigest>,
    /// The key points, in article order.
    pub key_points: Vec<KeyPoint>,
    /// The models used.
    pub models: Models,
    /// Stage timings.
    pub timings: Timings,
}

impl Digest {
    /// Puts a digest together from streamed sentences and the stream's summary.
    pub fn from_parts(sentences: Vec<SentenceDigest>, summary: StreamSummary) -> Self {
        let mut digest = Digest {
            translation: String::new(),
            sentences,
            key_points: summary.key_points,
            models: summary.models,
            timings: summary.timings,
        };
        digest.translation = digest.paragraphs().join("\n\n");
        digest
    }

    /// English paragraphs, rebuilt from the sentences.
    pub fn paragraphs(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut last = None;
        for s in &self.sentences {
            if last == Some(s.paragraph) {
                if let Some(p) = out.last_mut() {
                    if !s.english.is_empty() {
                        if !p.is_empty() {
                            p.push(' ');
                        }
                        p.push_str(&s.english);
                    }
                }
            } else {
                out.push(s.english.clone());
                last = Some(s.paragraph);
            }
        }
        out
    }

    /// All warnings: each sentence's, then each bullet's (their `Display` names the sentence
    /// or bullet).
    pub fn warnings(&self) -> Vec<Warning> {
        self.sentences
            .iter()
            .flat_map(|s| s.warnings.iter().cloned())
            .chain(
                self.key_points
                    .iter()
                    .flat_map(|k| k.warnings.iter().cloned()),
            )
            .collect()
    }

    /// Plain text: key points, then the translation.
    pub fn to_text(&self) -> String {
        let mut s = String::from("KEY POINTS\n");
        for k in &self.key_points {
            s.push_str(&k.to_text());
            s.push('\n');
        }
        s.push_str("\nTRANSLATION\n");
        s.push_str(&self.translation);
        s.push('\n');
        s.push_str(&self.warning_list("\nWARNINGS\n"));
        s
    }

    /// `heading` and one `- WARNING` line per warning; empty when there is none.
    fn warning_list(&self, heading: &str) -> String {
        let w = self.warnings();
        if w.is_empty() {
            return String::new();
        }
        let mut s = String::from(heading);
        for x in w {
            s.push_str(&format!("- {x}\n"));
        }
        s
    }

    /// Markdown: headed sections, bullets citing their source sentences.
    pub fn to_markdown(&self) -> String {
        let mut s = String::from("## Key points\n\n");
        for k in &self.key_points {
            s.push_str(&k.to_markdown());
            s.push('\n');
        }
        s.push_str("\n## Translation\n\n");
        s.push_str(&self.translation);
        s.push('\n');
        s.push_str(&self.warning_list("\n## Warnings\n\n"));
        s.push_str(&format!(
            "\n_Translator: {} · key points: {}_\n",
            self.models.translator, self.models.key_points
        ));
        s
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}
