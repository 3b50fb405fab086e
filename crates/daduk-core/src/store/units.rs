//! Units (satuan kerja).

use std::fmt;
use std::str::FromStr;

use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use super::audit::Change;
use super::{Workspace, now};
use crate::error::{Error, Result};

/// The predicate a unit aims for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// Wilayah Bebas dari Korupsi.
    #[default]
    Wbk,
    /// Wilayah Birokrasi Bersih dan Melayani.
    Wbbm,
}

impl Target {
    /// `wbk` / `wbbm`, the predicate code in the template.
    pub fn code(self) -> &'static str {
        match self {
            Target::Wbk => "wbk",
            Target::Wbbm => "wbbm",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Target::Wbk => "WBK",
            Target::Wbbm => "WBBM",
        })
    }
}

impl FromStr for Target {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "wbk" => Ok(Target::Wbk),
            "wbbm" => Ok(Target::Wbbm),
            other => Err(Error::Invalid(format!(
                "target '{other}' tidak dikenal; pakai 'wbk' atau 'wbbm'"
            ))),
        }
    }
}

/// What is given to create or update a unit.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewUnit {
    /// Short code, e.g. `DINKES-BLL` (letters, digits, `.`, `-`, `_`).
    pub code: String,
    /// Full name of the unit.
    pub name: String,
    /// The instansi it belongs to.
    #[serde(default)]
    pub instansi: String,
    /// Code of the parent unit, if any.
    #[serde(default)]
    pub parent: Option<String>,
    /// Name of the head of the unit (Kepala Satuan Kerja).
    #[serde(default)]
    pub kepala_name: String,
    /// NIP of the head (18 digits).
    #[serde(default)]
    pub kepala_nip: String,
    /// Name of the leader of the Tim Kerja.
    #[serde(default)]
    pub ketua_name: String,
    /// NIP of the leader of the Tim Kerja.
    #[serde(default)]
    pub ketua_nip: String,
    /// The predicate it aims for.
    #[serde(default)]
    pub target: Target,
    /// Proposed under the afirmasi scheme (PortalRB kategori `WBK-AFIRMASI`).
    #[serde(default)]
    pub afirmasi: bool,
}

/// A unit as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Unit {
    /// Database id.
    pub id: i64,
    /// Short code.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Instansi.
    pub instansi: String,
    /// Parent unit code.
    pub parent: Option<String>,
    /// Head of the unit.
    pub kepala_name: String,
    /// NIP of the head.
    pub kepala_nip: String,
    /// Leader of the Tim Kerja.
    pub ketua_name: String,
    /// NIP of the leader.
    pub ketua_nip: String,
    /// Target predicate.
    pub target: Target,
    /// Proposed under the afirmasi scheme.
    pub afirmasi: bool,
    /// When it was created.
    pub created_at: String,
}

/// Check a unit code: 1–32 letters, digits, `.`, `-`, `_`.
pub fn check_unit_code(code: &str) -> Result<()> {
    match super::unit_fields::code_problem(code) {
        None => Ok(()),
        Some(message) => Err(Error::Invalid(message)),
    }
}

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
