//! What a packet may and may not change on the receiving side: a unit's
//! packet never writes the evaluator's side, never brings a template the
//! evaluator did not agree to, and an older packet or a new key is refused
//! unless the user says so.

use crate::evidence::Blobs;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use super::*;
use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::error::{ConsentKind as Needs, Error};
use crate::evidence::ReviewStatus;
use crate::hash::Sha256;
use crate::store::tests::unit;
use crate::store::{Assessment, Workspace};

pub(super) static NO: AtomicBool = AtomicBool::new(false);

pub(super) fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

pub(super) fn set(ws: &Workspace, a: &Assessment, role: Role, item: &str, value: &str) {
    let t = ws.template_of(a).unwrap();
    let v = AnswerValue::parse(&t, code(item), value).unwrap();
    ws.set_answer(a, role, code(item), &v, Some(&format!("catatan {role}")))
        .unwrap();
}

pub(super) struct Setup {
    pub(super) dir: tempfile::TempDir,
    pub(super) unit: Workspace,
    pub(super) ua: Assessment,
    pub(super) tpi: Workspace,
}

pub(super) fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let unit_ws = Workspace::create(&dir.path().join("unit"), "tim-kerja").unwrap();
    unit_ws.add_unit(&unit("DINKES")).unwrap();
    let ua = unit_ws.new_assessment("DINKES", 2024, None).unwrap();
    set(&unit_ws, &ua, Role::Unit, "P.1.i.a", "ya");
    for (item, name) in [("P.1.i.a", "sk.pdf"), ("P.1.i.b", "undangan.pdf")] {
        let f = dir.path().join(name);
        fs::write(&f, format!("isi {name}")).unwrap();
        unit_ws
            .add_evidence_file(&ua, code(item), &f, None, None, None)
            .unwrap();
    }
    let tpi = Workspace::create(&dir.path().join("tpi"), "inspektorat").unwrap();
    Setup {
        dir,
        unit: unit_ws,
        ua,
        tpi,
    }
}

impl Setup {
    pub(super) fn export(&self, name: &str) -> PathBuf {
        let out = self.dir.path().join(name);
        self.unit
            .export_packet(
                &self.ua,
                &out,
                &ExportOptions {
                    review: false,
                    job: crate::job::Job::new(&NO, &|_| {}),
                    force: false,
                },
            )
            .unwrap();
        out
    }

    pub(super) fn import(
        &self,
        packet: &Path,
        consent: Consent,
    ) -> crate::Result<PacketImportReport> {
        self.tpi.import_packet(
            packet,
            &ImportPacketOptions {
                job: crate::job::Job::new(&NO, &|_| {}),
                consent,
            },
        )
    }
}

pub(super) fn needs(r: crate::Result<PacketImportReport>) -> (Needs, String) {
    match r {
        Err(Error::NeedsConsent { consent, message }) => (consent, message),
        other => panic!("expected a refusal needing consent, got {other:?}"),
    }
}

/// Rewrite a packet folder as a hostile unit would and sign it again with
/// the unit's own key, so every check but the ones under test passes.
pub(super) fn resign(
    packet: &Path,
    unit_root: &Path,
    edit: impl Fn(&mut serde_json::Value, &Path),
) {
    let mut m: serde_json::Value =
        serde_json::from_slice(&fs::read(packet.join("manifest.json")).unwrap()).unwrap();
    edit(&mut m, packet);
    for f in m["files"].as_array_mut().unwrap() {
        let bytes = fs::read(packet.join(f["path"].as_str().unwrap())).unwrap();
        f["size"] = bytes.len().into();
        f["sha256"] = Sha256::of_bytes(&bytes).to_hex().into();
    }
    let bytes = serde_json::to_vec_pretty(&m).unwrap();
    fs::write(packet.join("manifest.json"), &bytes).unwrap();
    let key = sign::workspace_key(unit_root).unwrap();
    let sig = serde_json::to_vec_pretty(&sign::sign(&key, &bytes)).unwrap();
    fs::write(packet.join("manifest.sig"), &sig).unwrap();
    let mut sums = String::new();
    for f in m["files"].as_array().unwrap() {
        sums.push_str(&format!(
            "{}  {}\n",
            f["sha256"].as_str().unwrap(),
            f["path"].as_str().unwrap()
        ));
    }
    sums.push_str(&format!("{}  manifest.json\n", Sha256::of_bytes(&bytes)));
    sums.push_str(&format!("{}  manifest.sig\n", Sha256::of_bytes(&sig)));
    fs::write(packet.join("SHA256SUMS"), sums).unwrap();
}

