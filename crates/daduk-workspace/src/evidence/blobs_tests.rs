//! The folder store and the blob contract.

use super::*;

/// What every [`Blobs`] must do, run against the folder store.
fn contract(store: &dyn Blobs) {
    let no = AtomicBool::new(false);
    let stored = store.put(&mut &b"notula rapat"[..], &no, &|_| {}).unwrap();
    let sha = Sha256::of_bytes(b"notula rapat");
    assert_eq!((stored.sha, stored.size, stored.created), (sha, 12, true));
    assert!(store.has(sha, 12) && !store.has(sha, 11));
    assert_eq!(store.size(sha).unwrap(), Some(12));
    let mut back = Vec::new();
    store.open(sha).unwrap().read_to_end(&mut back).unwrap();
    assert_eq!(back, b"notula rapat");
    assert_eq!(store.rehash(sha), BlobState::Ok);
    assert_eq!(
        store.list().into_iter().map(|l| l.0).collect::<Vec<_>>(),
        [sha]
    );
    // The same bytes again: nothing new.
    let again = store.put(&mut &b"notula rapat"[..], &no, &|_| {}).unwrap();
    assert!(!again.created);
    // Set aside, taken back, set aside and purged.
    assert!(store.set_aside(sha).unwrap());
    assert_eq!(store.size(sha).unwrap(), None);
    assert_eq!(store.rehash(sha), BlobState::Missing);
    assert_eq!(store.set_aside_list().len(), 1);
    assert!(store.take_back(sha).unwrap());
    assert!(store.has(sha, 12));
    assert!(store.set_aside(sha).unwrap());
    store.purge(sha).unwrap();
    assert!(store.set_aside_list().is_empty() && store.list().is_empty());
    // A cancelled put leaves nothing.
    let cancel = AtomicBool::new(true);
    assert!(matches!(
        store.put(&mut &b"x"[..], &cancel, &|_| {}),
        Err(IngestError::Cancelled)
    ));
    assert!(store.list().is_empty());
}

#[test]
fn the_folder_store_keeps_the_blob_contract() {
    let dir = tempfile::tempdir().unwrap();
    contract(&BlobStore::new(dir.path()));
}

#[test]
fn stores_by_hash_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = BlobStore::new(dir.path());
    let no = AtomicBool::new(false);
    let first = store.ingest(&b"data dukung"[..], &no, &|_| {}).unwrap();
    let a = first.sha;
    assert_eq!((first.size, first.placed, first.created), (11, true, true));
    assert_eq!(a, Sha256::of_bytes(b"data dukung"));
    let again = store.ingest(&b"data dukung"[..], &no, &|_| {}).unwrap();
    assert_eq!((again.sha, again.placed, again.created), (a, true, false));
    assert_eq!(store.on_disk(), vec![a]);
    assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
    assert_eq!(store.quick_state(a, 11), BlobState::Ok);
    assert_eq!(store.rehash(a), BlobState::Ok);
    fs::write(store.path(a), b"data dukunG").unwrap();
    assert_eq!(store.rehash(a), BlobState::Altered);
    // The right bytes again replace the damaged copy.
    store.ingest(&b"data dukung"[..], &no, &|_| {}).unwrap();
    assert_eq!(store.rehash(a), BlobState::Ok);
    assert!(store.quarantine(a).unwrap());
    assert_eq!(store.quick_state(a, 11), BlobState::Missing);
    assert_eq!(store.quarantined().len(), 1);
    assert!(store.restore(a).unwrap());
    assert_eq!(store.rehash(a), BlobState::Ok);
    assert!(store.quarantined().is_empty());
}

#[test]
fn a_damaged_quarantined_copy_is_not_restored() {
    let dir = tempfile::tempdir().unwrap();
    let store = BlobStore::new(dir.path());
    let a = store
        .ingest(&b"laporan"[..], &AtomicBool::new(false), &|_| {})
        .unwrap()
        .sha;
    store.quarantine(a).unwrap();
    fs::write(store.quarantine_path(a), b"laporaN").unwrap();
    assert!(!store.restore(a).unwrap());
    assert!(!store.has(a, 7));
    store.purge(a).unwrap();
    assert!(store.quarantined().is_empty());
}

#[test]
fn cancelled_ingest_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = BlobStore::new(dir.path());
    let stop = AtomicBool::new(true);
    assert!(matches!(
        store.ingest(&b"x"[..], &stop, &|_| {}),
        Err(IngestError::Cancelled)
    ));
    assert!(store.on_disk().is_empty());
    assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
}

#[test]
fn read_errors_leave_nothing() {
    struct Failing;
    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("disk rusak"))
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let store = BlobStore::new(dir.path());
    assert!(matches!(
        store.ingest(Failing, &AtomicBool::new(false), &|_| {}),
        Err(IngestError::Io(_))
    ));
    assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
}

#[test]
fn a_file_staged_by_the_kernel_is_named_by_the_hash_of_what_was_stored() {
    let dir = tempfile::tempdir().unwrap();
    let store = BlobStore::new(dir.path());
    // Larger than one kernel copy step, not a multiple of it.
    let bytes: Vec<u8> = (0..(9u32 << 20) + 17)
        .map(|i| (i * 31 % 251) as u8)
        .collect();
    let src = dir.path().join("laporan.pdf");
    fs::write(&src, &bytes).unwrap();
    let no = AtomicBool::new(false);
    let seen = std::sync::atomic::AtomicU64::new(0);
    let count = |n: u64| {
        seen.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    };
    let staged = store
        .stage_file(File::open(&src).unwrap(), &no, &count)
        .unwrap();
    assert_eq!(
        (staged.sha, staged.size),
        (Sha256::of_bytes(&bytes), bytes.len() as u64)
    );
    assert_eq!(seen.into_inner(), bytes.len() as u64, "every byte reported");
    let stored = store.place(staged).unwrap();
    assert_eq!(fs::read(store.path(stored.sha)).unwrap(), bytes);
    // An empty file, and a cancelled one that leaves nothing behind.
    let empty = dir.path().join("kosong.pdf");
    fs::write(&empty, b"").unwrap();
    let staged = store
        .stage_file(File::open(&empty).unwrap(), &no, &|_| {})
        .unwrap();
    assert_eq!(staged.sha, Sha256::of_bytes(b""));
    drop(staged);
    let stop = AtomicBool::new(true);
    assert!(matches!(
        store.stage_file(File::open(&src).unwrap(), &stop, &|_| {}),
        Err(IngestError::Cancelled)
    ));
    assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
}
