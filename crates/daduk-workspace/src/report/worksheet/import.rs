//! Reading a worksheet back into an assessment: answers and notes of the
//! unit, TPI and/or TPN (TPN's from Daduk's own layout only), and the
//! unit's evidence references.
//!
//! Three layouts are read ([`SheetFormat`]): Daduk's own, the Lampiran III
//! worksheet units fill by hand, and PortalRB's "Jawaban" sheet. The layout
//! is recognised from the content (or forced). Every row that cannot be
//! placed or parsed is named with its sheet and row; a sheet naming another
//! unit or year is refused unless allowed; nothing is written unless the
//! whole file is good, and then everything in one transaction.
//!
//! By default empty cells change nothing (an empty answer keeps the stored
//! answer, an empty note the stored note); with `clear_empty` the sheet is
//! the whole truth and empty cells clear. Only the chosen roles' columns are
//! read.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::answer::Role;
use crate::code::ItemCode;
use crate::error::{Error, Result, RowErrors};
use crate::exchange::{Pick, pick};
use crate::sheet::layout::{
    self, ImportRoles, Parsed, SheetFormat, daduk, detect, jawaban, lampiran3, row_error, slot,
};
use crate::sheet::{self, Book, ReadError, Sheet};
use crate::store::answers::ValueChange;
use crate::store::{Assessment, Workspace};
use crate::sync::{ConflictOrigin, SyncConflict};

/// How to import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SheetImportOptions {
    /// The layout; recognised from the content when `None`.
    pub format: Option<SheetFormat>,
    /// Whose columns to read.
    pub roles: ImportRoles,
    /// Import a sheet that names another unit or year.
    pub other_unit: bool,
    /// Let empty cells clear stored answers, notes and references.
    pub clear_empty: bool,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorksheetImport {
    /// The layout read.
    pub format: SheetFormat,
    /// The sheet read.
    pub sheet: String,
    /// Item rows read.
    pub items: usize,
    /// Answers of the unit that changed (value or note).
    pub changed_unit: usize,
    /// Answers of TPI that changed.
    pub changed_tpi: usize,
    /// Answers of TPN (its values from the LHE) that changed.
    pub changed_tpn: usize,
    /// Items whose evidence references changed.
    pub changed_references: usize,
    /// Answers and notes changed here since the sheet was exported and in
    /// the sheet differently: kept here and recorded, listed by `daduk
    /// conflicts` (origin `worksheet`).
    pub conflicts: Vec<SyncConflict>,
    /// What was read but is worth a look (a total that disagreed with its
    /// parts, an item found by its text rather than its letter, …).
    pub warnings: Vec<String>,
}

/// An error about the file as a whole, in the form of a bad row 1.
pub(crate) fn unreadable(file: &str, reason: String) -> Error {
    layout::unreadable(file, reason).into()
}

/// Read a worksheet file (`.xlsx`/`.xlsm` or `.csv`/`.txt` by its
/// extension) through the bounded sheet reader.
pub(crate) fn read_book(path: &std::path::Path) -> Result<Book> {
    let file = path.display().to_string();
    let Some(format) = sheet::Format::of(path) else {
        return Err(Error::Invalid(format!(
            "{file}: lembar kerja harus berkas .xlsx atau .csv"
        )));
    };
    sheet::read(path, format).map_err(|e| match e {
        ReadError::Io(e) => Error::io(path, e),
        ReadError::Refused(reason) => unreadable(&file, reason),
    })
}

/// Import a worksheet file (`.xlsx` or `.csv`) into an assessment.
pub fn import_file(
    ws: &Workspace,
    a: &Assessment,
    path: &std::path::Path,
    options: &SheetImportOptions,
) -> Result<WorksheetImport> {
    let book = read_book(path)?;
    import_book(ws, a, &book, options)
}

