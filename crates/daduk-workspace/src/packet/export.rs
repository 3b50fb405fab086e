//! Writing a packet: a folder, or a `.zip` when the path ends in `.zip`.
//!
//! Everything is written under a temporary name beside the destination and
//! renamed into place at the end, so an interrupted export never leaves
//! something that looks like a finished packet.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use super::manifest::{
    self, Manifest, PacketAbsent, PacketActivity, PacketAnswer, PacketEvidence, PacketEvidenceRef,
    PacketFile, PacketKind, PacketPlan, PacketPlanItem, PacketRealisation, PacketScore, PacketUnit,
    TemplateRef,
};
use super::names::{MAX_COMPONENT, safe_component};
use super::{html, sign};
use crate::answer::Role;
use crate::code::Part;
use crate::error::{Error, Result};
use crate::evidence::{BlobState, Evidence};
use crate::hash::Sha256;
use crate::job::{Done, Job};
use crate::output::AtomicFile;
use crate::store::packets::{Direction, PacketEntry};
use crate::store::{Assessment, Workspace, now};
use crate::template::Template;

/// How to export.
pub struct ExportOptions<'a> {
    /// A review packet (TPI answers, notes, file verdicts; no files) instead
    /// of a submission.
    pub review: bool,
    /// Stops it (nothing is left at the destination); told the bytes
    /// copied of all.
    pub job: Job<'a, Done>,
    /// Replace an existing zip, or an existing folder that is a Daduk
    /// packet (any other folder is never replaced).
    pub force: bool,
}

impl std::fmt::Debug for ExportOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportOptions")
            .field("review", &self.review)
            .field("force", &self.force)
            .finish_non_exhaustive()
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportReport {
    /// The packet.
    pub path: PathBuf,
    /// Submission or review.
    pub kind: PacketKind,
    /// SHA-256 of `manifest.json`.
    pub manifest_sha256: Sha256,
    /// The signer's fingerprint.
    pub fingerprint: String,
    /// Files in the packet (besides manifest, signature and sums).
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
    /// When it was made (its manifest's `created_at`).
    pub created_at: String,
}

/// Bytes read and buffered at a time when writing a zip.
const COPY_BUFFER: usize = 1 << 20;

/// Copy the stored files into the packet, reporting bytes done; stops on
/// the user's cancel or when `stop` is set (the documents failed).
fn copy_files(
    sink: &mut Sink,
    copies: &[(String, Sha256, u64)],
    store: &dyn crate::evidence::Blobs,
    opts: &ExportOptions<'_>,
    stop: &AtomicBool,
) -> Result<(Vec<PacketFile>, u64)> {
    let total = copies.iter().fold(0u64, |t, c| t.saturating_add(c.2));
    opts.job.report(Done { done: 0, total });
    let mut files = Vec::with_capacity(copies.len());
    let mut bytes = 0u64;
    for (path, sha, size) in copies {
        if opts.job.cancelled() {
            return Err(Error::Invalid("ekspor dibatalkan".into()));
        }
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let mut reader = store.open(*sha).map_err(|e| Error::io(path, e))?;
        sink.add_file(path, &mut reader, *size)
            .map_err(|e| Error::io(path, e))?;
        files.push(PacketFile {
            path: path.clone(),
            size: *size,
            sha256: *sha,
        });
        bytes += size;
        opts.job.report(Done { done: bytes, total });
    }
    Ok((files, bytes))
}

/// Where the packet is being written.
enum Sink {
    Dir(PathBuf),
    /// The writer, and a read buffer reused for every file.
    Zip(Box<zip::ZipWriter<Quiet<BufWriter<AtomicFile>>>>, Vec<u8>),
}

/// A writer that fails once and then quietly takes everything: a zip
/// writer dropped after a failure (a full disk) tries to finish the archive
/// and prints its own English complaint to the terminal; the first error is
/// what the caller reports, and the half-written file is removed anyway.
struct Quiet<W> {
    inner: W,
    failed: bool,
}

impl<W: Write> Write for Quiet<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.failed {
            return Ok(buf.len());
        }
        self.inner.write(buf).inspect_err(|_| self.failed = true)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed {
            return Ok(());
        }
        self.inner.flush().inspect_err(|_| self.failed = true)
    }
}

impl<W: io::Seek> io::Seek for Quiet<W> {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        if self.failed {
            return Ok(0);
        }
        self.inner.seek(pos).inspect_err(|_| self.failed = true)
    }
}

