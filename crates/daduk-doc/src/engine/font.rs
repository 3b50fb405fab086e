//! The embedded fonts and text measurement.
//!
//! Reports embed DejaVu Sans Condensed (`assets/fonts`, with its licence) so
//! they look the same everywhere and carry Indonesian text and the ✓/✗ marks.
//! Text is measured from the fonts' advance widths (no kerning: printpdf
//! draws glyphs at their advances too), which is what wrapping needs.

use std::sync::OnceLock;

use ttf_parser::Face;

/// DejaVu Sans Condensed, regular.
pub const REGULAR_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSansCondensed.ttf");
/// DejaVu Sans Condensed, bold.
pub const BOLD_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSansCondensed-Bold.ttf");

/// Code points below this have their widths looked up once, in a table.
const TABLE: usize = 0x2200;

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// One face's metrics, in em units.
#[derive(Debug)]
pub struct Metrics {
    face: Face<'static>,
    per_em: f32,
    table: Vec<Option<f32>>,
    fallback: f32,
    /// Ascender, in em.
    pub ascent: f32,
}

impl Metrics {
    fn new(bytes: &'static [u8]) -> Metrics {
        // The fonts are compiled in and checked by the tests; a failure here
        // is a build defect, not input.
        #[allow(clippy::expect_used)]
        let face = Face::parse(bytes, 0).expect("the embedded font parses");
        let per_em = f32::from(face.units_per_em());
        let advance = |c: char| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map(|a| f32::from(a) / per_em)
        };
        let table = (0..TABLE as u32)
            .map(|cp| char::from_u32(cp).and_then(advance))
            .collect();
        let fallback = advance('?').unwrap_or(0.5);
        Metrics {
            ascent: f32::from(face.ascender()) / per_em,
            table,
            fallback,
            per_em,
            face,
        }
    }

    fn advance(&self, c: char) -> Option<f32> {
        match self.table.get(c as usize) {
            Some(w) => *w,
            None => self
                .face
                .glyph_index(c)
                .and_then(|g| self.face.glyph_hor_advance(g))
                .map(|a| f32::from(a) / self.per_em),
        }
    }

    /// Whether the font can draw `c`.
    pub fn has(&self, c: char) -> bool {
        self.advance(c).is_some()
    }

    /// Width of `text` in em.
    pub fn width_em(&self, text: &str) -> f32 {
        text.chars()
            .map(|c| self.advance(c).unwrap_or(self.fallback))
            .sum()
    }
}

/// Both faces.
#[derive(Debug)]
pub struct Fonts {
    regular: Metrics,
    bold: Metrics,
}

