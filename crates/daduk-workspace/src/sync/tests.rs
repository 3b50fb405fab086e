//! Syncing workspaces through an in-memory server that keeps the
//! protocol's rules (versions, 409 on a stale base, 422 on a missing blob,
//! blobs checked by hash).

use crate::evidence::Blobs;
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

use super::*;
use crate::answer::AnswerValue;
use crate::code::ItemCode;
use crate::error::Error;
use crate::evidence::ReviewStatus;
use crate::store::tests::unit;
use crate::store::{Assessment, AssessmentStatus, Workspace};

static NO: AtomicBool = AtomicBool::new(false);
const SERVER: &str = "https://daduk.example";

#[derive(Default)]
struct State {
    sides: HashMap<(String, i32, Role), (i64, String)>,
    blobs: HashMap<Sha256, Vec<u8>>,
    /// The next `assessment` answers as of before the last push (a race).
    stale_once: Option<RemoteAssessment>,
    /// Bytes served for a blob instead of its own (a damaged server).
    corrupt: Option<Sha256>,
    pushes: usize,
    uploads: usize,
    /// Assessments fetched whole.
    fetches: usize,
    /// Blobs refused as a full quota would (the file stays pending).
    refused: Option<Sha256>,
    /// A server of before TPN's side: a push of it is refused.
    no_tpn: bool,
}

#[derive(Default)]
struct FakeServer {
    state: Mutex<State>,
}

impl FakeServer {
    fn side_json(&self, unit: &str, year: i32, side: Role) -> Option<(i64, String)> {
        self.state
            .lock()
            .unwrap()
            .sides
            .get(&(unit.to_string(), year, side))
            .cloned()
    }

    fn put_raw(&self, unit: &str, year: i32, side: Role, m: &Manifest) {
        let mut s = self.state.lock().unwrap();
        let key = (unit.to_string(), year, side);
        let v = s.sides.get(&key).map_or(0, |x| x.0) + 1;
        s.sides.insert(key, (v, serde_json::to_string(m).unwrap()));
    }
}

impl Remote for FakeServer {
    fn list(&self) -> Result<Vec<Listed>> {
        let s = self.state.lock().unwrap();
        let mut out: Vec<Listed> = Vec::new();
        for (unit, year, _) in s.sides.keys() {
            if out.iter().any(|l| l.unit == *unit && l.year == *year) {
                continue;
            }
            let version = |side| s.sides.get(&(unit.clone(), *year, side)).map_or(0, |x| x.0);
            out.push(Listed {
                unit: unit.clone(),
                year: *year,
                unit_version: version(Role::Unit),
                tpi_version: version(Role::Tpi),
                tpn_version: version(Role::Tpn),
            });
        }
        out.sort_by(|a, b| (&a.unit, a.year).cmp(&(&b.unit, b.year)));
        Ok(out)
    }

    fn assessment(&self, unit: &str, year: i32) -> Result<RemoteAssessment> {
        self.state.lock().unwrap().fetches += 1;
        if let Some(stale) = self.state.lock().unwrap().stale_once.take() {
            return Ok(stale);
        }
        let side = |role| {
            self.side_json(unit, year, role)
                .map_or((0, None), |(v, json)| {
                    (v, Some(Manifest::parse(json.as_bytes()).unwrap()))
                })
        };
        let (unit_version, unit_side) = side(Role::Unit);
        let (tpi_version, tpi_side) = side(Role::Tpi);
        let (tpn_version, tpn_side) = side(Role::Tpn);
        Ok(RemoteAssessment {
            unit_version,
            tpi_version,
            unit_side,
            tpi_side,
            tpn_version,
            tpn_side,
        })
    }

    fn push(
        &self,
        unit: &str,
        year: i32,
        side: Role,
        base_version: i64,
        manifest: &Manifest,
    ) -> Result<PushOutcome> {
        // What the real server does: parse it as any packet manifest.
        let json = serde_json::to_string(manifest).unwrap();
        let m = Manifest::parse(json.as_bytes()).map_err(Error::Invalid)?;
        let mut s = self.state.lock().unwrap();
        if side == Role::Tpn && s.no_tpn {
            return Err(Error::Invalid("404 sisi harus 'unit' atau 'tpi'".into()));
        }
        let missing: Vec<String> = m
            .evidence
            .iter()
            .map(|e| e.sha256)
            .chain(m.files.iter().map(|f| f.sha256))
            .filter(|sha| !s.blobs.contains_key(sha))
            .map(|sha| sha.short(12))
            .collect();
        if !missing.is_empty() {
            return Err(Error::Invalid(format!("422 berkas belum ada: {missing:?}")));
        }
        let key = (unit.to_string(), year, side);
        let current = s.sides.get(&key).map_or(0, |x| x.0);
        if current != base_version {
            return Ok(PushOutcome::Conflict(current));
        }
        s.sides.insert(key, (current + 1, json));
        s.pushes += 1;
        Ok(PushOutcome::Stored(current + 1))
    }

    fn has_blob(&self, sha: Sha256) -> Result<bool> {
        Ok(self.state.lock().unwrap().blobs.contains_key(&sha))
    }

    fn upload_blob(
        &self,
        sha: Sha256,
        size: u64,
        file: &Path,
        _cancel: &AtomicBool,
        on_bytes: &dyn Fn(u64),
    ) -> std::result::Result<(), UploadError> {
        let bytes = fs::read(file).unwrap();
        assert_eq!(bytes.len() as u64, size);
        if Sha256::of_bytes(&bytes) != sha {
            return Err(Error::Invalid("422 hash berbeda".into()).into());
        }
        if self.state.lock().unwrap().refused == Some(sha) {
            return Err(UploadError::Blob("507 kuota habis".into()));
        }
        on_bytes(size);
        let mut s = self.state.lock().unwrap();
        s.uploads += 1;
        s.blobs.insert(sha, bytes);
        Ok(())
    }

