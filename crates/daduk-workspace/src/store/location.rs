//! Where a workspace may live: on this computer's disk or a USB stick, never
//! on a network file system.
//!
//! The database runs in SQLite's WAL mode, whose index lives in shared
//! memory mapped from `daduk.sqlite-shm`: that only works while every
//! process using the database runs on one computer, and file locks over
//! SMB/NFS are not reliable either. Two people writing one workspace on a
//! shared drive can corrupt it. So [`check_workspace_dir`] refuses a network
//! location, saying why and what to use instead (packets; the instansi
//! server when it lands).
//!
//! It also notes a FAT volume (most USB sticks), which cannot hold a file of
//! 4 GiB or more: an import names that limit for the one file it concerns
//! and goes on with the rest, instead of failing with a generic I/O error.
//!
//! How a location is recognised:
//! - Windows: UNC paths (`\\server\share`, `\\?\UNC\...`), also after
//!   resolving links and mapped drives, and volumes whose drive type is
//!   remote (`GetDriveTypeW`); the file system name (`GetVolumeInformationW`)
//!   tells FAT.
//! - Linux: the file system's magic number (`statfs`): NFS, SMB/CIFS, AFS,
//!   Ceph, ...; for FUSE, the mount's type in `/proc/self/mountinfo` tells
//!   sshfs, rclone or GNOME's gvfs (network) from ntfs-3g (local).
//!
//! The classifying functions are pure and table-tested on every platform;
//! only the probes that ask the operating system are platform-specific.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The largest file a FAT32 volume holds: 4 GiB − 1 byte.
pub const FAT_MAX_FILE: u64 = 0xFFFF_FFFF;

/// Why a file cannot be stored on the workspace's volume: the message an
/// import shows for that file (also for a write the file system refused as
/// too large, `EFBIG`).
pub const FILE_TOO_LARGE: &str = "berkas 4 GB atau lebih tidak muat di sistem berkas FAT32 \
     ruang kerja (biasanya flashdisk); pindahkan ruang kerja ke disk NTFS atau exFAT \
     (atau format ulang flashdisk sebagai exFAT), lalu impor ulang berkas ini";

/// Why a name cannot be used: Windows refused it (`ERROR_INVALID_NAME`),
/// typically a name another system wrote with `: ? * < > | "` in it.
pub const INVALID_NAME: &str = "nama berkas atau folder tidak sah di Windows (misalnya berisi \
     : ? * < > | atau \"); ganti namanya lalu ulangi";

/// What kind of volume holds a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VolumeKind {
    /// A local disk (or one we cannot tell apart from one).
    Local,
    /// A FAT volume: files up to [`FAT_MAX_FILE`] bytes.
    Fat,
    /// A network location; the text says which (`folder jaringan \\srv\zi`,
    /// `sistem berkas jaringan nfs4`).
    Network(String),
}

impl VolumeKind {
    /// The largest file the volume holds, when it has a limit Daduk cares
    /// about.
    pub fn max_file_size(&self) -> Option<u64> {
        match self {
            VolumeKind::Fat => Some(FAT_MAX_FILE),
            VolumeKind::Local | VolumeKind::Network(_) => None,
        }
    }
}

/// Refuse `dir` as a workspace when it is on a network location; else say
/// what kind of volume holds it. `dir` need not exist yet (its nearest
/// existing parent is looked at).
pub fn check_workspace_dir(dir: &Path) -> Result<VolumeKind> {
    match probe(dir) {
        VolumeKind::Network(what) => Err(Error::Invalid(network_refusal(dir, &what))),
        kind => Ok(kind),
    }
}

/// The message for a workspace on a network location.
pub fn network_refusal(dir: &Path, what: &str) -> String {
    format!(
        "ruang kerja {} berada di {what}. Daduk tidak menulis ruang kerja di folder jaringan: \
         basis datanya (SQLite dengan mode WAL) tidak aman di sistem berkas jaringan, dan dua \
         komputer yang menulis bersamaan dapat merusak daduk.sqlite. Pilih folder di disk \
         komputer ini atau di flashdisk (ruang kerja yang sudah ada di sana: salin dulu \
         foldernya ke disk lokal). Untuk berbagi data dengan tim atau TPI, kirim paket \
         (`daduk packet export`, atau Laporan & Paket di aplikasi); bekerja bersama lewat \
         server instansi sedang disiapkan.",
        dir.display()
    )
}

