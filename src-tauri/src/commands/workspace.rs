//! The workspace, its units and their assessments.

use daduk_workspace::overview::UnitOverview;
use daduk_workspace::store::{FieldProblem, unit_problems};
use daduk_workspace::{Assessment, AssessmentStatus, Error, NewUnit, Role, Unit};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Manager, State};

use crate::error::CmdResult;
use crate::settings::{self, Settings};
use crate::state::{AppState, blocking};

/// The workspace in use.
#[derive(Debug, Clone, Serialize, Type)]
pub struct WorkspaceInfo {
    /// Its folder, once one was chosen.
    pub path: Option<String>,
    /// Why it could not be opened, if it could not.
    pub error: Option<String>,
    /// The shared default folder (the CLI's too).
    pub default_path: Option<String>,
    /// Whether the folder in use is that default.
    pub is_default: bool,
    /// Whether `DADUK_WORKSPACE` chose it.
    pub from_env: bool,
    /// Who the audit log names for changes made here.
    pub actor: String,
    /// Whose workspace it is: a unit's Tim Kerja (`unit`) or an evaluator's
    /// (`tpi`); `None` until the person said so (the app asks once).
    pub role: Option<Role>,
}

fn info(state: &AppState) -> CmdResult<WorkspaceInfo> {
    let status = state.status()?;
    // A workspace that did not open has no role to read.
    let role = state.with(|ws| ws.workspace_role()).unwrap_or(None);
    let default = daduk_workspace::store::default_workspace_dir().ok();
    let from_env =
        std::env::var_os(daduk_workspace::store::WORKSPACE_ENV).is_some_and(|v| !v.is_empty());
    Ok(WorkspaceInfo {
        path: status.dir.as_ref().map(|d| d.display().to_string()),
        error: status.error,
        is_default: status.dir.is_some() && status.dir == default,
        default_path: default.map(|d| d.display().to_string()),
        from_env,
        actor: status.actor,
        role,
    })
}

/// Open the workspace the app starts on (see [`settings::startup_workspace`]).
pub fn open_at_startup(app: &AppHandle) {
    let state = app.state::<AppState>();
    let remembered = app
        .path()
        .app_config_dir()
        .map(|dir| Settings::load(&dir))
        .unwrap_or_default();
    match settings::startup_workspace(&remembered) {
        // A failure is kept in the state and shown on the start screen.
        Ok(dir) => drop(state.open(&dir)),
        Err(message) => eprintln!("Daduk: {message}"),
    }
}

/// The workspace in use.
#[tauri::command]
#[specta::specta]
pub async fn workspace_info(state: State<'_, AppState>) -> CmdResult<WorkspaceInfo> {
    info(&state)
}

