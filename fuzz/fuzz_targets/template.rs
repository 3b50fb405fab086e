//! A template from outside (a packet's `template.json`, a file given with
//! `--template`): `Template::from_json` returns, never panics nor overflows
//! its stack, whatever the bytes; a template it accepts can be compared
//! with the official one, and every counts formula of it evaluates on any
//! row values without panicking.

#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;

use daduk_workspace::template::Template;
use daduk_workspace::template::trust::{is_official, official_with_id, scoring_differences};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(t) = Template::from_json("fuzz.json", text) else {
        return;
    };
    if let Some(official) = official_with_id(t.id()) {
        let diff = scoring_differences(&official, &t, 20);
        assert!(diff.len() <= 21, "the difference list is bounded");
        // Nothing different exactly when it is the official text itself.
        assert_eq!(diff.is_empty(), official.sha256() == t.sha256());
        assert!(!diff.is_empty() || is_official(t.sha256()));
    }
    for &code in t.item_codes() {
        if let Some(f) = t.counts_formula(code) {
            let rows: BTreeMap<String, f64> = f
                .reads
                .iter()
                .enumerate()
                .map(|(i, r)| (r.clone(), i as f64))
                .collect();
            let _ = f.value.eval(&rows);
        }
    }
});