/// Change the packet's template (keeping its id) with `edit`.
fn swap_template(packet: &Path, unit_root: &Path, edit: impl Fn(&mut serde_json::Value)) {
    resign(packet, unit_root, |m, dir| {
        let path = dir.join("template.json");
        let mut t: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        edit(&mut t);
        let text = serde_json::to_string_pretty(&t).unwrap();
        fs::write(&path, &text).unwrap();
        m["template"]["sha256"] = Sha256::of_bytes(text.as_bytes()).to_hex().into();
    });
}

#[test]
fn a_changed_template_under_the_official_id_needs_the_evaluators_consent() {
    let s = setup();
    let packet = s.export("kiriman");
    swap_template(&packet, s.unit.root(), |t| {
        t["choice_values"]["4"] = serde_json::json!([1, 1, 1, 1]);
    });
    let (what, message) = needs(s.import(&packet, Consent::default()));
    assert_eq!(what, Needs::UnknownTemplate);
    assert!(
        message.contains("lke-zi-2021") && message.contains("nilai pilihan 4"),
        "{message}"
    );
    assert!(message.contains("Setujui hanya bila"), "{message}");
    assert!(s.tpi.units().unwrap().is_empty(), "nothing written");

    let report = s
        .import(
            &packet,
            Consent {
                template: true,
                ..Consent::default()
            },
        )
        .unwrap();
    assert!(report.template_unofficial);
    let ea = s.tpi.assessment("DINKES", 2024).unwrap();
    assert!(!ea.template_official, "shown wherever its scores are");
    assert!(s.ua.template_official);
    assert_eq!(
        s.tpi.template_origin(ea.template_sha256).unwrap(),
        Some(crate::store::TemplateOrigin::Accepted)
    );
}

#[test]
fn a_deep_formula_in_a_signed_packet_is_refused_without_a_crash() {
    let s = setup();
    let packet = s.export("kiriman");
    swap_template(&packet, s.unit.root(), |t| {
        let deep = format!("{}a{}", "(".repeat(50_000), ")".repeat(50_000));
        // The first counts item's value formula.
        for c in t["components"].as_array_mut().unwrap() {
            for p in c["parts"].as_array_mut().unwrap() {
                for a in p["areas"].as_array_mut().unwrap() {
                    for sa in a["sub_areas"].as_array_mut().unwrap() {
                        for i in sa["items"].as_array_mut().unwrap() {
                            if i["answer"]["type"] == "counts" {
                                i["answer"]["value"] = deep.clone().into();
                                return;
                            }
                        }
                    }
                }
            }
        }
    });
    let err = s
        .import(&packet, Consent::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("rumus"), "{err}");
    assert!(s.tpi.units().unwrap().is_empty());
}

