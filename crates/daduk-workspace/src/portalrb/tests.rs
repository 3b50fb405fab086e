use std::collections::BTreeMap;

use serde_json::Value;

use super::*;
use crate::answer::{AnswerValue, Role};
use crate::store::tests::{unit, workspace};
use crate::store::{AssessmentStatus, NewUnit, Target};
use crate::template::Template;

/// PortalRB's master soal list for 2026, as published.
const MASTER: &str =
    include_str!("../../../../tests/fixtures/portalrb/master-soal-lke-zi-2026.json");

/// Every soal of the master, in its order (depth first).
fn master_soal() -> Vec<Value> {
    fn walk(n: &Value, out: &mut Vec<Value>) {
        if let Some(s) = n["soals"].as_array() {
            out.extend(s.iter().cloned());
        }
        if let Some(c) = n["children"].as_array() {
            c.iter().for_each(|c| walk(c, out));
        }
    }
    let master: Value = serde_json::from_str(MASTER).unwrap();
    let mut out = Vec::new();
    master["data"]
        .as_array()
        .unwrap()
        .iter()
        .for_each(|n| walk(n, &mut out));
    assert_eq!(out.len(), master["total_soal"].as_u64().unwrap() as usize);
    out
}

#[test]
fn all_127_soal_of_the_master_are_mapped_once_with_its_rows_texts_and_multipliers() {
    let t = Template::default_lke();
    let map = SoalMap::built_in(&t, 2026).unwrap();
    let master = master_soal();
    assert_eq!(master.len(), 127);
    assert_eq!(map.soal().len(), 127);
    let cols = map.doc().columns.clone();
    for (m, s) in master.iter().zip(map.soal()) {
        let id = m["id"].as_u64().unwrap() as u32;
        assert_eq!(s.id, id, "order");
        assert_eq!(
            s.row,
            m["excel_baris"].as_u64().unwrap() as u32,
            "soal {id}"
        );
        assert_eq!(s.text, m["teks_pertanyaan"].as_str().unwrap(), "soal {id}");
        let kind: SoalKind = serde_json::from_value(m["jenis_jawaban"].clone()).unwrap();
        assert_eq!(s.kind, kind, "soal {id}");
        assert_eq!(m["excel_sheet"], map.doc().sheet.as_str());
        for (key, col) in [
            ("excel_kolom_jawaban_unit", &cols.unit_answer),
            ("excel_kolom_catatan_unit", &cols.unit_note),
            ("excel_kolom_bukti_dukung_unit", &cols.unit_evidence),
            ("excel_kolom_jawaban_tpi", &cols.tpi_answer),
            ("excel_kolom_catatan_tpi", &cols.tpi_note),
        ] {
            assert_eq!(m[key].as_str().unwrap(), col.as_str(), "soal {id} {key}");
        }
        // The multipliers of the master equal the template's item values.
        let steps = m["skema_penilaian"].as_array().unwrap();
        assert_eq!(steps.len(), s.scale.len(), "soal {id}");
        let item = t.item(s.item).unwrap();
        for (i, (step, mine)) in steps.iter().zip(&s.scale).enumerate() {
            assert_eq!(step["key"].as_str().unwrap(), mine.key);
            let multiplier = step["multiplier"].as_f64().unwrap();
            let answer = AnswerValue::parse(&t, s.item, &mine.key).unwrap();
            assert_eq!(answer.value(&t, s.item), multiplier, "soal {id} option {i}");
            let _ = item;
        }
        // Texts agree: the soal's best match among all questions (or among
        // the item's rows) is the mapped item or row.
        match &s.count_row {
            None => {
                let questions: Vec<&str> = t.items().map(|r| r.item.question.as_str()).collect();
                let best =
                    crate::textmatch::best_match(&s.text, questions.iter().copied()).unwrap();
                assert_eq!(t.item_codes()[best.0], s.item, "soal {id}");
            }
            Some(row) => {
                let crate::template::AnswerSpec::Counts { rows, .. } = &item.answer else {
                    panic!("soal {id}: not a counts item");
                };
                let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
                let best = crate::textmatch::best_match(&s.text, labels.iter().copied()).unwrap();
                assert_eq!(&rows[best.0].code, row, "soal {id}");
            }
        }
    }
    // 105 items and 22 count rows, each once (the loader checks coverage).
    let rows = map.soal().iter().filter(|s| s.count_row.is_some()).count();
    assert_eq!((127 - rows, rows), (105, 22));
    let placed: std::collections::BTreeSet<_> = map
        .soal()
        .iter()
        .map(|s| (s.item, s.count_row.clone()))
        .collect();
    assert_eq!(placed.len(), 127);
}

