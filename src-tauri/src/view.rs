//! The template tree as the front end reads it.
//!
//! Until `daduk-core`'s template types derive `specta::Type` (behind an
//! optional `specta` feature), the shell mirrors the part of `TemplateDoc` the
//! screens need in these types, so the bindings stay generated rather than
//! hand-written. Field names follow the core's so the switch to returning
//! `TemplateDoc` itself is a small change. This is a copy of shape, not of
//! logic: nothing is computed here beyond looking up evidence kind labels.

use daduk_core::template::{self, AnswerSpec, TemplateDoc};
use serde::Serialize;
use specta::Type;

/// The LKE template: its components, parts, areas, sub-areas and items.
#[derive(Debug, Clone, Serialize, Type)]
pub struct TemplateTree {
    /// Stable id, e.g. `lke-zi-2021`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// The regulation it implements.
    pub regulation: String,
    /// Sum of all component weights (100).
    pub total_weight: f64,
    /// Pengungkit and Hasil.
    pub components: Vec<Component>,
}

/// A component (komponen): Pengungkit or Hasil.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Component {
    /// `A` or `B`.
    pub code: String,
    /// `Pengungkit` or `Hasil`.
    pub name: String,
    /// Weight in points.
    pub weight: f64,
    /// Its parts.
    pub parts: Vec<Part>,
}

/// A part of a component: Pemenuhan, Reform or Hasil.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Part {
    /// `P`, `R` or `H`.
    pub part: String,
    /// Name, e.g. `Pemenuhan`.
    pub name: String,
    /// Weight in points.
    pub weight: f64,
    /// Its areas.
    pub areas: Vec<Area>,
}

/// An area of change (area perubahan) within a part.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Area {
    /// Code within the LKE, e.g. `P.1`.
    pub code: String,
    /// Name, e.g. `Manajemen Perubahan`.
    pub name: String,
    /// Weight in points.
    pub weight: f64,
    /// Its sub-areas.
    pub sub_areas: Vec<SubArea>,
}

/// A sub-area (indikator).
#[derive(Debug, Clone, Serialize, Type)]
pub struct SubArea {
    /// Code within the LKE, e.g. `P.1.i`.
    pub code: String,
    /// Name, e.g. `Penyusunan Tim Kerja`.
    pub name: String,
    /// Weight in points.
    pub weight: f64,
    /// Its items.
    pub items: Vec<Item>,
}

/// An item (butir pertanyaan).
#[derive(Debug, Clone, Serialize, Type)]
pub struct Item {
    /// Its code, e.g. `P.1.i.a`.
    pub code: String,
    /// The question.
    pub question: String,
    /// How it is answered.
    pub answer: AnswerKind,
    /// Option texts of a choice item, `a` first; empty otherwise.
    pub options: Vec<ChoiceOption>,
    /// The data dukung it requires.
    pub evidence: Vec<Evidence>,
}

/// How an item is answered.
#[derive(Debug, Clone, Copy, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// `ya` / `tidak`.
    YesNo,
    /// One letter among the options.
    Choice,
    /// Whole numbers for rows, combined by a formula.
    Counts,
    /// A survey index on a scale.
    SurveyIndex,
}

/// An option of a choice item.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ChoiceOption {
    /// `a`..`e`.
    pub letter: String,
    /// What the option says.
    pub text: String,
}

/// A kind of data dukung an item requires.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Evidence {
    /// The kind's code, e.g. `daftar_hadir`.
    pub kind: String,
    /// The kind's label, e.g. `Daftar hadir`.
    pub label: String,
    /// What documents of this kind are expected.
    pub guidance: String,
}

impl From<&TemplateDoc> for TemplateTree {
    fn from(doc: &TemplateDoc) -> Self {
        let label = |kind: &str| {
            doc.evidence_kinds
                .iter()
                .find(|k| k.code == kind)
                .map_or_else(|| kind.to_string(), |k| k.label.clone())
        };
        let item = |item: &template::Item| Item {
            code: item.code.to_string(),
            question: item.question.clone(),
            answer: match &item.answer {
                AnswerSpec::YesNo => AnswerKind::YesNo,
                AnswerSpec::Choice { .. } => AnswerKind::Choice,
                AnswerSpec::Counts { .. } => AnswerKind::Counts,
                AnswerSpec::SurveyIndex { .. } => AnswerKind::SurveyIndex,
            },
            options: match &item.answer {
                AnswerSpec::Choice { options } => options
                    .iter()
                    .map(|o| ChoiceOption {
                        letter: o.letter.to_string(),
                        text: o.text.clone(),
                    })
                    .collect(),
                _ => Vec::new(),
            },
            evidence: item
                .evidence
                .iter()
                .map(|e| Evidence {
                    kind: e.kind.clone(),
                    label: label(&e.kind),
                    guidance: e.guidance.clone(),
                })
                .collect(),
        };
        TemplateTree {
            id: doc.id.clone(),
            name: doc.name.clone(),
            regulation: doc.regulation.clone(),
            total_weight: doc.total_weight,
            components: doc
                .components
                .iter()
                .map(|c| Component {
                    code: c.code.clone(),
                    name: c.name.clone(),
                    weight: c.weight,
                    parts: c
                        .parts
                        .iter()
                        .map(|p| Part {
                            part: p.part.to_string(),
                            name: p.name.clone(),
                            weight: p.weight,
                            areas: p
                                .areas
                                .iter()
                                .map(|a| {
                                    let area_code = format!("{}.{}", p.part, a.code);
                                    Area {
                                        sub_areas: a
                                            .sub_areas
                                            .iter()
                                            .map(|s| SubArea {
                                                code: format!("{area_code}.{}", s.code),
                                                name: s.name.clone(),
                                                weight: s.weight,
                                                items: s.items.iter().map(item).collect(),
                                            })
                                            .collect(),
                                        code: area_code,
                                        name: a.name.clone(),
                                        weight: a.weight,
                                    }
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_template_keeps_its_shape() {
        let tree = TemplateTree::from(daduk_core::Template::default_lke().doc());
        let parts: Vec<&str> = tree
            .components
            .iter()
            .flat_map(|c| c.parts.iter().map(|p| p.part.as_str()))
            .collect();
        assert_eq!(parts, ["P", "R", "H"]);
        let first = &tree.components[0].parts[0].areas[0];
        assert_eq!(first.code, "P.1");
        assert_eq!(first.name, "Manajemen Perubahan");
        assert_eq!(first.sub_areas[0].code, "P.1.i");
        assert_eq!(first.sub_areas[0].items[0].code, "P.1.i.a");
        let items = tree
            .components
            .iter()
            .flat_map(|c| &c.parts)
            .flat_map(|p| &p.areas)
            .flat_map(|a| &a.sub_areas)
            .flat_map(|s| &s.items)
            .count();
        assert_eq!(items, 113);
    }
}
