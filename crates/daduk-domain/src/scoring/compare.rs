//! The unit's and TPI's scores compared fairly: only on the items both have
//! answered. Comparing the totals while TPI is still at work would show the
//! unscored items as a loss ("Selisih −45,58" after seven items).

use serde::Serialize;

use super::{Answers, score};
use crate::template::Template;

/// How far TPI's scores are from the unit's on the items both answered.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Agreement {
    /// Items both the unit and TPI answered.
    pub both: usize,
    /// Of those, items whose values differ.
    pub differ: usize,
    /// The unit's points on those items.
    pub unit: f64,
    /// TPI's points on those items.
    pub tpi: f64,
    /// `tpi - unit`: negative when TPI scores lower.
    pub difference: f64,
}

/// Compare the two answer sets on the items both answered: each side's
/// points there (as they count towards the total) and the difference.
pub fn agreement(template: &Template, unit: &Answers, tpi: &Answers) -> Agreement {
    let common = |own: &Answers, other: &Answers| -> Answers {
        own.iter()
            .filter(|(code, _)| other.contains_key(code))
            .map(|(code, v)| (*code, v.clone()))
            .collect()
    };
    let (unit_common, tpi_common) = (common(unit, tpi), common(tpi, unit));
    let differ = unit_common
        .iter()
        .filter(|(code, v)| {
            tpi_common.get(code).is_some_and(|t| {
                (t.value(template, **code) - v.value(template, **code)).abs() > 1e-9
            })
        })
        .count();
    let (u, t) = (
        score(template, &unit_common).total,
        score(template, &tpi_common).total,
    );
    Agreement {
        both: unit_common.len(),
        differ,
        unit: u,
        tpi: t,
        difference: t - u,
    }
}

/// One item as every side answered it: the answer text and the item value
/// (0..1) per side, unit, TPI, TPN, `None` where a side has not answered.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ItemSides {
    /// The item.
    pub item: crate::code::ItemCode,
    /// Answer texts: unit, TPI, TPN.
    pub answers: [Option<String>; 3],
    /// Item values 0..1: unit, TPI, TPN.
    pub values: [Option<f64>; 3],
    /// Whether the sides that answered give different values.
    pub differ: bool,
}

/// The three sides side by side: every item some side answered, with the
/// items whose values differ marked, and how far TPN's result is from the
/// unit's and from TPI's on the items each pair answered (`agreement`).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SideBySide {
    /// In LKE order.
    pub items: Vec<ItemSides>,
    /// TPN against the unit (`unit` = the unit's points, `tpi` = TPN's).
    pub tpn_vs_unit: Agreement,
    /// TPN against TPI (`unit` = TPI's points, `tpi` = TPN's).
    pub tpn_vs_tpi: Agreement,
    /// TPI against the unit.
    pub tpi_vs_unit: Agreement,
}

/// Every side's answers side by side (unit, TPI, TPN).
pub fn side_by_side(template: &Template, sides: [&Answers; 3]) -> SideBySide {
    let mut items = Vec::new();
    for &item in template.item_codes() {
        let answers = sides.map(|s| s.get(&item).map(ToString::to_string));
        if answers.iter().all(Option::is_none) {
            continue;
        }
        let values = sides.map(|s| s.get(&item).map(|v| v.value(template, item)));
        let given: Vec<f64> = values.iter().flatten().copied().collect();
        let differ = given.windows(2).any(|w| (w[0] - w[1]).abs() > 1e-9);
        items.push(ItemSides {
            item,
            answers,
            values,
            differ,
        });
    }
    let [unit, tpi, tpn] = sides;
    SideBySide {
        items,
        tpn_vs_unit: agreement(template, unit, tpn),
        tpn_vs_tpi: agreement(template, tpi, tpn),
        tpi_vs_unit: agreement(template, unit, tpi),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::AnswerValue;

    fn answers(template: &Template, pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(code, text)| {
                let code = code.parse().unwrap();
                (code, AnswerValue::parse(template, code, text).unwrap())
            })
            .collect()
    }

    #[test]
    fn only_items_both_answered_are_compared() {
        let t = Template::default_lke();
        // The unit answered many items, TPI only two of them (and one the
        // unit did not answer).
        let unit = answers(
            &t,
            &[
                ("P.1.i.a", "ya"),
                ("P.1.i.b", "a"),
                ("P.1.ii.a", "ya"),
                ("P.1.iii.a", "a"),
                ("R.1.i.a", "a=4;b=3"),
            ],
        );
        let tpi = answers(
            &t,
            &[("P.1.i.a", "tidak"), ("P.1.i.b", "a"), ("P.2.i.a", "a")],
        );
        let a = agreement(&t, &unit, &tpi);
        assert_eq!((a.both, a.differ), (2, 1));
        // P.1.i.a is worth its share of sub-area P.1.i: the unit has it, TPI
        // does not; P.1.i.b scores the same on both sides.
        let whole = score(&t, &answers(&t, &[("P.1.i.a", "ya")])).total;
        assert!(whole > 0.0);
        assert!((a.difference + whole).abs() < 1e-9, "{a:?} vs {whole}");
        // The totals would say far more.
        let naive = score(&t, &tpi).total - score(&t, &unit).total;
        assert!(naive < a.difference - 1e-6, "{naive} {a:?}");
    }

    #[test]
    fn three_sides_are_shown_item_by_item_with_their_differences() {
        let t = Template::default_lke();
        let unit = answers(&t, &[("P.1.i.a", "ya"), ("P.1.i.b", "a")]);
        let tpi = answers(&t, &[("P.1.i.a", "ya"), ("P.1.i.b", "b")]);
        let tpn = answers(
            &t,
            &[("P.1.i.a", "tidak"), ("P.1.i.b", "b"), ("P.2.i.a", "a")],
        );
        let s = side_by_side(&t, [&unit, &tpi, &tpn]);
        let codes: Vec<String> = s.items.iter().map(|i| i.item.to_string()).collect();
        assert_eq!(codes, ["P.1.i.a", "P.1.i.b", "P.2.i.a"]);
        assert!(s.items[0].differ && s.items[1].differ);
        assert_eq!(s.items[0].answers[2].as_deref(), Some("tidak"));
        assert_eq!(s.items[0].values, [Some(1.0), Some(1.0), Some(0.0)]);
        // Answered by TPN alone: nothing to differ from.
        assert!(!s.items[2].differ);
        assert_eq!((s.tpn_vs_unit.both, s.tpn_vs_unit.differ), (2, 2));
        assert_eq!((s.tpn_vs_tpi.both, s.tpn_vs_tpi.differ), (2, 1));
        assert!(s.tpn_vs_tpi.difference < 0.0, "TPN scores P.1.i.a lower");
        assert_eq!(s.tpi_vs_unit.differ, 1);
    }

    #[test]
    fn nothing_in_common_is_no_difference() {
        let t = Template::default_lke();
        let unit = answers(&t, &[("P.1.i.a", "ya")]);
        let a = agreement(&t, &unit, &Answers::new());
        assert_eq!(
            a,
            Agreement {
                both: 0,
                differ: 0,
                unit: 0.0,
                tpi: 0.0,
                difference: 0.0
            }
        );
    }
}
