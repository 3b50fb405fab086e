//! The report's section on TPN's result: there when TPN's stages or values
//! are recorded, with the differing items bounded; absent (the report as it
//! was) otherwise.

use chrono::NaiveDate;

use super::{PdfOptions, render_pdf};
use crate::answer::{AnswerValue, Role};
use crate::store::tests::{unit, workspace};
use crate::store::{Assessment, Workspace};
use crate::tpn::StageRecord;

fn options() -> PdfOptions {
    PdfOptions {
        date: NaiveDate::from_ymd_opt(2026, 12, 20).unwrap(),
    }
}

fn text(ws: &Workspace, a: &Assessment) -> (Vec<u8>, String) {
    let pdf = render_pdf(ws, a, &options()).unwrap().bytes;
    let text = daduk_read::read("laporan.pdf", &pdf).unwrap().text;
    // Words as printed, whatever the extractor does with spaces and lines.
    (pdf, text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Every yes/no and choice item answered `ya` or `a` by the unit and TPI.
fn setup(dir: &std::path::Path) -> (Workspace, Assessment, Vec<crate::code::ItemCode>) {
    let ws = workspace(dir);
    ws.add_unit(&unit("U")).unwrap();
    let a = ws.new_assessment("U", 2026, None).unwrap();
    let t = ws.template_of(&a).unwrap();
    let mut yes_no = Vec::new();
    for &item in t.item_codes() {
        let best =
            AnswerValue::parse(&t, item, "ya").or_else(|_| AnswerValue::parse(&t, item, "a"));
        if let Ok(v) = best {
            for role in [Role::Unit, Role::Tpi] {
                ws.set_answer(&a, role, item, &v, None).unwrap();
            }
            yes_no.push(item);
        }
    }
    (ws, a, yes_no)
}

#[test]
fn tpn_result_is_a_section_of_its_own_only_when_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a, yes_no) = setup(dir.path());
    let (before, plain) = text(&ws, &a);
    assert!(!plain.contains("Hasil Penilaian TPN"), "{plain}");
    assert!(!plain.contains("nilai TPN"), "{plain}");
    assert!(
        plain.contains("4. Daftar Kekurangan Data Dukung"),
        "{plain}"
    );
    assert!(plain.contains("5. Pengesahan"), "{plain}");

    // The stages alone make the section, without a TPN total anywhere.
    for (stage, date, outcome) in [
        ("usulan", "2026-04-30", "lolos"),
        ("desk", "2026-06-15", "lolos"),
        ("wawancara", "2026-08-12", "lolos"),
    ] {
        let stage = stage.parse().unwrap();
        let mut record = StageRecord {
            stage,
            date: date.parse().unwrap(),
            outcome: Some(outcome.parse().unwrap()),
            note: String::new(),
        };
        if stage == crate::tpn::Stage::Wawancara {
            record.note = "Kepala dan Tim Kerja hadir".into();
        }
        // The seleksi administrasi before the desk evaluation.
        if stage == crate::tpn::Stage::DeskEvaluation {
            ws.set_tpn_stage(
                &a,
                &StageRecord {
                    stage: crate::tpn::Stage::SeleksiAdministrasi,
                    date: "2026-05-20".parse().unwrap(),
                    outcome: Some(crate::tpn::Outcome::Lolos),
                    note: String::new(),
                },
            )
            .unwrap();
        }
        ws.set_tpn_stage(&a, &record).unwrap();
    }
    let (_, staged) = text(&ws, &a);
    for needle in [
        "4. Hasil Penilaian TPN",
        "Keadaan terakhir: Wawancara: lolos, 12 Agustus 2026.",
        "Seleksi administrasi",
        "15 Juni 2026",
        "Kepala dan Tim Kerja hadir",
        "Nilai TPN per butir belum dicatat",
        "5. Daftar Kekurangan Data Dukung",
        "6. Pengesahan",
    ] {
        assert!(staged.contains(needle), "'{needle}' is missing: {staged}");
    }
    assert!(
        !staged.contains("(dari LHE)"),
        "no TPN total without values"
    );

    // TPN's values: `tidak` or `b` on every item differs from both sides.
    let t = ws.template_of(&a).unwrap();
    let no = |item| {
        AnswerValue::parse(&t, item, "tidak")
            .or_else(|_| AnswerValue::parse(&t, item, "b"))
            .unwrap()
    };
    for &item in &yes_no {
        ws.set_answer(&a, Role::Tpn, item, &no(item), None).unwrap();
    }
    ws.set_note(&a, Role::Tpn, yes_no[0], "SK belum ditandatangani")
        .unwrap();
    let tpn_total = crate::format::score(ws.score(&a, Role::Tpn).unwrap().total);
    let (after, full) = text(&ws, &a);
    assert!(yes_no.len() > MAX, "{}", yes_no.len());
    for needle in [
        "Nilai TPN dibanding Unit dan TPI",
        "Butir yang dinilai TPN berbeda",
        &format!(
            "{} butir dinilai TPN berbeda dari Unit atau TPI",
            yes_no.len()
        ),
        &format!("… dan {} butir lain", yes_no.len() - MAX),
        "SK belum ditandatangani",
        &format!("dan nilai TPN {tpn_total} (dari LHE)"),
        &yes_no[0].to_string(),
    ] {
        assert!(full.contains(needle), "'{needle}' is missing: {full}");
    }
    let from = full.find("Butir yang dinilai TPN berbeda").unwrap();
    let to = from + full[from..].find("… dan").unwrap();
    let listed = &full[from..to];
    assert!(
        listed.contains(&format!(" {} ", yes_no[MAX - 1])),
        "{listed}"
    );
    assert!(
        !listed.contains(&format!(" {} ", yes_no[MAX])),
        "only the first {MAX} items are listed: {listed}"
    );
    assert_ne!(before, after);
}

/// The rows the table of differences lists (`daduk_doc`'s bound).
const MAX: usize = 30;
