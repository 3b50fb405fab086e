//! Which unit and year a worksheet says it is for, read from its title rows,
//! and the check against the assessment it is imported into.
//!
//! Daduk's own layouts write `Unit Kerja: Nama (KODE)` / `… (KODE) · … ·
//! Tahun 2026`; hand-made Lampiran III files usually have `UNIT KERJA :
//! …` and `TAHUN : …` above the table. A sheet that names neither is taken
//! as it is (nothing to compare); one that names another unit or year is
//! refused unless the caller allows it.

use serde::Serialize;

use daduk_domain::assessment::{Assessment, Unit, check_unit_code};
use daduk_domain::textmatch::{normalize, similarity};

use crate::Sheet;

/// What a sheet says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SheetIdentity {
    /// The unit as written (a name, a code, or `Nama (KODE)`).
    pub unit: Option<String>,
    /// The year.
    pub year: Option<i32>,
}

/// Where a Daduk worksheet was copied from: the workspace and the last
/// entry of its audit log when it was exported. Imported back into that
/// workspace, it tells what changed there since from what was edited in
/// the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyMark {
    /// The workspace's id.
    pub workspace: String,
    /// The audit log's last entry at export.
    pub audit: i64,
}

const COPY_LABEL: &str = "Penanda salinan:";

impl CopyMark {
    /// As written in the sheet.
    pub fn text(&self) -> String {
        format!("{COPY_LABEL} {}#{}", self.workspace, self.audit)
    }

    /// The mark in the rows before `first_data_row`, if one is there and
    /// well formed.
    pub fn find(sheet: &Sheet, first_data_row: u32) -> Option<CopyMark> {
        sheet
            .rows()
            .take_while(|(r, _)| *r < first_data_row)
            .flat_map(|(_, cells)| cells.values())
            .find_map(|text| {
                let at = text.find(COPY_LABEL)? + COPY_LABEL.len();
                let token = text[at..].split_whitespace().next()?;
                let (workspace, audit) = token.split_once('#')?;
                let well_formed = !workspace.is_empty()
                    && workspace.len() <= 64
                    && workspace
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-');
                Some(CopyMark {
                    workspace: workspace.to_string(),
                    audit: audit.parse().ok().filter(|n: &i64| *n >= 0)?,
                })
                .filter(|_| well_formed)
            })
    }
}

const UNIT_LABELS: [&str; 5] = ["unit kerja", "nama unit", "satuan kerja", "unit", "satker"];

/// The first 4-digit year 2000..2100 within 25 characters after "tahun".
fn year_in(text: &str) -> Option<i32> {
    let lower = text.to_lowercase();
    if lower.contains("peraturan") || lower.contains("nomor") {
        return None; // "… NOMOR 90 TAHUN 2021": the regulation, not the year
    }
    let at = lower.find("tahun")? + "tahun".len();
    let rest: String = lower[at..].chars().take(25).collect();
    let digits: Vec<(usize, char)> = rest.char_indices().collect();
    let mut i = 0;
    while i < digits.len() {
        if digits[i].1.is_ascii_digit() {
            let run: String = digits[i..]
                .iter()
                .take_while(|(_, c)| c.is_ascii_digit())
                .map(|(_, c)| *c)
                .collect();
            if run.len() == 4 {
                return run.parse().ok().filter(|y| (2000..=2100).contains(y));
            }
            i += run.len();
        } else {
            i += 1;
        }
    }
    None
}

/// `Unit Kerja : X` → `X` (or `Some("")` when the value is in the next cell).
fn labelled_unit(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let label = UNIT_LABELS.iter().find(|l| lower.starts_with(*l))?;
    let rest = text[label.len()..].trim_start();
    let value = rest.strip_prefix(':')?;
    Some(value.trim().to_string())
}

/// Scan the rows before `first_data_row` for the unit and the year.
pub fn scan(sheet: &Sheet, first_data_row: u32) -> SheetIdentity {
    let mut id = SheetIdentity::default();
    for (row, cells) in sheet.rows().take_while(|(r, _)| *r < first_data_row) {
        for (col, text) in cells {
            let text = text.trim();
            if id.year.is_none() {
                id.year = year_in(text);
            }
            if id.unit.is_some() {
                continue;
            }
            if let Some(v) = labelled_unit(text) {
                let v = if v.is_empty() {
                    // The value sits in the next filled cell of the row.
                    cells
                        .range(col + 1..)
                        .map(|(_, t)| t.trim().trim_start_matches(':').trim())
                        .find(|t| !t.is_empty())
                        .unwrap_or("")
                        .to_string()
                } else {
                    v
                };
                if !v.is_empty() {
                    id.unit = Some(v);
                }
            } else if let Some((who, _)) = text.split_once(" · ")
                && text.contains(" · Tahun ")
                && who.ends_with(')')
            {
                // Daduk's own subtitle: `Nama (KODE) · Instansi · Tahun 2026 · …`.
                id.unit = Some(who.trim().to_string());
            }
        }
        let _ = row;
    }
    id
}

