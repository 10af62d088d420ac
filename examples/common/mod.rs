//! Shared by the file tools (`check`, `measure_numbers`, `keypoints_eval`): reading a UTF-8 file
//! with an error that names it, and the exit status of a run.
#![allow(dead_code)]

use std::path::Path;
use std::process::ExitCode;

/// `path` as UTF-8 text; the error names the file (not found, unreadable, invalid UTF-8 at a
/// byte offset).
pub fn read(path: &Path) -> Result<String, String> {
    bengali_digest::read_utf8(Some(path)).map_err(|e| format!("{}: {e}", path.display()))
}

/// Exit status 0 for `Ok`; `error: …` on stderr and status 1 for `Err`.
pub fn exit(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