#[test]
fn a_broken_mapping_is_refused_with_the_soal_and_the_fault() {
    let t = Template::default_lke();
    let base: Value = serde_json::from_str(include_str!(
        "../../../../assets/templates/lke-zi-2021.portalrb-2026.json"
    ))
    .unwrap();
    let cases: Vec<(&str, Box<dyn Fn(&mut Value)>)> = vec![
        ("id ganda", Box::new(|v| v["soal"][1]["id"] = 1.into())),
        (
            "baris Excel 6",
            Box::new(|v| v["soal"][1]["row"] = 6.into()),
        ),
        (
            "pengali B",
            Box::new(|v| v["soal"][1]["scale"][1]["multiplier"] = 0.67.into()),
        ),
        (
            "tidak cocok dengan",
            Box::new(|v| v["soal"][0]["text"] = "Pimpinan berperan sebagai role model".into()),
        ),
        (
            "jenis jawaban",
            Box::new(|v| v["soal"][0]["kind"] = "ABC".into()),
        ),
        (
            "sudah dipetakan",
            Box::new(|v| v["soal"][1]["item"] = "P.1.i.a".into()),
        ),
        (
            "tidak punya soal",
            Box::new(|v| {
                let soal = v["soal"].as_array_mut().unwrap();
                soal.retain(|s| s["id"] != 2);
                v["total_soal"] = 126.into();
            }),
        ),
        (
            "dihitung otomatis",
            Box::new(|v| {
                let s = v["soal"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|s| s["id"] == 113)
                    .unwrap();
                s["count_row"] = "a".into();
            }),
        ),
        ("total_soal", Box::new(|v| v["total_soal"] = 128.into())),
        (
            "unknown field",
            Box::new(|v| v["soal"][0]["lain"] = 1.into()),
        ),
    ];
    for (fault, edit) in cases {
        let mut v = base.clone();
        edit(&mut v);
        let err = SoalMap::from_json(&t, "peta.json", &v.to_string())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(fault) && err.contains("peta.json"),
            "{fault}: {err}"
        );
    }
    let err = SoalMap::built_in(&t, 2025).unwrap_err().to_string();
    assert!(
        err.contains("tahun evaluasi 2025") && err.contains("2026"),
        "{err}"
    );
}

fn set(
    ws: &crate::Workspace,
    a: &crate::Assessment,
    role: Role,
    item: &str,
    v: &str,
    note: Option<&str>,
) {
    let t = ws.template_of(a).unwrap();
    let code = item.parse().unwrap();
    let value = AnswerValue::parse(&t, code, v).unwrap();
    ws.set_answer(a, role, code, &value, note).unwrap();
}

