//! Locks everything the generator emits for `spec/one-cp.yaml`: the snapshot under `generated/` is
//! what reviewers read when the spec or the generator changes (`cargo insta review` accepts it).
//! The same code is compiled by this crate's build script, so the snapshot always builds.

#[test]
fn one_cp_generated_code() {
    let generated = codegen::Generator::new()
        .doc_examples("one_cp")
        .generate_file(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/one-cp.yaml"))
        .expect("spec/one-cp.yaml generates");
    let built = std::fs::read_to_string(concat!(env!("OUT_DIR"), "/one_cp.rs"))
        .expect("the build script wrote the generated code");
    assert!(
        built == generated.code,
        "the build script's output differs from the snapshotted generation settings"
    );
    assert!(
        generated.warnings.is_empty(),
        "unexpected warnings: {:?}",
        generated.warnings
    );
    insta::with_settings!({ snapshot_path => "../generated", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("one_cp", generated.code);
    });
}

#[test]
fn generation_is_deterministic() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/one-cp.yaml");
    let first = codegen::Generator::new().generate_file(path).unwrap().code;
    let second = codegen::Generator::new().generate_file(path).unwrap().code;
    assert_eq!(first, second);
}
