//! Windows, from this Debian machine: cross-building with mingw, packaging
//! (a portable ZIP and an NSIS installer), and running the Windows CLI and
//! the installer under Wine for the tests.
//!
//! Wine 8 (Debian 12) lacks `bcryptprimitives.dll`, whose `ProcessPrng`
//! Rust's standard library calls on Windows; a stand-in built from
//! `tests/fixtures/wine/bcryptprimitives.c` goes beside `daduk.exe` in a
//! folder used for Wine runs only (`target/windows-test/bin`). It never ships: the
//! packages are made from the cargo output folder, which never holds it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::cmd;

/// The Rust target: mingw, so the build needs no Microsoft tools.
pub const TARGET: &str = "x86_64-pc-windows-gnu";

/// Debian packages: the linker (mingw), Wine to run what it builds, NSIS to
/// package it, and dosfstools for the FAT32 images of the tests.
pub const PACKAGES: &[&str] = &["gcc-mingw-w64-x86-64", "wine64", "nsis", "dosfstools"];

/// Wine without its first-start downloads (Mono, Gecko), without menu
/// entries on the Linux desktop, and quiet.
const WINE_DLL_OVERRIDES: &str = "mscoree,mshtml=;winemenubuilder.exe=d";

/// The rustup target and the Debian packages, installed when missing.
pub fn ensure() -> Result<()> {
    crate::deps::ensure_packages(PACKAGES)?;
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("rustup is needed to add the Windows target")?;
    if !String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == TARGET)
    {
        cmd::step(&format!("rustup target add {TARGET}"));
        cmd::run(Command::new("rustup").args(["target", "add", TARGET]))?;
    }
    Ok(())
}

/// `cargo xtask windows`: release builds of `daduk.exe` and
/// `daduk-app.exe`, packaged into `target/windows/` as a portable ZIP and an
/// installer; then `daduk.exe --version` under Wine.
pub fn windows() -> Result<()> {
    ensure()?;
    crate::app::build_ui()?;
    cmd::step(&format!(
        "cargo build --release --target {TARGET} (daduk.exe, daduk-app.exe)"
    ));
    cmd::cargo(&[
        "build",
        "--release",
        "--locked",
        "--target",
        TARGET,
        "-p",
        "daduk-cli",
        "-p",
        "daduk-app",
    ])?;
    let built = cmd::target_dir().join(TARGET).join("release");
    let out = cmd::target_dir().join("windows");
    let version = version()?;
    let stage = stage(
        &out.join("stage"),
        &[
            ("daduk.exe", built.join("daduk.exe")),
            ("daduk-app.exe", built.join("daduk-app.exe")),
            ("WebView2Loader.dll", built.join("WebView2Loader.dll")),
        ],
    )?;
    let zip = out.join(format!("Daduk-{version}-windows-x64.zip"));
    write_zip(&stage, &zip, &format!("Daduk-{version}"))?;
    let setup = out.join(format!("Daduk-{version}-setup.exe"));
    makensis(&stage, &version, &setup, true)?;

    let wine = Wine::prepare(&built.join("daduk.exe"))?;
    cmd::step("wine daduk.exe --version");
    cmd::run(&mut wine.command(&wine.exe))?;
    eprintln!("\nbuilt:\n  {}\n  {}", zip.display(), setup.display());
    Ok(())
}

