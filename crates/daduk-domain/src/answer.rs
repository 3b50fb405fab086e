//! Answers to LKE items, parsed against the item they answer.
//!
//! Text from the CLI, a CSV or a worksheet is parsed once into an
//! [`AnswerValue`]; an answer that cannot be scored (a letter outside the
//! options, a count whose denominator is 0 while its numerator is not) is
//! refused here, so everything after this point can be scored.

use std::collections::BTreeMap;
use std::fmt;

use crate::code::ItemCode;
use crate::template::{AnswerSpec, Template};

/// Who answers: the wire's [`Side`](daduk_wire::Side), by the name the
/// rules grew up with.
pub use daduk_wire::Side as Role;

/// A parsed, scoreable answer.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerValue {
    /// `ya` (true) / `tidak` (false).
    YesNo(bool),
    /// An option letter, lower case.
    Choice(char),
    /// Whole numbers for the typed rows (computed rows are not stored).
    Counts(BTreeMap<String, u64>),
    /// A survey index.
    SurveyIndex(f64),
}

/// An answer that was refused, with the item, the value and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("butir {item}: jawaban '{value}' tidak sah: {reason}")]
pub struct AnswerError {
    /// The item.
    pub item: String,
    /// The text given.
    pub value: String,
    /// Why it was refused and what is accepted.
    pub reason: String,
}

