//! The tidy rules, each broken on purpose.

use super::*;

#[test]
fn a_ui_or_terminal_crate_in_core_is_caught() {
    let ok = "[package]\nname = \"x\"\n[dependencies]\nserde.workspace = true\n[dev-dependencies]\nclap = \"4\"\n";
    assert!(forbidden_dependencies(ok).is_empty());
    let bad = "[dependencies]\nserde.workspace = true\nindicatif = \"0.18\"\n[target.'cfg(unix)'.dependencies]\ntauri = { version = \"2\" }\n";
    let found = forbidden_dependencies(bad);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("indicatif") && found[1].contains("tauri"));
}

#[test]
fn sql_outside_store_is_caught_and_tests_may_use_it() {
    let text = "use rusqlite::params;\n";
    assert!(sql_outside_store("crates/daduk-workspace/src/store/answers.rs", text).is_empty());
    assert!(
        sql_outside_store(
            "crates/daduk-workspace/src/evidence/lifecycle_tests.rs",
            text
        )
        .is_empty()
    );
    let found = sql_outside_store("crates/daduk-workspace/src/evidence/mod.rs", text);
    assert_eq!(
        found,
        [
            "crates/daduk-workspace/src/evidence/mod.rs:1: rusqlite outside store/ (put the query in a store/ file)"
        ]
    );
    assert!(
        sql_outside_store("crates/daduk-workspace/src/x.rs", "// rusqlite is hidden\n").is_empty()
    );
    let query = "let n = tx.query_row(\n    \"SELECT count(*) FROM evidence\",\n";
    let found = sql_outside_store("crates/daduk-workspace/src/packet/import.rs", query);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains(":1: .query_row(") && found[1].contains(":2: \"SELECT "));
}

#[test]
fn a_long_file_needs_a_reason() {
    let long = "x\n".repeat(MAX_LINES + 1);
    let rel = "crates/daduk-workspace/src/big.rs";
    assert_eq!(too_long(rel, &long, "").len(), 1);
    assert_eq!(
        too_long(rel, &long, &format!("{rel}\n")).len(),
        1,
        "a path alone is no reason"
    );
    assert!(
        too_long(
            rel,
            &long,
            &format!("{rel}  one table of the LKE, read top to bottom\n")
        )
        .is_empty()
    );
    assert!(too_long(rel, &"x\n".repeat(MAX_LINES), "").is_empty());
    assert!(too_long("crates/daduk-workspace/src/packet/tests.rs", &long, "").is_empty());
}

#[test]
fn a_code_map_path_that_does_not_exist_is_caught() {
    let doc = "# A\n\n## Code map\n\n```\nCargo.toml   the workspace\ncrates/core/  the core and its\n              continued description\n  src/gone.rs  removed\n  src/lib.rs   stays\n```\n\nafter\n";
    let have = ["Cargo.toml", "crates/core", "crates/core/src/lib.rs"];
    let found = missing_map_paths(doc, |p| have.contains(&p));
    assert_eq!(
        found,
        ["ARCHITECTURE.md code map: 'crates/core/src/gone.rs' does not exist"]
    );
    assert_eq!(missing_map_paths("no map", |_| true).len(), 1);
}

#[test]
fn only_a_store_calls_commands() {
    let component = "ui/src/features/evidence/FileRow.svelte";
    let types = "<script lang=\"ts\">\n  import type { Evidence } from \"../../lib/bindings\";\n  import { type Role } from \"../../lib/bindings\";\n  import { messageOf } from \"../../lib/api\";\n";
    assert!(commands_outside_store(component, types).is_empty());
    let calls = "  import { call, messageOf } from \"../../lib/api\";\n  import {\n    commands,\n    type Evidence,\n  } from \"../../lib/bindings\";\n  import * as b from \"../../lib/bindings\";\n";
    let found = commands_outside_store(component, calls);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].contains(":1: imports call from ../../lib/api"));
    assert!(found[1].contains(":2: imports commands from ../../lib/bindings"));
    assert!(found[2].contains(":6: imports everything"));
    for allowed in [
        "ui/src/features/evidence/store.svelte.ts",
        "ui/src/lib/jobs.svelte.ts",
        "ui/src/lib/api.test.ts",
    ] {
        assert!(
            commands_outside_store(allowed, calls).is_empty(),
            "{allowed}"
        );
    }
    assert_eq!(commands_outside_store("ui/src/App.svelte", calls).len(), 3);
}

#[test]
fn the_domain_reads_no_file_database_or_clock() {
    let pure = "use chrono::NaiveDate;\n// std::fs is not used here\nfn f(today: NaiveDate) {}\nlet x = hrefs::MAX;\n";
    assert!(impure_domain("crates/daduk-domain/src/plan/x.rs", pure).is_empty());
    for bad in [
        "let t = chrono::Local::now();",
        "let b = std::fs::read(p)?;",
        "use rusqlite::Connection;",
    ] {
        let found = impure_domain("crates/daduk-domain/src/x.rs", bad);
        assert_eq!(found.len(), 1, "{bad}: {found:?}");
        assert!(
            found[0].starts_with("crates/daduk-domain/src/x.rs:1:"),
            "{found:?}"
        );
    }
}

#[test]
fn a_crate_out_of_its_layer_is_caught_in_the_tree() {
    let tree = "daduk-server v0.1.0 (/x)\naxum v0.8.0\nrusqlite v0.41.0\n";
    assert_eq!(
        forbidden_in_tree("daduk-server", &["rusqlite", "printpdf"], tree),
        vec![
            "daduk-server depends on `rusqlite` (cargo tree -p daduk-server -i rusqlite): not in its layer"
        ]
    );
    assert!(forbidden_in_tree("daduk-server", &["calamine"], tree).is_empty());
}

#[test]
fn the_missing_docs_lint_is_required() {
    assert!(missing_docs_lint("#![warn(missing_docs)]\npub mod a;").is_empty());
    assert_eq!(missing_docs_lint("pub mod a;").len(), 1);
}
