//! The official versions of the built-in templates.
//!
//! A workspace stores every template it uses by the SHA-256 of its JSON, and
//! an assessment keeps the exact version it was created with. When a built-in
//! template changes (a predicate condition is added, a typo fixed), the older
//! version stays *official*: it is listed in
//! `assets/templates/official-hashes.txt`, so a packet made with it is still
//! recognised as using Daduk's own LKE. [`same_scoring`] says whether an
//! assessment on an older version can move to the current one without any
//! stored answer or file changing meaning (see `store::template_upgrade`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{AnswerSpec, Template};
use crate::hash::Sha256;

/// The list of earlier official versions, `sha256  id  note` per line.
pub const OFFICIAL_HASHES_TXT: &str =
    include_str!("../../../../assets/templates/official-hashes.txt");

/// One official version of a built-in template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OfficialTemplate {
    /// SHA-256 of the template's JSON text.
    pub sha256: Sha256,
    /// The template id, e.g. `lke-zi-2021`.
    pub id: String,
    /// What this version is.
    pub note: String,
    /// Whether it is the version built into this binary.
    pub current: bool,
}

/// The templates built into this binary.
pub fn built_in() -> Vec<Template> {
    vec![Template::default_lke()]
}

/// The built-in template with this id, if any.
pub fn current(id: &str) -> Option<Template> {
    built_in().into_iter().find(|t| t.id() == id)
}

/// Every official template version: the built-in ones first (`current`),
/// then every earlier version listed in `official-hashes.txt`.
pub fn official_hashes() -> Vec<OfficialTemplate> {
    static LIST: std::sync::OnceLock<Vec<OfficialTemplate>> = std::sync::OnceLock::new();
    LIST.get_or_init(list).clone()
}

fn list() -> Vec<OfficialTemplate> {
    let mut out: Vec<OfficialTemplate> = built_in()
        .iter()
        .map(|t| OfficialTemplate {
            sha256: t.sha256(),
            id: t.id().to_string(),
            note: "versi bawaan Daduk ini".into(),
            current: true,
        })
        .collect();
    for line in OFFICIAL_HASHES_TXT.lines() {
        let Some(entry) = parse_line(line) else {
            continue;
        };
        if !out.iter().any(|o| o.sha256 == entry.sha256) {
            out.push(entry);
        }
    }
    out
}

/// Whether `sha256` is an official version (current or earlier).
pub fn is_official(sha256: Sha256) -> bool {
    official_hashes().iter().any(|o| o.sha256 == sha256)
}

/// One line of `official-hashes.txt`; `None` for comments, blank lines and
/// lines that do not parse (a test checks the shipped file has none).
fn parse_line(line: &str) -> Option<OfficialTemplate> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let mut words = line.split_whitespace();
    let sha256: Sha256 = words.next()?.parse().ok()?;
    let id = words.next()?.to_string();
    let note = words.collect::<Vec<_>>().join(" ");
    Some(OfficialTemplate {
        sha256,
        id,
        note,
        current: false,
    })
}

/// Whether an assessment scored with `old` can use `new` instead with
/// nothing it stores changing meaning: the same id, items (codes, order and
/// answer specifications), weights at every level, choice values, and every
/// evidence kind of `old` still known. Texts, guidance and predicate
/// conditions may differ; that is what an upgrade brings.
pub fn same_scoring(old: &Template, new: &Template) -> bool {
    let (a, b) = (old.doc(), new.doc());
    if a.id != b.id || a.total_weight != b.total_weight || a.choice_values != b.choice_values {
        return false;
    }
    if old.item_codes() != new.item_codes() || weights(old) != weights(new) {
        return false;
    }
    let specs_equal = old.items().zip(new.items()).all(|(x, y)| {
        same_spec(&x.item.answer, &y.item.answer)
            && x.item.evidence.iter().map(|e| &e.kind).collect::<Vec<_>>()
                == y.item.evidence.iter().map(|e| &e.kind).collect::<Vec<_>>()
    });
    let kinds_new: BTreeSet<&str> = b.evidence_kinds.iter().map(|k| k.code.as_str()).collect();
    specs_equal
        && a.evidence_kinds
            .iter()
            .all(|k| kinds_new.contains(k.code.as_str()))
}

/// Whether data made with template `b` can join an assessment on template
/// `a`: the same version, or two official versions of one built-in template
/// that score alike (a packet from a Daduk one version older or newer).
pub fn interchangeable(a: &Template, b: &Template) -> bool {
    a.sha256() == b.sha256()
        || (is_official(a.sha256()) && is_official(b.sha256()) && same_scoring(a, b))
}