/// The Windows part of `cargo xtask test`: the CLI cross-built (profile
/// `wine`, the cheapest build) and run under Wine through the scenarios of
/// `tests/windows`, and an installer built from that CLI, installed and
/// removed under Wine. CI does not cross-build the desktop app (several
/// minutes more); the test installer carries the CLI in its place, and
/// `cargo xtask windows` packages the real one.
pub fn test() -> Result<()> {
    ensure()?;
    cmd::step(&format!(
        "cargo build --profile wine --target {TARGET} -p daduk-cli"
    ));
    // Warnings are errors here too: clippy only looks at the Linux build.
    cmd::cargo(&[
        "build",
        "--locked",
        "--profile",
        "wine",
        "--target",
        TARGET,
        "-p",
        "daduk-cli",
        "--config",
        &format!("target.{TARGET}.rustflags=[\"-D\", \"warnings\"]"),
    ])?;
    let cli = cmd::target_dir()
        .join(TARGET)
        .join("wine")
        .join("daduk.exe");
    let wine = Wine::prepare(&cli)?;

    let out = cmd::target_dir().join("windows-test");
    // Not the app: the CLI stands in for it, and a note for the DLL the app
    // needs (see above). The installer does not look inside what it copies.
    let placeholder = out.join("WebView2Loader.placeholder");
    std::fs::write(
        &placeholder,
        "Pengganti untuk uji pemasang di CI; bukan WebView2Loader.dll asli.\r\n",
    )?;
    let stage = stage(
        &out.join("stage"),
        &[
            ("daduk.exe", cli.clone()),
            ("daduk-app.exe", cli.clone()),
            ("WebView2Loader.dll", placeholder),
        ],
    )?;
    let setup = out.join("Daduk-test-setup.exe");
    makensis(&stage, &version()?, &setup, false)?;

    let drives = wine.drives()?;
    let _server = wine.server()?;
    // Wine's services start with the first program and inherit its output
    // pipes; started here, with none, they cannot keep a test's pipe open
    // (which would make it wait for the end of output forever).
    cmd::run(
        wine.command("wineboot")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    )?;
    cmd::step("Windows CLI and installer under Wine (tests/windows)");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut test = Command::new(cargo);
    test.current_dir(cmd::root())
        .args([
            "test",
            "-p",
            "daduk-e2e-windows",
            "--locked",
            "--no-fail-fast",
        ])
        .args(["--", "--ignored", "--nocapture", "--test-threads=2"])
        .envs(wine.env())
        .env("DADUK_WINE_EXE", &wine.exe)
        .env("DADUK_WINE_INSTALLER", &setup)
        .envs(drives.env());
    // The server stops before the loop device is released (reverse order).
    cmd::run(&mut test)
}

/// The version of the workspace (`[workspace.package] version`).
fn version() -> Result<String> {
    let text = std::fs::read_to_string(cmd::root().join("Cargo.toml"))?;
    text.lines()
        .skip_while(|l| l.trim() != "[workspace.package]")
        .find_map(|l| {
            let (key, value) = l.split_once('=')?;
            (key.trim() == "version").then(|| value.trim().trim_matches('"').to_string())
        })
        .context("no version in [workspace.package] of Cargo.toml")
}

/// Copy what ships (and what makensis needs: the icon) into a fresh
/// folder; the reader's note gets Windows line ends and a byte-order mark
/// so every Notepad shows it right.
fn stage(dir: &Path, programs: &[(&str, PathBuf)]) -> Result<PathBuf> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("clear {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir)?;
    for (name, from) in programs {
        std::fs::copy(from, dir.join(name))
            .with_context(|| format!("copy {} (was it built?)", from.display()))?;
    }
    let readme = std::fs::read_to_string(cmd::root().join("packaging/windows/BACA-SAYA.txt"))?;
    let readme = format!("\u{feff}{}", readme.replace('\n', "\r\n"));
    std::fs::write(dir.join("BACA-SAYA.txt"), readme)?;
    std::fs::copy(
        cmd::root().join("src-tauri/icons/icon.ico"),
        dir.join("daduk.ico"),
    )?;
    Ok(dir.to_path_buf())
}

/// The files that ship, in a folder `top` inside a ZIP.
fn write_zip(stage: &Path, zip_path: &Path, top: &str) -> Result<()> {
    use std::io::Write;
    cmd::step(&format!("zip {}", zip_path.display()));
    let file = std::fs::File::create(zip_path)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for name in [
        "daduk-app.exe",
        "daduk.exe",
        "WebView2Loader.dll",
        "BACA-SAYA.txt",
    ] {
        zip.start_file(format!("{top}/{name}"), options)?;
        zip.write_all(&std::fs::read(stage.join(name))?)?;
    }
    zip.finish()?;
    Ok(())
}

/// Build the installer from `packaging/windows/daduk.nsi`; `small`: with
/// LZMA, the smallest download, else quickly (zlib) for the tests.
fn makensis(stage: &Path, version: &str, setup: &Path, small: bool) -> Result<()> {
    cmd::step(&format!("makensis {}", setup.display()));
    let script = cmd::root().join("packaging/windows/daduk.nsi");
    let compressor = if small { "lzma" } else { "zlib" };
    cmd::run(
        Command::new("makensis")
            .arg("-V2")
            .arg(format!("-DCOMPRESSOR={compressor}"))
            .arg(format!("-DVERSION={version}"))
            .arg(format!("-DSRCDIR={}", stage.display()))
            .arg(format!("-DOUTFILE={}", setup.display()))
            .arg(script),
    )
}

