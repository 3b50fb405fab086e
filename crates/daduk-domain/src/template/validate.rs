//! Parsing and checking a template document.
//!
//! A broken template is refused with the file, the JSON path and the fault,
//! so whoever edits a template knows exactly where to look.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::CountsFormula;
use super::formula::Expr;
use super::model::*;
use crate::code::{ItemCode, number_to_roman};

/// A template that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("templat '{file}' tidak sah{}: {fault}", if path.is_empty() { String::new() } else { format!(" di {path}") })]
pub struct TemplateError {
    /// The file the template came from.
    pub file: String,
    /// JSON path of the fault, e.g. `components[0].parts[1].weight`.
    pub path: String,
    /// What is wrong and what to do.
    pub fault: String,
}

/// What checking produces besides the verdict.
pub(super) struct Checked {
    pub counts: HashMap<ItemCode, CountsFormula>,
}

const WEIGHT_TOLERANCE: f64 = 1e-6;

pub(super) fn parse(file: &str, json: &str) -> Result<TemplateDoc, TemplateError> {
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        TemplateError {
            file: file.to_string(),
            path: if path == "." { String::new() } else { path },
            fault: e.into_inner().to_string(),
        }
    })
}

struct Checker<'a> {
    file: &'a str,
}

impl Checker<'_> {
    fn fail<T>(
        &self,
        path: impl Into<String>,
        fault: impl Into<String>,
    ) -> Result<T, TemplateError> {
        Err(TemplateError {
            file: self.file.to_string(),
            path: path.into(),
            fault: fault.into(),
        })
    }

    fn weights_add_up(
        &self,
        path: &str,
        what: &str,
        total: f64,
        parts: impl Iterator<Item = f64>,
    ) -> Result<(), TemplateError> {
        let sum: f64 = parts.sum();
        if (sum - total).abs() > WEIGHT_TOLERANCE {
            return self.fail(
                path,
                format!("jumlah bobot {what} adalah {sum}, seharusnya {total}"),
            );
        }
        Ok(())
    }

    fn positive_weight(&self, path: &str, w: f64) -> Result<(), TemplateError> {
        if !(w.is_finite() && w > 0.0) {
            return self.fail(path, format!("bobot harus angka positif, bukan {w}"));
        }
        Ok(())
    }
}

