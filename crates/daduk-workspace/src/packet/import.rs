//! Importing a packet, after full verification, in one transaction.
//!
//! A *submission* gives the evaluator's workspace the unit, the assessment,
//! the unit's answers and the files (deduplicated); nothing of the
//! evaluator's side (TPI answers, file verdicts) is taken from it. A
//! *review* gives the unit's workspace the TPI answers, notes and file
//! verdicts; where the unit changed an answer after sending, the conflict
//! is recorded and both answers are kept. Anything wrong — a finding, a
//! malformed answer, a name clash — and nothing is written: blobs copied in
//! on the way are taken back.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use super::check::{self, Finding};
use super::manifest::{MAX_MANIFEST_BYTES, Manifest, PacketKind};
use super::standing::{own_packet_message, sender_name};
use crate::answer::Role;
use crate::code::ItemCode;
use crate::error::{ConsentKind, Error, Result};
use crate::exchange::{Arrival, SideChange, Via};
use crate::hash::Sha256;
use crate::job::{Done, Job};
use crate::store::packets::{Direction, PacketEntry};
use crate::store::templates::TemplateOrigin;
use crate::store::{AssessmentStatus, Workspace};
use crate::template::Template;
use crate::template::official::interchangeable;
use crate::template::trust::{is_official, official_with_id, scoring_differences};
use crate::text::shown;

/// What the user explicitly agreed to for this import (the CLI's flags,
/// the app's checkboxes). Everything is refused by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Consent {
    /// Import a packet older than one already imported, or the same again.
    pub older: bool,
    /// Accept a new signing key for a sender known by another.
    pub new_key: bool,
    /// Accept a template that is neither official nor known here.
    pub template: bool,
    /// Create a new unit whose code or name reads like one already here.
    pub look_alike: bool,
}

/// How to import.
pub struct ImportPacketOptions<'a> {
    /// Stops it before anything is written; told the bytes checked and
    /// copied of all.
    pub job: Job<'a, Done>,
    /// What the user agreed to.
    pub consent: Consent,
}

impl std::fmt::Debug for ImportPacketOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportPacketOptions")
            .field("consent", &self.consent)
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
    /// Answers whose value changed.
    pub answers_changed: usize,
    /// Notes (catatan) changed.
    pub notes_changed: usize,
    /// Files attached.
    pub evidence_added: usize,
    /// Files already attached.
    pub evidence_known: usize,
    /// Files an earlier submission brought that this one no longer lists
    /// (the unit withdrew them): detached.
    pub evidence_withdrawn: usize,
    /// File verdicts changed.
    pub statuses_updated: usize,
    /// Items whose unit answer changed since the reviewed submission.
    pub conflicts: Vec<Conflict>,
    /// The template is not an official one (the user accepted it).
    pub template_unofficial: bool,
    /// Activities of the unit's plan the submission brought (none when it
    /// carried no plan).
    pub plan_activities: Option<usize>,
    /// Plan items whose period, PIC or note changed.
    pub plan_items_changed: usize,
    /// Plan activities added, removed or changed (fields or realisation).
    pub plan_activities_changed: usize,
    /// Files whose text the packet carried and this workspace had not read
    /// itself: kept, so they need not be read (or OCR'd) here.
    pub texts_received: usize,
    /// The key that signed this sender's earlier packets, when this one was
    /// signed by another (the user accepted it; the audit log records it).
    pub key_changed_from: Option<String>,
    /// TPN's result the packet brought: items whose TPN value or note was
    /// taken, stages taken, and differences kept here (recorded as
    /// conflicts).
    pub tpn_items: usize,
    /// Stages of the national evaluation taken.
    pub tpn_stages: usize,
    /// TPN values or stages recorded here differently: kept, and recorded.
    pub tpn_conflicts: usize,
    /// Things worth knowing that did not stop the import.
    pub warnings: Vec<String>,
}

