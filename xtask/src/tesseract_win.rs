//! The OCR engine of the Windows build: `tesseract.exe` cross-built with
//! mingw from Debian's own sources of Tesseract 5.3.0 and Leptonica 1.82.0
//! (the versions Debian 12 ships, so Linux and Windows read alike), static
//! (no DLLs beside it), without image libraries: the reader hands it an
//! uncompressed grey picture on its standard input, so it never needs to
//! decode a file format. The Indonesian model is Debian's
//! `tesseract-ocr-ind`. The legacy engine stays in, as in Debian's build:
//! without it (`DISABLED_LEGACY_ENGINE`, a third less to compile) the
//! sideways photo of the test decree read a quarter fewer characters and
//! lost its number, though Debian's own LSTM-only mode read a scan alike.
//!
//! The build takes a few minutes on two cores, so it is kept outside the
//! checkout (`$XDG_CACHE_HOME/daduk` or `~/.cache/daduk`, or
//! `DADUK_CACHE`) and made once per machine. The sources are checked by
//! their SHA-256 before anything is built from them.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::cmd;

/// Debian packages the build needs: the POSIX-threads mingw compiler (C++11
/// threads), CMake, curl for the sources, and the Indonesian model that
/// ships with the app.
pub const PACKAGES: &[&str] = &[
    "g++-mingw-w64-x86-64-posix",
    "cmake",
    "curl",
    "tesseract-ocr-ind",
];

const POOL: &str = "http://deb.debian.org/debian/pool/main";

/// A source archive: where Debian keeps it, and its SHA-256.
struct Source {
    url: &'static str,
    sha256: &'static str,
    dir: &'static str,
}

const LEPTONICA: Source = Source {
    url: "l/leptonlib/leptonlib_1.82.0.orig.tar.gz",
    sha256: "155302ee914668c27b6fe3ca9ff2da63b245f6d62f3061c8f27563774b8ae2d6",
    dir: "leptonica-1.82.0",
};

const TESSERACT: Source = Source {
    url: "t/tesseract/tesseract_5.3.0.orig.tar.gz",
    sha256: "7e70870f8341e5ea228af2836ce79a36eefa11b01b56177b4a8997f330c014b8",
    dir: "tesseract-5.3.0",
};

/// Debian's Indonesian model (package `tesseract-ocr-ind`).
const IND_MODEL: &str = "/usr/share/tesseract-ocr/5/tessdata/ind.traineddata";

/// The folder of cached builds.
fn cache() -> PathBuf {
    if let Some(dir) = std::env::var_os("DADUK_CACHE") {
        return PathBuf::from(dir);
    }
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| cmd::target_dir().join("cache"))
        .join("daduk")
}

