//! Answers from a CSV file: header `item,answer` and an optional `note`.
//!
//! Spreadsheets in an Indonesian locale save CSV with `;` (the comma is the
//! decimal mark), CRLF line ends, and either UTF-8 with a byte-order mark
//! ("CSV UTF-8") or the Windows code page, Windows-1252 ("CSV"); Excel's
//! "Unicode Text" is UTF-16 with a byte-order mark and tabs. All of these
//! are accepted ([`decode_text`]). The whole file is checked before anything
//! is written, and every bad row is reported with its line, item, value and
//! reason.

use std::borrow::Cow;
use std::collections::HashMap;

use super::AnswerValue;
use crate::code::ItemCode;
use crate::error::{RowError, RowErrors};
use crate::store::AnswerRow;
use crate::template::Template;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Item,
    Answer,
    Note,
}

fn column(name: &str) -> Option<Column> {
    match name.trim().to_lowercase().as_str() {
        "item" | "butir" | "kode" => Some(Column::Item),
        "answer" | "jawaban" => Some(Column::Answer),
        "note" | "catatan" => Some(Column::Note),
        _ => None,
    }
}

fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.contains('\t') {
        b'\t'
    } else if header.contains(';') && !header.contains(',') {
        b';'
    } else {
        b','
    }
}

/// Largest answer CSV read (the LKE has 113 items; a sheet of every item
/// with long notes stays far below this).
pub const MAX_CSV_BYTES: usize = 4 << 20;

