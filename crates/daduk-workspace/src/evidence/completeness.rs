//! Completeness of data dukung read from the workspace: the rule itself is
//! [`daduk_domain::evidence::completeness`].

use daduk_domain::evidence::{FileFact, completeness, review_tally};

use super::{Completeness, ReviewTally};
use super::{Evidence, ReviewStatus};
use crate::error::Result;
use crate::store::{Assessment, Workspace};

impl Workspace {
    /// Which items are Lengkap, from the state the store keeps of each file
    /// (set when it is attached, re-checked by `verify`): no screen touches
    /// the files themselves.
    pub fn completeness(&self, a: &Assessment) -> Result<Completeness> {
        let template = self.template_of(a)?;
        let facts = self
            .evidence_list(a, None)?
            .iter()
            .map(FileFact::from)
            .collect::<Vec<_>>();
        let absent = self
            .absent_marks(a)?
            .into_iter()
            .map(|m| (m.item, m.kind, m.reason));
        Ok(completeness(&template, facts, absent))
    }

    /// How many files TPI accepted, rejected or has not judged yet.
    pub fn review_tally(&self, a: &Assessment) -> Result<ReviewTally> {
        Ok(review_tally(
            self.evidence_list(a, None)?.iter().map(|e| e.review_status),
        ))
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
