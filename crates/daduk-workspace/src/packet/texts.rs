//! What was read of the evidence files travels in a submission packet, so
//! the evaluator need not read (or OCR) them again: one UTF-8 file per
//! stored file read here, `isi/<sha256>.txt` (`isi/<sha256>.ocr.txt` when
//! the text came from OCR), listed in the manifest's `files` like every
//! other file of the packet and checked with them.
//!
//! On receipt the text is outside input like the rest: it is taken only
//! for a file the packet attaches, only when this workspace has not read
//! that file itself, bounded in bytes and characters, required to be UTF-8
//! and to match its hash again, and what it says (kind, date, number,
//! title) is worked out here from the text by this build's rules, never
//! taken from the sender. It is shown escaped like every text from outside.

use std::collections::HashSet;

use daduk_domain::content::{MAX_READ_CHARS, bounded};

use super::check;
use crate::error::Result;
use crate::evidence::content::{ContentState, FileContent, facts_of};
use crate::hash::Sha256;
use crate::packet::manifest::{Manifest, PacketEvidence, PacketFile, PacketKind};
use crate::store::Workspace;

/// The folder of the texts in a packet.
const FOLDER: &str = "isi/";

/// The most bytes a text may have (every character of the longest text
/// kept, at four bytes).
const MAX_TEXT_BYTES: u64 = (MAX_READ_CHARS as u64) * 4;

/// What `format` a received text is kept with: it was read elsewhere.
pub(crate) const RECEIVED: &str = "diterima";

/// The packet path of a file's text.
pub(crate) fn path_of(sha: Sha256, ocr: bool) -> String {
    format!(
        "{FOLDER}{}{}.txt",
        sha.to_hex(),
        if ocr { ".ocr" } else { "" }
    )
}

/// The file a text path names, and whether its text came from OCR.
pub(crate) fn parse_path(path: &str) -> Option<(Sha256, bool)> {
    let name = path.strip_prefix(FOLDER)?.strip_suffix(".txt")?;
    let (hex, ocr) = match name.strip_suffix(".ocr") {
        Some(hex) => (hex, true),
        None => (name, false),
    };
    Some((hex.parse().ok()?, ocr))
}

fn is_picture(file_name: &str) -> bool {
    crate::evidence::media_type(file_name).starts_with("image/")
}

impl Workspace {
    /// The texts of a submission's files that were read here, as packet
    /// documents (path, bytes).
    pub(crate) fn text_documents(
        &self,
        evidence: &[PacketEvidence],
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for e in evidence {
            if !seen.insert(e.sha256) {
                continue;
            }
            let Some((content, text, _)) = self.kept_content(e.sha256)? else {
                continue;
            };
            if content.state == ContentState::Read && !text.trim().is_empty() {
                out.push((path_of(e.sha256, content.ocr), text.into_bytes()));
            }
        }
        Ok(out)
    }

    /// The texts of a side's files that were read here, listed as the
    /// side's files (`isi/…`) are.
    pub(crate) fn text_files(&self, evidence: &[PacketEvidence]) -> Result<Vec<PacketFile>> {
        Ok(self
            .text_documents(evidence)?
            .into_iter()
            .map(|(path, bytes)| PacketFile {
                path,
                size: bytes.len() as u64,
                sha256: Sha256::of_bytes(&bytes),
            })
            .collect())
    }

    /// The bytes of the text a side lists at `path` as it is kept here now,
    /// if that path is a text's.
    pub(crate) fn text_bytes(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let Some((sha, ocr)) = parse_path(path) else {
            return Ok(None);
        };
        Ok(self.kept_content(sha)?.and_then(|(content, text, _)| {
            (content.state == ContentState::Read && content.ocr == ocr).then(|| text.into_bytes())
        }))
    }

    /// Keep the texts a checked submission packet carries for the files it
    /// attaches, where this workspace has no reading of its own; how many.
    /// A text that is not what it should be is left out (the file is read
    /// here when asked), never an error: the packet's answers and files are
    /// already in.
    pub(crate) fn receive_texts(&self, opened: &mut check::Opened, m: &Manifest) -> Result<usize> {
        if m.kind != PacketKind::Submission {
            return Ok(0);
        }
        let mut kept = 0;
        for f in &m.files {
            let Some((sha, ocr)) = parse_path(&f.path) else {
                continue;
            };
            let Some(e) = m.evidence.iter().find(|e| e.sha256 == sha) else {
                continue;
            };
            if !self.wants_text(sha, f.size)? {
                continue;
            }
            let Ok(bytes) = opened.source.read_all(&f.path, f.size) else {
                continue;
            };
            if self.keep_text(sha, ocr, &e.file_name, bytes, f.sha256)? {
                kept += 1;
            }
        }
        Ok(kept)
    }
}

