//! A side's manifest from the workspace, as `packet export` would describe
//! the assessment, without writing a packet.
//!
//! The unit side is a submission manifest whose `files` are the blobs the
//! server must hold: the template (`template.json`, by its hash) and every
//! evidence file (`blobs/<sha256>`). It carries the unit's answers only and
//! no verdict. The TPI side is a review manifest: TPI answers and the
//! verdicts on every file, no files, `based_on` the unit side it judged.

use std::collections::{BTreeMap, HashMap};

use crate::answer::Role;
use crate::error::{Error, Result};
use crate::evidence::{BlobState, ReviewStatus};
use crate::hash::Sha256;
use crate::packet::manifest::{
    self, Manifest, PacketAbsent, PacketAnswer, PacketEvidence, PacketFile, PacketKind,
    PacketReference, PacketScore, PacketUnit, TemplateRef,
};
use crate::packet::texts;
use crate::store::{Assessment, Workspace, now};

/// The packet path of the template in a unit side.
pub(crate) const TEMPLATE_PATH: &str = "template.json";

/// The packet path a unit side gives a blob.
pub(crate) fn blob_path(sha: Sha256) -> String {
    format!("blobs/{}", sha.to_hex())
}

/// Every blob a side refers to, by hash, with its size (the template of a
/// unit side included).
pub fn side_blobs(m: &Manifest) -> BTreeMap<Sha256, u64> {
    let mut out = BTreeMap::new();
    for f in &m.files {
        out.insert(f.sha256, f.size);
    }
    for e in &m.evidence {
        if m.kind == PacketKind::Submission {
            out.insert(e.sha256, e.size);
        }
    }
    out
}

/// The size a unit side lists for its template (0 when it lists none).
pub(crate) fn template_size(m: &Manifest) -> u64 {
    m.files
        .iter()
        .find(|f| f.sha256 == m.template.sha256)
        .map_or(0, |f| f.size)
}

/// Make a unit side's `files` and evidence paths agree with its evidence
/// (after a merge changed the evidence list). The texts of files still
/// attached stay listed (`isi/…`, after the blobs); those of files gone go.
pub(crate) fn relink_files(m: &mut Manifest, template_size: u64) {
    let mut files: BTreeMap<Sha256, u64> = BTreeMap::new();
    for e in &mut m.evidence {
        e.path = Some(blob_path(e.sha256));
        files.insert(e.sha256, e.size);
    }
    let texts: BTreeMap<String, PacketFile> = m
        .files
        .drain(..)
        .filter(|f| texts::parse_path(&f.path).is_some_and(|(sha, _)| files.contains_key(&sha)))
        .map(|f| (f.path.clone(), f))
        .collect();
    let mut list = vec![PacketFile {
        path: TEMPLATE_PATH.into(),
        size: template_size,
        sha256: m.template.sha256,
    }];
    list.extend(files.into_iter().map(|(sha, size)| PacketFile {
        path: blob_path(sha),
        size,
        sha256: sha,
    }));
    list.extend(texts.into_values());
    m.files = list;
    m.template.path = Some(TEMPLATE_PATH.into());
}

