//! Reading the Lampiran III worksheet as units fill it.
//!
//! Items are found by the numbering in the hierarchy columns (B–G: `A.`,
//! `I.`, `1.`, `i.`, `a.`; for Hasil the letter in D and the text in E) and
//! by the question text, never by row number: rows get inserted, hidden and
//! merged between files. A letter with or without its dot, `-` for the only
//! item of a sub-area, letters out of order, a letter that disagrees with its
//! text (the text wins, with a warning): all are placed. Counts items are a
//! `%` row followed by `- Jumlah …` rows, matched to the item's rows by their
//! text (or their order). Columns are found by their titles where the file
//! has them ("Jawaban", "Catatan", "Jawaban TPI", …), else at Lampiran III's
//! places (K answer, O note, P evidence list, Q link).
//!
//! Real sheets number the inside of an item as they please. A sub-heading
//! (numbered `i.` or `a.`, or not at all) followed by a percentage row
//! without a letter of its own is read as a person reads it: the heading
//! names a part, the `%` row is the counts item (placed by its text among
//! the sub-area's counts items not yet read, else by order), and the
//! `- Jumlah …` rows below it are its counts. A sub-area numeral that goes
//! backwards inside a sub-area (`i.` under `iii.`) is such a heading too.

use std::collections::{BTreeMap, HashMap};

use daduk_domain::answer::{AnswerValue, Role};
use daduk_domain::code::{ItemCode, Part, number_to_roman};
use daduk_domain::error::RowError;
use daduk_domain::references::{Reference, from_cells};
use daduk_domain::template::{AnswerSpec, Template};
use daduk_domain::textmatch::{best_match, normalize, similarity};

use crate::Sheet;
use crate::layout::cells::whole_number;
use crate::layout::{
    ImportRoles, ItemCells, ParseResult, Parsed, answer_cell, identity, no_tpn_columns, row_error,
};

/// The columns a file has, as zero-based indices.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Layout {
    /// Column B: the first hierarchy level.
    pub base: u16,
    /// The row of the first component (`A.`).
    pub first_row: u32,
    pub kind: u16,
    pub answer: [Option<u16>; 2],
    pub note: [Option<u16>; 2],
    pub list: Option<u16>,
    pub link: Option<u16>,
}

fn is_tpi(words: &[&str]) -> bool {
    words
        .iter()
        .any(|w| matches!(*w, "tpi" | "evaluator" | "penilai" | "reviu"))
}

/// Find the hierarchy's first column, the first data row and the columns.
pub(crate) fn layout(sheet: &Sheet) -> Option<Layout> {
    // The component row: `A.` (or `A`) with PENGUNGKIT beside it.
    let (first_row, base) = sheet.rows().find_map(|(row, cells)| {
        cells.iter().find_map(|(c, t)| {
            let t = t.trim();
            let next = cells
                .range(c + 1..)
                .next()
                .map(|(_, t)| t.to_lowercase())
                .unwrap_or_default();
            ((t == "A." || t == "A") && next.contains("pengungkit")).then_some((row, *c))
        })
    })?;
    // Column titles: the text of every header row above, plus merged group
    // titles ("PENILAIAN TPI") over the columns they span.
    let mut titles: BTreeMap<u16, String> = BTreeMap::new();
    let top = first_row.saturating_sub(12);
    for (row, cells) in sheet.rows().filter(|(r, _)| *r >= top && *r < first_row) {
        // Title and instruction lines above the table are one long cell;
        // column titles are short and several to a row.
        if cells.len() < 2 {
            continue;
        }
        for (c, t) in cells.iter().filter(|(_, t)| t.chars().count() <= 60) {
            let spans: Vec<u16> = sheet
                .merged
                .iter()
                .find(|m| m.0 <= row && row <= m.2 && m.1 == *c)
                .map_or(vec![*c], |m| (m.1..=m.3).collect());
            for col in spans {
                let e = titles.entry(col).or_default();
                e.push(' ');
                e.push_str(t);
            }
        }
    }
    let mut l = Layout {
        base,
        first_row,
        kind: base + 8,
        ..Layout::default()
    };
    let mut found_answer = false;
    for (c, title) in &titles {
        let n = normalize(title);
        let words: Vec<&str> = n.split(' ').collect();
        let has = |w: &str| words.contains(&w);
        let tpi = usize::from(is_tpi(&words));
        if has("pilihan") {
            l.kind = *c;
        } else if has("jawaban") && l.answer[tpi].is_none() {
            l.answer[tpi] = Some(*c);
            found_answer = true;
        } else if has("catatan") && l.note[tpi].is_none() {
            l.note[tpi] = Some(*c);
        } else if (has("link") || has("tautan") || has("url")) && l.link.is_none() && tpi == 0 {
            l.link = Some(*c);
        } else if (has("bukti") || has("dukung") || has("dokumen")) && l.list.is_none() && tpi == 0
        {
            l.list = Some(*c);
        }
    }
    // A "Nilai TPI" column is the evaluator's answer where no "Jawaban TPI" is.
    if l.answer[1].is_none() {
        l.answer[1] = titles.iter().find_map(|(c, t)| {
            let n = normalize(t);
            let words: Vec<&str> = n.split(' ').collect();
            (words.contains(&"nilai") && is_tpi(&words)).then_some(*c)
        });
    }
    // Where the file has no titles: Lampiran III's own places.
    if !found_answer {
        l.answer[0] = Some(base + 9);
    }
    l.note[0] = l.note[0].or(Some(base + 13));
    l.list = l.list.or(Some(base + 14));
    l.link = l.link.or(Some(base + 15));
    Some(l)
}

