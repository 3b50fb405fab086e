use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::*;

const REFERENCE: &str = include_str!("../../../../tests/fixtures/reference-lke-zi-2021.json");

#[test]
fn default_template_has_the_113_items_of_the_lke() {
    let t = Template::default_lke();
    assert_eq!(t.item_count(), 113);
    let count = |p: Part| t.item_codes().iter().filter(|c| c.part == p).count();
    assert_eq!(
        (count(Part::P), count(Part::R), count(Part::H)),
        (87, 23, 3)
    );
    let total: f64 = t.doc().components.iter().map(|c| c.weight).sum();
    assert!((total - 100.0).abs() < 1e-9);
    for item in t.items() {
        assert!(
            !item.item.evidence.is_empty(),
            "{} has no data dukung",
            item.item.code
        );
    }
}

/// Typing errors of the reference transcription that the template corrects
/// (the transcription stays as it was made).
const TYPO_FIXES: [(&str, &str); 3] = [
    ("dtindaklanjuti", "ditindaklanjuti"),
    ("dan dan ", "dan "),
    ("telah telah ", "telah "),
];

/// Words written twice in a row ("dan dan"), ignoring case, within one
/// JSON string.
fn doubled_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for string in text.split('"') {
        let words: Vec<&str> = string.split(' ').filter(|w| !w.is_empty()).collect();
        for two in words.windows(2) {
            if two[0].eq_ignore_ascii_case(two[1]) && two[0].chars().all(char::is_alphabetic) {
                out.push(format!("{} {}", two[0], two[1]));
            }
        }
    }
    out
}

fn corrected(text: &str) -> String {
    TYPO_FIXES
        .iter()
        .fold(text.to_string(), |t, (typo, fix)| t.replace(typo, fix))
}

/// The LKE text has no words run together, doubled or misspelt as in the
/// reference transcription ("danevaluasi", "kegiatanUnit", "dtindaklanjuti",
/// "dan dan").
#[test]
fn the_lke_text_has_no_known_typos() {
    let doubled = doubled_words(DEFAULT_TEMPLATE_JSON);
    assert!(doubled.is_empty(), "doubled words: {doubled:?}");
    for typo in ["danevaluasi", "kegiatanUnit", "dtindaklanjuti"] {
        assert!(
            !DEFAULT_TEMPLATE_JSON.contains(typo),
            "the template still reads '{typo}'"
        );
    }
}

/// Every code, weight, answer type and option count agrees with the
/// reference transcription the template was built from.
#[test]
fn default_template_matches_the_reference() {
    let reference: Value = serde_json::from_str(REFERENCE).unwrap();
    let t = Template::default_lke();
    let mut expected_weights = BTreeMap::new();
    let mut expected_items = Vec::new();
    for c in reference["components"].as_array().unwrap() {
        expected_weights.insert(
            c["code"].as_str().unwrap().to_string(),
            c["weight"].as_f64().unwrap(),
        );
        for p in c["parts"].as_array().unwrap() {
            let part = p["part"].as_str().unwrap();
            expected_weights.insert(part.to_string(), p["weight"].as_f64().unwrap());
            for a in p["areas"].as_array().unwrap() {
                let area = format!("{part}.{}", a["code"].as_str().unwrap());
                expected_weights.insert(area.clone(), a["weight"].as_f64().unwrap());
                for s in a["sub_areas"].as_array().unwrap() {
                    let sub = format!("{area}.{}", s["code"].as_str().unwrap());
                    expected_weights.insert(sub, s["weight"].as_f64().unwrap());
                    for i in s["items"].as_array().unwrap() {
                        let options = i["answer"]["options"].as_array().map_or(0, Vec::len);
                        expected_items.push((
                            i["code"].as_str().unwrap().to_string(),
                            i["answer"]["type"].as_str().unwrap().to_string(),
                            options,
                            corrected(i["question"].as_str().unwrap()),
                        ));
                    }
                }
            }
        }
    }
    let mut weights = BTreeMap::new();
    for c in &t.doc().components {
        weights.insert(c.code.clone(), c.weight);
        for p in &c.parts {
            weights.insert(p.part.to_string(), p.weight);
            for a in &p.areas {
                let area = format!("{}.{}", p.part, a.code);
                weights.insert(area.clone(), a.weight);
                for s in &a.sub_areas {
                    weights.insert(format!("{area}.{}", s.code), s.weight);
                }
            }
        }
    }
    assert_eq!(weights, expected_weights);
    let items: Vec<_> = t
        .items()
        .map(|r| {
            let (kind, options) = match &r.item.answer {
                AnswerSpec::YesNo => ("yes_no", 0),
                AnswerSpec::Choice { options } => ("choice", options.len()),
                AnswerSpec::Counts { .. } => ("counts", 0),
                AnswerSpec::SurveyIndex { .. } => ("survey_index", 0),
            };
            (
                r.item.code.to_string(),
                kind.to_string(),
                options,
                r.item.question.clone(),
            )
        })
        .collect();
    assert_eq!(items, expected_items);
}