fn findings_error(findings: &[Finding]) -> Error {
    let mut msg = format!(
        "paket ditolak: {} masalah ditemukan, tidak ada yang diimpor:",
        findings.len()
    );
    for f in findings.iter().take(50) {
        msg.push_str(&format!("\n  {}: {}", shown(&f.path), f.problem));
    }
    if findings.len() > 50 {
        msg.push_str(&format!("\n  ... dan {} lagi", findings.len() - 50));
    }
    Error::Invalid(msg)
}

/// Refused unless the user agrees.
fn needs(consent: ConsentKind, message: String) -> Error {
    Error::NeedsConsent { consent, message }
}

impl Workspace {
    /// Import a packet (submission or review) after verifying all of it.
    ///
    /// What a packet may change on this side (ARCHITECTURE.md): a
    /// submission writes the unit's side only (unit answers and notes,
    /// "tidak ada" marks, the files it lists, withdrawing files an earlier
    /// submission brought); a review writes the evaluator's side only (TPI
    /// answers and notes, file verdicts). An older packet than one already
    /// imported, a new signing key for a known sender, and a template that
    /// is neither official nor known here are refused unless `opts.consent`
    /// says the user agreed.
    pub fn import_packet(
        &self,
        path: &Path,
        opts: &ImportPacketOptions<'_>,
    ) -> Result<PacketImportReport> {
        self.writable()?;
        let mut opened = check::open(path)?;
        // Nothing the packet says is believed before its signature is.
        let fingerprint = match &opened.signature {
            Ok(f) => f.clone(),
            Err(problem) => {
                return Err(Error::Invalid(format!(
                    "paket ditolak: {}; tidak ada yang diimpor (periksa dengan `daduk packet verify`)",
                    shown(problem)
                )));
            }
        };
        let manifest_sha = Sha256::of_bytes(&opened.manifest_bytes);
        let m = opened.manifest.clone();
        if self.is_own_packet(manifest_sha, &fingerprint)? {
            return Err(Error::Invalid(format!(
                "{}; tidak ada yang diimpor dan tidak ada yang berubah",
                own_packet_message(&m)
            )));
        }
        self.check_sender(&m, manifest_sha, &fingerprint, opts.consent)?;
        let mut report = self.report_for(&m, &fingerprint);
        let template = match (&m.kind, &m.template.path) {
            (PacketKind::Submission, Some(tpath)) => {
                let t = read_template(&mut opened, tpath)?;
                report.template_unofficial = !is_official(t.sha256());
                if !self.template_trusted(&t)? && !opts.consent.template {
                    return Err(unknown_template(&t));
                }
                t
            }
            (PacketKind::Submission, None) => {
                return Err(Error::Invalid(
                    "paket ditolak: paket kiriman tanpa templat".into(),
                ));
            }
            (PacketKind::Tpn, _) => {
                return Err(Error::Invalid(
                    "paket ditolak: sisi TPN saja bukan paket; TPN dikirim bersama paket kiriman atau reviu".into(),
                ));
            }
            (PacketKind::Review, _) => self.template(m.template.sha256).map_err(|_| {
                Error::Invalid(format!(
                    "paket reviu memakai templat {} yang tidak ada di ruang kerja ini; apakah paket ini untuk ruang kerja lain?",
                    m.template.sha256.short(12)
                ))
            })?,
        };
        let own_role = match m.kind {
            PacketKind::Submission => Role::Unit,
            PacketKind::Review | PacketKind::Tpn => Role::Tpi,
        };
        // TPN's result the sender recorded is checked whole too, before
        // anything is written.
        let tpn = crate::exchange::tpn_part(&m);
        let tpn_change = tpn
            .as_ref()
            .map(|t| SideChange::check(t, Role::Tpn, template.clone(), "bagian TPN paket"))
            .transpose()?;
        let change = SideChange::check(&m, own_role, template, "paket")?;
        let store = self.blobs();
        let with_store = (m.kind == PacketKind::Submission).then_some(&store);
        let checked = check::check_files(&mut opened, with_store, opts.job)?;
        if !checked.findings.is_empty() {
            let _ = self.release_blobs(&checked.created);
            return Err(findings_error(&checked.findings));
        }
        let tpn = tpn_change.as_ref();
        let mut result = match m.kind {
            PacketKind::Submission => self.apply_submission(
                &change,
                tpn,
                &checked.placed,
                manifest_sha,
                opts.consent,
                report,
            ),
            PacketKind::Review | PacketKind::Tpn => {
                self.apply_review(&change, tpn, manifest_sha, opts.consent, report)
            }
        };
        if let Ok(report) = &mut result {
            // The side is in: a text that cannot be kept is read here later.
            report.texts_received = self.receive_texts(&mut opened, &m).unwrap_or(0);
        }
        if result.is_err() {
            // Only blobs no row refers to go (another import of the same
            // content may have attached them meanwhile), and to the
            // quarantine.
            let _ = self.release_blobs(&checked.created);
        }
        result
    }

