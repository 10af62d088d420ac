//! Locating and loading the ONNX Runtime shared library.
//!
//! `ort` is built with `load-dynamic`: the library is opened at run time from
//! `ORT_DYLIB_PATH` (set for `cargo` commands by `.cargo/config.toml` after
//! `scripts/setup.sh`). `ort` panics when the file is absent, so the path is checked
//! here first and a missing library becomes [`Error::Runtime`] with install instructions.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::{Error, Result};

/// The loaded library path and the process-wide environment (`ort` keeps only a weak
/// reference to it, so it must be held here for the life of the process).
static INIT: OnceLock<std::result::Result<(PathBuf, ort::environment::Environment), String>> =
    OnceLock::new();

/// The library path `ort` will load: `ORT_DYLIB_PATH` if set, else `libonnxruntime.so`
/// resolved by the system loader.
pub fn dylib_path() -> Option<PathBuf> {
    std::env::var_os("ORT_DYLIB_PATH").map(PathBuf::from)
}

/// Initialises ONNX Runtime once per process. Later calls return the first outcome.
pub fn init() -> Result<&'static Path> {
    let outcome = INIT.get_or_init(|| {
        let Some(path) = dylib_path() else {
            return Err("ORT_DYLIB_PATH is not set".to_string());
        };
        if !path.is_file() {
            return Err(format!("{} does not exist", path.display()));
        }
        // `init_from` opens the library and checks its API version.
        match ort::init_from(&path) {
            Ok(builder) => match builder.with_name("bengali-digest").build() {
                Ok(env) => {
                    // Failures reach the caller as `Error::Onnx`; ORT's own stderr log would
                    // repeat them (in colour) in users' terminals.
                    env.set_log_level(ort::logging::LogLevel::Fatal);
                    Ok((path, env))
                }
                Err(e) => Err(format!("{}: {e}", path.display())),
            },
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    });
    match outcome {
        Ok((p, _)) => Ok(p.as_path()),
        Err(reason) => Err(Error::Runtime {
            reason: reason.clone(),
        }),
    }
}

/// The process-wide ONNX Runtime environment, initialising it on first use.
pub fn environment() -> Result<&'static ort::environment::Environment> {
    init()?;
    match INIT.get() {
        Some(Ok((_, env))) => Ok(env),
        Some(Err(reason)) => Err(Error::Runtime {
            reason: reason.clone(),
        }),
        None => Err(Error::Runtime {
            reason: "not initialised".into(),
        }),
    }
}
