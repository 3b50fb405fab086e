//! Answer cells as people type them in Excel, made into the canonical text
//! that [`daduk_domain::answer::AnswerValue::parse`] reads.
//!
//! `YA`, `Ya.`, `a.`, `B. Sebagian …` (the option letter with its text),
//! `3,61` and `3.61`, whole numbers stored as text or as `12,0`, `1.250`
//! with a thousands dot. Anything else is passed on unchanged, so the
//! answer parser names the fault in its own words.

use daduk_domain::template::AnswerSpec;

/// The canonical answer text of a single-answer cell for an item answered
/// with `spec` (counts items are read row by row with [`whole_number`]).
pub fn answer_text(spec: &AnswerSpec, cell: &str) -> String {
    let t = cell.trim();
    match spec {
        AnswerSpec::YesNo => {
            let w = t.trim_end_matches('.').trim().to_lowercase();
            match w.as_str() {
                "ya" | "y" | "yes" => "ya".into(),
                "tidak" | "tdk" | "t" | "no" => "tidak".into(),
                _ => t.to_string(),
            }
        }
        AnswerSpec::Choice { .. } => {
            let mut chars = t.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() => c.to_ascii_lowercase().to_string(),
                // `a.`, `b)`, `C. Sebagian besar …`: the letter before a mark.
                (Some(c), Some('.' | ')')) if c.is_ascii_alphabetic() => {
                    c.to_ascii_lowercase().to_string()
                }
                _ => t.to_string(),
            }
        }
        AnswerSpec::SurveyIndex { .. } => t.replace(',', "."),
        AnswerSpec::Counts { .. } => t.to_string(),
    }
}

/// A whole number as typed: `12`, `12,0`, `12.00`, `1.250` or `1,250`
/// (thousands), ` 7 `. `Err` says what is wrong.
pub fn whole_number(cell: &str) -> Result<u64, String> {
    let t: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    let bad = || {
        format!(
            "jumlah harus bilangan bulat 0 atau lebih, bukan '{}'",
            cell.trim()
        )
    };
    if t.is_empty() {
        return Err(bad());
    }
    // 1.250 / 1,250 / 12.500.000: groups of three after the first.
    let grouped = |sep: char| {
        let groups: Vec<&str> = t.split(sep).collect();
        groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
    };
    if grouped('.') || grouped(',') {
        return t.replace(['.', ','], "").parse().map_err(|_| bad());
    }
    let x: f64 = t.replace(',', ".").parse().map_err(|_| bad())?;
    if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x < 1e15 {
        Ok(x as u64)
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use daduk_domain::template::Template;

    #[test]
    fn typed_answers_become_canonical() {
        let t = Template::default_lke();
        let spec = |c: &str| t.item(c.parse().unwrap()).unwrap().answer.clone();
        let yes_no = spec("P.1.i.a");
        let choice = spec("P.1.i.b");
        let survey = spec("H.1.i.a");
        for (s, cell, want) in [
            (&yes_no, "YA", "ya"),
            (&yes_no, " Ya. ", "ya"),
            (&yes_no, "Tidak", "tidak"),
            (&yes_no, "mungkin", "mungkin"),
            (&choice, "B", "b"),
            (&choice, "a.", "a"),
            (&choice, "C. Belum ada mekanisme", "c"),
            (&choice, "ab", "ab"),
            (&survey, "3,61", "3.61"),
        ] {
            assert_eq!(answer_text(s, cell), want, "{cell}");
        }
        for (cell, want) in [
            ("12", Ok(12)),
            ("12,0", Ok(12)),
            ("12.00", Ok(12)),
            ("1.250", Ok(1250)),
            ("1,250", Ok(1250)),
            (" 7 ", Ok(7)),
            ("0", Ok(0)),
        ] {
            assert_eq!(whole_number(cell), want, "{cell}");
        }
        for cell in ["3,5", "-2", "dua", "", "1.25"] {
            assert!(whole_number(cell).is_err(), "{cell}");
        }
    }
}
