//! Which files of a repository a model needs: the configuration and tokenizer files, the ONNX
//! graphs of one variant in the layouts Optimum and transformers.js export, and their external
//! data and shortlist graphs. Pure: works on a list of names, so the same rules pick the files
//! to download and check that a cached snapshot is complete.

use std::collections::BTreeSet;

use super::ids::safe_relative;
use super::HubOptions;
use crate::error::{Error, Result};
use crate::model::files::DecoderPreference;

/// Configuration and tokenizer files fetched whenever the repository has them (the files
/// transformers' `AutoConfig`, `GenerationConfig` and `AutoTokenizer` read, plus this crate's
/// `shortlist.json`).
const SIDE_FILES: &[&str] = &[
    "config.json",
    "generation_config.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "tokenizer.json",
    "source.spm",
    "target.spm",
    "vocab.json",
    "sentencepiece.bpe.model",
    "spiece.model",
    "shortlist.json",
];

/// A model needs one of these to tokenize: a fast tokenizer or a SentencePiece model
/// (Marian `source.spm`, M2M100 `sentencepiece.bpe.model`, T5 `spiece.model`).
const TOKENIZER_MODELS: &[&str] = &[
    "tokenizer.json",
    "source.spm",
    "sentencepiece.bpe.model",
    "spiece.model",
];

impl HubOptions {
    /// Of the repository files `available`, the ones a model needs, in download order:
    /// - `config.json` (required), and every configuration and tokenizer file present:
    ///   `generation_config.json`, `tokenizer_config.json`, `special_tokens_map.json`,
    ///   `added_tokens.json`, `tokenizer.json`, `source.spm`, `target.spm`, `vocab.json`,
    ///   `sentencepiece.bpe.model`, `spiece.model`, `shortlist.json` (one tokenizer is required:
    ///   `tokenizer.json` or a SentencePiece model);
    /// - the encoder of the first variant found (top level before `onnx/`, as
    ///   [`OnnxFiles::detect`](crate::model::files::OnnxFiles::detect) looks), and next to it
    ///   the merged decoder, or the split pair `decoder_model` + `decoder_with_past_model`
    ///   (per the `decoder` setting);
    /// - for each of those graphs, its external data (`X.onnx_data`, `X.onnx.data`,
    ///   `X.onnx_data_1`, …) and, when `shortlist.json` is present, its `X.shortlist.onnx`.
    ///
    /// Names that would leave the snapshot directory (`..`, absolute) are ignored.
    ///
    /// Errors: [`Error::MissingInRepo`] (listing `available`) when `config.json`, a tokenizer,
    /// the encoder of every accepted variant, or the decoder beside the encoder is absent.
    pub(crate) fn needed_files(&self, repo: &str, available: &[String]) -> Result<Vec<String>> {
        let have: BTreeSet<&str> = available
            .iter()
            .map(String::as_str)
            .filter(|f| safe_relative(f))
            .collect();
        let missing = |wanted: String| Error::MissingInRepo {
            repo: repo.to_string(),
            revision: self.revision.clone(),
            wanted,
            available: available.to_vec(),
        };
        if !have.contains("config.json") {
            return Err(missing("config.json".into()));
        }
        if !TOKENIZER_MODELS.iter().any(|f| have.contains(f)) {
            return Err(missing(
                "tokenizer: tokenizer.json, or a SentencePiece model (source.spm + target.spm + \
                 vocab.json for Marian, sentencepiece.bpe.model + vocab.json for M2M100, \
                 spiece.model for T5)"
                    .into(),
            ));
        }
        let mut out: Vec<String> = SIDE_FILES
            .iter()
            .filter(|f| have.contains(*f))
            .map(|f| f.to_string())
            .collect();
        let graphs = self.pick_graphs(&have).map_err(missing)?;
        let shortlist = have.contains("shortlist.json");
        for graph in graphs {
            let mut with_siblings = vec![graph.clone()];
            if shortlist {
                if let Some(stem) = graph.strip_suffix(".onnx") {
                    let short = format!("{stem}.shortlist.onnx");
                    if have.contains(short.as_str()) {
                        with_siblings.push(short);
                    }
                }
            }
            for g in with_siblings {
                let data = have
                    .iter()
                    .filter(|f| is_external_data(&g, f))
                    .map(|f| f.to_string())
                    .collect::<Vec<_>>();
                out.push(g);
                out.extend(data);
            }
        }
        Ok(out)
    }

    /// The ONNX graphs to fetch, or what is missing.
    fn pick_graphs(&self, have: &BTreeSet<&str>) -> std::result::Result<Vec<String>, String> {
        for variant in &self.variants {
            let suffix = variant.suffix();
            for base in ["", "onnx/"] {
                let file = |stem: &str| format!("{base}{stem}{suffix}.onnx");
                let encoder = file("encoder_model");
                if !have.contains(encoder.as_str()) {
                    continue;
                }
                let merged = file("decoder_model_merged");
                let first = file("decoder_model");
                let with_past = file("decoder_with_past_model");
                let has_merged = have.contains(merged.as_str());
                let has_split = have.contains(first.as_str()) && have.contains(with_past.as_str());
                return match (has_merged, has_split, self.decoder) {
                    (true, true, DecoderPreference::Split) | (false, true, _) => {
                        Ok(vec![encoder, first, with_past])
                    }
                    (true, _, _) => Ok(vec![encoder, merged]),
                    (false, false, _) => Err(format!(
                        "decoder beside {encoder}: {merged}, or {first} with {with_past}"
                    )),
                };
            }
        }
        let tried = self
            .variants
            .iter()
            .map(|v| format!("encoder_model{}.onnx", v.suffix()))
            .collect::<Vec<_>>()
            .join(" or ");
        Err(format!("{tried} at the top level or under onnx/"))
    }
}

/// `f` is external data of `graph` (ONNX's external data format, as `onnx.save` and Optimum
/// name it): `graph` followed by `_data` or `.data` and anything after (`_1`, … for parts).
fn is_external_data(graph: &str, f: &str) -> bool {
    f.strip_prefix(graph)
        .is_some_and(|rest| rest.starts_with("_data") || rest.starts_with(".data"))
}

#[cfg(test)]
mod tests;
