//! Which repository ids, revisions and repository paths are accepted: nothing a server or a user
//! passes may name a path outside the cache.

/// `owner/name` (or a bare `name`) of letters, digits, `-`, `_`, `.` — the Hub's repository
/// naming rule (no `.` or `..` part).
pub(super) fn valid_repo_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('/').collect();
    (1..=2).contains(&parts.len())
        && parts.iter().all(|p| {
            !p.is_empty()
                && *p != "."
                && *p != ".."
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

/// A repository path (or revision) that stays inside the directory it is joined to: relative,
/// `/`-separated, no empty, `.` or `..` segment, no `\` or `:`.
pub(super) fn safe_relative(f: &str) -> bool {
    !f.is_empty()
        && !f.contains('\\')
        && !f.contains(':')
        && f.split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// A full commit hash (40 hex digits, git's SHA-1), as a revision or the listing's `sha`.
pub(super) fn is_commit(s: &str) -> bool {
    s.len() == 40 && s.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_paths_and_commits() {
        assert!(valid_repo_id("Xenova/nllb-200-distilled-600M"));
        assert!(!valid_repo_id("../x"));
        assert!(!valid_repo_id("a/b/c"));
        assert!(!safe_relative("onnx/../../x"));
        assert!(!safe_relative("/etc/passwd"));
        assert!(safe_relative("onnx/encoder_model.onnx"));
        assert!(is_commit("0123456789abcdef0123456789abcdef01234567"));
        assert!(
            !is_commit("abcdef1"),
            "a short hex branch name is not a commit"
        );
        assert!(!is_commit("../../../../../../../../../../../../../x"));
    }
}