#[test]
fn the_jawaban_body_holds_every_soal_once_in_master_order_with_valid_values() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    ws.add_unit(&unit("PKM-1")).unwrap();
    let a = ws.new_assessment("PKM-1", 2026, None).unwrap();
    set(&ws, &a, Role::Unit, "P.1.i.a", "ya", Some("SK ada"));
    set(
        &ws,
        &a,
        Role::Tpi,
        "P.1.i.a",
        "tidak",
        Some("SK belum ditandatangani"),
    );
    set(&ws, &a, Role::Unit, "P.1.i.b", "b", None);
    set(
        &ws,
        &a,
        Role::Unit,
        "R.5.iii.a",
        "b=1;c=4;d=2;e=6",
        Some("LHKPN 2025"),
    );
    set(&ws, &a, Role::Unit, "H.1.i.a", "3,61", None);
    let item = "P.1.i.a".parse().unwrap();
    let f = dir.path().join("SK Tim.pdf");
    std::fs::write(&f, b"sk").unwrap();
    ws.add_evidence_file(&a, item, &f, None, None, None)
        .unwrap();
    ws.add_reference(&a, item, "Folder SK", "https://drive.example/sk")
        .unwrap();

    let body = ws.portalrb_jawaban(&a).unwrap();
    assert_eq!((body.unit_id.as_str(), body.tahun), ("PKM-1", 2026));
    let ids: Vec<u32> = body.answers.iter().map(|x| x.soal_id).collect();
    let master: Vec<u32> = master_soal()
        .iter()
        .map(|m| m["id"].as_u64().unwrap() as u32)
        .collect();
    assert_eq!(ids, master);
    let by_id: BTreeMap<u32, &JawabanSoal> = body.answers.iter().map(|x| (x.soal_id, x)).collect();
    let s1 = by_id[&1];
    assert_eq!(s1.jawaban_unit.as_deref(), Some("Ya"));
    assert_eq!(s1.jawaban_tpi.as_deref(), Some("Tidak"));
    assert_eq!(s1.catatan_unit.as_deref(), Some("SK ada"));
    assert_eq!(s1.catatan_tpi.as_deref(), Some("SK belum ditandatangani"));
    let bukti = s1.bukti_dukung_unit.as_deref().unwrap();
    assert!(
        bukti.starts_with("Folder SK <https://drive.example/sk>; SK Tim.pdf (sha256 "),
        "{bukti}"
    );
    assert_eq!(by_id[&2].jawaban_unit.as_deref(), Some("B"));
    assert_eq!(by_id[&2].jawaban_tpi, None);
    // LHKPN rows b..e are soal 113..116; the note goes with the first only.
    let rows: Vec<Option<&str>> = (113..=116)
        .map(|i| by_id[&i].jawaban_unit.as_deref())
        .collect();
    assert_eq!(rows, [Some("1"), Some("4"), Some("2"), Some("6")]);
    assert_eq!(by_id[&113].catatan_unit.as_deref(), Some("LHKPN 2025"));
    assert_eq!(by_id[&114].catatan_unit, None);
    assert_eq!(by_id[&125].jawaban_unit.as_deref(), Some("3.61"));
    // Every value is valid for its kind.
    let map = SoalMap::built_in(&ws.template_of(&a).unwrap(), 2026).unwrap();
    for (s, x) in map.soal().iter().zip(&body.answers) {
        for v in [&x.jawaban_unit, &x.jawaban_tpi].into_iter().flatten() {
            let ok = match s.kind {
                SoalKind::YaTidak => v == "Ya" || v == "Tidak",
                SoalKind::Abc | SoalKind::Abcd | SoalKind::Abcde => {
                    s.scale.iter().any(|k| &k.key == v)
                }
                SoalKind::Jumlah => v.parse::<u64>().is_ok(),
                SoalKind::Index => v.parse::<f64>().is_ok_and(|x| (0.0..=4.0).contains(&x)),
            };
            assert!(ok, "soal {}: {v}", s.id);
        }
    }
    // The JSON has the API's field names, null where unanswered.
    let json = serde_json::to_value(&body).unwrap();
    assert!(json["answers"][5]["jawaban_unit"].is_null());
    assert_eq!(json["answers"][0]["soal_id"], 1);
    let out = dir.path().join("jawaban.json");
    write_json(&out, &body, crate::output::Target::INTERNAL).unwrap();
    let back: JawabanUnit = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(back, body);
}

#[test]
fn unit_lists_hold_exactly_the_proposed_units() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let add = |code: &str, target: Target, afirmasi: bool, year: i32, status: AssessmentStatus| {
        ws.add_unit(&NewUnit {
            target,
            afirmasi,
            ..unit(code)
        })
        .unwrap();
        let a = ws.new_assessment(code, year, None).unwrap();
        ws.set_status(&a, status).unwrap();
    };
    add(
        "A-AFIR",
        Target::Wbk,
        true,
        2026,
        AssessmentStatus::Submitted,
    );
    add("B-WBK", Target::Wbk, false, 2026, AssessmentStatus::Final);
    add("C-DRAFT", Target::Wbk, false, 2026, AssessmentStatus::Draft);
    add(
        "D-WBBM",
        Target::Wbbm,
        true,
        2026,
        AssessmentStatus::Reviewed,
    );
    add(
        "E-2025",
        Target::Wbk,
        false,
        2025,
        AssessmentStatus::Submitted,
    );
    let wbk = ws.portalrb_units(2026, Target::Wbk).unwrap();
    let got: Vec<(&str, &str, bool)> = wbk
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.kategori.as_str(), u.afirmasi))
        .collect();
    assert_eq!(
        got,
        [("A-AFIR", "WBK-AFIRMASI", true), ("B-WBK", "WBK", false)]
    );
    assert_eq!(wbk.tahun, 2026);
    let wbbm = ws.portalrb_units(2026, Target::Wbbm).unwrap();
    let got: Vec<(&str, &str, bool)> = wbbm
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.kategori.as_str(), u.afirmasi))
        .collect();
    assert_eq!(got, [("D-WBBM", "WBBM", false)]);
    assert_eq!(wbbm.units[0].nama, "Unit D-WBBM");
    assert!(
        ws.portalrb_units(2024, Target::Wbk)
            .unwrap()
            .units
            .is_empty()
    );
}
