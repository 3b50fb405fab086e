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
pub mod plan;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use daduk_domain::Error;
use daduk_domain::answer::AnswerValue;
use daduk_domain::code::ItemCode;
use daduk_domain::references::Reference;
use daduk_domain::scoring::ScoreCard;
use daduk_domain::template::Template;

use crate::Book;

pub use identity::{CopyMark, SheetIdentity};
pub use parse::{
    ImportRoles, ItemCells, ParseResult, Parsed, answer_cell, no_tpn_columns, row_error, slot,
    unreadable,
};

/// The layout of a worksheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum SheetFormat {
    /// Daduk's own: one row per item with its code in column `Kode`.
    Daduk,
    /// Lampiran III of PermenPANRB 90/2021 as units fill it: the hierarchy
    /// numbered in columns B–G, answers in K.
    Lampiran3,
    /// PortalRB's official Excel: sheet "Jawaban", one row per soal.
    Portalrb,
}

impl SheetFormat {
    /// How people call it.
    pub fn label(self) -> &'static str {
        match self {
            SheetFormat::Daduk => "lembar kerja Daduk",
            SheetFormat::Lampiran3 => "lembar kerja Lampiran III",
            SheetFormat::Portalrb => "lembar Jawaban PortalRB",
        }
    }
}

impl std::str::FromStr for SheetFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "daduk" => Ok(SheetFormat::Daduk),
            "lampiran3" | "lampiran-iii" | "lampiran" => Ok(SheetFormat::Lampiran3),
            "portalrb" | "jawaban" => Ok(SheetFormat::Portalrb),
            other => Err(Error::Invalid(format!(
                "format lembar kerja '{other}' tidak dikenal; pakai daduk, lampiran3 atau portalrb"
            ))),
        }
    }
}

/// The layout of a book and the sheet to read (its index): forced, or
/// recognised from the content.
pub fn detect(
    book: &Book,
    template: &Template,
    year: i32,
    forced: Option<SheetFormat>,
) -> Result<(SheetFormat, usize), Error> {
    let daduk = || {
        // Daduk's LKE sheet first, then any sheet with its column titles.
        let mut order: Vec<usize> = (0..book.sheets.len()).collect();
        order.sort_by_key(|i| book.sheets[*i].name != daduk::SHEET);
        order
            .into_iter()
            .find(|i| daduk::has_header(&book.sheets[*i]))
    };
    let jawaban = || {
        book.sheets
            .iter()
            .position(|s| s.name.trim().eq_ignore_ascii_case(jawaban::SHEET))
    };
    let lampiran = || {
        book.sheets
            .iter()
            .enumerate()
            .map(|(i, s)| (lampiran3::placeable_items(s, template), i))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, i)| (*n, std::cmp::Reverse(*i)))
    };
    let found = match forced {
        Some(SheetFormat::Daduk) => daduk().map(|i| (SheetFormat::Daduk, i)),
        Some(SheetFormat::Portalrb) => Some((SheetFormat::Portalrb, jawaban().unwrap_or(0))),
        Some(SheetFormat::Lampiran3) => lampiran().map(|(_, i)| (SheetFormat::Lampiran3, i)),
        None => jawaban()
            .map(|i| (SheetFormat::Portalrb, i))
            .or_else(|| daduk().map(|i| (SheetFormat::Daduk, i)))
            .or_else(|| {
                lampiran()
                    .filter(|(n, _)| *n >= 3)
                    .map(|(_, i)| (SheetFormat::Lampiran3, i))
            }),
    };
    let _ = year;
    match found {
        Some(f) if !book.sheets.is_empty() => Ok(f),
        _ => Err(unreadable(
            &book.file,
            match forced {
                Some(SheetFormat::Daduk) => "tidak ada lembar dengan kepala kolom lembar kerja Daduk (Kode, Jawaban Unit, Jawaban TPI, Jawaban TPN); \
                     pakai berkas dari `daduk worksheet export` atau pilih format lain"
                    .into(),
                Some(SheetFormat::Lampiran3) => "tidak ada lembar bernomor seperti Lampiran III (A., I., 1., i., a. di kolom B–G dengan teks pertanyaan LKE)".into(),
                _ => "format lembar kerja tidak dikenali: tidak ada kepala kolom Daduk (Kode, Jawaban Unit), lembar 'Jawaban' PortalRB, \
                      atau lembar bernomor Lampiran III (A., I., 1., i., a. dengan teks pertanyaan LKE); \
                      pilih formatnya dengan --format daduk|lampiran3|portalrb"
                    .into(),
            },
        )),
    }
}

/// Everything a worksheet shows of an assessment, read by the caller in
/// one snapshot.
#[derive(Debug)]
pub struct SheetData {
    /// The assessment's template.
    pub template: Template,
    /// The answers of the unit, TPI and TPN (indexed by [`slot`]).
    pub answers: [BTreeMap<ItemCode, AnswerValue>; 3],
    /// The scores of the unit, TPI and TPN.
    pub cards: [ScoreCard; 3],
    /// Notes by item: the unit's, TPI's, TPN's.
    pub notes: [HashMap<ItemCode, String>; 3],
    /// The unit's evidence references by item.
    pub references: HashMap<ItemCode, Vec<Reference>>,
    /// Attached files' names by item.
    pub files: HashMap<ItemCode, Vec<String>>,
}

/// A worksheet that could not be written.
fn write_error(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("lembar kerja tidak dapat ditulis: {e}"))
}