    fn download_blob(&self, sha: Sha256, _size: u64) -> Result<Box<dyn Read + '_>> {
        let s = self.state.lock().unwrap();
        let mut bytes = s
            .blobs
            .get(&sha)
            .cloned()
            .ok_or_else(|| Error::Invalid("404".into()))?;
        if s.corrupt == Some(sha) {
            bytes[0] ^= 1;
        }
        Ok(Box::new(std::io::Cursor::new(bytes)))
    }
}

fn opts<'a>() -> SyncOptions<'a> {
    SyncOptions {
        server: SERVER,
        side: None,
        units: None,
        unit: None,
        year: None,
        job: crate::job::Job::new(&NO, &|_| {}),
    }
}

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

fn set(ws: &Workspace, a: &Assessment, role: Role, item: &str, value: &str, note: Option<&str>) {
    let t = ws.template_of(a).unwrap();
    let v = AnswerValue::parse(&t, code(item), value).unwrap();
    ws.set_answer(a, role, code(item), &v, note).unwrap();
}

fn value(ws: &Workspace, a: &Assessment, role: Role, item: &str) -> Option<String> {
    ws.answer_records(a)
        .unwrap()
        .into_iter()
        .find(|r| r.role == role && r.item == code(item))
        .and_then(|r| r.value)
}

fn unit_ws(root: &Path, name: &str) -> Workspace {
    let ws = Workspace::create(&root.join(name), "tim-kerja").unwrap();
    ws.set_workspace_role(Role::Unit).unwrap();
    ws
}

fn tpi_ws(root: &Path, name: &str) -> Workspace {
    let ws = Workspace::create(&root.join(name), "inspektorat").unwrap();
    ws.set_workspace_role(Role::Tpi).unwrap();
    ws
}

/// A unit's workspace with answers, two files and an absent mark.
fn unit_with_work(root: &Path) -> (Workspace, Assessment) {
    let ws = unit_ws(root, "unit");
    ws.add_unit(&unit("DINKES")).unwrap();
    let a = ws.new_assessment("DINKES", 2024, None).unwrap();
    set(&ws, &a, Role::Unit, "P.1.i.a", "ya", Some("SK 2024"));
    set(&ws, &a, Role::Unit, "P.1.i.b", "b", None);
    let files = root.join("files");
    fs::create_dir_all(&files).unwrap();
    for (item, name, content) in [
        ("P.1.i.a", "sk.pdf", "sk"),
        ("P.1.i.b", "undangan.pdf", "undangan"),
    ] {
        let f = files.join(name);
        fs::write(&f, content).unwrap();
        ws.add_evidence_file(&a, code(item), &f, None, None, None)
            .unwrap();
    }
    ws.mark_absent(&a, code("P.1.i.b"), "notula", "rapat tanpa notula")
        .unwrap();
    (ws, a)
}

#[test]
fn a_unit_side_reaches_the_evaluator_with_its_files_and_the_review_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    let (uws, ua) = unit_with_work(dir.path());
    // A TPI answer typed in the unit's workspace is not the unit's to send.
    set(&uws, &ua, Role::Tpi, "P.1.i.a", "tidak", None);

    let sent = uws.sync(&server, &opts()).unwrap();
    assert!(sent.failed.is_empty(), "{:?}", sent.failed);
    assert_eq!(sent.assessments[0].pushed, Some(1));
    // The template and two files.
    assert_eq!(sent.assessments[0].uploaded, 3);
    let (_, json) = server.side_json("DINKES", 2024, Role::Unit).unwrap();
    let m = Manifest::parse(json.as_bytes()).unwrap();
    assert!(m.answers.iter().all(|a| a.role == Role::Unit));
    assert_eq!(m.answers.len(), 2);

    let tws = tpi_ws(dir.path(), "tpi");
    let got = tws.sync(&server, &opts()).unwrap();
    assert!(got.failed.is_empty(), "{:?}", got.failed);
    assert_eq!(got.assessments[0].pulled, Some(1));
    // The built-in template is known here: only the two files.
    assert_eq!(got.assessments[0].downloaded, 2);
    assert_eq!(got.assessments[0].pushed, None, "nothing judged yet");
    let ta = tws.assessment("DINKES", 2024).unwrap();
    assert!(tws.is_received(ta.id).unwrap());
    assert_eq!(
        value(&tws, &ta, Role::Unit, "P.1.i.a").as_deref(),
        Some("ya")
    );
    assert_eq!(value(&tws, &ta, Role::Tpi, "P.1.i.a"), None);
    let files = tws.evidence_list(&ta, None).unwrap();
    assert_eq!(files.len(), 2);
    for f in &files {
        assert_eq!(tws.blobs().rehash(f.sha256), crate::evidence::BlobState::Ok);
    }
    assert_eq!(tws.absent_marks(&ta).unwrap().len(), 1);

    // The evaluator judges; the review reaches the unit.
    set(&tws, &ta, Role::Tpi, "P.1.i.a", "ya", Some("sesuai"));
    let sk = files.iter().find(|f| f.item == code("P.1.i.a")).unwrap();
    tws.review_evidence(&ta, sk.id, ReviewStatus::Rejected, "tidak bertanda tangan")
        .unwrap();
    let judged = tws.sync(&server, &opts()).unwrap();
    assert_eq!(judged.assessments[0].pushed, Some(1));
    assert_eq!(
        judged.assessments[0].uploaded, 0,
        "the server has every file"
    );

    let back = uws.sync(&server, &opts()).unwrap();
    assert_eq!(back.assessments[0].pulled, Some(1));
    assert_eq!(back.assessments[0].pushed, None, "nothing changed here");
    assert_eq!(
        value(&uws, &ua, Role::Tpi, "P.1.i.a").as_deref(),
        Some("ya")
    );
    assert_eq!(
        value(&uws, &ua, Role::Unit, "P.1.i.a").as_deref(),
        Some("ya")
    );
    let usk = uws
        .evidence_list(&ua, Some(code("P.1.i.a")))
        .unwrap()
        .remove(0);
    assert_eq!(usk.review_status, ReviewStatus::Rejected);
    assert_eq!(usk.review_note, "tidak bertanda tangan");

    // Nothing changed anywhere: nothing is sent or received.
    let again = uws.sync(&server, &opts()).unwrap();
    assert_eq!(
        (again.assessments[0].pushed, again.assessments[0].pulled),
        (None, None)
    );
    assert_eq!(server.state.lock().unwrap().pushes, 2);
}

