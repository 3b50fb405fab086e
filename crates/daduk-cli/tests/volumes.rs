//! Workspaces on volumes with limits, through the real binary on Linux: a
//! file the file system refuses as too large (as FAT32 does past 4 GiB) is
//! named with that reason and the rest of the import goes in. The same on
//! Windows semantics runs under Wine (`tests/windows`).

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{Ws, args};

/// `daduk ARGS` with every file write past `limit_kib` KiB refused by the
/// kernel (`RLIMIT_FSIZE`: `EFBIG`, the error a FAT32 file system gives
/// past 4 GiB). SIGXFSZ is ignored so the write fails instead of killing.
fn with_file_size_limit(ws: &Ws, limit_kib: u64, daduk_args: &[&str]) -> Output {
    Command::new("bash")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {limit_kib} && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_daduk"))
        .args(daduk_args)
        .env("DADUK_WORKSPACE", ws.path())
        .env("DADUK_USER", "penguji")
        .output()
        .unwrap()
}

fn write(path: &Path, len: usize) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_file_too_large_for_the_file_system_is_named_and_the_rest_goes_in() {
    let ws = Ws::new().with_assessment();
    let src = tempfile::tempdir().unwrap();
    write(&src.path().join("1.i.a SK.pdf"), 10_000);
    write(&src.path().join("1.i.b notula.pdf"), 20_000);
    write(&src.path().join("1.i.b rekaman rapat.mp4"), 6 << 20);
    let dir = src.path().to_str().unwrap();

    let out = with_file_size_limit(&ws, 4096, &args(&["evidence", "import"], &[dir]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("1.i.b rekaman rapat.mp4") && stdout.contains("FAT32"),
        "{stdout}"
    );
    assert_eq!(ws.evidence_count(), 2, "the two small files went in");
    // Without the limit, the same import finishes the job.
    ws.ok(&args(&["evidence", "import"], &[dir]));
    assert_eq!(ws.evidence_count(), 3);
}

#[test]
fn a_workspace_on_a_fat32_stick_refuses_a_file_over_4_gib_before_copying() {
    // A loop-mounted FAT32 image: needs root and a kernel with vfat.
    let skip = |why: &str| eprintln!("SKIPPED: FAT32 loop mount not possible here: {why}");
    let uid = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return skip("not root");
    }
    let tmp = tempfile::tempdir().unwrap();
    let image = tmp.path().join("flashdisk.img");
    std::fs::File::create(&image)
        .unwrap()
        .set_len(64 << 20)
        .unwrap();
    let mkfs = Command::new("mkfs.vfat")
        .args(["-F", "32"])
        .arg(&image)
        .output();
    if !mkfs.is_ok_and(|o| o.status.success()) {
        return skip("mkfs.vfat (Debian dosfstools) is missing or failed");
    }
    let mnt = tmp.path().join("usb");
    std::fs::create_dir(&mnt).unwrap();
    let mount = Command::new("mount")
        .args(["-t", "vfat", "-o", "loop"])
        .arg(&image)
        .arg(&mnt)
        .output()
        .unwrap();
    if !mount.status.success() {
        return skip(String::from_utf8_lossy(&mount.stderr).trim());
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&mnt);

    let ws_dir = mnt.join("ZI 2024");
    let run = |a: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_daduk"))
            .args(a)
            .env("DADUK_WORKSPACE", &ws_dir)
            .env("DADUK_USER", "penguji")
            .output()
            .unwrap()
    };
    assert!(run(&["init"]).status.success());
    assert!(
        run(&["unit", "add", "U", "--name", "U", "--target", "wbk"])
            .status
            .success()
    );
    assert!(
        run(&["assessment", "new", "--unit", "U", "--year", "2024"])
            .status
            .success()
    );
    let src = tmp.path().join("sumber");
    write(&src.join("1.i.a SK.pdf"), 1000);
    // Sparse: 4.1 GiB on paper, never read.
    std::fs::File::create(src.join("1.i.b video.mp4"))
        .unwrap()
        .set_len((4 << 30) + (100 << 20))
        .unwrap();
    let out = run(&args(&["evidence", "import"], &[src.to_str().unwrap()]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("1.i.b video.mp4") && stdout.contains("FAT32"),
        "{stdout}"
    );
}
