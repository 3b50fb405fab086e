//! Indonesian formatting of numbers and dates for people (the CLI's text
//! output, reports): `87,50`, `1.234,5`, `30 Juni 2023`.

use chrono::{Datelike, NaiveDate, Timelike};

/// Month names, January first.
pub const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// A number with `decimals` places, comma as the decimal mark and dots
/// between thousands: `1234.5` with 2 places is `1.234,50`.
///
/// Rounds half away from zero on the number as it is written (its shortest
/// round-trip decimal text), as the official worksheet shows it: `1.005` is
/// `1,01` although its binary value is a little below. The app's
/// `formatNumber` (ui/src/lib/format.ts) follows the same rule; both are
/// tested against `tests/fixtures/number-format.json`.
pub fn number(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    // `Display` of an f64 is its shortest round-trip text, never with an
    // exponent: `1.005`, `0.0000001`, `1e21` written out in full.
    let (int, frac) = round_half_away(&x.abs().to_string(), decimals);
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let negative = x < 0.0 && int.chars().chain(frac.chars()).any(|c| c != '0');
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// The digits of a non-negative decimal text (`"2.675"`) rounded half away
/// from zero to `decimals` places: the whole part and exactly `decimals`
/// fraction digits (`("2", "68")`).
fn round_half_away(text: &str, decimals: usize) -> (String, String) {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let mut digits: Vec<u8> = int.bytes().collect();
    digits.extend(frac.bytes().chain(std::iter::repeat(b'0')).take(decimals));
    // The written text has no digit after the shortest one, so the first
    // dropped digit alone says whether the rest is at least a half.
    if frac.as_bytes().get(decimals).is_some_and(|d| *d >= b'5') {
        let mut at = digits.len();
        loop {
            if at == 0 {
                digits.insert(0, b'1');
                break;
            }
            at -= 1;
            if digits[at] == b'9' {
                digits[at] = b'0';
            } else {
                digits[at] += 1;
                break;
            }
        }
    }
    let split = digits.len() - decimals;
    let text = String::from_utf8(digits).unwrap_or_default();
    (text[..split].to_string(), text[split..].to_string())
}

/// A score for display: two decimals.
pub fn score(x: f64) -> String {
    number(x, 2)
}

/// A share 0..1 as a percentage without decimals: `0.6` is `60%`.
pub fn percent(share: f64) -> String {
    format!("{}%", number(share * 100.0, 0))
}

/// A date written out: `30 Juni 2023`.
pub fn date_long(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// A date as people type it: `2026-07-15`, `15/07/2026`, `15-7-2026`,
/// `15.07.2026`, `15 Juli 2026`, `15 Jul 2026` (day first, as in
/// Indonesia); `None` when it is none of these or no such day exists.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if t.len() > 40 {
        return None;
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(d);
    }
    let parts: Vec<&str> = t
        .split(|c: char| matches!(c, '/' | '-' | '.') || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let month = number(month, 1..=2).or_else(|| month_number(month))?;
    NaiveDate::from_ymd_opt(
        i32::try_from(number(year, 4..=4)?).ok()?,
        month,
        number(day, 1..=2)?,
    )
}

/// A month's name or its usual short form (`Juli`, `jul`, `Agt`), 1..=12.
fn month_number(name: &str) -> Option<u32> {
    let n = name.to_lowercase();
    let short = match n.as_str() {
        "agt" | "ags" => return Some(8),
        "okt" => return Some(10),
        "des" => return Some(12),
        _ => n.get(..3)?,
    };
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_lowercase();
            m == n || (n.len() == 3 && m.starts_with(short))
        })
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// A moment written out from its RFC 3339 text: `30 Juni 2024 pukul 08.15
/// UTC` (the zone as written: Indonesia's by name, `WIB`, `WITA`, `WIT`;
/// another as `UTC+5`); the text itself, escaped, when it does not parse.
pub fn date_time(rfc3339: &str) -> String {
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(rfc3339) else {
        return crate::text::shown(rfc3339);
    };
    let offset = t.offset().local_minus_utc();
    let zone = match offset {
        0 => "UTC".to_string(),
        25_200 => "WIB".to_string(),
        28_800 => "WITA".to_string(),
        32_400 => "WIT".to_string(),
        s if s % 3600 == 0 => format!("UTC{:+}", s / 3600),
        s => format!("UTC{:+}:{:02}", s / 3600, (s.abs() % 3600) / 60),
    };
    format!(
        "{} pukul {:02}.{:02} {zone}",
        date_long(t.date_naive()),
        t.hour(),
        t.minute()
    )
}

