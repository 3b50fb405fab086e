//! Arbitrary bytes as a `.zip` packet imported into a real evaluator
//! workspace: `import_packet` returns `Ok` or `Err`, never panics, and a
//! refused import leaves the workspace's blobs and audit log as they were.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    daduk_fuzz::base();
    let path = daduk_fuzz::scratch_root().join("input.zip");
    std::fs::write(&path, data).expect("scratch file");
    daduk_fuzz::import_and_check(&path);
});
