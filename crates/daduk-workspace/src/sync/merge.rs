//! The three-way merge of a side, per item, when the server's copy moved
//! since the last sync.
//!
//! For every answer, absent mark, item's references, file and the plan
//! (unit side), every TPI answer and file verdict (TPI side), or every TPN
//! answer and stage (TPN side), with
//! *base* the last agreed state: the same here and there → that; changed
//! only there → taken; changed only here → kept; changed on both,
//! differently → kept here and recorded as a [`SyncConflict`], so nothing
//! is silently lost (the server's value stays in the conflict, shown to
//! the user). Only content is compared; authors and times go with it.

use std::collections::BTreeMap;
use std::fmt::Display;

use super::SyncConflict;
use crate::answer::Role;
use crate::code::ItemCode;
use crate::evidence::ReviewStatus;
use crate::exchange::{Pick, pick};
use crate::hash::Sha256;
use crate::packet::manifest::{
    Manifest, PacketAbsent, PacketAnswer, PacketEvidence, PacketPlan, PacketReference,
};
use crate::store::AssessmentStatus;

/// A side's content, keyed for comparison.
#[derive(Debug, Clone, Default)]
pub(crate) struct Content {
    answers: BTreeMap<ItemCode, PacketAnswer>,
    absent: BTreeMap<(ItemCode, String), PacketAbsent>,
    references: BTreeMap<ItemCode, Vec<PacketReference>>,
    evidence: BTreeMap<(ItemCode, Sha256), PacketEvidence>,
    verdicts: BTreeMap<(ItemCode, Sha256), PacketEvidence>,
    plan: BTreeMap<(), PacketPlan>,
    /// TPN's stages (TPN side).
    stages: BTreeMap<crate::tpn::Stage, crate::tpn::StageRecord>,
    /// The assessment's status, on the unit side (Diajukan on one computer
    /// is Diajukan on the others, and on the server).
    status: Option<AssessmentStatus>,
}

impl Content {
    /// The content of `side` in `m` (the other side's fields are ignored).
    pub(crate) fn of(side: Role, m: &Manifest) -> Content {
        let mut c = Content {
            answers: m
                .answers
                .iter()
                .filter(|a| a.role == side)
                .map(|a| (a.item, a.clone()))
                .collect(),
            ..Content::default()
        };
        match side {
            Role::Unit => {
                c.absent = m
                    .absent
                    .iter()
                    .map(|x| ((x.item, x.kind.clone()), x.clone()))
                    .collect();
                for r in &m.references {
                    c.references.entry(r.item).or_default().push(r.clone());
                }
                c.evidence = m
                    .evidence
                    .iter()
                    .map(|e| ((e.item, e.sha256), e.clone()))
                    .collect();
                if let Some(p) = &m.plan {
                    c.plan.insert((), p.clone());
                }
                c.status = Some(m.status);
            }
            Role::Tpi => {
                // A file without a verdict or note is pending: the same as
                // not listed.
                c.verdicts = m
                    .evidence
                    .iter()
                    .filter(|e| {
                        e.review_status != ReviewStatus::Pending || !e.review_note.is_empty()
                    })
                    .map(|e| ((e.item, e.sha256), e.clone()))
                    .collect();
            }
            Role::Tpn => {
                c.stages = m.tpn_stages.iter().map(|r| (r.stage, r.clone())).collect();
            }
        }
        c
    }

    /// Whether two sides say the same.
    pub(crate) fn same(&self, other: &Content) -> bool {
        eq_maps(&self.answers, &other.answers, same_answer)
            && eq_maps(&self.absent, &other.absent, |a, b| a.reason == b.reason)
            && eq_maps(&self.references, &other.references, same_refs)
            && eq_maps(&self.evidence, &other.evidence, same_file)
            && eq_maps(&self.verdicts, &other.verdicts, same_verdict)
            && eq_maps(&self.plan, &other.plan, |a, b| a == b)
            && eq_maps(&self.stages, &other.stages, |a, b| a == b)
            && self.status == other.status
    }

    /// How many things the side holds (its status is not one of them).
    pub(crate) fn len(&self) -> usize {
        self.answers.len()
            + self.absent.len()
            + self.references.len()
            + self.evidence.len()
            + self.verdicts.len()
            + self.plan.len()
            + self.stages.len()
    }

    /// Whether the side holds nothing at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.answers.is_empty()
            && self.absent.is_empty()
            && self.references.is_empty()
            && self.evidence.is_empty()
            && self.verdicts.is_empty()
            && self.plan.is_empty()
            && self.stages.is_empty()
    }
}

fn eq_maps<K: Ord, V>(a: &BTreeMap<K, V>, b: &BTreeMap<K, V>, same: fn(&V, &V) -> bool) -> bool {
    a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
}

fn same_answer(a: &PacketAnswer, b: &PacketAnswer) -> bool {
    a.value == b.value && a.note.trim() == b.note.trim()
}

