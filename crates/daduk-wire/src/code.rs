//! Codes of the LKE tree: `P`, `P.1`, `P.1.i`, `P.1.i.a`.
//!
//! Item codes are the stable keys everywhere (database, CLI, packet, worksheet),
//! so they are parsed once at the edge into these types and the inside never
//! holds a malformed one.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A part of the LKE (`P` Pemenuhan, `R` Reform, `H` Hasil).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Part {
    /// Pengungkit — Pemenuhan.
    P,
    /// Pengungkit — Reform.
    R,
    /// Hasil.
    H,
}

impl Part {
    /// All parts in LKE order.
    pub const ALL: [Part; 3] = [Part::P, Part::R, Part::H];

    /// The one-letter code.
    pub fn letter(self) -> char {
        match self {
            Part::P => 'P',
            Part::R => 'R',
            Part::H => 'H',
        }
    }

    fn from_letter(c: char) -> Option<Part> {
        match c.to_ascii_uppercase() {
            'P' => Some(Part::P),
            'R' => Some(Part::R),
            'H' => Some(Part::H),
            _ => None,
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter())
    }
}

/// Roman numerals used for sub-areas (indikator), `i` to `xx`.
const ROMAN: [&str; 20] = [
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv",
    "xvi", "xvii", "xviii", "xix", "xx",
];

/// The 1-based number of a lower-case roman numeral `i`..`xx`.
pub fn roman_to_number(s: &str) -> Option<u8> {
    let lower = s.to_ascii_lowercase();
    ROMAN
        .iter()
        .position(|r| *r == lower)
        .and_then(|p| u8::try_from(p + 1).ok())
}

/// The lower-case roman numeral of `n` (1..=20).
pub fn number_to_roman(n: u8) -> Option<&'static str> {
    ROMAN.get(usize::from(n).checked_sub(1)?).copied()
}

/// Code of an item (butir), `PART.AREA.SUBAREA.ITEM`, e.g. `P.1.i.a`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(type = String))]
pub struct ItemCode {
    /// The part the item belongs to.
    pub part: Part,
    /// Area number, 1-based (`1`..`9`).
    pub area: u8,
    /// Sub-area number, 1-based (roman `i` = 1).
    pub sub_area: u8,
    /// Item letter, `a`..`z`.
    pub item: char,
}

/// Code of a sub-area (indikator), e.g. `P.1.i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(type = String))]
pub struct SubAreaCode {
    /// The part.
    pub part: Part,
    /// Area number, 1-based.
    pub area: u8,
    /// Sub-area number, 1-based.
    pub sub_area: u8,
}

/// Code of an area within a part, e.g. `P.1` or `H.2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(type = String))]
pub struct AreaCode {
    /// The part.
    pub part: Part,
    /// Area number, 1-based.
    pub area: u8,
}

impl ItemCode {
    /// The sub-area this item belongs to.
    pub fn sub_area_code(&self) -> SubAreaCode {
        SubAreaCode {
            part: self.part,
            area: self.area,
            sub_area: self.sub_area,
        }
    }

    /// The area (within its part) this item belongs to.
    pub fn area_code(&self) -> AreaCode {
        AreaCode {
            part: self.part,
            area: self.area,
        }
    }
}

impl SubAreaCode {
    /// The area (within its part) this sub-area belongs to.
    pub fn area_code(&self) -> AreaCode {
        AreaCode {
            part: self.part,
            area: self.area,
        }
    }
}

/// Why a code could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("kode '{input}' tidak sah: {reason} (contoh kode yang benar: {example})")]
pub struct CodeError {
    /// The text that was given.
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
    /// A well-formed code of the same kind.
    pub example: &'static str,
}

fn split_code<'a>(
    s: &'a str,
    expected: usize,
    example: &'static str,
) -> Result<Vec<&'a str>, CodeError> {
    let parts: Vec<&str> = s.trim().split('.').collect();
    if parts.len() != expected {
        return Err(CodeError {
            input: s.to_string(),
            reason: "jumlah bagian kode salah",
            example,
        });
    }
    Ok(parts)
}

