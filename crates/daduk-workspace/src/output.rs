//! Writing a file whole or not at all, where the user asked, without
//! overwriting what they did not mean to.
//!
//! Every file Daduk writes for people (report, worksheet, packet zip,
//! exported evidence) and every small file it keeps (the signing key) goes
//! through [`AtomicFile`]: the bytes go to a temporary name beside the
//! target, are flushed to disk, and only then take the target's name; a
//! failure or a crash leaves the target as it was and no temporary file
//! (an interrupted process leaves one, with the `.daduk-part` suffix).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Where an output may go.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// Replace an existing file.
    pub force: bool,
    /// The workspace folder, whose own files no output may replace.
    pub workspace: Option<&'a Path>,
}

/// What Daduk keeps in a workspace folder: no output goes there, forced or
/// not. (A report saved beside them, in the folder itself, is fine.)
const WORKSPACE_OWN: &[&str] = &[
    "daduk.sqlite",
    "daduk.sqlite-wal",
    "daduk.sqlite-shm",
    "daduk.sqlite-journal",
    "blobs",
    "tmp",
    "quarantine",
    "keys",
];

impl Target<'_> {
    /// A file Daduk keeps for itself: no checks.
    pub const INTERNAL: Target<'static> = Target {
        force: true,
        workspace: None,
    };
}

/// The absolute form of `path` with its folder's symbolic links resolved
/// (the file itself need not exist).
fn resolved(path: &Path) -> Option<PathBuf> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::env::current_dir().ok()?,
    };
    Some(fs::canonicalize(parent).ok()?.join(path.file_name()?))
}

/// Refuse an output path that is a folder, is or lies inside one of the
/// workspace's own files and folders, or names an existing file (unless
/// `force`).
pub fn check(out: &Path, target: Target<'_>) -> Result<()> {
    if out.is_dir() {
        return Err(Error::Invalid(format!(
            "{} adalah folder; sebutkan nama berkas tujuan",
            out.display()
        )));
    }
    if let Some(ws) = target.workspace
        && let (Some(out_abs), Ok(ws_abs)) = (resolved(out), fs::canonicalize(ws))
        && let Ok(rel) = out_abs.strip_prefix(&ws_abs)
        && rel.components().next().is_some_and(|c| {
            let c = c.as_os_str().to_string_lossy().to_lowercase();
            WORKSPACE_OWN.contains(&c.as_str())
        })
    {
        return Err(Error::Invalid(format!(
            "{} adalah bagian ruang kerja Daduk ({}) dan tidak boleh ditimpa; simpan di tempat lain",
            out.display(),
            ws.display()
        )));
    }
    if !target.force && fs::symlink_metadata(out).is_ok() {
        return Err(Error::Exists {
            what: "berkas",
            key: out.display().to_string(),
            hint: "; pilih nama lain, atau timpa dengan --force".into(),
        });
    }
    Ok(())
}

/// A file being written under a temporary name, beside its target or in a
/// folder of temporary files (the blob store's, whose target name is the
/// content's hash, known only once it is written).
#[derive(Debug)]
pub struct AtomicFile {
    out: PathBuf,
    tmp: PathBuf,
    file: Option<File>,
    force: bool,
}

fn temp_name(prefix: &str) -> String {
    format!(
        "{prefix}{}-{}.daduk-part",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The process that made a temporary file of ours, from its name
/// (`.<target>.<pid>-<n>.daduk-part` or `<pid>-<n>.daduk-part`); `None` for
/// a name that is not ours.
fn part_owner(name: &str) -> Option<u32> {
    let stem = name.strip_suffix(".daduk-part")?;
    let tail = stem.rsplit('.').next()?;
    let (pid, n) = tail.split_once('-')?;
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n) && (tail == stem || stem.starts_with('.')))
        .then(|| pid.parse().ok())
        .flatten()
}