#[test]
fn a_submission_never_writes_the_evaluators_side() {
    let s = setup();
    // The unit's own workspace holds "TPI" answers and verdicts.
    set(&s.unit, &s.ua, Role::Tpi, "P.1.i.a", "ya");
    let e = s.unit.evidence_list(&s.ua, None).unwrap().remove(0);
    s.unit
        .review_evidence(&s.ua, e.id, ReviewStatus::Accepted, "baik")
        .unwrap();
    let packet = s.export("kiriman");
    let report = s.import(&packet, Consent::default()).unwrap();
    assert!(
        report.warnings.iter().any(|w| w.contains("diabaikan")),
        "{:?}",
        report.warnings
    );
    let ea = s.tpi.assessment("DINKES", 2024).unwrap();
    let records = s.tpi.answer_records(&ea).unwrap();
    assert!(records.iter().all(|r| r.role == Role::Unit), "{records:?}");
    assert!(
        s.tpi
            .evidence_list(&ea, None)
            .unwrap()
            .iter()
            .all(|e| e.review_status == ReviewStatus::Pending)
    );
    // The unit's answer keeps its author; the import is the evaluator's act.
    let unit_answer = records.iter().find(|r| r.item == code("P.1.i.a")).unwrap();
    assert_eq!(unit_answer.updated_by, "tim-kerja");
    let files = s.tpi.evidence_list(&ea, None).unwrap();
    assert!(files.iter().all(|f| f.added_by == "tim-kerja"), "{files:?}");
    let log = s.tpi.audit_log(Some(ea.id)).unwrap();
    assert!(log.iter().all(|x| x.actor == "inspektorat"));
}

#[test]
fn a_review_keeps_the_evaluators_authorship() {
    let s = setup();
    let packet = s.export("kiriman");
    s.import(&packet, Consent::default()).unwrap();
    let ea = s.tpi.assessment("DINKES", 2024).unwrap();
    set(&s.tpi, &ea, Role::Tpi, "P.1.i.a", "ya");
    let e = s.tpi.evidence_list(&ea, None).unwrap().remove(0);
    s.tpi
        .review_evidence(&ea, e.id, ReviewStatus::Rejected, "tidak terbaca")
        .unwrap();
    let review = s.dir.path().join("reviu");
    s.tpi
        .export_packet(
            &ea,
            &review,
            &ExportOptions {
                review: true,
                job: crate::job::Job::new(&NO, &|_| {}),
                force: false,
            },
        )
        .unwrap();
    s.unit
        .import_packet(
            &review,
            &ImportPacketOptions {
                job: crate::job::Job::new(&NO, &|_| {}),
                consent: Consent::default(),
            },
        )
        .unwrap();
    let tpi = s
        .unit
        .answer_records(&s.ua)
        .unwrap()
        .into_iter()
        .find(|r| r.role == Role::Tpi)
        .unwrap();
    assert_eq!(tpi.updated_by, "inspektorat");
    let rejected = s
        .unit
        .evidence_list(&s.ua, None)
        .unwrap()
        .into_iter()
        .find(|f| f.review_status == ReviewStatus::Rejected)
        .unwrap();
    assert_eq!(rejected.reviewed_by.as_deref(), Some("inspektorat"));
}

#[test]
fn an_older_packet_or_the_same_one_again_needs_consent() {
    let s = setup();
    let first = s.export("kiriman-1");
    // Signed times have seconds: let the second packet be a second later.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    set(&s.unit, &s.ua, Role::Unit, "P.1.i.a", "tidak");
    let second = s.export("kiriman-2");
    s.import(&second, Consent::default()).unwrap();

    let (what, message) = needs(s.import(&first, Consent::default()));
    assert_eq!(what, Needs::OlderPacket);
    assert!(
        message.contains("lebih lama") && message.contains("Setujui hanya bila"),
        "{message}"
    );
    let ea = s.tpi.assessment("DINKES", 2024).unwrap();
    let value = |ws: &Workspace| {
        ws.answer_records(&ea)
            .unwrap()
            .into_iter()
            .find(|r| r.item == code("P.1.i.a") && r.role == Role::Unit)
            .and_then(|r| r.value)
    };
    assert_eq!(value(&s.tpi).as_deref(), Some("tidak"), "not rolled back");

    // The latest packet again changes nothing and needs no consent.
    let again = s.import(&second, Consent::default()).unwrap();
    assert_eq!(again.answers_changed, 0);

    s.import(
        &first,
        Consent {
            older: true,
            ..Consent::default()
        },
    )
    .unwrap();
    assert_eq!(
        value(&s.tpi).as_deref(),
        Some("ya"),
        "rolled back on request"
    );
    // Now the second is an earlier import again, not the latest: its
    // signed time is later, so it is simply the newer packet.
    s.import(&second, Consent::default()).unwrap();
    let (what, message) = needs(s.import(&first, Consent::default()));
    assert_eq!(what, Needs::OlderPacket);
    assert!(message.contains("lebih lama"), "{message}");
}

