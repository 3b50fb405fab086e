//! The workspace's ed25519 key: it signs every packet's manifest, and its
//! fingerprint is what a reviewer compares with the one the unit gave them.

use std::fs;
use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::hash::Sha256;

/// The key file inside a workspace.
pub const KEY_FILE: &str = "keys/ed25519.key";

/// A signature over a manifest, stored as `manifest.sig`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ManifestSignature {
    /// Always `ed25519`.
    pub algorithm: String,
    /// The signer's public key, hex.
    pub public_key: String,
    /// The signer's fingerprint (see [`fingerprint`]).
    pub fingerprint: String,
    /// The signature over the exact bytes of `manifest.json`, hex.
    pub signature: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// A public key's fingerprint: the first 16 bytes of its SHA-256 as
/// colon-separated hex pairs of four (`3f2a:91c0:...`), short enough to read
/// out on the phone.
pub fn fingerprint(key: &VerifyingKey) -> String {
    let digest = Sha256::of_bytes(key.as_bytes()).to_hex();
    digest.as_bytes()[..32]
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(":")
}

/// The workspace's signing key, created on first use.
pub fn workspace_key(workspace: &Path) -> Result<SigningKey> {
    let path = workspace.join(KEY_FILE);
    match fs::read_to_string(&path) {
        Ok(text) => unhex::<32>(text.trim())
            .map(|seed| SigningKey::from_bytes(&seed))
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "{}: kunci tanda tangan rusak; hapus berkas itu untuk membuat kunci baru",
                    path.display()
                ))
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut seed = [0u8; 32];
            getrandom::fill(&mut seed)
                .map_err(|e| Error::Invalid(format!("tidak dapat membuat kunci acak: {e}")))?;
            let dir = path.parent().unwrap_or(workspace);
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            crate::output::write(
                &path,
                hex(&seed).as_bytes(),
                crate::output::Target::INTERNAL,
            )?;
            Ok(SigningKey::from_bytes(&seed))
        }
        Err(e) => Err(Error::io(&path, e)),
    }
}

/// The fingerprint of the workspace's own key, when it has one (read
/// only: a workspace that never signed anything has none, and none is made).
pub fn own_fingerprint(workspace: &Path) -> Option<String> {
    let text = fs::read_to_string(workspace.join(KEY_FILE)).ok()?;
    let seed = unhex::<32>(text.trim())?;
    Some(fingerprint(&SigningKey::from_bytes(&seed).verifying_key()))
}

/// Sign the exact bytes of a manifest.
pub fn sign(key: &SigningKey, manifest: &[u8]) -> ManifestSignature {
    let public = key.verifying_key();
    ManifestSignature {
        algorithm: "ed25519".into(),
        public_key: hex(public.as_bytes()),
        fingerprint: fingerprint(&public),
        signature: hex(&key.sign(manifest).to_bytes()),
    }
}

/// Check a signature over manifest bytes; returns the signer's fingerprint.
pub fn verify(sig: &ManifestSignature, manifest: &[u8]) -> std::result::Result<String, String> {
    if sig.algorithm != "ed25519" {
        return Err(format!(
            "algoritme tanda tangan '{}' tidak dikenal",
            sig.algorithm
        ));
    }
    let key = unhex::<32>(&sig.public_key)
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .ok_or("kunci publik rusak")?;
    if fingerprint(&key) != sig.fingerprint {
        return Err("sidik jari tidak cocok dengan kunci publik".into());
    }
    let signature = unhex::<64>(&sig.signature)
        .map(|b| Signature::from_bytes(&b))
        .ok_or("tanda tangan rusak")?;
    key.verify(manifest, &signature).map_err(|_| {
        "tanda tangan tidak cocok: manifest.json diubah setelah ditandatangani".to_string()
    })?;
    Ok(sig.fingerprint.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_created_once_and_signatures_verify() {
        let dir = tempfile::tempdir().unwrap();
        let key = workspace_key(dir.path()).unwrap();
        let again = workspace_key(dir.path()).unwrap();
        assert_eq!(key.to_bytes(), again.to_bytes());
        let sig = sign(&key, b"{\"manifest\":1}");
        assert_eq!(sig.fingerprint.len(), 39);
        assert_eq!(verify(&sig, b"{\"manifest\":1}").unwrap(), sig.fingerprint);
        assert!(
            verify(&sig, b"{\"manifest\":2}")
                .unwrap_err()
                .contains("diubah")
        );
        let mut other = sig.clone();
        other.public_key = hex(workspace_key(&dir.path().join("b"))
            .unwrap()
            .verifying_key()
            .as_bytes());
        assert!(verify(&other, b"{\"manifest\":1}").is_err());
    }
}