#[test]
fn a_unit_side_never_writes_the_evaluators_side_and_a_tpi_side_never_the_units() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    let (uws, _) = unit_with_work(dir.path());
    uws.sync(&server, &opts()).unwrap();
    let tws = tpi_ws(dir.path(), "tpi");
    tws.sync(&server, &opts()).unwrap();
    let ta = tws.assessment("DINKES", 2024).unwrap();
    set(&tws, &ta, Role::Tpi, "P.1.i.b", "c", None);

    // A hostile unit side carrying TPI answers and a verdict.
    let (_, json) = server.side_json("DINKES", 2024, Role::Unit).unwrap();
    let mut m = Manifest::parse(json.as_bytes()).unwrap();
    let mut forged = m.answers[0].clone();
    forged.role = Role::Tpi;
    forged.item = code("P.1.i.b");
    forged.value = Some("a".into());
    m.answers.push(forged);
    m.evidence[0].review_status = ReviewStatus::Accepted;
    m.answers[0].note = "diubah".into();
    server.put_raw("DINKES", 2024, Role::Unit, &m);
    let got = tws.sync(&server, &opts()).unwrap();
    assert!(got.failed.is_empty(), "{:?}", got.failed);
    let w = &got.assessments[0].warnings;
    assert!(w.iter().any(|w| w.contains("diabaikan")), "{w:?}");
    assert_eq!(value(&tws, &ta, Role::Tpi, "P.1.i.b").as_deref(), Some("c"));
    assert!(
        tws.evidence_list(&ta, None)
            .unwrap()
            .iter()
            .all(|e| e.review_status == ReviewStatus::Pending)
    );
    // The unit's own change did arrive.
    let note = tws
        .answer_records(&ta)
        .unwrap()
        .into_iter()
        .find(|r| r.role == Role::Unit && r.item == m.answers[0].item)
        .unwrap()
        .note;
    assert_eq!(note, "diubah");

    // A hostile TPI side carrying unit answers.
    let tpi_side = tws
        .side_manifest(&ta, Role::Tpi, Some(Sha256::of_bytes(b"x")))
        .unwrap();
    let mut t = tpi_side.clone();
    let mut unit_answer = t.answers[0].clone();
    unit_answer.role = Role::Unit;
    unit_answer.item = code("P.1.i.a");
    unit_answer.value = Some("tidak".into());
    t.answers.push(unit_answer);
    server.put_raw("DINKES", 2024, Role::Tpi, &t);
    let ua = uws.assessment("DINKES", 2024).unwrap();
    let back = uws.sync(&server, &opts()).unwrap();
    assert!(back.failed.is_empty(), "{:?}", back.failed);
    assert_eq!(
        value(&uws, &ua, Role::Unit, "P.1.i.a").as_deref(),
        Some("ya")
    );
    assert_eq!(value(&uws, &ua, Role::Tpi, "P.1.i.b").as_deref(), Some("c"));
}

#[test]
fn a_side_changed_elsewhere_is_merged_per_item_and_a_clash_is_kept_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    let (one, a1) = unit_with_work(dir.path());
    one.sync(&server, &opts()).unwrap();
    // A second computer of the same unit starts from the server.
    let two = unit_ws(dir.path(), "laptop-2");
    let first = two
        .sync(
            &server,
            &SyncOptions {
                unit: Some("DINKES"),
                year: Some(2024),
                ..opts()
            },
        )
        .unwrap();
    assert!(first.failed.is_empty(), "{:?}", first.failed);
    let a2 = two.assessment("DINKES", 2024).unwrap();
    assert_eq!(
        value(&two, &a2, Role::Unit, "P.1.i.b").as_deref(),
        Some("b")
    );
    assert_eq!(two.evidence_list(&a2, None).unwrap().len(), 2);
    assert!(!two.is_received(a2.id).unwrap(), "its own, not received");

    // Both change: one item each, and one item differently on both.
    set(&one, &a1, Role::Unit, "P.1.ii.a", "ya", None);
    set(&one, &a1, Role::Unit, "P.1.i.b", "c", None);
    set(&two, &a2, Role::Unit, "P.1.iii.a", "b", None);
    set(&two, &a2, Role::Unit, "P.1.i.b", "a", None);
    let f = dir.path().join("files/notula.pdf");
    fs::write(&f, "notula").unwrap();
    two.add_evidence_file(&a2, code("P.1.iii.a"), &f, None, None, None)
        .unwrap();
    let pushed = two.sync(&server, &opts()).unwrap();
    assert_eq!(pushed.assessments[0].pushed, Some(2));

    // The first computer's push would be on an old base: it merges.
    let merged = one.sync(&server, &opts()).unwrap();
    let r = &merged.assessments[0];
    assert!(merged.failed.is_empty(), "{:?}", merged.failed);
    assert_eq!(r.pushed, Some(3));
    assert_eq!(r.merged_in, 2, "P.1.iii.a and its new file: {r:?}");
    assert_eq!(
        value(&one, &a1, Role::Unit, "P.1.iii.a").as_deref(),
        Some("b")
    );
    assert_eq!(
        value(&one, &a1, Role::Unit, "P.1.ii.a").as_deref(),
        Some("ya")
    );
    assert_eq!(
        value(&one, &a1, Role::Unit, "P.1.i.b").as_deref(),
        Some("c"),
        "a clash keeps the local answer"
    );
    assert_eq!(one.evidence_list(&a1, None).unwrap().len(), 3);
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    let c = &r.conflicts[0];
    assert_eq!(
        (
            c.key.as_str(),
            c.base.as_deref(),
            c.local.as_deref(),
            c.remote.as_deref()
        ),
        ("P.1.i.b", Some("b"), Some("c"), Some("a"))
    );
    assert_eq!(one.sync_conflicts(&a1).unwrap(), r.conflicts);

    // The second computer then takes what only the first changed.
    let back = two.sync(&server, &opts()).unwrap();
    assert_eq!(back.assessments[0].pushed, None);
    assert_eq!(
        value(&two, &a2, Role::Unit, "P.1.ii.a").as_deref(),
        Some("ya")
    );
    assert_eq!(
        value(&two, &a2, Role::Unit, "P.1.i.b").as_deref(),
        Some("c")
    );

    // The conflict stays open until someone settles it; settling keeps
    // the record (and says who), changes no answer, and an id that is not
    // open refuses the whole call.
    let open = one.open_conflicts(&a1).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].conflict, r.conflicts[0]);
    let audit = one.audit_log(Some(a1.id)).unwrap().len();
    let err = one
        .resolve_conflicts(&a1, Some(&[open[0].id, open[0].id + 100]))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("tidak ada atau sudah diselesaikan"),
        "{err}"
    );
    assert_eq!(one.open_conflicts(&a1).unwrap(), open, "nothing settled");
    assert_eq!(one.audit_log(Some(a1.id)).unwrap().len(), audit);
    assert_eq!(one.resolve_conflicts(&a1, Some(&[open[0].id])).unwrap(), 1);
    assert!(one.sync_conflicts(&a1).unwrap().is_empty());
    let log = one.audit_log(Some(a1.id)).unwrap();
    assert_eq!(log.len(), audit + 1);
    assert!(
        log.iter()
            .any(|e| e.action == "conflict resolved" && e.key == "P.1.i.b/unit"),
        "{log:?}"
    );
    assert_eq!(
        value(&one, &a1, Role::Unit, "P.1.i.b").as_deref(),
        Some("c"),
        "settling changes no answer"
    );
    assert!(
        one.resolve_conflicts(&a1, Some(&[open[0].id])).is_err(),
        "settled once"
    );
    assert_eq!(one.resolve_conflicts(&a1, None).unwrap(), 0);
}

