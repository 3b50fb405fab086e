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
//! The file is hostile until read whole: its size is bounded, an XLSX's
//! zip entries are counted and decompressed under a cap before the
//! spreadsheet reader sees them (the worksheet import has no such check to
//! share yet, so it lives here), and every bad row is named — sheet, row,
//! column — before anything is written.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use super::months::SHORT;
use super::{MAX_TEXT, MonthSet, NewActivity, area_count, area_name, check_activity};
use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::format::MONTHS;
use crate::store::plan::SheetImport;
use crate::store::{Assessment, Workspace};
use crate::template::Template;
use crate::text::shown;

/// The largest sheet file read (bytes).
pub const MAX_FILE_BYTES: u64 = 16 << 20;
/// The most bytes an XLSX may unpack to, all entries together.
pub const MAX_UNPACKED_BYTES: u64 = 96 << 20;
/// The most entries an XLSX may have.
pub const MAX_ENTRIES: usize = 2_000;
/// The most rows read from one sheet.
pub const MAX_ROWS: usize = 5_000;
/// The most columns looked at.
pub const MAX_COLUMNS: usize = 200;
/// An entry above 1 MB unpacking to more than this many times its packed
/// size is taken for a zip bomb.
const BOMB_RATIO: u64 = 200;
/// The most errors listed.
const MAX_ERRORS: usize = 60;

/// Rows of text cells with their 1-based row numbers.
type Grid = Vec<(usize, Vec<String>)>;

/// A sheet of a file.
struct Sheet {
    name: String,
    grid: Grid,
}

/// One bad cell or row.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    sheet: String,
    row: usize,
    column: String,
    reason: String,
}

fn unreadable(file: &str, reason: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("{file}: {reason}; tidak ada yang disimpan"))
}

/// Read a file whole, refusing one larger than [`MAX_FILE_BYTES`].
fn read_bounded(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(unreadable(
            &path.display().to_string(),
            format!(
                "berkas lebih dari {} MB; ini bukan tabel rencana aksi biasa",
                MAX_FILE_BYTES >> 20
            ),
        ));
    }
    Ok(bytes)
}

/// Check an XLSX's zip before a spreadsheet reader unpacks it: few enough
/// entries, only stored or deflated ones, and every entry unpacked (under a
/// cap) to the size it declares, all together under
/// [`MAX_UNPACKED_BYTES`], none with a bomb's compression ratio.
pub(crate) fn check_zip(bytes: &[u8]) -> std::result::Result<(), String> {
    check_zip_within(bytes, MAX_ENTRIES, MAX_UNPACKED_BYTES)
}