/// The kind of volume that holds `dir` (or would, once created). What
/// cannot be determined counts as local: this check exists to stop a known
/// danger, not to refuse folders it does not understand.
pub fn probe(dir: &Path) -> VolumeKind {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    platform::probe(&abs)
}

/// The nearest existing folder at or above `path`.
#[cfg_attr(not(any(target_os = "linux", windows)), allow(dead_code))]
fn existing_ancestor(path: &Path) -> Option<PathBuf> {
    path.ancestors().find(|p| p.exists()).map(Path::to_path_buf)
}

/// The form of a path as Windows reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WindowsPathForm {
    /// `\\server\share\...` or `\\?\UNC\server\share\...`: `\\server\share`.
    Unc(String),
    /// `C:\...` or `\\?\C:\...`: the drive letter, upper case.
    Drive(char),
    /// A device path (`\\.\...`) or a relative one.
    Other,
}

/// Read a path the way Windows does (both `\` and `/` separate), from its
/// text, so it can be tested on any platform.
pub fn windows_path_form(text: &str) -> WindowsPathForm {
    let t = text.replace('/', "\\");
    let lower = t.to_ascii_lowercase();
    let unc_rest = if lower.starts_with(r"\\?\unc\") || lower.starts_with(r"\??\unc\") {
        Some(&t[8..])
    } else if let Some(rest) = t.strip_prefix(r"\\?\").or_else(|| t.strip_prefix(r"\??\")) {
        return drive_form(rest);
    } else if t.starts_with(r"\\.\") {
        return WindowsPathForm::Other;
    } else {
        t.strip_prefix(r"\\")
    };
    match unc_rest {
        Some(rest) => {
            let mut parts = rest.split('\\').filter(|p| !p.is_empty());
            match (parts.next(), parts.next()) {
                (Some(server), Some(share)) => WindowsPathForm::Unc(format!(r"\\{server}\{share}")),
                (Some(server), None) => WindowsPathForm::Unc(format!(r"\\{server}")),
                _ => WindowsPathForm::Other,
            }
        }
        None => drive_form(&t),
    }
}

fn drive_form(t: &str) -> WindowsPathForm {
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some(letter), Some(':')) if letter.is_ascii_alphabetic() => {
            WindowsPathForm::Drive(letter.to_ascii_uppercase())
        }
        _ => WindowsPathForm::Other,
    }
}

/// A Windows volume by its `GetDriveTypeW` value and file system name.
pub fn windows_volume(drive_type: u32, fs_name: &str) -> VolumeKind {
    /// `DRIVE_REMOTE`.
    const REMOTE: u32 = 4;
    if drive_type == REMOTE {
        return VolumeKind::Network("drive jaringan".into());
    }
    if fs_name.to_ascii_uppercase().starts_with("FAT") {
        VolumeKind::Fat
    } else {
        VolumeKind::Local
    }
}

/// What a Linux `statfs` magic number says, if it says enough. FUSE
/// (`0x65735546`) does not: its mount type decides ([`mount_type`]).
pub fn linux_magic(magic: u64) -> Option<VolumeKind> {
    let network = |name: &str| {
        Some(VolumeKind::Network(format!(
            "sistem berkas jaringan {name}"
        )))
    };
    match magic & 0xFFFF_FFFF {
        0x6969 => network("NFS"),
        0x517B => network("SMB"),
        0xFF53_4D42 => network("CIFS"),
        0xFE53_4D42 => network("SMB2"),
        0x564C => network("NCP"),
        0x5346_414F => network("AFS"),
        0x6B41_4653 => network("AFS"),
        0x7375_7245 => network("Coda"),
        0x00C3_6400 => network("Ceph"),
        0x0BD0_0BD0 => network("Lustre"),
        0x4D44 => Some(VolumeKind::Fat),
        0x6573_5546 => None,
        _ => Some(VolumeKind::Local),
    }
}

