//! The NSIS installer under Wine: `/S` installs for the current user only
//! (no administrator), into `%LOCALAPPDATA%\Programs\Daduk`, with a
//! Start-menu entry and an Add/Remove Programs entry under HKCU; the
//! uninstaller removes all of that and leaves the user's workspace.
//!
//! In CI the installer carries the CLI in place of the desktop app (see
//! `cargo xtask test`); what is checked here does not depend on it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use daduk_e2e_windows::Wine;

const UNINSTALL_KEY: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Daduk";

fn reg_query(wine: &Wine) -> Output {
    wine.command("reg")
        .args(["query", UNINSTALL_KEY])
        .output()
        .unwrap()
}

/// Wait until `done` holds (the uninstaller goes on in a copy of itself
/// after the program we started has exited).
fn wait_for(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn start_menu(profile: &Path) -> PathBuf {
    profile.join("AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Daduk")
}

#[test]
#[ignore = "needs Wine: run by cargo xtask test"]
fn installs_for_the_user_and_uninstalls_keeping_the_workspace() {
    let wine = Wine::from_env();
    let setup = PathBuf::from(std::env::var("DADUK_WINE_INSTALLER").unwrap());
    let profile = wine.profile();
    let install = profile.join("AppData/Local/Programs/Daduk");
    let workspace = profile.join("AppData/Local/Daduk/Daduk/data");
    for dir in [&install, &workspace] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).unwrap();
        }
    }

    let status = wine.command(wine.win(&setup)).arg("/S").status().unwrap();
    assert!(status.success(), "installer: {status}");
    for name in [
        "daduk-app.exe",
        "daduk.exe",
        "WebView2Loader.dll",
        "BACA-SAYA.txt",
        "uninstall.exe",
        "tesseract/tesseract.exe",
        "tesseract/tessdata/ind.traineddata",
    ] {
        assert!(install.join(name).is_file(), "{name} not installed");
    }
    let readme = std::fs::read(install.join("BACA-SAYA.txt")).unwrap();
    assert!(readme.starts_with(b"\xEF\xBB\xBF") && readme.windows(2).any(|w| w == b"\r\n"));
    for link in ["Daduk.lnk", "Daduk (baris perintah).lnk", "Copot Daduk.lnk"] {
        assert!(start_menu(&profile).join(link).is_file(), "{link} missing");
    }
    let entry = reg_query(&wine);
    let entry = String::from_utf8_lossy(&entry.stdout);
    let version = env!("CARGO_PKG_VERSION");
    for expected in [
        "DisplayName",
        "Daduk",
        "DisplayVersion",
        version,
        "Publisher",
        "Proyek Daduk",
        r"AppData\Local\Programs\Daduk",
        "EstimatedSize",
    ] {
        assert!(entry.contains(expected), "{expected} not in:\n{entry}");
    }

    // The installed program makes the default workspace (in the user's
    // local app data) and works in it. Under Wine it needs the
    // bcryptprimitives.dll stand-in beside it; it goes again before the
    // uninstaller runs, which removes only what the installer wrote.
    let exe = std::env::var("DADUK_WINE_EXE").unwrap();
    let stand_in = Path::new(&exe).with_file_name("bcryptprimitives.dll");
    std::fs::copy(&stand_in, install.join("bcryptprimitives.dll")).unwrap();
    let installed = wine.win(&install.join("daduk.exe"));
    let run = |args: &[&str]| {
        let out = wine
            .command(&installed)
            .args(args)
            .env_remove("DADUK_WORKSPACE")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let init = run(&["init"]);
    assert!(init.contains(r"AppData\Local\Daduk\Daduk\data"), "{init}");
    run(&["unit", "add", "U", "--name", "Unit Uji", "--target", "wbk"]);
    std::fs::remove_file(install.join("bcryptprimitives.dll")).unwrap();

    let status = wine
        .command(wine.win(&install.join("uninstall.exe")))
        .arg("/S")
        .status()
        .unwrap();
    assert!(status.success(), "uninstaller: {status}");
    wait_for("the programs removed", || !install.exists());
    wait_for("the Start-menu entries removed", || {
        !start_menu(&profile).exists()
    });
    wait_for("the Add/Remove Programs entry removed", || {
        !reg_query(&wine).status.success()
    });
    assert!(workspace.join("daduk.sqlite").is_file(), "workspace kept");
    let units = wine.ok(&wine.win(&workspace), &["unit", "list"]);
    assert!(units.contains("Unit Uji"), "{units}");
}