fn default_value() -> Value {
    serde_json::from_str(DEFAULT_TEMPLATE_JSON).unwrap()
}

fn first_item(v: &mut Value) -> &mut Value {
    &mut v["components"][0]["parts"][0]["areas"][0]["sub_areas"][0]["items"][0]
}

fn counts_item(v: &mut Value) -> &mut Value {
    // R.1.i.a: min(b / a, 1)
    &mut v["components"][0]["parts"][1]["areas"][0]["sub_areas"][0]["items"][0]
}

type Mutation = fn(&mut Value);

/// (what is broken, how, expected JSON path, expected words in the fault)
const BROKEN: &[(&str, Mutation, &str, &str)] = &[
    (
        "sub-area weight",
        |v| v["components"][0]["parts"][0]["areas"][0]["sub_areas"][0]["weight"] = json!(0.75),
        "components[0].parts[0].areas[0]",
        "jumlah bobot sub-area",
    ),
    (
        "total weight",
        |v| v["total_weight"] = json!(99),
        "components",
        "seharusnya 99",
    ),
    (
        "duplicate item code",
        |v| {
            let items = &mut v["components"][0]["parts"][0]["areas"][0]["sub_areas"][0]["items"];
            items[1]["code"] = items[0]["code"].clone();
        },
        "items[1].code",
        "ganda",
    ),
    (
        "malformed item code",
        |v| first_item(v)["code"] = json!("P.1.i"),
        "components[0].parts[0].areas[0].sub_areas[0].items[0].code",
        "jumlah bagian",
    ),
    (
        "item under the wrong sub-area",
        |v| first_item(v)["code"] = json!("P.1.ii.z"),
        "items[0].code",
        "diawali 'P.1.i.'",
    ),
    (
        "choice with one option",
        |v| {
            let item = &mut v["components"][0]["parts"][0]["areas"][0]["sub_areas"][0]["items"][1];
            item["answer"]["options"]
                .as_array_mut()
                .unwrap()
                .truncate(1);
        },
        "items[1].answer.options",
        "2 sampai 5",
    ),
    (
        "choice with six options",
        |v| {
            let item = &mut v["components"][0]["parts"][0]["areas"][5]["sub_areas"][1]["items"][5];
            item["answer"]["options"]
                .as_array_mut()
                .unwrap()
                .push(json!({"letter": "f", "text": "x"}));
        },
        "answer.options",
        "2 sampai 5",
    ),
    (
        "options out of order",
        |v| {
            let item = &mut v["components"][0]["parts"][0]["areas"][0]["sub_areas"][0]["items"][1];
            item["answer"]["options"][1]["letter"] = json!("c");
        },
        "options[1].letter",
        "berhuruf 'b'",
    ),
    (
        "formula names a missing row",
        |v| counts_item(v)["answer"]["value"] = json!("min(z / a, 1)"),
        "items[0].answer.value",
        "baris 'z' yang tidak ada",
    ),
    (
        "formula does not parse",
        |v| counts_item(v)["answer"]["value"] = json!("min(b / a, 1"),
        "items[0].answer.value",
        "kurung tutup",
    ),
    (
        "unknown evidence kind",
        |v| first_item(v)["evidence"][0]["kind"] = json!("kwitansi"),
        "items[0].evidence[0].kind",
        "kwitansi",
    ),
    (
        "no evidence",
        |v| first_item(v)["evidence"] = json!([]),
        "items[0].evidence",
        "kosong",
    ),
    (
        "unknown predicate scope",
        |v| v["predicates"][0]["conditions"][0]["scope"] = json!("P.9"),
        "predicates[0].conditions[0].scope",
        "tidak dikenal",
    ),
    (
        "condition without a minimum",
        |v| {
            v["predicates"][0]["conditions"][0]
                .as_object_mut()
                .unwrap()
                .remove("min");
        },
        "predicates[0].conditions[0]",
        "tepat satu",
    ),
    (
        "missing field",
        |v| {
            first_item(v).as_object_mut().unwrap().remove("question");
        },
        "components[0].parts[0].areas[0].sub_areas[0].items[0]",
        "missing field `question`",
    ),
    (
        "wrong type",
        |v| v["components"][0]["weight"] = json!("enam puluh"),
        "components[0].weight",
        "invalid type",
    ),
    (
        "unknown field",
        |v| first_item(v)["bobot"] = json!(1),
        "items[0]",
        "unknown field `bobot`",
    ),
    (
        "choice values not falling",
        |v| v["choice_values"]["3"] = json!([0.5, 1, 0]),
        "choice_values.3",
        "menurun",
    ),
];

