//! `manifest.json`: what a packet holds, signed by the exporting workspace.
//!
//! Parsing is strict and bounded, because a packet comes from elsewhere: an
//! unknown format or version, an unknown field, a malformed code, a path that
//! escapes the folder, duplicate paths, or an evidence entry that points at no
//! listed file are all refused before anything is read or written.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::answer::Role;
use crate::assessment::{AssessmentStatus, NewUnit, Target};
use crate::code::ItemCode;
use crate::evidence::ReviewStatus;
use crate::hash::Sha256;
use crate::names::{shown, unsafe_path_reason};
use crate::plan::{MonthSet, RealisationStatus};

/// The `format` field of every Daduk packet.
pub const FORMAT: &str = "daduk-packet";
/// The manifest version this build writes.
///
/// Version 2 added who attached and who reviewed each file (so an import
/// keeps the original authors); version 3 added the unit's plan (Rencana
/// Aksi) with its monthly realisation; version 4 added TPN's side (answers
/// of role `tpn` and the national evaluation's stages), in a packet beside
/// the sender's side and on a server as a side of its own (kind `tpn`).
/// Versions 1 to 3 still import.
pub const VERSION: u32 = 4;
/// The oldest manifest version this build reads.
pub const OLDEST_VERSION: u32 = 1;
/// The largest manifest accepted (bytes).
pub const MAX_MANIFEST_BYTES: u64 = 32 << 20;
/// The most files a packet may list.
pub const MAX_FILES: usize = 200_000;

/// Files of a packet that the manifest does not list.
pub const MANIFEST: &str = "manifest.json";
/// The signature over `manifest.json`.
pub const SIGNATURE: &str = "manifest.sig";
/// Hashes of every other file, for `sha256sum -c`.
pub const SUMS: &str = "SHA256SUMS";

/// What a packet is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum PacketKind {
    /// A unit's assessment with its files, sent for review.
    Submission,
    /// An evaluator's answers, notes and file verdicts, sent back.
    Review,
    /// TPN's result as recorded by the unit or TPI: TPN's answers and notes
    /// and the stages (version 4; a side of its own in a sync, never a
    /// packet file).
    Tpn,
}

/// The unit as the packet describes it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PacketUnit {
    /// Unit code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Instansi.
    pub instansi: String,
    /// Target predicate.
    pub target: Target,
    /// Head of the unit.
    pub kepala_name: String,
    /// NIP of the head.
    pub kepala_nip: String,
    /// Leader of the Tim Kerja.
    pub ketua_name: String,
    /// NIP of the leader.
    pub ketua_nip: String,
    /// Proposed under the afirmasi scheme (PortalRB kategori `WBK-AFIRMASI`).
    /// Left out when false: packets of units without it keep the format of
    /// Daduk versions that had no such field.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub afirmasi: bool,
}

impl PacketUnit {
    /// The unit to create where a side arrives for a unit this workspace
    /// does not hold yet (a packet, a sync): as the side describes it, with
    /// no parent (a parent is this instansi's own arrangement).
    pub fn new_unit(&self) -> NewUnit {
        NewUnit {
            code: self.code.clone(),
            name: self.name.clone(),
            instansi: self.instansi.clone(),
            parent: None,
            kepala_name: self.kepala_name.clone(),
            kepala_nip: self.kepala_nip.clone(),
            ketua_name: self.ketua_name.clone(),
            ketua_nip: self.ketua_nip.clone(),
            target: self.target,
            afirmasi: self.afirmasi,
        }
    }
}

/// The template the assessment uses.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TemplateRef {
    /// Template id.
    pub id: String,
    /// SHA-256 of its JSON.
    pub sha256: Sha256,
    /// Where its JSON is in the packet (submissions only).
    pub path: Option<String>,
}

/// One answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PacketAnswer {
    /// Whose.
    pub role: Role,
    /// The item.
    pub item: ItemCode,
    /// Canonical answer text, if answered.
    pub value: Option<String>,
    /// The note.
    pub note: String,
    /// Who changed it last.
    pub updated_by: String,
    /// When.
    pub updated_at: String,
}

/// A required kind marked "tidak ada".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PacketAbsent {
    /// The item.
    pub item: ItemCode,
    /// The kind.
    pub kind: String,
    /// Why.
    pub reason: String,
}

