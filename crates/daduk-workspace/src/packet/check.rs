//! `packet verify`: every file against the manifest, the signature, and
//! `SHA256SUMS`; missing, altered and extra files are listed.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use super::manifest::{MANIFEST, Manifest, SIGNATURE, SUMS};
use super::sign::{self, ManifestSignature};
use super::source::{self, Entry, Refused, Source};
use crate::error::{Error, Result};
use crate::evidence::BlobStore;
use crate::evidence::blobs::IngestError;
use crate::hash::Sha256;
use crate::job::{Done, Job};

/// What is wrong with one file of a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum FindingKind {
    /// Listed in the manifest but not in the packet.
    Missing,
    /// Present but not what the manifest says.
    Altered,
    /// In the packet but not listed.
    Extra,
    /// The signature is missing or does not match.
    Signature,
    /// `SHA256SUMS` disagrees with the manifest.
    Sums,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Finding {
    /// The file.
    pub path: String,
    /// What kind of problem.
    pub kind: FindingKind,
    /// The problem, for people.
    pub problem: String,
}

/// The result of checking a packet.
#[derive(Debug, Clone, Serialize)]
pub struct PacketCheck {
    /// The manifest.
    pub manifest: Manifest,
    /// SHA-256 of `manifest.json`.
    pub manifest_sha256: Sha256,
    /// The signer's fingerprint, when the signature is valid.
    pub fingerprint: Option<String>,
    /// Every problem found; empty when the packet is intact.
    pub findings: Vec<Finding>,
    /// Files checked.
    pub files_checked: usize,
    /// Bytes hashed.
    pub bytes: u64,
}

impl PacketCheck {
    /// Whether the packet is intact and signed.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}

/// A packet opened and its manifest parsed; nothing hashed yet.
pub(crate) struct Opened {
    pub source: Source,
    pub entries: Vec<Entry>,
    pub manifest: Manifest,
    pub manifest_bytes: Vec<u8>,
    pub signature: std::result::Result<String, String>,
}

fn refused(r: Refused) -> Error {
    Error::Invalid(r.to_string())
}

/// Open a packet, refusing hostile shapes and a bad manifest.
pub(crate) fn open(path: &Path) -> Result<Opened> {
    let (mut source, entries) = Source::open(path).map_err(refused)?;
    let manifest_bytes = source::read_manifest_bytes(&mut source).map_err(refused)?;
    let manifest = Manifest::parse(&manifest_bytes)
        .map_err(|e| Error::Invalid(format!("paket ditolak: {e}")))?;
    let signature = if source.has(SIGNATURE) {
        source
            .read_all(SIGNATURE, 64 * 1024)
            .map_err(refused)
            .and_then(|b| {
                serde_json::from_slice::<ManifestSignature>(&b).map_err(|e| {
                    let e = super::names::shown(&e.to_string());
                    Error::Invalid(format!("paket ditolak: manifest.sig tidak sah: {e}"))
                })
            })
            .map(|sig| sign::verify(&sig, &manifest_bytes))?
    } else {
        Err("manifest.sig tidak ada: paket tidak ditandatangani".to_string())
    };
    Ok(Opened {
        source,
        entries,
        manifest,
        manifest_bytes,
        signature,
    })
}

/// What checking a packet's files found and did.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    /// Every problem.
    pub findings: Vec<Finding>,
    /// Blobs copied into the store that were not there before (a failed
    /// import takes them back).
    pub created: Vec<Sha256>,
    /// Blobs whose stored bytes are now the packet's, just hashed.
    pub placed: std::collections::HashSet<Sha256>,
    /// Bytes read.
    pub bytes: u64,
    /// Files checked.
    pub files: usize,
}

