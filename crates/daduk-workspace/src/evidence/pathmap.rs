//! Which item a file belongs to, from the path teams really use:
//! `1.i.a SK Tim.pdf`, `I.1.i.a`, `P.1.i.a`, `R_5_iii_b`,
//! `AREA I/i. Penyusunan Tim Kerja/1.i.a ...`, `Reform/5/iii/b/...`,
//! `AREA I/i. Penyusunan Tim Kerja/a. SK.pdf`, numbered folders
//! `2.1 SOP/a. SOP Pelayanan.pdf`, `1.a Tim Kerja/b. Notula.pdf`,
//! `1.1.a SK Tim.pdf` — any case, with dots, spaces, dashes or underscores
//! between the parts. A numbered folder counts only when it names a
//! sub-area unambiguously: its words (if any) share a word with that
//! sub-area's name.

use crate::code::{ItemCode, Part, SubAreaCode, roman_to_number};
use crate::template::Template;

#[derive(Debug, Clone)]
struct Token {
    text: String,
    /// Index of the path component it came from.
    component: usize,
    /// Whether it is the first token of its component.
    leading: bool,
}

fn tokens(path: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for (component, part) in path.split(['/', '\\']).enumerate() {
        let mut leading = true;
        for word in part
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            out.push(Token {
                text: word.to_lowercase(),
                component,
                leading,
            });
            leading = false;
        }
    }
    out
}

fn area_number(t: &str) -> Option<u8> {
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some(c @ '1'..='9'), None) => c.to_digit(10).and_then(|d| u8::try_from(d).ok()),
        _ => None,
    }
}

fn roman(t: &str) -> Option<u8> {
    if t.chars().all(|c| matches!(c, 'i' | 'v' | 'x')) {
        roman_to_number(t)
    } else {
        None
    }
}

fn letter(t: &str) -> Option<char> {
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_lowercase() => Some(c),
        _ => None,
    }
}

/// A part named right before the code: `P.`, `R.`, `H.`, `I.` (Pemenuhan),
/// `II.` (Reform).
fn immediate_part(t: &str) -> Option<Part> {
    match t {
        "p" | "i" => Some(Part::P),
        "r" | "ii" => Some(Part::R),
        "h" => Some(Part::H),
        _ => None,
    }
}

/// A part named anywhere earlier in the path.
fn word_part(t: &str) -> Option<Part> {
    match t {
        "pemenuhan" => Some(Part::P),
        "reform" => Some(Part::R),
        "hasil" => Some(Part::H),
        _ => None,
    }
}

/// The item a relative path belongs to in `template`. Where the part is
/// only implied, the first existing reading is taken (a word like "hasil"
/// in a folder name must not turn `1.iii.b` into a Hasil item that does not
/// exist).
pub fn item_from_path(path: &str, template: &Template) -> Option<ItemCode> {
    let exists = |c: ItemCode| template.item(c).is_some();
    let toks = tokens(path);
    adjacent(&toks, &exists)
        .or_else(|| numbered(&toks, template))
        .or_else(|| hierarchical(&toks, &exists))
}

fn resolve(
    toks: &[Token],
    start: usize,
    (area, sub_area, item): (u8, u8, char),
    exists: &impl Fn(ItemCode) -> bool,
) -> Option<ItemCode> {
    let code = |part| ItemCode {
        part,
        area,
        sub_area,
        item,
    };
    // A part named right before the code counts when it is written with
    // it (`II.1.i.a`), or is a folder of its own (`R/1.i.a`): in
    // `Pemenuhan/1/ii/1.ii.a` the `ii` before the code is a sub-area folder,
    // not "II" (Reform).
    let before = start.checked_sub(1).map(|i| &toks[i]).filter(|t| {
        t.component == toks[start].component
            || (matches!(t.text.as_str(), "p" | "r" | "h")
                && t.leading
                && toks.get(start).is_some_and(|n| n.component != t.component))
    });
    if let Some(part) = before.and_then(|t| immediate_part(&t.text)) {
        let c = code(part);
        return exists(c).then_some(c);
    }
    let word = toks[..start].iter().rev().find_map(|t| word_part(&t.text));
    [word, Some(Part::P), Some(Part::R), Some(Part::H)]
        .into_iter()
        .flatten()
        .map(code)
        .find(|c| exists(*c))
}

