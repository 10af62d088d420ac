//! ONNX Runtime loading: the library that scripts/setup.sh installs is found and accepted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[test]
fn runtime_library_loads() {
    let path = bengali_digest::init_runtime().unwrap();
    assert!(path.is_file());
    // A second call returns the same outcome without reloading.
    assert_eq!(bengali_digest::init_runtime().unwrap(), path);
}
