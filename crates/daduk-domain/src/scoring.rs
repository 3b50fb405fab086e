//! Scoring: answers → item values → sub-area → area part → area →
//! Pengungkit / Hasil / total, the WBK/WBBM checks and the biggest gains.
//!
//! Everything is computed in full precision; rounding is for display only.
//! An unanswered item counts as 0 and is reported as unanswered.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answer::AnswerValue;
use crate::code::{AreaCode, ItemCode, Part, SubAreaCode};
use crate::template::{ConditionDef, Template};

mod compare;
pub use compare::{Agreement, ItemSides, SideBySide, agreement, side_by_side};

/// Answers of one role, by item.
pub type Answers = BTreeMap<ItemCode, AnswerValue>;

/// Floating-point slack when comparing a figure with a threshold.
const EPSILON: f64 = 1e-9;

/// Every figure of one answer set.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScoreCard {
    /// Pengungkit + Hasil, 0..100.
    pub total: f64,
    /// Component A.
    pub pengungkit: f64,
    /// Component B.
    pub hasil: f64,
    /// Per part: `P`, `R`, `H`.
    pub parts: BTreeMap<Part, f64>,
    /// Per area within a part, e.g. `P.1`, `H.2`.
    pub areas: BTreeMap<AreaCode, f64>,
    /// Per sub-area, e.g. `P.1.i`.
    pub sub_areas: BTreeMap<SubAreaCode, f64>,
    /// Item values 0..1; `None` when unanswered.
    pub items: BTreeMap<ItemCode, Option<f64>>,
    /// The six change areas, Pemenuhan + Reform.
    pub change_areas: Vec<ChangeAreaScore>,
    /// Number of answered items.
    pub answered: usize,
    /// Number of unanswered items (they count as 0).
    pub unanswered: usize,
    /// The figures the official worksheet (Lampiran III) would show: there a
    /// sub-area is the mean of its *answered* items (an empty cell is skipped
    /// by `AVERAGE`), not of all items. Shown beside the score, labelled
    /// "menurut lembar kerja resmi"; predicates use the score above.
    pub official: OfficialScore,
    /// Per predicate code (`wbk`, `wbbm`).
    pub predicates: BTreeMap<String, PredicateResult>,
    /// Points each sub-area still lacks, biggest first; complete ones left out.
    pub gaps: Vec<Gap>,
}

impl ScoreCard {
    /// The score of a component of this kind.
    pub fn component(&self, kind: crate::template::ComponentKind) -> f64 {
        match kind {
            crate::template::ComponentKind::Pengungkit => self.pengungkit,
            crate::template::ComponentKind::Hasil => self.hasil,
        }
    }
}

/// The figures as the official worksheet computes them: each sub-area is
/// the mean of its answered items times its weight (0 when none is
/// answered), summed up the same way as the score.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OfficialScore {
    /// Pengungkit + Hasil.
    pub total: f64,
    /// Component A.
    pub pengungkit: f64,
    /// Component B.
    pub hasil: f64,
    /// Per part: `P`, `R`, `H`.
    pub parts: BTreeMap<Part, f64>,
    /// Per area within a part.
    pub areas: BTreeMap<AreaCode, f64>,
    /// Per sub-area.
    pub sub_areas: BTreeMap<SubAreaCode, f64>,
}

/// A change area (area perubahan): its Pemenuhan and Reform parts together.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChangeAreaScore {
    /// Area number, 1..6.
    pub area: u8,
    /// Area name.
    pub name: String,
    /// Pemenuhan part score.
    pub pemenuhan: f64,
    /// Reform part score.
    pub reform: f64,
    /// Pemenuhan + Reform.
    pub score: f64,
    /// Weight of both parts.
    pub weight: f64,
    /// Score as a share of the weight, 0..1.
    pub share: f64,
}

/// The check of one predicate.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PredicateResult {
    /// Full name, e.g. `Wilayah Bebas dari Korupsi (WBK)`.
    pub name: String,
    /// Whether every condition holds.
    pub eligible: bool,
    /// Every condition with its figure.
    pub conditions: Vec<ConditionResult>,
    /// The conditions that do not hold.
    pub failed: Vec<ConditionResult>,
    /// Where the thresholds come from.
    pub source: String,
}

