//! What a new plan starts from: per item a target period and a penanggung
//! jawab, from template data beside the LKE
//! (`assets/templates/<template id>.plan-defaults.json`), and which item
//! the monitoring answers (P.1.iii.a).
//!
//! The defaults sit in their own file so the LKE template file — whose
//! hash makes it the official template — stays as published.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::MonthSet;
use crate::code::{AreaCode, ItemCode};
use crate::template::Template;

/// The defaults of the embedded LKE (`lke-zi-2021`).
pub const LKE_2021_JSON: &str =
    include_str!("../../../../assets/templates/lke-zi-2021.plan-defaults.json");

/// Plan defaults for one template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanDefaults {
    /// The template id they are for.
    pub template: String,
    /// Where the periods come from.
    pub source: String,
    /// The item that asks whether the plan's activities were carried out as
    /// planned (P.1.iii.a), answered by the monitoring's suggestion.
    pub realisation_item: ItemCode,
    /// The penanggung jawab of an area's items (`P.1` → the pokja).
    pub pic: BTreeMap<AreaCode, String>,
    /// Target periods, as months text (`1-3`, `3,6,9,12`).
    pub items: BTreeMap<ItemCode, String>,
}

impl PlanDefaults {
    /// The defaults for `template`: the embedded file when its id matches,
    /// else none (every item starts without a period, PIC from nothing).
    pub fn for_template(template: &Template) -> PlanDefaults {
        match Self::embedded() {
            Some(d) if d.template == template.id() => d,
            _ => PlanDefaults {
                template: template.id().to_string(),
                source: String::new(),
                realisation_item: ItemCode {
                    part: crate::code::Part::P,
                    area: 1,
                    sub_area: 3,
                    item: 'a',
                },
                pic: BTreeMap::new(),
                items: BTreeMap::new(),
            },
        }
    }

    fn embedded() -> Option<PlanDefaults> {
        // The file is compiled in and checked by the tests below; a failure
        // would be a build defect, so it degrades to "no defaults".
        serde_json::from_str(LKE_2021_JSON).ok()
    }

    /// The default target period of an item.
    pub fn months(&self, item: ItemCode) -> MonthSet {
        self.items
            .get(&item)
            .and_then(|m| m.parse().ok())
            .unwrap_or_default()
    }

    /// The default penanggung jawab of an item (its area's).
    pub fn pic(&self, item: ItemCode) -> String {
        self.pic.get(&item.area_code()).cloned().unwrap_or_default()
    }

    /// Every problem of these defaults against `template`: unknown items,
    /// items without a period, unreadable periods, areas without a PIC.
    pub fn problems(&self, template: &Template) -> Vec<String> {
        let mut out = Vec::new();
        if self.template != template.id() {
            out.push(format!(
                "untuk templat '{}', bukan '{}'",
                self.template,
                template.id()
            ));
        }
        if template.item(self.realisation_item).is_none() {
            out.push(format!(
                "realisation_item {} tidak ada",
                self.realisation_item
            ));
        }
        for (code, months) in &self.items {
            if template.item(*code).is_none() {
                out.push(format!("butir {code} tidak ada di templat"));
            }
            match months.parse::<MonthSet>() {
                Ok(m) if m.is_empty() => out.push(format!("butir {code}: bulan kosong")),
                Ok(_) => {}
                Err(e) => out.push(format!("butir {code}: {e}")),
            }
        }
        for &code in template.item_codes() {
            if !self.items.contains_key(&code) {
                out.push(format!("butir {code} tanpa target waktu"));
            }
            if self.pic.get(&code.area_code()).is_none_or(String::is_empty) {
                out.push(format!("area {} tanpa penanggung jawab", code.area_code()));
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|p| seen.insert(p.clone()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_defaults_cover_every_item_of_the_lke() {
        let t = Template::default_lke();
        let d: PlanDefaults = serde_json::from_str(LKE_2021_JSON).unwrap();
        assert_eq!(d.problems(&t), Vec::<String>::new());
        assert_eq!(d.items.len(), t.item_count());
        let d = PlanDefaults::for_template(&t);
        let code = |s: &str| s.parse::<ItemCode>().unwrap();
        // The seed's periods (Rencana Aksi Dinkes Buleleng 2023).
        assert_eq!(d.months(code("P.1.i.a")), "1-3".parse().unwrap());
        assert_eq!(d.months(code("P.1.iii.a")), "2-6".parse().unwrap());
        assert_eq!(d.months(code("P.2.i.a")), "2-3".parse().unwrap());
        assert_eq!(d.months(code("P.3.iv.a")), "1-12".parse().unwrap());
        assert_eq!(d.months(code("P.6.v.b")), "2-12".parse().unwrap());
        // Daduk's own: surveys each quarter.
        assert_eq!(d.months(code("H.2.i.a")), "3,6,9,12".parse().unwrap());
        assert_eq!(d.pic(code("R.1.i.a")), "Pokja Manajemen Perubahan");
        assert_eq!(d.realisation_item, code("P.1.iii.a"));
    }

    #[test]
    fn problems_are_named() {
        let t = Template::default_lke();
        let mut d = PlanDefaults::for_template(&t);
        d.items.insert("P.9.i.a".parse().unwrap(), "1-3".into());
        d.items.insert("P.1.i.a".parse().unwrap(), "13".into());
        d.items.remove(&"H.1.i.a".parse().unwrap());
        d.pic.remove(&"R.2".parse().unwrap());
        let p = d.problems(&t).join("\n");
        for want in [
            "P.9.i.a tidak ada",
            "P.1.i.a: bulan 13",
            "H.1.i.a tanpa target waktu",
            "area R.2 tanpa penanggung jawab",
        ] {
            assert!(p.contains(want), "{want} in {p}");
        }
    }
}
