//! Reading a packet — a folder or a `.zip` — as untrusted input.
//!
//! Before a byte of content is used, every entry is checked: names that
//! escape the folder (`..`, absolute paths, drive letters, backslashes),
//! symbolic or hard links, duplicate names (also differing only in case),
//! unsupported or encrypted zip entries, and sizes or compression ratios
//! that betray a zip bomb. Reads are capped at the size the manifest
//! declares.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::manifest::MAX_MANIFEST_BYTES;
use super::names::{shown, unsafe_path_reason};
use crate::error::{plain_io, plain_zip};

/// The most entries a packet may have.
const MAX_ENTRIES: usize = 250_000;
/// A compression ratio above this, on an entry above [`BOMB_MIN_SIZE`], is
/// taken for a zip bomb: scans, photos and office files are compressed
/// already and shrink little; even plain text rarely passes 20:1.
const BOMB_RATIO: u64 = 200;
const BOMB_MIN_SIZE: u64 = 1 << 20;

/// Why a packet is refused before its content is looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The entry at fault (empty when it is the packet as a whole).
    pub entry: String,
    /// Why.
    pub reason: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.entry.is_empty() {
            write!(f, "paket ditolak: {}", shown(&self.reason))
        } else {
            let (entry, reason) = (shown(&self.entry), shown(&self.reason));
            write!(f, "paket ditolak: entri '{entry}': {reason}")
        }
    }
}

fn refused(entry: impl Into<String>, reason: impl Into<String>) -> Refused {
    Refused {
        entry: entry.into(),
        reason: reason.into(),
    }
}

/// A packet opened for reading.
pub enum Source {
    /// A folder.
    Dir(PathBuf),
    /// A zip archive, with its entries by name (index into the archive).
    Zip(zip::ZipArchive<File>, BTreeMap<String, usize>),
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Dir(p) => write!(f, "Source::Dir({})", p.display()),
            Source::Zip(_, entries) => write!(f, "Source::Zip({} entries)", entries.len()),
        }
    }
}

/// A file entry: its path and the size it claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `/`-separated relative path.
    pub path: String,
    /// Size in bytes (for zips, as the archive declares it).
    pub size: u64,
}

impl Source {
    /// Open a packet and check the shape of every entry.
    pub fn open(path: &Path) -> Result<(Source, Vec<Entry>), Refused> {
        let meta = std::fs::metadata(path)
            .map_err(|e| refused("", format!("{}: {}", path.display(), plain_io(&e))))?;
        if meta.is_dir() {
            let entries = dir_entries(path)?;
            Ok((Source::Dir(path.to_path_buf()), entries))
        } else {
            let file = File::open(path)
                .map_err(|e| refused("", format!("{}: {}", path.display(), plain_io(&e))))?;
            let archive = zip::ZipArchive::new(file)
                .map_err(|e| refused("", format!("{}: {}", path.display(), plain_zip(&e))))?;
            zip_entries(archive, meta.len())
        }
    }

    /// Read an entry whole; refused above `limit` bytes.
    pub fn read_all(&mut self, path: &str, limit: u64) -> Result<Vec<u8>, Refused> {
        let mut out = Vec::new();
        self.open_entry(path, limit)?
            .read_to_end(&mut out)
            .map_err(|e| refused(path, format!("tidak dapat dibaca: {e}")))?;
        if out.len() as u64 > limit {
            return Err(refused(
                path,
                format!("lebih besar dari batas {limit} bita"),
            ));
        }
        Ok(out)
    }

    /// A reader over an entry that yields at most `limit + 1` bytes, so a
    /// caller can tell an entry longer than declared.
    pub fn open_entry(&mut self, path: &str, limit: u64) -> Result<Box<dyn Read + '_>, Refused> {
        match self {
            Source::Dir(root) => {
                let full = path.split('/').fold(root.clone(), |p, c| p.join(c));
                let f = File::open(&full)
                    .map_err(|e| refused(path, format!("tidak dapat dibuka: {e}")))?;
                Ok(Box::new(f.take(limit.saturating_add(1))))
            }
            Source::Zip(archive, names) => {
                let index = *names
                    .get(path)
                    .ok_or_else(|| refused(path, "tidak ada di arsip"))?;
                let entry = archive
                    .by_index(index)
                    .map_err(|e| refused(path, format!("tidak dapat dibaca: {}", plain_zip(&e))))?;
                Ok(Box::new(entry.take(limit.saturating_add(1))))
            }
        }
    }

    /// Whether the packet has the entry.
    pub fn has(&self, path: &str) -> bool {
        match self {
            Source::Dir(root) => path
                .split('/')
                .fold(root.clone(), |p, c| p.join(c))
                .is_file(),
            Source::Zip(_, names) => names.contains_key(path),
        }
    }
}