/// Use the workspace in `path` (created when the folder has none) and
/// remember it for the next start.
#[tauri::command]
#[specta::specta]
pub async fn open_workspace(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<WorkspaceInfo> {
    let dir = crate::paths::absolute(&path, "folder ruang kerja")?;
    state.open(&dir)?;
    if let Ok(config) = app.path().app_config_dir() {
        let settings = Settings {
            last_workspace: Some(dir),
        };
        // Not remembering only costs a click at the next start.
        let _ = settings.save(&config);
    }
    info(&state)
}

/// Every unit with its assessments in figures.
#[tauri::command]
#[specta::specta]
pub async fn workspace_overview(app: AppHandle) -> CmdResult<Vec<UnitOverview>> {
    blocking(&app, |ws| ws.overview()).await
}

/// Create a unit.
#[tauri::command]
#[specta::specta]
pub async fn add_unit(app: AppHandle, unit: NewUnit) -> CmdResult<Unit> {
    blocking(&app, move |ws| ws.add_unit(&unit)).await
}

/// Start a unit's assessment for a year with the embedded LKE.
#[tauri::command]
#[specta::specta]
pub async fn new_assessment(app: AppHandle, unit: String, year: i32) -> CmdResult<Assessment> {
    blocking(&app, move |ws| ws.new_assessment(&unit, year, None)).await
}

/// A new year started from an earlier one, and what it took from it.
#[derive(Debug, serde::Serialize, specta::Type)]
pub struct NewYear {
    /// The new assessment.
    pub assessment: Assessment,
    /// What came from the earlier year.
    pub carry: daduk_workspace::years::CarryOver,
}

/// Start a unit's assessment for `year` from its assessment of `from`:
/// answers and notes marked to check, lasting files carried by hash.
#[tauri::command]
#[specta::specta]
pub async fn new_assessment_from(
    app: AppHandle,
    unit: String,
    year: i32,
    from: i32,
) -> CmdResult<NewYear> {
    blocking(&app, move |ws| {
        let (assessment, carry) = ws.new_assessment_from(&unit, year, from, None)?;
        Ok(NewYear { assessment, carry })
    })
    .await
}

/// A unit's years side by side (oldest first), from `first` to `last`.
#[tauri::command]
#[specta::specta]
pub async fn unit_trend(
    app: AppHandle,
    unit: String,
    first: i32,
    last: i32,
) -> CmdResult<daduk_workspace::years::Trend> {
    blocking(&app, move |ws| ws.trend(&unit, first, last)).await
}

/// Say whose workspace this is; the app shapes its start screen by it.
#[tauri::command]
#[specta::specta]
pub async fn set_workspace_role(
    app: AppHandle,
    state: State<'_, AppState>,
    role: Role,
) -> CmdResult<WorkspaceInfo> {
    // TPN is recorded by a unit's or a TPI's workspace, never one's own.
    if !Role::ROLES.contains(&role) {
        return Err(
            format!("ruang kerja milik Tim Kerja unit atau penilai (TPI), bukan {role}").into(),
        );
    }
    blocking(&app, move |ws| ws.set_workspace_role(role)).await?;
    info(&state)
}

/// Record that the person agreed, in the app's confirmation, to write the
/// side of an assessment that is not this workspace's own; the changes that
/// follow are read in the log as made on purpose.
#[tauri::command]
#[specta::specta]
pub async fn note_other_side(app: AppHandle, assessment: i64, side: Role) -> CmdResult<()> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.note_other_side(&a, side, "dikonfirmasi di aplikasi")
    })
    .await
}

/// Every problem with a unit's fields, each for its field, so the form can
/// say it where it is typed. `creating`: also whether the code is taken.
#[tauri::command]
#[specta::specta]
pub async fn check_unit(
    app: AppHandle,
    unit: NewUnit,
    creating: bool,
) -> CmdResult<Vec<FieldProblem>> {
    blocking(&app, move |ws| {
        let mut problems = unit_problems(&unit);
        let code_ok = problems.iter().all(|p| p.field != "code");
        if creating && code_ok && ws.unit(unit.code.trim()).is_ok() {
            problems.insert(
                0,
                FieldProblem {
                    field: "code".into(),
                    message: format!(
                        "kode unit '{}' sudah dipakai unit lain di ruang kerja ini; pilih kode lain",
                        unit.code.trim()
                    ),
                },
            );
        }
        if let Some(parent) = unit.parent.as_deref().filter(|p| !p.trim().is_empty())
            && ws.unit(parent).is_err()
        {
            problems.push(FieldProblem {
                field: "parent".into(),
                message: format!("unit induk '{parent}' tidak ada; daftarkan dulu atau kosongkan"),
            });
        }
        Ok(problems)
    })
    .await
}

/// Change a unit's details (its code stays).
#[tauri::command]
#[specta::specta]
pub async fn update_unit(app: AppHandle, code: String, unit: NewUnit) -> CmdResult<Unit> {
    blocking(&app, move |ws| ws.update_unit(&code, &unit)).await
}

/// Move an assessment to another status (Draf, Diajukan, Direviu, Final).
#[tauri::command]
#[specta::specta]
pub async fn set_assessment_status(
    app: AppHandle,
    assessment: i64,
    status: AssessmentStatus,
) -> CmdResult<Assessment> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        if a.status == status {
            return Err(Error::Invalid(format!(
                "penilaian {} {} sudah berstatus {}",
                a.unit,
                a.year,
                status.label()
            )));
        }
        ws.set_status(&a, status)
    })
    .await
}