/// Import an already read book.
pub(crate) fn import_book(
    ws: &Workspace,
    a: &Assessment,
    book: &Book,
    options: &SheetImportOptions,
) -> Result<WorksheetImport> {
    let template = ws.template_of(a)?;
    let (format, index) = detect(book, &template, a.year, options.format)?;
    let sheet: &Sheet = &book.sheets[index];
    let named = format!("{}, lembar '{}'", book.file, sheet.name);
    let parsed = match format {
        SheetFormat::Daduk => daduk::parse(&template, sheet, options.roles),
        SheetFormat::Lampiran3 => lampiran3::parse(&template, sheet, options.roles),
        SheetFormat::Portalrb => {
            jawaban::parse(&template, a.year, sheet, options.roles).map_err(|e| match e {
                jawaban::Failure::Rows(rows) => rows,
                jawaban::Failure::NoMap(e) => vec![row_error(1, "", "", e.to_string())],
            })
        }
    };
    let parsed = parsed.map_err(|mut rows| {
        rows.sort_by_key(|r| r.line);
        Error::Rows(RowErrors {
            file: named.clone(),
            rows,
        })
    })?;
    let unit = ws.unit(&a.unit)?;
    if !options.other_unit
        && let Some(names) = parsed.identity.mismatch(&unit, a)
    {
        return Err(Error::Invalid(format!(
            "{named}: lembar kerja ini untuk {names}, sedangkan penilaian yang dibuka adalah {} ({}) tahun {}; \
             tidak ada yang diimpor. Bila memang ingin mengimpornya, izinkan lembar unit/tahun lain (--other-unit).",
            unit.name, unit.code, a.year
        )));
    }
    // Notes are refused here, naming the file, rather than item by item
    // while writing.
    for cells in &parsed.cells {
        let Some(item) = cells.item else { continue };
        for (role, note) in Role::ALL.iter().zip(&cells.note) {
            if let Some(n) = note {
                crate::text::check_lines(&format!("catatan {} butir {item}", role.label()), n)
                    .map_err(|e| Error::Invalid(format!("{named}: {e}; tidak ada yang diimpor")))?;
            }
        }
    }
    let items = parsed.cells.iter().filter(|c| c.item.is_some()).count();
    if items == 0 {
        return Err(unreadable(
            &named,
            format!(
                "tidak ada butir LKE yang terbaca sebagai {}",
                format.label()
            ),
        ));
    }
    // References remember where they came from: the file's name and sheet.
    let file_name = std::path::Path::new(&book.file)
        .file_name()
        .map_or_else(|| book.file.clone(), |n| n.to_string_lossy().into_owned());
    let source = if file_name == sheet.name {
        file_name
    } else {
        format!("{file_name}, lembar '{}'", sheet.name)
    };
    apply(ws, a, &source, format, &sheet.name, parsed, options)
}

fn apply(
    ws: &Workspace,
    a: &Assessment,
    source: &str,
    format: SheetFormat,
    sheet: &str,
    parsed: Parsed,
    options: &SheetImportOptions,
) -> Result<WorksheetImport> {
    let items = parsed.cells.iter().filter(|c| c.item.is_some()).count();
    let mut warnings = parsed.warnings.clone();
    for cells in &parsed.cells {
        let Some(item) = cells.item else { continue };
        for role in options.roles.roles() {
            let i = slot(*role);
            for (row, what) in [
                (cells.unknown_answer[i], "jawaban"),
                (cells.unknown_note[i], "catatan"),
            ] {
                if let Some(row) = row {
                    warnings.push(format!(
                        "baris {row} ({item}): sel {what} {} berisi rumus yang hasilnya tidak tersimpan di berkas; \
                         {what} yang tersimpan tidak diubah — buka berkasnya di Excel atau LibreOffice, simpan ulang, lalu impor lagi",
                        role.label()
                    ));
                }
            }
        }
    }
    // Everything in one transaction: a worksheet goes in whole or not at all.
    let tx = ws.write()?;
    // A sheet exported from this workspace carries the mark of its audit
    // log then: an answer changed here since and in the sheet differently
    // is kept here and recorded as a conflict (the exchange's one merge
    // rule). Without it (another layout, another workspace) the sheet is
    // the person's word and is taken.
    let merge = match &parsed.copy {
        Some(mark) if ws.workspace_id().ok().as_deref() == Some(mark.workspace.as_str()) => {
            Some(SheetBase {
                at_mark: ws.answers_at_mark_tx(&tx, a.id, mark.audit)?,
                here: ws
                    .answer_records(a)?
                    .into_iter()
                    .map(|r| ((r.item, r.role), (r.value, r.note)))
                    .collect(),
            })
        }
        Some(_) => {
            warnings.push(
                "lembar kerja ini diekspor dari ruang kerja lain: isinya diambil apa adanya, \
                 tanpa memeriksa jawaban yang diubah di sini sejak itu"
                    .into(),
            );
            None
        }
        None => None,
    };
    let mut changed = [0usize; 3];
    let mut references = 0usize;
    let mut conflicts = Vec::new();
    for cells in &parsed.cells {
        let Some(item) = cells.item else { continue };
        for role in options.roles.roles() {
            let i = slot(*role);
            // Unknown is not empty: a formula without its result keeps
            // what is stored, even with `clear_empty`.
            let mut value = match &cells.answer[i] {
                _ if cells.unknown_answer[i].is_some() => ValueChange::Keep,
                Some(Some(v)) => ValueChange::Set(v),
                Some(None) if options.clear_empty => ValueChange::Clear,
                _ => ValueChange::Keep,
            };
            let mut note = match cells.note[i].as_deref() {
                _ if cells.unknown_note[i].is_some() => None,
                Some("") if !options.clear_empty => None,
                other => other,
            };
            if let Some(base) = &merge {
                let (keep_value, keep_note) = base.merge(item, *role, &value, note, &mut conflicts);
                if keep_value {
                    value = ValueChange::Keep;
                }
                if keep_note {
                    note = None;
                }
            }
            if matches!(value, ValueChange::Keep) && note.is_none() {
                continue;
            }
            if ws.upsert(&tx, a.id, *role, item, value, note)? {
                changed[i] += 1;
            }
        }
        if options.roles.has(Role::Unit)
            && let Some(refs) = &cells.references
            && (!refs.is_empty() || options.clear_empty)
            && ws.put_references(&tx, a.id, item, refs, source, true)?
        {
            references += 1;
        }
    }
    for c in &conflicts {
        ws.insert_conflict_tx(&tx, a.id, ConflictOrigin::Worksheet, source, c)?;
    }
    tx.commit()?;
    Ok(WorksheetImport {
        format,
        sheet: sheet.to_string(),
        items,
        changed_unit: changed[0],
        changed_tpi: changed[1],
        changed_tpn: changed[2],
        changed_references: references,
        conflicts,
        warnings,
    })
}