impl Workspace {
    /// Whether a received text of `size` bytes for the file `sha` is worth
    /// taking: not too large, and the file not read here by this build.
    pub(crate) fn wants_text(&self, sha: Sha256, size: u64) -> Result<bool> {
        Ok(size <= MAX_TEXT_BYTES && self.content_reader(sha)? != Some(daduk_read::READER_VERSION))
    }

    /// Keep a received text of the file `sha` (named `file_name` where it
    /// is attached) if it is what it claims: its bytes hash to `text_sha`,
    /// it is UTF-8 and not empty. What it says is worked out here. Whether
    /// it was kept.
    pub(crate) fn keep_text(
        &self,
        sha: Sha256,
        ocr: bool,
        file_name: &str,
        bytes: Vec<u8>,
        text_sha: Sha256,
    ) -> Result<bool> {
        if bytes.len() as u64 > MAX_TEXT_BYTES || Sha256::of_bytes(&bytes) != text_sha {
            return Ok(false);
        }
        let Ok(text) = String::from_utf8(bytes) else {
            return Ok(false);
        };
        let text = bounded(&text);
        if text.trim().is_empty() {
            return Ok(false);
        }
        let format = if is_picture(file_name) {
            daduk_read::Format::Image.label()
        } else {
            RECEIVED
        };
        let content = FileContent::of_text(text, ocr, &facts_of(text, format));
        self.put_content(sha, &content, text, format)?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{ExportOptions, ImportPacketOptions};
    use std::sync::atomic::AtomicBool;

    static NO: AtomicBool = AtomicBool::new(false);

    #[test]
    fn an_evaluator_gets_what_the_unit_read_and_reads_nothing_again() {
        let dir = tempfile::tempdir().unwrap();
        let uws = Workspace::create(&dir.path().join("unit"), "tim-kerja").unwrap();
        uws.add_unit(&crate::store::tests::unit("DINKES")).unwrap();
        let a = uws.new_assessment("DINKES", 2024, None).unwrap();
        let notula = dir.path().join("Dokumen (3).txt");
        std::fs::write(
            &notula,
            "NOTULA RAPAT\nPenyusunan rencana kerja pembangunan Zona Integritas\n\
             Hari/Tanggal: Selasa, 12 Maret 2024\nPeserta rapat merapatkan jadwal monev.\n",
        )
        .unwrap();
        uws.add_evidence_file(&a, "P.1.ii.a".parse().unwrap(), &notula, None, None, None)
            .unwrap();
        let job = || crate::job::Job::new(&NO, &|_| {});
        assert_eq!(uws.read_contents(&a, job()).unwrap().read, 1);
        let packet = dir.path().join("kiriman");
        let opts = ExportOptions {
            review: false,
            job: crate::job::Job::new(&NO, &|_| {}),
            force: false,
        };
        uws.export_packet(&a, &packet, &opts).unwrap();
        let sha = uws.evidence_list(&a, None).unwrap()[0].sha256;
        assert!(packet.join(path_of(sha, false)).is_file());

        let ews = Workspace::create(&dir.path().join("tpi"), "inspektorat").unwrap();
        let import = ImportPacketOptions {
            job: crate::job::Job::new(&NO, &|_| {}),
            consent: crate::packet::Consent::default(),
        };
        let report = ews.import_packet(&packet, &import).unwrap();
        assert_eq!(report.texts_received, 1);
        let ea = ews.assessment("DINKES", 2024).unwrap();
        // What it says is worked out here, from the text.
        let c = &ews.contents(&ea).unwrap()[&sha];
        assert_eq!(c.kind.as_deref(), Some("notula"));
        assert_eq!(c.date.as_deref(), Some("2024-03-12"));
        // Nothing to read again; found by its words.
        let again = ews.read_contents(&ea, job()).unwrap();
        assert_eq!((again.read, again.known), (0, 1));
        assert_eq!(ews.search("rapat", Some(&ea)).unwrap().len(), 1);
    }

    #[test]
    fn a_text_path_names_its_file_and_whether_it_was_ocr() {
        let sha = Sha256::of_bytes(b"x");
        assert_eq!(parse_path(&path_of(sha, true)), Some((sha, true)));
        assert_eq!(parse_path(&path_of(sha, false)), Some((sha, false)));
        assert_eq!(parse_path("isi/bukan-hash.txt"), None);
        assert_eq!(parse_path("laporan.pdf"), None);
        assert_eq!(parse_path(&format!("isi/../{}.txt", sha.to_hex())), None);
    }
}
