//! Guessing the evidence kind (undangan, daftar hadir, notula, ...) from a
//! file name, with the template's keywords. A guess can be corrected later.

use crate::template::{Item, Template};

/// File extensions of images: an image is a photo (or a screen capture
/// when its name says so), whatever else its name mentions — a photo of an
/// SK being handed over is not the SK.
const IMAGE_EXTENSIONS: [&str; 11] = [
    "jpg", "jpeg", "png", "heic", "heif", "webp", "gif", "bmp", "tif", "tiff", "jfif",
];

/// The kinds an image may be.
const IMAGE_KINDS: [&str; 2] = ["capture", "foto"];

/// Strip one Indonesian affix pair for comparing the halves of a
/// hyphenated word (`perundang` / `undangan` → `undang`).
fn root(word: &str) -> &str {
    let w = ["per", "pe", "ber", "be", "ter", "me", "di", "ke", "se"]
        .iter()
        .find_map(|p| word.strip_prefix(p).filter(|r| r.chars().count() >= 3))
        .unwrap_or(word);
    ["kan", "an", "nya", "i"]
        .iter()
        .find_map(|s| w.strip_suffix(s).filter(|r| r.chars().count() >= 3))
        .unwrap_or(w)
}

/// Whether `a-b` is one word repeated (a *kata ulang*: `undang-undang`,
/// `perundang-undangan`, `surat-surat`) rather than two words a hyphen
/// separates (`notulen-rapat`, `SK-Tim`).
fn reduplicated(a: &str, b: &str) -> bool {
    a.chars().count() >= 2
        && b.chars().count() >= 2
        && (a == b || root(a) == root(b) || root(a) == b || a == root(b))
}

/// The words of a name, lowercased, in order. A hyphenated *kata ulang* is
/// one word (`perundang-undangan` is not `undangan`); other punctuation
/// separates.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in name
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
    {
        let parts: Vec<String> = piece
            .split('-')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut i = 0;
        while i < parts.len() {
            let mut word = parts[i].clone();
            while i + 1 < parts.len() && reduplicated(&parts[i], &parts[i + 1]) {
                word = format!("{word}-{}", parts[i + 1]);
                i += 1;
            }
            out.push(word);
            i += 1;
        }
    }
    out
}

/// Where a phrase first stands in `words` as whole words.
fn phrase_at(words: &[String], phrase: &str) -> Option<usize> {
    let phrase: Vec<&str> = phrase.split_whitespace().collect();
    if phrase.is_empty() {
        return None;
    }
    words
        .windows(phrase.len())
        .position(|w| w.iter().zip(&phrase).all(|(a, b)| a == b))
}

/// Words that head a name without saying much: *Surat Undangan* is an
/// undangan, *Surat Keputusan* an SK.
const WEAK_HEADS: [&str; 2] = ["surat", "dokumen"];

/// The kind a text names: the kind whose keyword comes first in it (an
/// Indonesian name puts its head word first: *Foto Penyerahan SK* is a
/// photo, *Daftar Hadir Rapat SK* a daftar hadir), the template's order
/// breaking ties, a weak head yielding to the kind right after it; only
/// among `allowed` when given.
fn named_kind<'t>(template: &'t Template, text: &str, allowed: Option<&[&str]>) -> Option<&'t str> {
    let w = words(text);
    // (position, template order, code, whether the match is a weak head)
    let mut found: Vec<(usize, usize, &str, bool)> = template
        .doc()
        .evidence_kinds
        .iter()
        .enumerate()
        .filter(|(_, k)| allowed.is_none_or(|a| a.contains(&k.code.as_str())))
        .filter_map(|(order, k)| {
            let (at, keyword) = k
                .keywords
                .iter()
                .filter_map(|kw| phrase_at(&w, kw).map(|at| (at, kw)))
                .min_by_key(|(at, kw)| (*at, std::cmp::Reverse(kw.len())))?;
            Some((
                at,
                order,
                k.code.as_str(),
                WEAK_HEADS.contains(&keyword.as_str()),
            ))
        })
        .collect();
    found.sort_unstable();
    let first = *found.first()?;
    if first.3
        && let Some(next) = found.iter().find(|f| f.0 == first.0 + 1 && f.2 != first.2)
    {
        return Some(next.2);
    }
    Some(first.2)
}

