//! Running the Windows `daduk.exe` under Wine, for the scenarios in
//! `tests/`. `cargo xtask test` builds the program, the Wine prefix and its
//! drives, then runs these tests (they are `#[ignore]`d otherwise) with:
//!
//! - `DADUK_WINE`: the Wine loader; `WINEPREFIX`, `WINEDEBUG`,
//!   `WINEDLLOVERRIDES`: the prefix under the target folder, quiet;
//! - `DADUK_WINE_EXE`: `daduk.exe` in a folder for Wine only, beside the
//!   `bcryptprimitives.dll` stand-in that Wine 8 lacks;
//! - `DADUK_WINE_INSTALLER`: an installer built from that program;
//! - `DADUK_WINE_NETWORK_DRIVE`/`_DIR`: a drive Wine reports as remote, and
//!   the Linux folder behind it;
//! - `DADUK_WINE_FAT_DRIVE`/`_DIR`: a drive Wine reports as FAT32 (root
//!   only), or `DADUK_WINE_FAT_SKIP` with the reason there is none.
//!
//! Where Wine differs from Windows in a way these tests meet:
//! - Wine's drives are Linux folders: on ext4 two names that differ only in
//!   case can sit in one folder, which NTFS refuses, and names Windows
//!   cannot make (trailing dots or spaces, `CON`) exist when a zip or
//!   another system wrote them. Wine shows such names as Windows would
//!   list them or not at all; the tests check what is imported is right,
//!   never that Windows would see the same listing.
//! - File locks are Wine's own (wineserver), not Linux's: a Linux `daduk`
//!   and a Wine `daduk.exe` do not see each other's locks, so the tests
//!   never mix them on one workspace (Windows programs always share one
//!   lock manager).
//! - A network drive is a drive whose type is set to `network` in Wine's
//!   registry; no SMB is spoken. `GetDriveTypeW` answers as on Windows.
//! - A FAT32 stick is a folder whose device is a loop device over a FAT32
//!   image: Wine reads the type from the image's boot sector, the files go
//!   to the folder. The 4 GB limit is Daduk's own check, not the file
//!   system's.
//! - Long paths: Windows 10/11 refuse paths over 260 characters unless the
//!   program uses `\\?\` paths (Rust's standard library does this itself);
//!   Wine has no such limit, so a long-path test here shows Daduk builds
//!   such paths right, not that Windows would refuse them otherwise.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::Digest;

/// The Wine set-up of a test run.
#[derive(Debug, Clone)]
pub struct Wine {
    loader: PathBuf,
    prefix: PathBuf,
    exe: PathBuf,
}

fn env_path(name: &str) -> PathBuf {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{name} is not set: run these tests with `cargo xtask test`"))
}

impl Wine {
    /// The set-up `cargo xtask test` describes in the environment.
    pub fn from_env() -> Wine {
        Wine {
            loader: env_path("DADUK_WINE"),
            prefix: env_path("WINEPREFIX"),
            exe: env_path("DADUK_WINE_EXE"),
        }
    }

    /// The Linux folder behind `C:`.
    pub fn drive_c(&self) -> PathBuf {
        self.prefix.join("drive_c")
    }

    /// The Linux folder of the Windows user's profile (`C:\users\NAME`).
    pub fn profile(&self) -> PathBuf {
        let users = self.drive_c().join("users");
        std::fs::read_dir(&users)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "Public"))
            .unwrap_or_else(|| panic!("no user profile in {}", users.display()))
    }

    /// A fresh folder for one test, under the user's profile: `name` may
    /// hold spaces and non-ASCII letters, as Windows users' folders do.
    pub fn scratch(&self, name: &str) -> PathBuf {
        let dir = self.profile().join("Daduk Uji").join(name);
        if dir.exists() {
            make_writable(&dir);
            std::fs::remove_dir_all(&dir).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The Windows path of a Linux path: `C:\...` inside the prefix's
    /// `drive_c`, `Z:\...` (Wine's drive for `/`) elsewhere.
    pub fn win(&self, path: &Path) -> String {
        let (drive, rest) = match path.strip_prefix(self.drive_c()) {
            Ok(rest) => ("C:", rest),
            Err(_) => ("Z:", path.strip_prefix("/").unwrap_or(path)),
        };
        let parts: Vec<String> = rest
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        format!("{drive}\\{}", parts.join("\\"))
    }

    /// A `wine <program>` command with the run's environment.
    pub fn command(&self, program: impl Into<OsString>) -> Command {
        let mut command = Command::new(&self.loader);
        command.arg(program.into());
        command
    }

    /// `daduk.exe ARGS` on the workspace at the Windows path `workspace`.
    pub fn daduk(&self, workspace: &str, args: &[&str]) -> Command {
        let mut command = self.command(&self.exe);
        command
            .args(args)
            .env("DADUK_WORKSPACE", workspace)
            .env("DADUK_USER", "penguji");
        command
    }

    /// Run `daduk.exe`; its output.
    pub fn run(&self, workspace: &str, args: &[&str]) -> Output {
        self.daduk(workspace, args).output().unwrap()
    }

    /// Run `daduk.exe`, require exit 0; its stdout.
    pub fn ok(&self, workspace: &str, args: &[&str]) -> String {
        let out = self.run(workspace, args);
        assert!(
            out.status.success(),
            "daduk.exe {args:?} failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run `daduk.exe`, require exit `code`; its stdout and stderr.
    pub fn exits(&self, code: i32, workspace: &str, args: &[&str]) -> (String, String) {
        let out = self.run(workspace, args);
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert_eq!(
            out.status.code(),
            Some(code),
            "daduk.exe {args:?}:\n{stdout}\n{stderr}"
        );
        (stdout, stderr)
    }

    /// Run `daduk.exe ... --json`, require exit 0; the parsed output.
    pub fn json(&self, workspace: &str, args: &[&str]) -> serde_json::Value {
        self.json_exit(0, workspace, args)
    }

    /// Run `daduk.exe ... --json`, require exit `code`; the parsed output.
    pub fn json_exit(&self, code: i32, workspace: &str, args: &[&str]) -> serde_json::Value {
        let (text, _) = self.exits(code, workspace, args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
    }
}

/// Write `bytes` to `path`, making its folders.
pub fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The SHA-256 of `bytes`, in hex.
pub fn sha256(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Daduk leaves some files read-only (viewer copies); clear that before
/// removing a test's folder.
fn make_writable(dir: &Path) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            make_writable(&path);
        } else if let Ok(meta) = std::fs::metadata(&path) {
            let mut perms = meta.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            let _ = std::fs::set_permissions(&path, perms);
        }
    }
}