/// A byte size for people: `1,5 MB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{} {}", number(value, 1), UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_people_type_them() {
        let july = NaiveDate::from_ymd_opt(2026, 7, 15);
        for text in [
            "2026-07-15",
            "15/07/2026",
            "15/7/2026",
            "15-7-2026",
            "15.07.2026",
            " 15 Juli 2026 ",
            "15 juli 2026",
            "15 Jul 2026",
        ] {
            assert_eq!(parse_date(text), july, "{text}");
        }
        assert_eq!(
            parse_date("1 Agt 2024"),
            NaiveDate::from_ymd_opt(2024, 8, 1)
        );
        assert_eq!(
            parse_date("9 Des 2024"),
            NaiveDate::from_ymd_opt(2024, 12, 9)
        );
        for bad in [
            "31/02/2026",
            "07/15/2026",
            "15 Julu 2026",
            "15/07/26",
            "",
            "2026",
            "15 Ju 2026",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    /// One table of cases for this formatter and the app's (`format.test.ts`).
    const NUMBER_CASES: &str = include_str!("../../../tests/fixtures/number-format.json");

    #[test]
    fn numbers_follow_the_shared_table() {
        #[derive(serde::Deserialize)]
        struct Case {
            value: f64,
            decimals: usize,
            expected: String,
        }
        let cases: Vec<Case> = serde_json::from_str(NUMBER_CASES).unwrap();
        assert!(cases.len() >= 10);
        for c in cases {
            assert_eq!(
                number(c.value, c.decimals),
                c.expected,
                "{} with {} places",
                c.value,
                c.decimals
            );
        }
    }

    #[test]
    fn numbers_use_indonesian_marks() {
        let cases = [
            (87.5, 2, "87,50"),
            (1234.5, 2, "1.234,50"),
            (1234567.0, 0, "1.234.567"),
            (0.005, 2, "0,01"),
            (-3.25, 1, "-3,3"),
            (-0.001, 2, "0,00"),
            (100.0, 2, "100,00"),
            (1e-7, 2, "0,00"),
            (1e21, 0, "1.000.000.000.000.000.000.000"),
        ];
        for (x, d, expected) in cases {
            assert_eq!(number(x, d), expected, "{x}");
        }
        assert_eq!(score(2.675), "2,68");
        assert_eq!(percent(0.6), "60%");
        assert_eq!(percent(0.125), "13%");
    }

    #[test]
    fn moments_name_indonesias_time_zones() {
        assert_eq!(
            date_time("2026-05-02T09:30:00+07:00"),
            "2 Mei 2026 pukul 09.30 WIB"
        );
        assert_eq!(
            date_time("2026-05-02T10:30:00+08:00"),
            "2 Mei 2026 pukul 10.30 WITA"
        );
        assert_eq!(
            date_time("2026-05-02T11:30:00+09:00"),
            "2 Mei 2026 pukul 11.30 WIT"
        );
        assert_eq!(
            date_time("2026-05-02T02:30:00Z"),
            "2 Mei 2026 pukul 02.30 UTC"
        );
        assert_eq!(
            date_time("2026-05-02T07:30:00+05:00"),
            "2 Mei 2026 pukul 07.30 UTC+5"
        );
    }

    #[test]
    fn dates_are_written_out() {
        let d = NaiveDate::from_ymd_opt(2023, 6, 30).unwrap();
        assert_eq!(date_long(d), "30 Juni 2023");
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        assert_eq!(date_long(d), "1 Januari 2024");
    }

    #[test]
    fn byte_sizes() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1536), "1,5 KB");
        assert_eq!(bytes(5 * 1024 * 1024 * 1024), "5,0 GB");
    }
}
