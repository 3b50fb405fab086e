//! The engine's TSV output back into text: words joined into lines, lines
//! into paragraphs, and their mean confidence.

/// Text read from one page, and how sure the engine was.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Recognized {
    pub text: String,
    pub confidence: f32,
}

/// Parse `level page block par line word left top width height conf text`
/// rows; rows that are not words, or not well formed, are passed over.
pub(crate) fn parse(tsv: &str) -> Recognized {
    let mut text = String::new();
    let mut last_par: Option<(u32, u32)> = None;
    let mut last_line: Option<(u32, u32, u32)> = None;
    let (mut conf_sum, mut words) = (0f32, 0u32);
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.splitn(12, '\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let num = |i: usize| cols[i].trim().parse::<u32>().ok();
        let (Some(block), Some(par), Some(line)) = (num(2), num(3), num(4)) else {
            continue;
        };
        let word = cols[11].trim();
        if word.is_empty() {
            continue;
        }
        if let Ok(c) = cols[10].trim().parse::<f32>()
            && c >= 0.0
        {
            conf_sum += c;
            words += 1;
        }
        if last_line == Some((block, par, line)) {
            text.push(' ');
        } else if last_line.is_some() {
            text.push('\n');
            if last_par != Some((block, par)) {
                text.push('\n');
            }
        }
        text.push_str(word);
        last_line = Some((block, par, line));
        last_par = Some((block, par));
    }
    Recognized {
        text,
        confidence: if words == 0 {
            0.0
        } else {
            conf_sum / words as f32
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_lines_and_paragraphs_with_their_mean_confidence() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n\
            5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\tNOTULA\n\
            5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t80\tRAPAT\n\
            5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t70\tHari\n\
            5\t1\t1\t2\t1\t1\t0\t0\t1\t1\t60\tPeserta\n\
            5\t1\t1\t2\t1\t2\t0\t0\t1\t1\t-1\t \n\
            5\t1\tx\t2\t1\t2\t0\t0\t1\t1\t50\tbroken\n";
        let r = parse(tsv);
        assert_eq!(r.text, "NOTULA RAPAT\nHari\n\nPeserta");
        assert_eq!(r.confidence, 75.0);
        assert_eq!(parse("").confidence, 0.0);
    }
}
