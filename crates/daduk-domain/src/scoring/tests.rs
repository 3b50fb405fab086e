use super::*;
use crate::template::AnswerSpec;

fn lke() -> Template {
    Template::default_lke()
}

fn answers(t: &Template, list: &[(&str, &str)]) -> Answers {
    list.iter()
        .map(|(c, a)| {
            let code: ItemCode = c.parse().unwrap();
            (code, AnswerValue::parse(t, code, a).unwrap())
        })
        .collect()
}

/// The best or the worst answer the item allows, found by trying them.
fn extreme(t: &Template, code: ItemCode, best: bool) -> AnswerValue {
    let item = t.item(code).unwrap();
    let candidates: Vec<String> = match &item.answer {
        AnswerSpec::YesNo => vec!["ya".into(), "tidak".into()],
        AnswerSpec::Choice { options } => options.iter().map(|o| o.letter.to_string()).collect(),
        AnswerSpec::SurveyIndex { min, max } => vec![min.to_string(), max.to_string()],
        AnswerSpec::Counts { rows, .. } => {
            let typed: Vec<&str> = rows
                .iter()
                .filter(|r| r.computed.is_none())
                .map(|r| r.code.as_str())
                .collect();
            (0..1u32 << typed.len())
                .map(|bits| {
                    let parts: Vec<String> = typed
                        .iter()
                        .enumerate()
                        .map(|(i, r)| format!("{r}={}", (bits >> i) & 1))
                        .collect();
                    parts.join(";")
                })
                .collect()
        }
    };
    let mut parsed: Vec<AnswerValue> = candidates
        .iter()
        .filter_map(|c| AnswerValue::parse(t, code, c).ok())
        .collect();
    parsed.sort_by(|a, b| a.value(t, code).total_cmp(&b.value(t, code)));
    if best {
        parsed.pop().unwrap()
    } else {
        parsed.swap_remove(0)
    }
}

fn all(t: &Template, best: impl Fn(ItemCode) -> bool) -> Answers {
    t.item_codes()
        .iter()
        .map(|c| (*c, extreme(t, *c, best(*c))))
        .collect()
}

/// Look a figure up by the names the CLI's JSON uses.
fn figure(card: &ScoreCard, name: &str) -> f64 {
    match name {
        "total" => card.total,
        "pengungkit" => card.pengungkit,
        "hasil" => card.hasil,
        "P" => card.parts[&Part::P],
        "R" => card.parts[&Part::R],
        "H" => card.parts[&Part::H],
        _ => match name.split('.').count() {
            2 => card.areas[&name.parse().unwrap()],
            3 => card.sub_areas[&name.parse().unwrap()],
            _ => card.items[&name.parse().unwrap()].unwrap_or(f64::NAN),
        },
    }
}

