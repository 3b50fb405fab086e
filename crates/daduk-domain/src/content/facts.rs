//! What a document says about itself, from its text: its kind, its date,
//! its number and its title, read the way a person reads an Indonesian
//! government document — the heading, the `Nomor :` and `Perihal :` lines,
//! `TENTANG …` under a decree, the place and date above a signature.

use chrono::NaiveDate;
use serde::Serialize;

use super::words::{fold, words};

mod title;
use title::title_of;

/// What was read of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContentFacts {
    /// The evidence kind its text says (a template kind code: `undangan`,
    /// `daftar_hadir`, `notula`, `sk`, `surat`, `laporan`, `dokumen`,
    /// `foto`), when it says one.
    pub kind: Option<String>,
    /// The document's date.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub date: Option<NaiveDate>,
    /// Its number as written (`800/123/SK/2026`).
    pub number: Option<String>,
    /// Its title: the *perihal* of a letter, what a decree is *tentang*, or
    /// the heading.
    pub title: Option<String>,
}

/// How much of the text is looked at for the heading.
const HEAD_CHARS: usize = 700;
/// The longest number and title kept.
const MAX_NUMBER: usize = 80;
const MAX_TITLE: usize = 200;

/// Read the facts of a document from its text. Pure and bounded: only the
/// first [`super::MAX_READ_CHARS`] characters are looked at.
pub fn read_facts(text: &str) -> ContentFacts {
    let text = super::bounded(text);
    ContentFacts {
        kind: kind_of(text).map(str::to_string),
        date: document_date(text),
        number: number_of(text),
        title: title_of(text),
    }
}

/// The facts of a file's text, knowing whether the file is a picture: a
/// picture whose text says no kind of document (a banner, a room, people)
/// is a photo of an event (`foto`); a photo of a letter is the letter.
pub fn read_facts_of(text: &str, picture: bool) -> ContentFacts {
    let mut facts = read_facts(text);
    if picture && facts.kind.is_none() {
        facts.kind = Some("foto".into());
    }
    facts
}