/// A Wine prefix under the target folder (`target/windows-test/prefix`),
/// and `daduk.exe` with the `bcryptprimitives.dll` stand-in beside it in a
/// folder for Wine only (`target/windows-test/bin`).
pub struct Wine {
    loader: PathBuf,
    prefix: PathBuf,
    /// `daduk.exe` in the Wine-only folder.
    pub exe: PathBuf,
}

impl Wine {
    /// Copy `daduk_exe` into the Wine-only folder with the stand-in, and
    /// make the prefix when it does not exist.
    pub fn prepare(daduk_exe: &Path) -> Result<Wine> {
        let dir = cmd::target_dir().join("windows-test");
        let bin = dir.join("bin");
        std::fs::create_dir_all(&bin)?;
        let exe = bin.join("daduk.exe");
        std::fs::copy(daduk_exe, &exe).with_context(|| format!("copy {}", daduk_exe.display()))?;
        cmd::step("bcryptprimitives.dll stand-in (Wine only)");
        cmd::run(
            Command::new("x86_64-w64-mingw32-gcc")
                .args(["-shared", "-O2", "-s", "-o"])
                .arg(bin.join("bcryptprimitives.dll"))
                .arg(cmd::root().join("tests/fixtures/wine/bcryptprimitives.c"))
                .arg("-ladvapi32"),
        )?;
        let wine = Wine {
            loader: find_wine()?,
            prefix: dir.join("prefix"),
            exe,
        };
        if !wine.prefix.join("system.reg").is_file() {
            cmd::step(&format!("wineboot (prefix {})", wine.prefix.display()));
            cmd::run(wine.command("wineboot").arg("--init"))?;
            wine.wait_server()?;
        }
        Ok(wine)
    }

    /// The environment every Wine run gets.
    pub fn env(&self) -> Vec<(&'static str, std::ffi::OsString)> {
        vec![
            ("WINEPREFIX", self.prefix.clone().into_os_string()),
            ("WINEDEBUG", "-all".into()),
            ("WINEDLLOVERRIDES", WINE_DLL_OVERRIDES.into()),
            ("DADUK_WINE", self.loader.clone().into_os_string()),
        ]
    }

    /// `wine program`, quiet, in this prefix.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(&self.loader);
        command.arg(program).envs(self.env());
        command
    }

    fn wineserver(&self) -> Command {
        let server = self.loader.with_file_name("wineserver");
        let mut command = Command::new(if server.is_file() {
            server
        } else {
            PathBuf::from("wineserver")
        });
        command.envs(self.env());
        command
    }

    fn wait_server(&self) -> Result<()> {
        cmd::run(self.wineserver().arg("-w"))
    }

    /// A wineserver that stays up while the tests run (each Windows process
    /// starts faster), stopped when dropped.
    fn server(&self) -> Result<WineServer> {
        let child = self
            .wineserver()
            .args(["-f", "-p"])
            .stdin(Stdio::null())
            .spawn()
            .context("could not start wineserver")?;
        Ok(WineServer {
            child,
            kill: self.wineserver(),
        })
    }

    /// The drives the tests need: `N:` a network drive (Wine's drive type
    /// `network`, so `GetDriveTypeW` says `DRIVE_REMOTE`), and, when this
    /// runs as root, `F:` a FAT32 USB stick: a folder whose device is a
    /// loop device over a FAT32 image, from which Wine reads the file
    /// system type as Windows would (nothing is mounted).
    fn drives(&self) -> Result<Drives> {
        let dir = cmd::target_dir().join("windows-test");
        let dosdevices = self.prefix.join("dosdevices");
        let nas = dir.join("nas");
        let usb = dir.join("usb");
        for d in [&nas, &usb] {
            if d.exists() {
                std::fs::remove_dir_all(d)?;
            }
            std::fs::create_dir_all(d)?;
        }
        relink(&nas, &dosdevices.join("n:"))?;
        relink(&usb, &dosdevices.join("f:"))?;
        let mut drives = Drives {
            nas,
            usb,
            loop_device: None,
            fat_skip: None,
        };
        match fat_image(&dir.join("usb.img")) {
            Ok(device) => {
                relink(Path::new(&device), &dosdevices.join("f::"))?;
                drives.loop_device = Some(device);
            }
            Err(reason) => {
                let _ = std::fs::remove_file(dosdevices.join("f::"));
                drives.fat_skip = Some(reason);
            }
        }
        for (drive, kind) in [("n:", "network"), ("f:", "floppy")] {
            cmd::run(
                self.command("reg")
                    .args(["add", r"HKLM\Software\Wine\Drives", "/v", drive])
                    .args(["/t", "REG_SZ", "/d", kind, "/f"])
                    .stdout(Stdio::null()),
            )?;
        }
        // The mount manager reads drives when the wineserver starts.
        cmd::run(self.wineserver().arg("-k"))?;
        self.wait_server()?;
        Ok(drives)
    }
}

