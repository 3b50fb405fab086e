//! Evidence read by its content: the facts a document's text states
//! ([`facts`]), the words it is made of ([`words`]), and the items it
//! supports ([`suggest`]). Pure: the text comes from the workspace's
//! readers; nothing here opens a file.

pub mod facts;
pub mod suggest;
pub mod words;

pub use facts::{ContentFacts, read_facts, read_facts_of};
pub use suggest::{ItemIndex, ItemSuggestion, sure};

/// The most characters of a document's text any rule looks at (and a
/// workspace keeps): enough for a long report's words, bounded for a
/// hostile one.
pub const MAX_READ_CHARS: usize = 2_000_000;

/// The text cut to [`MAX_READ_CHARS`] characters, on a character boundary.
pub fn bounded(text: &str) -> &str {
    if text.len() <= MAX_READ_CHARS {
        return text;
    }
    match text.char_indices().nth(MAX_READ_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// What an evaluator would want to know about a file from what its content
/// says, in Indonesian: its text says another kind than it is attached as;
/// it is dated outside the assessment year, or after `today`; the same file
/// is on other items too.
pub fn findings(
    template: &crate::template::Template,
    attached_kind: &str,
    read: &ContentFacts,
    year: i32,
    today: chrono::NaiveDate,
    also_on: &[crate::code::ItemCode],
) -> Vec<String> {
    use chrono::Datelike;
    let label = |k: &str| {
        template
            .evidence_kind(k)
            .map_or_else(|| k.to_string(), |x| x.label.to_lowercase())
    };
    let mut out = Vec::new();
    if let Some(k) = read.kind.as_deref()
        && k != attached_kind
        && judged_by_content(attached_kind)
    {
        out.push(format!(
            "isinya tampak seperti {}, dilampirkan sebagai {}",
            label(k),
            label(attached_kind)
        ));
    }
    if let Some(d) = read.date {
        if d > today {
            out.push(format!(
                "bertanggal {}, setelah hari ini",
                crate::format::date_long(d)
            ));
        } else if d.year() != year {
            out.push(format!(
                "bertanggal {}, di luar tahun penilaian {year}",
                crate::format::date_long(d)
            ));
        }
    }
    if !also_on.is_empty() {
        let items: Vec<String> = also_on.iter().map(ToString::to_string).collect();
        out.push(format!(
            "berkas yang sama juga dilampirkan di butir {}",
            items.join(", ")
        ));
    }
    out
}

/// Whether a file's text can say it is of `kind`: not a photo or a screen
/// capture (a photo of a document is still a photo), nor the catch-alls
/// "dokumen" and "lainnya".
pub fn judged_by_content(kind: &str) -> bool {
    !matches!(kind, "foto" | "capture" | "lainnya" | "dokumen")
}

/// The kinds `item` requires that are there by name but not by content:
/// files are attached as the kind, every one of them was read with a kind
/// its text states, and none states this one. `files` are the item's files
/// as (kind attached as, kind its text states; `None` when not read or not
/// clear). Kinds a text cannot state (a photo, "lainnya") are not judged.
pub fn kinds_only_by_name<'t>(
    template: &'t crate::template::Template,
    item: crate::code::ItemCode,
    files: &[(&str, Option<&str>)],
) -> Vec<&'t str> {
    let Some(def) = template.item(item) else {
        return Vec::new();
    };
    def.evidence
        .iter()
        .map(|r| r.kind.as_str())
        .filter(|k| judged_by_content(k))
        .filter(|k| {
            let attached: Vec<Option<&str>> = files
                .iter()
                .filter(|(as_kind, _)| as_kind == k)
                .map(|(_, read)| *read)
                .collect();
            !attached.is_empty() && attached.iter().all(|read| read.is_some_and(|r| r != *k))
        })
        .collect()
}

/// The sentence for a kind present by name only.
pub fn only_by_name_finding(template: &crate::template::Template, kind: &str) -> String {
    let label = template
        .evidence_kind(kind)
        .map_or_else(|| kind.to_string(), |x| x.label.to_lowercase());
    format!(
        "{label} yang diwajibkan butir ini ada menurut nama berkas saja: tidak ada berkas yang isinya {label}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_name_another_kind_a_date_out_of_year_and_other_items() {
        let t = crate::template::Template::default_lke();
        let read = ContentFacts {
            kind: Some("notula".into()),
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 12),
            ..ContentFacts::default()
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let other: crate::code::ItemCode = "P.1.iii.a".parse().unwrap();
        assert_eq!(
            findings(&t, "undangan", &read, 2026, today, &[other]),
            [
                "isinya tampak seperti notula, dilampirkan sebagai undangan",
                "bertanggal 12 Maret 2025, di luar tahun penilaian 2026",
                "berkas yang sama juga dilampirkan di butir P.1.iii.a",
            ]
        );
        let later = ContentFacts {
            date: chrono::NaiveDate::from_ymd_opt(2027, 1, 2),
            ..ContentFacts::default()
        };
        assert_eq!(
            findings(&t, "foto", &later, 2026, today, &[]),
            ["bertanggal 2 Januari 2027, setelah hari ini"]
        );
        assert!(findings(&t, "notula", &read, 2025, today, &[]).is_empty());
    }

    #[test]
    fn a_required_kind_is_there_by_name_only_when_no_read_file_states_it() {
        let t = crate::template::Template::default_lke();
        let item: crate::code::ItemCode = "P.1.i.b".parse().unwrap();
        let required: Vec<&str> = t
            .item(item)
            .unwrap()
            .evidence
            .iter()
            .map(|r| r.kind.as_str())
            .filter(|k| judged_by_content(k))
            .collect();
        let k = required[0];
        // Attached as the kind, read as another: there by name only.
        assert_eq!(kinds_only_by_name(&t, item, &[(k, Some("laporan"))]), [k]);
        // One file stating it is enough.
        assert!(kinds_only_by_name(&t, item, &[(k, Some("laporan")), (k, Some(k))]).is_empty());
        // A file not read (or not clear) is not judged.
        assert!(kinds_only_by_name(&t, item, &[(k, Some("laporan")), (k, None)]).is_empty());
        // Nothing attached as the kind: that is completeness's finding, not this.
        assert!(kinds_only_by_name(&t, item, &[("laporan", Some("laporan"))]).is_empty());
        assert!(only_by_name_finding(&t, k).contains("menurut nama berkas saja"));
    }
}
