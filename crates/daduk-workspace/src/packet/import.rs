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
use super::manifest::{MAX_MANIFEST_BYTES, Manifest, PacketAnswer, PacketKind, PacketPlan};
use super::standing::{look_alike_message, own_packet_message, sender_name};
use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::error::{ConsentKind, Error, Result};
use crate::evidence::ReviewStatus;
use crate::hash::Sha256;
use crate::job::{Done, Job};
use crate::plan::{ItemPlan, NewActivity, check_activity, check_item};
use crate::store::answers::{Stamp, ValueChange};
use crate::store::packets::{Direction, PacketEntry};
use crate::store::plan::{ActivityRows, ProgressRow};
use crate::store::templates::TemplateOrigin;
use crate::store::{Assessment, AssessmentStatus, Workspace, now};
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
    /// The key that signed this sender's earlier packets, when this one was
    /// signed by another (the user accepted it; the audit log records it).
    pub key_changed_from: Option<String>,
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

/// The answers of one role, parsed against the template; the packet is
/// refused on the first that does not fit.
pub(crate) fn parse_answers<'m>(
    template: &Template,
    m: &'m Manifest,
    role: Role,
) -> Result<HashMap<ItemCode, (Option<AnswerValue>, &'m PacketAnswer)>> {
    let mut out = HashMap::new();
    for a in m.answers.iter().filter(|a| a.role == role) {
        let value = a
            .value
            .as_deref()
            .map(|v| AnswerValue::parse(template, a.item, v))
            .transpose()
            .map_err(|e| Error::Invalid(format!("paket ditolak: {e}")))?;
        if out.insert(a.item, (value, a)).is_some() {
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
                shown(&e.kind),
                e.item
            )));
        }
    }
    Ok(out)
}

