//! The layouts of the spreadsheets Daduk reads and writes, as pure code
//! over domain types: no workspace, no database, no files. A reader turns a
//! [`Sheet`](crate::Sheet) into each item's cells ([`Parsed`]) or names
//! every bad row; a writer turns plain data into a file's bytes. The
//! workspace gathers the data, calls these, and applies what was read.

pub mod cells;
pub mod identity;
mod parse;

pub use identity::SheetIdentity;
pub use parse::{ImportRoles, ItemCells, ParseResult, Parsed, answer_cell, row_error, unreadable};
