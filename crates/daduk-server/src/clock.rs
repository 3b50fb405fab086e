//! The instansi's clock: Indonesia's three time zones, which have no
//! daylight saving time, so each is a fixed offset. A proposal period's
//! days are the instansi's days, not UTC's: a period that starts "today"
//! in WIB starts at 00:00 WIB, which is 17:00 UTC the day before.

use anyhow::{Result, bail};
use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};

/// One of Indonesia's time zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// Waktu Indonesia Barat, UTC+7.
    Wib,
    /// Waktu Indonesia Tengah, UTC+8.
    Wita,
    /// Waktu Indonesia Timur, UTC+9.
    Wit,
}

impl Zone {
    /// `WIB`, `WITA`, `WIT` (any case), or the IANA name of a city in one.
    pub fn parse(text: &str) -> Result<Zone> {
        let t = text.trim();
        Ok(match t.to_ascii_uppercase().as_str() {
            "WIB" | "ASIA/JAKARTA" | "ASIA/PONTIANAK" | "UTC+7" | "+07:00" => Zone::Wib,
            "WITA" | "ASIA/MAKASSAR" | "UTC+8" | "+08:00" => Zone::Wita,
            "WIT" | "ASIA/JAYAPURA" | "UTC+9" | "+09:00" => Zone::Wit,
            _ => bail!(
                "time_zone '{t}' tidak dikenal; pakai WIB, WITA atau WIT (zona waktu instansi)"
            ),
        })
    }

    /// Its offset from UTC.
    pub fn offset(self) -> FixedOffset {
        let hours = match self {
            Zone::Wib => 7,
            Zone::Wita => 8,
            Zone::Wit => 9,
        };
        FixedOffset::east_opt(hours * 3600).unwrap_or_else(|| Utc.fix())
    }

    /// Its name, as people in Indonesia write it.
    pub fn name(self) -> &'static str {
        match self {
            Zone::Wib => "WIB",
            Zone::Wita => "WITA",
            Zone::Wit => "WIT",
        }
    }

    /// The date in this zone at `now`.
    pub fn date(self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.offset()).date_naive()
    }
}

/// The current time. Debug builds (the tests') may be told another one with
/// `DADUK_SERVER_TEST_NOW` (RFC 3339), so a test can stand at 01:18 WIB;
/// release builds never read it.
pub fn now() -> DateTime<Utc> {
    #[cfg(debug_assertions)]
    if let Some(t) = std::env::var("DADUK_SERVER_TEST_NOW")
        .ok()
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
    {
        return t.with_timezone(&Utc);
    }
    Utc::now()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_day_is_the_instansis_day() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // 01:18 WIB on 2 June is still 1 June in UTC.
        let t = at("2026-06-01T18:18:00Z");
        assert_eq!(t.date_naive(), d("2026-06-01"));
        assert_eq!(Zone::Wib.date(t), d("2026-06-02"));
        // 16:30 UTC: 23:30 WIB, but already the next day in WITA and WIT.
        let t = at("2026-06-01T16:30:00Z");
        assert_eq!(Zone::Wib.date(t), d("2026-06-01"));
        assert_eq!(Zone::Wita.date(t), d("2026-06-02"));
        assert_eq!(Zone::Wit.date(t), d("2026-06-02"));
    }

    #[test]
    fn zones_by_their_names() {
        for (text, zone) in [
            ("WIB", Zone::Wib),
            ("wita", Zone::Wita),
            (" WIT ", Zone::Wit),
            ("Asia/Jakarta", Zone::Wib),
            ("Asia/Makassar", Zone::Wita),
            ("Asia/Jayapura", Zone::Wit),
        ] {
            assert_eq!(Zone::parse(text).unwrap(), zone, "{text}");
        }
        assert!(Zone::parse("UTC").is_err());
        assert!(Zone::parse("Europe/Berlin").is_err());
    }
}
