//! The LKE template: model, loading and validation.
//!
//! The LKE is data (`assets/templates/lke-zi-2021.json`): every component,
//! part, area, sub-area, item, option, weight, formula, required evidence kind
//! and predicate threshold. The default is embedded in the binary; another
//! file can be loaded and is validated the same way.

pub mod formula;
mod model;
pub mod official;
pub mod trust;
mod typed;
mod validate;
pub mod validity;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

pub use model::*;
pub use official::{OfficialTemplate, official_hashes};
pub use validate::TemplateError;

use crate::code::{AreaCode, ItemCode, Part, SubAreaCode};
use crate::hash::Sha256;
use formula::Expr;

/// The embedded default template (LKE ZI, PermenPANRB 90/2021).
pub const DEFAULT_TEMPLATE_JSON: &str =
    include_str!("../../../../assets/templates/lke-zi-2021.json");

/// The file name shown in messages about the embedded template.
pub const DEFAULT_TEMPLATE_NAME: &str = "assets/templates/lke-zi-2021.json";

/// A validated template with lookups. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Template(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    doc: TemplateDoc,
    json: String,
    sha256: Sha256,
    order: Vec<ItemCode>,
    index: HashMap<ItemCode, ItemPos>,
    counts: HashMap<ItemCode, CountsFormula>,
}

/// Where an item sits in the tree (indices into the document's vectors).
#[derive(Debug, Clone, Copy)]
struct ItemPos {
    component: usize,
    part: usize,
    area: usize,
    sub_area: usize,
    item: usize,
}

/// The compiled formulas of a counts item.
#[derive(Debug, Clone)]
pub struct CountsFormula {
    /// The value formula.
    pub value: Expr,
    /// Computed rows, in evaluation order, with their formulas.
    pub computed: Vec<(String, Expr)>,
    /// The typed rows the value depends on (through computed rows too).
    pub reads: BTreeSet<String>,
}

/// An item with its place in the tree, for callers that list items.
#[derive(Debug, Clone, Copy)]
pub struct ItemRef<'a> {
    /// The component (A or B).
    pub component: &'a Component,
    /// The part (P, R or H).
    pub part: &'a PartDef,
    /// The area within the part.
    pub area: &'a Area,
    /// The sub-area.
    pub sub_area: &'a SubArea,
    /// The item.
    pub item: &'a Item,
}

impl Template {
    /// The embedded default template.
    pub fn default_lke() -> Template {
        // The embedded file is validated by the test suite; a failure here is a
        // build defect, not user input.
        #[allow(clippy::expect_used)]
        Template::from_json(DEFAULT_TEMPLATE_NAME, DEFAULT_TEMPLATE_JSON)
            .expect("the embedded template is valid")
    }

    /// Parse and validate a template from its JSON text. `file` names it in
    /// error messages.
    pub fn from_json(file: &str, json: &str) -> Result<Template, TemplateError> {
        let doc = validate::parse(file, json)?;
        let checked = validate::check(file, &doc)?;
        let mut index = HashMap::new();
        let mut order = Vec::new();
        for_each_item(&doc, |pos, item| {
            index.insert(item.code, pos);
            order.push(item.code);
        });
        Ok(Template(Arc::new(Inner {
            sha256: Sha256::of_bytes(json.as_bytes()),
            json: json.to_string(),
            doc,
            order,
            index,
            counts: checked.counts,
        })))
    }

    /// The document as written.
    pub fn doc(&self) -> &TemplateDoc {
        &self.0.doc
    }

    /// The JSON text it was loaded from.
    pub fn json(&self) -> &str {
        &self.0.json
    }

    /// The template's id, e.g. `lke-zi-2021`.
    pub fn id(&self) -> &str {
        &self.0.doc.id
    }

    /// SHA-256 of the JSON text: identifies this exact version.
    pub fn sha256(&self) -> Sha256 {
        self.0.sha256
    }

    /// Item codes in LKE order.
    pub fn item_codes(&self) -> &[ItemCode] {
        &self.0.order
    }

    /// Number of items.
    pub fn item_count(&self) -> usize {
        self.0.order.len()
    }

    /// An item by code.
    pub fn item(&self, code: ItemCode) -> Option<&Item> {
        self.item_ref(code).map(|r| r.item)
    }

