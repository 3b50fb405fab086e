//! `daduk answer ...`.

use anyhow::Context;
use daduk_workspace::answer::parse_answer_csv;
use daduk_workspace::{AnswerValue, Error};

use crate::cli::AnswerCmd;
use crate::{Ctx, Outcome, item_code, print_json};

pub fn answer(ctx: &Ctx, cmd: AnswerCmd) -> anyhow::Result<Outcome> {
    let ws = ctx.open()?;
    match cmd {
        AnswerCmd::Set {
            which,
            item,
            value,
            role,
            note,
        } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let template = ws.template_of(&a)?;
            let code = item_code(&item)?;
            let v = AnswerValue::parse(&template, code, &value)?;
            let role = crate::side::chosen(&ws, &a, role)?;
            ws.set_answer(&a, role, code, &v, note.as_deref())?;
            crate::side::note(&ws, &a, role)?;
            out!(
                "{code} ({}): {v} → nilai {}",
                role.label(),
                daduk_workspace::format::number(v.value(&template, code), 2)
            );
        }
        AnswerCmd::Clear { which, item, role } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let code = item_code(&item)?;
            let role = crate::side::chosen(&ws, &a, role)?;
            ws.clear_answer(&a, role, code)?;
            crate::side::note(&ws, &a, role)?;
            out!("Jawaban {code} dihapus.");
        }
        AnswerCmd::Import { which, file, role } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let template = ws.template_of(&a)?;
            let bytes = std::fs::read(&file)
                .map_err(|e| Error::io(&file, e))
                .context("berkas CSV tidak terbaca")?;
            let rows = parse_answer_csv(&template, &file.display().to_string(), &bytes)?;
            let role = crate::side::chosen(&ws, &a, role)?;
            let changed = ws.import_answers(&a, role, &rows)?;
            if changed > 0 {
                crate::side::note(&ws, &a, role)?;
            }
            out!("{} baris dibaca, {changed} jawaban berubah.", rows.len());
        }
        AnswerCmd::List { which, json } => {
            let a = ws.assessment(&which.unit, which.year)?;
            let records = ws.answer_records(&a)?;
            if json {
                print_json(&records)?;
            } else {
                out!("{:<10} {:<5} {:<14} CATATAN", "BUTIR", "PERAN", "JAWABAN");
                for r in records {
                    let mark = r
                        .carried_from
                        .map(|y| format!("[dari {y} — periksa] "))
                        .unwrap_or_default();
                    out!(
                        "{:<10} {:<5} {:<14} {mark}{}",
                        r.item.to_string(),
                        r.role.label(),
                        r.value.unwrap_or_default(),
                        r.note
                    );
                }
            }
        }
    }
    Ok(Outcome::Ok)
}
