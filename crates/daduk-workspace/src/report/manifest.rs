//! The manifest: a canonical JSON description of an assessment's state, and
//! its SHA-256, printed in every report's footer so a printed page can be
//! traced to exactly what the workspace held when it was made.
//!
//! # Format `daduk-manifest/1`
//!
//! One JSON object, serialised compactly (no spaces or line breaks), UTF-8,
//! keys in the order below, strings as stored (already trimmed), integers
//! only (no floats, so no rounding question):
//!
//! ```text
//! { "format": "daduk-manifest/1",
//!   "unit": { "code", "name", "instansi", "parent", "target",
//!             "kepala_name", "kepala_nip", "ketua_name", "ketua_nip" },
//!   "assessment": { "year", "status", "template_id", "template_sha256" },
//!   "answers": { "unit": [ { "item", "value", "note" } ... ],
//!                "tpi":  [ { "item", "value", "note" } ... ] },
//!   "absent": [ { "item", "kind", "reason" } ... ],
//!   "evidence": [ { "item", "kind", "title", "doc_date", "file_name", "size",
//!                   "media_type", "sha256", "review_status", "review_note" } ... ],
//!   "references": [ { "item", "text", "url" } ... ] }
//! ```
//!
//! `references` (evidence text and links kept on items) is left out when
//! there are none, so the hash of an assessment without any is what it was
//! before references existed; they are in LKE order, then by text and URL.
//!
//! Lists are in LKE order of their item (the template's order), then: answers
//! one per item; absent marks by kind; evidence by kind, title, SHA-256 and
//! file name. `value` is the canonical answer text (`ya`, `b`, `a=5;b=7`,
//! `3.61`) or `null` when only a note is written; `doc_date` is `YYYY-MM-DD`
//! or `null`.
//!
//! What is left out on purpose: database ids, who changed what and when, and
//! the last verify result. Those describe the history of one workspace, not
//! its content, so the same content gives the same hash on another machine
//! (a review packet opened elsewhere included). A file's content is in the
//! manifest through its SHA-256, so a changed file changes the hash.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::answer::Role;
use crate::code::ItemCode;
use crate::error::Result;
use crate::hash::Sha256;
use crate::store::{Assessment, Workspace};

/// The format tag of this version.
pub const MANIFEST_FORMAT: &str = "daduk-manifest/1";

/// The state of one assessment, in canonical form. See the module doc.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`MANIFEST_FORMAT`].
    pub format: String,
    /// The unit.
    pub unit: ManifestUnit,
    /// The assessment.
    pub assessment: ManifestAssessment,
    /// Both answer sets.
    pub answers: ManifestAnswers,
    /// Required kinds marked "tidak ada".
    pub absent: Vec<ManifestAbsent>,
    /// Every attached file.
    pub evidence: Vec<ManifestEvidence>,
    /// Evidence references kept on items (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<ManifestReference>,
    /// The national evaluation's stages (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tpn_stages: Vec<crate::tpn::StageRecord>,
}

/// A reference kept on an item (text and URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestReference {
    /// The item.
    pub item: ItemCode,
    /// What the document is.
    pub text: String,
    /// Where it is.
    pub url: String,
}

/// The unit's details as the report prints them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestUnit {
    /// Unit code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Instansi.
    pub instansi: String,
    /// Parent unit code.
    pub parent: Option<String>,
    /// Target predicate code (`wbk`, `wbbm`).
    pub target: String,
    /// Kepala Satuan Kerja.
    pub kepala_name: String,
    /// Their NIP.
    pub kepala_nip: String,
    /// Ketua Tim Kerja.
    pub ketua_name: String,
    /// Their NIP.
    pub ketua_nip: String,
}

/// The assessment and the exact template it uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestAssessment {
    /// Year assessed.
    pub year: i32,
    /// Status code (`draft`, ...).
    pub status: String,
    /// Template id.
    pub template_id: String,
    /// SHA-256 of the template's JSON.
    pub template_sha256: Sha256,
}

/// Both roles' answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestAnswers {
    /// The unit's.
    pub unit: Vec<ManifestAnswer>,
    /// TPI's.
    pub tpi: Vec<ManifestAnswer>,
    /// TPN's, as recorded (absent when none: the fingerprint of an
    /// assessment without TPN's result is what it always was).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tpn: Vec<ManifestAnswer>,
}

