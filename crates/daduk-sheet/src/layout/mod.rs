//! The layouts of the spreadsheets Daduk reads and writes, as pure code
//! over domain types: no workspace, no database, no files. A reader turns a
//! [`Sheet`](crate::Sheet) into each item's cells ([`Parsed`]) or names
//! every bad row; a writer turns plain data ([`SheetData`], rows) into a
//! file's bytes. The workspace gathers the data, calls these, and applies
//! what was read.

pub mod cells;
pub mod daduk;
pub mod identity;
pub mod jawaban;
pub mod lampiran3;
mod parse;

use std::collections::{BTreeMap, HashMap};

use daduk_domain::Error;
use daduk_domain::answer::AnswerValue;
use daduk_domain::code::ItemCode;
use daduk_domain::references::Reference;
use daduk_domain::scoring::ScoreCard;
use daduk_domain::template::Template;

pub use identity::SheetIdentity;
pub use parse::{ImportRoles, ItemCells, ParseResult, Parsed, answer_cell, row_error, unreadable};

/// Everything a worksheet shows of an assessment, read by the caller in
/// one snapshot.
#[derive(Debug)]
pub struct SheetData {
    /// The assessment's template.
    pub template: Template,
    /// The unit's answers, then TPI's.
    pub answers: [BTreeMap<ItemCode, AnswerValue>; 2],
    /// The unit's scores, then TPI's.
    pub cards: [ScoreCard; 2],
    /// Notes by item, the unit's then TPI's.
    pub notes: [HashMap<ItemCode, String>; 2],
    /// The unit's evidence references by item.
    pub references: HashMap<ItemCode, Vec<Reference>>,
    /// Attached files' names by item.
    pub files: HashMap<ItemCode, Vec<String>>,
}

/// A worksheet that could not be written.
fn write_error(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("lembar kerja tidak dapat ditulis: {e}"))
}