fn parse_prefix(parts: &[&str], input: &str, example: &'static str) -> Result<AreaCode, CodeError> {
    let err = |reason| CodeError {
        input: input.to_string(),
        reason,
        example,
    };
    let mut chars = parts[0].chars();
    let part = match (chars.next(), chars.next()) {
        (Some(c), None) => Part::from_letter(c).ok_or(err("bagian harus P, R atau H"))?,
        _ => return Err(err("bagian harus P, R atau H")),
    };
    let area: u8 = parts[1]
        .parse()
        .ok()
        .filter(|n| (1..=9).contains(n))
        .ok_or(err("area harus angka 1 sampai 9"))?;
    Ok(AreaCode { part, area })
}

fn parse_sub_area(text: &str, input: &str, example: &'static str) -> Result<u8, CodeError> {
    roman_to_number(text).ok_or(CodeError {
        input: input.to_string(),
        reason: "sub-area harus angka romawi i sampai xx",
        example,
    })
}

impl FromStr for AreaCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts = split_code(s, 2, "P.1")?;
        parse_prefix(&parts, s, "P.1")
    }
}

impl FromStr for SubAreaCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts = split_code(s, 3, "P.1.i")?;
        let area = parse_prefix(&parts, s, "P.1.i")?;
        let sub_area = parse_sub_area(parts[2], s, "P.1.i")?;
        Ok(SubAreaCode {
            part: area.part,
            area: area.area,
            sub_area,
        })
    }
}

impl FromStr for ItemCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const EX: &str = "P.1.i.a";
        let parts = split_code(s, 4, EX)?;
        let area = parse_prefix(&parts, s, EX)?;
        let sub_area = parse_sub_area(parts[2], s, EX)?;
        let mut chars = parts[3].chars();
        let item = match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphabetic() => c.to_ascii_lowercase(),
            _ => {
                return Err(CodeError {
                    input: s.to_string(),
                    reason: "butir harus satu huruf a sampai z",
                    example: EX,
                });
            }
        };
        Ok(ItemCode {
            part: area.part,
            area: area.area,
            sub_area,
            item,
        })
    }
}

fn roman(n: u8) -> &'static str {
    number_to_roman(n).unwrap_or("?")
}

impl fmt::Display for AreaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.part, self.area)
    }
}

impl fmt::Display for SubAreaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.part, self.area, roman(self.sub_area))
    }
}

impl fmt::Display for ItemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}.{}.{}",
            self.part,
            self.area,
            roman(self.sub_area),
            self.item
        )
    }
}

macro_rules! serde_via_string {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
serde_via_string!(ItemCode);
serde_via_string!(SubAreaCode);
serde_via_string!(AreaCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_codes_round_trip() {
        for s in ["P.1.i.a", "R.5.iii.b", "H.2.i.a", "P.3.vi.a", "P.4.ii.h"] {
            let code: ItemCode = s.parse().unwrap();
            assert_eq!(code.to_string(), s);
        }
    }

    #[test]
    fn item_codes_are_case_insensitive() {
        let code: ItemCode = "p.1.IV.B".parse().unwrap();
        assert_eq!(code.to_string(), "P.1.iv.b");
    }

    #[test]
    fn malformed_codes_are_refused_with_a_reason() {
        let cases = [
            ("P.1.i", "jumlah bagian"),
            ("X.1.i.a", "P, R atau H"),
            ("P.0.i.a", "area harus"),
            ("P.1.q.a", "romawi"),
            ("P.1.i.ab", "satu huruf"),
            ("P.1.i.1", "satu huruf"),
            ("", "jumlah bagian"),
        ];
        for (input, reason) in cases {
            let err = input.parse::<ItemCode>().unwrap_err();
            assert!(
                err.to_string().contains(reason),
                "{input}: {err} should mention {reason}"
            );
        }
    }

    #[test]
    fn items_order_like_the_lke() {
        let mut codes: Vec<ItemCode> = ["R.1.i.a", "P.1.ii.a", "P.1.i.b", "H.1.i.a", "P.1.x.a"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        codes.sort();
        let sorted: Vec<String> = codes.iter().map(ToString::to_string).collect();
        assert_eq!(
            sorted,
            ["P.1.i.b", "P.1.ii.a", "P.1.x.a", "R.1.i.a", "H.1.i.a"]
        );
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman_to_number("iv"), Some(4));
        assert_eq!(roman_to_number("XIV"), Some(14));
        assert_eq!(roman_to_number("iiii"), None);
        assert_eq!(number_to_roman(9), Some("ix"));
        assert_eq!(number_to_roman(0), None);
    }
}