/// The first characters of the text, up to a character boundary.
fn head(text: &str) -> &str {
    match text.char_indices().nth(HEAD_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Phrases that say a kind, with their weight in the heading (anywhere,
/// a third of it).
const KIND_PHRASES: &[(&str, &[(&str, u32)])] = &[
    (
        "sk",
        &[
            ("surat keputusan", 6),
            ("keputusan", 4),
            ("memutuskan", 5),
            ("menetapkan", 3),
            ("menimbang", 3),
            ("mengingat", 2),
            ("ditetapkan di", 3),
        ],
    ),
    (
        "undangan",
        &[
            ("undangan", 6),
            ("mengundang", 5),
            ("kehadiran bapak", 4),
            ("kehadiran saudara", 4),
            ("mengharap kehadiran", 4),
            ("menghadiri", 2),
        ],
    ),
    (
        "daftar_hadir",
        &[
            ("daftar hadir", 8),
            ("presensi", 5),
            ("absensi", 5),
            ("tanda tangan", 2),
        ],
    ),
    (
        "notula",
        &[
            ("notula", 8),
            ("notulen", 8),
            ("notulensi", 8),
            ("risalah rapat", 8),
            ("pimpinan rapat", 4),
            ("peserta rapat", 3),
            ("kesimpulan", 2),
            ("hasil rapat", 3),
        ],
    ),
    (
        "laporan",
        &[
            ("laporan", 6),
            ("bab i", 2),
            ("pendahuluan", 2),
            ("latar belakang", 2),
            ("penutup", 1),
        ],
    ),
    (
        "surat",
        &[
            ("surat edaran", 7),
            ("nota dinas", 7),
            ("perihal", 2),
            ("hal", 1),
            ("lampiran", 1),
            ("dengan hormat", 2),
        ],
    ),
    (
        "dokumen",
        &[
            ("standar operasional prosedur", 8),
            ("sop", 4),
            ("maklumat pelayanan", 8),
            ("maklumat", 5),
            ("standar pelayanan", 7),
            ("pakta integritas", 7),
            ("perjanjian kinerja", 7),
            ("rencana kerja", 5),
            ("rencana aksi", 5),
            ("pedoman", 4),
            ("petunjuk teknis", 5),
        ],
    ),
];

/// The kind a text says most, if any says enough.
fn kind_of(text: &str) -> Option<&'static str> {
    // The first lines name the document (`NOTULA RAPAT`, `LAPORAN …`):
    // what they say outweighs what the body mentions.
    let top: String = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let top_words = words(&top);
    let head_words = words(head(text));
    let all_words = words(text);
    let count = |ws: &[String], phrase: &str| -> u32 {
        let p: Vec<&str> = phrase.split(' ').collect();
        let n = ws
            .windows(p.len())
            .filter(|w| w.iter().zip(&p).all(|(a, b)| a == b))
            .count();
        u32::try_from(n.min(20)).unwrap_or(20)
    };
    let mut best: Option<(&'static str, u32)> = None;
    for (kind, phrases) in KIND_PHRASES {
        let mut score = 0;
        let mut body = 0;
        for (phrase, weight) in *phrases {
            let on_top = count(&top_words, phrase);
            let in_head = count(&head_words, phrase);
            score += weight * 6 * on_top.min(1) + weight * 3 * in_head.min(2);
            body += weight * count(&all_words, phrase).min(5);
        }
        // The body mentions every kind of document somewhere: it only
        // tips the balance.
        score += body.min(30);
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((kind, score));
        }
    }
    // A decree names itself `KEPUTUSAN` and decides (`MEMUTUSKAN`); an
    // invitation that merely mentions a decree stays an invitation.
    best.filter(|(_, s)| *s >= 12).map(|(k, _)| k)
}

/// The Indonesian months, with their usual abbreviations.
const MONTHS: [(&[&str], u32); 12] = [
    (&["januari", "jan"], 1),
    (&["februari", "pebruari", "feb", "peb"], 2),
    (&["maret", "mar"], 3),
    (&["april", "apr"], 4),
    (&["mei"], 5),
    (&["juni", "jun"], 6),
    (&["juli", "jul"], 7),
    (&["agustus", "agu", "agt", "ags", "agust"], 8),
    (&["september", "sep", "sept"], 9),
    (&["oktober", "okt"], 10),
    (&["november", "nov", "nop", "nopember"], 11),
    (&["desember", "des"], 12),
];

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    MONTHS
        .iter()
        .find(|(names, _)| names.contains(&w))
        .map(|(_, m)| *m)
}

fn year(word: &str) -> Option<i32> {
    (word.len() == 4)
        .then(|| word.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1990..=2100).contains(y))
}

/// A date starting at token `i`: `12 Maret 2026`, `03-02-2026`,
/// `3/2/2026`, `2026-02-03`.
fn date_at(tokens: &[String], i: usize) -> Option<NaiveDate> {
    let t = tokens.get(i)?;
    // dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy, yyyy-mm-dd
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = t.split(sep).collect();
        if parts.len() == 3 && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
            let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
            if n.len() != 3 {
                return None;
            }
            return if parts[0].len() == 4 {
                NaiveDate::from_ymd_opt(i32::try_from(n[0]).ok()?, n[1], n[2])
            } else if parts[2].len() == 4 {
                NaiveDate::from_ymd_opt(i32::try_from(n[2]).ok()?, n[1], n[0])
            } else {
                None
            }
            .filter(|d| (1990..=2100).contains(&chrono::Datelike::year(d)));
        }
    }
    // 12 Maret 2026
    if t.len() <= 2 && t.chars().all(|c| c.is_ascii_digit()) {
        let day: u32 = t.parse().ok()?;
        let m = month(tokens.get(i + 1)?)?;
        let y = year(tokens.get(i + 2)?)?;
        return NaiveDate::from_ymd_opt(y, m, day);
    }
    None
}

/// Every date in the text, with the token it starts at.
fn dates(tokens: &[String]) -> Vec<(usize, NaiveDate)> {
    (0..tokens.len())
        .filter_map(|i| date_at(tokens, i).map(|d| (i, d)))
        .collect()
}