#[test]
fn a_push_refused_for_a_stale_base_is_merged_and_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    let (one, a1) = unit_with_work(dir.path());
    one.sync(&server, &opts()).unwrap();
    let before = server.assessment("DINKES", 2024).unwrap();
    // Someone else writes P.1.ii.a between our look and our push.
    let (_, json) = server.side_json("DINKES", 2024, Role::Unit).unwrap();
    let mut theirs = Manifest::parse(json.as_bytes()).unwrap();
    let mut x = theirs.answers[0].clone();
    x.item = code("P.1.ii.a");
    x.value = Some("ya".into());
    x.note = String::new();
    theirs.answers.push(x);
    server.put_raw("DINKES", 2024, Role::Unit, &theirs);
    server.state.lock().unwrap().stale_once = Some(before);
    set(&one, &a1, Role::Unit, "P.1.iii.a", "b", None);

    let r = one.sync(&server, &opts()).unwrap();
    assert!(r.failed.is_empty(), "{:?}", r.failed);
    assert_eq!(
        r.assessments[0].pushed,
        Some(3),
        "after the 409, on version 2"
    );
    assert_eq!(
        value(&one, &a1, Role::Unit, "P.1.ii.a").as_deref(),
        Some("ya")
    );
    let (_, json) = server.side_json("DINKES", 2024, Role::Unit).unwrap();
    let now = Manifest::parse(json.as_bytes()).unwrap();
    assert!(now.answers.iter().any(|a| a.item == code("P.1.ii.a")));
    assert!(now.answers.iter().any(|a| a.item == code("P.1.iii.a")));
}

#[test]
fn two_evaluators_judging_the_same_file_differently_keep_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    let (uws, _) = unit_with_work(dir.path());
    uws.sync(&server, &opts()).unwrap();
    let e1 = tpi_ws(dir.path(), "tpi-1");
    let e2 = tpi_ws(dir.path(), "tpi-2");
    e1.sync(&server, &opts()).unwrap();
    e2.sync(&server, &opts()).unwrap();
    let (a1, a2) = (
        e1.assessment("DINKES", 2024).unwrap(),
        e2.assessment("DINKES", 2024).unwrap(),
    );
    let file =
        |ws: &Workspace, a: &Assessment| ws.evidence_list(a, Some(code("P.1.i.a"))).unwrap()[0].id;
    e1.review_evidence(&a1, file(&e1, &a1), ReviewStatus::Accepted, "")
        .unwrap();
    set(&e1, &a1, Role::Tpi, "P.1.i.a", "ya", None);
    e2.review_evidence(&a2, file(&e2, &a2), ReviewStatus::Rejected, "kedaluwarsa")
        .unwrap();
    set(&e2, &a2, Role::Tpi, "P.1.i.b", "a", None);
    assert_eq!(
        e1.sync(&server, &opts()).unwrap().assessments[0].pushed,
        Some(1)
    );
    let r = e2.sync(&server, &opts()).unwrap();
    let done = &r.assessments[0];
    assert_eq!(done.pushed, Some(2));
    assert_eq!(done.merged_in, 1, "e1's answer on P.1.i.a");
    assert_eq!(done.conflicts.len(), 1, "{:?}", done.conflicts);
    assert_eq!(done.conflicts[0].what, "penilaian berkas");
    assert_eq!(done.conflicts[0].side, Role::Tpi);
    assert_eq!(value(&e2, &a2, Role::Tpi, "P.1.i.a").as_deref(), Some("ya"));
    let kept = e2.evidence_list(&a2, Some(code("P.1.i.a"))).unwrap();
    assert_eq!(kept[0].review_status, ReviewStatus::Rejected);
}

