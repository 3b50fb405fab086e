//! `daduk portalrb ...`: the bodies of PortalRB's integration API as files
//! (the offline form; the server serves the same from the core).

use std::path::Path;

use daduk_workspace::Target;
use daduk_workspace::portalrb::write_json;

use crate::cli::{PortalrbCmd, TargetArg};
use crate::{Ctx, Outcome, print_json};

fn emit(
    out: Option<&Path>,
    body: &impl serde::Serialize,
    what: &str,
    target: daduk_workspace::output::Target<'_>,
) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            write_json(path, body, target)?;
            eprintln!("{what} ditulis: {}", path.display());
        }
        None => print_json(body)?,
    }
    Ok(())
}

fn target(ws: &daduk_workspace::Workspace, force: bool) -> daduk_workspace::output::Target<'_> {
    daduk_workspace::output::Target {
        force,
        workspace: Some(ws.root()),
    }
}

pub fn portalrb(ctx: &Ctx, cmd: PortalrbCmd) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    match cmd {
        PortalrbCmd::Export { which, out, force } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let body = ws.portalrb_jawaban(&a)?;
            let answered = body
                .answers
                .iter()
                .filter(|x| x.jawaban_unit.is_some())
                .count();
            emit(
                out.as_deref(),
                &body,
                "Jawaban PortalRB",
                target(&ws, force),
            )?;
            if out.is_some() {
                eprintln!(
                    "{} soal, {} dijawab unit, tahun evaluasi {}.",
                    body.answers.len(),
                    answered,
                    body.tahun
                );
            }
        }
        PortalrbCmd::Units {
            year,
            predicate,
            out,
            force,
        } => {
            let predicate = match predicate {
                TargetArg::Wbk => Target::Wbk,
                TargetArg::Wbbm => Target::Wbbm,
            };
            let body = ws.portalrb_units(year, predicate)?;
            emit(
                out.as_deref(),
                &body,
                "Daftar unit PortalRB",
                target(&ws, force),
            )?;
            if out.is_some() {
                eprintln!(
                    "{} unit diusulkan {predicate} tahun {year}.",
                    body.units.len()
                );
            }
        }
    }
    Ok(Outcome::Ok)
}
