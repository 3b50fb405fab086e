//! Guessing the evidence kind (undangan, daftar hadir, notula, ...) from a
//! file name, with the template's keywords. A guess can be corrected later.

use crate::template::{Item, Template};

/// File extensions that are photos unless the name says otherwise.
const PHOTO_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "png", "heic", "webp", "gif"];

fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn contains_phrase(words: &[String], phrase: &str) -> bool {
    let phrase: Vec<&str> = phrase.split_whitespace().collect();
    !phrase.is_empty()
        && words
            .windows(phrase.len())
            .any(|w| w.iter().zip(&phrase).all(|(a, b)| a == b))
}

/// The kind a file most likely is: the first kind (in the template's order)
/// with a keyword in the file's path; else a photo by extension; else the
/// item's only required kind; else `lainnya` (or the template's last kind).
pub fn guess_kind(template: &Template, item: Option<&Item>, path: &str) -> String {
    let file_name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let kinds = &template.doc().evidence_kinds;
    // The file name speaks first; folder names only when it says nothing.
    for text in [file_name, path] {
        let w = words(text);
        if let Some(kind) = kinds
            .iter()
            .find(|k| k.keywords.iter().any(|kw| contains_phrase(&w, kw)))
        {
            return kind.code.clone();
        }
    }
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    if PHOTO_EXTENSIONS.contains(&ext.as_str()) && template.evidence_kind("foto").is_some() {
        return "foto".into();
    }
    if let Some([only]) = item.map(|i| i.evidence.as_slice()) {
        return only.kind.clone();
    }
    if template.evidence_kind("lainnya").is_some() {
        return "lainnya".into();
    }
    kinds.last().map(|k| k.code.clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_from_names_teams_use() {
        let t = Template::default_lke();
        let item = t.item("P.1.i.b".parse().unwrap());
        let cases = [
            ("Undangan Rapat Tim.pdf", "undangan"),
            ("P.1.i.b daftar_hadir.pdf", "daftar_hadir"),
            ("ABSENSI rapat.pdf", "daftar_hadir"),
            ("notulen-rapat.docx", "notula"),
            ("Dokumentasi kegiatan 1.jpg", "foto"),
            ("IMG_2024.JPG", "foto"),
            ("SK Tim Kerja ZI.pdf", "sk"),
            ("Keputusan Kepala Dinas.pdf", "sk"),
            ("Laporan Kegiatan.pdf", "laporan"),
            ("screenshot website.png", "capture"),
            ("Surat Edaran.pdf", "surat"),
            ("SOP Pelayanan.pdf", "dokumen"),
            ("Notula/scan 1.pdf", "notula"),
            ("misc.bin", "lainnya"),
        ];
        for (name, expected) in cases {
            assert_eq!(guess_kind(&t, item, name), expected, "{name}");
        }
        // An item that requires a single kind takes it when the name is silent.
        let sk_only = t.item("P.1.i.a".parse().unwrap());
        assert_eq!(
            guess_kind(&t, sk_only, "1.i.a.pdf"),
            sk_only.unwrap().evidence[0].kind
        );
    }

    #[test]
    fn words_inside_other_words_do_not_count() {
        let t = Template::default_lke();
        // "skor" is not "sk", "lapangan" is not "lap".
        assert_eq!(guess_kind(&t, None, "skor lapangan.xlsx"), "lainnya");
    }
}
