//! Which side of an assessment a command writes. A workspace writes its own
//! side (`Workspace::own_side`: an evaluator's the TPI side, a unit's the
//! unit side) unless `--role` names the other; a write of the other side is
//! noted in the change log once it is made ([`note`]; a refused write
//! leaves the log as it was).

use daduk_workspace::{Assessment, Error, Role, Workspace};

use crate::cli::RoleArg;

fn whose(role: Role) -> &'static str {
    role.writer()
}

/// Note in the log that `side` was written on purpose, when it is not this
/// workspace's own (nothing otherwise). Called after the write.
pub fn note(ws: &Workspace, a: &Assessment, side: Role) -> anyhow::Result<()> {
    ws.note_other_side(a, side, &format!("perintah daduk dengan --role {side}"))?;
    Ok(())
}

/// The side answers and notes are written on: `--role` when given, else
/// the workspace's own side for this assessment.
pub fn chosen(ws: &Workspace, a: &Assessment, asked: Option<RoleArg>) -> anyhow::Result<Role> {
    Ok(asked.map_or(ws.own_side(a)?, Role::from))
}

/// For a command that writes `side` only (data dukung: the unit's; file
/// verdicts: TPI's): on a workspace whose own side is the other one it is
/// refused unless `--role` names `side`. [`note`] follows the write.
pub fn only(
    ws: &Workspace,
    a: &Assessment,
    side: Role,
    asked: Option<RoleArg>,
    what: &str,
) -> anyhow::Result<()> {
    let own = ws.own_side(a)?;
    match asked.map(Role::from) {
        Some(r) if r != side => Err(Error::Invalid(format!(
            "{what} adalah sisi {}; --role {r} tidak berlaku untuk perintah ini",
            whose(side)
        ))
        .into()),
        Some(_) => Ok(()),
        None if side == own => Ok(()),
        None => Err(Error::Invalid(format!(
            "{what} adalah sisi {}, sedangkan ruang kerja ini mengisi sisi {} untuk penilaian {} {}; \
             tidak ada yang diubah. Bila memang hendak mengubah sisi {}, ulangi dengan --role {side} \
             (tercatat di log perubahan)",
            whose(side),
            whose(own),
            a.unit,
            a.year,
            whose(side),
        ))
        .into()),
    }
}
