//! Reading the Target Prioritas / rencana aksi tables teams already keep in
//! Excel or as CSV: columns NO, PROGRAM, IMPLEMENTASI PROGRAM, TARGET and
//! JAN … DES ticked with any tick character (✓, √, ■ …) or `x`, `v`, `1`.
//!
//! The change area of a row comes from an AREA column, from a heading row
//! above it (`1. MANAJEMEN PERUBAHAN`, `Area 2`), from the sheet's name, or
//! from the caller. A cell listing several activities (`a. …; b. …`) gives
//! one activity per entry, all with the row's months. An empty PROGRAM or
//! TARGET cell continues the row above (merged cells).
//!
//! The file is hostile until read whole: it is read by the one bounded
//! sheet reader ([`crate::read`]: sparse, bounded in bytes, cells and
//! time), and every bad row is named — sheet, row, column — before
//! anything is written. Hidden sheets and rows are not read (the result
//! says so); a tick in a merged cell counts for every month the merge
//! covers; a formula whose result the file does not carry is refused by
//! row rather than read as "no tick"; month columns beyond the one JAN …
//! DES set are refused, or (under a REALISASI title) left out with a
//! warning.

use std::collections::{BTreeMap, HashMap};

use daduk_domain::code::ItemCode;
use daduk_domain::error::{Error, Result};
use daduk_domain::format::MONTHS;
use daduk_domain::plan::months::SHORT;
use daduk_domain::plan::{MAX_TEXT, MonthSet, NewActivity, area_count, area_name, check_activity};
use daduk_domain::template::Template;
use daduk_domain::text::shown;

use crate::{Book, Sheet};

/// The most rows read from one sheet.
pub const MAX_ROWS: usize = 5_000;
/// The most errors listed.
const MAX_ERRORS: usize = 60;
/// The most merged-cell lookups a sheet may cost (regions × rows they
/// cover in the month columns); far above any real table.
const MAX_MERGE_WORK: usize = 2_000_000;

/// A row's non-empty cells by 0-based column.
type Row = BTreeMap<u16, String>;

/// A sheet as the plan reads it: its visible non-empty rows, with their
/// 1-based numbers, and the sheet they came from.
struct Grid<'a> {
    name: &'a str,
    rows: Vec<(usize, &'a Row)>,
    source: &'a Sheet,
}

fn text_at(row: &Row, col: usize) -> &str {
    u16::try_from(col)
        .ok()
        .and_then(|c| row.get(&c))
        .map_or("", |s| s.as_str())
}

/// One bad cell or row.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    sheet: String,
    row: usize,
    column: String,
    reason: String,
}

/// A table that cannot be read at all (nothing is saved).
pub fn unreadable(file: &str, reason: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("{file}: {reason}; tidak ada yang disimpan"))
}

/// The column's letters, as a spreadsheet names it (`A`, `AB`).
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(r).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