impl AnswerValue {
    /// Parse `text` as an answer to item `code` of `template`.
    pub fn parse(
        template: &Template,
        code: ItemCode,
        text: &str,
    ) -> Result<AnswerValue, AnswerError> {
        let err = |reason: String| AnswerError {
            item: code.to_string(),
            value: text.to_string(),
            reason,
        };
        let Some(item) = template.item(code) else {
            return Err(err(format!(
                "butir tidak ada di templat '{}'",
                template.id()
            )));
        };
        let t = text.trim();
        let value = match &item.answer {
            AnswerSpec::YesNo => match t.to_lowercase().as_str() {
                "ya" => AnswerValue::YesNo(true),
                "tidak" => AnswerValue::YesNo(false),
                _ => return Err(err("butir ini dijawab 'ya' atau 'tidak'".into())),
            },
            AnswerSpec::Choice { options } => {
                let last = options.last().map_or('a', |o| o.letter);
                let mut chars = t.chars();
                match (chars.next().map(|c| c.to_ascii_lowercase()), chars.next()) {
                    (Some(c), None) if options.iter().any(|o| o.letter == c) => {
                        AnswerValue::Choice(c)
                    }
                    _ => {
                        return Err(err(format!(
                            "pilihan untuk butir ini adalah huruf a sampai {last}"
                        )));
                    }
                }
            }
            AnswerSpec::Counts { rows, .. } => {
                let mut values = BTreeMap::new();
                for piece in t.split([';', ',']).map(str::trim).filter(|p| !p.is_empty()) {
                    let Some((row, number)) = piece.split_once('=') else {
                        return Err(err(format!(
                            "tulis jumlah per baris seperti 'a=5;b=7', bukan '{piece}'"
                        )));
                    };
                    let row = row.trim().to_lowercase();
                    let Some(spec) = rows.iter().find(|r| r.code == row) else {
                        let known: Vec<&str> = rows
                            .iter()
                            .filter(|r| r.computed.is_none())
                            .map(|r| r.code.as_str())
                            .collect();
                        return Err(err(format!(
                            "baris '{row}' tidak ada; baris butir ini: {}",
                            known.join(", ")
                        )));
                    };
                    if let Some(f) = &spec.computed {
                        return Err(err(format!(
                            "baris '{row}' dihitung otomatis (= {f}); jangan diisi"
                        )));
                    }
                    let n: u64 = number.trim().parse().map_err(|_| {
                        err(format!(
                            "jumlah baris '{row}' harus bilangan bulat 0 atau lebih, bukan '{}'",
                            number.trim()
                        ))
                    })?;
                    if values.insert(row.clone(), n).is_some() {
                        return Err(err(format!("baris '{row}' diisi dua kali")));
                    }
                }
                let formula = template
                    .counts_formula(code)
                    .ok_or_else(|| err("rumus butir tidak ada".into()))?;
                let missing: Vec<&str> = formula
                    .reads
                    .iter()
                    .filter(|r| !values.contains_key(*r))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    return Err(err(format!(
                        "baris {} belum diisi (contoh: 'a=5;b=7')",
                        missing.join(", ")
                    )));
                }
                let v = AnswerValue::Counts(values);
                v.counts_value(template, code).map_err(err)?;
                v
            }
            AnswerSpec::SurveyIndex { min, max } => {
                let x: f64 = t
                    .replace(',', ".")
                    .parse()
                    .ok()
                    .filter(|x: &f64| x.is_finite())
                    .ok_or_else(|| {
                        err(format!(
                            "indeks survei berupa angka {min} sampai {max}, misalnya 3,61"
                        ))
                    })?;
                if x < *min || x > *max {
                    return Err(err(format!(
                        "indeks survei harus di antara {min} dan {max}"
                    )));
                }
                AnswerValue::SurveyIndex(x)
            }
        };
        Ok(value)
    }

    /// The item value, 0..1, of this answer to item `code`.
    ///
    /// The answer must have been parsed for this item; a mismatched one scores 0.
    pub fn value(&self, template: &Template, code: ItemCode) -> f64 {
        let Some(item) = template.item(code) else {
            return 0.0;
        };
        match (self, &item.answer) {
            (AnswerValue::YesNo(yes), AnswerSpec::YesNo) => f64::from(u8::from(*yes)),
            (AnswerValue::Choice(c), AnswerSpec::Choice { options }) => options
                .iter()
                .position(|o| o.letter == *c)
                .and_then(|i| template.choice_value(options.len(), i))
                .unwrap_or(0.0),
            (AnswerValue::Counts(_), AnswerSpec::Counts { .. }) => {
                self.counts_value(template, code).unwrap_or(0.0)
            }
            (AnswerValue::SurveyIndex(x), AnswerSpec::SurveyIndex { min, max }) => {
                ((x - min) / (max - min)).clamp(0.0, 1.0)
            }
            _ => 0.0,
        }
    }

    /// The rows of a counts answer with the computed rows filled in.
    pub fn counts_rows(&self, template: &Template, code: ItemCode) -> BTreeMap<String, f64> {
        let mut rows = BTreeMap::new();
        if let AnswerValue::Counts(values) = self {
            rows.extend(values.iter().map(|(k, v)| (k.clone(), *v as f64)));
            if let Some(formula) = template.counts_formula(code) {
                for (row, expr) in &formula.computed {
                    let v = expr.eval(&rows).unwrap_or(0.0);
                    rows.insert(row.clone(), v);
                }
            }
        }
        rows
    }

    /// The value of a counts answer by the scoring rules: clamped to 0..1;
    /// 1 when every row the formula reads is 0; refused when a denominator
    /// is 0 while a numerator is not.
    fn counts_value(&self, template: &Template, code: ItemCode) -> Result<f64, String> {
        let formula = template
            .counts_formula(code)
            .ok_or_else(|| "rumus butir tidak ada".to_string())?;
        let rows = self.counts_rows(template, code);
        if formula
            .reads
            .iter()
            .all(|r| rows.get(r).copied().unwrap_or(0.0) == 0.0)
        {
            return Ok(1.0);
        }
        match formula.value.eval(&rows) {
            Ok(v) if v.is_nan() => Err("hasil rumus tidak terdefinisi".into()),
            Ok(v) => Ok(v.clamp(0.0, 1.0)),
            Err(_) => {
                // Say which rows are 0, in the words of the form, not the
                // formula: the person typed rows, not a denominator.
                let labels: Vec<String> = formula
                    .reads
                    .iter()
                    .filter(|r| rows.get(*r).copied().unwrap_or(0.0) == 0.0)
                    .map(|r| match row_label(template, code, r) {
                        Some(label) => format!("{r} ({label})"),
                        None => r.clone(),
                    })
                    .collect();
                Err(format!(
                    "baris {} bernilai 0 sedangkan baris lain terisi, sehingga nilai butir tidak dapat dihitung; \
                     isi jumlah di baris itu, atau kosongkan semua baris bila memang tidak ada",
                    labels.join(", ")
                ))
            }
        }
    }

    /// Why this answer scores as it does, where a person would wonder: a
    /// counts item whose every row is 0 scores 1,00, because nothing was
    /// required (the rule of the official worksheet too).
    pub fn explanation(&self, template: &Template, code: ItemCode) -> Option<String> {
        let AnswerValue::Counts(_) = self else {
            return None;
        };
        let formula = template.counts_formula(code)?;
        let rows = self.counts_rows(template, code);
        formula
            .reads
            .iter()
            .all(|r| rows.get(r).copied().unwrap_or(0.0) == 0.0)
            .then(|| {
                "semua jumlah 0: tidak ada yang wajib dipenuhi, jadi nilainya penuh (1,00), seperti pada lembar kerja resmi"
                    .to_string()
            })
    }
}

/// The label of a counts row, shortened for a message.
fn row_label(template: &Template, code: ItemCode, row: &str) -> Option<String> {
    let item = template.item(code)?;
    let AnswerSpec::Counts { rows, .. } = &item.answer else {
        return None;
    };
    let label = &rows.iter().find(|r| r.code == row)?.label;
    let short: String = label.chars().take(60).collect();
    Some(if short.len() < label.len() {
        format!("{}…", short.trim_end())
    } else {
        short
    })
}

impl fmt::Display for AnswerValue {
    /// The canonical text: `ya`, `b`, `a=5;b=7`, `3.61`. Parsing it gives
    /// the same value back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerValue::YesNo(true) => f.write_str("ya"),
            AnswerValue::YesNo(false) => f.write_str("tidak"),
            AnswerValue::Choice(c) => write!(f, "{c}"),
            AnswerValue::Counts(rows) => {
                let parts: Vec<String> = rows.iter().map(|(k, v)| format!("{k}={v}")).collect();
                f.write_str(&parts.join(";"))
            }
            AnswerValue::SurveyIndex(x) => write!(f, "{x}"),
        }
    }
}

#[cfg(test)]
mod tests;