/// One condition of a predicate, evaluated.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConditionResult {
    /// The figure's scope, e.g. `total`, `A`, `P.1+R.1`, `H.1.i`.
    pub scope: String,
    /// What it is, in Indonesian, e.g. `Nilai total`.
    pub label: String,
    /// The figure.
    pub value: f64,
    /// The minimum it must reach.
    pub threshold: f64,
    /// Whether it does.
    pub passed: bool,
    /// Where the condition comes from, when the template names a source for
    /// it apart from the predicate's.
    pub source: Option<String>,
}

/// What a sub-area still lacks.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Gap {
    /// The sub-area.
    pub sub_area: SubAreaCode,
    /// Its name.
    pub name: String,
    /// Its score now.
    pub score: f64,
    /// Its weight.
    pub weight: f64,
    /// Weight minus score.
    pub lacking: f64,
    /// How many of its items are unanswered.
    pub unanswered: usize,
}

/// Score one answer set against a template.
pub fn score(template: &Template, answers: &Answers) -> ScoreCard {
    let doc = template.doc();
    let mut card = ScoreCard {
        total: 0.0,
        pengungkit: 0.0,
        hasil: 0.0,
        parts: BTreeMap::new(),
        areas: BTreeMap::new(),
        sub_areas: BTreeMap::new(),
        items: BTreeMap::new(),
        change_areas: Vec::new(),
        answered: 0,
        unanswered: 0,
        official: OfficialScore::default(),
        predicates: BTreeMap::new(),
        gaps: Vec::new(),
    };
    let mut components = BTreeMap::new();
    let mut official = OfficialScore::default();
    for component in &doc.components {
        let mut component_score = 0.0;
        let mut component_official = 0.0;
        for part in &component.parts {
            let mut part_score = 0.0;
            let mut part_official = 0.0;
            for area in &part.areas {
                let mut area_score = 0.0;
                let mut area_official = 0.0;
                for sub in &area.sub_areas {
                    let mut sum = 0.0;
                    let mut answered_sum = 0.0;
                    let mut answered = 0usize;
                    for item in &sub.items {
                        let value = answers
                            .get(&item.code)
                            .map(|a| a.value(template, item.code));
                        card.items.insert(item.code, value);
                        if let Some(v) = value {
                            sum += v;
                            answered_sum += v;
                            answered += 1;
                        }
                    }
                    let n = sub.items.len();
                    let sub_score = sum / n as f64 * sub.weight;
                    let Some(first) = sub.items.first() else {
                        continue;
                    };
                    let sub_code = first.code.sub_area_code();
                    card.sub_areas.insert(sub_code, sub_score);
                    card.answered += answered;
                    card.unanswered += n - answered;
                    let sub_official = if answered > 0 {
                        answered_sum / answered as f64 * sub.weight
                    } else {
                        0.0
                    };
                    official.sub_areas.insert(sub_code, sub_official);
                    area_official += sub_official;
                    let lacking = sub.weight - sub_score;
                    if lacking > EPSILON {
                        card.gaps.push(Gap {
                            sub_area: sub_code,
                            name: sub.name.clone(),
                            score: sub_score,
                            weight: sub.weight,
                            lacking,
                            unanswered: n - answered,
                        });
                    }
                    area_score += sub_score;
                }
                if let Some(code) = area_code(part.part, &area.code) {
                    card.areas.insert(code, area_score);
                    official.areas.insert(code, area_official);
                }
                part_score += area_score;
                part_official += area_official;
            }
            card.parts.insert(part.part, part_score);
            official.parts.insert(part.part, part_official);
            component_score += part_score;
            component_official += part_official;
        }
        components.insert(component.code.clone(), component_score);
        card.total += component_score;
        official.total += component_official;
        match component.code.as_str() {
            "A" => official.pengungkit = component_official,
            "B" => official.hasil = component_official,
            _ => {}
        }
    }
    card.pengungkit = components.get("A").copied().unwrap_or(0.0);
    card.hasil = components.get("B").copied().unwrap_or(0.0);
    card.official = official;
    card.change_areas = change_areas(template, &card);
    card.gaps.sort_by(|a, b| {
        b.lacking
            .total_cmp(&a.lacking)
            .then_with(|| a.sub_area.cmp(&b.sub_area))
    });
    for pred in &doc.predicates {
        let conditions: Vec<ConditionResult> = pred
            .conditions
            .iter()
            .flat_map(|c| evaluate(template, &card, &components, c))
            .collect();
        let failed: Vec<ConditionResult> =
            conditions.iter().filter(|c| !c.passed).cloned().collect();
        card.predicates.insert(
            pred.code.clone(),
            PredicateResult {
                name: pred.name.clone(),
                eligible: failed.is_empty(),
                conditions,
                failed,
                source: pred.source.clone(),
            },
        );
    }
    card
}

