//! TPN's result for an assessment: the national evaluation's stages as the
//! unit went through them, where it stands, TPN's score card, and the
//! three sides (unit, TPI, TPN) side by side. TPN's values and notes per
//! item are saved like the other sides' (`save_answer` with `role: tpn`).

use daduk_workspace::scoring::SideBySide;
use daduk_workspace::tpn::{self, Outcome, Stage, StageRecord};
use daduk_workspace::{Error, Role, ScoreCard};
use serde::Serialize;
use specta::Type;
use tauri::AppHandle;

use crate::error::CmdResult;
use crate::state::blocking;

/// An outcome a stage may end with, and how people read it after that
/// stage.
#[derive(Debug, Clone, Serialize, Type)]
pub struct OutcomeChoice {
    /// The outcome.
    pub outcome: Outcome,
    /// `lolos`, `tidak lolos`, `predikat WBK`, `belum memperoleh predikat`.
    pub label: String,
}

/// One stage of the national evaluation, recorded or not.
#[derive(Debug, Clone, Serialize, Type)]
pub struct StageView {
    /// Which stage.
    pub stage: Stage,
    /// For people: `Seleksi administrasi`.
    pub label: String,
    /// The outcomes it may end with (`tpn::check` has the last word).
    pub outcomes: Vec<OutcomeChoice>,
    /// What is recorded of it, if anything.
    pub record: Option<StageRecord>,
}

/// TPN's result for an assessment, read at once.
#[derive(Debug, Clone, Serialize, Type)]
pub struct TpnState {
    /// The six stages in order, each with what is recorded of it.
    pub stages: Vec<StageView>,
    /// Where the unit stands (`Hasil: predikat WBK, 10 Desember 2026`);
    /// none before any stage is recorded.
    pub standing: Option<String>,
    /// TPN's scores.
    pub score: ScoreCard,
    /// Unit, TPI and TPN item by item, with each pair's agreement.
    pub sides: SideBySide,
}

/// The outcomes a stage may end with (`Stage::outcomes`), labelled.
fn outcomes(stage: Stage) -> Vec<OutcomeChoice> {
    stage
        .outcomes()
        .iter()
        .map(|&outcome| OutcomeChoice {
            outcome,
            label: outcome.label(stage).to_string(),
        })
        .collect()
}

/// TPN's result for an assessment: stages, standing, score and the three
/// sides side by side.
#[tauri::command]
#[specta::specta]
pub async fn tpn_state(app: AppHandle, assessment: i64) -> CmdResult<TpnState> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        let records = ws.tpn_stages(&a)?;
        let stages = Stage::ALL
            .iter()
            .map(|&stage| StageView {
                stage,
                label: stage.label().to_string(),
                outcomes: outcomes(stage),
                record: records.iter().find(|r| r.stage == stage).cloned(),
            })
            .collect();
        Ok(TpnState {
            stages,
            standing: tpn::standing(&records),
            score: ws.score(&a, Role::Tpn)?,
            sides: ws.side_by_side(&a)?,
        })
    })
    .await
}

/// Record one stage: its date as people type it (`12/08/2026`,
/// `12 Agustus 2026`), how it ended (none while under way) and a note.
/// Refused, with the stage named, when the history it makes cannot be.
#[tauri::command]
#[specta::specta]
pub async fn set_tpn_stage(
    app: AppHandle,
    assessment: i64,
    stage: Stage,
    date: String,
    outcome: Option<Outcome>,
    note: String,
) -> CmdResult<()> {
    blocking(&app, move |ws| {
        let record = StageRecord::typed(stage, &date, outcome, &note).map_err(Error::Invalid)?;
        let a = ws.assessment_by_id(assessment)?;
        ws.set_tpn_stage(&a, &record)
    })
    .await
}

/// Remove a recorded stage (refused while a later one follows it); `false`
/// when it was not recorded.
#[tauri::command]
#[specta::specta]
pub async fn clear_tpn_stage(app: AppHandle, assessment: i64, stage: Stage) -> CmdResult<bool> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.clear_tpn_stage(&a, stage)
    })
    .await
}