/// A mount's type as `/proc/self/mountinfo` names it (`nfs4`, `cifs`,
/// `fuse.sshfs`, `fuseblk`, `vfat`).
pub fn mount_type(fstype: &str) -> VolumeKind {
    const NETWORK: [&str; 10] = [
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
    ];
    const NETWORK_FUSE: [&str; 12] = [
        "sshfs",
        "rclone",
        "gvfsd-fuse",
        "s3fs",
        "glusterfs",
        "ceph",
        "cephfs",
        "davfs2",
        "smbnetfs",
        "curlftpfs",
        "gcsfuse",
        "goofys",
    ];
    let t = fstype.to_ascii_lowercase();
    let network = || VolumeKind::Network(format!("sistem berkas jaringan {fstype}"));
    if NETWORK.contains(&t.as_str()) || t == "davfs" {
        return network();
    }
    if let Some(sub) = t
        .strip_prefix("fuse.")
        .or_else(|| t.strip_prefix("fuseblk."))
    {
        return if NETWORK_FUSE.contains(&sub) {
            network()
        } else {
            VolumeKind::Local
        };
    }
    if matches!(t.as_str(), "vfat" | "msdos" | "fat") {
        return VolumeKind::Fat;
    }
    VolumeKind::Local
}

/// The type of the mount holding `path` (absolute, links resolved), from the
/// text of `/proc/self/mountinfo`: the longest mount point that contains it.
pub fn mount_type_of(mountinfo: &str, path: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        // Fields: id parent major:minor root mount-point options [optional...] - type source super-options
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(point) = fields.get(4).map(|p| unescape_mount(p)) else {
            continue;
        };
        let Some(dash) = fields.iter().position(|f| *f == "-") else {
            continue;
        };
        let Some(fstype) = fields.get(dash + 1) else {
            continue;
        };
        let point = Path::new(&point);
        if path.starts_with(point) {
            let depth = point.components().count();
            // A later line of the same depth is mounted over the earlier one.
            if best.as_ref().is_none_or(|(d, _)| depth >= *d) {
                best = Some((depth, (*fstype).to_string()));
            }
        }
    }
    best.map(|(_, t)| t)
}

