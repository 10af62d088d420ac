//! `tokenizer_config.json` and the special-token names it and `special_tokens_map.json` hold.

use std::collections::HashMap;

use serde::Deserialize;

/// The keys of `tokenizer_config.json` that change encoding or decoding.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct TokenizerConfig {
    /// `clean_up_tokenization_spaces`: drop the space before `. , ! ?` and in `n't`, `'s` …
    #[serde(default)]
    pub clean_up_tokenization_spaces: Option<bool>,
    /// Python tokenizer class, e.g. `NllbTokenizer`.
    #[serde(default)]
    pub tokenizer_class: Option<String>,
    /// T5's sentinel count (`<extra_id_0>` …), 100 when absent (`T5Tokenizer`'s default).
    #[serde(default)]
    pub extra_ids: Option<usize>,
    /// Added tokens by id (transformers ≥ 4.34 writes every special token here).
    #[serde(default)]
    pub added_tokens_decoder: Option<HashMap<String, AddedToken>>,
    /// Extra special tokens (language codes, sentinels).
    #[serde(default)]
    pub additional_special_tokens: Option<Vec<TokenName>>,
    /// The `*_token` keys (`eos_token`, `unk_token`, `pad_token`, …).
    #[serde(flatten)]
    pub special_tokens: HashMap<String, serde_json::Value>,
}

/// One entry of `added_tokens_decoder`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AddedToken {
    /// The token text.
    pub content: String,
    /// Whether `skip_special_tokens` removes it.
    #[serde(default)]
    pub special: bool,
}

/// A token named in a special-tokens file: a string or `{"content": …}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum TokenName {
    /// `"</s>"`.
    Plain(String),
    /// `{"content": "</s>", "lstrip": false, …}`.
    Object {
        /// The token text.
        content: String,
    },
}

impl TokenName {
    pub(super) fn text(&self) -> &str {
        match self {
            TokenName::Plain(s) | TokenName::Object { content: s } => s,
        }
    }
}

impl TokenizerConfig {
    /// Every special token these settings name: the `*_token` keys and
    /// `additional_special_tokens` (what `all_special_tokens` lists in `transformers`).
    pub(super) fn special_token_names(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .special_tokens
            .iter()
            .filter(|(k, _)| k.ends_with("_token"))
            .filter_map(|(_, v)| serde_json::from_value::<TokenName>(v.clone()).ok())
            .map(|t| t.text().to_string())
            .collect();
        out.extend(
            self.additional_special_tokens
                .iter()
                .flatten()
                .map(|t| t.text().to_string()),
        );
        out
    }
}