impl SheetIdentity {
    /// Whether the sheet's unit is this unit: its code in parentheses or
    /// alone, or its name (as retyped).
    fn unit_matches(written: &str, unit: &Unit) -> bool {
        let w = written.trim();
        if let Some(open) = w.rfind('(')
            && let Some(code) = w[open + 1..].strip_suffix(')')
            && check_unit_code(code.trim()).is_ok()
        {
            return code.trim().eq_ignore_ascii_case(&unit.code);
        }
        let n = normalize(w);
        n == normalize(&unit.code) || n == normalize(&unit.name) || similarity(w, &unit.name) >= 0.8
    }

    /// `None` when the sheet fits the assessment (or names nothing); else
    /// what it names, for the message.
    pub fn mismatch(&self, unit: &Unit, a: &Assessment) -> Option<String> {
        let unit_bad = self
            .unit
            .as_deref()
            .is_some_and(|u| !Self::unit_matches(u, unit));
        let year_bad = self.year.is_some_and(|y| y != a.year);
        if !unit_bad && !year_bad {
            return None;
        }
        let mut what = Vec::new();
        if let Some(u) = &self.unit {
            what.push(format!("unit '{u}'"));
        }
        if let Some(y) = self.year {
            what.push(format!("tahun {y}"));
        }
        Some(what.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[(u32, u16, &str)]) -> Sheet {
        let mut s = Sheet::default();
        for (r, c, t) in rows {
            s.cells.entry(*r).or_default().insert(*c, (*t).to_string());
        }
        s
    }

    #[test]
    fn unit_and_year_are_read_from_the_title_rows() {
        let s = sheet(&[
            (
                1,
                1,
                "LAMPIRAN III PERATURAN MENTERI PANRB NOMOR 90 TAHUN 2021",
            ),
            (3, 1, "UNIT KERJA :"),
            (3, 3, "Puskesmas Sukasada I"),
            (4, 1, "TAHUN : 2026"),
            (9, 6, "Tahun 1999 di baris data tidak dibaca"),
        ]);
        let id = scan(&s, 8);
        assert_eq!(id.unit.as_deref(), Some("Puskesmas Sukasada I"));
        assert_eq!(id.year, Some(2026));
        let s = sheet(&[(
            2,
            0,
            "Dinas Kesehatan (DINKES-BLL) · Pemkab · Tahun 2024 · Target WBK",
        )]);
        let id = scan(&s, 5);
        assert_eq!(id.unit.as_deref(), Some("Dinas Kesehatan (DINKES-BLL)"));
        assert_eq!(id.year, Some(2024));
        assert_eq!(
            scan(&sheet(&[(1, 0, "LKE ZI")]), 5),
            SheetIdentity::default()
        );
    }

    #[test]
    fn another_unit_or_year_is_a_mismatch() {
        let unit = Unit {
            id: 1,
            code: "PKM-1".into(),
            name: "Puskesmas Sukasada I".into(),
            instansi: String::new(),
            parent: None,
            kepala_name: String::new(),
            kepala_nip: String::new(),
            ketua_name: String::new(),
            ketua_nip: String::new(),
            target: daduk_domain::Target::Wbk,
            afirmasi: false,
            created_at: String::new(),
        };
        let a = Assessment {
            id: 1,
            unit: "PKM-1".into(),
            unit_name: unit.name.clone(),
            year: 2026,
            template_sha256: daduk_domain::Sha256::of_bytes(b""),
            template_id: String::new(),
            template_official: true,
            status: daduk_domain::AssessmentStatus::Draft,
            created_at: String::new(),
        };
        let id = |u: Option<&str>, y: Option<i32>| SheetIdentity {
            unit: u.map(str::to_string),
            year: y,
        };
        for ok in [
            id(None, None),
            id(Some("PUSKESMAS SUKASADA I"), Some(2026)),
            id(Some("Puskesmas Sukasada 1 (PKM-1)"), None),
            id(Some("pkm-1"), None),
        ] {
            assert_eq!(ok.mismatch(&unit, &a), None, "{ok:?}");
        }
        assert_eq!(
            id(Some("Puskesmas Sukasada II (PKM-2)"), Some(2026)).mismatch(&unit, &a),
            Some("unit 'Puskesmas Sukasada II (PKM-2)' tahun 2026".into())
        );
        assert!(
            id(Some("Dinas Kesehatan"), None)
                .mismatch(&unit, &a)
                .is_some()
        );
        assert_eq!(
            id(None, Some(2025)).mismatch(&unit, &a),
            Some("tahun 2025".into())
        );
    }
}