/// A sub-area as a number where a folder numbers it: `1`, `i` or `a`.
fn sub_number(t: &str) -> Option<u8> {
    area_number(t)
        .or_else(|| roman(t))
        .or_else(|| letter(t).map(|c| c as u8 - b'a' + 1))
}

/// An item as a folder numbers it: its letter, or `1` for `a`.
fn item_letter(t: &str) -> Option<char> {
    letter(t).or_else(|| area_number(t).map(|n| char::from(b'a' + n - 1)))
}

/// `1.i.a` as three consecutive tokens, or `1.1.a` / `1.1.1` at the start
/// of a name; the last such triple wins, since the file name is the most
/// specific.
fn adjacent(toks: &[Token], exists: &impl Fn(ItemCode) -> bool) -> Option<ItemCode> {
    (0..toks.len().saturating_sub(2)).rev().find_map(|i| {
        let same = toks[i + 2].component == toks[i].component;
        let numbered = toks[i].leading && same && area_number(&toks[i + 1].text).is_some();
        let triple = if numbered {
            (
                area_number(&toks[i].text)?,
                area_number(&toks[i + 1].text)?,
                item_letter(&toks[i + 2].text)?,
            )
        } else {
            (
                area_number(&toks[i].text)?,
                roman(&toks[i + 1].text)?,
                letter(&toks[i + 2].text)?,
            )
        };
        resolve(toks, i, triple, exists)
    })
}

/// Words that say nothing about which sub-area a folder is.
const FILLER: [&str; 9] = [
    "dan", "di", "yang", "untuk", "dengan", "dalam", "serta", "atau", "data",
];

fn significant(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2 && !FILLER.contains(w))
        .map(str::to_string)
        .collect()
}

/// A numbered folder (`2.1 SOP`, `1.a Tim Kerja`, `5.iii LHKPN`) naming a
/// sub-area, and the item a file under it belongs to: the letter leading
/// a deeper name (`a. SK.pdf`), or the sub-area's only item.
fn numbered(toks: &[Token], template: &Template) -> Option<ItemCode> {
    let last = toks.last()?.component;
    let mut found: Option<(usize, SubAreaCode)> = None;
    for (i, t) in toks.iter().enumerate() {
        // Folders only: a file named `1.a …` may number an item.
        if !t.leading || t.component == last {
            continue;
        }
        let (Some(area), Some(next)) = (area_number(&t.text), toks.get(i + 1)) else {
            continue;
        };
        if next.component != t.component {
            continue;
        }
        let Some(sub) = sub_number(&next.text) else {
            continue;
        };
        let words: Vec<&str> = toks[i + 2..]
            .iter()
            .take_while(|w| w.component == t.component)
            .map(|w| w.text.as_str())
            .collect();
        if let Some(code) = named_sub_area(toks, i, template, (area, sub), &words.join(" ")) {
            found = Some((t.component, code));
        }
    }
    let (component, sub) = found?;
    let code = |item| ItemCode {
        part: sub.part,
        area: sub.area,
        sub_area: sub.sub_area,
        item,
    };
    let deeper = toks
        .iter()
        .filter(|t| t.leading && t.component > component)
        .find_map(|t| {
            letter(&t.text)
                .map(code)
                .filter(|c| template.item(*c).is_some())
        });
    deeper.or_else(|| {
        let items = &template.sub_area(sub)?.items;
        match items.as_slice() {
            [only] => Some(only.code),
            _ => None,
        }
    })
}