/// Tokens for dates and labels: lowercased words, keeping the `-`, `/` and
/// `.` inside numbers.
fn date_tokens(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | ';' | '(' | ')'))
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The document's date: the one a decree is set on (`ditetapkan … pada
/// tanggal`), a letter is dated with (`Jakarta, 12 Maret 2026` on its own
/// line), or a `Tanggal :` label gives; else the first date in it.
fn document_date(text: &str) -> Option<NaiveDate> {
    let tokens = date_tokens(text);
    let found = dates(&tokens);
    let first = found.first().map(|(_, d)| *d)?;
    let labelled = found.iter().find(|(i, _)| {
        let before = |n: usize| -> &str {
            i.checked_sub(n)
                .and_then(|j| tokens.get(j))
                .map_or("", String::as_str)
        };
        (before(1) == "tanggal" && (before(2) == "pada" || before(3) == "ditetapkan"))
            || before(2) == "ditetapkan"
    });
    if let Some((_, d)) = labelled {
        return Some(*d);
    }
    // `Place, 12 Maret 2026` at the start of a line: a letter's date.
    for line in text.lines().take(4000) {
        let l = line.trim();
        if let Some((place, rest)) = l.split_once(',')
            && !place.is_empty()
            && place.split_whitespace().count() <= 3
            && place
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '.')
        {
            let t = date_tokens(rest);
            if let Some(d) = date_at(&t, 0) {
                return Some(d);
            }
        }
    }
    Some(first)
}

/// The value after a label at the start of a line (`Nomor : X`, `Perihal:
/// X`, `Hal X`), case-insensitive; the label must be followed by a colon or
/// stand alone.
fn labelled<'t>(text: &'t str, labels: &[&str]) -> Option<&'t str> {
    for line in text.lines().take(4000) {
        let l = line.trim_start();
        let lower = fold(l);
        for label in labels {
            if let Some(rest) = lower.strip_prefix(label) {
                let after = rest.trim_start();
                if !(after.starts_with(':') || rest.starts_with(char::is_whitespace)) {
                    continue;
                }
                // Byte offsets match: folding keeps ASCII labels in place.
                let skip = l.len() - rest.len();
                let value = l.get(skip..)?.trim_start().trim_start_matches(':').trim();
                if !value.is_empty() {
                    return Some(value);
                }
            }
        }
    }
    None
}

/// Cut a value at the next label written on the same line, or at a wide
/// gap (a second column, such as a letter's place and date).
fn cut_at_labels(value: &str) -> &str {
    let value = value
        .split("   ")
        .next()
        .unwrap_or(value)
        .split('\t')
        .next()
        .unwrap_or(value);
    let lower = fold(value);
    let mut end = value.len();
    for label in [
        "lampiran", "sifat", "perihal", "hal :", "hal:", "tanggal", "kepada",
    ] {
        if let Some(i) = lower.find(label)
            && i > 0
            && i < end
            && value.is_char_boundary(i)
        {
            end = i;
        }
    }
    value[..end].trim().trim_end_matches([',', ';'])
}

fn clip(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// The number as written after `Nomor` / `No.` in the heading, when it
/// has a digit.
fn number_of(text: &str) -> Option<String> {
    let value = labelled(head(text), &["nomor", "nomer", "no.", "no :", "no:"])?;
    let value = cut_at_labels(value);
    let value = value.trim_start_matches([':', '.', ' ']);
    // `Nomor SOP : SOP/165/PL/2026`: a word naming what is numbered, then
    // the number.
    let value = match value.split_once(':') {
        Some((word, rest))
            if word.trim().len() <= 12 && word.trim().chars().all(char::is_alphabetic) =>
        {
            rest.trim()
        }
        _ => value,
    };
    number_like(value).then(|| clip(value, MAX_NUMBER))
}

/// Whether a value reads as a letter's or decree's number: `800/123/SK/2026`,
/// `SE.01/2026`, `12 Tahun 2026` — not a line of words that happens to
/// hold a digit (OCR of a photo makes many).
fn number_like(value: &str) -> bool {
    let first = value.split_whitespace().next().unwrap_or("");
    if !first.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if value.contains('/') || first.contains(['.', '-']) {
        return true;
    }
    let words: Vec<String> = fold(value).split_whitespace().map(str::to_string).collect();
    words.len() >= 3
        && words[1] == "tahun"
        && words[2].len() == 4
        && words[2].chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
#[path = "facts_tests.rs"]
mod tests;
