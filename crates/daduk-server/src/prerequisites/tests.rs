#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use super::*;

fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect()
}

fn all_met_pemda() -> BTreeMap<String, String> {
    values(&[
        ("jenis_instansi", "pemda"),
        ("opini_bpk", "WTP"),
        ("nilai_sakip", "BB"),
        ("indeks_rb", "B"),
        ("maturitas_spip", "3"),
        ("kapabilitas_apip", "3"),
        ("sptjm", "ya"),
    ])
}

fn codes(m: &[MissingPrerequisite]) -> Vec<&str> {
    m.iter().map(|x| x.code.as_str()).collect()
}

#[test]
fn the_built_in_rules_load_and_cite_their_source() {
    let r = built_in();
    assert_eq!(r.id, "zi-2021-prasyarat");
    assert!(r.source.contains("PermenPANRB 90/2021"));
    for code in ["opini_bpk", "nilai_sakip", "indeks_rb", "maturitas_spip"] {
        let p = r.get(code).unwrap();
        assert!(!p.source.is_empty(), "{code}");
        assert!(p.rules.contains_key(&Bar::Wbk) && p.rules.contains_key(&Bar::Wbbm));
    }
    // An unconfirmed threshold says so.
    assert!(
        r.get("maturitas_spip")
            .unwrap()
            .source
            .contains("periksa teks peraturan")
    );
}

#[test]
fn nothing_recorded_names_every_checked_prerequisite() {
    let r = built_in();
    let m = r.missing(&BTreeMap::new(), Bar::Wbk);
    assert_eq!(
        codes(&m),
        [
            "opini_bpk",
            "nilai_sakip",
            "indeks_rb",
            "maturitas_spip",
            "kapabilitas_apip",
            "sptjm"
        ]
    );
    assert!(m.iter().all(|x| x.why == "belum dicatat"));
}

#[test]
fn all_met_names_nothing_for_either_bar() {
    let r = built_in();
    assert!(r.missing(&all_met_pemda(), Bar::Wbk).is_empty());
    assert!(r.missing(&all_met_pemda(), Bar::Wbbm).is_empty());
}

#[test]
fn a_grade_meets_wbk_but_not_wbbm() {
    let r = built_in();
    let mut v = all_met_pemda();
    v.insert("nilai_sakip".into(), "B".into());
    assert!(r.missing(&v, Bar::Wbk).is_empty());
    let m = r.missing(&v, Bar::Wbbm);
    assert_eq!(codes(&m), ["nilai_sakip"]);
    assert_eq!(m[0].why, "tercatat B; minimal BB");
    assert_eq!(Bar::of(Predicate::WbkAfirmasi), Bar::Wbk);
}

#[test]
fn the_indeks_rb_threshold_depends_on_the_kind_of_instansi() {
    let r = built_in();
    let mut v = all_met_pemda();
    v.insert("indeks_rb".into(), "CC".into());
    // CC is enough for a pemda's WBK, not for a K/L's.
    assert!(r.missing(&v, Bar::Wbk).is_empty());
    v.insert("jenis_instansi".into(), "kl".into());
    let m = r.missing(&v, Bar::Wbk);
    assert_eq!(codes(&m), ["indeks_rb"]);
    assert_eq!(m[0].why, "tercatat CC; minimal B");
    // Without the kind, the threshold is unknown: named, saying why.
    v.remove("jenis_instansi");
    let m = r.missing(&v, Bar::Wbk);
    assert_eq!(codes(&m), ["indeks_rb"]);
    assert!(m[0].why.contains("belum dicatat"), "{}", m[0].why);
}

#[test]
fn choice_level_and_yes_no_say_what_is_needed() {
    let r = built_in();
    let mut v = all_met_pemda();
    v.insert("opini_bpk".into(), "WDP".into());
    v.insert("maturitas_spip".into(), "2".into());
    v.insert("sptjm".into(), "tidak".into());
    let m = r.missing(&v, Bar::Wbk);
    let why: BTreeMap<&str, &str> = m
        .iter()
        .map(|x| (x.code.as_str(), x.why.as_str()))
        .collect();
    assert_eq!(why["opini_bpk"], "tercatat WDP; yang memenuhi: WTP");
    assert_eq!(why["maturitas_spip"], "tercatat 2; minimal 3");
    assert_eq!(why["sptjm"], "tercatat tidak; harus ya");
}

#[test]
fn values_are_parsed_to_their_listed_spelling_or_refused() {
    let r = built_in();
    let opini = r.get("opini_bpk").unwrap();
    assert_eq!(opini.parse(" wtp ").unwrap(), "WTP");
    let e = opini.parse("BAGUS").unwrap_err();
    assert!(e.contains("WTP, WDP, TW, TMP"), "{e}");
    let spip = r.get("maturitas_spip").unwrap();
    assert_eq!(spip.parse("3").unwrap(), "3");
    for bad in ["6", "-1", "3.5", "tiga", ""] {
        assert!(spip.parse(bad).is_err(), "{bad}");
    }
    assert!(spip.parse("9").unwrap_err().contains("level 0 sampai 5"));
    let sptjm = r.get("sptjm").unwrap();
    assert_eq!(sptjm.parse("YA").unwrap(), "ya");
    assert!(sptjm.parse("yes").is_err());
}

const NUMBER_RULES: &str = r#"{
  "id": "t", "name": "t", "regulation": "t", "source": "t",
  "prerequisites": [
    {"code": "indeks_pelayanan", "label": "Indeks", "kind": "number", "min": 0, "max": 100,
     "thresholds": {"wbbm": 80.5}, "source": "uji"}
  ]
}"#;

#[test]
fn a_number_takes_a_decimal_comma_and_a_bar_without_threshold_is_not_checked() {
    let r = Rules::parse(NUMBER_RULES.as_bytes()).unwrap();
    let p = r.get("indeks_pelayanan").unwrap();
    assert_eq!(p.parse("78,5").unwrap(), "78.5");
    assert!(p.parse("100,1").is_err());
    let v = values(&[("indeks_pelayanan", "78.5")]);
    assert!(r.missing(&v, Bar::Wbk).is_empty());
    assert_eq!(r.met(p, &v, Bar::Wbk), None);
    let m = r.missing(&v, Bar::Wbbm);
    assert_eq!(m[0].why, "tercatat 78,5; minimal 80,5");
}

#[test]
fn bad_rules_are_refused_naming_what() {
    let bad = [
        (NUMBER_RULES.replace("\"number\"", "\"warna\""), "warna"),
        (NUMBER_RULES.replace("80.5", "\"x\""), "ambang"),
        (NUMBER_RULES.replace("\"wbbm\"", "\"wbbx\""), "wbbx"),
        (
            NUMBER_RULES.replace("indeks_pelayanan", "Indeks Pelayanan"),
            "kode",
        ),
        (
            NUMBER_RULES.replace("\"source\": \"uji\"", "\"source\": \"\""),
            "source",
        ),
        (NUMBER_RULES.replace("\"min\": 0", "\"min\": 200"), "min"),
        (
            NUMBER_RULES.replace("\"kind\"", "\"depends_on\": \"x\", \"kind\""),
            "depends_on",
        ),
        (
            NUMBER_RULES.replace("\"id\"", "\"extra\": 1, \"id\""),
            "extra",
        ),
    ];
    for (text, needle) in bad {
        let e = Rules::parse(text.as_bytes()).unwrap_err();
        assert!(e.contains(needle), "{needle}: {e}");
    }
    let huge = vec![b' '; MAX_RULES_BYTES + 1];
    assert!(Rules::parse(&huge).is_err());
}
