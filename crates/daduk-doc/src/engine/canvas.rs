//! A page canvas in millimetres from the top-left corner: text lines, boxes
//! and rules, with the cursor that moves down the page and page breaks.
//!
//! printpdf speaks points from the bottom-left; everything above this file
//! speaks millimetres from the top, like a person measuring a printed page.

use printpdf::{
    Color, FontId, Line, LineDashPattern, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect,
    TextItem,
};

use super::font::{Fonts, MM_PER_PT, Weight};

/// A4 portrait, millimetres.
pub const PAGE_W: f32 = 210.0;
/// A4 portrait, millimetres.
pub const PAGE_H: f32 = 297.0;
/// Left margin (binding side).
pub const LEFT: f32 = 20.0;
/// Right edge of the text area.
pub const RIGHT: f32 = PAGE_W - 15.0;
/// Top of the text area on pages with the running header.
pub const TOP: f32 = 22.0;
/// Bottom of the text area; the footer lives below.
pub const BOTTOM: f32 = PAGE_H - 20.0;
/// Width of the text area.
pub const WIDTH: f32 = RIGHT - LEFT;

/// An RGB colour, 0..1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    fn pdf(self) -> Color {
        Color::Rgb(printpdf::Rgb {
            r: self.0,
            g: self.1,
            b: self.2,
            icc_profile: None,
        })
    }
}

/// The report's colours: a sober navy with red for what is missing.
pub mod color {
    use super::Rgb;
    pub const TEXT: Rgb = Rgb(0.10, 0.10, 0.12);
    pub const MUTED: Rgb = Rgb(0.38, 0.40, 0.44);
    pub const NAVY: Rgb = Rgb(0.106, 0.204, 0.380);
    pub const NAVY_LIGHT: Rgb = Rgb(0.866, 0.894, 0.937);
    pub const BAND: Rgb = Rgb(0.953, 0.961, 0.976);
    pub const RULE: Rgb = Rgb(0.62, 0.66, 0.72);
    pub const RED: Rgb = Rgb(0.706, 0.137, 0.094);
    pub const RED_LIGHT: Rgb = Rgb(0.992, 0.925, 0.918);
    pub const GREEN: Rgb = Rgb(0.118, 0.482, 0.204);
    pub const ORANGE: Rgb = Rgb(0.851, 0.447, 0.106);
    pub const WHITE: Rgb = Rgb(1.0, 1.0, 1.0);
    pub const GREY_BAR: Rgb = Rgb(0.86, 0.87, 0.89);
}

/// How a piece of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub weight: Weight,
    /// Size in points.
    pub size: f32,
    pub color: Rgb,
}

impl Style {
    /// Regular text of `size` points.
    pub const fn regular(size: f32) -> Style {
        Style {
            weight: Weight::Regular,
            size,
            color: color::TEXT,
        }
    }

    /// Bold text of `size` points.
    pub const fn bold(size: f32) -> Style {
        Style {
            weight: Weight::Bold,
            size,
            color: color::TEXT,
        }
    }

    /// The same in another colour.
    pub const fn with(self, color: Rgb) -> Style {
        Style { color, ..self }
    }

    /// Height of one line, in millimetres.
    pub fn line_height(&self) -> f32 {
        self.size * 1.24 * MM_PER_PT
    }
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// The pages being drawn. The last page is the current one.
#[derive(Debug)]
pub struct Canvas {
    pages: Vec<Vec<Op>>,
    /// The cursor: top of the next thing drawn, millimetres from the top.
    pub y: f32,
    regular: FontId,
    bold: FontId,
    /// Drawn at the top of every page after the first.
    running_header: String,
}

/// How the running header is set.
pub const fn header_style() -> Style {
    Style::regular(7.5).with(color::MUTED)
}

fn pt(mm: f32) -> Pt {
    Pt(mm / MM_PER_PT)
}

fn point(x: f32, y_from_top: f32) -> Point {
    Point {
        x: pt(x),
        y: pt(PAGE_H - y_from_top),
    }
}

impl Canvas {
    /// A canvas with one empty page (the cover), drawing with these fonts.
    pub fn new(regular: FontId, bold: FontId, running_header: String) -> Canvas {
        Canvas {
            pages: vec![Vec::new()],
            y: TOP,
            regular,
            bold,
            running_header,
        }
    }

    /// Number of pages so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Draw on page `index` (0-based) instead of the current one, e.g. the
    /// footers once the page count is known.
    pub fn on_page(&mut self, index: usize, f: impl FnOnce(&mut Canvas)) {
        let current = self.pages.len() - 1;
        self.pages.swap(index, current);
        f(self);
        self.pages.swap(index, current);
    }

    /// The pages' operations.
    pub fn into_pages(self) -> Vec<Vec<Op>> {
        self.pages
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        // There is always a current page: `new` makes one, nothing removes one.
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Start a new page with the running header; the cursor goes to the top.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        let style = header_style();
        // One line above the rule: a long unit name is cut with "…".
        let header = Fonts::get().fit(&self.running_header, style.weight, style.size, WIDTH);
        self.text(LEFT, 11.0, &header, style, Align::Left, WIDTH);
        self.rule(LEFT, RIGHT, 15.5, color::RULE, 0.3);
        self.y = TOP;
    }

