//! `daduk report` and `daduk worksheet ...`: the completeness report (PDF)
//! and the LKE worksheet (XLSX/CSV out, XLSX/CSV in).

use daduk_workspace::evidence::parse_doc_date;
use daduk_workspace::format::{bytes, date_long, score};
use daduk_workspace::report::worksheet::{self, ImportRoles, SheetFormat, SheetImportOptions};
use daduk_workspace::report::{self, PdfOptions};
use daduk_workspace::{Error, Role};

use crate::cli::{ReportArgs, SheetFormatArg, WorksheetCmd, WorksheetRoleArg};
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

impl From<SheetFormatArg> for SheetFormat {
    fn from(f: SheetFormatArg) -> SheetFormat {
        match f {
            SheetFormatArg::Daduk => SheetFormat::Daduk,
            SheetFormatArg::Lampiran3 => SheetFormat::Lampiran3,
            SheetFormatArg::Portalrb => SheetFormat::Portalrb,
        }
    }
}

pub fn worksheet(ctx: &Ctx, cmd: WorksheetCmd) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    match cmd {
        WorksheetCmd::Export {
            which,
            out,
            format,
            force,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let format = SheetFormat::from(format);
            let s = worksheet::export(&ws, &a, &out, format, force)?;
            out!(
                "Lembar kerja ditulis ({}): {} ({} butir, {} baris).",
                format.label(),
                s.path.display(),
                s.items,
                s.rows
            );
        }
        WorksheetCmd::Import {
            which,
            file,
            role,
            format,
            other_unit,
            clear_empty,
            json,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let own = ws.own_side(&a)?;
            let roles = match role {
                None if own == Role::Tpi => ImportRoles::Tpi,
                None | Some(WorksheetRoleArg::Unit) => ImportRoles::Unit,
                Some(WorksheetRoleArg::Tpi) => ImportRoles::Tpi,
                Some(WorksheetRoleArg::Tpn) => ImportRoles::Tpn,
                Some(WorksheetRoleArg::Both) => ImportRoles::Both,
                Some(WorksheetRoleArg::All) => ImportRoles::All,
            };
            // A workspace's own side is the unit's or TPI's; TPN's is
            // nobody's own (either records it from the LHE), so a change of
            // it is never noted as the other side's.
            let other = if own == Role::Tpi {
                Role::Unit
            } else {
                Role::Tpi
            };
            let options = SheetImportOptions {
                format: format.map(SheetFormat::from),
                roles,
                other_unit,
                clear_empty,
            };
            let r = worksheet::import_file(&ws, &a, &file, &options)?;
            // Only a change of the other side is noted as such.
            let changed_other = if other == Role::Unit {
                r.changed_unit + r.changed_references > 0
            } else {
                r.changed_tpi > 0
            };
            if changed_other {
                crate::side::note(&ws, &a, other)?;
            }
            if json {
                print_json(&r)?;
            } else {
                out!(
                    "{} dibaca dari lembar '{}': {} butir; jawaban/catatan berubah: Unit {}, TPI {}, TPN {}; rujukan berubah di {} butir.",
                    r.format.label(),
                    r.sheet,
                    r.items,
                    r.changed_unit,
                    r.changed_tpi,
                    r.changed_tpn,
                    r.changed_references
                );
                if !r.conflicts.is_empty() {
                    out!(
                        "  konflik: {} jawaban/catatan diubah di sini sejak lembar ini diekspor dan di lembar secara berbeda; \
                         yang di sini dipertahankan. Lihat dan selesaikan: daduk conflicts --unit {} --year {}",
                        r.conflicts.len(),
                        a.unit,
                        a.year
                    );
                }
                for w in &r.warnings {
                    out!("  perhatian: {w}");
                }
            }
        }
    }
    Ok(Outcome::Ok)
}
