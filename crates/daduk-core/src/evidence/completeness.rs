//! Completeness of data dukung: an item is Lengkap when every kind it
//! requires has an attached file that is present, intact and not rejected
//! by the evaluator (TPI), or is marked "tidak ada" with a reason.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::blobs::BlobState;
use super::{Evidence, ReviewStatus};
use crate::code::{AreaCode, ItemCode, SubAreaCode};
use crate::error::Result;
use crate::store::{Assessment, Workspace};

/// How many of a group's items are complete.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Share {
    /// Items Lengkap.
    pub complete: usize,
    /// Items in the group.
    pub total: usize,
    /// complete / total (0 when empty).
    pub share: f64,
}

impl Share {
    fn add(&mut self, complete: bool) {
        self.total += 1;
        self.complete += usize::from(complete);
        self.share = self.complete as f64 / self.total as f64;
    }
}

/// One required kind of an item.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KindStatus {
    /// Kind code.
    pub kind: String,
    /// Kind label.
    pub label: String,
    /// What the template says to supply.
    pub guidance: String,
    /// Attached files of this kind that are present, intact and not
    /// rejected: the ones that cover it.
    pub files: usize,
    /// Attached files of this kind that are missing or altered.
    pub damaged: usize,
    /// Intact files of this kind that TPI rejected (ditolak): they do not
    /// cover it.
    pub rejected: usize,
    /// The reason, when marked "tidak ada".
    pub absent_reason: Option<String>,
    /// Whether this kind is covered.
    pub covered: bool,
}

/// Completeness of one item.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ItemCompleteness {
    /// Lengkap.
    pub complete: bool,
    /// Each required kind.
    pub kinds: Vec<KindStatus>,
    /// Files attached whose kind the item does not require.
    pub other_files: usize,
    /// Files of any kind TPI rejected (ditolak).
    pub rejected: usize,
}

/// TPI's verdicts on an assessment's files.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewTally {
    /// Files accepted (diterima).
    pub accepted: usize,
    /// Files rejected (ditolak).
    pub rejected: usize,
    /// Files not looked at yet.
    pub pending: usize,
}

/// Completeness of an assessment.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Completeness {
    /// Per item.
    pub items: BTreeMap<ItemCode, ItemCompleteness>,
    /// Per sub-area.
    pub sub_areas: BTreeMap<SubAreaCode, Share>,
    /// Per area within a part.
    pub areas: BTreeMap<AreaCode, Share>,
    /// All items.
    pub total: Share,
}

impl Workspace {
    /// Which items are Lengkap, from the state the store keeps of each file
    /// (set when it is attached, re-checked by `verify`): no screen touches
    /// the files themselves.
    pub fn completeness(&self, a: &Assessment) -> Result<Completeness> {
        let template = self.template_of(a)?;
        // Per item and kind: (covering, damaged, rejected) files.
        let mut files: HashMap<(ItemCode, String), (usize, usize, usize)> = HashMap::new();
        for e in self.evidence_list(a, None)? {
            let intact = e.state == BlobState::Ok;
            let entry = files.entry((e.item, e.kind)).or_default();
            if !intact {
                entry.1 += 1;
            } else if e.review_status == ReviewStatus::Rejected {
                entry.2 += 1;
            } else {
                entry.0 += 1;
            }
        }
        let absent: HashMap<(ItemCode, String), String> = self
            .absent_marks(a)?
            .into_iter()
            .map(|m| ((m.item, m.kind), m.reason))
            .collect();
        let mut out = Completeness {
            items: BTreeMap::new(),
            sub_areas: BTreeMap::new(),
            areas: BTreeMap::new(),
            total: Share::default(),
        };
        for r in template.items() {
            let code = r.item.code;
            let kinds: Vec<KindStatus> = r
                .item
                .evidence
                .iter()
                .map(|req| {
                    let key = (code, req.kind.clone());
                    let (intact, damaged, rejected) = files.get(&key).copied().unwrap_or_default();
                    let absent_reason = absent.get(&key).cloned();
                    KindStatus {
                        label: template
                            .evidence_kind(&req.kind)
                            .map_or_else(|| req.kind.clone(), |k| k.label.clone()),
                        kind: req.kind.clone(),
                        guidance: req.guidance.clone(),
                        files: intact,
                        damaged,
                        rejected,
                        covered: intact > 0 || absent_reason.is_some(),
                        absent_reason,
                    }
                })
                .collect();
            let other_files = files
                .iter()
                .filter(|((item, kind), _)| {
                    *item == code && !r.item.evidence.iter().any(|q| &q.kind == kind)
                })
                .map(|(_, (n, d, r))| n + d + r)
                .sum();
            let rejected = files
                .iter()
                .filter(|((item, _), _)| *item == code)
                .map(|(_, (_, _, r))| r)
                .sum();
            let complete = kinds.iter().all(|k| k.covered);
            out.sub_areas
                .entry(code.sub_area_code())
                .or_default()
                .add(complete);
            out.areas.entry(code.area_code()).or_default().add(complete);
            out.total.add(complete);
            out.items.insert(
                code,
                ItemCompleteness {
                    complete,
                    kinds,
                    other_files,
                    rejected,
                },
            );
        }
        Ok(out)
    }

