//! Everything a report shows, as plain data: the workspace reads it in one
//! snapshot (`daduk_workspace::report`) and hands it here to be drawn.

use std::collections::HashMap;

use chrono::NaiveDate;
use daduk_domain::answer::{AnswerValue, Role};
use daduk_domain::assessment::{Assessment, Unit};
use daduk_domain::code::ItemCode;
use daduk_domain::evidence::{Completeness, Evidence};
use daduk_domain::format;
use daduk_domain::hash::Sha256;
use daduk_domain::references::Reference;
use daduk_domain::scoring::{Answers, ScoreCard, SideBySide};
use daduk_domain::template::{AnswerSpec, Template};
use daduk_domain::tpn::StageRecord;

/// The data of one report.
#[derive(Debug)]
pub struct ReportData {
    /// The assessment's template.
    pub template: Template,
    /// The unit assessed.
    pub unit: Unit,
    /// The assessment.
    pub assessment: Assessment,
    /// Unit's answers, then TPI's.
    pub answers: [Answers; 2],
    /// Unit's card, then TPI's.
    pub cards: [ScoreCard; 2],
    /// The note of each stored answer, by item and role.
    pub notes: HashMap<(ItemCode, Role), String>,
    /// The unit's answers still as carried from an earlier year (not
    /// answered again since), with that year: printed "dari TTTT — periksa".
    pub carried: HashMap<ItemCode, i32>,
    /// Completeness of the data dukung.
    pub completeness: Completeness,
    /// Attached files per item, in the order the workspace lists them.
    pub evidence: HashMap<ItemCode, Vec<Evidence>>,
    /// Evidence references kept on items (text and URL).
    pub references: HashMap<ItemCode, Vec<Reference>>,
    /// What each file's content makes an evaluator check (another kind
    /// than attached as, a date outside the year, the same file on other
    /// items, a required kind there by name only), by evidence id.
    pub content_findings: HashMap<i64, Vec<String>>,
    /// SHA-256 of the assessment's manifest (in every footer).
    pub manifest_sha256: Sha256,
    /// The date printed on the cover and by the signatures.
    pub date: NaiveDate,
    /// The unit's years up to this one (at most five, oldest first), when it
    /// has an earlier assessment: printed as the trend after the chart.
    pub trend: Option<daduk_domain::years::Trend>,
    /// TPN's result as recorded from the LHE, when a stage or a value of
    /// TPN is: printed as its own section (none without it).
    pub tpn: Option<TpnData>,
}

/// The national evaluation (TPN) as the workspace recorded it.
#[derive(Debug)]
pub struct TpnData {
    /// The stages the unit went through, in their order.
    pub stages: Vec<StageRecord>,
    /// The last stage and how it stands (`daduk_domain::tpn::standing`).
    pub standing: Option<String>,
    /// TPN's card, from its values per item.
    pub card: ScoreCard,
    /// The unit, TPI and TPN item by item, and each pair's agreement.
    pub sides: SideBySide,
}

impl ReportData {
    /// The note of a role's answer ("" when none).
    pub fn note(&self, item: ItemCode, role: Role) -> &str {
        self.notes.get(&(item, role)).map_or("", String::as_str)
    }
}

/// An answer as people read it: `Ya`, `b. <option text>`, the counted rows
/// with their labels, `Indeks 3,61`.
pub fn answer_label(template: &Template, item: ItemCode, value: &AnswerValue) -> String {
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