/// The Wine drives of a test run; the loop device is released when dropped.
struct Drives {
    nas: PathBuf,
    usb: PathBuf,
    loop_device: Option<String>,
    fat_skip: Option<String>,
}

impl Drives {
    fn env(&self) -> Vec<(&'static str, std::ffi::OsString)> {
        let mut env = vec![
            ("DADUK_WINE_NETWORK_DRIVE", "N:".into()),
            ("DADUK_WINE_NETWORK_DIR", self.nas.clone().into_os_string()),
        ];
        match &self.fat_skip {
            None => {
                env.push(("DADUK_WINE_FAT_DRIVE", "F:".into()));
                env.push(("DADUK_WINE_FAT_DIR", self.usb.clone().into_os_string()));
            }
            Some(reason) => env.push(("DADUK_WINE_FAT_SKIP", reason.into())),
        }
        env
    }
}

impl Drop for Drives {
    fn drop(&mut self) {
        if let Some(device) = &self.loop_device {
            let _ = Command::new("losetup").args(["-d", device]).status();
        }
    }
}

/// A FAT32 image on a loop device (root only); the device's path, or why
/// there is none.
fn fat_image(image: &Path) -> Result<String, String> {
    let uid = Command::new("id")
        .arg("-u")
        .output()
        .map_err(|e| e.to_string())?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Err("not root: a loop device needs root".into());
    }
    let _ = std::fs::remove_file(image);
    let sparse = std::fs::File::create(image)
        .and_then(|f| f.set_len(300 << 20))
        .map_err(|e| format!("image: {e}"));
    sparse?;
    let mkfs = Command::new("mkfs.vfat")
        .args(["-F", "32", "-n", "FLASHDISK"])
        .arg(image)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("mkfs.vfat: {e}"))?;
    if !mkfs.success() {
        return Err("mkfs.vfat failed".into());
    }
    let out = Command::new("losetup")
        .args(["-f", "--show"])
        .arg(image)
        .output()
        .map_err(|e| format!("losetup: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "losetup: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Point a Wine drive (a link in `dosdevices`) at `target`.
fn relink(target: &Path, link: &Path) -> Result<()> {
    if link.symlink_metadata().is_ok() {
        std::fs::remove_file(link)?;
    }
    #[cfg(unix)]
    let linked = std::os::unix::fs::symlink(target, link);
    #[cfg(not(unix))]
    let linked: std::io::Result<()> = Err(std::io::Error::other("Wine runs on Unix hosts"));
    linked.with_context(|| format!("link {} -> {}", link.display(), target.display()))
}

/// The persistent wineserver of a test run.
struct WineServer {
    child: Child,
    kill: Command,
}

impl Drop for WineServer {
    fn drop(&mut self) {
        let _ = self.kill.arg("-k").status();
        let _ = self.child.wait();
    }
}

/// Debian's `wine64` package installs the loader outside the PATH.
fn find_wine() -> Result<PathBuf> {
    for name in ["wine", "wine64"] {
        if cmd::have(name) {
            return Ok(PathBuf::from(name));
        }
    }
    let debian = PathBuf::from("/usr/lib/wine/wine64");
    if debian.is_file() {
        return Ok(debian);
    }
    bail!("Wine is missing: install the Debian package wine64")
}
