//! Wine for the tests: a prefix under the target folder, `daduk.exe` with
//! the `bcryptprimitives.dll` stand-in beside it in a folder for Wine only,
//! a network drive and (as root) a FAT32 stick, and a wineserver kept up
//! while the tests run.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::cmd;

/// Wine without its first-start downloads (Mono, Gecko), without menu
/// entries on the Linux desktop, and quiet.
const WINE_DLL_OVERRIDES: &str = "mscoree,mshtml=;winemenubuilder.exe=d";

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
    /// starts faster), stopped when dropped, with Wine's services already
    /// started: they start with the first program and inherit its output
    /// pipes; started here, with none, they cannot keep a test's pipe open
    /// (which would make it wait for the end of output forever).
    pub fn server(&self) -> Result<WineServer> {
        let child = self
            .wineserver()
            .args(["-f", "-p"])
            .stdin(Stdio::null())
            .spawn()
            .context("could not start wineserver")?;
        let server = WineServer {
            child,
            kill: self.wineserver(),
        };
        cmd::run(
            self.command("wineboot")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )?;
        Ok(server)
    }

    /// The drives the tests need: `N:` a network drive (Wine's drive type
    /// `network`, so `GetDriveTypeW` says `DRIVE_REMOTE`), and, when this
    /// runs as root, `F:` a FAT32 USB stick: a folder whose device is a
    /// loop device over a FAT32 image, from which Wine reads the file
    /// system type as Windows would (nothing is mounted).
    pub fn drives(&self) -> Result<Drives> {
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
pub struct Drives {
    nas: PathBuf,
    usb: PathBuf,
    loop_device: Option<String>,
    fat_skip: Option<String>,
}

impl Drives {
    pub fn env(&self) -> Vec<(&'static str, std::ffi::OsString)> {
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
pub struct WineServer {
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
