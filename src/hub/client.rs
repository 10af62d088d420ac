//! The HTTP side: one `ureq` agent per [`download`](super::download) call, requests with the
//! token, URL encoding, and the typed error every failed request becomes.
//!
//! NOTE: this speaks the Hub's HTTP layout with `ureq` directly instead of using `hf-hub` 0.4
//! (which the crate used before). hf-hub's sync API keeps a failed download's bytes in the cache
//! (`blobs/<etag>.part`, kept on purpose to resume later, plus a `.lock` file per blob), never
//! compares the bytes it received with the size it was told, so a body that ends early without
//! a transport error becomes a cached model file, and `unwrap`s/`assert!`s on some responses
//! (a redirect without `Location`). This crate needs the opposite: a file is in the cache
//! complete or not at all, and every failure is an [`Error`].

use std::time::Duration;

use super::HubOptions;
use crate::error::Error;

/// Seconds to wait for a connection.
const CONNECT_TIMEOUT_S: u64 = 30;
/// Seconds to wait for the next bytes of a response.
const READ_TIMEOUT_S: u64 = 120;
/// Redirects followed (the Hub redirects LFS files to its CDN, a mirror may add one more hop).
const MAX_REDIRECTS: u32 = 10;

/// Requests for one repository.
pub(super) struct Client<'a> {
    pub(super) opts: &'a HubOptions,
    agent: ureq::Agent,
    /// `opts.endpoint` without a trailing `/`.
    pub(super) endpoint: String,
    pub(super) repo: &'a str,
}

impl<'a> Client<'a> {
    pub(super) fn new(opts: &'a HubOptions, repo: &'a str) -> Self {
        let endpoint = opts.endpoint.trim_end_matches('/').to_string();
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(CONNECT_TIMEOUT_S))
            .timeout_read(Duration::from_secs(READ_TIMEOUT_S))
            .redirects(MAX_REDIRECTS)
            .redirect_auth_headers(ureq::RedirectAuthHeaders::SameHost)
            .user_agent(concat!("bengali-digest/", env!("CARGO_PKG_VERSION")))
            // A proxy from HTTP(S)_PROXY never applies to a loopback endpoint (ureq has no NO_PROXY).
            .try_proxy_from_env(!is_loopback(&endpoint))
            .build();
        Self {
            opts,
            agent,
            endpoint,
            repo,
        }
    }

    /// A GET of `url`, with `Authorization: Bearer {token}` when a token is set.
    pub(super) fn get(&self, url: &str) -> ureq::Request {
        let request = self.agent.get(url);
        match &self.opts.token {
            Some(token) => request.set("Authorization", &format!("Bearer {token}")),
            None => request,
        }
    }

    /// [`Error::Download`] for `file` of this repository.
    pub(super) fn error(&self, file: &str, status: Option<u16>, reason: String) -> Error {
        Error::Download {
            repo: self.repo.to_string(),
            file: file.to_string(),
            status,
            reason,
        }
    }
}

/// Percent-encodes every byte but unreserved ones (RFC 3986 §2.3); `/` too unless `keep_slash`.
pub(super) fn encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The endpoint's host is `localhost`, `127.0.0.1` or `[::1]`.
fn is_loopback(endpoint: &str) -> bool {
    let rest = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest);
    let host = rest.split(['/', '?']).next().unwrap_or(rest);
    let host = host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_hosts() {
        assert_eq!(encode("refs/pr/1", false), "refs%2Fpr%2F1");
        assert_eq!(encode("onnx/a b.onnx", true), "onnx/a%20b.onnx");
        assert!(is_loopback("http://127.0.0.1:8080"));
        assert!(is_loopback("http://localhost/"));
        assert!(!is_loopback("https://huggingface.co"));
    }
}
