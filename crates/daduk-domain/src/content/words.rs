//! Words of Indonesian text for comparing and searching: lowercased, and
//! reduced to a root by stripping the common affixes, so that *rapat*,
//! *merapatkan* and *dirapatkan* meet.

/// Lowercase, with the few accented letters Indonesian documents carry
/// folded to their base letter.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            '’' | '‘' => '\'',
            other => other,
        })
        .collect()
}

/// The words of a text, folded, in order: `textmatch::normalize`'s words
/// (letters and digits; anything else separates), accents folded.
pub fn words(text: &str) -> Vec<String> {
    fold(&crate::textmatch::normalize(text))
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Words too common to say what a document or an item is about.
const STOP: &[&str] = &[
    "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "pada", "dalam", "telah", "atau", "ini",
    "itu", "tersebut", "adalah", "oleh", "jika", "ya", "tidak", "sudah", "belum", "secara",
    "serta", "akan", "dapat", "setiap", "seluruh", "para", "sebagai", "bagi", "kepada", "nomor",
    "tahun", "tanggal", "a", "b", "c", "d", "e", "atas", "antara", "juga", "lebih", "bila",
    "apabila", "ada", "agar", "maka", "kami", "kita", "anda", "the", "of", "se", "hal", "per",
    "no", "tentang",
];

/// Whether a folded word says nothing on its own.
pub fn is_stop(word: &str) -> bool {
    word.chars().count() < 2 || STOP.contains(&word) || word.chars().all(|c| c.is_ascii_digit())
}

/// A word's root, for matching: the particles (-lah, -kah, -nya), the
/// suffixes (-kan, -an, -i) and the prefixes (me-, di-, ke-, ber-, ter-,
/// pe-, per-, se-, with the nasal forms mem-, men-, meng-, meny-, peng-,
/// pen-, pem-, peny-) stripped, while a root of at least four letters
/// stays. Rough on purpose: it only has to make related words meet.
pub fn stem(word: &str) -> String {
    let len = |s: &str| s.chars().count();
    let mut w = word.to_string();
    for p in ["lah", "kah", "nya"] {
        if let Some(r) = w.strip_suffix(p)
            && len(r) >= 4
        {
            w = r.to_string();
            break;
        }
    }
    for s in ["kan", "an", "i"] {
        if let Some(r) = w.strip_suffix(s)
            && len(r) >= 4
        {
            w = r.to_string();
            break;
        }
    }
    // Nasal prefixes first: meny-/peny- stand for s-, meng-/peng- for k- or
    // a vowel, mem-/pem- for p- or b-, men-/pen- for t-.
    let nasal: [(&str, &str); 8] = [
        ("meny", "s"),
        ("peny", "s"),
        ("meng", ""),
        ("peng", ""),
        ("mem", ""),
        ("pem", ""),
        ("men", ""),
        ("pen", ""),
    ];
    let stripped = nasal
        .iter()
        .find_map(|(p, add)| {
            w.strip_prefix(p)
                .filter(|r| len(r) >= 4)
                .map(|r| format!("{add}{r}"))
        })
        .or_else(|| {
            ["ber", "ter", "per", "me", "di", "ke", "pe", "se"]
                .iter()
                .find_map(|p| w.strip_prefix(p).filter(|r| len(r) >= 4))
                .map(str::to_string)
        })
        .unwrap_or(w);
    // `-kan` and `-an` cannot be told apart without a dictionary
    // (*pembentukan* is *bentuk* + *-an*, *merapatkan* is *rapat* +
    // *-kan*): a root's final k is dropped, so both ways meet.
    match stripped.strip_suffix('k') {
        Some(r) if len(r) >= 4 => r.to_string(),
        _ => stripped,
    }
}

/// The roots of the words of a text that say something (no stop words).
pub fn stems(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| !is_stop(w))
        .map(|w| stem(&w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_words_meet_at_their_root() {
        for (a, b) in [
            ("rapat", "merapatkan"),
            ("rapat", "dirapatkan"),
            ("bentuk", "pembentukan"),
            ("bangun", "pembangunan"),
            ("laksana", "pelaksanaan"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        assert_eq!(stem("zona"), "zona");
        assert_eq!(
            words("Tim Kerja, ZONA-Integritas!"),
            ["tim", "kerja", "zona", "integritas"]
        );
    }
}
