//! Helpers for the CLI scenarios: a throw-away workspace and the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary workspace with `daduk init` done, and a folder of its own
/// for the sync tokens it keeps (`DADUK_TOKEN_DIR`: the tests never touch
/// the computer's credential store).
pub struct Ws {
    pub dir: tempfile::TempDir,
    pub tokens: tempfile::TempDir,
}

impl Ws {
    pub fn new() -> Ws {
        let ws = Ws {
            dir: tempfile::tempdir().unwrap(),
            tokens: tempfile::tempdir().unwrap(),
        };
        ws.ok(&["init"]);
        ws
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_daduk"));
        c.args(args)
            .env("DADUK_WORKSPACE", self.path())
            .env("DADUK_TOKEN_DIR", self.tokens.path())
            .env("DADUK_USER", "penguji");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Run and require exit 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "daduk {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run and require exit `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        self.exits(code, args).1
    }

    /// Run and require exit `code`; returns stdout and stderr.
    pub fn exits(&self, code: i32, args: &[&str]) -> (String, String) {
        let out = self.run(args);
        let (stdout, stderr) = (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        );
        assert_eq!(
            out.status.code(),
            Some(code),
            "daduk {args:?}: {stdout}\n{stderr}"
        );
        (stdout, stderr)
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// How many files are attached to U 2024.
    pub fn evidence_count(&self) -> usize {
        self.json(&args(&["evidence", "list"], &["--json"]))
            .as_array()
            .unwrap()
            .len()
    }

    /// A unit `U` with an assessment for 2024.
    pub fn with_assessment(self) -> Ws {
        self.ok(&["unit", "add", "U", "--name", "Unit Uji", "--target", "wbk"]);
        self.ok(&["assessment", "new", "--unit", "U", "--year", "2024"]);
        self
    }

    pub fn file(&self, name: &str, content: &str) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, content).unwrap();
        p
    }
}

pub const UY: [&str; 4] = ["--unit", "U", "--year", "2024"];

pub fn args<'a>(head: &[&'a str], tail: &[&'a str]) -> Vec<&'a str> {
    let mut v = head.to_vec();
    v.extend_from_slice(&UY);
    v.extend_from_slice(tail);
    v
}
