//! Shared set-up for the packet-import fuzz targets: a real evaluator
//! workspace (built once per fuzzing process through the public API) that
//! every input is imported into, copied afresh each time, and the check that
//! a refused import left it as it was.

pub mod sheet;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

use daduk_workspace::packet::{ExportOptions, ImportPacketOptions};
use daduk_workspace::{AnswerValue, NewUnit, Role, Sha256, Target, Workspace};

/// With `DADUK_FUZZ_TRIAGE` set, print why an input was refused (one line),
/// to see which refusals a corpus reaches:
/// `DADUK_FUZZ_TRIAGE=1 target/.../manifest -runs=0 corpus/manifest 2>&1 | grep -a '^triage' | sort | uniq -c`.
pub fn triage(why: &dyn std::fmt::Display) {
    static ON: OnceLock<bool> = OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("DADUK_FUZZ_TRIAGE").is_some()) {
        let line = why.to_string().replace('\n', " | ");
        eprintln!("triage: {}", line.chars().take(160).collect::<String>());
    }
}

/// A scratch folder for this process: in `/dev/shm` when there is one (the
/// targets write a file per input; a disk makes that the bottleneck),
/// otherwise in the temporary folder.
pub fn scratch_root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let shm = Path::new("/dev/shm");
        let tmp = if shm.is_dir() {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let root = tmp.join(format!("daduk-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("scratch folder");
        root
    })
}

/// The evaluator workspace every input is imported into.
pub struct Base {
    /// The workspace folder (never touched after set-up).
    pub dir: PathBuf,
    /// `template.json` of the submission it imported.
    pub template_json: Vec<u8>,
    /// Blobs on disk.
    blobs: Vec<Sha256>,
    /// Audit log length.
    audit: usize,
}

static NO: AtomicBool = AtomicBool::new(false);

fn export_opts(review: bool) -> ExportOptions<'static> {
    ExportOptions {
        review,
        job: daduk_workspace::job::Job::new(&NO, &|_| {}),
        force: false,
    }
}

/// Import options that never cancel and report nothing, for an evaluator
/// who agrees to everything (an older packet, a new key, any template, a
/// look-alike unit): the
/// fuzzer should reach what lies past those gates too.
pub fn import_opts() -> ImportPacketOptions<'static> {
    ImportPacketOptions {
        job: daduk_workspace::job::Job::new(&NO, &|_| {}),
        consent: daduk_workspace::packet::Consent {
            older: true,
            new_key: true,
            template: true,
            look_alike: true,
        },
    }
}

/// A unit `U` exports a submission for 2024 with three files; an evaluator
/// imports it and scores two items. Built once per process.
pub fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let root = scratch_root().join("base");
        let unit = Workspace::create(&root.join("unit"), "tim-kerja").expect("unit workspace");
        unit.add_unit(&NewUnit {
            code: "U".into(),
            name: "Unit Uji".into(),
            target: Target::Wbk,
            ..NewUnit::default()
        })
        .expect("unit");
        let a = unit.new_assessment("U", 2024, None).expect("assessment");
        let t = unit.template_of(&a).expect("template");
        let set = |ws: &Workspace, role, item: &str, v: &str| {
            let item = item.parse().expect("item code");
            let value = AnswerValue::parse(&t, item, v).expect("answer");
            let a = ws.assessment("U", 2024).expect("assessment");
            ws.set_answer(&a, role, item, &value, Some("catatan"))
                .expect("set answer");
        };
        set(&unit, Role::Unit, "P.1.i.a", "ya");
        set(&unit, Role::Unit, "P.1.i.b", "b");
        set(&unit, Role::Unit, "R.1.i.a", "a=4;b=3");
        for (item, name, content) in [
            ("P.1.i.a", "SK Tim.pdf", "%PDF sk"),
            ("P.1.i.b", "undangan rapat.pdf", "%PDF undangan"),
            ("P.1.ii.a", "CON.pdf", "reserved"),
        ] {
            let f = root.join(name);
            std::fs::write(&f, content).expect("file");
            unit.add_evidence_file(&a, item.parse().expect("item"), &f, None, None, None)
                .expect("evidence");
        }
        let packet = root.join("kiriman");
        unit.export_packet(&a, &packet, &export_opts(false))
            .expect("export");
        let dir = root.join("tpi");
        let tpi = Workspace::create(&dir, "inspektorat").expect("evaluator workspace");
        tpi.import_packet(&packet, &import_opts()).expect("import");
        set(&tpi, Role::Tpi, "P.1.i.a", "ya");
        set(&tpi, Role::Tpi, "P.1.i.b", "c");
        let template_json = std::fs::read(packet.join("template.json")).expect("template.json");
        let (blobs, audit) = state(&tpi);
        drop(tpi);
        Base {
            dir,
            template_json,
            blobs,
            audit,
        }
    })
}

fn state(ws: &Workspace) -> (Vec<Sha256>, usize) {
    let mut blobs = ws.blobs().on_disk();
    blobs.sort_by_key(|s| s.to_hex());
    (blobs, ws.audit_log(None).expect("audit log").len())
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(e.file_name());
        if e.file_type().expect("file type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            // Not `fs::copy`: libFuzzer's timer signals interrupt its
            // `copy_file_range` with EINTR, which it does not retry.
            let bytes = std::fs::read(e.path()).expect("read");
            std::fs::write(&target, bytes).expect("write");
        }
    }
}

/// Import the packet at `packet` into a fresh copy of the base workspace:
/// it must return (never panic), and when it refuses, the blobs and the
/// audit log must be as they were. Returns whether it was accepted.
pub fn import_and_check(packet: &Path) -> bool {
    let base = base();
    let dir = scratch_root().join("run");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&base.dir, &dir);
    let ws = Workspace::open(&dir, "fuzz").expect("open workspace copy");
    let result = ws.import_packet(packet, &import_opts());
    match &result {
        Ok(r) => triage(&format!("ACCEPTED {:?} {} {}", r.kind, r.unit, r.year)),
        Err(e) => triage(e),
    }
    if let Err(e) = &result {
        let msg = e.to_string();
        assert!(!msg.trim().is_empty(), "an empty error message");
        let (blobs, audit) = state(&ws);
        assert_eq!(
            blobs, base.blobs,
            "a refused import changed the blobs: {msg}"
        );
        assert_eq!(
            audit, base.audit,
            "a refused import wrote to the audit log: {msg}"
        );
    }
    result.is_ok()
}

/// Write `files` as a zip (stored, in order) at `path`.
pub fn write_zip(path: &Path, files: &[(String, Vec<u8>)]) {
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).expect("zip file"));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        // A name the writer itself refuses (e.g. a duplicate) is skipped.
        if out.start_file(name.as_str(), opts).is_ok() {
            out.write_all(bytes).expect("zip write");
        }
    }
    out.finish().expect("zip finish");
}
