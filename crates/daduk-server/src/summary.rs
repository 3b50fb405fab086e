//! What the overview shows of an assessment: the figures of each side,
//! computed from the stored sides by `daduk-domain` (the desktop's own
//! rules, on the same snapshot), never re-implemented here.
//!
//! Every side is read together: TPI's verdicts decide the unit's
//! completeness, and the plan's lateness depends on the day (in the
//! instansi's time zone). Figures are kept per assessment version and day,
//! so an overview of many units parses each stored side once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use daduk_domain::Role;
use daduk_domain::manifest::Manifest;
use daduk_domain::snapshot::{LateActivity, SideFigures, Snapshot, template_of};
use serde::{Deserialize, Serialize};

/// A side's figures as the overview shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideSummary {
    /// Whether the server knows the template (else no figures).
    pub scored: bool,
    /// Scores, predicates and completeness (zero when not scored).
    #[serde(flatten)]
    pub figures: SideFigures,
    /// Evidence files listed by the unit.
    pub files: usize,
    /// The plan's activities late today (the unit's plan; empty without).
    pub late_activities: Vec<LateActivity>,
}

/// Both sides' figures of one assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The unit's name as its side gives it.
    pub nama: String,
    /// Target predicate code (`wbk`, `wbbm`).
    pub target: String,
    /// The unit's side, once pushed.
    pub unit_side: Option<SideSummary>,
    /// TPI's side, once pushed.
    pub tpi_side: Option<SideSummary>,
    /// TPN's values, once recorded (a TPN side with TPN answers).
    pub tpn_side: Option<SideSummary>,
    /// Where the unit stands in the national evaluation
    /// (`tpn::standing`), once a stage is recorded.
    pub tpn_standing: Option<String>,
}

/// The figures of an assessment from its stored sides, on `today`.
pub fn figures(
    unit: Option<&Manifest>,
    tpi: Option<&Manifest>,
    tpn: Option<&Manifest>,
    today: NaiveDate,
) -> Figures {
    let any = unit.or(tpi);
    let template = any.and_then(template_of);
    let snapshot = template.map(|t| Snapshot::from_sides(t, unit, tpi).with_tpn(tpn));
    let files = any.map_or(0, |m| m.evidence.len());
    // The plan is the unit's: its late activities are the same on both sides.
    let late = snapshot
        .as_ref()
        .map(|s| s.late_activities(today))
        .unwrap_or_default();
    let side = |present: bool, role: Role| {
        present.then(|| SideSummary {
            scored: snapshot.is_some(),
            figures: snapshot
                .as_ref()
                .map(|s| s.figures(role))
                .unwrap_or_default(),
            files,
            late_activities: late.clone(),
        })
    };
    Figures {
        nama: any.map(|m| m.unit.name.clone()).unwrap_or_default(),
        target: any
            .map(|m| m.unit.target.code().to_string())
            .unwrap_or_default(),
        unit_side: side(unit.is_some(), Role::Unit),
        tpi_side: side(tpi.is_some(), Role::Tpi),
        tpn_side: side(
            tpn.is_some_and(|m| m.answers.iter().any(|a| a.role == Role::Tpn)),
            Role::Tpn,
        ),
        tpn_standing: tpn.and_then(|m| daduk_domain::tpn::standing(&m.tpn_stages)),
    }
}

/// Which stored state and day a cached entry is of.
type Key = (String, i32);
type Stamp = ([i64; 3], NaiveDate);

/// Figures kept per assessment, valid while its sides' versions (unit,
/// TPI, TPN) and the day stay the same.
#[derive(Debug, Default)]
pub struct Cache {
    entries: Mutex<HashMap<Key, (Stamp, Arc<Figures>)>>,
    /// Held while figures missing from the cache are computed.
    computing: tokio::sync::Mutex<()>,
}

impl Cache {
    /// Wait for the right to compute missing figures (one at a time).
    pub async fn computing(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.computing.lock().await
    }

    /// The cached figures of `unit` `year` at these versions on `today`.
    pub fn get(
        &self,
        unit: &str,
        year: i32,
        versions: [i64; 3],
        today: NaiveDate,
    ) -> Option<Arc<Figures>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (stamp, f) = entries.get(&(unit.to_string(), year))?;
        (*stamp == (versions, today)).then(|| f.clone())
    }

    /// Keep `f` for `unit` `year` at these versions on `today`.
    pub fn put(
        &self,
        unit: &str,
        year: i32,
        versions: [i64; 3],
        today: NaiveDate,
        f: Arc<Figures>,
    ) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.insert((unit.to_string(), year), ((versions, today), f));
    }
}
