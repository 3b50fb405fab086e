//! What the two documents show, read from the workspace in one snapshot
//! and handed to `daduk_doc::plan` as plain data.

use daduk_doc::plan::{PlanData, report_as_of};

use super::{DocumentKind, DocumentOptions};
use crate::error::Result;
use crate::store::{Assessment, Workspace};

/// Read in one snapshot. A report's figures are as of its date, at most the
/// day after its quarter ends.
pub(super) fn load(
    ws: &Workspace,
    a: &Assessment,
    kind: DocumentKind,
    options: &DocumentOptions,
) -> Result<PlanData> {
    let _snapshot = ws.conn().unchecked_transaction()?;
    let assessment = ws.assessment_by_id(a.id)?;
    let as_of = match kind {
        DocumentKind::Plan => options.date,
        DocumentKind::Report(q) => report_as_of(assessment.year, q, options.date),
    };
    Ok(PlanData {
        template: ws.template_of(&assessment)?,
        unit: ws.unit(&assessment.unit)?,
        view: ws.plan_view(&assessment, as_of)?,
        completeness: ws.completeness(&assessment)?,
        date: options.date,
        place: options.place.clone(),
        assessment,
    })
}
