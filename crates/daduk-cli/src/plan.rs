//! `daduk plan ...`: the year's Rencana Aksi dan Target Prioritas, its
//! monthly monitoring and its documents. The grammar is a contract scripts
//! rely on: change it only by adding.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use daduk_workspace::format::{MONTHS, bytes, date_long, number};
use daduk_workspace::plan::document::{self, DocumentKind, DocumentOptions};
use daduk_workspace::plan::months::SHORT;
use daduk_workspace::plan::status::{ActivityState, MonthState, PlanView};
use daduk_workspace::plan::{
    ActivityChange, ItemPlanChange, MonthSet, NewActivity, ProgressEntry, RealisationStatus,
};
use daduk_workspace::{Error, ItemCode};

use crate::cli::Which;
use crate::{Ctx, Outcome, item_code, print_json};

#[derive(Debug, Subcommand)]
pub enum PlanCmd {
    /// Menampilkan rencana aksi: ringkasan per tanggal, kegiatan per area, yang terlambat, saran jawaban P.1.iii.a.
    Show {
        #[command(flatten)]
        which: Which,
        /// Keadaan per tanggal (TTTT-BB-HH; bawaan: hari ini).
        #[arg(long, value_name = "TTTT-BB-HH")]
        date: Option<String>,
        /// Keluaran JSON (items, activities, summary).
        #[arg(long)]
        json: bool,
    },
    /// Mengubah target waktu, penanggung jawab atau catatan satu butir.
    Item {
        #[command(flatten)]
        which: Which,
        /// Kode butir, misalnya P.1.i.a.
        item: String,
        /// Bulan target, misalnya 1-3 atau 2,3,7-9 ("" menghapus target).
        #[arg(long)]
        months: Option<String>,
        /// Penanggung jawab (orang atau pokja).
        #[arg(long)]
        pic: Option<String>,
        /// Catatan / keterangan.
        #[arg(long)]
        note: Option<String>,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Kegiatan (implementasi program) Target Prioritas: tambah, ubah, hapus.
    #[command(subcommand)]
    Activity(ActivityCmd),
    /// Mencatat realisasi satu kegiatan pada satu bulan rencananya.
    Progress(ProgressArgs),
    /// Mengimpor tabel Target Prioritas (.xlsx atau .csv: NO, PROGRAM, IMPLEMENTASI PROGRAM, TARGET, JAN … DES); semua atau tidak sama sekali.
    Import {
        #[command(flatten)]
        which: Which,
        /// Berkas .xlsx atau .csv.
        file: PathBuf,
        /// Area perubahan (1–6) untuk baris yang areanya tidak tertulis di tabel.
        #[arg(long)]
        area: Option<u8>,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Rekomendasi TPI tahun sebelumnya per butir dan kegiatan tahun ini yang menindaklanjutinya.
    Recommendations {
        #[command(flatten)]
        which: Which,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Menjadikan rekomendasi tahun sebelumnya kegiatan rencana aksi tahun ini (di area butirnya).
    Adopt {
        #[command(flatten)]
        which: Which,
        /// Kode butir yang rekomendasinya ditindaklanjuti.
        #[arg(required_unless_present = "all")]
        items: Vec<String>,
        /// Semua rekomendasi yang belum ditindaklanjuti.
        #[arg(long, conflicts_with = "items")]
        all: bool,
        /// Hanya rekomendasi penilai ini (tpn atau tpi); bawaan: yang belum ditindaklanjuti,
        /// rekomendasi TPN lebih dulu.
        #[arg(long, value_parser = ["tpn", "tpi"])]
        from: Option<String>,
        /// Bulan pelaksanaan, misalnya 2-6 (bawaan: target waktu butirnya, atau setahun).
        #[arg(long)]
        months: Option<String>,
    },
    /// Menulis dokumen Rencana Aksi dan Target Prioritas (.pdf atau .docx).
    Document(DocumentArgs),
    /// Menulis Laporan Monitoring dan Evaluasi satu triwulan (.pdf atau .docx).
    Report {
        /// Triwulan 1–4.
        #[arg(long)]
        quarter: u8,
        #[command(flatten)]
        doc: DocumentArgs,
    },
}

#[derive(Debug, Args)]
pub struct DocumentArgs {
    #[command(flatten)]
    which: Which,
    /// Berkas tujuan (.pdf atau .docx).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Tanggal penetapan/penandatanganan (TTTT-BB-HH; bawaan: hari ini).
    #[arg(long, value_name = "TTTT-BB-HH")]
    date: Option<String>,
    /// Tempat penetapan ("Ditetapkan di"); bawaan: titik-titik untuk diisi tangan.
    #[arg(long, default_value = "")]
    place: String,
    /// Timpa berkas tujuan yang sudah ada.
    #[arg(long)]
    force: bool,
    /// Keluaran JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ActivityFields {
    /// Area perubahan 1–6.
    #[arg(long)]
    area: Option<u8>,
    /// Program.
    #[arg(long)]
    program: Option<String>,
    /// Kegiatan (implementasi program).
    #[arg(long)]
    activity: Option<String>,
    /// Bulan pelaksanaan, misalnya 2,3,7-9.
    #[arg(long)]
    months: Option<String>,
    /// Butir LKE yang didukung (boleh berulang).
    #[arg(long = "item", value_name = "CODE")]
    items: Vec<String>,
    /// Penanggung jawab.
    #[arg(long)]
    pic: Option<String>,
    /// Target (hasil yang dituju).
    #[arg(long)]
    target: Option<String>,
    /// Keluaran yang diharapkan: jenis data dukung (boleh berulang).
    #[arg(long = "output", value_name = "KIND")]
    outputs: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum ActivityCmd {
    /// Menambah kegiatan (wajib: --area, --program, --activity, --months).
    Add {
        #[command(flatten)]
        which: Which,
        #[command(flatten)]
        fields: ActivityFields,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mengubah kegiatan; yang tidak disebut tetap (--item/--output mengganti seluruh daftarnya).
    Edit {
        #[command(flatten)]
        which: Which,
        /// Nomor kegiatan (lihat `daduk plan show`).
        id: i64,
        #[command(flatten)]
        fields: ActivityFields,
        /// Keluaran JSON.
        #[arg(long)]
        json: bool,
    },
    /// Menghapus kegiatan beserta realisasinya (tercatat di log).
    Remove {
        #[command(flatten)]
        which: Which,
        /// Nomor kegiatan.
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    #[command(flatten)]
    which: Which,
    /// Nomor kegiatan.
    activity: i64,
    /// Bulan (1–12), salah satu bulan rencana kegiatan.
    #[arg(long)]
    month: String,
    /// selesai, sebagian, belum, atau belum-dicatat (baru kendala/catatan; bulan itu tidak dihitung selesai).
    #[arg(long, required_unless_present = "clear")]
    status: Option<String>,
    /// Persentase (sebagian: 1–99, bawaan 50).
    #[arg(long)]
    percent: Option<u8>,
    /// Catatan pelaksanaan.
    #[arg(long)]
    note: Option<String>,
    /// Kendala.
    #[arg(long)]
    kendala: Option<String>,
    /// Solusi.
    #[arg(long)]
    solusi: Option<String>,
    /// Rekomendasi tindak lanjut.
    #[arg(long)]
    rekomendasi: Option<String>,
    /// Nomor data dukung penilaian ini yang membuktikannya (boleh berulang; mengganti daftar lama).
    #[arg(long = "evidence", value_name = "ID")]
    evidence: Vec<i64>,
    /// Menghapus realisasi bulan itu.
    #[arg(long, conflicts_with_all = ["status", "percent", "evidence"])]
    clear: bool,
    /// Keluaran JSON.
    #[arg(long)]
    json: bool,
}

/// A date as people type it (`2024-06-30`, `30/06/2024`, `30 Juni 2024`);
/// today when none.
fn date(text: Option<&str>) -> anyhow::Result<NaiveDate> {
    match text {
        None => Ok(chrono::Local::now().date_naive()),
        Some(d) => Ok(daduk_workspace::format::parse_date(d).ok_or_else(|| {
            Error::Invalid(format!(
                "tanggal '{}' tidak sah; tulis misalnya 2024-06-30, 30/06/2024 atau 30 Juni 2024",
                daduk_workspace::text::shown(d)
            ))
        })?),
    }
}

pub(crate) fn months(field: &str, text: &str) -> Result<MonthSet, Error> {
    text.parse()
        .map_err(|e: String| Error::Invalid(format!("{field}: {e}")))
}

fn items(codes: &[String]) -> Result<Vec<ItemCode>, Error> {
    codes.iter().map(|c| item_code(c)).collect()
}

fn month_number(text: &str) -> Result<u8, Error> {
    daduk_workspace::plan::months::parse_month(text).map_err(Error::Invalid)
}

pub fn plan(ctx: &Ctx, cmd: PlanCmd) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    match cmd {
        PlanCmd::Show {
            which,
            date: d,
            json,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let view = ws.plan_view(&a, date(d.as_deref())?)?;
            if json {
                print_json(&view)?;
            } else {
                show(&a.unit, &view)?;
            }
        }
        PlanCmd::Item {
            which,
            item,
            months: m,
            pic,
            note,
            json,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let change = ItemPlanChange {
                months: m.as_deref().map(|t| months("--months", t)).transpose()?,
                pic,
                note,
            };
            let p = ws.set_plan_item(&a, item_code(&item)?, &change)?;
            if json {
                print_json(&p)?;
            } else {
                out!(
                    "Butir {}: target {}, penanggung jawab {}{}.",
                    p.code,
                    p.months.label(Some(a.year)),
                    if p.pic.is_empty() { "-" } else { &p.pic },
                    if p.note.is_empty() {
                        String::new()
                    } else {
                        format!(", catatan: {}", p.note)
                    }
                );
            }
        }
        PlanCmd::Activity(cmd) => return activity(ctx, cmd),
        PlanCmd::Progress(args) => {
            let a = ws.assessment(&args.which.unit, args.which.year)?;
            let month = month_number(&args.month)?;
            if args.clear {
                match ws.clear_progress(&a, args.activity, month)? {
                    Some(_) => out!(
                        "Realisasi kegiatan #{} bulan {} dihapus.",
                        args.activity,
                        MONTHS[usize::from(month - 1)]
                    ),
                    None => out!(
                        "Kegiatan #{} belum punya realisasi bulan {}; tidak ada yang dihapus.",
                        args.activity,
                        MONTHS[usize::from(month - 1)]
                    ),
                }
                return Ok(Outcome::Ok);
            }
            let status: RealisationStatus = args.status.as_deref().unwrap_or_default().parse()?;
            let r = ws.record_progress(
                &a,
                args.activity,
                &ProgressEntry {
                    month,
                    status,
                    percent: args.percent,
                    note: args.note,
                    kendala: args.kendala,
                    solusi: args.solusi,
                    rekomendasi: args.rekomendasi,
                    evidence: (!args.evidence.is_empty()).then_some(args.evidence),
                },
            )?;
            if args.json {
                print_json(&r)?;
            } else {
                let how = if r.status == RealisationStatus::BelumDicatat {
                    "realisasi belum dicatat; bulan ini tidak dihitung selesai".to_string()
                } else {
                    format!("{}%", r.percent)
                };
                out!(
                    "Kegiatan #{} bulan {}: {} ({how}){}.",
                    args.activity,
                    MONTHS[usize::from(r.month - 1)],
                    r.status.label(),
                    if r.evidence.is_empty() {
                        String::new()
                    } else {
                        format!(", {} bukti", r.evidence.len())
                    }
                );
            }
        }
        PlanCmd::Import {
            which,
            file,
            area,
            json,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let r = ws.import_plan_sheet(&a, &file, area)?;
            if json {
                print_json(&r)?;
            } else {
                out!(
                    "{} kegiatan dibaca: {} ditambah, {} diubah, {} sudah sama.",
                    r.rows,
                    r.added,
                    r.updated,
                    r.unchanged
                );
                for w in &r.warnings {
                    out!("  perhatian: {w}");
                }
            }
        }
        PlanCmd::Document(args) => return write_document(ctx, DocumentKind::Plan, args),
        PlanCmd::Recommendations { which, json } => {
            let ws = ctx.open()?;
            let a = ws.assessment(&which.unit, which.year)?;
            return crate::years::recommendations(&ws, &a, json);
        }
        PlanCmd::Adopt {
            which,
            items: codes,
            all,
            from,
            months: period,
        } => {
            let ws = ctx.open()?;
            let a = ws.assessment(&which.unit, which.year)?;
            let from = from
                .as_deref()
                .map(str::parse::<daduk_workspace::Role>)
                .transpose()
                .map_err(daduk_workspace::Error::Invalid)?;
            let period = period
                .as_deref()
                .map(|t| months("bulan pelaksanaan", t))
                .transpose()?;
            return crate::years::adopt(&ws, &a, &items(&codes)?, all, from, period);
        }
        PlanCmd::Report { quarter, doc } => {
            return write_document(ctx, DocumentKind::Report(quarter), doc);
        }
    }
    Ok(Outcome::Ok)
}

fn write_document(ctx: &Ctx, kind: DocumentKind, args: DocumentArgs) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    let a = ws.assessment(&args.which.unit, args.which.year)?;
    let options = DocumentOptions {
        date: date(args.date.as_deref())?,
        place: args.place,
    };
    let s = document::write(&ws, &a, kind, &args.out, args.force, &options)?;
    if args.json {
        print_json(&s)?;
        return Ok(Outcome::Ok);
    }
    let pages = s
        .pages
        .map_or_else(String::new, |p| format!("{p} halaman, "));
    out!(
        "{} ditulis: {} ({pages}{}), {} kegiatan, tanggal {}.",
        s.title,
        s.path.display(),
        bytes(s.bytes),
        s.activities,
        date_long(s.date)
    );
    Ok(Outcome::Ok)
}

fn activity(ctx: &Ctx, cmd: ActivityCmd) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    match cmd {
        ActivityCmd::Add {
            which,
            fields,
            json,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let missing: Vec<&str> = [
                ("--area", fields.area.is_none()),
                ("--program", fields.program.is_none()),
                ("--activity", fields.activity.is_none()),
                ("--months", fields.months.is_none()),
            ]
            .into_iter()
            .filter_map(|(f, m)| m.then_some(f))
            .collect();
            if !missing.is_empty() {
                return Err(
                    Error::Invalid(format!("kegiatan baru perlu {}", missing.join(", "))).into(),
                );
            }
            let new = NewActivity {
                area: fields.area.unwrap_or_default(),
                program: fields.program.unwrap_or_default(),
                activity: fields.activity.unwrap_or_default(),
                target: fields.target.unwrap_or_default(),
                months: months("--months", fields.months.as_deref().unwrap_or_default())?,
                pic: fields.pic.unwrap_or_default(),
                outputs: fields.outputs,
                items: items(&fields.items)?,
            };
            let x = ws.add_activity(&a, &new)?;
            if json {
                print_json(&x)?;
            } else {
                out!(
                    "Kegiatan #{} ditambahkan ke area {}: {} — {} ({}).",
                    x.id,
                    x.area,
                    x.program,
                    x.activity,
                    x.months.label(None)
                );
            }
        }
        ActivityCmd::Edit {
            which,
            id,
            fields,
            json,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let change = ActivityChange {
                area: fields.area,
                program: fields.program,
                activity: fields.activity,
                target: fields.target,
                months: fields
                    .months
                    .as_deref()
                    .map(|m| months("--months", m))
                    .transpose()?,
                pic: fields.pic,
                outputs: (!fields.outputs.is_empty()).then_some(fields.outputs),
                items: if fields.items.is_empty() {
                    None
                } else {
                    Some(items(&fields.items)?)
                },
            };
            let x = ws.edit_activity(&a, id, &change)?;
            if json {
                print_json(&x)?;
            } else {
                out!(
                    "Kegiatan #{} diubah: area {}, {} — {} ({}).",
                    x.id,
                    x.area,
                    x.program,
                    x.activity,
                    x.months.label(None)
                );
            }
        }
        ActivityCmd::Remove { which, id } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let x = ws.remove_activity(&a, id)?;
            out!(
                "Kegiatan #{} dihapus: {} — {} (dengan {} catatan realisasi; tersimpan di log).",
                x.id,
                x.program,
                x.activity,
                x.progress.len()
            );
        }
    }
    Ok(Outcome::Ok)
}

fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "-".into(), |p| format!("{}%", number(p, 0)))
}

