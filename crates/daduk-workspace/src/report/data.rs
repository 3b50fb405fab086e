//! Everything a report shows, read from the workspace in one snapshot.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::manifest::build_manifest;
use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::error::Result;
use crate::evidence::{Completeness, Evidence};
use crate::format;
use crate::hash::Sha256;
use crate::scoring::{Answers, ScoreCard, score};
use crate::store::{AnswerRecord, Assessment, Unit, Workspace};
use crate::template::{AnswerSpec, Template};

/// The data of one report.
#[derive(Debug)]
pub(crate) struct ReportData {
    pub template: Template,
    pub unit: Unit,
    pub assessment: Assessment,
    /// Unit's answers, then TPI's.
    pub answers: [Answers; 2],
    /// Unit's card, then TPI's.
    pub cards: [ScoreCard; 2],
    pub records: HashMap<(ItemCode, Role), AnswerRecord>,
    pub completeness: Completeness,
    /// Attached files per item, in the order `evidence_list` gives.
    pub evidence: HashMap<ItemCode, Vec<Evidence>>,
    /// Evidence references kept on items (text and URL).
    pub references: HashMap<ItemCode, Vec<crate::references::Reference>>,
    pub manifest_sha256: Sha256,
    pub date: NaiveDate,
}

impl ReportData {
    /// Read everything inside one read transaction, so the figures, the
    /// lists and the manifest hash describe the same state even while
    /// another process writes.
    pub fn load(ws: &Workspace, a: &Assessment, date: NaiveDate) -> Result<ReportData> {
        let snapshot = ws.conn().unchecked_transaction()?;
        let assessment = ws.assessment_by_id(a.id)?;
        let template = ws.template_of(&assessment)?;
        let unit = ws.unit(&assessment.unit)?;
        let answers = [
            ws.answers(&assessment, Role::Unit)?,
            ws.answers(&assessment, Role::Tpi)?,
        ];
        let cards = [score(&template, &answers[0]), score(&template, &answers[1])];
        let records = ws
            .answer_records(&assessment)?
            .into_iter()
            .map(|r| ((r.item, r.role), r))
            .collect();
        let completeness = ws.completeness(&assessment)?;
        let mut evidence: HashMap<ItemCode, Vec<Evidence>> = HashMap::new();
        for e in ws.evidence_list(&assessment, None)? {
            evidence.entry(e.item).or_default().push(e);
        }
        let mut references: HashMap<ItemCode, Vec<_>> = HashMap::new();
        for r in ws.references(&assessment, None)? {
            references.entry(r.item).or_default().push(r.reference);
        }
        let manifest_sha256 = build_manifest(ws, &assessment)?.sha256();
        snapshot.rollback()?;
        Ok(ReportData {
            template,
            unit,
            assessment,
            answers,
            cards,
            records,
            completeness,
            evidence,
            references,
            manifest_sha256,
            date,
        })
    }

    /// The note of a role's answer ("" when none).
    pub fn note(&self, item: ItemCode, role: Role) -> &str {
        self.records
            .get(&(item, role))
            .map_or("", |r| r.note.as_str())
    }
}

/// An answer as people read it: `Ya`, `b. <option text>`, the counted rows
/// with their labels, `Indeks 3,61`.
pub(crate) fn answer_label(template: &Template, item: ItemCode, value: &AnswerValue) -> String {
    let Some(def) = template.item(item) else {
        return value.to_string();
    };
    match (value, &def.answer) {
        (AnswerValue::YesNo(true), _) => "Ya".into(),
        (AnswerValue::YesNo(false), _) => "Tidak".into(),
        (AnswerValue::Choice(c), AnswerSpec::Choice { options }) => options
            .iter()
            .find(|o| o.letter == *c)
            .map_or_else(|| c.to_string(), |o| format!("{c}. {}", o.text)),
        (AnswerValue::Counts(_), AnswerSpec::Counts { rows, .. }) => {
            let values = value.counts_rows(template, item);
            let why = value
                .explanation(template, item)
                .map(|w| format!(" ({w})"))
                .unwrap_or_default();
            let listed = rows
                .iter()
                .filter_map(|r| {
                    let v = values.get(&r.code)?;
                    let places = if v.fract() == 0.0 { 0 } else { 2 };
                    Some(format!(
                        "{}. {}: {}",
                        r.code,
                        r.label,
                        format::number(*v, places)
                    ))
                })
                .collect::<Vec<_>>()
                .join("; ");
            format!("{listed}{why}")
        }
        (AnswerValue::SurveyIndex(x), _) => format!("Indeks {}", format::number(*x, 2)),
        _ => value.to_string(),
    }
}