fn check_zip_within(
    bytes: &[u8],
    max_entries: usize,
    max_unpacked: u64,
) -> std::result::Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("bukan berkas XLSX yang dapat dibaca ({e})"))?;
    if zip.len() > max_entries {
        return Err(format!(
            "arsip berisi {} entri (batas {max_entries})",
            zip.len()
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| format!("entri {i} tidak terbaca ({e})"))?;
        let name = shown(&entry.name().map(|n| n.into_owned()).unwrap_or_default());
        if entry.encrypted() {
            return Err(format!("entri '{name}' terenkripsi"));
        }
        if !matches!(
            entry.compression(),
            zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated
        ) {
            return Err(format!(
                "entri '{name}' memakai kompresi yang tidak didukung"
            ));
        }
        let (declared, packed) = (entry.size(), entry.compressed_size());
        if packed > bytes.len() as u64 {
            return Err(format!("entri '{name}' lebih besar dari arsipnya"));
        }
        let room = max_unpacked.saturating_sub(total);
        let real = std::io::copy(&mut (&mut entry).take(room + 1), &mut std::io::sink())
            .map_err(|e| format!("entri '{name}' rusak ({e})"))?;
        if real > room {
            return Err(format!(
                "isi arsip lebih dari {} KB setelah dibuka (bom zip?)",
                max_unpacked >> 10
            ));
        }
        if real != declared {
            return Err(format!(
                "entri '{name}' berisi {real} bita, tertulis {declared}"
            ));
        }
        if real > (1 << 20) && real / packed.max(1) > BOMB_RATIO {
            return Err(format!(
                "entri '{name}' rasio kompresinya {}:1 (bom zip?)",
                real / packed.max(1)
            ));
        }
        total = total.saturating_add(real);
    }
    Ok(())
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Bool(true) => "ya".into(),
        Data::Bool(false) => "tidak".into(),
        Data::DateTime(d) => format!("tanggal {}", d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn xlsx_sheets(file: &str, bytes: &[u8]) -> Result<Vec<Sheet>> {
    check_zip(bytes).map_err(|e| unreadable(file, e))?;
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        unreadable(
            file,
            format!("bukan berkas XLSX yang dapat dibaca ({e}); simpan ulang sebagai Excel Workbook (.xlsx)"),
        )
    })?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let first_col = (first_col as usize).min(MAX_COLUMNS);
        let grid = range
            .rows()
            .take(MAX_ROWS + 1)
            .enumerate()
            .map(|(i, cells)| {
                let mut row = vec![String::new(); first_col];
                row.extend(cells.iter().take(MAX_COLUMNS).map(cell_text));
                (first_row as usize + i + 1, row)
            })
            .collect();
        out.push(Sheet { name, grid });
    }
    Ok(out)
}

fn csv_sheet(file: &str, bytes: &[u8]) -> Result<Vec<Sheet>> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        unreadable(
            file,
            "berkas bukan teks UTF-8; simpan ulang sebagai 'CSV UTF-8'",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The separator the first lines use most (a title line above the table
    // may have none).
    let head: String = text.lines().take(10).collect();
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| head.matches(char::from(*d)).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut grid = Grid::new();
    for record in reader.records().take(MAX_ROWS + 1) {
        let record = record.map_err(|e| unreadable(file, format!("baris CSV rusak: {e}")))?;
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        grid.push((
            line,
            record
                .iter()
                .take(MAX_COLUMNS)
                .map(str::to_string)
                .collect(),
        ));
    }
    let name = Path::new(file)
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    Ok(vec![Sheet { name, grid }])
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
            .map_or_else(|| format!("kolom {}", col + 1), |m| SHORT[m].to_string())
    }
}

