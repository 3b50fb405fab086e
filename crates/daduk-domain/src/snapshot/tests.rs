use std::collections::HashMap;

use super::*;
use crate::assessment::{AssessmentStatus, Target};
use crate::manifest::{
    FORMAT, PacketAnswer, PacketEvidence, PacketFile, PacketKind, PacketReference, PacketUnit,
    TemplateRef, VERSION,
};
use crate::template::AnswerSpec;

fn first_answer(t: &Template, item: ItemCode) -> String {
    match &t.item(item).unwrap().answer {
        AnswerSpec::YesNo => "ya".into(),
        AnswerSpec::Choice { options } => options[0].letter.to_string(),
        AnswerSpec::Counts { rows, .. } => rows
            .iter()
            .filter(|r| r.computed.is_none())
            .map(|r| format!("{}=4", r.code))
            .collect::<Vec<_>>()
            .join(";"),
        AnswerSpec::SurveyIndex { max, .. } => format!("{max}"),
    }
}

fn manifest(kind: PacketKind) -> (Template, Manifest) {
    let t = Template::default_lke();
    let items: Vec<ItemCode> = t.item_codes().to_vec();
    let sha = Sha256::of_bytes(b"sk");
    let answer = |role, item: ItemCode, note: &str| PacketAnswer {
        role,
        item,
        value: Some(first_answer(&t, item)),
        note: note.into(),
        updated_by: "x".into(),
        updated_at: "2026-01-01T00:00:00Z".into(),
    };
    let evidence = |name: &str, sha: Sha256| PacketEvidence {
        item: items[0],
        kind: "sk".into(),
        title: "SK".into(),
        doc_date: None,
        file_name: name.into(),
        size: 2,
        sha256: sha,
        path: Some(format!("evidence/{name}")),
        review_status: ReviewStatus::Rejected,
        review_note: "kabur".into(),
        added_by: None,
        added_at: None,
        reviewed_by: Some("tpi".into()),
        reviewed_at: Some("2026-01-02T00:00:00Z".into()),
    };
    let other = Sha256::of_bytes(b"lain");
    let m = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        kind,
        created_at: "2026-01-01T00:00:00Z".into(),
        created_by: "tim".into(),
        generator: "Daduk".into(),
        unit: PacketUnit {
            code: "U".into(),
            name: "Unit".into(),
            instansi: String::new(),
            target: Target::Wbk,
            kepala_name: String::new(),
            kepala_nip: String::new(),
            ketua_name: String::new(),
            ketua_nip: String::new(),
            afirmasi: false,
        },
        year: 2026,
        template: TemplateRef {
            id: t.id().into(),
            sha256: t.sha256(),
            path: None,
        },
        status: AssessmentStatus::Submitted,
        answers: vec![
            answer(Role::Unit, items[0], "catatan unit"),
            answer(Role::Unit, items[1], ""),
            answer(Role::Tpi, items[0], "catatan tpi"),
        ],
        absent: vec![],
        evidence: vec![evidence("sk.pdf", sha), evidence("lain.pdf", other)],
        files: vec![
            PacketFile {
                path: "evidence/sk.pdf".into(),
                size: 2,
                sha256: sha,
            },
            PacketFile {
                path: "evidence/lain.pdf".into(),
                size: 2,
                sha256: other,
            },
        ],
        based_on: (kind == PacketKind::Review).then_some(sha),
        state_sha256: sha,
        scores: HashMap::new(),
        references: vec![PacketReference {
            item: items[0],
            text: "Portal".into(),
            url: "https://contoh.go.id".into(),
        }],
        plan: None,
        tpn_stages: Vec::new(),
    };
    (t, m)
}

#[test]
fn a_unit_push_keeps_only_the_unit_side() {
    let (_, m) = manifest(PacketKind::Submission);
    let unit = side_only(m.clone(), Role::Unit).unwrap();
    assert_eq!(unit.answers.len(), 2);
    assert!(unit.answers.iter().all(|a| a.role == Role::Unit));
    for e in &unit.evidence {
        assert_eq!(e.review_status, ReviewStatus::Pending);
        assert!(e.review_note.is_empty() && e.reviewed_by.is_none() && e.reviewed_at.is_none());
    }
    assert_eq!(unit.references.len(), 1);
    let err = side_only(m, Role::Tpi).unwrap_err();
    assert!(err.contains("review"), "{err}");
}

#[test]
fn a_tpi_push_keeps_only_the_tpi_side() {
    let (_, m) = manifest(PacketKind::Review);
    let tpi = side_only(m.clone(), Role::Tpi).unwrap();
    assert_eq!(tpi.answers.len(), 1);
    assert_eq!(tpi.answers[0].role, Role::Tpi);
    assert!(tpi.references.is_empty() && tpi.absent.is_empty() && tpi.plan.is_none());
    assert!(
        tpi.evidence
            .iter()
            .all(|e| e.review_status == ReviewStatus::Rejected)
    );
    assert!(side_only(m, Role::Unit).unwrap_err().contains("submission"));
}

#[test]
fn scores_and_portalrb_items_come_from_the_two_sides() {
    let (t, m) = manifest(PacketKind::Submission);
    let unit = side_only(m.clone(), Role::Unit).unwrap();
    let mut review = m;
    review.kind = PacketKind::Review;
    review.based_on = Some(review.state_sha256);
    // TPI rejects only the first file.
    review.evidence[1].review_status = ReviewStatus::Accepted;
    let tpi = side_only(review, Role::Tpi).unwrap();

    let card = Snapshot::from_sides(t.clone(), Some(&unit), None).score(Role::Unit);
    assert_eq!(card.answered, 2);
    assert!(card.total > 0.0);
    assert_eq!(
        Snapshot::from_sides(t.clone(), Some(&unit), None)
            .score(Role::Tpi)
            .answered,
        0
    );
    assert_eq!(template_of(&unit).map(|x| x.sha256()), Some(t.sha256()));

    let items = Snapshot::from_sides(t.clone(), Some(&unit), Some(&tpi)).portalrb_items("; ");
    let first = &items[&t.item_codes()[0]];
    assert!(first.unit.is_some() && first.tpi.is_some());
    assert_eq!(first.unit_note, "catatan unit");
    assert_eq!(first.tpi_note, "catatan tpi");
    assert!(
        first
            .evidence
            .starts_with("Portal <https://contoh.go.id>; lain.pdf (sha256 ")
    );
    assert!(
        !first.evidence.contains("sk.pdf"),
        "a rejected file is left out"
    );
    assert!(items[&t.item_codes()[1]].tpi.is_none());
    // Without TPI's side every file is described.
    let alone = Snapshot::from_sides(t.clone(), Some(&unit), None).portalrb_items("; ");
    assert!(alone[&t.item_codes()[0]].evidence.contains("sk.pdf"));
    assert_eq!(evidence_hashes(&unit).len(), 2);
}
