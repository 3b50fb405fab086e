//! Which templates are official, and how another one differs from them.
//!
//! A template travels inside a unit's packet, and the evaluator's scores are
//! computed with it. So an evaluator's workspace trusts a template only if
//! it is official (shipped with Daduk: the embedded one, or an earlier
//! version listed in `assets/templates/official-hashes.txt`), or if its own
//! user loaded or explicitly accepted it. A template that claims an official
//! id with other content is shown with what it changes.

pub use super::official::is_official;
use super::{AnswerSpec, Template};

/// The official template with this id, if Daduk ships one (its current
/// version).
pub fn official_with_id(id: &str) -> Option<Template> {
    super::official::current(id)
}

/// What in `other` scores differently from `official`, in words, at most
/// `limit` lines (weights, choice values, options, formulas, items added or
/// removed, predicate thresholds). Texts that do not change a score are not
/// listed.
pub fn scoring_differences(official: &Template, other: &Template, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    let (a, b) = (official.doc(), other.doc());
    if a.total_weight != b.total_weight {
        out.push(format!(
            "bobot total {} → {}",
            a.total_weight, b.total_weight
        ));
    }
    for (key, values) in &a.choice_values {
        match b.choice_values.get(key) {
            Some(v) if v == values => {}
            Some(v) => out.push(format!("nilai pilihan {key}: {values:?} → {v:?}")),
            None => out.push(format!("nilai pilihan {key} dihapus")),
        }
    }
    for key in b.choice_values.keys() {
        if !a.choice_values.contains_key(key) {
            out.push(format!("nilai pilihan {key} ditambahkan"));
        }
    }
    let weights = |t: &Template| -> Vec<(String, f64)> {
        let mut w = Vec::new();
        for c in &t.doc().components {
            w.push((format!("komponen {}", c.code), c.weight));
            for p in &c.parts {
                w.push((format!("bagian {}", p.part), p.weight));
                for ar in &p.areas {
                    w.push((format!("area {}.{}", p.part, ar.code), ar.weight));
                    for s in &ar.sub_areas {
                        w.push((
                            format!("sub-area {}.{}.{}", p.part, ar.code, s.code),
                            s.weight,
                        ));
                    }
                }
            }
        }
        w
    };
    let wa = weights(official);
    let wb: std::collections::HashMap<String, f64> = weights(other).into_iter().collect();
    for (name, w) in &wa {
        match wb.get(name) {
            Some(x) if x == w => {}
            Some(x) => out.push(format!("bobot {name} {w} → {x}")),
            None => out.push(format!("{name} dihapus")),
        }
    }
    for &code in official.item_codes() {
        let (Some(x), Some(y)) = (official.item(code), other.item(code)) else {
            out.push(format!("butir {code} dihapus"));
            continue;
        };
        match (&x.answer, &y.answer) {
            (AnswerSpec::YesNo, AnswerSpec::YesNo) => {}
            (AnswerSpec::Choice { options: o1 }, AnswerSpec::Choice { options: o2 }) => {
                if o1.len() != o2.len() {
                    out.push(format!("butir {code}: {} pilihan → {}", o1.len(), o2.len()));
                }
            }
            (
                AnswerSpec::Counts {
                    rows: r1,
                    value: v1,
                },
                AnswerSpec::Counts {
                    rows: r2,
                    value: v2,
                },
            ) => {
                let f = |r: &[super::CountRow]| -> Vec<(String, Option<String>)> {
                    r.iter()
                        .map(|r| (r.code.clone(), r.computed.clone()))
                        .collect()
                };
                if v1 != v2 || f(r1) != f(r2) {
                    out.push(format!("butir {code}: rumus '{v1}' → '{v2}'"));
                }
            }
            (
                AnswerSpec::SurveyIndex { min: a1, max: b1 },
                AnswerSpec::SurveyIndex { min: a2, max: b2 },
            ) => {
                if a1 != a2 || b1 != b2 {
                    out.push(format!(
                        "butir {code}: rentang indeks {a1}–{b1} → {a2}–{b2}"
                    ));
                }
            }
            _ => out.push(format!("butir {code}: jenis jawaban berbeda")),
        }
    }
    for &code in other.item_codes() {
        if official.item(code).is_none() {
            out.push(format!("butir {code} ditambahkan"));
        }
    }
    let conditions = |t: &Template| -> Vec<String> {
        t.doc()
            .predicates
            .iter()
            .flat_map(|p| {
                p.conditions.iter().map(move |c| {
                    format!(
                        "{} {} min {:?} min_share {:?}",
                        p.code, c.scope, c.min, c.min_share
                    )
                })
            })
            .collect()
    };
    let (ca, cb) = (conditions(official), conditions(other));
    for c in &ca {
        if !cb.contains(c) {
            out.push(format!("syarat predikat diubah atau dihapus: {c}"));
        }
    }
    for c in &cb {
        if !ca.contains(c) {
            out.push(format!("syarat predikat baru: {c}"));
        }
    }
    if out.is_empty() && official.sha256() != other.sha256() {
        out.push("teks berbeda (nilai dan bobot sama)".into());
    }
    if out.len() > limit {
        let more = out.len() - limit;
        out.truncate(limit);
        out.push(format!("... dan {more} perbedaan lain"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::DEFAULT_TEMPLATE_JSON;

    #[test]
    fn the_embedded_template_is_official_and_a_changed_copy_is_not() {
        let official = Template::default_lke();
        assert!(is_official(official.sha256()));
        let mut doc: serde_json::Value = serde_json::from_str(DEFAULT_TEMPLATE_JSON).unwrap();
        doc["choice_values"]["3"] = serde_json::json!([1, 1, 1]);
        let changed = serde_json::to_string_pretty(&doc).unwrap();
        let other = Template::from_json("lain.json", &changed).unwrap();
        assert_eq!(other.id(), official.id());
        assert!(!is_official(other.sha256()));
        let diff = scoring_differences(&official, &other, 10);
        assert!(diff.iter().any(|d| d.contains("nilai pilihan")), "{diff:?}");
        let same = scoring_differences(&official, &official, 10);
        assert!(same.is_empty(), "{same:?}");
    }
}