#[test]
fn a_damaged_download_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    let (uws, ua) = unit_with_work(dir.path());
    uws.sync(&server, &opts()).unwrap();
    let sk = uws.evidence_list(&ua, Some(code("P.1.i.a"))).unwrap()[0].sha256;
    server.state.lock().unwrap().corrupt = Some(sk);
    let tws = tpi_ws(dir.path(), "tpi");
    let r = tws.sync(&server, &opts()).unwrap();
    assert_eq!(r.failed.len(), 1);
    assert!(r.failed[0].contains("tidak cocok"), "{:?}", r.failed);
    assert!(tws.assessment("DINKES", 2024).is_err());
    assert!(!tws.blobs().path(sk).exists());
    // Once the server serves it right, the same sync succeeds.
    server.state.lock().unwrap().corrupt = None;
    let r = tws.sync(&server, &opts()).unwrap();
    assert!(r.failed.is_empty(), "{:?}", r.failed);
    assert!(tws.assessment("DINKES", 2024).is_ok());
}

#[test]
fn a_workspace_without_a_role_is_told_to_choose_one() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("w"), "x").unwrap();
    let err = ws.sync(&FakeServer::default(), &opts()).unwrap_err();
    assert!(err.to_string().contains("--role"), "{err}");
}

#[test]
fn a_token_left_in_the_workspace_by_an_earlier_daduk_is_taken_out_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("w");
    let ws = Workspace::create(&root, "x").unwrap();
    ws.set_sync_settings(SERVER, None).unwrap();
    ws.put_legacy_token_for_test("dks_rahasia-sekali-0123456789");
    drop(ws);
    let ws = Workspace::open(&root, "x").unwrap();
    assert_eq!(
        ws.take_legacy_sync_token().unwrap().as_deref(),
        Some("dks_rahasia-sekali-0123456789")
    );
    assert_eq!(ws.take_legacy_sync_token().unwrap(), None, "taken once");
    assert_eq!(
        ws.sync_settings().unwrap(),
        (Some(SERVER.to_string()), None)
    );
    drop(ws);
    // Not in the database file, nor in its log, byte for byte.
    for f in ["daduk.sqlite", "daduk.sqlite-wal"] {
        let bytes = std::fs::read(root.join(f)).unwrap_or_default();
        assert!(
            !bytes.windows(18).any(|w| w == b"rahasia-sekali-012"),
            "{f} still holds the token"
        );
    }
    let ws = Workspace::open(&root, "x").unwrap();
    let log = format!("{:?}", ws.audit_log(None).unwrap());
    assert!(log.contains(SERVER));
    assert!(!log.contains("rahasia"), "{log}");
    // Two workspaces file their tokens apart.
    let other = Workspace::create(&dir.path().join("v"), "x").unwrap();
    assert_ne!(ws.workspace_id().unwrap(), other.workspace_id().unwrap());
    assert_eq!(ws.workspace_id().unwrap(), ws.workspace_id().unwrap());
}

#[test]
fn the_merge_rules_per_item() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = unit_with_work(dir.path());
    let base = ws.side_manifest(&a, Role::Unit, None).unwrap();
    let with = |changes: &[(&str, Option<&str>)]| {
        let mut m = base.clone();
        for (item, v) in changes {
            m.answers.retain(|x| x.item != code(item));
            if let Some(v) = v {
                let mut x = base.answers[0].clone();
                x.item = code(item);
                x.value = Some(v.to_string());
                x.note = String::new();
                m.answers.push(x);
            }
        }
        m
    };
    let local = with(&[
        ("P.1.i.a", None),
        ("P.1.ii.a", Some("ya")),
        ("P.1.i.b", Some("c")),
    ]);
    let remote = with(&[
        ("P.1.iii.a", Some("a")),
        ("P.1.i.b", Some("d")),
        ("P.1.ii.a", Some("ya")),
    ]);
    let m = merge::merge(Role::Unit, Some(&base), &local, &remote);
    let got: HashMap<String, Option<String>> = m
        .manifest
        .answers
        .iter()
        .map(|x| (x.item.to_string(), x.value.clone()))
        .collect();
    // Removed here only: stays removed. Same on both: that. Only there:
    // taken. Both, differently: local.
    assert!(!got.contains_key("P.1.i.a"));
    assert_eq!(got["P.1.ii.a"].as_deref(), Some("ya"));
    assert_eq!(got["P.1.iii.a"].as_deref(), Some("a"));
    assert_eq!(got["P.1.i.b"].as_deref(), Some("c"));
    assert_eq!(m.taken, 1);
    assert_eq!(m.conflicts.len(), 1);
    // Without a base, whatever differs on both is a conflict.
    let m = merge::merge(Role::Unit, None, &local, &remote);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    assert!(
        m.manifest
            .answers
            .iter()
            .any(|x| x.item == code("P.1.iii.a"))
    );
    // The merged side is a valid manifest.
    build::check_built(&m.manifest).unwrap();
}

#[test]
fn a_token_for_some_units_leaves_the_workspaces_other_units_alone() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    let (ws, _) = unit_with_work(dir.path());
    ws.add_unit(&unit("DISDIK")).unwrap();
    ws.new_assessment("DISDIK", 2024, None).unwrap();
    let scope = vec!["DISDIK".to_string()];
    let r = ws
        .sync(
            &server,
            &SyncOptions {
                units: Some(&scope),
                ..opts()
            },
        )
        .unwrap();
    let synced: Vec<&str> = r.assessments.iter().map(|a| a.unit.as_str()).collect();
    assert_eq!(synced, ["DISDIK"]);
    assert!(server.side_json("DINKES", 2024, Role::Unit).is_none());
}

