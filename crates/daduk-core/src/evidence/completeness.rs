//! Completeness of data dukung: an item is Lengkap when every kind it
//! requires has an attached file that is present and intact, or is marked
//! "tidak ada" with a reason.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::blobs::BlobState;
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
    /// Attached files of this kind that are present and intact.
    pub files: usize,
    /// Attached files of this kind that are missing or altered.
    pub damaged: usize,
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
    /// Which items are Lengkap. Each file's presence and size are looked at
    /// now; its hash as of the last `verify`.
    pub fn completeness(&self, a: &Assessment) -> Result<Completeness> {
        let template = self.template_of(a)?;
        let store = self.blobs();
        let mut files: HashMap<(ItemCode, String), (usize, usize)> = HashMap::new();
        for e in self.evidence_list(a, None)? {
            let intact =
                e.state == BlobState::Ok && store.quick_state(e.sha256, e.size) == BlobState::Ok;
            let entry = files.entry((e.item, e.kind)).or_default();
            if intact {
                entry.0 += 1;
            } else {
                entry.1 += 1;
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
                    let (intact, damaged) = files.get(&key).copied().unwrap_or_default();
                    let absent_reason = absent.get(&key).cloned();
                    KindStatus {
                        label: template
                            .evidence_kind(&req.kind)
                            .map_or_else(|| req.kind.clone(), |k| k.label.clone()),
                        kind: req.kind.clone(),
                        guidance: req.guidance.clone(),
                        files: intact,
                        damaged,
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
                .map(|(_, (n, d))| n + d)
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
                },
            );
        }
        Ok(out)
    }
}
