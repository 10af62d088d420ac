//! A missing ONNX Runtime library is a typed error that says how to install it, not a panic.
//! (Own test binary: the runtime is initialised once per process.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[test]
fn missing_library_is_a_typed_error_with_install_hint() {
    std::env::set_var("ORT_DYLIB_PATH", "/nonexistent/libonnxruntime.so");
    let err = bengali_digest::init_runtime().unwrap_err();
    assert!(matches!(err, bengali_digest::Error::Runtime { .. }));
    let msg = err.to_string();
    assert!(msg.contains("/nonexistent/libonnxruntime.so"), "{msg}");
    assert!(msg.contains("scripts/setup.sh"), "{msg}");
}
