//! References to evidence that are not stored files (rujukan data dukung):
//! a line of a worksheet's evidence list, a link to a shared folder, or both.
//!
//! Worksheets that units fill by hand list their data dukung as text ("SK
//! Tim Kerja ZI No. 12/2024") and often give a link (a Google Drive folder).
//! Daduk keeps them on the item as the sheet gave them, shows them beside the
//! attached files, and never downloads anything.

use serde::{Deserialize, Serialize};

use crate::code::ItemCode;

/// Longest text kept for one reference (characters).
pub const MAX_TEXT: usize = 1_000;
/// Longest URL kept (characters).
pub const MAX_URL: usize = 2_048;
/// Most references one item keeps from one cell pair.
pub const MAX_PER_ITEM: usize = 100;

/// A reference: text, a URL, or both.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Reference {
    /// What the document is, as written (may be empty when only a link).
    pub text: String,
    /// Where it is (may be empty when only a text).
    pub url: String,
}

/// A reference kept on an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ItemReference {
    /// Id within the workspace.
    pub id: i64,
    /// The item.
    pub item: ItemCode,
    /// Text and URL.
    #[serde(flatten)]
    pub reference: Reference,
    /// Where it came from, e.g. `lembar kerja LKE ZI.xlsx`.
    pub source: String,
    /// Who added it.
    pub added_by: String,
    /// When (RFC 3339).
    pub added_at: String,
}

impl Reference {
    /// A reference from outside text, cleaned: control, bidirectional and
    /// invisible characters become spaces, runs of spaces one, the text and URL cut to their limits.
    /// `None` when both are empty.
    pub fn new(text: &str, url: &str) -> Option<Reference> {
        let text = clean(text, MAX_TEXT);
        let url = clean(url, MAX_URL).replace(' ', "%20");
        (!text.is_empty() || !url.is_empty()).then_some(Reference { text, url })
    }

    /// `text <url>`, `text` or `url`, for a line of a list.
    pub fn describe(&self) -> String {
        match (self.text.is_empty(), self.url.is_empty()) {
            (false, false) => format!("{} <{}>", self.text, self.url),
            (false, true) => self.text.clone(),
            _ => self.url.clone(),
        }
    }
}

fn clean(s: &str, max: usize) -> String {
    let spaced: String = s
        .chars()
        .map(|c| {
            if c.is_control() || crate::text::misleading(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    spaced
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max)
        .collect()
}

/// Whether a word is a link: `http(s)://…`, `ftp://…` or `www.…`.
pub fn is_url(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    (w.starts_with("http://")
        || w.starts_with("https://")
        || w.starts_with("ftp://")
        || w.starts_with("www."))
        && w.len() > 7
}

/// Split one line into its text and the links in it.
fn split_line(line: &str) -> (String, Vec<String>) {
    let mut text = Vec::new();
    let mut urls = Vec::new();
    for word in line.split_whitespace() {
        let w = word.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | ',' | ';'));
        if is_url(w) {
            urls.push(w.to_string());
        } else {
            text.push(word);
        }
    }
    let text = text.join(" ");
    let text = text
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | ','))
        .to_string();
    (text, urls)
}

/// Strip a list marker: `1.`, `1)`, `-`, `•`, `*`, `–`.
fn strip_marker(line: &str) -> &str {
    let t = line.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')')) {
            return r.trim_start();
        }
    }
    for m in ['-', '•', '*', '–', '·'] {
        if let Some(r) = t.strip_prefix(m) {
            return r.trim_start();
        }
    }
    t
}

