//! `daduk evidence ...` and `daduk verify`.

use daduk_workspace::Role;
use daduk_workspace::evidence::{
    EvidenceChanges, ImportOptions, date_change, kind_code, parse_doc_date,
};
use daduk_workspace::format::bytes;
use daduk_workspace::job::{Done, Job};
use daduk_workspace::text::shown;

use crate::cli::EvidenceCmd;
use crate::{Ctx, Outcome, item_code, print_json, progress_bar};

pub fn evidence(ctx: &Ctx, cmd: EvidenceCmd) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    match cmd {
        EvidenceCmd::Add {
            which,
            item,
            files,
            kind,
            date,
            title,
            role,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let item = item_code(&item)?;
            crate::side::only(&ws, &a, Role::Unit, role, "data dukung")?;
            let date = date.as_deref().map(parse_doc_date).transpose()?;
            if let Some(k) = &kind {
                kind_code(&ws.template_of(&a)?, k)?;
            }
            for f in &files {
                let (e, new) =
                    ws.add_evidence_file(&a, item, f, kind.as_deref(), title.as_deref(), date)?;
                // The stored copy is replaced by the bytes just read, so
                // attaching the original again repairs a damaged one.
                let verb = if new {
                    "dilampirkan"
                } else {
                    "sudah terlampir; salinan tersimpan diperbarui dari berkas ini"
                };
                out!(
                    "#{} {} [{}] {} ({}, {}) {verb}",
                    e.id,
                    e.item,
                    e.kind,
                    e.file_name,
                    bytes(e.size),
                    e.sha256.short(12)
                );
            }
            crate::side::note(&ws, &a, Role::Unit)?;
        }
        EvidenceCmd::Import {
            which,
            dir,
            dry_run,
            by_content,
            role,
            json,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            if !dry_run {
                crate::side::only(&ws, &a, Role::Unit, role, "data dukung")?;
            }
            let cancel = crate::interrupt::flag();
            if by_content {
                let bar = progress_bar("{spinner} membaca isi berkas tanpa kode butir {msg}");
                let progress = |p: daduk_workspace::evidence::ImportProgress| {
                    bar.set_message(format!("{}/{}", p.files_done, p.files_total));
                };
                ws.place_by_content(&a, &dir, Job::new(cancel, &progress))?;
                bar.finish_and_clear();
            }
            let bar = progress_bar(
                "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} sisa {eta}",
            );
            let progress = |p: daduk_workspace::evidence::ImportProgress| {
                bar.set_length(p.bytes_total);
                bar.set_position(p.bytes_done);
                bar.set_message(format!("{}/{} berkas", p.files_done, p.files_total));
            };
            let report = ws.import_folder(
                &a,
                &dir,
                &ImportOptions {
                    dry_run,
                    job: Job::new(cancel, &progress),
                },
            )?;
            bar.finish_and_clear();
            if !dry_run && report.added.iter().any(|f| f.evidence_id.is_some()) {
                crate::side::note(&ws, &a, Role::Unit)?;
            }
            // Files that could not be attached make the import a failed
            // check (exit 1), so a script notices; unmapped files are listed
            // only (folders hold other things too).
            let outcome = if report.cancelled {
                Outcome::Interrupted
            } else if report.errors.is_empty() {
                Outcome::Ok
            } else {
                Outcome::CheckFailed
            };
            if json {
                print_json(&report)?;
                return Ok(outcome);
            }
            let verb = if dry_run {
                "akan dilampirkan"
            } else {
                "dilampirkan"
            };
            for f in &report.added {
                let note = match (dry_run, f.evidence_id) {
                    (true, _) => String::new(),
                    (false, Some(id)) => format!(" #{id}"),
                    (false, None) => " (isi sama sudah terlampir)".into(),
                };
                let placed = if f.by_content { " (menurut isi)" } else { "" };
                out!(
                    "  {:<10} [{}] {}{placed}{note}",
                    f.item.to_string(),
                    f.kind,
                    f.path
                );
            }
            out!();
            out!(
                "{} berkas {verb} ({}), {} tidak berubah sejak impor sebelumnya, {} tanpa kode butir, {} bermasalah.",
                report.added.len(),
                bytes(report.bytes),
                report.unchanged,
                report.unmapped.len(),
                report.errors.len()
            );
            if report.cancelled {
                out!(
                    "Dibatalkan dengan Ctrl+C sebelum selesai: yang tercantum sudah dilampirkan, sisanya belum; jalankan impor yang sama lagi untuk melanjutkan."
                );
            }
            if !report.unmapped.is_empty() {
                out!(
                    "Tanpa kode butir (tidak dilampirkan; beri kode seperti 1.i.a di nama berkas atau foldernya):"
                );
                for s in &report.unmapped {
                    out!("  {} — {}", s.path, s.reason);
                    if let Some(g) = &s.suggestion
                        && let Some(first) = g.items.first()
                    {
                        out!(
                            "    menurut isinya: butir {first}{} — {}",
                            if g.sure { " (yakin)" } else { "" },
                            shown(g.why.as_deref().unwrap_or(""))
                        );
                    }
                }
            }
            if !report.errors.is_empty() {
                out!("Bermasalah:");
                for s in &report.errors {
                    out!("  {} — {}", s.path, s.reason);
                }
                eprintln!(
                    "{} berkas belum dilampirkan; perbaiki masalah di atas lalu jalankan impor yang sama lagi (berkas yang sudah masuk tidak diulang).",
                    report.errors.len()
                );
            }
            return Ok(outcome);
        }
        EvidenceCmd::Read { which, json } => crate::content::read(&ws, &which, json)?,
        EvidenceCmd::Suggest { which, id, json } => crate::content::suggest(&ws, &which, id, json)?,
        EvidenceCmd::List { which, item, json } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let item = item.as_deref().map(item_code).transpose()?;
            let list = ws.evidence_list(&a, item)?;
            let contents = ws.contents(&a)?;
            if json {
                // Each file with what its content says (`null` until read).
                let mut rows = Vec::with_capacity(list.len());
                for e in &list {
                    let mut v = serde_json::to_value(e).map_err(|e| anyhow::anyhow!(e))?;
                    if let Some(o) = v.as_object_mut() {
                        o.insert(
                            "content".into(),
                            serde_json::to_value(contents.get(&e.sha256))
                                .map_err(|e| anyhow::anyhow!(e))?,
                        );
                    }
                    rows.push(v);
                }
                print_json(&rows)?;
            } else if list.is_empty() {
                out!("Belum ada data dukung.");
            } else {
                out!(
                    "{:>5} {:<10} {:<12} {:<10} {:>9} {:<12} {:<15} JUDUL",
                    "NO",
                    "BUTIR",
                    "JENIS",
                    "TANGGAL",
                    "UKURAN",
                    "SHA-256",
                    "PERIKSA"
                );
                for e in list {
                    let date = e
                        .doc_date
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "-".into());
                    let mut review = e.review_status.label().to_string();
                    if e.state != daduk_workspace::evidence::BlobState::Ok {
                        review = format!("BERKAS {}", e.state.code().to_uppercase());
                    }
                    out!(
                        "{:>5} {:<10} {:<12} {:<10} {:>9} {:<12} {:<15} {}",
                        e.id,
                        e.item.to_string(),
                        e.kind,
                        date,
                        bytes(e.size),
                        e.sha256.short(12),
                        review,
                        title_with_marks(&e)
                    );
                }
            }
        }
        EvidenceCmd::Remove { which, id, role } => {
            let a = ws.assessment(&which.unit, which.year)?;
            crate::side::only(&ws, &a, Role::Unit, role, "data dukung")?;
            let e = ws.remove_evidence(&a, id)?;
            crate::side::note(&ws, &a, Role::Unit)?;
            out!(
                "#{id} {} ({}) dilepas dari {}.",
                e.title,
                e.file_name,
                e.item
            );
        }
        EvidenceCmd::Export {
            which,
            id,
            out,
            force,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let (e, out) = if out.is_dir() {
                ws.export_evidence_into(&a, id, &out, force)?
            } else {
                (ws.export_evidence(&a, id, &out, force)?, out)
            };
            out!(
                "#{id} {} disalin ke {} (SHA-256 cocok).",
                e.file_name,
                out.display()
            );
        }
        EvidenceCmd::Edit {
            which,
            id,
            kind,
            title,
            date,
            valid_until,
            role,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            crate::side::only(&ws, &a, Role::Unit, role, "data dukung")?;
            let doc_date = date_change(date.as_deref())?;
            let valid_until = date_change(valid_until.as_deref())?;
            let e = ws.update_evidence(
                &a,
                id,
                &EvidenceChanges {
                    kind,
                    title,
                    doc_date,
                    valid_until,
                },
            )?;
            crate::side::note(&ws, &a, Role::Unit)?;
            out!(
                "#{id} diperbarui: [{}] {} {}",
                e.kind,
                e.title,
                e.doc_date.map(|d| d.to_string()).unwrap_or_default()
            );
            if let Some(until) = e.valid_until {
                out!("  berlaku sampai {until}");
            }
            if let Some(why) = e.expired {
                out!("  {}", why.describe());
            }
        }
        EvidenceCmd::Absent {
            which,
            item,
            kind,
            reason,
            role,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            crate::side::only(&ws, &a, Role::Unit, role, "tanda 'tidak ada' data dukung")?;
            let item = item_code(&item)?;
            ws.mark_absent(&a, item, &kind, &reason)?;
            crate::side::note(&ws, &a, Role::Unit)?;
            if reason.trim().is_empty() {
                out!("Tanda 'tidak ada' untuk {item} {kind} dihapus.");
            } else {
                out!("{item} {kind}: ditandai tidak ada ({}).", reason.trim());
            }
        }
        EvidenceCmd::Review {
            which,
            id,
            status,
            note,
            role,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            crate::side::only(&ws, &a, Role::Tpi, role, "status pemeriksaan berkas")?;
            let e = ws.review_evidence(&a, id, status.parse()?, &note)?;
            crate::side::note(&ws, &a, Role::Tpi)?;
            out!("#{id} {}: {}.", e.file_name, e.review_status.label());
        }
    }
    Ok(Outcome::Ok)
}

