//! End-to-end scenarios of the `daduk` command line, run against the real
//! binary on a throw-away workspace.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use common::{Ws, args};
use serde_json::Value;

#[test]
fn a_newcomer_session() {
    let ws = Ws::new();
    ws.ok(&[
        "unit",
        "add",
        "DINKES-BLL",
        "--name",
        "Dinas Kesehatan Kabupaten Buleleng",
        "--target",
        "wbbm",
    ]);
    let units = ws.json(&["unit", "list", "--json"]);
    assert_eq!(units[0]["code"], "DINKES-BLL");
    assert_eq!(units[0]["target"], "wbbm");
    ws.ok(&[
        "assessment",
        "new",
        "--unit",
        "DINKES-BLL",
        "--year",
        "2024",
    ]);
    let uy = ["--unit", "DINKES-BLL", "--year", "2024"];
    let set = |item: &str, value: &str| {
        let mut a = vec!["answer", "set"];
        a.extend_from_slice(&uy);
        a.extend_from_slice(&[item, value]);
        ws.ok(&a)
    };
    assert!(set("P.1.i.a", "ya").contains("nilai 1,00"));
    set("P.1.i.b", "B");
    set("R.1.i.a", "a=4;b=3");
    set("H.1.i.a", "3,61");
    let mut a = vec!["score"];
    a.extend_from_slice(&uy);
    a.push("--json");
    let score = ws.json(&a);
    assert_eq!(score["items"]["P.1.i.b"], 0.5);
    assert!(score["items"]["P.1.ii.a"].is_null());
    assert!((score["sub_areas"]["P.1.i"].as_f64().unwrap() - 0.375).abs() < 1e-9);
    assert!((score["hasil"].as_f64().unwrap() - 15.79375).abs() < 1e-9);
    assert_eq!(score["predicates"]["wbk"]["eligible"], false);
    assert!(
        score["predicates"]["wbk"]["failed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["scope"] == "total")
    );
    let mut a = vec!["status"];
    a.extend_from_slice(&uy);
    let status = ws.ok(&a);
    assert!(status.contains("Dijawab Unit: 4 dari 113"), "{status}");
    assert!(status.contains("belum dijawab: P.1.ii.a"), "{status}");
}

#[test]
fn template_show_lists_the_113_items_with_weights_adding_to_100() {
    let ws = Ws::new();
    let t = ws.json(&["template", "show", "--json"]);
    let items = t["items"].as_array().unwrap();
    assert_eq!(items.len(), 113);
    let total: f64 = items
        .iter()
        .map(|i| i["max_points"].as_f64().unwrap())
        .sum();
    assert!((total - 100.0).abs() < 1e-9);
    assert_eq!(t["total_weight"], 100.0);
    assert!(ws.ok(&["template", "show"]).contains("P.1.i.a"));
}

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// The scoring rules, written again independently of the core: the value of
/// each answer, then sub-area mean × weight, summed upwards.
fn expected_value(item: &Value, answer: &str) -> f64 {
    let code = item["code"].as_str().unwrap();
    match item["type"].as_str().unwrap() {
        "yes_no" => f64::from(u8::from(answer == "ya")),
        "choice" => {
            let i = (answer.as_bytes()[0] - b'a') as usize;
            match item["options"].as_u64().unwrap() {
                2 => [1.0, 0.0][i],
                3 => [1.0, 0.5, 0.0][i],
                4 => [1.0, 0.67, 0.33, 0.0][i],
                _ => [1.0, 0.75, 0.5, 0.25, 0.0][i],
            }
        }
        "survey_index" => answer.replace(',', ".").parse::<f64>().unwrap() / 4.0,
        _ => {
            let rows: BTreeMap<&str, f64> = answer
                .split(';')
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap();
                    (k, v.parse().unwrap())
                })
                .collect();
            let r = |k: &str| rows.get(k).copied().unwrap_or(0.0);
            let ratio = |num: f64, den: f64| {
                if num == 0.0 && den == 0.0 {
                    1.0
                } else {
                    (num / den).clamp(0.0, 1.0)
                }
            };
            match code {
                "R.3.iii.a" => {
                    if r("a") == 0.0 && r("b") == 0.0 {
                        1.0
                    } else {
                        ((r("a") - r("b")) / r("a")).clamp(0.0, 1.0)
                    }
                }
                "R.5.ii.a" => ratio(r("c"), r("a")),
                "R.5.iii.a" | "R.5.iii.b" => ratio(r("e"), r("b") + r("c") + r("d")),
                _ => ratio(r("b"), r("a")),
            }
        }
    }
}