fn same_refs(a: &Vec<PacketReference>, b: &Vec<PacketReference>) -> bool {
    let key = |v: &Vec<PacketReference>| {
        let mut k: Vec<(String, String)> =
            v.iter().map(|r| (r.text.clone(), r.url.clone())).collect();
        k.sort();
        k
    };
    key(a) == key(b)
}

fn same_file(a: &PacketEvidence, b: &PacketEvidence) -> bool {
    a.kind == b.kind && a.title == b.title && a.doc_date == b.doc_date && a.file_name == b.file_name
}

fn same_verdict(a: &PacketEvidence, b: &PacketEvidence) -> bool {
    a.review_status == b.review_status && a.review_note == b.review_note
}

/// What a merge came to.
#[derive(Debug, Clone)]
pub(crate) struct Merged {
    /// The merged side: `local`'s header with the merged content.
    pub manifest: Manifest,
    /// Things changed only on the server, taken.
    pub taken: usize,
    /// Things changed on both, differently: kept here.
    pub conflicts: Vec<SyncConflict>,
}

/// Merge one map: see the module's rules.
fn merge_map<K: Ord + Clone, V: Clone>(
    base: &BTreeMap<K, V>,
    local: &BTreeMap<K, V>,
    remote: &BTreeMap<K, V>,
    same: fn(&V, &V) -> bool,
    taken: &mut usize,
    mut conflict: impl FnMut(&K, Option<&V>, Option<&V>, Option<&V>),
) -> BTreeMap<K, V> {
    let mut keys: Vec<&K> = base
        .keys()
        .chain(local.keys())
        .chain(remote.keys())
        .collect();
    keys.sort();
    keys.dedup();
    let mut out = BTreeMap::new();
    for k in keys {
        let (b, l, r) = (base.get(k), local.get(k), remote.get(k));
        let pick = match pick(b, l, r, same) {
            Pick::Here => l,
            Pick::There => {
                *taken += 1;
                r
            }
            Pick::Clash => {
                conflict(k, b, l, r);
                l
            }
        };
        if let Some(v) = pick {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

fn show_answer(a: &PacketAnswer) -> String {
    let value = a.value.clone().unwrap_or_else(|| "(kosong)".into());
    if a.note.trim().is_empty() {
        value
    } else {
        format!("{value}; catatan: {}", a.note.trim())
    }
}

fn show_refs(v: &[PacketReference]) -> String {
    v.iter()
        .map(|r| {
            if r.url.is_empty() {
                r.text.clone()
            } else {
                format!("{} <{}>", r.text, r.url)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn show_file(e: &PacketEvidence) -> String {
    format!("{} ({}, {})", e.file_name, e.title, e.kind)
}

fn show_verdict(e: &PacketEvidence) -> String {
    let status = e.review_status.label();
    if e.review_note.is_empty() {
        status.to_string()
    } else {
        format!("{status}: {}", e.review_note)
    }
}

fn show_plan(p: &PacketPlan) -> String {
    let months: usize = p.activities.iter().map(|a| a.progress.len()).sum();
    format!(
        "{} kegiatan, {} realisasi bulanan",
        p.activities.len(),
        months
    )
}

/// The status, merged like any content — except when both changed it
/// differently (or nothing is known of the last sync): then the further
/// along of the two is kept, and the conflict recorded. A second computer
/// still on Draf never takes back an assessment another has submitted.
fn merge_status(
    base: Option<AssessmentStatus>,
    local: AssessmentStatus,
    remote: AssessmentStatus,
    taken: &mut usize,
    conflict: impl FnOnce(Option<String>, Option<String>, Option<String>),
) -> AssessmentStatus {
    if local == remote || base == Some(remote) {
        local
    } else if base == Some(local) {
        *taken += 1;
        remote
    } else {
        let show = |s: AssessmentStatus| Some(s.label().to_string());
        conflict(base.and_then(show), show(local), show(remote));
        let further = local.max(remote);
        if further != local {
            *taken += 1;
        }
        further
    }
}

/// Merge `remote` into `local` against `base` (none: never synced, so
/// whatever differs and is on both is a conflict).
pub(crate) fn merge(
    side: Role,
    base: Option<&Manifest>,
    local: &Manifest,
    remote: &Manifest,
) -> Merged {
    let b = base.map(|m| Content::of(side, m)).unwrap_or_default();
    let l = Content::of(side, local);
    let r = Content::of(side, remote);
    let mut taken = 0;
    let mut conflicts = Vec::new();
    let mut record = |what: &str, key: String, shown: [Option<String>; 3]| {
        let [base, local, remote] = shown;
        conflicts.push(SyncConflict {
            side,
            what: what.into(),
            key,
            base,
            local,
            remote,
        });
    };
    fn show<V>(v: [Option<&V>; 3], f: impl Fn(&V) -> String) -> [Option<String>; 3] {
        v.map(|x| x.map(&f))
    }
    fn key2<A: Display, B: Display>(k: &(A, B)) -> String {
        format!("{}/{}", k.0, k.1)
    }
    let answers = merge_map(
        &b.answers,
        &l.answers,
        &r.answers,
        same_answer,
        &mut taken,
        |k, x, y, z| {
            record("jawaban", k.to_string(), show([x, y, z], show_answer));
        },
    );
    let mut m = local.clone();
    // The other side's answers in `local` (none in a side this workspace
    // built) stay as they were.
    m.answers.retain(|a| a.role != side);
    m.answers.extend(answers.into_values());
    match side {
        Role::Unit => {
            let absent = merge_map(
                &b.absent,
                &l.absent,
                &r.absent,
                |x, y| x.reason == y.reason,
                &mut taken,
                |k, x, y, z| record("tidak ada", key2(k), show([x, y, z], |a| a.reason.clone())),
            );
            let references = merge_map(
                &b.references,
                &l.references,
                &r.references,
                same_refs,
                &mut taken,
                |k, x, y, z| record("rujukan", k.to_string(), show([x, y, z], |v| show_refs(v))),
            );
            let evidence = merge_map(
                &b.evidence,
                &l.evidence,
                &r.evidence,
                same_file,
                &mut taken,
                |k, x, y, z| {
                    record(
                        "data dukung",
                        format!("{}/{}", k.0, k.1.short(12)),
                        show([x, y, z], show_file),
                    );
                },
            );
            let plan = merge_map(
                &b.plan,
                &l.plan,
                &r.plan,
                |x, y| x == y,
                &mut taken,
                |_, x, y, z| {
                    record("rencana aksi", "rencana".into(), show([x, y, z], show_plan));
                },
            );
            m.absent = absent.into_values().collect();
            m.references = references.into_values().flatten().collect();
            m.evidence = evidence.into_values().collect();
            m.plan = plan.into_values().next();
            m.status = merge_status(
                b.status,
                local.status,
                remote.status,
                &mut taken,
                |x, y, z| {
                    record("status penilaian", "status".into(), [x, y, z]);
                },
            );
            // A plan's realisation may name only files of the side.
            if let Some(p) = &m.plan {
                let listed: std::collections::BTreeSet<(ItemCode, Sha256)> =
                    m.evidence.iter().map(|e| (e.item, e.sha256)).collect();
                let dangling = p.activities.iter().any(|a| {
                    a.progress.iter().any(|r| {
                        r.evidence
                            .iter()
                            .any(|e| !listed.contains(&(e.item, e.sha256)))
                    })
                });
                if dangling {
                    // Keep the local plan's own files: they are local's.
                    for e in &local.evidence {
                        if !listed.contains(&(e.item, e.sha256)) {
                            m.evidence.push(e.clone());
                        }
                    }
                }
            }
            super::build::relink_files(&mut m, super::build::template_size(local));
        }
        Role::Tpi => {
            let verdicts = merge_map(
                &b.verdicts,
                &l.verdicts,
                &r.verdicts,
                same_verdict,
                &mut taken,
                |k, x, y, z| {
                    record(
                        "penilaian berkas",
                        format!("{}/{}", k.0, k.1.short(12)),
                        show([x, y, z], show_verdict),
                    );
                },
            );
            for e in &mut m.evidence {
                match verdicts.get(&(e.item, e.sha256)) {
                    Some(v) => {
                        e.review_status = v.review_status;
                        e.review_note = v.review_note.clone();
                        e.reviewed_by = v.reviewed_by.clone();
                        e.reviewed_at = v.reviewed_at.clone();
                    }
                    None => {
                        e.review_status = ReviewStatus::Pending;
                        e.review_note = String::new();
                    }
                }
            }
        }
        Role::Tpn => {
            let show_stage = crate::tpn::StageRecord::brief;
            let stages = merge_map(
                &b.stages,
                &l.stages,
                &r.stages,
                |x, y| x == y,
                &mut taken,
                |k, x, y, z| record("tahap", k.to_string(), show([x, y, z], show_stage)),
            );
            let merged: Vec<_> = stages.into_values().collect();
            // Stages taken one by one may not make a history together (a
            // "tidak lolos" here, a later stage there): then this side's
            // stages stay, and the server's are recorded.
            if crate::tpn::check(&merged).is_ok() {
                m.tpn_stages = merged;
            } else {
                record(
                    "tahap",
                    "riwayat".into(),
                    [
                        None,
                        Some(
                            local
                                .tpn_stages
                                .iter()
                                .map(show_stage)
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                        Some(
                            remote
                                .tpn_stages
                                .iter()
                                .map(show_stage)
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                    ],
                );
            }
        }
    }
    Merged {
        manifest: m,
        taken,
        conflicts,
    }
}