#[test]
fn the_status_travels_with_the_unit_side_and_a_second_computer_never_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    let (one, a1) = unit_with_work(dir.path());
    one.sync(&server, &opts()).unwrap();
    let two = unit_ws(dir.path(), "laptop-2");
    two.sync(&server, &opts()).unwrap();
    let a2 = two.assessment("DINKES", 2024).unwrap();
    assert_eq!(a2.status, AssessmentStatus::Draft);

    // The first computer submits; nothing else changes. The status alone
    // is a change to send.
    one.set_status(&a1, AssessmentStatus::Submitted).unwrap();
    let sent = one.sync(&server, &opts()).unwrap();
    assert_eq!(sent.assessments[0].pushed, Some(2), "{sent:?}");
    let (_, json) = server.side_json("DINKES", 2024, Role::Unit).unwrap();
    assert!(json.contains("\"status\":\"submitted\""), "{json}");

    // The second computer, still on Draf, changes an answer and syncs: it
    // takes the status, and never sends Draf back.
    set(&two, &a2, Role::Unit, "P.1.ii.a", "ya", None);
    let got = two.sync(&server, &opts()).unwrap();
    assert!(got.failed.is_empty(), "{:?}", got.failed);
    assert_eq!(
        two.assessment("DINKES", 2024).unwrap().status,
        AssessmentStatus::Submitted
    );
    let (_, json) = server.side_json("DINKES", 2024, Role::Unit).unwrap();
    assert!(json.contains("\"status\":\"submitted\""), "{json}");
    assert!(json.contains("P.1.ii.a"), "its answer went too");

    // A third computer that set Draf on its own before ever syncing keeps
    // the further status, with the clash recorded.
    let three = unit_ws(dir.path(), "laptop-3");
    three.add_unit(&unit("DINKES")).unwrap();
    let a3 = three.new_assessment("DINKES", 2024, None).unwrap();
    set(&three, &a3, Role::Unit, "P.1.iii.a", "b", None);
    let r = three.sync(&server, &opts()).unwrap();
    assert!(r.failed.is_empty(), "{:?}", r.failed);
    assert_eq!(
        three.assessment("DINKES", 2024).unwrap().status,
        AssessmentStatus::Submitted
    );
    assert!(
        r.assessments[0]
            .conflicts
            .iter()
            .any(|c| c.what == "status penilaian"),
        "{:?}",
        r.assessments[0].conflicts
    );
}

#[test]
fn a_file_the_server_refuses_does_not_hold_back_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    let (ws, a) = unit_with_work(dir.path());
    let sk = ws
        .evidence_list(&a, None)
        .unwrap()
        .into_iter()
        .find(|f| f.file_name == "sk.pdf")
        .unwrap()
        .sha256;
    server.state.lock().unwrap().refused = Some(sk);

    let r = ws.sync(&server, &opts()).unwrap();
    let done = &r.assessments[0];
    assert!(r.failed.is_empty(), "{:?}", r.failed);
    assert_eq!(done.pushed, Some(1), "the answers went: {done:?}");
    assert!(
        done.warnings
            .iter()
            .any(|w| w.contains("'sk.pdf' (butir P.1.i.a) belum terkirim") && w.contains("kuota")),
        "{:?}",
        done.warnings
    );
    let (_, json) = server.side_json("DINKES", 2024, Role::Unit).unwrap();
    assert!(json.contains("P.1.i.a") && json.contains("undangan.pdf"));
    assert!(!json.contains("sk.pdf"), "the pending file is not listed");
    // The workspace still holds it.
    assert_eq!(ws.evidence_list(&a, None).unwrap().len(), 2);

    // The same refusal again: nothing new to send, no new version.
    let again = ws.sync(&server, &opts()).unwrap();
    assert_eq!(again.assessments[0].pushed, None, "{again:?}");

    // Once the server takes it, the next sync sends the file.
    server.state.lock().unwrap().refused = None;
    let later = ws.sync(&server, &opts()).unwrap();
    assert_eq!(later.assessments[0].pushed, Some(2), "{later:?}");
    let (_, json) = server.side_json("DINKES", 2024, Role::Unit).unwrap();
    assert!(json.contains("sk.pdf"));
}

#[test]
fn a_unit_that_reads_like_one_here_is_not_created_by_a_sync() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    let (uws, _) = unit_with_work(dir.path());
    uws.sync(&server, &opts()).unwrap();
    let tws = tpi_ws(dir.path(), "tpi");
    tws.add_unit(&crate::store::NewUnit {
        name: "Dinas Kesehatan".into(),
        ..crate::store::tests::unit("D1NKES")
    })
    .unwrap();
    let got = tws.sync(&server, &opts()).unwrap();
    assert_eq!(got.failed.len(), 1, "{got:?}");
    assert!(
        got.failed[0].contains("mirip unit D1NKES"),
        "{:?}",
        got.failed
    );
    assert_eq!(tws.units().unwrap().len(), 1, "nothing created");
    // Added by a person, knowingly: the next sync fills it.
    tws.add_unit(&crate::store::tests::unit("DINKES")).unwrap();
    let got = tws.sync(&server, &opts()).unwrap();
    assert!(got.failed.is_empty(), "{:?}", got.failed);
    assert!(tws.assessment("DINKES", 2024).is_ok());
}

