//! What every layout's reader finds in a sheet: each item's cells
//! ([`ItemCells`]) with the sheet's identity ([`Parsed`]), or every bad row
//! ([`RowError`]); and the small helpers the readers share.

use serde::{Deserialize, Serialize};

use daduk_domain::answer::{AnswerValue, Role};
use daduk_domain::code::ItemCode;
use daduk_domain::error::{Error, RowError, RowErrors};
use daduk_domain::references::Reference;
use daduk_domain::template::{AnswerSpec, Template};

use super::identity::SheetIdentity;
use crate::Sheet;

/// Whose columns to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ImportRoles {
    /// The unit's answers and notes (and its evidence references).
    #[default]
    Unit,
    /// TPI's answers and notes.
    Tpi,
    /// The unit's and TPI's (the two roles a workspace has; TPN's columns
    /// are left alone, as before they existed).
    Both,
    /// TPN's values and notes, recorded from the LHE (Daduk's own layout
    /// only: Lampiran III and PortalRB's Jawaban sheet have no TPN columns).
    Tpn,
    /// The unit's, TPI's and TPN's.
    All,
}

impl ImportRoles {
    /// The roles whose columns are read.
    pub fn roles(self) -> &'static [Role] {
        match self {
            ImportRoles::Unit => &[Role::Unit],
            ImportRoles::Tpi => &[Role::Tpi],
            ImportRoles::Both => &Role::ROLES,
            ImportRoles::Tpn => &[Role::Tpn],
            ImportRoles::All => &Role::ALL,
        }
    }

    /// Whether `role`'s columns are read.
    pub fn has(self, role: Role) -> bool {
        self.roles().contains(&role)
    }
}

/// Where `role`'s cells are in the per-role arrays of [`ItemCells`] and
/// [`SheetData`](super::SheetData): the unit 0, TPI 1, TPN 2 (the order of
/// `Role::ALL`).
pub fn slot(role: Role) -> usize {
    match role {
        Role::Unit => 0,
        Role::Tpi => 1,
        Role::Tpn => 2,
    }
}

/// The refusal of a layout without TPN's columns (Lampiran III, PortalRB's
/// Jawaban sheet) when `roles` asks for them; `None` when it does not.
pub fn no_tpn_columns(roles: ImportRoles, layout: &str, line: u32) -> Option<RowError> {
    roles.has(Role::Tpn).then(|| {
        row_error(
            line,
            "",
            "",
            format!(
                "{layout} tidak punya kolom 'Jawaban TPN'; nilai TPN diimpor dari lembar kerja Daduk \
                 (`daduk worksheet export`, kolom Jawaban TPN dan Catatan TPN) — untuk lembar ini pilih \
                 --role unit, tpi atau both"
            ),
        )
    })
}

/// One item's cells as a layout parser found them. For each role, `None`
/// means the file has no such column; `Some(None)` an empty cell. The
/// per-role arrays are indexed by [`slot`]: the unit, TPI, TPN.
#[derive(Debug, Clone, Default)]
pub struct ItemCells {
    /// The item the cells belong to.
    pub item: Option<ItemCode>,
    /// The answer of each role: the unit's, TPI's, TPN's.
    pub answer: [Option<Option<AnswerValue>>; 3],
    /// The note of each role: the unit's, TPI's, TPN's.
    pub note: [Option<String>; 3],
    /// The evidence references (the unit's).
    pub references: Option<Vec<Reference>>,
    /// For each role, the row of an answer cell (or count row) holding a
    /// formula whose result the file does not carry: the answer is unknown,
    /// so the stored one is kept whatever the rest says.
    pub unknown_answer: [Option<u32>; 3],
    /// The same for the note.
    pub unknown_note: [Option<u32>; 3],
}

impl ItemCells {
    /// Mark role `i`'s answer and note unknown where any of their cells
    /// holds a formula without its result.
    pub fn mark_unknown(
        &mut self,
        sheet: &Sheet,
        i: usize,
        answer: impl IntoIterator<Item = (u32, Option<u16>)>,
        note: impl IntoIterator<Item = (u32, Option<u16>)>,
    ) {
        let first = |(r, c): (u32, Option<u16>)| c.filter(|c| sheet.is_uncached(r, *c)).map(|_| r);
        self.unknown_answer[i] = answer.into_iter().find_map(first);
        self.unknown_note[i] = note.into_iter().find_map(first);
    }
}

/// What a layout parser found in a sheet.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The unit and year the sheet names.
    pub identity: SheetIdentity,
    /// Each item's cells.
    pub cells: Vec<ItemCells>,
    /// What was read but is worth a look.
    pub warnings: Vec<String>,
    /// Where the sheet was copied from (Daduk's own layout).
    pub copy: Option<super::identity::CopyMark>,
}

/// A layout parser's result: what it found, or every bad row.
pub type ParseResult = std::result::Result<Parsed, Vec<RowError>>;

/// A bad row: its line, the item (if known), the value and why.
pub fn row_error(line: u32, item: &str, value: &str, reason: impl Into<String>) -> RowError {
    RowError {
        line: line as usize,
        item: item.to_string(),
        value: value.to_string(),
        reason: reason.into(),
    }
}

/// Parse one role's answer cell of an item (empty → `Ok(None)`).
pub fn answer_cell(
    template: &Template,
    item: ItemCode,
    role: Role,
    text: &str,
) -> std::result::Result<Option<AnswerValue>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let Some(def) = template.item(item) else {
        return Err(format!("butir {item} tidak ada di templat"));
    };
    if matches!(def.answer, AnswerSpec::SurveyIndex { .. }) && text.trim().ends_with('%') {
        // "75%" typed where an index belongs: Excel keeps 0,75, which is a
        // valid index but not what the person meant.
        return Err(format!(
            "Jawaban {}: '{}' adalah persentase, padahal butir ini diisi nilai indeks survei 0 sampai 4 \
             (misalnya 3,61); tulis nilai indeksnya dari laporan survei",
            role.label(),
            text.trim()
        ));
    }
    let canonical = super::cells::answer_text(&def.answer, text);
    AnswerValue::parse(template, item, &canonical)
        .map(Some)
        .map_err(|e| format!("Jawaban {}: {}", role.label(), e.reason))
}

/// An error about the file as a whole, in the form of a bad row 1.
pub fn unreadable(file: &str, reason: String) -> Error {
    Error::Rows(RowErrors {
        file: file.to_string(),
        rows: vec![RowError {
            line: 1,
            item: String::new(),
            value: String::new(),
            reason,
        }],
    })
}
