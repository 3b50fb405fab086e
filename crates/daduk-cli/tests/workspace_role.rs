//! Saying whose a workspace is from the command line (`daduk init --role`):
//! the app then opens on the screen that person needs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Ws;

#[test]
fn init_records_whose_workspace_it_is_and_refuses_an_unknown_role() {
    let ws = Ws::new();
    let out = ws.ok(&["init", "--role", "tpi"]);
    assert!(out.contains("milik penilai (TPI)"), "{out}");
    let db = daduk_workspace::Workspace::open(ws.path(), "uji").unwrap();
    assert_eq!(
        db.workspace_role().unwrap(),
        Some(daduk_workspace::Role::Tpi)
    );

    let err = ws.fails(2, &["init", "--role", "kepala"]);
    assert!(err.contains("'kepala'") && err.contains("'unit'"), "{err}");
    assert_eq!(
        db.workspace_role().unwrap(),
        Some(daduk_workspace::Role::Tpi),
        "a refused role changes nothing"
    );

    // A fresh folder with a wrong role is not even created.
    let other = tempfile::tempdir().unwrap();
    let fresh = other.path().join("baru");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_daduk"))
        .args([
            "--workspace",
            fresh.to_str().unwrap(),
            "init",
            "--role",
            "x",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!fresh.exists());
}