/// The kind a file most likely is. An image is a photo, or a capture when
/// its name says so. Otherwise the kind its name names (the file name
/// first, folder names only when it says nothing); else the item's only
/// required kind; else `lainnya` (or the template's last kind).
pub fn guess_kind(template: &Template, item: Option<&Item>, path: &str) -> String {
    let file_name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    let image = IMAGE_EXTENSIONS.contains(&ext.as_str())
        && IMAGE_KINDS
            .iter()
            .all(|k| template.evidence_kind(k).is_some());
    let allowed = image.then_some(&IMAGE_KINDS[..]);
    for text in [file_name, path] {
        if let Some(kind) = named_kind(template, text, allowed) {
            return kind.to_string();
        }
    }
    if image {
        return "foto".into();
    }
    if let Some([only]) = item.map(|i| i.evidence.as_slice()) {
        return only.kind.clone();
    }
    if template.evidence_kind("lainnya").is_some() {
        return "lainnya".into();
    }
    template
        .doc()
        .evidence_kinds
        .last()
        .map(|k| k.code.clone())
        .unwrap_or_default()
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

    /// Names as Tim Kerja folders hold them, with the kind a person
    /// reading the name would file them under.
    #[test]
    fn realistic_indonesian_names_get_the_kind_a_person_would_give() {
        let t = Template::default_lke();
        let cases = [
            // An image is a photo whatever it shows.
            ("Foto Penyerahan SK Tim.jpg", "foto"),
            ("SK Tim Kerja ZI (scan).jpeg", "foto"),
            ("Undangan Rapat 12 Jan.png", "foto"),
            ("Laporan Kegiatan hal 1.HEIC", "foto"),
            ("Tangkapan layar website PPID.png", "capture"),
            ("Screenshot_2024-03-01-10-22.png", "capture"),
            ("P.1.i.a/SK Tim.jpg", "foto"),
            // A hyphenated kata ulang is one word.
            ("Peraturan Perundang-undangan tentang LHKPN.pdf", "lainnya"),
            ("Undang-Undang No 28 Tahun 1999.pdf", "lainnya"),
            ("Daftar peraturan perundang-undangan.pdf", "lainnya"),
            ("Undangan-rapat-evaluasi.pdf", "undangan"),
            ("notulen-rapat-pembentukan-tim.docx", "notula"),
            ("SK-Tim-Kerja-ZI-2024.pdf", "sk"),
            // The head word comes first.
            ("Daftar Hadir Rapat Penyusunan SK.pdf", "daftar_hadir"),
            ("Laporan Monev Pelaksanaan SOP.pdf", "laporan"),
            ("Notula Rapat Pembahasan Surat Edaran.docx", "notula"),
            ("Surat Undangan Sosialisasi ZI.pdf", "undangan"),
            ("Surat Tugas Pelatihan.pdf", "surat"),
            ("SK Penetapan Agen Perubahan.pdf", "sk"),
            ("Dokumentasi Sosialisasi Maklumat Pelayanan.pdf", "foto"),
            ("Pakta Integritas Pegawai.pdf", "dokumen"),
            // Whole words only.
            ("Skoring survei lapangan.pdf", "lainnya"),
            ("Kepegawaian rekap.pdf", "lainnya"),
        ];
        for (name, expected) in cases {
            assert_eq!(guess_kind(&t, None, name), expected, "{name}");
        }
    }

    #[test]
    fn hyphenated_words_are_one_word_only_when_repeated() {
        let cases: [(&str, &[&str]); 5] = [
            ("perundang-undangan", &["perundang-undangan"]),
            ("undang-undang no 28", &["undang-undang", "no", "28"]),
            ("notulen-rapat", &["notulen", "rapat"]),
            ("surat-surat masuk", &["surat-surat", "masuk"]),
            ("e-lhkpn", &["e", "lhkpn"]),
        ];
        for (name, want) in cases {
            assert_eq!(words(name), want, "{name}");
        }
    }

    #[test]
    fn words_inside_other_words_do_not_count() {
        let t = Template::default_lke();
        // "skor" is not "sk", "lapangan" is not "lap".
        assert_eq!(guess_kind(&t, None, "skor lapangan.xlsx"), "lainnya");
    }
}
