//! Which data dukung stay valid from one year to the next, for a built-in
//! template: per evidence kind, with per-item exceptions, and the regulation
//! text it is read from (`assets/templates/<template id>.validity.json`).
//!
//! The rules sit in their own file, like the plan's defaults, so the LKE
//! template file — whose hash makes it the official template, and whose
//! version every printed report's fingerprint includes — stays as published.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{Template, Validity};
use crate::code::ItemCode;

/// The rules of the embedded LKE (`lke-zi-2021`).
pub const LKE_2021_JSON: &str =
    include_str!("../../../../assets/templates/lke-zi-2021.validity.json");

/// The validity rules of one template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidityRules {
    /// The template id they are for.
    pub template: String,
    /// The regulation text they are read from, and how.
    pub source: String,
    /// Per evidence kind code.
    pub kinds: BTreeMap<String, Validity>,
    /// Per item, the kinds whose rule differs from the kind's.
    pub items: BTreeMap<ItemCode, BTreeMap<String, Validity>>,
}

impl ValidityRules {
    /// The rules for `template`: the embedded file when its id matches.
    pub fn for_template(template: &Template) -> Option<&'static ValidityRules> {
        Self::embedded().filter(|r| r.template == template.id())
    }

    fn embedded() -> Option<&'static ValidityRules> {
        static RULES: OnceLock<Option<ValidityRules>> = OnceLock::new();
        // Compiled in and checked whole by the tests below; a file that did
        // not parse would leave every kind yearly (nothing carried), never a
        // wrong carry.
        RULES
            .get_or_init(|| serde_json::from_str(LKE_2021_JSON).ok())
            .as_ref()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_rules_name_only_what_the_template_knows() {
        let rules: ValidityRules = serde_json::from_str(LKE_2021_JSON).unwrap();
        let t = Template::default_lke();
        assert_eq!(rules.template, t.id());
        assert!(rules.source.contains("PermenPANRB No. 90 Tahun 2021"));
        for kind in &t.doc().evidence_kinds {
            assert!(
                rules.kinds.contains_key(&kind.code),
                "kind {} has no rule",
                kind.code
            );
        }
        for kind in rules.kinds.keys() {
            assert!(t.evidence_kind(kind).is_some(), "unknown kind {kind}");
        }
        for (item, kinds) in &rules.items {
            let required = &t.item(*item).unwrap().evidence;
            for kind in kinds.keys() {
                assert!(
                    required.iter().any(|e| &e.kind == kind),
                    "{item} does not require {kind}"
                );
            }
        }
        assert!(ValidityRules::for_template(&t).is_some());
    }
}