fn normalise(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The month a column title names (`JAN`, `Januari`, `AGT`).
fn month_title(text: &str) -> Option<u8> {
    let t = normalise(text);
    if t.is_empty() {
        return None;
    }
    let hit = |i: usize| Some(u8::try_from(i + 1).unwrap_or(1));
    if let Some(i) = SHORT.iter().position(|s| s.to_lowercase() == t) {
        return hit(i);
    }
    if let Some(i) = MONTHS.iter().position(|m| m.to_lowercase() == t) {
        return hit(i);
    }
    matches!(t.as_str(), "agt" | "agu" | "agus").then_some(8)
}

#[derive(Debug, Default, Clone)]
struct Columns {
    area: Option<usize>,
    program: Option<usize>,
    activity: Option<usize>,
    target: Option<usize>,
    pic: Option<usize>,
    items: Option<usize>,
    outputs: Option<usize>,
    months: [Option<usize>; 12],
}

impl Columns {
    /// Every column read, as some field or month.
    fn all(&self) -> Vec<usize> {
        [
            self.area,
            self.program,
            self.activity,
            self.target,
            self.pic,
            self.items,
            self.outputs,
        ]
        .into_iter()
        .chain(self.months)
        .flatten()
        .collect()
    }

    /// Whether a column is read as some field or month.
    fn named(&self, col: usize) -> bool {
        self.all().contains(&col)
    }

    fn title(&self, col: usize) -> String {
        let named = [
            (self.area, "AREA"),
            (self.program, "PROGRAM"),
            (self.activity, "IMPLEMENTASI PROGRAM"),
            (self.target, "TARGET"),
            (self.pic, "PENANGGUNG JAWAB"),
            (self.items, "BUTIR LKE"),
            (self.outputs, "OUTPUT"),
        ];
        if let Some((_, t)) = named.iter().find(|(c, _)| *c == Some(col)) {
            return (*t).to_string();
        }
        self.months
            .iter()
            .position(|c| *c == Some(col))
            .map_or_else(
                || format!("kolom {}", column_letters(col)),
                |m| SHORT[m].to_string(),
            )
    }
}

/// A month a header cell mentions among other words (`JAN 2025`,
/// `Realisasi Januari`).
fn month_word(text: &str) -> Option<u8> {
    normalise(text).split(' ').find_map(month_title)
}

/// Where a table's header is and what its columns are.
struct Header {
    /// Index in the grid of the row with PROGRAM and IMPLEMENTASI.
    start: usize,
    /// Index of the header's last row (the month titles may sit one row
    /// lower, under "TARGET WAKTU PELAKSANAAN").
    last: usize,
    cols: Columns,
    /// Month columns beyond the one set read: (column, title, whether a
    /// REALISASI title stands over it).
    extra: Vec<(usize, String, bool)>,
}

/// The title standing over column `col` in the row above the month titles:
/// a merged cell covering it, else the nearest title to its left.
fn group_title<'a>(grid: &'a Grid<'_>, above: usize, col: usize) -> &'a str {
    let Some((number, cells)) = grid.rows.get(above) else {
        return "";
    };
    if let (Ok(r), Ok(c)) = (u32::try_from(*number), u16::try_from(col))
        && let Some((r1, c1, _, _)) = grid.source.region_of(r, c)
        && r1 == r
    {
        return text_at(cells, usize::from(c1));
    }
    u16::try_from(col)
        .ok()
        .and_then(|c| cells.range(..=c).next_back())
        .map_or("", |(_, t)| t.as_str())
}

/// The table's header within the first 60 rows.
fn find_header(grid: &Grid<'_>) -> Option<Header> {
    for (i, (_, cells)) in grid.rows.iter().enumerate().take(60) {
        let mut cols = Columns::default();
        for (j, cell) in cells.iter() {
            let j = usize::from(*j);
            let t = normalise(cell);
            match t.as_str() {
                "program" | "program kegiatan" => cols.program = Some(j),
                "implementasi program" | "implementasi" | "kegiatan" | "rencana aksi" => {
                    cols.activity = Some(j);
                }
                "target" | "target outcome" | "sasaran" => cols.target = Some(j),
                "area" | "area perubahan" => cols.area = Some(j),
                "penanggung jawab" | "pic" | "pj" => cols.pic = Some(j),
                "butir" | "butir lke" | "kode butir" => cols.items = Some(j),
                "output" | "keluaran" => cols.outputs = Some(j),
                _ => {}
            }
        }
        if cols.program.is_none() || cols.activity.is_none() {
            continue;
        }
        // The month titles are in this row, or in the next one when that
        // row is made of them (a data row may hold a month's name too).
        let titles = |row: &Row| -> Vec<(usize, u8)> {
            row.iter()
                .filter_map(|(j, cell)| month_title(cell).map(|m| (usize::from(*j), m)))
                .collect()
        };
        let mut months = titles(cells);
        let mut last = i;
        if months.len() < 12
            && let Some((_, next)) = grid.rows.get(i + 1)
        {
            let below = titles(next);
            if below.len() >= 6 {
                months.extend(below);
                last = i + 1;
            }
        }
        for (j, m) in &months {
            cols.months[usize::from(m - 1)].get_or_insert(*j);
        }
        // Every other column whose title names a month is named, never
        // passed over in silence.
        let mut extra = Vec::new();
        for row in i..=last {
            for (j, cell) in grid.rows[row].1.iter() {
                let j = usize::from(*j);
                let Some(m) = month_word(cell) else { continue };
                if m == 0 || cols.named(j) {
                    continue;
                }
                let over = if last > i {
                    group_title(grid, last - 1, j)
                } else {
                    i.checked_sub(1)
                        .map_or("", |above| group_title(grid, above, j))
                };
                let realisation = [over, cell.as_str()]
                    .iter()
                    .any(|t| normalise(t).split(' ').any(|w| w == "realisasi"));
                extra.push((j, cell.trim().to_string(), realisation));
            }
        }
        return Some(Header {
            start: i,
            last,
            cols,
            extra,
        });
    }
    None
}

/// A tick: any single symbol, or `x`, `v`, `1`, `ya`. Empty, `0`, `-` and
/// `tidak` are no tick. Anything else is a mistake worth naming.
fn tick(text: &str) -> std::result::Result<bool, String> {
    let t = text.trim();
    let lower = t.to_lowercase();
    if t.is_empty() || matches!(lower.as_str(), "0" | "-" | "–" | "tidak" | "n") {
        return Ok(false);
    }
    if matches!(lower.as_str(), "x" | "v" | "1" | "ya" | "y") {
        return Ok(true);
    }
    let mut chars = t.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && !c.is_alphanumeric()
    {
        return Ok(true);
    }
    Err(format!(
        "nilai '{}' bukan tanda: tandai bulan dengan ✓, x, v atau 1, atau biarkan kosong",
        shown(t)
    ))
}

/// The change area a heading or sheet name names: `Area 3`, `3. PENATAAN
/// SISTEM MANAJEMEN SDM`, `Penguatan Pengawasan`.
fn area_in(template: &Template, text: &str) -> Option<u8> {
    let t = normalise(text);
    if t.is_empty() {
        return None;
    }
    let words: Vec<&str> = t.split(' ').collect();
    if let [first, n, ..] = words.as_slice()
        && (*first == "area" || *first == "pokja")
        && let Ok(n) = n.parse::<u8>()
        && (1..=area_count(template)).contains(&n)
    {
        return Some(n);
    }
    (1..=area_count(template)).find(|&n| {
        let name = normalise(&area_name(template, n));
        // "Penataan Sistem Manajemen SDM" names "… SDM Aparatur" too.
        let short: String = name.split(' ').take(4).collect::<Vec<_>>().join(" ");
        t.contains(&name) || (short.split(' ').count() >= 2 && t.contains(&short))
    })
}

/// An AREA cell: a number or a name.
fn area_cell(template: &Template, text: &str) -> std::result::Result<Option<u8>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let n = area_count(template);
    if let Ok(v) = t.trim_end_matches('.').parse::<u8>() {
        return if (1..=n).contains(&v) {
            Ok(Some(v))
        } else {
            Err(format!("area {v} tidak ada: pakai 1 sampai {n}"))
        };
    }
    area_in(template, t).map(Some).ok_or_else(|| {
        format!(
            "area '{}' tidak dikenal: tulis nomor 1–{n} atau nama area",
            shown(t)
        )
    })
}

