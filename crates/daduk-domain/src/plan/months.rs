//! Months of a plan year: any set of January … December, written the way
//! people write them (`1-3`, `2,3,7-9`, `Jan-Mar`) and shown the way the
//! seed document shows them (`Januari – Maret`, `Februari, Maret, Juli –
//! September`).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::format::MONTHS;

/// Short month names as column titles (`JAN` … `DES`) and as accepted in
/// ranges; `AGT`/`AGU`/`AGUS` are also read as August.
pub const SHORT: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGS", "SEP", "OKT", "NOV", "DES",
];

/// A set of months of one year (bit `m - 1` for month `m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(type = Vec<u8>))]
pub struct MonthSet(u16);

impl MonthSet {
    /// No month.
    pub const EMPTY: MonthSet = MonthSet(0);
    /// Every month.
    pub const ALL: MonthSet = MonthSet(0x0fff);

    /// The set as stored (bits 0..12); `None` when a bit above December is
    /// set.
    pub fn from_bits(bits: u16) -> Option<MonthSet> {
        (bits & !Self::ALL.0 == 0).then_some(MonthSet(bits))
    }

    /// The bits, for storage.
    pub fn bits(self) -> u16 {
        self.0
    }

    /// The months `from..=to` (both 1..=12; empty when `from > to`).
    pub fn range(from: u8, to: u8) -> MonthSet {
        let mut s = MonthSet::EMPTY;
        for m in from.max(1)..=to.min(12) {
            s.insert(m);
        }
        s
    }

    /// A set of the given months; `Err(m)` names the first one outside
    /// 1..=12.
    pub fn of(months: &[u8]) -> Result<MonthSet, u8> {
        let mut s = MonthSet::EMPTY;
        for &m in months {
            if !(1..=12).contains(&m) {
                return Err(m);
            }
            s.insert(m);
        }
        Ok(s)
    }

    /// Add month `m` (1..=12; others are ignored).
    pub fn insert(&mut self, m: u8) {
        if (1..=12).contains(&m) {
            self.0 |= 1 << (m - 1);
        }
    }

    /// Whether month `m` is in the set.
    pub fn contains(self, m: u8) -> bool {
        (1..=12).contains(&m) && self.0 & (1 << (m - 1)) != 0
    }

    /// Whether no month is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Number of months.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The months, January first.
    pub fn iter(self) -> impl Iterator<Item = u8> {
        (1..=12u8).filter(move |&m| self.contains(m))
    }

    /// The last month, if any.
    pub fn last(self) -> Option<u8> {
        self.iter().last()
    }

    /// The first month, if any.
    pub fn first(self) -> Option<u8> {
        self.iter().next()
    }

    /// Months in both.
    pub fn intersection(self, other: MonthSet) -> MonthSet {
        MonthSet(self.0 & other.0)
    }

    /// Months in `self` but not in `other`.
    pub fn difference(self, other: MonthSet) -> MonthSet {
        MonthSet(self.0 & !other.0)
    }

    /// The runs of consecutive months, as `(first, last)`.
    pub fn runs(self) -> Vec<(u8, u8)> {
        let mut runs: Vec<(u8, u8)> = Vec::new();
        for m in self.iter() {
            match runs.last_mut() {
                Some((_, last)) if *last + 1 == m => *last = m,
                _ => runs.push((m, m)),
            }
        }
        runs
    }

    /// The set written with numbers, as the CLI takes it: `2,3,7-9`.
    pub fn to_numbers(self) -> String {
        self.runs()
            .into_iter()
            .map(|(a, b)| match b - a {
                0 => a.to_string(),
                1 => format!("{a},{b}"),
                _ => format!("{a}-{b}"),
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The set for people: `Januari – Maret`, `Februari, Maret, Juli –
    /// September`; with the year after the last month when given
    /// (`Januari – Maret 2024`, as the seed writes target periods). Empty
    /// is `-`.
    pub fn label(self, year: Option<i32>) -> String {
        if self.is_empty() {
            return "-".into();
        }
        let name = |m: u8| MONTHS[usize::from(m - 1)];
        let text = self
            .runs()
            .into_iter()
            .map(|(a, b)| match b - a {
                0 => name(a).to_string(),
                1 => format!("{}, {}", name(a), name(b)),
                _ => format!("{} – {}", name(a), name(b)),
            })
            .collect::<Vec<_>>()
            .join(", ");
        match year {
            Some(y) => format!("{text} {y}"),
            None => text,
        }
    }
}

/// The 1-based month named by `text`: a number `1`..`12`, or an Indonesian
/// month name or its short form (`Jan`, `Ags`).
pub fn parse_month(text: &str) -> Result<u8, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i64>() {
        return u8::try_from(n)
            .ok()
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(|| format!("bulan {n} tidak sah: pakai 1 sampai 12"));
    }
    let lower = t.to_lowercase();
    let found = MONTHS
        .iter()
        .position(|name| name.to_lowercase() == lower)
        .or_else(|| SHORT.iter().position(|s| s.to_lowercase() == lower))
        .or_else(|| matches!(lower.as_str(), "agt" | "agu" | "agus").then_some(7));
    match found {
        Some(i) => Ok(u8::try_from(i + 1).unwrap_or(1)),
        None => Err(format!(
            "bulan '{}' tidak dikenal: tulis angka 1–12 atau nama bulan (Jan, Feb, … Des)",
            crate::text::shown(t)
        )),
    }
}

impl FromStr for MonthSet {
    type Err = String;

    /// `1-3`, `2,3,7-9`, `Jan-Mar`, `Februari - Juni`; spaces are ignored
    /// around the separators. The empty text is the empty set.
    fn from_str(s: &str) -> Result<MonthSet, String> {
        let mut set = MonthSet::EMPTY;
        for part in s.split([',', ';']) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            // A range: `1-3`, `Jan – Mar`.
            let bounds: Vec<&str> = part.split(['-', '–', '—']).map(str::trim).collect();
            match bounds.as_slice() {
                b if b.iter().any(|x| x.is_empty()) => {
                    return Err(format!(
                        "bulan '{}' tidak terbaca: tulis misalnya 1-3 atau 2,3,7-9",
                        crate::text::shown(part)
                    ));
                }
                [one] => set.insert(parse_month(one)?),
                [from, to] => {
                    let (a, b) = (parse_month(from)?, parse_month(to)?);
                    if a > b {
                        return Err(format!(
                            "rentang bulan '{}' terbalik: tulis bulan awal lebih dulu, misalnya 3-5",
                            crate::text::shown(part)
                        ));
                    }
                    set = MonthSet(set.0 | MonthSet::range(a, b).0);
                }
                _ => {
                    return Err(format!(
                        "bulan '{}' tidak terbaca: tulis misalnya 1-3 atau 2,3,7-9",
                        crate::text::shown(part)
                    ));
                }
            }
        }
        Ok(set)
    }
}

impl fmt::Display for MonthSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_numbers())
    }
}