/// Undo mountinfo's octal escapes (`\040` for a space).
fn unescape_mount(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && i + 3 < bytes.len()
            && bytes[i + 1..i + 4]
                .iter()
                .all(|b| (b'0'..=b'7').contains(b))
        {
            let value = bytes[i + 1..i + 4]
                .iter()
                .fold(0u32, |v, b| v * 8 + u32::from(b - b'0'));
            out.push(u8::try_from(value).unwrap_or(b'?'));
            i += 4;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(target_os = "linux")]
mod platform {
    use std::path::Path;

    use super::{VolumeKind, existing_ancestor, linux_magic, mount_type, mount_type_of};

    pub fn probe(abs: &Path) -> VolumeKind {
        let Some(existing) = existing_ancestor(abs) else {
            return VolumeKind::Local;
        };
        let Ok(stat) = rustix::fs::statfs(&existing) else {
            return VolumeKind::Local;
        };
        // Signed on some targets; the magic numbers are 32-bit.
        #[allow(clippy::unnecessary_cast)]
        let magic = stat.f_type as u64;
        if let Some(kind) = linux_magic(magic) {
            return kind;
        }
        // FUSE: the mount's type says what is behind it.
        let resolved = std::fs::canonicalize(&existing).unwrap_or(existing);
        std::fs::read_to_string("/proc/self/mountinfo")
            .ok()
            .and_then(|info| mount_type_of(&info, &resolved))
            .map_or(VolumeKind::Local, |t| mount_type(&t))
    }
}

#[cfg(windows)]
mod platform {
    use std::path::Path;

    use super::{
        VolumeKind, WindowsPathForm, existing_ancestor, windows_path_form, windows_volume,
    };

    pub fn probe(abs: &Path) -> VolumeKind {
        let unc = |form| match form {
            WindowsPathForm::Unc(share) => {
                Some(VolumeKind::Network(format!("folder jaringan {share}")))
            }
            _ => None,
        };
        if let Some(kind) = unc(windows_path_form(&abs.to_string_lossy())) {
            return kind;
        }
        let existing = existing_ancestor(abs);
        // A link, junction or mapped drive resolves to its UNC target.
        let resolved = existing
            .as_deref()
            .and_then(|p| std::fs::canonicalize(p).ok());
        if let Some(kind) = resolved
            .as_deref()
            .and_then(|p| unc(windows_path_form(&p.to_string_lossy())))
        {
            return kind;
        }
        let plain = existing.unwrap_or_else(|| abs.to_path_buf());
        let plain = plain.to_string_lossy();
        let root =
            winsafe::GetVolumePathName(&plain)
                .ok()
                .or_else(|| match windows_path_form(&plain) {
                    WindowsPathForm::Drive(letter) => Some(format!("{letter}:\\")),
                    _ => None,
                });
        let Some(root) = root else {
            return VolumeKind::Local;
        };
        let drive_type = winsafe::GetDriveType(Some(&root)).raw();
        let mut fs_name = String::new();
        let _ =
            winsafe::GetVolumeInformation(Some(&root), None, None, None, None, Some(&mut fs_name));
        match windows_volume(drive_type, &fs_name) {
            VolumeKind::Network(_) => VolumeKind::Network(format!("drive jaringan {root}")),
            kind => kind,
        }
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
mod platform {
    use std::path::Path;

    use super::VolumeKind;

    /// Other systems: not probed yet.
    pub fn probe(_abs: &Path) -> VolumeKind {
        VolumeKind::Local
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_path_forms() {
        let unc = |s: &str| WindowsPathForm::Unc(s.into());
        let cases = [
            (r"\\server\share\ZI 2024", unc(r"\\server\share")),
            (r"\\server\share", unc(r"\\server\share")),
            (r"\\server", unc(r"\\server")),
            (
                "//nas.kantor.go.id/dokumen/zi",
                unc(r"\\nas.kantor.go.id\dokumen"),
            ),
            (r"\\?\UNC\srv\data\ruang kerja", unc(r"\\srv\data")),
            (r"\\?\unc\srv\data", unc(r"\\srv\data")),
            (r"\??\UNC\srv\data\x", unc(r"\\srv\data")),
            (r"\\?\C:\Users\budi\Daduk", WindowsPathForm::Drive('C')),
            (r"d:\ZI 2024", WindowsPathForm::Drive('D')),
            ("E:/flashdisk/zi", WindowsPathForm::Drive('E')),
            (r"\\.\PhysicalDrive0", WindowsPathForm::Other),
            (r"relatif\zi", WindowsPathForm::Other),
            ("", WindowsPathForm::Other),
            (r"\\", WindowsPathForm::Other),
        ];
        for (text, expected) in cases {
            assert_eq!(windows_path_form(text), expected, "{text:?}");
        }
    }

    #[test]
    fn windows_volumes() {
        let cases = [
            (4, "NTFS", "network"),
            (4, "", "network"),
            (3, "NTFS", "local"),
            (2, "FAT32", "fat"),
            (2, "FAT", "fat"),
            (2, "exFAT", "local"),
            (3, "ReFS", "local"),
            (0, "", "local"),
        ];
        for (drive_type, fs, expected) in cases {
            let got = match windows_volume(drive_type, fs) {
                VolumeKind::Local => "local",
                VolumeKind::Fat => "fat",
                VolumeKind::Network(_) => "network",
            };
            assert_eq!(got, expected, "{drive_type} {fs}");
        }
    }

    #[test]
    fn linux_magic_numbers() {
        let net = |m| matches!(linux_magic(m), Some(VolumeKind::Network(_)));
        for magic in [
            0x6969,
            0x517B,
            0xFF53_4D42,
            0xFE53_4D42,
            0x564C,
            0x00C3_6400,
        ] {
            assert!(net(magic), "{magic:#x} is a network file system");
        }
        // statfs's f_type is signed on some targets: CIFS read as negative.
        assert!(net(0xFFFF_FFFF_FF53_4D42));
        assert_eq!(linux_magic(0x4d44), Some(VolumeKind::Fat));
        assert_eq!(linux_magic(0xEF53), Some(VolumeKind::Local), "ext4");
        assert_eq!(linux_magic(0x0102_1994), Some(VolumeKind::Local), "tmpfs");
        assert_eq!(linux_magic(0x2011_BAB0), Some(VolumeKind::Local), "exFAT");
        assert_eq!(
            linux_magic(0x6573_5546),
            None,
            "FUSE: the mount type decides"
        );
    }

    #[test]
    fn mount_types() {
        let cases = [
            ("nfs", "network"),
            ("nfs4", "network"),
            ("cifs", "network"),
            ("smb3", "network"),
            ("fuse.sshfs", "network"),
            ("fuse.rclone", "network"),
            ("fuse.gvfsd-fuse", "network"),
            ("fuseblk", "local"),
            ("fuse.ntfs-3g", "local"),
            ("fuse.portal", "local"),
            ("vfat", "fat"),
            ("msdos", "fat"),
            ("exfat", "local"),
            ("ext4", "local"),
            ("btrfs", "local"),
        ];
        for (fstype, expected) in cases {
            let got = match mount_type(fstype) {
                VolumeKind::Local => "local",
                VolumeKind::Fat => "fat",
                VolumeKind::Network(_) => "network",
            };
            assert_eq!(got, expected, "{fstype}");
        }
    }

    #[test]
    fn the_mount_holding_a_path_is_the_longest_matching_mount_point() {
        let info = "\
22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
40 22 0:39 / /mnt/nas rw,nosuid - fuse.sshfs budi@nas:/zi rw,user_id=0
41 22 0:40 / /mnt/nas\\040kantor rw - cifs //srv/data rw
42 22 0:41 / /media/budi/USB rw - vfat /dev/sdb1 rw
43 42 0:42 / /media/budi/USB/dalam rw - tmpfs tmpfs rw
";
        let cases = [
            ("/home/budi/Daduk", Some("ext4")),
            ("/mnt/nas/zi/2024", Some("fuse.sshfs")),
            ("/mnt/nas kantor/zi", Some("cifs")),
            ("/mnt/nasx", Some("ext4")),
            ("/media/budi/USB/ZI", Some("vfat")),
            ("/media/budi/USB/dalam/x", Some("tmpfs")),
        ];
        for (path, expected) in cases {
            assert_eq!(
                mount_type_of(info, Path::new(path)).as_deref(),
                expected,
                "{path}"
            );
        }
        assert_eq!(mount_type_of("garbage\n\n", Path::new("/x")), None);
    }

    #[test]
    fn fat_limits_files_and_the_message_says_what_to_do() {
        assert_eq!(
            VolumeKind::Fat.max_file_size(),
            Some(4 * 1024 * 1024 * 1024 - 1)
        );
        assert_eq!(VolumeKind::Local.max_file_size(), None);
        assert!(FILE_TOO_LARGE.contains("FAT32") && FILE_TOO_LARGE.contains("exFAT"));
    }

    #[test]
    fn a_local_folder_is_accepted_and_a_network_one_refused_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        // A folder that does not exist yet is judged by its parent.
        let kind = check_workspace_dir(&dir.path().join("belum ada").join("zi")).unwrap();
        assert_ne!(kind, VolumeKind::Fat);
        let msg = network_refusal(Path::new("/mnt/nas/zi"), "sistem berkas jaringan cifs");
        for part in ["/mnt/nas/zi", "cifs", "WAL", "paket", "server"] {
            assert!(msg.contains(part), "{part}: {msg}");
        }
    }

    #[cfg(windows)]
    #[test]
    fn a_unc_path_is_refused_without_touching_the_network() {
        let err = check_workspace_dir(Path::new(r"\\tidak-ada.invalid\berbagi\zi")).unwrap_err();
        assert!(
            err.to_string().contains(r"\\tidak-ada.invalid\berbagi"),
            "{err}"
        );
    }
}