fn random_answer(rng: &mut Lcg, item: &Value) -> Option<String> {
    if rng.next(5) == 0 {
        return None; // leave some unanswered
    }
    let code = item["code"].as_str().unwrap();
    Some(match item["type"].as_str().unwrap() {
        "yes_no" => if rng.next(2) == 0 { "ya" } else { "tidak" }.to_string(),
        "choice" => {
            char::from(b'a' + rng.next(item["options"].as_u64().unwrap()) as u8).to_string()
        }
        "survey_index" => format!("{},{:02}", rng.next(4), rng.next(100)),
        _ => {
            let a = rng.next(12);
            let n = if a == 0 { 0 } else { rng.next(15) };
            match code {
                "R.3.iii.a" => format!("a={a};b={n};c={}", rng.next(3)),
                "R.5.ii.a" => format!("a={a};b={};c={n}", rng.next(9)),
                "R.5.iii.a" | "R.5.iii.b" => {
                    format!("b={a};c={};d={};e={n}", rng.next(3), rng.next(3))
                }
                _ => format!("a={a};b={n}"),
            }
        }
    })
}

#[test]
fn score_json_agrees_with_the_rules_for_random_answer_sets() {
    let ws = Ws::new().with_assessment();
    let template = ws.json(&["template", "show", "--json"]);
    let items = template["items"].as_array().unwrap();
    let mut sub_weights = BTreeMap::new();
    for c in template["components"].as_array().unwrap() {
        for p in c["parts"].as_array().unwrap() {
            for a in p["areas"].as_array().unwrap() {
                for s in a["sub_areas"].as_array().unwrap() {
                    let key = format!(
                        "{}.{}.{}",
                        p["part"].as_str().unwrap(),
                        a["code"].as_str().unwrap(),
                        s["code"].as_str().unwrap()
                    );
                    sub_weights.insert(
                        key,
                        (
                            s["weight"].as_f64().unwrap(),
                            s["items"].as_array().unwrap().len(),
                        ),
                    );
                }
            }
        }
    }
    for seed in 1..=4u64 {
        let mut rng = Lcg(seed);
        let mut csv = String::from("item,answer\n");
        let mut values: BTreeMap<String, f64> = BTreeMap::new();
        let mut answered = BTreeMap::new();
        for item in items {
            let code = item["code"].as_str().unwrap().to_string();
            match random_answer(&mut rng, item) {
                Some(a) => {
                    csv.push_str(&format!("{code},\"{a}\"\n"));
                    values.insert(code.clone(), expected_value(item, &a));
                    answered.insert(code, true);
                }
                // A blank answer keeps what is stored, so clear explicitly.
                None => {
                    ws.ok(&args(&["answer", "clear"], &[&code]));
                }
            }
        }
        let file = ws.file("answers.csv", &csv);
        ws.ok(&args(&["answer", "import"], &[file.to_str().unwrap()]));
        let score = ws.json(&args(&["score"], &["--json"]));

        let mut sub = BTreeMap::new();
        for (code, v) in &values {
            let key = code.rsplit_once('.').unwrap().0.to_string();
            *sub.entry(key).or_insert(0.0) += v;
        }
        let mut figures: BTreeMap<String, f64> = BTreeMap::new();
        for (key, (weight, n)) in &sub_weights {
            let s = sub.get(key).copied().unwrap_or(0.0) / *n as f64 * weight;
            let area = key.rsplit_once('.').unwrap().0.to_string();
            let part = key[..1].to_string();
            *figures.entry(format!("sub_areas/{key}")).or_default() += s;
            *figures.entry(format!("areas/{area}")).or_default() += s;
            *figures.entry(format!("parts/{part}")).or_default() += s;
            *figures
                .entry(if part == "H" { "hasil" } else { "pengungkit" }.to_string())
                .or_default() += s;
            *figures.entry("total".into()).or_default() += s;
        }
        for (path, expected) in &figures {
            let mut v = &score;
            for key in path.split('/') {
                v = &v[key];
            }
            let got = v
                .as_f64()
                .unwrap_or_else(|| panic!("seed {seed}: {path} missing"));
            assert!(
                (got - expected).abs() <= 0.005,
                "seed {seed}: {path} = {got}, rules give {expected}"
            );
        }
        for item in items {
            let code = item["code"].as_str().unwrap();
            match values.get(code) {
                Some(v) => assert!(
                    (score["items"][code].as_f64().unwrap() - v).abs() <= 0.005,
                    "seed {seed}: {code}"
                ),
                None => assert!(
                    score["items"][code].is_null(),
                    "seed {seed}: {code} should be unanswered"
                ),
            }
        }
        assert_eq!(score["answered"].as_u64().unwrap() as usize, answered.len());
    }
}

