//! The repository's own conventions, checked (rust-analyzer's habit):
//!
//! 1. `daduk-workspace` depends on no UI, CLI or terminal crate;
//! 2. `rusqlite` appears in `daduk-workspace` only under `src/store/` (and in
//!    test files, which may damage a database on purpose);
//! 3. no non-test source file is over 500 lines unless `tidy-allow.txt`
//!    says why;
//! 4. every path in ARCHITECTURE.md's code map exists;
//! 5. `daduk-workspace` warns on missing docs;
//! 6. the front end's `.svelte` and `.ts` files under `ui/src` follow rule
//!    3 too (the generated `lib/bindings.ts` excepted), and only a feature's
//!    store (`store.svelte.ts`) calls commands: no other file outside
//!    `ui/src/lib/` imports a value from `lib/bindings` (types are fine) or
//!    `call` from `lib/api`;
//! 7. no file of `daduk-domain` touches the file system, a database or the
//!    clock (today is a parameter);
//! 8. the dependency trees stay as the architecture says: `daduk-domain`
//!    has no rusqlite, printpdf, docx-rs, calamine or tokio, `daduk-server`
//!    no rusqlite, printpdf, docx-rs or calamine, `daduk-sheet` (the
//!    spreadsheet layouts, pure) no rusqlite, printpdf, docx-rs or tokio
//!    (`cargo tree`, every edge kind).
//!
//! Each rule is a function over text, so the tests below can break each
//! one on purpose and see it caught.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// Crates the core must never depend on: a UI, a command line, a terminal.
const FORBIDDEN_IN_CORE: &[&str] = &[
    "tauri",
    "tauri-build",
    "tauri-specta",
    "clap",
    "indicatif",
    "console",
    "crossterm",
    "termcolor",
    "colored",
    "dialoguer",
    "ratatui",
];

/// Longest source file without a reason given.
const MAX_LINES: usize = 500;

