//! Importing a packet, after full verification, in one transaction.
//!
//! A *submission* gives the evaluator's workspace the unit, the assessment,
//! the unit's answers and the files (deduplicated); the evaluator's own TPI
//! answers are never overwritten. A *review* gives the unit's workspace the
//! TPI answers, notes and file verdicts; where the unit changed an answer
//! after sending, the conflict is recorded and both answers are kept.
//! Anything wrong — a finding, a malformed answer, a name clash — and nothing
//! is written: blobs copied in on the way are taken back.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::AtomicBool;

use rusqlite::params;
use serde::Serialize;

use super::check::{self, Finding};
use super::manifest::{MAX_MANIFEST_BYTES, Manifest, PacketKind};
use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::evidence::{Attach, ReviewStatus};
use crate::hash::Sha256;
use crate::store::answers::ValueChange;
use crate::store::{Assessment, AssessmentStatus, NewUnit, Workspace, now};
use crate::template::Template;
use crate::template::official::interchangeable;

/// How to import.
pub struct ImportPacketOptions<'a> {
    /// Set to stop before anything is written.
    pub cancel: &'a AtomicBool,
    /// Told `(bytes done, bytes total)` while files are checked and copied.
    pub progress: &'a (dyn Fn(u64, u64) + Sync),
}

impl std::fmt::Debug for ImportPacketOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportPacketOptions")
            .finish_non_exhaustive()
    }
}

/// An item whose unit answer changed after the submission TPI judged.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Conflict {
    /// The item.
    pub item: ItemCode,
    /// The unit answer TPI saw.
    pub sent: Option<String>,
    /// The unit answer now.
    pub current: Option<String>,
    /// TPI's answer.
    pub tpi: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PacketImportReport {
    /// Submission or review.
    pub kind: PacketKind,
    /// Unit code.
    pub unit: String,
    /// Year.
    pub year: i32,
    /// The signer's fingerprint.
    pub fingerprint: String,
    /// Who exported it, and when.
    pub created_by: String,
    /// When it was exported.
    pub created_at: String,
    /// The unit was new to this workspace.
    pub unit_created: bool,
    /// The assessment was new to this workspace.
    pub assessment_created: bool,
    /// Answers changed.
    pub answers_changed: usize,
    /// Files attached.
    pub evidence_added: usize,
    /// Files already attached.
    pub evidence_known: usize,
    /// File verdicts changed.
    pub statuses_updated: usize,
    /// Items whose unit answer changed since the reviewed submission.
    pub conflicts: Vec<Conflict>,
    /// Things worth knowing that did not stop the import.
    pub warnings: Vec<String>,
}

fn findings_error(findings: &[Finding]) -> Error {
    let mut msg = format!(
        "paket ditolak: {} masalah ditemukan, tidak ada yang diimpor:",
        findings.len()
    );
    for f in findings.iter().take(50) {
        msg.push_str(&format!("\n  {}: {}", f.path, f.problem));
    }
    if findings.len() > 50 {
        msg.push_str(&format!("\n  ... dan {} lagi", findings.len() - 50));
    }
    Error::Invalid(msg)
}

/// Parse every answer of the manifest against the template, refusing the
/// packet on the first that does not fit.
fn parse_answers(
    template: &Template,
    m: &Manifest,
) -> Result<HashMap<(Role, ItemCode), (Option<AnswerValue>, String)>> {
    let mut out = HashMap::new();
    for a in &m.answers {
        let value = a
            .value
            .as_deref()
            .map(|v| AnswerValue::parse(template, a.item, v))
            .transpose()
            .map_err(|e| Error::Invalid(format!("paket ditolak: {e}")))?;
        if out
            .insert((a.role, a.item), (value, a.note.clone()))
            .is_some()
        {
            return Err(Error::Invalid(format!(
                "paket ditolak: jawaban {} {} tercantum dua kali",
                a.role, a.item
            )));
        }
    }
    check_references(template, m)?;
    for e in &m.evidence {
        if template.item(e.item).is_none() {
            return Err(Error::Invalid(format!(
                "paket ditolak: data dukung untuk butir {} yang tidak ada di templat",
                e.item
            )));
        }
        if template.evidence_kind(&e.kind).is_none() {
            return Err(Error::Invalid(format!(
                "paket ditolak: jenis data dukung '{}' ({}) tidak dikenal",
                e.kind, e.item
            )));
        }
    }
    Ok(out)
}