/// One attached file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PacketEvidence {
    /// The item.
    pub item: ItemCode,
    /// Kind code.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Document date `YYYY-MM-DD`.
    pub doc_date: Option<String>,
    /// Original file name.
    pub file_name: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the content.
    pub sha256: Sha256,
    /// Where the file is in the packet (none in a review packet).
    pub path: Option<String>,
    /// The reviewer's verdict.
    pub review_status: ReviewStatus,
    /// The reviewer's note.
    pub review_note: String,
    /// Who attached it (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_by: Option<String>,
    /// When (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_at: Option<String>,
    /// Who gave the verdict (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<String>,
    /// When (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<String>,
}

/// A reference to evidence kept on an item (text and URL; never a file of
/// the packet).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PacketReference {
    /// The item.
    pub item: ItemCode,
    /// What the document is.
    pub text: String,
    /// Where it is.
    pub url: String,
}

/// A file of the packet.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PacketFile {
    /// Relative path, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256.
    pub sha256: Sha256,
}

/// Headline scores, for people reading the manifest.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PacketScore {
    /// Total.
    pub total: f64,
    /// Pengungkit.
    pub pengungkit: f64,
    /// Hasil.
    pub hasil: f64,
}

/// The manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// Submission or review.
    pub kind: PacketKind,
    /// When it was exported (RFC 3339).
    pub created_at: String,
    /// Who exported it.
    pub created_by: String,
    /// The program that wrote it.
    pub generator: String,
    /// The unit.
    pub unit: PacketUnit,
    /// The year assessed.
    pub year: i32,
    /// The template.
    pub template: TemplateRef,
    /// The assessment's status when exported.
    pub status: AssessmentStatus,
    /// Answers of both roles (a review carries the TPI answers and the unit
    /// answers it was based on).
    pub answers: Vec<PacketAnswer>,
    /// Kinds marked "tidak ada".
    pub absent: Vec<PacketAbsent>,
    /// Attached files.
    pub evidence: Vec<PacketEvidence>,
    /// Every file of the packet except the manifest, its signature and
    /// `SHA256SUMS`.
    pub files: Vec<PacketFile>,
    /// For a review: the SHA-256 of the submission manifest it reviews.
    pub based_on: Option<Sha256>,
    /// SHA-256 of the assessment's state manifest (the hash printed in the
    /// footer of `laporan.pdf`), tying the packet to the printed report.
    pub state_sha256: Sha256,
    /// Headline scores per role.
    pub scores: HashMap<Role, PacketScore>,
    /// Evidence references of the unit's items. Optional and left out when
    /// empty: packets without references keep the format of Daduk versions
    /// that had none, and those packets still import.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<PacketReference>,
    /// The unit's plan and its realisation (version 3; a submission only,
    /// once the unit has started one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<PacketPlan>,
    /// The national evaluation's stages (version 4): in a `tpn` side, or in
    /// a packet beside its TPN answers. Left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tpn_stages: Vec<crate::tpn::StageRecord>,
}

/// The most activities a packet's plan may hold.
pub const MAX_PLAN_ACTIVITIES: usize = 10_000;

/// The unit's plan of the year (version 3).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PacketPlan {
    /// Who started it.
    pub created_by: String,
    /// When.
    pub created_at: String,
    /// Every item's target period, PIC and note.
    pub items: Vec<PacketPlanItem>,
    /// The activities with their realisation.
    pub activities: Vec<PacketActivity>,
}

/// One item's plan.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PacketPlanItem {
    /// The item.
    pub item: ItemCode,
    /// Target period.
    pub months: MonthSet,
    /// Penanggung jawab.
    pub pic: String,
    /// Note.
    pub note: String,
}

/// One activity.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PacketActivity {
    /// Change area.
    pub area: u8,
    /// Program.
    pub program: String,
    /// Implementasi program.
    pub activity: String,
    /// Target.
    pub target: String,
    /// Months it runs.
    pub months: MonthSet,
    /// Penanggung jawab.
    pub pic: String,
    /// Output kinds.
    pub outputs: Vec<String>,
    /// Items served.
    pub items: Vec<ItemCode>,
    /// Realisation by month.
    pub progress: Vec<PacketRealisation>,
}