    /// Space left on the page below the cursor.
    pub fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    /// Make sure `height` mm fit below the cursor; start a new page when
    /// not. Returns whether a page was started.
    pub fn ensure(&mut self, height: f32) -> bool {
        if self.y + height > BOTTOM && self.y > TOP + 0.01 {
            self.new_page();
            true
        } else {
            false
        }
    }

    /// Move the cursor down.
    pub fn space(&mut self, mm: f32) {
        self.y += mm;
    }

    /// One line of text in a box `width` wide starting at `x`, its line box
    /// starting at `top`. The text is cleaned but not wrapped; the caller
    /// wraps or fits it.
    pub fn text(&mut self, x: f32, top: f32, text: &str, style: Style, align: Align, width: f32) {
        let fonts = Fonts::get();
        let text = fonts.clean(text);
        if text.trim().is_empty() {
            return;
        }
        let w = fonts.width_mm(&text, style.weight, style.size);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (width - w) / 2.0,
            Align::Right => x + width - w,
        };
        let size_mm = style.size * MM_PER_PT;
        let ascent = fonts.metrics(style.weight).ascent;
        // Centre the font's ascent+descent box in the line box.
        let baseline = top + (style.line_height() - 1.164 * size_mm) / 2.0 + ascent * size_mm;
        let font = match style.weight {
            Weight::Regular => self.regular.clone(),
            Weight::Bold => self.bold.clone(),
        };
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(style.size),
            },
            Op::SetFillColor {
                col: style.color.pdf(),
            },
            Op::SetTextCursor {
                pos: point(x, baseline),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text)],
            },
            Op::EndTextSection,
        ]);
    }

    /// Wrapped lines drawn from `top`, without page breaks; returns the
    /// height used.
    pub fn lines(
        &mut self,
        x: f32,
        top: f32,
        lines: &[String],
        style: Style,
        align: Align,
        width: f32,
    ) -> f32 {
        let lh = style.line_height();
        for (i, line) in lines.iter().enumerate() {
            self.text(x, top + i as f32 * lh, line, style, align, width);
        }
        lines.len() as f32 * lh
    }

    /// A paragraph at the cursor, wrapped to `width`, breaking pages between
    /// lines as needed; the cursor moves below it.
    pub fn paragraph(&mut self, x: f32, width: f32, text: &str, style: Style) {
        let lines = Fonts::get().wrap(text, style.weight, style.size, width);
        let lh = style.line_height();
        for line in &lines {
            self.ensure(lh);
            self.text(x, self.y, line, style, Align::Left, width);
            self.y += lh;
        }
    }

    /// A filled and/or outlined rectangle.
    pub fn rect(
        &mut self,
        x: f32,
        top: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    ) {
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        let ops = self.ops();
        ops.push(Op::SaveGraphicsState);
        if let Some(f) = fill {
            ops.push(Op::SetFillColor { col: f.pdf() });
        }
        if let Some((c, width)) = stroke {
            ops.push(Op::SetOutlineColor { col: c.pdf() });
            ops.push(Op::SetOutlineThickness { pt: pt(width) });
        }
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: pt(x),
                y: pt(PAGE_H - top - h),
                width: pt(w),
                height: pt(h),
                mode: Some(mode),
                winding_order: None,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    /// A straight line from (x1, y1) to (x2, y2), `width` mm thick.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), color: Rgb, width: f32, dashed: bool) {
        let ops = self.ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetOutlineColor { col: color.pdf() });
        ops.push(Op::SetOutlineThickness { pt: pt(width) });
        if dashed {
            ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, &[3.0, 2.0]),
            });
        }
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: point(from.0, from.1),
                        bezier: false,
                    },
                    LinePoint {
                        p: point(to.0, to.1),
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    /// A horizontal rule at `y`.
    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, color: Rgb, width: f32) {
        self.line((x1, y), (x2, y), color, width, false);
    }

    /// A section heading at the cursor, kept with the `keep` mm that follow.
    pub fn heading(&mut self, text: &str, keep: f32) {
        let style = Style::bold(13.0).with(color::NAVY);
        self.ensure(style.line_height() + 6.0 + keep);
        if self.y > TOP + 0.01 {
            self.y += 5.0;
        }
        self.text(LEFT, self.y, text, style, Align::Left, WIDTH);
        self.y += style.line_height() + 0.8;
        self.rule(LEFT, RIGHT, self.y, color::NAVY, 0.5);
        self.y += 3.0;
    }

    /// A smaller heading at the cursor, kept with the `keep` mm that follow.
    pub fn subheading(&mut self, text: &str, keep: f32) {
        let style = Style::bold(10.5).with(color::NAVY);
        let lines = Fonts::get().wrap(text, style.weight, style.size, WIDTH);
        let h = lines.len() as f32 * style.line_height();
        self.ensure(h + 2.5 + keep);
        self.y += if self.y > TOP + 0.01 { 2.5 } else { 0.0 };
        self.y += self.lines(LEFT, self.y, &lines, style, Align::Left, WIDTH);
        self.y += 1.5;
    }
}