    /// Refuse a replayed or older packet, and a new key for a known
    /// sender, unless the user agreed. Returns the sender's earlier key
    /// when this packet is signed by another (and the user agreed).
    fn check_sender(
        &self,
        m: &Manifest,
        manifest_sha: Sha256,
        fingerprint: &str,
        consent: Consent,
    ) -> Result<Option<String>> {
        let who = sender_name(m);
        let earlier = self.imports_of(&m.unit.code, m.year, m.kind)?;
        let changed_from = self.earlier_key(m, fingerprint)?;
        if let Some(old) = &changed_from
            && !consent.new_key
        {
            return Err(needs(
                ConsentKind::NewKey,
                format!(
                    "paket ditolak: ditandatangani kunci baru ({fingerprint}), bukan kunci paket {who} sebelumnya ({old}). \
                     Kunci baru wajar bila {who} memasang ulang Daduk atau memakai komputer lain, tetapi bisa juga berarti paket \
                     ini bukan dari {who}: tanyakan sidik jari kuncinya lewat saluran lain (telepon, tatap muka), dan setujui \
                     kunci baru ini hanya bila cocok"
                ),
            ));
        }
        // The latest packet again is the same word again: nothing rolls back.
        if consent.older || earlier.last().is_some_and(|p| p.manifest == manifest_sha) {
            return Ok(changed_from);
        }
        // Logs written before Daduk kept the signed time only know the
        // packet by its hash.
        if let Some(same) = earlier
            .iter()
            .find(|p| p.manifest == manifest_sha && p.created_at.is_none())
        {
            return Err(needs(
                ConsentKind::OlderPacket,
                format!(
                    "paket ini sudah diimpor pada {}, dan sesudahnya paket yang lebih baru; mengimpornya lagi \
                     mengembalikan isi paket lama itu. Setujui hanya bila memang disengaja",
                    crate::format::date_time(&same.at)
                ),
            ));
        }
        let newest = earlier
            .iter()
            .filter_map(|p| {
                let t = p.created_at.as_deref()?;
                Some((chrono::DateTime::parse_from_rfc3339(t).ok()?, p))
            })
            .max_by_key(|(t, _)| *t);
        if let (Some((newest_at, p)), Some(this)) = (newest, m.created())
            && this < newest_at
        {
            return Err(needs(
                ConsentKind::OlderPacket,
                format!(
                    "paket ditolak: paket ini dibuat {} ({}), lebih lama dari paket {} yang sudah diimpor (dibuat {}). \
                     Mengimpornya akan mengembalikan jawaban dan berkas lama. Setujui hanya bila memang disengaja",
                    crate::format::date_time(&m.created_at),
                    shown(&m.created_by),
                    who,
                    p.created_at
                        .as_deref()
                        .map(crate::format::date_time)
                        .unwrap_or_default()
                ),
            ));
        }
        Ok(changed_from)
    }