    /// How many files TPI accepted, rejected or has not judged yet.
    pub fn review_tally(&self, a: &Assessment) -> Result<ReviewTally> {
        let mut t = ReviewTally::default();
        for e in self.evidence_list(a, None)? {
            match e.review_status {
                ReviewStatus::Accepted => t.accepted += 1,
                ReviewStatus::Rejected => t.rejected += 1,
                ReviewStatus::Pending => t.pending += 1,
            }
        }
        Ok(t)
    }

    /// The files TPI rejected (ditolak), with the reasons, in LKE order:
    /// what the unit has to replace.
    pub fn rejected_files(&self, a: &Assessment) -> Result<Vec<Evidence>> {
        Ok(self
            .evidence_list(a, None)?
            .into_iter()
            .filter(|e| e.review_status == ReviewStatus::Rejected)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::evidence::ReviewStatus;
    use crate::store::tests::{unit, workspace};

    #[test]
    fn a_rejected_file_does_not_cover_its_kind() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(&dir.path().join("ws"));
        ws.add_unit(&unit("U")).unwrap();
        let a = ws.new_assessment("U", 2024, None).unwrap();
        // P.1.i.a asks for an SK only.
        let item = "P.1.i.a".parse().unwrap();
        let mut ids = Vec::new();
        for (name, body) in [("SK Tim 1.pdf", "sk satu"), ("SK Tim 2.pdf", "sk dua")] {
            let f = dir.path().join(name);
            std::fs::write(&f, body).unwrap();
            let (e, _) = ws
                .add_evidence_file(&a, item, &f, Some("sk"), None, None)
                .unwrap();
            ids.push(e.id);
        }
        let sk = |ws: &crate::Workspace| {
            let c = ws.completeness(&a).unwrap();
            let k = c.items[&item].kinds[0].clone();
            (c.items[&item].complete, k.files, k.rejected, k.covered)
        };
        assert_eq!(sk(&ws), (true, 2, 0, true));

        ws.review_evidence(&a, ids[0], ReviewStatus::Rejected, "tanpa tanda tangan")
            .unwrap();
        assert_eq!(sk(&ws), (true, 1, 1, true), "one good SK still covers");

        ws.review_evidence(&a, ids[1], ReviewStatus::Rejected, "SK tahun lalu")
            .unwrap();
        assert_eq!(
            sk(&ws),
            (false, 0, 2, false),
            "both SK rejected: Tidak Lengkap"
        );
        let progress = ws.progress(&a).unwrap();
        assert!(
            progress
                .areas
                .iter()
                .flat_map(|ar| &ar.incomplete)
                .any(|m| m.item == item),
            "the to-do list names it"
        );

        assert_eq!(ws.completeness(&a).unwrap().items[&item].rejected, 2);
        let rejected = ws.rejected_files(&a).unwrap();
        assert_eq!(rejected.len(), 2);
        assert_eq!(rejected[1].review_note, "SK tahun lalu");
        assert_eq!(
            ws.review_tally(&a).unwrap(),
            super::ReviewTally {
                accepted: 0,
                rejected: 2,
                pending: 0
            }
        );

        // Accepting one again restores it.
        ws.review_evidence(&a, ids[1], ReviewStatus::Accepted, "")
            .unwrap();
        assert_eq!(sk(&ws), (true, 1, 1, true));
    }
}
