//! The plan's two documents, signed by the Kepala:
//!
//! - *Rencana Aksi dan Target Prioritas* ([`plan_document`]): per change
//!   area the LKE items with their criteria, data dukung, Lengkap / Tidak
//!   Lengkap (from the evidence) and target period; per area the Target
//!   Prioritas grid of programs and activities with month ticks;
//!   "Ditetapkan di … Pada tanggal …", name and NIP.
//! - *Laporan Monitoring dan Evaluasi Triwulan I–IV* ([`report_document`]):
//!   plan against realisation per area and activity for the quarter's
//!   months, percent, kendala, solusi, rekomendasi and evidence; a summary
//!   chart; what is late; signed the same way.
//!
//! Each is built once as a [`Doc`](crate::model::Doc) from [`PlanData`],
//! plain data the workspace reads in one snapshot, and written either as
//! PDF ([`crate::pdf::render`]) or as DOCX ([`crate::docx::render`]), so
//! both files carry the same content.

mod monitoring;
mod rencana_aksi;

use chrono::NaiveDate;
use daduk_domain::assessment::{Assessment, Unit};
use daduk_domain::error::{Error, Result};
use daduk_domain::evidence::Completeness;
use daduk_domain::format;
use daduk_domain::plan::months::first_day;
use daduk_domain::plan::status::{ActivityView, PlanView, quarter_months};
use daduk_domain::template::Template;

use crate::model::{Doc, Signature};
use crate::report::nip;

pub use rencana_aksi::plan_document;

/// Everything a plan document shows.
#[derive(Debug, Clone)]
pub struct PlanData {
    /// The assessment's template.
    pub template: Template,
    /// The unit whose plan it is.
    pub unit: Unit,
    /// The assessment.
    pub assessment: Assessment,
    /// The plan with its figures derived on the documents' date (see
    /// [`report_as_of`]).
    pub view: PlanView,
    /// Completeness of the items' data dukung.
    pub completeness: Completeness,
    /// The date it is signed.
    pub date: NaiveDate,
    /// Where it is signed ("Ditetapkan di"); dots to fill by hand when
    /// empty.
    pub place: String,
}

/// The date a quarter's report reads its figures on: `date`, at most the
/// day after the quarter ends.
pub fn report_as_of(year: i32, q: u8, date: NaiveDate) -> NaiveDate {
    let end = quarter_months(q).last().unwrap_or(12);
    let after = if end == 12 {
        first_day(year + 1, 1)
    } else {
        first_day(year, end + 1)
    };
    after.map_or(date, |d| d.min(date))
}

/// *Laporan Monitoring dan Evaluasi Triwulan* `q` (1 to 4).
pub fn report_document(data: &PlanData, q: u8) -> Result<Doc> {
    if !(1..=4).contains(&q) {
        return Err(Error::Invalid(format!(
            "triwulan {q} tidak ada: pakai 1 sampai 4"
        )));
    }
    Ok(monitoring::report_document(data, q))
}

impl PlanData {
    pub(crate) fn predicate_name(&self) -> String {
        let t = self.unit.target;
        self.template
            .predicate(t.code())
            .map_or_else(|| t.to_string(), |p| p.name.clone())
    }

    pub(crate) fn signature(&self) -> Signature {
        let dots = "……………………";
        let place = self.place.trim();
        Signature {
            lines: vec![
                format!(
                    "Ditetapkan di : {}",
                    if place.is_empty() { dots } else { place }
                ),
                format!("Pada tanggal : {}", format::date_long(self.date)),
            ],
            role: format!("Kepala {},", self.unit.name),
            name: if self.unit.kepala_name.trim().is_empty() {
                "(………………………………………)".into()
            } else {
                self.unit.kepala_name.clone()
            },
            nip: if self.unit.kepala_nip.is_empty() {
                "NIP. ……………………………".into()
            } else {
                format!("NIP. {}", nip(&self.unit.kepala_nip))
            },
        }
    }
}

/// Activities grouped by program, in plan order: (program, its activities).
pub(crate) fn programs(activities: &[&ActivityView]) -> Vec<(String, Vec<ActivityView>)> {
    let mut out: Vec<(String, Vec<ActivityView>)> = Vec::new();
    for a in activities {
        match out.iter_mut().find(|(p, _)| *p == a.program) {
            Some((_, list)) => list.push((*a).clone()),
            None => out.push((a.program.clone(), vec![(*a).clone()])),
        }
    }
    out
}

pub(crate) fn letter(i: usize) -> char {
    char::from(b'a' + u8::try_from(i % 26).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_quarter_report_reads_its_figures_at_most_the_day_after_the_quarter() {
        assert_eq!(report_as_of(2023, 1, day(2023, 12, 5)), day(2023, 4, 1));
        assert_eq!(report_as_of(2023, 4, day(2024, 2, 1)), day(2024, 1, 1));
        assert_eq!(report_as_of(2023, 2, day(2023, 5, 20)), day(2023, 5, 20));
    }

    #[test]
    fn a_nip_is_printed_in_its_four_groups() {
        assert_eq!(nip("198001012005011001"), "19800101 200501 1 001");
        assert_eq!(nip("12345"), "12345");
    }
}
