//! The front end's TypeScript bindings are generated from the Rust commands
//! and types. This test regenerates them and fails when the committed file was
//! stale, so a change to a command cannot land without its bindings. A second
//! test keeps the three lists of commands in step: the ones the front end
//! can call (`bindings()`), the ones `build.rs` declares, and the ones the
//! capability allows.

use std::collections::BTreeSet;
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

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The quoted words of `text` between `start` and the next `end`.
fn quoted(text: &str, start: &str, end: &str) -> BTreeSet<String> {
    let from = text.find(start).expect("start marker") + start.len();
    let to = from + text[from..].find(end).expect("end marker");
    text[from..to]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn every_command_is_declared_and_allowed_exactly_once() {
    let lib = read("src/lib.rs");
    let from = lib.find("collect_commands![").expect("collect_commands") + 18;
    let to = from + lib[from..].find(']').expect("end of collect_commands");
    let exposed: BTreeSet<String> = lib[from..to]
        .split(',')
        .filter_map(|c| c.trim().rsplit("::").next().map(str::to_string))
        .filter(|c| !c.is_empty())
        .collect();
    let declared = quoted(&read("build.rs"), "&[", "]");
    let allowed: BTreeSet<String> =
        quoted(&read("capabilities/default.json"), "\"permissions\"", "]")
            .into_iter()
            .filter_map(|p| p.strip_prefix("allow-").map(|c| c.replace('-', "_")))
            .collect();
    assert_eq!(
        exposed, declared,
        "src/lib.rs and build.rs list other commands"
    );
    assert_eq!(
        exposed, allowed,
        "capabilities/default.json allows other commands"
    );
}
