//! A hostile packet *signed by its sender*: the signature only says which
//! key signed, so a sender can sign anything. The input is a small text
//! container the harness turns into a well-formed, validly signed zip, so
//! the fuzzer explores what `import_packet` does with hostile manifest
//! content (answers, evidence, codes, kinds, names) past the signature.
//!
//! Container: the manifest bytes, then sections `\n--- NAME\n` + content.
//! The harness adds the real `template.json` when the manifest mentions it
//! and no section gives one,
//! signs the manifest with a fixed key unless a `manifest.sig` section is
//! given, and writes `SHA256SUMS` from the actual files unless given.

#![no_main]

use ed25519_dalek::SigningKey;
use libfuzzer_sys::fuzz_target;

use daduk_workspace::Sha256;
use daduk_workspace::packet::sign;

const MARK: &[u8] = b"\n--- ";

fn split(data: &[u8]) -> (Vec<u8>, Vec<(String, Vec<u8>)>) {
    let mut parts = Vec::new();
    let mut rest = data;
    let mut head = None;
    loop {
        let at = rest.windows(MARK.len()).position(|w| w == MARK);
        let (chunk, next) = match at {
            Some(i) => (&rest[..i], Some(&rest[i + MARK.len()..])),
            None => (rest, None),
        };
        match head {
            None => head = Some(chunk.to_vec()),
            Some(_) => {
                let (name, body) = match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => (&chunk[..i], &chunk[i + 1..]),
                    None => (chunk, &[][..]),
                };
                parts.push((String::from_utf8_lossy(name).into_owned(), body.to_vec()));
            }
        }
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    (head.unwrap_or_default(), parts)
}

fuzz_target!(|data: &[u8]| {
    let base = daduk_fuzz::base();
    let (manifest, mut files) = split(data);
    let has = |files: &[(String, Vec<u8>)], n: &str| files.iter().any(|(f, _)| f == n);
    let mentions_template = manifest.windows(13).any(|w| w == b"template.json");
    if mentions_template && !has(&files, "template.json") {
        files.push(("template.json".into(), base.template_json.clone()));
    }
    if !has(&files, "manifest.sig") {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let sig = serde_json::to_vec(&sign::sign(&key, &manifest)).expect("signature json");
        files.push(("manifest.sig".into(), sig));
    }
    files.push(("manifest.json".into(), manifest));
    if !has(&files, "SHA256SUMS") {
        let sums: String = files
            .iter()
            .map(|(n, b)| format!("{}  {n}\n", Sha256::of_bytes(b)))
            .collect();
        files.push(("SHA256SUMS".into(), sums.into_bytes()));
    }
    let path = daduk_fuzz::scratch_root().join("signed.zip");
    daduk_fuzz::write_zip(&path, &files);
    daduk_fuzz::import_and_check(&path);
});