/// Check every file. Evidence files are copied into `store` on the way when
/// one is given (only content with the expected hash enters it).
pub(crate) fn check_files(
    opened: &mut Opened,
    store: Option<&BlobStore>,
    job: Job<'_, Done>,
) -> Result<Checked> {
    let mut out = Checked::default();
    let findings = &mut out.findings;
    if let Err(problem) = &opened.signature {
        findings.push(Finding {
            path: SIGNATURE.into(),
            kind: FindingKind::Signature,
            problem: super::names::shown(problem),
        });
    }
    let present: HashMap<String, u64> = opened
        .entries
        .iter()
        .map(|e| (e.path.clone(), e.size))
        .collect();
    let evidence_paths: std::collections::HashSet<&str> = opened
        .manifest
        .evidence
        .iter()
        .filter_map(|e| e.path.as_deref())
        .collect();
    // Sizes come from the packet: a hostile manifest can list sizes whose
    // sum does not fit in a u64, so add them saturating.
    let total = opened
        .manifest
        .files
        .iter()
        .fold(0u64, |t, f| t.saturating_add(f.size));
    let mut done = 0u64;
    let mut checked = 0usize;
    let mut actual: BTreeMap<String, Sha256> = BTreeMap::new();
    job.report(Done { done: 0, total });
    for f in &opened.manifest.files {
        let Some(declared) = present.get(&f.path) else {
            findings.push(Finding {
                path: f.path.clone(),
                kind: FindingKind::Missing,
                problem: "tidak ada di paket".into(),
            });
            continue;
        };
        if *declared != f.size {
            findings.push(Finding {
                path: f.path.clone(),
                kind: FindingKind::Altered,
                problem: format!("ukuran {declared} bita, manifest menyebut {}", f.size),
            });
            continue;
        }
        checked += 1;
        let outcome = match store {
            Some(store) if evidence_paths.contains(f.path.as_str()) => {
                let reader = opened.source.open_entry(&f.path, f.size).map_err(refused)?;
                match store.ingest_expected(reader, f.sha256, f.size, job.cancel_flag()) {
                    Ok(Ok(stored)) => {
                        if stored.created {
                            out.created.push(f.sha256);
                        }
                        if stored.placed {
                            out.placed.insert(f.sha256);
                        }
                        Ok(f.sha256)
                    }
                    Ok(Err(problem)) => Err(problem),
                    Err(IngestError::Cancelled) => return Err(Error::Invalid("dibatalkan".into())),
                    Err(IngestError::Io(e)) => return Err(Error::io(store.path(f.sha256), e)),
                }
            }
            _ => match source::hash_entry(&mut opened.source, &f.path, f.size).map_err(refused)? {
                Ok(sha) if sha == f.sha256 => Ok(sha),
                Ok(sha) => Err(format!(
                    "SHA-256 {} tidak cocok dengan manifest ({})",
                    sha.short(12),
                    f.sha256.short(12)
                )),
                Err(problem) => Err(problem),
            },
        };
        match outcome {
            Ok(sha) => {
                actual.insert(f.path.clone(), sha);
            }
            Err(problem) => findings.push(Finding {
                path: f.path.clone(),
                kind: FindingKind::Altered,
                problem,
            }),
        }
        done = done.saturating_add(f.size);
        job.report(Done { done, total });
    }
    let listed: std::collections::HashSet<&str> = opened
        .manifest
        .files
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    for e in &opened.entries {
        if !listed.contains(e.path.as_str())
            && ![MANIFEST, SIGNATURE, SUMS].contains(&e.path.as_str())
        {
            findings.push(Finding {
                path: e.path.clone(),
                kind: FindingKind::Extra,
                problem: "tidak didaftar di manifest".into(),
            });
        }
    }
    check_sums(opened, findings)?;
    out.bytes = done;
    out.files = checked;
    Ok(out)
}

/// `SHA256SUMS` must list exactly the manifest's files plus the manifest and
/// its signature, with the same hashes.
fn check_sums(opened: &mut Opened, findings: &mut Vec<Finding>) -> Result<()> {
    if !opened.source.has(SUMS) {
        findings.push(Finding {
            path: SUMS.into(),
            kind: FindingKind::Sums,
            problem: "tidak ada".into(),
        });
        return Ok(());
    }
    let bytes = opened.source.read_all(SUMS, 64 << 20).map_err(refused)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut expected: BTreeMap<String, Sha256> = opened
        .manifest
        .files
        .iter()
        .map(|f| (f.path.clone(), f.sha256))
        .collect();
    expected.insert(MANIFEST.into(), Sha256::of_bytes(&opened.manifest_bytes));
    if opened.source.has(SIGNATURE) {
        let sig = opened
            .source
            .read_all(SIGNATURE, 64 * 1024)
            .map_err(refused)?;
        expected.insert(SIGNATURE.into(), Sha256::of_bytes(&sig));
    }
    let mut listed = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let parsed = line
            .split_once("  ")
            .or_else(|| line.split_once(" *"))
            .and_then(|(h, p)| Some((h.parse::<Sha256>().ok()?, p)));
        match parsed {
            Some((sha, path)) => {
                listed.insert(path.to_string(), sha);
            }
            None => findings.push(Finding {
                path: SUMS.into(),
                kind: FindingKind::Sums,
                problem: format!("baris tidak sah: {}", super::names::shown(line)),
            }),
        }
    }
    for (path, sha) in &expected {
        match listed.get(path) {
            Some(s) if s == sha => {}
            Some(_) => findings.push(Finding {
                path: path.clone(),
                kind: FindingKind::Sums,
                problem: "hash di SHA256SUMS berbeda dengan manifest".into(),
            }),
            None => findings.push(Finding {
                path: path.clone(),
                kind: FindingKind::Sums,
                problem: "tidak tercantum di SHA256SUMS".into(),
            }),
        }
    }
    for path in listed.keys() {
        if !expected.contains_key(path) {
            findings.push(Finding {
                path: path.clone(),
                kind: FindingKind::Sums,
                problem: "tercantum di SHA256SUMS tetapi tidak di manifest".into(),
            });
        }
    }
    Ok(())
}

/// Verify a packet: every file against the manifest, the signature, and
/// `SHA256SUMS`. A hostile packet is an error; content problems are findings.
pub fn verify_packet(path: &Path, job: Job<'_, Done>) -> Result<PacketCheck> {
    let mut opened = open(path)?;
    let checked = check_files(&mut opened, None, job)?;
    Ok(PacketCheck {
        manifest_sha256: Sha256::of_bytes(&opened.manifest_bytes),
        fingerprint: opened.signature.clone().ok(),
        manifest: opened.manifest,
        findings: checked.findings,
        files_checked: checked.files,
        bytes: checked.bytes,
    })
}