pub(super) fn check(file: &str, doc: &TemplateDoc) -> Result<Checked, TemplateError> {
    let c = Checker { file };
    if doc.id.is_empty()
        || !doc
            .id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
    {
        return c.fail(
            "id",
            "id harus huruf kecil, angka dan '-', misalnya 'lke-zi-2021'",
        );
    }
    check_choice_values(&c, doc)?;
    let kinds = check_evidence_kinds(&c, doc)?;

    c.positive_weight("total_weight", doc.total_weight)?;
    c.weights_add_up(
        "components",
        "komponen",
        doc.total_weight,
        doc.components.iter().map(|x| x.weight),
    )?;
    for required in ["A", "B"] {
        if !doc.components.iter().any(|x| x.code == required) {
            return c.fail(
                "components",
                format!("komponen '{required}' tidak ada (A = Pengungkit, B = Hasil)"),
            );
        }
    }

    let mut seen_components = HashSet::new();
    let mut seen_parts = HashSet::new();
    let mut seen_items = HashSet::new();
    let mut counts = HashMap::new();
    for (ci, comp) in doc.components.iter().enumerate() {
        let cpath = format!("components[{ci}]");
        if !seen_components.insert(comp.code.as_str()) {
            return c.fail(
                format!("{cpath}.code"),
                format!("kode komponen '{}' ganda", comp.code),
            );
        }
        c.positive_weight(&format!("{cpath}.weight"), comp.weight)?;
        c.weights_add_up(
            &cpath,
            "bagian",
            comp.weight,
            comp.parts.iter().map(|p| p.weight),
        )?;
        for (pi, part) in comp.parts.iter().enumerate() {
            let ppath = format!("{cpath}.parts[{pi}]");
            if !seen_parts.insert(part.part) {
                return c.fail(
                    format!("{ppath}.part"),
                    format!("bagian '{}' ganda", part.part),
                );
            }
            c.positive_weight(&format!("{ppath}.weight"), part.weight)?;
            c.weights_add_up(
                &ppath,
                "area",
                part.weight,
                part.areas.iter().map(|a| a.weight),
            )?;
            let mut seen_areas = HashSet::new();
            for (ai, area) in part.areas.iter().enumerate() {
                let apath = format!("{ppath}.areas[{ai}]");
                let number: u8 = match area.code.parse() {
                    Ok(n) if (1..=9).contains(&n) => n,
                    _ => {
                        return c.fail(
                            format!("{apath}.code"),
                            format!("kode area '{}' harus angka 1 sampai 9", area.code),
                        );
                    }
                };
                if !seen_areas.insert(number) {
                    return c.fail(
                        format!("{apath}.code"),
                        format!("area {}.{} ganda", part.part, number),
                    );
                }
                c.positive_weight(&format!("{apath}.weight"), area.weight)?;
                c.weights_add_up(
                    &apath,
                    "sub-area",
                    area.weight,
                    area.sub_areas.iter().map(|s| s.weight),
                )?;
                let mut seen_subs = HashSet::new();
                for (si, sub) in area.sub_areas.iter().enumerate() {
                    let spath = format!("{apath}.sub_areas[{si}]");
                    let sub_number = match crate::code::roman_to_number(&sub.code) {
                        Some(n) if number_to_roman(n) == Some(sub.code.as_str()) => n,
                        _ => return c.fail(format!("{spath}.code"), format!("kode sub-area '{}' harus angka romawi huruf kecil (i, ii, iii, ...)", sub.code)),
                    };
                    if !seen_subs.insert(sub_number) {
                        return c.fail(
                            format!("{spath}.code"),
                            format!("sub-area {}.{}.{} ganda", part.part, number, sub.code),
                        );
                    }
                    c.positive_weight(&format!("{spath}.weight"), sub.weight)?;
                    if sub.items.is_empty() {
                        return c.fail(format!("{spath}.items"), "sub-area tanpa butir");
                    }
                    for (ii, item) in sub.items.iter().enumerate() {
                        let ipath = format!("{spath}.items[{ii}]");
                        let code = item.code;
                        if code.part != part.part
                            || code.area != number
                            || code.sub_area != sub_number
                        {
                            return c.fail(
                                format!("{ipath}.code"),
                                format!("butir {code} berada di bawah {}.{}.{}; kodenya harus diawali '{}.{}.{}.'", part.part, number, sub.code, part.part, number, sub.code),
                            );
                        }
                        if !seen_items.insert(code) {
                            return c
                                .fail(format!("{ipath}.code"), format!("kode butir {code} ganda"));
                        }
                        if item.question.trim().is_empty() {
                            return c.fail(
                                format!("{ipath}.question"),
                                format!("butir {code}: pertanyaan kosong"),
                            );
                        }
                        if let Some(f) = check_answer(&c, doc, &ipath, item)? {
                            counts.insert(code, f);
                        }
                        check_item_evidence(&c, &kinds, &ipath, item)?;
                    }
                }
            }
        }
    }
    check_predicates(&c, doc)?;
    Ok(Checked { counts })
}

fn check_choice_values(c: &Checker<'_>, doc: &TemplateDoc) -> Result<(), TemplateError> {
    for (key, values) in &doc.choice_values {
        let path = format!("choice_values.{key}");
        let n: usize = match key.parse() {
            Ok(n) if (2..=5).contains(&n) => n,
            _ => return c.fail(path, "kunci harus jumlah pilihan 2 sampai 5"),
        };
        if values.len() != n {
            return c.fail(path, format!("perlu {n} nilai, ada {}", values.len()));
        }
        if values.iter().any(|v| !(0.0..=1.0).contains(v)) {
            return c.fail(path, "setiap nilai harus di antara 0 dan 1");
        }
        if values.windows(2).any(|w| w[0] < w[1]) {
            return c.fail(
                path,
                "nilai harus menurun dari pilihan a ke pilihan terakhir",
            );
        }
    }
    Ok(())
}

fn check_evidence_kinds<'a>(
    c: &Checker<'_>,
    doc: &'a TemplateDoc,
) -> Result<HashSet<&'a str>, TemplateError> {
    let mut kinds = HashSet::new();
    for (i, kind) in doc.evidence_kinds.iter().enumerate() {
        let path = format!("evidence_kinds[{i}]");
        if kind.code.is_empty()
            || !kind
                .code
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch == '_')
        {
            return c.fail(
                format!("{path}.code"),
                format!("kode jenis '{}' harus huruf kecil dan '_'", kind.code),
            );
        }
        if kind.label.trim().is_empty() {
            return c.fail(format!("{path}.label"), "label kosong");
        }
        if !kinds.insert(kind.code.as_str()) {
            return c.fail(
                format!("{path}.code"),
                format!("jenis data dukung '{}' ganda", kind.code),
            );
        }
    }
    if kinds.is_empty() {
        return c.fail("evidence_kinds", "daftar jenis data dukung kosong");
    }
    Ok(kinds)
}