fn dir_entries(root: &Path) -> Result<Vec<Entry>, Refused> {
    let mut entries = Vec::new();
    let mut seen = HashSet::new();
    for e in walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
    {
        let e = e.map_err(|e| {
            refused(
                e.path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                format!("tidak dapat dibaca: {e}"),
            )
        })?;
        let rel = e.path().strip_prefix(root).unwrap_or(e.path());
        let Some(rel) = rel.to_str().map(|r| r.replace('\\', "/")) else {
            return Err(refused(rel.to_string_lossy(), "nama bukan teks UTF-8"));
        };
        if rel.is_empty() {
            continue;
        }
        if e.path_is_symlink() {
            return Err(refused(rel, "tautan simbolik tidak diizinkan di paket"));
        }
        if e.file_type().is_dir() {
            continue;
        }
        if !e.file_type().is_file() {
            return Err(refused(rel, "bukan berkas biasa"));
        }
        if let Some(reason) = unsafe_path_reason(&rel) {
            return Err(refused(rel, reason));
        }
        if !seen.insert(rel.to_lowercase()) {
            return Err(refused(rel, "nama ganda (berbeda huruf besar/kecil saja)"));
        }
        let size = e
            .metadata()
            .map_err(|err| refused(&rel, format!("tidak dapat dibaca: {err}")))?
            .len();
        entries.push(Entry { path: rel, size });
        if entries.len() > MAX_ENTRIES {
            return Err(refused("", format!("lebih dari {MAX_ENTRIES} berkas")));
        }
    }
    Ok(entries)
}

fn zip_entries(
    mut archive: zip::ZipArchive<File>,
    archive_len: u64,
) -> Result<(Source, Vec<Entry>), Refused> {
    if archive.len() > MAX_ENTRIES {
        return Err(refused("", format!("lebih dari {MAX_ENTRIES} entri")));
    }
    let mut names = BTreeMap::new();
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| refused(format!("#{i}"), format!("entri rusak: {}", plain_zip(&e))))?;
        let name = String::from_utf8(entry.name_raw().to_vec())
            .map_err(|_| refused(format!("#{i}"), "nama bukan teks UTF-8"))?;
        let mode = entry.unix_mode().unwrap_or(0);
        let file_type = mode & 0o170_000;
        if entry.is_symlink() || file_type == 0o120_000 {
            return Err(refused(name, "tautan simbolik tidak diizinkan di paket"));
        }
        if file_type != 0 && file_type != 0o100_000 && file_type != 0o040_000 {
            return Err(refused(
                name,
                "bukan berkas biasa (tautan keras, perangkat, atau pipa)",
            ));
        }
        if entry.encrypted() {
            return Err(refused(name, "entri terenkripsi tidak didukung"));
        }
        let trimmed = name.strip_suffix('/').unwrap_or(&name);
        if let Some(reason) = unsafe_path_reason(trimmed) {
            return Err(refused(name, reason));
        }
        if entry.is_dir() {
            continue;
        }
        match entry.compression() {
            zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated => {}
            other => {
                return Err(refused(
                    name,
                    format!("metode kompresi {other:?} tidak didukung"),
                ));
            }
        }
        let (size, packed) = (entry.size(), entry.compressed_size());
        // The ratio below only means something if the compressed size is
        // true: an entry cannot hold more compressed bytes than the file.
        if packed > archive_len {
            return Err(refused(
                name,
                format!(
                    "ukuran terkompresi {packed} bita melebihi ukuran arsip ({archive_len} bita): arsip rusak atau bom zip"
                ),
            ));
        }
        if size > BOMB_MIN_SIZE && size / packed.max(1) > BOMB_RATIO {
            return Err(refused(
                name,
                format!(
                    "rasio kompresi {}:1 mencurigakan (bom zip)",
                    size / packed.max(1)
                ),
            ));
        }
        if !seen.insert(name.to_lowercase()) {
            return Err(refused(name, "nama ganda di arsip"));
        }
        entries.push(Entry {
            path: name.clone(),
            size,
        });
        names.insert(name, i);
    }
    Ok((Source::Zip(archive, names), entries))
}

/// Read `manifest.json` (bounded).
pub fn read_manifest_bytes(source: &mut Source) -> Result<Vec<u8>, Refused> {
    if !source.has(super::manifest::MANIFEST) {
        return Err(refused(
            super::manifest::MANIFEST,
            "tidak ada; ini bukan paket Daduk",
        ));
    }
    source.read_all(super::manifest::MANIFEST, MAX_MANIFEST_BYTES)
}

/// Hash an entry, checking it has exactly `size` bytes.
pub fn hash_entry(
    source: &mut Source,
    path: &str,
    size: u64,
) -> Result<Result<crate::hash::Sha256, String>, Refused> {
    let reader = source.open_entry(path, size)?;
    match crate::hash::Sha256::of_reader(reader) {
        Ok((sha, n)) if n == size => Ok(Ok(sha)),
        Ok((_, n)) => Ok(Err(format!("ukuran {n} bita, manifest menyebut {size}"))),
        Err(e) => Err(refused(
            path,
            format!("tidak dapat dibaca: {}", describe(&e)),
        )),
    }
}

fn describe(e: &io::Error) -> String {
    plain_io(e)
}