/// The header row, the last row of the header (the month titles may sit
/// one row lower, under "TARGET WAKTU PELAKSANAAN") and the columns.
fn find_header(grid: &Grid) -> Option<(usize, usize, Columns)> {
    for (i, (_, cells)) in grid.iter().enumerate().take(60) {
        let mut cols = Columns::default();
        for (j, cell) in cells.iter().enumerate() {
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
        let titles = |row: &[String]| -> Vec<(usize, u8)> {
            row.iter()
                .enumerate()
                .filter_map(|(j, cell)| month_title(cell).map(|m| (j, m)))
                .collect()
        };
        let mut months = titles(cells);
        let mut last = i;
        if months.len() < 12
            && let Some((_, next)) = grid.get(i + 1)
        {
            let below = titles(next);
            if below.len() >= 6 {
                months.extend(below);
                last = i + 1;
            }
        }
        for (j, m) in months {
            cols.months[usize::from(m - 1)].get_or_insert(j);
        }
        return Some((i, last, cols));
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

/// Turn the sheets into activities, or name every problem.
fn parse(
    template: &Template,
    file: &str,
    sheets: &[Sheet],
    default_area: Option<u8>,
) -> Result<Vec<NewActivity>> {
    let mut out: Vec<NewActivity> = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    // Where each activity came from, to name duplicates.
    let mut seen: HashMap<(u8, String, String), (String, usize)> = HashMap::new();
    let mut any_header = false;
    for sheet in sheets {
        let Some((start, header, cols)) = find_header(&sheet.grid) else {
            continue;
        };
        any_header = true;
        let problem = |row: usize, column: String, reason: String| Problem {
            sheet: sheet.name.clone(),
            row,
            column,
            reason,
        };
        if sheet.grid.len() > MAX_ROWS {
            problems.push(problem(
                sheet.grid.get(MAX_ROWS).map_or(0, |r| r.0),
                String::new(),
                format!("lembar lebih dari {MAX_ROWS} baris; pecah berkasnya"),
            ));
            continue;
        }
        let missing: Vec<&str> = (0..12)
            .filter(|&m| cols.months[m].is_none())
            .map(|m| SHORT[m])
            .collect();
        if !missing.is_empty() {
            problems.push(problem(
                sheet.grid[header].0,
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
        let mut area = sheet.grid[..start]
            .iter()
            .rev()
            .find_map(|(_, cells)| cells.iter().find_map(|c| area_in(template, c)))
            .or_else(|| area_in(template, &sheet.name))
            .or(default_area);
        let mut program = String::new();
        let mut target = String::new();
        for (row, cells) in sheet.grid.iter().skip(header + 1) {
            let row = *row;
            let cell = |c: Option<usize>| {
                c.and_then(|c| cells.get(c))
                    .map_or("", |s| s.as_str())
                    .trim()
                    .to_string()
            };
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if let Some((j, long)) = cells
                .iter()
                .enumerate()
                .find(|(_, c)| c.chars().count() > MAX_TEXT)
            {
                problems.push(problem(
                    row,
                    cols.title(j),
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
            for (m, c) in cols.months.iter().enumerate() {
                match tick(&cell(*c)) {
                    Ok(true) => ticks.insert(u8::try_from(m + 1).unwrap_or(1)),
                    Ok(false) => {}
                    Err(reason) => {
                        problems.push(problem(row, SHORT[m].to_string(), reason));
                        row_ok = false;
                    }
                }
            }
            // A heading row: an area's name, nothing planned.
            if a_text.is_empty() && ticks.is_empty() {
                let heading = cells.iter().find_map(|c| area_in(template, c));
                if let Some(n) = heading {
                    area = Some(n);
                    program.clear();
                    target.clear();
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
                        seen.insert(key, (sheet.name.clone(), row));
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
    Ok(out)
}

/// Read the activities of a Target Prioritas sheet (XLSX or CSV by its
/// extension), checked whole; `area` is the change area of rows nothing
/// else places.
pub fn read_sheet(template: &Template, path: &Path, area: Option<u8>) -> Result<Vec<NewActivity>> {
    let file = path.display().to_string();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if let Some(n) = area
        && !(1..=area_count(template)).contains(&n)
    {
        return Err(Error::Invalid(format!(
            "area {n} tidak ada: pakai 1 sampai {}",
            area_count(template)
        )));
    }
    let sheets = match ext.as_str() {
        "xlsx" | "xlsm" => xlsx_sheets(&file, &read_bounded(path)?)?,
        "csv" | "txt" => csv_sheet(&file, &read_bounded(path)?)?,
        _ => {
            return Err(Error::Invalid(format!(
                "{file}: tabel rencana aksi harus berkas .xlsx atau .csv"
            )));
        }
    };
    parse(template, &file, &sheets, area)
}

impl Workspace {
    /// Import a Target Prioritas sheet into an assessment's plan: all rows
    /// or none. Activities already in the plan (same area, program and
    /// text) take the sheet's months and target; the others are added.
    pub fn import_plan_sheet(
        &self,
        a: &Assessment,
        path: &Path,
        area: Option<u8>,
    ) -> Result<SheetImport> {
        let template = self.template_of(a)?;
        let rows = read_sheet(&template, path, area)?;
        self.import_activities(a, &path.display().to_string(), &rows)
    }
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
mod tests;