pub fn verify(
    ctx: &Ctx,
    which: Option<(String, i32)>,
    repair: bool,
    json: bool,
) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    if repair {
        ws.reindex()?;
        if !json {
            out!("Indeks basis data dibangun ulang dari tabelnya.");
        }
    }
    let a = which.map(|(u, y)| ws.assessment(&u, y)).transpose()?;
    let bar = progress_bar("{spinner} memeriksa [{bar:30}] {pos}/{len} berkas");
    let progress = |Done { done, total }| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let report = ws.verify(a.as_ref(), Job::new(crate::interrupt::flag(), &progress))?;
    bar.finish_and_clear();
    if json {
        print_json(&report)?;
    } else {
        for f in &report.findings {
            let what = match f.state {
                daduk_workspace::evidence::BlobState::Missing => "HILANG",
                _ => "BERUBAH",
            };
            for e in &f.evidence {
                out!(
                    "{what}: {} {} butir {} #{} {} (SHA-256 {})",
                    e.unit,
                    e.year,
                    e.item,
                    e.id,
                    e.file_name,
                    f.sha256.short(12)
                );
            }
        }
        for d in &report.damaged_rows {
            out!("BARIS RUSAK: data dukung #{}: {}", d.id, d.problem);
        }
        if !report.integrity.is_empty() {
            out!("BASIS DATA RUSAK: pemeriksaan integritas SQLite menemukan:");
            for line in &report.integrity {
                out!("  {line}");
            }
        }
        out!(
            "{} berkas diperiksa ({}): {} bermasalah.",
            report.checked,
            bytes(report.bytes),
            report.findings.len() + report.damaged_rows.len()
        );
        if report.restored > 0 {
            out!(
                "{} berkas yang hilang dipulihkan dari karantina.",
                report.restored
            );
        }
        if report.collected > 0 {
            out!(
                "{} berkas tak terpakai dipindahkan ke karantina.",
                report.collected
            );
        }
        if report.purged > 0 {
            out!(
                "{} berkas dihapus dari karantina (lebih dari seminggu, tetap tak terpakai).",
                report.purged
            );
        }
        if report.quarantined > 0 {
            out!(
                "Karantina: {} berkas ({}); dihapus oleh verify setelah seminggu bila tetap tak terpakai dan ruang kerja utuh.",
                report.quarantined,
                bytes(report.quarantined_bytes)
            );
        }
        if ws.is_read_only() {
            out!("Ruang kerja hanya-baca: hasil pemeriksaan tidak dicatat.");
        }
        if !report.findings.is_empty() {
            out!("Lampirkan ulang berkas aslinya (daduk evidence add) untuk memulihkan.");
        }
        if !report.integrity.is_empty() {
            out!(
                "Tidak ada berkas yang dibersihkan selama basis data rusak. Bila hanya indeks yang rusak, \
                 jalankan `daduk verify --repair`; bila tidak, pulihkan daduk.sqlite dari salinan cadangan."
            );
        } else if !report.damaged_rows.is_empty() {
            out!(
                "Tidak ada berkas yang dibersihkan selama ada baris rusak; pulihkan daduk.sqlite dari salinan cadangan."
            );
        }
    }
    Ok(if report.is_clean() {
        Outcome::Ok
    } else {
        Outcome::CheckFailed
    })
}

/// A file's title with what people must know beside it: placed by its
/// content, carried from an earlier year, expired.
fn title_with_marks(e: &daduk_workspace::evidence::Evidence) -> String {
    let mut title = e.title.clone();
    if e.placed_by_content {
        title.push_str(" (ditempatkan menurut isi)");
    }
    if let Some(year) = e.carried_from {
        title.push_str(&format!(" (dari {year})"));
    }
    if let Some(why) = e.expired {
        title.push_str(&format!(" — {}", why.describe().to_uppercase()));
    }
    title
}
