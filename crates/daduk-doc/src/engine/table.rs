//! Tables that wrap their cells, break across pages and repeat their header
//! on every page they reach. A row taller than what is left of a page moves
//! to the next one; a row taller than a whole page is split between lines,
//! so nothing is ever cut off.

use super::canvas::{Align, BOTTOM, Canvas, LEFT, Rgb, Style, TOP, color};
use super::font::Fonts;

/// Padding inside a cell, millimetres.
const PAD_X: f32 = 1.3;
const PAD_Y: f32 = 0.9;

/// A column.
#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    /// Width in millimetres.
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: &str, width: f32, align: Align) -> Column {
        Column {
            title: title.to_string(),
            width,
            align,
        }
    }
}

/// A cell: text, optionally spanning several columns, with its own look.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub span: usize,
    pub style: Option<Style>,
    pub align: Option<Align>,
    pub fill: Option<Rgb>,
}

impl Cell {
    /// Plain text in the table's style.
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            span: 1,
            style: None,
            align: None,
            fill: None,
        }
    }

    /// In another style.
    pub fn styled(mut self, style: Style) -> Cell {
        self.style = Some(style);
        self
    }

    /// Spanning `n` columns.
    pub fn span(mut self, n: usize) -> Cell {
        self.span = n.max(1);
        self
    }

    /// With a background.
    pub fn fill(mut self, fill: Rgb) -> Cell {
        self.fill = Some(fill);
        self
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::new(s)
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::new(s)
    }
}

/// A row of cells with an optional background for the whole row.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub fill: Option<Rgb>,
    /// Bold text throughout (subtotals).
    pub bold: bool,
    /// The first cell's text when the row starts a page (a blank code cell
    /// of a follow-up row says which item it belongs to there).
    pub carry: Option<String>,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            fill: None,
            bold: false,
            carry: None,
        }
    }

    pub fn carry(mut self, text: impl Into<String>) -> Row {
        self.carry = Some(text.into());
        self
    }

    pub fn fill(mut self, fill: Rgb) -> Row {
        self.fill = Some(fill);
        self
    }

    pub fn bold(mut self) -> Row {
        self.bold = true;
        self
    }
}

/// A table's layout.
#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Vec<Column>,
    /// An optional row above the column titles: (title, columns spanned).
    pub groups: Vec<(String, usize)>,
    /// The body text.
    pub style: Style,
    /// Drawn above the repeated header on continuation pages.
    pub continued: Option<String>,
    /// Header background and text colour.
    pub header_colors: (Rgb, Rgb),
    /// Header text size when not the body's (narrow columns, e.g. months).
    pub header_size: Option<f32>,
    /// Padding left and right inside a cell, millimetres.
    pub pad_x: f32,
}

/// A cell laid out: where it is and its lines.
struct Placed {
    x: f32,
    width: f32,
    pad: f32,
    lines: Vec<String>,
    style: Style,
    align: Align,
    fill: Option<Rgb>,
}

impl Table {
    pub fn new(columns: Vec<Column>, style: Style) -> Table {
        Table {
            columns,
            groups: Vec::new(),
            style,
            continued: None,
            header_colors: (color::NAVY, color::WHITE),
            header_size: None,
            pad_x: PAD_X,
        }
    }

    fn header_style(&self) -> Style {
        Style::bold(self.header_size.unwrap_or(self.style.size)).with(self.header_colors.1)
    }

    /// Lay out a row's cells.
    fn place(&self, cells: &[Cell]) -> Vec<Placed> {
        let fonts = Fonts::get();
        let mut x = LEFT;
        let mut col = 0;
        let mut out = Vec::new();
        for cell in cells {
            let end = (col + cell.span).min(self.columns.len());
            if col >= end {
                break;
            }
            let width: f32 = self.columns[col..end].iter().map(|c| c.width).sum();
            let style = cell.style.unwrap_or(self.style);
            let lines = fonts.wrap(
                &cell.text,
                style.weight,
                style.size,
                width - 2.0 * self.pad_x,
            );
            out.push(Placed {
                x,
                width,
                pad: self.pad_x,
                lines,
                style,
                align: cell.align.unwrap_or(self.columns[col].align),
                fill: cell.fill,
            });
            x += width;
            col = end;
        }
        out
    }

    fn header_cells(&self) -> Vec<Vec<Placed>> {
        let hs = self.header_style();
        let mut rows = Vec::new();
        if !self.groups.is_empty() {
            let cells: Vec<Cell> = self
                .groups
                .iter()
                .map(|(t, span)| Cell {
                    align: Some(Align::Center),
                    ..Cell::new(t.clone()).span(*span).styled(hs)
                })
                .collect();
            rows.push(self.place(&cells));
        }
        let cells: Vec<Cell> = self
            .columns
            .iter()
            .map(|c| Cell {
                align: Some(Align::Center),
                ..Cell::new(c.title.clone()).styled(hs)
            })
            .collect();
        rows.push(self.place(&cells));
        rows
    }

