//! A document's title: a letter's *perihal*, what a decree is *tentang*
//! (from its heading, or from its considerations when the heading was
//! lost), or the first line that reads like a heading.

use super::{MAX_TITLE, clip, cut_at_labels, fold, head, labelled};

/// The title: a letter's *perihal*, what a decree is *tentang*, or the
/// first line that reads like a heading.
pub(super) fn title_of(text: &str) -> Option<String> {
    if let Some(v) = labelled(head(text), &["perihal", "hal"]) {
        return Some(clip(cut_at_labels(v), MAX_TITLE));
    }
    // `TENTANG` alone on a line, the title on the lines after it (until the
    // decree's body starts), or `tentang X` on one line.
    let lines: Vec<&str> = head(text).lines().map(str::trim).collect();
    for (i, l) in lines.iter().enumerate() {
        let lower = fold(l);
        if lower == "tentang" || lower == "tentang :" {
            let title: Vec<&str> = lines[i + 1..]
                .iter()
                .take_while(|x| {
                    let x = fold(x);
                    !x.is_empty()
                        && ![
                            "dengan rahmat",
                            "kepala",
                            "menimbang",
                            "mengingat",
                            "memutuskan",
                            "menetapkan",
                            "bupati",
                            "walikota",
                            "gubernur",
                            "menteri",
                        ]
                        .iter()
                        .any(|s| x.starts_with(s))
                })
                .take(4)
                .copied()
                .collect();
            if !title.is_empty() {
                return Some(clip(&title.join(" "), MAX_TITLE));
            }
        } else if let Some(rest) = lower.strip_prefix("tentang ")
            && rest.len() > 8
        {
            let skip = l.len() - rest.len();
            return l.get(skip..).map(|t| clip(t, MAX_TITLE));
        }
    }
    if let Some(subject) = decree_subject(head(text)) {
        return Some(subject);
    }
    // The first line with words enough to be a heading; when it only
    // names the kind of document ("NOTULA RAPAT"), the line under it says
    // what about.
    let heading = |l: &str| {
        l.split_whitespace().count() >= 2 && l.chars().filter(|c| c.is_alphabetic()).count() >= 8
    };
    let first = lines.iter().position(|l| heading(l))?;
    if KIND_HEADINGS.contains(&fold(lines[first]).as_str())
        && let Some(next) = lines.get(first + 1)
        && heading(next)
        && !next.contains(':')
    {
        return Some(clip(next, MAX_TITLE));
    }
    Some(clip(lines[first], MAX_TITLE))
}

/// Headings that name only the kind of a document.
const KIND_HEADINGS: &[&str] = &[
    "notula rapat",
    "notulen rapat",
    "daftar hadir",
    "daftar hadir rapat",
    "daftar hadir peserta",
    "berita acara",
    "berita acara rapat",
    "laporan kegiatan",
];

/// What a decree is about from its considerations ("… perlu menetapkan
/// Keputusan Kepala tentang Pembentukan Tim Kerja."), for a decree whose
/// `TENTANG` heading was lost (a photo that cut it off, a line OCR missed):
/// the words after a `tentang` that follows `keputusan` within a few words,
/// up to the end of the sentence.
fn decree_subject(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if fold(w) != "keputusan" {
            continue;
        }
        let Some(t) = (i + 1..(i + 6).min(words.len())).find(|&j| fold(words[j]) == "tentang")
        else {
            continue;
        };
        let mut subject = Vec::new();
        for w in words.iter().skip(t + 1).take(16) {
            let end = w.ends_with(['.', ';', ',', ':']);
            subject.push(w.trim_end_matches(['.', ';', ',', ':']));
            if end {
                break;
            }
        }
        let first_upper = subject
            .first()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase);
        let joined = subject.join(" ");
        if first_upper && joined.chars().filter(|c| c.is_alphabetic()).count() >= 8 {
            return Some(clip(&joined, MAX_TITLE));
        }
    }
    None
}
