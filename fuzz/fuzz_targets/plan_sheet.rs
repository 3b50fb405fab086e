//! A Target Prioritas table read by the plan import's reader: either raw
//! bytes as an `.xlsx` or `.csv` (the first byte says which), or a text
//! container turned into a well-formed `.xlsx` (`daduk_fuzz::sheet::grid`:
//! sheets, cells, merged cells), so the fuzzer reaches the header search,
//! month ticks, merged ticks and area headings. `read_sheet` returns, never
//! panics, stays within the sheet reader's bounds, and what it accepts is a
//! plan every activity of which has a month, a program and a known area.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use daduk_workspace::Template;
use daduk_fuzz::sheet::grid;

fn template() -> &'static Template {
    static T: OnceLock<Template> = OnceLock::new();
    T.get_or_init(Template::default_lke)
}

fuzz_target!(|data: &[u8]| {
    let Some((&byte, rest)) = data.split_first() else {
        return;
    };
    let (name, bytes) = if byte & 1 == 0 {
        let Ok(text) = std::str::from_utf8(rest) else {
            return;
        };
        let Some(bytes) = grid::to_xlsx(text) else {
            return;
        };
        ("rencana.xlsx", bytes)
    } else if byte & 64 != 0 {
        ("rencana.csv", rest.to_vec())
    } else {
        ("rencana.xlsx", rest.to_vec())
    };
    let path = daduk_fuzz::scratch_root().join(name);
    std::fs::write(&path, bytes).expect("scratch file");
    let area = (byte & 2 != 0).then_some((byte >> 2) % 7);
    if let Ok((rows, _warnings)) = daduk_workspace::plan::sheet::read_sheet(template(), &path, area) {
        assert!(!rows.is_empty(), "an accepted table has activities");
        for r in &rows {
            assert!(!r.months.is_empty(), "an activity without months: {r:?}");
            assert!(!r.program.trim().is_empty(), "an activity without a program: {r:?}");
            assert!((1..=6).contains(&r.area), "area {} accepted", r.area);
        }
    }
});