/// References of a packet: items of the template, texts and links as
/// Daduk itself would keep them (clean, within their bounds).
fn check_references(template: &Template, m: &Manifest) -> Result<()> {
    if m.references.len() > 100_000 {
        return Err(Error::Invalid(
            "paket ditolak: terlalu banyak rujukan data dukung".into(),
        ));
    }
    for r in &m.references {
        if template.item(r.item).is_none() {
            return Err(Error::Invalid(format!(
                "paket ditolak: rujukan untuk butir {} yang tidak ada di templat",
                r.item
            )));
        }
        let clean = crate::references::Reference::new(&r.text, &r.url);
        if clean.as_ref().map(|c| (&c.text, &c.url)) != Some((&r.text, &r.url)) {
            return Err(Error::Invalid(format!(
                "paket ditolak: rujukan butir {} tidak sah (kosong, terlalu panjang atau berisi karakter kendali)",
                r.item
            )));
        }
    }
    Ok(())
}

impl Workspace {
    /// Import a packet (submission or review) after verifying all of it.
    pub fn import_packet(
        &self,
        path: &Path,
        opts: &ImportPacketOptions<'_>,
    ) -> Result<PacketImportReport> {
        let mut opened = check::open(path)?;
        let manifest_sha = Sha256::of_bytes(&opened.manifest_bytes);
        let m = opened.manifest.clone();
        let template = match (&m.kind, &m.template.path) {
            (PacketKind::Submission, Some(tpath)) => {
                // Read into memory before anything is verified: bound it
                // like the manifest, whatever size the packet claims.
                let size = m.files.iter().find(|f| &f.path == tpath).map_or(0, |f| f.size);
                let bytes = opened.source.read_all(tpath, size.min(MAX_MANIFEST_BYTES)).map_err(|e| Error::Invalid(e.to_string()))?;
                let text = String::from_utf8(bytes).map_err(|_| Error::Invalid("paket ditolak: template.json bukan UTF-8".into()))?;
                let t = Template::from_json(&format!("{} (paket)", tpath), &text)?;
                if t.sha256() != m.template.sha256 {
                    return Err(Error::Invalid("paket ditolak: template.json tidak cocok dengan manifest".into()));
                }
                t
            }
            (PacketKind::Submission, None) => return Err(Error::Invalid("paket ditolak: paket kiriman tanpa templat".into())),
            (PacketKind::Review, _) => self.template(m.template.sha256).map_err(|_| {
                Error::Invalid(format!(
                    "paket reviu memakai templat {} yang tidak ada di ruang kerja ini; apakah paket ini untuk ruang kerja lain?",
                    m.template.sha256.short(12)
                ))
            })?,
        };
        let answers = parse_answers(&template, &m)?;
        let store = self.blobs();
        let with_store = (m.kind == PacketKind::Submission).then_some(&store);
        let (findings, created, _, _) =
            check::check_files(&mut opened, with_store, opts.cancel, opts.progress)?;
        let undo = |created: &[Sha256]| {
            for sha in created {
                let _ = store.remove(*sha);
            }
        };
        if !findings.is_empty() {
            undo(&created);
            return Err(findings_error(&findings));
        }
        let fingerprint = opened.signature.clone().unwrap_or_default();
        let result = match m.kind {
            PacketKind::Submission => {
                self.apply_submission(&m, &template, &answers, manifest_sha, &fingerprint)
            }
            PacketKind::Review => self.apply_review(&m, &answers, manifest_sha, &fingerprint),
        };
        if result.is_err() {
            undo(&created);
        }
        result
    }