impl Sink {
    fn add_bytes(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        match self {
            Sink::Dir(root) => {
                let full = join(root, path);
                if let Some(dir) = full.parent() {
                    fs::create_dir_all(dir)?;
                }
                fs::write(full, bytes)
            }
            Sink::Zip(zip, _) => {
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated);
                zip.start_file(path, options)?;
                zip.write_all(bytes)
            }
        }
    }

    fn add_file(&mut self, path: &str, src: &mut dyn Read, size: u64) -> io::Result<()> {
        match self {
            Sink::Dir(root) => {
                let full = join(root, path);
                if let Some(dir) = full.parent() {
                    fs::create_dir_all(dir)?;
                }
                io::copy(src, &mut File::create(full)?).map(|_| ())
            }
            Sink::Zip(zip, buf) => {
                // Documents and photos are compressed already: store them.
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Stored)
                    .large_file(size >= u64::from(u32::MAX));
                zip.start_file(path, options)?;
                // Large reads and a large buffer below the zip writer: a
                // 2 GB packet is otherwise half a million 8 KiB syscalls.
                loop {
                    match src.read(buf) {
                        Ok(0) => return Ok(()),
                        Ok(n) => zip.write_all(&buf[..n])?,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                }
            }
        }
    }
}

fn join(root: &Path, rel: &str) -> PathBuf {
    rel.split('/').fold(root.to_path_buf(), |p, c| p.join(c))
}

/// Readable, Windows-safe, unique evidence paths in LKE order:
/// `evidence/1 Manajemen Perubahan/P.1.i Penyusunan Tim Kerja/P.1.i.a - SK Tim.pdf`.
fn evidence_path(template: &Template, e: &Evidence, used: &mut HashSet<String>) -> String {
    let Some(r) = template.item_ref(e.item) else {
        return format!("evidence/{}", safe_component(&e.file_name, MAX_COMPONENT));
    };
    let area = match e.item.part {
        Part::H => format!("{} Hasil {}", 6 + e.item.area, r.area.name),
        _ => format!("{} {}", e.item.area, r.area.name),
    };
    let sub = format!("{} {}", e.item.sub_area_code(), r.sub_area.name);
    let ext = e
        .file_name
        .rsplit_once('.')
        .map(|(_, x)| format!(".{}", x.to_lowercase()))
        .unwrap_or_default();
    let dir = format!(
        "evidence/{}/{}",
        safe_component(&area, 40),
        safe_component(&sub, 50)
    );
    let base = format!("{} - {}", e.item, e.title);
    for n in 1.. {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        // Shorten the title, not the suffix: were the suffix cut by the
        // length bound, every candidate would be the same taken name and
        // this loop would never end (two long titles differing at the end).
        let room = MAX_COMPONENT.saturating_sub(suffix.chars().count() + ext.chars().count());
        let head: String = base.chars().take(room).collect();
        let name = safe_component(&format!("{head}{suffix}{ext}"), MAX_COMPONENT);
        let path = format!("{dir}/{name}");
        if used.insert(path.to_lowercase()) {
            return path;
        }
    }
    unreachable!("an unbounded counter always finds a free name")
}

