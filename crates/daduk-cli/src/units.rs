//! `daduk unit ...` and `daduk assessment ...`.

use daduk_workspace::{NewUnit, Target};

use crate::cli::{AssessmentCmd, TargetArg, UnitCmd, UnitFields};
use crate::{Ctx, Outcome, print_json};

fn new_unit(f: UnitFields) -> NewUnit {
    NewUnit {
        code: f.code,
        name: f.name,
        instansi: f.instansi,
        parent: f.parent,
        kepala_name: f.kepala,
        kepala_nip: f.kepala_nip,
        ketua_name: f.ketua,
        ketua_nip: f.ketua_nip,
        target: match f.target {
            TargetArg::Wbk => Target::Wbk,
            TargetArg::Wbbm => Target::Wbbm,
        },
        afirmasi: f.afirmasi,
    }
}

pub fn unit(ctx: &Ctx, cmd: UnitCmd) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    match cmd {
        UnitCmd::Add(fields) => {
            let u = ws.add_unit(&new_unit(fields))?;
            out!(
                "Unit {} ({}) ditambahkan, target {}{}.",
                u.code,
                u.name,
                u.target,
                if u.afirmasi { " (afirmasi)" } else { "" }
            );
        }
        UnitCmd::Edit(fields) => {
            let code = fields.code.clone();
            let u = ws.update_unit(&code, &new_unit(fields))?;
            out!("Unit {} diperbarui.", u.code);
        }
        UnitCmd::List { json } => {
            let units = ws.units()?;
            if json {
                print_json(&units)?;
            } else if units.is_empty() {
                out!("Belum ada unit. Tambahkan dengan `daduk unit add KODE --name NAMA`.");
            } else {
                out!("{:<16} {:<13} {:<40} INSTANSI", "KODE", "TARGET", "NAMA");
                for u in units {
                    let target = if u.afirmasi {
                        format!("{} afirmasi", u.target)
                    } else {
                        u.target.to_string()
                    };
                    out!(
                        "{:<16} {:<13} {:<40} {}",
                        u.code,
                        target,
                        u.name,
                        u.instansi
                    );
                }
            }
        }
    }
    Ok(Outcome::Ok)
}

pub fn assessment(ctx: &Ctx, cmd: AssessmentCmd) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    match cmd {
        AssessmentCmd::New {
            which,
            template,
            from,
        } => {
            let template = template
                .map(|f| daduk_workspace::template::from_file(&f))
                .transpose()?;
            if let Some(from) = from {
                let (a, carry) =
                    ws.new_assessment_from(&which.unit, which.year, from, template.as_ref())?;
                crate::years::print_carry(&a, &carry)?;
                return Ok(Outcome::Ok);
            }
            let a = ws.new_assessment(&which.unit, which.year, template.as_ref())?;
            out!(
                "Penilaian {} {} dibuat dengan templat {} ({}).",
                a.unit,
                a.year,
                a.template_id,
                a.template_sha256.short(12)
            );
        }
        AssessmentCmd::List { json } => {
            let all = ws.assessments()?;
            if json {
                print_json(&all)?;
            } else if all.is_empty() {
                out!(
                    "Belum ada penilaian. Buat dengan `daduk assessment new --unit KODE --year TAHUN`."
                );
            } else {
                out!("{:<16} {:<6} {:<16} TEMPLAT", "UNIT", "TAHUN", "STATUS");
                for a in all {
                    out!(
                        "{:<16} {:<6} {:<16} {}",
                        a.unit,
                        a.year,
                        a.status.label(),
                        a.template_id
                    );
                }
            }
        }
        AssessmentCmd::SetStatus { which, status } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let a = ws.set_status(&a, status.parse()?)?;
            out!(
                "Status penilaian {} {}: {}.",
                a.unit,
                a.year,
                a.status.label()
            );
        }
    }
    Ok(Outcome::Ok)
}
