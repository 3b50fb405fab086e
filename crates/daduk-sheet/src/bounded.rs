//! Limits on a spreadsheet from outside, checked before it is parsed.
//!
//! An `.xlsx` is a zip of XML parts. A small file can inflate to gigabytes
//! (a 2 MB file holding 2 GB of XML), and one cell at `XFD1048576` makes a
//! dense cell range of 17 billion cells. So: the file's size is bounded;
//! every zip entry's declared size, the total and the compression ratio are
//! checked; then every entry is inflated into a counter, never into memory,
//! with a reader that stops one byte past its declared size, so a lying
//! header is caught too. The parts a reader keeps whole in memory (shared
//! strings, styles) are bounded in bytes and in records while they are
//! counted. Only then does calamine open the file, and cells are read one at
//! a time into a sparse grid (`super::xlsx`), within a cell count and a time
//! budget. A CSV is bounded by its size and the same cell count.

use std::io::{self, Read};
use std::path::Path;
use std::time::{Duration, Instant};

/// The bounds one read keeps within. [`Limits::DEFAULT`] is what Daduk
/// uses; tests shrink them to reach a bound with a small file.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest `.xlsx` file read (bytes on disk).
    pub xlsx_bytes: u64,
    /// The largest CSV file read.
    pub csv_bytes: u64,
    /// The most entries an `.xlsx` may have.
    pub entries: usize,
    /// The largest a single part may inflate to.
    pub entry_inflated: u64,
    /// The largest all parts together may inflate to.
    pub total_inflated: u64,
    /// The largest the shared strings part may inflate to (it is kept in
    /// memory whole).
    pub shared_strings_bytes: u64,
    /// The most shared strings.
    pub shared_strings: u64,
    /// The largest the styles part may inflate to (kept in memory whole).
    pub styles_bytes: u64,
    /// The most elements in the styles part (each may become a style).
    pub style_records: u64,
    /// The most sheets in a workbook.
    pub sheets: usize,
    /// The most non-empty cells read from one workbook (an LKE has ~6,000).
    pub cells: usize,
    /// The most merged regions, and the most hyperlinks, of one sheet.
    pub regions: usize,
    /// How long one read may take.
    pub time: Duration,
}

impl Limits {
    /// Daduk's bounds: far above any LKE worksheet or plan table (both are
    /// well under 1 MB, with a few thousand cells), far below what hurts a
    /// laptop.
    pub const DEFAULT: Limits = Limits {
        xlsx_bytes: 32 << 20,
        csv_bytes: 8 << 20,
        entries: 4_000,
        entry_inflated: 128 << 20,
        total_inflated: 256 << 20,
        shared_strings_bytes: 32 << 20,
        shared_strings: 500_000,
        styles_bytes: 16 << 20,
        style_records: 200_000,
        sheets: 256,
        cells: 500_000,
        regions: 20_000,
        time: Duration::from_secs(60),
    };
}

/// Worksheet XML shrinks 5–30 times; above this ratio, on a part above
/// [`BOMB_MIN_SIZE`], it is taken for a zip bomb.
const BOMB_RATIO: u64 = 100;
const BOMB_MIN_SIZE: u64 = 1 << 20;

/// When a read must stop.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    until: Instant,
    budget: Duration,
}

impl Deadline {
    /// From now, within `limits.time`.
    pub fn start(limits: &Limits) -> Deadline {
        let now = Instant::now();
        Deadline {
            until: now.checked_add(limits.time).unwrap_or(now),
            budget: limits.time,
        }
    }

    /// `Err` once the time is up.
    pub fn check(&self) -> Result<(), String> {
        if Instant::now() > self.until {
            return Err(format!(
                "membaca berkas ini memakan lebih dari {} detik; lembar kerja LKE dan tabel rencana aksi \
                 terbaca dalam sekejap — simpan hanya lembar yang diperlukan ke berkas baru",
                self.budget.as_secs()
            ));
        }
        Ok(())
    }
}

/// Why a file was not read: the system's error, or a reason for people
/// (without the file's name; the caller names it).
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be read.
    Io(io::Error),
    /// The file was read and refused.
    Refused(String),
}

impl From<String> for ReadError {
    fn from(reason: String) -> ReadError {
        ReadError::Refused(reason)
    }
}

