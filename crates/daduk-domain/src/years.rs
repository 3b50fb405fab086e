//! A unit year after year: what a new year started from the last one
//! carries over, when a carried document no longer counts, and the years'
//! figures side by side (the trend).
//!
//! Which documents stay valid is template data ([`Validity`], per evidence
//! kind and per item requirement; for the built-in LKE in the file beside it,
//! `template::validity`, with its regulation source); the rules here only
//! read it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::code::ItemCode;
use crate::scoring::{ChangeAreaScore, ScoreCard};
use crate::template::{Template, Validity};

/// Why a carried file no longer counts for the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Expiry {
    /// Its item wants a document of this kind dated in the assessment year.
    Yearly,
    /// Its own end date (berlaku sampai) is before the assessment year.
    Ended {
        /// The end date.
        #[cfg_attr(feature = "specta", specta(type = String))]
        until: NaiveDate,
    },
}

impl Expiry {
    /// The flag people read beside the file.
    pub fn describe(self) -> String {
        match self {
            Expiry::Yearly => "kedaluwarsa: butir ini memerlukan dokumen tahun penilaian".into(),
            Expiry::Ended { until } => format!(
                "kedaluwarsa: berlaku sampai {}",
                crate::format::date_long(until)
            ),
        }
    }
}

/// Whether a file carried into `year` (or about to be) no longer counts:
/// the rule for its kind on its item is yearly, or it ended before 1 January
/// of `year`.
pub fn expired(
    template: &Template,
    item: ItemCode,
    kind: &str,
    valid_until: Option<NaiveDate>,
    year: i32,
) -> Option<Expiry> {
    if template.validity(item, kind) == Validity::Yearly {
        return Some(Expiry::Yearly);
    }
    let first_day = NaiveDate::from_ymd_opt(year, 1, 1)?;
    match valid_until {
        Some(until) if until < first_day => Some(Expiry::Ended { until }),
        _ => None,
    }
}

/// Whether a file of last year goes into `year`'s new assessment: it still
/// counts there ([`expired`] says nothing) and TPI did not reject it.
pub fn carries(
    template: &Template,
    item: ItemCode,
    kind: &str,
    valid_until: Option<NaiveDate>,
    rejected: bool,
    year: i32,
) -> bool {
    !rejected && expired(template, item, kind, valid_until, year).is_none()
}

/// One year of a unit in figures.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrendYear {
    /// The assessment year.
    pub year: i32,
    /// The assessment's status as people read it (`Draf`, `Final`, …).
    pub status: String,
    /// The unit's own total (penilaian mandiri).
    pub total: f64,
    /// Pengungkit.
    pub pengungkit: f64,
    /// Hasil.
    pub hasil: f64,
    /// The six change areas (Pemenuhan + Reform).
    pub areas: Vec<ChangeAreaScore>,
    /// Per predicate code: whether every condition holds.
    pub predicates: BTreeMap<String, bool>,
    /// Per predicate code: the conditions that do not hold, as labels.
    pub failed: BTreeMap<String, Vec<String>>,
    /// Answered items.
    pub answered: usize,
    /// TPI's total, when TPI answered anything.
    pub tpi_total: Option<f64>,
    /// TPN's total, when TPN's values are recorded ([`TrendYear::with_tpn`]).
    pub tpn_total: Option<f64>,
    /// Where the unit ended in the national evaluation, short
    /// (`tpn::standing_short`: `WBK`, `gugur DE`, …), when recorded.
    pub tpn_result: Option<String>,
    /// The change in total from the year before it in its trend (`None` for
    /// the first; set by [`Trend::new`]).
    pub change: Option<f64>,
}

