//! What the overview shows of a stored side, computed once when the side is
//! pushed (scores and completeness by `daduk-core`, never re-implemented).

use std::collections::BTreeMap;

use daduk_core::Role;
use daduk_core::packet::manifest::Manifest;
use daduk_core::serverside::{score_of, template_of};
use serde::{Deserialize, Serialize};

/// A side's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SideSummary {
    /// The unit's name as the manifest gives it.
    pub nama: String,
    /// Target predicate code (`wbk`, `wbbm`).
    pub target: String,
    /// Whether the server knows the template (else no figures).
    pub scored: bool,
    /// Total score.
    pub total: f64,
    /// Pengungkit.
    pub pengungkit: f64,
    /// Hasil.
    pub hasil: f64,
    /// Items answered.
    pub answered: usize,
    /// Items in the template.
    pub items: usize,
    /// Per predicate code: eligible.
    pub predicates: BTreeMap<String, bool>,
    /// The six change areas: (name, score, weight).
    pub areas: Vec<(String, f64, f64)>,
    /// Evidence files listed.
    pub files: usize,
}

/// Summarise `role`'s side.
pub fn summarise(m: &Manifest, role: Role) -> SideSummary {
    let mut s = SideSummary {
        nama: m.unit.name.clone(),
        target: m.unit.target.code().to_string(),
        files: m.evidence.len(),
        ..SideSummary::default()
    };
    if let Some(t) = template_of(m) {
        let card = score_of(&t, m, role);
        s.scored = true;
        s.total = card.total;
        s.pengungkit = card.pengungkit;
        s.hasil = card.hasil;
        s.answered = card.answered;
        s.items = card.answered + card.unanswered;
        s.predicates = card
            .predicates
            .iter()
            .map(|(k, p)| (k.clone(), p.eligible))
            .collect();
        s.areas = card
            .change_areas
            .iter()
            .map(|a| (a.name.clone(), a.score, a.weight))
            .collect();
    }
    s
}