#[test]
fn broken_templates_are_refused_with_path_and_fault() {
    for (what, mutate, path, fault) in BROKEN {
        let mut v = default_value();
        mutate(&mut v);
        let err = Template::from_json("rusak.json", &v.to_string()).expect_err(what);
        assert!(
            err.path.contains(path),
            "{what}: path '{}' should contain '{path}' ({err})",
            err.path
        );
        assert!(
            err.fault.contains(fault),
            "{what}: fault '{}' should contain '{fault}'",
            err.fault
        );
        let msg = err.to_string();
        assert!(
            msg.contains("rusak.json") && msg.contains(&err.path),
            "{what}: {msg}"
        );
    }
}

#[test]
fn json_syntax_errors_name_the_line() {
    let err = Template::from_json("x.json", "{\n \"id\": \"a\",\n oops }").unwrap_err();
    assert!(err.fault.contains("line 3"), "{err}");
}

#[test]
fn counts_formulas_know_what_they_read() {
    let t = Template::default_lke();
    let f = t.counts_formula("R.5.iii.a".parse().unwrap()).unwrap();
    // a is computed from b + c + d, so the value reads b, c, d and e.
    assert_eq!(
        f.reads.iter().map(String::as_str).collect::<Vec<_>>(),
        ["b", "c", "d", "e"]
    );
    let f = t.counts_formula("R.5.ii.a".parse().unwrap()).unwrap();
    assert_eq!(
        f.reads.iter().map(String::as_str).collect::<Vec<_>>(),
        ["a", "c"]
    );
}

#[test]
fn lookups_find_tree_nodes() {
    let t = Template::default_lke();
    assert_eq!(
        t.area("P.5".parse().unwrap()).unwrap().name,
        "Penguatan Pengawasan"
    );
    assert_eq!(t.sub_area("H.1.i".parse().unwrap()).unwrap().weight, 17.5);
    assert!(t.predicate("wbbm").is_some());
    assert_eq!(
        t.evidence_kind("daftar_hadir").unwrap().label,
        "Daftar hadir"
    );
    let r = t.item_ref("R.6.i.b".parse().unwrap()).unwrap();
    assert_eq!(r.area.name, "Peningkatan Kualitas Pelayanan Publik");
}

#[test]
fn components_say_what_they_are_by_their_parts() {
    let t = Template::default_lke();
    let kinds: Vec<_> = t
        .doc()
        .components
        .iter()
        .map(|c| (c.code.as_str(), c.kind()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("A", super::ComponentKind::Pengungkit),
            ("B", super::ComponentKind::Hasil)
        ]
    );
}