/// Run every rule on the repository at `root`; fail with every violation.
pub fn check(root: &Path) -> Result<()> {
    let mut problems = Vec::new();
    let core_manifest = read(&root.join("crates/daduk-workspace/Cargo.toml"))?;
    problems.extend(forbidden_dependencies(&core_manifest));
    let core_src = root.join("crates/daduk-workspace/src");
    let mut files = Vec::new();
    rust_files(&core_src, &mut files);
    for f in &files {
        let rel = rel(root, f);
        let text = read(f)?;
        problems.extend(sql_outside_store(&rel, &text));
    }
    let allow = fs::read_to_string(root.join("tidy-allow.txt")).unwrap_or_default();
    let mut all = Vec::new();
    for dir in ["crates", "src-tauri/src", "xtask/src", "tests/desktop"] {
        rust_files(&root.join(dir), &mut all);
    }
    for f in &all {
        let rel = rel(root, f);
        problems.extend(too_long(&rel, &read(f)?, &allow));
    }
    let mut ui = Vec::new();
    files_with(&root.join("ui/src"), &["svelte", "ts"], &mut ui);
    for f in &ui {
        let rel = rel(root, f);
        if rel == GENERATED_BINDINGS {
            continue;
        }
        let text = read(f)?;
        problems.extend(too_long(&rel, &text, &allow));
        problems.extend(commands_outside_store(&rel, &text));
    }
    problems.extend(missing_map_paths(
        &read(&root.join("ARCHITECTURE.md"))?,
        |p| root.join(p).exists(),
    ));
    problems.extend(missing_docs_lint(&read(&core_src.join("lib.rs"))?));
    let mut domain = Vec::new();
    rust_files(&root.join("crates/daduk-domain/src"), &mut domain);
    for f in &domain {
        problems.extend(impure_domain(&rel(root, f), &read(f)?));
    }
    for (package, forbidden) in TREE_RULES {
        problems.extend(forbidden_in_tree(
            package,
            forbidden,
            &crate_tree(root, package)?,
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    bail!(
        "tidy found {} problem(s):\n  {}",
        problems.len(),
        problems.join("\n  ")
    )
}

/// What the domain's code may not call: the file system, a database, the
/// clock.
const IMPURE: &[&str] = &[
    "std::fs",
    "fs::",
    "File::",
    "rusqlite",
    "Utc::now",
    "Local::now",
    "SystemTime",
    "Instant::now",
    "std::env",
    "std::process",
];

/// Rule 7: a domain file names none of [`IMPURE`] (outside comments).
fn impure_domain(rel: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        if let Some(mark) = IMPURE.iter().find(|m| names(code, m)) {
            out.push(format!(
                "{rel}:{}: `{mark}` in daduk-domain: the rules are pure (no files, database or clock; pass today in)",
                n + 1
            ));
        }
    }
    out
}

/// Whether `code` names `mark` as a path of its own: `fs::read` does,
/// `refs::` does not.
fn names(code: &str, mark: &str) -> bool {
    code.match_indices(mark).any(|(at, _)| {
        !code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Rule 8: (package, crates its dependency tree must not hold).
const TREE_RULES: &[(&str, &[&str])] = &[
    (
        "daduk-domain",
        &["rusqlite", "printpdf", "docx-rs", "calamine", "tokio"],
    ),
    (
        "daduk-server",
        &["rusqlite", "printpdf", "docx-rs", "calamine"],
    ),
    ("daduk-sheet", &["rusqlite", "printpdf", "docx-rs", "tokio"]),
    ("daduk-doc", &["rusqlite", "calamine", "tokio"]),
    // The reader of outside files: no database, no network runtime.
    ("daduk-read", &["rusqlite", "tokio", "reqwest", "ureq"]),
];

/// `cargo tree -p package` with every edge kind, one crate name per line.
fn crate_tree(root: &Path, package: &str) -> Result<String> {
    let out = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args([
            "tree", "--locked", "-e", "all", "--prefix", "none", "-f", "{p}", "-p", package,
        ])
        .output()?;
    if !out.status.success() {
        bail!(
            "cargo tree -p {package} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn forbidden_in_tree(package: &str, forbidden: &[&str], tree: &str) -> Vec<String> {
    let names: std::collections::BTreeSet<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    forbidden
        .iter()
        .filter(|f| names.contains(**f))
        .map(|f| {
            format!("{package} depends on `{f}` (cargo tree -p {package} -i {f}): not in its layer")
        })
        .collect()
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    files_with(dir, &["rs"], out);
}

/// Every file under `dir` whose extension is one of `extensions`, outside
/// build output and installed packages.
fn files_with(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name();
        if path.is_dir() {
            if name != "target" && name != "node_modules" {
                files_with(&path, extensions, out);
            }
        } else if path
            .extension()
            .is_some_and(|x| extensions.iter().any(|e| x == *e))
        {
            out.push(path);
        }
    }
}

/// Rule 1: the `[dependencies]` (and target-specific dependency tables) of
/// the core's manifest name no forbidden crate.
fn forbidden_dependencies(manifest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_deps = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line.ends_with("dependencies]") && !line.contains("dev-dependencies");
            continue;
        }
        if !in_deps || line.starts_with('#') {
            continue;
        }
        let name = line
            .split(['=', '.', ' '])
            .next()
            .unwrap_or("")
            .trim_matches('"');
        if FORBIDDEN_IN_CORE.contains(&name) {
            out.push(format!(
                "crates/daduk-workspace/Cargo.toml: the core must not depend on `{name}` (UI, CLI or terminal)"
            ));
        }
    }
    out
}

fn is_test_file(rel: &str) -> bool {
    rel.ends_with("tests.rs") || rel.contains("/tests/") || rel.ends_with(".test.ts")
}

/// What a line that runs SQL looks like: the driver's calls and the
/// statements' first words in a string.
const SQL_MARKS: &[&str] = &[
    ".prepare(",
    ".query_row(",
    ".execute(",
    ".execute_batch(",
    "\"SELECT ",
    "\"INSERT ",
    "\"UPDATE ",
    "\"DELETE FROM",
];

/// Rule 2: `rusqlite` and SQL only under `store/` (test files excepted).
fn sql_outside_store(rel: &str, text: &str) -> Vec<String> {
    if rel.contains("/src/store/") || is_test_file(rel) {
        return Vec::new();
    }
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .filter_map(|(i, l)| {
            let what = if l.contains("rusqlite") {
                "rusqlite"
            } else {
                SQL_MARKS.iter().find(|m| l.contains(*m))?
            };
            Some(format!(
                "{rel}:{}: {what} outside store/ (put the query in a store/ file)",
                i + 1
            ))
        })
        .collect()
}

/// Rule 3: at most [`MAX_LINES`] lines, unless `allow` has a line
/// `path  reason` for it.
fn too_long(rel: &str, text: &str, allow: &str) -> Vec<String> {
    let lines = text.lines().count();
    if lines <= MAX_LINES || is_test_file(rel) {
        return Vec::new();
    }
    let allowed = allow.lines().any(|l| {
        let mut parts = l.splitn(2, char::is_whitespace);
        parts.next() == Some(rel) && parts.next().is_some_and(|why| !why.trim().is_empty())
    });
    if allowed {
        Vec::new()
    } else {
        vec![format!(
            "{rel}: {lines} lines (over {MAX_LINES}); split it, or say why in tidy-allow.txt"
        )]
    }
}

/// The front end's generated bindings (tauri-specta): exempt from length.
const GENERATED_BINDINGS: &str = "ui/src/lib/bindings.ts";

/// Rule 6: only a store (`store.svelte.ts`) calls the app's commands. Any
/// other front-end file outside `ui/src/lib/` (where the bindings, `call`
/// and the job runner live) may import types from `lib/bindings` and
/// helpers such as `messageOf` from `lib/api`, but not `commands`,
/// `events` or `call`. Test files are exempt.
fn commands_outside_store(rel: &str, text: &str) -> Vec<String> {
    if rel.starts_with("ui/src/lib/") || rel.ends_with("/store.svelte.ts") || is_test_file(rel) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let first = i;
        let start = lines[i].trim_start();
        i += 1;
        if !start.starts_with("import ") {
            continue;
        }
        // One import statement, over as many lines as it takes.
        let mut statement = start.to_string();
        while !statement.contains(" from ") && !statement.contains(';') && i < lines.len() {
            statement.push(' ');
            statement.push_str(lines[i].trim());
            i += 1;
        }
        let Some(source) = statement.split(['"', '\'']).nth(1) else {
            continue;
        };
        let module = source.rsplit('/').next().unwrap_or(source);
        let forbidden: &[&str] = match module {
            "bindings" | "bindings.ts" => &["*"],
            "api" | "api.ts" => &["call"],
            _ => continue,
        };
        if statement.starts_with("import type ") {
            continue;
        }
        let names = statement
            .find('{')
            .zip(statement.find('}'))
            .map_or("", |(a, b)| &statement[a + 1..b]);
        let bare = !statement.contains('{');
        let values = names
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty() && !n.starts_with("type "));
        let called: Vec<&str> = if bare {
            vec!["everything"]
        } else {
            values
                .filter(|n| forbidden == ["*"] || forbidden.contains(n))
                .collect()
        };
        if !called.is_empty() {
            out.push(format!(
                "{rel}:{}: imports {} from {source}: only a feature's store.svelte.ts calls commands",
                first + 1,
                called.join(", ")
            ));
        }
    }
    out
}

/// Lines of the code map indented this far continue the description above.
const CONTINUATION_INDENT: usize = 8;

/// Rule 4: every path in the code map (the fenced block after
/// "## Code map") exists. Indented entries are relative to the last
/// unindented directory above them.
fn missing_map_paths(architecture: &str, exists: impl Fn(&str) -> bool) -> Vec<String> {
    let Some(start) = architecture.find("## Code map") else {
        return vec!["ARCHITECTURE.md: no '## Code map' section".into()];
    };
    let rest = &architecture[start..];
    let Some(open) = rest.find("```") else {
        return vec!["ARCHITECTURE.md: the code map has no code block".into()];
    };
    let body = &rest[open + 3..];
    let body = &body[body.find('\n').map_or(0, |i| i + 1)..];
    let body = &body[..body.find("```").unwrap_or(body.len())];
    let mut out = Vec::new();
    let mut parent = String::new();
    for line in body.lines() {
        let Some(path) = line.split_whitespace().next() else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        // A description's continuation sits under the description column.
        if indent >= CONTINUATION_INDENT {
            continue;
        }
        let indented = indent > 0;
        let full = if indented {
            format!("{parent}{path}")
        } else {
            path.to_string()
        };
        if !indented && path.ends_with('/') {
            parent = path.to_string();
        }
        if !exists(full.trim_end_matches('/')) {
            out.push(format!("ARCHITECTURE.md code map: '{full}' does not exist"));
        }
    }
    out
}

/// Rule 5: the core's `lib.rs` warns on missing docs.
fn missing_docs_lint(lib: &str) -> Vec<String> {
    if lib.contains("#![warn(missing_docs)]") || lib.contains("#![deny(missing_docs)]") {
        Vec::new()
    } else {
        vec!["crates/daduk-workspace/src/lib.rs: add #![warn(missing_docs)]".into()]
    }
}

#[cfg(test)]
#[path = "tidy_tests.rs"]
mod tests;
