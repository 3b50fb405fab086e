//! Evidence as the rules see it: the reviewer's verdict, the state of a
//! stored file, "tidak ada" marks, and completeness of data dukung: an item
//! is Lengkap when every kind it requires has an attached file that is
//! present, intact and not rejected by the evaluator (TPI), or is marked
//! "tidak ada" with a reason.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::code::{AreaCode, ItemCode, SubAreaCode};
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::template::Template;

/// What the last look at a stored file found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum BlobState {
    /// Present, and (at the last verify) its hash matched.
    Ok,
    /// Not in the store.
    Missing,
    /// Present but its content no longer matches its hash.
    Altered,
}

impl BlobState {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            BlobState::Ok => "ok",
            BlobState::Missing => "missing",
            BlobState::Altered => "altered",
        }
    }
}

/// The reviewer's verdict on a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    /// Belum diperiksa.
    Pending,
    /// Diterima.
    Accepted,
    /// Ditolak (with a note).
    Rejected,
}

impl ReviewStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "pending",
            ReviewStatus::Accepted => "accepted",
            ReviewStatus::Rejected => "rejected",
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "belum diperiksa",
            ReviewStatus::Accepted => "diterima",
            ReviewStatus::Rejected => "ditolak",
        }
    }
}

impl std::str::FromStr for ReviewStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().replace(' ', "_").as_str() {
            "pending" | "belum" | "belum_diperiksa" => Ok(ReviewStatus::Pending),
            "accepted" | "diterima" | "terima" => Ok(ReviewStatus::Accepted),
            "rejected" | "ditolak" | "tolak" => Ok(ReviewStatus::Rejected),
            other => Err(Error::Invalid(format!(
                "status periksa '{other}' tidak dikenal; pakai diterima, ditolak atau belum"
            ))),
        }
    }
}

/// A file attached to an item.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Evidence {
    /// Id within the workspace.
    pub id: i64,
    /// The item it supports.
    pub item: ItemCode,
    /// Evidence kind code (`undangan`, `sk`, ...).
    pub kind: String,
    /// Title.
    pub title: String,
    /// The document's own date (tanggal dokumen), `YYYY-MM-DD`.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub doc_date: Option<NaiveDate>,
    /// The original file name.
    pub file_name: String,
    /// Where it came from, relative to an imported folder (for information;
    /// never read again).
    pub source_path: Option<String>,
    /// Size in bytes.
    pub size: u64,
    /// Media type, e.g. `application/pdf`.
    pub media_type: String,
    /// SHA-256 of the content.
    pub sha256: Sha256,
    /// Who added it.
    pub added_by: String,
    /// When (RFC 3339).
    pub added_at: String,
    /// The reviewer's verdict.
    pub review_status: ReviewStatus,
    /// The reviewer's note.
    pub review_note: String,
    /// Who gave the verdict.
    pub reviewed_by: Option<String>,
    /// When.
    pub reviewed_at: Option<String>,
    /// What the last look at the stored file found.
    pub state: BlobState,
    /// Whether a folder import placed it on its item by what its content
    /// says (its name named no item).
    #[serde(default)]
    pub placed_by_content: bool,
    /// The year it was carried over from, when this assessment was started
    /// from an earlier one (same content, no copy).
    #[serde(default)]
    pub carried_from: Option<i32>,
    /// Until when a lasting document is valid (berlaku sampai), when known.
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub valid_until: Option<NaiveDate>,
    /// For a carried file: why it no longer counts this year.
    #[serde(default)]
    pub expired: Option<crate::years::Expiry>,
}

/// What may be changed on an attached file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EvidenceChanges {
    /// New kind.
    pub kind: Option<String>,
    /// New title.
    pub title: Option<String>,
    /// New document date; `Some(None)` clears it.
    pub doc_date: Option<Option<NaiveDate>>,
    /// New end of validity (berlaku sampai); `Some(None)` clears it.
    #[serde(default)]
    pub valid_until: Option<Option<NaiveDate>>,
}

/// A required kind marked "tidak ada" with a reason.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AbsentMark {
    /// The item.
    pub item: ItemCode,
    /// The kind.
    pub kind: String,
    /// Why there is none.
    pub reason: String,
    /// Who marked it.
    pub marked_by: String,
    /// When.
    pub marked_at: String,
}

/// The kind code `text` names in `template` (`Daftar Hadir`, `daftar-hadir`
/// and `daftar_hadir` are the same).
pub fn kind_code(template: &Template, text: &str) -> Result<String> {
    let code = text.trim().to_lowercase().replace([' ', '-'], "_");
    match template.evidence_kind(&code) {
        Some(k) => Ok(k.code.clone()),
        None => {
            let known: Vec<&str> = template
                .doc()
                .evidence_kinds
                .iter()
                .map(|k| k.code.as_str())
                .collect();
            Err(Error::Invalid(format!(
                "jenis data dukung '{text}' tidak dikenal; pilih salah satu: {}",
                known.join(", ")
            )))
        }
    }
}

/// Parse a document date `YYYY-MM-DD`.
pub fn parse_doc_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Error::Invalid(format!(
            "tanggal dokumen '{text}' tidak sah; tulis TTTT-BB-HH, misalnya 2024-03-30"
        ))
    })
}

/// A date field of an edit as typed: absent keeps the stored date, an
/// empty text clears it, anything else must be a date (`TTTT-BB-HH`).
pub fn date_change(text: Option<&str>) -> Result<Option<Option<NaiveDate>>> {
    match text.map(str::trim) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(d) => Ok(Some(Some(parse_doc_date(d)?))),
    }
}

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

/// What completeness needs to know of one attached file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFact {
    /// The item it is attached to.
    pub item: ItemCode,
    /// Its kind code.
    pub kind: String,
    /// Present and intact at the last look.
    pub intact: bool,
    /// TPI's verdict.
    pub review: ReviewStatus,
}

impl From<&Evidence> for FileFact {
    fn from(e: &Evidence) -> FileFact {
        FileFact {
            item: e.item,
            kind: e.kind.clone(),
            intact: e.state == BlobState::Ok,
            review: e.review_status,
        }
    }
}

/// Which items of `template` are Lengkap, given the attached files and the
/// kinds marked "tidak ada" (item, kind, reason).
pub fn completeness(
    template: &Template,
    facts: impl IntoIterator<Item = FileFact>,
    absent_marks: impl IntoIterator<Item = (ItemCode, String, String)>,
) -> Completeness {
    let mut files: HashMap<(ItemCode, String), (usize, usize, usize)> = HashMap::new();
    for e in facts {
        let entry = files.entry((e.item, e.kind)).or_default();
        if !e.intact {
            entry.1 += 1;
        } else if e.review == ReviewStatus::Rejected {
            entry.2 += 1;
        } else {
            entry.0 += 1;
        }
    }
    let absent: HashMap<(ItemCode, String), String> = absent_marks
        .into_iter()
        .map(|(item, kind, reason)| ((item, kind), reason))
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
    out
}

/// How many files TPI accepted, rejected or has not judged yet.
pub fn review_tally(verdicts: impl IntoIterator<Item = ReviewStatus>) -> ReviewTally {
    let mut t = ReviewTally::default();
    for v in verdicts {
        match v {
            ReviewStatus::Accepted => t.accepted += 1,
            ReviewStatus::Rejected => t.rejected += 1,
            ReviewStatus::Pending => t.pending += 1,
        }
    }
    t
}
