//! Item codes as people type them in a form: a list separated by `;`, `,`
//! or spaces, full codes (`P.1.i.a`) or, where the template has only one
//! item with that number, without the part (`1.ii.c`).

use super::Template;
use crate::code::{ItemCode, Part};
use crate::error::{Error, Result};
use crate::text::shown;

/// The most codes one field may list (far beyond the LKE's 113 items).
const MAX_CODES: usize = 200;

impl Template {
    /// The item a typed code names. A code without its part (`1.ii.c`) is
    /// the one item of the template with that number; when Pemenuhan and
    /// Reform both have it, the message names both to choose from.
    pub fn typed_item(&self, text: &str) -> Result<ItemCode> {
        let t = text.trim().trim_end_matches('.');
        let full = match t.parse::<ItemCode>() {
            Ok(code) => {
                return self.item(code).map(|_| code).ok_or_else(|| {
                    Error::not_found("butir", code, "periksa kodenya di pohon LKE")
                });
            }
            Err(e) => e,
        };
        let readings: Vec<ItemCode> = Part::ALL
            .into_iter()
            .filter_map(|p| format!("{}.{t}", p.letter()).parse::<ItemCode>().ok())
            .collect();
        if readings.is_empty() {
            return Err(Error::Invalid(full.to_string()));
        }
        let candidates: Vec<ItemCode> = readings
            .into_iter()
            .filter(|c| self.item(*c).is_some())
            .collect();
        match candidates.as_slice() {
            [one] => Ok(*one),
            [] => Err(Error::Invalid(format!(
                "tidak ada butir '{}' di Pemenuhan, Reform maupun Hasil; periksa kodenya di pohon LKE",
                shown(t)
            ))),
            [first @ .., last] => {
                let named = |c: &ItemCode| format!("{c} ({})", part_name(c.part));
                Err(Error::Invalid(format!(
                    "kode '{}' bisa berarti {} atau {}; tulis kodenya lengkap",
                    shown(t),
                    first.iter().map(named).collect::<Vec<_>>().join(", "),
                    named(last)
                )))
            }
        }
    }

    /// The items a typed list names, each once, in the order written.
    /// The first code that names no item (or two) is refused, named.
    pub fn typed_items(&self, text: &str) -> Result<Vec<ItemCode>> {
        let mut out = Vec::new();
        for (n, token) in text
            .split(|c: char| c == ';' || c == ',' || c.is_whitespace())
            .filter(|t| !t.trim().is_empty())
            .enumerate()
        {
            if n >= MAX_CODES {
                return Err(Error::Invalid(format!(
                    "terlalu banyak kode butir (batas {MAX_CODES})"
                )));
            }
            let code = self.typed_item(token)?;
            if !out.contains(&code) {
                out.push(code);
            }
        }
        Ok(out)
    }
}

fn part_name(part: Part) -> &'static str {
    match part {
        Part::P => "Pemenuhan",
        Part::R => "Reform",
        Part::H => "Hasil",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_lists_are_read_whatever_separates_them() {
        let t = Template::default_lke();
        let codes = |s: &str| -> Vec<String> {
            t.typed_items(s)
                .unwrap()
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        for (typed, want) in [
            ("P.1.i.a; P.1.i.b", vec!["P.1.i.a", "P.1.i.b"]),
            ("P.1.i.a,P.1.i.b", vec!["P.1.i.a", "P.1.i.b"]),
            ("  P.1.i.a  R.1.i.b ;; ", vec!["P.1.i.a", "R.1.i.b"]),
            ("1.ii.c; p.1.i.a", vec!["P.1.ii.c", "P.1.i.a"]),
            ("1.ii.c. 1.ii.c", vec!["P.1.ii.c"]),
            ("", vec![]),
        ] {
            assert_eq!(codes(typed), want, "{typed}");
        }
    }

    #[test]
    fn a_code_that_names_no_item_or_two_says_so() {
        let t = Template::default_lke();
        for (typed, says) in [
            (
                "1.i.a; 1.i.b",
                "'1.i.a' bisa berarti P.1.i.a (Pemenuhan), R.1.i.a (Reform) atau H.1.i.a (Hasil)",
            ),
            ("P.1.i.z", "butir 'P.1.i.z' tidak ditemukan"),
            ("9.ix.z", "tidak ada butir '9.ix.z'"),
            ("P.1.i", "jumlah bagian kode salah"),
        ] {
            let err = t.typed_items(typed).unwrap_err().to_string();
            assert!(err.contains(says), "{typed}: {err}");
        }
    }
}
