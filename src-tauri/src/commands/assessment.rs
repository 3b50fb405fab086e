//! One assessment: its template, answers, scores, completeness and progress.

use std::collections::BTreeMap;

use daduk_workspace::evidence::{AbsentMark, Completeness, Evidence, ReviewTally};
use daduk_workspace::packet::Conflict;
use daduk_workspace::progress::Progress;
use daduk_workspace::references::ItemReference;
use daduk_workspace::scoring::{Agreement, agreement};
use daduk_workspace::store::AnswerRecord;
use daduk_workspace::template::TemplateDoc;
use daduk_workspace::{AnswerValue, Assessment, Error, ItemCode, Role, ScoreCard, Template, Unit};
use serde::Serialize;
use specta::Type;
use tauri::AppHandle;

use crate::error::CmdResult;
use crate::state::blocking;

/// The LKE template of an assessment, or the embedded default one.
#[tauri::command]
#[specta::specta]
pub async fn template_doc(app: AppHandle, assessment: Option<i64>) -> CmdResult<TemplateDoc> {
    match assessment {
        None => Ok(Template::default_lke().doc().clone()),
        Some(id) => {
            blocking(&app, move |ws| {
                let a = ws.assessment_by_id(id)?;
                Ok(ws.template_of(&a)?.doc().clone())
            })
            .await
        }
    }
}

/// Everything the assessment screens show, read at once.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AssessmentState {
    /// The assessment.
    pub assessment: Assessment,
    /// Its unit.
    pub unit: Unit,
    /// Every stored answer of the three sides, in LKE order.
    pub answers: Vec<AnswerRecord>,
    /// The unit's scores.
    pub unit_score: ScoreCard,
    /// TPI's scores.
    pub tpi_score: ScoreCard,
    /// TPN's scores (the national evaluation's values, recorded here).
    pub tpn_score: ScoreCard,
    /// Which items are Lengkap.
    pub completeness: Completeness,
    /// What is answered and missing, by area.
    pub progress: Progress,
    /// Items whose unit answer changed after the submission TPI reviewed.
    pub conflicts: Vec<Conflict>,
    /// What syncs with a server found changed here and there differently
    /// (the local value was kept).
    pub sync_conflicts: Vec<daduk_workspace::sync::KeptConflict>,
    /// Required kinds marked "tidak ada".
    pub absent: Vec<AbsentMark>,
    /// Evidence references kept on items (text and link, from worksheets).
    pub references: Vec<ItemReference>,
    /// TPI's and the unit's scores on the items both answered.
    pub agreement: Agreement,
    /// Files TPI rejected, with the reasons.
    pub rejected: Vec<Evidence>,
    /// TPI's verdicts on the files, counted.
    pub review: ReviewTally,
    /// Whether it came in a unit's packet: here it is reviewed, not answered
    /// for the unit.
    pub received: bool,
}

/// Everything the assessment screens show.
#[tauri::command]
#[specta::specta]
pub async fn assessment_state(app: AppHandle, assessment: i64) -> CmdResult<AssessmentState> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        let template = ws.template_of(&a)?;
        let agreement = agreement(
            &template,
            &ws.answers(&a, Role::Unit)?,
            &ws.answers(&a, Role::Tpi)?,
        );
        Ok(AssessmentState {
            agreement,
            rejected: ws.rejected_files(&a)?,
            review: ws.review_tally(&a)?,
            received: ws.is_received(a.id)?,
            unit: ws.unit(&a.unit)?,
            answers: ws.answer_records(&a)?,
            unit_score: ws.score(&a, Role::Unit)?,
            tpi_score: ws.score(&a, Role::Tpi)?,
            tpn_score: ws.score(&a, Role::Tpn)?,
            completeness: ws.completeness(&a)?,
            progress: ws.progress(&a)?,
            conflicts: ws.review_conflicts(&a)?,
            sync_conflicts: ws.open_conflicts(&a)?,
            absent: ws.absent_marks(&a)?,
            references: ws.references(&a, None)?,
            assessment: a,
        })
    })
    .await
}

/// An answer as the core reads it, before it is saved.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AnswerPreview {
    /// The canonical text that would be stored (`ya`, `b`, `a=5;b=7`, `3.61`).
    pub canonical: String,
    /// The item value, 0..1.
    pub value: f64,
    /// For counts: every row, the computed ones filled in.
    pub rows: BTreeMap<String, f64>,
    /// Why the value is what it is, where a person would wonder (every
    /// count 0 scores 1,00).
    pub explanation: Option<String>,
}

/// Parse `text` as an answer to `item` and compute its value, without
/// saving: the item pane shows a counts item's value as it is typed.
#[tauri::command]
#[specta::specta]
pub async fn preview_answer(
    app: AppHandle,
    assessment: i64,
    item: ItemCode,
    text: String,
) -> CmdResult<AnswerPreview> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        let template = ws.template_of(&a)?;
        let value = AnswerValue::parse(&template, item, &text)?;
        Ok(AnswerPreview {
            canonical: value.to_string(),
            value: value.value(&template, item),
            rows: value.counts_rows(&template, item),
            explanation: value.explanation(&template, item),
        })
    })
    .await
}

/// Save one role's answer and/or note. `value`: `None` keeps the stored
/// answer, an empty text clears it, anything else is parsed for the item.
/// `note`: `None` keeps the stored note.
#[tauri::command]
#[specta::specta]
pub async fn save_answer(
    app: AppHandle,
    assessment: i64,
    role: Role,
    item: ItemCode,
    value: Option<String>,
    note: Option<String>,
) -> CmdResult<()> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        match value.as_deref().map(str::trim) {
            Some("") => {
                ws.clear_answer(&a, role, item)?;
                if let Some(note) = &note {
                    ws.set_note(&a, role, item, note)?;
                }
            }
            Some(text) => {
                let parsed = AnswerValue::parse(&ws.template_of(&a)?, item, text)?;
                ws.set_answer(&a, role, item, &parsed, note.as_deref())?;
            }
            None => match &note {
                Some(note) => ws.set_note(&a, role, item, note)?,
                None => return Err(Error::Invalid("tidak ada yang disimpan".into())),
            },
        }
        Ok(())
    })
    .await
}