/// Where the walk is in the hierarchy.
#[derive(Debug, Clone, Copy, Default)]
struct Context {
    component: Option<char>,
    part: Option<Part>,
    area: Option<u8>,
    sub: Option<u8>,
}

/// A row placed in the LKE.
#[derive(Debug, Clone)]
enum Placed {
    /// An item row.
    Item { line: u32, item: ItemCode },
    /// A `- Jumlah …` row of the counts item above it.
    Count {
        line: u32,
        item: ItemCode,
        label: String,
    },
}

/// What the walk over a sheet found.
struct Walk {
    placed: Vec<Placed>,
    errors: Vec<RowError>,
    warnings: Vec<String>,
}

fn roman_upper(t: &str) -> Option<u8> {
    match t.trim_end_matches('.') {
        "I" => Some(1),
        "II" => Some(2),
        "III" => Some(3),
        _ => None,
    }
}

fn roman_lower(t: &str) -> Option<u8> {
    let t = t.trim_end_matches('.');
    (1..=10u8).find(|n| number_to_roman(*n).is_some_and(|r| r == t))
}

fn digit(t: &str) -> Option<u8> {
    let t = t.trim_end_matches('.');
    (t.len() == 1).then(|| t.parse().ok()).flatten()
}

/// `a.`, `a`, `A.`, `a)` → `a`; `-` → `-`.
fn letter(t: &str) -> Option<char> {
    let t = t.trim_end_matches(['.', ')']).trim();
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some('-' | '–'), None) => Some('-'),
        (Some(c), None) if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
        _ => None,
    }
}

/// The hierarchy cells of a row: (level 0–5, trimmed text), non-empty.
fn levels(cells: &BTreeMap<u16, String>, base: u16) -> Vec<(u16, &str)> {
    cells
        .range(base..=base + 5)
        .map(|(c, t)| (c - base, t.trim()))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// The question of a percentage row that carries no letter of an item of
/// its sub-area (`Persentase penyampaian LHKASN` under a sub-heading):
/// its answer kind is `%` (or, with no kind, its text says *persentase*).
fn unnumbered_percent<'a>(
    sheet: &Sheet,
    l: &Layout,
    line: u32,
    cells: &'a BTreeMap<u16, String>,
    in_sub: &[ItemCode],
) -> Option<&'a str> {
    let levels = levels(cells, l.base);
    let &(first, token) = levels.first()?;
    let &(_, question) = levels.last()?;
    if first < 4 {
        return None;
    }
    if first == 4
        && let Some(c) = letter(token)
        && in_sub.iter().any(|i| i.item == c)
    {
        return None;
    }
    let kind = sheet.get(line, l.kind);
    let percent = kind == "%" || (kind.is_empty() && normalize(question).starts_with("persentase"));
    (percent && count_label(question).is_none()).then_some(question)
}