/// Two answer specifications that accept and score the same answers.
fn same_spec(a: &AnswerSpec, b: &AnswerSpec) -> bool {
    match (a, b) {
        (AnswerSpec::YesNo, AnswerSpec::YesNo) => true,
        (AnswerSpec::Choice { options: x }, AnswerSpec::Choice { options: y }) => {
            x.iter().map(|o| o.letter).eq(y.iter().map(|o| o.letter))
        }
        (AnswerSpec::Counts { rows: x, value: vx }, AnswerSpec::Counts { rows: y, value: vy }) => {
            vx == vy
                && x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(r, s)| r.code == s.code && r.info == s.info && r.computed == s.computed)
        }
        (
            AnswerSpec::SurveyIndex { min: a0, max: a1 },
            AnswerSpec::SurveyIndex { min: b0, max: b1 },
        ) => a0 == b0 && a1 == b1,
        _ => false,
    }
}

/// Every weight of a template by the code of its node.
fn weights(t: &Template) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for c in &t.doc().components {
        out.insert(c.code.clone(), c.weight.to_bits());
        for p in &c.parts {
            out.insert(p.part.to_string(), p.weight.to_bits());
            for a in &p.areas {
                let area = p.area_code(a).map(|k| k.to_string()).unwrap_or_default();
                for s in &a.sub_areas {
                    out.insert(format!("{area}.{}", s.code), s.weight.to_bits());
                }
                out.insert(area, a.weight.to_bits());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_parses_and_names_the_first_release() {
        let listed: Vec<&str> = OFFICIAL_HASHES_TXT
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .collect();
        for line in &listed {
            assert!(parse_line(line).is_some(), "unparsable line: {line}");
        }
        let all = official_hashes();
        assert_eq!(all.len(), listed.len() + 1, "{all:?}");
        assert!(all[0].current && all[0].sha256 == Template::default_lke().sha256());
        let first: Sha256 = "5566e49c4e68999800d15d2844623cab3e1cbcb52932384192805ef6e7a08d00"
            .parse()
            .unwrap();
        let old = all.iter().find(|o| o.sha256 == first).unwrap();
        assert_eq!((old.id.as_str(), old.current), ("lke-zi-2021", false));
        assert!(old.note.contains("H.1.ii"), "{old:?}");
        assert!(is_official(first));
        assert!(!is_official(Sha256::of_bytes(b"x")));
    }

    #[test]
    fn every_built_in_template_is_in_the_list_once_it_changes() {
        // The current file is official by being built in; an edit to it must
        // add the previous hash to the list. This test cannot see history, but
        // it checks that no listed hash is the current one twice.
        let all = official_hashes();
        let mut seen = BTreeSet::new();
        assert!(all.iter().all(|o| seen.insert(o.sha256)));
    }

    fn edited(f: impl Fn(&mut serde_json::Value)) -> Template {
        let mut v: serde_json::Value =
            serde_json::from_str(Template::default_lke().json()).unwrap();
        f(&mut v);
        Template::from_json("x.json", &v.to_string()).unwrap()
    }

    #[test]
    fn same_scoring_ignores_texts_and_predicates_but_not_weights_or_options() {
        let current = Template::default_lke();
        let texts = edited(|v| {
            v["components"][0]["parts"][0]["areas"][0]["sub_areas"][0]["items"][0]["question"] =
                "Pertanyaan lain".into();
            v["predicates"][0]["conditions"]
                .as_array_mut()
                .unwrap()
                .pop();
        });
        assert!(same_scoring(&texts, &current));
        assert!(same_scoring(&current, &texts));
        let weights = edited(|v| {
            let subs = &mut v["components"][0]["parts"][0]["areas"][0]["sub_areas"];
            subs[0]["weight"] = 0.75.into();
            subs[1]["weight"] = 0.75.into();
        });
        assert!(!same_scoring(&weights, &current));
        let options = edited(|v| {
            let item = &mut v["components"][0]["parts"][0]["areas"][0]["sub_areas"][0]["items"][1];
            item["answer"]["options"].as_array_mut().unwrap().pop();
        });
        assert!(!same_scoring(&options, &current));
        let id = edited(|v| v["id"] = "lain".into());
        assert!(!same_scoring(&id, &current));
    }
}
