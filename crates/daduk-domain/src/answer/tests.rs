use super::*;

fn lke() -> Template {
    Template::default_lke()
}

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

/// (item, answer text, expected value or None when the answer must be refused)
const CASES: &[(&str, &str, Option<f64>)] = &[
    // yes/no
    ("P.1.i.a", "ya", Some(1.0)),
    ("P.1.i.a", " YA ", Some(1.0)),
    ("P.1.i.a", "Tidak", Some(0.0)),
    ("P.1.i.a", "y", None),
    ("P.1.i.a", "a", None),
    // choice with 3 options
    ("P.1.i.b", "a", Some(1.0)),
    ("P.1.i.b", "B", Some(0.5)),
    ("P.1.i.b", "c", Some(0.0)),
    ("P.1.i.b", "d", None),
    ("P.1.i.b", "ab", None),
    ("P.1.i.b", "", None),
    // choice with 4 options: the worksheet's rounded values
    ("P.1.iii.a", "a", Some(1.0)),
    ("P.1.iii.a", "b", Some(0.67)),
    ("P.1.iii.a", "c", Some(0.33)),
    ("P.1.iii.a", "d", Some(0.0)),
    ("P.1.iii.a", "e", None),
    // choice with 5 options
    ("P.6.ii.f", "a", Some(1.0)),
    ("P.6.ii.f", "b", Some(0.75)),
    ("P.6.ii.f", "c", Some(0.5)),
    ("P.6.ii.f", "d", Some(0.25)),
    ("P.6.ii.f", "E", Some(0.0)),
    ("P.6.ii.f", "f", None),
    // counts: min(b / a, 1)
    ("R.1.i.a", "a=4;b=3", Some(0.75)),
    ("R.1.i.a", "a = 4 ; b = 9", Some(1.0)),
    ("R.1.i.a", "a=4,b=1", Some(0.25)),
    ("R.1.i.a", "a=0;b=0", Some(1.0)),
    ("R.1.i.a", "a=0;b=2", None),
    ("R.1.i.a", "a=4", None),
    ("R.1.i.a", "a=4;b=x", None),
    ("R.1.i.a", "a=4;b=-1", None),
    ("R.1.i.a", "a=4;b=1.5", None),
    ("R.1.i.a", "a=4;b=1;c=1", None),
    ("R.1.i.a", "a=4;a=5;b=1", None),
    ("R.1.i.a", "4;3", None),
    // counts: clamp((a - b) / a, 0, 1), c is information only
    ("R.3.iii.a", "a=10;b=4;c=2", Some(0.6)),
    ("R.3.iii.a", "a=10;b=4", Some(0.6)),
    ("R.3.iii.a", "a=10;b=14", Some(0.0)),
    ("R.3.iii.a", "a=0;b=0", Some(1.0)),
    ("R.3.iii.a", "a=0;b=3", None),
    // counts: min(c / a, 1), b is information only
    ("R.5.ii.a", "a=8;c=2", Some(0.25)),
    ("R.5.ii.a", "a=8;b=100;c=2", Some(0.25)),
    ("R.5.ii.a", "a=0;b=5;c=0", Some(1.0)),
    // counts: LHKPN, a = b + c + d is computed
    ("R.5.iii.a", "b=1;c=2;d=3;e=3", Some(0.5)),
    ("R.5.iii.a", "b=1;c=1;d=1;e=5", Some(1.0)),
    ("R.5.iii.a", "b=0;c=0;d=0;e=0", Some(1.0)),
    ("R.5.iii.a", "b=0;c=0;d=0;e=2", None),
    ("R.5.iii.a", "a=6;b=1;c=2;d=3;e=3", None),
    ("R.5.iii.b", "b=10;c=20;d=70;e=99", Some(0.99)),
    // survey index 0..4
    ("H.1.i.a", "3.61", Some(0.9025)),
    ("H.1.i.a", "3,61", Some(0.9025)),
    ("H.1.i.a", "4", Some(1.0)),
    ("H.1.i.a", "0", Some(0.0)),
    ("H.1.i.a", "4.01", None),
    ("H.1.i.a", "-1", None),
    ("H.1.i.a", "tiga", None),
    ("H.1.i.a", "NaN", None),
    ("H.2.i.a", "3,2", Some(0.8)),
];

#[test]
fn answers_give_the_values_of_the_rules() {
    let t = lke();
    for (item, text, expected) in CASES {
        let c = code(item);
        match (AnswerValue::parse(&t, c, text), expected) {
            (Ok(v), Some(e)) => {
                let got = v.value(&t, c);
                assert!((got - e).abs() < 1e-12, "{item} '{text}': {got} != {e}");
            }
            (Err(err), None) => {
                let msg = err.to_string();
                assert!(msg.contains(item), "{msg} should name the item");
                assert!(
                    msg.contains(text.trim()) || text.trim().is_empty(),
                    "{msg} should quote the value"
                );
            }
            (Ok(v), None) => panic!("{item} '{text}' should be refused, got {v:?}"),
            (Err(err), Some(_)) => panic!("{item} '{text}' should be accepted: {err}"),
        }
    }
}

#[test]
fn canonical_text_parses_back_to_the_same_value() {
    let t = lke();
    for (item, text, expected) in CASES {
        if expected.is_none() {
            continue;
        }
        let c = code(item);
        let v = AnswerValue::parse(&t, c, text).unwrap();
        let again = AnswerValue::parse(&t, c, &v.to_string()).unwrap();
        assert_eq!(v, again, "{item} '{text}' -> '{v}'");
    }
}

#[test]
fn unknown_items_are_refused() {
    let err = AnswerValue::parse(&lke(), code("P.1.i.z"), "ya").unwrap_err();
    assert!(err.to_string().contains("tidak ada"), "{err}");
}

#[test]
fn error_messages_say_what_is_accepted() {
    let t = lke();
    let msg = |item: &str, text: &str| {
        AnswerValue::parse(&t, code(item), text)
            .unwrap_err()
            .to_string()
    };
    assert!(msg("P.1.i.b", "d").contains("a sampai c"));
    assert!(msg("R.1.i.a", "a=4").contains("baris b belum diisi"));
    assert!(msg("R.5.iii.a", "a=1;b=1;c=0;d=0;e=1").contains("dihitung otomatis"));
    let zero = msg("R.1.i.a", "a=0;b=2");
    assert!(
        zero.contains("baris a (") && zero.contains("tidak dapat dihitung"),
        "{zero}"
    );
    assert!(
        !zero.contains("penyebut") && !zero.contains("min("),
        "{zero}"
    );
}

#[test]
fn roles_parse() {
    assert_eq!("TPI".parse::<Role>().unwrap(), Role::Tpi);
    assert!("evaluator".parse::<Role>().is_err());
}
