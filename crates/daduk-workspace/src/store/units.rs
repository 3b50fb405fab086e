//! Units (satuan kerja).

use rusqlite::{OptionalExtension, Row, params};

use super::audit::Change;
use super::{Workspace, now};
use crate::error::{Error, Result};
pub use daduk_domain::assessment::{NewUnit, Target, Unit, check_unit_code};

const UNIT_COLUMNS: &str = "u.id, u.code, u.name, u.instansi, p.code, u.kepala_name, u.kepala_nip,
    u.ketua_name, u.ketua_nip, u.target, u.created_at, u.afirmasi";

fn unit_from_row(r: &Row<'_>) -> rusqlite::Result<Unit> {
    let target: String = r.get(9)?;
    Ok(Unit {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        instansi: r.get(3)?,
        parent: r.get(4)?,
        kepala_name: r.get(5)?,
        kepala_nip: r.get(6)?,
        ketua_name: r.get(7)?,
        ketua_nip: r.get(8)?,
        target: if target == "wbbm" {
            Target::Wbbm
        } else {
            Target::Wbk
        },
        created_at: r.get(10)?,
        afirmasi: r.get(11)?,
    })
}

impl Workspace {
    fn checked(&self, new: &NewUnit) -> Result<(NewUnit, Option<i64>)> {
        // The first problem is the error; the app shows them all at their
        // fields before it gets here (`unit_problems`).
        if let Some(p) = super::unit_fields::unit_problems(new).into_iter().next() {
            return Err(Error::Invalid(p.message));
        }
        let mut u = new.clone();
        u.code = u.code.trim().to_string();
        u.name = u.name.trim().to_string();
        u.instansi = u.instansi.trim().to_string();
        u.kepala_name = u.kepala_name.trim().to_string();
        u.ketua_name = u.ketua_name.trim().to_string();
        u.kepala_nip =
            super::unit_fields::normal_nip("kepala", &u.kepala_nip).map_err(Error::Invalid)?;
        u.ketua_nip =
            super::unit_fields::normal_nip("ketua tim", &u.ketua_nip).map_err(Error::Invalid)?;
        let parent = match &u.parent {
            Some(p) => Some(self.unit(p)?.id),
            None => None,
        };
        Ok((u, parent))
    }

    /// Create a unit.
    pub fn add_unit(&self, new: &NewUnit) -> Result<Unit> {
        let tx = self.write()?;
        self.insert_unit(&tx, new)?;
        tx.commit()?;
        self.unit(&new.code)
    }

    /// Create a unit inside the caller's transaction; returns its id.
    pub(crate) fn insert_unit(&self, tx: &rusqlite::Transaction<'_>, new: &NewUnit) -> Result<i64> {
        let (u, parent) = self.checked(new)?;
        let exists: Option<String> = tx
            .query_row("SELECT code FROM unit WHERE code = ?1", [&u.code], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(code) = exists {
            return Err(Error::Exists {
                what: "unit",
                key: code,
                hint: String::new(),
            });
        }
        let at = now();
        tx.execute(
            "INSERT INTO unit (code, name, instansi, parent_id, kepala_name, kepala_nip, ketua_name, ketua_nip, target, created_at, updated_at, afirmasi)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
            params![u.code, u.name, u.instansi, parent, u.kepala_name, u.kepala_nip, u.ketua_name, u.ketua_nip, u.target.code(), at, u.afirmasi],
        )?;
        let id = tx.last_insert_rowid();
        self.log(
            tx,
            Change {
                assessment_id: None,
                entity: "unit",
                key: &u.code,
                action: "create",
                old: None,
                new: serde_json::to_string(&u).ok(),
            },
        )?;
        Ok(id)
    }

    /// Change a unit's details (its code stays).
    pub fn update_unit(&self, code: &str, changes: &NewUnit) -> Result<Unit> {
        let old = self.unit(code)?;
        let mut wanted = changes.clone();
        wanted.code = old.code.clone();
        let (u, parent) = self.checked(&wanted)?;
        let tx = self.write()?;
        tx.execute(
            "UPDATE unit SET name = ?2, instansi = ?3, parent_id = ?4, kepala_name = ?5, kepala_nip = ?6,
             ketua_name = ?7, ketua_nip = ?8, target = ?9, updated_at = ?10, afirmasi = ?11 WHERE id = ?1",
            params![old.id, u.name, u.instansi, parent, u.kepala_name, u.kepala_nip, u.ketua_name, u.ketua_nip, u.target.code(), now(), u.afirmasi],
        )?;
        self.log(
            &tx,
            Change {
                assessment_id: None,
                entity: "unit",
                key: &u.code,
                action: "update",
                old: serde_json::to_string(&old).ok(),
                new: serde_json::to_string(&u).ok(),
            },
        )?;
        tx.commit()?;
        self.unit(code)
    }

    /// A unit by code (any case).
    pub fn unit(&self, code: &str) -> Result<Unit> {
        self.conn()
            .query_row(
                &format!("SELECT {UNIT_COLUMNS} FROM unit u LEFT JOIN unit p ON p.id = u.parent_id WHERE u.code = ?1"),
                [code],
                unit_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::not_found("unit", code, "lihat daftar dengan `daduk unit list`"))
    }

    /// An existing unit a new one (not yet here by this code) would be
    /// mistaken for: its code or its name reads the same
    /// ([`crate::text::skeleton`]: `DlNKES-BLL` for `DINKES-BLL`,
    /// `DINKES-BLL.`, a name with a zero-width space).
    pub fn look_alike_unit(&self, code: &str, name: &str) -> Result<Option<Unit>> {
        use crate::text::skeleton;
        let (code_look, name_look) = (skeleton(code), skeleton(name));
        Ok(self.units()?.into_iter().find(|u| {
            !u.code.eq_ignore_ascii_case(code)
                && ((!code_look.is_empty() && skeleton(&u.code) == code_look)
                    || (!name_look.is_empty() && skeleton(&u.name) == name_look))
        }))
    }

    /// Every unit, by code.
    pub fn units(&self) -> Result<Vec<Unit>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {UNIT_COLUMNS} FROM unit u LEFT JOIN unit p ON p.id = u.parent_id ORDER BY u.code"
        ))?;
        let rows = stmt.query_map([], unit_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
