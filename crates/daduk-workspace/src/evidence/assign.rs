//! Files of a folder import whose names name no item, placed on an item (and
//! kind) by hand. The placement is remembered per assessment by the file's
//! path relative to the imported folder, so importing that folder again puts
//! the file in the same place without renaming anything on disk.

use std::collections::HashMap;

use super::import::is_system_file;
use super::kind_code;
use crate::error::{Error, Result};
use crate::store::{Assessment, Assignment, Workspace};

/// The longest relative path accepted (far beyond any real one).
const MAX_PATH: usize = 4096;

/// A relative path as an import reports it: `/` between parts, no empty,
/// `.` or `..` part, not absolute.
fn normal_path(text: &str) -> Result<String> {
    let path = text.trim().replace('\\', "/");
    let parts: Vec<&str> = path.split('/').collect();
    let bad = path.is_empty()
        || path.len() > MAX_PATH
        || path.starts_with('/')
        || parts
            .iter()
            .any(|p| p.is_empty() || *p == "." || *p == "..")
        || path.chars().any(char::is_control);
    if bad {
        return Err(Error::Invalid(format!(
            "'{}' bukan letak berkas di dalam folder impor; pilih berkas dari daftar hasil impor",
            text.escape_debug()
        )));
    }
    Ok(path)
}