fn area_code(part: Part, code: &str) -> Option<AreaCode> {
    Some(AreaCode {
        part,
        area: code.parse().ok()?,
    })
}

/// The change areas: every area number that Pemenuhan or Reform has.
fn change_areas(template: &Template, card: &ScoreCard) -> Vec<ChangeAreaScore> {
    let mut out: BTreeMap<u8, ChangeAreaScore> = BTreeMap::new();
    for part in [Part::P, Part::R] {
        let Some(def) = template.part(part) else {
            continue;
        };
        for area in &def.areas {
            let Some(code) = area_code(part, &area.code) else {
                continue;
            };
            let score = card.areas.get(&code).copied().unwrap_or(0.0);
            let entry = out.entry(code.area).or_insert_with(|| ChangeAreaScore {
                area: code.area,
                name: area.name.clone(),
                pemenuhan: 0.0,
                reform: 0.0,
                score: 0.0,
                weight: 0.0,
                share: 0.0,
            });
            match part {
                Part::P => entry.pemenuhan = score,
                _ => entry.reform = score,
            }
            entry.score += score;
            entry.weight += area.weight;
        }
    }
    out.into_values()
        .map(|mut a| {
            a.share = if a.weight > 0.0 {
                a.score / a.weight
            } else {
                0.0
            };
            a
        })
        .collect()
}

/// A condition's figure, label and weight.
fn figure(
    template: &Template,
    card: &ScoreCard,
    components: &BTreeMap<String, f64>,
    scope: &str,
) -> Option<(f64, String, f64)> {
    let doc = template.doc();
    if scope == "total" {
        return Some((card.total, "Nilai total".into(), doc.total_weight));
    }
    if let Some(c) = doc.components.iter().find(|c| c.code == scope) {
        return Some((*components.get(scope)?, c.name.clone(), c.weight));
    }
    let pieces: Vec<&str> = scope.split('.').collect();
    let part = Part::ALL.into_iter().find(|p| p.to_string() == pieces[0])?;
    let def = template.part(part)?;
    match pieces.len() {
        1 => Some((*card.parts.get(&part)?, def.name.clone(), def.weight)),
        2 => {
            let code: AreaCode = scope.parse().ok()?;
            let area = template.area(code)?;
            Some((
                *card.areas.get(&code)?,
                format!("{scope} {}", area.name),
                area.weight,
            ))
        }
        3 => {
            let code: SubAreaCode = scope.parse().ok()?;
            let sub = template.sub_area(code)?;
            Some((
                *card.sub_areas.get(&code)?,
                format!("{scope} {}", sub.name),
                sub.weight,
            ))
        }
        _ => None,
    }
}

fn evaluate(
    template: &Template,
    card: &ScoreCard,
    components: &BTreeMap<String, f64>,
    cond: &ConditionDef,
) -> Vec<ConditionResult> {
    let threshold = |weight: f64| match (cond.min, cond.min_share) {
        (Some(m), _) => m,
        (None, Some(s)) => s * weight,
        (None, None) => 0.0,
    };
    let result = |scope: String, label: String, value: f64, threshold: f64| ConditionResult {
        passed: value + EPSILON >= threshold,
        scope,
        label,
        value,
        threshold,
        source: cond.source.clone(),
    };
    if cond.scope == "each_change_area" {
        return card
            .change_areas
            .iter()
            .map(|a| {
                result(
                    format!("P.{0}+R.{0}", a.area),
                    format!("Area {} {} (Pemenuhan + Reform)", a.area, a.name),
                    a.score,
                    threshold(a.weight),
                )
            })
            .collect();
    }
    // The template loader has checked that every scope exists.
    match figure(template, card, components, &cond.scope) {
        Some((value, label, weight)) => {
            vec![result(cond.scope.clone(), label, value, threshold(weight))]
        }
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
