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