type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [(&'static str, f64)],
);

/// Hand-computed cases: (what, answers, expected figures).
const CASES: &[Case] = &[
    (
        "nothing answered",
        &[],
        &[
            ("total", 0.0),
            ("pengungkit", 0.0),
            ("hasil", 0.0),
            ("P.1.i", 0.0),
        ],
    ),
    (
        "yes/no and a 3-option choice in one sub-area",
        &[("P.1.i.a", "ya"), ("P.1.i.b", "b")],
        // (1 + 0.5) / 2 × 0.5
        &[
            ("P.1.i", 0.375),
            ("P.1", 0.375),
            ("P", 0.375),
            ("pengungkit", 0.375),
            ("total", 0.375),
        ],
    ),
    (
        "unanswered items count as 0",
        &[("P.1.ii.a", "ya")],
        // 1 / 3 × 1.0
        &[("P.1.ii", 1.0 / 3.0), ("total", 1.0 / 3.0)],
    ),
    (
        "4-option values are the worksheet's 0.67 and 0.33",
        &[("P.1.iii.a", "b"), ("P.1.iii.b", "c"), ("P.1.iii.c", "a")],
        // (0.67 + 0.33 + 1) / 3 × 1.0
        &[
            ("P.1.iii", 2.0 / 3.0),
            ("P.1.iii.a", 0.67),
            ("P.1.iii.b", 0.33),
        ],
    ),
    (
        "5-option choice",
        &[("P.6.ii.f", "b")],
        // 0.75 / 6 × 1.0
        &[("P.6.ii", 0.125), ("P.6", 0.125)],
    ),
    (
        "counts in Reform",
        &[("R.1.i.a", "a=4;b=3"), ("R.1.i.b", "a=3;b=3")],
        // (0.75 + 1) / 2 × 2.0
        &[
            ("R.1.i", 1.75),
            ("R.1", 1.75),
            ("R", 1.75),
            ("pengungkit", 1.75),
        ],
    ),
    (
        "counts edge cases: nothing required, clamped, computed row",
        &[
            ("R.3.iii.a", "a=0;b=0"),
            ("R.5.iii.a", "b=1;c=2;d=3;e=3"),
            ("R.5.iii.b", "b=1;c=1;d=0;e=7"),
        ],
        // R.3.iii: 1 × 2.0; R.5.iii: (0.5 + 1) / 2 × 2.0
        &[("R.3.iii", 2.0), ("R.5.iii", 1.5), ("R", 3.5)],
    ),
    (
        "Hasil: survey indices and a choice",
        &[("H.1.i.a", "3,61"), ("H.1.ii.a", "b"), ("H.2.i.a", "3.2")],
        // 0.9025 × 17.5 + 0.75 × 5 ; 0.8 × 17.5
        &[
            ("H.1.i", 15.79375),
            ("H.1", 19.54375),
            ("H.2", 14.0),
            ("hasil", 33.54375),
            ("total", 33.54375),
        ],
    ),
    (
        "area score is Pemenuhan plus Reform",
        &[("P.5.i.a", "a"), ("P.5.i.b", "a"), ("R.5.i.a", "a")],
        // P.5.i = 1.5, R.5.i = 2.5
        &[("P.5", 1.5), ("R.5", 2.5), ("total", 4.0)],
    ),
];

#[test]
fn hand_computed_cases() {
    let t = lke();
    for (what, list, expected) in CASES {
        let card = score(&t, &answers(&t, list));
        for (name, value) in *expected {
            let got = figure(&card, name);
            assert!(
                (got - value).abs() < 1e-9,
                "{what}: {name} = {got}, expected {value}"
            );
        }
        assert_eq!(card.answered, list.len(), "{what}");
        assert_eq!(card.unanswered, 113 - list.len(), "{what}");
    }
}

#[test]
fn all_maximal_answers_give_exactly_100() {
    let t = lke();
    let card = score(&t, &all(&t, |_| true));
    assert_eq!(card.total, 100.0);
    assert_eq!(card.pengungkit, 60.0);
    assert_eq!(card.hasil, 40.0);
    assert!(card.gaps.is_empty());
    assert!(
        card.predicates
            .values()
            .all(|p| p.eligible && p.failed.is_empty())
    );
    assert_eq!(card.official.total, 100.0);
    for a in &card.change_areas {
        assert_eq!(a.share, 1.0, "area {}", a.area);
    }
}

#[test]
fn all_minimal_answers_give_0() {
    let t = lke();
    let card = score(&t, &all(&t, |_| false));
    assert_eq!(card.total, 0.0);
    assert_eq!(card.unanswered, 0);
    assert!(card.items.values().all(|v| *v == Some(0.0)));
}

#[test]
fn predicates_list_every_failed_condition_with_figure_and_threshold() {
    let t = lke();
    // Everything maximal except change area 5 (Pemenuhan and Reform, weight 15).
    let card = score(&t, &all(&t, |c| c.area != 5 || c.part == Part::H));
    assert!((card.total - 85.0).abs() < 1e-9);
    let wbk = &card.predicates["wbk"];
    assert!(!wbk.eligible);
    let failed: Vec<(&str, f64, f64)> = wbk
        .failed
        .iter()
        .map(|c| (c.scope.as_str(), c.value, c.threshold))
        .collect();
    assert_eq!(failed, [("P.5+R.5", 0.0, 9.0)]);
    let wbbm = &card.predicates["wbbm"];
    let failed: Vec<(&str, f64)> = wbbm
        .failed
        .iter()
        .map(|c| (c.scope.as_str(), c.threshold))
        .collect();
    assert_eq!(failed, [("A", 48.0), ("P.5+R.5", 11.25)]);
    assert!(wbbm.failed[0].label.contains("Pengungkit"));
    assert!(
        wbk.conditions.len() == 12,
        "total, A, six areas, H.1, H.1.i, H.1.ii, H.2"
    );
}

#[test]
fn thresholds_are_inclusive() {
    let t = lke();
    // H.2 = 0.8 × 17.5 = 14.00 exactly: WBK's H.2 condition (≥ 14) holds.
    let card = score(&t, &answers(&t, &[("H.2.i.a", "3.2")]));
    let h2 = card.predicates["wbk"]
        .conditions
        .iter()
        .find(|c| c.scope == "H.2")
        .unwrap();
    assert!(h2.passed, "{h2:?}");
    let h2 = card.predicates["wbbm"]
        .conditions
        .iter()
        .find(|c| c.scope == "H.2")
        .unwrap();
    assert!(!h2.passed && h2.threshold == 15.75);
}

#[test]
fn gaps_put_the_biggest_gain_first() {
    let t = lke();
    let card = score(&t, &Answers::new());
    let top: Vec<String> = card
        .gaps
        .iter()
        .take(3)
        .map(|g| g.sub_area.to_string())
        .collect();
    assert_eq!(top, ["H.1.i", "H.2.i", "H.1.ii"]);
    let lacking: f64 = card.gaps.iter().map(|g| g.lacking).sum();
    assert!((lacking - 100.0).abs() < 1e-9);
    assert!(card.gaps.windows(2).all(|w| w[0].lacking >= w[1].lacking));
    let card = score(&t, &answers(&t, &[("H.1.i.a", "4"), ("H.2.i.a", "2")]));
    assert_eq!(card.gaps[0].sub_area.to_string(), "H.2.i");
    assert_eq!(card.gaps[0].lacking, 8.75);
    assert_eq!(card.gaps[0].unanswered, 0);
}

#[test]
fn official_figure_averages_only_the_answered_items_of_each_sub_area() {
    let t = lke();
    let card = score(&t, &Answers::new());
    assert_eq!(card.official.total, 0.0);
    // P.1.i (weight 0.5, 2 items): only a = ya (1) answered.
    //   Daduk (1 + 0) / 2 × 0.5 = 0.25; worksheet mean(1) × 0.5 = 0.5.
    // P.1.ii (weight 1, 3 items): only b = b (0.5 of 3 options).
    //   Daduk 0.5 / 3 × 1 = 0.1667; worksheet 0.5 × 1 = 0.5.
    // H.1.i (weight 17.5): index 3.61 → 3.61 / 4 × 17.5 = 15.79375 both ways.
    // H.2 unanswered: 0 both ways (AVERAGE of nothing, shown as 0).
    let card = score(
        &t,
        &answers(
            &t,
            &[("P.1.i.a", "ya"), ("P.1.ii.b", "b"), ("H.1.i.a", "3,61")],
        ),
    );
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(
        close(card.total, 0.25 + 0.5 / 3.0 + 15.79375),
        "{}",
        card.total
    );
    let o = &card.official;
    assert!(close(o.total, 16.79375), "{}", o.total);
    assert!(close(o.pengungkit, 1.0) && close(o.hasil, 15.79375));
    assert!(close(o.parts[&Part::P], 1.0) && close(o.parts[&Part::R], 0.0));
    assert!(close(o.parts[&Part::H], 15.79375));
    assert!(close(o.areas[&"P.1".parse().unwrap()], 1.0));
    assert!(close(o.sub_areas[&"P.1.i".parse().unwrap()], 0.5));
    assert!(close(o.sub_areas[&"P.1.ii".parse().unwrap()], 0.5));
    assert!(close(o.sub_areas[&"H.2.i".parse().unwrap()], 0.0));
    // The predicates still use the score, not the worksheet figure.
    let total = card.predicates["wbk"]
        .conditions
        .iter()
        .find(|c| c.scope == "total")
        .unwrap();
    assert!(close(total.value, card.total));
    // A fully answered sub-area is the same both ways.
    let card = score(&t, &answers(&t, &[("P.1.i.a", "ya"), ("P.1.i.b", "b")]));
    assert!(close(card.sub_areas[&"P.1.i".parse().unwrap()], 0.375));
    assert!(close(
        card.official.sub_areas[&"P.1.i".parse().unwrap()],
        0.375
    ));
}

#[test]
fn capaian_kinerja_below_half_its_weight_bars_both_predicates() {
    let t = lke();
    let h1ii: ItemCode = "H.1.ii.a".parse().unwrap();
    let with = |letter: &str| {
        let mut a = all(&t, |_| true);
        a.insert(h1ii, AnswerValue::parse(&t, h1ii, letter).unwrap());
        score(&t, &a)
    };
    // d = 0.25 × 5 = 1.25: H.1 = 17.5 + 1.25 = 18.75 still meets its 18.25,
    // so the H.1.ii condition alone decides.
    let card = with("d");
    for p in ["wbk", "wbbm"] {
        let r = &card.predicates[p];
        let failed: Vec<(&str, f64, f64)> = r
            .failed
            .iter()
            .map(|c| (c.scope.as_str(), c.value, c.threshold))
            .collect();
        assert_eq!(failed, [("H.1.ii", 1.25, 2.5)], "{p}");
        assert!(
            r.failed[0].label.contains("Capaian Kinerja"),
            "{:?}",
            r.failed[0]
        );
        assert!(r.failed[0].source.as_deref().unwrap().contains("2,50"));
    }
    // e = 0: the unit is told about H.1.ii as well as H.1.
    let card = with("e");
    let scopes: Vec<&str> = card.predicates["wbk"]
        .failed
        .iter()
        .map(|c| c.scope.as_str())
        .collect();
    assert_eq!(scopes, ["H.1", "H.1.ii"]);
    // c = 0.5 × 5 = 2.50 exactly: the threshold is inclusive.
    let card = with("c");
    assert!(card.predicates["wbk"].eligible && card.predicates["wbbm"].eligible);
}

#[test]
fn score_card_serializes_with_code_keys() {
    let t = lke();
    let card = score(&t, &answers(&t, &[("P.1.i.a", "ya")]));
    let v = serde_json::to_value(&card).unwrap();
    assert_eq!(v["items"]["P.1.i.a"], 1.0);
    assert!(v["items"]["P.1.i.b"].is_null());
    assert_eq!(v["areas"]["P.1"], 0.25);
    assert_eq!(v["parts"]["P"], 0.25);
    assert_eq!(v["predicates"]["wbk"]["eligible"], false);
}