impl TrendYear {
    /// A year's figures from the unit's score card (and TPI's, if any).
    pub fn from_cards(
        year: i32,
        status: crate::assessment::AssessmentStatus,
        unit: &ScoreCard,
        tpi: Option<&ScoreCard>,
    ) -> Self {
        TrendYear {
            year,
            status: status.label().to_string(),
            total: unit.total,
            pengungkit: unit.pengungkit,
            hasil: unit.hasil,
            areas: unit.change_areas.clone(),
            predicates: unit
                .predicates
                .iter()
                .map(|(code, p)| (code.clone(), p.eligible))
                .collect(),
            failed: unit
                .predicates
                .iter()
                .map(|(code, p)| {
                    (
                        code.clone(),
                        p.failed.iter().map(|c| c.label.clone()).collect(),
                    )
                })
                .collect(),
            answered: unit.answered,
            tpi_total: tpi.filter(|c| c.answered > 0).map(|c| c.total),
            tpn_total: None,
            tpn_result: None,
            change: None,
        }
    }

    /// With TPN's result of the year: its score card (counted when TPN
    /// answered anything) and the stages recorded.
    pub fn with_tpn(mut self, tpn: Option<&ScoreCard>, stages: &[crate::tpn::StageRecord]) -> Self {
        self.tpn_total = tpn.filter(|c| c.answered > 0).map(|c| c.total);
        self.tpn_result = crate::tpn::standing_short(stages);
        self
    }

    /// The change as people read it: `+12,50`, `-3,00`, `–` for the first year.
    pub fn change_label(&self) -> String {
        match self.change {
            None => "–".into(),
            Some(d) if d > 0.0 => format!("+{}", crate::format::score(d)),
            Some(d) => crate::format::score(d),
        }
    }
}

/// A unit's years side by side, oldest first ([`Trend::new`]).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Trend {
    /// The unit code.
    pub unit: String,
    /// The unit's name.
    pub unit_name: String,
    /// Oldest first.
    pub years: Vec<TrendYear>,
}

impl Trend {
    /// A unit's years, oldest first, each with its change in total from
    /// the year before it in the list.
    pub fn new(unit: String, unit_name: String, mut years: Vec<TrendYear>) -> Trend {
        years.sort_by_key(|y| y.year);
        let mut previous: Option<f64> = None;
        for y in &mut years {
            y.change = previous.map(|p| y.total - p);
            previous = Some(y.total);
        }
        Trend {
            unit,
            unit_name,
            years,
        }
    }
}

/// A recommendation of an earlier year's evaluation on one item (TPI's
/// note on it), and the activity of this year's plan that follows it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Recommendation {
    /// The year it was given in.
    pub from_year: i32,
    /// Who gave it (`tpi` or `tpn`).
    pub source: String,
    /// The item.
    pub item: ItemCode,
    /// What was recommended.
    pub text: String,
    /// This year's plan activity that follows it up, when one does.
    pub activity: Option<i64>,
}

/// The change area (1–6) an activity following up a recommendation on
/// `item` belongs to: the item's own for Pemenuhan and Reform; for Hasil,
/// Pengawasan (area 5) for H.1 (birokrasi bersih dan akuntabel, IPAK) and
/// Pelayanan Publik (area 6) for H.2 (IKM).
pub fn followup_area(item: ItemCode) -> u8 {
    match item.part {
        crate::code::Part::H if item.area == 1 => 5,
        crate::code::Part::H => 6,
        _ => item.area,
    }
}