/// Whether the process `pid` is running, where the platform tells cheaply
/// (Linux); elsewhere `true`, so only age decides.
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    !(cfg!(target_os = "linux")
        && proc.join("self").exists()
        && !proc.join(pid.to_string()).exists())
}

/// How long a temporary file of another process may be at work; past
/// that it is a leftover whoever made it.
const STALE: std::time::Duration = std::time::Duration::from_secs(6 * 3600);

/// Remove what an interrupted Daduk left in `dir`: files and staged
/// folders named as ours (`.<target>.<pid>-<n>.daduk-part`) whose process
/// is gone, or that nothing touched for [`STALE`]. Nothing else is touched,
/// and a failure to remove is no error (the next use tries again).
pub fn clean_stale_parts(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(part_owner) else {
            continue;
        };
        let Ok(meta) = fs::symlink_metadata(e.path()) else {
            continue;
        };
        let old = || {
            walk_newest(&e.path(), &meta)
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age > STALE)
        };
        // A link is never followed nor removed; a file of a running process
        // stays until it is old.
        let stale = !alive(pid) || old();
        if meta.file_type().is_symlink() || !stale {
            continue;
        }
        let _ = if meta.is_dir() {
            fs::remove_dir_all(e.path())
        } else {
            fs::remove_file(e.path())
        };
    }
}

/// The newest modification time in a file or folder tree (a staged packet
/// folder being written changes deep inside, not at its top).
fn walk_newest(path: &Path, meta: &fs::Metadata) -> Option<std::time::SystemTime> {
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    walkdir::WalkDir::new(path)
        .follow_links(false)
        .into_iter()
        .map(|e| e.ok()?.metadata().ok()?.modified().ok())
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .max()
}

/// The folder a new file `out` goes into must exist: said of the folder,
/// not of the temporary name inside it.
pub(crate) fn check_folder(out: &Path) -> Result<()> {
    match out.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => Err(Error::Invalid(format!(
            "folder {} tidak ada; buat folder itu dulu atau pilih folder lain untuk {}",
            dir.display(),
            out.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ))),
        _ => Ok(()),
    }
}

