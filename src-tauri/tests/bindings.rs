//! The front end's TypeScript bindings are generated from the Rust commands
//! and types. This test regenerates them and fails when the committed file was
//! stale, so a change to a command cannot land without its bindings.

use std::path::Path;

#[test]
fn bindings_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(daduk_app::BINDINGS_PATH);
    let before = std::fs::read_to_string(&path).unwrap_or_default();
    daduk_app::bindings()
        .export(daduk_app::typescript(), &path)
        .expect("export the TypeScript bindings");
    let after = std::fs::read_to_string(&path).expect("read the regenerated bindings");
    assert!(
        before == after,
        "{} was stale and has been regenerated: review and commit it",
        path.display()
    );
}
