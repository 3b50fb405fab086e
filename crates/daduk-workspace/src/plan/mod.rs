//! The plan of an assessment year (Rencana Aksi dan Target Prioritas) and
//! its monthly monitoring.
//!
//! Per LKE item the plan holds a target period (months), a penanggung jawab
//! and a note; per change area it holds programs and their activities
//! (implementasi program) with the months they run, the outcome they aim
//! for, the PIC, the expected output kinds and the items they serve.
//! Monitoring records, per activity and planned month, what was realised
//! (selesai / sebagian / belum) with kendala, solusi, rekomendasi and the
//! evidence files that prove it. A month with no realisation recorded is
//! *belum dicatat*, its own state: never done, also when a kendala or a note
//! was already written for it.
//!
//! Everything the team reads off the plan — what is due, done and late on
//! a date, the on-schedule share per area, the suggested answer to
//! P.1.iii.a — is derived here ([`status`]), never typed. The store
//! (`store/plan.rs`) keeps the rows; the documents ([`document`]) print
//! them; [`sheet`] reads the Target Prioritas tables teams already keep.

pub mod document;
pub mod sheet;

pub use daduk_domain::plan::*;
pub use daduk_domain::plan::{defaults, months, status};

use chrono::NaiveDate;

pub use crate::store::plan::SheetImport;
pub use months::MonthSet;
pub use status::{PlanView, Summary, view};

use crate::error::Result;
use crate::evidence::Completeness;
use crate::store::{Assessment, Workspace};

/// The longest text a plan field may hold (characters): the one bound of
/// every text field ([`crate::text::MAX_TEXT`]).
pub use crate::text::MAX_TEXT;

/// Today, on this computer's calendar (the date plans are read on unless
/// another is asked for).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

impl Workspace {
    /// The plan of an assessment with everything derived on `date`: due,
    /// done, late, on schedule, this month's work and the suggestion for
    /// P.1.iii.a (items' completeness as it is now).
    pub fn plan_view(&self, a: &Assessment, date: NaiveDate) -> Result<PlanView> {
        let completeness = self.completeness(a)?;
        self.plan_view_with(a, &completeness, date)
    }

    /// [`Workspace::plan_view`] with the completeness already at hand.
    pub fn plan_view_with(
        &self,
        a: &Assessment,
        completeness: &Completeness,
        date: NaiveDate,
    ) -> Result<PlanView> {
        let template = self.template_of(a)?;
        let plan = self.plan(a)?;
        let complete = completeness
            .items
            .iter()
            .map(|(code, c)| (*code, c.complete))
            .collect();
        Ok(view(&template, &plan, &complete, a.year, date))
    }
}

#[cfg(test)]
pub(crate) mod tests;
