//! How blobs live and die: nothing referenced is ever deleted, whatever the
//! database's indexes say and whatever another process does at the same
//! time.

use std::fs;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, SystemTime};

use super::*;
use crate::store::tests::{unit, workspace};

static NO: AtomicBool = AtomicBool::new(false);

fn setup(dir: &Path) -> (Workspace, Assessment) {
    let ws = workspace(&dir.join("ws"));
    ws.add_unit(&unit("U")).unwrap();
    let a = ws.new_assessment("U", 2024, None).unwrap();
    (ws, a)
}

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

fn attach(ws: &Workspace, a: &Assessment, dir: &Path, item: &str, name: &str) -> Evidence {
    let f = dir.join(name);
    fs::write(&f, format!("isi {name}")).unwrap();
    ws.add_evidence_file(a, code(item), &f, None, None, None)
        .unwrap()
        .0
}

fn verify(ws: &Workspace) -> VerifyReport {
    ws.verify(None, crate::job::Job::new(&NO, &|_| {})).unwrap()
}

/// Change one hex digit of `sha` where it is stored in the index
/// `evidence_by_blob`, leaving the table as it is: the damage SQLite's
/// quick check does not see.
fn corrupt_blob_index(db: &Path, sha: Sha256) {
    let (root, page_size): (i64, i64) = {
        let conn = rusqlite::Connection::open(db).unwrap();
        let root = conn
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'evidence_by_blob'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let size = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        (root, size)
    };
    let mut bytes = fs::read(db).unwrap();
    let start = usize::try_from((root - 1) * page_size).unwrap();
    let end = start + usize::try_from(page_size).unwrap();
    let hex = sha.to_hex();
    let page = &mut bytes[start..end];
    let at = page
        .windows(64)
        .position(|w| w == hex.as_bytes())
        .expect("the hash is in the index page");
    page[at + 10] = if page[at + 10] == b'0' { b'1' } else { b'0' };
    fs::write(db, bytes).unwrap();
}

#[test]
fn verify_never_deletes_on_the_word_of_a_damaged_index() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let e = attach(&ws, &a, dir.path(), "P.1.i.a", "sk.pdf");
    drop(ws);
    let db = dir.path().join("ws").join(crate::store::DB_FILE);
    corrupt_blob_index(&db, e.sha256);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let quick: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(quick, "ok", "the damage is one SQLite's quick check misses");
    }
    let ws = Workspace::open(&dir.path().join("ws"), "penguji").unwrap();
    let report = verify(&ws);
    assert!(!report.is_clean(), "a damaged index is reported");
    assert!(!report.integrity.is_empty(), "{report:?}");
    assert!(
        !report.collected_garbage,
        "no collection in a damaged database"
    );
    assert!(
        ws.blobs().has(e.sha256, e.size),
        "the referenced blob stays"
    );
    assert_eq!(ws.evidence_list(&a, None).unwrap().len(), 1);

    ws.reindex().unwrap();
    let report = verify(&ws);
    assert!(report.is_clean(), "{report:?}");
    assert!(report.collected_garbage);
    assert_eq!(report.collected, 0);
    assert!(ws.blobs().has(e.sha256, e.size));
}

#[test]
fn a_damaged_evidence_row_is_shown_and_holds_back_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let e = attach(&ws, &a, dir.path(), "P.1.i.a", "sk.pdf");
    let other = Sha256::of_bytes(b"bukan berkas ini");
    damage(
        &ws,
        "UPDATE evidence SET sha256 = ?1 WHERE id = ?2",
        &other.to_hex(),
        e.id,
    );
    // The row still lists (as missing), rather than vanishing.
    let listed = ws.evidence_list(&a, None).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].state, BlobState::Missing);
    let report = verify(&ws);
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].evidence[0].id, e.id);
    // The real file, now referenced by nothing, waits in the quarantine;
    // nothing is purged while something is missing.
    assert!(!ws.blobs().has(e.sha256, e.size));
    assert_eq!(ws.blobs().quarantined().len(), 1);
    age_quarantine(&ws, Duration::from_secs(30 * 24 * 3600));
    let report = verify(&ws);
    assert_eq!(report.purged, 0, "{report:?}");
    assert_eq!(ws.blobs().quarantined().len(), 1);

    // A row whose hash is not even a hash is named, and collection waits.
    damage(
        &ws,
        "UPDATE evidence SET sha256 = ?1 WHERE id = ?2",
        "rusak",
        e.id,
    );
    let report = verify(&ws);
    assert_eq!(report.damaged_rows.len(), 1, "{report:?}");
    assert_eq!(report.damaged_rows[0].id, e.id);
    assert!(report.damaged_rows[0].problem.contains("rusak"));
    assert!(!report.collected_garbage);
    assert_eq!(ws.blobs().quarantined().len(), 1);
}

/// Change a row as a damaged disk would: past every constraint.
fn damage(ws: &Workspace, sql: &str, value: &str, id: i64) {
    let conn = rusqlite::Connection::open(ws.root().join(crate::store::DB_FILE)).unwrap();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn.execute(sql, rusqlite::params![value, id]).unwrap();
}

/// Pretend every quarantined file went in `ago`.
fn age_quarantine(ws: &Workspace, ago: Duration) {
    let store = ws.blobs();
    for (sha, _, _) in store.quarantined() {
        fs::File::options()
            .write(true)
            .open(store.quarantine_path(sha))
            .unwrap()
            .set_modified(SystemTime::now() - ago)
            .unwrap();
    }
}