fn check_answer(
    c: &Checker<'_>,
    doc: &TemplateDoc,
    ipath: &str,
    item: &Item,
) -> Result<Option<CountsFormula>, TemplateError> {
    let code = item.code;
    let apath = format!("{ipath}.answer");
    match &item.answer {
        AnswerSpec::YesNo => Ok(None),
        AnswerSpec::Choice { options } => {
            let n = options.len();
            if !(2..=5).contains(&n) {
                return c.fail(
                    format!("{apath}.options"),
                    format!("butir {code}: butir pilihan harus punya 2 sampai 5 pilihan, ada {n}"),
                );
            }
            for (i, opt) in options.iter().enumerate() {
                let expected = char::from(b'a' + u8::try_from(i).unwrap_or(0));
                if opt.letter != expected {
                    return c.fail(
                        format!("{apath}.options[{i}].letter"),
                        format!(
                            "butir {code}: pilihan ke-{} harus berhuruf '{expected}', bukan '{}'",
                            i + 1,
                            opt.letter
                        ),
                    );
                }
                if opt.text.trim().is_empty() {
                    return c.fail(
                        format!("{apath}.options[{i}].text"),
                        format!("butir {code}: teks pilihan kosong"),
                    );
                }
            }
            if !doc.choice_values.contains_key(&n.to_string()) {
                return c.fail(
                    "choice_values",
                    format!("tidak ada nilai untuk butir dengan {n} pilihan (dipakai {code})"),
                );
            }
            Ok(None)
        }
        AnswerSpec::Counts { rows, value } => check_counts(c, &apath, code, rows, value).map(Some),
        AnswerSpec::SurveyIndex { min, max } => {
            if !(min.is_finite() && max.is_finite() && min < max) {
                return c.fail(
                    apath,
                    format!("butir {code}: rentang indeks survei harus min < max"),
                );
            }
            Ok(None)
        }
    }
}

fn check_counts(
    c: &Checker<'_>,
    apath: &str,
    code: ItemCode,
    rows: &[CountRow],
    value: &str,
) -> Result<CountsFormula, TemplateError> {
    if rows.is_empty() {
        return c.fail(
            format!("{apath}.rows"),
            format!("butir {code}: butir jumlah tanpa baris"),
        );
    }
    let mut by_code: HashMap<&str, &CountRow> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if row.code.is_empty() || !row.code.chars().all(|ch| ch.is_ascii_lowercase()) {
            return c.fail(
                format!("{apath}.rows[{i}].code"),
                format!("butir {code}: kode baris '{}' harus huruf kecil", row.code),
            );
        }
        if by_code.insert(row.code.as_str(), row).is_some() {
            return c.fail(
                format!("{apath}.rows[{i}].code"),
                format!("butir {code}: baris '{}' ganda", row.code),
            );
        }
        if row.info && row.computed.is_some() {
            return c.fail(
                format!("{apath}.rows[{i}]"),
                format!(
                    "butir {code}: baris '{}' tidak bisa sekaligus informasi dan dihitung",
                    row.code
                ),
            );
        }
    }
    let compile = |path: String, text: &str| -> Result<Expr, TemplateError> {
        Expr::parse(text).map_err(|e| TemplateError {
            file: c.file.to_string(),
            path,
            fault: format!("butir {code}: {e}"),
        })
    };
    let mut computed = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let Some(text) = &row.computed else { continue };
        let path = format!("{apath}.rows[{i}].computed");
        let expr = compile(path.clone(), text)?;
        for name in expr.rows() {
            match by_code.get(name.as_str()) {
                None => {
                    return c.fail(
                        path,
                        format!(
                            "butir {code}: rumus baris '{}' memakai baris '{name}' yang tidak ada",
                            row.code
                        ),
                    );
                }
                Some(r) if r.computed.is_some() || r.info => {
                    return c.fail(path, format!("butir {code}: rumus baris '{}' hanya boleh memakai baris yang diisi, bukan '{name}'", row.code));
                }
                Some(_) => {}
            }
        }
        computed.push((row.code.clone(), expr));
    }
    let vpath = format!("{apath}.value");
    let value_expr = compile(vpath.clone(), value)?;
    let mut reads = BTreeSet::new();
    for name in value_expr.rows() {
        match by_code.get(name.as_str()) {
            None => {
                return c.fail(
                    vpath,
                    format!("butir {code}: rumus nilai memakai baris '{name}' yang tidak ada"),
                );
            }
            Some(r) if r.info => {
                return c.fail(
                    vpath,
                    format!(
                        "butir {code}: baris '{name}' hanya informasi dan tidak boleh dipakai rumus"
                    ),
                );
            }
            Some(r) => match computed.iter().find(|(n, _)| *n == name) {
                Some((_, e)) => reads.extend(e.rows()),
                None => {
                    debug_assert!(r.computed.is_none());
                    reads.insert(name);
                }
            },
        }
    }
    Ok(CountsFormula {
        value: value_expr,
        computed,
        reads,
    })
}