impl Workspace {
    /// The manifest of one side of an assessment as this workspace holds
    /// it. `based_on` is the unit side a TPI side judged (required for it).
    /// TPN's side (kind `tpn`) is its answers and stages alone.
    pub fn side_manifest(
        &self,
        a: &Assessment,
        side: Role,
        based_on: Option<Sha256>,
    ) -> Result<Manifest> {
        let template = self.template_of(a)?;
        let unit = self.unit(&a.unit)?;
        let answers: Vec<PacketAnswer> = self
            .answer_records(a)?
            .into_iter()
            .filter(|r| r.role == side)
            .map(|r| PacketAnswer {
                role: r.role,
                item: r.item,
                value: r.value,
                note: r.note,
                updated_by: r.updated_by,
                updated_at: r.updated_at,
            })
            .collect();
        let store = self.blobs();
        let mut evidence = Vec::new();
        // TPN's side is its answers and stages: no files.
        let files = if side == Role::Tpn {
            Vec::new()
        } else {
            self.evidence_list(a, None)?
        };
        for e in files {
            let unit_side = side == Role::Unit;
            if unit_side
                && (e.state != BlobState::Ok
                    || store.quick_state(e.sha256, e.size) != BlobState::Ok)
            {
                return Err(Error::Invalid(format!(
                    "data dukung #{} {} ({}) rusak atau hilang di ruang kerja; jalankan `daduk verify` dan lampirkan ulang sebelum sinkronisasi",
                    e.id, e.item, e.file_name
                )));
            }
            evidence.push(PacketEvidence {
                item: e.item,
                kind: e.kind,
                title: e.title,
                doc_date: e.doc_date.map(|d| d.to_string()),
                file_name: e.file_name,
                size: e.size,
                sha256: e.sha256,
                path: None,
                // The unit side carries no verdict: those are TPI's.
                review_status: if unit_side {
                    ReviewStatus::Pending
                } else {
                    e.review_status
                },
                review_note: if unit_side {
                    String::new()
                } else {
                    e.review_note
                },
                added_by: Some(e.added_by),
                added_at: Some(e.added_at),
                reviewed_by: if unit_side { None } else { e.reviewed_by },
                reviewed_at: if unit_side { None } else { e.reviewed_at },
            });
        }
        let mut scores = HashMap::new();
        let card = self.score(a, side)?;
        scores.insert(
            side,
            PacketScore {
                total: card.total,
                pengungkit: card.pengungkit,
                hasil: card.hasil,
            },
        );
        let (kind, absent, references, plan) = match side {
            Role::Unit => (
                PacketKind::Submission,
                self.absent_marks(a)?
                    .into_iter()
                    .map(|m| PacketAbsent {
                        item: m.item,
                        kind: m.kind,
                        reason: m.reason,
                    })
                    .collect(),
                self.references(a, None)?
                    .into_iter()
                    .map(|r| PacketReference {
                        item: r.item,
                        text: r.reference.text,
                        url: r.reference.url,
                    })
                    .collect(),
                self.packet_plan(a)?,
            ),
            Role::Tpi => (PacketKind::Review, Vec::new(), Vec::new(), None),
            Role::Tpn => (PacketKind::Tpn, Vec::new(), Vec::new(), None),
        };
        if side == Role::Tpi && based_on.is_none() {
            return Err(Error::Invalid(format!(
                "penilaian {} {} belum pernah diterima dari unit (lewat paket atau server); sisi TPI hanya dikirim untuk penilaian unit yang sudah diterima",
                a.unit, a.year
            )));
        }
        let mut m = Manifest {
            format: manifest::FORMAT.into(),
            version: manifest::VERSION,
            kind,
            created_at: now(),
            created_by: self.actor().to_string(),
            generator: format!("Daduk {}", env!("CARGO_PKG_VERSION")),
            unit: PacketUnit {
                code: unit.code,
                name: unit.name,
                instansi: unit.instansi,
                target: unit.target,
                kepala_name: unit.kepala_name,
                kepala_nip: unit.kepala_nip,
                ketua_name: unit.ketua_name,
                ketua_nip: unit.ketua_nip,
                afirmasi: unit.afirmasi,
            },
            year: a.year,
            template: TemplateRef {
                id: template.id().into(),
                sha256: template.sha256(),
                path: None,
            },
            status: a.status,
            answers,
            absent,
            evidence,
            files: Vec::new(),
            based_on: if side == Role::Tpi { based_on } else { None },
            state_sha256: crate::report::build_manifest(self, a)?.sha256(),
            scores,
            references,
            plan,
            tpn_stages: if side == Role::Tpn {
                self.tpn_stages(a)?
            } else {
                Vec::new()
            },
        };
        m.version = m.least_version();
        if side == Role::Unit {
            // What was read of the files goes with them, as in a packet.
            m.files = self.text_files(&m.evidence)?;
            relink_files(&mut m, template.json().len() as u64);
        }
        check_built(&m)?;
        Ok(m)
    }
}

/// A manifest this workspace built must read back as any other would: a
/// failure here is a bug, not input.
pub(crate) fn check_built(m: &Manifest) -> Result<()> {
    let bytes = serde_json::to_vec(m).map_err(|e| Error::Invalid(e.to_string()))?;
    Manifest::parse(&bytes)
        .map(|_| ())
        .map_err(|e| Error::Invalid(format!("manifest sinkronisasi tidak sah: {e}")))
}
