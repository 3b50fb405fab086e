//! The PDF engine: a page canvas with measured text (`canvas`), the
//! embedded fonts (`font`), tables that break across pages (`table`).

pub mod canvas;
pub mod font;
pub mod table;

use std::sync::OnceLock;

use printpdf::ParsedFont;

use font::{BOLD_TTF, REGULAR_TTF};

/// The embedded fonts parsed for printpdf, once per process.
pub fn parsed_fonts() -> Option<&'static (ParsedFont, ParsedFont)> {
    static FONTS: OnceLock<Option<(ParsedFont, ParsedFont)>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut warnings = Vec::new();
            Some((
                ParsedFont::from_bytes(REGULAR_TTF, 0, &mut warnings)?,
                ParsedFont::from_bytes(BOLD_TTF, 0, &mut warnings)?,
            ))
        })
        .as_ref()
}