/// What was realised in a month.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PacketRealisation {
    /// Month, one of the activity's.
    pub month: u8,
    /// Selesai, sebagian, belum.
    pub status: RealisationStatus,
    /// Percent.
    pub percent: u8,
    /// Note.
    pub note: String,
    /// Kendala.
    pub kendala: String,
    /// Solusi.
    pub solusi: String,
    /// Rekomendasi tindak lanjut.
    pub rekomendasi: String,
    /// The files that prove it, each listed in `evidence`.
    pub evidence: Vec<PacketEvidenceRef>,
    /// Who recorded it.
    pub updated_by: String,
    /// When.
    pub updated_at: String,
}

/// A file of the packet's `evidence`, named by item and content.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct PacketEvidenceRef {
    /// The item it is attached to.
    pub item: ItemCode,
    /// Its content.
    pub sha256: Sha256,
}

impl Manifest {
    /// Parse and check manifest bytes. The message names the fault.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, String> {
        // Messages quote names and keys from the packet: never raw.
        Self::parse_unshown(bytes).map_err(|e| shown(&e))
    }

    fn parse_unshown(bytes: &[u8]) -> Result<Manifest, String> {
        if bytes.len() as u64 > MAX_MANIFEST_BYTES {
            return Err(format!(
                "manifest.json terlalu besar ({} bita; batas {})",
                bytes.len(),
                MAX_MANIFEST_BYTES
            ));
        }
        // Look at the format and version first, so an unknown version gets
        // its own message rather than a field-by-field complaint.
        #[derive(Deserialize)]
        struct Head {
            format: Option<String>,
            version: Option<u64>,
        }
        let head: Head = serde_json::from_slice(bytes)
            .map_err(|e| format!("manifest.json bukan JSON yang sah: {e}"))?;
        if head.format.as_deref() != Some(FORMAT) {
            return Err("manifest.json bukan manifest paket Daduk (format tidak dikenal)".into());
        }
        match head.version {
            Some(v) if (u64::from(OLDEST_VERSION)..=u64::from(VERSION)).contains(&v) => {}
            Some(v) => {
                return Err(format!(
                    "versi paket {v} tidak dikenal (versi ini membaca versi {OLDEST_VERSION} sampai {VERSION}); perbarui Daduk"
                ));
            }
            None => return Err("manifest.json tanpa versi".into()),
        }
        let de = &mut serde_json::Deserializer::from_slice(bytes);
        let manifest: Manifest = serde_path_to_error::deserialize(de)
            .map_err(|e| format!("manifest.json tidak sah di {}: {}", e.path(), e.inner()))?;
        manifest.check()?;
        Ok(manifest)
    }

    fn check(&self) -> Result<(), String> {
        crate::assessment::check_unit_code(&self.unit.code).map_err(|e| e.to_string())?;
        self.check_text()?;
        if self.files.len() > MAX_FILES {
            return Err(format!(
                "paket berisi {} berkas; batas {MAX_FILES}",
                self.files.len()
            ));
        }
        let mut seen = BTreeSet::new();
        let mut by_path = HashMap::new();
        for f in &self.files {
            if let Some(reason) = unsafe_path_reason(&f.path) {
                return Err(format!("berkas '{}' ditolak: {reason}", f.path));
            }
            if [MANIFEST, SIGNATURE, SUMS].contains(&f.path.as_str()) {
                return Err(format!(
                    "berkas '{}' tidak boleh didaftar di manifest",
                    f.path
                ));
            }
            // Windows and macOS treat names differing only in case as one.
            if !seen.insert(f.path.to_lowercase()) {
                return Err(format!("berkas '{}' didaftar dua kali", f.path));
            }
            by_path.insert(f.path.as_str(), f);
        }
        for e in &self.evidence {
            if let Some(path) = &e.path {
                match by_path.get(path.as_str()) {
                    Some(f) if f.sha256 == e.sha256 && f.size == e.size => {}
                    Some(_) => {
                        return Err(format!(
                            "data dukung {} '{}': hash atau ukuran berbeda dengan daftar berkas",
                            e.item, path
                        ));
                    }
                    None => {
                        return Err(format!(
                            "data dukung {} menunjuk berkas '{}' yang tidak didaftar",
                            e.item, path
                        ));
                    }
                }
            } else if self.kind == PacketKind::Submission {
                return Err(format!(
                    "data dukung {} '{}' tanpa berkas",
                    e.item, e.file_name
                ));
            }
        }
        if let Some(path) = &self.template.path
            && !by_path.contains_key(path.as_str())
        {
            return Err(format!(
                "templat menunjuk berkas '{path}' yang tidak didaftar"
            ));
        }
        if let Some(plan) = &self.plan {
            self.check_plan(plan)?;
        }
        self.check_tpn()?;
        match (self.kind, &self.based_on) {
            (PacketKind::Review, None) => Err("paket reviu tanpa 'based_on'".into()),
            _ => Ok(()),
        }
    }

    /// The plan's shape, before any template is at hand: bounded, months
    /// and percents consistent, every text ordinary, every evidence link a
    /// file of this packet.
    fn check_plan(&self, plan: &PacketPlan) -> Result<(), String> {
        use crate::text::{check_line, check_lines};
        if plan.activities.len() > MAX_PLAN_ACTIVITIES || plan.items.len() > MAX_FILES {
            return Err(format!(
                "rencana aksi berisi {} kegiatan dan {} butir; terlalu banyak",
                plan.activities.len(),
                plan.items.len()
            ));
        }
        check_line("pembuat rencana aksi", &plan.created_by)?;
        check_time("waktu rencana aksi", &plan.created_at)?;
        let mut seen_items = BTreeSet::new();
        for i in &plan.items {
            if !seen_items.insert(i.item) {
                return Err(format!("rencana butir {} ditulis dua kali", i.item));
            }
            check_line(&format!("penanggung jawab butir {}", i.item), &i.pic)?;
            check_lines(&format!("catatan rencana butir {}", i.item), &i.note)?;
        }
        let listed: BTreeSet<(ItemCode, Sha256)> =
            self.evidence.iter().map(|e| (e.item, e.sha256)).collect();
        let mut seen_activities = HashMap::new();
        for (n, a) in plan.activities.iter().enumerate() {
            let at = |what: &str| format!("{what} kegiatan ke-{} rencana aksi", n + 1);
            check_line(&at("program"), &a.program)?;
            check_lines(&at("uraian"), &a.activity)?;
            check_lines(&at("target"), &a.target)?;
            check_line(&at("penanggung jawab"), &a.pic)?;
            let key = crate::plan::activity_key(a.area, &a.program, &a.activity);
            if let Some(first) = seen_activities.insert(key, n + 1) {
                return Err(format!(
                    "kegiatan ke-{} rencana aksi sama dengan kegiatan ke-{first} (area, program dan uraian sama): \
                     kegiatan ganda ditolak; gabungkan bulannya dalam satu kegiatan",
                    n + 1
                ));
            }
            for o in &a.outputs {
                check_line(&at("keluaran"), o)?;
            }
            if a.months.is_empty() {
                return Err(at("bulan kosong pada"));
            }
            let mut months = BTreeSet::new();
            for r in &a.progress {
                let when = format!("realisasi bulan {} {}", r.month, at("pada"));
                if !a.months.contains(r.month) || !months.insert(r.month) {
                    return Err(format!("{when}: bulan tidak direncanakan atau ganda"));
                }
                let ok = match r.status {
                    RealisationStatus::Selesai => r.percent == 100,
                    RealisationStatus::Belum | RealisationStatus::BelumDicatat => r.percent == 0,
                    RealisationStatus::Sebagian => (1..=99).contains(&r.percent),
                };
                if !ok {
                    return Err(format!(
                        "{when}: persentase {} tidak cocok dengan statusnya",
                        r.percent
                    ));
                }
                for (field, t) in [
                    ("catatan", &r.note),
                    ("kendala", &r.kendala),
                    ("solusi", &r.solusi),
                    ("rekomendasi", &r.rekomendasi),
                ] {
                    check_lines(&format!("{field} {when}"), t)?;
                }
                check_line(&format!("pencatat {when}"), &r.updated_by)?;
                check_time(&format!("waktu {when}"), &r.updated_at)?;
                for e in &r.evidence {
                    if !listed.contains(&(e.item, e.sha256)) {
                        return Err(format!(
                            "{when} menunjuk berkas {} butir {} yang tidak ada dalam paket",
                            e.sha256.short(12),
                            e.item
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

impl Manifest {
    /// The oldest version that carries what this manifest holds: 4 with
    /// TPN's side in it, else 3 — so a packet without TPN's result still
    /// imports into a Daduk that reads version 3.
    pub fn least_version(&self) -> u32 {
        let tpn = self.kind == PacketKind::Tpn
            || !self.tpn_stages.is_empty()
            || self.answers.iter().any(|a| a.role == Role::Tpn)
            || self.scores.contains_key(&Role::Tpn);
        if tpn { VERSION } else { 3 }
    }

    /// TPN's part: the stages a history that can be (`tpn::check`, which
    /// also bounds them: each stage once); a `tpn` side holds nothing else.
    fn check_tpn(&self) -> Result<(), String> {
        if self.tpn_stages.len() > crate::tpn::Stage::ALL.len() {
            return Err("tahap penilaian TPN dicatat lebih dari sekali".into());
        }
        crate::tpn::check(&self.tpn_stages).map_err(|e| format!("tahap penilaian TPN: {e}"))?;
        if self.kind == PacketKind::Tpn {
            if let Some(a) = self.answers.iter().find(|a| a.role != Role::Tpn) {
                return Err(format!(
                    "sisi TPN membawa jawaban {} butir {}; sisi TPN hanya berisi jawaban TPN",
                    a.role.label(),
                    a.item
                ));
            }
            if !(self.evidence.is_empty()
                && self.absent.is_empty()
                && self.references.is_empty()
                && self.files.is_empty()
                && self.plan.is_none())
            {
                return Err(
                    "sisi TPN membawa data dukung atau rencana aksi; sisi TPN hanya berisi jawaban dan tahap TPN"
                        .into(),
                );
            }
        }
        Ok(())
    }

    /// Every text of the manifest is one line of ordinary characters (notes
    /// and reasons may have line breaks), and every time is RFC 3339: a
    /// packet cannot smuggle an escape sequence into a terminal or a
    /// right-to-left override into a file name.
    fn check_text(&self) -> Result<(), String> {
        use crate::text::{check_line, check_lines};
        let u = &self.unit;
        for (field, text) in [
            ("nama unit", &u.name),
            ("instansi", &u.instansi),
            ("nama kepala", &u.kepala_name),
            ("NIP kepala", &u.kepala_nip),
            ("nama ketua", &u.ketua_name),
            ("NIP ketua", &u.ketua_nip),
            ("pembuat paket", &self.created_by),
            ("program pembuat", &self.generator),
            ("id templat", &self.template.id),
        ] {
            check_line(field, text)?;
        }
        check_time("waktu pembuatan paket", &self.created_at)?;
        for a in &self.answers {
            check_lines(&format!("catatan {} {}", a.role, a.item), &a.note)?;
            check_line(
                &format!("pengubah jawaban {} {}", a.role, a.item),
                &a.updated_by,
            )?;
            check_time(
                &format!("waktu jawaban {} {}", a.role, a.item),
                &a.updated_at,
            )?;
        }
        for x in &self.absent {
            check_line(&format!("jenis data dukung {}", x.item), &x.kind)?;
            check_lines(&format!("alasan 'tidak ada' {}", x.item), &x.reason)?;
        }
        for e in &self.evidence {
            let at = |what: &str| format!("{what} data dukung {}", e.item);
            check_line(&at("jenis"), &e.kind)?;
            check_line(&at("judul"), &e.title)?;
            check_line(&at("nama berkas"), &e.file_name)?;
            if let Some(d) = &e.doc_date {
                check_line(&at("tanggal"), d)?;
            }
            check_lines(&at("catatan periksa"), &e.review_note)?;
            for by in [&e.added_by, &e.reviewed_by].into_iter().flatten() {
                check_line(&at("nama pengguna"), by)?;
            }
            for t in [&e.added_at, &e.reviewed_at].into_iter().flatten() {
                check_time(&at("waktu"), t)?;
            }
        }
        Ok(())
    }

    /// When the packet was made, as the sender's signed clock says.
    pub fn created(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        chrono::DateTime::parse_from_rfc3339(&self.created_at).ok()
    }
}

fn check_time(field: &str, text: &str) -> Result<(), String> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|_| ())
        .map_err(|_| format!("{field} '{}' bukan waktu RFC 3339", shown(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Manifest {
        let sha = Sha256::of_bytes(b"sk");
        Manifest {
            format: FORMAT.into(),
            version: VERSION,
            kind: PacketKind::Submission,
            created_at: "2024-06-30T00:00:00Z".into(),
            created_by: "tim".into(),
            generator: "Daduk".into(),
            unit: PacketUnit {
                code: "U".into(),
                name: "Unit".into(),
                instansi: String::new(),
                target: Target::Wbk,
                kepala_name: String::new(),
                kepala_nip: String::new(),
                ketua_name: String::new(),
                ketua_nip: String::new(),
                afirmasi: false,
            },
            year: 2024,
            template: TemplateRef {
                id: "lke-zi-2021".into(),
                sha256: sha,
                path: None,
            },
            status: AssessmentStatus::Submitted,
            answers: vec![],
            absent: vec![],
            evidence: vec![PacketEvidence {
                item: "P.1.i.a".parse().unwrap(),
                kind: "sk".into(),
                title: "SK".into(),
                doc_date: None,
                file_name: "sk.pdf".into(),
                size: 2,
                sha256: sha,
                path: Some("evidence/sk.pdf".into()),
                review_status: ReviewStatus::Pending,
                review_note: String::new(),
                added_by: Some("tim".into()),
                added_at: Some("2024-06-29T08:00:00Z".into()),
                reviewed_by: None,
                reviewed_at: None,
            }],
            files: vec![PacketFile {
                path: "evidence/sk.pdf".into(),
                size: 2,
                sha256: sha,
            }],
            based_on: None,
            state_sha256: sha,
            scores: HashMap::new(),
            references: Vec::new(),
            plan: None,
            tpn_stages: Vec::new(),
        }
    }

    fn parse_value(v: &serde_json::Value) -> Result<Manifest, String> {
        Manifest::parse(v.to_string().as_bytes())
    }

    #[test]
    fn a_good_manifest_round_trips() {
        let m = sample();
        let bytes = serde_json::to_vec(&m).unwrap();
        assert_eq!(Manifest::parse(&bytes).unwrap(), m);
    }

    #[test]
    fn hostile_manifests_are_refused_each_with_its_reason() {
        type Mutation = fn(&mut serde_json::Value);
        let cases: &[(Mutation, &str)] = &[
            (|v| v["version"] = 99.into(), "versi paket 99"),
            (
                |v| v["unit"]["name"] = "Unit\u{1b}[2J\u{1b}[H Tanda tangan sah".into(),
                "nama unit",
            ),
            (
                |v| v["evidence"][0]["file_name"] = "sk\u{202e}fdp.exe".into(),
                "nama berkas data dukung",
            ),
            (|v| v["created_by"] = "a\nb".into(), "pembuat paket"),
            (
                |v| v["created_at"] = "kemarin".into(),
                "waktu pembuatan paket",
            ),
            (|v| v["format"] = "zip".into(), "format tidak dikenal"),
            (
                |v| {
                    v.as_object_mut().unwrap().remove("version");
                },
                "tanpa versi",
            ),
            (
                |v| v["files"][0]["path"] = "../../etc/passwd".into(),
                "keluar folder",
            ),
            (|v| v["files"][0]["path"] = "/etc/passwd".into(), "absolut"),
            (|v| v["files"][0]["path"] = "C:/x.pdf".into(), "drive"),
            (
                |v| v["files"][0]["path"] = "manifest.json".into(),
                "tidak boleh",
            ),
            (
                |v| {
                    let f = v["files"][0].clone();
                    let mut g = f.clone();
                    g["path"] = "EVIDENCE/SK.PDF".into();
                    v["files"] = serde_json::json!([f, g]);
                },
                "dua kali",
            ),
            (
                |v| v["evidence"][0]["path"] = "evidence/lain.pdf".into(),
                "tidak didaftar",
            ),
            (|v| v["evidence"][0]["size"] = 3.into(), "ukuran berbeda"),
            (
                |v| v["evidence"][0]["item"] = "P.1.i".into(),
                "evidence[0].item",
            ),
            (|v| v["unit"]["code"] = "../x".into(), "kode unit"),
            (|v| v["extra"] = 1.into(), "unknown field"),
            (|v| v["files"][0]["sha256"] = "abc".into(), "SHA-256"),
            (
                |v| {
                    v["kind"] = "review".into();
                },
                "based_on",
            ),
        ];
        let good = serde_json::to_value(sample()).unwrap();
        for (mutate, reason) in cases {
            let mut v = good.clone();
            mutate(&mut v);
            let err = parse_value(&v).expect_err(reason);
            assert!(err.contains(reason), "expected '{reason}' in: {err}");
        }
        assert!(
            Manifest::parse(b"not json")
                .unwrap_err()
                .contains("bukan JSON")
        );
        let huge = vec![b' '; (MAX_MANIFEST_BYTES + 1) as usize];
        assert!(
            Manifest::parse(&huge)
                .unwrap_err()
                .contains("terlalu besar")
        );
    }
}
