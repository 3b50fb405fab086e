//! Answers from a CSV file: header `item,answer` and an optional `note`.
//!
//! Spreadsheets in an Indonesian locale save CSV with `;` (the comma is the
//! decimal mark) and often with a byte-order mark; both are accepted. The
//! whole file is checked before anything is written, and every bad row is
//! reported with its line, item, value and reason.

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
    let text = std::str::from_utf8(bytes).map_err(|_| {
        fail(
            1,
            "",
            "",
            "berkas bukan teks UTF-8; simpan ulang sebagai 'CSV UTF-8'".into(),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut seen: HashMap<ItemCode, usize> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                errors.push(RowError {
                    line,
                    item: String::new(),
                    value: String::new(),
                    reason: format!("baris CSV rusak: {e}"),
                });
                continue;
            }
        };
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
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
        let err = parse_answer_csv(
            &Template::default_lke(),
            "x.csv",
            b"item,answer\nP.1.i.a,\xff\n",
        )
        .unwrap_err();
        assert!(err.rows[0].reason.contains("UTF-8"));
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
