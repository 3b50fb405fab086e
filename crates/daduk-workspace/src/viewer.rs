//! Opening a stored file in the system's viewer.
//!
//! Files live in the store under their hash, with no name or extension, so a
//! viewer could not tell what they are, and it must never be handed the
//! store itself (an editor could change a file that is kept as proof).
//! [`Workspace::viewer_copy`] writes a checked, read-only copy with the
//! file's original name (made safe for any file system) into a folder of its
//! own under a temporary directory; the app asks the operating system to open
//! that copy.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::packet::names::{MAX_COMPONENT, safe_component};
use crate::store::{Assessment, Workspace};

impl Workspace {
    /// A read-only copy of attached file `id` named like the original, under
    /// `temp_root` (e.g. the system's temporary directory). The copy is
    /// checked against the file's SHA-256: a damaged stored file is refused.
    /// A copy made earlier is reused while it is intact, so a file a viewer
    /// still holds open is not rewritten and a large video is not copied
    /// twice.
    pub fn viewer_copy(&self, a: &Assessment, id: i64, temp_root: &Path) -> Result<PathBuf> {
        let e = self.evidence_by_id(a, id)?;
        let dir = temp_root.join(format!("daduk-{}", e.sha256.short(16)));
        fs::create_dir_all(&dir).map_err(|err| Error::io(&dir, err))?;
        let path = dir.join(safe_component(&e.file_name, MAX_COMPONENT));
        if intact_copy(&path, e.size, e.sha256) {
            return Ok(path);
        }
        if path.exists() {
            // A stale or damaged earlier copy: it was made read-only.
            make_writable(&path);
            fs::remove_file(&path).map_err(|err| Error::io(&path, err))?;
        }
        self.export_evidence(a, id, &path, true)?;
        let mut perms = fs::metadata(&path)
            .map_err(|err| Error::io(&path, err))?
            .permissions();
        perms.set_readonly(true);
        fs::set_permissions(&path, perms).map_err(|err| Error::io(&path, err))?;
        Ok(path)
    }
}

impl Workspace {
    /// Copy attached file `id` into the existing folder `dir` under its
    /// original name made safe for any file system (the name came from
    /// wherever the file was attached: `:`, `?`, `CON` and the like are
    /// legal on Linux but not on Windows). Returns the evidence and the
    /// path written. An existing file of that name is replaced only when
    /// `force`.
    pub fn export_evidence_into(
        &self,
        a: &Assessment,
        id: i64,
        dir: &Path,
        force: bool,
    ) -> Result<(crate::evidence::Evidence, PathBuf)> {
        let e = self.evidence_by_id(a, id)?;
        let path = dir.join(safe_component(&e.file_name, MAX_COMPONENT));
        let e = self.export_evidence(a, id, &path, force)?;
        Ok((e, path))
    }
}

fn intact_copy(path: &Path, size: u64, sha: Sha256) -> bool {
    let same_size = fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == size);
    same_size
        && File::open(path)
            .and_then(Sha256::of_reader)
            .is_ok_and(|(found, _)| found == sha)
}

fn make_writable(path: &Path) {
    if let Ok(meta) = fs::metadata(path) {
        let mut perms = meta.permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        let _ = fs::set_permissions(path, perms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{unit, workspace};

    #[test]
    fn a_viewer_gets_a_checked_read_only_copy_with_the_original_name() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(&dir.path().join("ws"));
        ws.add_unit(&unit("U")).unwrap();
        let a = ws.new_assessment("U", 2024, None).unwrap();
        let original = dir.path().join("Notula: rapat 1?.pdf");
        let original = if std::fs::write(&original, b"%PDF notula").is_ok() {
            original
        } else {
            // File systems that refuse ':' and '?' get a plainer name.
            let plain = dir.path().join("Notula rapat 1.pdf");
            std::fs::write(&plain, b"%PDF notula").unwrap();
            plain
        };
        let (e, _) = ws
            .add_evidence_file(&a, "P.1.i.a".parse().unwrap(), &original, None, None, None)
            .unwrap();
        let temp = dir.path().join("temp");

        let copy = ws.viewer_copy(&a, e.id, &temp).unwrap();
        assert_eq!(copy.file_name().unwrap(), "Notula rapat 1.pdf");
        assert!(copy.starts_with(&temp));
        assert_eq!(std::fs::read(&copy).unwrap(), b"%PDF notula");
        assert!(std::fs::metadata(&copy).unwrap().permissions().readonly());
        assert_eq!(ws.viewer_copy(&a, e.id, &temp).unwrap(), copy, "reused");

        // A copy someone managed to change is replaced by a good one.
        make_writable(&copy);
        std::fs::write(&copy, b"changed!!!!").unwrap();
        let again = ws.viewer_copy(&a, e.id, &temp).unwrap();
        assert_eq!(std::fs::read(&again).unwrap(), b"%PDF notula");

        // A damaged stored file is not shown.
        let blob = ws.blobs().path(e.sha256);
        make_writable(&blob);
        std::fs::write(&blob, b"%PDF NOTULA").unwrap();
        make_writable(&again);
        std::fs::remove_file(&again).unwrap();
        let err = ws.viewer_copy(&a, e.id, &temp).unwrap_err();
        assert!(err.to_string().contains("SHA-256 tidak cocok"), "{err}");
    }

    #[test]
    fn an_export_into_a_folder_gets_a_name_windows_accepts() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(&dir.path().join("ws"));
        ws.add_unit(&unit("U")).unwrap();
        let a = ws.new_assessment("U", 2024, None).unwrap();
        let out = dir.path().join("keluar");
        std::fs::create_dir(&out).unwrap();
        for (name, expected) in [
            ("Notula: rapat 1?.pdf", "Notula rapat 1.pdf"),
            ("CON.pdf", "_CON.pdf"),
            ("laporan akhir. .pdf", "laporan akhir.pdf"),
        ] {
            let original = dir.path().join(name);
            if std::fs::write(&original, name.as_bytes()).is_err() {
                continue; // a file system that refuses the name itself
            }
            let (e, _) = ws
                .add_evidence_file(&a, "P.1.i.a".parse().unwrap(), &original, None, None, None)
                .unwrap();
            let (_, path) = ws.export_evidence_into(&a, e.id, &out, false).unwrap();
            assert_eq!(path, out.join(expected));
            assert_eq!(std::fs::read(&path).unwrap(), name.as_bytes());
        }
    }
}
