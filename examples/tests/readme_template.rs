//! The root README's first program and `examples/template/src/main.rs` are the same program,
//! so building the template (as `.ci/run` does) proves the README's "Use it in your project"
//! section is enough to write one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[test]
fn the_template_is_the_readme_program() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let section = readme
        .split("## Use it in your project")
        .nth(1)
        .expect("the README has the section");
    let program = section
        .split("```rust,no_run\n")
        .nth(1)
        .and_then(|block| block.split("\n```").next())
        .expect("the section shows a program");
    let template =
        std::fs::read_to_string(format!("{root}/examples/template/src/main.rs")).unwrap();
    assert_eq!(template.trim_end(), program.trim_end());
    let manifest = std::fs::read_to_string(format!("{root}/examples/template/Cargo.toml")).unwrap();
    for line in [
        "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }",
        "futures = \"0.3\"",
    ] {
        assert!(section.contains(line) && manifest.contains(line), "{line}");
    }
}