/// The month grid of an activity: one mark per month.
fn grid(states: &[MonthState]) -> String {
    states
        .iter()
        .map(|s| match s {
            MonthState::None => "   ·",
            MonthState::Planned => "   ○",
            MonthState::Current => "   ◎",
            MonthState::Done => "   ✓",
            MonthState::Partial => "   ½",
            MonthState::Late => "   ✗",
        })
        .collect()
}

fn show(unit: &str, v: &PlanView) -> anyhow::Result<()> {
    let s = &v.summary;
    out!(
        "Rencana aksi {unit} {} — keadaan per {}{}",
        v.year,
        date_long(s.date),
        if v.started {
            ""
        } else {
            " (belum disusun: target waktu butir masih bawaan templat)"
        }
    );
    if let Some(reason) = &v.read_only {
        out!("Hanya-baca: {reason}");
    }
    out!(
        "Kegiatan: {} · jatuh tempo {} · sesuai rencana {} ({}) · terlambat {}",
        s.activities,
        s.due,
        s.done,
        pct(s.on_schedule_pct),
        s.overdue.len()
    );
    let sug = &s.suggested_answer;
    match &sug.answer {
        Some(letter) => out!("Saran jawaban {}: {letter} — {}", sug.item, sug.reason),
        None => out!("Saran jawaban {}: belum ada — {}", sug.item, sug.reason),
    }
    out!();
    out!(
        "{:<5} {:<40} {}",
        "#",
        "Area / program / kegiatan",
        SHORT.map(|m| format!("{m:>4}")).join("")
    );
    for area in &s.areas {
        out!(
            "{}. {} — {} kegiatan, jatuh tempo {}, sesuai rencana {} ({}), terlambat {}",
            area.area,
            area.name,
            area.activities,
            area.due,
            area.done,
            pct(area.on_schedule_pct),
            area.overdue
        );
        let mut program = "";
        for a in v.activities.iter().filter(|a| a.area == area.area) {
            if a.program != program {
                program = &a.program;
                out!("      Program: {program}");
            }
            let short: String = a.activity.chars().take(40).collect();
            let mark = match a.state {
                ActivityState::Late => "  TERLAMBAT",
                ActivityState::Done => "  selesai",
                ActivityState::OnTrack => "",
            };
            out!(
                "{:<5} {:<40} {}{mark}",
                format!("#{}", a.id),
                short,
                grid(&a.month_states)
            );
        }
    }
    out!(
        "Tanda: ✓ selesai · ½ sebagian · ✗ terlambat · ◎ bulan ini · ○ direncanakan · · tidak direncanakan"
    );
    if !s.this_month.is_empty() {
        out!();
        out!("Bulan ini:");
        for w in &s.this_month {
            let what = match (w.activity, w.item) {
                (Some(id), _) => format!("#{id} {}", w.title),
                (_, Some(item)) => format!("{item} {} (batas target waktu)", w.title),
                _ => w.title.clone(),
            };
            let status = w.status.map_or("belum dicatat", |s| s.label());
            out!(
                "  {what} — {status}; PJ {}",
                if w.pic.is_empty() { "-" } else { &w.pic }
            );
        }
    }
    if !s.overdue.is_empty() {
        out!();
        out!("Terlambat:");
        for o in &s.overdue {
            match (o.activity, o.item) {
                (Some(id), _) => out!(
                    "  kegiatan #{id} {} — bulan {}",
                    o.title,
                    o.months.label(None)
                ),
                (_, Some(item)) => out!(
                    "  butir {item} — target {} lewat, data dukung belum lengkap",
                    o.months.label(None)
                ),
                _ => {}
            }
        }
    }
    Ok(())
}