    /// Whether a packet's template may be used without asking: official, or
    /// loaded or accepted by this workspace's user before.
    pub(crate) fn template_trusted(&self, t: &Template) -> Result<bool> {
        Ok(is_official(t.sha256())
            || matches!(
                self.template_origin(t.sha256())?,
                Some(TemplateOrigin::Local | TemplateOrigin::Accepted)
            ))
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
            notes_changed: 0,
            evidence_added: 0,
            evidence_known: 0,
            evidence_withdrawn: 0,
            statuses_updated: 0,
            conflicts: Vec::new(),
            template_unofficial: false,
            plan_activities: None,
            plan_items_changed: 0,
            plan_activities_changed: 0,
            texts_received: 0,
            key_changed_from: None,
            tpn_items: 0,
            tpn_stages: 0,
            tpn_conflicts: 0,
            warnings: Vec::new(),
        }
    }

    fn apply_submission(
        &self,
        change: &SideChange<'_>,
        tpn: Option<&SideChange<'_>>,
        placed: &HashSet<Sha256>,
        manifest_sha: Sha256,
        consent: Consent,
        mut report: PacketImportReport,
    ) -> Result<PacketImportReport> {
        let m = change.manifest;
        // Everything below reads and writes under the write lock: a second
        // import of the same packet running at the same time sees this one
        // whole or not at all.
        let tx = self.write()?;
        report.key_changed_from =
            self.check_sender(m, manifest_sha, &report.fingerprint, consent)?;
        let written = self.write_unit_side_tx(
            &tx,
            change,
            Arrival::Received,
            Via::Packet {
                look_alike_agreed: consent.look_alike,
            },
            placed,
        )?;
        if consent.template && !self.template_trusted(&change.template)? {
            self.set_template_origin_tx(&tx, change.template.sha256(), TemplateOrigin::Accepted)?;
        }
        report.unit_created = written.unit_created;
        report.assessment_created = written.assessment_created;
        report.answers_changed += written.answers.values;
        report.notes_changed += written.answers.notes;
        report.evidence_withdrawn = written.withdrawn.len();
        report.evidence_added += written.added;
        report.evidence_known += m.evidence.len() - written.added;
        if let (Some(changes), Some((_, activities))) = (&written.plan, &change.plan) {
            report.plan_activities = Some(activities.len());
            report.plan_items_changed = changes.items;
            report.plan_activities_changed = changes.activities;
        }
        report.warnings.extend(written.warnings);
        let a = written
            .assessment
            .ok_or_else(|| Error::Invalid("penilaian paket tidak tertulis".into()))?;
        self.fill_tpn(&tx, &a, tpn, manifest_sha, &mut report)?;
        self.log_key_change_tx(&tx, a.id, m, &report)?;
        self.log_packet_tx(
            &tx,
            a.id,
            Direction::Import,
            &PacketEntry {
                kind: PacketKind::Submission,
                manifest: manifest_sha,
                fingerprint: &report.fingerprint,
                created_at: &m.created_at,
            },
        )?;
        // Withdrawn files' blobs leave under the same lock, once no row of
        // any assessment refers to them.
        let moved = self.release_blobs_tx(&tx, &written.withdrawn)?;
        self.commit_releasing(tx, &moved)?;
        Ok(report)
    }

    fn apply_review(
        &self,
        change: &SideChange<'_>,
        tpn: Option<&SideChange<'_>>,
        manifest_sha: Sha256,
        consent: Consent,
        mut report: PacketImportReport,
    ) -> Result<PacketImportReport> {
        let m = change.manifest;
        let tx = self.write()?;
        report.key_changed_from =
            self.check_sender(m, manifest_sha, &report.fingerprint, consent)?;
        let a = self.assessment(&m.unit.code, m.year).map_err(|_| {
            Error::Invalid(format!(
                "penilaian {} {} tidak ada di ruang kerja ini; paket reviu diimpor di ruang kerja yang mengirim paketnya",
                m.unit.code, m.year
            ))
        })?;
        if a.template_sha256 != m.template.sha256
            && !interchangeable(&self.template_of(&a)?, &change.template)
        {
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
        // Where the unit changed an answer since the submission the review
        // judged, both answers are kept and the clash is recorded.
        let current: BTreeMap<ItemCode, Option<String>> = self
            .answer_records(&a)?
            .into_iter()
            .filter(|r| r.role == Role::Unit)
            .map(|r| (r.item, r.value))
            .collect();
        let sent: HashMap<ItemCode, Option<&str>> = m
            .answers
            .iter()
            .filter(|x| x.role == Role::Unit)
            .map(|x| (x.item, x.value.as_deref()))
            .collect();
        let written = self.write_tpi_side_tx(&tx, &a, change)?;
        report.answers_changed += written.values;
        report.notes_changed += written.notes;
        report.statuses_updated += written.verdicts;
        report.warnings.extend(written.warnings);
        for &item in change.template.item_codes() {
            let sent = sent.get(&item).copied().flatten().map(str::to_string);
            let now_value = current.get(&item).cloned().flatten();
            if sent != now_value {
                let conflict = Conflict {
                    item,
                    sent,
                    current: now_value,
                    tpi: change
                        .answers
                        .get(&item)
                        .and_then(|(v, _)| v.as_ref().map(ToString::to_string)),
                };
                self.insert_review_conflict_tx(&tx, a.id, &conflict, manifest_sha)?;
                report.conflicts.push(conflict);
            }
        }
        self.fill_tpn(&tx, &a, tpn, manifest_sha, &mut report)?;
        self.set_status_tx(&tx, &a, AssessmentStatus::Reviewed)?;
        self.log_key_change_tx(&tx, a.id, m, &report)?;
        self.log_packet_tx(
            &tx,
            a.id,
            Direction::Import,
            &PacketEntry {
                kind: PacketKind::Review,
                manifest: manifest_sha,
                fingerprint: &report.fingerprint,
                created_at: &m.created_at,
            },
        )?;
        tx.commit()?;
        Ok(report)
    }
}