    fn report_for(&self, m: &Manifest, fingerprint: &str) -> PacketImportReport {
        PacketImportReport {
            kind: m.kind,
            unit: m.unit.code.clone(),
            year: m.year,
            fingerprint: fingerprint.to_string(),
            created_by: m.created_by.clone(),
            created_at: m.created_at.clone(),
            unit_created: false,
            assessment_created: false,
            answers_changed: 0,
            evidence_added: 0,
            evidence_known: 0,
            statuses_updated: 0,
            conflicts: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn apply_submission(
        &self,
        m: &Manifest,
        template: &Template,
        answers: &HashMap<(Role, ItemCode), (Option<AnswerValue>, String)>,
        manifest_sha: Sha256,
        fingerprint: &str,
    ) -> Result<PacketImportReport> {
        let mut report = self.report_for(m, fingerprint);
        let existing_unit = self.unit(&m.unit.code).ok();
        if let Some(u) = &existing_unit
            && !u.name.trim().eq_ignore_ascii_case(m.unit.name.trim())
        {
            return Err(Error::Invalid(format!(
                "unit {} sudah ada di ruang kerja ini dengan nama lain ('{}', paket: '{}'); periksa apakah paket ini untuk unit yang sama",
                u.code, u.name, m.unit.name
            )));
        }
        let existing = self.assessment(&m.unit.code, m.year).ok();
        if let Some(a) = &existing
            && !interchangeable(&self.template_of(a)?, template)
        {
            return Err(Error::Invalid(format!(
                "penilaian {} {} di ruang kerja ini memakai templat lain ({}; paket: {})",
                a.unit,
                a.year,
                a.template_sha256.short(12),
                template.sha256().short(12)
            )));
        }
        let tx = self.write()?;
        self.insert_template(&tx, template)?;
        let unit_id = match &existing_unit {
            Some(u) => u.id,
            None => {
                report.unit_created = true;
                self.insert_unit(
                    &tx,
                    &NewUnit {
                        code: m.unit.code.clone(),
                        name: m.unit.name.clone(),
                        instansi: m.unit.instansi.clone(),
                        parent: None,
                        kepala_name: m.unit.kepala_name.clone(),
                        kepala_nip: m.unit.kepala_nip.clone(),
                        ketua_name: m.unit.ketua_name.clone(),
                        ketua_nip: m.unit.ketua_nip.clone(),
                        target: m.unit.target,
                        afirmasi: false,
                    },
                )?
            }
        };
        let assessment_id = match &existing {
            Some(a) => a.id,
            None => {
                report.assessment_created = true;
                self.insert_assessment(&tx, unit_id, &m.unit.code, m.year, template)?
            }
        };
        let local_tpi: std::collections::HashSet<ItemCode> = match &existing {
            Some(a) => self
                .answer_records(a)?
                .into_iter()
                .filter(|r| r.role == Role::Tpi)
                .map(|r| r.item)
                .collect(),
            None => Default::default(),
        };
        for &item in template.item_codes() {
            // The unit's answers are the unit's: take them as sent.
            let (value, note) = match answers.get(&(Role::Unit, item)) {
                Some((v, n)) => (
                    v.as_ref().map_or(ValueChange::Clear, ValueChange::Set),
                    n.as_str(),
                ),
                None => (ValueChange::Clear, ""),
            };
            if self.upsert(&tx, assessment_id, Role::Unit, item, value, Some(note))? {
                report.answers_changed += 1;
            }
            // TPI answers travel along, but the evaluator's own win.
            if !local_tpi.contains(&item)
                && let Some((v, n)) = answers.get(&(Role::Tpi, item))
            {
                let value = v.as_ref().map_or(ValueChange::Keep, ValueChange::Set);
                if self.upsert(&tx, assessment_id, Role::Tpi, item, value, Some(n))? {
                    report.answers_changed += 1;
                }
            }
        }
        // The unit's references are the unit's: take them as sent.
        for &item in template.item_codes() {
            let refs: Vec<crate::references::Reference> = m
                .references
                .iter()
                .filter(|r| r.item == item)
                .map(|r| crate::references::Reference {
                    text: r.text.clone(),
                    url: r.url.clone(),
                })
                .collect();
            self.put_references(&tx, assessment_id, item, &refs, "paket", true)?;
        }
        let marks: Vec<(ItemCode, String, String)> = m
            .absent
            .iter()
            .map(|x| (x.item, x.kind.clone(), x.reason.clone()))
            .collect();
        self.replace_absent_tx(&tx, assessment_id, &marks)?;
        for e in &m.evidence {
            let doc_date = e
                .doc_date
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            let id = self.insert_evidence(
                &tx,
                assessment_id,
                &Attach {
                    item: e.item,
                    kind: &e.kind,
                    title: &e.title,
                    doc_date,
                    file_name: &e.file_name,
                    source_path: None,
                    source_mtime: None,
                    size: e.size,
                    sha: e.sha256,
                },
            )?;
            match id {
                Some(id) => {
                    report.evidence_added += 1;
                    if e.review_status != ReviewStatus::Pending {
                        self.set_review_tx(
                            &tx,
                            assessment_id,
                            id,
                            e.review_status,
                            &e.review_note,
                        )?;
                    }
                }
                None => report.evidence_known += 1,
            }
        }
        let a = Assessment {
            id: assessment_id,
            unit: m.unit.code.clone(),
            unit_name: m.unit.name.clone(),
            year: m.year,
            template_sha256: template.sha256(),
            template_id: template.id().to_string(),
            status: existing
                .as_ref()
                .map_or(AssessmentStatus::Draft, |a| a.status),
            created_at: now(),
        };
        if a.status == AssessmentStatus::Draft {
            self.set_status_tx(&tx, &a, AssessmentStatus::Submitted)?;
        }
        self.log_packet_tx(
            &tx,
            assessment_id,
            "import",
            PacketKind::Submission,
            manifest_sha,
            fingerprint,
        )?;
        tx.commit()?;
        Ok(report)
    }

    fn apply_review(
        &self,
        m: &Manifest,
        answers: &HashMap<(Role, ItemCode), (Option<AnswerValue>, String)>,
        manifest_sha: Sha256,
        fingerprint: &str,
    ) -> Result<PacketImportReport> {
        let mut report = self.report_for(m, fingerprint);
        let a = self.assessment(&m.unit.code, m.year).map_err(|_| {
            Error::Invalid(format!(
                "penilaian {} {} tidak ada di ruang kerja ini; paket reviu diimpor di ruang kerja yang mengirim paketnya",
                m.unit.code, m.year
            ))
        })?;
        let same = a.template_sha256 == m.template.sha256
            || match (self.template_of(&a), self.template(m.template.sha256)) {
                (Ok(x), Ok(y)) => interchangeable(&x, &y),
                _ => false,
            };
        if !same {
            return Err(Error::Invalid(format!(
                "penilaian {} {} memakai templat lain dari paket reviu",
                a.unit, a.year
            )));
        }
        if let Some(based) = m.based_on
            && !self.exported(&a, based)?
        {
            report.warnings.push(format!(
                "paket reviu ini menilai kiriman {} yang tidak diekspor dari ruang kerja ini",
                based.short(12)
            ));
        }
        let template = self.template_of(&a)?;
        let current: BTreeMap<(Role, ItemCode), Option<String>> = self
            .answer_records(&a)?
            .into_iter()
            .map(|r| ((r.role, r.item), r.value))
            .collect();
        let tx = self.write()?;
        for &item in template.item_codes() {
            let tpi = answers.get(&(Role::Tpi, item));
            let (value, note) = match tpi {
                Some((v, n)) => (
                    v.as_ref().map_or(ValueChange::Clear, ValueChange::Set),
                    n.as_str(),
                ),
                None => (ValueChange::Clear, ""),
            };
            if self.upsert(&tx, a.id, Role::Tpi, item, value, Some(note))? {
                report.answers_changed += 1;
            }
            let sent = answers
                .get(&(Role::Unit, item))
                .and_then(|(v, _)| v.as_ref().map(ToString::to_string));
            let now_value = current.get(&(Role::Unit, item)).cloned().flatten();
            if sent != now_value {
                let conflict = Conflict {
                    item,
                    sent,
                    current: now_value,
                    tpi: tpi.and_then(|(v, _)| v.as_ref().map(ToString::to_string)),
                };
                tx.execute(
                    "INSERT INTO review_conflict (assessment_id, item, sent_value, current_value, tpi_value, packet_sha256, at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![a.id, item.to_string(), conflict.sent, conflict.current, conflict.tpi, manifest_sha.to_hex(), now()],
                )?;
                report.conflicts.push(conflict);
            }
        }
        for e in &m.evidence {
            match self.evidence_id_tx(&tx, a.id, e.item, e.sha256)? {
                Some(id) => {
                    if self.set_review_tx(&tx, a.id, id, e.review_status, &e.review_note)? {
                        report.statuses_updated += 1;
                    }
                }
                None => report.warnings.push(format!(
                    "berkas {} ({}) yang dinilai TPI tidak ada lagi di butir {}",
                    e.file_name,
                    e.sha256.short(12),
                    e.item
                )),
            }
        }
        self.set_status_tx(&tx, &a, AssessmentStatus::Reviewed)?;
        self.log_packet_tx(
            &tx,
            a.id,
            "import",
            PacketKind::Review,
            manifest_sha,
            fingerprint,
        )?;
        tx.commit()?;
        Ok(report)
    }
}