impl Serialize for MonthSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for MonthSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<MonthSet, D::Error> {
        let months: Vec<u8> = Vec::deserialize(d)?;
        if months.len() > 12 {
            return Err(serde::de::Error::custom("lebih dari 12 bulan"));
        }
        MonthSet::of(&months).map_err(|m| {
            serde::de::Error::custom(format!("bulan {m} tidak sah: pakai 1 sampai 12"))
        })
    }
}

/// The first day of month `m` of `year`.
pub fn first_day(year: i32, m: u8) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, u32::from(m), 1)
}

/// Whether month `m` of `year` is over by `date`: its last day is before
/// `date`. On 31 March, March is not over yet; on 1 April it is.
pub fn is_over(year: i32, m: u8, date: NaiveDate) -> bool {
    let (y, next) = if m >= 12 {
        (year + 1, 1)
    } else {
        (year, m + 1)
    };
    first_day(y, next).is_some_and(|d| date >= d)
}

/// Whether `date` falls in month `m` of `year`.
pub fn is_current(year: i32, m: u8, date: NaiveDate) -> bool {
    date.year() == year && date.month() == u32::from(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(s: &str) -> MonthSet {
        s.parse().unwrap()
    }

    #[test]
    fn parses_ranges_lists_and_names() {
        let cases: &[(&str, &[u8])] = &[
            ("1-3", &[1, 2, 3]),
            ("2,3,7-9", &[2, 3, 7, 8, 9]),
            (" 12 ", &[12]),
            ("Jan-Mar", &[1, 2, 3]),
            ("Februari – Juni", &[2, 3, 4, 5, 6]),
            ("mei, AGS, des", &[5, 8, 12]),
            ("3,6,9,12", &[3, 6, 9, 12]),
            ("1-3,2-4", &[1, 2, 3, 4]),
            ("", &[]),
        ];
        for (text, months) in cases {
            assert_eq!(set(text), MonthSet::of(months).unwrap(), "{text}");
        }
        for (bad, why) in [
            ("13", "bulan 13 tidak sah"),
            ("0", "bulan 0 tidak sah"),
            ("5-2", "terbalik"),
            ("1-2-3", "tidak terbaca"),
            ("Januar", "tidak dikenal"),
            ("-1", "tidak terbaca"),
        ] {
            let err = bad.parse::<MonthSet>().unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn writes_sets_as_numbers_and_as_the_seed_does() {
        assert_eq!(set("2,3,7-9").to_numbers(), "2,3,7-9");
        assert_eq!(set("1,2").to_numbers(), "1,2");
        assert_eq!(set("1-3").label(Some(2023)), "Januari – Maret 2023");
        assert_eq!(
            set("2,3,7-9").label(None),
            "Februari, Maret, Juli – September"
        );
        assert_eq!(
            set("3,6,9,12").label(None),
            "Maret, Juni, September, Desember"
        );
        assert_eq!(MonthSet::EMPTY.label(Some(2024)), "-");
        let json = serde_json::to_string(&set("2,3,7-9")).unwrap();
        assert_eq!(json, "[2,3,7,8,9]");
        assert_eq!(
            serde_json::from_str::<MonthSet>(&json).unwrap(),
            set("2,3,7-9")
        );
        assert!(serde_json::from_str::<MonthSet>("[13]").is_err());
        assert_eq!(MonthSet::from_bits(0x1000), None);
        assert_eq!(set("1-3").last(), Some(3));
    }

    #[test]
    fn a_month_is_over_from_the_first_day_of_the_next() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(!is_over(2024, 3, d("2024-03-31")));
        assert!(is_over(2024, 3, d("2024-04-01")));
        assert!(!is_over(2024, 12, d("2024-12-31")));
        assert!(is_over(2024, 12, d("2025-01-01")));
        assert!(!is_over(2024, 1, d("2023-12-31")));
        assert!(is_over(2024, 2, d("2024-03-01")), "leap February");
        assert!(!is_over(2024, 2, d("2024-02-29")));
        assert!(is_current(2024, 2, d("2024-02-29")));
        assert!(!is_current(2024, 2, d("2025-02-10")));
    }
}