impl Workspace {
    /// TPN's result a packet brought, filled in where this workspace has
    /// recorded nothing (`fill_tpn_side_tx`), inside the import's
    /// transaction.
    fn fill_tpn(
        &self,
        tx: &crate::store::Tx<'_>,
        a: &crate::store::Assessment,
        tpn: Option<&SideChange<'_>>,
        manifest_sha: Sha256,
        report: &mut PacketImportReport,
    ) -> Result<()> {
        let Some(change) = tpn else { return Ok(()) };
        let w = self.fill_tpn_side_tx(tx, a, change, &manifest_sha.to_string())?;
        report.tpn_items = w.items;
        report.tpn_stages = w.stages;
        report.tpn_conflicts = w.conflicts;
        report.warnings.extend(w.warnings);
        Ok(())
    }
}

/// Read and check the template a submission carries, bounded like the
/// manifest whatever size the packet claims.
fn read_template(opened: &mut check::Opened, tpath: &str) -> Result<Template> {
    let m = &opened.manifest;
    let size = m
        .files
        .iter()
        .find(|f| f.path == tpath)
        .map_or(0, |f| f.size);
    let bytes = opened
        .source
        .read_all(tpath, size.min(MAX_MANIFEST_BYTES))
        .map_err(|e| Error::Invalid(e.to_string()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::Invalid("paket ditolak: template.json bukan UTF-8".into()))?;
    let t = Template::from_json(&format!("{} (paket)", shown(tpath)), &text)?;
    if t.sha256() != m.template.sha256 {
        return Err(Error::Invalid(
            "paket ditolak: template.json tidak cocok dengan manifest".into(),
        ));
    }
    Ok(t)
}

/// The refusal of a template the evaluator does not know, with what it
/// changes when it claims an official id.
fn unknown_template(t: &Template) -> Error {
    let mut message = match official_with_id(t.id()) {
        Some(official) => {
            let mut m = format!(
                "paket ditolak: templat '{}' di paket ini ({}) bukan templat resmi dengan id itu; \
                 skor TPI akan dihitung dengan templat ini. Bedanya dengan templat resmi:",
                shown(t.id()),
                t.sha256().short(12)
            );
            for d in scoring_differences(&official, t, 20) {
                m.push_str("\n  - ");
                m.push_str(&shown(&d));
            }
            m
        }
        None => format!(
            "paket ditolak: templat '{}' ({}) tidak resmi dan tidak dikenal ruang kerja ini; skor TPI akan dihitung dengannya",
            shown(t.id()),
            t.sha256().short(12)
        ),
    };
    message.push_str("\nSetujui hanya bila Anda menerima templat ini untuk menilai");
    needs(ConsentKind::UnknownTemplate, message)
}