impl Workspace {
    /// Place files of an imported folder on items. All are checked first
    /// (path, item in the assessment's template, kind); nothing is stored
    /// when one is wrong, and the message names its path.
    pub fn assign_files(&self, a: &Assessment, rows: &[Assignment]) -> Result<()> {
        let template = self.template_of(a)?;
        let mut checked = Vec::with_capacity(rows.len());
        for row in rows {
            let source_path = normal_path(&row.source_path)?;
            let name = source_path.rsplit('/').next().unwrap_or(&source_path);
            if is_system_file(name) {
                return Err(Error::Invalid(format!(
                    "{source_path}: berkas sistem atau sementara tidak diimpor; biarkan saja"
                )));
            }
            if template.item(row.item).is_none() {
                return Err(Error::Invalid(format!(
                    "{source_path}: butir {} tidak ada di templat {}; pilih butir dari LKE",
                    row.item,
                    template.id()
                )));
            }
            let kind = match row.kind.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(k) => Some(
                    kind_code(&template, k)
                        .map_err(|e| Error::Invalid(format!("{source_path}: {e}")))?,
                ),
            };
            checked.push(Assignment {
                source_path,
                item: row.item,
                kind,
                by_content: row.by_content,
            });
        }
        self.store_assignments(a.id, &checked)
    }

    /// `evidence import --by-content`: preview the folder, and place each
    /// file whose name names no item on the item its content names when the
    /// reader is sure (with the kind its content says, when the template
    /// knows it); the places are kept, marked as taken from the content, so
    /// the import that follows attaches those files and shows the mark.
    /// Returns the places taken. What is read is kept by content hash, so
    /// the import after it reads nothing again.
    pub fn place_by_content(
        &self,
        a: &Assessment,
        dir: &std::path::Path,
        job: crate::job::Job<'_, super::ImportProgress>,
    ) -> Result<Vec<Assignment>> {
        self.writable()?;
        let template = self.template_of(a)?;
        let preview = self.import_folder(a, dir, &super::ImportOptions { dry_run: true, job })?;
        let rows: Vec<Assignment> = preview
            .unmapped
            .iter()
            .filter_map(|u| {
                let s = u.suggestion.as_ref().filter(|s| s.sure)?;
                Some(Assignment {
                    source_path: u.path.clone(),
                    item: *s.items.first()?,
                    kind: s
                        .content
                        .kind
                        .as_deref()
                        .and_then(|k| kind_code(&template, k).ok()),
                    by_content: true,
                })
            })
            .collect();
        self.assign_files(a, &rows)?;
        Ok(rows)
    }

    /// Forget where a file was placed; the next import lists it as
    /// unmapped again (files already attached stay attached).
    pub fn unassign_file(&self, a: &Assessment, source_path: &str) -> Result<()> {
        let path = normal_path(source_path)?;
        if self.delete_assignment(a.id, &path)? {
            Ok(())
        } else {
            Err(Error::not_found(
                "penetapan berkas",
                path,
                "berkas ini tidak pernah ditetapkan ke butir",
            ))
        }
    }

    /// Every file placed by hand in an assessment, by path.
    pub fn file_assignments(&self, a: &Assessment) -> Result<Vec<Assignment>> {
        let mut out: Vec<Assignment> = self.load_assignments(a.id)?.into_values().collect();
        out.sort_by(|x, y| x.source_path.cmp(&y.source_path));
        Ok(out)
    }

    /// The assignments an import consults, by path.
    pub(crate) fn assignments_by_path(
        &self,
        a: &Assessment,
    ) -> Result<HashMap<String, Assignment>> {
        self.load_assignments(a.id)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::evidence::ImportOptions;
    use crate::store::tests::{unit, workspace};

    fn import(ws: &Workspace, a: &Assessment, dir: &std::path::Path) -> super::super::ImportReport {
        let cancel = AtomicBool::new(false);
        ws.import_folder(
            a,
            dir,
            &ImportOptions {
                dry_run: false,
                job: crate::job::Job::new(&cancel, &|_| {}),
            },
        )
        .unwrap()
    }

    #[test]
    fn an_unmapped_file_placed_by_hand_is_imported_there_now_and_next_time() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(&dir.path().join("ws"));
        ws.add_unit(&unit("DINKES")).unwrap();
        let a = ws.new_assessment("DINKES", 2024, None).unwrap();
        let folder = dir.path().join("ZI");
        std::fs::create_dir_all(folder.join("rapat")).unwrap();
        std::fs::write(folder.join("rapat/scan 003.pdf"), b"%PDF notula").unwrap();
        std::fs::write(folder.join("1.i.a SK.pdf"), b"%PDF sk").unwrap();

        let first = import(&ws, &a, &folder);
        assert_eq!(first.added.len(), 1);
        assert_eq!(first.unmapped.len(), 1);
        assert_eq!(first.unmapped[0].path, "rapat/scan 003.pdf");

        let item = "P.1.i.b".parse().unwrap();
        ws.assign_files(
            &a,
            &[Assignment {
                source_path: "rapat\\scan 003.pdf".into(),
                item,
                kind: Some("Notula".into()),
                by_content: false,
            }],
        )
        .unwrap();
        assert_eq!(
            ws.file_assignments(&a).unwrap(),
            vec![Assignment {
                source_path: "rapat/scan 003.pdf".into(),
                item,
                kind: Some("notula".into()),
                by_content: false,
            }]
        );

        let second = import(&ws, &a, &folder);
        assert!(second.unmapped.is_empty(), "{:?}", second.unmapped);
        assert_eq!(second.unchanged, 1, "the SK was there already");
        assert_eq!(second.added.len(), 1);
        assert_eq!(
            (second.added[0].item, second.added[0].kind.as_str()),
            (item, "notula")
        );
        let files = ws.evidence_list(&a, Some(item)).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].kind, "notula");

        // A third import finds everything in place and adds nothing.
        let third = import(&ws, &a, &folder);
        assert!(third.added.is_empty() && third.unmapped.is_empty());
        assert_eq!(third.unchanged, 2);

        // Forgetting the placement keeps what was attached.
        ws.unassign_file(&a, "rapat/scan 003.pdf").unwrap();
        assert!(ws.file_assignments(&a).unwrap().is_empty());
        assert!(ws.unassign_file(&a, "rapat/scan 003.pdf").is_err());
        assert_eq!(ws.evidence_list(&a, Some(item)).unwrap().len(), 1);
    }

    #[test]
    fn a_preview_shows_the_placement_without_copying() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(&dir.path().join("ws"));
        ws.add_unit(&unit("DINKES")).unwrap();
        let a = ws.new_assessment("DINKES", 2024, None).unwrap();
        let folder = dir.path().join("ZI");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("foto kegiatan.jpg"), b"\xff\xd8 foto").unwrap();
        ws.assign_files(
            &a,
            &[Assignment {
                source_path: "foto kegiatan.jpg".into(),
                item: "R.1.i.a".parse().unwrap(),
                kind: None,
                by_content: false,
            }],
        )
        .unwrap();
        let cancel = AtomicBool::new(false);
        let preview = ws
            .import_folder(
                &a,
                &folder,
                &ImportOptions {
                    dry_run: true,
                    job: crate::job::Job::new(&cancel, &|_| {}),
                },
            )
            .unwrap();
        assert_eq!(preview.added.len(), 1);
        assert_eq!(preview.added[0].item.to_string(), "R.1.i.a");
        // No kind given: guessed from the name as for any file.
        assert_eq!(preview.added[0].kind, "foto");
        assert!(ws.evidence_list(&a, None).unwrap().is_empty());
    }

    #[test]
    fn wrong_assignments_are_refused_whole_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(dir.path());
        ws.add_unit(&unit("DINKES")).unwrap();
        let a = ws.new_assessment("DINKES", 2024, None).unwrap();
        let good = Assignment {
            source_path: "a.pdf".into(),
            item: "P.1.i.a".parse().unwrap(),
            kind: None,
            by_content: false,
        };
        let cases = [
            ("../luar.pdf", None, "bukan letak berkas"),
            ("/etc/passwd", None, "bukan letak berkas"),
            ("Thumbs.db", None, "berkas sistem"),
            (
                "b.pdf",
                Some("rahasia"),
                "b.pdf: jenis data dukung 'rahasia'",
            ),
        ];
        for (path, kind, expected) in cases {
            let bad = Assignment {
                source_path: path.into(),
                item: good.item,
                kind: kind.map(str::to_string),
                by_content: false,
            };
            let err = ws
                .assign_files(&a, &[good.clone(), bad])
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{path}: {err}");
        }
        assert!(
            ws.file_assignments(&a).unwrap().is_empty(),
            "nothing is stored when one row is wrong"
        );
    }
}