impl Workspace {
    /// Export an assessment as a packet at `out` (a folder, or a zip when
    /// `out` ends in `.zip`). An existing `out` is replaced only with
    /// `opts.force`, and a folder only if it is a Daduk packet.
    pub fn export_packet(
        &self,
        a: &Assessment,
        out: &Path,
        opts: &ExportOptions<'_>,
    ) -> Result<ExportReport> {
        let zip = out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        let target = crate::output::Target {
            force: opts.force,
            workspace: Some(self.root()),
        };
        let replace_dir = out.is_dir();
        if replace_dir {
            if !opts.force {
                return Err(Error::Exists {
                    what: "folder",
                    key: out.display().to_string(),
                    hint: "; pilih nama lain, atau timpa paket lama dengan --force".into(),
                });
            }
            if zip || !out.join(manifest::MANIFEST).is_file() {
                return Err(Error::Invalid(format!(
                    "{} adalah folder yang bukan paket Daduk; pilih nama lain (folder lain tidak pernah ditimpa)",
                    out.display()
                )));
            }
            crate::output::check(&out.join(manifest::MANIFEST), target)?;
        } else {
            crate::output::check(out, target)?;
        }
        let mut report = if zip {
            // A zip is one file: written whole under a temporary name and
            // renamed, like every other output.
            let sink = Sink::Zip(
                Box::new(zip::ZipWriter::new(Quiet {
                    inner: BufWriter::with_capacity(COPY_BUFFER, AtomicFile::create(out, target)?),
                    failed: false,
                })),
                vec![0u8; COPY_BUFFER],
            );
            let (report, file) = self.write_packet(a, sink, opts)?;
            if let Some(file) = file {
                file.commit()?;
            }
            report
        } else {
            // A folder is staged beside its target and renamed into place.
            crate::output::check_folder(out)?;
            if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
                crate::output::clean_stale_parts(dir);
            }
            let part = crate::output::temp_sibling(out);
            fs::create_dir_all(&part).map_err(|e| Error::io(&part, e))?;
            let renamed = self
                .write_packet(a, Sink::Dir(part.clone()), opts)
                .and_then(|(report, _)| {
                    if replace_dir {
                        fs::remove_dir_all(out).map_err(|e| Error::io(out, e))?;
                    }
                    fs::rename(&part, out).map_err(|e| Error::io(out, e))?;
                    Ok(report)
                });
            if renamed.is_err() {
                let _ = fs::remove_dir_all(&part);
            }
            renamed?
        };
        // Logged once it is there for people to send.
        self.log_packet(
            a,
            Direction::Export,
            &PacketEntry {
                kind: report.kind,
                manifest: report.manifest_sha256,
                fingerprint: &report.fingerprint,
                created_at: &report.created_at,
            },
        )?;
        report.path = out.to_path_buf();
        Ok(report)
    }

    /// Write the packet into `sink`; a zip comes back finished, still
    /// under its temporary name.
    fn write_packet(
        &self,
        a: &Assessment,
        mut sink: Sink,
        opts: &ExportOptions<'_>,
    ) -> Result<(ExportReport, Option<AtomicFile>)> {
        let template = self.template_of(a)?;
        let unit = self.unit(&a.unit)?;
        let kind = if opts.review {
            PacketKind::Review
        } else {
            PacketKind::Submission
        };
        let io_err = |path: &str| {
            let path = path.to_string();
            move |e: io::Error| Error::io(&path, e)
        };
        let mut files: Vec<PacketFile> = Vec::new();
        let mut bytes = 0u64;

        // Every side, in both kinds: a review carries the unit answers it
        // judged, so the unit can see what changed since; TPN's result,
        // recorded by either, travels with whichever packet goes.
        let answers: Vec<PacketAnswer> = self
            .answer_records(a)?
            .into_iter()
            .map(|r| PacketAnswer {
                role: r.role,
                item: r.item,
                value: r.value,
                note: r.note,
                updated_by: r.updated_by,
                updated_at: r.updated_at,
            })
            .collect();
        let absent = self
            .absent_marks(a)?
            .into_iter()
            .map(|m| PacketAbsent {
                item: m.item,
                kind: m.kind,
                reason: m.reason,
            })
            .collect();
        let list = self.evidence_list(a, None)?;
        let store = self.blobs();
        let mut evidence = Vec::with_capacity(list.len());
        let mut copies = Vec::new();
        let mut used = HashSet::new();
        for e in &list {
            let path = if kind == PacketKind::Submission {
                if e.state != BlobState::Ok || store.quick_state(e.sha256, e.size) != BlobState::Ok
                {
                    return Err(Error::Invalid(format!(
                        "data dukung #{} {} ({}) rusak atau hilang di ruang kerja; jalankan `daduk verify` dan lampirkan ulang sebelum mengekspor",
                        e.id, e.item, e.file_name
                    )));
                }
                let p = evidence_path(&template, e, &mut used);
                copies.push((p.clone(), e.sha256, e.size));
                Some(p)
            } else {
                None
            };
            evidence.push(PacketEvidence {
                item: e.item,
                kind: e.kind.clone(),
                title: e.title.clone(),
                doc_date: e.doc_date.map(|d| d.to_string()),
                file_name: e.file_name.clone(),
                size: e.size,
                sha256: e.sha256,
                path,
                review_status: e.review_status,
                review_note: e.review_note.clone(),
                added_by: Some(e.added_by.clone()),
                added_at: Some(e.added_at.clone()),
                reviewed_by: e.reviewed_by.clone(),
                reviewed_at: e.reviewed_at.clone(),
            });
        }

        let mut template_path = None;
        if kind == PacketKind::Submission {
            // The stored files are copied on their own thread while this one
            // renders the report, worksheet and index (CPU work that would
            // otherwise add to the copy's time); both must succeed.
            let stop = AtomicBool::new(false);
            let (copied, documents) = std::thread::scope(|scope| {
                let copier = scope.spawn(|| copy_files(&mut sink, &copies, &store, opts, &stop));
                let documents = self.packet_documents(a, &evidence);
                if documents.is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
                let copied = copier.join().unwrap_or_else(|_| {
                    Err(Error::Invalid(
                        "penyalinan berkas berhenti tak terduga".into(),
                    ))
                });
                (copied, documents)
            });
            let (copied_files, copied_bytes) = copied?;
            let documents = documents?;
            files.extend(copied_files);
            bytes += copied_bytes;
            let json = template.json().as_bytes();
            sink.add_bytes("template.json", json)
                .map_err(io_err("template.json"))?;
            files.push(PacketFile {
                path: "template.json".into(),
                size: json.len() as u64,
                sha256: template.sha256(),
            });
            template_path = Some("template.json".to_string());
            // What was read of the files, so the evaluator need not read
            // (or OCR) them again (`texts`).
            let texts = self.text_documents(&evidence)?;
            for (path, content) in documents.into_iter().chain(texts) {
                sink.add_bytes(&path, &content).map_err(io_err(&path))?;
                files.push(PacketFile {
                    path,
                    size: content.len() as u64,
                    sha256: Sha256::of_bytes(&content),
                });
            }
        }

        let mut scores = std::collections::HashMap::new();
        for role in Role::ALL {
            // TPN's score only when TPN's values are recorded (the answers
            // gathered above say so).
            if role == Role::Tpn && !answers.iter().any(|x| x.role == Role::Tpn) {
                continue;
            }
            let card = self.score(a, role)?;
            scores.insert(
                role,
                PacketScore {
                    total: card.total,
                    pengungkit: card.pengungkit,
                    hasil: card.hasil,
                },
            );
        }
        let mut manifest = Manifest {
            format: manifest::FORMAT.into(),
            version: manifest::VERSION,
            kind,
            created_at: now(),
            created_by: self.actor().to_string(),
            generator: format!("Daduk {}", env!("CARGO_PKG_VERSION")),
            unit: PacketUnit {
                code: unit.code.clone(),
                name: unit.name.clone(),
                instansi: unit.instansi.clone(),
                target: unit.target,
                kepala_name: unit.kepala_name.clone(),
                kepala_nip: unit.kepala_nip.clone(),
                ketua_name: unit.ketua_name.clone(),
                ketua_nip: unit.ketua_nip.clone(),
                afirmasi: unit.afirmasi,
            },
            year: a.year,
            template: TemplateRef {
                id: template.id().into(),
                sha256: template.sha256(),
                path: template_path,
            },
            status: a.status,
            answers,
            absent,
            evidence,
            files,
            based_on: if opts.review {
                Some(self.last_packet(a, Direction::Import, PacketKind::Submission)?.ok_or_else(|| {
                Error::Invalid(format!(
                    "penilaian {} {} tidak diimpor dari paket unit; paket reviu hanya dibuat untuk penilaian yang diterima lewat `daduk packet import`",
                    a.unit, a.year
                ))
            })?)
            } else {
                None
            },
            state_sha256: crate::report::build_manifest(self, a)?.sha256(),
            scores,
            references: if kind == PacketKind::Submission {
                self.references(a, None)?
                    .into_iter()
                    .map(|r| manifest::PacketReference {
                        item: r.item,
                        text: r.reference.text,
                        url: r.reference.url,
                    })
                    .collect()
            } else {
                Vec::new()
            },
            plan: if kind == PacketKind::Submission {
                self.packet_plan(a)?
            } else {
                None
            },
            tpn_stages: self.tpn_stages(a)?,
        };
        manifest.version = manifest.least_version();
        let manifest_bytes =
            serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Invalid(e.to_string()))?;
        // The exported manifest must read back. Text is checked where it
        // enters, so a failure here is text stored before those checks
        // (an ESC in an old note): the message names it.
        Manifest::parse(&manifest_bytes).map_err(|e| {
            Error::Invalid(format!(
                "paket tidak dapat dibuat: {e}; perbaiki teks itu lalu ekspor lagi"
            ))
        })?;
        let key = sign::workspace_key(self.root())?;
        let signature = sign::sign(&key, &manifest_bytes);
        let sig_bytes =
            serde_json::to_vec_pretty(&signature).map_err(|e| Error::Invalid(e.to_string()))?;
        sink.add_bytes(manifest::MANIFEST, &manifest_bytes)
            .map_err(io_err(manifest::MANIFEST))?;
        sink.add_bytes(manifest::SIGNATURE, &sig_bytes)
            .map_err(io_err(manifest::SIGNATURE))?;
        let manifest_sha = Sha256::of_bytes(&manifest_bytes);
        let mut sums = String::new();
        for f in &manifest.files {
            sums.push_str(&format!("{}  {}\n", f.sha256, f.path));
        }
        sums.push_str(&format!("{manifest_sha}  {}\n", manifest::MANIFEST));
        sums.push_str(&format!(
            "{}  {}\n",
            Sha256::of_bytes(&sig_bytes),
            manifest::SIGNATURE
        ));
        sink.add_bytes(manifest::SUMS, sums.as_bytes())
            .map_err(io_err(manifest::SUMS))?;
        let finished = match sink {
            Sink::Zip(zip, _) => Some(
                zip.finish()
                    .map_err(|e| match e {
                        zip::result::ZipError::Io(e) => Error::io("zip", e),
                        e => Error::Invalid(format!("zip tidak dapat ditutup: {e}")),
                    })?
                    .inner
                    .into_inner()
                    .map_err(|e| Error::io("zip", e.into_error()))?,
            ),
            Sink::Dir(_) => None,
        };
        let report = ExportReport {
            path: PathBuf::new(),
            kind,
            manifest_sha256: manifest_sha,
            fingerprint: signature.fingerprint,
            files: manifest.files.len(),
            bytes,
            created_at: manifest.created_at,
        };
        Ok((report, finished))
    }

    /// The unit's plan as a submission carries it (none until started).
    pub(crate) fn packet_plan(&self, a: &Assessment) -> Result<Option<PacketPlan>> {
        let plan = self.plan(a)?;
        if !plan.started {
            return Ok(None);
        }
        let (created_by, created_at) = self.plan_created(a)?;
        Ok(Some(PacketPlan {
            created_by,
            created_at,
            items: plan
                .items
                .into_iter()
                .map(|i| PacketPlanItem {
                    item: i.code,
                    months: i.months,
                    pic: i.pic,
                    note: i.note,
                })
                .collect(),
            activities: plan
                .activities
                .into_iter()
                .map(|x| PacketActivity {
                    area: x.area,
                    program: x.program,
                    activity: x.activity,
                    target: x.target,
                    months: x.months,
                    pic: x.pic,
                    outputs: x.outputs,
                    items: x.items,
                    progress: x
                        .progress
                        .into_iter()
                        .map(|r| PacketRealisation {
                            month: r.month,
                            status: r.status,
                            percent: r.percent,
                            note: r.note,
                            kendala: r.kendala,
                            solusi: r.solusi,
                            rekomendasi: r.rekomendasi,
                            evidence: r
                                .evidence
                                .into_iter()
                                .map(|e| PacketEvidenceRef {
                                    item: e.item,
                                    sha256: e.sha256,
                                })
                                .collect(),
                            updated_by: r.updated_by,
                            updated_at: r.updated_at,
                        })
                        .collect(),
                })
                .collect(),
        }))
    }

    /// The report, worksheet and index page that go into a submission.
    fn packet_documents(
        &self,
        a: &Assessment,
        evidence: &[PacketEvidence],
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let report = crate::report::render_pdf(self, a, &crate::report::PdfOptions::default())?;
        let unit = self.unit(&a.unit)?;
        let rows = crate::report::worksheet::worksheet_rows(self, a)?;
        // Link each item's Bukti Dukung cell to its file, or to its folder
        // when it has several (all of an item's files share one folder).
        let mut by_item: std::collections::HashMap<String, Vec<&str>> =
            std::collections::HashMap::new();
        for e in evidence {
            if let Some(p) = &e.path {
                by_item.entry(e.item.to_string()).or_default().push(p);
            }
        }
        let links = by_item
            .into_iter()
            .map(|(item, paths)| {
                let target = match paths.as_slice() {
                    [one] => (*one).to_string(),
                    many => many[0]
                        .rsplit_once('/')
                        .map_or(many[0], |(dir, _)| dir)
                        .to_string(),
                };
                (item, target)
            })
            .collect();
        let xlsx = crate::report::worksheet::render_xlsx_linked(
            &unit, a, &rows, &links,
            // A packet's sheet is read elsewhere: this workspace's mark
            // would mean nothing there.
            None,
        )?;
        let mut documents = vec![
            (
                "index.html".to_string(),
                html::index(self, a, evidence)?.into_bytes(),
            ),
            ("laporan.pdf".to_string(), report.bytes),
            ("lke.xlsx".to_string(), xlsx),
        ];
        // The plan as its document, for readers without the app (TPN).
        if self.plan(a)?.started {
            let plan = crate::plan::document::render(
                self,
                a,
                crate::plan::document::DocumentKind::Plan,
                crate::plan::document::DocumentFormat::Pdf,
                &crate::plan::document::DocumentOptions::today(),
            )?;
            documents.push(("rencana-aksi.pdf".to_string(), plan.bytes));
        }
        Ok(documents)
    }
}
