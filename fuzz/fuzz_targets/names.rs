//! Arbitrary text through `unsafe_path_reason` and `safe_component`.
//!
//! `unsafe_path_reason` must never panic. `safe_component(name, max)` must
//! always give a non-empty single component of at most `max` characters that
//! `unsafe_path_reason` accepts, with no character Windows reserves, no
//! trailing dot or space, and no Windows device name (`CON`, `com1.txt`,
//! `NUL .pdf`, ...). (It is not idempotent — `a. .d .` gives `a. .d`, which
//! gives `a.d` — and need not be: both are safe.)
//!
//! Input: the first byte picks `max` (1..=256; callers use 40, 50 and 80),
//! the rest is the name (lossy UTF-8).

#![no_main]

use daduk_workspace::packet::names::{safe_component, unsafe_path_reason};
use libfuzzer_sys::fuzz_target;

/// Device names as Windows resolves them: the part before the first dot,
/// trailing spaces ignored, case-insensitive.
fn is_windows_device(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or("");
    let base = base.trim_end_matches(' ').to_uppercase();
    if matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL") {
        return true;
    }
    for prefix in ["COM", "LPT"] {
        if let Some(rest) = base.strip_prefix(prefix) {
            let mut chars = rest.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && (c.is_ascii_digit() || matches!(c, '¹' | '²' | '³'))
            {
                return true;
            }
        }
    }
    false
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let name = String::from_utf8_lossy(rest);
    let _ = unsafe_path_reason(&name);

    let max = 1 + usize::from(first);
    let safe = safe_component(&name, max);
    let show = || format!("{name:?} (max {max}) -> {safe:?}");
    assert!(!safe.is_empty(), "empty: {}", show());
    assert!(safe.chars().count() <= max, "too long: {}", show());
    assert_eq!(unsafe_path_reason(&safe), None, "refused: {}", show());
    assert!(
        !safe.contains(['<', '>', ':', '"', '/', '\\', '|', '?', '*']),
        "reserved character: {}",
        show()
    );
    assert!(
        !safe.ends_with(['.', ' ']),
        "trailing dot or space: {}",
        show()
    );
    assert!(!safe.starts_with(' '), "leading space: {}", show());
    assert!(!is_windows_device(&safe), "Windows device name: {}", show());
});
