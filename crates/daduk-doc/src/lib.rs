//! Daduk's documents on paper: the PDF engine (`engine`: canvas, embedded
//! fonts, tables across pages) and the documents made of blocks (`model`)
//! printed alike as PDF (`pdf`) and DOCX (`docx`) — the plan and its
//! quarterly monitoring report. The workspace builds what a document says;
//! this crate only draws it. No database, no workspace.

pub mod docx;
pub mod engine;
pub mod model;
pub mod pdf;