    fn height(placed: &[Placed], from: usize, to: usize) -> f32 {
        placed
            .iter()
            .map(|p| {
                let n = p.lines.len().min(to).saturating_sub(from);
                n as f32 * p.style.line_height()
            })
            .fold(0.0, f32::max)
            + 2.0 * PAD_Y
    }

    fn header_height(&self) -> f32 {
        self.header_cells()
            .iter()
            .map(|r| Self::height(r, 0, usize::MAX))
            .sum()
    }

    /// Draw lines `from..to` of a placed row at the cursor.
    fn draw_row(
        c: &mut Canvas,
        placed: &[Placed],
        (from, to): (usize, usize),
        row_fill: Option<Rgb>,
        header: Option<Rgb>,
    ) {
        let h = Self::height(placed, from, to);
        for p in placed {
            let fill = p.fill.or(row_fill);
            let stroke = header.unwrap_or(color::RULE);
            c.rect(p.x, c.y, p.width, h, fill, Some((stroke, 0.2)));
            let lines: Vec<String> = p
                .lines
                .iter()
                .skip(from)
                .take(to.saturating_sub(from))
                .cloned()
                .collect();
            // Header titles sit in the middle of their cell.
            let used = lines.len() as f32 * p.style.line_height();
            let top = if header.is_some() {
                c.y + (h - used) / 2.0
            } else {
                c.y + PAD_Y
            };
            c.lines(
                p.x + p.pad,
                top,
                &lines,
                p.style,
                p.align,
                p.width - 2.0 * p.pad,
            );
        }
        c.y += h;
    }

    fn draw_header(&self, c: &mut Canvas, continued: bool) {
        if continued && let Some(label) = &self.continued {
            let style = Style::bold(self.style.size).with(color::MUTED);
            c.text(LEFT, c.y, label, style, Align::Left, 150.0);
            c.y += style.line_height() + 0.5;
        }
        for row in self.header_cells() {
            let fill = self.header_colors.0;
            let stroke = if fill == color::NAVY {
                fill
            } else {
                color::RULE
            };
            Self::draw_row(c, &row, (0, usize::MAX), Some(fill), Some(stroke));
        }
    }

    fn new_page(&self, c: &mut Canvas) {
        c.new_page();
        self.draw_header(c, true);
    }

    /// Lay out a row; `carried` puts its carry text in the first cell.
    fn place_row(&self, r: &Row, carried: bool) -> Vec<Placed> {
        let bold = Style {
            weight: super::font::Weight::Bold,
            ..self.style
        };
        let cells: Vec<Cell> = r
            .cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let mut cell = cell.clone();
                if cell.style.is_none() && r.bold {
                    cell.style = Some(bold);
                }
                if let (Some(t), true) = (&r.carry, carried && i == 0) {
                    cell.text = t.clone();
                }
                cell
            })
            .collect();
        self.place(&cells)
    }

    /// Draw the table at the cursor with these rows.
    pub fn draw(&self, c: &mut Canvas, rows: &[Row]) {
        let header_h = self.header_height();
        let first_h = rows.first().map_or(0.0, |r| {
            Self::height(&self.place_row(r, false), 0, usize::MAX).min(25.0)
        });
        c.ensure(header_h + first_h);
        self.draw_header(c, false);
        let continued_h = self
            .continued
            .as_ref()
            .map_or(0.0, |_| self.style.line_height() + 0.5);
        let fresh_room = BOTTOM - TOP - header_h - continued_h;
        for row in rows {
            let mut cells = self.place_row(row, false);
            let n = cells.iter().map(|p| p.lines.len()).max().unwrap_or(1);
            let lh = cells
                .iter()
                .map(|p| p.style.line_height())
                .fold(0.0, f32::max);
            let mut start = 0;
            while start < n {
                let whole = Self::height(&cells, start, n);
                if whole <= c.room() {
                    Self::draw_row(c, &cells, (start, n), row.fill, None);
                    break;
                }
                let fit = ((c.room() - 2.0 * PAD_Y) / lh).floor().max(0.0) as usize;
                let fits_fresh = whole <= fresh_room;
                if (start == 0 && fits_fresh) || fit < 2 {
                    self.new_page(c);
                    if start == 0 && row.carry.is_some() {
                        let carried = self.place_row(row, true);
                        // The carry text must not change the row's height.
                        if carried.iter().map(|p| p.lines.len()).max() == Some(n) {
                            cells = carried;
                        }
                    }
                    continue;
                }
                Self::draw_row(c, &cells, (start, start + fit), row.fill, None);
                start += fit;
                self.new_page(c);
            }
        }
    }
}
