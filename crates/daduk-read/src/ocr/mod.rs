//! OCR: the text of a picture (a scan, a phone photo of paper or of a
//! banner), read by the Tesseract command with its Indonesian model.
//!
//! Why the command and not a library or another model: it reads Indonesian
//! best of what runs offline here (Debian's `tesseract-ocr-ind`), it is the
//! baseline the issue measures against, and a child process is the
//! isolation a C++ engine fed hostile pictures needs — it runs with a
//! deadline and is killed past it, and a crash in it is a file that could
//! not be read, not an app that stopped. On Linux it is Debian's package
//! (installed by `cargo xtask`); the Windows build carries its own
//! `tesseract.exe` and `tessdata` beside `daduk.exe` (cross-built by
//! `cargo xtask windows`). ARCHITECTURE.md has the measurements.
//!
//! The picture is decoded, turned upright and straightened here
//! ([`picture`]) and handed over as an uncompressed grey image (PGM, in a
//! private temporary file removed after), so the engine never parses a
//! file format from outside.

pub(crate) mod picture;
mod tsv;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use image::GrayImage;

use crate::Unreadable;

/// `nice`, which starts the engine at a lower priority (Linux).
const NICE: &str = "/usr/bin/nice";

/// The longest one page may take before the engine is stopped.
pub const PAGE_DEADLINE: Duration = Duration::from_secs(120);

/// The language model read with: Indonesian.
const LANGUAGE: &str = "ind";

/// Below this mean word confidence a page is read again turned half way
/// round (a page scanned upside down reads as noise).
const DOUBTFUL: f32 = 55.0;

/// The OCR engine: where the `tesseract` program and its language data are.
#[derive(Debug, Clone)]
pub struct Engine {
    program: PathBuf,
    tessdata: Option<PathBuf>,
}

/// What OCR read from one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageText {
    /// The text, line by line, a blank line between paragraphs.
    pub text: String,
    /// The mean confidence of its words, 0–100.
    pub confidence: f32,
    /// How far the page was turned to read it (0, 90, 180, 270 degrees).
    pub turned: u16,
    /// How many degrees it was straightened by.
    pub skew: f32,
}