#[test]
fn what_the_unit_read_reaches_the_evaluator_who_reads_nothing_again() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    let (uws, ua) = unit_with_work(dir.path());
    let notula = dir.path().join("files/Dokumen (3).txt");
    fs::write(
        &notula,
        "NOTULA RAPAT\nPenyusunan rencana kerja pembangunan Zona Integritas\n\
         Hari/Tanggal: Selasa, 12 Maret 2024\nPeserta rapat merapatkan jadwal monev.\n",
    )
    .unwrap();
    uws.add_evidence_file(&ua, code("P.1.ii.a"), &notula, None, None, None)
        .unwrap();
    let job = || crate::job::Job::new(&NO, &|_| {});
    // The two stand-in PDFs fail to read (no text of theirs goes); the
    // notula is read.
    assert_eq!(uws.read_contents(&ua, job()).unwrap().read, 1);
    let sent = uws.sync(&server, &opts()).unwrap();
    assert!(sent.failed.is_empty(), "{:?}", sent.failed);
    // The template, three files and one text.
    assert_eq!(sent.assessments[0].uploaded, 5);
    let (_, json) = server.side_json("DINKES", 2024, Role::Unit).unwrap();
    let m = Manifest::parse(json.as_bytes()).unwrap();
    let sha = uws
        .evidence_list(&ua, None)
        .unwrap()
        .into_iter()
        .find(|e| e.item == code("P.1.ii.a"))
        .unwrap()
        .sha256;
    let text = m
        .files
        .iter()
        .find(|f| f.path == format!("isi/{}.txt", sha.to_hex()))
        .expect("the text is listed");

    let tws = tpi_ws(dir.path(), "tpi");
    let got = tws.sync(&server, &opts()).unwrap();
    assert!(got.failed.is_empty(), "{:?}", got.failed);
    assert_eq!(got.assessments[0].texts_received, 1);
    // Texts are kept with the readings, not as evidence blobs.
    assert_eq!(got.assessments[0].downloaded, 3);
    assert!(!tws.blobs().has(text.sha256, text.size));
    let ta = tws.assessment("DINKES", 2024).unwrap();
    let c = &tws.contents(&ta).unwrap()[&sha];
    assert_eq!(c.kind.as_deref(), Some("notula"));
    assert_eq!(c.date.as_deref(), Some("2024-03-12"));
    let again = tws.read_contents(&ta, job()).unwrap();
    assert_eq!((again.read, again.known), (0, 1));
    assert_eq!(tws.search("rapat", Some(&ta)).unwrap().len(), 1);

    // Nothing changed: nothing goes, and neither side comes down again
    // (the list's versions are those kept here). A file read since: its
    // text goes.
    let fetched = server.state.lock().unwrap().fetches;
    let quiet = uws.sync(&server, &opts()).unwrap();
    assert_eq!(quiet.assessments[0].pushed, None);
    let quiet = tws.sync(&server, &opts()).unwrap();
    assert_eq!(
        (quiet.assessments[0].pushed, quiet.assessments[0].pulled),
        (None, None)
    );
    assert_eq!(server.state.lock().unwrap().fetches, fetched);
    let undangan = dir.path().join("files/undangan rapat.txt");
    fs::write(
        &undangan,
        "UNDANGAN\nNomor: 005/12/ZI/2024\nPerihal: Rapat evaluasi Zona Integritas\n\
         Jakarta, 4 April 2024\n",
    )
    .unwrap();
    uws.add_evidence_file(&ua, code("P.1.ii.b"), &undangan, None, None, None)
        .unwrap();
    assert_eq!(uws.read_contents(&ua, job()).unwrap().read, 1);
    assert_eq!(
        uws.sync(&server, &opts()).unwrap().assessments[0].pushed,
        Some(2)
    );
    let got = tws.sync(&server, &opts()).unwrap();
    assert_eq!(got.assessments[0].texts_received, 1);
}

#[test]
fn a_text_that_is_not_what_the_side_says_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    let (uws, ua) = unit_with_work(dir.path());
    let notula = dir.path().join("files/notula.txt");
    fs::write(&notula, "NOTULA RAPAT\nTanggal 12 Maret 2024\n").unwrap();
    uws.add_evidence_file(&ua, code("P.1.ii.a"), &notula, None, None, None)
        .unwrap();
    uws.read_contents(&ua, crate::job::Job::new(&NO, &|_| {}))
        .unwrap();
    uws.sync(&server, &opts()).unwrap();
    let (_, json) = server.side_json("DINKES", 2024, Role::Unit).unwrap();
    let m = Manifest::parse(json.as_bytes()).unwrap();
    let text = m.files.iter().find(|f| f.path.starts_with("isi/")).unwrap();
    // The server serves other bytes for the text.
    server.state.lock().unwrap().corrupt = Some(text.sha256);
    let tws = tpi_ws(dir.path(), "tpi");
    let got = tws.sync(&server, &opts()).unwrap();
    assert!(got.failed.is_empty(), "{:?}", got.failed);
    assert_eq!(got.assessments[0].texts_received, 0);
    let ta = tws.assessment("DINKES", 2024).unwrap();
    assert!(tws.contents(&ta).unwrap().is_empty());
}

fn stage(stage: &str, date: &str, outcome: Option<&str>) -> crate::tpn::StageRecord {
    crate::tpn::StageRecord {
        stage: stage.parse().unwrap(),
        date: date.parse().unwrap(),
        outcome: outcome.map(|o| o.parse().unwrap()),
        note: String::new(),
    }
}

