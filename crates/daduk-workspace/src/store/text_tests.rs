//! Text people type and files bring is one rule per kind of field
//! (`text.rs`), whichever way it comes: control characters are refused in
//! every field, bidirectional controls in notes too, and invisible ones in
//! names; the message names the field and nothing is stored.

use std::fs;

use super::tests::{unit, workspace};
use super::*;
use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::evidence::ReviewStatus;
use crate::plan::NewActivity;

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

#[test]
fn control_and_bidi_characters_are_refused_at_every_way_in() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    ws.add_unit(&unit("U")).unwrap();
    let a = ws.new_assessment("U", 2024, None).unwrap();
    let t = ws.template_of(&a).unwrap();
    let ya = AnswerValue::parse(&t, code("P.1.i.a"), "ya").unwrap();
    let f = dir.path().join("sk.pdf");
    fs::write(&f, b"%PDF sk").unwrap();
    let (e, _) = ws
        .add_evidence_file(&a, code("P.1.i.a"), &f, None, None, None)
        .unwrap();
    let log = ws.audit_log(None).unwrap().len();

    let review_field = format!("catatan periksa data dukung #{}", e.id);
    type Entry<'a> = (&'a str, Box<dyn Fn(&str) -> crate::Result<()> + 'a>);
    let entries: Vec<Entry<'_>> = vec![
        (
            "catatan Unit butir P.1.i.a",
            Box::new(|x| ws.set_answer(&a, Role::Unit, code("P.1.i.a"), &ya, Some(x))),
        ),
        (
            "catatan TPI butir P.1.i.b",
            Box::new(|x| ws.set_note(&a, Role::Tpi, code("P.1.i.b"), x)),
        ),
        (
            "alasan 'tidak ada' notula butir P.1.i.b",
            Box::new(|x| ws.mark_absent(&a, code("P.1.i.b"), "notula", x)),
        ),
        (
            &review_field,
            Box::new(|x| {
                ws.review_evidence(&a, e.id, ReviewStatus::Rejected, x)
                    .map(drop)
            }),
        ),
        (
            "rujukan butir P.1.i.a",
            Box::new(|x| ws.add_reference(&a, code("P.1.i.a"), x, "")),
        ),
        (
            "kegiatan",
            Box::new(|x| {
                ws.add_activity(
                    &a,
                    &NewActivity {
                        area: 1,
                        program: "Tim".into(),
                        activity: x.into(),
                        months: "2".parse().unwrap(),
                        ..NewActivity::default()
                    },
                )
                .map(drop)
            }),
        ),
        (
            "nama unit",
            Box::new(|x| {
                ws.add_unit(&NewUnit {
                    name: x.into(),
                    ..unit("V")
                })
                .map(drop)
            }),
        ),
    ];
    for (field, write) in &entries {
        for bad in [
            "a\u{1b}[2Jb",
            "a\0b",
            "nul\u{7f}",
            "a\u{202e}fdp.exe",
            "a\u{2066}b",
        ] {
            let err = write(bad).expect_err(&format!("{field}: {bad:?} taken"));
            let message = err.to_string();
            assert!(message.contains(field), "{field}: {message}");
            assert!(message.contains("karakter"), "{message}");
            assert!(
                !message.contains('\u{1b}') && !message.contains('\0'),
                "{message:?}"
            );
        }
    }
    // Names are one line of visible characters; notes may hold lines, tabs
    // and joiners.
    let err = ws
        .add_unit(&NewUnit {
            name: "Dinas\u{200b} Kesehatan".into(),
            ..unit("V")
        })
        .unwrap_err();
    assert!(err.to_string().contains("nama unit"), "{err}");
    assert_eq!(ws.audit_log(None).unwrap().len(), log, "nothing stored");
    ws.set_note(
        &a,
        Role::Unit,
        code("P.1.i.a"),
        "baris satu\nbaris\tdua 👨\u{200d}👩",
    )
    .unwrap();
    // And the assessment can still be sent.
    ws.export_packet(
        &a,
        &dir.path().join("kiriman"),
        &crate::packet::ExportOptions {
            review: false,
            job: crate::job::Job::new(&std::sync::atomic::AtomicBool::new(false), &|_| {}),
            force: false,
        },
    )
    .unwrap();
}

#[test]
fn an_answer_csv_names_the_line_of_a_control_character() {
    let t = crate::template::Template::default_lke();
    let csv = "item,answer,note\nP.1.i.a,ya,baik\nP.1.i.b,b,\"jahat\u{1b}[2J\"\n";
    let err = crate::answer::parse_answer_csv(&t, "jawaban.csv", csv.as_bytes()).unwrap_err();
    assert_eq!(err.rows.len(), 1, "{err}");
    assert_eq!(err.rows[0].line, 3, "{err}");
    assert!(err.rows[0].reason.contains("catatan"), "{err}");
}
