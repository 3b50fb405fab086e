//! The Lampiran III worksheet of PermenPANRB 90/2021: read as units fill it
//! ([`parse`]), written with live formulas ([`render`]).

mod read;
mod write;

pub use read::{parse, placeable_items};
pub use write::render;