/// Read a file of at most `max` bytes whole; refuse a larger one before
/// reading it (and stop reading if it grows meanwhile).
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let too_big = |n: u64| {
        ReadError::Refused(format!(
            "berkas terlalu besar ({} MB; batas {} MB); lembar kerja LKE dan tabel rencana aksi biasanya \
             di bawah 1 MB — simpan hanya lembar yang diperlukan ke berkas baru",
            n.div_ceil(1 << 20),
            max >> 20
        ))
    };
    let len = file.metadata().map_err(ReadError::Io)?.len();
    if len > max {
        return Err(too_big(len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A sink that counts what is written into it and, for the parts kept in
/// memory, the elements named `record` (any namespace prefix) or all
/// elements when `record` is empty.
struct Counter {
    bytes: u64,
    record: &'static [u8],
    records: u64,
    /// The element name being read after a `<`, if any.
    name: Option<Vec<u8>>,
}

impl Counter {
    fn new(record: &'static [u8]) -> Counter {
        Counter {
            bytes: 0,
            record,
            records: 0,
            name: None,
        }
    }

    fn end_name(&mut self) {
        if let Some(name) = self.name.take() {
            let local = name.rsplit(|b| *b == b':').next().unwrap_or(&name);
            let is_tag = !local.is_empty() && !matches!(local[0], b'/' | b'?' | b'!');
            if is_tag && (self.record.is_empty() || local == self.record) {
                self.records += 1;
            }
        }
    }
}

impl io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len() as u64;
        for &b in buf {
            if b == b'<' {
                self.end_name();
                self.name = Some(Vec::new());
            } else if let Some(name) = &mut self.name {
                if b.is_ascii_whitespace() || b == b'>' || (b == b'/' && !name.is_empty()) {
                    self.end_name();
                } else if name.len() < 64 {
                    name.push(b);
                }
            }
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What a part holds that is kept in memory whole.
fn kept_whole(name: &str, limits: &Limits) -> Option<(&'static str, &'static [u8], u64, u64)> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with("sharedstrings.xml") {
        Some((
            "teks bersama",
            b"si",
            limits.shared_strings_bytes,
            limits.shared_strings,
        ))
    } else if lower.ends_with("styles.xml") {
        Some(("gaya sel", b"", limits.styles_bytes, limits.style_records))
    } else {
        None
    }
}

/// Check an `.xlsx` file's zip structure and inflated sizes. The reason
/// names the part at fault; nothing is kept in memory but the counts.
pub fn check_xlsx(bytes: &[u8], limits: &Limits, deadline: &Deadline) -> Result<(), String> {
    let archive_len = bytes.len() as u64;
    let mut archive = zip::ZipArchive::new(io::Cursor::new(bytes)).map_err(|e| {
        format!(
            "bukan berkas XLSX yang dapat dibaca ({e}); simpan ulang sebagai Excel Workbook (.xlsx)"
        )
    })?;
    if archive.len() > limits.entries {
        return Err(format!(
            "berkas berisi {} bagian (batas {}); bukan lembar kerja biasa",
            archive.len(),
            limits.entries
        ));
    }
    let bomb = |name: &str, why: String| {
        format!("bagian '{name}' {why}; berkas ini tampaknya bom zip atau rusak, tidak dibaca")
    };
    let mut declared_total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| format!("bagian ke-{i} rusak: {e}"))?;
        let name = daduk_domain::text::shown(&String::from_utf8_lossy(entry.name_raw()));
        if entry.encrypted() {
            return Err(format!(
                "bagian '{name}' terenkripsi; simpan ulang tanpa kata sandi"
            ));
        }
        if !matches!(
            entry.compression(),
            zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated
        ) {
            return Err(format!(
                "bagian '{name}' memakai kompresi yang tidak didukung; simpan ulang sebagai Excel Workbook (.xlsx)"
            ));
        }
        let (size, packed) = (entry.size(), entry.compressed_size());
        if packed > archive_len {
            return Err(bomb(
                &name,
                format!("mengaku {packed} bita terkompresi, lebih dari berkasnya"),
            ));
        }
        if size > limits.entry_inflated {
            return Err(bomb(
                &name,
                format!(
                    "mengembang menjadi {} MB (batas {} MB)",
                    size >> 20,
                    limits.entry_inflated >> 20
                ),
            ));
        }
        if size > BOMB_MIN_SIZE && size / packed.max(1) > BOMB_RATIO {
            return Err(bomb(
                &name,
                format!("memiliki rasio kompresi {}:1", size / packed.max(1)),
            ));
        }
        if let Some((what, _, max, _)) = kept_whole(&name, limits)
            && size > max
        {
            return Err(format!(
                "bagian '{name}' ({what}) berukuran {} MB (batas {} MB); bukan lembar kerja biasa",
                size.div_ceil(1 << 20),
                max >> 20
            ));
        }
        declared_total = declared_total.saturating_add(size);
    }
    if declared_total > limits.total_inflated {
        return Err(format!(
            "isi berkas mengembang menjadi {} MB (batas {} MB); simpan hanya lembar yang diperlukan ke berkas baru",
            declared_total >> 20,
            limits.total_inflated >> 20
        ));
    }
    // The declared sizes are the sender's word: inflate each part into a
    // counter, stopping one byte past what it declared.
    for i in 0..archive.len() {
        deadline.check()?;
        let mut entry = archive
            .by_index(i)
            .map_err(|e| format!("bagian ke-{i} tidak dapat dibuka: {e}"))?;
        if entry.is_dir() {
            continue;
        }
        let name = daduk_domain::text::shown(&String::from_utf8_lossy(entry.name_raw()));
        let declared = entry.size();
        let whole = kept_whole(&name, limits);
        let mut counter = Counter::new(whole.map_or(b"", |w| w.1));
        let copied = io::copy(&mut (&mut entry).take(declared + 1), &mut counter);
        match copied {
            Ok(n) if n > declared => {
                return Err(bomb(
                    &name,
                    format!("berisi lebih dari {declared} bita yang dinyatakannya"),
                ));
            }
            Ok(n) if n < declared => {
                return Err(bomb(
                    &name,
                    format!("berisi {n} bita, padahal tertulis {declared}"),
                ));
            }
            Ok(_) => {}
            Err(e) => return Err(bomb(&name, format!("tidak dapat dibuka ({e})"))),
        }
        counter.end_name();
        if let Some((what, _, _, max)) = whole
            && counter.records > max
        {
            return Err(format!(
                "bagian '{name}' berisi lebih dari {max} {} ({what}); bukan lembar kerja biasa",
                if what == "teks bersama" {
                    "teks"
                } else {
                    "unsur"
                }
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn check(bytes: &[u8]) -> Result<(), String> {
        check_xlsx(bytes, &Limits::DEFAULT, &Deadline::start(&Limits::DEFAULT))
    }

    /// A zip with one part of `size` bytes of `fill`, deflated, streamed so
    /// the test itself stays small in memory.
    pub fn zip_with(name: &str, size: u64, fill: u8) -> Vec<u8> {
        let mut out = io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(size > u32::MAX as u64);
            w.start_file(name, options).unwrap();
            let chunk = vec![fill; 1 << 20];
            let mut left = size;
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                w.write_all(&chunk[..n]).unwrap();
                left -= n as u64;
            }
            w.finish().unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn a_zip_bomb_is_refused_by_its_declared_sizes() {
        let bomb = zip_with("xl/sharedStrings.xml", 300 << 20, b'A');
        assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
        let err = check(&bomb).unwrap_err();
        assert!(
            err.contains("xl/sharedStrings.xml") && err.contains("bom zip"),
            "{err}"
        );
        // A high ratio below the size bound is refused too.
        let dense = zip_with("xl/worksheets/sheet1.xml", 50 << 20, b' ');
        let err = check(&dense).unwrap_err();
        assert!(err.contains("rasio kompresi"), "{err}");
        // Small parts may shrink a lot (a few KB of spaces): fine.
        check(&zip_with("xl/styles.xml", 100 << 10, b' ')).unwrap();
    }

    /// Patch every size field of the (single) entry to `declared`.
    fn lie_about_size(mut zip: Vec<u8>, declared: u32) -> Vec<u8> {
        let find = |zip: &[u8], sig: [u8; 4]| zip.windows(4).position(|w| w == sig).unwrap();
        let local = find(&zip, [0x50, 0x4b, 0x03, 0x04]);
        zip[local + 22..local + 26].copy_from_slice(&declared.to_le_bytes());
        let central = find(&zip, [0x50, 0x4b, 0x01, 0x02]);
        zip[central + 24..central + 28].copy_from_slice(&declared.to_le_bytes());
        zip
    }

    #[test]
    fn a_part_that_inflates_past_its_declared_size_is_refused() {
        // 20 MB of 'A' claiming to be 1 KB: the ratio looks harmless.
        let zip = lie_about_size(zip_with("xl/worksheets/sheet1.xml", 20 << 20, b'A'), 1024);
        let err = check(&zip).unwrap_err();
        assert!(err.contains("xl/worksheets/sheet1.xml"), "{err}");
        assert!(err.contains("bom zip") || err.contains("rusak"), "{err}");
    }

    #[test]
    fn more_parts_than_any_workbook_has_are_refused() {
        let mut out = io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            for i in 0..=Limits::DEFAULT.entries {
                w.start_file(format!("{i}"), zip::write::SimpleFileOptions::default())
                    .unwrap();
            }
            w.finish().unwrap();
        }
        let err = check(&out.into_inner()).unwrap_err();
        assert!(err.contains("4001 bagian"), "{err}");
    }

    #[test]
    fn files_above_the_size_bound_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("besar.csv");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(Limits::DEFAULT.csv_bytes + 1)
            .unwrap();
        let Err(ReadError::Refused(err)) = read_bounded(&big, Limits::DEFAULT.csv_bytes) else {
            panic!("a file above the bound was read");
        };
        assert!(
            err.contains("terlalu besar") && err.contains("batas 8 MB"),
            "{err}"
        );
        let small = dir.path().join("kecil.csv");
        std::fs::write(&small, "a;b\n").unwrap();
        assert_eq!(
            read_bounded(&small, Limits::DEFAULT.csv_bytes).unwrap(),
            b"a;b\n"
        );
    }
}