impl Engine {
    /// The engine this process reads with, found once: `DADUK_TESSERACT`
    /// (a program path; `DADUK_TESSDATA` its data), else a `tesseract`
    /// folder beside the running program (the Windows build), else
    /// `tesseract` on the `PATH`. Why there is none, in Indonesian.
    pub fn get() -> Result<&'static Engine, String> {
        static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
        ENGINE
            .get_or_init(Engine::find)
            .as_ref()
            .map_err(Clone::clone)
    }

    fn find() -> Result<Engine, String> {
        let exe = if cfg!(windows) {
            "tesseract.exe"
        } else {
            "tesseract"
        };
        let engine = if let Some(program) = std::env::var_os("DADUK_TESSERACT") {
            Engine {
                program: PathBuf::from(program),
                tessdata: std::env::var_os("DADUK_TESSDATA").map(PathBuf::from),
            }
        } else if let Some(beside) = std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(|d| d.join("tesseract")))
            .filter(|d| d.join(exe).is_file())
        {
            Engine {
                program: beside.join(exe),
                tessdata: Some(beside.join("tessdata")),
            }
        } else {
            Engine {
                program: PathBuf::from(exe),
                tessdata: None,
            }
        };
        engine.check()?;
        Ok(engine)
    }

    /// An engine at a given program (and data folder), checked.
    pub fn at(program: &Path, tessdata: Option<&Path>) -> Result<Engine, String> {
        let engine = Engine {
            program: program.to_path_buf(),
            tessdata: tessdata.map(Path::to_path_buf),
        };
        engine.check()?;
        Ok(engine)
    }

    /// That the program runs and has the Indonesian model.
    fn check(&self) -> Result<(), String> {
        let missing = "OCR tidak tersedia: program tesseract tidak ditemukan (di Debian/Ubuntu: \
                       pasang paket tesseract-ocr dan tesseract-ocr-ind; versi Windows Daduk \
                       membawanya sendiri — pasang ulang Daduk)";
        let out = self
            .run(&["--list-langs"], Duration::from_secs(20))
            .map_err(|_| missing.to_string())?;
        let langs = String::from_utf8_lossy(&out);
        if langs.lines().any(|l| l.trim() == LANGUAGE) {
            Ok(())
        } else {
            Err(
                "OCR tidak tersedia: data bahasa Indonesia untuk tesseract (ind) tidak \
                 terpasang (di Debian/Ubuntu: pasang paket tesseract-ocr-ind)"
                    .into(),
            )
        }
    }

    /// Read one page: turned upright and straightened first; read again
    /// half way round when what came out is doubtful.
    pub fn read_page(&self, page: GrayImage) -> Result<PageText, Unreadable> {
        let upright = picture::upright(page);
        let first = self.recognize(&upright.image, upright.uneven)?;
        let mut best = PageText {
            text: first.text,
            confidence: first.confidence,
            turned: upright.turned,
            skew: upright.skew,
        };
        if best.confidence < DOUBTFUL {
            let flipped = image::imageops::rotate180(&upright.image);
            let second = self.recognize(&flipped, upright.uneven)?;
            if second.confidence > best.confidence + 10.0 {
                best = PageText {
                    text: second.text,
                    confidence: second.confidence,
                    turned: (upright.turned + 180) % 360,
                    skew: upright.skew,
                };
            }
        }
        Ok(best)
    }

    /// The engine's reading of an upright grey image; `uneven`: lit
    /// unevenly, read with a local (Sauvola) threshold instead of one for
    /// the whole page — measured on phone photos of paper, it keeps the
    /// half of the page in shadow, at a quarter more time.
    fn recognize(&self, image: &GrayImage, uneven: bool) -> Result<tsv::Recognized, Unreadable> {
        // The page goes in a private temporary file, not down a pipe: the
        // engine reads its standard input a character at a time (measured:
        // a tenth of a scan's time).
        let mut page = tempfile::Builder::new()
            .prefix("daduk-ocr-")
            .suffix(".pgm")
            .tempfile()
            .map_err(|e| {
                Unreadable::Failed(format!("OCR: berkas sementara tidak dapat dibuat ({e})"))
            })?;
        page.write_all(&picture::pgm(image))
            .and_then(|()| page.flush())
            .map_err(|e| {
                Unreadable::Failed(format!("OCR: berkas sementara tidak dapat ditulis ({e})"))
            })?;
        let path = page.path().to_string_lossy().into_owned();
        let threshold = if uneven {
            "thresholding_method=2"
        } else {
            "thresholding_method=0"
        };
        // One thread per engine (OMP_THREAD_LIMIT, in `run`): reading runs
        // in the background while the app is used, and the second core
        // stays for the person.
        let out = self
            .run(
                // TSV asked for by its variable, not the `tsv` config file:
                // the engine shipped with the Windows build carries no
                // configs folder.
                &[
                    &path,
                    "stdout",
                    "-l",
                    LANGUAGE,
                    "--psm",
                    "3",
                    "-c",
                    threshold,
                    "-c",
                    "tessedit_create_tsv=1",
                ],
                PAGE_DEADLINE,
            )
            .map_err(Unreadable::Failed)?;
        let out = String::from_utf8_lossy(&out);
        // An engine that ran but gave no table (a wrong set-up) is a
        // failure, not a page without text.
        if !out.starts_with("level\t") {
            return Err(Unreadable::Failed(
                "OCR tidak memberi hasil yang dikenal; periksa pemasangan Tesseract".into(),
            ));
        }
        Ok(tsv::parse(&out))
    }

    /// Run the program (nothing on its standard input); its standard
    /// output, or why not. Past `deadline` it is killed.
    fn run(&self, args: &[&str], deadline: Duration) -> Result<Vec<u8>, String> {
        // The engine yields to the person: reading runs in the background
        // while the app is clicked through. (The app benchmark's clicks
        // while reading were as slow with it as without, 1.2–1.3× idle at
        // p95 on two cores: the reading thread and the database share the
        // app's core; it still keeps a long OCR run behind what people do.)
        let mut command = if cfg!(unix) && Path::new(NICE).is_file() {
            let mut c = Command::new(NICE);
            c.args(["-n", "10"]).arg(&self.program);
            c
        } else {
            Command::new(&self.program)
        };
        command
            .args(args)
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(data) = &self.tessdata {
            command.env("TESSDATA_PREFIX", data);
        }
        // The desktop app has no console: without this, Windows opens one
        // for every page read.
        #[cfg(windows)]
        {
            use std::os::windows::process::CommandExt;
            const CREATE_NO_WINDOW: u32 = 0x0800_0000;
            const BELOW_NORMAL_PRIORITY_CLASS: u32 = 0x0000_4000;
            command.creation_flags(CREATE_NO_WINDOW | BELOW_NORMAL_PRIORITY_CLASS);
        }
        let mut child = command
            .spawn()
            .map_err(|e| format!("OCR tidak dapat dijalankan ({e})"))?;
        let stdout = child.stdout.take();
        let reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(s) = stdout {
                let _ = s.take(64 << 20).read_to_end(&mut out);
            }
            out
        });
        let stderr = child.stderr.take();
        let errors = std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(s) = stderr {
                let _ = s.take(64 << 10).read_to_end(&mut out);
            }
            out
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() > deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!(
                        "OCR dihentikan: satu halaman lebih dari {} detik",
                        deadline.as_secs()
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(e) => return Err(format!("OCR gagal ({e})")),
            }
        };
        let out = reader.join().unwrap_or_default();
        let errors = errors.join().unwrap_or_default();
        if status.success() {
            Ok(out)
        } else {
            let said = String::from_utf8_lossy(&errors);
            let said = said
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            Err(format!(
                "OCR gagal membaca halaman ({status}{}{})",
                if said.is_empty() { "" } else { ": " },
                said.chars().take(200).collect::<String>()
            ))
        }
    }
}

#[cfg(test)]
mod tests;
