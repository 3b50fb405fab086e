//! Arbitrary bytes as a `.zip` packet through `Source::open`, then every
//! entry read back with a small limit.
//!
//! Never a panic; every entry `Source::open` lets through has a name that
//! `unsafe_path_reason` accepts and that is unique ignoring case; no reader
//! ever yields more than `limit + 1` bytes and `read_all` never returns more
//! than `limit`; and no entry above 1 MiB claims more than 200 times the
//! size of the whole archive (the zip-bomb ratio must hold against the real
//! bytes, not only against the compressed size the entry declares).

#![no_main]

use std::collections::HashSet;
use std::io::Read;

use daduk_workspace::packet::names::unsafe_path_reason;
use daduk_workspace::packet::source::{Source, hash_entry, read_manifest_bytes};
use libfuzzer_sys::fuzz_target;

/// Small on purpose: a lying size or a bomb shows up as an over-read.
const LIMIT: u64 = 4096;

fuzz_target!(|data: &[u8]| {
    let path = daduk_fuzz::scratch_root().join("input.zip");
    std::fs::write(&path, data).expect("scratch file");
    let (mut source, entries) = match Source::open(&path) {
        Ok(opened) => opened,
        Err(e) => return daduk_fuzz::triage(&e),
    };
    let mut seen = HashSet::new();
    for e in &entries {
        assert_eq!(unsafe_path_reason(&e.path), None, "accepted {:?}", e.path);
        assert!(seen.insert(e.path.to_lowercase()), "duplicate {:?}", e.path);
        assert!(source.has(&e.path), "listed but absent: {:?}", e.path);
        let cap = (1u64 << 20).max(200 * data.len() as u64);
        assert!(
            e.size <= cap,
            "{:?} claims {} bytes from a {}-byte archive",
            e.path,
            e.size,
            data.len()
        );
    }
    let _ = read_manifest_bytes(&mut source);
    for e in &entries {
        if let Ok(bytes) = source.read_all(&e.path, LIMIT) {
            assert!(bytes.len() as u64 <= LIMIT, "read_all over the limit");
        }
        if let Ok(reader) = source.open_entry(&e.path, LIMIT) {
            // Count what the reader yields, up to well past the bound.
            let mut n = 0u64;
            let mut buf = [0u8; 1024];
            let mut reader = reader.take(4 * LIMIT);
            while let Ok(k) = reader.read(&mut buf) {
                if k == 0 {
                    break;
                }
                n += k as u64;
            }
            assert!(
                n <= LIMIT + 1,
                "open_entry yielded {n} bytes, limit {LIMIT}"
            );
        }
        let _ = hash_entry(&mut source, &e.path, e.size.min(LIMIT));
    }
    drop(source);
});
