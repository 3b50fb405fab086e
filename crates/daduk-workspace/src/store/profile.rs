//! Whose workspace this is — a unit's Tim Kerja or an evaluator's (TPI) —
//! and which assessments arrived in a unit's packet rather than being
//! started here. The app shapes its screens by both: an evaluator starts on
//! the units to review, and a received unit opens on the TPI side.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, params};

use super::audit::Change;
use super::packets::RECEIVED;
use super::{Assessment, Workspace, now};
use crate::answer::Role;
use crate::error::{Error, Result};

const ROLE_KEY: &str = "role";

impl Workspace {
    /// Who uses this workspace: `Unit` (a Tim Kerja) or `Tpi` (an
    /// evaluator); `None` until someone said so.
    pub fn workspace_role(&self) -> Result<Option<Role>> {
        let value: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM workspace_setting WHERE key = ?1",
                [ROLE_KEY],
                |r| r.get(0),
            )
            .optional()?;
        // A value this build does not know reads as "not said yet": the app
        // asks again rather than guessing.
        Ok(value.and_then(|v| v.parse().ok()))
    }

    /// Say who uses this workspace; it can be changed any time.
    pub fn set_workspace_role(&self, role: Role) -> Result<()> {
        let old = self.workspace_role()?;
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO workspace_setting (key, value, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                 updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            params![ROLE_KEY, role.as_str(), self.actor(), now()],
        )?;
        if old != Some(role) {
            self.log(
                &tx,
                Change {
                    assessment_id: None,
                    entity: "workspace",
                    key: ROLE_KEY,
                    action: "update",
                    old: old.map(|r| r.as_str().to_string()),
                    new: Some(role.as_str().to_string()),
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The assessments that came in a unit's packet (a submission imported
    /// here), by id: in this workspace they are someone else's to answer.
    pub fn received_assessments(&self) -> Result<HashSet<i64>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT DISTINCT assessment_id FROM packet_log WHERE {RECEIVED}"
        ))?;
        let rows = stmt.query_map([], |r| r.get::<_, i64>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The side this workspace writes for an assessment unless told
    /// otherwise: TPI's for one that came in a unit's packet, else the
    /// workspace's role (a unit's while none was said). The CLI defaults to
    /// it and refuses the other side without its flag; the app asks first.
    pub fn own_side(&self, a: &Assessment) -> Result<Role> {
        if self.is_received(a.id)? {
            return Ok(Role::Tpi);
        }
        Ok(self.workspace_role()?.unwrap_or(Role::Unit))
    }

    /// Record that the side which is not this workspace's own is written on
    /// purpose (`how`: the flag given, the confirmation answered), before
    /// the writes it allows, so the log tells such changes from the
    /// workspace's own. Nothing is recorded for the own side.
    pub fn note_other_side(&self, a: &Assessment, side: Role, how: &str) -> Result<()> {
        let own = self.own_side(a)?;
        // TPN's side is nobody's own: either role records it, as it is.
        if side == own || side == Role::Tpn {
            return Ok(());
        }
        let whose = Role::writer;
        let tx = self.write()?;
        self.log(
            &tx,
            Change {
                assessment_id: Some(a.id),
                entity: "side",
                key: side.as_str(),
                action: "other-side",
                old: None,
                new: Some(format!(
                    "sisi {} diubah dari ruang kerja {} ({})",
                    whose(side),
                    whose(own),
                    crate::text::shown(how)
                )),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Whether this assessment came in a unit's packet.
    pub fn is_received(&self, assessment_id: i64) -> Result<bool> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT 1 FROM packet_log WHERE assessment_id = ?1 AND {RECEIVED}"),
                [assessment_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}

/// Read a workspace role as people type it: `unit` / `tim` / `tim-kerja`
/// for a unit's workspace, `tpi` / `evaluator` / `penilai` for an
/// evaluator's.
pub fn parse_workspace_role(text: &str) -> Result<Role> {
    match text.trim().to_lowercase().replace(['-', '_'], " ").as_str() {
        "unit" | "tim" | "tim kerja" => Ok(Role::Unit),
        "tpi" | "evaluator" | "penilai" => Ok(Role::Tpi),
        other => Err(Error::Invalid(format!(
            "peran ruang kerja '{other}' tidak dikenal; pakai 'unit' (Tim Kerja unit) atau 'tpi' (penilai)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::workspace;

    #[test]
    fn the_workspace_role_is_unset_then_stored_changed_and_audited() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(dir.path());
        assert_eq!(ws.workspace_role().unwrap(), None);
        ws.set_workspace_role(Role::Tpi).unwrap();
        assert_eq!(ws.workspace_role().unwrap(), Some(Role::Tpi));
        // Setting the same again logs nothing new.
        ws.set_workspace_role(Role::Tpi).unwrap();
        ws.set_workspace_role(Role::Unit).unwrap();
        // Another connection (the CLI, the next start) sees the same.
        let again = Workspace::open(dir.path(), "lain").unwrap();
        assert_eq!(again.workspace_role().unwrap(), Some(Role::Unit));
        let changes: Vec<_> = ws
            .audit_log(None)
            .unwrap()
            .into_iter()
            .filter(|e| e.entity == "workspace")
            .map(|e| (e.old, e.new))
            .collect();
        assert_eq!(
            changes,
            vec![
                (None, Some("tpi".to_string())),
                (Some("tpi".to_string()), Some("unit".to_string()))
            ]
        );
    }

    #[test]
    fn workspace_roles_are_read_as_people_write_them() {
        assert_eq!(parse_workspace_role("Tim Kerja").unwrap(), Role::Unit);
        assert_eq!(parse_workspace_role("penilai").unwrap(), Role::Tpi);
        let err = parse_workspace_role("boss").unwrap_err().to_string();
        assert!(err.contains("'boss'") && err.contains("'tpi'"), "{err}");
    }

    #[test]
    fn the_own_side_follows_the_role_and_the_other_side_is_logged_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(dir.path());
        ws.add_unit(&crate::store::tests::unit("DINKES")).unwrap();
        let a = ws.new_assessment("DINKES", 2024, None).unwrap();
        assert_eq!(ws.own_side(&a).unwrap(), Role::Unit, "no role said yet");
        ws.set_workspace_role(Role::Tpi).unwrap();
        assert_eq!(ws.own_side(&a).unwrap(), Role::Tpi);
        ws.note_other_side(&a, Role::Tpi, "--role tpi").unwrap();
        ws.note_other_side(&a, Role::Unit, "--role unit").unwrap();
        let noted: Vec<_> = ws
            .audit_log(Some(a.id))
            .unwrap()
            .into_iter()
            .filter(|e| e.entity == "side")
            .map(|e| (e.key, e.action, e.new.unwrap_or_default()))
            .collect();
        assert_eq!(
            noted,
            vec![(
                "unit".to_string(),
                "other-side".to_string(),
                "sisi Tim Kerja unit diubah dari ruang kerja penilai (TPI) (--role unit)"
                    .to_string()
            )]
        );
    }

    #[test]
    fn a_new_assessment_is_not_received() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(dir.path());
        ws.add_unit(&crate::store::tests::unit("DINKES")).unwrap();
        let a = ws.new_assessment("DINKES", 2024, None).unwrap();
        assert!(!ws.is_received(a.id).unwrap());
        assert!(ws.received_assessments().unwrap().is_empty());
    }
}