impl Fonts {
    /// The fonts, parsed once per process.
    pub fn get() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| Fonts {
            regular: Metrics::new(REGULAR_TTF),
            bold: Metrics::new(BOLD_TTF),
        })
    }

    /// The metrics of one weight.
    pub fn metrics(&self, weight: Weight) -> &Metrics {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Width of `text` at `size` points, in millimetres.
    pub fn width_mm(&self, text: &str, weight: Weight, size: f32) -> f32 {
        self.metrics(weight).width_em(text) * size * MM_PER_PT
    }

    /// `text` made drawable: tabs and line breaks become spaces, other
    /// control characters go, and characters the font lacks (emoji, CJK)
    /// become the replacement character `�`, which no one reads as text —
    /// a `?` would look like a question mark the author typed. A fallback
    /// font was weighed and left out: a CJK font adds 5–19 MB and an emoji
    /// font 3 MB to every copy of Daduk for characters LKE documents rarely
    /// hold; the Word documents keep them, drawn by the reader's fonts.
    pub fn clean(&self, text: &str) -> String {
        text.chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' => Some(' '),
                c if c.is_control() => None,
                c if self.regular.has(c) => Some(c),
                _ => Some(REPLACEMENT),
            })
            .collect()
    }

    /// `text` on one line no wider than `width` mm: whole when it fits,
    /// else cut after the last word that fits (between characters when a
    /// single word is too long) and ended with an ellipsis.
    pub fn fit(&self, text: &str, weight: Weight, size: f32, width: f32) -> String {
        let text = self.clean(text);
        if self.width_mm(&text, weight, size) <= width {
            return text;
        }
        let ellipsis = if self.regular.has('…') {
            "…"
        } else {
            "..."
        };
        let room = width - self.width_mm(ellipsis, weight, size);
        let mut cut = String::new();
        for c in text.chars() {
            cut.push(c);
            if self.width_mm(&cut, weight, size) > room {
                cut.pop();
                break;
            }
        }
        // Prefer a word boundary when one is not too far back.
        if let Some(at) = cut.rfind(' ').filter(|&at| at * 3 > cut.len() * 2) {
            cut.truncate(at);
        }
        let kept = cut.trim_end_matches([' ', '·', ',', '-', '—']).trim_end();
        format!("{kept}{ellipsis}")
    }

    /// Wrap `text` into lines no wider than `width` mm. Paragraph breaks
    /// (`\n`) are kept; a word longer than a line (a file name, a hash) is
    /// cut between characters. Always at least one line.
    pub fn wrap(&self, text: &str, weight: Weight, size: f32, width: f32) -> Vec<String> {
        let m = self.metrics(weight);
        let max_em = width / (size * MM_PER_PT);
        let space = m.width_em(" ");
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let paragraph = self.clean(paragraph);
            let mut line = String::new();
            let mut line_em = 0.0;
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let word_em = m.width_em(word);
                let gap = if line.is_empty() { 0.0 } else { space };
                if line_em + gap + word_em <= max_em {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    line_em += gap + word_em;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_em = 0.0;
                }
                if word_em <= max_em {
                    line.push_str(word);
                    line_em = word_em;
                    continue;
                }
                for c in word.chars() {
                    let w = m.advance(c).unwrap_or(m.fallback);
                    if line_em + w > max_em && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_em = 0.0;
                    }
                    line.push(c);
                    line_em += w;
                }
            }
            lines.push(line);
        }
        // Trailing blank paragraphs say nothing.
        while lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }
}

/// What a character the fonts lack is printed as.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Millimetres per point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_carry_indonesian_text_and_marks() {
        let f = Fonts::get();
        for w in [Weight::Regular, Weight::Bold] {
            for c in "✓✗–—…·“”’éÉ§°½≥≤".chars() {
                assert!(f.metrics(w).has(c), "{c:?} in {w:?}");
            }
        }
        assert_eq!(f.clean("a\tb\u{7}c中"), "a bc\u{FFFD}");
        assert_eq!(
            f.clean("Selesai 👍 完成"),
            "Selesai \u{FFFD} \u{FFFD}\u{FFFD}"
        );
        for w in [Weight::Regular, Weight::Bold] {
            assert!(f.metrics(w).has(REPLACEMENT), "{w:?}");
        }
    }

    #[test]
    fn fitting_cuts_at_a_word_with_an_ellipsis() {
        let f = Fonts::get();
        let short = "Dinas Kesehatan";
        assert_eq!(f.fit(short, Weight::Regular, 8.0, 100.0), short);
        let long = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buleleng Provinsi Bali";
        let fitted = f.fit(long, Weight::Regular, 8.0, 60.0);
        assert!(fitted.ends_with('…'), "{fitted}");
        assert!(f.width_mm(&fitted, Weight::Regular, 8.0) <= 60.0);
        let kept = fitted.trim_end_matches('…');
        assert!(long.starts_with(kept), "{fitted}");
        assert!(
            long[kept.len()..].starts_with(' '),
            "cut between words: {fitted}"
        );
    }

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let f = Fonts::get();
        let text = "Apakah unit kerja telah menetapkan tim kerja untuk melakukan pembangunan Zona Integritas? \
                    BerkasDenganNamaYangSangatPanjangSekaliTanpaSpasiSamaSekali.pdf";
        let lines = f.wrap(text, Weight::Regular, 9.0, 40.0);
        assert!(lines.len() > 3, "{lines:?}");
        for l in &lines {
            assert!(f.width_mm(l, Weight::Regular, 9.0) <= 40.0 + 1e-3, "{l}");
        }
        let joined: String = lines.concat();
        assert_eq!(
            joined.replace(' ', ""),
            text.replace(' ', ""),
            "nothing is lost"
        );
        assert_eq!(f.wrap("", Weight::Bold, 9.0, 40.0), vec![String::new()]);
        assert_eq!(f.wrap("a\n\nb\n", Weight::Bold, 9.0, 40.0), ["a", "", "b"]);
    }
}
