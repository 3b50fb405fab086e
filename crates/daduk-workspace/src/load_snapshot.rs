//! The assessment in memory, as the rules read it: the domain's
//! [`Snapshot`](daduk_domain::Snapshot) filled from the workspace's tables
//! inside one read transaction. The server fills the same snapshot from the
//! two sides it stores; the rules that read it are the same.

use daduk_domain::snapshot::{SideAnswer, SnapshotFile};

use crate::error::Result;
use crate::evidence::BlobState;
use crate::store::{Assessment, Workspace};

impl Workspace {
    /// The assessment in memory: every side's answers and notes, TPN's
    /// stages, the files
    /// with TPI's verdicts and their state at the last look (a missing or
    /// altered file covers nothing), "tidak ada" marks, references and the
    /// plan, all of one state.
    pub fn snapshot(&self, a: &Assessment) -> Result<daduk_domain::Snapshot> {
        let read = self.conn().unchecked_transaction()?;
        let template = self.template_of(a)?;
        let unit = self.unit(&a.unit)?;
        let records = self.answer_records(a)?;
        let files = self.evidence_list(a, None)?;
        let absent = self.absent_marks(a)?;
        let references = self.references(a, None)?;
        let plan = self.plan(a)?;
        let tpn_stages = self.tpn_stages(a)?;
        read.rollback()?;
        Ok(daduk_domain::Snapshot {
            template,
            unit: a.unit.clone(),
            unit_name: a.unit_name.clone(),
            target: unit.target,
            year: a.year,
            status: a.status,
            answers: records
                .into_iter()
                .map(|r| {
                    (
                        (r.role, r.item),
                        SideAnswer {
                            value: r.value,
                            note: r.note,
                        },
                    )
                })
                .collect(),
            files: files
                .into_iter()
                .map(|e| SnapshotFile {
                    item: e.item,
                    kind: e.kind,
                    title: e.title,
                    file_name: e.file_name,
                    size: e.size,
                    sha256: e.sha256,
                    intact: e.state == BlobState::Ok,
                    review: e.review_status,
                    review_note: e.review_note,
                })
                .collect(),
            absent: absent
                .into_iter()
                .map(|m| (m.item, m.kind, m.reason))
                .collect(),
            references: references
                .into_iter()
                .map(|r| (r.item, r.reference))
                .collect(),
            plan: Some(plan),
            tpn_stages,
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::answer::{AnswerValue, Role};
    use crate::evidence::ReviewStatus;
    use crate::plan::tests::new_activity;
    use crate::store::tests::{unit, workspace};

    /// The snapshot's figures are the workspace's: the same rules on the
    /// same state, whichever way it is gathered.
    #[test]
    fn the_snapshot_gives_the_workspaces_own_figures() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(&dir.path().join("ws"));
        ws.add_unit(&unit("U")).unwrap();
        let a = ws.new_assessment("U", 2024, None).unwrap();
        let t = ws.template_of(&a).unwrap();
        let code = |s: &str| s.parse().unwrap();
        for (role, item, value) in [
            (Role::Unit, "P.1.i.a", "ya"),
            (Role::Unit, "P.1.i.b", "b"),
            (Role::Unit, "P.1.ii.a", "ya"),
            (Role::Tpi, "P.1.i.a", "tidak"),
        ] {
            let v = AnswerValue::parse(&t, code(item), value).unwrap();
            ws.set_answer(&a, role, code(item), &v, Some("catatan"))
                .unwrap();
        }
        let mut ids = Vec::new();
        for (item, name, kind) in [
            ("P.1.i.a", "SK.pdf", "sk"),
            ("P.1.i.b", "notula.pdf", "notula"),
        ] {
            let f = dir.path().join(name);
            std::fs::write(&f, name).unwrap();
            let (e, _) = ws
                .add_evidence_file(&a, code(item), &f, Some(kind), None, None)
                .unwrap();
            ids.push(e.id);
        }
        ws.review_evidence(&a, ids[1], ReviewStatus::Rejected, "bukan notula")
            .unwrap();
        ws.mark_absent(&a, code("P.1.i.b"), "undangan", "rapat internal")
            .unwrap();
        ws.add_activity(&a, &new_activity(1, "Pembangunan ZI", "Sosialisasi", "1,2"))
            .unwrap();
        ws.add_activity(&a, &new_activity(1, "Pembangunan ZI", "Monev", "12"))
            .unwrap();

        let s = ws.snapshot(&a).unwrap();
        for role in Role::ALL {
            let mine = ws.score(&a, role).unwrap();
            let card = s.score(role);
            assert_eq!(card.total, mine.total, "{role}");
            assert_eq!(card.items, mine.items, "{role}");
            let eligible = |c: &crate::scoring::ScoreCard| {
                c.predicates
                    .iter()
                    .map(|(k, p)| (k.clone(), p.eligible, p.failed.len()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(eligible(&card), eligible(&mine), "{role}");
        }
        let c = ws.completeness(&a).unwrap();
        let sc = s.completeness();
        assert_eq!(sc.total, c.total);
        for (item, i) in &c.items {
            assert_eq!(sc.items[item].complete, i.complete, "{item}");
        }
        let date = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        let view = ws.plan_view(&a, date).unwrap();
        let late: Vec<String> = view
            .summary
            .overdue
            .iter()
            .filter(|o| o.activity.is_some())
            .map(|o| o.title.clone())
            .collect();
        let shown: Vec<String> = s
            .late_activities(date)
            .into_iter()
            .map(|l| l.title)
            .collect();
        assert_eq!(shown, late);
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert_eq!(
            s.portalrb_items("; ")[&code("P.1.i.b")].evidence,
            "",
            "the rejected notula is not described"
        );
    }
}