/// The text of a file a spreadsheet saved: UTF-8 (a byte-order mark
/// dropped), UTF-16 with a byte-order mark, else Windows-1252, the code page
/// Excel's plain "CSV" uses on Indonesian and Western Windows. Every byte
/// sequence decodes, so a file in another code page shows wrong letters in
/// its notes rather than failing; item codes and answers are ASCII either
/// way.
pub fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// Parse a CSV of answers for `template`. `file` names it in messages.
///
/// A blank answer leaves the stored answer as it is (its note, when given,
/// is still written), so a half-filled sheet of all items imports cleanly.
pub fn parse_answer_csv(
    template: &Template,
    file: &str,
    bytes: &[u8],
) -> Result<Vec<AnswerRow>, RowErrors> {
    let fail = |line, item: &str, value: &str, reason: String| RowErrors {
        file: file.to_string(),
        rows: vec![RowError {
            line,
            item: item.into(),
            value: value.into(),
            reason,
        }],
    };
    if bytes.len() > MAX_CSV_BYTES {
        return Err(fail(
            1,
            "",
            "",
            format!(
                "berkas {} MB, terlalu besar untuk CSV jawaban (paling besar {} MB); \
                 pastikan berkasnya benar",
                bytes.len() >> 20,
                MAX_CSV_BYTES >> 20
            ),
        ));
    }
    let text = decode_text(bytes);
    let text: &str = &text;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| fail(1, "", "", format!("kepala kolom tidak terbaca: {e}")))?
        .clone();
    let mut columns = Vec::new();
    for name in &headers {
        match column(name) {
            Some(c) if columns.contains(&Some(c)) => {
                return Err(fail(1, "", name, format!("kolom '{name}' muncul dua kali")));
            }
            Some(c) => columns.push(Some(c)),
            None if name.trim().is_empty() => columns.push(None),
            None => {
                return Err(fail(
                    1,
                    "",
                    name,
                    format!("kolom '{name}' tidak dikenal; kolom yang dipakai: item, answer, note"),
                ));
            }
        }
    }
    for required in [Column::Item, Column::Answer] {
        if !columns.contains(&Some(required)) {
            let name = if required == Column::Item {
                "item"
            } else {
                "answer"
            };
            return Err(fail(
                1,
                "",
                "",
                format!(
                    "kolom '{name}' tidak ada; baris pertama harus 'item,answer' (dan boleh 'note')"
                ),
            ));
        }
    }
    // Line numbers from byte offsets. The reader ends a line at the `\r` of
    // a CRLF and starts the next record at its `\n`, so its own line count
    // is one short after every CRLF line; Excel writes CRLF.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |p: &csv::Position| {
        let mut byte = usize::try_from(p.byte()).unwrap_or(usize::MAX);
        while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        line_starts.partition_point(|start| *start <= byte)
    };
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut seen: HashMap<ItemCode, usize> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, line_of);
                errors.push(RowError {
                    line,
                    item: String::new(),
                    value: String::new(),
                    reason: format!("baris CSV rusak: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, line_of);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |c: Column| {
            columns
                .iter()
                .position(|x| *x == Some(c))
                .and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or("")
        };
        let (item_text, answer_text) = (get(Column::Item), get(Column::Answer));
        if record.len() > columns.len()
            && record
                .iter()
                .skip(columns.len())
                .any(|f| !f.trim().is_empty())
        {
            errors.push(RowError {
                line,
                item: item_text.into(),
                value: record.iter().skip(1).collect::<Vec<_>>().join(","),
                reason: format!(
                    "baris punya {} kolom, kepala hanya {}; angka desimal dengan koma (3,61) harus diberi tanda kutip (\"3,61\") atau ditulis dengan titik (3.61)",
                    record.len(),
                    columns.len()
                ),
            });
            continue;
        }
        // `H.1.i.a,3,85` with a note column: the comma of a decimal number
        // split it into an answer `3` and a note `85`.
        if let Some(next) = columns
            .iter()
            .position(|x| *x == Some(Column::Answer))
            .and_then(|i| record.get(i + 1))
            .map(str::trim)
            && comma_split_decimal(template, item_text, answer_text, next)
        {
            errors.push(RowError {
                line,
                item: item_text.into(),
                value: format!("{answer_text},{next}"),
                reason: format!(
                    "tampaknya angka desimal {answer_text},{next} terpotong koma menjadi dua kolom; beri tanda kutip (\"{answer_text},{next}\"), tulis dengan titik ({answer_text}.{next}), atau simpan sebagai CSV dengan pemisah titik koma"
                ),
            });
            continue;
        }
        let note = columns
            .contains(&Some(Column::Note))
            .then(|| get(Column::Note).to_string());
        let mut bad = |reason: String| {
            errors.push(RowError {
                line,
                item: item_text.into(),
                value: answer_text.into(),
                reason,
            })
        };
        let item: ItemCode = match item_text.parse() {
            Ok(c) => c,
            Err(e) => {
                bad(e.to_string());
                continue;
            }
        };
        if template.item(item).is_none() {
            bad(format!("butir tidak ada di templat {}", template.id()));
            continue;
        }
        if let Some(first) = seen.insert(item, line) {
            bad(format!("butir ini sudah ada di baris {first}"));
            continue;
        }
        let value = if answer_text.is_empty() {
            None
        } else {
            match AnswerValue::parse(template, item, answer_text) {
                Ok(v) => Some(v),
                Err(e) => {
                    bad(e.reason);
                    continue;
                }
            }
        };
        if let Some(Err(e)) = note
            .as_deref()
            .map(|n| crate::text::check_lines("catatan", n))
        {
            bad(e);
            continue;
        }
        if value.is_some() || note.as_deref().is_some_and(|n| !n.is_empty()) {
            rows.push(AnswerRow { item, value, note });
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(RowErrors {
            file: file.to_string(),
            rows: errors,
        })
    }
}

/// Whether an answer and the cell after it look like one decimal number
/// cut in two by an unquoted comma: a survey index item, a whole number,
/// then digits only.
fn comma_split_decimal(template: &Template, item: &str, answer: &str, next: &str) -> bool {
    let survey = item
        .parse::<ItemCode>()
        .ok()
        .and_then(|c| template.item(c))
        .is_some_and(|i| matches!(i.answer, crate::template::AnswerSpec::SurveyIndex { .. }));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    survey && digits(answer) && digits(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<AnswerRow>, RowErrors> {
        parse_answer_csv(&Template::default_lke(), "jawaban.csv", text.as_bytes())
    }

    #[test]
    fn reads_answers_and_notes() {
        let rows = parse("item,answer,note\nP.1.i.a,ya,SK ada\nR.1.i.a,\"a=4;b=3\",\nH.1.i.a,\"3,61\",survei 2023\n").unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].value, Some(AnswerValue::YesNo(true)));
        assert_eq!(rows[0].note.as_deref(), Some("SK ada"));
        assert_eq!(rows[2].value, Some(AnswerValue::SurveyIndex(3.61)));
    }

    #[test]
    fn reads_semicolon_csv_with_bom_and_indonesian_headers() {
        let rows = parse("\u{feff}butir;jawaban;catatan\nP.1.i.b;B;\nH.2.i.a;3,2;x\n").unwrap();
        assert_eq!(rows[0].value, Some(AnswerValue::Choice('b')));
        assert_eq!(rows[1].value, Some(AnswerValue::SurveyIndex(3.2)));
    }

    #[test]
    fn blank_answers_keep_what_is_stored() {
        let rows = parse("item,answer,note\nP.1.i.a,,\nP.1.i.b,,nanti\n").unwrap();
        assert_eq!(
            rows,
            vec![AnswerRow {
                item: "P.1.i.b".parse().unwrap(),
                value: None,
                note: Some("nanti".into())
            }]
        );
        // Without a note column the note is left as it is.
        let rows = parse("item,answer\nP.1.i.a,ya\n").unwrap();
        assert_eq!(rows[0].note, None);
    }

    #[test]
    fn every_bad_row_is_named_with_line_item_value_and_reason() {
        let err = parse("item,answer\nP.1.i.a,ya\nP.1.i.b,f\nP.9.i.a,ya\nX,ya\nP.1.i.a,tidak\nR.1.i.a,a=0;b=3\n").unwrap_err();
        let got: Vec<(usize, &str, &str)> = err
            .rows
            .iter()
            .map(|r| (r.line, r.item.as_str(), r.value.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (3, "P.1.i.b", "f"),
                (4, "P.9.i.a", "ya"),
                (5, "X", "ya"),
                (6, "P.1.i.a", "tidak"),
                (7, "R.1.i.a", "a=0;b=3")
            ]
        );
        assert!(err.rows[0].reason.contains("a sampai c"));
        assert!(err.rows[3].reason.contains("baris 2"));
        let msg = err.to_string();
        assert!(
            msg.contains("jawaban.csv") && msg.contains("baris 3: butir P.1.i.b, nilai 'f'"),
            "{msg}"
        );
    }

    #[test]
    fn malformed_files_are_refused() {
        let cases = [
            ("answer,note\nya,x\n", "kolom 'item' tidak ada"),
            ("item,jawab\nP.1.i.a,ya\n", "kolom 'jawab' tidak dikenal"),
            ("item,answer,answer\n", "dua kali"),
            ("item,answer\nP.1.i.a,ya,extra\n", "kolom"),
        ];
        for (text, reason) in cases {
            let err = parse(text).unwrap_err();
            assert!(err.rows[0].reason.contains(reason), "{text:?}: {err}");
        }
        let big = vec![b'x'; MAX_CSV_BYTES + 1];
        let err = parse_answer_csv(&Template::default_lke(), "x.csv", &big).unwrap_err();
        assert!(err.rows[0].reason.contains("terlalu besar"), "{err}");
    }

    /// What Excel on an Indonesian Windows writes: `;` between fields (the
    /// comma is the decimal mark), CRLF, quotes around a field holding `;`.
    const EXCEL_ROWS: &str = "butir;jawaban;catatan\r\nP.1.i.a;ya;SK Tim \u{2013} \u{201c}final\u{201d}\r\nR.1.i.a;\"a=4;b=3\";Rp 1.500\u{20ac}\r\nH.1.i.a;3,61;survei caf\u{e9}\r\n";

    fn check_excel_rows(rows: &[AnswerRow]) {
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].value, Some(AnswerValue::YesNo(true)));
        assert_eq!(
            rows[0].note.as_deref(),
            Some("SK Tim \u{2013} \u{201c}final\u{201d}")
        );
        assert_eq!(rows[1].note.as_deref(), Some("Rp 1.500\u{20ac}"));
        assert_eq!(rows[2].value, Some(AnswerValue::SurveyIndex(3.61)));
        assert_eq!(rows[2].note.as_deref(), Some("survei caf\u{e9}"));
    }

    #[test]
    fn reads_csv_as_indonesian_excel_saves_it_in_every_encoding() {
        let template = Template::default_lke();
        let utf8_bom = [b"\xEF\xBB\xBF".as_slice(), EXCEL_ROWS.as_bytes()].concat();
        let (cp1252, _, lossy) = encoding_rs::WINDOWS_1252.encode(EXCEL_ROWS);
        assert!(!lossy);
        // The en dash, curly quotes and euro sign are single bytes 0x80-0x9F.
        assert!(cp1252.contains(&0x96) && cp1252.contains(&0x93) && cp1252.contains(&0x80));
        assert!(std::str::from_utf8(&cp1252).is_err());
        let tabs = EXCEL_ROWS
            .replace(';', "\t")
            .replace("\"a=4\tb=3\"", "a=4;b=3");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(tabs.encode_utf16().flat_map(u16::to_le_bytes));
        for (what, bytes) in [
            ("CSV UTF-8", utf8_bom),
            ("CSV (Windows-1252)", cp1252.into_owned()),
            ("Unicode Text (UTF-16)", utf16),
        ] {
            let rows = parse_answer_csv(&template, "jawaban.csv", &bytes)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            check_excel_rows(&rows);
        }
    }

    #[test]
    fn line_numbers_count_crlf_lines() {
        for text in [
            "item;answer\r\nP.1.i.a;ya\r\n\r\nP.1.i.b;z\r\nP.1.i.c;q",
            "item;answer\nP.1.i.a;ya\n\nP.1.i.b;z\nP.1.i.c;q",
        ] {
            let err = parse(text).unwrap_err();
            let lines: Vec<usize> = err.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [4, 5], "{text:?}: {err}");
        }
    }

    #[test]
    fn a_decimal_comma_split_into_two_columns_is_refused_with_a_hint() {
        // With a note column: `3` and `85` would have become answer and note.
        let err = parse("item,answer,note\nH.1.i.a,3,85\n").unwrap_err();
        let row = &err.rows[0];
        assert_eq!(
            (row.line, row.item.as_str(), row.value.as_str()),
            (2, "H.1.i.a", "3,85")
        );
        assert!(row.reason.contains("\"3,85\""), "{}", row.reason);
        // Without one: too many columns, named with the line's item.
        let err = parse("item,answer\nH.1.i.a,3,85\n").unwrap_err();
        assert_eq!(err.rows[0].item, "H.1.i.a");
        assert!(err.to_string().contains("butir H.1.i.a"), "{err}");
        // A quoted decimal, a note that is a number for a count item: fine.
        assert!(parse("item,answer,note\nH.1.i.a,\"3,85\",85\n").is_ok());
        assert!(parse("item,answer,note\nP.1.i.a,ya,2024\n").is_ok());
    }
}
