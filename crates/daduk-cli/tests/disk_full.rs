//! A workspace on a disk that fills up: the import says which files did not
//! go in and why, exits 1, and leaves a workspace that verifies clean; a
//! write refused by SQLite for lack of space changes nothing; once space is
//! freed, the same import finishes the job.
//!
//! The small disk is a 3 MB tmpfs, which needs the right to mount (root in
//! the CI container). Where mounting is not allowed the test says so and
//! does nothing else.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Ws, args};

/// A tmpfs mounted on a folder, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }

    /// Give the disk another size, keeping what is on it.
    fn resize(&self, size: &str) -> bool {
        Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Files in the workspace's blob store and quarantine.
fn stored_files(ws: &Path) -> usize {
    let count = |dir: PathBuf| walk(&dir);
    count(ws.join("blobs")) + count(ws.join("quarantine"))
}

fn walk(dir: &Path) -> usize {
    fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .map(|e| {
                if e.path().is_dir() {
                    walk(&e.path())
                } else {
                    1
                }
            })
            .sum()
    })
}

/// Fill what is left of the disk under `dir` with one file.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("pengisi.bin");
    let mut f = fs::File::create(&path).unwrap();
    let chunk = vec![7u8; 64 << 10];
    while f.write_all(&chunk).is_ok() {}
    // The last partial chunk, byte by byte up to the brim.
    while f.write_all(&[7]).is_ok() {}
    path
}

#[test]
fn a_full_disk_is_named_loses_nothing_and_the_import_finishes_later() {
    let disk = tempfile::tempdir().unwrap();
    let Some(_mounted) = Tmpfs::mount(disk.path(), "3m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let ws = Ws {
        dir: tempfile::tempdir_in(disk.path()).unwrap(),
        tokens: tempfile::tempdir().unwrap(),
    };
    ws.ok(&["init"]);
    let ws = ws.with_assessment();

    // 4.2 MB of evidence for a disk with about 2.7 MB left.
    let src = tempfile::tempdir().unwrap();
    let mut seed = 1u64;
    for i in 1..=6 {
        let content: Vec<u8> = (0..700_000)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (seed >> 56) as u8
            })
            .collect();
        fs::write(src.path().join(format!("1.i.a undangan {i}.pdf")), content).unwrap();
    }
    let dir = src.path().to_str().unwrap();
    let (stdout, stderr) = ws.exits(1, &args(&["evidence", "import"], &[dir]));
    assert!(stdout.contains("disk penuh"), "{stdout}");
    assert!(stderr.contains("belum dilampirkan"), "{stderr}");
    let attached = ws.evidence_count();
    assert!((1..6).contains(&attached), "{attached} attached\n{stdout}");
    assert!(ws.ok(&["verify"]).contains("0 bermasalah"));
    assert_eq!(
        fs::read_dir(ws.path().join("tmp")).map_or(0, |d| d.count()),
        0,
        "no temporary file left behind"
    );
    assert_eq!(
        stored_files(ws.path()),
        attached,
        "no blob left that nothing refers to"
    );

    // A disk full to the brim: SQLite cannot grow its log, the command
    // says the disk is full, and (checked once there is room) nothing of
    // the refused answer is stored.
    let filler = fill(disk.path());
    // A packet cannot be written either: the message says so in Indonesian,
    // nothing is left, and no library talks to the terminal in English.
    let zip = disk.path().join("paket.zip");
    let (_, err) = ws.exits(
        2,
        &args(&["packet", "export"], &["--out", zip.to_str().unwrap()]),
    );
    assert!(err.contains("disk penuh"), "{err}");
    assert!(!err.contains("ZipWriter") && !err.contains("Os {"), "{err}");
    assert!(!zip.exists());
    let set = ws.run(&args(&["answer", "set"], &["P.1.i.a", "ya"]));
    let refused = !set.status.success();
    eprintln!("answer on a full disk refused: {refused}");
    if refused {
        let err = String::from_utf8_lossy(&set.stderr);
        assert!(err.contains("disk penuh"), "{err}");
    }

    // Space again (the filler gone, the disk made larger): the same import
    // attaches the rest and nothing twice.
    fs::remove_file(filler).unwrap();
    assert!(_mounted.resize("12m"), "could not enlarge the tmpfs");
    let again = ws.ok(&args(&["evidence", "import"], &[dir]));
    assert!(
        again.contains(&format!("{} berkas dilampirkan", 6 - attached))
            && again.contains(&format!("{attached} tidak berubah")),
        "{again}"
    );
    assert_eq!(ws.evidence_count(), 6);
    assert!(ws.ok(&["verify"]).contains("6 berkas diperiksa"));
    let score = ws.json(&args(&["score"], &["--json"]));
    assert_eq!(
        score["items"]["P.1.i.a"].is_null(),
        refused,
        "the answer refused for a full disk must not be stored (and one accepted must be): {}",
        score["items"]["P.1.i.a"]
    );
}