impl AtomicFile {
    /// Start writing `out` (checked against `target` first). Leftovers of an
    /// interrupted Daduk beside it are removed first ([`clean_stale_parts`]).
    pub fn create(out: &Path, target: Target<'_>) -> Result<AtomicFile> {
        check(out, target)?;
        check_folder(out)?;
        if let Some(dir) = out.parent() {
            clean_stale_parts(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            });
        }
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = out.with_file_name(temp_name(&format!(".{name}.")));
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| Error::io(&tmp, e))?;
        Ok(AtomicFile {
            out: out.to_path_buf(),
            tmp,
            file: Some(file),
            force: target.force,
        })
    }

    /// Start writing a file in `dir` whose name is decided later, with
    /// [`AtomicFile::persist`].
    pub fn temp_in(dir: &Path) -> io::Result<AtomicFile> {
        fs::create_dir_all(dir)?;
        let tmp = dir.join(temp_name(""));
        let file = File::options().write(true).create_new(true).open(&tmp)?;
        Ok(AtomicFile {
            out: PathBuf::new(),
            tmp,
            file: Some(file),
            force: true,
        })
    }

    /// Flush the bytes written so far to disk.
    pub fn sync(&mut self) -> io::Result<()> {
        self.file().sync_all()
    }

    /// Give the (already synced) bytes the name `out`, replacing a file
    /// there. Returns whether they took it: where the platform refuses to
    /// replace a file in use (Windows), the one there stays and `false`
    /// comes back. The rename is made durable by the caller (see
    /// [`sync_dir`]), so several can share one flush of their folder.
    pub fn persist(mut self, out: &Path) -> io::Result<bool> {
        drop(self.file.take());
        if let Some(dir) = out.parent() {
            fs::create_dir_all(dir)?;
        }
        match fs::rename(&self.tmp, out) {
            Ok(()) => Ok(true),
            Err(_) if out.is_file() => {
                fs::remove_file(&self.tmp)?;
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Where the temporary file is (to read back what was written).
    pub fn temp_path(&self) -> &Path {
        &self.tmp
    }

    /// The temporary file, to write to.
    pub fn file(&mut self) -> &mut File {
        #[allow(clippy::expect_used)]
        self.file.as_mut().expect("present until commit")
    }

    /// Flush the bytes to disk and give them the target's name.
    pub fn commit(mut self) -> Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        file.sync_all().map_err(|e| Error::io(&self.out, e))?;
        drop(file);
        if !self.force && fs::symlink_metadata(&self.out).is_ok() {
            return Err(Error::Exists {
                what: "berkas",
                key: self.out.display().to_string(),
                hint: "; dibuat proses lain selagi ditulis (tidak ditimpa)".into(),
            });
        }
        fs::rename(&self.tmp, &self.out).map_err(|e| Error::io(&self.out, e))?;
        if let Some(dir) = self.out.parent().filter(|d| !d.as_os_str().is_empty()) {
            sync_dir(dir);
        }
        Ok(())
    }
}

impl io::Seek for AtomicFile {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.file().seek(pos)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file().flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() || fs::symlink_metadata(&self.tmp).is_ok() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// A fresh name beside `out` for staging a folder that is renamed to `out`
/// when complete (a packet folder).
pub fn temp_sibling(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(temp_name(&format!(".{name}.")))
}

/// Make the renames into `dir` durable, where the platform allows it (on
/// Windows a folder cannot be opened for flushing; NTFS journals renames).
pub fn sync_dir(dir: &Path) {
    let _ = File::open(dir).and_then(|d| d.sync_all());
}

/// Write `bytes` to `out` whole or not at all.
pub fn write(out: &Path, bytes: &[u8], target: Target<'_>) -> Result<()> {
    let mut f = AtomicFile::create(out, target)?;
    f.write_all(bytes).map_err(|e| Error::io(out, e))?;
    f.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".daduk-part"))
            .collect()
    }

    #[test]
    fn writes_whole_and_refuses_to_overwrite_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("laporan.pdf");
        let keep = Target {
            force: false,
            workspace: None,
        };
        write(&out, b"satu", keep).unwrap();
        let err = write(&out, b"dua", keep).unwrap_err();
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(fs::read(&out).unwrap(), b"satu");
        write(
            &out,
            b"dua",
            Target {
                force: true,
                ..keep
            },
        )
        .unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"dua");
        assert!(leftovers(dir.path()).is_empty());
        // Dropped before commit: nothing left, target untouched.
        let mut f = AtomicFile::create(
            &out,
            Target {
                force: true,
                ..keep
            },
        )
        .unwrap();
        f.write_all(b"tiga").unwrap();
        drop(f);
        assert_eq!(fs::read(&out).unwrap(), b"dua");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn never_writes_into_the_workspace() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ruang kerja");
        fs::create_dir_all(ws.join("blobs")).unwrap();
        fs::create_dir_all(ws.join("keys")).unwrap();
        fs::write(ws.join("daduk.sqlite"), b"db").unwrap();
        let target = Target {
            force: true,
            workspace: Some(&ws),
        };
        for out in [
            ws.join("daduk.sqlite"),
            ws.join("DADUK.SQLITE-wal"),
            ws.join("blobs").join("x"),
            ws.join("keys").join("..").join("blobs").join("y"),
        ] {
            let err = write(&out, b"pdf", target).unwrap_err();
            assert!(err.to_string().contains("ruang kerja"), "{out:?}: {err}");
        }
        assert_eq!(fs::read(ws.join("daduk.sqlite")).unwrap(), b"db");
        write(&ws.join("laporan.pdf"), b"pdf", target).unwrap();
        write(&dir.path().join("laporan.pdf"), b"pdf", target).unwrap();
    }
}