/// What a sheet exported from this workspace is merged against: the
/// answers and notes at its mark (those changed since), and now.
struct SheetBase {
    at_mark: HashMap<(String, String), Option<String>>,
    here: HashMap<(ItemCode, Role), (Option<String>, String)>,
}

impl SheetBase {
    /// Merge one answer's cells; returns whether its value and its note are
    /// to be kept as they are here (unchanged in the sheet, or changed on
    /// both, differently — then recorded in `conflicts`).
    fn merge(
        &self,
        item: ItemCode,
        role: Role,
        value: &ValueChange<'_>,
        note: Option<&str>,
        conflicts: &mut Vec<SyncConflict>,
    ) -> (bool, bool) {
        let key = format!("{item}/{role}");
        let (here_value, here_note) = self.here.get(&(item, role)).cloned().unwrap_or_default();
        let there_value = match value {
            ValueChange::Keep => here_value.clone(),
            ValueChange::Set(v) => Some(v.to_string()),
            ValueChange::Clear => None,
        };
        let base_value = self
            .at_mark
            .get(&("answer".to_string(), key.clone()))
            .cloned()
            .unwrap_or_else(|| here_value.clone());
        // The one rule, for the value and the note alike: a clash is kept
        // here and recorded as `what`.
        let mut keeps_here =
            |what: &str,
             base: Option<String>,
             here: Option<String>,
             there: Option<String>,
             same: fn(&Option<String>, &Option<String>) -> bool| {
                match pick(Some(&base), Some(&here), Some(&there), same) {
                    Pick::There => false,
                    Pick::Here => true,
                    Pick::Clash => {
                        conflicts.push(SyncConflict {
                            side: role,
                            what: what.into(),
                            key: item.to_string(),
                            base,
                            local: here,
                            remote: there,
                        });
                        true
                    }
                }
            };
        let keep_value = keeps_here("jawaban", base_value, here_value, there_value, |a, b| {
            a == b
        });
        let there_note = note.map_or_else(|| here_note.clone(), str::to_string);
        let base_note = self
            .at_mark
            .get(&("note".to_string(), key))
            .cloned()
            .map_or_else(|| here_note.clone(), Option::unwrap_or_default);
        let keep_note = keeps_here(
            "catatan",
            Some(base_note),
            Some(here_note),
            Some(there_note),
            |a, b| a.as_deref().map(str::trim) == b.as_deref().map(str::trim),
        );
        (keep_value, keep_note)
    }
}