/// The references in a worksheet's evidence-list cell and link cell (either
/// may be empty). `link_target` is the hyperlink behind the link cell, when
/// the file has one. Each list line is one reference; links in a line stay
/// with its text; the links of the link cell pair with the text-only lines
/// in order when their numbers agree, and stand alone otherwise.
pub fn from_cells(list: &str, link: &str, link_target: Option<&str>) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    let mut text_only = Vec::new();
    for line in list.lines() {
        let (text, urls) = split_line(strip_marker(line));
        if urls.is_empty() {
            if !text.is_empty() {
                text_only.push(out.len());
                out.extend(Reference::new(&text, ""));
            }
        } else {
            for (i, u) in urls.iter().enumerate() {
                out.extend(Reference::new(if i == 0 { &text } else { "" }, u));
            }
        }
    }
    let mut links: Vec<String> = Vec::new();
    let mut link_text = Vec::new();
    for line in link.lines() {
        let (text, urls) = split_line(strip_marker(line));
        links.extend(urls);
        if !text.is_empty() {
            link_text.push(text);
        }
    }
    if let Some(target) = link_target.map(str::trim).filter(|t| !t.is_empty())
        && !links.iter().any(|l| l == target)
    {
        // A hyperlink whose cell shows a label: the label is its text.
        let label = link_text.join(" ");
        link_text.clear();
        if text_only.is_empty() || !label.is_empty() {
            out.extend(Reference::new(&label, target));
        } else {
            links.push(target.to_string());
        }
    }
    for t in link_text {
        out.extend(Reference::new(&t, ""));
    }
    if !links.is_empty() && links.len() == text_only.len() {
        for (i, url) in text_only.iter().zip(&links) {
            out[*i].url = clean(url, MAX_URL);
        }
    } else {
        for url in &links {
            out.extend(Reference::new("", url));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|r| seen.insert(r.clone()));
    out.truncate(MAX_PER_ITEM);
    out
}

/// The references of an item and its attached files as one description,
/// for PortalRB's `bukti_dukung_unit` and the Jawaban sheet's column M:
/// references first (`text <url>`), then files (`name (sha256 1a2b3c4d5e6f)`),
/// joined by `sep`. Empty when there is neither.
pub fn describe_evidence<'a>(
    references: impl IntoIterator<Item = &'a Reference>,
    files: impl IntoIterator<Item = (&'a str, &'a crate::hash::Sha256)>,
    sep: &str,
) -> String {
    let mut parts: Vec<String> = references.into_iter().map(Reference::describe).collect();
    parts.extend(
        files
            .into_iter()
            .map(|(name, sha)| format!("{name} (sha256 {})", sha.short(12))),
    );
    parts.join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str, url: &str) -> Reference {
        Reference {
            text: text.into(),
            url: url.into(),
        }
    }

    #[test]
    fn list_lines_and_links_become_references() {
        // One line per document, numbered; one link per line: paired.
        let got = from_cells(
            "1. SK Tim Kerja ZI\n2. Notula rapat",
            "https://drive.example/a\nhttps://drive.example/b",
            None,
        );
        assert_eq!(
            got,
            [
                r("SK Tim Kerja ZI", "https://drive.example/a"),
                r("Notula rapat", "https://drive.example/b")
            ]
        );
        // One folder link for three documents: kept apart.
        let got = from_cells(
            "- SK\n- Undangan\n- Daftar hadir",
            "https://drive.example/folder",
            None,
        );
        assert_eq!(got.len(), 4);
        assert_eq!(got[3], r("", "https://drive.example/folder"));
        // A link inside a line stays with its text.
        let got = from_cells("Laporan: https://x.example/lap.pdf", "", None);
        assert_eq!(got, [r("Laporan", "https://x.example/lap.pdf")]);
        // A hyperlink cell showing a label.
        let got = from_cells("", "Folder bukti", Some("https://drive.example/z"));
        assert_eq!(got, [r("Folder bukti", "https://drive.example/z")]);
        // Nothing in, nothing out; control characters and duplicates go.
        assert!(from_cells("  \n", "", None).is_empty());
        let got = from_cells("SK\u{7}  Tim\nSK Tim", "", None);
        assert_eq!(got, [r("SK Tim", "")]);
    }

    #[test]
    fn evidence_is_described_references_first() {
        let sha = crate::hash::Sha256::of_bytes(b"isi");
        let d = describe_evidence(
            &[
                r("SK", "https://x.example/sk"),
                r("", "https://x.example/f"),
            ],
            [("sk.pdf", &sha)],
            "; ",
        );
        assert_eq!(
            d,
            format!(
                "SK <https://x.example/sk>; https://x.example/f; sk.pdf (sha256 {})",
                sha.short(12)
            )
        );
    }
}