/// The counts item an unnumbered percentage row is: by its text (or its
/// heading's) among the sub-area's counts items not yet read, else the
/// first of them.
fn place_percent(
    questions: &[(ItemCode, &str)],
    counts: &[ItemCode],
    seen: &HashMap<ItemCode, u32>,
    texts: [&str; 2],
) -> Option<ItemCode> {
    let open: Vec<(ItemCode, &str)> = questions
        .iter()
        .filter(|(c, _)| counts.contains(c) && !seen.contains_key(c))
        .copied()
        .collect();
    texts
        .iter()
        .filter(|t| !t.is_empty())
        .find_map(|t| best_match(t, open.iter().map(|q| q.1)).map(|(i, _)| open[i].0))
        .or_else(|| open.first().map(|q| q.0))
}

/// A count row's text: `- Jumlah …` (the dash and spaces removed).
fn count_label(t: &str) -> Option<String> {
    let t = t.trim();
    let rest = t.strip_prefix(['-', '–', '•']).map(str::trim)?;
    (!rest.is_empty()).then(|| rest.to_string())
}

impl Walk {
    fn over(sheet: &Sheet, template: &Template, l: &Layout) -> Walk {
        let mut w = Walk {
            placed: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let mut ctx = Context::default();
        let mut counts_item: Option<ItemCode> = None;
        let mut seen: HashMap<ItemCode, u32> = HashMap::new();
        let questions: Vec<(ItemCode, &str)> = template
            .items()
            .map(|r| (r.item.code, r.item.question.as_str()))
            .collect();
        let rows: Vec<(u32, &BTreeMap<u16, String>)> =
            sheet.rows().filter(|(r, _)| *r >= l.first_row).collect();
        // The last sub-heading inside a sub-area: it may name the part a
        // percentage row below it belongs to.
        let mut heading = String::new();
        for (index, &(line, cells)) in rows.iter().enumerate() {
            let levels = levels(cells, l.base);
            let Some(&(level, token)) = levels.first() else {
                continue;
            };
            // The items and counts items of the sub-area the walk is in.
            let in_sub: Vec<ItemCode> = match (ctx.component, ctx.part, ctx.area, ctx.sub) {
                (Some('A'), Some(p), Some(a), Some(s)) => questions
                    .iter()
                    .map(|q| q.0)
                    .filter(|c| c.part == p && c.area == a && c.sub_area == s)
                    .collect(),
                _ => Vec::new(),
            };
            let counts: Vec<ItemCode> = in_sub
                .iter()
                .copied()
                .filter(|c| {
                    matches!(
                        template.item(*c).map(|i| &i.answer),
                        Some(AnswerSpec::Counts { .. })
                    )
                })
                .collect();
            let next_is_percent = rows.get(index + 1).is_some_and(|&(next, next_cells)| {
                unnumbered_percent(sheet, l, next, next_cells, &in_sub).is_some()
            });
            if !counts.is_empty()
                && let Some(question) = unnumbered_percent(sheet, l, line, cells, &in_sub)
            {
                match place_percent(&questions, &counts, &seen, [question, &heading]) {
                    Some(item) => {
                        seen.insert(item, line);
                        counts_item = Some(item);
                        w.placed.push(Placed::Item { line, item });
                    }
                    None => {
                        counts_item = None;
                        w.errors.push(row_error(
                            line,
                            "",
                            question,
                            "baris persentase ini tidak dapat dipetakan: setiap butir persentase di sub-area ini sudah terbaca di baris lain",
                        ));
                    }
                }
                heading.clear();
                continue;
            }
            // A sub-heading (lettered or not, without an answer kind) right
            // above an unnumbered percentage row names a part, not an item.
            if ctx.component == Some('A')
                && level >= 3
                && !counts.is_empty()
                && next_is_percent
                && sheet.get(line, l.kind).is_empty()
            {
                heading = levels.last().map_or("", |x| x.1).to_string();
                counts_item = None;
                continue;
            }
            let text_after = |lv: u16| levels.iter().find(|(x, _)| *x > lv).map_or("", |(_, t)| *t);
            let kind = sheet.get(line, l.kind).to_lowercase();
            let question_level = |t: &str| count_label(t).is_some() || kind == "jumlah";
            match (level, ctx.component) {
                (0, _) if matches!(token, "A." | "A" | "B." | "B") => {
                    ctx = Context {
                        component: token.chars().next(),
                        ..Context::default()
                    };
                    counts_item = None;
                }
                (1, Some(c)) if roman_upper(token).is_some() => {
                    let n = roman_upper(token).unwrap_or(1);
                    ctx.part = match (c, n) {
                        ('A', 1) => Some(Part::P),
                        ('A', 2) => Some(Part::R),
                        ('B', _) => Some(Part::H),
                        _ => None,
                    };
                    ctx.area = (c == 'B').then_some(n);
                    ctx.sub = None;
                    counts_item = None;
                }
                (2, Some('A')) if digit(token).is_some() => {
                    ctx.area = digit(token);
                    ctx.sub = None;
                    counts_item = None;
                }
                // A numeral going backwards inside a sub-area heads a part
                // of it (`i.` under `iii.`), it does not start a sub-area.
                (3, Some('A'))
                    if roman_lower(token).is_some()
                        && ctx
                            .sub
                            .is_some_and(|s| roman_lower(token).is_some_and(|n| n <= s)) =>
                {
                    heading = levels.last().map_or("", |x| x.1).to_string();
                    counts_item = None;
                }
                (3, Some('A')) if roman_lower(token).is_some() => {
                    ctx.sub = roman_lower(token);
                    counts_item = None;
                    heading.clear();
                }
                // An item: its letter in F (in D for Hasil), its text after it.
                (4, Some('A')) | (2, Some('B'))
                    if letter(token).is_some() && !question_level(token) =>
                {
                    let l_char = letter(token).unwrap_or('-');
                    let (part, area, sub, letter) = if ctx.component == Some('B') {
                        // Hasil: the letter names the sub-area; its item is `a`.
                        let sub = (l_char != '-').then(|| (l_char as u8).saturating_sub(b'a') + 1);
                        (ctx.part, ctx.area, sub, 'a')
                    } else {
                        (ctx.part, ctx.area, ctx.sub, l_char)
                    };
                    let question = text_after(level);
                    match place_item(template, &questions, (part, area, sub), letter, question) {
                        Ok((item, warning)) => {
                            if let Some(first) = seen.insert(item, line) {
                                w.errors.push(row_error(
                                    line,
                                    &item.to_string(),
                                    "",
                                    format!("butir {item} sudah ada di baris {first}"),
                                ));
                                counts_item = None;
                                continue;
                            }
                            if let Some(text) = warning {
                                w.warnings.push(format!("baris {line}: {text}"));
                            }
                            let is_counts = matches!(
                                template.item(item).map(|i| &i.answer),
                                Some(AnswerSpec::Counts { .. })
                            );
                            counts_item = is_counts.then_some(item);
                            w.placed.push(Placed::Item { line, item });
                        }
                        Err(reason) => {
                            counts_item = None;
                            w.errors.push(row_error(line, "", token, reason));
                        }
                    }
                }
                _ if question_level(token) || question_level(text_after(level)) => {
                    let label = count_label(token)
                        .or_else(|| count_label(text_after(level)))
                        .unwrap_or_else(|| token.to_string());
                    match counts_item {
                        Some(item) => w.placed.push(Placed::Count { line, item, label }),
                        None => w.errors.push(row_error(
                            line,
                            "",
                            &label,
                            "baris jumlah ini tidak berada di bawah butir persentase (%) yang dikenali",
                        )),
                    }
                }
                _ => {
                    // A group title continued, a note line, a total: nothing
                    // to place. Answers in it are an error (checked below).
                }
            }
        }
        w
    }
}

/// The item a numbered row names: by its place and letter, checked against
/// (and overruled by) its question text. The warning says when the text won.
fn place_item(
    template: &Template,
    questions: &[(ItemCode, &str)],
    (part, area, sub): (Option<Part>, Option<u8>, Option<u8>),
    letter: char,
    question: &str,
) -> Result<(ItemCode, Option<String>), String> {
    let in_sub: Vec<(ItemCode, &str)> = match (part, area, sub) {
        (Some(p), Some(a), Some(s)) => questions
            .iter()
            .filter(|(c, _)| c.part == p && c.area == a && c.sub_area == s)
            .copied()
            .collect(),
        _ => Vec::new(),
    };
    let by_letter = match letter {
        '-' if in_sub.len() == 1 => Some(in_sub[0]),
        '-' => None,
        l => in_sub.iter().find(|(c, _)| c.item == l).copied(),
    };
    let by_text = (!question.is_empty())
        .then(|| best_match(question, in_sub.iter().map(|q| q.1)).map(|(i, _)| in_sub[i]))
        .flatten();
    match (by_letter, by_text) {
        (Some(x), Some(y)) if x.0 == y.0 => Ok((x.0, None)),
        (Some(x), None) if question.is_empty() || similarity(question, x.1) >= 0.3 => {
            Ok((x.0, None))
        }
        (_, Some(y)) => Ok((
            y.0,
            Some(format!(
                "huruf '{letter}' tidak cocok dengan teksnya; dipetakan ke {} menurut teks pertanyaan",
                y.0
            )),
        )),
        _ => {
            // Not in the sub-area the numbering says: the whole LKE by text.
            if !question.is_empty()
                && let Some((i, _)) = best_match(question, questions.iter().map(|q| q.1))
            {
                let item = questions[i].0;
                return Ok((
                    item,
                    Some(format!(
                        "penomoran tidak menunjuk butir ini; dipetakan ke {item} menurut teks pertanyaan"
                    )),
                ));
            }
            let place = match (part, area, sub) {
                (Some(p), Some(a), Some(s)) => {
                    format!("{p}.{a}.{}", number_to_roman(s).unwrap_or_default())
                }
                _ => "penomoran di atasnya".into(),
            };
            let _ = template;
            Err(format!(
                "baris butir '{letter}' tidak dapat dipetakan: tidak ada butir itu di {place} dan teks \
                 '{question}' tidak cocok dengan pertanyaan LKE mana pun"
            ))
        }
    }
}

/// How many distinct items a sheet's numbering places (for recognising the
/// layout).
pub fn placeable_items(sheet: &Sheet, template: &Template) -> usize {
    let Some(l) = layout(sheet) else { return 0 };
    let walk = Walk::over(sheet, template, &l);
    walk.placed
        .iter()
        .filter(|p| matches!(p, Placed::Item { .. }))
        .count()
}

/// Cells of one row read for one role.
fn role_cells(sheet: &Sheet, l: &Layout, line: u32, i: usize) -> (String, String) {
    let get = |c: Option<u16>| c.map_or("", |c| sheet.get(line, c)).to_string();
    (get(l.answer[i]), get(l.note[i]))
}

/// Parse the sheet: what each placed item holds, or every bad row.
pub fn parse(template: &Template, sheet: &Sheet, roles: ImportRoles) -> ParseResult {
    if let Some(refusal) = no_tpn_columns(roles, "lembar kerja Lampiran III", 1) {
        return Err(vec![refusal]);
    }
    let Some(l) = layout(sheet) else {
        return Err(vec![row_error(
            1,
            "",
            "",
            "baris komponen 'A. PENGUNGKIT' tidak ditemukan; ini bukan lembar kerja Lampiran III",
        )]);
    };
    let mut walk = Walk::over(sheet, template, &l);
    for role in roles.roles() {
        if l.answer[usize::from(*role == Role::Tpi)].is_none() {
            walk.errors.push(row_error(
                l.first_row,
                "",
                "",
                "lembar ini tidak punya kolom jawaban TPI (judul kolom seperti 'Jawaban TPI'); \
                 impor kolom Unit saja (--role unit)",
            ));
        }
    }
    // Rows with something in the columns read but no place in the LKE.
    let placed_lines: std::collections::HashSet<u32> = walk
        .placed
        .iter()
        .map(|p| match p {
            Placed::Item { line, .. } | Placed::Count { line, .. } => *line,
        })
        .collect();
    let error_lines: std::collections::HashSet<u32> =
        walk.errors.iter().map(|e| e.line as u32).collect();
    // Only inside the table: a signature block below it ("Mengetahui,") is
    // not an answer.
    let last = placed_lines
        .iter()
        .chain(&error_lines)
        .max()
        .copied()
        .unwrap_or(0);
    for (line, _) in sheet.rows().filter(|(r, _)| *r > l.first_row && *r <= last) {
        if placed_lines.contains(&line) || error_lines.contains(&line) {
            continue;
        }
        let data = roles.roles().iter().find_map(|r| {
            let (a, n) = role_cells(sheet, &l, line, usize::from(*r == Role::Tpi));
            [a, n].into_iter().find(|t| !t.is_empty())
        });
        if let Some(value) = data {
            walk.errors.push(row_error(
                line,
                "",
                &value,
                "baris ini berisi jawaban atau catatan tetapi tidak dapat dipetakan ke butir LKE \
                 (tidak ada nomor butir a., b., … atau '- Jumlah …' di kolom hierarki)",
            ));
        }
    }
    // Items with their count rows, in sheet order.
    let mut items: Vec<(u32, ItemCode, Vec<(u32, String)>)> = Vec::new();
    for p in &walk.placed {
        match p {
            Placed::Item { line, item } => items.push((*line, *item, Vec::new())),
            Placed::Count { line, item, label } => {
                if let Some(last) = items.last_mut().filter(|x| x.1 == *item) {
                    last.2.push((*line, label.clone()));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (line, item, count_rows) in &items {
        let mut cells = ItemCells {
            item: Some(*item),
            ..ItemCells::default()
        };
        let lines: Vec<u32> = std::iter::once(*line)
            .chain(count_rows.iter().map(|r| r.0))
            .collect();
        let spec = template.item(*item).map(|i| &i.answer);
        for role in roles.roles() {
            let i = usize::from(*role == Role::Tpi);
            if l.answer[i].is_none() {
                continue;
            }
            let answer = match spec {
                Some(AnswerSpec::Counts { rows, .. }) => {
                    let values: Vec<(u32, String, String)> = count_rows
                        .iter()
                        .map(|(ln, label)| (*ln, label.clone(), role_cells(sheet, &l, *ln, i).0))
                        .collect();
                    counts_answer(template, *item, *line, rows, &values, *role, &sheet.name)
                }
                _ => {
                    let text = role_cells(sheet, &l, *line, i).0;
                    answer_cell(template, *item, *role, &text)
                        .map_err(|reason| vec![row_error(*line, &item.to_string(), &text, reason)])
                        .map(|v| (v, Vec::new()))
                }
            };
            match answer {
                Ok((v, warnings)) => {
                    cells.answer[i] = Some(v);
                    walk.warnings.extend(warnings);
                }
                Err(rows) => walk.errors.extend(rows),
            }
            cells.mark_unknown(
                sheet,
                i,
                lines.iter().map(|ln| (*ln, l.answer[i])),
                lines.iter().map(|ln| (*ln, l.note[i])),
            );
            if l.note[i].is_some() {
                let notes: Vec<String> = lines
                    .iter()
                    .map(|ln| role_cells(sheet, &l, *ln, i).1)
                    .filter(|n| !n.is_empty())
                    .collect();
                cells.note[i] = Some(notes.join("\n"));
            }
        }
        if l.list.is_some() || l.link.is_some() {
            let mut refs: Vec<Reference> = Vec::new();
            for ln in &lines {
                let list = l.list.map_or("", |c| sheet.get(*ln, c));
                let link = l.link.map_or("", |c| sheet.get(*ln, c));
                let target = l
                    .link
                    .and_then(|c| sheet.links.get(&(*ln, c)))
                    .or_else(|| l.list.and_then(|c| sheet.links.get(&(*ln, c))));
                for r in from_cells(list, link, target.map(String::as_str)) {
                    if !refs.contains(&r) {
                        refs.push(r);
                    }
                }
            }
            cells.references = Some(refs);
        }
        out.push(cells);
    }
    if !walk.errors.is_empty() {
        return Err(walk.errors);
    }
    let found: std::collections::HashSet<ItemCode> = items.iter().map(|x| x.1).collect();
    let missing: Vec<String> = template
        .item_codes()
        .iter()
        .filter(|c| !found.contains(c))
        .map(ToString::to_string)
        .collect();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(10).map(String::as_str).collect();
        walk.warnings.push(format!(
            "{} butir tidak ada di lembar ini (tidak diubah): {}{}",
            missing.len(),
            shown.join(", "),
            if missing.len() > 10 { ", …" } else { "" }
        ));
    }
    Ok(Parsed {
        identity: identity::scan(sheet, l.first_row),
        cells: out,
        warnings: walk.warnings,
        copy: None,
    })
}

/// A counts item's answer from its `- Jumlah …` rows: rows matched to the
/// item's rows by text (or by order when the texts say nothing); a total
/// row that disagrees with its parts is replaced by their sum, with a
/// warning. `Ok((None, _))` when no typed row has a number.
fn counts_answer(
    template: &Template,
    item: ItemCode,
    line: u32,
    rows: &[daduk_domain::template::CountRow],
    values: &[(u32, String, String)],
    role: Role,
    sheet: &str,
) -> Result<(Option<AnswerValue>, Vec<String>), Vec<RowError>> {
    let code = item.to_string();
    let mut errors = Vec::new();
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    let typed: Vec<usize> = (0..rows.len())
        .filter(|i| rows[*i].computed.is_none())
        .collect();
    // By text first; by order when the texts do not place every row once.
    let by_text: Vec<Option<usize>> = values
        .iter()
        .map(|(_, label, _)| best_match(label, labels.iter().copied()).map(|m| m.0))
        .collect();
    let unique = {
        let mut seen = std::collections::HashSet::new();
        by_text.iter().all(|x| x.is_some_and(|i| seen.insert(i)))
    };
    let assigned: Vec<Option<usize>> = if unique {
        by_text
    } else if values.len() == rows.len() {
        (0..rows.len()).map(Some).collect()
    } else if values.len() == typed.len() {
        typed.iter().copied().map(Some).collect()
    } else {
        by_text
    };
    let mut numbers: BTreeMap<String, u64> = BTreeMap::new();
    let mut written_totals: Vec<(u32, usize, u64)> = Vec::new();
    for ((ln, label, value), row) in values.iter().zip(&assigned) {
        let Some(row) = *row else {
            errors.push(row_error(
                *ln,
                &code,
                label,
                format!("baris jumlah ini tidak cocok dengan baris butir {code} mana pun"),
            ));
            continue;
        };
        if value.is_empty() {
            continue;
        }
        match whole_number(value) {
            Ok(n) if rows[row].computed.is_some() => written_totals.push((*ln, row, n)),
            Ok(n) => {
                numbers.insert(rows[row].code.clone(), n);
            }
            Err(reason) => errors.push(row_error(
                *ln,
                &code,
                value,
                format!("Jawaban {}: {reason}", role.label()),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if numbers.is_empty() {
        return Ok((None, Vec::new()));
    }
    let text: Vec<String> = numbers.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let answer = AnswerValue::parse(template, item, &text.join(";")).map_err(|e| {
        vec![row_error(
            line,
            &code,
            &text.join(";"),
            format!("Jawaban {}: {}", role.label(), e.reason),
        )]
    })?;
    let mut warnings = Vec::new();
    let computed = answer.counts_rows(template, item);
    for (ln, row, written) in written_totals {
        let r = &rows[row];
        let sum = computed.get(&r.code).copied().unwrap_or(0.0);
        if (sum - written as f64).abs() > 1e-9 {
            warnings.push(format!(
                "lembar '{sheet}' baris {ln}: {} ({code}, {}) tertulis {written}, padahal {} = {}; dipakai {}",
                r.label,
                role.label(),
                r.computed.as_deref().unwrap_or(""),
                sum,
                sum
            ));
        }
    }
    Ok((Some(answer), warnings))
}