/// TPN's result is recorded by whoever received the LHE; a sync takes it
/// to the other, both may add to it, and a difference is kept and recorded.
#[test]
fn tpns_result_recorded_on_either_side_reaches_the_other_and_merges() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    let (uws, ua) = unit_with_work(dir.path());
    uws.sync(&server, &opts()).unwrap();
    let tws = tpi_ws(dir.path(), "tpi");
    tws.sync(&server, &opts()).unwrap();
    let ta = tws.assessment("DINKES", 2024).unwrap();

    // The unit records the first stages and a TPN value.
    uws.set_tpn_stage(&ua, &stage("usulan", "2024-04-30", Some("lolos")))
        .unwrap();
    // A date before the stage that came first is refused.
    uws.set_tpn_stage(&ua, &stage("seleksi", "2024-04-01", Some("lolos")))
        .unwrap_err();
    uws.set_tpn_stage(&ua, &stage("seleksi", "2024-05-20", Some("lolos")))
        .unwrap();
    set(
        &uws,
        &ua,
        Role::Tpn,
        "P.1.i.a",
        "tidak",
        Some("SK belum ditandatangani"),
    );
    let sent = uws.sync(&server, &opts()).unwrap();
    assert!(sent.failed.is_empty(), "{:?}", sent.failed);
    assert_eq!(sent.assessments[0].tpn_pushed, Some(1));
    assert_eq!(
        sent.assessments[0].pushed, None,
        "the unit's side is as it was"
    );
    let (_, json) = server.side_json("DINKES", 2024, Role::Tpn).unwrap();
    let m = Manifest::parse(json.as_bytes()).unwrap();
    assert_eq!(m.kind, crate::packet::PacketKind::Tpn);
    assert!(m.answers.iter().all(|a| a.role == Role::Tpn));
    assert!(m.evidence.is_empty() && m.files.is_empty());
    assert_eq!(m.tpn_stages.len(), 2);
    // Nor does TPN's result travel in the unit's side.
    let (_, unit_json) = server.side_json("DINKES", 2024, Role::Unit).unwrap();
    let um = Manifest::parse(unit_json.as_bytes()).unwrap();
    assert!(um.tpn_stages.is_empty() && um.answers.iter().all(|a| a.role == Role::Unit));

    // The evaluator receives it, and adds to it.
    let got = tws.sync(&server, &opts()).unwrap();
    assert!(got.failed.is_empty(), "{:?}", got.failed);
    assert_eq!(
        value(&tws, &ta, Role::Tpn, "P.1.i.a").as_deref(),
        Some("tidak")
    );
    assert_eq!(tws.tpn_stages(&ta).unwrap().len(), 2);
    tws.set_tpn_stage(&ta, &stage("desk", "2024-06-15", Some("lolos")))
        .unwrap();
    set(&tws, &ta, Role::Tpn, "P.1.i.b", "b", None);
    // Meanwhile the unit changes the value TPN gave on P.1.i.a, and the
    // evaluator the same one differently.
    set(
        &uws,
        &ua,
        Role::Tpn,
        "P.1.i.a",
        "ya",
        Some("setelah sanggah"),
    );
    set(&tws, &ta, Role::Tpn, "P.1.i.a", "tidak", Some("tetap"));
    let judged = tws.sync(&server, &opts()).unwrap();
    assert_eq!(judged.assessments[0].tpn_pushed, Some(2));

    let back = uws.sync(&server, &opts()).unwrap();
    assert!(back.failed.is_empty(), "{:?}", back.failed);
    let a = &back.assessments[0];
    // What only the evaluator changed is taken; the clash is kept here.
    assert_eq!(value(&uws, &ua, Role::Tpn, "P.1.i.b").as_deref(), Some("b"));
    assert_eq!(
        value(&uws, &ua, Role::Tpn, "P.1.i.a").as_deref(),
        Some("ya")
    );
    assert_eq!(uws.tpn_stages(&ua).unwrap().len(), 3);
    assert_eq!(a.conflicts.len(), 1, "{:?}", a.conflicts);
    assert_eq!(a.conflicts[0].side, Role::Tpn);
    assert_eq!(a.conflicts[0].key, "P.1.i.a");
    assert_eq!(a.tpn_pushed, Some(3), "the merged side goes back");
    assert_eq!(uws.open_conflicts(&ua).unwrap()[0].conflict.side, Role::Tpn);

    // Nothing changed: nothing of TPN's goes either way.
    tws.sync(&server, &opts()).unwrap();
    let again = uws.sync(&server, &opts()).unwrap();
    assert_eq!(again.assessments[0].tpn_pushed, None);
}

/// A TPN side whose stages cannot be (a stage after one the unit did not
/// pass) is refused whole by the parser, whoever wrote it.
#[test]
fn a_tpn_side_that_cannot_be_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (uws, ua) = unit_with_work(dir.path());
    uws.set_tpn_stage(&ua, &stage("usulan", "2024-04-30", Some("tidak-lolos")))
        .unwrap();
    let mut m = uws.side_manifest(&ua, Role::Tpn, None).unwrap();
    m.tpn_stages.push(stage("wawancara", "2024-08-01", None));
    let json = serde_json::to_vec(&m).unwrap();
    let e = Manifest::parse(&json).unwrap_err();
    assert!(e.contains("tidak lolos"), "{e}");
    // A TPN side carrying a unit answer is not a TPN side.
    let mut m = uws.side_manifest(&ua, Role::Tpn, None).unwrap();
    m.answers.push(crate::packet::manifest::PacketAnswer {
        role: Role::Unit,
        item: code("P.1.i.a"),
        value: Some("ya".into()),
        note: String::new(),
        updated_by: "x".into(),
        updated_at: "2024-01-01T00:00:00Z".into(),
    });
    let e = Manifest::parse(&serde_json::to_vec(&m).unwrap()).unwrap_err();
    assert!(e.contains("hanya berisi jawaban TPN"), "{e}");
}

/// A server that keeps no TPN side yet: the own side still syncs, and the
/// user is told TPN's result did not go.
#[test]
fn a_server_without_tpns_side_still_syncs_the_own_side() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeServer::default();
    server.state.lock().unwrap().no_tpn = true;
    let (uws, ua) = unit_with_work(dir.path());
    uws.set_tpn_stage(&ua, &stage("usulan", "2024-04-30", Some("lolos")))
        .unwrap();
    let r = uws.sync(&server, &opts()).unwrap();
    assert!(r.failed.is_empty(), "{:?}", r.failed);
    let a = &r.assessments[0];
    assert_eq!(a.pushed, Some(1));
    assert_eq!(a.tpn_pushed, None);
    assert!(
        a.warnings
            .iter()
            .any(|w| w.contains("hasil TPN tidak tersinkron")),
        "{:?}",
        a.warnings
    );
    // Once the server keeps it, a side of stages alone goes.
    server.state.lock().unwrap().no_tpn = false;
    let r = uws.sync(&server, &opts()).unwrap();
    assert_eq!(r.assessments[0].tpn_pushed, Some(1));
    assert!(r.assessments[0].warnings.is_empty());
}