/// One stored answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestAnswer {
    /// The item.
    pub item: ItemCode,
    /// Canonical answer text, `None` when only a note is written.
    pub value: Option<String>,
    /// The note.
    pub note: String,
}

/// A "tidak ada" mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestAbsent {
    /// The item.
    pub item: ItemCode,
    /// The kind.
    pub kind: String,
    /// Why.
    pub reason: String,
}

/// An attached file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEvidence {
    /// The item.
    pub item: ItemCode,
    /// Kind code.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Document date, `YYYY-MM-DD`.
    pub doc_date: Option<String>,
    /// Original file name.
    pub file_name: String,
    /// Size in bytes.
    pub size: u64,
    /// Media type.
    pub media_type: String,
    /// SHA-256 of the content.
    pub sha256: Sha256,
    /// Reviewer's verdict code.
    pub review_status: String,
    /// Reviewer's note.
    pub review_note: String,
}

impl Manifest {
    /// The canonical bytes (compact JSON, see the module doc).
    pub fn to_canonical_json(&self) -> Vec<u8> {
        // Serialising plain structs of strings and integers cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// SHA-256 of the canonical bytes: the state's fingerprint.
    pub fn sha256(&self) -> Sha256 {
        Sha256::of_bytes(&self.to_canonical_json())
    }
}

/// The manifest of an assessment as the workspace holds it now.
pub fn build_manifest(ws: &Workspace, a: &Assessment) -> Result<Manifest> {
    // The stored status, not the one `a` was read with.
    let a = &ws.assessment_by_id(a.id)?;
    let template = ws.template_of(a)?;
    let unit = ws.unit(&a.unit)?;
    let order: HashMap<ItemCode, usize> = template
        .item_codes()
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i))
        .collect();
    let pos = |c: &ItemCode| order.get(c).copied().unwrap_or(usize::MAX);
    let mut answers = ManifestAnswers {
        unit: Vec::new(),
        tpi: Vec::new(),
        tpn: Vec::new(),
    };
    for r in ws.answer_records(a)? {
        let entry = ManifestAnswer {
            item: r.item,
            value: r.value,
            note: r.note,
        };
        match r.role {
            Role::Unit => answers.unit.push(entry),
            Role::Tpi => answers.tpi.push(entry),
            Role::Tpn => answers.tpn.push(entry),
        }
    }
    answers.unit.sort_by_key(|x| pos(&x.item));
    answers.tpi.sort_by_key(|x| pos(&x.item));
    answers.tpn.sort_by_key(|x| pos(&x.item));
    let mut absent: Vec<ManifestAbsent> = ws
        .absent_marks(a)?
        .into_iter()
        .map(|m| ManifestAbsent {
            item: m.item,
            kind: m.kind,
            reason: m.reason,
        })
        .collect();
    absent.sort_by(|x, y| (pos(&x.item), &x.kind).cmp(&(pos(&y.item), &y.kind)));
    let mut evidence: Vec<ManifestEvidence> = ws
        .evidence_list(a, None)?
        .into_iter()
        .map(|e| ManifestEvidence {
            item: e.item,
            kind: e.kind,
            title: e.title,
            doc_date: e.doc_date.map(|d| d.to_string()),
            file_name: e.file_name,
            size: e.size,
            media_type: e.media_type,
            sha256: e.sha256,
            review_status: e.review_status.code().to_string(),
            review_note: e.review_note,
        })
        .collect();
    evidence.sort_by(|x, y| {
        (pos(&x.item), &x.kind, &x.title, x.sha256, &x.file_name).cmp(&(
            pos(&y.item),
            &y.kind,
            &y.title,
            y.sha256,
            &y.file_name,
        ))
    });
    let mut references: Vec<ManifestReference> = ws
        .references(a, None)?
        .into_iter()
        .map(|r| ManifestReference {
            item: r.item,
            text: r.reference.text,
            url: r.reference.url,
        })
        .collect();
    references
        .sort_by(|x, y| (pos(&x.item), &x.text, &x.url).cmp(&(pos(&y.item), &y.text, &y.url)));
    Ok(Manifest {
        format: MANIFEST_FORMAT.to_string(),
        unit: ManifestUnit {
            code: unit.code,
            name: unit.name,
            instansi: unit.instansi,
            parent: unit.parent,
            target: unit.target.code().to_string(),
            kepala_name: unit.kepala_name,
            kepala_nip: unit.kepala_nip,
            ketua_name: unit.ketua_name,
            ketua_nip: unit.ketua_nip,
        },
        assessment: ManifestAssessment {
            year: a.year,
            status: a.status.code().to_string(),
            template_id: a.template_id.clone(),
            template_sha256: a.template_sha256,
        },
        answers,
        absent,
        evidence,
        references,
        tpn_stages: ws.tpn_stages(a)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::AnswerValue;
    use crate::store::tests::{unit, workspace};

    fn answered(dir: &std::path::Path, order: &[(&str, &str)]) -> (Workspace, Assessment) {
        let ws = workspace(dir);
        ws.add_unit(&unit("U")).unwrap();
        let a = ws.new_assessment("U", 2024, None).unwrap();
        let t = ws.template_of(&a).unwrap();
        for (item, text) in order {
            let code = item.parse().unwrap();
            let v = AnswerValue::parse(&t, code, text).unwrap();
            ws.set_answer(&a, Role::Tpi, code, &v, Some("ok")).unwrap();
        }
        for (i, name) in ["b.pdf", "a.pdf"].iter().enumerate() {
            let f = dir.join(name);
            std::fs::write(&f, format!("isi {i}")).unwrap();
            ws.add_evidence_file(&a, "P.1.i.a".parse().unwrap(), &f, Some("sk"), None, None)
                .unwrap();
        }
        (ws, a)
    }

    #[test]
    fn the_same_content_gives_the_same_canonical_bytes_whatever_the_history() {
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (ws1, a1) = answered(one.path(), &[("P.1.i.a", "ya"), ("R.1.i.a", "a=4;b=3")]);
        let (ws2, a2) = answered(two.path(), &[("R.1.i.a", "a=4;b=3"), ("P.1.i.a", "ya")]);
        let (m1, m2) = (
            build_manifest(&ws1, &a1).unwrap(),
            build_manifest(&ws2, &a2).unwrap(),
        );
        assert_eq!(m1.to_canonical_json(), m2.to_canonical_json());
        assert_eq!(m1.sha256(), m2.sha256());
        let json = String::from_utf8(m1.to_canonical_json()).unwrap();
        assert!(
            json.starts_with(r#"{"format":"daduk-manifest/1","unit":{"code":"U","#),
            "{json}"
        );
        assert!(
            !json.contains(' ') || json.contains("Unit U"),
            "compact: {json}"
        );
        assert_eq!(m1.answers.tpi[0].item.to_string(), "P.1.i.a", "LKE order");
        assert_eq!(m1.evidence.len(), 2);
        let back: Manifest = serde_json::from_slice(&m1.to_canonical_json()).unwrap();
        assert_eq!(back, m1);
    }

    #[test]
    fn any_change_of_state_changes_the_hash_and_a_no_op_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let (ws, a) = answered(dir.path(), &[("P.1.i.a", "ya")]);
        let t = ws.template_of(&a).unwrap();
        let before = build_manifest(&ws, &a).unwrap().sha256();
        let code = "P.1.i.a".parse().unwrap();
        let yes = AnswerValue::parse(&t, code, "ya").unwrap();
        ws.set_answer(&a, Role::Tpi, code, &yes, Some("ok"))
            .unwrap();
        assert_eq!(build_manifest(&ws, &a).unwrap().sha256(), before);
        ws.set_note(&a, Role::Unit, code, "baru").unwrap();
        let after_note = build_manifest(&ws, &a).unwrap().sha256();
        assert_ne!(after_note, before);
        ws.mark_absent(&a, code, "sk", "alasan").unwrap();
        let after_absent = build_manifest(&ws, &a).unwrap().sha256();
        assert_ne!(after_absent, after_note);
        assert!(
            !String::from_utf8(build_manifest(&ws, &a).unwrap().to_canonical_json())
                .unwrap()
                .contains("references")
        );
        ws.add_reference(&a, code, "SK", "https://x.example/sk")
            .unwrap();
        let m = build_manifest(&ws, &a).unwrap();
        assert_ne!(m.sha256(), after_absent);
        assert_eq!(m.references[0].url, "https://x.example/sk");
    }
}
