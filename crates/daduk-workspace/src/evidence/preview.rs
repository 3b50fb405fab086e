//! What a folder import's preview (dry run) can tell without copying:
//! which new files hold content already attached to their item, or the same
//! content as another new file for that item. The import counts those as
//! "sudah ada", so the preview must too — else it promises 297 new files
//! where the import attaches 296.
//!
//! Only files whose size matches another's for the same item are read (two
//! files of different sizes cannot be the same), so a preview of a folder of
//! distinct files reads nothing.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::path::Path;

use crate::code::ItemCode;
use crate::error::Result;
use crate::hash::Sha256;
use crate::store::{Assessment, Workspace};

/// A file a preview would attach: where it is, its item, its size.
pub(crate) struct Planned<'a> {
    pub full: &'a Path,
    pub item: ItemCode,
    pub size: u64,
}

impl Workspace {
    /// Indexes into `planned` of the files the import would find already
    /// attached (same content on the same item). A file that cannot be read
    /// now is left as new: the import itself will say what is wrong with it.
    pub(crate) fn preview_known_content(
        &self,
        a: &Assessment,
        planned: &[Planned<'_>],
    ) -> Result<HashSet<usize>> {
        let mut attached: HashMap<(ItemCode, u64), HashSet<Sha256>> = HashMap::new();
        for e in self.evidence_list(a, None)? {
            attached
                .entry((e.item, e.size))
                .or_default()
                .insert(e.sha256);
        }
        let mut sizes: HashMap<(ItemCode, u64), usize> = HashMap::new();
        for p in planned {
            *sizes.entry((p.item, p.size)).or_default() += 1;
        }
        let mut seen: HashMap<(ItemCode, u64), HashSet<Sha256>> = HashMap::new();
        let mut known = HashSet::new();
        for (i, p) in planned.iter().enumerate() {
            let key = (p.item, p.size);
            let same_size_attached = attached.contains_key(&key);
            if !same_size_attached && sizes.get(&key).copied().unwrap_or(0) < 2 {
                continue;
            }
            let Ok((sha, _)) = File::open(p.full).and_then(Sha256::of_reader) else {
                continue;
            };
            let already = attached.get(&key).is_some_and(|s| s.contains(&sha));
            let twice = !seen.entry(key).or_default().insert(sha);
            if already || twice {
                known.insert(i);
            }
        }
        Ok(known)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use crate::evidence::ImportOptions;
    use crate::store::tests::{unit, workspace};

    #[test]
    fn a_preview_counts_content_already_there_as_the_import_will() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(&dir.path().join("ws"));
        ws.add_unit(&unit("U")).unwrap();
        let a = ws.new_assessment("U", 2024, None).unwrap();
        let folder = dir.path().join("ZI");
        std::fs::create_dir_all(folder.join("lama")).unwrap();
        // Attached before, from elsewhere.
        let sk = dir.path().join("SK.pdf");
        std::fs::write(&sk, b"%PDF sk").unwrap();
        ws.add_evidence_file(&a, "P.1.i.a".parse().unwrap(), &sk, None, None, None)
            .unwrap();
        // The same SK in the folder, a copy of a new file, and new files of
        // the same size with other content.
        std::fs::write(folder.join("1.i.a SK.pdf"), b"%PDF sk").unwrap();
        std::fs::write(folder.join("1.i.a SK lain.pdf"), b"%PDF sx").unwrap();
        std::fs::write(folder.join("1.i.b Undangan.pdf"), b"undangan").unwrap();
        std::fs::write(folder.join("lama/1.i.b Undangan.pdf"), b"undangan").unwrap();
        std::fs::write(folder.join("1.i.b Notula.pdf"), b"notula!!").unwrap();

        let cancel = AtomicBool::new(false);
        let run = |dry_run| {
            ws.import_folder(
                &a,
                &folder,
                &ImportOptions {
                    dry_run,
                    job: crate::job::Job::new(&cancel, &|_| {}),
                },
            )
            .unwrap()
        };
        let preview = run(true);
        let done = run(false);
        let attached = done
            .added
            .iter()
            .filter(|f| f.evidence_id.is_some())
            .count();
        let already = done.unchanged + done.added.len() - attached;
        assert_eq!((attached, already), (3, 2));
        assert_eq!(
            (preview.added.len(), preview.unchanged),
            (attached, already),
            "the preview promises what the import does"
        );
    }
}
