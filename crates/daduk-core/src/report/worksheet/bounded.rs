//! Limits on a worksheet from outside, checked before it is parsed.
//!
//! An `.xlsx` is a zip of XML parts. A small file can inflate to gigabytes
//! (a 2 MB file holding 2 GB of XML), and one cell at `XFD1048576` makes a
//! dense cell range of 17 billion cells. So: the file's size is bounded;
//! every zip entry's declared size, the total and the compression ratio are
//! checked; then every entry is inflated into a counter, never into memory,
//! with a reader that stops one byte past its declared size, so a lying
//! header is caught too. Only then does calamine open the file, and cells
//! are read one at a time into a sparse grid with a cell-count bound
//! ([`MAX_CELLS`]). A CSV is bounded by its size.

use std::io::{self, Read};
use std::path::Path;

use crate::error::{Error, Result};

/// The largest `.xlsx` file read (bytes on disk).
pub const MAX_XLSX_BYTES: u64 = 32 << 20;
/// The largest CSV file read.
pub const MAX_CSV_BYTES: u64 = 8 << 20;
/// The most entries an `.xlsx` may have.
const MAX_ENTRIES: usize = 4_000;
/// The largest a single part may inflate to.
const MAX_ENTRY_INFLATED: u64 = 128 << 20;
/// The largest all parts together may inflate to.
const MAX_TOTAL_INFLATED: u64 = 256 << 20;
/// Worksheet XML shrinks 5–30 times; above this ratio, on a part above
/// [`BOMB_MIN_SIZE`], it is taken for a zip bomb.
const BOMB_RATIO: u64 = 100;
const BOMB_MIN_SIZE: u64 = 1 << 20;
/// The most non-empty cells read from one workbook (an LKE has ~6,000).
pub const MAX_CELLS: usize = 500_000;

/// Read a file of at most `max` bytes whole; refuse a larger one before
/// reading it (and stop reading if it grows meanwhile).
pub fn read_bounded(path: &Path, max: u64, what: &str) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let too_big = |n: u64| {
        Error::Invalid(format!(
            "{}: {what} terlalu besar ({} MB; batas {} MB); lembar kerja LKE biasanya di bawah 1 MB — \
             simpan hanya lembar LKE-nya ke berkas baru",
            path.display(),
            n.div_ceil(1 << 20),
            max >> 20
        ))
    };
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if len > max {
        return Err(too_big(len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A sink that counts what is written into it.
struct Counter(u64);

impl io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Check an `.xlsx` file's zip structure and inflated sizes. The reason
/// names the part at fault; nothing is kept in memory but the counts.
pub fn check_xlsx(bytes: &[u8]) -> std::result::Result<(), String> {
    let archive_len = bytes.len() as u64;
    let mut archive = zip::ZipArchive::new(io::Cursor::new(bytes)).map_err(|e| {
        format!(
            "bukan berkas XLSX yang dapat dibaca ({e}); simpan ulang sebagai Excel Workbook (.xlsx)"
        )
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(format!(
            "berkas berisi {} bagian (batas {MAX_ENTRIES}); bukan lembar kerja biasa",
            archive.len()
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
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let (size, packed) = (entry.size(), entry.compressed_size());
        if packed > archive_len {
            return Err(bomb(
                &name,
                format!("mengaku {packed} bita terkompresi, lebih dari berkasnya"),
            ));
        }
        if size > MAX_ENTRY_INFLATED {
            return Err(bomb(
                &name,
                format!(
                    "mengembang menjadi {} MB (batas {} MB)",
                    size >> 20,
                    MAX_ENTRY_INFLATED >> 20
                ),
            ));
        }
        if size > BOMB_MIN_SIZE && size / packed.max(1) > BOMB_RATIO {
            return Err(bomb(
                &name,
                format!("memiliki rasio kompresi {}:1", size / packed.max(1)),
            ));
        }
        declared_total = declared_total.saturating_add(size);
    }
    if declared_total > MAX_TOTAL_INFLATED {
        return Err(format!(
            "isi berkas mengembang menjadi {} MB (batas {} MB); simpan hanya lembar LKE-nya ke berkas baru",
            declared_total >> 20,
            MAX_TOTAL_INFLATED >> 20
        ));
    }
    // The declared sizes are the sender's word: inflate each part into a
    // counter, stopping one byte past what it declared.
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| format!("bagian ke-{i} tidak dapat dibuka: {e}"))?;
        if entry.is_dir() {
            continue;
        }
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let declared = entry.size();
        let mut counter = Counter(0);
        let copied = io::copy(&mut (&mut entry).take(declared + 1), &mut counter);
        match copied {
            Ok(n) if n > declared => {
                return Err(bomb(
                    &name,
                    format!("berisi lebih dari {declared} bita yang dinyatakannya"),
                ));
            }
            Ok(_) => {}
            Err(e) => return Err(bomb(&name, format!("tidak dapat dibuka ({e})"))),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A zip with one part of `size` bytes of `fill`, deflated, streamed so
    /// the test itself stays small in memory.
    pub(crate) fn zip_with(name: &str, size: u64, fill: u8) -> Vec<u8> {
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
        let err = check_xlsx(&bomb).unwrap_err();
        assert!(
            err.contains("xl/sharedStrings.xml") && err.contains("bom zip"),
            "{err}"
        );
        // A high ratio below the size bound is refused too.
        let dense = zip_with("xl/worksheets/sheet1.xml", 50 << 20, b' ');
        let err = check_xlsx(&dense).unwrap_err();
        assert!(err.contains("rasio kompresi"), "{err}");
        // Small parts may shrink a lot (a few KB of spaces): fine.
        check_xlsx(&zip_with("xl/styles.xml", 100 << 10, b' ')).unwrap();
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
        let err = check_xlsx(&zip).unwrap_err();
        assert!(err.contains("xl/worksheets/sheet1.xml"), "{err}");
        assert!(err.contains("bom zip") || err.contains("rusak"), "{err}");
    }

    #[test]
    fn files_above_the_size_bound_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("besar.csv");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_CSV_BYTES + 1)
            .unwrap();
        let err = read_bounded(&big, MAX_CSV_BYTES, "berkas CSV")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("terlalu besar") && err.contains("besar.csv"),
            "{err}"
        );
        let small = dir.path().join("kecil.csv");
        std::fs::write(&small, "a;b\n").unwrap();
        assert_eq!(
            read_bounded(&small, MAX_CSV_BYTES, "berkas CSV").unwrap(),
            b"a;b\n"
        );
    }
}