/// `tesseract.exe`, built when the cache does not hold it yet.
pub fn exe() -> Result<PathBuf> {
    let done = cache().join("tesseract-5.3.0-win64").join("tesseract.exe");
    if done.is_file() {
        return Ok(done);
    }
    crate::deps::ensure_packages(PACKAGES)?;
    let work = cache().join("tesseract-build");
    if work.exists() {
        // What an interrupted build left: start clean.
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    cmd::step("tesseract.exe for the Windows build (once per machine, a few minutes)");
    let leptonica_src = unpack(&LEPTONICA, &work)?;
    let tesseract_src = unpack(&TESSERACT, &work)?;
    patch_tesseract(&tesseract_src)?;
    let toolchain = work.join("mingw.cmake");
    std::fs::write(&toolchain, TOOLCHAIN)?;
    let prefix = work.join("prefix");
    let jobs = std::thread::available_parallelism().map_or(2, usize::from);

    let leptonica_build = work.join("build-leptonica");
    let mut configure = cmake(&leptonica_src, &leptonica_build, &toolchain, &prefix);
    configure.args([
        "-DBUILD_PROG=OFF",
        "-DSW_BUILD=OFF",
        "-DCMAKE_DISABLE_FIND_PACKAGE_GIF=ON",
        "-DCMAKE_DISABLE_FIND_PACKAGE_JPEG=ON",
        "-DCMAKE_DISABLE_FIND_PACKAGE_PNG=ON",
        "-DCMAKE_DISABLE_FIND_PACKAGE_TIFF=ON",
        "-DCMAKE_DISABLE_FIND_PACKAGE_ZLIB=ON",
        "-DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=ON",
    ]);
    cmd::run(&mut configure)?;
    build_install(&leptonica_build, jobs)?;

    let tesseract_build = work.join("build-tesseract");
    let mut configure = cmake(&tesseract_src, &tesseract_build, &toolchain, &prefix);
    configure
        .args([
            "-DBUILD_TRAINING_TOOLS=OFF",
            "-DSW_BUILD=OFF",
            "-DDISABLE_ARCHIVE=ON",
            "-DDISABLE_CURL=ON",
            "-DGRAPHICS_DISABLED=ON",
            "-DOPENMP_BUILD=OFF",
            "-DCOMPILER_SUPPORTS_MARCH_NATIVE=OFF",
            "-DCMAKE_DISABLE_FIND_PACKAGE_TIFF=ON",
            "-DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=ON",
            "-DCMAKE_EXE_LINKER_FLAGS=-static -static-libgcc -static-libstdc++",
        ])
        .arg(format!(
            "-DLeptonica_DIR={}",
            prefix.join("lib/cmake/leptonica").display()
        ));
    cmd::run(&mut configure)?;
    cmd::run(
        Command::new("cmake")
            .arg("--build")
            .arg(&tesseract_build)
            .args(["--target", "tesseract", "-j", &jobs.to_string()]),
    )?;
    let built = tesseract_build.join("bin").join("tesseract.exe");
    let dir = done.parent().context("cache folder")?;
    std::fs::create_dir_all(dir)?;
    cmd::run(
        Command::new("x86_64-w64-mingw32-strip")
            .arg("-o")
            .arg(dir.join("tesseract.exe.part"))
            .arg(&built),
    )?;
    std::fs::rename(dir.join("tesseract.exe.part"), &done)?;
    std::fs::remove_dir_all(&work)?;
    Ok(done)
}

/// Put `tesseract/tesseract.exe` and `tesseract/tessdata/ind.traineddata`
/// into `dir`, the folder of `daduk.exe`: where the reader looks first.
pub fn stage(dir: &Path) -> Result<()> {
    let exe = exe()?;
    let model = Path::new(IND_MODEL);
    if !model.is_file() {
        bail!("{IND_MODEL} is missing: install tesseract-ocr-ind");
    }
    let to = dir.join("tesseract");
    std::fs::create_dir_all(to.join("tessdata"))?;
    std::fs::copy(&exe, to.join("tesseract.exe"))?;
    std::fs::copy(model, to.join("tessdata").join("ind.traineddata"))?;
    Ok(())
}

/// The archive of `source`, downloaded once and checked, unpacked in `work`.
fn unpack(source: &Source, work: &Path) -> Result<PathBuf> {
    let downloads = cache().join("src");
    std::fs::create_dir_all(&downloads)?;
    let name = source.url.rsplit('/').next().unwrap_or(source.url);
    let archive = downloads.join(name);
    if !archive.is_file() || sha256_of(&archive)? != source.sha256 {
        cmd::step(&format!("download {POOL}/{}", source.url));
        let part = downloads.join(format!("{name}.part"));
        cmd::run(
            Command::new("curl")
                .args(["-sSfL", "--retry", "3", "-o"])
                .arg(&part)
                .arg(format!("{POOL}/{}", source.url)),
        )?;
        std::fs::rename(&part, &archive)?;
    }
    let got = sha256_of(&archive)?;
    if got != source.sha256 {
        bail!(
            "{} has SHA-256 {got}, not {}: not building from it",
            archive.display(),
            source.sha256
        );
    }
    cmd::run(
        Command::new("tar")
            .arg("-xzf")
            .arg(&archive)
            .arg("-C")
            .arg(work),
    )?;
    Ok(work.join(source.dir))
}

fn sha256_of(path: &Path) -> Result<String> {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .context("sha256sum (coreutils)")?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text.split_whitespace().next().unwrap_or("").to_string())
}

/// Two changes to Tesseract's CMake for a cross build: its Windows-only
/// search for libtiff (which would find none, or the host's) is skipped,
/// and Winsock is named in lower case, as mingw's library is.
fn patch_tesseract(src: &Path) -> Result<()> {
    let path = src.join("CMakeLists.txt");
    let text = std::fs::read_to_string(&path)?;
    let tiff = "  if(WIN32)\n    find_package(TIFF) # for tesseract";
    let winsock = "set(LIB_Ws2_32 Ws2_32)";
    if !text.contains(tiff) || !text.contains(winsock) {
        bail!("{}: not the text the patch expects", path.display());
    }
    let text = text
        .replace(tiff, "  if(FALSE)\n    find_package(TIFF) # for tesseract")
        .replace(winsock, "set(LIB_Ws2_32 ws2_32)");
    std::fs::write(&path, text)?;
    Ok(())
}

/// A CMake configure of `src` into `build`, cross, static, release.
fn cmake(src: &Path, build: &Path, toolchain: &Path, prefix: &Path) -> Command {
    let mut command = Command::new("cmake");
    command
        .arg("-S")
        .arg(src)
        .arg("-B")
        .arg(build)
        .arg(format!("-DCMAKE_TOOLCHAIN_FILE={}", toolchain.display()))
        .arg(format!("-DCMAKE_INSTALL_PREFIX={}", prefix.display()))
        .arg(format!("-DCMAKE_PREFIX_PATH={}", prefix.display()))
        .args([
            "-DCMAKE_BUILD_TYPE=Release",
            "-DBUILD_SHARED_LIBS=OFF",
            "-Wno-dev",
        ]);
    command
}

fn build_install(build: &Path, jobs: usize) -> Result<()> {
    cmd::run(
        Command::new("cmake")
            .arg("--build")
            .arg(build)
            .args(["-j", &jobs.to_string()]),
    )?;
    cmd::run(Command::new("cmake").arg("--install").arg(build))
}

const TOOLCHAIN: &str = "\
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
";