/// Refused unless the user agrees.
fn needs(consent: ConsentKind, message: String) -> Error {
    Error::NeedsConsent { consent, message }
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
            (PacketKind::Review, _) => self.template(m.template.sha256).map_err(|_| {
                Error::Invalid(format!(
                    "paket reviu memakai templat {} yang tidak ada di ruang kerja ini; apakah paket ini untuk ruang kerja lain?",
                    m.template.sha256.short(12)
                ))
            })?,
        };
        let own_role = match m.kind {
            PacketKind::Submission => Role::Unit,
            PacketKind::Review => Role::Tpi,
        };
        let answers = parse_answers(&template, &m, own_role)?;
        let store = self.blobs();
        let with_store = (m.kind == PacketKind::Submission).then_some(&store);
        let checked = check::check_files(&mut opened, with_store, opts.job)?;
        if !checked.findings.is_empty() {
            let _ = self.release_blobs(&checked.created);
            return Err(findings_error(&checked.findings));
        }
        let result = match m.kind {
            PacketKind::Submission => self.apply_submission(
                &m,
                &template,
                &answers,
                &checked.placed,
                manifest_sha,
                opts.consent,
                report,
            ),
            PacketKind::Review => {
                self.apply_review(&m, &answers, manifest_sha, opts.consent, report)
            }
        };
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
            key_changed_from: None,
            warnings: Vec::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn apply_submission(
        &self,
        m: &Manifest,
        template: &Template,
        answers: &HashMap<ItemCode, (Option<AnswerValue>, &PacketAnswer)>,
        placed: &HashSet<Sha256>,
        manifest_sha: Sha256,
        consent: Consent,
        mut report: PacketImportReport,
    ) -> Result<PacketImportReport> {
        // Everything below reads and writes under the write lock: a second
        // import of the same packet running at the same time sees this one
        // whole or not at all.
        let tx = self.write()?;
        report.key_changed_from =
            self.check_sender(m, manifest_sha, &report.fingerprint, consent)?;
        let existing_unit = self.unit(&m.unit.code).ok();
        if existing_unit.is_none()
            && let Some(twin) = self.look_alike_unit(&m.unit.code, &m.unit.name)?
        {
            let message = look_alike_message(m, &twin);
            if !consent.look_alike {
                return Err(needs(
                    ConsentKind::LookAlikeUnit,
                    format!(
                        "paket ditolak: {message}. Setujui unit baru ini hanya bila memang unit lain"
                    ),
                ));
            }
            report.warnings.push(format!(
                "{message}; dibuat sebagai unit baru karena Anda menyetujuinya"
            ));
        }
        if let Some(u) = &existing_unit
            && !u.name.trim().eq_ignore_ascii_case(m.unit.name.trim())
        {
            return Err(Error::Invalid(format!(
                "unit {} sudah ada di ruang kerja ini dengan nama lain ('{}', paket: '{}'); periksa apakah paket ini untuk unit yang sama",
                u.code,
                shown(&u.name),
                shown(&m.unit.name)
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
        // The unit's side only: what the unit's workspace holds as TPI
        // answers or file verdicts is not the evaluator's word.
        let tpi_sent = m.answers.iter().filter(|a| a.role == Role::Tpi).count();
        let verdicts_sent = m
            .evidence
            .iter()
            .filter(|e| e.review_status != ReviewStatus::Pending)
            .count();
        if tpi_sent + verdicts_sent > 0 {
            report.warnings.push(format!(
                "paket memuat {tpi_sent} jawaban TPI dan {verdicts_sent} penilaian berkas dari ruang kerja unit; diabaikan (sisi TPI hanya diisi evaluator)"
            ));
        }
        let sender = Stamp {
            by: &m.created_by,
            at: &m.created_at,
        };
        self.insert_template(&tx, template)?;
        if consent.template && !self.template_trusted(template)? {
            self.set_template_origin_tx(&tx, template.sha256(), TemplateOrigin::Accepted)?;
        }
        let unit_id = match &existing_unit {
            Some(u) => u.id,
            None => {
                report.unit_created = true;
                self.insert_unit(&tx, &m.unit.new_unit())?
            }
        };
        let assessment_id = match &existing {
            Some(a) => a.id,
            None => {
                report.assessment_created = true;
                self.insert_assessment(&tx, unit_id, &m.unit.code, m.year, template)?
            }
        };
        let taken =
            self.take_unit_answers_tx(&tx, assessment_id, template, m, answers, sender, "paket")?;
        report.answers_changed += taken.values;
        report.notes_changed += taken.notes;
        let marks: Vec<(ItemCode, String, String)> = m
            .absent
            .iter()
            .map(|x| (x.item, x.kind.clone(), x.reason.clone()))
            .collect();
        self.replace_absent_tx(&tx, assessment_id, &marks, sender)?;
        let listed: HashSet<(ItemCode, Sha256)> =
            m.evidence.iter().map(|e| (e.item, e.sha256)).collect();
        // An evaluator's workspace: the packet speaks for the files the
        // unit's packets brought, never for the evaluator's own.
        let withdrawn =
            self.withdraw_unlisted_tx(&tx, assessment_id, &listed, |from_packet| from_packet)?;
        report.evidence_withdrawn = withdrawn.len();
        let added = self.take_listed_files_tx(&tx, assessment_id, m, sender, placed, true)?;
        report.evidence_added += added;
        report.evidence_known += m.evidence.len() - added;
        // The unit's plan, as sent: the evaluator's copy is replaced whole.
        if let Some(plan) = &m.plan {
            let (items, activities) = plan_rows(template, plan)?;
            let changes = self.replace_plan_tx(
                &tx,
                assessment_id,
                &format!("{} {}", m.unit.code, m.year),
                &items,
                &activities,
                (&plan.created_by, &plan.created_at),
            )?;
            report.plan_activities = Some(activities.len());
            report.plan_items_changed = changes.items;
            report.plan_activities_changed = changes.activities;
        }
        let a = Assessment {
            id: assessment_id,
            unit: m.unit.code.clone(),
            unit_name: m.unit.name.clone(),
            year: m.year,
            template_sha256: template.sha256(),
            template_official: is_official(template.sha256()),
            template_id: template.id().to_string(),
            status: existing
                .as_ref()
                .map_or(AssessmentStatus::Draft, |a| a.status),
            created_at: now(),
        };
        if a.status == AssessmentStatus::Draft {
            self.set_status_tx(&tx, &a, AssessmentStatus::Submitted)?;
        }
        self.log_key_change_tx(&tx, assessment_id, m, &report)?;
        self.log_packet_tx(
            &tx,
            assessment_id,
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
        let moved = self.release_blobs_tx(&tx, &withdrawn)?;
        self.commit_releasing(tx, &moved)?;
        Ok(report)
    }

    fn apply_review(
        &self,
        m: &Manifest,
        answers: &HashMap<ItemCode, (Option<AnswerValue>, &PacketAnswer)>,
        manifest_sha: Sha256,
        consent: Consent,
        mut report: PacketImportReport,
    ) -> Result<PacketImportReport> {
        let tx = self.write()?;
        report.key_changed_from =
            self.check_sender(m, manifest_sha, &report.fingerprint, consent)?;
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
        if m.plan.is_some() {
            report.warnings.push(
                "paket reviu memuat rencana aksi; diabaikan (rencana aksi hanya diisi unit)".into(),
            );
        }
        let template = self.template_of(&a)?;
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
        let sender = Stamp {
            by: &m.created_by,
            at: &m.created_at,
        };
        for &item in template.item_codes() {
            let tpi = answers.get(&item);
            let (value, note, stamp) = match tpi {
                Some((v, x)) => (
                    v.as_ref().map_or(ValueChange::Clear, ValueChange::Set),
                    x.note.as_str(),
                    Stamp {
                        by: &x.updated_by,
                        at: &x.updated_at,
                    },
                ),
                None => (ValueChange::Clear, "", sender),
            };
            let changed =
                self.upsert_as(&tx, a.id, Role::Tpi, item, value, Some(note), Some(stamp))?;
            report.answers_changed += usize::from(changed.value);
            report.notes_changed += usize::from(changed.note);
            let sent = sent.get(&item).copied().flatten().map(str::to_string);
            let now_value = current.get(&item).cloned().flatten();
            if sent != now_value {
                let conflict = Conflict {
                    item,
                    sent,
                    current: now_value,
                    tpi: tpi.and_then(|(v, _)| v.as_ref().map(ToString::to_string)),
                };
                self.insert_review_conflict_tx(&tx, a.id, &conflict, manifest_sha)?;
                report.conflicts.push(conflict);
            }
        }
        for e in &m.evidence {
            match self.evidence_id_tx(&tx, a.id, e.item, e.sha256)? {
                Some(id) => {
                    let stamp = match (&e.reviewed_by, &e.reviewed_at) {
                        (Some(by), Some(at)) => Stamp { by, at },
                        _ => sender,
                    };
                    if self.set_review_tx(&tx, a.id, id, e.review_status, &e.review_note, stamp)? {
                        report.statuses_updated += 1;
                    }
                }
                None => report.warnings.push(format!(
                    "berkas {} ({}) yang dinilai TPI tidak ada lagi di butir {}",
                    shown(&e.file_name),
                    e.sha256.short(12),
                    e.item
                )),
            }
        }
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

/// A submission's plan checked against its template, as rows to store:
/// every item known, every activity as `daduk plan activity add` would
/// take it.
pub(crate) fn plan_rows(
    template: &Template,
    plan: &PacketPlan,
) -> Result<(Vec<ItemPlan>, Vec<ActivityRows>)> {
    let refused = |what: String, e: Error| {
        Error::Invalid(format!(
            "paket ditolak: rencana aksi {what}: {e}; tidak ada yang diimpor"
        ))
    };
    let mut items = Vec::with_capacity(plan.items.len());
    for i in &plan.items {
        check_item(template, i.item).map_err(|e| refused(format!("butir {}", i.item), e.into()))?;
        items.push(ItemPlan {
            code: i.item,
            months: i.months,
            pic: i.pic.clone(),
            note: i.note.clone(),
        });
    }
    let mut activities = Vec::with_capacity(plan.activities.len());
    for (n, a) in plan.activities.iter().enumerate() {
        let fields = check_activity(
            template,
            &NewActivity {
                area: a.area,
                program: a.program.clone(),
                activity: a.activity.clone(),
                target: a.target.clone(),
                months: a.months,
                pic: a.pic.clone(),
                outputs: a.outputs.clone(),
                items: a.items.clone(),
            },
        )
        .map_err(|e| refused(format!("kegiatan ke-{}", n + 1), e.into()))?;
        let progress = a
            .progress
            .iter()
            .map(|r| ProgressRow {
                month: r.month,
                status: r.status,
                percent: r.percent,
                note: r.note.clone(),
                kendala: r.kendala.clone(),
                solusi: r.solusi.clone(),
                rekomendasi: r.rekomendasi.clone(),
                evidence: r.evidence.iter().map(|e| (e.item, e.sha256)).collect(),
                updated_by: r.updated_by.clone(),
                updated_at: r.updated_at.clone(),
            })
            .collect();
        activities.push(ActivityRows { fields, progress });
    }
    Ok((items, activities))
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

impl Workspace {
    /// Write a unit side's answers and references as sent (a submission
    /// packet, a unit side pulled from a server): the unit's answers are the
    /// unit's, taken with their author and time; an item the side does not
    /// answer is cleared in the sender's name. `source` names where the
    /// references came from. Returns what changed.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn take_unit_answers_tx(
        &self,
        tx: &crate::store::Tx<'_>,
        assessment_id: i64,
        template: &Template,
        m: &Manifest,
        answers: &HashMap<ItemCode, (Option<AnswerValue>, &PacketAnswer)>,
        sender: Stamp<'_>,
        source: &str,
    ) -> Result<Taken> {
        let mut changed = Taken::default();
        for &item in template.item_codes() {
            let (value, note, stamp) = match answers.get(&item) {
                Some((v, a)) => (
                    v.as_ref().map_or(ValueChange::Clear, ValueChange::Set),
                    a.note.as_str(),
                    Stamp {
                        by: &a.updated_by,
                        at: &a.updated_at,
                    },
                ),
                None => (ValueChange::Clear, "", sender),
            };
            let c = self.upsert_as(
                tx,
                assessment_id,
                Role::Unit,
                item,
                value,
                Some(note),
                Some(stamp),
            )?;
            changed.values += usize::from(c.value);
            changed.notes += usize::from(c.note);
            changed.items += usize::from(c.any());
        }
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
            self.put_references(tx, assessment_id, item, &refs, source, true)?;
        }
        Ok(changed)
    }
}

/// What writing a unit side's answers changed.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Taken {
    /// Answers whose value changed.
    pub values: usize,
    /// Notes changed.
    pub notes: usize,
    /// Items whose answer or note changed.
    pub items: usize,
}