/// The activity text of a recommendation: its lines joined, at most
/// `max` characters (cut at a word, with "…").
pub fn followup_text(text: &str, max: usize) -> String {
    let joined = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    if joined.chars().count() <= max {
        return joined;
    }
    let cut: String = joined.chars().take(max.saturating_sub(1)).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// A range of years as people type it: `2027`, `2025-2027`, `2025..2027`.
pub fn parse_years(text: &str) -> Result<(i32, i32), String> {
    let text = text.trim();
    let bad =
        || format!("rentang tahun '{text}' tidak dikenal: tulis misalnya 2025-2027 atau 2026");
    let (a, b) = match text.split_once("..").or_else(|| text.split_once('-')) {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (text, text),
    };
    let a: i32 = a.parse().map_err(|_| bad())?;
    let b: i32 = b.parse().map_err(|_| bad())?;
    if !(2000..=2100).contains(&a) || !(2000..=2100).contains(&b) {
        return Err(format!("rentang tahun '{text}' di luar 2000–2100"));
    }
    if a > b {
        return Err(format!(
            "rentang tahun '{text}' terbalik: tulis tahun awal dulu, misalnya {b}-{a}"
        ));
    }
    Ok((a, b))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn code(s: &str) -> ItemCode {
        s.parse().unwrap()
    }

    #[test]
    fn lasting_documents_carry_and_yearly_ones_do_not() {
        let t = Template::default_lke();
        // SK Tim Kerja lasts; the notula of its meeting is the year's.
        assert_eq!(t.validity(code("P.1.i.a"), "sk"), Validity::Lasting);
        assert_eq!(t.validity(code("P.1.i.b"), "notula"), Validity::Yearly);
        // An SK Rencana Kerja is yearly though SKs last: the item says so.
        assert_eq!(t.validity(code("P.1.ii.a"), "sk"), Validity::Yearly);
        // A kind the item does not require is never carried on a guess.
        assert_eq!(t.validity(code("P.1.i.a"), "dokumen"), Validity::Yearly);
        assert!(carries(&t, code("P.1.i.a"), "sk", None, false, 2027));
        assert!(
            !carries(&t, code("P.1.i.a"), "sk", None, true, 2027),
            "rejected"
        );
        assert!(!carries(&t, code("P.1.i.b"), "notula", None, false, 2027));
    }

    #[test]
    fn a_lasting_document_expires_by_its_own_end_date() {
        let t = Template::default_lke();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let sk = code("P.1.i.a");
        assert_eq!(expired(&t, sk, "sk", Some(d("2027-01-01")), 2027), None);
        assert_eq!(
            expired(&t, sk, "sk", Some(d("2026-12-31")), 2027),
            Some(Expiry::Ended {
                until: d("2026-12-31")
            })
        );
        assert_eq!(
            expired(&t, code("P.1.i.b"), "notula", None, 2027),
            Some(Expiry::Yearly)
        );
        assert!(
            Expiry::Ended {
                until: d("2026-12-31")
            }
            .describe()
            .contains("31 Desember 2026")
        );
    }

    #[test]
    fn a_recommendation_becomes_an_activity_of_its_area() {
        assert_eq!(followup_area(code("P.3.ii.a")), 3);
        assert_eq!(followup_area(code("R.6.i.a")), 6);
        assert_eq!(followup_area(code("H.1.i.a")), 5);
        assert_eq!(followup_area(code("H.2.i.a")), 6);
        assert_eq!(
            followup_text("Lengkapi notula.\n\n  Tambah foto. ", 100),
            "Lengkapi notula.; Tambah foto."
        );
        let long = "kata ".repeat(50);
        let short = followup_text(&long, 40);
        assert!(
            short.chars().count() <= 40 && short.ends_with('…'),
            "{short}"
        );
    }

    #[test]
    fn year_ranges_are_read_as_people_type_them() {
        assert_eq!(parse_years("2025-2027"), Ok((2025, 2027)));
        assert_eq!(parse_years(" 2025..2027 "), Ok((2025, 2027)));
        assert_eq!(parse_years("2026"), Ok((2026, 2026)));
        assert!(parse_years("2027-2025").unwrap_err().contains("terbalik"));
        assert!(
            parse_years("dua ribu")
                .unwrap_err()
                .contains("tidak dikenal")
        );
        assert!(parse_years("1999-2001").unwrap_err().contains("2000–2100"));
    }

    #[test]
    fn the_trend_says_how_each_year_moved() {
        let t = Template::default_lke();
        let empty = crate::scoring::score(&t, &crate::scoring::Answers::new());
        let mut a = TrendYear::from_cards(
            2025,
            crate::assessment::AssessmentStatus::Final,
            &empty,
            None,
        );
        a.total = 60.0;
        let mut b = a.clone();
        b.year = 2026;
        b.total = 72.5;
        let trend = Trend::new("U".into(), "Unit".into(), vec![b, a]);
        let changes: Vec<_> = trend.years.iter().map(|y| y.change).collect();
        assert_eq!(changes, vec![None, Some(12.5)]);
        assert_eq!(trend.years[0].change_label(), "–");
        assert_eq!(trend.years[1].change_label(), "+12,50");
        assert_eq!(trend.years[0].tpi_total, None);
        assert!(trend.years[0].predicates.contains_key("wbk"));
    }
}
