//! `daduk report` and `daduk worksheet ...`: the completeness report (PDF)
//! and the LKE worksheet (XLSX/CSV out, XLSX/CSV in).

use daduk_core::Error;
use daduk_core::evidence::parse_doc_date;
use daduk_core::format::{bytes, date_long, score};
use daduk_core::report::worksheet::{self, ImportRoles};
use daduk_core::report::{self, PdfOptions};

use crate::cli::{ReportArgs, WorksheetCmd, WorksheetRoleArg};
use crate::{Ctx, Outcome, print_json};

pub fn report(ctx: &Ctx, args: ReportArgs) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    let a = ws.assessment(&args.which.unit, args.which.year)?;
    let mut options = PdfOptions::default();
    if let Some(d) = &args.date {
        options.date = parse_doc_date(d).map_err(|_| {
            Error::Invalid(format!(
                "tanggal '{d}' tidak sah; tulis TTTT-BB-HH, misalnya 2024-06-30"
            ))
        })?;
    }
    let s = report::write_pdf_with(&ws, &a, &args.out, args.force, &options)?;
    if args.json {
        print_json(&s)?;
        return Ok(Outcome::Ok);
    }
    out!(
        "Laporan ditulis: {} ({} halaman, {}), tanggal {}.",
        s.path.display(),
        s.pages,
        bytes(s.bytes),
        date_long(s.date)
    );
    out!(
        "Nilai Unit {} · TPI {} · data dukung lengkap {} dari {} butir · {} berkas.",
        score(s.total_unit),
        score(s.total_tpi),
        s.complete_items,
        s.items,
        s.files
    );
    out!("SHA-256 manifes: {}", s.manifest_sha256);
    Ok(Outcome::Ok)
}

pub fn worksheet(ctx: &Ctx, cmd: WorksheetCmd) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    match cmd {
        WorksheetCmd::Export { which, out, force } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let ext = out
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            let s = match ext.as_str() {
                "xlsx" => worksheet::export_xlsx(&ws, &a, &out, force)?,
                "csv" => worksheet::export_csv(&ws, &a, &out, force)?,
                _ => {
                    return Err(Error::Invalid(format!(
                        "{}: nama berkas tujuan harus berakhiran .xlsx atau .csv",
                        out.display()
                    ))
                    .into());
                }
            };
            out!(
                "Lembar kerja ditulis: {} ({} butir, {} baris).",
                s.path.display(),
                s.items,
                s.rows
            );
        }
        WorksheetCmd::Import {
            which,
            file,
            role,
            json,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let roles = match role {
                WorksheetRoleArg::Unit => ImportRoles::Unit,
                WorksheetRoleArg::Tpi => ImportRoles::Tpi,
                WorksheetRoleArg::Both => ImportRoles::Both,
            };
            let r = worksheet::import_file(&ws, &a, &file, roles)?;
            if json {
                print_json(&r)?;
            } else {
                out!(
                    "{} butir dibaca; jawaban/catatan berubah: Unit {}, TPI {}.",
                    r.items,
                    r.changed_unit,
                    r.changed_tpi
                );
            }
        }
    }
    Ok(Outcome::Ok)
}
