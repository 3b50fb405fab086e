//! Matching texts that people retype: question texts of a worksheet against
//! the template's, PortalRB's soal texts against the items'.
//!
//! Real files change case, punctuation, spacing, fix or add typos ("Survey" /
//! "Survei") and append remarks in parentheses, so texts are compared by
//! their words, not character by character.

use std::collections::BTreeSet;

/// Lower case, every run of characters other than letters and digits made
/// one space, trimmed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

fn words(text: &str) -> BTreeSet<String> {
    normalize(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// How alike two texts are, 0..1: the Dice coefficient of their word sets
/// (1 when they hold the same words, whatever the case and punctuation).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (words(a), words(b));
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    let common = x.intersection(&y).count();
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

/// The least similarity at which a retyped text is taken for a question
/// at all. Similar questions of one sub-area score up to ~0.9 against each
/// other, so a text is placed by its *best* match ([`best_match`]), never by
/// this threshold alone.
pub const SAME_TEXT: f64 = 0.6;

/// The candidate `text` matches best, with its similarity: `None` when no
/// candidate reaches [`SAME_TEXT`] or when two different texts tie for best.
pub fn best_match<'a>(
    text: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<(usize, f64)> {
    let mut best: Option<(usize, f64, String)> = None;
    let mut tied = false;
    for (i, c) in candidates.into_iter().enumerate() {
        let s = similarity(text, c);
        match &best {
            Some((_, b, n)) if (s - b).abs() < 1e-12 => tied |= normalize(c) != *n,
            Some((_, b, _)) if s < *b => {}
            _ => {
                best = Some((i, s, normalize(c)));
                tied = false;
            }
        }
    }
    match best {
        Some((i, s, _)) if s >= SAME_TEXT && !tied => Some((i, s)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Template;

    #[test]
    fn retyped_texts_match_and_each_question_is_its_own_best_match() {
        assert_eq!(
            normalize("  Kebijakan tentang  keterbukaan, (informasi)!"),
            "kebijakan tentang keterbukaan informasi"
        );
        for (a, b) in [
            (
                "Nilai Survei Persepsi Korupsi (Survei Eksternal)",
                "Nilai Survey Persepsi Korupsi (Survei Eksternal)",
            ),
            ("Jumlah lainnya yang diwajibkan", "Jumlah Lainnya"),
            (
                "Jumlah yang sudah melaporkan LHKPN",
                "Jumlah Lainnya yang sudah melaporkan",
            ),
        ] {
            assert!(
                similarity(a, b) >= SAME_TEXT,
                "{a} / {b}: {}",
                similarity(a, b)
            );
        }
        // Every question of the LKE is its own best match, even beside its
        // look-alike neighbours (R.2.ii.a / R.2.ii.b score 0.9).
        let t = Template::default_lke();
        let questions: Vec<&str> = t.items().map(|r| r.item.question.as_str()).collect();
        for (i, q) in questions.iter().enumerate() {
            let found = best_match(q, questions.iter().copied()).map(|m| m.0);
            assert_eq!(found, Some(i), "{q}");
        }
        let other = best_match("sesuatu yang lain sama sekali", questions.iter().copied());
        assert_eq!(other, None);
        // Two different texts tying for best: no match.
        assert_eq!(best_match("a b", ["a b c", "a b d"]), None);
        assert_eq!(best_match("a b", ["a b c", "A, b c"]).map(|m| m.0), Some(0));
    }
}