#[test]
fn all_maximal_answers_score_exactly_100_for_both_roles() {
    let ws = Ws::new().with_assessment();
    let template = ws.json(&["template", "show", "--json"]);
    let mut csv = String::from("item,answer\n");
    for item in template["items"].as_array().unwrap() {
        let best = match item["type"].as_str().unwrap() {
            "yes_no" => "ya".to_string(),
            "choice" => "a".to_string(),
            "survey_index" => "4".to_string(),
            _ => match item["code"].as_str().unwrap() {
                "R.3.iii.a" => "a=5;b=0".into(),
                "R.5.ii.a" => "a=3;c=3".into(),
                "R.5.iii.a" | "R.5.iii.b" => "b=1;c=2;d=3;e=6".into(),
                _ => "a=2;b=2".into(),
            },
        };
        csv.push_str(&format!("{},\"{best}\"\n", item["code"].as_str().unwrap()));
    }
    let file = ws.file("best.csv", &csv);
    for role in ["unit", "tpi"] {
        ws.ok(&args(
            &["answer", "import"],
            &[file.to_str().unwrap(), "--role", role],
        ));
        let score = ws.json(&args(&["score"], &["--json", "--role", role]));
        assert_eq!(score["total"], 100.0, "{role}");
        assert_eq!(score["predicates"]["wbbm"]["eligible"], true);
        assert_eq!(
            score["predicates"]["wbk"]["failed"]
                .as_array()
                .unwrap()
                .len(),
            0
        );
    }
}

#[test]
fn tpi_scores_do_not_borrow_the_units_answers() {
    let ws = Ws::new().with_assessment();
    ws.ok(&args(&["answer", "set"], &["P.1.i.a", "ya"]));
    ws.ok(&args(
        &["answer", "set"],
        &[
            "P.1.i.a",
            "tidak",
            "--role",
            "tpi",
            "--note",
            "SK belum ditandatangani",
        ],
    ));
    ws.ok(&args(&["answer", "set"], &["P.1.i.b", "a"]));
    let tpi = ws.json(&args(&["score"], &["--json", "--role", "tpi"]));
    assert_eq!(tpi["items"]["P.1.i.a"], 0.0);
    assert!(tpi["items"]["P.1.i.b"].is_null());
    assert_eq!(tpi["role"], "tpi");
    let list = ws.json(&args(&["answer", "list"], &["--json"]));
    let tpi_row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "tpi")
        .unwrap();
    assert_eq!(tpi_row["note"], "SK belum ditandatangani");
}

fn snapshot(ws: &Ws) -> (String, String) {
    (
        ws.ok(&args(&["answer", "list"], &["--json"])),
        ws.ok(&["log", "--json"]),
    )
}