#[test]
fn a_new_key_for_a_known_unit_needs_consent() {
    let s = setup();
    s.import(&s.export("kiriman-1"), Consent::default())
        .unwrap();
    fs::remove_file(s.unit.root().join(sign::KEY_FILE)).unwrap();
    let second = s.export("kiriman-2");
    let (what, message) = needs(s.import(&second, Consent::default()));
    assert_eq!(what, Needs::NewKey);
    assert!(
        message.contains("setujui") && message.contains("saluran lain"),
        "{message}"
    );
    s.import(
        &second,
        Consent {
            new_key: true,
            ..Consent::default()
        },
    )
    .unwrap();
}

#[test]
fn a_resubmission_withdraws_files_the_unit_removed_but_not_the_evaluators_own() {
    let s = setup();
    s.import(&s.export("kiriman-1"), Consent::default())
        .unwrap();
    let ea = s.tpi.assessment("DINKES", 2024).unwrap();
    let own = s.dir.path().join("catatan evaluator.pdf");
    fs::write(&own, "milik evaluator").unwrap();
    s.tpi
        .add_evidence_file(&ea, code("P.1.i.a"), &own, None, None, None)
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let gone = s
        .unit
        .evidence_list(&s.ua, None)
        .unwrap()
        .into_iter()
        .find(|e| e.file_name == "undangan.pdf")
        .unwrap();
    s.unit.remove_evidence(&s.ua, gone.id).unwrap();
    let report = s
        .import(&s.export("kiriman-2"), Consent::default())
        .unwrap();
    assert_eq!(report.evidence_withdrawn, 1);
    let names: Vec<String> = s
        .tpi
        .evidence_list(&ea, None)
        .unwrap()
        .into_iter()
        .map(|e| e.file_name)
        .collect();
    assert_eq!(names, ["catatan evaluator.pdf", "sk.pdf"]);
    assert!(
        s.tpi
            .verify(None, crate::job::Job::new(&NO, &|_| {}))
            .unwrap()
            .is_clean()
    );
}

#[test]
fn two_imports_of_the_same_packet_at_once_lose_nothing() {
    for _ in 0..4 {
        let s = setup();
        let packet = s.export("kiriman");
        let root = s.tpi.root().to_path_buf();
        let results: Vec<bool> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..2)
                .map(|_| {
                    let (root, packet) = (&root, &packet);
                    scope.spawn(move || {
                        let ws = Workspace::open(root, "inspektorat").unwrap();
                        ws.import_packet(
                            packet,
                            &ImportPacketOptions {
                                job: crate::job::Job::new(&NO, &|_| {}),
                                consent: Consent::default(),
                            },
                        )
                        .is_ok()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        // The second to take the lock sees the first's import and applies
        // the same packet again, which changes nothing.
        assert_eq!(results, [true, true]);
        let ea = s.tpi.assessment("DINKES", 2024).unwrap();
        let files = s.tpi.evidence_list(&ea, None).unwrap();
        assert_eq!(files.len(), 2);
        for f in &files {
            assert!(s.tpi.blobs().has(f.sha256, f.size), "{} lost", f.file_name);
        }
        assert!(
            s.tpi
                .verify(None, crate::job::Job::new(&NO, &|_| {}))
                .unwrap()
                .is_clean()
        );
    }
}
