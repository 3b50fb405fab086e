//! Checking a unit's fields one by one, so the app can show each problem at
//! its field (and the CLI the first one as its error). The messages say what
//! is wrong and how to fix it, in words a Tim Kerja uses.

use serde::Serialize;

use crate::assessment::NewUnit;

/// A problem with one field of a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldProblem {
    /// The field, as named in [`NewUnit`]: `code`, `name`, `kepala_nip`,
    /// `ketua_nip`, `parent`.
    pub field: String,
    /// What is wrong and what to do, in Indonesian.
    pub message: String,
}

impl FieldProblem {
    fn new(field: &str, message: String) -> FieldProblem {
        FieldProblem {
            field: field.into(),
            message,
        }
    }
}

/// The problem with a unit code, if any (the rule is `daduk_wire::UnitCode`'s).
pub fn code_problem(code: &str) -> Option<String> {
    daduk_wire::UnitCode::parse(code).err().map(|e| match e {
        daduk_wire::UnitCodeError::Empty => e.to_string(),
        _ => format!("kode unit '{}' tidak sah: {e}", crate::text::shown(code)),
    })
}

/// A NIP written with or without spaces, normalised to its 18 digits; empty
/// is allowed (it can be filled in later).
pub fn normal_nip(label: &str, nip: &str) -> Result<String, String> {
    let digits: String = nip.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() || (digits.len() == 18 && digits.chars().all(|c| c.is_ascii_digit())) {
        return Ok(digits);
    }
    let what = if digits.chars().all(|c| c.is_ascii_digit()) {
        format!("baru {} angka", digits.len())
    } else {
        "ada tanda selain angka".to_string()
    };
    Err(format!(
        "NIP {label} '{nip}' tidak sah: {what}, padahal NIP terdiri atas 18 angka \
         (misalnya 19700101 199003 1 001); salin dari SK, atau kosongkan dulu"
    ))
}

/// Every problem with a unit's fields, in form order; empty when it can be
/// saved (whether the code is taken or the parent exists is the store's to
/// say).
pub fn unit_problems(u: &NewUnit) -> Vec<FieldProblem> {
    let mut out = Vec::new();
    if let Some(m) = code_problem(&u.code) {
        out.push(FieldProblem::new("code", m));
    }
    if u.name.trim().is_empty() {
        out.push(FieldProblem::new(
            "name",
            "nama unit wajib diisi, seperti tertulis di SK, misalnya Dinas Kesehatan Kabupaten Buleleng"
                .into(),
        ));
    }
    for (field, label, text) in [
        ("name", "nama unit", &u.name),
        ("instansi", "instansi", &u.instansi),
        ("kepala_name", "nama kepala", &u.kepala_name),
        ("ketua_name", "nama ketua tim", &u.ketua_name),
    ] {
        if let Err(m) = crate::text::check_line(label, text) {
            out.push(FieldProblem::new(field, m));
        }
    }
    if let Err(m) = normal_nip("kepala", &u.kepala_nip) {
        out.push(FieldProblem::new("kepala_nip", m));
    }
    if let Err(m) = normal_nip("ketua tim", &u.ketua_nip) {
        out.push(FieldProblem::new("ketua_nip", m));
    }
    if u.parent
        .as_deref()
        .is_some_and(|p| p.eq_ignore_ascii_case(u.code.trim()))
    {
        out.push(FieldProblem::new(
            "parent",
            format!("unit {} tidak bisa menjadi induk dirinya sendiri", u.code),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_problem_names_its_field_and_the_fix() {
        let u = NewUnit {
            code: "DINKES BLL".into(),
            name: "  ".into(),
            kepala_nip: "1970".into(),
            ketua_nip: "19850315 2010 01 200X".into(),
            ..NewUnit::default()
        };
        let problems = unit_problems(&u);
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["code", "name", "kepala_nip", "ketua_nip"]);
        assert!(problems[0].message.contains("ganti spasi dengan '-'"));
        assert!(problems[2].message.contains("baru 4 angka"), "{problems:?}");
        assert!(problems[2].message.contains("18 angka"));
        assert!(problems[3].message.contains("selain angka"));

        let good = NewUnit {
            code: "DINKES-BLL".into(),
            name: "Dinas Kesehatan".into(),
            kepala_nip: "19700101 199003 1 001".into(),
            ..NewUnit::default()
        };
        assert!(unit_problems(&good).is_empty());
        assert_eq!(
            normal_nip("kepala", &good.kepala_nip).unwrap(),
            "197001011990031001"
        );
    }
}