/// The sub-area `area.sub` a folder's number names, when its words agree:
/// the part a word earlier in the path names, else the part whose sub-area
/// shares the most words with the folder's, else (no words) Pemenuhan.
fn named_sub_area(
    toks: &[Token],
    at: usize,
    template: &Template,
    (area, sub): (u8, u8),
    words: &str,
) -> Option<SubAreaCode> {
    let said = toks[..at].iter().rev().find_map(|t| word_part(&t.text));
    let folder = significant(words);
    let mut best: Option<(usize, SubAreaCode)> = None;
    for part in [Part::P, Part::R, Part::H] {
        let code = SubAreaCode {
            part,
            area,
            sub_area: sub,
        };
        let Some(s) = template.sub_area(code) else {
            continue;
        };
        if said.is_some_and(|p| p != part) {
            continue;
        }
        let name = significant(&s.name);
        let shared = folder.iter().filter(|w| name.contains(w)).count();
        if (folder.is_empty() || shared > 0) && best.is_none_or(|b| shared > b.0) {
            best = Some((shared, code));
        }
    }
    best.map(|b| b.1)
}

/// One level per folder: `AREA I` or `1. Manajemen Perubahan`, then
/// `i. Penyusunan Tim Kerja`, then `a. SK Tim.pdf`.
fn hierarchical(toks: &[Token], exists: &impl Fn(ItemCode) -> bool) -> Option<ItemCode> {
    let mut area: Option<(usize, u8)> = None;
    let mut sub: Option<u8> = None;
    for (i, t) in toks.iter().enumerate() {
        if !t.leading {
            continue;
        }
        let next = toks.get(i + 1).filter(|n| n.component == t.component);
        if t.text == "area" {
            if let Some(n) = next.and_then(|n| area_number(&n.text).or_else(|| roman(&n.text))) {
                area = Some((i, n));
                sub = None;
            }
            continue;
        }
        match (area, sub) {
            (Some((start, a)), Some(s)) => {
                if let Some(item) = letter(&t.text) {
                    return resolve(toks, start, (a, s, item), exists);
                }
            }
            (Some(_), None) => sub = roman(&t.text),
            (None, _) => {}
        }
        if let Some(n) = area_number(&t.text) {
            area = Some((i, n));
            sub = None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Template;

    fn map(path: &str) -> Option<String> {
        let t = Template::default_lke();
        item_from_path(path, &t).map(|c| c.to_string())
    }

    #[test]
    fn numbered_folders_map_when_they_name_a_sub_area() {
        let cases = [
            // Area.sub-area folders, the sub-area as a digit, letter or roman.
            ("2.1 SOP/a. SOP Pelayanan.pdf", Some("P.2.i.a")),
            ("2.1 SOP/c. Evaluasi SOP.pdf", Some("P.2.i.c")),
            ("1.a Tim Kerja/b. Notula rapat.pdf", Some("P.1.i.b")),
            ("1.a Tim Kerja/a/SK Tim.pdf", Some("P.1.i.a")),
            ("Area 1/1.i Penyusunan Tim Kerja/a. SK.pdf", Some("P.1.i.a")),
            ("6.4 Survei Kepuasan/a/laporan IKM.pdf", Some("P.6.iv.a")),
            // The words decide between Pemenuhan and Reform.
            ("2.2 SPBE Terintegrasi/b/capture.png", Some("R.2.ii.b")),
            ("5.3 Laporan Harta Kekayaan/a/LHKPN.pdf", Some("R.5.iii.a")),
            ("Reform/1.3 Budaya Kerja/foto.jpg", Some("R.1.iii.a")),
            // A sub-area with one item names it; with more, a file needs its letter.
            ("3.5 Disiplin Pegawai/rekap.pdf", Some("P.3.v.a")),
            ("2.1 SOP/SOP Pelayanan.pdf", None),
            // Words that name no such sub-area: not a sub-area folder.
            ("2.1 Laporan Keuangan/a. neraca.pdf", None),
            ("1.a Pengadaan Barang/b. kontrak.pdf", None),
            // A file numbered alone is not a folder.
            ("1.a Tim Kerja.pdf", None),
            // Area.sub-area.item at the start of a name.
            ("1.1.a SK Tim.pdf", Some("P.1.i.a")),
            (
                "Pemenuhan/2.3.b daftar informasi publik.pdf",
                Some("P.2.iii.b"),
            ),
            ("6.1.1 Standar Pelayanan.pdf", Some("P.6.i.a")),
            ("Foto 2024.01.05 kegiatan.jpg", None),
        ];
        for (path, expected) in cases {
            assert_eq!(map(path).as_deref(), expected, "{path}");
        }
    }

    #[test]
    fn forms_teams_use() {
        let cases = [
            ("1.i.a", Some("P.1.i.a")),
            ("1.i.a SK Tim.pdf", Some("P.1.i.a")),
            ("1.i.a/SK Tim.pdf", Some("P.1.i.a")),
            ("I.1.i.a SK.pdf", Some("P.1.i.a")),
            ("P.1.i.a - undangan.pdf", Some("P.1.i.a")),
            ("p-1-ii-b_notula.docx", Some("P.1.ii.b")),
            ("R.5.iii.b.pdf", Some("R.5.iii.b")),
            ("II.1.i.a rekap.xlsx", Some("R.1.i.a")),
            ("r_5_iii_b/daftar hadir.pdf", Some("R.5.iii.b")),
            ("Reform/5/iii/b/laporan.pdf", Some("R.5.iii.b")),
            ("REFORM/1 i a/laporan.pdf", Some("R.1.i.a")),
            ("Hasil/1/i/a/survei.pdf", Some("H.1.i.a")),
            ("H 2 i a.pdf", Some("H.2.i.a")),
            (
                "AREA I/i. Penyusunan Tim Kerja/1.i.a SK Tim.pdf",
                Some("P.1.i.a"),
            ),
            (
                "AREA I/i. Penyusunan Tim Kerja/b. Notula.pdf",
                Some("P.1.i.b"),
            ),
            (
                "Pemenuhan/6. Pelayanan Publik/v. TI/c. Database.pdf",
                Some("P.6.v.c"),
            ),
            ("Area 5/iv/c/foto.jpg", Some("P.5.iv.c")),
            // The folder `ii` is a sub-area, not "II" (Reform): the explicit
            // "Pemenuhan" decides.
            ("Pemenuhan/1/ii/1.ii.a x.pdf", Some("P.1.ii.a")),
            ("Reform/1/ii/1.ii.a x.pdf", Some("R.1.ii.a")),
            ("ii/1.ii.a x.pdf", Some("P.1.ii.a")),
            ("R/1.ii.a x.pdf", Some("R.1.ii.a")),
            // "Hasil" in a folder name does not make a Pemenuhan code a Hasil one.
            ("Laporan Hasil Monev/1.iii.b notula.pdf", Some("P.1.iii.b")),
            // Reform has no 1.iv; the code does not exist in that part.
            ("Reform/1.iv.a.pdf", Some("P.1.iv.a")),
            ("R.1.iv.a.pdf", None),
            ("P.9.i.a.pdf", None),
            ("Foto kegiatan 2024-01-05.jpg", None),
            ("undangan.pdf", None),
            ("", None),
        ];
        for (path, expected) in cases {
            assert_eq!(map(path).as_deref(), expected, "{path}");
        }
    }

    #[test]
    fn backslashes_and_case_do_not_matter() {
        assert_eq!(map("AREA III\\IV\\B\\sk.pdf").as_deref(), Some("P.3.iv.b"));
        assert_eq!(map("P.1.I.A.PDF").as_deref(), Some("P.1.i.a"));
    }
}