/// A list marker at the start of `text` (`a.`, `b)`, `1.`, `-`, `•`):
/// returns the text after it.
fn strip_marker(text: &str) -> &str {
    let t = text.trim_start();
    for bullet in ['-', '•', '–', '*'] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    let head: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let is_marker = (head.len() == 1 && head.chars().all(|c| c.is_ascii_lowercase()))
        || (!head.is_empty() && head.len() <= 2 && head.chars().all(|c| c.is_ascii_digit()));
    if is_marker {
        let rest = &t[head.len()..];
        if let Some(r) = rest.strip_prefix(['.', ')'])
            && (r.is_empty() || r.starts_with(char::is_whitespace))
        {
            return r.trim_start();
        }
    }
    t
}

/// The activities a cell lists: `a. X; b. Y c. Z` gives X, Y and Z; lines
/// are entries too; a cell without markers is one activity per line.
fn split_activities(cell: &str) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for line in cell.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let first = line.chars().next().unwrap_or(' ');
        let marked = strip_marker(line).len() < line.len();
        if !marked {
            pieces.push(line.to_string());
            continue;
        }
        // A lettered or numbered list: cut before each next marker in turn.
        let mut expect: Vec<String> = Vec::new();
        if first.is_ascii_lowercase() {
            expect = ((first as u8 + 1)..=b'z')
                .map(|c| char::from(c).to_string())
                .collect();
        } else if first.is_ascii_digit() {
            let n: u32 = line
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0);
            expect = ((n + 1)..=99).map(|k| k.to_string()).collect();
        }
        let mut rest = line;
        for next in &expect {
            let found = [". ", ") "].iter().find_map(|sep| {
                let pat = format!("{next}{sep}");
                rest.match_indices(&pat).find_map(|(i, _)| {
                    let before = rest[..i].chars().last();
                    (i > 0 && before.is_some_and(|c| c.is_whitespace() || c == ';')).then_some(i)
                })
            });
            let Some(i) = found else { break };
            pieces.push(rest[..i].to_string());
            rest = &rest[i..];
        }
        pieces.push(rest.to_string());
    }
    pieces
        .iter()
        .map(|p| {
            strip_marker(p)
                .trim()
                .trim_end_matches([';', ','])
                .trim()
                .to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ';', '\n', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A row with no cell but an unknown one.
static NO_CELLS: Row = BTreeMap::new();

/// Some row numbers, as a message lists them.
fn some_rows(rows: &[usize]) -> String {
    let shown: Vec<String> = rows.iter().take(8).map(ToString::to_string).collect();
    let more = if rows.len() > 8 { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

/// The visible rows of a sheet (with rows holding only formulas without
/// results), and the hidden rows that hold something.
fn visible_rows(source: &Sheet) -> (Vec<(usize, &Row)>, Vec<usize>) {
    let mut numbers: std::collections::BTreeSet<u32> = source.cells.keys().copied().collect();
    numbers.extend(source.uncached.iter().map(|(r, _)| *r));
    let mut rows = Vec::new();
    let mut hidden = Vec::new();
    for r in numbers {
        let n = usize::try_from(r).unwrap_or(usize::MAX);
        if source.hidden_rows.contains(&r) {
            hidden.push(n);
        } else {
            rows.push((n, source.cells.get(&r).unwrap_or(&NO_CELLS)));
        }
    }
    (rows, hidden)
}

/// For each month cell covered by a merged region whose first cell is in
/// a month column: that first cell (row, column). A tick merged over
/// JAN–MAR counts for all three; a tick merged down over three rows for
/// each of them.
fn merged_months(
    grid: &Grid<'_>,
    cols: &Columns,
) -> std::result::Result<HashMap<(usize, usize), (usize, usize)>, String> {
    let month_cols: Vec<usize> = cols.months.iter().flatten().copied().collect();
    let mut out = HashMap::new();
    let mut work = 0usize;
    for &(r1, c1, r2, c2) in &grid.source.merged {
        if !month_cols.contains(&usize::from(c1)) {
            continue;
        }
        let anchor = (usize::try_from(r1).unwrap_or(0), usize::from(c1));
        let first = grid.rows.partition_point(|(n, _)| *n < anchor.0);
        let last = usize::try_from(r2).unwrap_or(usize::MAX);
        for (row, _) in grid.rows[first..].iter().take_while(|(n, _)| *n <= last) {
            for &c in month_cols
                .iter()
                .filter(|c| (usize::from(c1)..=usize::from(c2)).contains(c))
            {
                work += 1;
                if work > MAX_MERGE_WORK {
                    return Err(format!(
                        "lembar '{}' berisi terlalu banyak sel gabungan yang bertumpuk di kolom bulan",
                        shown(grid.name)
                    ));
                }
                if (*row, c) != anchor {
                    out.entry((*row, c)).or_insert(anchor);
                }
            }
        }
    }
    Ok(out)
}

/// Why a cell holding a formula without its result is not read.
const UNCACHED: &str = "sel berisi rumus yang hasilnya tidak tersimpan di berkas (berkas dibuat \
     program yang tidak menghitung rumus); buka berkasnya di Excel atau LibreOffice, simpan ulang, \
     lalu impor lagi";

/// Turn the sheets into activities (with warnings about what was not
/// read), or name every problem; `file` names the file in messages,
/// `default_area` is the change area of rows nothing else places.
pub fn parse(
    template: &Template,
    file: &str,
    book: &Book,
    default_area: Option<u8>,
) -> Result<(Vec<NewActivity>, Vec<String>)> {
    let mut out: Vec<NewActivity> = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    // Where each activity came from, to name duplicates.
    let mut seen: HashMap<(u8, String, String), (String, usize)> = HashMap::new();
    let mut any_header = false;
    for source in &book.sheets {
        let holds_something = !source.cells.is_empty() || !source.uncached.is_empty();
        if source.hidden {
            if holds_something {
                warnings.push(format!(
                    "lembar '{}' tersembunyi dan tidak dibaca; tampilkan lembarnya bila isinya memang rencana aksi",
                    shown(&source.name)
                ));
            }
            continue;
        }
        let (rows, hidden) = visible_rows(source);
        let grid = Grid {
            name: &source.name,
            rows,
            source,
        };
        let Some(Header {
            start,
            last: header,
            cols,
            extra,
        }) = find_header(&grid)
        else {
            continue;
        };
        any_header = true;
        if !hidden.is_empty() {
            warnings.push(format!(
                "lembar '{}': {} baris tersembunyi tidak dibaca (baris {}); tampilkan barisnya bila isinya memang rencana aksi",
                shown(&source.name),
                hidden.len(),
                some_rows(&hidden)
            ));
        }
        let problem = |row: usize, column: String, reason: String| Problem {
            sheet: source.name.clone(),
            row,
            column,
            reason,
        };
        if grid.rows.len() > MAX_ROWS {
            problems.push(problem(
                grid.rows.get(MAX_ROWS).map_or(0, |r| r.0),
                String::new(),
                format!("lembar lebih dari {MAX_ROWS} baris; pecah berkasnya"),
            ));
            continue;
        }
        let anchors = match merged_months(&grid, &cols) {
            Ok(a) => a,
            Err(reason) => {
                problems.push(problem(grid.rows[header].0, String::new(), reason));
                continue;
            }
        };
        // Month columns beyond the set read: a REALISASI block is left out
        // with a word; any other one with something in it is refused.
        let used = |col: usize| {
            grid.rows[header + 1..]
                .iter()
                .any(|(_, cells)| !text_at(cells, col).trim().is_empty())
        };
        let realisation: Vec<&str> = extra
            .iter()
            .filter(|(c, _, r)| *r && used(*c))
            .map(|(_, t, _)| t.as_str())
            .collect();
        if !realisation.is_empty() {
            warnings.push(format!(
                "lembar '{}': kolom realisasi ({}) tidak dibaca; realisasi dicatat per bulan di Rencana Aksi",
                shown(&source.name),
                shown(&realisation.join(", "))
            ));
        }
        let mut refused_extra = false;
        for (c, title, _) in extra.iter().filter(|(c, _, r)| !*r && used(*c)) {
            refused_extra = true;
            problems.push(problem(
                grid.rows[header].0,
                format!("{} ('{}')", column_letters(*c), shown(title)),
                "kolom ini juga menyebut bulan dan berisi tanda, padahal bulan dibaca dari satu set kolom \
                 JAN … DES; hapus kolomnya, ganti judulnya, atau pindahkan tahun lain ke lembar sendiri"
                    .into(),
            ));
        }
        if refused_extra {
            continue;
        }
        let missing: Vec<&str> = (0..12)
            .filter(|&m| cols.months[m].is_none())
            .map(|m| SHORT[m])
            .collect();
        if !missing.is_empty() {
            problems.push(problem(
                grid.rows[header].0,
                "JAN … DES".into(),
                format!(
                    "kolom bulan tidak lengkap (tidak ada: {}); tabel perlu kolom JAN sampai DES",
                    missing.join(", ")
                ),
            ));
            continue;
        }
        // The area: a heading above the table, else the sheet's name, else
        // the caller's.
        let mut area = grid.rows[..start]
            .iter()
            .rev()
            .find_map(|(_, cells)| cells.values().find_map(|c| area_in(template, c)))
            .or_else(|| area_in(template, &source.name))
            .or(default_area);
        // Merged cells whose tick was already named at their first cell.
        let mut named_anchors = std::collections::HashSet::new();
        let mut program = String::new();
        let mut target = String::new();
        for (row, cells) in grid.rows.iter().skip(header + 1) {
            let row = *row;
            let cell = |c: Option<usize>| c.map_or("", |c| text_at(cells, c)).trim().to_string();
            let unknown = |c: usize| {
                u32::try_from(row)
                    .ok()
                    .zip(u16::try_from(c).ok())
                    .is_some_and(|(r, c)| source.is_uncached(r, c))
            };
            let unknown_cols: Vec<usize> = cols.all().into_iter().filter(|c| unknown(*c)).collect();
            if cells.values().all(|c| c.trim().is_empty()) && unknown_cols.is_empty() {
                continue;
            }
            if let Some((j, long)) = cells.iter().find(|(_, c)| c.chars().count() > MAX_TEXT) {
                problems.push(problem(
                    row,
                    cols.title(usize::from(*j)),
                    format!(
                        "sel berisi {} karakter (batas {MAX_TEXT})",
                        long.chars().count()
                    ),
                ));
                continue;
            }
            // A repeated header (one table per area on the same sheet).
            let p = cell(cols.program);
            let month_titles = cols
                .months
                .iter()
                .filter(|c| month_title(&cell(**c)).is_some())
                .count();
            let repeated = normalise(&p) == "program"
                && matches!(
                    normalise(&cell(cols.activity)).as_str(),
                    "implementasi program" | "implementasi" | "kegiatan" | "rencana aksi"
                );
            if repeated || month_titles >= 6 {
                continue;
            }
            let a_text = cell(cols.activity);
            let mut ticks = MonthSet::EMPTY;
            let mut row_ok = true;
            for c in &unknown_cols {
                problems.push(problem(row, cols.title(*c), UNCACHED.into()));
                row_ok = false;
            }
            for (m, c) in cols.months.iter().enumerate() {
                let Some(c) = *c else { continue };
                let own = cell(Some(c));
                // A merged cell shows its first cell's value all over.
                let anchor = anchors.get(&(row, c)).filter(|_| own.is_empty());
                let text = match anchor {
                    Some(&(r, ac)) => u32::try_from(r)
                        .ok()
                        .zip(u16::try_from(ac).ok())
                        .map_or(String::new(), |(r, ac)| source.get(r, ac).to_string()),
                    None => own,
                };
                match tick(&text) {
                    Ok(true) => ticks.insert(u8::try_from(m + 1).unwrap_or(1)),
                    Ok(false) => {}
                    Err(reason) => {
                        row_ok = false;
                        match anchor {
                            None => problems.push(problem(row, SHORT[m].to_string(), reason)),
                            Some(&(r, ac)) if named_anchors.insert((r, ac)) => {
                                problems.push(problem(r, cols.title(ac), reason));
                            }
                            Some(_) => {}
                        }
                    }
                }
            }
            // A heading row: an area's name, nothing planned.
            if a_text.is_empty() && ticks.is_empty() && row_ok {
                let heading = cells.values().find_map(|c| area_in(template, c));
                if let Some(n) = heading {
                    area = Some(n);
                    program.clear();
                    target.clear();
                    continue;
                }
                // Nothing in the columns read (a note far to the right, a
                // signature line): nothing of the plan.
                if cols.all().into_iter().all(|c| cell(Some(c)).is_empty()) {
                    continue;
                }
            }
            if let Some(c) = cols.area {
                match area_cell(template, &cell(Some(c))) {
                    Ok(Some(n)) => {
                        if area != Some(n) {
                            program.clear();
                            target.clear();
                        }
                        area = Some(n);
                    }
                    Ok(None) => {}
                    Err(reason) => {
                        problems.push(problem(row, "AREA".into(), reason));
                        row_ok = false;
                    }
                }
            }
            if !p.is_empty() {
                if p != program {
                    target.clear();
                }
                program = p;
            }
            let t = cell(cols.target);
            if !t.is_empty() {
                target = t;
            }
            let mut items = Vec::new();
            for code in split_list(&cell(cols.items)) {
                match code.parse::<ItemCode>() {
                    Ok(c) if template.item(c).is_some() => items.push(c),
                    Ok(c) => {
                        problems.push(problem(
                            row,
                            "BUTIR LKE".into(),
                            format!("butir {c} tidak ada di templat"),
                        ));
                        row_ok = false;
                    }
                    Err(e) => {
                        problems.push(problem(row, "BUTIR LKE".into(), e.to_string()));
                        row_ok = false;
                    }
                }
            }
            let outputs: Vec<String> = split_list(&cell(cols.outputs))
                .map(str::to_string)
                .collect();
            let Some(area) = area.filter(|_| row_ok) else {
                if !row_ok {
                    continue;
                }
                problems.push(problem(
                    row,
                    "AREA".into(),
                    "area perubahan baris ini tidak diketahui: tambahkan kolom AREA, baris judul area (misalnya '1. Manajemen Perubahan') di atas tabelnya, beri nama lembar menurut areanya, atau sebutkan --area".into(),
                ));
                continue;
            };
            if program.is_empty() {
                problems.push(problem(row, "PROGRAM".into(), "program kosong".into()));
                continue;
            }
            let activities = split_activities(&a_text);
            if activities.is_empty() {
                problems.push(problem(
                    row,
                    "IMPLEMENTASI PROGRAM".into(),
                    "kegiatan kosong".into(),
                ));
                continue;
            }
            if ticks.is_empty() && row_ok {
                problems.push(problem(
                    row,
                    "JAN … DES".into(),
                    "tidak ada bulan yang ditandai; setiap kegiatan perlu bulan pelaksanaan".into(),
                ));
                continue;
            }
            if !row_ok {
                continue;
            }
            for activity in activities {
                let new = NewActivity {
                    area,
                    program: program.clone(),
                    activity,
                    target: target.clone(),
                    months: ticks,
                    pic: cell(cols.pic),
                    outputs: outputs.clone(),
                    items: items.clone(),
                };
                match check_activity(template, &new) {
                    Ok(new) => {
                        let key = (
                            new.area,
                            new.program.to_lowercase(),
                            new.activity.to_lowercase(),
                        );
                        if let Some((s, r)) = seen.get(&key) {
                            problems.push(problem(
                                row,
                                "IMPLEMENTASI PROGRAM".into(),
                                format!(
                                    "kegiatan '{}' sudah ada di lembar '{}' baris {r} (area dan program sama); gabungkan bulannya dalam satu baris",
                                    shown(&new.activity),
                                    shown(s)
                                ),
                            ));
                            continue;
                        }
                        seen.insert(key, (source.name.clone(), row));
                        out.push(new);
                    }
                    Err(e) => problems.push(problem(row, String::new(), e.to_string())),
                }
            }
        }
    }
    if !any_header {
        return Err(unreadable(
            file,
            "tidak ada tabel dengan kepala kolom PROGRAM, IMPLEMENTASI PROGRAM dan JAN … DES",
        ));
    }
    if !problems.is_empty() {
        let mut msg = format!(
            "{file}: {} masalah, tidak ada yang disimpan:",
            problems.len()
        );
        for p in problems.iter().take(MAX_ERRORS) {
            let column = if p.column.is_empty() {
                String::new()
            } else {
                format!(", kolom {}", p.column)
            };
            msg.push_str(&format!(
                "\n  lembar '{}' baris {}{column}: {}",
                shown(&p.sheet),
                p.row,
                p.reason
            ));
        }
        if problems.len() > MAX_ERRORS {
            msg.push_str(&format!("\n  … dan {} lagi", problems.len() - MAX_ERRORS));
        }
        msg.push_str("\nPerbaiki baris di atas lalu impor ulang.");
        return Err(Error::Invalid(msg));
    }
    if out.is_empty() {
        return Err(unreadable(file, "tabel tidak berisi baris kegiatan"));
    }
    Ok((out, warnings))
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
