//! Moving assessments from an older official template to the current one.
//!
//! An assessment keeps the exact template it was created with. When Daduk
//! ships a new version of a built-in template (say, with a predicate
//! condition added), an assessment still on an earlier *official* version of
//! the same id is moved to the current version when nothing it stores would
//! change meaning (same items, answer kinds, weights and evidence kinds:
//! [`same_scoring`]). The move is logged in the audit log. Final assessments
//! are a closed record and stay on their version; so does any assessment on
//! a template that is not official (a file given with `--template`) or whose
//! items or weights differ.

use rusqlite::params;
use serde::Serialize;

use super::audit::Change;
use super::{Workspace, now};
use crate::error::Result;
use crate::hash::Sha256;
use crate::template::official::{current, official_hashes, same_scoring};

/// One assessment moved to the current official template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateUpgrade {
    /// The assessment.
    pub assessment_id: i64,
    /// Unit code and year, for messages.
    pub key: String,
    /// The version it used.
    pub from: Sha256,
    /// The version it uses now.
    pub to: Sha256,
}

impl Workspace {
    /// Move every non-final assessment on an older official version of a
    /// built-in template to the current version, when [`same_scoring`]
    /// holds. Writes nothing (and starts no transaction) when there is
    /// nothing to move.
    pub(crate) fn upgrade_official_templates(&self) -> Result<Vec<TemplateUpgrade>> {
        let older: Vec<_> = official_hashes()
            .into_iter()
            .filter(|o| !o.current)
            .collect();
        if older.is_empty() {
            return Ok(Vec::new());
        }
        let mut candidates = Vec::new();
        {
            let mut stmt = self.conn().prepare(
                "SELECT a.id, u.code || ' ' || a.year, a.template_sha256 FROM assessment a
                 JOIN unit u ON u.id = a.unit_id WHERE a.status <> 'final'",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            for row in rows {
                let (id, key, sha) = row?;
                if let Some(o) = older.iter().find(|o| o.sha256.to_hex() == sha) {
                    candidates.push((id, key, o.sha256, o.id.clone()));
                }
            }
        }
        let mut moves = Vec::new();
        for (id, key, from, template_id) in candidates {
            let (Ok(old), Some(new)) = (self.template(from), current(&template_id)) else {
                continue;
            };
            if same_scoring(&old, &new) {
                moves.push((id, key, old, new));
            }
        }
        if moves.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.write()?;
        let mut done = Vec::new();
        for (id, key, old, new) in moves {
            self.insert_template(&tx, &new)?;
            // Re-check inside the write lock: another process may have moved it.
            let changed = tx.execute(
                "UPDATE assessment SET template_sha256 = ?2, updated_at = ?3
                 WHERE id = ?1 AND template_sha256 = ?4 AND status <> 'final'",
                params![id, new.sha256().to_hex(), now(), old.sha256().to_hex()],
            )?;
            if changed == 0 {
                continue;
            }
            self.log(
                &tx,
                Change {
                    assessment_id: Some(id),
                    entity: "assessment",
                    key: &key,
                    action: "template",
                    old: Some(format!("{} {}", old.id(), old.sha256().short(12))),
                    new: Some(format!(
                        "{} {} (versi resmi terbaru; butir, pilihan dan bobot sama)",
                        new.id(),
                        new.sha256().short(12)
                    )),
                },
            )?;
            done.push(TemplateUpgrade {
                assessment_id: id,
                key,
                from: old.sha256(),
                to: new.sha256(),
            });
        }
        tx.commit()?;
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{AnswerValue, Role};
    use crate::store::AssessmentStatus;
    use crate::store::tests::{unit, workspace};
    use crate::template::Template;

    /// The first release's built-in template, kept whole as a fixture; its
    /// hash pins it to the listed one.
    fn first_release() -> Template {
        let json =
            include_str!("../../../../tests/fixtures/templates/lke-zi-2021.first-release.json");
        let old = Template::from_json("lama.json", json).unwrap();
        assert_eq!(
            old.sha256().to_hex(),
            "5566e49c4e68999800d15d2844623cab3e1cbcb52932384192805ef6e7a08d00"
        );
        old
    }

    #[test]
    fn assessments_on_the_older_official_version_move_to_the_current_one() {
        let dir = tempfile::tempdir().unwrap();
        let old = first_release();
        let current = Template::default_lke();
        let mut own = serde_json::from_str::<serde_json::Value>(old.json()).unwrap();
        own["name"] = "LKE buatan sendiri".into();
        // An official id with other content cannot be loaded (store_template
        // refuses it); a template of one's own has an id of its own.
        own["id"] = "lke-buatan-sendiri".into();
        let own = Template::from_json("sendiri.json", &own.to_string()).unwrap();
        let (draft, fin, custom) = {
            let ws = workspace(dir.path());
            for code in ["U", "V", "W"] {
                ws.add_unit(&unit(code)).unwrap();
            }
            let draft = ws.new_assessment("U", 2024, Some(&old)).unwrap();
            let fin = ws.new_assessment("V", 2024, Some(&old)).unwrap();
            ws.set_status(&fin, AssessmentStatus::Final).unwrap();
            let custom = ws.new_assessment("W", 2024, Some(&own)).unwrap();
            let code = "H.1.ii.a".parse().unwrap();
            let v = AnswerValue::parse(&old, code, "d").unwrap();
            ws.set_answer(&draft, Role::Unit, code, &v, None).unwrap();
            (draft, fin, custom)
        };
        // Opening the workspace with this Daduk moves the draft only.
        let ws = Workspace::open(dir.path(), "penguji").unwrap();
        let moved = ws.assessment_by_id(draft.id).unwrap();
        assert_eq!(moved.template_sha256, current.sha256());
        assert_eq!(
            ws.assessment_by_id(fin.id).unwrap().template_sha256,
            old.sha256()
        );
        assert_eq!(
            ws.assessment_by_id(custom.id).unwrap().template_sha256,
            own.sha256()
        );
        let log = ws.audit_log(Some(draft.id)).unwrap();
        let entry = log.iter().find(|e| e.action == "template").unwrap();
        assert_eq!(entry.old.as_deref(), Some("lke-zi-2021 5566e49c4e68"));
        assert!(
            entry
                .new
                .as_deref()
                .unwrap()
                .contains("versi resmi terbaru")
        );
        // The answers are kept and the new condition now applies.
        let card = ws.score(&moved, Role::Unit).unwrap();
        assert_eq!(card.items[&"H.1.ii.a".parse().unwrap()], Some(0.25));
        assert!(
            card.predicates["wbk"]
                .conditions
                .iter()
                .any(|c| c.scope == "H.1.ii")
        );
        // Opening again changes nothing more.
        let again = Workspace::open(dir.path(), "penguji").unwrap();
        assert_eq!(again.audit_log(Some(draft.id)).unwrap().len(), log.len());
    }

    #[test]
    fn interchangeable_needs_official_versions_that_score_alike() {
        let current = Template::default_lke();
        let old = first_release();
        assert!(crate::template::official::interchangeable(&old, &current));
        let mut v = serde_json::from_str::<serde_json::Value>(old.json()).unwrap();
        let subs = &mut v["components"][0]["parts"][0]["areas"][0]["sub_areas"];
        subs[0]["weight"] = 0.75.into();
        subs[1]["weight"] = 0.75.into();
        let other = Template::from_json("lain.json", &v.to_string()).unwrap();
        assert!(!crate::template::official::same_scoring(&other, &current));
        assert!(!crate::template::official::interchangeable(
            &other, &current
        ));
    }
}