#[test]
fn removed_files_wait_in_quarantine_and_a_later_verify_empties_it() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let e = attach(&ws, &a, dir.path(), "P.1.i.a", "sk.pdf");
    ws.remove_evidence(&a, e.id).unwrap();
    assert!(!ws.blobs().has(e.sha256, e.size));
    assert_eq!(ws.blobs().quarantined().len(), 1);
    let report = verify(&ws);
    assert_eq!((report.purged, report.quarantined), (0, 1), "too young");

    // Attaching the same content again brings it back from the quarantine.
    let again = attach(&ws, &a, dir.path(), "P.1.i.b", "sk.pdf");
    assert_eq!(again.sha256, e.sha256);
    assert!(ws.blobs().has(e.sha256, e.size));
    ws.remove_evidence(&a, again.id).unwrap();

    age_quarantine(
        &ws,
        crate::evidence::verify::QUARANTINE_AGE + Duration::from_secs(60),
    );
    let report = verify(&ws);
    assert_eq!((report.purged, report.quarantined), (1, 0), "{report:?}");
    assert!(report.is_clean());
}

#[test]
fn a_blob_removed_while_another_attach_is_under_way_comes_back() {
    // Process B has copied the content into the store (not yet recorded)
    // when process A detaches the last file with that content.
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let e = attach(&ws, &a, dir.path(), "P.1.i.a", "sk.pdf");
    let b = Workspace::open(&dir.path().join("ws"), "proses-b").unwrap();
    let stored = b.blobs().ingest(&b"isi sk.pdf"[..], &NO, &|_| {}).unwrap();
    assert_eq!(stored.sha, e.sha256);
    ws.remove_evidence(&a, e.id).unwrap();
    assert!(!ws.blobs().has(e.sha256, e.size), "A moved it away");

    let tx = b.write().unwrap();
    let id = b
        .insert_evidence(
            &tx,
            a.id,
            &Attach {
                item: code("P.1.ii.a"),
                kind: "dokumen",
                title: "SK",
                doc_date: None,
                file_name: "sk.pdf",
                source_path: None,
                source_mtime: None,
                size: stored.size,
                sha: stored.sha,
                fresh: stored.placed,
                added: None,
                from_packet: false,
            },
        )
        .unwrap();
    tx.commit().unwrap();
    assert!(id.is_some());
    assert!(
        b.blobs().has(e.sha256, e.size),
        "restored from the quarantine"
    );
    assert!(verify(&b).is_clean());
}

#[test]
fn taking_back_an_import_keeps_what_another_import_attached() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let e = attach(&ws, &a, dir.path(), "P.1.i.a", "sk.pdf");
    // A failed import created the same blob and now takes it back.
    assert_eq!(ws.release_blobs(&[e.sha256]).unwrap(), 0);
    assert!(ws.blobs().has(e.sha256, e.size));
    assert!(verify(&ws).is_clean());
    // What nothing refers to goes, and leaves no space taken behind.
    let lone = ws
        .blobs()
        .ingest(&b"tak terpakai"[..], &NO, &|_| {})
        .unwrap();
    assert_eq!(ws.release_blobs(&[lone.sha]).unwrap(), 1);
    assert!(ws.blobs().on_disk().len() == 1 && ws.blobs().quarantined().is_empty());
}

#[test]
fn attaching_the_original_again_repairs_a_damaged_blob() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let e = attach(&ws, &a, dir.path(), "P.1.i.a", "sk.pdf");
    fs::write(ws.blobs().path(e.sha256), b"isi sk.pdX").unwrap();
    let report = verify(&ws);
    assert_eq!(report.findings[0].state, BlobState::Altered);
    let (again, new) = ws
        .add_evidence_file(
            &a,
            code("P.1.i.a"),
            &dir.path().join("sk.pdf"),
            None,
            None,
            None,
        )
        .unwrap();
    assert!(!new);
    assert_eq!(again.state, BlobState::Ok);
    assert_eq!(ws.blobs().rehash(e.sha256), BlobState::Ok, "bytes replaced");
    assert!(verify(&ws).is_clean());
}

#[test]
fn a_stored_copy_damaged_is_not_marked_ok_by_attaching_it_elsewhere_unread() {
    // The state may only become "ok" when the bytes were just hashed.
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let e = attach(&ws, &a, dir.path(), "P.1.i.a", "sk.pdf");
    fs::write(ws.blobs().path(e.sha256), b"isi sk.pdX").unwrap();
    verify(&ws);
    let tx = ws.write().unwrap();
    ws.ensure_blob_tx(&tx, e.sha256, e.size, false).unwrap();
    tx.commit().unwrap();
    assert_eq!(
        ws.evidence_by_id(&a, e.id).unwrap().state,
        BlobState::Altered
    );
}

#[test]
fn concurrent_add_and_remove_of_the_same_content_never_dangles() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let src = dir.path().join("sama.pdf");
    fs::write(&src, b"isi yang sama").unwrap();
    let root = dir.path().join("ws");
    std::thread::scope(|s| {
        for (who, item) in [("a", "P.1.i.a"), ("b", "P.1.i.b")] {
            let (root, src, a) = (&root, &src, &a);
            s.spawn(move || {
                let ws = Workspace::open(root, who).unwrap();
                for _ in 0..40 {
                    let (e, _) = ws
                        .add_evidence_file(a, code(item), src, None, None, None)
                        .unwrap();
                    ws.remove_evidence(a, e.id).unwrap();
                }
                ws.add_evidence_file(a, code(item), src, None, None, None)
                    .unwrap();
            });
        }
    });
    let listed = ws.evidence_list(&a, None).unwrap();
    assert_eq!(listed.len(), 2);
    for e in &listed {
        assert!(ws.blobs().has(e.sha256, e.size), "#{} dangles", e.id);
        assert_eq!(e.state, BlobState::Ok);
    }
    assert!(verify(&ws).is_clean());
}