fn check_item_evidence(
    c: &Checker<'_>,
    kinds: &HashSet<&str>,
    ipath: &str,
    item: &Item,
) -> Result<(), TemplateError> {
    let code = item.code;
    if item.evidence.is_empty() {
        return c.fail(
            format!("{ipath}.evidence"),
            format!("butir {code}: daftar data dukung kosong"),
        );
    }
    let mut seen = HashSet::new();
    for (i, req) in item.evidence.iter().enumerate() {
        let path = format!("{ipath}.evidence[{i}]");
        if !kinds.contains(req.kind.as_str()) {
            return c.fail(
                format!("{path}.kind"),
                format!(
                    "butir {code}: jenis data dukung '{}' tidak ada di evidence_kinds",
                    req.kind
                ),
            );
        }
        if !seen.insert(req.kind.as_str()) {
            return c.fail(
                format!("{path}.kind"),
                format!(
                    "butir {code}: jenis '{}' disebut dua kali; gabungkan petunjuknya",
                    req.kind
                ),
            );
        }
        if req.guidance.trim().is_empty() {
            return c.fail(
                format!("{path}.guidance"),
                format!("butir {code}: petunjuk data dukung kosong"),
            );
        }
    }
    Ok(())
}

/// Whether a predicate scope names a figure of this document.
pub(crate) fn scope_exists(doc: &TemplateDoc, scope: &str) -> bool {
    if scope == "total" || scope == "each_change_area" {
        return true;
    }
    if doc.components.iter().any(|c| c.code == scope) {
        return true;
    }
    let parts = doc.components.iter().flat_map(|c| &c.parts);
    let mut pieces = scope.split('.');
    let (Some(p), area, sub, None) = (pieces.next(), pieces.next(), pieces.next(), pieces.next())
    else {
        return false;
    };
    let Some(part) = parts.into_iter().find(|x| x.part.to_string() == p) else {
        return false;
    };
    let Some(area) = area else { return true };
    let Some(area) = part.areas.iter().find(|a| a.code == area) else {
        return false;
    };
    match sub {
        None => true,
        Some(s) => area.sub_areas.iter().any(|x| x.code == s),
    }
}

fn check_predicates(c: &Checker<'_>, doc: &TemplateDoc) -> Result<(), TemplateError> {
    let mut seen = HashSet::new();
    for (i, pred) in doc.predicates.iter().enumerate() {
        let path = format!("predicates[{i}]");
        if !seen.insert(pred.code.as_str()) {
            return c.fail(
                format!("{path}.code"),
                format!("predikat '{}' ganda", pred.code),
            );
        }
        if pred.source.trim().is_empty() {
            return c.fail(
                format!("{path}.source"),
                "sumber ambang batas harus disebut",
            );
        }
        for (j, cond) in pred.conditions.iter().enumerate() {
            let cpath = format!("{path}.conditions[{j}]");
            if !scope_exists(doc, &cond.scope) {
                return c.fail(format!("{cpath}.scope"), format!("cakupan '{}' tidak dikenal (pakai total, A, B, P, R, H, H.1, H.1.i atau each_change_area)", cond.scope));
            }
            if cond.source.as_ref().is_some_and(|s| s.trim().is_empty()) {
                return c.fail(
                    format!("{cpath}.source"),
                    "sumber syarat kosong; hapus kolomnya atau sebutkan sumbernya",
                );
            }
            match (cond.min, cond.min_share) {
                (Some(m), None) if m.is_finite() && m >= 0.0 && cond.scope != "each_change_area" => {}
                (None, Some(s)) if s > 0.0 && s <= 1.0 => {}
                _ => return c.fail(cpath, "isi tepat satu dari 'min' (poin, tidak untuk each_change_area) atau 'min_share' (0 < x <= 1)"),
            }
        }
    }
    Ok(())
}
