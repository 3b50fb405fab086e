//! A CSV file as one sparse sheet: `;`, `,` or tab separated (the one the
//! first lines use most; `;` on a tie, as an Indonesian Excel writes), UTF-8
//! with or without a byte-order mark. A cell Daduk's export wrote as
//! formula-safe text (`'=…`) reads back as typed.

use super::Sheet;
use super::bounded::Limits;

/// The sheet of a CSV file named `name`.
pub(super) fn sheet(name: &str, bytes: &[u8], limits: &Limits) -> Result<Sheet, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "berkas bukan teks UTF-8; simpan ulang sebagai 'CSV UTF-8'".to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A title line above the table may have no separator at all.
    let head: String = text.lines().take(10).collect();
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| head.matches(char::from(*d)).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet {
        name: name.to_string(),
        ..Sheet::default()
    };
    let mut total = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| format!("baris CSV rusak: {e}"))?;
        let line = record
            .position()
            .map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
        for (c, value) in record.iter().enumerate() {
            if value.trim().is_empty() {
                continue;
            }
            let Ok(c) = u16::try_from(c) else { break };
            total += 1;
            if total > limits.cells {
                return Err(format!(
                    "berkas berisi lebih dari {} sel terisi; simpan hanya lembar yang diperlukan",
                    limits.cells
                ));
            }
            sheet
                .cells
                .entry(line)
                .or_default()
                // What Daduk's own CSV escaped so a spreadsheet would not
                // run it (`'=…`) comes back as it was.
                .insert(c, crate::csv_text::unescape(value).to_string());
        }
    }
    Ok(sheet)
}