#[test]
fn bad_values_and_unknown_items_are_refused_and_change_nothing() {
    let ws = Ws::new().with_assessment();
    ws.ok(&args(&["answer", "set"], &["P.1.i.a", "ya"]));
    let before = snapshot(&ws);
    let cases: &[(&[&str], &str)] = &[
        (&["P.1.i.b", "f"], "a sampai c"),
        (&["P.1.i.a", "mungkin"], "'ya' atau 'tidak'"),
        (&["P.1.i.z", "ya"], "P.1.i.z"),
        (&["P.1.1.a", "ya"], "romawi"),
        (&["R.1.i.a", "a=0;b=2"], "tidak dapat dihitung"),
        (&["R.1.i.a", "a=2"], "baris b belum diisi"),
        (&["H.1.i.a", "4,5"], "antara 0 dan 4"),
    ];
    for (tail, reason) in cases {
        let err = ws.fails(2, &args(&["answer", "set"], tail));
        assert!(err.contains(reason), "{tail:?}: {err}");
    }
    ws.fails(
        2,
        &args(
            &["answer", "set"],
            &["P.1.i.a", "ya", "--role", "evaluator"],
        ),
    );
    assert_eq!(snapshot(&ws), before);
}

#[test]
fn malformed_csvs_are_refused_with_line_and_reason_and_change_nothing() {
    let ws = Ws::new().with_assessment();
    ws.ok(&args(&["answer", "set"], &["P.1.i.a", "ya"]));
    let before = snapshot(&ws);
    let cases = [
        (
            "item,answer\nP.1.i.a,tidak\nP.1.i.b,z\nQ.1,ya\n",
            vec!["baris 3: butir P.1.i.b, nilai 'z'", "baris 4: butir Q.1"],
        ),
        (
            "butir;nilai\nP.1.i.a;ya\n",
            vec!["kolom 'nilai' tidak dikenal"],
        ),
        (
            "item,answer\nP.1.i.a,ya\nP.1.i.a,tidak\n",
            vec!["baris 3", "sudah ada di baris 2"],
        ),
        ("item,answer\n\"P.1.i.a,ya\n", vec!["baris"]),
    ];
    for (text, expected) in cases {
        let file = ws.file("x.csv", text);
        let err = ws.fails(2, &args(&["answer", "import"], &[file.to_str().unwrap()]));
        for e in expected {
            assert!(err.contains(e), "{text:?}: {err}");
        }
        assert!(err.contains("x.csv"), "{err}");
    }
    let err = ws.fails(2, &args(&["answer", "import"], &["/tidak/ada.csv"]));
    assert!(err.contains("/tidak/ada.csv"), "{err}");
    assert_eq!(snapshot(&ws), before);
}

#[test]
fn usage_errors_exit_2() {
    let ws = Ws::new();
    ws.fails(2, &["answer", "set"]);
    ws.fails(2, &["unit", "add", "X"]);
    ws.fails(2, &["nonsense"]);
    let err = ws.fails(2, &["unit", "add", "bad code", "--name", "x"]);
    assert!(err.contains("kode unit"), "{err}");
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let ws = Ws::new().with_assessment();
    let template = ws.json(&["template", "show", "--json"]);
    let yes_no: Vec<String> = template["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["type"] == "yes_no")
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect();
    assert!(yes_no.len() >= 15);
    std::thread::scope(|s| {
        for role in ["unit", "tpi"] {
            let (ws, items) = (&ws, &yes_no);
            s.spawn(move || {
                for item in items {
                    ws.ok(&args(
                        &["answer", "set"],
                        &[item, "ya", "--role", role, "--note", role],
                    ));
                }
            });
        }
    });
    let list = ws.json(&args(&["answer", "list"], &["--json"]));
    assert_eq!(list.as_array().unwrap().len(), 2 * yes_no.len());
    let log = ws.json(&["log", "--json"]);
    let answer_sets = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity"] == "answer")
        .count();
    assert_eq!(answer_sets, 2 * yes_no.len());
}