    /// An item with its place in the tree.
    pub fn item_ref(&self, code: ItemCode) -> Option<ItemRef<'_>> {
        let pos = *self.0.index.get(&code)?;
        let component = &self.0.doc.components[pos.component];
        let part = &component.parts[pos.part];
        let area = &part.areas[pos.area];
        let sub_area = &area.sub_areas[pos.sub_area];
        Some(ItemRef {
            component,
            part,
            area,
            sub_area,
            item: &sub_area.items[pos.item],
        })
    }

    /// Every item with its place, in LKE order.
    pub fn items(&self) -> impl Iterator<Item = ItemRef<'_>> + '_ {
        self.0.order.iter().filter_map(|c| self.item_ref(*c))
    }

    /// The compiled formulas of a counts item.
    pub fn counts_formula(&self, code: ItemCode) -> Option<&CountsFormula> {
        self.0.counts.get(&code)
    }

    /// The value of option `index` (0 = `a`) of a choice item with `n` options.
    pub fn choice_value(&self, n: usize, index: usize) -> Option<f64> {
        self.0
            .doc
            .choice_values
            .get(&n.to_string())
            .and_then(|v| v.get(index))
            .copied()
    }

    /// A part by letter.
    pub fn part(&self, part: Part) -> Option<&PartDef> {
        self.0
            .doc
            .components
            .iter()
            .flat_map(|c| &c.parts)
            .find(|p| p.part == part)
    }

    /// An area within a part.
    pub fn area(&self, code: AreaCode) -> Option<&Area> {
        self.part(code.part)?
            .areas
            .iter()
            .find(|a| a.code == code.area.to_string())
    }

    /// A sub-area.
    pub fn sub_area(&self, code: SubAreaCode) -> Option<&SubArea> {
        let roman = crate::code::number_to_roman(code.sub_area)?;
        self.area(code.area_code())?
            .sub_areas
            .iter()
            .find(|s| s.code == roman)
    }

    /// An evidence kind by code.
    pub fn evidence_kind(&self, code: &str) -> Option<&EvidenceKind> {
        self.0.doc.evidence_kinds.iter().find(|k| k.code == code)
    }

    /// How long a file of `kind` on `item` counts: what the template says
    /// inline (the item's requirement, then the kind), else the rules beside
    /// a built-in template (`validity`: the item, then the kind); a kind the
    /// item does not require, or no rule at all, is yearly — nothing is
    /// carried on a guess.
    pub fn validity(&self, item: ItemCode, kind: &str) -> Validity {
        let Some(req) = self
            .item(item)
            .and_then(|i| i.evidence.iter().find(|e| e.kind == kind))
        else {
            return Validity::Yearly;
        };
        let rules = validity::ValidityRules::for_template(self);
        req.validity
            .or_else(|| rules.and_then(|r| r.items.get(&item)?.get(kind).copied()))
            .or_else(|| self.evidence_kind(kind).and_then(|k| k.validity))
            .or_else(|| rules.and_then(|r| r.kinds.get(kind).copied()))
            .unwrap_or(Validity::Yearly)
    }

    /// A predicate by code (`wbk`, `wbbm`).
    pub fn predicate(&self, code: &str) -> Option<&PredicateDef> {
        self.0.doc.predicates.iter().find(|p| p.code == code)
    }
}

/// Visit every item of a document in order, with its position.
fn for_each_item(doc: &TemplateDoc, mut f: impl FnMut(ItemPos, &Item)) {
    for (ci, c) in doc.components.iter().enumerate() {
        for (pi, p) in c.parts.iter().enumerate() {
            for (ai, a) in p.areas.iter().enumerate() {
                for (si, s) in a.sub_areas.iter().enumerate() {
                    for (ii, item) in s.items.iter().enumerate() {
                        let pos = ItemPos {
                            component: ci,
                            part: pi,
                            area: ai,
                            sub_area: si,
                            item: ii,
                        };
                        f(pos, item);
                    }
                }
            }
        }
    }
}

impl ItemRef<'_> {
    /// The code of the item's sub-area.
    pub fn sub_area_code(&self) -> SubAreaCode {
        self.item.code.sub_area_code()
    }
}

#[cfg(test)]
mod tests;
