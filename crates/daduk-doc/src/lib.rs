//! Daduk's documents on paper: the PDF engine (`engine`: canvas, embedded
//! fonts, tables across pages) and the documents made of blocks (`model`)
//! printed alike as PDF (`pdf`) and DOCX (`docx`); and Daduk's documents
//! themselves: the completeness report (`report`) and the plan's two
//! documents (`plan`), each laid out from plain data the workspace gathers
//! in one read. No database, no workspace.

pub mod docx;
pub mod engine;
pub mod model;
pub mod pdf;
pub mod plan;
pub mod report;
